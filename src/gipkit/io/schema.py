"""Déclaration des exports : colonnes canoniques, orthographes acceptées, types.

Chaque type d'export (``serci.heures``, et plus tard ceux de la Mission Locale,
du PLIE, du CLLAJ) est décrit une fois par un :class:`ExportSchema`. Le lecteur
(:mod:`gipkit.io.reader`), la documentation et le Table Schema publié en
dérivent tous.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from gipkit.io.normalize import normalize_label


class ColumnType(StrEnum):
    """Types de valeurs reconnus dans les exports."""

    TEXT = "texte"
    INTEGER = "entier"
    NUMBER = "nombre"
    DATE = "date"
    BOOLEAN = "booleen"
    CATEGORY = "categorie"
    MULTI_CATEGORY = "categories"


@dataclass(frozen=True)
class Category:
    """Une modalité canonique : code stable, libellé du rapport, synonymes."""

    code: str
    label: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColumnSpec:
    """Une colonne canonique d'un export."""

    name: str
    title: str
    type: ColumnType
    description: str
    required: bool = False
    synonyms: tuple[str, ...] = ()
    categories: tuple[Category, ...] = ()
    example: str = ""
    minimum: float | None = None
    maximum: float | None = None
    #: identifiant d'une personne (texte), comparé tel qu'écrit par jointures et
    #: regroupements (ce que dit la documentation des formats)
    identifier: bool = False
    #: identifiant qui revient sur beaucoup de lignes (le jeune : ses événements, ses
    #: propositions) : lu dans la catégorie des identifiants (:mod:`gipkit.io.identifiers`),
    #: en entiers exacts ; pas un identifiant presque distinct d'une ligne à l'autre, dont
    #: la correspondance coûterait plus que le texte
    encoded: bool = False
    #: colonne de catégorie lue souvent, sur beaucoup de lignes : ses codes rangés dans la
    #: catégorie des codes (:data:`gipkit.io.identifiers.CODE`), comparés en entiers
    coded: bool = False
    #: date qui ne peut pas être postérieure au jour du calcul (une date de naissance :
    #: « 2027 » tapé pour « 2007 » ferait un âge négatif, compté dans la première tranche)
    past: bool = False

    def __post_init__(self) -> None:
        if self.encoded and not (self.identifier and self.type is ColumnType.TEXT):
            raise ValueError(f"{self.name} : seul un identifiant de texte se range en catégorie")
        if self.past and self.type is not ColumnType.DATE:
            raise ValueError(f"{self.name} : seule une date est passée")

    def spellings(self) -> tuple[str, ...]:
        """Toutes les orthographes d'en-tête acceptées par défaut."""
        return (self.name, self.title, *self.synonyms)

    def category_labels(self) -> dict[str, str]:
        """Correspondance libellé normalisé -> code canonique."""
        out: dict[str, str] = {}
        for cat in self.categories:
            for spelling in (cat.code, cat.label, *cat.synonyms):
                out[normalize_label(spelling)] = cat.code
        return out

    def category_forms(self) -> dict[str, str]:
        """Correspondance libellé tel qu'écrit (code, libellé, synonymes) -> code."""
        out: dict[str, str] = {}
        for cat in self.categories:
            for spelling in (cat.code, cat.label, *cat.synonyms):
                out.setdefault(spelling, cat.code)
        return out

    def label_of(self, code: str) -> str:
        """Libellé d'affichage d'un code canonique."""
        for cat in self.categories:
            if cat.code == code:
                return cat.label
        return code


@dataclass(frozen=True)
class ExportSchema:
    """Un type d'export : son identifiant, son titre, ses colonnes."""

    kind: str
    title: str
    description: str
    columns: tuple[ColumnSpec, ...]
    key_hint: str = ""
    multi_value_separator: str = "|"
    extra: dict[str, str] = field(default_factory=dict)
    #: colonnes qui identifient une ligne. Avec un identifiant, deux lignes identiques
    #: sont un doublon (la seconde est écartée) et un identifiant répété avec d'autres
    #: valeurs est signalé ; sans identifiant, deux lignes identiques peuvent être deux
    #: faits réels (deux personnes aux mêmes initiales candidates le même jour au même
    #: poste) : elles sont gardées, et signalées.
    row_key: tuple[str, ...] = ()
    #: ce que chaque indicateur exige des colonnes facultatives : (colonnes dont une au
    #: moins doit être dans le fichier, identifiants des résultats qui en dépendent).
    #: Un résultat dont l'exigence n'est pas remplie est retiré du document et listé
    #: dans ``manquants``, jamais calculé comme zéro.
    needs: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    #: la colonne de date qui suit l'activité jour après jour (date de l'événement, de
    #: la demande, d'entrée…), obligatoire : ses dates la plus ancienne et la plus
    #: récente disent d'où à où l'extraction couvre ses années (:mod:`gipkit.coverage`) ;
    #: ``None`` pour un export par année (heures du SERCI, jeunes du CLLAJ) ou sans date
    #: suivie
    activity_date: str | None = None

    def needs_of(self, result_id: str) -> list[tuple[str, ...]]:
        """Les exigences (colonnes dont une suffit) du résultat ``result_id``."""
        return [cols for cols, ids in self.needs if result_id in ids]

    def column(self, name: str) -> ColumnSpec:
        """La colonne canonique ``name`` (``KeyError`` si inconnue)."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def required(self) -> tuple[str, ...]:
        """Noms des colonnes obligatoires."""
        return tuple(c.name for c in self.columns if c.required)
