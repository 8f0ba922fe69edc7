"""Export des candidatures de « les emplois de l'inclusion », tel que la plateforme l'écrit.

Source : le code ouvert de la plateforme (gip-inclusion/les-emplois, anciennement
betagouv/itou : ``itou/job_applications/export.py`` et ``enums.py``,
``itou/companies/enums.py``). Un fichier XLSX d'une feuille, en-têtes en ligne 1
(CSV UTF-8 avant le 30 janvier 2023, sans « Civilité », « Eligible au contrôle » et
« Statut PASS IAE ») ; dates en texte JJ/MM/AAAA jusqu'au 27 mai 2025, en cellules
date depuis. « Département candidat » contient en fait le code postal.
"""

from __future__ import annotations

from gipkit.io.exports.ml import EDUCATION_LEVELS
from gipkit.io.exports.serci import SEXES
from gipkit.io.schema import Category, ColumnSpec, ColumnType, ExportSchema

C = Category
T = ColumnType

#: les statuts tels que la plateforme les écrit (« déclinée », jamais « refusée »)
STATUSES = (
    C("nouvelle", "Nouvelle candidature"),
    C("a_l_etude", "Candidature à l'étude"),
    # « en liste d'attente » : libellé de la plateforme avant avril 2023
    C("en_attente", "Candidature en attente", ("Candidature en liste d'attente",)),
    C("prealable_embauche", "Action préalable à l’embauche", ("Action préalable à l'embauche",)),
    C("acceptee", "Candidature acceptée"),
    C("declinee", "Candidature déclinée", ("Candidature refusée",)),
    C("embauche_annulee", "Embauche annulée"),
    C("embauche_ailleurs", "Embauché ailleurs"),
    C("vivier", "Vivier de candidatures"),
)

