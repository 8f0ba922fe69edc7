"""Le document de résultats : ce que chaque commande produit, avant tout rendu.

Un :class:`Document` réunit la commande et ses paramètres, les fichiers lus
(avec leur bilan de lignes) et les résultats : des :class:`Scalar` (une valeur,
son unité, l'année N-1 et l'évolution) et des :class:`Table`. Son rendu JSON est
le contrat décrit dans ``docs/schema-json.md`` (version :data:`SCHEMA_VERSION`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gipkit.io.source import SourceReport
from gipkit.journal import Missing, YearChoice

SCHEMA_VERSION = "1.2"

#: décimales gardées par unité ; les autres valeurs décimales gardent 2 chiffres
DECIMALS = {"taux": 4, "part": 4, "etp": 2, "heures": 2, "ratio": 4, "valeur": 4, "euros": 2}
UNITS = {
    "heures": "heures",
    "nombre": "nombre",
    "taux": "taux (0 à 1)",
    "part": "part (0 à 1)",
    "etp": "équivalents temps plein",
    "texte": "texte",
    "ratio": "rapport",
    "valeur": "valeur d'unité variable (comparaisons)",
    "euros": "euros",
}
#: unités comparées en points (différence de taux), et non en évolution relative
POINT_UNITS = {"taux", "part"}
#: unité d'affichage d'une moyenne (âge, durée, délai ; ``Scalar.shown``,
#: ``Column.shown``) : une décimale, « 45,0 » comme « 43,6 » ; le JSON garde son unité
#: (``valeur``) et quatre décimales
MEAN = "moyenne"


def clean_number(value: Any, unit: str | None) -> Any:
    """Arrondit selon l'unité ; un nombre décimal entier devient un entier."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        value = round(value, DECIMALS.get(unit or "", 2))
        if unit not in POINT_UNITS and unit != "ratio" and value == int(value):
            return int(value)
        return value + 0.0  # -0.0 -> 0.0
    return value


def evolution(old: Any, new: Any, unit: str) -> dict[str, Any] | None:
    """Évolution de ``old`` à ``new`` : en points pour un taux, absolue et relative sinon."""
    if not isinstance(old, int | float) or not isinstance(new, int | float):
        return None
    if unit in POINT_UNITS:
        return {"points": clean_number((new - old) * 100, "ratio")}
    relative = (new - old) / old if old else None
    return {
        "absolue": clean_number(new - old, unit),
        "relative": clean_number(relative, "taux") if relative is not None else None,
    }


@dataclass
class Scalar:
    """Une valeur d'indicateur pour une année, avec N-1 si l'export la contient."""

    id: str
    label: str
    unit: str
    year: int
    value: Any
    numerator: Any = None
    denominator: Any = None
    previous: Any = None
    previous_year: int | None = None
    note: str | None = None
    #: masquée par le secret statistique (N, et N-1)
    secret: bool = False
    previous_secret: bool = False
    #: l'unité d'affichage, si elle n'est pas ``unit`` (une moyenne : ``"moyenne"``,
    #: une décimale) ; pour les lecteurs seulement, le JSON garde ``unit``
    shown: str | None = None

    @property
    def display_unit(self) -> str:
        """L'unité dans laquelle la valeur s'écrit pour les lecteurs."""
        return self.shown or self.unit

    def to_json(self) -> dict[str, Any]:
        """Le dictionnaire JSON de l'indicateur."""
        out: dict[str, Any] = {
            "id": self.id,
            "type": "valeur",
            "libelle": self.label,
            "unite": self.unit,
            "annee": self.year,
            "valeur": clean_number(self.value, self.unit),
        }
        if self.numerator is not None or self.denominator is not None:
            out["numerateur"] = clean_number(self.numerator, None)
            out["denominateur"] = clean_number(self.denominator, None)
        if self.previous_year is not None:
            out["precedent"] = {
                "annee": self.previous_year,
                "valeur": clean_number(self.previous, self.unit),
                **({"secret": True} if self.previous_secret else {}),
            }
            out["evolution"] = evolution(self.previous, self.value, self.unit)
        if self.secret:
            out["secret"] = True
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Column:
    """Une colonne de tableau : identifiant stable, libellé du rapport, unité.

    ``additive`` : les lignes du tableau (hors sous-totaux) s'additionnent au total
    dans cette colonne ; c'est ce que vérifie la cohérence interne (``gipkit verifier``).
    """

    id: str
    label: str
    unit: str = "nombre"
    additive: bool = False
    #: pour une part : la colonne de la même ligne dont elle est la part (part × base =
    #: un effectif, que le secret statistique protège)
    base: str | None = None
    #: pour une colonne ``nombre`` : compte-t-elle des personnes (ou des faits qu'elles
    #: font) ? Faux pour un rang : le secret statistique ne s'y applique pas
    counts: bool = True
    #: l'unité d'affichage, si elle n'est pas ``unit`` (voir :attr:`Scalar.shown`)
    shown: str | None = None


