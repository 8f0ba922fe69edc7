"""Extraction des situations des jeunes (système d'information des Missions Locales, I-milo).

Aucune liste publique des colonnes d'extraction d'I-milo n'a été trouvée : les en-têtes
ci-dessous sont ceux qu'un chargé de données obtient couramment, avec des synonymes ;
d'autres orthographes se déclarent dans ``gipkit.toml``. Les catégories de situation
reprennent celles de l'API publique de l'application du CEJ (SocialGouv/pass-emploi-api).
"""

from __future__ import annotations

from gipkit.io.exports.serci import SEXES
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

WORKING_TIMES = (
    C("plein", "Temps plein", ("plein", "temps complet", "TP", "complet")),
    C("partiel", "Temps partiel", ("partiel", "TPA", "mi-temps")),
)

#: financeur principal d'une formation
TRAINING_FUNDERS = (
    C("region", "Conseil régional", ("région", "conseil regional", "CRIF", "Région Île-de-France")),
    C("france_travail", "France Travail", ("pôle emploi", "FT", "AIF")),
    C("etat", "État", ("état", "PIC", "ministère")),
    C("opco", "OPCO", ("opérateur de compétences",)),
    C("cpf", "CPF", ("compte personnel de formation",)),
    C("autre", "Autre financeur", ("autre", "employeur", "collectivité")),
)

#: colonnes facultatives sans lesquelles ces résultats n'ont pas de sens (voir
#: :mod:`gipkit.needs`) ; établi en retirant chaque colonne de la fixture.
ML_SITUATIONS_NEEDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("date_fin",),
        (
            "ml.situations.emplois_durables",
            "ml.situations.part_emplois_durables",
            "ml.formation.emploi_6_mois",
        ),
    ),
    (
        ("type_contrat",),
        (
            "ml.emploi.interim_par_ville",
            "ml.emploi.par_type",
            "ml.situations.emplois_durables",
            "ml.situations.part_emplois_durables",
            "ml.territoire.contrats",
        ),
    ),
    (("temps_travail",), ("ml.emploi.par_type",)),
    (("employeur",), ("ml.emploi.recruteurs",)),
    (("departement_employeur",), ("ml.emploi.departements",)),
    (("secteur",), ("ml.emploi.part_secteurs_tete", "ml.emploi.secteurs")),
    (("rome",), ("ml.emploi.metiers",)),
    (("financeur",), ("ml.formation.par_financeur",)),
    (("qualifiante",), ("ml.formation.part_qualifiantes", "ml.formation.emploi_6_mois")),
)

ML_SITUATIONS = ExportSchema(
    kind="ml.situations",
    activity_date="date_debut",
    needs=ML_SITUATIONS_NEEDS,
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
            identifier=True,
            encoded=True,
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
            coded=True,
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
            coded=True,
        ),
        ColumnSpec(
            "temps_travail",
            "Temps de travail",
            T.CATEGORY,
            "Temps plein ou partiel, pour un emploi.",
            False,
            ("duree du travail", "temps"),
            WORKING_TIMES,
            example="Temps plein",
            coded=True,
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
        ColumnSpec(
            "financeur",
            "Financeur de la formation",
            T.CATEGORY,
            "Pour une formation : son principal financeur.",
            False,
            ("financeur", "financement", "organisme financeur"),
            TRAINING_FUNDERS,
            example="Conseil régional",
            coded=True,
        ),
        ColumnSpec(
            "qualifiante",
            "Formation qualifiante",
            T.BOOLEAN,
            "Pour une formation : oui si elle vise un diplôme, un titre ou une "
            "certification (inscrit au RNCP ou au répertoire spécifique).",
            False,
            ("qualifiante", "formation certifiante", "certifiante"),
            example="Oui",
        ),
    ),
    key_hint="une ligne par situation",
)


