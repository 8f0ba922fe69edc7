"""Extraction des situations des jeunes (système d'information des Missions Locales, I-milo).

Aucune liste publique des colonnes d'extraction d'I-milo n'a été trouvée : les en-têtes
ci-dessous sont ceux qu'un chargé de données obtient couramment, avec des synonymes ;
d'autres orthographes se déclarent dans ``gipkit.toml``. Les catégories de situation
reprennent celles de l'API publique de l'application du CEJ (SocialGouv/pass-emploi-api).
"""

from __future__ import annotations

from gipkit.io.schema import Category, ColumnSpec, ColumnType, ExportSchema

C = Category
T = ColumnType

SITUATION_KINDS = (
    C("emploi", "Emploi", ("emploi salarié", "contrat de travail")),
    C(
        "alternance",
        "Alternance",
        ("contrat en alternance", "apprentissage", "contrat de professionnalisation"),
    ),
    C("formation", "Formation", ("formation qualifiante", "formation professionnelle")),
    C(
        "immersion",
        "Immersion en entreprise (PMSMP)",
        ("PMSMP", "immersion", "immersion en entreprise", "stage"),
    ),
    C("scolarite", "Retour en scolarité", ("scolarité", "retour en formation initiale")),
    C(
        "volontariat",
        "Service civique / volontariat",
        ("service civique", "contrat de volontariat-bénévolat", "volontariat"),
    ),
    C("autre", "Autre situation", ("autre", "demandeur d'emploi")),
)

CONTRACT_TYPES = (
    C("cdi", "CDI", ("contrat à durée indéterminée",)),
    C("cdd", "CDD", ("contrat à durée déterminée",)),
    C("interim", "Intérim", ("CTT", "mission d'intérim", "travail temporaire")),
    C("contrat_aide", "Contrat aidé", ("PEC", "CUI", "parcours emploi compétences")),
    C("saisonnier", "Saisonnier", ("contrat saisonnier",)),
    C("apprentissage", "Contrat d'apprentissage", ("apprenti",)),
    C("professionnalisation", "Contrat de professionnalisation", ()),
    C("autre", "Autre contrat", ("autre",)),
)

ML_SITUATIONS = ExportSchema(
    kind="ml.situations",
    title="Situations des jeunes (Mission Locale)",
    description=(
        "Extraction des situations des jeunes accompagnés : une ligne par situation "
        "(emploi, alternance, formation, immersion, retour en scolarité…), avec ses dates "
        "et, pour un emploi, le type de contrat."
    ),
    columns=(
        ColumnSpec(
            "jeune",
            "Identifiant jeune",
            T.TEXT,
            "Identifiant pseudonyme du jeune (jamais son nom).",
            True,
            ("id jeune", "identifiant", "id", "numero jeune", "identifiant du jeune"),
            example="J000123",
        ),
        ColumnSpec(
            "date_debut",
            "Date de début",
            T.DATE,
            "Début de la situation.",
            True,
            ("debut", "date debut situation", "date de debut de situation"),
            example="03/02/2025",
        ),
        ColumnSpec(
            "date_fin",
            "Date de fin",
            T.DATE,
            "Fin prévue ou réelle (vide si inconnue).",
            False,
            ("fin", "date fin situation", "date de fin prevue"),
            example="02/08/2025",
        ),
        ColumnSpec(
            "type_situation",
            "Situation",
            T.CATEGORY,
            "Nature de la situation.",
            True,
            ("type de situation", "categorie de situation", "nature situation"),
            SITUATION_KINDS,
            example="Emploi",
        ),
        ColumnSpec(
            "type_contrat",
            "Type de contrat",
            T.CATEGORY,
            "Type de contrat, pour un emploi.",
            False,
            ("contrat", "nature du contrat"),
            CONTRACT_TYPES,
            example="CDD",
        ),
        ColumnSpec(
            "temps_travail",
            "Temps de travail",
            T.TEXT,
            "Temps plein ou partiel.",
            False,
            ("duree du travail", "temps"),
            example="Temps plein",
        ),
        ColumnSpec(
            "employeur",
            "Employeur",
            T.TEXT,
            "Raison sociale de l'employeur.",
            False,
            ("entreprise", "raison sociale"),
            example="BOULANGERIE DU CENTRE",
        ),
        ColumnSpec(
            "departement_employeur",
            "Département employeur",
            T.TEXT,
            "Département (ou code postal) de l'employeur.",
            False,
            ("code postal employeur", "departement"),
            example="94",
        ),
        ColumnSpec(
            "secteur",
            "Secteur d'activité",
            T.TEXT,
            "Secteur de l'employeur.",
            False,
            ("secteur", "code naf", "activite"),
            example="Commerce",
        ),
        ColumnSpec(
            "rome",
            "Métier (ROME)",
            T.TEXT,
            "Code ou libellé ROME du poste.",
            False,
            ("code rome", "metier", "rome"),
            example="D1106",
        ),
    ),
    key_hint="une ligne par situation",
)
