"""La place en mémoire du tableau typé d'une lecture, estimée avant de lire : le lecteur
(:mod:`gipkit.io.reader`) garde en mémoire les colonnes typées qui y tiennent, et fait
passer les autres par un Parquet temporaire (lecture en flux, mémoire bornée).

L'estimation part du début du fichier, déjà lu pour trouver l'en-tête (ses
:data:`SAMPLE_LINES` premières lignes de données) : le nombre de lignes est la taille
du fichier divisée par la longueur moyenne d'une ligne de ce début, et chaque colonne
lue coûte par ligne ce que coûte son type en mémoire :

- un identifiant de personne déclaré ``encoded`` ou le code d'un libellé déclaré
  ``coded``, rangés dans une catégorie (:mod:`gipkit.io.identifiers`), une date :
  4 octets ;
- un entier, un nombre : 8 octets ;
- un oui/non : 1 octet ;
- un texte, ou le code d'un libellé gardé en texte : 16 octets (sa vue), plus son texte
  au-delà de 12 octets (polars range les textes courts dans la vue même) ;
- une liste de libellés : 32 octets plus son texte ;

plus, par ligne, 17 octets pour le numéro de ligne, l'empreinte des doublons et les
marques de ligne vide, et 1 octet par drapeau de contrôle. C'est une estimation : un
début de fichier qui ne ressemble pas à la suite (textes bien plus longs plus loin) la
fausse d'autant ; la mémoire reste alors celle d'une lecture en mémoire.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence

from gipkit.io.schema import ColumnSpec, ColumnType, ExportSchema

#: octets par ligne hors colonnes lues : numéro de ligne (8), empreinte (8), ligne vide et
#: champs en trop (1)
ROW_BYTES = 17
#: lignes du début du fichier lues pour l'estimation (~4 ms ; toutes celles du premier
#: Mo, des dizaines de millisecondes par fichier)
SAMPLE_LINES = 2_000
#: octets d'une vue de texte polars ; les textes d'au plus :data:`INLINE` octets y tiennent
VIEW = 16
INLINE = 12

_FIXED = {
    ColumnType.DATE: 4,
    ColumnType.INTEGER: 8,
    ColumnType.NUMBER: 8,
    ColumnType.BOOLEAN: 1,
}


def cell_bytes(schema: ExportSchema, name: str, mean_length: float) -> float:
    """Ce que coûte en mémoire une cellule typée de la colonne ``name``, dont le texte fait
    en moyenne ``mean_length`` octets (drapeaux de contrôle compris).

    >>> from gipkit.io.exports.ml import ML_EVENTS
    >>> cell_bytes(ML_EVENTS, "jeune", 8.0), cell_bytes(ML_EVENTS, "date", 10.0)
    (5.0, 7.0)
    >>> cell_bytes(ML_EVENTS, "site", 5.0), cell_bytes(ML_EVENTS, "action", 30.0)
    (16.0, 46.0)
    """
    spec = schema.column(name)
    flags = (0 if spec.type is ColumnType.TEXT else 2) + (1 if spec.required else 0)
    if not _sized_by_text(spec):
        return float((4 if spec.encoded or spec.coded else _FIXED[spec.type]) + flags)
    if spec.type is ColumnType.MULTI_CATEGORY:
        return 2 * VIEW + mean_length + flags
    # un texte court tient dans sa vue
    return VIEW + (mean_length if mean_length > INLINE else 0.0) + flags


def _sized_by_text(spec: ColumnSpec) -> bool:
    """Vrai si la place d'une cellule de ``spec`` dépend de la longueur de son texte (un
    texte, une liste de libellés) ; faux pour un identifiant, un libellé rangé en code,
    une date, un nombre, un booléen : leur place est fixe."""
    return not (spec.encoded or spec.coded) and spec.type not in _FIXED


def estimated_bytes(
    head: str,
    *,
    delimiter: str,
    skip_lines: int,
    positions: Mapping[str, int],
    schema: ExportSchema,
    file_size: int,
) -> int | None:
    """La place estimée du tableau typé des colonnes ``positions`` (nom -> position dans
    la ligne) d'un fichier de ``file_size`` octets dont ``head`` est le début décodé ;
    ``None`` si ce début n'a pas une ligne de données entière.

    >>> from gipkit.io.exports.ml import ML_EVENTS
    >>> head = "Identifiant;Date\\n" + "J000001;03/02/2025\\n" * 100 + "J0000"
    >>> estimated_bytes(head, delimiter=";", skip_lines=0, positions={"jeune": 0, "date": 1},
    ...                 schema=ML_EVENTS, file_size=19_000_000)
    29000000
    """
    # sans l'en-tête ni la dernière ligne, incomplète ; au plus SAMPLE_LINES lignes
    lines = head.split("\n", skip_lines + 2 + SAMPLE_LINES)[skip_lines + 1 : -1]
    lines = [line for line in lines[:SAMPLE_LINES] if line.strip("\r")]
    if not lines:
        return None
    sampled = sum(len(line.encode("utf-8")) + 1 for line in lines)
    rows = file_size / (sampled / len(lines))
    # les longueurs des seuls champs dont la place en dépend (découper 2 000 lignes en
    # Python pour toutes les colonnes coûtait ~10 ms par fichier)
    sized = [p for name, p in positions.items() if _sized_by_text(schema.column(name))]
    lengths = _mean_lengths(lines, delimiter, sized) if sized else {}
    if lengths is None:
        return None
    per_row = ROW_BYTES + sum(
        cell_bytes(schema, name, lengths.get(position, 0.0)) for name, position in positions.items()
    )
    return round(rows * per_row)


def _mean_lengths(
    lines: Sequence[str], delimiter: str, positions: Iterable[int]
) -> dict[int, float] | None:
    """La longueur moyenne (octets UTF-8, sans espaces autour) des champs aux positions
    données ; ``None`` si ces lignes ne se découpent pas (guillemet jamais refermé, retour
    chariot seul dans un champ) : ce n'est qu'une estimation, et la lecture du fichier
    dira elle-même ce qu'il a d'anormal.

    >>> _mean_lengths(["a;b", "abc;d"], ";", [0])
    {0: 2.0}
    >>> _mean_lengths(['"a;b'] + ["c;d"] * 50_000, ";", [0]) is None  # champ démesuré
    True
    >>> _mean_lengths(["a\\rb;c"], ";", [0]) is None  # retour chariot seul
    True
    """
    wanted = set(positions)
    totals = dict.fromkeys(wanted, 0)
    count = 0
    try:
        for cells in csv.reader(lines, delimiter=delimiter, quotechar='"'):
            count += 1
            for position in wanted:
                if position < len(cells):
                    totals[position] += len(cells[position].strip().encode("utf-8"))
    except csv.Error:
        return None
    return {p: totals[p] / count for p in wanted} if count else {}
