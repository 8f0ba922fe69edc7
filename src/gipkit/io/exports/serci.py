"""Export des heures d'insertion tenu par le facilitateur des clauses sociales.

Une ligne par contrat et par année ; les attributs du participant sont répétés
sur chacune de ses lignes.
"""

from __future__ import annotations

from gipkit.io.schema import Category, ColumnSpec, ColumnType, ExportSchema

C = Category
T = ColumnType

MAITRE_OUVRAGE_TYPES = (
    C("bailleur_social", "Bailleurs sociaux", ("bailleur", "bailleur social", "ESH", "OPH")),
    C(
        "commune",
        "Communes Ivry-sur-Seine et Vitry-sur-Seine",
        ("commune", "communes", "ville", "villes", "collectivité"),
    ),
    C(
        "sem",
        "SEM (Sociétés d'Économie Mixte)",
        ("SEM", "société d'économie mixte", "sociétés d'économie mixte", "aménageur public"),
    ),
    C(
        "prive",
        "Etablissements privés",
        ("privé", "établissement privé", "promoteur", "promoteur privé", "maître d'ouvrage privé"),
    ),
)

CONTRACT_TYPES = (
    C("cdd", "CDD Contrat à Durée Déterminée", ("CDD", "contrat à durée déterminée")),
    C("cddi", "CDDi Contrat à Durée Déterminée d'Insertion", ("CDDI",)),
    C("cdi", "CDI Contrat à Durée Indéterminée", ("CDI", "contrat à durée indéterminée")),
    C("cmad", "CMAD Contrat de Mise À Disposition", ("CMAD", "mise à disposition")),
    C("apprentissage", "Contrat d'Apprentissage", ("apprentissage",)),
    C("professionnalisation", "Contrat de Professionnalisation", ("professionnalisation",)),
    C("ctt", "CTT Contrat de Travail Temporaire", ("CTT", "intérim", "contrat de mission")),
    C("ctti", "CTTI Contrat de Travail Temporaire d'Insertion", ("CTTI", "intérim d'insertion")),
    C(
        "prealable_embauche",
        "Dispositif préalable à l'embauche",
        ("POE", "préalable à l'embauche", "action préalable à l'embauche"),
    ),
)

HIRING_MODES = (
    C("ai", "AI Association Intermédiaire", ("AI", "association intermédiaire")),
    C("ea", "EA Entreprise Adaptée", ("EA", "entreprise adaptée")),
    C("ei", "EI Entreprise Individuelle", ("EI", "entreprise d'insertion")),
    C("embauche_directe", "Embauche directe", ("directe", "direct", "entreprise")),
    C("esat", "ESAT Établissement et Service d'Aide par le Travail", ("ESAT",)),
    C("ett", "ETT Entreprise de Travail Temporaire", ("ETT", "intérim classique")),
    C("etti", "ETTI Entreprise de Travail Temporaire d'Insertion", ("ETTI",)),
    C(
        "geiq",
        "GEIQ Groupement d'Employeurs pour l'Insertion et la Qualification",
        ("GEIQ",),
    ),
)

EDUCATION_LEVELS = (
    C(
        "aucun_diplome",
        "Aucun diplôme - Maîtrise des savoirs de base",
        ("aucun diplôme", "sans diplôme", "infra V", "niveau 3 non validé", "VI"),
    ),
    C(
        "diplome_etranger",
        "Diplôme étranger sans équivalence en France",
        ("diplôme étranger", "diplôme étranger non reconnu"),
    ),
    C("cap_bep", "CAP/BEP", ("CAP", "BEP", "niveau V", "niveau 3")),
    C("bac", "Bac", ("baccalauréat", "niveau IV", "niveau 4")),
    C("bac_2", "Bac+2 - DEUG, BTS, DUT, DEUST", ("bac+2", "BTS", "DUT", "niveau III", "niveau 5")),
    C(
        "bac_3_4",
        "Bac+3 ou Bac+4 - Licence, Licence professionnelle, Maîtrise, Master 1",
        ("bac+3", "bac+4", "licence", "niveau II", "niveau 6"),
    ),
    C("bac_5", "Bac+5 et plus", ("bac+5", "master", "niveau I", "niveau 7")),
)

