"""Documents de la Mission Locale (``ml.*``) : pour l'instant, les situations créées."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from gipkit.config import Config
from gipkit.errors import InvalidDataError, ParameterError
from gipkit.indicators import ml as ind
from gipkit.io.exports.ml import ML_SITUATIONS
from gipkit.io.reader import LINE, ReadOptions, SourceReport, scan_export
from gipkit.results import Column, Result, Scalar, Table
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
    present = sorted(frame.select(pl.col(ind.YEAR).unique()).collect().to_series().to_list())
    if not present:
        raise InvalidDataError(f"{path} : aucune situation sous l'en-tête.")
    if year is None:
        year = present[-1]
    elif year not in present:
        years = ", ".join(str(y) for y in present)
        raise ParameterError(f"Année {year} absente de {path} (années présentes : {years}).")
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

    def per_year(frame: pl.DataFrame, column: str) -> dict[int, Any]:
        return dict(zip(frame[ind.YEAR].to_list(), frame[column].to_list(), strict=True))

    def scalar(ident: str, label: str, unit: str, values: dict[int, Any], **extra: Any) -> Scalar:
        prev = data.previous
        return Scalar(
            ident,
            label,
            unit,
            data.year,
            values.get(data.year, 0),
            previous=values.get(prev, 0) if prev else None,
            previous_year=prev,
            **extra,
        )

    jobs = per_year(durable, "nb_emplois")
    durable_jobs = per_year(durable, "nb_emplois_durables")
    definition = (
        f"{', '.join(settings.emploi_durable_toujours)}, ou "
        f"{', '.join(settings.emploi_durable_si_duree)} de {settings.duree_durable_mois} mois "
        "ou plus"
    )
    results: list[Result] = [
        scalar(
            "ml.situations.total",
            "Situations créées",
            "nombre",
            per_year(totals, "nb_situations"),
            note="situations commencées dans l'année",
        ),
        scalar(
            "ml.situations.emplois_durables",
            "Emplois durables",
            "nombre",
            durable_jobs,
            note=f"emploi durable : {definition}",
        ),
        scalar(
            "ml.situations.part_emplois_durables",
            "Part des emplois durables",
            "taux",
            per_year(durable, "part_durable"),
            numerator=durable_jobs.get(data.year, 0),
            denominator=jobs.get(data.year, 0),
            note="emplois durables / emplois",
        ),
        scalar(
            "ml.situations.jeunes_en_contrat",
            "Jeunes ayant au moins un contrat",
            "nombre",
            per_year(contracts, "nb_jeunes"),
            note="emploi ou alternance",
        ),
        scalar(
            "ml.situations.contrats",
            "Contrats (emploi et alternance)",
            "nombre",
            per_year(contracts, "nb_contrats"),
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

    table = one(data.year)
    if data.previous is not None:
        table.previous = one(data.previous)
    results.append(table)
    return results


INDICATOR_IDS = (
    "ml.situations.total",
    "ml.situations.emplois_durables",
    "ml.situations.part_emplois_durables",
    "ml.situations.jeunes_en_contrat",
    "ml.situations.contrats",
    "ml.situations.par_type",
)
