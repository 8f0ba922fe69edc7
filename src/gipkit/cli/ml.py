"""Commandes ``gipkit ml`` : le chapitre Mission Locale.

Chaque commande est engendrée de la déclaration du chapitre (``gipkit.chapters`` : ses
calculs et leurs extractions) ; ce module n'en donne que l'aide.
"""

from __future__ import annotations

import click

from gipkit.cli import french
from gipkit.cli.declared import declared_command


@click.group(subcommand_metavar=french.SUBCOMMAND)
def ml() -> None:
    """Mission Locale : activité, territoire, situations, emploi, dispositifs, obligation de
    formation, demandes et propositions."""


SITUATIONS_HELP = """\
Situations créées dans l'année : par nature, emplois durables, jeunes en contrat.

Lit l'extraction des situations seule (une ligne par situation) ; une situation
compte l'année de sa date de début. Emploi durable par défaut : CDI, ou CDD et
intérim de 6 mois ou plus (clés ml.* de gipkit.toml).

Exemple :

    gipkit ml situations export.csv
"""

DISPOSITIFS_HELP = """\
Dispositifs : entrées par dispositif, PACEA (entrées, jeunes accompagnés, allocations),
CEJ (entrées, part QPV et sans diplôme, sorties et sorties positives).

Sortie positive du CEJ par défaut (rapport 2025) : emploi durable, alternance ou retour
en formation initiale (clé ml.cej_sorties_positives).

Exemple :

    gipkit ml dispositifs --dispositifs dispositifs.csv --jeunes jeunes.csv
"""

DEMANDES_HELP = """\
Demandes exprimées par les jeunes : nombre et part par thème (emploi et alternance,
orientation, formation, logement, santé…), avec N-1 ; avec l'extraction des jeunes,
les demandes de chaque thème par âge du demandeur.

Exemple :

    gipkit ml demandes demandes.csv --jeunes jeunes.csv
"""

PROPOSITIONS_HELP = """\
Propositions par thème (orientation, formation, santé…) : jeunes concernés,
propositions, prescriptions et entrées ; les propositions de santé par partenaire
(permanences psychologiques…), avec la part non honorée et, avec l'extraction des
jeunes, la part des femmes.

Exemple :

    gipkit ml propositions propositions.csv
"""

ATELIERS_HELP = """\
Ateliers et événements emploi : séances, jeunes inscrits, présence, jeunes retenus.

Lit l'extraction des événements seule. Une inscription est une ligne d'atelier ou
d'événement emploi dont le jeune était attendu (présent, absent, prescrit…) ; le
taux de présence est présences ÷ inscriptions. Les chiffres clés portent sur les
ateliers hebdomadaires du thème emploi (clés ml.ateliers_themes et
ml.ateliers_semaines_min de gipkit.toml).

Exemple :

    gipkit ml ateliers evenements.csv
"""

ACTIVITE_HELP = """\
Activité générale : jeunes accompagnés, premiers accueils et leur part, profil des
jeunes accompagnés (QPV, âge, sexe, niveau, commune).

Un jeune est accompagné s'il a été présent à au moins un rendez-vous de l'année
(entretien individuel, information collective ou atelier ; clés ml.accompagnement_*).

Exemple :

    gipkit ml activite --jeunes jeunes.csv --evenements evenements.csv
"""

TERRITOIRE_HELP = """\
Territoire : par commune et quartier de résidence, jeunes accompagnés et leur part
dans la commune, événements physiques et événements par jeune, niveaux de formation
avec les seuils de mise en évidence du rapport, contrats et parts de CDI et de CDD
(si les situations sont données).

Seuils (rapport 2025) : plus de 13 % BAC+2 et plus, 35 % BAC, 11 % CAP/BEP, 50 %
infra BEP et sans diplôme (clé ml.groupes_niveaux).

Exemple :

    gipkit ml territoire --dossier extractions-2025
"""

EMPLOI_HELP = """\
Emploi et alternance : contrats par type et temps de travail, par tranche d'âge,
sexe et niveau (avec l'extraction des jeunes), principaux recruteurs, secteurs et part
des premiers, métiers, département de l'employeur.

Un employeur n'est nommé que s'il a au moins 3 contrats (clé
ml.recruteurs_min_contrats) : un particulier employeur reste dans « Autres ».

Exemple :

    gipkit ml emploi --situations situations.csv --jeunes jeunes.csv
"""

OBLIGATION_FORMATION_HELP = """\
Obligation de formation des 16-18 ans : mineurs en contact, concernés, accompagnés,
en solution, et leurs solutions (formation, alternance, emploi, PACEA, CEJ, service
civique, scolarité, autre).

Mineur en contact : un événement de l'année avant ses 18 ans. Accompagné : concerné
et présent à un entretien individuel. En solution : une situation ou un dispositif
des clés ml.of_solutions_* en cours dans l'année.

Exemple :

    gipkit ml obligation-formation --dossier extractions-2025
"""


ml.add_command(declared_command("ml", "situations", SITUATIONS_HELP))
ml.add_command(declared_command("ml", "dispositifs", DISPOSITIFS_HELP))
ml.add_command(declared_command("ml", "demandes", DEMANDES_HELP))
ml.add_command(declared_command("ml", "propositions", PROPOSITIONS_HELP))
ml.add_command(declared_command("ml", "ateliers", ATELIERS_HELP))
ml.add_command(declared_command("ml", "activite", ACTIVITE_HELP))
ml.add_command(declared_command("ml", "territoire", TERRITOIRE_HELP))
ml.add_command(declared_command("ml", "emploi", EMPLOI_HELP))
ml.add_command(declared_command("ml", "obligation-formation", OBLIGATION_FORMATION_HELP))


TOUT_HELP = """Tous les indicateurs de la Mission Locale calculables à partir des extractions
données, en un document pour gipkit comparer et verifier : activité générale et territoire,
obligation de formation (jeunes et événements), dispositifs, demandes, propositions,
situations, emploi et alternance, ateliers.

Exemple :

    gipkit ml tout --dossier extractions-2025 --annee 2025 --format json > ml-2025.json
"""

ml.add_command(declared_command("ml", "tout", TOUT_HELP))
