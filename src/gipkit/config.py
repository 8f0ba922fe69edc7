"""Configuration ``gipkit.toml`` : paramètres, limites, en-têtes et libellés propres.

Sans fichier, les valeurs par défaut reproduisent les définitions du rapport
d'activité 2025. Le fichier est cherché dans le dossier courant ou donné par
``--config`` ; toute clé inconnue ou valeur impossible est une erreur qui nomme
la clé.
"""

from __future__ import annotations

import math
import operator
import tomllib
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields, replace
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from gipkit.errors import ConfigError
from gipkit.pydantic_errors import bound_reason, reason

if TYPE_CHECKING:
    from pydantic import TypeAdapter

CONFIG_FILENAME = "gipkit.toml"

#: bornes d'une clé (métadonnées de son champ) : lues par pydantic quand un fichier est
#: validé, vérifiées aussi à toute construction (:meth:`_Strict.__post_init__`)
_BOUNDS: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt,
    "ge": operator.ge,
    "le": operator.le,
    "min_length": lambda value, length: len(value) >= length,
}


def _key(
    default: Any = MISSING,
    *,
    default_factory: Any = MISSING,
    description: str = "",
    **bounds: float,
) -> Any:
    """Une clé de configuration : valeur par défaut, description et bornes (``gt``, ``ge``,
    ``le``, ``min_length``), gardées dans les métadonnées du champ, où pydantic les lit."""
    unknown = set(bounds) - set(_BOUNDS)
    if unknown:
        raise TypeError(f"bornes inconnues : {sorted(unknown)}")
    metadata: dict[str, Any] = dict(bounds)
    if description:
        metadata["description"] = description
    return field(default=default, default_factory=default_factory, metadata=metadata)


class InvalidKey(ValueError):
    """Une valeur impossible pour la clé ``key`` d'une table de la configuration."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key = key


#: mille deux cent trente-quatre et demi tel qu'une colonne de nombres l'écrit : ce
#: que la colonne fait du point et de la virgule (:mod:`gipkit.io.separators`)
NumberWriting = Literal["1.234,5", "1 234,5", "1234,5", "1,234.5", "1 234.5", "1234.5"]


@dataclass(frozen=True, kw_only=True)
class _Strict:
    """Table de la configuration : figée, toute clé inconnue refusée (par pydantic, qui
    lit ``__pydantic_config__`` des dataclasses), bornes vérifiées à la construction.

    Des dataclasses de la bibliothèque standard et non des modèles pydantic : la
    configuration par défaut se construit sans importer pydantic (≈ 60 ms de démarrage
    de chaque commande) ; pydantic n'est importé que pour valider un fichier."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid", "allow_inf_nan": False}

    def __post_init__(self) -> None:
        for spec in fields(self):
            value = getattr(self, spec.name)
            if value is None:
                continue
            # TOML admet nan et inf : un ETP de inf heures ferait 0 ETP sans rien dire
            numbers = value if isinstance(value, list | tuple) else [value]
            if any(isinstance(v, float) and not math.isfinite(v) for v in numbers):
                raise InvalidKey(spec.name, "nombre fini attendu (ni nan ni inf)")
            for bound, limit in spec.metadata.items():
                check = _BOUNDS.get(bound)
                if check is not None and not check(value, limit):
                    raise InvalidKey(spec.name, bound_reason(bound, limit))


def _increasing(key: str, value: list[int] | list[float], *, non_empty: bool = False) -> None:
    if non_empty and not value:
        raise InvalidKey(key, "les bornes doivent être croissantes et non vides")
    if any(b <= a for a, b in pairwise(value)):
        raise InvalidKey(
            key,
            "les bornes doivent être croissantes" + (" et non vides" if non_empty else ""),
        )


@dataclass(frozen=True, kw_only=True)
class PovertyThreshold(_Strict):
    """Seuil de pauvreté mensuel (personne seule) retenu pour une année de rapport."""

    montant: float = _key(gt=0, description="euros nets par mois")
    source: str = ""


def _default_thresholds() -> dict[int, PovertyThreshold]:
    return {
        2024: PovertyThreshold(montant=1216.0, source="Insee Première n°2004, juillet 2024"),
        2025: PovertyThreshold(montant=1288.0, source="Insee Première n°2063, juillet 2025"),
    }


@dataclass(frozen=True, kw_only=True)
class Parameters(_Strict):
    """Paramètres des définitions d'indicateurs."""

    heures_par_etp: float = _key(
        default=1607, gt=0, description="heures annuelles d'un équivalent temps plein"
    )
    seuils_pauvrete: dict[int, PovertyThreshold] = _key(default_factory=_default_thresholds)

    def __post_init__(self) -> None:
        """Les seuils déclarés complètent ou remplacent ceux connus, année par année."""
        super().__post_init__()
        merged = dict(sorted((_default_thresholds() | self.seuils_pauvrete).items()))
        object.__setattr__(self, "seuils_pauvrete", merged)