def row_label(row: Sequence[Any]) -> str:
    """Le libellé d'une ligne de tableau : sa première colonne, en texte. Il nomme la
    ligne dans les identifiants des cases (``ID[LIGNE].COLONNE``, ce que ``gipkit
    verifier`` compare d'une année à l'autre) et l'apparie à celle de N-1 dans le
    classeur et le Word ; unique dans son tableau (:class:`Table` le vérifie,
    docs/schema-json.md).

    >>> row_label(["Ivry-sur-Seine", 12]), row_label([2025, 3])
    ('Ivry-sur-Seine', '2025')
    """
    return str(row[0])


@dataclass
class Table:
    """Un tableau du rapport pour une année, avec celui de N-1 si disponible.

    Le libellé de chaque ligne (:func:`row_label`), total compris, est unique : un
    tableau qui en répète un est refusé dès sa construction (une erreur de gipkit, non
    des données), plutôt que de confondre deux lignes dans les identifiants des cases
    et l'appariement de N-1 — sauf un relevé (``listing``, les contrôles de ``gipkit
    verifier`` : plusieurs par règle), dont les lignes ne se nomment pas.

    >>> cols = [Column("v", "Ville", "texte"), Column("n", "Jeunes")]
    >>> Table("t", "T", 2025, cols, [["Ivry", 1], ["Ivry", 2]])
    Traceback (most recent call last):
    ...
    ValueError: tableau t (2025) : deux lignes portent le même libellé (ligne 2)
    """

    id: str
    label: str
    year: int
    columns: list[Column]
    rows: list[list[Any]]
    total: list[Any] | None = None
    notes: list[str] = field(default_factory=list)
    previous: Table | None = None
    subtotals: list[str] = field(default_factory=list)
    #: cases masquées par le secret statistique : (ligne, colonne) dans ``rows``
    secret: list[tuple[int, int]] = field(default_factory=list)
    #: un relevé, non un tableau d'indicateurs : ses libellés de ligne peuvent se répéter
    listing: bool = field(default=False, kw_only=True)
    #: l'unité d'affichage de chaque case de ``rows`` quand elle change d'une ligne à
    #: l'autre (un relevé de ``gipkit comparer`` ou ``verifier`` : un taux, des heures,
    #: une évolution) ; pour les lecteurs seulement, le JSON garde l'unité des colonnes
    #: et les nombres tels quels
    cell_units: list[list[str]] | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        if self.cell_units is not None and [len(u) for u in self.cell_units] != [
            len(self.columns)
        ] * len(self.rows):
            raise ValueError(f"tableau {self.id} : une unité par case de chaque ligne attendue")
        if self.listing:
            return
        seen: set[str] = set()
        every = [*self.rows, *([self.total] if self.total is not None else [])]
        for k, row in enumerate(every, start=1):
            label = row_label(row)
            if label in seen:  # le libellé n'est pas recopié : il peut venir des données
                raise ValueError(
                    f"tableau {self.id} ({self.year}) : deux lignes portent le même "
                    f"libellé (ligne {k})"
                )
            seen.add(label)

    def unit_at(self, i: int, j: int) -> str:
        """L'unité d'affichage de la case (``i``, ``j``) de ``rows`` (``i`` au-delà : le
        total), celle de sa colonne sauf dans un relevé aux unités par case.

        >>> cols = [Column("i", "Indicateur", "texte"), Column("v", "Valeur", "valeur")]
        >>> t = Table("t", "T", 2025, cols, [["a", 0.2], ["b", 3]], listing=True,
        ...           cell_units=[["texte", "taux"], ["texte", "heures"]])
        >>> t.unit_at(0, 1), t.unit_at(1, 1), t.unit_at(2, 1)
        ('taux', 'heures', 'valeur')
        >>> Table("t", "T", 2025, cols, [["a", 1]], listing=True, cell_units=[["texte"]])
        Traceback (most recent call last):
        ...
        ValueError: tableau t : une unité par case de chaque ligne attendue
        """
        if self.cell_units is not None and i < len(self.cell_units):
            return self.cell_units[i][j]
        return self.columns[j].shown or self.columns[j].unit

    def subtotal_rows(self) -> set[int]:
        """Les indices, dans ``rows``, des lignes de sous-total (libellé dans ``subtotals``).

        >>> cols = [Column("v", "Ville", "texte"), Column("n", "Jeunes")]
        >>> rows = [["Ivry", 3], ["Ivry / Centre", 2], ["Ivry / Port", 1]]
        >>> Table("t", "T", 2025, cols, rows, subtotals=["Ivry"]).subtotal_rows()
        {0}
        """
        wanted = set(self.subtotals)
        return {k for k, row in enumerate(self.rows) if row_label(row) in wanted}

    def _body(self) -> dict[str, Any]:
        units = [c.unit for c in self.columns]
        return {
            "annee": self.year,
            "lignes": [
                [clean_number(v, u) for v, u in zip(r, units, strict=True)] for r in self.rows
            ],
            "total": None
            if self.total is None
            else [clean_number(v, u) for v, u in zip(self.total, units, strict=True)],
            **({"sous_totaux": self.subtotals} if self.subtotals else {}),
            **({"cellules_secretes": [list(c) for c in self.secret]} if self.secret else {}),
        }

    def to_json(self) -> dict[str, Any]:
        """Le dictionnaire JSON du tableau."""
        out: dict[str, Any] = {
            "id": self.id,
            "type": "tableau",
            "libelle": self.label,
            "colonnes": [
                {"id": c.id, "libelle": c.label, "unite": c.unit, "additive": c.additive}
                for c in self.columns
            ],
            **self._body(),
        }
        if self.notes:
            out["notes"] = self.notes
        if self.previous is not None:
            out["precedent"] = self.previous._body()
        if self.secret or (self.previous is not None and self.previous.secret):
            out["secret"] = True
        return out


