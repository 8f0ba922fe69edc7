"""Les calculs du chapitre CLLAJ (déclarés dans ``gipkit.chapters.CLLAJ_STEPS``).

L'extraction des jeunes a deux chargeurs : les ressources (une ligne par jeune, seuil de
pauvreté) et l'activité (avec les demandes, propositions, relogements et entretiens de
l'année) ; dans ``tout``, ils se partagent un seul passage sur le fichier
(``one_read_per_file``). Un fichier lu par les deux n'a qu'un bilan (``Run.add_sources``).
"""

from __future__ import annotations

from gipkit.reports import cllaj as rep
from gipkit.reports import cllaj_activite as act
from gipkit.reports import cllaj_atelier, cllaj_lrj, cllaj_profil
from gipkit.steps import Run

DATED = ("demandes", "propositions", "relogements", "entretiens")


def _youths(run: Run) -> rep.Youths:
    """Les jeunes et leurs ressources (``--ressources-absentes-nulles``)."""

    def load() -> rep.Youths:
        seen = rep.interviewed(run.config, run.optional("entretiens"), run.options)
        data = rep.load(
            run.path("jeunes"),
            run.config,
            run.options,
            year=run.year,
            missing_as_zero=bool(run.flags.get("ressources_absentes_nulles", False)),
            seen=seen[0] if seen else None,
        )
        run.add(sources=[data.source, *([seen[1]] if seen else [])], year=data.year)
        return data

    return run.shared("jeunes", load)


def _activity(run: Run) -> act.Activity:
    def load() -> act.Activity:
        paths = {name: run.optional(name) for name in DATED}
        data = act.load_activity(
            run.path("jeunes"),
            paths,
            run.config,
            run.options,
            year=run.year,
            # chaque extraction datée oubliée dès que l'activité en a gardé sa part, si
            # aucun calcul restant ne la lit autrement
            release=run.release_read,
        )
        run.add(sources=data.sources, year=data.year)
        return data

    # l'activité garde des jeunes ce qu'en lisent les calculs qui la déclarent
    return run.shared("activite", load, taken=(*DATED, "jeunes"))


def ressources(run: Run) -> None:
    """Seuil de pauvreté, tranches de revenus, loyer d'un studio."""
    data = _youths(run)
    run.add(rep.resources(data, run.config))
    run.params["seuil_pauvrete"] = rep.threshold_of(run.config, data.year)[0]
    run.record(
        run.config.cllaj,
        "pauvrete",
        "loyer_studio",
        "multiple_loyer",
        "tranches_revenus",
        "jeune_accompagne",
    )


def activite(run: Run) -> None:
    """Nouveaux jeunes, demandes, propositions, dossiers, entretiens, relogements."""
    run.add(act.activity(_activity(run), run.config))
    run.record(run.config.cllaj, "duree_entretien_minutes", "jeune_accompagne")


def profil(run: Run) -> None:
    """Profil des nouveaux jeunes, des accompagnés et des demandeurs par type."""
    run.add(cllaj_profil.profile(_activity(run), run.config))
    run.record(run.config.cllaj, "tranches_age", "jeune_accompagne", "profil_demandeurs")


def ressources_par_demande(run: Run) -> None:
    """Part des demandes faites par des jeunes sous le seuil, par type de demande."""
    run.add(act.poverty_by_request(_activity(run), run.config))


def lrj(run: Run) -> None:
    """Logement Relais Jeunes."""
    data = cllaj_lrj.load_lrj(run.path("lrj"), run.config, run.options, year=run.year)
    run.add(cllaj_lrj.lrj(data, run.config), [data.source], year=data.year)
    run.params["lrj_places"] = run.config.cllaj.lrj_places


def atelier(run: Run) -> None:
    """Atelier logement : participations, jeunes, jeunes des QPV, par quartier."""
    data = cllaj_atelier.load(run.path("ateliers"), run.config, run.options, year=run.year)
    run.add(cllaj_atelier.workshops(data, run.config), [data.source], year=data.year)


def parametres(run: Run) -> None:
    """Le réglage des ressources non renseignées (``--ressources-absentes-nulles``)."""
    run.params["ressources_absentes_nulles"] = bool(
        run.flags.get("ressources_absentes_nulles", False)
    )
