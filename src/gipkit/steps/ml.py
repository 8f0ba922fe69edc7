"""Les calculs du chapitre Mission Locale (déclarés dans ``gipkit.chapters.ML_STEPS``).

Chaque extraction a son chargeur, appelé par le premier calcul qui en a besoin et gardé
pour les suivants : l'activité (jeunes et événements ensemble : les venues de l'année),
les dispositifs, les demandes, les propositions et les situations. Dans ``tout``, les
colonnes des jeunes que d'autres calculs lisent (âge, sexe, niveau, ville) viennent de la
même lecture (``one_read_per_file``).
"""

from __future__ import annotations

from dataclasses import asdict

import polars as pl

from gipkit.io.exports.ml import ML_PROPOSALS, ML_REQUESTS
from gipkit.reports import ml as rep
from gipkit.reports import ml_collectif, ml_emploi, ml_obligation, ml_territoire
from gipkit.steps import Run


def _activity(run: Run) -> rep.Activity:
    """Jeunes et événements : les venues, le profil."""

    def load() -> rep.Activity:
        data = rep.load_activity(
            run.path("jeunes"), run.path("evenements"), run.config, run.options, year=run.year
        )
        run.add(sources=data.sources, year=data.year)
        return data

    return run.shared("activite", load)


def _programmes(run: Run) -> rep.Programmes:
    def load() -> rep.Programmes:
        data = rep.load_programmes(
            run.path("dispositifs"), run.optional("jeunes"), run.config, run.options, year=run.year
        )
        run.add(sources=data.sources, year=data.year)
        return data

    return run.shared("dispositifs", load)


def _dated(run: Run, name: str) -> rep.Dated:
    """Les demandes ou les propositions."""

    def load() -> rep.Dated:
        schema = ML_REQUESTS if name == "demandes" else ML_PROPOSALS
        columns = rep.PROPOSAL_COLUMNS if name == "propositions" else ()
        data = rep.load_dated(
            run.path(name), schema, run.config, run.options, year=run.year, columns=columns
        )
        run.add(sources=[data.source], year=data.year)
        return data

    return run.shared(name, load, taken=[name])


def _situations(run: Run) -> rep.Situations:
    """Les situations ; les colonnes de l'emploi (employeur, secteur, métier…) seulement si
    l'emploi est calculé (le territoire ne compte que les contrats par type)."""

    def load() -> rep.Situations:
        wide = run.plans("emploi")
        data = rep.load(
            run.path("situations"),
            run.config,
            run.options,
            year=run.year,
            columns=rep.EMPLOYMENT_COLUMNS if wide else rep.SITUATION_COLUMNS,
        )
        run.add(sources=[data.source], year=data.year)
        return data

    return run.shared("situations", load)


def _youths(run: Run, columns: list[str]) -> pl.DataFrame | None:
    """Des colonnes de l'extraction des jeunes, si elle est là."""
    path = run.optional("jeunes")
    if path is None:
        return None
    frame, source = rep.load_youths(path, columns, run.config, run.options)
    run.add_sources([source])
    return frame


def activite(run: Run) -> None:
    """Jeunes accompagnés, premiers accueils, profil."""
    run.add(rep.activity(_activity(run), run.config))
    run.record(
        run.config.ml, "accompagnement_evenements", "accompagnement_statuts", "bac_non_valide"
    )


def dispositifs(run: Run) -> None:
    """PACEA, CEJ : entrées, jeunes accompagnés, sorties."""
    run.add(rep.programmes(_programmes(run), run.config))
    run.params["cej_sorties_positives"] = run.config.ml.cej_sorties_positives
    run.record(run.config.ml, "annee_allocations")


def modalites(run: Run) -> None:
    """Modalités d'accompagnement : les dispositifs, s'ils sont là, complètent la règle."""
    frame = _programmes(run).frame if run.has("dispositifs") else None
    run.add(rep.modalities(_activity(run), frame, run.config))


def demandes(run: Run) -> None:
    """Demandes par thème, N-1 et N."""
    run.add(rep.requests(_dated(run, "demandes")))


def propositions(run: Run) -> None:
    """Propositions par thème : jeunes, propositions, prescriptions, entrées."""
    run.add(rep.proposals(_dated(run, "propositions")))


def demandes_par_age(run: Run) -> None:
    """Sans date de naissance, le tableau est retiré et le manque dit (ExportSchema.needs)."""
    ages = _youths(run, ["date_naissance"])
    assert ages is not None
    run.add(rep.requests_by_age(_dated(run, "demandes"), ages))


def sante(run: Run) -> None:
    """Propositions de santé par partenaire ; la part des femmes avec les jeunes."""
    run.add(rep.health_partners(_dated(run, "propositions"), _youths(run, ["sexe"])))


def situations(run: Run) -> None:
    """Situations par nature, emplois durables."""
    run.add(rep.situations(_situations(run), run.config))
    run.record(
        run.config.ml, "emploi_durable_toujours", "emploi_durable_si_duree", "duree_durable_mois"
    )


def demandes_situations(run: Run) -> None:
    """Évolution des demandes et des situations de même thème."""
    run.add(rep.requests_vs_situations(_dated(run, "demandes"), _situations(run)))


def emploi(run: Run) -> None:
    """Contrats, recruteurs, secteurs, métiers ; âge, sexe, niveau avec les jeunes."""
    jobs = _situations(run)
    youths = _youths(run, ["sexe", "date_naissance", "niveau", "ville"])
    run.add(ml_emploi.employment(jobs, youths, run.config))
    run.record(run.config.ml, "classements_taille", "recruteurs_min_contrats", "secteurs_tete")


def territoire(run: Run) -> None:
    """Par commune et quartier ; contrats avec les situations."""
    activity = _activity(run)
    jobs = _situations(run) if run.has("situations") else None
    run.add(ml_territoire.territory(activity, run.config, jobs))
    groups = run.config.ml.level_groups()
    run.params["groupes_niveaux"] = [asdict(g) for g in groups]
    run.record(run.config.ml, "bac_non_valide", "contrats_cdi", "contrats_cdd")


def obligation_formation(run: Run) -> None:
    """Obligation de formation des 16-18 ans."""
    data = ml_obligation.load_obligation(
        run.path("jeunes"),
        run.path("evenements"),
        run.optional("situations"),
        run.optional("dispositifs"),
        run.config,
        run.options,
        year=run.year,
    )
    run.add(ml_obligation.obligation(data), data.sources, year=data.year)
    run.record(
        run.config.ml,
        "contact_statuts",
        "of_accompagnement_evenements",
        "of_solutions_situations",
        "of_solutions_dispositifs",
    )


def ateliers(run: Run) -> None:
    """Ateliers et événements emploi : séances, inscrits, présence."""
    data = ml_collectif.load_collective(
        run.path("evenements"), run.config, run.options, year=run.year
    )
    run.add(ml_collectif.collective(data, run.config), [data.source], year=data.year)
    run.record(run.config.ml, "ateliers_themes", "ateliers_semaines_min", "inscription_statuts")