Result = Scalar | Table


@dataclass(frozen=True)
class Protection:
    """Le secret statistique appliqué à un document : seuil et nombre de cases masquées."""

    threshold: int
    masked_cells: int

    def to_json(self) -> dict[str, Any]:
        """Le dictionnaire JSON de la protection."""
        return {"seuil": self.threshold, "cellules_masquees": self.masked_cells}


@dataclass
class Document:
    """Tout ce qu'une commande produit."""

    command: str
    parameters: dict[str, Any]
    sources: list[SourceReport]
    results: list[Result]
    version: str = ""
    years: list[YearChoice] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    #: fichiers de configuration lus : (chemin, sha256)
    config_files: list[tuple[str, str]] = field(default_factory=list)
    partial: bool = False
    #: secret statistique appliqué (``None`` : document non protégé)
    protection: Protection | None = None

    def to_json(self) -> dict[str, Any]:
        """Le document JSON complet (voir ``docs/schema-json.md``)."""
        chosen = sorted({c.year for c in self.years})
        return {
            "schema": f"gipkit/resultats/{SCHEMA_VERSION}",
            "gipkit": self.version,
            "commande": self.command,
            "parametres": {k: _plain(v) for k, v in sorted(self.parameters.items())},
            "annee": {
                "valeur": chosen[0] if len(chosen) == 1 else None,
                "choix": [c.to_json() for c in self.years],
            },
            "configuration": [{"chemin": p, "sha256": h} for p, h in self.config_files],
            "entrees": [_source_json(s) for s in self.sources],
            "avertissements": list(self.warnings),
            "manquants": [m.to_json() for m in self.missing],
            "partiel": self.partial,
            "secret_statistique": self.protection.to_json() if self.protection else None,
            "resultats": [r.to_json() for r in self.results],
        }

    def dumps(self) -> str:
        """JSON déterministe : mêmes entrées, mêmes octets."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"


def _plain(value: Any) -> Any:
    """Paramètre prêt pour le JSON : un décimal entier devient un entier."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    return clean_number(value, None)


def _source_json(source: SourceReport) -> dict[str, Any]:
    return {
        "chemin": source.path,
        "sha256": source.sha256,
        "export": source.kind,
        "format": source.format,
        "encodage": source.encoding,
        "separateur": source.delimiter,
        "feuille": source.sheet,
        "lignes_lues": source.rows_read,
        "lignes_utilisees": source.rows_used,
        "lignes_exclues": source.rows_excluded,
        "exclusions": [
            {"motif": motif, "lignes": n} for motif, n in sorted(source.excluded.items())
        ],
    }
