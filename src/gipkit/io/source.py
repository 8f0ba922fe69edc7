"""Ce qu'une lecture d'export rend et ce qu'elle sait de sa source : les colonnes
techniques qu'elle ajoute (le numéro de ligne, l'empreinte des doublons), son bilan
(:class:`SourceReport`), ses options (:class:`ReadOptions`), où sont les colonnes dans
le fichier (:class:`Layout`) et les libellés qu'elle reconnaît à une colonne.

Partagé par le lecteur (:mod:`gipkit.io.reader`), la recherche des doublons
(:mod:`gipkit.io.duplicates`) et les messages d'erreur (:mod:`gipkit.io.read_errors`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Final

import polars as pl

from gipkit.config import Config
from gipkit.io.normalize import normalize_label
from gipkit.io.schema import ExportSchema

#: numéro de ligne tel que le tableur l'affiche (en-tête = 1), ajouté à chaque lecture
LINE = "ligne"
#: colonne brute au-delà de la dernière colonne d'en-tête (lignes à champs en trop)
EXTRA = "__au_dela"
RAGGED = "__trop_de_champs"
#: empreinte 64 bits du texte des colonnes lues : elle désigne les lignes candidates aux
#: doublons exacts, comparées ensuite par d'autres empreintes
#: (:func:`gipkit.io.duplicates.exact_duplicates`)
FINGERPRINT = "__empreinte"
#: la ligne telle qu'écrite (:func:`gipkit.io.duplicates.written_lines`), lue avec un
#: séparateur absent du fichier
RAW_LINE = "__ligne_ecrite"
LINE_SEPARATOR = "\x1f"
BLANK_REASON = "ligne vide"
DUPLICATE_REASON = "doublon exact d'une autre ligne"
#: le moteur des contrôles de la lecture (comptes des lignes vides et des valeurs
#: invalides, drapeaux de la voie complète, empreintes des doublons, identifiants
#: répétés) : ils réduisent le tableau déjà lu (en mémoire ou dans le Parquet temporaire)
#: à quelques chiffres ou à une colonne. Le moteur en mémoire de polars 2.1 les calcule
#: plus vite que le moteur en flux, son choix par défaut : `ml tout` × 50, 0,47-0,70 ->
#: 0,14-0,15 s sur les six extractions ; à l'échelle nationale, 1,80 -> 0,66 s (mesuré
#: appel par appel, les deux moteurs en alternance dans le même processus). Il met aussi
#: au propre un tableau lu en mémoire (``gipkit.io.checked.finish``) : sans ligne
#: écartée, ses colonnes gardées sans copie (`rapport` × 50, seize fichiers : 0,50-1,00
#: -> 0,15-0,17 s ; au national, 0,38 -> 0,50 s sur cinq fichiers).
CHECKS_ENGINE: Final = "in-memory"


@dataclass
class SourceReport:
    """Bilan d'un fichier lu : d'où, quoi, combien de lignes lues, utilisées, exclues."""

    path: str
    sha256: str
    kind: str
    format: str
    rows_read: int
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    excluded: dict[str, int] = field(default_factory=dict)
    #: colonnes demandées et trouvées dans le fichier, et demandées mais absentes
    found: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    #: parmi les absentes, les colonnes facultatives présentes dans le fichier mais sans
    #: aucune valeur dans les lignes utilisées (un logiciel qui écrit l'en-tête d'un champ
    #: qu'il ne remplit pas), avec leur en-tête tel qu'écrit : tenues pour absentes, pour
    #: que les résultats qui en dépendent soient retirés et listés (:mod:`gipkit.needs`)
    #: plutôt que nuls
    empty: dict[str, str] = field(default_factory=dict)
    #: en-tête du fichier proche de chaque colonne absente (« vouliez-vous dire »)
    near: dict[str, str] = field(default_factory=dict)
    #: la date la plus récente de la colonne d'activité (``ExportSchema.activity_date``)
    #: dans les lignes gardées, et le nombre de lignes de son année
    latest: tuple[date, int] | None = None
    #: la plus ancienne, et le nombre de lignes de son année
    earliest: tuple[date, int] | None = None
    #: l'identifiant de ligne de l'export (``ExportSchema.row_key``) ne se répète dans
    #: aucune des lignes rendues (``True``), s'y répète (``False``), ou on ne sait pas
    #: (``None`` : export sans identifiant, ou pas toutes ses colonnes)
    unique_key: bool | None = None

    def lacking(self, column: str, title: str) -> str:
        """Ce qui manque d'une colonne tenue pour absente, pour un message : « pas de
        colonne « Titre » », ou « colonne « En-tête » vide » si le fichier l'a sans valeur.

        >>> report = SourceReport("s.csv", "", "k", "csv", 1, absent=("a", "b"),
        ...                       empty={"b": "Date clôture"})
        >>> report.lacking("a", "Site"), report.lacking("b", "Date de clôture")
        ('pas de colonne « Site »', 'colonne « Date clôture » vide')
        """
        if column in self.empty:
            return f"colonne « {self.empty[column]} » vide"
        return f"pas de colonne « {title} »"

    @property
    def not_in_file(self) -> tuple[str, ...]:
        """Les colonnes absentes dont le fichier n'a pas l'en-tête (non les vides).

        >>> SourceReport("s.csv", "", "k", "csv", 1, absent=("a", "b"),
        ...              empty={"b": "B"}).not_in_file
        ('a',)
        """
        return tuple(c for c in self.absent if c not in self.empty)

    @property
    def rows_excluded(self) -> int:
        """Total des lignes exclues, tous motifs confondus."""
        return sum(self.excluded.values())

    @property
    def rows_used(self) -> int:
        """Lignes effectivement utilisées : lues moins exclues."""
        return self.rows_read - self.rows_excluded

    def exclude(self, reason: str, count: int) -> None:
        """Ajoute ``count`` lignes exclues pour ``reason`` (ignore les zéros)."""
        if count:
            self.excluded[reason] = self.excluded.get(reason, 0) + count


@dataclass(frozen=True)
class ReadOptions:
    """Options de lecture données en ligne de commande."""

    sheet: str | None = None
    show_values: bool = False
    #: ``--ecarter-invalides`` : une ligne fautive est écartée et comptée au lieu d'arrêter
    skip_invalid: bool = False


@dataclass(frozen=True)
class Layout:
    """Où trouver les colonnes dans la source brute."""

    raw_columns: tuple[str, ...]
    positions: Mapping[str, int]
    first_row: int  # ligne du tableur de la première ligne de données
    headers: tuple[str, ...] = ()  # en-têtes du fichier, pour les suggestions

    def header(self, name: str) -> str | None:
        """L'en-tête de la colonne ``name`` tel que le fichier l'écrit (sans espaces
        autour ni marque d'ordre des octets), ou ``None`` s'il n'en a pas."""
        position = self.positions.get(name)
        if position is None or position >= len(self.headers):
            return None
        return self.headers[position].strip().strip("\ufeff").strip() or None

    def numbered(self, lf: pl.LazyFrame) -> pl.LazyFrame:
        """``lf`` (les lignes de données brutes, dans l'ordre) avec la colonne ``ligne`` :
        le numéro de ligne tel que le tableur l'affiche."""
        return lf.with_row_index("__idx").with_columns(
            (pl.col("__idx") + self.first_row).cast(pl.Int64).alias(LINE)
        )


def configured_labels(
    schema: ExportSchema, name: str, config: Config
) -> tuple[dict[str, str], dict[str, str]]:
    """Libellés normalisés -> codes, et libellés tels qu'écrits -> codes, d'une colonne :
    ceux du schéma plus ceux de ``gipkit.toml``."""
    spec = schema.column(name)
    custom = config.categories.get(schema.kind, {}).get(name, {})
    labels = spec.category_labels() | {normalize_label(k): code for k, code in custom.items()}
    return labels, spec.category_forms() | dict(custom)
