"""Options partagées par les commandes (lecture, année, sortie) et émission du document."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from gipkit import __version__, journal
from gipkit.cli.state import AppState
from gipkit.errors import ParameterError
from gipkit.io import render
from gipkit.io.reader import ReadOptions
from gipkit.results import Document

F = TypeVar("F", bound=Callable[..., Any])


def input_file(func: F) -> F:
    """Argument FICHIER et options de lecture (``--feuille``, ``--montrer-valeurs``)."""
    func = click.option(
        "--montrer-valeurs",
        is_flag=True,
        help="Recopie les valeurs fautives dans les messages d'erreur (données personnelles !).",
    )(func)
    func = click.option(
        "--feuille",
        metavar="NOM",
        help="Feuille à lire dans un classeur (par défaut : la première).",
    )(func)
    return click.argument("fichier", type=click.Path(path_type=Path))(func)


def year_option(func: F) -> F:
    """Option ``--annee`` (par défaut : la dernière année de l'export)."""
    return click.option(
        "--annee", type=int, metavar="N", help="Année N (par défaut : la plus récente de l'export)."
    )(func)


def output_options(func: F) -> F:
    """Options ``--format`` et ``--sortie``, communes à toutes les commandes de calcul."""

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(render.FORMATS),
        default="tableau",
        show_default=True,
        help="Format de sortie.",
    )
    @click.option(
        "--sortie",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Écrit le résultat dans ce fichier (obligatoire pour xlsx).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, fmt: str, sortie: Path | None, **kwargs: Any) -> Any:
        if fmt == "xlsx" and sortie is None:
            raise ParameterError("Le format xlsx demande --sortie FICHIER.xlsx.")
        result = func(*args, **kwargs)
        doc, code = result if isinstance(result, tuple) else (result, 0)
        emit(doc, fmt, sortie)
        if code:
            click.get_current_context().exit(code)

    return wrapper  # type: ignore[return-value]


def read_options(feuille: str | None, montrer_valeurs: bool) -> ReadOptions:
    """Les options de lecture à partir des options de la ligne de commande."""
    return ReadOptions(sheet=feuille, show_values=montrer_valeurs)


def state() -> AppState:
    """L'état de l'application (configuration) du contexte click courant."""
    ctx = click.get_current_context()
    obj = ctx.find_root().obj
    assert isinstance(obj, AppState)
    folder = ctx.params.get("dossier")
    obj.resolve(Path(folder) if folder is not None else None)
    return obj


def make_document(command: str, parameters: dict[str, Any], sources: Any, results: Any) -> Document:
    """Le document de résultats, avec la version de gipkit et le journal de la commande
    (année retenue, avertissements, extractions ou colonnes manquantes, configuration).

    Des fichiers qui, sans ``--annee``, ne donnent pas la même année N sont refusés :
    un document ne mélange jamais deux années en silence.
    """
    log = journal.current()
    defaulted = [c for c in log.years if c.how != "demandee"]
    if len({c.year for c in log.years}) > 1 and defaulted:
        listed = ", ".join(f"{c.source} : {c.year}" for c in log.years)
        raise ParameterError(
            "Les fichiers lus ne donnent pas la même année par défaut : précisez --annee N.",
            details=[listed],
        )
    app = click.get_current_context().find_root().obj
    configs = list(app.config_files) if isinstance(app, AppState) else []
    return Document(
        command,
        parameters,
        list(sources),
        list(results),
        version=__version__,
        years=list(log.years),
        warnings=list(log.warnings),
        missing=list(log.missing),
        config_files=configs,
        partial=log.partial,
    )


def emit(doc: Document, fmt: str, output: Path | None) -> None:
    """Rend ``doc`` sur la sortie standard ou dans ``output`` ; le bilan des sources sur stderr."""
    if fmt == "xlsx":
        assert output is not None
        render.write_xlsx(doc, output)
    else:
        if fmt == "json":
            text = doc.dumps()
        elif fmt == "csv":
            text = render.render_csv(doc)
        elif fmt == "markdown":
            text = render.render_text(doc, markdown=True)
        elif output is None and sys.stdout.isatty():
            from rich.console import Console

            render.print_rich(doc, Console())
            text = ""
        else:
            text = render.render_text(doc, markdown=False)
        if output is not None:
            encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
            output.write_text(text, encoding=encoding, newline="")
        elif fmt in ("json", "csv"):
            # données pour les machines : toujours de l'UTF-8, quel que soit l'encodage de la
            # console (Windows-1252 sous Windows quand la sortie est redirigée)
            sys.stdout.flush()
            stream = sys.stdout.buffer
            stream.write(text.encode("utf-8"))
            stream.flush()
        elif text:
            click.echo(text, nl=False)
    if fmt != "json":
        click.echo(render.sources_text(doc), err=True)
    for line in journal_lines(doc):
        click.echo(line, err=True)


def journal_lines(doc: Document) -> list[str]:
    """Ce que la commande a décidé pour l'utilisateur, à dire sur la sortie d'erreur."""
    log = journal.Journal(list(doc.warnings), list(doc.years), list(doc.missing))
    return log.stderr_lines()
