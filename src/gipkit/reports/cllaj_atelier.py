"""Atelier logement du CLLAJ (``cllaj.atelier.*``) : les jeunes des quartiers prioritaires
rencontrés.

Rapport 2025, « L'atelier logement » : « En 2025, 55 jeunes issus des QPV ont ainsi été
rencontrés » lors de réunions collectives ou de permanences dans les quartiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from gipkit.config import Config
from gipkit.errors import InvalidDataError
from gipkit.indicators.common import YEAR, year_column
from gipkit.io.exports.cllaj import CLLAJ_WORKSHOPS
from gipkit.io.reader import scan_export
from gipkit.io.source import LINE, ReadOptions, SourceReport
from gipkit.reports.cllaj_activite import youths_by_year
from gipkit.reports.common import choose_year, present_years, scalar, share_table, with_previous
from gipkit.results import Result, Table
from gipkit.selection import apply_exclusions

UNKNOWN = "Non renseigné"


@dataclass
class Workshops:
    """Les participations de N-1 et N."""

    frame: pl.DataFrame
    source: SourceReport
    year: int
    previous: int | None


def load(path: Path, config: Config, options: ReadOptions, *, year: int | None) -> Workshops:
    """Lit les participations ; écarte, avec leur motif, celles d'autres années."""
    frame, source = scan_export(
        path, CLLAJ_WORKSHOPS, columns=["qpv", "quartier"], config=config, options=options
    )
    frame = frame.with_columns(year_column("date"))
    present = present_years(frame)
    if not present:
        raise InvalidDataError(f"{path} : aucune participation datée sous l'en-tête.")
    year = choose_year(present, year, path)
    kept, excluded = apply_exclusions(
        frame, [(f"date hors de {year - 1}-{year}", ~pl.col(YEAR).is_between(year - 1, year))]
    )
    for reason, count in excluded.items():
        source.exclude(reason, count)
    collected = kept.drop(LINE).collect()
    previous = year - 1 if (collected[YEAR] == year - 1).any() else None
    return Workshops(collected, source, year, previous)


def workshops(data: Workshops, config: Config) -> list[Result]:
    """Participations, jeunes distincts, jeunes des QPV ; jeunes par quartier prioritaire."""
    del config  # pas de paramètre propre

    counts = data.frame.group_by(YEAR).len()
    qpv = data.frame.filter(pl.col("qpv").fill_null(False))
    results: list[Result] = [
        scalar(
            data,
            "cllaj.atelier.participations",
            "Participations à l'atelier logement",
            "nombre",
            dict(zip(counts[YEAR].to_list(), counts["len"].to_list(), strict=True)),
        ),
        scalar(
            data,
            "cllaj.atelier.jeunes",
            "Jeunes rencontrés à l'atelier logement",
            "nombre",
            youths_by_year(data.frame),
            note="jeunes distincts, avec ou sans dossier au CLLAJ",
        ),
        scalar(
            data,
            "cllaj.atelier.jeunes_qpv",
            "Jeunes des quartiers prioritaires rencontrés à l'atelier logement",
            "nombre",
            youths_by_year(qpv),
            note="jeunes distincts dont une participation au moins dit « Habite un QPV : Oui »",
        ),
    ]

    def by_district(year: int) -> Table:
        part = qpv.filter(pl.col(YEAR) == year)
        grouped = (
            part.group_by("quartier")
            .agg(pl.col("jeune").n_unique().alias("n"))
            .sort("n", "quartier", descending=[True, False], nulls_last=True)
        )
        items = [
            (UNKNOWN if r["quartier"] is None else str(r["quartier"]), int(r["n"]))
            for r in grouped.iter_rows(named=True)
        ]
        return share_table(
            "cllaj.atelier.par_quartier",
            "Jeunes des QPV rencontrés à l'atelier logement, par quartier",
            year,
            ("quartier", "Quartier prioritaire"),
            ("jeunes", "Jeunes"),
            items,
            [
                "jeunes distincts par quartier ; un jeune venu de deux quartiers compte dans "
                "chacun, le total peut donc dépasser les jeunes des QPV"
            ],
        )

    results.append(with_previous(data, by_district))
    return results