EMPLOYER_KINDS = (
    # ACIPHC (« premières heures en chantier », 2021-2022) : fondu depuis dans les ACI
    C(
        "ACI",
        "ACI",
        (
            "Atelier chantier d'insertion",
            "chantier d'insertion",
            "ACIPHC",
            "Atelier chantier d'insertion premières heures en chantier",
        ),
    ),
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
    activity_date="date_candidature",
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
            past=True,
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
        ColumnSpec(
            "debut_embauche",
            "Dates de début d’embauche",
            T.DATE,
            "Début du contrat, si embauche : l'année d'un recrutement est celle de ce début.",
            example="10/02/2025",
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


# --- participants (logiciel de parcours du PLIE) -------------------------------------------

PRESCRIBERS = (
    C("spontane", "Accueil spontané", ("spontané", "spontanee", "démarche personnelle", "aucun")),
    C("france_travail", "France Travail", ("Pôle emploi", "FT", "pole emploi")),
    C("mission_locale", "Mission Locale", ("ML", "mission locale")),
    C("departement", "Département (RSA)", ("conseil départemental", "EDS", "prestataire RSA")),
    C("ccas", "CCAS, service social", ("CCAS", "service social", "assistante sociale")),
    C("siae", "Structure d'insertion (SIAE)", ("SIAE", "ACI", "chantier d'insertion")),
    C("partenaire", "Autre partenaire", ("association", "partenaire", "résidence sociale")),
)
RESOURCES = (
    C("aucune", "Sans ressource", ("aucune", "sans ressource", "néant")),
    C("rsa", "RSA", ("revenu de solidarité active",)),
    C("ass", "ASS", ("allocation de solidarité spécifique",)),
    C("aah", "AAH", ("allocation adulte handicapé",)),
    C("are", "ARE", ("allocation chômage", "allocation de retour à l'emploi")),
    C("salaire", "Salaire", ("salarié", "revenus d'activité")),
    C("autre", "Autres ressources", ("pension", "autre")),
)
#: ressources du rapport : « sans ressource », « minima sociaux (RSA, ASS, AAH) », « salariés »
RESOURCE_GROUPS = {
    "aucune": ("aucune",),
    "minima_sociaux": ("rsa", "ass", "aah"),
    "salaire": ("salaire",),
}
PLIE_EXITS = (
    C("cdi", "CDI", ("contrat à durée indéterminée",)),
    C(
        "cdd_long",
        "CDD de 6 mois ou plus",
        ("CDD 6 mois et plus", "CDD long", "CDD de plus de 6 mois"),
    ),
    C("interim_long", "Intérim de 6 mois ou plus", ("missions d'intérim de 6 mois",)),
    C("alternance", "Contrat en alternance", ("apprentissage", "contrat de professionnalisation")),
    C("creation", "Création d'entreprise", ("création d'activité", "micro-entreprise")),
    C(
        "formation_qualifiante",
        "Formation qualifiante validée",
        ("formation qualifiante", "formation certifiante"),
    ),
    C("cdd_court", "CDD de moins de 6 mois", ("CDD court", "CDD < 6 mois")),
    C("contrat_aide", "Contrat aidé, SIAE", ("PEC", "contrat d'insertion")),
    C("formation", "Formation non qualifiante", ("formation pré-qualifiante",)),
    C("abandon", "Abandon", ("sans nouvelles", "perdu de vue")),
    C("demenagement", "Déménagement", ("départ du territoire",)),
    C("sante", "Raisons de santé", ("santé", "maladie")),
    C("autre", "Autre sortie", ("autre", "fin de parcours sans solution")),
)
EMPLOYABILITY = (
    C(
        "employable_regulier",
        "Employable, avec accompagnement régulier",
        ("1a", "catégorie 1a", "employable accompagnement régulier"),
    ),
    C(
        "employable_competences",
        "Avec projet emploi validé, mais des compétences à étayer",
        ("1b", "catégorie 1b", "employable compétences à étayer"),
    ),
    C(
        "remobilisation_en_cours",
        "En cours de mobilisation professionnelle",
        ("2a", "catégorie 2a", "en cours de mobilisation"),
    ),
    C(
        "remobilisation_projet",
        "Avec projet professionnel en cours de consolidation",
        ("2b", "catégorie 2b", "projet en consolidation"),
    ),
    C("tres_precarise", "Public très précarisé", ("3", "catégorie 3", "très précarisé")),
)
#: les trois catégories du rapport et leurs sous-catégories
EMPLOYABILITY_GROUPS = {
    "Public employable": ("employable_regulier", "employable_competences"),
    "Public en remobilisation": ("remobilisation_en_cours", "remobilisation_projet"),
    "Public très précarisé": ("tres_precarise",),
}


def _participants_columns() -> tuple[ColumnSpec, ...]:
    return (
        ColumnSpec(
            "participant",
            "Identifiant participant",
            T.TEXT,
            "Identifiant pseudonyme du participant (jamais son nom).",
            True,
            ("id participant", "identifiant", "n° participant", "numero participant", "id"),
            example="P00042",
            identifier=True,
        ),
        ColumnSpec("sexe", "Sexe", T.CATEGORY, "Sexe.", False, ("genre", "civilite"), SEXES, "F"),
        ColumnSpec(
            "date_naissance",
            "Date de naissance",
            T.DATE,
            "Date de naissance (âge au 31 décembre).",
            False,
            ("naissance", "ne le"),
            example="14/05/1980",
            past=True,
        ),
        ColumnSpec(
            "ville",
            "Commune",
            T.TEXT,
            "Commune de résidence.",
            False,
            ("ville",),
            (),
            "Ivry-sur-Seine",
        ),
        ColumnSpec(
            "qpv",
            "QPV",
            T.BOOLEAN,
            "Oui si résident d'un quartier prioritaire.",
            False,
            ("quartier prioritaire", "resident qpv"),
            example="Oui",
        ),
        ColumnSpec(
            "poche_pauvrete",
            "Poche de pauvreté",
            T.BOOLEAN,
            "Oui si l'adresse est dans une poche de pauvreté repérée par le PLIE.",
            False,
            ("poche de pauvrete", "ilot de pauvrete"),
            example="Non",
        ),
        ColumnSpec(
            "niveau",
            "Niveau de formation",
            T.CATEGORY,
            "Plus haut niveau de formation.",
            False,
            ("niveau", "diplome", "niveau de diplome"),
            EDUCATION_LEVELS,
            example="CAP/BEP",
        ),
        ColumnSpec(
            "ressources",
            "Ressources",
            T.MULTI_CATEGORY,
            "Ressources à l'entrée, séparées par « | » (RSA, ASS, AAH, ARE, salaire…).",
            False,
            ("ressources a l'entree", "revenus", "type de ressources"),
            RESOURCES,
            example="RSA|Salaire",
        ),
        ColumnSpec(
            "rsa",
            "RSA (actuel ou passé)",
            T.BOOLEAN,
            "Oui si le participant est ou a été bénéficiaire du RSA.",
            False,
            ("beneficiaire rsa", "arsa", "rsa actuel ou passe"),
            example="Oui",
        ),
        ColumnSpec(
            "prescripteur",
            "Prescripteur",
            T.CATEGORY,
            "Qui a orienté le participant (accueil spontané : personne).",
            False,
            ("orientation", "orienteur", "origine"),
            PRESCRIBERS,
            example="Accueil spontané",
        ),
        ColumnSpec(
            "referent",
            "Référent",
            T.TEXT,
            "Référent de parcours (nom ou code).",
            False,
            ("referent de parcours", "referente", "conseiller"),
            example="REF-VITRY-1",
        ),
        ColumnSpec(
            "date_entree",
            "Date d'entrée",
            T.DATE,
            "Entrée dans le parcours PLIE.",
            True,
            ("entree", "date d'entree en parcours", "date entree"),
            example="03/02/2025",
        ),
        ColumnSpec(
            "date_sortie",
            "Date de sortie",
            T.DATE,
            "Sortie du parcours (vide : en parcours).",
            False,
            ("sortie", "date de sortie de parcours", "date sortie"),
            example="30/09/2025",
        ),
        ColumnSpec(
            "situation_sortie",
            "Situation à la sortie",
            T.CATEGORY,
            "Situation à la sortie du parcours.",
            False,
            ("motif de sortie", "type de sortie", "sortie vers"),
            PLIE_EXITS,
            example="CDI",
        ),
        ColumnSpec(
            "categorie",
            "Catégorie d'employabilité",
            T.CATEGORY,
            "Typologie d'employabilité du PLIE (1a, 1b, 2a, 2b, 3).",
            False,
            ("typologie", "employabilite", "categorie"),
            EMPLOYABILITY,
            example="1a",
        ),
        ColumnSpec(
            "metier_souhaite",
            "Métier souhaité",
            T.TEXT,
            "Métier(s) souhaité(s) à l'entrée : code ROME (K2204) ou libellé précédé du "
            "code ; plusieurs souhaits séparés par « | ».",
            False,
            ("souhait metier", "rome souhaite", "code rome", "metier"),
            example="K2204|G1603",
        ),
        _text(
            "email",
            "Courriel",
            "Courriel (données personnelles : lu seulement pour la jointure --cle email).",
            "jean.dupont@example.org",
        ),
        _text("nom", "Nom", "Nom (lu seulement pour la jointure --cle identite).", "DUPONT"),
        _text("prenom", "Prénom", "Prénom (lu seulement pour la jointure --cle identite).", "Jean"),
        ColumnSpec(
            "numero_pass",
            "Numéro PASS IAE",
            T.TEXT,
            "Numéro du PASS IAE du participant, s'il en a un : seule jointure possible avec un "
            "export des candidatures masqué (lu seulement pour la jointure --cle pass).",
            synonyms=("pass iae", "numero pass", "n pass iae", "agrement"),
            example="XXXXX1234567",
        ),
    )


#: colonnes facultatives sans lesquelles ces résultats n'ont pas de sens (voir
#: :mod:`gipkit.needs`) ; établi en retirant chaque colonne de la fixture.
PLIE_PARTICIPANTS_NEEDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("sexe",),
        (
            "plie.metiers.secteurs",
            "plie.profil.age",
            "plie.profil.age_moyen_femmes",
            "plie.profil.age_moyen_hommes",
            "plie.profil.indicateurs",
            "plie.profil.entrants_age_sexe",
            "plie.profil.niveau",
            "plie.profil.ressources",
            "plie.profil.sexe",
            "plie.historique.par_annee[*].part_femmes",
            "plie.siae.profil[*].part_femmes",
        ),
    ),
    (
        ("date_naissance",),
        (
            "plie.historique.par_annee[*].age_moyen",
            "plie.profil.entrants_age_sexe",
            "plie.profil.age",
            "plie.profil.age_moyen",
            "plie.profil.age_moyen_entrants",
            "plie.profil.age_moyen_femmes",
            "plie.profil.age_moyen_hommes",
        ),
    ),
    (("ville",), ("plie.participants.par_ville", "plie.participants.prescripteurs_par_ville")),
    (("qpv",), ("plie.participants.par_ville", "plie.profil.indicateurs")),
    (("poche_pauvrete",), ("plie.profil.indicateurs",)),
    (
        ("niveau",),
        (
            "plie.historique.par_annee[*].part_sans_diplome",
            "plie.profil.indicateurs",
            "plie.profil.niveau",
            "plie.siae.profil[*].part_sans_diplome",
        ),
    ),
    (("ressources",), ("plie.profil.ressources",)),
    (
        ("rsa",),
        (
            "plie.historique.par_annee[*].part_rsa",
            "plie.profil.indicateurs",
            "plie.siae.profil[*].part_rsa",
        ),
    ),
    (
        ("prescripteur",),
        (
            "plie.historique.par_annee[*].part_ft_departement",
            "plie.historique.par_annee[*].part_spontanes",
            "plie.participants.par_ville",
            "plie.participants.prescripteurs",
            "plie.participants.prescripteurs_par_ville",
        ),
    ),
    (
        ("referent",),
        (
            "plie.participants.capacite_referents_actifs",
            "plie.participants.charge_par_referent",
            "plie.participants.referents_actifs",
            "plie.participants.taux_occupation",
        ),
    ),
    (
        ("date_sortie",),
        (
            "plie.historique.par_annee",
            "plie.metiers.secteurs",
            "plie.parcours.duree_moyenne_mois",
            "plie.parcours.duree_par_categorie",
            "plie.parcours.sorties_par_situation",
            "plie.parcours.sorties_positives",
            "plie.parcours.taux_sorties_positives",
            "plie.parcours.typologie",
            "plie.participants.capacite_referents_actifs",
            "plie.participants.charge_par_referent",
            "plie.participants.en_parcours_31_12",
            "plie.participants.par_trimestre",
            "plie.participants.par_ville",
            "plie.participants.referents_actifs",
            "plie.participants.sorties",
            "plie.participants.suivis",
            "plie.participants.taux_occupation",
            "plie.profil.age",
            "plie.profil.age_moyen",
            "plie.profil.age_moyen_femmes",
            "plie.profil.age_moyen_hommes",
            "plie.profil.indicateurs",
            "plie.profil.niveau",
            "plie.profil.ressources",
            "plie.profil.sexe",
            "plie.siae.profil",
        ),
    ),
    (
        ("situation_sortie",),
        (
            "plie.parcours.sorties_par_situation",
            "plie.parcours.sorties_positives",
            "plie.parcours.taux_sorties_positives",
        ),
    ),
    (
        ("categorie",),
        (
            "plie.parcours.duree_par_categorie",
            "plie.parcours.typologie",
            *(
                f"plie.siae.profil[*].part_categorie_{i}"
                for i in range(1, len(EMPLOYABILITY_GROUPS) + 1)
            ),
        ),
    ),
    (("metier_souhaite",), ("plie.metiers.secteurs",)),
)