EDUCATION_LEVELS = (
    C(
        "sans_diplome",
        "Sans diplôme (infra niveau 3)",
        (
            "sans diplôme",
            "niveau VI",
            "niveau V bis",
            "infra V",
            "aucun diplôme",
            "niveau 3 non validé",
        ),
    ),
    C("cap_bep", "CAP, BEP (niveau 3)", ("CAP", "BEP", "CAP/BEP", "niveau V", "niveau 3")),
    C(
        "bac_non_valide",
        "Bac non validé",
        ("niveau IV non validé", "niveau 4 non validé", "terminale sans bac"),
    ),
    C("bac", "Bac (niveau 4)", ("bac", "baccalauréat", "niveau IV", "niveau 4")),
    C("bac_2", "Bac+2 (niveau 5)", ("bac+2", "BTS", "DUT", "niveau III", "niveau 5")),
    C(
        "bac_3_4",
        "Bac+3, Bac+4 (niveau 6)",
        ("bac+3", "bac+4", "licence", "licence professionnelle", "maîtrise", "niveau 6"),
    ),
    C(
        "bac_5_plus",
        "Bac+5 et plus (niveaux 7 et 8)",
        ("bac+5", "master", "doctorat", "diplôme d'ingénieur", "niveau 7", "niveau 8"),
    ),
    # une extraction qui ne sépare pas les niveaux du supérieur long
    C(
        "bac_3_plus",
        "Bac+3 et plus (niveaux 6 à 8)",
        ("bac+3 et plus", "niveau II", "niveau I", "supérieur long"),
    ),
)
#: niveaux « BAC+2 et plus » (les groupes de tous les chapitres)
HIGHER_EDUCATION = ("bac_2", "bac_3_4", "bac_5_plus", "bac_3_plus")

THEMES = (
    C("emploi", "Emploi", ("accès à l'emploi", "recherche d'emploi")),
    C(
        "alternance",
        "Alternance",
        ("apprentissage", "contrat d'apprentissage", "contrat de professionnalisation"),
    ),
    # une extraction qui ne sépare pas l'alternance de l'emploi
    C("emploi_alternance", "Emploi, alternance", ("emploi et alternance", "emploi/alternance")),
    C("orientation", "Projet professionnel, orientation", ("orientation", "projet professionnel")),
    C("formation", "Formation", ("formation", "formation professionnelle")),
    C("logement", "Logement", ("hébergement",)),
    C("sante", "Santé", ("santé", "accès aux soins")),
    C("mobilite", "Mobilité", ("permis", "transport")),
    C(
        "citoyennete",
        "Citoyenneté, loisirs, sport, culture",
        ("citoyenneté", "loisirs", "sport", "culture"),
    ),
    C("vie_sociale", "Vie sociale, droits, budget", ("vie sociale", "accès aux droits", "budget")),
    C("autre", "Autre thème", ("autre",)),
)

EVENT_KINDS = (
    C(
        "entretien_individuel",
        "Entretien individuel",
        ("entretien", "rendez-vous individuel", "RDV individuel"),
    ),
    C("information_collective", "Information collective", ("info coll", "réunion d'information")),
    C("atelier", "Atelier", ("atelier collectif", "animation collective")),
    C("telephone", "Téléphone", ("entretien téléphonique", "appel")),
    C("email", "E-mail", ("courriel", "mail")),
    C("sms", "SMS", ("texto",)),
    C("courrier", "Courrier", ()),
    C("visite", "Visite", ("visite à domicile", "visite entreprise")),
    C(
        "evenement_emploi",
        "Événement emploi",
        ("job dating", "jobdating", "présentation de métiers", "forum emploi", "recrutement"),
    ),
    C("autre", "Autre événement", ("autre",)),
)

#: suite donnée à une inscription à un événement emploi (job dating, présentation de
#: métiers) : le jeune est retenu pour la suite du recrutement, ou non
EVENT_OUTCOMES = (
    C("retenu", "Retenu", ("retenue", "sélectionné", "positionné", "suite favorable")),
    C("non_retenu", "Non retenu", ("non retenue", "non sélectionné", "refusé")),
    C("en_attente", "En attente", ("en cours",)),
)

