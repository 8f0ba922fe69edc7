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


def poverty_share(
    youths: FrameT, *, threshold: float, by: str | Sequence[str] | None = None
) -> FrameT:
    """Part des jeunes dont les ressources nettes mensuelles sont sous le seuil de pauvreté.

    Définition (rapport 2025, CLLAJ, « Les ressources des jeunes ») : jeunes aux
    ressources strictement inférieures à ``threshold`` / jeunes aux ressources
    renseignées (67 % en 2025 ; 73 % des femmes, 61 % des hommes). Les ressources
    absentes (``null``) ne comptent ni au numérateur ni au dénominateur : à l'appelant
    de les remplacer par 0 s'il les sait nulles.

    Colonnes rendues : ``by`` (si donné), ``nb_jeunes``, ``nb_sous_seuil``,
    ``part_sous_seuil``.

    >>> df = pl.DataFrame({"ressources": [500.0, 1300.0, None, 0.0], "sexe": list("FHFH")})
    >>> poverty_share(df, threshold=1288).row(0)
    (3, 2, 0.6666666666666666)
    >>> poverty_share(df, threshold=1288, by="sexe").rows()
    [('F', 1, 1, 1.0), ('H', 2, 1, 0.5)]
    """
    keys = [by] if isinstance(by, str) else list(by or [])

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        known = lf.filter(pl.col("ressources").is_not_null())
        aggs = [
            pl.len().cast(pl.Int64).alias("nb_jeunes"),
            (pl.col("ressources") < threshold).sum().cast(pl.Int64).alias("nb_sous_seuil"),
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
