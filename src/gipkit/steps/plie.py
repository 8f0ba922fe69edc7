"""Les calculs du chapitre PLIE (déclarés dans ``gipkit.chapters.PLIE_STEPS``).

Les candidatures (les emplois de l'inclusion) sont lues les premières quand elles sont
là : un export aux courriels masqués change la clé de la jointure avec les participants,
et elles donnent l'année N. Seule l'histoire du PLIE depuis sa création, qui ne dépend
ni de l'une ni de l'autre, se calcule avant, dans un ``tout`` : pendant que le classeur
des candidatures se lit encore (``plie tout`` à 750 fois les fixtures : −0,3 s en
médiane de treize lancements alternés, +15 à +30 Mo).
"""

from __future__ import annotations

from gipkit import journal
from gipkit.io.reader import reads_shared
from gipkit.reports import plie as rep
from gipkit.reports import plie_attente
from gipkit.reports import plie_parcours as parcours
from gipkit.steps import Run


def _applications(run: Run) -> rep.PlieApplications:
    """Les candidatures, avec la clé de jointure qu'elles permettent (``--cle``, ou le
    repli quand l'export est masqué)."""

    def load() -> rep.PlieApplications:
        data = rep.load(
            run.path("candidatures"),
            run.config,
            run.options,
            year=run.year,
            key=str(run.flags.get("cle", "email")),
        )
        run.year = data.year
        run.params["cle"] = data.key  # la clé de la jointure (repli si l'export est masqué)
        return data

    return run.shared("candidatures", load, taken=["candidatures"])


def _people(run: Run) -> parcours.Participants:
    def load() -> parcours.Participants:
        # l'histoire depuis la création ne sert qu'aux tableaux des participants
        with_history = run.plans("participants")
        ahead = None
        # ce que la lecture des parcours a à dire l'est après les candidatures, comme si
        # elle se faisait alors
        said = journal.Journal()
        if with_history and run.has("candidatures") and reads_shared():
            # elle ne dépend ni de N ni de la clé, que donnent les candidatures : calculée
            # pendant que leur classeur se lit encore
            with journal.opened(said):
                ahead = parcours.history_ahead(run.path("participants"), run.config, run.options)
        key = _applications(run).key if run.has("candidatures") else None
        journal.current().merge(said)
        data = parcours.load_participants(
            run.path("participants"),
            run.config,
            run.options,
            year=run.year,
            key=key,
            with_history=with_history,
            ahead=ahead,
        )
        run.add(sources=[data.source], year=data.year)
        return data

    return run.shared("participants", load, taken=["participants"])


def participants(run: Run) -> None:
    """Participants, parcours, sorties, profil, métiers (``--file-attente`` : la file
    d'attente saisie)."""
    run.add(
        parcours.participants(
            _people(run),
            run.config,
            waiting=run.flags.get("file_attente"),
            exits_only=run.flags.get("duree_sur", "sorties") == "sorties",
        )
    )


def attente(run: Run) -> None:
    """La liste d'attente, de l'extraction des pré-inscriptions."""
    _people(run)
    data = plie_attente.load(run.path("preinscriptions"), run.config, run.options, year=run.year)
    run.add(plie_attente.waiting_list(data, run.config), [data.source])


def siae(run: Run) -> None:
    """Étapes en SIAE (``--sans-en-cours`` : candidatures à l'étude hors du dénominateur)."""
    data = _applications(run)
    results = rep.siae(
        data,
        include_pending=not run.flags.get("sans_en_cours", False),
        base=run.config.plie.base_recrutements,
    )
    run.add(results, [data.source])


def profil_siae(run: Run) -> None:
    """Profil des personnes passées en SIAE (jointure des deux exports)."""
    run.add(parcours.siae_profile(_applications(run), _people(run), run.config))


def parametres(run: Run) -> None:
    """Les paramètres des calculs faits (participants, SIAE)."""
    settings = run.config.plie
    if run.has("participants") and run.plans("participants"):
        run.record(settings, "capacite_par_referent", "postes_referents", "sorties_positives")
        run.params["duree_sur"] = run.flags.get("duree_sur", "sorties")
    if run.has("candidatures") and run.plans("siae"):
        run.params.setdefault("cle", run.flags.get("cle", "email"))
        run.params["candidatures_a_l_etude"] = not run.flags.get("sans_en_cours", False)
        run.record(settings, "base_recrutements")
