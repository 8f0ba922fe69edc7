"""Extraction des jeunes accompagnés par le CLLAJ (logement des jeunes).

Aucun format public : les en-têtes ci-dessous sont des orthographes courantes, avec des
synonymes ; d'autres se déclarent dans ``gipkit.toml``. Une ligne par jeune accompagné
et par année ; sans colonne « Année », tout le fichier est l'année donnée par ``--annee``.
"""

from __future__ import annotations

from gipkit.io.exports.serci import SEXES
from gipkit.io.schema import ColumnSpec, ColumnType, ExportSchema

T = ColumnType

CLLAJ_YOUTHS = ExportSchema(
    kind="cllaj.jeunes",
    title="Jeunes accompagnés (CLLAJ)",
    description=(
        "Extraction des jeunes accompagnés par le CLLAJ : une ligne par jeune et par année "
        "d'accompagnement, avec ses ressources nettes mensuelles à l'entrée."
    ),
    columns=(
        ColumnSpec(
            "jeune",
            "Identifiant jeune",
            T.TEXT,
            "Identifiant pseudonyme du jeune (jamais son nom).",
            True,
            ("id jeune", "identifiant", "numero dossier", "n° dossier", "dossier"),
            example="L00042",
        ),
        ColumnSpec(
            "annee",
            "Année",
            T.INTEGER,
            "Année d'accompagnement.",
            False,
            ("annee d'accompagnement", "exercice"),
            example="2025",
            minimum=1990,
            maximum=2100,
        ),
        ColumnSpec(
            "sexe",
            "Sexe",
            T.CATEGORY,
            "Sexe du jeune.",
            False,
            ("genre", "civilite"),
            SEXES,
            example="F",
        ),
        ColumnSpec(
            "ville",
            "Ville",
            T.TEXT,
            "Commune de résidence ou d'accueil.",
            False,
            ("commune", "ville de residence", "antenne"),
            example="Vitry-sur-Seine",
        ),
        ColumnSpec(
            "date_premier_accueil",
            "Date du premier accueil",
            T.DATE,
            "Premier accueil au CLLAJ.",
            False,
            ("premier accueil", "date premier accueil", "date d'entree", "date de premier accueil"),
            example="12/03/2025",
        ),
        ColumnSpec(
            "ressources",
            "Ressources nettes mensuelles",
            T.NUMBER,
            "Ressources nettes par mois à l'entrée, en euros (vide : non renseignées).",
            False,
            ("ressources", "revenus", "revenus nets mensuels", "ressources nettes"),
            example="1 150",
            minimum=0,
            maximum=100_000,
        ),
    ),
    key_hint="une ligne par jeune et par année",
)
