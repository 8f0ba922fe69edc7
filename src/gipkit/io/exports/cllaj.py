"""Extractions du CLLAJ (logement des jeunes) : jeunes, demandes, propositions,
relogements, entretiens, Logement Relais Jeunes.

Aucun format public : les en-têtes ci-dessous sont des orthographes courantes, avec des
synonymes ; d'autres se déclarent dans ``gipkit.toml``. Jeunes : une ligne par jeune
accompagné et par année ; sans colonne « Année », tout le fichier est l'année donnée par
``--annee``. Les autres extractions : une ligne par demande, proposition, relogement,
entretien ou séjour, datée.
"""

from __future__ import annotations

from gipkit.io.exports.ml import EDUCATION_LEVELS
from gipkit.io.exports.serci import SEXES
from gipkit.io.schema import Category, ColumnSpec, ColumnType, ExportSchema

T = ColumnType
C = Category

WORK_SITUATIONS = (
    C("cdi_plein", "CDI à temps plein", ("CDI temps plein", "CDI TP")),
    C("cdi_partiel", "CDI à temps partiel", ("CDI temps partiel", "CDI TPA")),
    C("cdd_durable", "CDD durable (6 mois et plus)", ("CDD durable", "CDD de 6 mois et plus")),
    C("cdd_non_durable", "CDD non durable", ("CDD non durable", "CDD de moins de 6 mois")),
    C("interim", "Intérim", ("interim", "travail temporaire")),
    C("alternance", "Alternance", ("apprentissage", "contrat de professionnalisation")),
    C(
        "de_indemnise",
        "Demandeur d'emploi indemnisé",
        ("DE indemnisé", "demandeur d'emploi inscrit indemnisé"),
    ),
    C(
        "de_non_indemnise",
        "Demandeur d'emploi inscrit non indemnisé",
        ("DE inscrit non indemnisé", "DE non indemnisé"),
    ),
    C(
        "de_non_inscrit",
        "Demandeur d'emploi non inscrit",
        ("DE non inscrit", "non inscrit à France Travail"),
    ),
    C("formation", "Formation", ("stagiaire de la formation professionnelle",)),
    C("scolarite", "Scolarité, études", ("étudiant", "scolaire", "études")),
    C("sans_activite", "Sans activité", ("aucune", "sans situation", "inactif")),
)
WORKING_TIMES = (
    C("plein", "Temps plein", ("temps complet", "TP", "plein")),
    C("partiel", "Temps partiel", ("TPA", "partiel", "temps non complet")),
)
#: groupes de situations du rapport (« 48 % en emploi, 13 % en alternance, 33 % DE »)
WORK_GROUPS = {
    "emploi": ("cdi_plein", "cdi_partiel", "cdd_durable", "cdd_non_durable", "interim"),
    "alternance": ("alternance",),
    "demandeur_emploi": ("de_indemnise", "de_non_indemnise", "de_non_inscrit"),
}
HOUSINGS = (
    C(
        "autonome_inadapte",
        "Logement autonome inadapté",
        ("logement autonome", "logement inadapté", "locataire"),
    ),
    C(
        "structure_temporaire",
        "Structure d'hébergement temporaire (CHU, FJT, CHRS, résidence)",
        ("CHU", "FJT", "CHRS", "résidence sociale", "résidence étudiante", "foyer"),
    ),
    C("parents", "Hébergé par les parents", ("chez les parents", "famille", "parents")),
    C("tiers", "Hébergé par un tiers", ("chez un tiers", "amis", "hébergé chez un tiers")),
    C("sans_abri", "Sans abri", ("SDF", "sans domicile", "rue", "sans solution")),
)
HOUSEHOLDS = (
    C("seul", "Personne seule", ("célibataire", "seul", "isolé sans enfant")),
    C("couple", "Couple sans enfant", ("couple",)),
    C("couple_enfants", "Couple avec enfants", ("couple avec enfant", "couple avec enfants")),
    C("parent_isole", "Parent isolé", ("famille monoparentale", "monoparentale")),
)
REQUEST_KINDS = (
    C("parc_social", "Parc social", ("logement social", "social", "HLM")),
    C(
        "temporaire",
        "Logement temporaire, FJT, CHRS, résidence sociale",
        ("FJT", "CHRS", "résidence sociale", "logement temporaire", "FJT / CHRS / résidence"),
    ),
    C("parc_prive", "Parc privé", ("privé", "logement privé")),
    C("maintien", "Maintien dans le logement", ("maintien",)),
)
#: natures de proposition des dossiers de reconnaissance de priorité d'accès au logement
#: (DALO et ses recours, PDALHPD, SYPLO) ; le DAHO (hébergement) n'en est pas
PRIORITY_KINDS = ("dalo", "recours_dalo", "recours_gracieux", "pdalhpd", "syplo")
#: nature de proposition -> groupe (information, orientation, dossier constitué)
PROPOSAL_GROUPS = {
    "information": "information",
    "information_dalo": "information",
    "budget": "information",
    "aides_logement": "information",
    "orientation": "orientation",
    "orientation_action_logement": "orientation",
    "orientation_habitat": "orientation",
    "orientation_impots": "orientation",
    "orientation_sne": "orientation",
    "nur": "dossier",
    "mise_a_jour": "dossier",
    "renouvellement": "dossier",
    "dalo": "dossier",
    "recours_dalo": "dossier",
    "recours_gracieux": "dossier",
    "pdalhpd": "dossier",
    "syplo": "dossier",
    "alin": "dossier",
    "candidature": "dossier",
    "visale": "dossier",
    "siao": "dossier",
    "siao_renouvellement": "dossier",
    "daho": "dossier",
    "logement_temporaire_al": "dossier",
    "fsh": "dossier",
    "autre": "information",
}
PROPOSAL_KINDS = (
    C("information", "Information, conseil", ("information", "conseil", "information logement")),
    C("information_dalo", "Information sur le DALO", ("info DALO",)),
    C("budget", "Conseil budgétaire", ("gestion budgétaire", "budget")),
    C("aides_logement", "Information sur les aides au logement", ("aides au logement", "APL")),
    C(
        "orientation_action_logement",
        "Orientation vers Action Logement",
        ("Action Logement", "orientation Action Logement"),
    ),
    C(
        "orientation_habitat",
        "Orientation vers le service habitat de la ville",
        ("service habitat", "orientation service habitat"),
    ),
    C(
        "orientation_impots",
        "Orientation vers le centre des impôts",
        ("centre des impôts", "impôts", "orientation impôts"),
    ),
    C(
        "orientation_sne",
        "Orientation vers le SNE (demande de logement social)",
        ("SNE", "système national d'enregistrement", "orientation SNE"),
    ),
    C(
        "orientation",
        "Orientation vers un autre lieu ressource",
        ("orientation", "mise en relation", "autre orientation"),
    ),
    C("nur", "Demande de logement social initiée (NUR)", ("NUR", "demande de logement social")),
    C("mise_a_jour", "Mise à jour de la demande de logement social", ("mise à jour",)),
    C("renouvellement", "Renouvellement de la demande de logement social", ("renouvellement",)),
    C("dalo", "Dossier DALO", ("DALO", "demande DALO")),
    C("recours_dalo", "Recours administratif DALO", ("recours DALO", "recours administratif")),
    C("recours_gracieux", "Recours gracieux COMED", ("recours gracieux",)),
    C("pdalhpd", "Dossier PDALHPD", ("PDALHPD",)),
    C("syplo", "Dossier SYPLO", ("SYPLO",)),
    C("alin", "Espace Al'in créé", ("Al'in", "AL'IN", "compte Al'in", "A'In")),
    C("candidature", "Dossier de candidature sur un logement", ("candidature",)),
    C("visale", "Demande de garantie VISALE", ("VISALE",)),
    C("siao", "Demande de place SIAO", ("SIAO", "SIAO 94")),
    C("siao_renouvellement", "Renouvellement de demande SIAO", ("renouvellement SIAO",)),
    C("daho", "Dossier DAHO", ("DAHO",)),
    C(
        "logement_temporaire_al",
        "Espace « Logement temporaire » Action Logement",
        ("plateforme logement temporaire",),
    ),
    C("fsh", "Aide financière FSH", ("FSH",)),
    C("autre", "Autre proposition", ("autre",)),
)
REHOUSING_KINDS = (
    C("parc_social", "Parc social", ("logement social", "social", "HLM")),
    C(
        "temporaire",
        "Logement temporaire ou CHRS",
        ("FJT", "CHRS", "résidence sociale", "logement temporaire"),
    ),
    C("parc_prive", "Parc privé", ("privé",)),
    C("intermediaire", "Logement intermédiaire", ("intermédiaire",)),
)
LRJ_EXITS = (
    C("parc_social", "Logement social", ("logement social", "social")),
    C("intermediaire", "Logement intermédiaire", ("intermédiaire",)),
    C("parc_prive", "Parc privé", ("privé",)),
    C("temporaire", "Hébergement temporaire", ("FJT", "CHRS", "résidence")),
    C("famille", "Hébergement familial", ("famille", "parents")),
    C("tiers", "Hébergement chez un tiers", ("tiers",)),
    C("autre", "Autre sortie", ("autre",)),
)


