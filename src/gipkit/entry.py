"""Point d'entrée de la commande installée ``gipkit`` (``[project.scripts]``).

Le script que pip écrit pour la commande importe ce module dès sa première ligne. Or
les processus qui dessinent les graphiques d'un rapport (lancés par « spawn »,
:mod:`gipkit.io.charts`) réexécutent ce script, sous le nom ``__mp_main__``, avant de
dessiner : s'il importait l'interface (click, polars, tout :mod:`gipkit.cli`), chacun
chargerait polars pour rien (~0,2 s et ~50 Mo de plus par processus, mesurés dans
docs/performance-journal.md). L'interface n'est donc importée qu'à l'appel de
:func:`main`, que seul le processus de la commande fait.
"""

from __future__ import annotations


def main(argv: list[str] | None = None) -> None:
    """Lance la commande ``gipkit`` (:func:`gipkit.cli.main`) ; termine le processus."""
    from gipkit.cli import main as run

    run(argv)