@dataclass(frozen=True, kw_only=True)
class Limits(_Strict):
    """Limites de sécurité appliquées aux fichiers lus."""

    taille_max_mo: float = _key(default=4096, gt=0, description="taille maximale d'un fichier")
    longueur_ligne_max: int = _key(
        default=1_000_000, gt=0, description="octets maximum d'une ligne de CSV"
    )
    xlsx_decompresse_max_mo: float = _key(
        default=256,
        gt=0,
        description="octets réellement décompressés d'un classeur, en Mo (« bombe zip »)",
    )
    xlsx_cellules_max: int = _key(
        default=20_000_000,
        gt=0,
        description="cellules d'une feuille (lignes × colonnes) que le lecteur Excel allouera",
    )
    tableau_en_memoire_max_mo: float = _key(
        default=350,
        ge=0,
        description="place estimée du tableau typé d'un fichier au-delà de laquelle il passe "
        "par un Parquet temporaire au lieu de rester en mémoire (plus haut : plus vite, plus "
        "de mémoire ; 0 : toujours le Parquet), et celle d'une feuille de classeur au-delà "
        "de laquelle il se lit seul, sans autre lecture en même temps",
    )
    classeur_en_memoire_max_mo: float = _key(
        default=600,
        ge=0,
        description="place estimée d'une feuille XLSX dans le lecteur Excel (~80 octets par "
        "cellule, toute la feuille quelles que soient les colonnes lues) au-delà de laquelle "
        "ses colonnes utiles se lisent par blocs dans le XML, en mémoire bornée mais plus "
        "lentement (0 : toujours)",
    )
    lectures_en_memoire_max_mo: float = _key(
        default=600,
        ge=0,
        description="place estimée de tous les tableaux typés qu'un tout ou un rapport garde "
        "en mémoire ensemble (chacun sous tableau_en_memoire_max_mo, et jamais moins que "
        "lui) : au-delà, les plus gros passent par un Parquet temporaire",
    )
    lectures_paralleles: int = _key(
        default=2,
        ge=0,
        description="fichiers lus en même temps, d'avance, dans un tout ou un rapport (au "
        "plus un par cœur ; 0 : chaque fichier lu quand un calcul le demande)",
    )
    erreurs_affichees: int = _key(default=10, gt=0, description="lignes fautives citées")
    annee_min: int = _key(
        default=1900, ge=1000, le=9999, description="année la plus ancienne d'une date lue"
    )
    annee_max: int = _key(
        default=2100, ge=1000, le=9999, description="année la plus récente d'une date lue"
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.annee_min > self.annee_max:
            raise InvalidKey("annee_min", "doit être inférieure ou égale à annee_max")


def _default_cities() -> dict[str, str]:
    return {"Ivry-sur-Seine": "Ivry", "Vitry-sur-Seine": "Vitry", "Choisy-le-Roi": "Choisy"}


def _default_prescriber_groups() -> dict[str, list[str]]:
    """Les familles de prescripteurs du rapport 2025 (« SIAE », « entreprises », « contrats
    cadres avec leur intérim », « Missions Locales », « PLIE », « Maisons de Quartier »)."""
    return {
        "SIAE": ["SIAE*"],
        "Entreprises": ["ENTREPRISE*", "GROUPEMENT D'ENTREPRISES*"],
        "Intérim (contrats cadres des entreprises)": ["INTERIM*"],
        "Missions Locales": ["MISSION LOCALE*"],
        "PLIE": ["PLIE*"],
        "France Travail": ["FRANCE TRAVAIL*", "POLE EMPLOI*"],
        "Maisons de quartier": ["MAISON DE QUARTIER*", "MAISON DES QUARTIERS*"],
        "SERCI": ["SERCI*"],
        "Sans prescripteur": ["SANS PRESCRIPTEUR*", "AUCUN*"],
    }


@dataclass(frozen=True, kw_only=True)
class OwnerCategory(_Strict):
    """Une catégorie de commanditaires : son secteur et les maîtres d'ouvrage qu'elle
    regroupe (noms de l'export, jokers * et ?, sans casse ni accents)."""

    secteur: Literal["public", "prive"]
    maitres_ouvrage: list[str] = _key(min_length=1)


@dataclass(frozen=True, kw_only=True)
class SerciSettings(_Strict):
    """Définitions propres au Service Clauses Insertion."""

    sorties_positives: list[str] = _key(
        default_factory=lambda: ["cdi", "cdd_plus_3_mois", "formation_qualifiante"]
    )
    regle_sortie_positive: Literal["emploi_durable", "liste"] = _key(
        default="emploi_durable",
        description="emploi durable (CDI, CDD ou intérim d'au moins duree_emploi_durable_mois, "
        "formation qualifiante, création d'entreprise) ou la liste sorties_positives",
    )
    sorties_toujours_positives: list[str] = _key(
        default_factory=lambda: ["cdi", "formation_qualifiante", "creation_entreprise"]
    )
    sorties_emploi_a_duree: list[str] = _key(
        default_factory=lambda: ["cdd_plus_3_mois", "interim"],
        description="situations positives si le contrat dure au moins duree_emploi_durable_mois",
    )
    duree_emploi_durable_mois: int = _key(default=6, ge=1, le=120)
    sorties_abandon: list[str] = _key(default_factory=lambda: ["abandon"])
    sorties_en_parcours: list[str] = _key(
        default_factory=lambda: ["en_parcours"],
        description="situations qui ne sont pas une sortie (parcours en cours)",
    )
    base_taux_sorties: Literal["sorties", "participants"] = _key(
        default="sorties",
        description="dénominateur des taux de sortie : les sorties de l'année, ou tous les "
        "participants (base du rapport 2025)",
    )
    villes_territoire: dict[str, str] = _key(default_factory=_default_cities)
    niveaux_sans_diplome: list[str] = _key(
        default_factory=lambda: ["aucun_diplome", "diplome_etranger"],
        description="niveaux comptés « sans diplôme reconnu en France »",
    )
    ressources_precaires: list[str] = _key(
        default_factory=lambda: [
            "fin_droits",
            "minima_sociaux",
            "faibles_revenus",
            "sans_ressources",
        ],
        description="ressources à l'entrée comptées « en fin de droits ou avec peu de revenus »",
    )
    types_interim: list[str] = _key(
        default_factory=lambda: ["ctt", "ctti"], description="types de contrat d'intérim"
    )
    groupes_prescripteurs: dict[str, list[str]] = _key(
        default_factory=_default_prescriber_groups,
        description="groupe -> libellés de prescripteur (jokers * et ?, sans casse ni accents)",
    )
    communes_voisines: dict[str, list[str]] = _key(
        default_factory=dict,
        description="ville d'opération -> communes voisines, pour « habite à proximité de "
        "son chantier » (sans elles : la même commune seulement)",
    )
    categories_commanditaires: dict[str, OwnerCategory] = _key(
        default_factory=dict,
        description="catégorie -> maîtres d'ouvrage qu'elle regroupe (aménageurs publics…)",
    )
    heures_par_statut: Literal["principal", "tous_statuts"] = _key(
        default="principal",
        description="tableau par statut d'entrée : heures sous le statut principal "
        "(additif) ou sous chaque statut (convention du rapport 2025)",
    )
    annee_des_contrats: Literal["signature", "activite"] = _key(
        default="signature",
        description="un contrat compte l'année de sa signature (date de début) ou chaque "
        "année où il a des heures",
    )
    annees_historique: int = _key(default=5, ge=1, le=50)
    tranches_age: list[int] = _key(
        default_factory=lambda: [26, 41, 51],
        description="bornes inférieures des tranches après la première",
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        _increasing("tranches_age", self.tranches_age, non_empty=True)


#: « bac non validé » : le niveau du bac atteint, sans le diplôme
BAC_NOT_PASSED = "bac_non_valide"
#: niveaux sous le bac quel que soit le choix de ``ml.bac_non_valide``
INFRA_BAC_REACHED = ("sans_diplome", "cap_bep")


@dataclass(frozen=True, kw_only=True)
class LevelGroup(_Strict):
    """Un groupe de niveaux de formation et son seuil de mise en évidence (territoire)."""

    code: str
    libelle: str
    niveaux: list[str]
    seuil: float = _key(ge=0, le=1, description="part au-dessus de laquelle le quartier ressort")


@dataclass(frozen=True, kw_only=True)
class MlSettings(_Strict):
    """Définitions propres à la Mission Locale."""

    emploi_durable_toujours: list[str] = _key(
        default_factory=lambda: ["cdi"],
        description="types de contrat toujours durables",
    )
    emploi_durable_si_duree: list[str] = _key(
        default_factory=lambda: ["cdd", "interim"],
        description="types de contrat durables si la situation dure assez longtemps",
    )
    duree_durable_mois: int = _key(default=6, ge=1, le=60)
    accompagnement_evenements: list[str] = _key(
        default_factory=lambda: [
            "entretien_individuel",
            "information_collective",
            "atelier",
            "evenement_emploi",
        ],
        description="types d'événements qui font un jeune accompagné",
    )
    cej_sorties_positives: list[str] = _key(
        default_factory=lambda: ["emploi_durable", "alternance", "formation_initiale"],
        description="situations de sortie du CEJ comptées positives",
    )
    accompagnement_statuts: list[str] = _key(
        default_factory=lambda: ["present"],
        description="statuts d'événement qui comptent (présent)",
    )
    contrats_cdi: list[str] = _key(
        default_factory=lambda: ["cdi"],
        description="types de contrat comptés CDI (territoire : part de CDI par quartier)",
    )
    contrats_cdd: list[str] = _key(
        default_factory=lambda: ["cdd", "interim", "saisonnier", "contrat_aide"],
        description="types de contrat comptés CDD (contrats à durée déterminée)",
    )
    groupes_niveaux: list[LevelGroup] = _key(
        default_factory=lambda: [
            LevelGroup(
                code="bac_2_plus",
                libelle="Niveau BAC+2 et plus",
                niveaux=["bac_2", "bac_3_4", "bac_5_plus", "bac_3_plus"],
                seuil=0.13,
            ),
            LevelGroup(
                code="bac", libelle="Niveau BAC", niveaux=["bac", "bac_non_valide"], seuil=0.35
            ),
            LevelGroup(code="cap_bep", libelle="Niveau CAP/BEP", niveaux=["cap_bep"], seuil=0.11),
            LevelGroup(
                code="infra_bep",
                libelle="Niveau infra BEP et sans diplôme",
                niveaux=["sans_diplome"],
                seuil=0.50,
            ),
        ],
        description="groupes de niveaux du territoire et seuils de mise en évidence",
    )
    bac_non_valide: Literal["niveau_bac", "infra_bac"] = _key(
        default="niveau_bac",
        description="« bac non validé », partout : niveau atteint, le bac (groupe du bac, "
        "pas infra-bac) ; ou « infra_bac » (convention du rapport 2025 pour ses 60 %) : "
        "sans le bac, infra-bac et avec les sans diplôme",
    )
    annee_allocations: Literal["demande", "entree"] = _key(
        default="demande",
        description="une allocation PACEA compte l'année de sa demande, ou l'année d'entrée "
        "du jeune en PACEA (sans date de demande)",
    )
    dispositifs_renforces: list[str] = _key(
        default_factory=lambda: ["CEJ", "PACEA", "PPAE", "parrainage", "UEMO-FIPD", "JSMJ"],
        description="dispositifs d'accompagnement renforcé (règle des modalités "
        "d'accompagnement, sans la colonne de l'extraction des jeunes)",
    )
    niveaux_sans_qualification: list[str] = _key(
        default_factory=lambda: ["sans_diplome"],
        description="niveaux comptés « sans qualification » (ni CAP, ni BEP, ni bac)",
    )
    classements_taille: int = _key(
        default=10, ge=1, le=100, description="lignes des classements (recruteurs, métiers…)"
    )
    recruteurs_min_contrats: int = _key(
        default=3,
        ge=1,
        description="contrats au-dessous desquels un employeur n'est pas nommé (regroupé)",
    )
    secteurs_tete: int = _key(
        default=3, ge=1, le=20, description="nombre de secteurs de la part « des premiers »"
    )
    contact_statuts: list[str] = _key(
        default_factory=lambda: ["present"],
        description="statuts d'événement qui font un contact (obligation de formation) : "
        "un échange qui a eu lieu ; un rendez-vous manqué n'en est pas un",
    )
    of_accompagnement_evenements: list[str] = _key(
        default_factory=lambda: ["entretien_individuel"],
        description="types d'événements (présent) qui font un mineur accompagné au titre de l'OF",
    )
    inscription_statuts: list[str] = _key(
        default_factory=lambda: ["present", "absent", "prescrit", "planifie", "non_precise"],
        description="statuts d'événement qui font une inscription à une action collective "
        "(le jeune était attendu) ; annulé, reporté, refusé n'en sont pas",
    )
    ateliers_themes: list[str] = _key(
        default_factory=lambda: ["emploi", "alternance", "emploi_alternance"],
        description="thèmes des ateliers hebdomadaires comptés dans les chiffres clés des "
        "ateliers (« les 7 ateliers hebdomadaires » du service emploi)",
    )
    ateliers_semaines_min: int = _key(
        default=26,
        ge=1,
        le=53,
        description="semaines de l'année avec au moins une séance pour qu'un atelier soit "
        "hebdomadaire",
    )

    def level_groups(self) -> list[LevelGroup]:
        """Les groupes de niveaux du territoire, « bac non validé » placé selon
        ``bac_non_valide`` : tel que déclaré (avec le bac) ou, en « infra_bac », retiré de
        son groupe et mis avec les sans diplôme."""
        if self.bac_non_valide == "niveau_bac":
            return list(self.groupes_niveaux)
        out = []
        for group in self.groupes_niveaux:
            levels = [n for n in group.niveaux if n != BAC_NOT_PASSED]
            if "sans_diplome" in levels:
                levels.append(BAC_NOT_PASSED)
            out.append(replace(group, niveaux=levels))
        return out

    def infra_bac_levels(self) -> tuple[str, ...]:
        """Les niveaux « infra-bac » (sous le bac) : sans diplôme et CAP-BEP, et le bac non
        validé en « infra_bac »."""
        if self.bac_non_valide == "infra_bac":
            return (*INFRA_BAC_REACHED, BAC_NOT_PASSED)
        return INFRA_BAC_REACHED

    def no_diploma_levels(self) -> tuple[str, ...]:
        """Les niveaux « sans diplôme » : sans diplôme (infra niveau 3), et le bac non validé
        en « infra_bac » (sans le bac ni CAP-BEP : « 60 % […] ont un niveau inférieur au
        BAC dont 51 % n'ont aucun diplôme »)."""
        if self.bac_non_valide == "infra_bac":
            return ("sans_diplome", BAC_NOT_PASSED)
        return ("sans_diplome",)

    def no_qualification_levels(self) -> list[str]:
        """Les niveaux « sans qualification » : ``niveaux_sans_qualification``, et le bac
        non validé en « infra_bac » quand les sans diplôme y sont (il est avec eux)."""
        levels = list(self.niveaux_sans_qualification)
        if (
            self.bac_non_valide == "infra_bac"
            and "sans_diplome" in levels
            and BAC_NOT_PASSED not in levels
        ):
            levels.append(BAC_NOT_PASSED)
        return levels

    of_solutions_situations: list[str] = _key(
        default_factory=lambda: [
            "formation",
            "alternance",
            "emploi",
            "volontariat",
            "scolarite",
            "autre",
        ],
        description="natures de situation qui respectent l'obligation de formation",
    )
    of_solutions_dispositifs: list[str] = _key(
        default_factory=lambda: ["PACEA", "CEJ"],
        description="dispositifs qui respectent l'obligation de formation",
    )


LrjExit = Literal[
    "parc_social", "intermediaire", "parc_prive", "temporaire", "famille", "tiers", "autre"
]
DURABLE_LRJ_EXITS: tuple[LrjExit, ...] = ("parc_social", "intermediaire", "parc_prive")


@dataclass(frozen=True, kw_only=True)
class CllajSettings(_Strict):
    """Définitions propres au CLLAJ."""

    loyer_studio: float = _key(default=700, gt=0, description="loyer mensuel de référence")
    multiple_loyer: float = _key(
        default=3,
        gt=0,
        description="revenus exigés = multiple × loyer : 3, pratique des bailleurs privés ; "
        "2, règle de la garantie VISALE (loyer au plus 50 % des ressources)",
    )
    tranches_revenus: list[float] = _key(
        default_factory=lambda: [1800.0, 2300.0],
        description="bornes des tranches de revenus au-dessus du seuil de pauvreté",
    )
    tranches_age: list[int] = _key(
        default_factory=lambda: [18, 22, 26, 31],
        description="bornes des tranches d'âge en début d'accompagnement",
    )
    duree_entretien_minutes: float = _key(
        default=60, gt=0, le=1440, description="durée comptée pour un entretien sans durée"
    )
    lrj_places: dict[str, int] = _key(
        default_factory=dict,
        description="places du Logement Relais Jeunes par résidence",
    )
    jeune_accompagne: Literal["extraction", "entretien"] = _key(
        default="extraction",
        description="jeune accompagné dans l'année : une ligne de l'extraction des jeunes "
        "pour l'année, ou une telle ligne et au moins un entretien individuel dans l'année",
    )
    pauvrete: Literal["personne_seule", "unites_consommation"] = _key(
        default="personne_seule",
        description="seuil de pauvreté : ressources du jeune comparées au seuil d'une "
        "personne seule (rapport), ou ressources du ménage comparées au seuil × unités de "
        "consommation du ménage (définition de l'INSEE)",
    )
    profil_demandeurs: Literal["nouvelles_demandes", "demandes_de_l_annee"] = _key(
        default="nouvelles_demandes",
        description="demandeurs d'un type dont on décrit le profil : jeunes ayant ouvert "
        "une demande de ce type dans l'année, ou ayant une telle demande ouverte dans l'année",
    )
    lrj_sorties_durables: list[LrjExit] = _key(
        default_factory=lambda: list(DURABLE_LRJ_EXITS),
        description="sorties du LRJ comptées comme relogement durable (codes de « Logement "
        "à la sortie » : parc_social, intermediaire, parc_prive, temporaire, famille, tiers, "
        "autre)",
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        _increasing("tranches_revenus", self.tranches_revenus)
        _increasing("tranches_age", self.tranches_age)


@dataclass(frozen=True, kw_only=True)
class PlieSettings(_Strict):
    """Définitions propres au PLIE."""

    capacite_par_referent: int = _key(
        default=80, ge=1, description="accompagnements maximum par référent à un instant t"
    )
    base_recrutements: Literal["embauche", "candidature"] = _key(
        default="embauche",
        description="année d'un recrutement en SIAE : celle du début d'embauche, ou celle de "
        "la candidature (base du rapport 2025)",
    )
    postes_referents: int = _key(default=4, ge=1, description="postes de référents prévus")
    annee_creation: int | None = _key(
        default=None,
        ge=1980,
        le=2100,
        description="année de création du PLIE : l'extraction des participants doit "
        "remonter jusque-là pour donner les personnes accompagnées depuis la création",
    )
    sorties_positives: list[str] = _key(
        default_factory=lambda: [
            "cdi",
            "cdd_long",
            "interim_long",
            "alternance",
            "creation",
            "formation_qualifiante",
        ],
        description="situations de sortie comptées positives",
    )
    tranches_age: list[int] = _key(
        default_factory=lambda: [26, 45, 55],
        description="bornes des tranches d'âge (moins de 26, 26-44, 45-54, 55 et plus)",
    )
    secteurs_tete: int = _key(
        default=6, ge=1, le=14, description="secteurs ROME détaillés (les autres regroupés)"
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        _increasing("tranches_age", self.tranches_age)


@dataclass(frozen=True, kw_only=True)
class PublicationSettings(_Strict):
    """Publication : secret statistique des tableaux."""

    secret_statistique: bool = _key(
        default=False, description="protège chaque document (comme --secret-statistique)"
    )
    seuil_secret: int = _key(
        default=11,
        ge=1,
        le=1000,
        description="effectif de personnes au-dessous duquel une case est masquée (Insee : 11)",
    )


@dataclass(frozen=True, kw_only=True)
class Config(_Strict):
    """Configuration effective de gipkit."""

    exercice: int | None = _key(
        default=None,
        ge=2000,
        le=2100,
        description="année du rapport d'un dossier d'exercice (gipkit init) : année N par "
        "défaut, et dossier dont les sous-dossiers serci/, ml/, plie/, cllaj/ sont lus",
    )
    nom: str = _key(default="", description="nom du GIP, pour les titres du rapport")
    publication: PublicationSettings = _key(default_factory=PublicationSettings)

    parametres: Parameters = _key(default_factory=Parameters)
    limites: Limits = _key(default_factory=Limits)
    entetes: dict[str, dict[str, list[str]]] = _key(
        default_factory=dict,
        description="orthographes d'en-têtes supplémentaires : [entetes.EXPORT] colonne = [...]",
    )
    categories: dict[str, dict[str, dict[str, str]]] = _key(
        default_factory=dict,
        description='libellés propres : [categories.EXPORT.colonne] "libellé" = "code"',
    )
    nombres: dict[str, dict[str, NumberWriting]] = _key(
        default_factory=dict,
        description="écriture des nombres d'une colonne, pour ses nombres ambigus (1.234) : "
        '[nombres.EXPORT] colonne = "1.234,5" (mille deux cent trente-quatre et demi tel '
        "que la colonne l'écrit)",
    )
    serci: SerciSettings = _key(default_factory=SerciSettings)
    ml: MlSettings = _key(default_factory=MlSettings)
    plie: PlieSettings = _key(default_factory=PlieSettings)
    cllaj: CllajSettings = _key(default_factory=CllajSettings)


def _key_path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


@cache
def _validator() -> TypeAdapter[Config]:
    """Le validateur pydantic des tables, construit au premier fichier lu."""
    from pydantic import TypeAdapter

    return TypeAdapter(Config)


def parse_config(data: dict[str, Any], *, origin: str) -> Config:
    """Valide un dictionnaire de configuration ; erreurs nommant la clé fautive.

    Un fichier dont chaque valeur a exactement le type de sa clé (le cas d'un fichier
    écrit d'après la documentation ou ``gipkit init``) est construit directement
    (:func:`plain_config`) ; tout autre passe par pydantic, qui convertit ce qui peut
    l'être et dit en français ce qui ne le peut pas. Les deux voies donnent la même
    configuration (propriété vérifiée par les tests)."""
    config = plain_config(data)
    if config is None:
        from pydantic import ValidationError

        try:
            config = _validator().validate_python(data)
        except ValidationError as exc:
            details = [_french_error(err) for err in exc.errors()]
            raise ConfigError(f"Configuration invalide ({origin}).", details=details) from None
    _check_against_schemas(config, origin)
    return config


class _NotPlain(Exception):
    """Une valeur qui n'a pas exactement le type de sa clé : à pydantic de juger."""


def plain_config(data: dict[str, Any]) -> Config | None:
    """La configuration ``data`` construite sans pydantic, si chaque table est un
    dictionnaire de clés connues et chaque valeur exactement du type de sa clé (un
    entier pour un nombre décimal, comme pydantic le convertit ; une clé de table
    d'années faite de chiffres) et dans ses bornes ; sinon ``None``.

    Importer pydantic et construire son validateur coûte ~80 ms à chaque commande
    lancée avec un ``gipkit.toml`` (docs/performance-journal.md, « Démarrage ») ; un fichier
    correct n'en a pas besoin.

    >>> plain_config({"parametres": {"heures_par_etp": 1600}}).parametres.heures_par_etp
    1600.0
    >>> plain_config({"parametres": {"heures_par_etp": "1600"}}) is None
    True
    """
    try:
        config: Config = _plain_table(Config, data)
    except _NotPlain:
        return None
    return config


#: types des clés de chaque table, lus une fois
_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        import typing

        names = {f.name for f in fields(cls) if f.init}
        _HINTS[cls] = {k: v for k, v in typing.get_type_hints(cls).items() if k in names}
    return _HINTS[cls]


def _plain_table(cls: type[Any], data: Any) -> Any:
    if type(data) is not dict:
        raise _NotPlain
    hints = _hints(cls)
    if not set(data) <= set(hints):
        raise _NotPlain
    try:
        return cls(**{key: _plain(value, hints[key]) for key, value in data.items()})
    except (InvalidKey, TypeError):  # borne, ou clé obligatoire absente
        raise _NotPlain from None


def _plain(value: Any, kind: Any) -> Any:
    import types
    import typing

    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind in (int, str, bool) and type(value) is kind:
        return value
    if kind is float and type(value) in (int, float):
        return float(value)
    if origin is Literal and type(value) is str and value in args:
        return value
    if origin in (typing.Union, types.UnionType):
        others = [a for a in args if a is not type(None)]
        if len(others) == 1:
            return _plain(value, others[0])
    if origin is list and type(value) is list:
        return [_plain(v, args[0]) for v in value]
    if origin is dict and type(value) is dict:
        return {_plain_key(k, args[0]): _plain(v, args[1]) for k, v in value.items()}
    if isinstance(kind, type) and hasattr(kind, "__dataclass_fields__"):
        return _plain_table(kind, value)
    raise _NotPlain


def _plain_key(key: Any, kind: Any) -> Any:
    if type(key) is not str:
        raise _NotPlain
    if kind is str:
        return key
    if kind is int and key.isascii() and key.isdigit() and (key == "0" or key[0] != "0"):
        return int(key)
    raise _NotPlain


def _french_error(err: Any) -> str:
    """« clé `table.clé` : raison » pour une erreur de pydantic, sans la valeur lue."""
    loc: tuple[int | str, ...] = tuple(err["loc"])
    error = (err.get("ctx") or {}).get("error")
    if err["type"] == "value_error" and isinstance(error, InvalidKey):
        loc = (*loc, error.key)
    return f"clé `{_key_path(loc)}` : {reason(err)}"


def _check_against_schemas(config: Config, origin: str) -> None:
    from gipkit.io.exports import EXPORTS
    from gipkit.io.schema import ColumnType

    details: list[str] = []
    for section in ("entetes", "categories"):
        mapping: dict[str, Any] = getattr(config, section)
        for kind, columns in mapping.items():
            if kind not in EXPORTS:
                known = ", ".join(sorted(EXPORTS))
                details.append(f"clé `{section}.{kind}` : export inconnu (connus : {known})")
                continue
            schema = EXPORTS[kind]
            names = {c.name for c in schema.columns}
            for col, value in columns.items():
                if col not in names:
                    details.append(
                        f"clé `{section}.{kind}.{col}` : colonne inconnue "
                        f"(colonnes : {', '.join(sorted(names))})"
                    )
                    continue
                if section == "categories":
                    codes = {c.code for c in schema.column(col).categories}
                    if not codes:
                        details.append(f"clé `{section}.{kind}.{col}` : colonne sans catégories")
                    for label, code in value.items():
                        if code not in codes:
                            details.append(
                                f"clé `{section}.{kind}.{col}.{label}` : code `{code}` inconnu "
                                f"(codes : {', '.join(sorted(codes))})"
                            )
    for kind, columns in config.nombres.items():
        if kind not in EXPORTS:
            known = ", ".join(sorted(EXPORTS))
            details.append(f"clé `nombres.{kind}` : export inconnu (connus : {known})")
            continue
        decimals = {c.name for c in EXPORTS[kind].columns if c.type is ColumnType.NUMBER}
        for col in columns:
            if col not in decimals:
                which = ", ".join(sorted(decimals)) or "aucune"
                details.append(
                    f"clé `nombres.{kind}.{col}` : pas une colonne de nombres décimaux de "
                    f"l'export (colonnes de nombres : {which})"
                )
    for key, column in (
        ("ressources_precaires", "ressources_entree"),
        ("niveaux_sans_diplome", "niveau_formation"),
        ("types_interim", "type_contrat"),
    ):
        codes = {c.code for c in EXPORTS["serci.heures"].column(column).categories}
        for code in getattr(config.serci, key):
            if code not in codes:
                listed = ", ".join(sorted(codes))
                details.append(f"clé `serci.{key}` : code `{code}` inconnu (codes : {listed})")
    serci_exits = (
        set(config.serci.sorties_positives)
        | set(config.serci.sorties_toujours_positives)
        | set(config.serci.sorties_emploi_a_duree)
        | set(config.serci.sorties_abandon)
        | set(config.serci.sorties_en_parcours)
    )
    exit_codes = {c.code for c in EXPORTS["serci.heures"].column("situation_sortie").categories}
    overlap = set(config.serci.sorties_en_parcours) & (
        set(config.serci.sorties_positives) | set(config.serci.sorties_abandon)
    )
    for code in sorted(overlap):
        details.append(
            f"clé `serci.sorties_en_parcours` : `{code}` ne peut pas être à la fois une sortie "
            "positive ou un abandon et un parcours en cours"
        )
    for code in sorted(serci_exits - exit_codes):
        details.append(
            f"clé `serci` : situation de sortie `{code}` inconnue "
            f"(codes : {', '.join(sorted(exit_codes))})"
        )
    for key, column in (
        ("accompagnement_evenements", "type_evenement"),
        ("accompagnement_statuts", "statut"),
    ):
        codes = {c.code for c in EXPORTS["ml.evenements"].column(column).categories}
        for code in getattr(config.ml, key):
            if code not in codes:
                details.append(
                    f"clé `ml.{key}` : code `{code}` inconnu (codes : {', '.join(sorted(codes))})"
                )
    exits = {c.code for c in EXPORTS["ml.dispositifs"].column("situation_sortie").categories}
    for code in config.ml.cej_sorties_positives:
        if code not in exits:
            details.append(
                f"clé `ml.cej_sorties_positives` : situation `{code}` inconnue "
                f"(codes : {', '.join(sorted(exits))})"
            )
    for key, column in (
        ("contact_statuts", "statut"),
        ("of_accompagnement_evenements", "type_evenement"),
        ("inscription_statuts", "statut"),
        ("ateliers_themes", "theme_action"),
    ):
        codes = {c.code for c in EXPORTS["ml.evenements"].column(column).categories}
        for code in getattr(config.ml, key):
            if code not in codes:
                details.append(
                    f"clé `ml.{key}` : code `{code}` inconnu (codes : {', '.join(sorted(codes))})"
                )
    for key, export, column in (
        ("of_solutions_situations", "ml.situations", "type_situation"),
        ("of_solutions_dispositifs", "ml.dispositifs", "dispositif"),
    ):
        codes = {c.code for c in EXPORTS[export].column(column).categories}
        for code in getattr(config.ml, key):
            if code not in codes:
                details.append(
                    f"clé `ml.{key}` : code `{code}` inconnu (codes : {', '.join(sorted(codes))})"
                )
    level_codes = {c.code for c in EXPORTS["ml.jeunes"].column("niveau").categories}
    for i, group in enumerate(config.ml.groupes_niveaux):
        for code in group.niveaux:
            if code not in level_codes:
                details.append(
                    f"clé `ml.groupes_niveaux[{i}].niveaux` : niveau `{code}` inconnu "
                    f"(codes : {', '.join(sorted(level_codes))})"
                )
    # une seule définition du « bac non validé » : les groupes du territoire la suivent
    holders = [g.code for g in config.ml.groupes_niveaux if BAC_NOT_PASSED in g.niveaux]
    with_bac = [g.code for g in config.ml.groupes_niveaux if "bac" in g.niveaux]
    if config.ml.bac_non_valide == "niveau_bac" and holders and holders != with_bac:
        details.append(
            "clé `ml.groupes_niveaux` : « bac_non_valide » est dans un autre groupe que "
            '« bac » alors que `ml.bac_non_valide = "niveau_bac"` (niveau atteint : le bac) ; '
            'mettez-le avec « bac », ou choisissez `ml.bac_non_valide = "infra_bac"`'
        )
    if config.ml.bac_non_valide == "infra_bac" and not any(
        "sans_diplome" in g.niveaux for g in config.ml.groupes_niveaux
    ):
        details.append(
            'clé `ml.bac_non_valide = "infra_bac"` : aucun groupe de `ml.groupes_niveaux` '
            "n'a « sans_diplome », avec qui compter le bac non validé"
        )
    contract_codes = {c.code for c in EXPORTS["ml.situations"].column("type_contrat").categories}
    for key in (
        "emploi_durable_toujours",
        "emploi_durable_si_duree",
        "contrats_cdi",
        "contrats_cdd",
    ):
        for code in getattr(config.ml, key):
            if code not in contract_codes:
                details.append(
                    f"clé `ml.{key}` : type de contrat `{code}` inconnu "
                    f"(codes : {', '.join(sorted(contract_codes))})"
                )
    plie_exits = {
        c.code for c in EXPORTS["plie.participants"].column("situation_sortie").categories
    }
    for code in config.plie.sorties_positives:
        if code not in plie_exits:
            details.append(
                f"clé `plie.sorties_positives` : situation `{code}` inconnue "
                f"(codes : {', '.join(sorted(plie_exits))})"
            )
    if details:
        raise ConfigError(f"Configuration invalide ({origin}).", details=details)


def load_config(path: Path | None = None, *, cwd: Path | None = None) -> tuple[Config, Path | None]:
    """Charge ``path``, ou ``gipkit.toml`` du dossier courant, ou les valeurs par défaut."""
    if path is None:
        candidate = (cwd or Path.cwd()) / CONFIG_FILENAME
        if not candidate.is_file():
            return Config(), None
        path = candidate
    try:
        raw = path.read_bytes()
    except OSError:
        raise ConfigError(f"Fichier de configuration illisible : {path}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path} : le fichier de configuration doit être en UTF-8.") from None
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(path, exc) from None
    return parse_config(data, origin=str(path)), path


#: les messages de l'analyseur TOML de Python (``tomllib``, en anglais), en français ;
#: ``{}`` : la clé ou le caractère que le message cite
_TOML_MESSAGES = (
    ("Cannot overwrite a value", "une valeur est redéfinie"),
    ("Cannot declare (.+) twice", "la table {} est déclarée deux fois"),
    ("Cannot mutate immutable namespace (.+)", "la table {} ne peut plus être complétée ici"),
    ("Cannot redefine namespace (.+)", "la table {} est redéfinie"),
    ("Duplicate inline table key (.+)", "clé {} en double dans une table en ligne"),
    ("Escaped character is not a Unicode scalar value", "caractère échappé impossible"),
    ("Expected '=' after a key in a key/value pair", "« = » attendu après la clé"),
    ("Expected '\\]' at the end of a table declaration", "« ] » attendu à la fin du nom de table"),
    ("Expected '\\]\\]' at the end of an array declaration", "« ]] » attendu à la fin du nom"),
    ("Expected newline or end of document after a statement", "fin de ligne attendue"),
    ("Expected (.+)", "{} attendu"),
    ("Found invalid character (.+)", "caractère invalide {}"),
    ("Illegal character '\\\\n'", "texte non refermé avant la fin de la ligne"),
    ("Illegal character (.+)", "caractère interdit {}"),
    ("Invalid date or datetime", "date invalide"),
    ("Invalid hex value", "valeur hexadécimale invalide"),
    ("Invalid initial character for a key part", "caractère invalide au début d'une clé"),
    ("Invalid statement", "ligne qui n'est ni une clé = valeur, ni une [table]"),
    ("Invalid value", "valeur invalide (un texte s'écrit entre guillemets)"),
    ("Unclosed array", "liste jamais refermée"),
    ("Unclosed inline table", "table en ligne jamais refermée"),
    (
        "Unescaped '\\\\' in a string",
        "« \\ » seul dans un texte (doublez-le, ou mettez le texte entre apostrophes)",
    ),
    ("Unterminated string", "texte jamais refermé"),
)


def _key_name(found: Any) -> str:
    """Le nom de table ou de clé qu'un message de ``tomllib`` cite (``('a', 'b')`` ->
    ``[a.b]``), tel quel s'il n'est pas un tuple de textes."""
    import ast

    if not found.groups():
        return ""
    text: str = found[1]
    try:
        key = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    if isinstance(key, tuple) and all(isinstance(k, str) for k in key):
        return "[" + ".".join(key) + "]"
    return text


def toml_error(path: Path, exc: tomllib.TOMLDecodeError) -> ConfigError:
    """L'erreur d'un fichier TOML qui ne s'analyse pas (configuration, règles) : où, et
    quoi, en français ; un message de ``tomllib`` que gipkit ne connaît pas (une autre
    version de Python) est donné tel quel.

    >>> try:
    ...     tomllib.loads("[parametres\\nx = 1")
    ... except tomllib.TOMLDecodeError as exc:
    ...     print(toml_error(Path("g.toml"), exc).message)
    g.toml : TOML invalide, ligne 1, colonne 12 : « ] » attendu à la fin du nom de table.
    """
    import re

    text = str(exc)
    where = ""
    found = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", text, flags=re.DOTALL)
    if found is not None:
        text, where = found[1], f", ligne {found[2]}, colonne {found[3]}"
    elif text.endswith(" (at end of document)"):
        text, where = text.removesuffix(" (at end of document)"), ", à la fin du fichier"
    for pattern, french in _TOML_MESSAGES:
        matched = re.fullmatch(pattern, text, flags=re.DOTALL)
        if matched is not None:
            said = french.format(_key_name(matched)) if matched.groups() else french
            return ConfigError(f"{path} : TOML invalide{where} : {said}.")
    return ConfigError(f"{path} : TOML invalide{where} ({text}).")