def _youth(example: str = "L00042") -> ColumnSpec:
    return ColumnSpec(
        "jeune",
        "Identifiant jeune",
        T.TEXT,
        "Identifiant pseudonyme du jeune (jamais son nom).",
        True,
        ("id jeune", "identifiant", "numero dossier", "n° dossier", "dossier"),
        example=example,
        identifier=True,
        encoded=True,
    )


def _date(description: str, synonyms: tuple[str, ...] = ()) -> ColumnSpec:
    return ColumnSpec("date", "Date", T.DATE, description, True, synonyms, example="14/03/2025")


#: colonnes facultatives sans lesquelles ces résultats n'ont pas de sens (voir
#: :mod:`gipkit.needs`) ; établi en retirant chaque colonne de la fixture.
CLLAJ_JEUNES_NEEDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("sexe",), ("cllaj.profil.sexe", "cllaj.ressources.par_sexe")),
    (
        ("ville",),
        (
            "cllaj.activite.dossiers_par_ville",
            "cllaj.activite.par_ville",
            "cllaj.activite.par_ville_type_demande",
            "cllaj.activite.relogements_par_type",
            "cllaj.ressources.par_ville",
        ),
    ),
    (
        ("date_premier_accueil",),
        (
            "cllaj.activite.nouveaux_jeunes",
            "cllaj.activite.nouveaux_sans_abri",
            "cllaj.activite.nouveaux_sortants_ase",
            "cllaj.activite.nouveaux_structure_temporaire",
            "cllaj.activite.par_ville",
            "cllaj.profil.age",
            "cllaj.profil.logement",
            "cllaj.profil.menage",
            "cllaj.profil.niveau",
            "cllaj.profil.parts_sous_groupes",
            "cllaj.profil.sexe",
            "cllaj.profil.situation",
        ),
    ),
    (("date_naissance",), ("cllaj.profil.age",)),
    (("situation",), ("cllaj.profil.situation",)),
    (("niveau",), ("cllaj.profil.niveau",)),
    (
        ("logement",),
        (
            "cllaj.activite.nouveaux_sans_abri",
            "cllaj.activite.nouveaux_structure_temporaire",
            "cllaj.profil.logement",
        ),
    ),
    (("menage",), ("cllaj.profil.menage",)),
    (("sortant_ase",), ("cllaj.activite.nouveaux_sortants_ase",)),
)

