"""Logement Relais Jeunes du CLLAJ (``cllaj.lrj.*``) : places, jeunes accompagnés,
sorties et où, relogements durables, ménages présents au 31 décembre."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from gipkit.config import Config
from gipkit.indicators import cllaj_activite as act
from gipkit.indicators.common import YEAR, open_during, year_column, year_of
from gipkit.io.exports.cllaj import CLLAJ_LRJ, HOUSEHOLDS, LRJ_EXITS
from gipkit.io.reader import scan_export
from gipkit.io.source import LINE, ReadOptions, SourceReport
from gipkit.reports.common import (
    dated_periods,
    declared_order,
    previous_of_periods,
    scalar,
    with_previous,
)
from gipkit.results import Column, Result, Scalar, Table

UNKNOWN = "Non renseigné"

# --- Logement Relais Jeunes ---------------------------------------------------------------


@dataclass
class Stays:
    """Les séjours au LRJ qui touchent N-1 ou N."""

    frame: pl.DataFrame
    source: SourceReport
    year: int
    previous: int | None


def load_lrj(path: Path, config: Config, options: ReadOptions, *, year: int | None) -> Stays:
    """Lit les séjours ; écarte, avec leur motif, ceux finis avant N-1 ou commencés après N."""
    frame, source = scan_export(
        path,
        CLLAJ_LRJ,
        columns=["residence", "sexe", "date_sortie", "logement_sortie", "menage"],
        config=config,
        options=options,
    )
    kept, year, _ = dated_periods(frame, path, year, source, noun="séjour")
    collected = kept.drop(LINE).collect()
    previous = previous_of_periods(collected, year)
    return Stays(collected, source, year, previous)


def lrj(data: Stays, config: Config) -> list[Result]:
    """Places, jeunes accompagnés, sorties, présents au 31 décembre ; tableaux."""
    years = [y for y in (data.previous, data.year) if y is not None]
    counts = act.lrj_stays(data.frame, years=years)

    def of(column: str) -> dict[int, Any]:
        return dict(zip(counts[YEAR].to_list(), counts[column].to_list(), strict=True))

    results: list[Result] = []
    places = config.cllaj.lrj_places
    if places:
        # donnée saisie pour l'année N seulement : pas de N-1 (jamais un faux 0 ni un faux
        # « +30 » d'évolution)
        results.append(
            Scalar(
                "cllaj.lrj.places",
                "Places du Logement Relais Jeunes",
                "nombre",
                data.year,
                sum(places.values()),
                note=", ".join(f"{k} : {v}" for k, v in places.items())
                + " (clé cllaj.lrj_places ; donnée saisie, sans N-1)",
            )
        )
    results += [
        scalar(
            data,
            "cllaj.lrj.jeunes_accompagnes",
            "Jeunes accompagnés au LRJ",
            "nombre",
            of("nb_jeunes"),
            note="séjour en cours à un moment de l'année",
        ),
        scalar(data, "cllaj.lrj.sorties", "Sorties du LRJ", "nombre", of("nb_sorties")),
        scalar(
            data,
            "cllaj.lrj.presents_31_12",
            "Présents au LRJ au 31 décembre",
            "nombre",
            of("nb_presents_31_12"),
        ),
    ]
    # sans « Logement à la sortie » ni « Date de sortie », gipkit.needs retire ce résultat
    durable = config.cllaj.lrj_sorties_durables
    names = {c.code: c.label for c in LRJ_EXITS}
    left = data.frame.filter(pl.col("logement_sortie").is_in(durable))
    found = left.group_by(year_column("date_sortie")).len()
    results.append(
        scalar(
            data,
            "cllaj.lrj.sorties_relogement_durable",
            "Sorties du LRJ vers un logement durable",
            "nombre",
            dict(zip(found[YEAR].to_list(), found["len"].to_list(), strict=True)),
            note="sorties vers : "
            + ", ".join(names.get(c, c).lower() for c in durable)
            + " (clé cllaj.lrj_sorties_durables)",
        )
    )

    def active(year: int) -> pl.DataFrame:
        return data.frame.filter(open_during("date_entree", "date_sortie", year))

    def table(
        ident: str,
        label: str,
        key: str,
        pick: Callable[[int], pl.DataFrame],
        names: dict[str, str],
        note: str,
    ) -> Table:
        def one(year: int) -> Table:
            frame = pick(year)
            grouped = (
                frame.group_by(key).len().sort(declared_order(key, list(names)), nulls_last=True)
            )
            rows = [
                [UNKNOWN if r[key] is None else names.get(r[key], r[key]), int(r["len"])]
                for r in grouped.iter_rows(named=True)
            ]
            return Table(
                ident,
                label,
                year,
                [
                    Column(key, label.split(" par ")[-1].capitalize(), "texte"),
                    Column("jeunes", "Jeunes", additive=True),
                ],
                rows,
                ["Total", frame.height],
                [note],
            )

        return with_previous(data, one)

    sexes = {"F": "Femmes", "H": "Hommes"}
    results += [
        table(
            "cllaj.lrj.par_sexe",
            "Jeunes accompagnés au LRJ par sexe",
            "sexe",
            lambda y: active(y).unique("jeune", keep="last", maintain_order=True),
            sexes,
            "jeunes distincts dont un séjour touche l'année",
        ),
        table(
            "cllaj.lrj.sorties_par_logement",
            "Sorties du LRJ par logement",
            "logement_sortie",
            lambda y: data.frame.filter(year_of(pl.col("date_sortie")) == y),
            {c.code: c.label for c in LRJ_EXITS},
            "séjours terminés dans l'année",
        ),
        table(
            "cllaj.lrj.menages_31_12",
            "Ménages présents au 31 décembre par composition",
            "menage",
            lambda y: data.frame.filter(
                (year_of(pl.col("date_entree")) <= y)
                & (pl.col("date_sortie").is_null() | (year_of(pl.col("date_sortie")) > y))
            ),
            {c.code: c.label for c in HOUSEHOLDS},
            "séjours en cours au 31 décembre",
        ),
    ]
    return results