EVENT_STATUSES = (
    C("present", "Présent", ("présente", "réalisé", "honoré")),
    C("absent", "Absent", ("absente", "non honoré")),
    C("annule", "Annulé", ("annulée",)),
    C("reporte", "Reporté", ("reportée",)),
    C("planifie", "Planifié", ("prévu",)),
    C("non_precise", "Non précisé", ("inconnu",)),
    # statuts des séances collectives d'I-milo
    C("prescrit", "Prescrit", ("prescrite", "inscrit", "inscrite")),
    C("refus_tiers", "Refus tiers", ("refusé par un tiers",)),
    C("refus_jeune", "Refus jeune", ("refusé par le jeune",)),
)

ORIGINS = (
    C(
        "recommandation",
        "Recommandation de proches",
        ("bouche à oreille", "famille", "amis", "entourage", "recommandation familiale"),
    ),
    C("france_travail", "France Travail", ("pole emploi", "FT")),
    C(
        "education_nationale",
        "Éducation nationale",
        ("CIO", "lycée", "collège", "MLDS", "plateforme de décrochage"),
    ),
    C(
        "partenaire",
        "Partenaire social ou associatif",
        ("partenaire", "association", "service social", "CCAS", "ASE", "foyer"),
    ),
    C("evenement", "Événement (forum, job dating)", ("forum", "job dating", "salon")),
    C("communication", "Internet, réseaux sociaux", ("internet", "réseaux sociaux", "site")),
    C("spontanee", "Démarche spontanée", ("spontané", "de lui-même", "de sa propre initiative")),
    C("autre", "Autre origine", ("autre",)),
)

#: colonnes facultatives sans lesquelles ces résultats n'ont pas de sens (voir
#: :mod:`gipkit.needs`) ; établi en retirant chaque colonne de la fixture.
ML_JEUNES_NEEDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("sexe",),
        (
            "ml.actions_locales.profil",
            "ml.activite.par_sexe",
            "ml.emploi.par_sexe",
            "ml.sante.par_partenaire",
        ),
    ),
    (
        ("date_naissance",),
        (
            "ml.actions_locales.profil",
            "ml.activite.jeunes_mineurs",
            "ml.activite.par_age",
            "ml.activite.part_mineurs",
            "ml.demandes.par_age",
            "ml.emploi.par_age",
            "ml.obligation_formation.accompagnes",
            "ml.obligation_formation.concernes",
            "ml.obligation_formation.en_solution",
            "ml.obligation_formation.mineurs_en_contact",
            "ml.obligation_formation.solutions",
        ),
    ),
    (
        ("ville",),
        (
            "ml.activite.par_ville",
            "ml.emploi.interim_par_ville",
            "ml.territoire.contrats",
            "ml.territoire.niveaux",
            "ml.territoire.niveaux_detail",
            "ml.territoire.quartiers",
        ),
    ),
    (
        ("quartier",),
        (
            "ml.territoire.contrats",
            "ml.territoire.niveaux",
            "ml.territoire.niveaux_detail",
            "ml.territoire.quartiers",
        ),
    ),
    (
        ("qpv",),
        ("ml.actions_locales.profil", "ml.activite.part_qpv", "ml.dispositifs.cej_part_qpv"),
    ),
    (
        ("niveau",),
        (
            "ml.actions_locales.profil",
            "ml.activite.par_niveau",
            "ml.activite.part_infra_bac",
            "ml.activite.part_sans_diplome",
            "ml.dispositifs.cej_part_sans_diplome",
            "ml.emploi.par_niveau",
            "ml.formation.part_sans_qualification",
            "ml.territoire.niveaux",
            "ml.territoire.niveaux_detail",
        ),
    ),
    (
        ("date_premier_accueil",),
        (
            "ml.activite.part_premiers_accueils",
            "ml.activite.premiers_accueils",
            "ml.activite.premiers_accueils_par_origine",
        ),
    ),
    (
        ("obligation_formation",),
        (
            "ml.obligation_formation.accompagnes",
            "ml.obligation_formation.concernes",
            "ml.obligation_formation.en_solution",
            "ml.obligation_formation.solutions",
        ),
    ),
    (("origine",), ("ml.activite.premiers_accueils_par_origine",)),
    (("handicap",), ("ml.activite.jeunes_handicap",)),
    (("justice",), ("ml.activite.jeunes_justice",)),
)

