"""Les structures du GIP et leurs extractions, déclarées une fois.

Chaque structure (un chapitre du rapport) a un dossier dans un dossier d'exercice
(``gipkit init``), des extractions, chacune sous un nom conventionnel, avec le
format qu'elle suit et le logiciel dont elle vient, et des **sections**, dans l'ordre du
rapport 2025, qui disent chacune quels résultats elle publie, par quel graphique, et quels
totaux doivent égaler une valeur publiée ailleurs, et des **calculs** (``Step``), qui
disent de quelles extractions chacun a besoin et quelle fonction de ``gipkit.steps`` le
fait.

Cette déclaration sert à ``gipkit init`` (dossiers, README, modèles vides), aux commandes
lancées sans chemin dans un dossier d'exercice, à la commande ``tout`` de chaque structure
(engendrée : options, calculs, manques ; ``gipkit.cli.tout``), à l'ordre de ses
résultats, aux identifiants connus de ``gipkit verifier``, aux contrôles de cohérence
interne, au plan du rapport (chapitres, sections, graphiques), au sommaire du classeur
Excel et à la page docs/chapitres.md. Un test vérifie que chaque ``tout`` produit
exactement les résultats déclarés.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Extraction:
    """Une extraction attendue d'une structure."""

    name: str  # nom conventionnel du fichier (sans extension) et de l'option --NAME
    kind: str  # format (clé de gipkit.io.exports.EXPORTS)
    origin: str  # le logiciel et le menu d'où elle vient, quand on le sait
    #: préfixes des identifiants des résultats qui en dépendent (ce qu'un ``tout`` sans
    #: elle laisse de côté, et dit)
    feeds: tuple[str, ...] = ()
    #: autres noms de fichier reconnus (« heures-insertion-2025.csv »)
    aliases: tuple[str, ...] = ()


#: sortes de graphiques (gipkit.io.charts) ; ``None`` : le tableau seul. « classement » :
#: des barres sur les seules lignes de N (les premiers de l'année), quand « barres » (une
#: répartition) dessine aussi les lignes de N-1 absentes de N
CHARTS = ("barres", "classement", "historique")


@dataclass(frozen=True)
class Output:
    """Un résultat d'une section : son identifiant, le graphique qui le montre (tableaux),
    et les totaux qui doivent égaler une valeur publiée ailleurs (contrôles de cohérence
    interne : colonne de la ligne Total → identifiant de la valeur)."""

    id: str
    table: bool = False
    chart: str | None = None
    equals: tuple[tuple[str, str], ...] = ()


def value(ident: str) -> Output:
    """Une valeur seule (effectif, taux, heures…)."""
    return Output(ident)


def table(ident: str, chart: str | None = None, **equals: str) -> Output:
    """Un tableau ; ``chart`` : « barres » ou « historique » ; ``colonne="autre.id"`` : le
    total de la colonne égale la valeur ``autre.id``."""
    assert chart is None or chart in CHARTS, chart
    return Output(ident, True, chart, tuple(sorted(equals.items())))


def bars(ident: str, **equals: str) -> Output:
    """Un tableau montré par un graphique en barres (une répartition)."""
    return table(ident, "barres", **equals)


def ranking(ident: str, **equals: str) -> Output:
    """Un classement (les premiers de l'année) montré en barres : ceux de N seulement, les
    premiers de N-1 qui ne le sont plus n'y ont pas de place."""
    return table(ident, "classement", **equals)


@dataclass(frozen=True)
class Section:
    """Une section d'un chapitre, dans l'ordre du rapport : son titre (celui du rapport
    2025) et les résultats qu'elle publie, dans l'ordre."""

    key: str
    title: str
    outputs: tuple[Output, ...]


@dataclass(frozen=True)
class Step:
    """Un calcul d'un chapitre : les extractions sans lesquelles il ne se fait pas, et la
    fonction qui le fait (``module:nom``, importée au moment du calcul : la déclaration ne
    charge pas polars). La fonction reçoit le calcul en cours (:class:`gipkit.steps.Run`),
    y prend les extractions chargées (chacune une fois) et y ajoute ses résultats, ses
    fichiers lus et ses paramètres. Les calculs d'un ``tout`` se font dans l'ordre déclaré ;
    ses résultats sont rendus dans l'ordre des sections."""

    key: str
    needs: tuple[str, ...]
    function: str
    #: les extractions qu'il lit si elles sont là (un tableau de plus, une précision)
    uses: tuple[str, ...] = ()
    #: les données chargées une fois pour tous les calculs (``gipkit.steps.Run.shared``)
    #: que sa fonction lit : gardées en mémoire tant qu'un calcul à venir les déclare,
    #: oubliées ensuite (un test tient la déclaration exacte)
    loads: tuple[str, ...] = ()


