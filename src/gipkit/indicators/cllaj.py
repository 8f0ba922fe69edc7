"""Indicateurs du CLLAJ : ressources des jeunes et seuil de pauvreté.

Les fonctions prennent le tableau des jeunes (``docs/formats/cllaj.jeunes.md``) avec
une colonne ``ressources`` (euros nets par mois) ; le seuil de pauvreté est un
paramètre explicite (1 288 € pour le rapport 2025, 1 216 € pour 2024).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import polars as pl

from gipkit.indicators.common import FrameT, same_kind

#: unités de consommation de l'échelle de l'OCDE modifiée (INSEE) : 1 pour le premier
#: adulte, 0,5 pour chaque autre personne de 14 ans ou plus, 0,3 par enfant de moins de 14 ans
FIRST_ADULT, OTHER_ADULT, CHILD = 1.0, 0.5, 0.3
#: adultes du ménage selon sa composition (codes de ``Composition familiale``)
ADULTS = {"seul": 1, "couple": 2, "couple_enfants": 2, "parent_isole": 1}


def consumption_units(household: pl.Expr, children: pl.Expr) -> pl.Expr:
    """Unités de consommation d'un ménage (échelle de l'OCDE modifiée, celle de l'INSEE).

    UC = 1 + 0,5 × (adultes − 1) + 0,3 × enfants, les enfants étant comptés de moins de
    14 ans (les jeunes du CLLAJ ont de 18 à 30 ans : leurs enfants sont petits). Adultes
    selon la composition : personne seule 1, couple 2, couple avec enfants 2, parent
    isolé 1 ; composition inconnue : ``null``.

    >>> df = pl.DataFrame({"m": ["seul", "couple", "couple_enfants", "parent_isole", None],
    ...     "e": [0, 0, 2, 1, 0]})
    >>> df.select(consumption_units(pl.col("m"), pl.col("e"))).to_series().to_list()
    [1.0, 1.5, 2.1, 1.3, None]
    """
    adults = household.replace_strict(ADULTS, default=None, return_dtype=pl.Float64)
    return (FIRST_ADULT + OTHER_ADULT * (adults - 1) + CHILD * children.cast(pl.Float64)).round(2)


def poverty_share(
    youths: FrameT,
    *,
    threshold: float,
    by: str | Sequence[str] | None = None,
    units: str | None = None,
) -> FrameT:
    """Part des jeunes dont les ressources nettes mensuelles sont sous le seuil de pauvreté.

    Définition par défaut (rapport 2025, CLLAJ, « Les ressources des jeunes ») : jeunes
    aux ressources strictement inférieures à ``threshold``, le seuil d'une personne seule
    / jeunes aux ressources renseignées (67 % en 2025 ; 73 % des femmes, 61 % des hommes).
    C'est une comparaison des ressources de la personne au seuil d'une personne seule.

    Variante par unité de consommation (``units`` : nom de la colonne des UC du ménage,
    voir :func:`consumption_units`) : un jeune est sous le seuil quand ``ressources`` <
    ``threshold`` × UC, ce qui revient à comparer le niveau de vie (ressources ÷ UC) au
    seuil, la définition de l'INSEE ; ``ressources`` doit alors être celles du ménage.
    Un jeune sans UC (composition inconnue) ne compte pas.

    Les ressources absentes (``null``) ne comptent ni au numérateur ni au dénominateur :
    à l'appelant de les remplacer par 0 s'il les sait nulles.

    Colonnes rendues : ``by`` (si donné), ``nb_jeunes``, ``nb_sous_seuil``,
    ``part_sous_seuil``.

    >>> df = pl.DataFrame({"ressources": [500.0, 1300.0, None, 0.0], "sexe": list("FHFH")})
    >>> poverty_share(df, threshold=1288).row(0)
    (3, 2, 0.6666666666666666)
    >>> poverty_share(df, threshold=1288, by="sexe").rows()
    [('F', 1, 1, 1.0), ('H', 2, 1, 0.5)]
    >>> couple = pl.DataFrame({"ressources": [1800.0, 2000.0], "uc": [1.5, 1.0]})
    >>> poverty_share(couple, threshold=1288, units="uc").row(0)
    (2, 1, 0.5)
    """
    keys = [by] if isinstance(by, str) else list(by or [])
    line = pl.lit(threshold) if units is None else threshold * pl.col(units)

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        known = lf.filter(pl.col("ressources").is_not_null())
        if units is not None:
            known = known.filter(pl.col(units).is_not_null())
        aggs = [
            pl.len().cast(pl.Int64).alias("nb_jeunes"),
            (pl.col("ressources") < line).sum().cast(pl.Int64).alias("nb_sous_seuil"),
        ]
        grouped = known.group_by(keys).agg(aggs).sort(keys) if keys else known.select(aggs)
        share = pl.when(pl.col("nb_jeunes") > 0).then(pl.col("nb_sous_seuil") / pl.col("nb_jeunes"))
        return grouped.with_columns(share.alias("part_sous_seuil"))

    return same_kind(youths, build)


def income_bands(youths: FrameT, *, threshold: float, bounds: Sequence[float]) -> FrameT:
    """Répartition des jeunes aux ressources renseignées en tranches de revenus.

    Tranches : sous ``threshold``, puis de ``threshold`` à ``bounds[0]``, …, et au-delà
    de la dernière borne (1 800 € et 2 300 € par défaut). Chaque jeune est dans une seule
    tranche : elles partitionnent les jeunes aux ressources renseignées. Colonnes :
    ``rang`` (ordre), ``tranche`` (libellé), ``nb_jeunes``, ``part``.

    >>> df = pl.DataFrame({"ressources": [500.0, 1500.0, 2000.0, 3000.0, None]})
    >>> income_bands(df, threshold=1288, bounds=[1800, 2300])["nb_jeunes"].to_list()
    [1, 1, 1, 1]
    """
    edges = [threshold, *bounds]
    labels = [f"Moins de {_euros(threshold)} (seuil de pauvreté)"]
    labels += [f"De {_euros(a)} à moins de {_euros(b)}" for a, b in pairwise(edges)]
    labels.append(f"{_euros(edges[-1])} ou plus")

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        income = pl.col("ressources")
        rank = pl.lit(len(edges), dtype=pl.Int64)
        for i in reversed(range(len(edges))):
            rank = pl.when(income < edges[i]).then(pl.lit(i, dtype=pl.Int64)).otherwise(rank)
        counted = (
            lf.filter(income.is_not_null())
            .group_by(rank.alias("rang"))
            .agg(pl.len().cast(pl.Int64).alias("nb_jeunes"))
        )
        every = pl.LazyFrame(
            {"rang": list(range(len(labels))), "tranche": labels},
            schema={"rang": pl.Int64, "tranche": pl.String},
        )
        return (
            every.join(counted, on="rang", how="left")
            .with_columns(pl.col("nb_jeunes").fill_null(0))
            .with_columns((pl.col("nb_jeunes") / pl.col("nb_jeunes").sum()).alias("part"))
            .sort("rang")
        )

    return same_kind(youths, build)


def rent_affordability(youths: FrameT, *, rent: float = 700, multiple: float = 3) -> FrameT:
    """Part des jeunes qui ne peuvent pas louer un studio de référence dans le parc privé.

    Règle des bailleurs (non légale) : des revenus d'au moins ``multiple`` fois le loyer
    (3 × 700 € = 2 100 €). Part = jeunes aux ressources renseignées inférieures à
    ``multiple × rent`` / jeunes aux ressources renseignées (88 % en 2025).

    >>> df = pl.DataFrame({"ressources": [1000.0, 2100.0, 2500.0, None]})
    >>> rent_affordability(df).row(0)
    (3, 1, 0.3333333333333333, 2100.0)
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        needed = multiple * rent
        known = lf.filter(pl.col("ressources").is_not_null())
        return known.select(
            pl.len().cast(pl.Int64).alias("nb_jeunes"),
            (pl.col("ressources") < needed).sum().cast(pl.Int64).alias("nb_sans_acces"),
        ).with_columns(
            pl.when(pl.col("nb_jeunes") > 0)
            .then(pl.col("nb_sans_acces") / pl.col("nb_jeunes"))
            .alias("part_sans_acces"),
            pl.lit(needed, dtype=pl.Float64).alias("revenu_requis"),
        )

    return same_kind(youths, build)


def _euros(value: float) -> str:
    return f"{value:,.0f} €".replace(",", "\u202f")