ACCOMPANIMENT_MODALITIES = (
    C(
        "aio",
        "Accueil, information, orientation",
        ("accueil information orientation", "AIO", "information", "premier niveau"),
    ),
    C("appui_ponctuel", "Appui ponctuel", ("ponctuel", "accompagnement ponctuel", "appui")),
    C("renforce", "Accompagnement renforcé", ("renforcé", "accompagnement renforce")),
)

ML_YOUTHS = ExportSchema(
    kind="ml.jeunes",
    needs=ML_JEUNES_NEEDS,
    row_key=("jeune",),
    title="Jeunes (Mission Locale)",
    description="Extraction des jeunes : une ligne par jeune connu de la Mission Locale.",
    columns=(
        ColumnSpec(
            "jeune",
            "Identifiant jeune",
            T.TEXT,
            "Identifiant pseudonyme du jeune (jamais son nom).",
            True,
            ("id jeune", "identifiant", "id", "numero jeune"),
            example="J000123",
            identifier=True,
            encoded=True,
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
            "date_naissance",
            "Date de naissance",
            T.DATE,
            "Date de naissance (sert à l'âge au 31 décembre).",
            False,
            ("naissance", "ne le"),
            example="14/05/2004",
            past=True,
        ),
        ColumnSpec(
            "ville",
            "Commune",
            T.TEXT,
            "Commune de résidence.",
            False,
            ("ville", "commune de residence", "ville de residence"),
            example="Vitry-sur-Seine",
        ),
        ColumnSpec(
            "quartier",
            "Quartier",
            T.TEXT,
            "Quartier de résidence.",
            False,
            ("quartier de residence", "iris"),
            example="Centre-ville",
        ),
        ColumnSpec(
            "qpv",
            "QPV",
            T.BOOLEAN,
            "Oui si le jeune réside en quartier prioritaire.",
            False,
            ("resident qpv", "quartier prioritaire"),
            example="Oui",
        ),
        ColumnSpec(
            "niveau",
            "Niveau de formation",
            T.CATEGORY,
            "Plus haut niveau de formation.",
            False,
            ("niveau", "niveau d'etudes", "niveau scolaire"),
            EDUCATION_LEVELS,
            example="CAP/BEP",
            coded=True,
        ),
        ColumnSpec(
            "date_premier_accueil",
            "Date de premier accueil",
            T.DATE,
            "Premier accueil à la Mission Locale.",
            False,
            ("premier accueil", "date 1er accueil", "date d'inscription"),
            example="12/09/2025",
        ),
        ColumnSpec(
            "obligation_formation",
            "Obligation de formation",
            T.BOOLEAN,
            "Oui si le jeune est concerné par l'obligation de formation des 16-18 ans "
            "(repéré sur les listes de l'Éducation nationale ou à l'accueil).",
            False,
            ("concerne obligation de formation", "of", "repere of", "decrocheur"),
            example="Non",
        ),
        ColumnSpec(
            "origine",
            "Origine du premier accueil",
            T.CATEGORY,
            "Comment le jeune est venu à la Mission Locale.",
            False,
            ("origine", "origine de la venue", "comment avez-vous connu", "prescripteur"),
            ORIGINS,
            example="Recommandation de proches",
            coded=True,
        ),
        ColumnSpec(
            "handicap",
            "Handicap",
            T.BOOLEAN,
            "Oui si le jeune est en situation de handicap (RQTH reconnue ou en cours).",
            False,
            ("rqth", "situation de handicap", "travailleur handicape"),
            example="Non",
        ),
        ColumnSpec(
            "justice",
            "Sous main de justice",
            T.BOOLEAN,
            "Oui si le jeune est sous main de justice (milieu ouvert ou fermé).",
            False,
            ("sous main de justice", "jsmj", "ppsmj"),
            example="Non",
        ),
        ColumnSpec(
            "modalite_accompagnement",
            "Modalité d'accompagnement",
            T.CATEGORY,
            "Modalité d'accompagnement du jeune à la date de l'extraction (accueil, "
            "information, orientation ; appui ponctuel ; accompagnement renforcé).",
            False,
            ("modalite", "niveau d'accompagnement", "type d'accompagnement"),
            ACCOMPANIMENT_MODALITIES,
            example="Accompagnement renforcé",
            coded=True,
        ),
    ),
    key_hint="une ligne par jeune",
)

