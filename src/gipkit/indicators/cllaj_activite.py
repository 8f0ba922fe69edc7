"""Indicateurs d'activité du CLLAJ : âge à l'entrée, heures d'entretiens, LRJ.

Rapport 2025, chapitre CLLAJ : « 1 690 heures d'entretiens individuels », « 77 % ont
moins de 25 ans » (en début d'accompagnement), « 42 jeunes ont été accompagnés dans le
cadre du Logement Relais Jeunes […] 12 jeunes sont sortis du dispositif ».
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from gipkit.indicators.common import YEAR, FrameT, open_during, same_kind, year_column, year_of


def interview_hours(interviews: FrameT, *, default_minutes: float = 60) -> FrameT:
    """Heures d'entretiens individuels par année.

    Définition : somme des durées (en minutes) des entretiens de l'année, divisée par 60.
    Un entretien sans durée compte ``default_minutes`` (le rapport : « des entretiens
    individuels d'une heure ») ; leur nombre est rendu pour être dit.

    Colonnes : ``annee``, ``nb_entretiens``, ``nb_sans_duree``, ``heures``.

    >>> from datetime import date
    >>> df = pl.DataFrame({"date": [date(2025, 1, 2)] * 3, "duree": [30.0, 90.0, None]})
    >>> interview_hours(df).rows()
    [(2025, 3, 1, 3.0)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.group_by(year_column("date"))
            .agg(
                pl.len().cast(pl.Int64).alias("nb_entretiens"),
                pl.col("duree").is_null().sum().cast(pl.Int64).alias("nb_sans_duree"),
                (pl.col("duree").fill_null(default_minutes).sum() / 60).alias("heures"),
            )
            .sort(YEAR)
        )

    return same_kind(interviews, build)


def lrj_stays(stays: FrameT, *, years: Sequence[int]) -> FrameT:
    """Logement Relais Jeunes, par année : jeunes accompagnés, sorties, présents au 31/12.

    Accompagnés : jeunes distincts dont un séjour couvre une partie de l'année (entrés
    au plus tard le 31 décembre, pas sortis avant le 1er janvier). Sorties : séjours
    terminés dans l'année. Présents au 31 décembre : séjours en cours ce jour-là (sortie
    vide ou postérieure).

    >>> from datetime import date
    >>> df = pl.DataFrame({"jeune": ["a", "b", "c"],
    ...     "date_entree": [date(2024, 3, 1), date(2025, 2, 1), date(2023, 1, 1)],
    ...     "date_sortie": [None, date(2025, 6, 1), date(2024, 2, 1)]})
    >>> lrj_stays(df, years=[2025]).rows()
    [(2025, 2, 1, 1)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        entry, leave = year_of(pl.col("date_entree")), year_of(pl.col("date_sortie"))
        frames = [
            lf.select(
                pl.lit(year, dtype=pl.Int64).alias(YEAR),
                pl.col("jeune")
                .filter(open_during("date_entree", "date_sortie", year))
                .n_unique()
                .cast(pl.Int64)
                .alias("nb_jeunes"),
                (leave == year).fill_null(False).sum().cast(pl.Int64).alias("nb_sorties"),
                ((entry <= year) & (pl.col("date_sortie").is_null() | (leave > year)))
                .sum()
                .cast(pl.Int64)
                .alias("nb_presents_31_12"),
            )
            for year in years
        ]
        empty = pl.LazyFrame(
            schema={
                YEAR: pl.Int64,
                "nb_jeunes": pl.Int64,
                "nb_sorties": pl.Int64,
                "nb_presents_31_12": pl.Int64,
            }
        )
        return pl.concat(frames) if frames else empty

    return same_kind(stays, build)


def distinct_youths(frame: FrameT, *, by: Sequence[str] = (YEAR,)) -> FrameT:
    """Jeunes distincts par groupe (``jeune`` compté une fois par groupe).

    Sert aux « jeunes concernés » par un type de demande, aux jeunes relogés (un jeune
    relogé deux fois dans l'année compte une fois, ses deux relogements comptent deux)
    et aux jeunes aidés dans la reconnaissance de leur priorité.

    Colonnes : ``by`` puis ``nb_jeunes`` et ``nb_lignes``.

    >>> df = pl.DataFrame({"annee": [2025, 2025, 2025], "jeune": ["a", "a", "b"]})
    >>> distinct_youths(df).rows()
    [(2025, 2, 3)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.group_by(*by)
            .agg(
                pl.col("jeune").n_unique().cast(pl.Int64).alias("nb_jeunes"),
                pl.len().cast(pl.Int64).alias("nb_lignes"),
            )
            .sort(*by, nulls_last=True)
        )

    return same_kind(frame, build)


def city_kind_activity(
    requests: pl.DataFrame | None, proposals: pl.DataFrame | None
) -> pl.DataFrame:
    """Activité par ville et type de demande, pour une année (les focus Ivry et Vitry).

    Par (``ville``, ``type_demande``) : ``demandes`` (lignes de demandes), ``nouvelles``
    (celles ouvertes dans l'année, si la colonne booléenne ``nouvelle`` est là), ``jeunes``
    (jeunes distincts ayant une demande de ce type), ``part_ville`` (part des demandes de
    la ville), ``propositions`` et, selon leur colonne ``groupe``, les propositions
    ``information``, ``orientation`` et ``dossier``. Une extraction absente (None) laisse
    ses colonnes absentes.

    >>> r = pl.DataFrame({"ville": ["I", "I", "I"], "type_demande": ["s", "s", "t"],
    ...     "jeune": ["a", "a", "b"]})
    >>> p = pl.DataFrame({"ville": ["I"], "type_demande": ["s"], "groupe": ["dossier"]})
    >>> out = city_kind_activity(r, p)
    >>> out.select("type_demande", "demandes", "jeunes", "propositions", "dossier").rows()
    [('s', 2, 1, 1, 1), ('t', 1, 1, 0, 0)]
    >>> out["part_ville"].round(3).to_list()
    [0.667, 0.333]
    """
    keys = ["ville", "type_demande"]
    # en une requête paresseuse, non en regroupements de tableaux en mémoire : polars
    # compte les jeunes distincts en flux (1 300 fois les fixtures, 5 M propositions et
    # 1,5 M demandes d'une année : 0,30 s et +0,33 Go → 0,14 s et +0,05 Go)
    parts: list[pl.LazyFrame] = []
    if requests is not None:
        parts.append(
            requests.lazy()
            .group_by(keys)
            .agg(
                pl.len().cast(pl.Int64).alias("demandes"),
                pl.col("jeune").n_unique().cast(pl.Int64).alias("jeunes"),
                *(
                    [pl.col("nouvelle").sum().cast(pl.Int64).alias("nouvelles")]
                    if "nouvelle" in requests.columns
                    else []
                ),
            )
            .with_columns(
                (pl.col("demandes") / pl.col("demandes").sum().over("ville")).alias("part_ville")
            )
        )
    if proposals is not None:
        group = pl.col("groupe")
        parts.append(
            proposals.lazy()
            .group_by(keys)
            .agg(
                pl.len().cast(pl.Int64).alias("propositions"),
                *[
                    (group == g).sum().cast(pl.Int64).alias(g)
                    for g in ("information", "orientation", "dossier")
                ],
            )
        )
    if not parts:
        return pl.DataFrame(schema={"ville": pl.String, "type_demande": pl.String})
    out = parts[0]
    for extra in parts[1:]:
        out = out.join(extra, on=keys, how="full", coalesce=True, nulls_equal=True)
    counts = [c for c in out.collect_schema().names() if c not in (*keys, "part_ville")]
    return out.with_columns(pl.col(counts).fill_null(0)).sort(keys, nulls_last=True).collect()