CLLAJ_YOUTHS = ExportSchema(
    kind="cllaj.jeunes",
    needs=CLLAJ_JEUNES_NEEDS,
    row_key=("jeune", "annee"),
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
            identifier=True,
            encoded=True,
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
            coded=True,
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
            "date_naissance",
            "Date de naissance",
            T.DATE,
            "Date de naissance (âge en début d'accompagnement).",
            False,
            ("naissance", "ne le"),
            example="14/05/2002",
            past=True,
        ),
        ColumnSpec(
            "situation",
            "Situation professionnelle",
            T.CATEGORY,
            "Situation professionnelle en début d'accompagnement.",
            False,
            ("situation professionnelle a l'entree", "situation pro", "statut"),
            WORK_SITUATIONS,
            example="CDI à temps plein",
            coded=True,
        ),
        ColumnSpec(
            "temps_travail",
            "Temps de travail",
            T.CATEGORY,
            "Temps plein ou partiel de l'emploi en début d'accompagnement (CDD, intérim ; "
            "pour un CDI, la situation le dit déjà).",
            False,
            ("temps de travail a l'entree", "quotite", "temps partiel"),
            WORKING_TIMES,
            example="Temps partiel",
            coded=True,
        ),
        ColumnSpec(
            "niveau",
            "Niveau de formation",
            T.CATEGORY,
            "Plus haut niveau de formation.",
            False,
            ("niveau", "niveau d'etudes", "diplome"),
            EDUCATION_LEVELS,
            example="CAP/BEP",
            coded=True,
        ),
        ColumnSpec(
            "logement",
            "Situation de logement",
            T.CATEGORY,
            "Situation de logement en début d'accompagnement.",
            False,
            ("logement a l'entree", "situation logement", "hebergement"),
            HOUSINGS,
            example="Hébergé par les parents",
            coded=True,
        ),
        ColumnSpec(
            "menage",
            "Composition familiale",
            T.CATEGORY,
            "Composition du ménage.",
            False,
            ("situation familiale", "menage", "composition du menage"),
            HOUSEHOLDS,
            example="Personne seule",
            coded=True,
        ),
        ColumnSpec(
            "nb_enfants",
            "Nombre d'enfants",
            T.INTEGER,
            "Enfants à charge dans le ménage (pour le seuil de pauvreté par unité de "
            "consommation ; sans elle, un ménage avec enfants en compte un).",
            False,
            ("enfants", "nombre d'enfants a charge", "nb enfants"),
            example="1",
            minimum=0,
            maximum=20,
        ),
        ColumnSpec(
            "sortant_ase",
            "Sortant de l'ASE",
            T.BOOLEAN,
            "Oui si le jeune sort de l'Aide sociale à l'enfance.",
            False,
            ("ase", "aide sociale a l'enfance", "sortant ase"),
            example="Non",
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
        ColumnSpec(
            "ressources_menage",
            "Ressources du ménage",
            T.NUMBER,
            "Ressources nettes mensuelles du ménage à l'entrée, en euros (pour le seuil de "
            "pauvreté par unité de consommation ; vides : celles du jeune).",
            False,
            ("ressources du foyer", "revenus du menage", "ressources menage"),
            example="2 300",
            minimum=0,
            maximum=100_000,
        ),
    ),
    key_hint="une ligne par jeune et par année",
)

