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
from gipkit.io.exports.ml import ML_PROPOSALS, ML_REQUESTS
from gipkit.io.reader import SourceReport
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
CONVENTIONAL = {
    "jeunes": "--jeunes",
    "evenements": "--evenements",
    "situations": "--situations",
    "dispositifs": "--dispositifs",
    "demandes": "--demandes",
    "propositions": "--propositions",
}
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


def _optional_extract(name: str, given: Path | None, folder: Path | None) -> Path | None:
    """Comme :func:`_extract`, mais ``None`` si l'extraction n'est ni donnée ni dans le dossier."""
    if given is not None or folder is None:
        return given
    return next(
        (folder / f"{name}{s}" for s in SUFFIXES if (folder / f"{name}{s}").is_file()), None
    )


@ml.command("dispositifs")
@click.option(
    "--dispositifs",
    "programmes_file",
    type=click.Path(path_type=Path),
    help="Extraction des dispositifs (CEJ, PACEA…).",
)
@click.option(
    "--jeunes",
    type=click.Path(path_type=Path),
    help="Extraction des jeunes, pour le profil des entrants en CEJ (facultative).",
)
@click.option(
    "--dossier",
    type=click.Path(path_type=Path, file_okay=False),
    help="Dossier contenant dispositifs.csv (et jeunes.csv).",
)
@year_option
@output_options
def dispositifs(
    programmes_file: Path | None, jeunes: Path | None, dossier: Path | None, annee: int | None
) -> Document:
    """Dispositifs : entrées par dispositif, PACEA (entrées, jeunes accompagnés, allocations),
    CEJ (entrées, part QPV et sans diplôme, sorties et sorties positives).

    Sortie positive du CEJ par défaut (rapport 2025) : emploi durable, alternance ou retour
    en formation initiale (clé ml.cej_sorties_positives).

    Exemple :

        gipkit ml dispositifs --dispositifs dispositifs.csv --jeunes jeunes.csv
    """
    config = state().config
    data = rep.load_programmes(
        _extract("dispositifs", programmes_file, dossier),
        _optional_extract("jeunes", jeunes, dossier),
        config,
        read_options(None, False),
        year=annee,
    )
    params = {"annee": data.year, "cej_sorties_positives": config.ml.cej_sorties_positives}
    return make_document("ml dispositifs", params, data.sources, rep.programmes(data, config))


@ml.command("demandes")
@input_file
@year_option
@output_options
def demandes(
    fichier: Path, feuille: str | None, montrer_valeurs: bool, annee: int | None
) -> Document:
    """Demandes exprimées par les jeunes : nombre et part par thème (emploi et alternance,
    orientation, formation, logement, santé…), avec N-1.

    Exemple :

        gipkit ml demandes demandes.csv
    """
    data = rep.load_dated(
        fichier, ML_REQUESTS, state().config, read_options(feuille, montrer_valeurs), year=annee
    )
    return make_document("ml demandes", {"annee": data.year}, [data.source], rep.requests(data))


@ml.command("propositions")
@input_file
@year_option
@output_options
def propositions(
    fichier: Path, feuille: str | None, montrer_valeurs: bool, annee: int | None
) -> Document:
    """Propositions par thème (orientation, formation, santé…) : jeunes concernés,
    propositions, prescriptions et entrées.

    Exemple :

        gipkit ml propositions propositions.csv
    """
    data = rep.load_dated(
        fichier, ML_PROPOSALS, state().config, read_options(feuille, montrer_valeurs), year=annee
    )
    return make_document(
        "ml propositions", {"annee": data.year}, [data.source], rep.proposals(data)
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
@click.option("--jeunes", type=click.Path(path_type=Path), help="Extraction des jeunes.")
@click.option("--evenements", type=click.Path(path_type=Path), help="Extraction des événements.")
@click.option(
    "--dispositifs",
    "programmes_file",
    type=click.Path(path_type=Path),
    help="Extraction des dispositifs.",
)
@click.option(
    "--situations",
    "situations_file",
    type=click.Path(path_type=Path),
    help="Extraction des situations.",
)
@click.option(
    "--dossier",
    type=click.Path(path_type=Path, file_okay=False),
    help="Dossier contenant les extractions sous leurs noms conventionnels "
    "(jeunes.csv, evenements.csv, dispositifs.csv, situations.csv).",
)
@year_option
@output_options
def tout(
    jeunes: Path | None,
    evenements: Path | None,
    programmes_file: Path | None,
    situations_file: Path | None,
    dossier: Path | None,
    annee: int | None,
) -> Document:
    """Tous les indicateurs de la Mission Locale calculables à partir des extractions données,
    en un document pour gipkit comparer et verifier : activité générale (jeunes et
    événements), dispositifs, situations.

    Exemple :

        gipkit ml tout --dossier extractions-2025 --annee 2025 --format json > ml-2025.json
    """
    config = state().config
    options = read_options(None, False)
    youths_file = _optional_extract("jeunes", jeunes, dossier)
    events_file = _optional_extract("evenements", evenements, dossier)
    programmes_path = _optional_extract("dispositifs", programmes_file, dossier)
    situations_path = _optional_extract("situations", situations_file, dossier)
    results: list[Result] = []
    sources: list[SourceReport] = []
    year = annee
    if events_file is not None:
        activity = rep.load_activity(
            _extract("jeunes", jeunes, dossier), events_file, config, options, year=year
        )
        results += rep.activity(activity)
        sources += activity.sources
        year = activity.year
    if programmes_path is not None:
        programmes = rep.load_programmes(programmes_path, youths_file, config, options, year=year)
        results += rep.programmes(programmes, config)
        known = {s.path for s in sources}
        sources += [s for s in programmes.sources if s.path not in known]
        year = programmes.year
    dated: dict[str, rep.Dated] = {}
    for name, schema, build in (
        ("demandes", ML_REQUESTS, rep.requests),
        ("propositions", ML_PROPOSALS, rep.proposals),
    ):
        dated_path = _optional_extract(name, None, dossier)
        if dated_path is not None:
            dated[name] = rep.load_dated(dated_path, schema, config, options, year=year)
            results += build(dated[name])
            sources.append(dated[name].source)
            year = dated[name].year
    if situations_path is not None:
        data = rep.load(situations_path, config, options, year=year)
        results += rep.situations(data, config)
        sources.append(data.source)
        year = data.year
        if "demandes" in dated:
            results.append(rep.requests_vs_situations(dated["demandes"], data))
    if not results:
        raise ParameterError(
            "Donnez au moins une extraction (--evenements et --jeunes, "
            "--dispositifs, --situations, ou --dossier)."
        )
    return make_document("ml tout", {"annee": year}, sources, results)
