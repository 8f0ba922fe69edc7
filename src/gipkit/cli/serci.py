"""Commandes ``gipkit serci`` : le chapitre « Le Service Clauses Insertion » du rapport."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from gipkit.cli.declared import declared_command
from gipkit.cli.options import (
    input_file,
    make_document,
    output_options,
    read_options,
    state,
    year_option,
)
from gipkit.errors import ParameterError
from gipkit.reports import serci as rep
from gipkit.results import Document, Result

SCOPES = ("territoire", "tout")


@click.group()
def serci() -> None:
    """Service Clauses Insertion : heures d'insertion, participants, contrats, sorties.

    Chaque commande lit l'export des heures d'insertion (une ligne par contrat et par
    année ; format décrit dans docs/formats/serci.heures.md) et donne l'année N avec
    N-1 et l'évolution quand l'export contient N-1.
    """


def _scope_option(func: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--perimetre",
        type=click.Choice(SCOPES),
        default="territoire",
        show_default=True,
        help="Heures prises en compte : celles du territoire (comme le rapport) ou toutes.",
    )(func)


def _views_option(
    choices: tuple[str, ...], what: str
) -> Callable[[click.decorators.FC], click.decorators.FC]:
    return click.option(
        "--par",
        "views",
        type=click.Choice(choices),
        multiple=True,
        required=True,
        help=f"Regroupement (répétable) : {what}.",
    )


def _load(
    fichier: Path,
    feuille: str | None,
    montrer_valeurs: bool,
    annee: int | None,
    columns: list[str],
    earliest: Callable[[int], int | None] = lambda n: n - 1,
    *,
    contracts: bool = True,
) -> rep.SerciData:
    """Lit l'export avec la configuration courante ; par défaut, garde N-1 et N.
    ``contracts`` : faux pour une commande qui ne compte pas de contrats."""
    options = read_options(feuille, montrer_valeurs)
    return rep.load(
        fichier,
        state().config,
        options,
        columns=columns,
        year=annee,
        earliest=earliest,
        contracts=contracts,
    )


@serci.command("heures")
@input_file("heures")
@year_option
@click.option("--par-maitre-ouvrage", is_flag=True, help="Tableau par type de maître d'ouvrage.")
@click.option(
    "--par-secteur",
    is_flag=True,
    help="Heures par secteur (public, privé) et catégorie de commanditaires.",
)
@click.option("--par-ville", is_flag=True, help="Heures par ville de l'opération.")
@click.option("--par-commanditaire", is_flag=True, help="Maîtres d'ouvrage classés par heures.")
@click.option(
    "--top",
    type=click.IntRange(1),
    default=10,
    show_default=True,
    help="Nombre de commanditaires avec --par-commanditaire.",
)
@click.option(
    "--historique",
    is_flag=True,
    help="Bilan chiffré : heures, bénéficiaires, nouveaux, sur plusieurs années.",
)
@output_options
def heures(
    fichier: Path,
    feuille: str | None,
    montrer_valeurs: bool,
    annee: int | None,
    par_maitre_ouvrage: bool,
    par_secteur: bool,
    par_ville: bool,
    par_commanditaire: bool,
    top: int,
    historique: bool,
) -> Document:
    """Heures d'insertion : territoire, hors territoire, total, ETP, marchés, contrats,
    participants et nouveaux participants.

    Sans option de vue, donne les chiffres clés ; chaque option --par-… ou
    --historique donne le tableau correspondant du rapport (plusieurs possibles).

    Exemple :

        gipkit serci heures export.csv --par-maitre-ouvrage --annee 2025
    """
    app = state()
    config = app.config
    views = {
        "maitre_ouvrage": par_maitre_ouvrage,
        "secteur": par_secteur,
        "ville": par_ville,
        "commanditaire": par_commanditaire,
        "historique": historique,
    }
    columns = {
        "maitre_ouvrage": ["type_maitre_ouvrage"],
        "secteur": ["type_maitre_ouvrage", "maitre_ouvrage"],
        "ville": ["ville_operation"],
        "commanditaire": ["maitre_ouvrage"],
        "historique": ["ville_operation"],
    }
    wanted = [c for view, on in views.items() if on for c in columns[view]]
    data = _load(fichier, feuille, montrer_valeurs, annee, wanted, earliest=lambda _n: None)
    results: list[Result] = []
    if not any(views.values()):
        results += rep.hours_summary(data, config)
    if par_maitre_ouvrage:
        results.append(rep.hours_by_owner_type(data))
    if par_secteur:
        results.append(rep.hours_by_sector(data, config))
    if par_ville:
        results.append(rep.hours_by_city(data))
    if par_commanditaire:
        results.append(rep.hours_by_owner(data, top))
    if historique:
        results.append(rep.hours_history(data, config))
        results.append(rep.hours_by_city_history(data, config))
    params = {
        "annee": data.year,
        "vues": [v for v, on in views.items() if on],
        "heures_par_etp": config.parametres.heures_par_etp,
    }
    if par_commanditaire:
        params["top"] = top
    return make_document("serci heures", params, [data.source], results)


@serci.command("participants")
@input_file("heures")
@year_option
@_views_option(
    tuple(rep.PARTICIPANT_VIEWS),
    "âge, statut d'entrée, prescripteur, niveau, domiciliation, sexe, commune de domicile, "
    "groupe de prescripteurs, ressources à l'entrée",
)
@_scope_option
@output_options
def participants(
    fichier: Path,
    feuille: str | None,
    montrer_valeurs: bool,
    annee: int | None,
    views: tuple[str, ...],
    perimetre: str,
) -> Document:
    """Participants et heures par âge, statut d'entrée, prescripteur, niveau de formation,
    domiciliation ou sexe.

    Les statuts d'entrée suivent la convention du rapport : chaque participant compte
    une fois sous son statut principal, ses heures comptent sous chacun de ses statuts.

    Exemple :

        gipkit serci participants export.csv --par age --par statut
    """
    app = state()
    wanted = [c for v in views for c in rep.PARTICIPANT_VIEWS[v][2]]
    if "commune" in views:
        wanted.append("ville_operation")
    data = _load(fichier, feuille, montrer_valeurs, annee, wanted, contracts=False)
    results: list[Result] = [
        rep.participants_table(data, app.config, v, perimetre) for v in dict.fromkeys(views)
    ]
    if "niveau" in views:
        results.append(rep.no_diploma_share(data, app.config, perimetre))
    if "commune" in views:
        results.append(rep.near_worksite_share(data, app.config))
    if "ressources" in views:
        results.append(rep.precarious_share(data, app.config, perimetre))
    params = {
        "annee": data.year,
        "par": list(dict.fromkeys(views)),
        "perimetre": perimetre,
        "tranches_age": app.config.serci.tranches_age,
    }
    return make_document("serci participants", params, [data.source], results)


@serci.command("contrats")
@input_file("heures")
@year_option
@_views_option(tuple(rep.CONTRACT_VIEWS), "type de contrat ou modalité")
@output_options
def contrats(
    fichier: Path,
    feuille: str | None,
    montrer_valeurs: bool,
    annee: int | None,
    views: tuple[str, ...],
) -> Document:
    """Contrats et heures du territoire par type de contrat ou par modalité d'embauche.

    Exemple :

        gipkit serci contrats export.csv --par type --par modalite
    """
    wanted = [rep.CONTRACT_VIEWS[v][0] for v in views]
    data = _load(fichier, feuille, montrer_valeurs, annee, wanted)
    results: list[Result] = [rep.contracts_table(data, v) for v in dict.fromkeys(views)]
    if "type" in views:
        results += rep.contract_counts(data, state().config)
    params = {"annee": data.year, "par": list(dict.fromkeys(views))}
    return make_document("serci contrats", params, [data.source], results)


@serci.command("sorties")
@input_file("heures")
@year_option
@_scope_option
@output_options
def sorties(
    fichier: Path,
    feuille: str | None,
    montrer_valeurs: bool,
    annee: int | None,
    perimetre: str,
) -> Document:
    """Sorties de parcours, sorties positives et abandons, et leurs taux (rapportés aux
    sorties de l'année ; aux participants avec serci.base_taux_sorties = "participants").

    Sortie positive par défaut : emploi durable (CDI, CDD ou intérim d'au moins 6 mois,
    création d'entreprise) ou formation qualifiante, si l'export donne la durée du contrat
    de sortie ; sinon, ou avec serci.regle_sortie_positive = "liste", la liste
    serci.sorties_positives (celle du rapport 2025 : CDI, CDD de plus de 3 mois,
    formation qualifiante).

    Exemple :

        gipkit serci sorties export.csv --format json
    """
    app = state()
    if not app.config.serci.sorties_positives:
        raise ParameterError("La définition des sorties positives est vide.")
    columns = ["situation_sortie", "duree_contrat_sortie", "date_debut"]
    data = _load(fichier, feuille, montrer_valeurs, annee, columns, contracts=False)
    results = rep.exits(data, app.config, perimetre)
    params = {
        "annee": data.year,
        "perimetre": perimetre,
        "regle_sortie_positive": app.config.serci.regle_sortie_positive,
        "sorties_positives": app.config.serci.sorties_positives,
        "sorties_abandon": app.config.serci.sorties_abandon,
        "base_taux_sorties": app.config.serci.base_taux_sorties,
    }
    return make_document("serci sorties", params, [data.source], results)


TOUT_HELP = """Tous les indicateurs du SERCI de l'année N (et N-1) en un document.

C'est la commande des scripts d'intégration continue : son JSON se compare d'une année sur
l'autre (gipkit comparer) et se vérifie (gipkit verifier).

Exemple :

    gipkit serci tout export.csv --annee 2025 --format json > serci-2025.json
"""

TOP = click.option(
    "--top",
    type=click.IntRange(1),
    default=10,
    show_default=True,
    metavar="N",
    help="Nombre de commanditaires dans le classement.",
)
serci.add_command(declared_command("serci", "tout", TOUT_HELP, [TOP, _scope_option]))
