"""File d'attente du PLIE (``plie.attente.*`` et ``plie.participants.file_attente``).

Rapport 2025, PLIE : « la demande d'accompagnement dépasse largement la capacité
effective à y répondre, ce qui se traduit par un phénomène de file d'attente : à ce jour,
21 personnes a priori éligibles à l'accompagnement du PLIE attendent que des sorties se
fassent pour pouvoir être intégrées ». Calculée à partir de l'extraction des
pré-inscriptions (une ligne par pré-inscription), au lieu d'un nombre saisi.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from gipkit.config import Config
from gipkit.errors import InvalidDataError
from gipkit.indicators import plie_parcours as ind
from gipkit.indicators.common import YEAR, year_column, year_of
from gipkit.io.exports.plie import PLIE_PREREGISTRATIONS
from gipkit.io.reader import scan_export
from gipkit.io.source import LINE, ReadOptions, SourceReport
from gipkit.reports.common import choose_year, present_years, scalar
from gipkit.results import MEAN, Result
from gipkit.selection import apply_exclusions


@dataclass
class Preregistrations:
    """Les pré-inscriptions faites au plus tard en N, bilan, N et N-1."""

    frame: pl.DataFrame
    source: SourceReport
    year: int
    previous: int | None


def load(path: Path, config: Config, options: ReadOptions, *, year: int | None) -> Preregistrations:
    """Lit les pré-inscriptions ; écarte, avec leur motif, celles faites après N et celles
    entrées ou abandonnées avant leur pré-inscription."""
    frame, source = scan_export(
        path,
        PLIE_PREREGISTRATIONS,
        columns=["date_entree", "date_abandon"],
        config=config,
        options=options,
    )
    present = present_years(frame.select(year_column("date_preinscription")))
    if not present:
        raise InvalidDataError(f"{path} : aucune pré-inscription datée sous l'en-tête.")
    year = choose_year(present, year, path)
    kept, excluded = apply_exclusions(
        frame,
        [
            (
                f"pré-inscription après {year}",
                year_of(pl.col("date_preinscription")) > year,
            ),
            (
                "entrée ou abandon avant la pré-inscription",
                (pl.col("date_entree") < pl.col("date_preinscription")).fill_null(False)
                | (pl.col("date_abandon") < pl.col("date_preinscription")).fill_null(False),
            ),
        ],
    )
    for reason, count in excluded.items():
        source.exclude(reason, count)
    collected = kept.drop(LINE).collect()
    previous = year - 1 if (collected["date_preinscription"].dt.year() <= year - 1).any() else None
    return Preregistrations(collected, source, year, previous)


def waiting_list(data: Preregistrations, config: Config) -> list[Result]:
    """File d'attente au 31 décembre, pré-inscriptions, entrées depuis la liste, attente."""
    del config  # pas de paramètre propre
    years = [y for y in (data.previous, data.year) if y is not None]
    found = ind.waiting_list(data.frame, years=years)

    def of(column: str) -> dict[int, object]:
        return dict(zip(found[YEAR].to_list(), found[column].to_list(), strict=True))

    return [
        scalar(
            data,
            "plie.participants.file_attente",
            "Personnes en file d'attente",
            "nombre",
            of("en_attente_31_12"),
            note="pré-inscrites au 31 décembre, ni entrées en parcours ni parties de la liste "
            "(extraction des pré-inscriptions)",
        ),
        scalar(
            data,
            "plie.attente.preinscriptions",
            "Pré-inscriptions de l'année",
            "nombre",
            of("preinscriptions"),
        ),
        scalar(
            data,
            "plie.attente.entrees_depuis_liste",
            "Entrées en parcours depuis la liste d'attente",
            "nombre",
            of("entrees"),
        ),
        scalar(
            data,
            "plie.attente.delai_moyen_jours",
            "Attente moyenne avant l'entrée (jours)",
            "valeur",
            of("delai_moyen_jours"),
            missing=None,
            note="de la pré-inscription à l'entrée en parcours, pour les entrées de l'année",
            shown=MEAN,
        ),
    ]
