"""La commande ``tout`` de chaque structure, engendrée de sa déclaration (:mod:`gipkit.chapters`).

Ses options d'extraction (``--jeunes``, ``--situations``…), leur aide (le logiciel d'où
vient chacune), l'argument FICHIER (la première extraction déclarée), ``--dossier``, ce
qui manque et le message quand rien n'est calculable viennent de la déclaration ; ses
calculs sont les ``Step`` de la structure (:func:`gipkit.steps.run_steps`). Une structure
n'y ajoute que ses options propres (``--perimetre``, ``--cle``…), que ses calculs
trouvent dans ``Run.flags``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from gipkit.chapters import STRUCTURES
from gipkit.cli.extracts import Decorator, completeness, optional, partial_option
from gipkit.cli.options import (
    make_document,
    one_read,
    output_options,
    read_options,
    reading_options,
    state,
    year_option,
)
from gipkit.errors import ParameterError
from gipkit.results import Document

#: les extractions à ne pas chercher dans le dossier, selon les options données
NotLooked = Callable[[Mapping[str, Path | None], Mapping[str, Any]], Iterable[str]]


def _dest(name: str) -> str:
    return f"extraction_{name}"


def tout_command(
    key: str,
    help_text: str,
    options: Sequence[Decorator] = (),
    *,
    not_looked: NotLooked | None = None,
) -> click.Command:
    """La commande ``gipkit KEY tout`` ; ``options`` : les options propres à la structure ;
    ``not_looked`` : les extractions qu'une option rend inutiles (un nombre saisi à la
    place d'une extraction), à ne pas prendre dans le dossier."""
    structure = STRUCTURES[key]
    names = [e.name for e in structure.extractions]
    main = names[0]

    def tout(
        fichier: Path | None,
        dossier: Path | None,
        annee: int | None,
        partiel: bool,
        **kwargs: Any,
    ) -> tuple[Document, int]:
        from gipkit.steps import Run, run_steps

        structure = STRUCTURES[key]  # au moment de l'appel : la déclaration fait foi
        given: dict[str, Path | None] = {name: kwargs.pop(_dest(name)) for name in names}
        if fichier is not None:
            if given[main] is not None:
                raise ParameterError(
                    f"Donnez le fichier en argument ou par --{main}, pas les deux."
                )
            given[main] = fichier
        skipped = set(not_looked(given, kwargs)) if not_looked is not None else set()
        paths = {
            name: path if name in skipped else optional(name, path, dossier)
            for name, path in given.items()
        }
        run = run_steps(
            structure, Run(paths, state().config, read_options(), dict(kwargs), year=annee)
        )
        if not run.results:
            wanted = ", ".join(
                " et ".join(f"--{n}" for n in needs) for needs in structure.smallest_inputs()
            )
            raise ParameterError(
                f"Aucun indicateur calculable avec les extractions données. Donnez au moins l'une "
                f"de : "
                f"{wanted} (ou --dossier, qui les contient sous leurs noms conventionnels)."
            )
        code = completeness(
            paths,
            structure.feeds(),
            (r.id for r in run.results),
            structure.result_ids(),
            partial=partiel,
        )
        params = {"annee": run.year, **run.params}
        return make_document(f"{key} tout", params, run.sources, run.results), code

    command: Any = one_read(tout)
    command = output_options(command)
    for option in reversed(options):
        command = option(command)
    command = reading_options()(command)
    command = partial_option(command)
    command = year_option(command)
    command = click.option(
        "--dossier",
        type=click.Path(path_type=Path, file_okay=False),
        help="Dossier contenant les extractions sous leurs noms conventionnels "
        f"({', '.join(names)} : .csv, .xlsx, .ods…).",
    )(command)
    for extraction in reversed(structure.extractions):
        command = click.option(
            f"--{extraction.name}",
            _dest(extraction.name),
            type=click.Path(path_type=Path),
            help=f"{extraction.origin[:1].upper()}{extraction.origin[1:]}.",
        )(command)
    command = click.argument("fichier", type=click.Path(path_type=Path), required=False)(command)
    where = (
        f"\n\nFICHIER : l'extraction « {main} » (comme --{main}). Sans chemin, dans un dossier "
        f"d'exercice (gipkit init), chaque extraction est prise dans son sous-dossier {key}/."
    )
    return click.command("tout", help=help_text.rstrip() + where)(command)
