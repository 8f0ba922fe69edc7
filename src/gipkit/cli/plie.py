"""Commandes ``gipkit plie`` : le chapitre PLIE du rapport (participants, parcours, SIAE)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from gipkit.cli.extracts import path_option
from gipkit.cli.options import (
    input_file,
    make_document,
    output_options,
    read_options,
    state,
    year_option,
)
from gipkit.cli.tout import tout_command
from gipkit.errors import ParameterError
from gipkit.reports import plie as rep
from gipkit.reports import plie_attente as attente
from gipkit.reports import plie_parcours as parcours
from gipkit.results import Document, Result

PENDING = click.option(
    "--sans-en-cours",
    is_flag=True,
    help="Retire du dénominateur les candidatures encore à l'étude.",
)
WAITING = click.option(
    "--file-attente",
    type=click.IntRange(min=0),
    help="Personnes en file d'attente, donnée saisie quand l'extraction des pré-inscriptions "
    "manque (--preinscriptions la calcule).",
)
PREREGISTRATIONS_HELP = (
    "Extraction des pré-inscriptions (liste d'attente) : file d'attente au 31 décembre, "
    "pré-inscriptions, entrées depuis la liste, attente moyenne."
)
DURATION = click.option(
    "--duree-sur",
    type=click.Choice(["sorties", "suivis"]),
    default="sorties",
    show_default=True,
    help="Durée moyenne des parcours : des sorties de l'année (de l'entrée à la sortie) ou "
    "de tous les parcours suivis (jusqu'au 31 décembre s'ils sont en cours).",
)


@click.group()
def plie() -> None:
    """PLIE : parcours des participants et étapes en SIAE."""


@plie.command("siae")
@input_file("candidatures")
@year_option
@click.option(
    "--cle",
    type=click.Choice(tuple(rep.KEYS)),
    default="email",
    show_default=True,
    help="Ce qui identifie une personne dans l'export : courriel, nom + prénom + "
    "date de naissance, ou numéro de PASS IAE.",
)
@PENDING
@path_option(
    "participants",
    "Extraction des participants, pour le profil des personnes passées en SIAE "
    "(jointure par la clé --cle).",
)
@output_options
def siae(
    fichier: Path,
    feuille: str | None,
    montrer_valeurs: bool,
    annee: int | None,
    cle: str,
    sans_en_cours: bool,
    participants: Path | None,
) -> Document:
    """Étapes en SIAE à partir de l'export des candidatures de « les emplois de l'inclusion » :
    personnes ayant eu une étape, taux d'intégration global et par type, recrutements.

    Le taux d'intégration et les personnes portent sur les candidatures déposées en N-1
    ou N, comme le rapport ; la répartition des recrutements sur les embauches qui
    commencent en N (sur les candidatures de N avec plie.base_recrutements =
    "candidature", comme le rapport).

    Exemple :

        gipkit plie siae candidatures.xlsx --annee 2025
    """
    config = state().config
    data = rep.load(fichier, config, read_options(feuille, montrer_valeurs), year=annee, key=cle)
    params = {
        "annee": data.year,
        "cle": data.key,
        "candidatures_a_l_etude": not sans_en_cours,
        "base_recrutements": config.plie.base_recrutements,
    }
    results: list[Result] = rep.siae(
        data, include_pending=not sans_en_cours, base=config.plie.base_recrutements
    )
    sources = [data.source]
    if participants is not None:
        people = parcours.load_participants(
            participants,
            config,
            read_options(None, False),
            year=data.year,
            key=data.key,
            with_history=False,
        )
        results += parcours.siae_profile(data, people, config)
        sources.append(people.source)
    return make_document("plie siae", params, sources, results)


@plie.command("participants")
@input_file("participants")
@year_option
@WAITING
@path_option("preinscriptions", PREREGISTRATIONS_HELP)
@DURATION
@output_options
def participants(
    fichier: Path,
    feuille: str | None,
    montrer_valeurs: bool,
    annee: int | None,
    file_attente: int | None,
    preinscriptions: Path | None,
    duree_sur: str,
) -> Document:
    """Participants et parcours : personnes suivies, entrées, sorties, en parcours au 31
    décembre, référents et capacité, villes et prescripteurs, sorties positives, durée des
    parcours, typologie d'employabilité, profil (suivis, entrants, femmes, hommes), métiers
    souhaités par domaine ROME.

    Lit l'extraction du logiciel de parcours (une ligne par parcours). Sortie positive par
    défaut : emploi durable (CDI, CDD ou intérim de 6 mois ou plus, alternance), création
    d'entreprise, formation qualifiante (clé plie.sorties_positives).

    Exemple :

        gipkit plie participants participants.csv --file-attente 21
    """
    config = state().config
    data = parcours.load_participants(
        fichier, config, read_options(feuille, montrer_valeurs), year=annee
    )
    params = {
        "annee": data.year,
        "capacite_par_referent": config.plie.capacite_par_referent,
        "postes_referents": config.plie.postes_referents,
        "sorties_positives": config.plie.sorties_positives,
        "duree_sur": duree_sur,
    }
    _one_waiting_list(file_attente, preinscriptions)
    results = parcours.participants(
        data, config, waiting=file_attente, exits_only=duree_sur == "sorties"
    )
    sources = [data.source]
    if preinscriptions is not None:
        waiting = attente.load(preinscriptions, config, read_options(None, False), year=data.year)
        results += attente.waiting_list(waiting, config)
        sources.append(waiting.source)
    return make_document("plie participants", params, sources, results)


def _one_waiting_list(typed: int | None, extraction: Path | None) -> None:
    """La file d'attente vient de l'extraction ou d'un nombre saisi, pas des deux."""
    if typed is not None and extraction is not None:
        raise ParameterError(
            "Donnez la file d'attente par --file-attente (un nombre saisi) ou par l'extraction "
            "des pré-inscriptions, pas les deux."
        )


def _not_looked(given: Mapping[str, Path | None], flags: Mapping[str, Any]) -> list[str]:
    """Le nombre saisi (--file-attente) l'emporte sur une extraction des pré-inscriptions
    trouvée dans le dossier, pas sur une extraction donnée par son option."""
    _one_waiting_list(flags.get("file_attente"), given.get("preinscriptions"))
    return ["preinscriptions"] if flags.get("file_attente") is not None else []


TOUT_HELP = """Tous les indicateurs du PLIE calculables à partir des exports donnés (participants,
liste d'attente, étapes en SIAE, et le profil des personnes passées en SIAE si les
participants et les candidatures sont donnés), en un document pour gipkit comparer et
verifier.

Exemple :

    gipkit plie tout --dossier extractions-plie --format json > plie-2025.json
"""

KEY = click.option(
    "--cle",
    type=click.Choice(tuple(rep.KEYS)),
    default="email",
    show_default=True,
    help="Ce qui identifie une personne dans les deux exports (jointure).",
)
plie.add_command(
    tout_command("plie", TOUT_HELP, [KEY, WAITING, DURATION, PENDING], not_looked=_not_looked)
)
