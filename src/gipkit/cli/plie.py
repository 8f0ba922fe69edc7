"""Commandes ``gipkit plie`` : le chapitre PLIE du rapport (participants, parcours, SIAE)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from gipkit.cli import french
from gipkit.cli.declared import declared_command
from gipkit.errors import ParameterError
from gipkit.reports import plie as rep

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
DURATION = click.option(
    "--duree-sur",
    type=click.Choice(["sorties", "suivis"]),
    default="sorties",
    show_default=True,
    help="Durée moyenne des parcours : des sorties de l'année (de l'entrée à la sortie) ou "
    "de tous les parcours suivis (jusqu'au 31 décembre s'ils sont en cours).",
)


@click.group(subcommand_metavar=french.SUBCOMMAND)
def plie() -> None:
    """PLIE : parcours des participants et étapes en SIAE."""


def _not_looked(given: Mapping[str, Path | None], flags: Mapping[str, Any]) -> list[str]:
    """La file d'attente vient de l'extraction ou d'un nombre saisi, pas des deux ; le
    nombre saisi (--file-attente) l'emporte sur une extraction des pré-inscriptions
    trouvée dans le dossier, pas sur une extraction donnée par son option."""
    if flags.get("file_attente") is None:
        return []
    if given.get("preinscriptions") is not None:
        raise ParameterError(
            "Donnez la file d'attente par --file-attente (un nombre saisi) ou par l'extraction "
            "des pré-inscriptions, pas les deux."
        )
    return ["preinscriptions"]


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
    help="Ce qui identifie une personne dans l'export des candidatures et, pour la jointure, "
    "dans celui des participants : courriel, nom + prénom + date de naissance, ou numéro de "
    "PASS IAE.",
)

SIAE_HELP = """\
Étapes en SIAE à partir de l'export des candidatures de « les emplois de l'inclusion » :
personnes ayant eu une étape, taux d'intégration global et par type, recrutements.

Le taux d'intégration et les personnes portent sur les candidatures déposées en N-1
ou N, comme le rapport ; la répartition des recrutements sur les embauches qui
commencent en N (sur les candidatures de N avec plie.base_recrutements =
"candidature", comme le rapport).

Exemple :

    gipkit plie siae candidatures.xlsx --annee 2025
"""

PARTICIPANTS_HELP = """\
Participants et parcours : personnes suivies, entrées, sorties, en parcours au 31
décembre, référents et capacité, villes et prescripteurs, sorties positives, durée des
parcours, typologie d'employabilité, profil (suivis, entrants, femmes, hommes), métiers
souhaités par domaine ROME.

Lit l'extraction du logiciel de parcours (une ligne par parcours). Sortie positive par
défaut : emploi durable (CDI, CDD ou intérim de 6 mois ou plus, alternance), création
d'entreprise, formation qualifiante (clé plie.sorties_positives).

Exemple :

    gipkit plie participants participants.csv --file-attente 21
"""


plie.add_command(declared_command("plie", "siae", SIAE_HELP, [KEY, PENDING]))
plie.add_command(
    declared_command(
        "plie", "participants", PARTICIPANTS_HELP, [WAITING, DURATION], not_looked=_not_looked
    )
)

plie.add_command(
    declared_command(
        "plie", "tout", TOUT_HELP, [KEY, WAITING, DURATION, PENDING], not_looked=_not_looked
    )
)
