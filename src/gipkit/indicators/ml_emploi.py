"""Indicateurs « Emploi et alternance » de la Mission Locale : classements et parts.

Les contrats sont les situations d'emploi et d'alternance commencées dans l'année (rapport
2025 : « 1 304 jeunes ont pu accéder à 2 829 contrats dont 2 609 en emploi et 220
contrats d'alternance »). Les fonctions prennent une ligne par contrat.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from gipkit.indicators.common import YEAR, FrameT, same_kind

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


def interim_by(contracts: FrameT, by: str) -> FrameT:
    """Contrats, contrats d'intérim et part d'intérim par année et par ``by``.

    Définition : une ligne par contrat (``annee`` de début, ``type_contrat`` codé, voir
    ``docs/formats/ml.situations.md``) ; ``interim`` = contrats de type ``interim`` ;
    ``part`` = interim ÷ contrats du groupe. Rapport 2025, « L'emploi et l'alternance »
    (intérim en hausse de 20 % à Vitry-sur-Seine et de 10 % à Ivry-sur-Seine).

    >>> df = pl.DataFrame({"annee": [2025, 2025, 2025], "ville": ["Ivry", "Ivry", "Vitry"],
    ...     "type_contrat": ["interim", "cdd", "interim"]})
    >>> interim_by(df, "ville").sort("ville").rows()
    [(2025, 'Ivry', 2, 1, 0.5), (2025, 'Vitry', 1, 1, 1.0)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.group_by(YEAR, by)
            .agg(
                pl.len().cast(pl.Int64).alias("nb"),
                (pl.col("type_contrat") == "interim")
                .fill_null(False)
                .sum()
                .cast(pl.Int64)
                .alias("interim"),
            )
            .with_columns((pl.col("interim") / pl.col("nb")).alias("part"))
            .sort(YEAR, by, nulls_last=True)
        )

    return same_kind(contracts, build)