ENTRY_STATUSES = (
    C(
        "deld",
        "Demandeur Emploi Longue Durée (de plus de 6 mois)",
        ("DELD", "demandeur d'emploi de longue durée", "chômeur de longue durée"),
    ),
    C("th", "Travailleur Handicapé", ("TH", "RQTH", "travailleur handicapé")),
    C("jeune_26", "Jeune -26 ans", ("jeune", "jeune de moins de 26 ans", "moins de 26 ans")),
    C("rsa", "Bénéficiaire du RSA", ("RSA", "BRSA", "allocataire du RSA")),
    C(
        "de_interimaire",
        "Demandeur Emploi ou Intérimaire sans mission",
        ("demandeur d'emploi", "intérimaire sans mission"),
    ),
    C("qpv", "QPV éloigné de l'emploi", ("QPV", "résident QPV")),
    C("refugie", "Réfugié", ("réfugié", "BPI", "bénéficiaire de la protection internationale")),
    C(
        "de_50",
        "Demandeur Emploi +50 ans",
        ("DE+50", "senior", "demandeur d'emploi de plus de 50 ans"),
    ),
)

EXIT_SITUATIONS = (
    C("cdi", "CDI", ("contrat à durée indéterminée",)),
    C(
        "cdd_plus_3_mois",
        "CDD de plus de 3 mois",
        ("CDD plus de 3 mois", "CDD de plus de trois mois"),
    ),
    C("cdd_3_mois_ou_moins", "CDD de 3 mois ou moins", ("CDD moins de 3 mois", "CDD court")),
    C("interim", "Intérim", ("mission d'intérim", "CTT")),
    C("formation_qualifiante", "Formation qualifiante", ("formation certifiante",)),
    C("formation_non_qualifiante", "Formation non qualifiante", ()),
    C("creation_entreprise", "Création d'entreprise", ("création d'activité",)),
    C("abandon", "Abandon ou départ volontaire", ("abandon", "départ volontaire", "démission")),
    C("demandeur_emploi", "Demandeur d'emploi", ("chômage", "sans emploi")),
    C("en_parcours", "En parcours", ("en cours", "parcours en cours", "pas de sortie")),
    C("autre", "Autre", ("autre situation", "déménagement", "maladie")),
)

ENTRY_RESOURCES = (
    C(
        "fin_droits",
        "Demandeur d'emploi en fin de droits",
        ("fin de droits", "fin de droit", "ASS", "allocation de solidarité spécifique"),
    ),
    C("minima_sociaux", "Minima sociaux (RSA, AAH)", ("RSA", "AAH", "minima sociaux")),
    C(
        "faibles_revenus",
        "Faibles revenus (moins d'un SMIC)",
        ("faibles revenus", "peu de revenus", "revenus faibles"),
    ),
    C("sans_ressources", "Sans ressources", ("aucune ressource", "sans revenu")),
    C(
        "indemnise",
        "Demandeur d'emploi indemnisé (ARE)",
        ("ARE", "indemnisé", "allocation chômage"),
    ),
    C("salaire", "Salaire ou revenus d'activité", ("salaire", "salarié", "revenus d'activité")),
    C("autre", "Autres ressources", ("autre",)),
)

SEXES = (
    C("F", "Femmes", ("femme", "féminin", "Mme", "madame")),
    C("H", "Hommes", ("homme", "masculin", "M", "M.", "monsieur")),
)

#: colonnes facultatives sans lesquelles ces résultats n'ont pas de sens (voir
#: :mod:`gipkit.needs`) ; établi en retirant chaque colonne de la fixture.
SERCI_HEURES_NEEDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("maitre_ouvrage",), ("serci.heures.par_commanditaire", "serci.heures.par_secteur")),
    (("type_maitre_ouvrage",), ("serci.heures.par_maitre_ouvrage", "serci.heures.par_secteur")),
    (
        ("ville_operation",),
        (
            "serci.heures.par_ville",
            "serci.heures.par_ville_historique",
            "serci.participants.part_proximite",
        ),
    ),
    (("modalite_embauche",), ("serci.contrats.par_modalite",)),
    (
        ("type_contrat",),
        ("serci.contrats.cdi", "serci.contrats.interim", "serci.contrats.par_type"),
    ),
    (("sexe",), ("serci.participants.par_sexe",)),
    (("date_naissance", "age"), ("serci.participants.par_age",)),
    (
        ("niveau_formation",),
        ("serci.participants.par_niveau", "serci.participants.part_sans_diplome"),
    ),
    (("statuts_entree",), ("serci.participants.par_statut",)),
    (
        ("prescripteur",),
        ("serci.participants.par_groupe_prescripteur", "serci.participants.par_prescripteur"),
    ),
    (
        ("ville_domicile",),
        (
            "serci.participants.par_commune",
            "serci.participants.par_domiciliation",
            "serci.participants.part_proximite",
        ),
    ),
    (
        ("ressources_entree",),
        ("serci.participants.par_ressources", "serci.participants.part_ressources_faibles"),
    ),
    (("qpv",), ("serci.participants.par_domiciliation",)),
    (("quartier",), ("serci.participants.par_domiciliation",)),
    (
        ("situation_sortie",),
        (
            "serci.sorties.abandons",
            "serci.sorties.par_situation",
            "serci.sorties.positives",
            "serci.sorties.sorties",
            "serci.sorties.taux_abandons",
            "serci.sorties.taux_positives",
        ),
    ),
)

