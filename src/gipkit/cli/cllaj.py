"""Commandes ``gipkit cllaj`` : le chapitre CLLAJ (activité, profil, ressources, LRJ)."""

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
from gipkit.config import Config
from gipkit.io.reader import ReadOptions
from gipkit.reports import cllaj as rep
from gipkit.reports import cllaj_activite as act
from gipkit.reports import cllaj_atelier, cllaj_lrj, cllaj_profil
from gipkit.results import Document, Result

DATED = ("demandes", "propositions", "relogements", "entretiens")
MISSING_AS_ZERO = click.option(
    "--ressources-absentes-nulles",
    is_flag=True,
    help="Compte les ressources non renseignées comme nulles (0 €) au lieu d'écarter ces jeunes.",
)
FOLDER_OPTION = folder_option(
    "jeunes.csv, demandes.csv, propositions.csv, relogements.csv, entretiens.csv, lrj.csv, "
    "ateliers.csv"
)


@click.group()
def cllaj() -> None:
    """CLLAJ : logement des jeunes (demandes, propositions, relogements, ressources)."""


@cllaj.command("ressources")
@input_file("jeunes")
@year_option
@path_option("demandes", "Extraction des demandes : part sous le seuil par type de demande.")
@path_option(
    "entretiens",
    "Extraction des entretiens, quand un jeune accompagné a eu un entretien dans l'année "
    '(cllaj.jeune_accompagne = "entretien").',
)
@MISSING_AS_ZERO
@output_options
def ressources(
    fichier: Path,
    feuille: str | None,
    montrer_valeurs: bool,
    annee: int | None,
    demandes: Path | None,
    entretiens: Path | None,
    ressources_absentes_nulles: bool,
) -> Document:
    """Ressources des jeunes : part sous le seuil de pauvreté (globale, par sexe, par ville),
    tranches de revenus, part ne pouvant louer un studio dans le parc privé.

    Le seuil est celui de l'année (parametres.seuils_pauvrete de gipkit.toml : 1 288 € en
    2025, 1 216 € en 2024) ; loyer et multiple exigé dans [cllaj]. Avec --demandes : la
    part des demandes faites par des jeunes sous le seuil, par type de demande.

    Exemple :

        gipkit cllaj ressources jeunes.csv --annee 2025
    """
    config = state().config
    seen = rep.interviewed(config, entretiens, read_options(None, False))
    data = rep.load(
        fichier,
        config,
        read_options(feuille, montrer_valeurs),
        year=annee,
        missing_as_zero=ressources_absentes_nulles,
        seen=seen[0] if seen else None,
    )
    params = {
        "annee": data.year,
        "jeune_accompagne": config.cllaj.jeune_accompagne,
        "seuil_pauvrete": rep.threshold_of(config, data.year)[0],
        "loyer_studio": config.cllaj.loyer_studio,
        "multiple_loyer": config.cllaj.multiple_loyer,
        "pauvrete": config.cllaj.pauvrete,
        "tranches_revenus": config.cllaj.tranches_revenus,
        "ressources_absentes_nulles": ressources_absentes_nulles,
    }
    results: list[Result] = rep.resources(data, config)
    sources = [data.source, *([seen[1]] if seen else [])]
    if demandes is not None:
        activity = act.load_activity(
            fichier,
            {"demandes": demandes, "entretiens": entretiens},
            config,
            read_options(feuille, montrer_valeurs),
            year=data.year,
        )
        results.append(act.poverty_by_request(activity, config))
        sources += activity.sources[1:]
    return make_document("cllaj ressources", params, sources, results)


def _activity(
    jeunes: Path | None,
    given: dict[str, Path | None],
    dossier: Path | None,
    config: Config,
    options: ReadOptions,
    annee: int | None,
) -> act.Activity:
    paths = {name: optional(name, given.get(name), dossier) for name in DATED}
    return act.load_activity(
        required("jeunes", jeunes, dossier), paths, config, options, year=annee
    )


