"""Les calculs du chapitre SERCI (déclarés dans ``gipkit.chapters.SERCI_STEPS``).

Une seule extraction, les heures d'insertion, lue une fois avec les colonnes des calculs
prévus ; ses commandes autres que ``tout`` sont des vues dont les options choisissent les
calculs (``hours_views``, ``participant_views``, ``contract_views``, ``exit_views``) :
``serci heures --par-maitre-ouvrage`` ne lit que les colonnes de ce tableau.
"""

from __future__ import annotations

from gipkit.chapters import SERCI_HOURS
from gipkit.errors import ParameterError
from gipkit.reports import serci as rep
from gipkit.steps import Run

#: les colonnes que lit chaque calcul, en plus des colonnes de base (année, contrat,
#: marché, territoire, heures, participant) ; ``participants`` et ``contrats`` : celles
#: des vues choisies (``--par``)
COLUMNS: dict[str, tuple[str, ...]] = {
    "par-type-maitre-ouvrage": ("type_maitre_ouvrage",),
    "par-secteur": ("type_maitre_ouvrage", "maitre_ouvrage"),
    "par-commune": ("ville_operation",),
    "par-maitre-ouvrage": ("maitre_ouvrage",),
    "historique": ("ville_operation",),
    "historique-par-ville": ("ville_operation",),
    "sans-diplome": rep.PARTICIPANT_VIEWS["niveau"][2],
    "proximite": (*rep.PARTICIPANT_VIEWS["commune"][2], "ville_operation"),
    "precarite": rep.PARTICIPANT_VIEWS["ressources"][2],
    "nombres-contrats": ("type_contrat",),
    "sorties": rep.EXIT_COLUMNS,
}
#: les calculs qui ne comptent pas de contrats (l'année de signature n'est pas calculée)
WITHOUT_CONTRACTS = ("participants", "sans-diplome", "proximite", "precarite", "sorties")
#: les vues de ``serci heures`` : option → calculs
HOURS_VIEWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "maitre_ouvrage": ("par_maitre_ouvrage", ("par-type-maitre-ouvrage",)),
    "secteur": ("par_secteur", ("par-secteur",)),
    "ville": ("par_ville", ("par-commune",)),
    "commanditaire": ("par_commanditaire", ("par-maitre-ouvrage",)),
    "historique": ("historique", ("historique", "historique-par-ville")),
}


def _participant_views(run: Run) -> tuple[str, ...]:
    return tuple(dict.fromkeys(run.flags.get("views") or rep.PARTICIPANT_VIEWS))


def _contract_views(run: Run) -> tuple[str, ...]:
    return tuple(dict.fromkeys(run.flags.get("views") or rep.CONTRACT_VIEWS))


def _columns(run: Run) -> list[str]:
    """Les colonnes des calculs prévus."""
    wanted = {c for key in run.plan for c in COLUMNS.get(key, ())}
    if "participants" in run.plan:
        wanted |= {c for v in _participant_views(run) for c in rep.PARTICIPANT_VIEWS[v][2]}
    if "contrats" in run.plan:
        wanted |= {rep.CONTRACT_VIEWS[v][0] for v in _contract_views(run)}
    return sorted(wanted)


#: les calculs qui lisent les années avant N-1 : les nouveaux participants de la synthèse
#: (jamais vus avant N), l'historique ; ils ne lisent que des chiffres par année
#: (``reports.serci.History``), calculés au chargement
WITH_PAST_YEARS = ("synthese", "historique", "historique-par-ville")


def _hours(run: Run) -> rep.SerciData:
    """L'extraction des heures, avec les colonnes des calculs prévus ; toutes les années
    si un calcul prévu lit le passé (:data:`WITH_PAST_YEARS`), N-1 et N sinon — les
    tableaux de N et N-1 seuls (``serci heures --par-maitre-ouvrage``…) ne gardent pas en
    mémoire les lignes des années d'avant, écartées avec leur motif."""

    def load() -> rep.SerciData:
        past = any(k in WITH_PAST_YEARS for k in run.plan)
        data = rep.load(
            run.path("heures"),
            run.config,
            run.options,
            columns=_columns(run),
            year=run.year,
            earliest=(lambda _n: None) if past else (lambda n: n - 1),
            contracts=any(k not in WITHOUT_CONTRACTS for k in run.plan),
            # identifiants en entiers dès que plusieurs calculs les lisent : `serci tout`,
            # 2 M lignes, 13,5-13,9 -> 11,5-11,8 s ; pour le seul tableau de `serci heures
            # --par-maitre-ouvrage`, le rang coûtait plus (+0,25 s) qu'il ne rendait
            compact_ids=len(run.plan) > 1,
            # la synthèse et les bilans par année ne lisent que les chiffres de chaque
            # année : sans autre calcul, aucune ligne n'est mise en mémoire
            keep_rows=any(k not in WITH_PAST_YEARS for k in run.plan),
        )
        run.add(sources=[data.source], year=data.year)
        if any(k in SERCI_HOURS for k in run.plan):  # les calculs des heures donnent des ETP
            run.record(run.config.parametres, "heures_par_etp")
        if any(k not in WITHOUT_CONTRACTS for k in run.plan):  # contrats comptés par année
            run.record(run.config.serci, "annee_des_contrats")
        return data

    return run.shared("heures", load, taken=["heures"])


