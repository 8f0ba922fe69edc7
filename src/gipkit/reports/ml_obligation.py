"""Documents « Obligation de formation » de la Mission Locale (``ml.obligation_formation.*``).

Mineurs en contact, concernés par l'obligation de formation, accompagnés, en solution,
et la solution de chacun (formation, alternance, emploi, PACEA, CEJ, service civique,
scolarité, autre). Lit les jeunes et les événements ; les situations et les dispositifs,
s'ils sont donnés, fournissent les solutions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from gipkit.config import Config
from gipkit.errors import InvalidDataError
from gipkit.indicators import ml as ind
from gipkit.indicators import ml_obligation as obl
from gipkit.indicators.common import YEAR, year_of
from gipkit.io.exports.ml import ML_EVENTS, ML_PROGRAMMES, ML_SITUATIONS
from gipkit.io.reader import scan_export
from gipkit.io.source import LINE, ReadOptions, SourceReport
from gipkit.reports.common import (
    by_year,
    choose_year,
    declared_order,
    say_unmatched,
    scalar,
    unmatched,
    with_previous,
    years_counted,
)
from gipkit.reports.ml import dated_events, load_youths
from gipkit.results import Column, Result, Table
from gipkit.selection import apply_exclusions

#: ordre du rapport pour les solutions (situations et dispositifs mêlés)
REPORT_ORDER = (
    "formation",
    "alternance",
    "emploi",
    "PACEA",
    "CEJ",
    "volontariat",
    "scolarite",
    "autre",
)


@dataclass
class Obligation:
    """Les effectifs de l'obligation de formation de N-1 et N, et les solutions."""

    funnel: pl.DataFrame
    solutions: pl.DataFrame  # (année, jeune, solution) des jeunes accompagnés en solution
    sources: list[SourceReport]
    with_solutions: bool
    year: int
    previous: int | None


def _solutions(
    path: Path,
    schema: object,
    columns: list[str],
    kind: str,
    codes: list[str],
    start: str,
    end: str,
    config: Config,
    options: ReadOptions,
    year: int,
) -> tuple[pl.LazyFrame, SourceReport]:
    frame, source = scan_export(
        path,
        schema,  # type: ignore[arg-type]
        columns=columns,
        config=config,
        options=options,
    )
    kept, excluded = apply_exclusions(
        frame,
        [
            ("ne fait pas une solution de l'obligation de formation", ~pl.col(kind).is_in(codes)),
            (f"commencée après {year}", year_of(pl.col(start)) > year),
            (f"terminée avant {year - 1}", year_of(pl.col(end)) < year - 1),
        ],
    )
    for reason, count in excluded.items():
        source.exclude(reason, count)
    return (
        kept.select(
            "jeune",
            pl.col(kind).cast(pl.String).alias("solution"),
            pl.col(start).alias("date_debut"),
            pl.col(end).alias("date_fin"),
        ),
        source,
    )


