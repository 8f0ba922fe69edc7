"""Actions collectives de la Mission Locale (``ml.ateliers.*``, ``ml.evenements_emploi.*``).

Lit l'extraction des événements et n'en garde que les inscriptions aux ateliers et aux
événements emploi de N-1 et N (définitions : :mod:`gipkit.indicators.ml_collectif`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from gipkit import journal
from gipkit.config import Config
from gipkit.errors import InvalidDataError
from gipkit.indicators import ml_collectif as ind
from gipkit.indicators.common import YEAR
from gipkit.io.exports.ml import ML_EVENTS, THEMES
from gipkit.io.reader import scan_export
from gipkit.io.source import LINE, ReadOptions, SourceReport
from gipkit.reports.common import (
    as_categories,
    by_year,
    choose_year,
    scalar,
    with_previous,
    years_counted,
)
from gipkit.reports.ml import dated_events
from gipkit.results import Column, Result, Table
from gipkit.selection import apply_exclusions

WORKSHOP = "atelier"
JOB_EVENT = "evenement_emploi"
RETAINED = ("retenu",)
PRESENT = ("present",)
THEME_LABELS = {c.code: c.label for c in THEMES}
#: colonnes facultatives lues (les absentes valent nul ; ExportSchema.needs dit ce qui
#: en dépend)
COLUMNS = ["statut", "site", "action", "theme_action", "seance", "suite"]


@dataclass
class Collective:
    """Les inscriptions aux actions collectives de N-1 et N."""

    frame: pl.DataFrame
    source: SourceReport
    year: int
    previous: int | None


def load_collective(
    path: Path, config: Config, options: ReadOptions, *, year: int | None
) -> Collective:
    """Lit l'extraction des événements ; garde les inscriptions aux ateliers et aux
    événements emploi de N-1 et N, écarte le reste avec son motif."""
    frame, source = scan_export(path, ML_EVENTS, columns=COLUMNS, config=config, options=options)
    # un passage pour les années présentes et le bilan des exclusions
    frame, counts = dated_events(path, frame, options)
    present = years_counted(counts, YEAR)
    if not present:
        raise InvalidDataError(f"{path} : aucun événement sous l'en-tête.")
    year = choose_year(present, year, path)
    registered = config.ml.inscription_statuts
    kept, excluded = apply_exclusions(
        frame,
        [
            (f"événement hors de {year - 1}-{year}", ~pl.col(YEAR).is_between(year - 1, year)),
            (
                "contact individuel (ni atelier ni événement emploi)",
                ~pl.col("type_evenement").is_in([WORKSHOP, JOB_EVENT]),
            ),
            (
                "inscription annulée, reportée ou refusée (statut hors de ml.inscription_statuts)",
                ~(pl.col("statut").is_in(registered) | pl.col("statut").is_null()),
            ),
        ],
        counted=counts,
    )
    for reason, count in excluded.items():
        source.exclude(reason, count)
    # en mémoire pour tous les tableaux des ateliers et des événements emploi : les textes
    # en catégories, comme l'est déjà le jeune (:mod:`gipkit.io.identifiers`), que
    # regroupements et comptes distincts lisent plus vite, en moins de mémoire (voir
    # docs/performance-journal.md)
    collected = kept.drop(LINE).with_columns(as_categories()).collect()
    previous = year - 1 if (collected[YEAR] == year - 1).any() else None
    unknown = int(collected.filter(pl.col("statut").is_null()).height)
    if unknown and "statut" in source.found:
        journal.current().warn(
            f"{path} : {unknown} inscription(s) à une action collective sans statut, "
            "comptées inscrites mais pas présentes."
        )
    if "site" in source.absent and "seance" not in source.found:
        # une séance : l'action, le jour et le lieu (indicators.ml_collectif.session_key)
        journal.current().warn(
            f"{path} : ni lieu ni numéro de séance ({source.lacking('site', 'Site')}, "
            f"{source.lacking('seance', 'Séance')}) : une séance est une action un jour "
            "donné ; deux séances du même atelier le même jour en deux lieux n'en font "
            "qu'une"
        )
    return Collective(collected, source, year, previous)


def _rate(presences: int, registrations: int) -> float | None:
    return presences / registrations if registrations else None


def workshops(data: Collective, config: Config) -> list[Result]:
    """Ateliers : tableau par action, et les chiffres clés des ateliers hebdomadaires des
    thèmes de ``ml.ateliers_themes``."""
    settings = config.ml
    frame = data.frame.filter(pl.col("type_evenement") == WORKSHOP).with_columns(
        pl.col("action").fill_null("(sans intitulé)")
    )
    regular = ind.regular_actions(
        frame, themes=settings.ateliers_themes, min_weeks=settings.ateliers_semaines_min
    )
    per_action = ind.collective_summary(frame, ["action"], present=PRESENT, retained=RETAINED).join(
        ind.main_theme(frame), on=[YEAR, "action"], how="left"
    )
    overall = ind.collective_summary(frame, [], present=PRESENT, retained=RETAINED)
    weekly = frame.join(regular, on=[YEAR, "action"], how="semi")
    weekly_summary = ind.collective_summary(weekly, [], present=PRESENT, retained=RETAINED)
    weekly_count = regular.group_by(YEAR).len()
    minimum = settings.ateliers_semaines_min
    themes = ", ".join(THEME_LABELS[t] for t in settings.ateliers_themes)

    def one(year: int) -> Table:
        part = per_action.filter(pl.col(YEAR) == year).sort(
            pl.col("nb_inscriptions"), "action", descending=[True, False]
        )
        rows: list[list[Any]] = [
            [
                r["action"],
                THEME_LABELS.get(r["theme"], r["theme"]) if r["theme"] else None,
                r["nb_seances"],
                r["nb_semaines"],
                r["nb_jeunes"],
                r["nb_inscriptions"],
                r["nb_presences"],
                r["taux_presence"],
                "oui" if r["nb_semaines"] >= minimum else "non",
            ]
            for r in part.iter_rows(named=True)
        ]
        total = overall.filter(pl.col(YEAR) == year)
        t = total.row(0, named=True) if total.height else None
        return Table(
            "ml.ateliers.par_action",
            "Ateliers : séances, inscrits et présence par atelier",
            year,
            [
                Column("action", "Atelier", "texte"),
                Column("theme", "Thème", "texte"),
                Column("seances", "Séances", additive=True, counts=False),
                Column("semaines", "Semaines avec séance", counts=False),
                Column("jeunes", "Jeunes inscrits"),
                Column("inscriptions", "Inscriptions", additive=True),
                Column("presences", "Présences", additive=True),
                Column("taux_presence", "Taux de présence", "taux", base="inscriptions"),
                Column("hebdomadaire", "Hebdomadaire", "texte"),
            ],
            rows,
            [
                "Ensemble",
                None,
                t["nb_seances"] if t else 0,
                None,
                t["nb_jeunes"] if t else 0,
                t["nb_inscriptions"] if t else 0,
                t["nb_presences"] if t else 0,
                t["taux_presence"] if t else None,
                None,
            ],
            [
                "inscription : le jeune était attendu à la séance (statuts de "
                "ml.inscription_statuts ; annulée, reportée ou refusée : non comptée)",
                "taux de présence = présences ÷ inscriptions",
                "séance : identifiant de séance de l'extraction, sinon un atelier, un jour, "
                "un site",
                f"hebdomadaire : au moins une séance {minimum} semaines de l'année "
                "(ml.ateliers_semaines_min)",
                "jeunes inscrits : jeunes distincts (un jeune inscrit à deux ateliers compte "
                "une fois dans l'ensemble)",
            ],
        )

    note = (
        f"ateliers hebdomadaires (une séance au moins {minimum} semaines de l'année) "
        f"du thème {themes} (ml.ateliers_themes)"
    )
    weekly_youths = by_year(weekly_summary, "nb_jeunes")
    presences = by_year(weekly_summary, "nb_presences")
    registrations = by_year(weekly_summary, "nb_inscriptions")
    rates = {y: _rate(presences[y], registrations[y]) for y in registrations}
    return [
        scalar(
            data,
            "ml.ateliers.hebdomadaires",
            "Ateliers hebdomadaires",
            "nombre",
            by_year(weekly_count, "len"),
            note=note,
        ),
        scalar(
            data,
            "ml.ateliers.inscrits",
            "Jeunes inscrits aux ateliers hebdomadaires",
            "nombre",
            weekly_youths,
            note=note + " ; jeunes distincts inscrits à au moins une séance",
        ),
        scalar(
            data,
            "ml.ateliers.taux_presence",
            "Taux de présence aux ateliers hebdomadaires",
            "taux",
            rates,
            numerator=presences.get(data.year),
            denominator=registrations.get(data.year),
            note=note + " ; présences ÷ inscriptions",
        ),
        with_previous(data, one),
    ]


def job_events(data: Collective) -> list[Result]:
    """Événements emploi (job datings, présentations de métiers) : séances, jeunes
    inscrits, présents, retenus pour la suite du recrutement."""
    frame = data.frame.filter(pl.col("type_evenement") == JOB_EVENT)
    summary = ind.collective_summary(frame, [], present=PRESENT, retained=RETAINED)
    note = "jeunes distincts ; un événement est une séance (action, jour, site)"
    return [
        scalar(
            data,
            "ml.evenements_emploi.nombre",
            "Événements emploi organisés",
            "nombre",
            by_year(summary, "nb_seances"),
            note="séances distinctes d'événements emploi (job datings, présentations de métiers)",
        ),
        scalar(
            data,
            "ml.evenements_emploi.inscrits",
            "Jeunes inscrits aux événements emploi",
            "nombre",
            by_year(summary, "nb_jeunes"),
            note=note,
        ),
        scalar(
            data,
            "ml.evenements_emploi.presents",
            "Jeunes présents aux événements emploi",
            "nombre",
            by_year(summary, "nb_jeunes_presents"),
            note=note,
        ),
        scalar(
            data,
            "ml.evenements_emploi.retenus",
            "Jeunes retenus pour la suite du recrutement",
            "nombre",
            by_year(summary, "nb_jeunes_retenus"),
            note=note + " ; suite donnée « Retenu »",
        ),
    ]


def collective(data: Collective, config: Config) -> list[Result]:
    """Ateliers et événements emploi."""
    return [*workshops(data, config), *job_events(data)]