def _scope(run: Run) -> str:
    return str(run.flags.get("perimetre", "territoire"))


# -- Les vues des commandes autres que tout --------------------------------------------


def hours_views(run: Run) -> list[str]:
    """``serci heures`` : les chiffres clés, ou les tableaux des options ``--par-…`` et
    ``--historique`` données."""
    on = [view for view, (flag, _) in HOURS_VIEWS.items() if run.flags.get(flag)]
    run.params["vues"] = on
    return [key for view in on for key in HOURS_VIEWS[view][1]] or ["synthese"]


def participant_views(run: Run) -> list[str]:
    """``serci participants --par …`` : les tableaux demandés, et la part sans diplôme,
    la proximité du chantier et la part aux ressources faibles avec leur vue."""
    views = _participant_views(run)
    run.params["par"] = list(views)
    extra = {"niveau": "sans-diplome", "commune": "proximite", "ressources": "precarite"}
    return ["participants", *(key for view, key in extra.items() if view in views)]


def contract_views(run: Run) -> list[str]:
    """``serci contrats --par …`` : les tableaux demandés, et les nombres de contrats
    (intérim, CDI) avec la vue par type."""
    views = _contract_views(run)
    run.params["par"] = list(views)
    return ["contrats", *(["nombres-contrats"] if "type" in views else [])]


def exit_views(run: Run) -> list[str]:
    """``serci sorties`` : refusée si la définition des sorties positives est vide."""
    if not run.config.serci.sorties_positives:
        raise ParameterError("La définition des sorties positives est vide.")
    return ["sorties"]


# -- Les calculs -------------------------------------------------------------------------


def synthese(run: Run) -> None:
    """Heures, marchés, participants, ETP."""
    run.add(rep.hours_summary(_hours(run), run.config))


def par_type_maitre_ouvrage(run: Run) -> None:
    """Heures, marchés, contrats, participants par type de maître d'ouvrage."""
    run.add(rep.hours_by_owner_type(_hours(run)))


def par_secteur(run: Run) -> None:
    """Heures par secteur (public, privé) et catégorie de commanditaires."""
    run.add(rep.hours_by_sector(_hours(run), run.config))


def par_commune(run: Run) -> None:
    """Heures par ville de l'opération."""
    run.add(rep.hours_by_city(_hours(run)))


def par_maitre_ouvrage(run: Run) -> None:
    """Le classement des commanditaires (``--top``)."""
    top = int(run.flags.get("top", 10))
    run.add(rep.hours_by_owner(_hours(run), top))
    run.params["top"] = top


def historique(run: Run) -> None:
    """Bilan chiffré année par année (heures, participants, nouveaux)."""
    run.add(rep.hours_history(_hours(run), run.config))


def historique_par_ville(run: Run) -> None:
    """Heures année par année et par ville de l'opération."""
    run.add(rep.hours_by_city_history(_hours(run), run.config))


def participants(run: Run) -> None:
    """Les tableaux des participants (âge, statut, niveau…) : ceux de ``--par``, tous
    dans ``tout``."""
    data = _hours(run)
    scope = _scope(run)
    run.add(rep.participants_table(data, run.config, v, scope) for v in _participant_views(run))
    run.params["perimetre"] = scope
    run.record(run.config.serci, "tranches_age")
    if "statut" in _participant_views(run):  # les heures de chaque statut
        run.record(run.config.serci, "heures_par_statut")


def sans_diplome(run: Run) -> None:
    """Part des participants sans diplôme."""
    run.add(rep.no_diploma_share(_hours(run), run.config, _scope(run)))
    run.params["perimetre"] = _scope(run)


def proximite(run: Run) -> None:
    """Part des participants qui habitent à proximité de leur chantier."""
    run.add(rep.near_worksite_share(_hours(run), run.config))


def precarite(run: Run) -> None:
    """Part des participants aux ressources faibles à l'entrée."""
    run.add(rep.precarious_share(_hours(run), run.config, _scope(run)))
    run.params["perimetre"] = _scope(run)


def contrats(run: Run) -> None:
    """Les tableaux des contrats (par type, par modalité) : ceux de ``--par``."""
    data = _hours(run)
    run.add(rep.contracts_table(data, v) for v in _contract_views(run))


def nombres_contrats(run: Run) -> None:
    """Contrats d'intérim et CDI, N-1 et N."""
    run.add(rep.contract_counts(_hours(run), run.config))


def sorties(run: Run) -> None:
    """Sorties, sorties positives, abandons et leurs taux."""
    run.add(rep.exits(_hours(run), run.config, _scope(run)))
    run.params["perimetre"] = _scope(run)
    run.record(
        run.config.serci,
        "regle_sortie_positive",
        "sorties_positives",
        "sorties_abandon",
        "base_taux_sorties",
    )