#: colonnes facultatives sans lesquelles ces résultats n'ont pas de sens (voir
#: :mod:`gipkit.needs`) ; établi en retirant chaque colonne de la fixture.
ML_EVENEMENTS_NEEDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("statut",),
        (
            "ml.activite.jeunes_accompagnes",
            "ml.activite.jeunes_mineurs",
            "ml.activite.modalites",
            "ml.activite.par_age",
            "ml.activite.par_niveau",
            "ml.activite.par_sexe",
            "ml.activite.par_ville",
            "ml.activite.part_infra_bac",
            "ml.activite.part_mineurs",
            "ml.activite.part_premiers_accueils",
            "ml.activite.part_qpv",
            "ml.activite.part_sans_diplome",
            "ml.obligation_formation.accompagnes",
            "ml.obligation_formation.en_solution",
            "ml.obligation_formation.mineurs_en_contact",
            "ml.obligation_formation.solutions",
            "ml.territoire.niveaux",
            "ml.territoire.niveaux_detail",
            "ml.territoire.quartiers",
        ),
    ),
    (("physique",), ("ml.territoire.quartiers",)),
    (
        ("action",),
        (
            "ml.ateliers.par_action",
            "ml.ateliers.hebdomadaires",
            "ml.ateliers.inscrits",
            "ml.ateliers.taux_presence",
        ),
    ),
    (
        ("theme_action",),
        (
            "ml.ateliers.hebdomadaires",
            "ml.ateliers.inscrits",
            "ml.ateliers.taux_presence",
            "ml.ateliers.par_action[*].theme",
        ),
    ),
    (
        ("statut",),
        (
            "ml.ateliers.par_action",
            "ml.ateliers.taux_presence",
            "ml.evenements_emploi.presents",
        ),
    ),
    (("suite",), ("ml.evenements_emploi.retenus",)),
)