def step(
    key: str,
    *needs: str,
    module: str,
    uses: tuple[str, ...] = (),
    loads: tuple[str, ...] = (),
) -> Step:
    """Le calcul ``key`` de la fonction ``gipkit.steps.MODULE:KEY`` (tirets en soulignés)."""
    return Step(key, needs, f"gipkit.steps.{module}:{key.replace('-', '_')}", uses, loads)


@dataclass(frozen=True)
class Command:
    """Une commande d'une structure autre que ``tout`` : une partie de ses calculs. Son
    extraction principale (argument FICHIER) et les autres extractions obligatoires sont
    celles du premier calcul ; les extractions des suivants et celles qu'ils lisent si
    elles sont là sont facultatives. ``beside`` : une extraction facultative est aussi
    cherchée à côté du fichier principal."""

    name: str
    steps: tuple[str, ...]
    beside: bool = False
    #: une vue choisie par options (``serci heures --par-maitre-ouvrage``) : la fonction
    #: (``module:nom``) qui, des options données, tire les calculs à faire parmi ``steps``
    select: str = ""


@dataclass(frozen=True)
class Structure:
    """Une structure du GIP : son dossier, son titre, ses extractions, ses sections, et les
    calculs qui produisent leurs résultats."""

    key: str
    title: str
    extractions: tuple[Extraction, ...]
    #: les chiffres clés de la structure, pour la première page du rapport
    key_figures: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    steps: tuple[Step, ...] = ()
    commands: tuple[Command, ...] = ()

    def step(self, key: str) -> Step:
        """Le calcul ``key``."""
        return next(s for s in self.steps if s.key == key)

    def command(self, name: str) -> Command:
        """La commande ``name`` ; ``tout`` : tous les calculs."""
        if name == "tout":
            return Command("tout", tuple(s.key for s in self.steps))
        return next(c for c in self.commands if c.name == name)

    def inputs_of(self, name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(extractions obligatoires, extractions facultatives) de la commande ``name``,
        dans l'ordre déclaré des extractions ; ``tout`` : aucune obligatoire."""
        steps = [self.step(k) for k in self.command(name).steps]
        needed = set(steps[0].needs) if name != "tout" else set()
        read = {n for s in steps for n in (*s.needs, *s.uses)}
        order = [e.name for e in self.extractions]
        return (
            tuple(n for n in order if n in needed),
            tuple(n for n in order if n in read - needed),
        )

    def smallest_inputs(self) -> list[tuple[str, ...]]:
        """Les plus petits ensembles d'extractions qui donnent au moins un résultat (pour
        dire quoi donner quand rien n'est calculable)."""
        needs = {s.needs for s in self.steps if s.needs}
        return [
            n
            for n in sorted(needs, key=lambda n: (len(n), n))
            if not any(set(m) < set(n) for m in needs)
        ]

    def feeds(self) -> dict[str, tuple[str, ...]]:
        """Pour chaque extraction, les préfixes des résultats qui en dépendent."""
        return {e.name: e.feeds for e in self.extractions}

    def outputs(self) -> list[Output]:
        """Tous les résultats déclarés, dans l'ordre du rapport."""
        return [o for section in self.sections for o in section.outputs]

    def result_ids(self) -> tuple[str, ...]:
        """Les identifiants de tous les résultats de la structure (ceux de son ``tout``)."""
        return tuple(o.id for o in self.outputs())


# -- Sections, dans l'ordre du rapport 2025 (titres de son sommaire) -------------------

SERCI_SECTIONS = (
    Section(
        "activite",
        "Activité générale",
        (
            value("serci.heures.marches"),
            value("serci.heures.total"),
            value("serci.heures.participants"),
            value("serci.heures.etp"),
            table(
                "serci.heures.par_secteur",
                heures="serci.heures.territoire",
                contrats="serci.heures.contrats",
                marches="serci.heures.marches",
            ),
        ),
    ),
    Section(
        "synthese",
        "La synthèse des heures d'insertion",
        (
            value("serci.heures.territoire"),
            value("serci.heures.hors_territoire"),
            value("serci.heures.contrats"),
            value("serci.heures.contrats_hors_territoire"),
            value("serci.heures.nouveaux_participants"),
            bars(
                "serci.heures.par_maitre_ouvrage",
                heures="serci.heures.territoire",
                contrats="serci.heures.contrats",
                marches="serci.heures.marches",
            ),
            ranking("serci.heures.par_commanditaire"),
            table("serci.heures.historique", "historique"),
        ),
    ),
    Section(
        "marches",
        "Les marchés soumis aux clauses",
        (
            bars("serci.heures.par_ville", heures="serci.heures.territoire"),
            table("serci.heures.par_ville_historique", "historique"),
        ),
    ),
    Section(
        "profil",
        "Le profil des participants",
        (
            bars("serci.participants.par_age", participants="serci.sorties.participants"),
            bars("serci.participants.par_statut"),
            bars("serci.participants.par_prescripteur"),
            bars(
                "serci.participants.par_groupe_prescripteur",
                participants="serci.sorties.participants",
            ),
            bars("serci.participants.par_niveau"),
            value("serci.participants.part_sans_diplome"),
            table("serci.participants.par_domiciliation"),
            bars("serci.participants.par_commune", participants="serci.sorties.participants"),
            value("serci.participants.part_proximite"),
            bars("serci.participants.par_ressources", participants="serci.sorties.participants"),
            value("serci.participants.part_ressources_faibles"),
            bars("serci.participants.par_sexe"),
        ),
    ),
    Section(
        "mise_en_oeuvre",
        "La mise en œuvre des clauses d'insertion",
        (
            bars(
                "serci.contrats.par_type",
                contrats="serci.heures.contrats",
                heures="serci.heures.territoire",
            ),
            bars(
                "serci.contrats.par_modalite",
                contrats="serci.heures.contrats",
                heures="serci.heures.territoire",
            ),
            value("serci.contrats.interim"),
            value("serci.contrats.cdi"),
            value("serci.sorties.participants"),
            value("serci.sorties.sorties"),
            value("serci.sorties.positives"),
            value("serci.sorties.taux_positives"),
            value("serci.sorties.abandons"),
            value("serci.sorties.taux_abandons"),
            bars("serci.sorties.par_situation"),
        ),
    ),
)

_ML_YOUTHS = "ml.activite.jeunes_accompagnes"
_ML_CONTRACTS = "ml.situations.contrats"
ML_SECTIONS = (
    Section(
        "activite",
        "Activité générale",
        (
            value(_ML_YOUTHS),
            value("ml.activite.premiers_accueils"),
            value("ml.activite.part_premiers_accueils"),
            value("ml.activite.part_qpv"),
            value("ml.activite.part_infra_bac"),
            value("ml.activite.part_sans_diplome"),
            value("ml.activite.jeunes_mineurs"),
            value("ml.activite.part_mineurs"),
            bars("ml.activite.premiers_accueils_par_origine"),
            bars("ml.activite.par_age", jeunes=_ML_YOUTHS),
            bars("ml.activite.par_sexe"),
            bars("ml.activite.par_niveau"),
            bars("ml.activite.par_ville", jeunes=_ML_YOUTHS),
            table("ml.activite.modalites", jeunes=_ML_YOUTHS),
            table("ml.territoire.quartiers", jeunes=_ML_YOUTHS),
            table("ml.territoire.niveaux", jeunes=_ML_YOUTHS),
            table("ml.territoire.niveaux_detail", jeunes=_ML_YOUTHS),
            value("ml.demandes.total"),
            bars("ml.demandes.par_theme", demandes="ml.demandes.total"),
            table("ml.demandes.par_age", demandes="ml.demandes.total"),
            bars("ml.propositions.par_theme"),
            value("ml.situations.total"),
            value("ml.situations.emplois_durables"),
            value("ml.situations.part_emplois_durables"),
            value("ml.situations.jeunes_en_contrat"),
            value(_ML_CONTRACTS),
            bars("ml.situations.par_type", situations="ml.situations.total"),
            table("ml.demandes.rapport_situations"),
        ),
    ),
    Section(
        "emploi",
        "L'emploi et l'alternance",
        (
            table("ml.emploi.par_type", contrats=_ML_CONTRACTS),
            table("ml.emploi.interim_par_ville", contrats=_ML_CONTRACTS),
            bars("ml.emploi.par_age", contrats=_ML_CONTRACTS),
            bars("ml.emploi.par_sexe", contrats=_ML_CONTRACTS),
            bars("ml.emploi.par_niveau"),
            value("ml.emploi.part_secteurs_tete"),
            ranking("ml.emploi.recruteurs"),
            ranking("ml.emploi.secteurs", contrats=_ML_CONTRACTS),
            ranking("ml.emploi.metiers"),
            ranking("ml.emploi.departements"),
            table("ml.territoire.contrats", contrats=_ML_CONTRACTS),
            value("ml.ateliers.hebdomadaires"),
            value("ml.ateliers.inscrits"),
            value("ml.ateliers.taux_presence"),
            table("ml.ateliers.par_action"),
            value("ml.evenements_emploi.nombre"),
            value("ml.evenements_emploi.inscrits"),
            value("ml.evenements_emploi.presents"),
            value("ml.evenements_emploi.retenus"),
            table("ml.dispositifs.jeunes_par_dispositif"),
            value("ml.dispositifs.pacea_entrees"),
            value("ml.dispositifs.pacea_accompagnes"),
            value("ml.dispositifs.pacea_allocations"),
            value("ml.dispositifs.cej_entrees"),
            value("ml.dispositifs.cej_sorties"),
            value("ml.dispositifs.cej_sorties_positives"),
            value("ml.dispositifs.cej_taux_sorties_positives"),
            value("ml.dispositifs.cej_part_qpv"),
            value("ml.dispositifs.cej_part_sans_diplome"),
            bars("ml.dispositifs.entrees"),
            bars("ml.dispositifs.cej_sorties_par_situation", jeunes="ml.dispositifs.cej_sorties"),
            value("ml.obligation_formation.mineurs_en_contact"),
            value("ml.obligation_formation.concernes"),
            value("ml.obligation_formation.accompagnes"),
            value("ml.obligation_formation.en_solution"),
            bars("ml.obligation_formation.solutions", jeunes="ml.obligation_formation.en_solution"),
        ),
    ),
    Section(
        "decrochage",
        "Les actions locales de lutte contre le décrochage",
        (
            table("ml.actions_locales.par_action"),
            table("ml.actions_locales.profil"),
            table("ml.actions_locales.situations"),
        ),
    ),
    Section(
        "formation",
        "La formation",
        (
            value("ml.formation.jeunes_entres"),
            value("ml.formation.part_sans_qualification"),
            bars("ml.formation.par_financeur"),
            value("ml.formation.part_qualifiantes"),
            table("ml.formation.emploi_6_mois"),
        ),
    ),
    Section("sante", "La santé", (table("ml.sante.par_partenaire"),)),
    Section("handicap", "Le handicap", (value("ml.activite.jeunes_handicap"),)),
    Section(
        "justice",
        "La justice",
        (
            value("ml.justice.jsmj"),
            table("ml.justice.par_milieu", jeunes="ml.justice.jsmj"),
            value("ml.justice.uemo"),
            value("ml.activite.jeunes_justice"),
        ),
    ),
)

_PLIE_FOLLOWED = "plie.participants.suivis"
PLIE_SECTIONS = (
    Section(
        "activite",
        "Activité générale",
        (
            value("plie.historique.personnes_depuis_creation"),
            value(_PLIE_FOLLOWED),
            value("plie.participants.entrees"),
            value("plie.participants.sorties"),
            value("plie.participants.en_parcours_31_12"),
            value("plie.participants.file_attente"),
            value("plie.attente.preinscriptions"),
            value("plie.attente.entrees_depuis_liste"),
            value("plie.attente.delai_moyen_jours"),
            value("plie.participants.capacite_postes"),
            value("plie.participants.referents_actifs"),
            value("plie.participants.charge_par_referent"),
            value("plie.participants.capacite_referents_actifs"),
            value("plie.participants.taux_occupation"),
            bars(
                "plie.participants.par_ville",
                suivis=_PLIE_FOLLOWED,
                entrants="plie.participants.entrees",
            ),
            bars("plie.participants.prescripteurs", entrants="plie.participants.entrees"),
            table("plie.participants.prescripteurs_par_ville"),
            table(
                "plie.participants.par_trimestre",
                entrees="plie.participants.entrees",
                sorties="plie.participants.sorties",
            ),
            value("plie.parcours.sorties_positives"),
            value("plie.parcours.taux_sorties_positives"),
            value("plie.parcours.duree_moyenne_mois"),
            bars("plie.parcours.sorties_par_situation", sorties="plie.participants.sorties"),
            table("plie.parcours.duree_par_categorie"),
            table("plie.parcours.typologie", personnes=_PLIE_FOLLOWED),
            value("plie.profil.age_moyen"),
            value("plie.profil.age_moyen_femmes"),
            value("plie.profil.age_moyen_hommes"),
            value("plie.profil.age_moyen_entrants"),
            bars("plie.profil.sexe", suivis=_PLIE_FOLLOWED),
            table("plie.historique.par_annee", "historique"),
            bars("plie.profil.age", suivis=_PLIE_FOLLOWED),
            table("plie.profil.entrants_age_sexe", entrants="plie.participants.entrees"),
            bars("plie.profil.niveau", suivis=_PLIE_FOLLOWED),
            table("plie.profil.ressources"),
            table("plie.profil.indicateurs"),
            ranking("plie.metiers.secteurs"),
        ),
    ),
    Section(
        "partenariats",
        "Les dynamiques partenariales",
        (
            value("plie.siae.personnes"),
            value("plie.siae.candidatures"),
            value("plie.siae.acceptees"),
            value("plie.siae.taux_integration"),
            value("plie.siae.taux_integration_decidees"),
            value("plie.siae.candidatures_a_l_etude"),
            bars(
                "plie.siae.par_type",
                candidatures="plie.siae.candidatures",
                acceptees="plie.siae.acceptees",
            ),
            bars("plie.siae.recrutements"),
            value("plie.siae.personnes_jointes"),
            table("plie.siae.profil"),
        ),
    ),
)

_CLLAJ = "cllaj.activite."
CLLAJ_SECTIONS = (
    Section(
        "activite",
        "Activité générale",
        (
            value(_CLLAJ + "jeunes_accompagnes"),
            value(_CLLAJ + "nouveaux_jeunes"),
            value(_CLLAJ + "nouveaux_sans_abri"),
            value(_CLLAJ + "nouveaux_structure_temporaire"),
            value(_CLLAJ + "nouveaux_sortants_ase"),
            value(_CLLAJ + "demandes"),
            value(_CLLAJ + "nouvelles_demandes"),
            value(_CLLAJ + "propositions"),
            value(_CLLAJ + "relogements"),
            value(_CLLAJ + "jeunes_reloges"),
            value(_CLLAJ + "heures_entretiens"),
            bars(
                _CLLAJ + "par_ville",
                accompagnes=_CLLAJ + "jeunes_accompagnes",
                nouveaux=_CLLAJ + "nouveaux_jeunes",
                demandes=_CLLAJ + "demandes",
                propositions=_CLLAJ + "propositions",
                relogements=_CLLAJ + "relogements",
            ),
            bars(
                _CLLAJ + "par_type_demande",
                demandes=_CLLAJ + "demandes",
                nouvelles_demandes=_CLLAJ + "nouvelles_demandes",
                propositions=_CLLAJ + "propositions",
            ),
            table(
                _CLLAJ + "par_ville_type_demande",
                demandes=_CLLAJ + "demandes",
                nouvelles=_CLLAJ + "nouvelles_demandes",
                propositions=_CLLAJ + "propositions",
            ),
            table(_CLLAJ + "relogements_par_type", relogements=_CLLAJ + "relogements"),
            bars(_CLLAJ + "propositions_par_nature", total=_CLLAJ + "propositions"),
            bars("cllaj.profil.sexe"),
            bars(
                "cllaj.profil.age",
                accompagnes=_CLLAJ + "jeunes_accompagnes",
                nouveaux=_CLLAJ + "nouveaux_jeunes",
            ),
            table("cllaj.profil.situation"),
            table("cllaj.profil.niveau"),
            table("cllaj.profil.logement"),
            bars("cllaj.profil.menage"),
            table("cllaj.profil.parts_sous_groupes"),
            value("cllaj.ressources.jeunes"),
            value("cllaj.ressources.part_sous_seuil"),
            value("cllaj.ressources.part_sans_acces_studio"),
            bars("cllaj.ressources.par_sexe", jeunes="cllaj.ressources.jeunes"),
            bars("cllaj.ressources.par_ville", jeunes="cllaj.ressources.jeunes"),
            bars("cllaj.ressources.tranches", jeunes="cllaj.ressources.jeunes"),
            bars("cllaj.ressources.par_type_demande"),
        ),
    ),
    Section(
        "parc_social",
        "L'accès au parc social",
        (
            value(_CLLAJ + "jeunes_priorite"),
            table(_CLLAJ + "informations_orientations"),
            table(_CLLAJ + "dossiers"),
            table(_CLLAJ + "dossiers_par_ville"),
        ),
    ),
    Section(
        "propositions",
        "Les propositions d'accompagnement du CLLAJ",
        (
            value("cllaj.lrj.places"),
            value("cllaj.lrj.jeunes_accompagnes"),
            value("cllaj.lrj.sorties"),
            value("cllaj.lrj.sorties_relogement_durable"),
            value("cllaj.lrj.presents_31_12"),
            bars("cllaj.lrj.par_sexe", jeunes="cllaj.lrj.jeunes_accompagnes"),
            bars("cllaj.lrj.sorties_par_logement", jeunes="cllaj.lrj.sorties"),
            bars("cllaj.lrj.menages_31_12", jeunes="cllaj.lrj.presents_31_12"),
            value("cllaj.atelier.participations"),
            value("cllaj.atelier.jeunes"),
            value("cllaj.atelier.jeunes_qpv"),
            bars("cllaj.atelier.par_quartier"),
        ),
    ),
)

# -- Les calculs de chaque chapitre, dans l'ordre où ils se font -----------------------
# (l'année N d'un calcul est celle des précédents ; les fichiers lus sont listés dans cet
# ordre)

#: les calculs des heures du SERCI (la commande ``serci heures`` ; ils lisent toutes les
#: années de l'export : nouveaux participants, histoire)
SERCI_HOURS = (
    "synthese",
    "par-type-maitre-ouvrage",
    "par-secteur",
    "par-commune",
    "par-maitre-ouvrage",
    "historique",
    "historique-par-ville",
)

SERCI_COMMANDS = (
    Command("heures", SERCI_HOURS, select="gipkit.steps.serci:hours_views"),
    Command(
        "participants",
        ("participants", "sans-diplome", "proximite", "precarite"),
        select="gipkit.steps.serci:participant_views",
    ),
    Command(
        "contrats",
        ("contrats", "nombres-contrats"),
        select="gipkit.steps.serci:contract_views",
    ),
    Command("sorties", ("sorties",), select="gipkit.steps.serci:exit_views"),
)

SERCI_STEPS = tuple(
    step(key, "heures", module="serci", loads=("heures",))
    for key in (
        *SERCI_HOURS,
        "participants",
        "sans-diplome",
        "proximite",
        "precarite",
        "contrats",
        "nombres-contrats",
        "sorties",
    )
)

ML_STEPS = (
    step("activite", "jeunes", "evenements", module="ml", loads=("activite",)),
    step("dispositifs", "dispositifs", module="ml", uses=("jeunes",), loads=("dispositifs",)),
    step(
        "modalites",
        "jeunes",
        "evenements",
        module="ml",
        uses=("dispositifs",),
        loads=("activite", "dispositifs"),
    ),
    step("demandes", "demandes", module="ml", loads=("demandes",)),
    step("propositions", "propositions", module="ml", loads=("propositions",)),
    step("demandes-par-age", "demandes", "jeunes", module="ml", loads=("demandes",)),
    step("sante", "propositions", module="ml", uses=("jeunes",), loads=("propositions",)),
    step("situations", "situations", module="ml", loads=("situations",)),
    step(
        "demandes-situations",
        "demandes",
        "situations",
        module="ml",
        loads=("demandes", "situations"),
    ),
    step("emploi", "situations", module="ml", uses=("jeunes",), loads=("situations",)),
    step(
        "territoire",
        "jeunes",
        "evenements",
        module="ml",
        uses=("situations",),
        loads=("activite", "situations"),
    ),
    step(
        "obligation-formation",
        "jeunes",
        "evenements",
        module="ml",
        uses=("situations", "dispositifs"),
    ),
    step("ateliers", "evenements", module="ml"),
)

ML_COMMANDS = (
    Command("situations", ("situations",)),
    Command("dispositifs", ("dispositifs",)),
    Command("demandes", ("demandes", "demandes-par-age"), beside=True),
    Command("propositions", ("propositions", "sante"), beside=True),
    Command("ateliers", ("ateliers",)),
    Command("activite", ("activite", "modalites")),
    Command("territoire", ("territoire",)),
    Command("emploi", ("emploi",)),
    Command("obligation-formation", ("obligation-formation",)),
)

PLIE_STEPS = (
    # les participants se joignent aux candidatures par la clé qu'elles permettent
    step("participants", "participants", module="plie", loads=("candidatures", "participants")),
    step("attente", "participants", "preinscriptions", module="plie", loads=("participants",)),
    step("siae", "candidatures", module="plie", loads=("candidatures",)),
    step(
        "profil-siae",
        "candidatures",
        "participants",
        module="plie",
        loads=("candidatures", "participants"),
    ),
    step("parametres", module="plie"),
)

PLIE_COMMANDS = (
    Command("participants", ("participants", "attente", "parametres")),
    Command("siae", ("siae", "profil-siae", "parametres")),
)

CLLAJ_STEPS = (
    step("ressources", "jeunes", module="cllaj", uses=("entretiens",), loads=("jeunes",)),
    step(
        "activite",
        "jeunes",
        module="cllaj",
        uses=("demandes", "propositions", "relogements", "entretiens"),
        loads=("activite",),
    ),
    step("profil", "jeunes", module="cllaj", uses=("demandes",), loads=("activite",)),
    step(
        "ressources-par-demande",
        "jeunes",
        "demandes",
        module="cllaj",
        uses=("entretiens",),
        loads=("activite",),
    ),
    step("lrj", "lrj", module="cllaj"),
    step("atelier", "ateliers", module="cllaj"),
    step("parametres", module="cllaj"),
)

CLLAJ_COMMANDS = (
    Command("ressources", ("ressources", "ressources-par-demande", "parametres")),
    Command("activite", ("activite",)),
    Command("profil", ("profil",)),
    Command("lrj", ("lrj",)),
    Command("atelier", ("atelier",)),
)

_DECLARED: dict[str, Structure] = {
    s.key: s
    for s in (
        Structure(
            "serci",
            "Service Clauses Insertion (SERCI)",
            (
                Extraction(
                    "heures",
                    "serci.heures",
                    "logiciel de suivi des clauses sociales (ABC Clauses ou équivalent) : "
                    "export des heures d'insertion, une ligne par contrat et par année",
                    aliases=("heures-insertion", "heures_insertion"),
                    feeds=("serci.",),
                ),
            ),
            key_figures=(
                "serci.heures.total",
                "serci.heures.participants",
                "serci.heures.etp",
                "serci.sorties.taux_positives",
            ),
            sections=SERCI_SECTIONS,
            steps=SERCI_STEPS,
            commands=SERCI_COMMANDS,
        ),
        Structure(
            "ml",
            "Mission Locale",
            (
                Extraction(
                    "jeunes",
                    "ml.jeunes",
                    "I-milo : extraction des jeunes (profil)",
                    feeds=(
                        "ml.activite.",
                        "ml.territoire.",
                        "ml.obligation_formation.",
                        "ml.emploi.par_age",
                        "ml.emploi.par_sexe",
                        "ml.emploi.par_niveau",
                        "ml.emploi.interim_par_ville",
                        "ml.formation.part_sans_qualification",
                        "ml.actions_locales.profil",
                    ),
                ),
                Extraction(
                    "evenements",
                    "ml.evenements",
                    "I-milo : extraction des événements",
                    feeds=(
                        "ml.activite.",
                        "ml.territoire.",
                        "ml.obligation_formation.",
                        "ml.ateliers.",
                        "ml.evenements_emploi.",
                    ),
                ),
                Extraction(
                    "dispositifs",
                    "ml.dispositifs",
                    "I-milo : extraction des dispositifs (PACEA, CEJ…)",
                    feeds=("ml.dispositifs.", "ml.justice.", "ml.actions_locales."),
                ),
                Extraction(
                    "demandes",
                    "ml.demandes",
                    "I-milo : extraction des demandes",
                    feeds=("ml.demandes.",),
                ),
                Extraction(
                    "propositions",
                    "ml.propositions",
                    "I-milo : extraction des propositions",
                    feeds=("ml.propositions.", "ml.sante."),
                ),
                Extraction(
                    "situations",
                    "ml.situations",
                    "I-milo : extraction des situations",
                    feeds=(
                        "ml.situations.",
                        "ml.emploi.",
                        "ml.formation.",
                        "ml.demandes.rapport_situations",
                        "ml.territoire.contrats",
                    ),
                ),
            ),
            key_figures=(
                "ml.activite.jeunes_accompagnes",
                "ml.activite.premiers_accueils",
                "ml.dispositifs.cej_entrees",
                "ml.situations.total",
            ),
            sections=ML_SECTIONS,
            steps=ML_STEPS,
            commands=ML_COMMANDS,
        ),
        Structure(
            "plie",
            "PLIE",
            (
                Extraction(
                    "participants",
                    "plie.participants",
                    "logiciel de suivi des parcours du PLIE : extraction des parcours",
                    feeds=(
                        "plie.participants.",
                        "plie.parcours.",
                        "plie.profil.",
                        "plie.metiers.",
                        "plie.historique.",
                        "plie.siae.personnes_jointes",
                        "plie.siae.profil",
                    ),
                ),
                Extraction(
                    "preinscriptions",
                    "plie.preinscriptions",
                    "logiciel de suivi des parcours du PLIE : liste d'attente (pré-inscriptions)",
                    feeds=("plie.attente.", "plie.participants.file_attente"),
                ),
                Extraction(
                    "candidatures",
                    "plie.candidatures",
                    "les emplois de l'inclusion : tableau de bord de l'organisation, "
                    "« Exporter les candidatures » (fichier XLSX)",
                    feeds=("plie.siae.",),
                ),
            ),
            key_figures=(
                "plie.participants.suivis",
                "plie.participants.entrees",
                "plie.parcours.taux_sorties_positives",
                "plie.siae.personnes",
            ),
            sections=PLIE_SECTIONS,
            steps=PLIE_STEPS,
            commands=PLIE_COMMANDS,
        ),
        Structure(
            "cllaj",
            "CLLAJ (logement des jeunes)",
            (
                Extraction(
                    "jeunes",
                    "cllaj.jeunes",
                    "logiciel du CLLAJ : jeunes accompagnés",
                    feeds=("cllaj.ressources.", "cllaj.activite.", "cllaj.profil."),
                ),
                Extraction(
                    "demandes",
                    "cllaj.demandes",
                    "logiciel du CLLAJ : demandes",
                    feeds=(
                        "cllaj.activite.demandes",
                        "cllaj.activite.nouvelles_demandes",
                        "cllaj.activite.par_type_demande",
                        "cllaj.ressources.par_type_demande",
                        "cllaj.profil.",
                    ),
                ),
                Extraction(
                    "propositions",
                    "cllaj.propositions",
                    "logiciel du CLLAJ : propositions",
                    feeds=(
                        "cllaj.activite.propositions",
                        "cllaj.activite.dossiers",
                        "cllaj.activite.informations_orientations",
                        "cllaj.activite.jeunes_priorite",
                    ),
                ),
                Extraction(
                    "relogements",
                    "cllaj.relogements",
                    "logiciel du CLLAJ : relogements",
                    feeds=(
                        "cllaj.activite.relogements",
                        "cllaj.activite.jeunes_reloges",
                        "cllaj.activite.nouveaux_",
                    ),
                ),
                Extraction(
                    "entretiens",
                    "cllaj.entretiens",
                    "logiciel du CLLAJ : entretiens individuels",
                    feeds=("cllaj.activite.heures_entretiens",),
                ),
                Extraction(
                    "lrj",
                    "cllaj.lrj",
                    "suivi du Logement Relais Jeunes : séjours",
                    feeds=("cllaj.lrj.",),
                ),
                Extraction(
                    "ateliers",
                    "cllaj.ateliers",
                    "feuille d'émargement de l'atelier logement (réunions, permanences dans "
                    "les quartiers, forums)",
                    feeds=("cllaj.atelier.",),
                ),
            ),
            key_figures=(
                "cllaj.activite.jeunes_accompagnes",
                "cllaj.activite.demandes",
                "cllaj.activite.relogements",
                "cllaj.ressources.part_sous_seuil",
            ),
            sections=CLLAJ_SECTIONS,
            steps=CLLAJ_STEPS,
            commands=CLLAJ_COMMANDS,
        ),
    )
}


#: l'ordre des chapitres du rapport 2025 : Mission Locale, PLIE, SERCI, CLLAJ
REPORT_ORDER = ("ml", "plie", "serci", "cllaj")
STRUCTURES: dict[str, Structure] = {key: _DECLARED[key] for key in REPORT_ORDER}


@functools.cache
def declared_outputs() -> dict[str, Output]:
    """Chaque résultat déclaré, par identifiant."""
    return {o.id: o for structure in STRUCTURES.values() for o in structure.outputs()}


def section_of(ident: str) -> tuple[str, Section] | None:
    """(structure, section) où le résultat ``ident`` est déclaré."""
    for structure in STRUCTURES.values():
        for section in structure.sections:
            if any(o.id == ident for o in section.outputs):
                return structure.key, section
    return None


def in_report_order(structure: str, results: list[Any]) -> list[Any]:
    """Les résultats d'un ``tout`` dans l'ordre déclaré des sections (un résultat non
    déclaré, ce qu'un test interdit, resterait à la fin)."""
    rank = {ident: k for k, ident in enumerate(STRUCTURES[structure].result_ids())}
    return sorted(results, key=lambda r: rank.get(r.id, len(rank)))


def aliases_of(name: str) -> tuple[str, ...]:
    """Les autres noms de fichier reconnus pour l'extraction ``name``."""
    return tuple(
        alias
        for structure in STRUCTURES.values()
        for ext in structure.extractions
        if ext.name == name
        for alias in ext.aliases
    )
