"""Commandes ``gipkit ml`` : le chapitre Mission Locale (pour l'instant, les situations)."""

from __future__ import annotations

from pathlib import Path

import click

from gipkit.cli.options import (
    input_file,
    make_document,
    output_options,
    read_options,
    state,
    year_option,
)
from gipkit.errors import InputUnreadableError, ParameterError
from gipkit.reports import ml as rep
from gipkit.results import Document, Result


@click.group()
def ml() -> None:
    """Mission Locale : jeunes accompagnés, situations, dispositifs."""


@ml.command("situations")
@input_file
@year_option
@output_options
def situations(
    fichier: Path, feuille: str | None, montrer_valeurs: bool, annee: int | None
) -> Document:
    """Situations créées dans l'année : par nature, emplois durables, jeunes en contrat.

    Lit l'extraction des situations seule (une ligne par situation) ; une situation
    compte l'année de sa date de début. Emploi durable par défaut : CDI, ou CDD et
    intérim de 6 mois ou plus (clés ml.* de gipkit.toml).

    Exemple :

        gipkit ml situations export.csv
    """
    config = state().config
    data = rep.load(fichier, config, read_options(feuille, montrer_valeurs), year=annee)
    params = {
        "annee": data.year,
        "emploi_durable_toujours": config.ml.emploi_durable_toujours,
        "emploi_durable_si_duree": config.ml.emploi_durable_si_duree,
        "duree_durable_mois": config.ml.duree_durable_mois,
    }
    return make_document("ml situations", params, [data.source], rep.situations(data, config))


#: noms conventionnels des extractions dans un dossier (--dossier)
CONVENTIONAL = {"jeunes": "--jeunes", "evenements": "--evenements", "situations": "--situations"}
SUFFIXES = (".csv", ".xlsx", ".xls", ".txt")


def _extract(name: str, given: Path | None, folder: Path | None) -> Path:
    """Le fichier d'une extraction : donné par son option, ou trouvé dans le dossier."""
    if given is not None:
        return given
    if folder is not None:
        for suffix in SUFFIXES:
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    option = CONVENTIONAL[name]
    if folder is not None:
        raise InputUnreadableError(
            f"Extraction « {name} » introuvable dans {folder} ({name}.csv ou {name}.xlsx).",
            details=[f"renommez le fichier, ou donnez-le avec {option} FICHIER"],
        )
    raise InputUnreadableError(
        f"Extraction « {name} » manquante : donnez {option} FICHIER, ou --dossier DOSSIER "
        f"qui contient {name}.csv."
    )


@ml.command("activite")
@click.option("--jeunes", type=click.Path(path_type=Path), help="Extraction des jeunes.")
@click.option(
    "--evenements",
    type=click.Path(path_type=Path),
    help="Extraction des événements (rendez-vous, ateliers, contacts).",
)
@click.option(
    "--dossier",
    type=click.Path(path_type=Path, file_okay=False),
    help="Dossier contenant jeunes.csv et evenements.csv (ou .xlsx).",
)
@year_option
@output_options
def activite(
    jeunes: Path | None, evenements: Path | None, dossier: Path | None, annee: int | None
) -> Document:
    """Activité générale : jeunes accompagnés, premiers accueils et leur part, profil des
    jeunes accompagnés (QPV, âge, sexe, niveau, commune).

    Un jeune est accompagné s'il a été présent à au moins un rendez-vous de l'année
    (entretien individuel, information collective ou atelier ; clés ml.accompagnement_*).

    Exemple :

        gipkit ml activite --jeunes jeunes.csv --evenements evenements.csv
    """
    config = state().config
    data = rep.load_activity(
        _extract("jeunes", jeunes, dossier),
        _extract("evenements", evenements, dossier),
        config,
        read_options(None, False),
        year=annee,
    )
    params = {
        "annee": data.year,
        "accompagnement_evenements": config.ml.accompagnement_evenements,
        "accompagnement_statuts": config.ml.accompagnement_statuts,
    }
    return make_document("ml activite", params, data.sources, rep.activity(data))


@ml.command("tout")
@click.option(
    "--situations",
    "situations_file",
    type=click.Path(path_type=Path),
    help="Extraction des situations.",
)
@click.option("--jeunes", type=click.Path(path_type=Path), help="Extraction des jeunes.")
@click.option("--evenements", type=click.Path(path_type=Path), help="Extraction des événements.")
@click.option(
    "--dossier",
    type=click.Path(path_type=Path, file_okay=False),
    help="Dossier contenant les extractions sous leurs noms conventionnels "
    "(situations.csv, jeunes.csv, evenements.csv).",
)
@year_option
@output_options
def tout(
    situations_file: Path | None,
    jeunes: Path | None,
    evenements: Path | None,
    dossier: Path | None,
    annee: int | None,
) -> Document:
    """Tous les indicateurs de la Mission Locale calculables à partir des extractions données,
    en un document pour gipkit comparer et verifier : activité générale (jeunes et
    événements) et situations.

    Exemple :

        gipkit ml tout --dossier extractions-2025 --annee 2025 --format json > ml-2025.json
    """
    config = state().config
    results: list[Result] = []
    sources = []
    params: dict[str, object] = {}
    if jeunes or evenements or dossier:
        activity = rep.load_activity(
            _extract("jeunes", jeunes, dossier),
            _extract("evenements", evenements, dossier),
            config,
            read_options(None, False),
            year=annee,
        )
        results += rep.activity(activity)
        sources += activity.sources
        params["annee"] = activity.year
    if situations_file or dossier:
        data = rep.load(
            _extract("situations", situations_file, dossier),
            config,
            read_options(None, False),
            year=annee,
        )
        results += rep.situations(data, config)
        sources.append(data.source)
        params["annee"] = data.year
    if not results:
        raise ParameterError(
            "Donnez au moins une extraction (--situations, --jeunes et --evenements, ou --dossier)."
        )
    return make_document("ml tout", params, sources, results)