ML_EVENTS = ExportSchema(
    kind="ml.evenements",
    activity_date="date",
    needs=ML_EVENEMENTS_NEEDS,
    title="Événements (Mission Locale)",
    description="Extraction des événements : une ligne par contact avec un jeune.",
    columns=(
        ColumnSpec(
            "jeune",
            "Identifiant jeune",
            T.TEXT,
            "Identifiant pseudonyme du jeune.",
            True,
            ("id jeune", "identifiant", "id", "numero jeune"),
            example="J000123",
            identifier=True,
            encoded=True,
        ),
        ColumnSpec(
            "date",
            "Date",
            T.DATE,
            "Date de l'événement.",
            True,
            ("date evenement", "date de l'evenement", "date du contact"),
            example="03/02/2025",
        ),
        ColumnSpec(
            "type_evenement",
            "Type d'événement",
            T.CATEGORY,
            "Nature du contact.",
            True,
            ("type", "nature", "type de contact", "type evenement"),
            EVENT_KINDS,
            example="Entretien individuel",
            coded=True,
        ),
        ColumnSpec(
            "statut",
            "Statut",
            T.CATEGORY,
            "Présence du jeune.",
            False,
            ("statut du rendez-vous", "presence", "etat"),
            EVENT_STATUSES,
            example="Présent",
            coded=True,
        ),
        ColumnSpec(
            "physique",
            "Physique",
            T.BOOLEAN,
            "Oui si le contact a eu lieu en présence.",
            False,
            ("en presence", "presentiel"),
            example="Oui",
        ),
        ColumnSpec(
            "site",
            "Site",
            T.TEXT,
            "Antenne de la Mission Locale.",
            False,
            ("antenne", "lieu"),
            example="Vitry",
        ),
        ColumnSpec(
            "action",
            "Intitulé de l'action",
            T.TEXT,
            "Intitulé de l'action collective (atelier, information collective, événement "
            "emploi) à laquelle le jeune est inscrit ; vide pour un contact individuel.",
            False,
            ("action", "intitule", "libelle de l'action", "offre de service"),
            example="Atelier CV",
        ),
        ColumnSpec(
            "theme_action",
            "Thème de l'action",
            T.CATEGORY,
            "Thème de l'action collective (mêmes thèmes que les demandes).",
            False,
            ("theme", "thematique", "thematique de l'action"),
            THEMES,
            example="Emploi, alternance",
            coded=True,
        ),
        ColumnSpec(
            "seance",
            "Séance",
            T.TEXT,
            "Identifiant de la séance de l'action collective ; sans cette colonne, une "
            "séance est une action, un jour, un site.",
            False,
            ("identifiant de seance", "id seance", "session", "numero de seance"),
            example="S2025-0113",
        ),
        ColumnSpec(
            "suite",
            "Suite donnée",
            T.CATEGORY,
            "Pour un événement emploi : le jeune est-il retenu pour la suite du recrutement ?",
            False,
            ("suite", "resultat", "issue", "decision"),
            EVENT_OUTCOMES,
            example="Retenu",
            coded=True,
        ),
    ),
    key_hint="une ligne par événement",
)

PROGRAMMES = (
    C("CEJ", "CEJ", ("contrat d'engagement jeune",)),
    C("PACEA", "PACEA", ("parcours contractualisé d'accompagnement",)),
    C("PPAE", "PPAE", ("projet personnalisé d'accès à l'emploi",)),
    C("parrainage", "Parrainage", ()),
    C("UEMO-FIPD", "UEMO-FIPD", ("UEMO", "FIPD")),
    C("JSMJ", "JSMJ", ("justice",)),
    C(
        "action_locale",
        "Action locale",
        ("action locale", "programme local", "dispositif local", "action spécifique"),
    ),
    C("autre", "Autre dispositif", ("autre",)),
)

#: milieu d'une mesure de justice (dispositif JSMJ)
JUSTICE_SETTINGS = (
    C("ferme", "Milieu fermé", ("fermé", "incarcéré", "détention", "MF")),
    C("ouvert", "Milieu ouvert", ("ouvert", "MO", "SPIP")),
)

PROGRAMME_EXITS = (
    C("emploi_durable", "Emploi durable", ("CDI", "CDD de 6 mois ou plus", "emploi durable")),
    C("alternance", "Alternance", ("contrat en alternance", "apprentissage")),
    C(
        "formation_initiale",
        "Retour en formation initiale",
        ("retour en scolarité", "scolarité", "reprise d'études"),
    ),
    C("formation", "Formation", ("formation qualifiante", "formation professionnelle")),
    C("cdd_court", "CDD de moins de 6 mois", ("CDD court", "emploi non durable")),
    C("contrat_aide", "Contrat aidé", ("PEC", "CUI")),
    C("abandon", "Abandon", ("fin à l'initiative du jeune", "démission")),
    C("demenagement", "Déménagement", ()),
    C("fin_sans_solution", "Fin sans solution", ("échéance", "sans solution")),
    C(
        "projet_valide",
        "Projet validé, en attente de formation",
        ("projet validé", "projet professionnel validé", "en attente de formation"),
    ),
    C("autre", "Autre sortie", ("autre",)),
)

