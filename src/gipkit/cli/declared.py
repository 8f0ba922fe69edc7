"""Les commandes de calcul de chaque structure, engendrées de sa déclaration
(:mod:`gipkit.chapters`).

Pour une commande (``tout`` ou une de celles que déclare la structure), la déclaration
donne : ses calculs (``Step``), donc ses extractions — obligatoires (celles du premier
calcul ; aucune pour ``tout``) et facultatives —, l'argument FICHIER (la première
extraction), une option ``--NOM`` par extraction avec le logiciel d'où elle vient,
``--dossier``, ce qui manque (``tout`` : code 3 sauf ``--partiel``) et le message quand
rien n'est calculable. Les calculs sont faits par :func:`gipkit.steps.run_steps`. Une
structure n'y ajoute que l'aide de la commande et ses options propres (``--perimetre``,
``--cle``…), que ses calculs trouvent dans ``Run.flags``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from gipkit import journal
from gipkit.chapters import STRUCTURES, Structure
from gipkit.cli.extracts import (
    Decorator,
    completeness,
    exercise_folder,
    optional,
    partial_option,
    required,
)
from gipkit.cli.options import (
    main_from_exercise,
    make_document,
    one_read,
    output_options,
    read_options,
    reading_options,
    state,
    year_option,
)
from gipkit.errors import InputUnreadableError, ParameterError
from gipkit.results import Document

if TYPE_CHECKING:
    from gipkit.steps import Run

#: les extractions à ne pas chercher dans le dossier, selon les options données
NotLooked = Callable[[Mapping[str, Path | None], Mapping[str, Any]], Iterable[str]]


def _dest(name: str) -> str:
    return f"extraction_{name}"


def _say_skipped(structure: Structure, run: Run, replaced: set[str]) -> None:
    """Un calcul prévu par la commande et non fait, faute d'une extraction facultative,
    est dit (sortie d'erreur et JSON), sauf si une option la remplace (un nombre saisi)."""
    for key in run.plan:
        step = structure.step(key)
        absent = [n for n in step.needs if run.optional(n) is None]
        if absent and not set(absent) & replaced:
            options = ", ".join(f"--{n}" for n in absent)
            journal.current().warn(
                f"calcul « {step.key} » non fait : extraction {', '.join(absent)} absente "
                f"(donnez {options}, ou --dossier)"
            )


def declared_command(
    key: str,
    name: str,
    help_text: str,
    options: Sequence[Decorator] = (),
    *,
    not_looked: NotLooked | None = None,
) -> click.Command:
    """La commande ``gipkit KEY NAME`` ; ``options`` : ses options propres ;
    ``not_looked`` : les extractions qu'une option rend inutiles (un nombre saisi à la
    place d'une extraction), à ne pas prendre dans le dossier."""
    declared = STRUCTURES[key]
    needed, others = declared.inputs_of(name)
    names = [*needed, *others]
    main = names[0]
    everything = name == "tout"

    def command(
        fichier: Path | None,
        dossier: Path | None,
        annee: int | None,
        **kwargs: Any,
    ) -> tuple[Document, int]:
        from gipkit.steps import Run, run_steps

        structure = STRUCTURES[key]  # au moment de l'appel : la déclaration fait foi
        partial = bool(kwargs.pop("partiel", False))
        given: dict[str, Path | None] = {n: kwargs.pop(_dest(n)) for n in names}
        if fichier is not None:
            if given[main] is not None:
                raise ParameterError(
                    f"Donnez le fichier en argument ou par --{main}, pas les deux."
                )
            given[main] = fichier
        skipped = set(not_looked(given, kwargs)) if not_looked is not None else set()
        beside = not everything and structure.command(name).beside
        main_path = given[main]
        near = main_path.parent if beside and main_path is not None else None
        paths: dict[str, Path | None] = {}
        for extraction, path in given.items():
            if extraction == main and path is None and dossier is None and not everything:
                paths[extraction] = main_from_exercise(main)  # l'argument FICHIER manque
            elif extraction in needed:
                paths[extraction] = required(extraction, path, dossier)
            elif extraction in skipped:
                paths[extraction] = path
            else:
                paths[extraction] = optional(extraction, path, dossier or near)
        run = Run(paths, state().config, read_options(), dict(kwargs), year=annee)
        run_steps(structure, run, name)
        if not everything:  # tout : les manques sont listés avec leurs indicateurs
            _say_skipped(structure, run, set(skipped))
        if not run.results:
            searched = dossier if dossier is not None else exercise_folder()
            if searched is not None and not any(paths.values()):
                conventional = ", ".join(f"{n}.csv" for n in names)
                raise InputUnreadableError(
                    f"Aucune extraction trouvée dans {searched} : gipkit y cherche "
                    f"{conventional} (ou .xlsx, .ods… ; le nom peut être suivi d'une date : "
                    f"{names[0]}-2025.csv).",
                    details=["déposez-y les extractions sous ces noms, ou renommez-les"],
                )
            wanted = ", ".join(
                " et ".join(f"--{n}" for n in needs) for needs in structure.smallest_inputs()
            )
            raise ParameterError(
                f"Aucun indicateur calculable avec les extractions données. Donnez au moins l'une "
                f"de : {wanted} (ou --dossier, qui les contient sous leurs noms conventionnels). "
                f"L'argument FICHIER est l'extraction « {main} »."
            )
        code = 0
        if everything:
            code = completeness(
                paths,
                structure.feeds(),
                (r.id for r in run.results),
                structure.result_ids(),
                partial=partial,
            )
        params = {"annee": run.year, **run.params}
        return make_document(f"{key} {name}", params, run.sources, run.results), code

    # tout : chaque fichier lu une fois pour tous ses calculs, avec toutes les colonnes
    # de son format ; les autres commandes ne lisent que les colonnes de leurs calculs
    # (mesuré : serci heures --par-maitre-ouvrage 2,4 fois plus lent, ml
    # obligation-formation 1,5 fois, s'ils typaient tout)
    out: Any = one_read(command) if everything else command
    out = output_options(out)
    for option in reversed(options):
        out = option(out)
    out = reading_options()(out)
    if everything:
        out = partial_option(out)
    out = year_option(out)
    files = ", ".join(names)
    out = click.option(
        "--dossier",
        type=click.Path(path_type=Path, file_okay=False),
        help=f"Dossier contenant les extractions sous leurs noms conventionnels ({files} : "
        ".csv, .xlsx, .ods…).",
    )(out)
    origins = {e.name: e.origin for e in declared.extractions}
    for extraction in reversed(names):
        origin = origins[extraction]
        what = "" if extraction in needed or everything else " Facultative."
        out = click.option(
            f"--{extraction}",
            _dest(extraction),
            type=click.Path(path_type=Path),
            help=f"{origin[:1].upper()}{origin[1:]}.{what}",
        )(out)
    out = click.argument("fichier", type=click.Path(path_type=Path), required=False)(out)
    where = (
        f"\n\nFICHIER : l'extraction « {main} » (comme --{main}). Sans chemin, dans un dossier "
        f"d'exercice (gipkit init), chaque extraction est prise dans son sous-dossier {key}/."
    )
    return click.command(name, help=help_text.rstrip() + where)(out)
