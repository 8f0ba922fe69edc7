"""Les calculs du chapitre SERCI (déclarés dans ``gipkit.chapters.SERCI_STEPS``) : une
extraction, les heures d'insertion, lue une fois avec toutes ses années (l'historique), et
une fonction par résultat ou groupe de résultats."""

from __future__ import annotations

from gipkit.reports import serci as rep
from gipkit.steps import Run


def _hours(run: Run) -> rep.SerciData:
    """L'extraction des heures, toutes colonnes et toutes années."""

    def load() -> rep.SerciData:
        data = rep.load(
            run.path("heures"),
            run.config,
            run.options,
            columns=rep.ALL_COLUMNS,
            year=run.year,
            earliest=lambda _n: None,
        )
        run.add(sources=[data.source], year=data.year)
        return data

    return run.shared("heures", load, "heures")


def _scope(run: Run) -> str:
    return str(run.flags.get("perimetre", "territoire"))


def synthese(run: Run) -> None:
    """Heures, marchés, participants, ETP."""
    run.add(rep.hours_summary(_hours(run), run.config))


def par_type_maitre_ouvrage(run: Run) -> None:
    run.add(rep.hours_by_owner_type(_hours(run)))


def par_secteur(run: Run) -> None:
    run.add(rep.hours_by_sector(_hours(run), run.config))


def par_commune(run: Run) -> None:
    run.add(rep.hours_by_city(_hours(run)))


def par_maitre_ouvrage(run: Run) -> None:
    """Le classement des commanditaires (``--top``)."""
    run.add(rep.hours_by_owner(_hours(run), int(run.flags.get("top", 10))))


def historique(run: Run) -> None:
    run.add(rep.hours_history(_hours(run), run.config))


def historique_par_ville(run: Run) -> None:
    run.add(rep.hours_by_city_history(_hours(run), run.config))


def participants(run: Run) -> None:
    """Les tableaux des participants (âge, sexe, niveau, statut…)."""
    data = _hours(run)
    run.add(rep.participants_table(data, run.config, v, _scope(run)) for v in rep.PARTICIPANT_VIEWS)


def sans_diplome(run: Run) -> None:
    run.add(rep.no_diploma_share(_hours(run), run.config, _scope(run)))


def proximite(run: Run) -> None:
    run.add(rep.near_worksite_share(_hours(run), run.config))


def precarite(run: Run) -> None:
    run.add(rep.precarious_share(_hours(run), run.config, _scope(run)))


def contrats(run: Run) -> None:
    data = _hours(run)
    run.add(rep.contracts_table(data, v) for v in rep.CONTRACT_VIEWS)


def nombres_contrats(run: Run) -> None:
    run.add(rep.contract_counts(_hours(run), run.config))


def sorties(run: Run) -> None:
    run.add(rep.exits(_hours(run), run.config, _scope(run)))


def parametres(run: Run) -> None:
    """Les paramètres du document."""
    run.params.update({"top": int(run.flags.get("top", 10)), "perimetre": _scope(run)})
    run.record(run.config.parametres, "heures_par_etp")
    run.record(
        run.config.serci,
        "tranches_age",
        "regle_sortie_positive",
        "sorties_positives",
        "sorties_abandon",
        "base_taux_sorties",
    )