CLLAJ_REQUESTS = ExportSchema(
    kind="cllaj.demandes",
    activity_date="date",
    title="Demandes des jeunes (CLLAJ)",
    description=(
        "Une ligne par demande de logement d'un jeune : date d'ouverture, type, et date de "
        "clôture si elle est close. Une demande compte pour chaque année où elle est "
        "ouverte ; c'est une « nouvelle demande » l'année de son ouverture."
    ),
    columns=(
        _youth(),
        _date(
            "Date d'ouverture de la demande.",
            ("date de la demande", "date demande", "date d'ouverture", "ouverture"),
        ),
        ColumnSpec(
            "date_cloture",
            "Date de clôture",
            T.DATE,
            "Clôture de la demande (vide : toujours ouverte). Sans cette colonne, une "
            "demande ne compte que l'année de son ouverture.",
            False,
            ("cloture", "date de fin", "date cloture", "fin de la demande"),
            example="30/06/2025",
        ),
        ColumnSpec(
            "type_demande",
            "Type de demande",
            T.CATEGORY,
            "Parc social, logement temporaire (FJT, CHRS, résidence sociale), parc privé, "
            "maintien dans le logement.",
            True,
            ("type", "demande", "nature de la demande"),
            REQUEST_KINDS,
            example="Parc social",
            coded=True,
        ),
    ),
    key_hint="une ligne par demande",
)

