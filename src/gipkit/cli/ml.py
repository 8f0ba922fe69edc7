"""Commandes ``gipkit ml`` : le chapitre Mission Locale."""

from __future__ import annotations

from pathlib import Path

import click

from gipkit.cli.extracts import (
    folder_option,
    optional,
    path_option,
    required,
)
from gipkit.cli.options import (
    input_file,
    make_document,
    output_options,
    read_options,
    reading_options,
    state,
    year_option,
)
from gipkit.cli.tout import tout_command
from gipkit.io.exports.ml import ML_PROPOSALS, ML_REQUESTS
from gipkit.reports import ml as rep
from gipkit.reports import ml_collectif, ml_emploi, ml_obligation, ml_territoire
from gipkit.results import Document, Result


@click.group()
def ml() -> None:
    """Mission Locale : activité, territoire, situations, emploi, dispositifs, obligation de
    formation, demandes et propositions."""


@ml.command("situations")
@input_file("situations")
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


@ml.command("dispositifs")
@path_option("dispositifs", "Extraction des dispositifs (CEJ, PACEA…).", "programmes_file")
@path_option("jeunes", "Extraction des jeunes, pour le profil des entrants en CEJ (facultative).")
@click.option(
    "--dossier",
    type=click.Path(path_type=Path, file_okay=False),
    help="Dossier contenant dispositifs.csv (et jeunes.csv).",
)
@year_option
@reading_options()
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
        required("dispositifs", programmes_file, dossier),
        optional("jeunes", jeunes, dossier),
        config,
        read_options(None, False),
        year=annee,
    )
    params = {"annee": data.year, "cej_sorties_positives": config.ml.cej_sorties_positives}
    return make_document("ml dispositifs", params, data.sources, rep.programmes(data, config))


@ml.command("demandes")
@input_file("demandes")
@path_option(
    "jeunes",
    "Extraction des jeunes, pour l'âge des demandeurs (facultative ; par défaut, jeunes.csv "
    "à côté des demandes s'il existe).",
)
@year_option
@output_options
def demandes(
    fichier: Path,
    feuille: str | None,
    montrer_valeurs: bool,
    annee: int | None,
    jeunes: Path | None,
) -> Document:
    """Demandes exprimées par les jeunes : nombre et part par thème (emploi et alternance,
    orientation, formation, logement, santé…), avec N-1 ; avec l'extraction des jeunes,
    les demandes de chaque thème par âge du demandeur.

    Exemple :

        gipkit ml demandes demandes.csv --jeunes jeunes.csv
    """
    config = state().config
    data = rep.load_dated(
        fichier, ML_REQUESTS, config, read_options(feuille, montrer_valeurs), year=annee
    )
    results: list[Result] = rep.requests(data)
    sources = [data.source]
    youths = optional("jeunes", jeunes, fichier.parent)
    if youths is not None:
        ages, ages_source = rep.load_youths(
            youths, ["date_naissance"], config, read_options(None, False)
        )
        # sans date de naissance, le tableau est retiré et le manque dit (ExportSchema.needs)
        results.append(rep.requests_by_age(data, ages))
        sources.append(ages_source)
    return make_document("ml demandes", {"annee": data.year}, sources, results)


@ml.command("propositions")
@input_file("propositions")
@path_option(
    "jeunes",
    "Extraction des jeunes, pour le sexe des jeunes reçus par les partenaires de santé "
    "(facultative ; par défaut, jeunes.csv à côté des propositions s'il existe).",
)
@year_option
@output_options
def propositions(
    fichier: Path,
    feuille: str | None,
    montrer_valeurs: bool,
    annee: int | None,
    jeunes: Path | None,
) -> Document:
    """Propositions par thème (orientation, formation, santé…) : jeunes concernés,
    propositions, prescriptions et entrées ; les propositions de santé par partenaire
    (permanences psychologiques…), avec la part non honorée et, avec l'extraction des
    jeunes, la part des femmes.

    Exemple :

        gipkit ml propositions propositions.csv
    """
    config = state().config
    data = rep.load_dated(
        fichier,
        ML_PROPOSALS,
        config,
        read_options(feuille, montrer_valeurs),
        year=annee,
        columns=rep.PROPOSAL_COLUMNS,
    )
    sources = [data.source]
    youths_path = optional("jeunes", jeunes, fichier.parent)
    youths = None
    if youths_path is not None:
        youths, youths_source = rep.load_youths(
            youths_path, ["sexe"], config, read_options(None, False)
        )
        sources.append(youths_source)
    results = [*rep.proposals(data), rep.health_partners(data, youths)]
    return make_document("ml propositions", {"annee": data.year}, sources, results)


