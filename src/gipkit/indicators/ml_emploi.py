"""Indicateurs « Emploi et alternance » de la Mission Locale : classements et parts.

Les contrats sont les situations d'emploi et d'alternance commencées dans l'année (rapport
2025 : « 1 304 jeunes ont pu accéder à 2 829 contrats dont 2 609 en emploi et 220
contrats d'alternance »). Les fonctions prennent une ligne par contrat.
"""

from __future__ import annotations

import polars as pl

from gipkit.indicators.common import FrameT, same_kind

YEAR = "annee"
OTHERS = "Autres"


def ranking(frame: FrameT, by: str, *, top: int, min_count: int = 1) -> FrameT:
    """Classement des valeurs de ``by`` par nombre de lignes, par année, le reste regroupé.

    Les ``top`` valeurs les plus fréquentes (à égalité : ordre alphabétique) et qui
    comptent au moins ``min_count`` lignes gardent leur nom et un ``rang`` ; les autres
    valeurs renseignées forment la ligne « Autres », les valeurs absentes la ligne
    ``null`` (non renseigné) : les effectifs font toujours le total, les parts 1.

    Colonnes rendues : ``annee``, ``by``, ``nb``, ``part``, ``rang`` (null pour « Autres »
    et non renseigné), triées par année puis rang.

    >>> df = pl.DataFrame({"annee": [2025] * 6,
    ...     "secteur": ["BTP", "BTP", "BTP", "Commerce", "Commerce", None]})
    >>> for row in ranking(df, "secteur", top=1).rows():
    ...     print(row)
    (2025, 'BTP', 3, 0.5, 1)
    (2025, 'Autres', 2, 0.3333333333333333, None)
    (2025, None, 1, 0.16666666666666666, None)
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        # rang parmi les valeurs renseignées : plus fréquentes d'abord, puis alphabétique
        counts = (
            lf.group_by(YEAR, by)
            .agg(pl.len().cast(pl.Int64).alias("nb"))
            .with_columns(
                pl.when(pl.col(by).is_not_null())
                .then(pl.struct(pl.col("nb").neg(), pl.col(by)))
                .rank("ordinal")
                .over(YEAR)
                .cast(pl.Int64)
                .alias("_rang")
            )
        )
        named = pl.col(by).is_not_null() & (pl.col("_rang") <= top) & (pl.col("nb") >= min_count)
        labelled = counts.with_columns(
            pl.when(named)
            .then(pl.col(by))
            .when(pl.col(by).is_not_null())
            .then(pl.lit(OTHERS))
            .otherwise(None)
            .alias(by),
            pl.when(named).then(pl.col("_rang")).otherwise(None).alias("rang"),
        )
        return (
            labelled.group_by(YEAR, by, "rang")
            .agg(pl.col("nb").sum())
            .with_columns((pl.col("nb") / pl.col("nb").sum().over(YEAR)).alias("part"))
            .select(YEAR, by, "nb", "part", "rang")
            .sort(
                YEAR,
                pl.col("rang").fill_null(10**9),
                pl.col(by).is_null(),
            )
        )

    return same_kind(frame, build)


def top_share(frame: FrameT, by: str, *, k: int) -> FrameT:
    """Part des lignes qui appartiennent aux ``k`` valeurs les plus fréquentes de ``by``.

    Rapport 2025 : « 3 secteurs d'activité ont recruté 57 % des jeunes » (des 2 829
    contrats). Numérateur : contrats des ``k`` premiers secteurs renseignés ; dénominateur :
    tous les contrats de l'année (secteur non renseigné compris).

    >>> df = pl.DataFrame({"annee": [2025] * 5, "secteur": ["A", "A", "B", "C", None]})
    >>> top_share(df, "secteur", k=2).rows()
    [(2025, 3, 5, 0.6)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        counts = lf.group_by(YEAR, by).agg(pl.len().cast(pl.Int64).alias("nb"))
        top = (
            counts.filter(pl.col(by).is_not_null())
            .sort(YEAR, pl.col("nb"), by, descending=[False, True, False])
            .group_by(YEAR, maintain_order=True)
            .head(k)
            .group_by(YEAR)
            .agg(pl.col("nb").sum().alias("nb_tete"))
        )
        totals = counts.group_by(YEAR).agg(pl.col("nb").sum().alias("nb_total"))
        return (
            totals.join(top, on=YEAR, how="left")
            .with_columns(pl.col("nb_tete").fill_null(0).cast(pl.Int64))
            .select(
                YEAR,
                "nb_tete",
                "nb_total",
                (pl.col("nb_tete") / pl.col("nb_total")).alias("part_tete"),
            )
            .sort(YEAR)
        )

    return same_kind(frame, build)


def department(code: pl.Expr) -> pl.Expr:
    """Département d'un code saisi comme département ou code postal.

    ``94``, ``094`` et ``94400`` donnent ``94`` ; ``97411`` donne ``974`` ; ``2A`` reste
    ``2A`` ; un texte qui n'est pas un code (« Val-de-Marne ») est gardé tel quel.

    >>> s = pl.Series(["94400", "94", "1", "97411", "2A004", "Val-de-Marne", None])
    >>> pl.select(department(pl.lit(s))).to_series().to_list()
    ['94', '94', '01', '974', '2A', 'Val-de-Marne', None]
    """
    text = code.str.strip_chars().str.to_uppercase()
    postal = text.str.contains(r"^(\d{5}|2[AB]\d{3})$")
    overseas = text.str.starts_with("97") | text.str.starts_with("98")
    short = text.str.contains(r"^\d{1,3}$")
    return (
        pl.when(postal & overseas)
        .then(text.str.slice(0, 3))
        .when(postal)
        .then(text.str.slice(0, 2))
        .when(short)
        .then(text.str.strip_chars_start("0").str.zfill(2))
        .when(text.str.contains(r"^(2[AB])$"))
        .then(text)
        .otherwise(code.str.strip_chars())
    )
