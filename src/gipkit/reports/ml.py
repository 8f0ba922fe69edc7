"""Documents de la Mission Locale (``ml.*``) : pour l'instant, les situations créées."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from gipkit.config import Config
from gipkit.errors import InvalidDataError
from gipkit.indicators import ml as ind
from gipkit.io.exports.ml import ML_SITUATIONS
from gipkit.io.reader import LINE, ReadOptions, SourceReport, scan_export
from gipkit.reports.common import by_year, choose_year, present_years, scalar, with_previous
from gipkit.results import Column, Result, Table
from gipkit.selection import apply_exclusions

SCHEMA = ML_SITUATIONS


@dataclass
class Situations:
    """Situations de N-1 et N, bilan de lecture, année N et N-1 si présente."""

    frame: pl.DataFrame
    source: SourceReport
    year: int
    previous: int | None


def load(path: Path, config: Config, options: ReadOptions, *, year: int | None) -> Situations:
    """Lit l'extraction des situations ; écarte, avec leur motif, celles hors de N-1..N."""
    frame, source = scan_export(
        path, SCHEMA, columns=["type_contrat", "date_fin"], config=config, options=options
    )
    frame = frame.with_columns(pl.col("date_debut").dt.year().cast(pl.Int64).alias(ind.YEAR))
    present = present_years(frame, ind.YEAR)
    if not present:
        raise InvalidDataError(f"{path} : aucune situation sous l'en-tête.")
    year = choose_year(present, year, path)
    rules = [
        (f"situation commencée après {year}", pl.col(ind.YEAR) > year),
        (f"situation commencée avant {year - 1}", pl.col(ind.YEAR) < year - 1),
    ]
    kept, excluded = apply_exclusions(frame, rules)
    for reason, count in excluded.items():
        source.exclude(reason, count)
    collected = kept.drop(LINE).collect()
    previous = year - 1 if (collected[ind.YEAR] == year - 1).any() else None
    return Situations(collected, source, year, previous)


def situations(data: Situations, config: Config) -> list[Result]:
    """Situations créées (total, par nature), emplois durables, jeunes en contrat."""
    settings = config.ml
    by_kind = ind.situations_by_kind(data.frame)
    durable = ind.durable_employment(
        data.frame,
        always=settings.emploi_durable_toujours,
        if_long=settings.emploi_durable_si_duree,
        min_months=settings.duree_durable_mois,
    )
    contracts = ind.youths_with_contract(data.frame)
    totals = by_kind.group_by(ind.YEAR).agg(pl.col("nb_situations").sum())

    jobs = by_year(durable, "nb_emplois")
    durable_jobs = by_year(durable, "nb_emplois_durables")
    definition = (
        f"{', '.join(settings.emploi_durable_toujours)}, ou "
        f"{', '.join(settings.emploi_durable_si_duree)} de {settings.duree_durable_mois} mois "
        "ou plus"
    )
    results: list[Result] = [
        scalar(
            data,
            "ml.situations.total",
            "Situations créées",
            "nombre",
            by_year(totals, "nb_situations"),
            note="situations commencées dans l'année",
        ),
        scalar(
            data,
            "ml.situations.emplois_durables",
            "Emplois durables",
            "nombre",
            durable_jobs,
            note=f"emploi durable : {definition}",
        ),
        scalar(
            data,
            "ml.situations.part_emplois_durables",
            "Part des emplois durables",
            "taux",
            by_year(durable, "part_durable"),
            numerator=durable_jobs.get(data.year, 0),
            denominator=jobs.get(data.year, 0),
            note="emplois durables / emplois",
        ),
        scalar(
            data,
            "ml.situations.jeunes_en_contrat",
            "Jeunes ayant au moins un contrat",
            "nombre",
            by_year(contracts, "nb_jeunes"),
            note="emploi ou alternance",
        ),
        scalar(
            data,
            "ml.situations.contrats",
            "Contrats (emploi et alternance)",
            "nombre",
            by_year(contracts, "nb_contrats"),
        ),
    ]
    spec = SCHEMA.column("type_situation")
    codes = [c.code for c in spec.categories]

    def one(year: int) -> Table:
        part = by_kind.filter(pl.col(ind.YEAR) == year).sort(
            pl.col("type_situation").replace_strict(
                {c: i for i, c in enumerate(codes)}, default=len(codes), return_dtype=pl.Int64
            )
        )
        rows = [
            [spec.label_of(r["type_situation"]), r["nb_situations"], r["part"]]
            for r in part.iter_rows(named=True)
        ]
        total = ["Total", int(part["nb_situations"].sum()), 1.0 if part.height else None]
        return Table(
            "ml.situations.par_type",
            "Situations créées par nature",
            year,
            [
                Column("type_situation", "Situation", "texte"),
                Column("situations", "Situations", additive=True),
                Column("part", "Part", "part"),
            ],
            rows,
            total,
            ["situations commencées dans l'année"],
        )

    results.append(with_previous(data, one))
    return results


INDICATOR_IDS = (
    "ml.situations.total",
    "ml.situations.emplois_durables",
    "ml.situations.part_emplois_durables",
    "ml.situations.jeunes_en_contrat",
    "ml.situations.contrats",
    "ml.situations.par_type",
)