@ml.command("ateliers")
@input_file("evenements")
@year_option
@output_options
def ateliers(
    fichier: Path, feuille: str | None, montrer_valeurs: bool, annee: int | None
) -> Document:
    """Ateliers et événements emploi : séances, jeunes inscrits, présence, jeunes retenus.

    Lit l'extraction des événements seule. Une inscription est une ligne d'atelier ou
    d'événement emploi dont le jeune était attendu (présent, absent, prescrit…) ; le
    taux de présence est présences ÷ inscriptions. Les chiffres clés portent sur les
    ateliers hebdomadaires du thème emploi (clés ml.ateliers_themes et
    ml.ateliers_semaines_min de gipkit.toml).

    Exemple :

        gipkit ml ateliers evenements.csv
    """
    config = state().config
    data = ml_collectif.load_collective(
        fichier, config, read_options(feuille, montrer_valeurs), year=annee
    )
    return make_document(
        "ml ateliers",
        {
            "annee": data.year,
            "ateliers_themes": config.ml.ateliers_themes,
            "ateliers_semaines_min": config.ml.ateliers_semaines_min,
            "inscription_statuts": config.ml.inscription_statuts,
        },
        [data.source],
        ml_collectif.collective(data, config),
    )


@ml.command("activite")
@path_option("jeunes", "Extraction des jeunes.")
@path_option("evenements", "Extraction des événements (rendez-vous, ateliers, contacts).")
@click.option(
    "--dossier",
    type=click.Path(path_type=Path, file_okay=False),
    help="Dossier contenant jeunes.csv et evenements.csv (ou .xlsx).",
)
@year_option
@reading_options()
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
        required("jeunes", jeunes, dossier),
        required("evenements", evenements, dossier),
        config,
        read_options(None, False),
        year=annee,
    )
    params = {
        "annee": data.year,
        "accompagnement_evenements": config.ml.accompagnement_evenements,
        "accompagnement_statuts": config.ml.accompagnement_statuts,
        "bac_non_valide": config.ml.bac_non_valide,
    }
    results = [*rep.activity(data, config), *rep.modalities(data, None, config)]
    return make_document("ml activite", params, data.sources, results)


FOLDER_OPTION = folder_option(
    "jeunes.csv, evenements.csv, situations.csv, dispositifs.csv, demandes.csv, propositions.csv"
)


@ml.command("territoire")
@path_option("jeunes", "Extraction des jeunes (commune, quartier, niveau).")
@path_option("evenements", "Extraction des événements.")
@path_option("situations", "Extraction des situations, pour les contrats par quartier.")
@FOLDER_OPTION
@year_option
@reading_options()
@output_options
def territoire(
    jeunes: Path | None,
    evenements: Path | None,
    situations: Path | None,
    dossier: Path | None,
    annee: int | None,
) -> Document:
    """Territoire : par commune et quartier de résidence, jeunes accompagnés et leur part
    dans la commune, événements physiques et événements par jeune, niveaux de formation
    avec les seuils de mise en évidence du rapport, contrats et parts de CDI et de CDD
    (si les situations sont données).

    Seuils (rapport 2025) : plus de 13 % BAC+2 et plus, 35 % BAC, 11 % CAP/BEP, 50 %
    infra BEP et sans diplôme (clé ml.groupes_niveaux).

    Exemple :

        gipkit ml territoire --dossier extractions-2025
    """
    config = state().config
    options = read_options(None, False)
    data = rep.load_activity(
        required("jeunes", jeunes, dossier),
        required("evenements", evenements, dossier),
        config,
        options,
        year=annee,
    )
    sources = list(data.sources)
    situations_path = optional("situations", situations, dossier)
    contracts = None
    if situations_path is not None:
        contracts = rep.load(situations_path, config, options, year=data.year)
        sources.append(contracts.source)
    params = {
        "annee": data.year,
        "groupes_niveaux": [g.model_dump() for g in config.ml.level_groups()],
        "bac_non_valide": config.ml.bac_non_valide,
        "contrats_cdi": config.ml.contrats_cdi,
        "contrats_cdd": config.ml.contrats_cdd,
    }
    return make_document(
        "ml territoire", params, sources, ml_territoire.territory(data, config, contracts)
    )


