"""Indicateurs de l'obligation de formation des 16-18 ans (Mission Locale).

Rapport 2025 : « parmi les 696 jeunes mineurs en contact avec la Mission locale, 571
étaient concernés par l'Obligation de Formation, et 168 ont bénéficié d'un
accompagnement » ; « 98 jeunes ont été accompagnés dans le respect de l'obligation de
formation […] Ils ont accédé aux situations suivantes : 18 en formation, 24 en
alternance, 7 en emploi, 23 en PACEA, 20 en CEJ, 3 services civiques, 2 en scolarité,
1 en situation autre ».
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from gipkit.indicators.common import YEAR, FrameT, open_during, same_kind, year_column

MAJORITY_YEARS = 18
MAJORITY = f"{MAJORITY_YEARS}y"


def minors_in_contact(events: FrameT, *, statuses: Sequence[str]) -> FrameT:
    """Jeunes mineurs en contact : un couple (année, jeune) par jeune.

    Définition : au moins un événement de l'année, quel qu'en soit le type (entretien,
    atelier, appel, courriel…), au statut de ``statuses`` (gipkit : ``present``, un
    échange qui a eu lieu ; un rendez-vous manqué n'est pas un contact ; un statut vide
    compte : l'extraction enregistre ce qui a eu lieu), à une date où le jeune n'avait
    pas 18 ans. ``events`` porte ``date_naissance`` (jointe depuis l'extraction des jeunes) ;
    un jeune sans date de naissance n'est pas compté.

    Une ligne par couple, dans l'ordre de sa première apparition dans ``events``, sans
    tri (voir :func:`gipkit.indicators.ml.accompanied`).

    >>> from datetime import date
    >>> ev = pl.DataFrame({"jeune": ["a", "b", "c"],
    ...     "date": [date(2025, 3, 1), date(2025, 3, 1), date(2025, 3, 1)],
    ...     "statut": ["present", "absent", "annule"],
    ...     "date_naissance": [date(2008, 1, 1), date(2007, 3, 1), date(2008, 6, 1)]})
    >>> minors_in_contact(ev, statuses=["present", "absent"]).rows()
    [(2025, 'a')]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        minor = pl.col("date") < pl.col("date_naissance").dt.offset_by(MAJORITY)
        contact = pl.col("statut").is_in(list(statuses)) | pl.col("statut").is_null()
        return (
            lf.filter(minor.fill_null(False) & contact)
            .select(year_column("date"), "jeune")
            .unique(maintain_order=True)
        )

    return same_kind(events, build)


def first_solution(solutions: FrameT, *, years: Sequence[int], order: Sequence[str]) -> FrameT:
    """La solution de chaque jeune au regard de l'obligation de formation, par année.

    ``solutions`` : une ligne par situation ou dispositif qui respecte l'obligation
    (``jeune``, ``solution``, ``date_debut``, ``date_fin``). Un jeune est en solution une
    année s'il a une solution en cours cette année-là (commencée au plus tard le 31
    décembre, pas finie avant le 1er janvier). S'il en a plusieurs, la première commencée
    compte ; à date égale, l'ordre de ``order``. Un jeune compte une fois.

    >>> from datetime import date
    >>> df = pl.DataFrame({"jeune": ["a", "a", "b", "c"],
    ...     "solution": ["cej", "formation", "emploi", "emploi"],
    ...     "date_debut": [date(2025, 5, 1), date(2025, 2, 1), date(2024, 11, 1),
    ...         date(2024, 1, 1)],
    ...     "date_fin": [None, date(2025, 4, 1), date(2025, 2, 1), date(2024, 6, 1)]})
    >>> first_solution(df, years=[2025], order=["formation", "emploi", "cej"]).rows()
    [(2025, 'a', 'formation'), (2025, 'b', 'emploi')]
    """
    rank = {code: i for i, code in enumerate(order)}

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        frames = [
            lf.filter(open_during("date_debut", "date_fin", year)).with_columns(
                pl.lit(year, dtype=pl.Int64).alias(YEAR)
            )
            for year in years
        ]
        if not frames:  # aucune ligne, les types de ``lf``
            return lf.select(pl.lit(0, dtype=pl.Int64).alias(YEAR), "jeune", "solution").clear()
        return (
            pl.concat(frames)
            .with_columns(
                pl.col("solution")
                .replace_strict(rank, default=len(rank), return_dtype=pl.Int64)
                .alias("_ordre")
            )
            .sort(YEAR, "jeune", "date_debut", "_ordre")
            .group_by(YEAR, "jeune", maintain_order=True)
            .first()
            .select(YEAR, "jeune", "solution")
        )

    return same_kind(solutions, build)


def obligation_funnel(
    contacts: FrameT, concerned: FrameT, accompanied: FrameT, in_solution: FrameT
) -> FrameT:
    """Les quatre effectifs de l'obligation de formation, par année, chacun inclus dans le
    précédent.

    ``contacts`` : mineurs en contact (année, jeune) ; ``concerned`` : jeunes concernés
    (jeune) ; ``accompanied`` : jeunes accompagnés au titre de l'obligation (année,
    jeune) ; ``in_solution`` : jeunes en solution (année, jeune). Concernés = mineurs en
    contact concernés ; accompagnés = concernés accompagnés ; en solution = accompagnés
    en solution.

    >>> c = pl.DataFrame({"annee": [2025] * 3, "jeune": ["a", "b", "c"]})
    >>> f = pl.DataFrame({"jeune": ["a", "b"]})
    >>> a = pl.DataFrame({"annee": [2025, 2025], "jeune": ["a", "c"]})
    >>> s = pl.DataFrame({"annee": [2025], "jeune": ["a"]})
    >>> obligation_funnel(c, f, a, s).rows()
    [(2025, 3, 2, 1, 1)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        def lazy(frame: FrameT) -> pl.LazyFrame:
            return frame.lazy() if isinstance(frame, pl.DataFrame) else frame

        flagged = lf.join(
            lazy(concerned).select("jeune").unique().with_columns(pl.lit(True).alias("_of")),
            on="jeune",
            how="left",
        )
        marked = flagged.join(
            lazy(accompanied)
            .select(YEAR, "jeune")
            .unique()
            .with_columns(pl.lit(True).alias("_acc")),
            on=[YEAR, "jeune"],
            how="left",
        ).join(
            lazy(in_solution)
            .select(YEAR, "jeune")
            .unique()
            .with_columns(pl.lit(True).alias("_sol")),
            on=[YEAR, "jeune"],
            how="left",
        )
        of = pl.col("_of").fill_null(False)
        acc = of & pl.col("_acc").fill_null(False)
        return (
            marked.group_by(YEAR)
            .agg(
                pl.len().cast(pl.Int64).alias("nb_mineurs_contact"),
                of.sum().cast(pl.Int64).alias("nb_concernes"),
                acc.sum().cast(pl.Int64).alias("nb_accompagnes"),
                (acc & pl.col("_sol").fill_null(False))
                .sum()
                .cast(pl.Int64)
                .alias("nb_en_solution"),
            )
            .sort(YEAR)
        )

    return same_kind(contacts, build)