def load_obligation(
    youths_path: Path,
    events_path: Path,
    situations_path: Path | None,
    programmes_path: Path | None,
    config: Config,
    options: ReadOptions,
    *,
    year: int | None,
) -> Obligation:
    """Lit les extractions et calcule les effectifs de N-1 et N."""
    settings = config.ml
    events, events_source = scan_export(
        events_path, ML_EVENTS, columns=["statut"], config=config, options=options
    )
    events, counts = dated_events(events_path, events, options)
    present = years_counted(counts, YEAR)
    if not present:
        raise InvalidDataError(f"{events_path} : aucun événement sous l'en-tête.")
    year = choose_year(present, year, events_path)
    kept, excluded = apply_exclusions(
        events,
        [(f"événement hors de {year - 1}-{year}", ~pl.col(YEAR).is_between(year - 1, year))],
        counted=counts,
    )
    for reason, count in excluded.items():
        events_source.exclude(reason, count)
    youths, youths_source = load_youths(
        youths_path, ["date_naissance", "obligation_formation"], config, options
    )
    sources = [youths_source, events_source]
    # tous les effectifs de l'obligation partent des mineurs en contact : seuls comptent
    # les événements des jeunes qui ont pu être mineurs en N-1 ou N (nés après le 1er
    # janvier de N-20 : deux ans de marge sur la majorité) ; sans cette restriction, tous
    # les événements de N-1 et N étaient joints à tous les jeunes
    born_after = date(year - 1 - obl.MAJORITY_YEARS - 1, 1, 1)
    possible_minors = youths.lazy().filter(pl.col("date_naissance") >= born_after)
    events = kept.drop(LINE).join(
        possible_minors.select("jeune", "date_naissance"), on="jeune", how="inner"
    )
    # les couples (année, jeune) des mineurs en contact et des accompagnés, mis en mémoire
    # (quelques centaines de milliers à l'échelle nationale) : l'entonnoir et les
    # solutions les lisent plusieurs fois
    met = kept.select(YEAR, "jeune")
    contacts_df, accompanied_df, strangers = pl.collect_all(
        [
            obl.minors_in_contact(events, statuses=settings.contact_statuts),
            ind.accompanied(
                events,
                kinds=settings.of_accompagnement_evenements,
                statuses=settings.accompagnement_statuts,
            ),
            # les jeunes des événements absents de l'extraction des jeunes : sans date
            # de naissance, ils ne peuvent compter parmi les mineurs — c'est dit
            unmatched(met, youths, [YEAR, "jeune"]),
        ]
    )
    say_unmatched(
        strangers,
        met,
        keys=[YEAR, "jeune"],
        who="jeunes des événements",
        source=str(events_path),
        register=f"l'extraction des jeunes ({youths_path})",
        lost="sans date de naissance, ils ne comptent pas parmi les mineurs",
        known=youths,
    )
    contacts, accompanied = contacts_df.lazy(), accompanied_df.lazy()
    years = [year - 1, year]
    parts: list[pl.LazyFrame] = []
    if situations_path is not None:
        frame, source = _solutions(
            situations_path,
            ML_SITUATIONS,
            ["date_fin"],
            "type_situation",
            settings.of_solutions_situations,
            "date_debut",
            "date_fin",
            config,
            options,
            year,
        )
        parts.append(frame)
        sources.append(source)
    if programmes_path is not None:
        frame, source = _solutions(
            programmes_path,
            ML_PROGRAMMES,
            ["date_sortie"],
            "dispositif",
            settings.of_solutions_dispositifs,
            "date_entree",
            "date_sortie",
            config,
            options,
            year,
        )
        parts.append(frame)
        sources.append(source)
    order = [
        c
        for c in REPORT_ORDER
        if c in {*settings.of_solutions_situations, *settings.of_solutions_dispositifs}
    ]
    order += [
        c
        for c in [*settings.of_solutions_situations, *settings.of_solutions_dispositifs]
        if c not in order
    ]
    empty = pl.LazyFrame(
        schema={
            "jeune": kept.collect_schema()["jeune"],
            "solution": pl.String,
            "date_debut": pl.Date,
            "date_fin": pl.Date,
        }
    )
    concerned = youths.lazy().filter(pl.col("obligation_formation").fill_null(False))
    # les jeunes accompagnés au titre de l'obligation : mineurs en contact, concernés,
    # accompagnés ; seules leurs solutions comptent (dans l'entonnoir, « en solution »
    # n'est compté que parmi eux) : la première solution de chacun n'est cherchée que
    # pour eux (à l'échelle nationale, 1,5-2,0 -> 0,25 s : le tri de toutes les
    # situations et de tous les dispositifs par jeune n'est plus fait)
    of_contacts = contacts.join(concerned.select("jeune"), on="jeune", how="semi")
    followed = of_contacts.join(accompanied, on=[YEAR, "jeune"], how="semi")
    candidates = (pl.concat(parts) if parts else empty).join(
        followed.select("jeune").unique(), on="jeune", how="semi"
    )
    solutions = obl.first_solution(candidates, years=years, order=order)
    funnel = obl.obligation_funnel(contacts, concerned, accompanied, solutions)
    retained = solutions.join(followed, on=[YEAR, "jeune"], how="semi")
    funnel_df, retained_df = pl.collect_all([funnel, retained])
    previous = year - 1 if (funnel_df[YEAR] == year - 1).any() else None
    return Obligation(funnel_df, retained_df, sources, bool(parts), year, previous)


def obligation(data: Obligation) -> list[Result]:
    """Mineurs en contact, concernés, accompagnés, en solution ; solutions par nature."""
    counts = {
        key: by_year(data.funnel, key)
        for key in ("nb_mineurs_contact", "nb_concernes", "nb_accompagnes", "nb_en_solution")
    }
    results: list[Result] = [
        scalar(
            data,
            "ml.obligation_formation.mineurs_en_contact",
            "Jeunes mineurs en contact",
            "nombre",
            counts["nb_mineurs_contact"],
            note="au moins un contact dans l'année avant leurs 18 ans",
        ),
        scalar(
            data,
            "ml.obligation_formation.concernes",
            "Mineurs concernés par l'obligation de formation",
            "nombre",
            counts["nb_concernes"],
        ),
        scalar(
            data,
            "ml.obligation_formation.accompagnes",
            "Mineurs concernés accompagnés",
            "nombre",
            counts["nb_accompagnes"],
            note="présents à un entretien individuel dans l'année (clé "
            "ml.of_accompagnement_evenements)",
        ),
    ]
    if not data.with_solutions:
        return results
    results.append(
        scalar(
            data,
            "ml.obligation_formation.en_solution",
            "Accompagnés dans le respect de l'obligation de formation",
            "nombre",
            counts["nb_en_solution"],
            note="accompagnés ayant une situation ou un dispositif en cours dans l'année",
        )
    )
    grouped = data.solutions.group_by(YEAR, "solution").agg(pl.len().cast(pl.Int64).alias("nb"))
    labels = {c.code: c.label for c in ML_SITUATIONS.column("type_situation").categories}

    def one(year: int) -> Table:
        part = grouped.filter(pl.col(YEAR) == year).sort(
            declared_order("solution", list(REPORT_ORDER)), "solution"
        )
        total = int(part["nb"].sum())
        rows = [
            [labels.get(r["solution"], r["solution"]), r["nb"], r["nb"] / total]
            for r in part.iter_rows(named=True)
        ]
        return Table(
            "ml.obligation_formation.solutions",
            "Solutions des mineurs accompagnés au titre de l'obligation de formation",
            year,
            [
                Column("solution", "Solution", "texte"),
                Column("jeunes", "Jeunes", additive=True),
                Column("part", "Part", "part"),
            ],
            rows,
            ["Total", total, 1.0 if total else None],
            [
                "une solution par jeune : la première commencée parmi celles en cours dans "
                "l'année (situation ou dispositif)"
            ],
        )

    results.append(with_previous(data, one))
    return results