@ml.command("emploi")
@path_option("situations", "Extraction des situations.")
@path_option("jeunes", "Extraction des jeunes, pour l'âge, le sexe et le niveau (facultative).")
@FOLDER_OPTION
@year_option
@reading_options()
@output_options
def emploi(
    situations: Path | None, jeunes: Path | None, dossier: Path | None, annee: int | None
) -> Document:
    """Emploi et alternance : contrats par type et temps de travail, par tranche d'âge,
    sexe et niveau (avec l'extraction des jeunes), principaux recruteurs, secteurs et part
    des premiers, métiers, département de l'employeur.

    Un employeur n'est nommé que s'il a au moins 3 contrats (clé
    ml.recruteurs_min_contrats) : un particulier employeur reste dans « Autres ».

    Exemple :

        gipkit ml emploi --situations situations.csv --jeunes jeunes.csv
    """
    config = state().config
    options = read_options(None, False)
    data = rep.load(
        required("situations", situations, dossier),
        config,
        options,
        year=annee,
        columns=rep.EMPLOYMENT_COLUMNS,
    )
    sources = [data.source]
    youths = None
    youths_path = optional("jeunes", jeunes, dossier)
    if youths_path is not None:
        youths, youths_source = rep.load_youths(
            youths_path, ["sexe", "date_naissance", "niveau", "ville"], config, options
        )
        sources.append(youths_source)
    params = {
        "annee": data.year,
        "classements_taille": config.ml.classements_taille,
        "recruteurs_min_contrats": config.ml.recruteurs_min_contrats,
        "secteurs_tete": config.ml.secteurs_tete,
    }
    return make_document("ml emploi", params, sources, ml_emploi.employment(data, youths, config))


@ml.command("obligation-formation")
@path_option("jeunes", "Extraction des jeunes (date de naissance, obligation de formation).")
@path_option("evenements", "Extraction des événements.")
@path_option("situations", "Extraction des situations (solutions, facultative).")
@path_option("dispositifs", "Extraction des dispositifs (PACEA, CEJ : solutions, facultative).")
@FOLDER_OPTION
@year_option
@reading_options()
@output_options
def obligation_formation(
    jeunes: Path | None,
    evenements: Path | None,
    situations: Path | None,
    dispositifs: Path | None,
    dossier: Path | None,
    annee: int | None,
) -> Document:
    """Obligation de formation des 16-18 ans : mineurs en contact, concernés, accompagnés,
    en solution, et leurs solutions (formation, alternance, emploi, PACEA, CEJ, service
    civique, scolarité, autre).

    Mineur en contact : un événement de l'année avant ses 18 ans. Accompagné : concerné
    et présent à un entretien individuel. En solution : une situation ou un dispositif
    des clés ml.of_solutions_* en cours dans l'année.

    Exemple :

        gipkit ml obligation-formation --dossier extractions-2025
    """
    config = state().config
    data = ml_obligation.load_obligation(
        required("jeunes", jeunes, dossier),
        required("evenements", evenements, dossier),
        optional("situations", situations, dossier),
        optional("dispositifs", dispositifs, dossier),
        config,
        read_options(None, False),
        year=annee,
    )
    settings = config.ml
    params = {
        "annee": data.year,
        "contact_statuts": settings.contact_statuts,
        "of_accompagnement_evenements": settings.of_accompagnement_evenements,
        "of_solutions_situations": settings.of_solutions_situations,
        "of_solutions_dispositifs": settings.of_solutions_dispositifs,
    }
    return make_document(
        "ml obligation-formation", params, data.sources, ml_obligation.obligation(data)
    )


TOUT_HELP = """Tous les indicateurs de la Mission Locale calculables à partir des extractions
données, en un document pour gipkit comparer et verifier : activité générale et territoire,
obligation de formation (jeunes et événements), dispositifs, demandes, propositions,
situations, emploi et alternance, ateliers.

Exemple :

    gipkit ml tout --dossier extractions-2025 --annee 2025 --format json > ml-2025.json
"""

ml.add_command(tout_command("ml", TOUT_HELP))