SERCI_HOURS = ExportSchema(
    kind="serci.heures",
    needs=SERCI_HEURES_NEEDS,
    row_key=("annee", "contrat"),
    title="Heures d'insertion (SERCI)",
    description=(
        "Export des heures d'insertion du facilitateur des clauses sociales : une ligne par "
        "contrat et par année, les attributs du participant répétés sur chaque ligne."
    ),
    columns=(
        ColumnSpec(
            "annee",
            "Année",
            T.INTEGER,
            "Année civile des heures de la ligne.",
            True,
            ("annee de realisation", "exercice"),
            example="2025",
            minimum=1990,
            maximum=2100,
        ),
        ColumnSpec(
            "contrat",
            "N° contrat",
            T.TEXT,
            "Identifiant du contrat.",
            True,
            ("numero de contrat", "id contrat", "contrat", "identifiant contrat"),
            example="C-2025-0001",
        ),
        ColumnSpec(
            "marche",
            "N° marché",
            T.TEXT,
            "Identifiant du marché porteur de la clause.",
            True,
            ("numero de marche", "marche", "id marche", "identifiant marche"),
            example="M-0042",
        ),
        ColumnSpec(
            "operation",
            "Opération",
            T.TEXT,
            "Nom de l'opération de construction.",
            False,
            ("nom operation", "chantier"),
            example="ZAC Gagarine lot 3",
        ),
        ColumnSpec(
            "maitre_ouvrage",
            "Maître d'ouvrage",
            T.TEXT,
            "Nom du maître d'ouvrage (le commanditaire des heures).",
            False,
            ("maitre d ouvrage", "donneur d'ordre", "commanditaire", "MOA"),
            example="LINKCITY",
        ),
        ColumnSpec(
            "type_maitre_ouvrage",
            "Type de maître d'ouvrage",
            T.CATEGORY,
            "Famille du maître d'ouvrage.",
            False,
            ("type MOA", "type de donneur d'ordre", "categorie maitre d'ouvrage"),
            MAITRE_OUVRAGE_TYPES,
            example="Etablissements privés",
        ),
        ColumnSpec(
            "ville_operation",
            "Ville de l'opération",
            T.TEXT,
            "Commune où se situe l'opération.",
            False,
            ("ville operation", "commune operation", "ville du chantier"),
            example="Ivry-sur-Seine",
        ),
        ColumnSpec(
            "territoire",
            "Sur le territoire",
            T.BOOLEAN,
            "Oui si l'opération est sur le territoire du SERCI, non pour les heures "
            "réalisées hors territoire avec d'autres facilitateurs.",
            True,
            ("territoire", "dans le territoire", "sur territoire"),
            example="oui",
        ),
        ColumnSpec(
            "employeur",
            "Employeur",
            T.TEXT,
            "Raison sociale de l'employeur.",
            False,
            ("entreprise", "structure employeuse"),
            example="ETTI HUMANDO",
        ),
        ColumnSpec(
            "modalite_embauche",
            "Modalité d'embauche",
            T.CATEGORY,
            "Type d'entreprise par laquelle le participant est embauché.",
            False,
            ("type d'entreprise", "modalite", "type employeur"),
            HIRING_MODES,
            example="ETTI",
        ),
        ColumnSpec(
            "type_contrat",
            "Type de contrat",
            T.CATEGORY,
            "Nature du contrat.",
            False,
            ("nature du contrat", "contrat type"),
            CONTRACT_TYPES,
            example="CTTI",
        ),
        ColumnSpec(
            "date_debut",
            "Date de début",
            T.DATE,
            "Début du contrat.",
            False,
            ("debut contrat", "date debut contrat", "debut"),
            example="03/02/2025",
        ),
        ColumnSpec(
            "date_fin",
            "Date de fin",
            T.DATE,
            "Fin du contrat (vide s'il est en cours).",
            False,
            ("fin contrat", "date fin contrat", "fin"),
            example="28/03/2025",
        ),
        ColumnSpec(
            "heures",
            "Heures réalisées",
            T.NUMBER,
            "Heures d'insertion réalisées sur ce contrat pendant l'année.",
            True,
            ("nb heures", "nombre d'heures", "heures d'insertion", "heures"),
            example="151,5",
            minimum=0,
            maximum=100_000,
        ),
        ColumnSpec(
            "participant",
            "Identifiant participant",
            T.TEXT,
            "Identifiant pseudonyme du participant (jamais son nom).",
            True,
            ("id participant", "participant", "identifiant", "id beneficiaire", "beneficiaire"),
            example="P00123",
        ),
        ColumnSpec(
            "sexe",
            "Sexe",
            T.CATEGORY,
            "Sexe du participant.",
            False,
            ("genre", "civilite"),
            SEXES,
            example="H",
        ),
        ColumnSpec(
            "date_naissance",
            "Date de naissance",
            T.DATE,
            "Date de naissance (sert à l'âge au 31 décembre de l'année).",
            False,
            ("naissance", "date de naissance participant"),
            example="14/05/1988",
            past=True,
        ),
        ColumnSpec(
            "age",
            "Âge",
            T.INTEGER,
            "Âge en années, si l'export ne donne pas la date de naissance.",
            False,
            ("age participant",),
            example="37",
            minimum=10,
            maximum=110,
        ),
        ColumnSpec(
            "niveau_formation",
            "Niveau de formation",
            T.CATEGORY,
            "Plus haut niveau de formation atteint.",
            False,
            ("niveau", "niveau d'etudes", "diplome"),
            EDUCATION_LEVELS,
            example="CAP/BEP",
        ),
        ColumnSpec(
            "statuts_entree",
            "Statuts d'entrée",
            T.MULTI_CATEGORY,
            "Statut(s) d'éligibilité à l'entrée, séparés par « | » ; le premier est le "
            "statut principal.",
            False,
            ("statut entree", "statut d'entree", "statuts", "public eligible"),
            ENTRY_STATUSES,
            example="Bénéficiaire du RSA|Réfugié",
        ),
        ColumnSpec(
            "prescripteur",
            "Prescripteur",
            T.TEXT,
            "Structure qui a orienté le participant.",
            False,
            ("orienteur", "structure prescriptrice"),
            example="PLIE Ivry/Vitry",
        ),
        ColumnSpec(
            "ville_domicile",
            "Ville de domicile",
            T.TEXT,
            "Commune de résidence du participant.",
            False,
            ("commune de residence", "ville de residence", "domicile", "ville"),
            example="Vitry-sur-Seine",
        ),
        ColumnSpec(
            "qpv",
            "QPV",
            T.BOOLEAN,
            "Oui si le participant réside dans un quartier prioritaire.",
            False,
            ("resident qpv", "quartier prioritaire"),
            example="non",
        ),
        ColumnSpec(
            "quartier",
            "Quartier",
            T.TEXT,
            "Quartier de résidence (nom du QPV pour les résidents en QPV).",
            False,
            ("quartier de residence", "nom du qpv", "quartier qpv"),
            example="Monmousseau",
        ),
        ColumnSpec(
            "situation_sortie",
            "Situation de sortie",
            T.CATEGORY,
            "Situation du participant à la fin de son parcours dans l'année.",
            False,
            ("sortie", "situation a la sortie", "motif de sortie"),
            EXIT_SITUATIONS,
            example="CDD de plus de 3 mois",
        ),
        ColumnSpec(
            "ressources_entree",
            "Ressources à l'entrée",
            T.CATEGORY,
            "Ressources du participant à son entrée dans le parcours (fin de droits, minima "
            "sociaux, faibles revenus…).",
            False,
            ("ressources a l'entree", "situation financiere a l'entree", "ressources"),
            ENTRY_RESOURCES,
            example="Demandeur d'emploi en fin de droits",
        ),
        ColumnSpec(
            "duree_contrat_sortie",
            "Durée du contrat de sortie (mois)",
            T.INTEGER,
            "Durée en mois du contrat de travail qui suit le parcours (CDD, intérim) : sert à "
            "reconnaître un emploi durable (6 mois ou plus).",
            False,
            (
                "duree du contrat de sortie",
                "duree contrat sortie",
                "duree de l'emploi a la sortie (mois)",
                "duree sortie (mois)",
            ),
            example="6",
            minimum=0,
            maximum=600,
        ),
    ),
    key_hint="une ligne par contrat et par année",
)