CLLAJ_PROPOSALS = ExportSchema(
    kind="cllaj.propositions",
    activity_date="date",
    title="Propositions faites aux jeunes (CLLAJ)",
    description=(
        "Une ligne par proposition (information, orientation, dossier constitué : DALO, "
        "SYPLO, VISALE, SIAO…), datée, avec le type de demande à laquelle elle répond."
    ),
    columns=(
        _youth(),
        _date("Date de la proposition.", ("date de la proposition",)),
        ColumnSpec(
            "type_demande",
            "Type de demande",
            T.CATEGORY,
            "Type de la demande à laquelle la proposition répond.",
            True,
            ("demande", "type", "thematique"),
            REQUEST_KINDS,
            example="Parc social",
            coded=True,
        ),
        ColumnSpec(
            "type_proposition",
            "Proposition",
            T.CATEGORY,
            "Nature de la proposition.",
            True,
            ("nature de la proposition", "type de proposition", "action"),
            PROPOSAL_KINDS,
            example="Dossier SYPLO",
            coded=True,
        ),
    ),
    key_hint="une ligne par proposition",
)

CLLAJ_REHOUSINGS = ExportSchema(
    kind="cllaj.relogements",
    activity_date="date",
    title="Relogements (CLLAJ)",
    description="Une ligne par jeune relogé, datée, avec le type de logement obtenu.",
    columns=(
        _youth(),
        _date("Date d'entrée dans le logement.", ("date de relogement", "date d'entree")),
        ColumnSpec(
            "type_logement",
            "Type de logement",
            T.CATEGORY,
            "Parc social, logement temporaire ou CHRS, parc privé, logement intermédiaire.",
            True,
            ("logement", "type", "parc"),
            REHOUSING_KINDS,
            example="Parc social",
        ),
        ColumnSpec(
            "ville",
            "Commune du logement",
            T.TEXT,
            "Commune du logement obtenu (les chiffres par ville suivent la commune du jeune).",
            False,
            ("commune", "ville"),
            example="Vitry-sur-Seine",
        ),
    ),
    key_hint="une ligne par relogement",
)

#: colonnes facultatives sans lesquelles ces résultats n'ont pas de sens (voir
#: :mod:`gipkit.needs`) ; établi en retirant chaque colonne de la fixture.
CLLAJ_ENTRETIENS_NEEDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("duree",), ("cllaj.activite.heures_entretiens",)),
)

CLLAJ_INTERVIEWS = ExportSchema(
    kind="cllaj.entretiens",
    activity_date="date",
    needs=CLLAJ_ENTRETIENS_NEEDS,
    title="Entretiens individuels (CLLAJ)",
    description="Une ligne par entretien individuel, daté, avec sa durée en minutes.",
    columns=(
        _youth(),
        _date("Date de l'entretien.", ("date de l'entretien", "date entretien")),
        ColumnSpec(
            "duree",
            "Durée (minutes)",
            T.NUMBER,
            "Durée de l'entretien en minutes (vide : durée par défaut, clé "
            "cllaj.duree_entretien_minutes).",
            False,
            ("duree", "duree en minutes", "duree (min)", "minutes"),
            example="60",
            minimum=0,
            maximum=1440,
        ),
    ),
    key_hint="une ligne par entretien",
)

#: colonnes facultatives sans lesquelles ces résultats n'ont pas de sens (voir
#: :mod:`gipkit.needs`) ; établi en retirant chaque colonne de la fixture.
CLLAJ_LRJ_NEEDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("sexe",), ("cllaj.lrj.par_sexe",)),
    (
        ("date_sortie",),
        (
            "cllaj.lrj.jeunes_accompagnes",
            "cllaj.lrj.menages_31_12",
            "cllaj.lrj.par_sexe",
            "cllaj.lrj.presents_31_12",
            "cllaj.lrj.sorties",
            "cllaj.lrj.sorties_par_logement",
            "cllaj.lrj.sorties_relogement_durable",
        ),
    ),
    (
        ("logement_sortie",),
        ("cllaj.lrj.sorties_par_logement", "cllaj.lrj.sorties_relogement_durable"),
    ),
    (("menage",), ("cllaj.lrj.menages_31_12",)),
)

