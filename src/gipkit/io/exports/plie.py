"""Export des candidatures de « les emplois de l'inclusion », tel que la plateforme l'écrit.

Source : le code ouvert de la plateforme (gip-inclusion/les-emplois, anciennement
betagouv/itou : ``itou/job_applications/export.py`` et ``enums.py``,
``itou/companies/enums.py``). Un fichier XLSX d'une feuille, en-têtes en ligne 1
(CSV UTF-8 avant le 30 janvier 2023, sans « Civilité », « Eligible au contrôle » et
« Statut PASS IAE ») ; dates en texte JJ/MM/AAAA jusqu'au 27 mai 2025, en cellules
date depuis. « Département candidat » contient en fait le code postal.
"""

from __future__ import annotations

from gipkit.io.schema import Category, ColumnSpec, ColumnType, ExportSchema

C = Category
T = ColumnType

#: les statuts tels que la plateforme les écrit (« déclinée », jamais « refusée »)
STATUSES = (
    C("nouvelle", "Nouvelle candidature"),
    C("a_l_etude", "Candidature à l'étude"),
    C("en_attente", "Candidature en attente"),
    C("prealable_embauche", "Action préalable à l’embauche", ("Action préalable à l'embauche",)),
    C("acceptee", "Candidature acceptée"),
    C("declinee", "Candidature déclinée", ("Candidature refusée",)),
    C("embauche_annulee", "Embauche annulée"),
    C("embauche_ailleurs", "Embauché ailleurs"),
    C("vivier", "Vivier de candidatures"),
)

EMPLOYER_KINDS = (
    C("ACI", "ACI", ("Atelier chantier d'insertion", "chantier d'insertion")),
    C("AI", "AI", ("Association intermédiaire",)),
    C("EA", "EA", ("Entreprise adaptée",)),
    C("EATT", "EATT", ("Entreprise adaptée de travail temporaire",)),
    C("EI", "EI", ("Entreprise d'insertion",)),
    C("EITI", "EITI", ("Entreprise d'insertion par le travail indépendant",)),
    C("ETTI", "ETTI", ("Entreprise de travail temporaire d'insertion",)),
    C("GEIQ", "GEIQ", ("Groupement d'employeurs pour l'insertion et la qualification",)),
    C("OPCS", "OPCS", ("Organisation porteuse de la clause sociale",)),
)

SOURCES = (
    C("spontanee", "Candidature spontanée"),
    C("employeur", "Employeur"),
    C("ma_structure", "Ma structure", ("Auto-prescription",)),
    C("orienteur", "Orienteur"),
    C("prescripteur_habilite", "Prescripteur habilité"),
)


def _text(name: str, title: str, description: str, example: str = "") -> ColumnSpec:
    return ColumnSpec(name, title, T.TEXT, description, example=example)


PLIE_APPLICATIONS = ExportSchema(
    kind="plie.candidatures",
    title="Candidatures (les emplois de l'inclusion)",
    description=(
        "Export des candidatures téléchargé par un prescripteur ou un orienteur sur « les "
        "emplois de l'inclusion » : une ligne par candidature, avec les en-têtes et les "
        "statuts tels que la plateforme les écrit."
    ),
    columns=(
        _text("civilite", "Civilité candidat", "Civilité (données personnelles).", "M."),
        _text("nom", "Nom candidat", "Nom (données personnelles).", "DUPONT"),
        _text("prenom", "Prénom candidat", "Prénom (données personnelles).", "Jean"),
        _text(
            "email", "Email candidat", "Courriel (données personnelles).", "jean.dupont@example.org"
        ),
        _text("telephone", "Téléphone candidat", "Téléphone (données personnelles).", ""),
        ColumnSpec(
            "date_naissance",
            "Date de naissance candidat",
            T.DATE,
            "Date de naissance (données personnelles).",
            example="14/05/1981",
        ),
        _text("ville", "Ville candidat", "Ville du candidat.", "Vitry-sur-Seine"),
        _text(
            "departement",
            "Département candidat",
            "Malgré son nom, le code postal du candidat.",
            "94400",
        ),
        _text("structure", "Nom structure employeur", "Employeur visé.", "ACI VITRY NATURE"),
        ColumnSpec(
            "type_employeur",
            "Type employeur",
            T.CATEGORY,
            "Type de l'employeur (ACI, AI, EI, EITI, ETTI sont des SIAE).",
            True,
            categories=EMPLOYER_KINDS,
            example="ACI",
        ),
        _text("metiers", "Métiers", "Fiches de poste visées.", "Agent d'entretien"),
        ColumnSpec(
            "source",
            "Source de la candidature",
            T.CATEGORY,
            "Qui a déposé la candidature.",
            categories=SOURCES,
            example="Orienteur",
        ),
        _text(
            "organisation_prescripteur",
            "Nom organisation prescripteur",
            "Organisation qui a orienté.",
            "PLIE Ivry-Vitry",
        ),
        _text(
            "utilisateur_prescripteur",
            "Nom utilisateur prescripteur",
            "Personne qui a orienté (données personnelles).",
            "",
        ),
        ColumnSpec(
            "date_candidature",
            "Date de la candidature",
            T.DATE,
            "Date de dépôt de la candidature.",
            True,
            example="03/02/2025",
        ),
        ColumnSpec(
            "statut",
            "Statut de la candidature",
            T.CATEGORY,
            "Statut de la candidature.",
            True,
            categories=STATUSES,
            example="Candidature acceptée",
        ),
        _text(
            "debut_embauche",
            "Dates de début d’embauche",
            "Début du contrat, si embauche.",
            "10/02/2025",
        ),
        _text(
            "fin_embauche", "Dates de fin d’embauche", "Fin du contrat, si embauche.", "09/08/2025"
        ),
        _text("motifs_refus", "Motifs de refus", "Motif du refus, si déclinée.", ""),
        _text(
            "eligibilite_iae", "Éligibilité IAE validée", "Éligibilité validée (Oui/Non).", "Oui"
        ),
        _text(
            "eligible_controle", "Eligible au contrôle", "Éligible au contrôle (Oui/Non).", "Non"
        ),
        _text("numero_pass", "Numéro PASS IAE", "Numéro du PASS IAE.", ""),
        _text("debut_pass", "Début PASS IAE", "Début du PASS IAE.", ""),
        _text("fin_pass", "Fin PASS IAE", "Fin du PASS IAE.", ""),
        _text("statut_pass", "Statut PASS IAE", "Statut du PASS IAE.", ""),
    ),
    key_hint="une ligne par candidature",
)