#: colonnes facultatives sans lesquelles ces résultats n'ont pas de sens (voir
#: :mod:`gipkit.needs`) ; établi en retirant chaque colonne de la fixture.
ML_DISPOSITIFS_NEEDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("date_sortie",),
        (
            "ml.actions_locales.par_action",
            "ml.actions_locales.profil",
            "ml.actions_locales.situations",
            "ml.dispositifs.cej_sorties",
            "ml.dispositifs.cej_sorties_par_situation",
            "ml.dispositifs.cej_sorties_positives",
            "ml.dispositifs.cej_taux_sorties_positives",
            "ml.dispositifs.jeunes_par_dispositif",
            "ml.dispositifs.pacea_accompagnes",
            "ml.justice.jsmj",
            "ml.justice.par_milieu",
            "ml.justice.uemo",
        ),
    ),
    (
        ("situation_sortie",),
        (
            "ml.actions_locales.situations",
            "ml.dispositifs.cej_sorties_par_situation",
            "ml.dispositifs.cej_sorties_positives",
            "ml.dispositifs.cej_taux_sorties_positives",
        ),
    ),
    (("allocation",), ("ml.dispositifs.pacea_allocations",)),
    (
        ("intitule",),
        (
            "ml.actions_locales.par_action",
            "ml.actions_locales.profil",
            "ml.actions_locales.situations",
        ),
    ),
    (("milieu",), ("ml.justice.par_milieu",)),
)

ML_PROGRAMMES = ExportSchema(
    kind="ml.dispositifs",
    activity_date="date_entree",
    needs=ML_DISPOSITIFS_NEEDS,
    title="Dispositifs (Mission Locale)",
    description=(
        "Extraction des dispositifs : une ligne par entrée d'un jeune dans un dispositif "
        "(CEJ, PACEA…), avec sa sortie et l'allocation demandée."
    ),
    columns=(
        ColumnSpec(
            "jeune",
            "Identifiant jeune",
            T.TEXT,
            "Identifiant pseudonyme du jeune.",
            True,
            ("id jeune", "identifiant", "id", "numero jeune"),
            example="J000123",
            identifier=True,
            encoded=True,
        ),
        ColumnSpec(
            "dispositif",
            "Dispositif",
            T.CATEGORY,
            "Dispositif.",
            True,
            ("programme", "type de dispositif"),
            PROGRAMMES,
            example="CEJ",
        ),
        ColumnSpec(
            "date_entree",
            "Date d'entrée",
            T.DATE,
            "Entrée dans le dispositif.",
            True,
            ("entree", "date entree", "date de debut"),
            example="03/02/2025",
        ),
        ColumnSpec(
            "date_sortie",
            "Date de sortie",
            T.DATE,
            "Sortie du dispositif (vide s'il est en cours).",
            False,
            ("sortie", "date sortie", "date de fin"),
            example="02/02/2026",
        ),
        ColumnSpec(
            "situation_sortie",
            "Situation à la sortie",
            T.CATEGORY,
            "Situation du jeune à la sortie.",
            False,
            ("motif de sortie", "situation de sortie", "sortie vers"),
            PROGRAMME_EXITS,
            example="Alternance",
        ),
        ColumnSpec(
            "allocation",
            "Allocation demandée",
            T.NUMBER,
            "Montant d'allocation demandé pour le jeune dans le dispositif (euros).",
            False,
            ("montant allocation", "allocation", "allocations demandees"),
            example="500",
            minimum=0,
            maximum=100_000,
        ),
        ColumnSpec(
            "date_allocation",
            "Date de la demande d'allocation",
            T.DATE,
            "Date à laquelle l'allocation a été demandée : elle compte l'année de cette date.",
            False,
            ("date allocation", "date de l'allocation", "date demande allocation"),
            example="14/03/2025",
        ),
        ColumnSpec(
            "milieu",
            "Milieu",
            T.CATEGORY,
            "Pour le dispositif JSMJ : milieu de la mesure de justice (ouvert, fermé).",
            False,
            ("milieu de la mesure", "milieu ouvert / ferme", "type de milieu"),
            JUSTICE_SETTINGS,
            example="Milieu ouvert",
        ),
        ColumnSpec(
            "intitule",
            "Intitulé du dispositif",
            T.TEXT,
            "Nom de l'action pour une action locale (« Décrochage — Politique de la "
            "ville »…) ; les actions locales sans intitulé sont comptées ensemble.",
            False,
            ("intitule", "libelle du dispositif", "nom de l'action", "intitule de l'action"),
            example="Décrochage Politique de la ville",
        ),
    ),
    key_hint="une ligne par entrée dans un dispositif",
)

