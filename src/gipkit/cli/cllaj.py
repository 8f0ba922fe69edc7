"""Commandes ``gipkit cllaj`` : le chapitre CLLAJ (activité, profil, ressources, LRJ,
atelier logement).

Chaque commande est engendrée de la déclaration du chapitre (``gipkit.chapters`` : ses
calculs et leurs extractions) ; ce module n'en donne que l'aide et l'option propre aux
ressources.
"""

from __future__ import annotations

import click

from gipkit.cli import french
from gipkit.cli.declared import declared_command

MISSING_AS_ZERO = click.option(
    "--ressources-absentes-nulles",
    is_flag=True,
    help="Compte les ressources non renseignées comme nulles (0 €) au lieu d'écarter ces jeunes.",
)


@click.group(subcommand_metavar=french.SUBCOMMAND)
def cllaj() -> None:
    """CLLAJ : logement des jeunes (demandes, propositions, relogements, ressources)."""


RESSOURCES_HELP = """\
Ressources des jeunes : part sous le seuil de pauvreté (globale, par sexe, par ville),
tranches de revenus, part ne pouvant louer un studio dans le parc privé.

Le seuil est celui de l'année (parametres.seuils_pauvrete de gipkit.toml : 1 288 € en
2025, 1 216 € en 2024) ; loyer et multiple exigé dans [cllaj]. Avec --demandes : la
part des demandes faites par des jeunes sous le seuil, par type de demande.

Exemple :

    gipkit cllaj ressources jeunes.csv --annee 2025
"""

ACTIVITE_HELP = """\
Activité : nouveaux jeunes et accompagnés, demandes et propositions (par ville et
par type de demande), dossiers constitués (DALO, SYPLO, VISALE…), heures d'entretiens
individuels, relogements par type et par ville, nouveaux sans abri, en structure
temporaire, sortants de l'ASE.

Exemple :

    gipkit cllaj activite --dossier extractions-cllaj
"""

PROFIL_HELP = """\
Profil en début d'accompagnement (âge, situation professionnelle, niveau, logement,
composition familiale) des nouveaux jeunes, des accompagnés et des demandeurs de
chaque type (parc social, logement temporaire, parc privé).

Exemple :

    gipkit cllaj profil --jeunes jeunes.csv --demandes demandes.csv
"""

LRJ_HELP = """\
Logement Relais Jeunes : places (clé cllaj.lrj_places), jeunes accompagnés par sexe,
sorties et logement à la sortie, ménages présents au 31 décembre.

Exemple :

    gipkit cllaj lrj lrj.csv --annee 2025
"""

ATELIER_HELP = """\
Atelier logement : participations, jeunes rencontrés, jeunes des quartiers
prioritaires (QPV), par quartier.

Exemple :

    gipkit cllaj atelier ateliers.csv --annee 2025
"""


cllaj.add_command(declared_command("cllaj", "ressources", RESSOURCES_HELP, [MISSING_AS_ZERO]))
cllaj.add_command(declared_command("cllaj", "activite", ACTIVITE_HELP))
cllaj.add_command(declared_command("cllaj", "profil", PROFIL_HELP))
cllaj.add_command(declared_command("cllaj", "lrj", LRJ_HELP))
cllaj.add_command(declared_command("cllaj", "atelier", ATELIER_HELP))


TOUT_HELP = """Tous les indicateurs du CLLAJ calculables à partir des extractions données
(ressources, activité, profil, LRJ, atelier logement), en un document pour gipkit comparer
et verifier.

Exemple :

    gipkit cllaj tout --dossier extractions-cllaj --format json > cllaj-2025.json
"""

cllaj.add_command(declared_command("cllaj", "tout", TOUT_HELP, [MISSING_AS_ZERO]))
