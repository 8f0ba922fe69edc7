"""Le point et la virgule d'une colonne de nombres : décimales ou milliers ?

Un nombre écrit avec un seul séparateur suivi de trois chiffres exactement (``1.234``,
``1,234``, ``12.500``) se lit de deux façons : 1,234 ou 1 234. Cellule par cellule,
:func:`gipkit.io.values.number` le lit décimal ; mais « 1.150 » dans la colonne des
ressources d'un tableau saisi à la main voulait dire 1 150 euros, et lu 1,15 il range
un jeune sous le seuil de pauvreté sans un mot. Le lecteur juge donc ces cellules
d'après **les autres cellules de leur colonne** dans le fichier — ou d'après l'écriture
déclarée pour la colonne (``[nombres."cllaj.jeunes"] ressources = "1.234,5"`` : mille
deux cent trente-quatre et demi tel que la colonne l'écrit), qui en tient lieu :

- le séparateur y sépare ailleurs des décimales (``12.5``, ``0.750``, ``1,234.5`` pour
  le point ; ``151,5``, ``1 234,5``, ``1.234,5`` pour la virgule), et jamais des
  milliers : la cellule est lue en décimales ;
- il y sépare ailleurs des milliers (``1.234,5``, ``1.234.567`` pour le point ;
  ``1,234.5``, ``1,234,567`` pour la virgule), et jamais des décimales : lue en
  milliers, et dit ;
- la colonne ne dit rien de la virgule, ni que le point y est décimal : la virgule est
  décimale (l'écriture française) ;
- autrement, la cellule est refusée comme ambiguë : le point d'une colonne qui ne dit
  rien de lui (un point décimal ne s'écrit pas en français, un point des milliers si),
  un séparateur dont l'autre est la marque décimale de la colonne (« 1.234 » parmi
  des « 151,5 » : un point tapé au pavé numérique pour 1,234, ou des milliers ?), ou
  une colonne qui se contredit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import polars as pl

from gipkit.io.values import number, number_text

#: le nombre (sans espaces, euro ni milliers espacés : :func:`values.number_text`) à un
#: seul séparateur suivi de trois chiffres, une partie entière de un à trois chiffres
#: qui ne commence pas par zéro : 1,234 ou 1 234 ?
AMBIGUOUS = r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$"
#: pour les messages
NAMES = {".": "un seul point suivi", ",": "une seule virgule suivie"}
EXAMPLES = {".": "1.234", ",": "1,234"}


def refused(kind: str, name: str) -> str:
    """Ce qu'attendait une cellule refusée de la colonne ``name`` de l'export ``kind``
    (:func:`gipkit.io.read_errors.value_problems`), et comment en sortir."""
    return (
        "nombre ambigu : un seul séparateur suivi de trois chiffres (comme 1.234 ou 1,234) "
        "se lit 1,234 ou 1 234, et les autres cellules de la colonne ne disent pas lequel ; "
        "écrivez 1234 pour des milliers, ou les décimales comme la colonne les écrit "
        "ailleurs, ou déclarez comment la colonne écrit mille deux cent trente-quatre et "
        f'demi (gipkit.toml : [nombres."{kind}"] {name} = "1.234,5", ou "1,234.5"…)'
    )


class Reading(Enum):
    """Ce qu'une colonne fait de ses cellules ambiguës à un séparateur donné."""

    DECIMALS = "décimales"
    THOUSANDS = "milliers"
    REFUSED = "refusées"