STEPS = (
    C("proposition", "Proposition", ("proposé",)),
    C("prescription", "Prescription", ("prescrit",)),
    C("entree", "Entrée", ("entrée réalisée", "réalisée", "intégration")),
)


def _youth_column() -> ColumnSpec:
    return ColumnSpec(
        "jeune",
        "Identifiant jeune",
        T.TEXT,
        "Identifiant pseudonyme du jeune.",
        True,
        ("id jeune", "identifiant", "id", "numero jeune"),
        example="J000123",
        identifier=True,
        encoded=True,
    )


ML_REQUESTS = ExportSchema(
    kind="ml.demandes",
    activity_date="date",
    title="Demandes (Mission Locale)",
    description="Extraction des demandes exprimées par les jeunes : une ligne par demande.",
    columns=(
        _youth_column(),
        ColumnSpec(
            "date",
            "Date",
            T.DATE,
            "Date de la demande.",
            True,
            ("date de la demande", "date demande"),
            example="03/02/2025",
        ),
        ColumnSpec(
            "theme",
            "Thème",
            T.CATEGORY,
            "Thème de la demande.",
            True,
            ("theme de la demande", "domaine", "nature de la demande"),
            THEMES,
            example="Logement",
        ),
    ),
    key_hint="une ligne par demande",
)

#: suite donnée à une proposition (un rendez-vous chez un partenaire)
PROPOSAL_OUTCOMES = (
    C("honoree", "Honorée", ("honoré", "réalisée", "présent", "venu")),
    C("non_honoree", "Non honorée", ("non honoré", "absent", "pas venu", "lapin")),
    C("en_attente", "En attente", ("à venir", "planifiée")),
)

ML_PROPOSALS = ExportSchema(
    kind="ml.propositions",
    activity_date="date",
    title="Propositions (Mission Locale)",
    description=(
        "Extraction des propositions faites aux jeunes : une ligne par proposition, "
        "prescription ou entrée, avec son thème."
    ),
    columns=(
        _youth_column(),
        ColumnSpec(
            "date",
            "Date",
            T.DATE,
            "Date de l'étape.",
            True,
            ("date de la proposition", "date proposition"),
            example="03/02/2025",
        ),
        ColumnSpec(
            "theme",
            "Thème",
            T.CATEGORY,
            "Thème de la proposition.",
            True,
            ("domaine", "nature"),
            THEMES,
            example="Formation",
        ),
        ColumnSpec(
            "etape",
            "Étape",
            T.CATEGORY,
            "Proposition, prescription ou entrée.",
            True,
            ("statut", "etat", "niveau"),
            STEPS,
            example="Prescription",
        ),
        ColumnSpec(
            "partenaire",
            "Partenaire",
            T.TEXT,
            "Partenaire ou offre de service de la proposition (« Permanence psychologique "
            "Vitry »…).",
            False,
            ("offre de service", "partenaire de l'offre", "prestataire", "structure"),
            example="Permanence psychologique Vitry",
        ),
        ColumnSpec(
            "suite",
            "Suite donnée",
            T.CATEGORY,
            "La proposition a-t-elle été honorée par le jeune ?",
            False,
            ("suite", "resultat", "realisation"),
            PROPOSAL_OUTCOMES,
            example="Honorée",
        ),
    ),
    key_hint="une ligne par étape",
    needs=(
        (("partenaire",), ("ml.sante.par_partenaire",)),
        (("suite",), ("ml.sante.par_partenaire",)),
    ),
)
