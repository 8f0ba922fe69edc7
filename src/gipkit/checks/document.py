"""La forme d'un document de résultats lu par ``gipkit comparer`` et ``gipkit verifier``.

Un document écrit par gipkit la respecte toujours ; un document modifié à la main, coupé
ou d'une autre origine ne passe pas en « erreur interne » : l'erreur nomme chaque
endroit fautif (``resultats[3].colonnes[1].unite : champ manquant``), jamais la valeur
lue. Seul ce que la comparaison et la vérification lisent est exigé : un champ de plus
(une version 1.x plus récente) est accepté.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, model_validator

from gipkit.errors import InvalidDataError
from gipkit.pydantic_errors import JSON, reason

#: erreurs dites au plus, les suivantes comptées
SHOWN = 10


def _number(value: Any) -> Any:
    """Un nombre du JSON (entier, décimal, booléen d'un oui/non) ou rien ; un texte non."""
    if value is not None and not isinstance(value, int | float):
        raise ValueError("nombre attendu")
    return value


#: une valeur d'indicateur : telle que lue, sans conversion (un « 3 » en texte est refusé)
Number = Annotated[Any, AfterValidator(_number)]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class _Previous(_Open):
    annee: int | None
    valeur: Number
    secret: bool = False


class _Value(_Open):
    id: str
    type: Literal["valeur"]
    unite: str
    annee: int | None
    valeur: Number
    precedent: _Previous | None = None
    secret: bool = False


class _Column(_Open):
    id: str
    unite: str
    additive: bool = False


class _Body(_Open):
    annee: int | None = None
    lignes: list[list[Any]]
    total: list[Any] | None = None
    sous_totaux: list[str] = []
    cellules_secretes: list[tuple[int, int]] = []

    def width_errors(self, width: int) -> list[str]:
        """Les lignes qui n'ont pas une case par colonne, les cases masquées hors du
        tableau."""
        out = [
            f"lignes[{i}] : {len(row)} case(s) pour {width} colonne(s)"
            for i, row in enumerate(self.lignes)
            if len(row) != width
        ]
        if self.total is not None and len(self.total) != width:
            out.append(f"total : {len(self.total)} case(s) pour {width} colonne(s)")
        out += [
            f"cellules_secretes[{k}] : hors du tableau"
            for k, (i, j) in enumerate(self.cellules_secretes)
            if not (0 <= i < len(self.lignes) and 0 <= j < width)
        ]
        return out

    def cell_errors(self, units: list[str]) -> list[str]:
        """Les cases qui ne sont pas ce que leur colonne tient : un nombre ou rien (une
        case masquée, une valeur non calculable) hors des colonnes de texte, une valeur
        simple (texte, nombre ou rien) dans une colonne de texte — jamais une liste ni
        un objet, que ni la comparaison ni la vérification ne savent lire."""
        rows = [(f"lignes[{i}]", row) for i, row in enumerate(self.lignes)]
        if self.total is not None:
            rows.append(("total", self.total))
        out: list[str] = []
        for where, row in rows:
            for j, (unit, value) in enumerate(zip(units, row, strict=False)):
                if unit == "texte":
                    if isinstance(value, list | dict):
                        out.append(f"{where}[{j}] : texte, nombre ou rien attendu")
                elif value is not None and not isinstance(value, int | float):
                    out.append(f"{where}[{j}] : nombre attendu")
        return out


class _Table(_Body):
    id: str
    type: Literal["tableau"]
    colonnes: list[_Column]
    precedent: _Body | None = None

    @model_validator(mode="after")
    def _one_cell_per_column(self) -> _Table:
        width, units = len(self.colonnes), [c.unite for c in self.colonnes]
        errors = self.width_errors(width) + self.cell_errors(units)
        if self.precedent is not None:
            errors += [f"precedent.{e}" for e in self.precedent.width_errors(width)]
            errors += [f"precedent.{e}" for e in self.precedent.cell_errors(units)]
        if errors:
            raise ValueError(" ; ".join(errors))
        return self


class _Protection(_Open):
    seuil: int


class _Document(_Open):
    parametres: dict[str, Any] = {}
    secret_statistique: _Protection | None = None
    resultats: list[dict[str, Any]]


#: le modèle de chaque type de résultat lu ; un autre type (d'une version plus récente)
#: n'est ni comparé ni vérifié
_RESULTS: dict[str, type[BaseModel]] = {"valeur": _Value, "tableau": _Table}


def _where(prefix: str, loc: tuple[Any, ...]) -> str:
    text = prefix
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "document"


def validate_document(doc: dict[str, Any], origin: str) -> None:
    """Refuse un document de résultats dont la forme ne permet ni de le comparer ni de le
    vérifier : chaque endroit fautif est nommé (les :data:`SHOWN` premiers).

    >>> validate_document({"resultats": [{"id": "x", "type": "valeur", "valeur": 3}]}, "d.json")
    Traceback (most recent call last):
    ...
    gipkit.errors.InvalidDataError: d.json : document de résultats invalide.
    >>> try:
    ...     validate_document({"resultats": [{"id": "t", "type": "tableau", "annee": 2025,
    ...         "colonnes": [{"id": "a", "unite": "texte"}, {"id": "n", "unite": "nombre"}],
    ...         "lignes": [["a", 1], ["b"]], "total": None}]}, "d.json")
    ... except InvalidDataError as exc:
    ...     print(exc.details)
    ['resultats[0] : lignes[1] : 1 case(s) pour 2 colonne(s)']
    """
    errors: list[str] = []
    try:
        parsed = _Document.model_validate(doc)
    except ValidationError as exc:
        errors += [f"{_where('', tuple(e['loc']))} : {reason(e, JSON)}" for e in exc.errors()]
        parsed = None
    if parsed is not None:
        for k, result in enumerate(parsed.resultats):
            model = _RESULTS.get(str(result.get("type")))
            if model is None:
                continue
            try:
                model.model_validate(result)
            except ValidationError as exc:
                where = f"resultats[{k}]"
                errors += [
                    f"{_where(where, tuple(e['loc']))} : {reason(e, JSON)}" for e in exc.errors()
                ]
    if errors:
        shown = errors[:SHOWN]
        if len(errors) > SHOWN:
            shown.append(f"et {len(errors) - SHOWN} autre(s)")
        raise InvalidDataError(f"{origin} : document de résultats invalide.", details=shown)
