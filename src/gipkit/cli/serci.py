"""Commandes ``gipkit serci`` : le chapitre « Le Service Clauses Insertion » du rapport.

Chaque commande est engendrée de la déclaration du chapitre (``gipkit.chapters`` : ses
calculs, et pour les vues, la fonction qui les choisit d'après les options) ; ce module
n'en donne que l'aide et les options propres.
"""

from __future__ import annotations

import click

from gipkit.cli import french
from gipkit.cli.declared import declared_command
from gipkit.cli.extracts import Decorator
from gipkit.reports import serci as rep

SCOPES = ("territoire", "tout")


@click.group(subcommand_metavar=french.SUBCOMMAND)
def serci() -> None:
    """Service Clauses Insertion : heures d'insertion, participants, contrats, sorties.

    Chaque commande lit l'export des heures d'insertion (une ligne par contrat et par
    année ; format décrit dans docs/formats/serci.heures.md) et donne l'année N avec
    N-1 et l'évolution quand l'export contient N-1.
    """


SCOPE = click.option(
    "--perimetre",
    type=click.Choice(SCOPES),
    default="territoire",
    show_default=True,
    help="Heures prises en compte : celles du territoire (comme le rapport) ou toutes.",
)
HOURS_VIEWS = [
    click.option(
        "--par-maitre-ouvrage", is_flag=True, help="Tableau par type de maître d'ouvrage."
    ),
    click.option(
        "--par-secteur",
        is_flag=True,
        help="Heures par secteur (public, privé) et catégorie de commanditaires.",
    ),
    click.option("--par-ville", is_flag=True, help="Heures par ville de l'opération."),
    click.option("--par-commanditaire", is_flag=True, help="Maîtres d'ouvrage classés par heures."),
    click.option(
        "--top",
        type=click.IntRange(1),
        default=10,
        show_default=True,
        help="Nombre de commanditaires avec --par-commanditaire.",
    ),
    click.option(
        "--historique",
        is_flag=True,
        help="Bilan chiffré : heures, bénéficiaires, nouveaux, sur plusieurs années.",
    ),
]


def _views_option(choices: tuple[str, ...], what: str) -> Decorator:
    return click.option(
        "--par",
        "views",
        type=click.Choice(choices),
        multiple=True,
        required=True,
        help=f"Regroupement (répétable) : {what}.",
    )


PARTICIPANT_VIEWS = _views_option(
    tuple(rep.PARTICIPANT_VIEWS),
    "âge, statut d'entrée, prescripteur, niveau, domiciliation, sexe, commune de domicile, "
    "groupe de prescripteurs, ressources à l'entrée",
)
CONTRACT_VIEWS = _views_option(tuple(rep.CONTRACT_VIEWS), "type de contrat ou modalité")

HEURES_HELP = """\
Heures d'insertion : territoire, hors territoire, total, ETP, marchés, contrats,
participants et nouveaux participants.

Sans option de vue, donne les chiffres clés ; chaque option --par-… ou
--historique donne le tableau correspondant du rapport (plusieurs possibles).

Exemple :

    gipkit serci heures export.csv --par-maitre-ouvrage --annee 2025
"""

PARTICIPANTS_HELP = """\
Participants et heures par âge, statut d'entrée, prescripteur, niveau de formation,
domiciliation ou sexe.

Les statuts d'entrée suivent la convention du rapport : chaque participant compte
une fois sous son statut principal, ses heures comptent sous chacun de ses statuts.

Exemple :

    gipkit serci participants export.csv --par age --par statut
"""

CONTRATS_HELP = """\
Contrats et heures du territoire par type de contrat ou par modalité d'embauche.

Exemple :

    gipkit serci contrats export.csv --par type --par modalite
"""

SORTIES_HELP = """\
Sorties de parcours, sorties positives et abandons, et leurs taux (rapportés aux
sorties de l'année ; aux participants avec serci.base_taux_sorties = "participants").

Sortie positive par défaut : emploi durable (CDI, CDD ou intérim d'au moins 6 mois,
création d'entreprise) ou formation qualifiante, si l'export donne la durée du contrat
de sortie ; sinon, ou avec serci.regle_sortie_positive = "liste", la liste
serci.sorties_positives (celle du rapport 2025 : CDI, CDD de plus de 3 mois,
formation qualifiante).

Exemple :

    gipkit serci sorties export.csv --format json
"""

serci.add_command(declared_command("serci", "heures", HEURES_HELP, HOURS_VIEWS))
serci.add_command(
    declared_command("serci", "participants", PARTICIPANTS_HELP, [PARTICIPANT_VIEWS, SCOPE])
)
serci.add_command(declared_command("serci", "contrats", CONTRATS_HELP, [CONTRACT_VIEWS]))
serci.add_command(declared_command("serci", "sorties", SORTIES_HELP, [SCOPE]))


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
serci.add_command(declared_command("serci", "tout", TOUT_HELP, [TOP, SCOPE]))