CLLAJ_LRJ = ExportSchema(
    kind="cllaj.lrj",
    activity_date="date_entree",
    needs=CLLAJ_LRJ_NEEDS,
    title="Séjours au Logement Relais Jeunes (CLLAJ)",
    description="Une ligne par séjour d'un jeune au Logement Relais Jeunes (LRJ).",
    columns=(
        _youth(),
        ColumnSpec(
            "residence",
            "Résidence",
            T.TEXT,
            "Résidence d'accueil.",
            False,
            ("residence d'accueil", "structure", "foyer"),
            example="ADEF Lazare Ponticelli",
        ),
        ColumnSpec(
            "sexe",
            "Sexe",
            T.CATEGORY,
            "Sexe du jeune.",
            False,
            ("genre", "civilite"),
            SEXES,
            example="H",
        ),
        ColumnSpec(
            "date_entree",
            "Date d'entrée",
            T.DATE,
            "Entrée au LRJ.",
            True,
            ("entree", "date entree"),
            example="02/09/2024",
        ),
        ColumnSpec(
            "date_sortie",
            "Date de sortie",
            T.DATE,
            "Sortie du LRJ (vide : toujours présent).",
            False,
            ("sortie", "date sortie"),
            example="30/06/2025",
        ),
        ColumnSpec(
            "logement_sortie",
            "Logement à la sortie",
            T.CATEGORY,
            "Où le jeune va à sa sortie.",
            False,
            ("sortie vers", "solution de sortie", "logement de sortie"),
            LRJ_EXITS,
            example="Logement social",
        ),
        ColumnSpec(
            "menage",
            "Composition familiale",
            T.CATEGORY,
            "Composition du ménage hébergé.",
            False,
            ("situation familiale", "menage"),
            HOUSEHOLDS,
            example="Personne seule",
        ),
    ),
    key_hint="une ligne par séjour",
)

#: colonnes facultatives sans lesquelles ces résultats n'ont pas de sens (voir
#: :mod:`gipkit.needs`) ; établi en retirant chaque colonne de la fixture.
CLLAJ_ATELIERS_NEEDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("qpv",), ("cllaj.atelier.jeunes_qpv", "cllaj.atelier.par_quartier")),
    (("quartier",), ("cllaj.atelier.par_quartier",)),
)

CLLAJ_WORKSHOPS = ExportSchema(
    kind="cllaj.ateliers",
    activity_date="date",
    needs=CLLAJ_ATELIERS_NEEDS,
    title="Participations à l'atelier logement (CLLAJ)",
    description=(
        "Une ligne par participation d'un jeune à l'atelier logement (réunion collective, "
        "permanence dans un quartier, forum), datée, avec son quartier prioritaire s'il en "
        "habite un. Les jeunes rencontrés n'ont pas toujours de dossier au CLLAJ."
    ),
    columns=(
        _youth("A00042"),
        _date(
            "Date de la participation.", ("date de l'atelier", "date atelier", "date de la seance")
        ),
        ColumnSpec(
            "qpv",
            "Habite un QPV",
            T.BOOLEAN,
            "Oui si le jeune habite un quartier prioritaire de la politique de la ville.",
            False,
            ("qpv", "resident qpv", "habite en qpv", "en qpv"),
            example="Oui",
        ),
        ColumnSpec(
            "quartier",
            "Quartier prioritaire",
            T.TEXT,
            "Nom du quartier prioritaire (vide hors QPV).",
            False,
            ("nom du qpv", "quartier qpv", "quartier"),
            example="Balzac",
        ),
        ColumnSpec(
            "lieu",
            "Lieu",
            T.TEXT,
            "Lieu de l'atelier (maison de quartier, centre social, forum…).",
            False,
            ("lieu de l'atelier", "structure d'accueil"),
            example="Centre social Balzac",
        ),
    ),
    key_hint="une ligne par participation",
)