@dataclass(frozen=True)
class Separators:
    """Ce que les cellules lisibles d'une colonne disent de chaque séparateur (``.``,
    ``,``) : décimal, séparateur de milliers, les deux ou rien."""

    decimal: frozenset[str] = frozenset()
    thousands: frozenset[str] = frozenset()

    def reading(self, separator: str) -> Reading:
        """La lecture des cellules ambiguës écrites avec ``separator``.

        >>> Separators(decimal=frozenset(",")).reading(",")
        <Reading.DECIMALS: 'décimales'>
        >>> Separators(decimal=frozenset(","), thousands=frozenset(".")).reading(".")
        <Reading.THOUSANDS: 'milliers'>
        >>> Separators(decimal=frozenset(",")).reading(".")
        <Reading.REFUSED: 'refusées'>
        >>> Separators().reading(","), Separators().reading(".")
        (<Reading.DECIMALS: 'décimales'>, <Reading.REFUSED: 'refusées'>)
        """
        other = "," if separator == "." else "."
        decimal, thousands = separator in self.decimal, separator in self.thousands
        if decimal and not thousands:
            return Reading.DECIMALS
        if thousands and not decimal:
            return Reading.THOUSANDS
        if decimal or other in self.decimal or separator == ".":
            return Reading.REFUSED
        return Reading.DECIMALS


def ambiguous(text: pl.Expr) -> pl.Expr:
    """Vrai pour un nombre ambigu, écrit comme :func:`values.number_text` le rend.

    >>> s = pl.Series(["1.234", "-1,500", "0.125", "12.5", "1234.567", "1.234,5"])
    >>> pl.select(ambiguous(pl.lit(s))).to_series().to_list()
    [True, True, False, False, False, False]
    """
    return text.str.contains(AMBIGUOUS)


def separators(written: pl.Series) -> Separators:
    """Les rôles du point et de la virgule dans les cellules ``written`` (du texte, telles
    qu'écrites : valeurs distinctes d'une colonne) qui se lisent comme des nombres,
    cellules ambiguës mises à part.

    Avec les deux séparateurs, le dernier est décimal et l'autre sépare des milliers ;
    avec un seul, répété, il sépare des milliers (``1.234.567``) ; une fois, décimal
    (``12.5``, ``0.750``, ``1234,567``), sauf dans une cellule ambiguë, qui ne dit rien.

    >>> roles = separators(pl.Series(["151,5", "1.234,5", "1.234", "35", "x", None]))
    >>> sorted(roles.decimal), sorted(roles.thousands)
    ([','], ['.'])
    >>> roles = separators(pl.Series(["12.5", "1,234,567"]))
    >>> sorted(roles.decimal), sorted(roles.thousands)
    (['.'], [','])
    """
    cells = pl.lit(written.cast(pl.String).drop_nulls().unique())
    text = number_text(cells)
    dots = text.str.count_matches(".", literal=True)
    commas = text.str.count_matches(",", literal=True)
    # la position du dernier de chaque séparateur : le dernier des deux est décimal
    last_dot, last_comma = text.str.find(r"\.[^.]*$"), text.str.find(",[^,]*$")
    facts = (
        pl.select(
            text=text,
            readable=number(cells).is_not_null(),
            dots=dots,
            commas=commas,
            dot_last=last_dot.fill_null(-1) > last_comma.fill_null(-1),
        )
        .filter(pl.col("readable") & ~ambiguous(pl.col("text")))
        .select(
            dot_decimal=(
                (pl.col("dots") == 1) & ((pl.col("commas") == 0) | pl.col("dot_last"))
            ).any(),
            comma_decimal=(
                (pl.col("commas") == 1) & ((pl.col("dots") == 0) | ~pl.col("dot_last"))
            ).any(),
            dot_thousands=(
                ((pl.col("dots") > 1) & (pl.col("commas") == 0))
                | ((pl.col("dots") > 0) & (pl.col("commas") > 0) & ~pl.col("dot_last"))
            ).any(),
            comma_thousands=(
                ((pl.col("commas") > 1) & (pl.col("dots") == 0))
                | ((pl.col("dots") > 0) & (pl.col("commas") > 0) & pl.col("dot_last"))
            ).any(),
        )
        .row(0, named=True)
    )
    return Separators(
        decimal=frozenset(
            s for s, key in ((".", "dot"), (",", "comma")) if facts[f"{key}_decimal"]
        ),
        thousands=frozenset(
            s for s, key in ((".", "dot"), (",", "comma")) if facts[f"{key}_thousands"]
        ),
    )