def training_entrants(situations: FrameT, levels: Sequence[str]) -> FrameT:
    """Jeunes entrés en formation dans l'année et, parmi eux, ceux sans qualification.

    Définition : un jeune entre en formation l'année N s'il a une situation de type
    ``formation`` commencée en N (``annee``) ; il est sans qualification si son niveau
    (``niveau``, de l'extraction des jeunes) est dans ``levels`` (par défaut
    ``sans_diplome`` : ni CAP, ni BEP, ni bac). ``part`` = sans qualification ÷ jeunes
    dont le niveau est connu. Rapport 2025, « La formation » (« 69 % des jeunes entrant
    en formation sont sans qualification »).

    >>> df = pl.DataFrame({"annee": [2025] * 4, "jeune": ["a", "a", "b", "c"],
    ...     "type_situation": ["formation"] * 3 + ["emploi"],
    ...     "niveau": ["sans_diplome", "sans_diplome", "bac", "sans_diplome"]})
    >>> training_entrants(df, ["sans_diplome"]).rows()
    [(2025, 2, 2, 1, 0.5)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.filter(pl.col("type_situation") == "formation")
            .unique([YEAR, "jeune"])
            .group_by(YEAR)
            .agg(
                pl.len().cast(pl.Int64).alias("jeunes"),
                pl.col("niveau").is_not_null().sum().cast(pl.Int64).alias("niveau_connu"),
                pl.col("niveau")
                .is_in(list(levels))
                .sum()
                .cast(pl.Int64)
                .alias("sans_qualification"),
            )
            .with_columns(
                pl.when(pl.col("niveau_connu") > 0)
                .then(pl.col("sans_qualification") / pl.col("niveau_connu"))
                .alias("part")
            )
            .sort(YEAR)
        )

    return same_kind(situations, build)


def qualifying_trainings(situations: FrameT) -> FrameT:
    """Formations commencées dans l'année, et la part des qualifiantes.

    Définition (rapport 2025, « La formation » : « les parcours sont majoritairement
    qualifiants (59 %), visant l'obtention d'un diplôme ou d'une certification ») : une
    situation de type ``formation`` commencée en N (``annee``) ; qualifiante si la
    colonne ``qualifiante`` est vraie. ``part`` = qualifiantes ÷ formations dont la
    colonne est renseignée (une formation sans réponse n'est ni l'une ni l'autre).

    >>> df = pl.DataFrame({"annee": [2025] * 4,
    ...     "type_situation": ["formation"] * 3 + ["emploi"],
    ...     "qualifiante": [True, False, None, None]})
    >>> qualifying_trainings(df).rows()
    [(2025, 3, 2, 1, 0.5)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.filter(pl.col("type_situation") == "formation")
            .group_by(YEAR)
            .agg(
                pl.len().cast(pl.Int64).alias("formations"),
                pl.col("qualifiante").is_not_null().sum().cast(pl.Int64).alias("renseignees"),
                pl.col("qualifiante").fill_null(False).sum().cast(pl.Int64).alias("qualifiantes"),
            )
            .with_columns(
                pl.when(pl.col("renseignees") > 0)
                .then(pl.col("qualifiantes") / pl.col("renseignees"))
                .alias("part")
            )
            .sort(YEAR)
        )

    return same_kind(situations, build)


def job_after_training(
    situations: FrameT, *, ended_from: date, ended_to: date, months: int = 6
) -> FrameT:
    """Formations finies entre ``ended_from`` et ``ended_to``, et celles suivies d'un
    emploi ou d'une alternance commencé dans les ``months`` mois après leur fin, par
    caractère qualifiant (``qualifiante`` : vrai, faux ou nul).

    Définition (rapport 2025, « La formation » : « 50 % des jeunes qualifiés accèdent à
    l'emploi dans les six mois, contre 40 % pour les parcours non qualifiants ») : une
    situation de formation, une fois ; suivie d'un emploi si le même jeune a une situation
    ``emploi`` ou ``alternance`` commencée après la fin de la formation et au plus tard
    ``months`` mois après. Pour que chaque formation ait ses six mois entiers avant le 31
    décembre N, la fenêtre par défaut va du 1er juillet N-1 au 30 juin N.

    >>> df = pl.DataFrame({"jeune": ["a", "a", "b", "c"],
    ...     "type_situation": ["formation", "emploi", "formation", "formation"],
    ...     "date_debut": [date(2024, 9, 1), date(2025, 3, 1), date(2024, 9, 1),
    ...                    date(2024, 9, 1)],
    ...     "date_fin": [date(2025, 1, 31), None, date(2025, 2, 28), date(2025, 8, 1)],
    ...     "qualifiante": [True, None, False, True]})
    >>> job_after_training(df, ended_from=date(2024, 7, 1), ended_to=date(2025, 6, 30)).rows()
    [(False, 1, 0, 0.0), (True, 1, 1, 1.0)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        trainings = (
            lf.filter(
                (pl.col("type_situation") == "formation")
                & pl.col("date_fin").is_between(ended_from, ended_to)
            )
            .with_row_index("formation")
            .select("formation", "jeune", "date_fin", "qualifiante")
        )
        jobs = lf.filter(pl.col("type_situation").is_in(["emploi", "alternance"])).select(
            "jeune", pl.col("date_debut").alias("debut_emploi")
        )
        start = pl.col("debut_emploi")
        followed = (
            (start > pl.col("date_fin")) & (start <= pl.col("date_fin").dt.offset_by(f"{months}mo"))
        ).fill_null(False)
        each = (
            trainings.join(jobs, on="jeune", how="left")
            .group_by("formation")
            .agg(pl.col("qualifiante").first(), followed.any().alias("suivie"))
        )
        return (
            each.group_by("qualifiante")
            .agg(
                pl.len().cast(pl.Int64).alias("formations"),
                pl.col("suivie").sum().cast(pl.Int64).alias("suivies_emploi"),
            )
            .with_columns((pl.col("suivies_emploi") / pl.col("formations")).alias("part"))
            .sort("qualifiante", nulls_last=True)
        )

    return same_kind(situations, build)