@cllaj.command("activite")
@path_option("jeunes", "Extraction des jeunes accompagnés.")
@path_option("demandes", "Extraction des demandes (facultative).")
@path_option("propositions", "Extraction des propositions (facultative).")
@path_option("relogements", "Extraction des relogements (facultative).")
@path_option("entretiens", "Extraction des entretiens individuels (facultative).")
@FOLDER_OPTION
@year_option
@reading_options()
@output_options
def activite(
    jeunes: Path | None,
    demandes: Path | None,
    propositions: Path | None,
    relogements: Path | None,
    entretiens: Path | None,
    dossier: Path | None,
    annee: int | None,
) -> Document:
    """Activité : nouveaux jeunes et accompagnés, demandes et propositions (par ville et
    par type de demande), dossiers constitués (DALO, SYPLO, VISALE…), heures d'entretiens
    individuels, relogements par type et par ville, nouveaux sans abri, en structure
    temporaire, sortants de l'ASE.

    Exemple :

        gipkit cllaj activite --dossier extractions-cllaj
    """
    config = state().config
    given = {
        "demandes": demandes,
        "propositions": propositions,
        "relogements": relogements,
        "entretiens": entretiens,
    }
    data = _activity(jeunes, given, dossier, config, read_options(None, False), annee)
    params = {
        "annee": data.year,
        "duree_entretien_minutes": config.cllaj.duree_entretien_minutes,
        "jeune_accompagne": config.cllaj.jeune_accompagne,
    }
    return make_document("cllaj activite", params, data.sources, act.activity(data, config))


@cllaj.command("profil")
@path_option("jeunes", "Extraction des jeunes accompagnés.")
@path_option("demandes", "Extraction des demandes, pour le profil par type (facultative).")
@FOLDER_OPTION
@year_option
@reading_options()
@output_options
def profil(
    jeunes: Path | None, demandes: Path | None, dossier: Path | None, annee: int | None
) -> Document:
    """Profil en début d'accompagnement (âge, situation professionnelle, niveau, logement,
    composition familiale) des nouveaux jeunes, des accompagnés et des demandeurs de
    chaque type (parc social, logement temporaire, parc privé).

    Exemple :

        gipkit cllaj profil --jeunes jeunes.csv --demandes demandes.csv
    """
    config = state().config
    data = _activity(
        jeunes, {"demandes": demandes}, dossier, config, read_options(None, False), annee
    )
    data.sources = data.sources[:2]
    params = {
        "annee": data.year,
        "tranches_age": config.cllaj.tranches_age,
        "jeune_accompagne": config.cllaj.jeune_accompagne,
        "profil_demandeurs": config.cllaj.profil_demandeurs,
    }
    return make_document("cllaj profil", params, data.sources, cllaj_profil.profile(data, config))


@cllaj.command("lrj")
@input_file("lrj")
@year_option
@output_options
def lrj(fichier: Path, feuille: str | None, montrer_valeurs: bool, annee: int | None) -> Document:
    """Logement Relais Jeunes : places (clé cllaj.lrj_places), jeunes accompagnés par sexe,
    sorties et logement à la sortie, ménages présents au 31 décembre.

    Exemple :

        gipkit cllaj lrj lrj.csv --annee 2025
    """
    config = state().config
    data = cllaj_lrj.load_lrj(fichier, config, read_options(feuille, montrer_valeurs), year=annee)
    params = {"annee": data.year, "lrj_places": config.cllaj.lrj_places}
    return make_document("cllaj lrj", params, [data.source], cllaj_lrj.lrj(data, config))


@cllaj.command("atelier")
@input_file("ateliers")
@year_option
@output_options
def atelier(
    fichier: Path, feuille: str | None, montrer_valeurs: bool, annee: int | None
) -> Document:
    """Atelier logement : participations, jeunes rencontrés, jeunes des quartiers
    prioritaires (QPV), par quartier.

    Exemple :

        gipkit cllaj atelier ateliers.csv --annee 2025
    """
    config = state().config
    data = cllaj_atelier.load(fichier, config, read_options(feuille, montrer_valeurs), year=annee)
    return make_document(
        "cllaj atelier",
        {"annee": data.year},
        [data.source],
        cllaj_atelier.workshops(data, config),
    )


TOUT_HELP = """Tous les indicateurs du CLLAJ calculables à partir des extractions données
(ressources, activité, profil, LRJ, atelier logement), en un document pour gipkit comparer
et verifier.

Exemple :

    gipkit cllaj tout --dossier extractions-cllaj --format json > cllaj-2025.json
"""

cllaj.add_command(tout_command("cllaj", TOUT_HELP, [MISSING_AS_ZERO]))