PLIE_PARTICIPANTS = ExportSchema(
    kind="plie.participants",
    activity_date="date_entree",
    needs=PLIE_PARTICIPANTS_NEEDS,
    row_key=("participant", "date_entree"),
    title="Participants du PLIE (logiciel de parcours)",
    description=(
        "Extraction des parcours du logiciel du PLIE : une ligne par parcours (un participant "
        "revenu après une sortie a deux lignes), avec le profil à l'entrée, le référent, les "
        "dates, la situation de sortie, la catégorie d'employabilité et le métier souhaité."
    ),
    columns=_participants_columns(),
    key_hint="une ligne par parcours",
)

#: sans date d'entrée ni de départ, une personne sortie de la liste y resterait comptée
PLIE_PREINSCRIPTIONS_NEEDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("date_entree",),
        (
            "plie.participants.file_attente",
            "plie.attente.entrees_depuis_liste",
            "plie.attente.delai_moyen_jours",
        ),
    ),
    (("date_abandon",), ("plie.participants.file_attente",)),
)

PLIE_PREREGISTRATIONS = ExportSchema(
    kind="plie.preinscriptions",
    activity_date="date_preinscription",
    needs=PLIE_PREINSCRIPTIONS_NEEDS,
    title="Pré-inscriptions (liste d'attente du PLIE)",
    description=(
        "Une ligne par pré-inscription d'une personne a priori éligible qui attend une place "
        "dans le PLIE : date de pré-inscription, et date d'entrée en parcours ou d'abandon "
        "quand elle a quitté la liste."
    ),
    columns=(
        ColumnSpec(
            "participant",
            "Identifiant personne",
            T.TEXT,
            "Identifiant pseudonyme de la personne (celui du logiciel de parcours quand elle "
            "est entrée).",
            True,
            ("id participant", "identifiant", "n° participant", "numero participant", "id"),
            example="P00042",
            identifier=True,
        ),
        ColumnSpec(
            "date_preinscription",
            "Date de pré-inscription",
            T.DATE,
            "Inscription sur la liste d'attente.",
            True,
            ("preinscription", "date d'inscription", "date de demande", "inscription"),
            example="02/10/2025",
        ),
        ColumnSpec(
            "date_entree",
            "Date d'entrée en parcours",
            T.DATE,
            "Entrée dans le PLIE (vide : pas encore entrée).",
            False,
            ("date d'entree", "entree en parcours", "integration"),
            example="15/01/2026",
        ),
        ColumnSpec(
            "date_abandon",
            "Date de sortie de la liste",
            T.DATE,
            "Départ de la liste sans entrer (abandon, autre solution, non éligible).",
            False,
            ("date d'abandon", "abandon", "sortie de liste", "date de retrait"),
            example="20/11/2025",
        ),
    ),
    key_hint="une ligne par pré-inscription",
)
