"""Options partagées par les commandes (lecture, année, sortie) et émission du document."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from gipkit import __version__, journal
from gipkit.chapters import STRUCTURES, in_report_order
from gipkit.cli.state import AppState
from gipkit.coverage import cut_short
from gipkit.errors import InputUnreadableError, OutputError, ParameterError, os_reason
from gipkit.io import render
from gipkit.io.reader import one_read_per_file
from gipkit.io.source import ReadOptions
from gipkit.needs import drop_unmet
from gipkit.results import Document

F = TypeVar("F", bound=Callable[..., Any])


def main_from_exercise(name: str) -> Path:
    """L'extraction principale d'une commande lancée sans chemin : celle du dossier
    d'exercice, sinon une erreur qui dit comment la donner."""
    from gipkit.cli.extracts import exercise_folder, find

    folder = exercise_folder()
    found = find(name, folder) if folder is not None else None
    if found is None:
        where = f" dans {folder}" if folder is not None else ""
        raise InputUnreadableError(
            f"Fichier de l'extraction « {name} » manquant{where}.",
            details=[
                "donnez-le en argument, ou lancez la commande dans un dossier d'exercice "
                f"(gipkit init) qui le contient sous le nom {name}.csv ou {name}.xlsx"
            ],
        )
    return found


def year_option(func: F) -> F:
    """Option ``--annee`` (par défaut : la plus récente année terminée de l'export)."""
    return click.option(
        "--annee",
        type=int,
        metavar="N",
        help="Année N (par défaut : la plus récente année terminée présente dans l'export).",
    )(func)


#: clé de ``click.Context.meta`` : la commande rend son document au lieu de l'écrire
COLLECT = "gipkit.collecter"

#: format déduit de l'extension de ``--sortie``
FORMAT_OF_SUFFIX = {
    ".xlsx": "xlsx",
    ".docx": "docx",
    ".csv": "csv",
    ".json": "json",
    ".md": "markdown",
    ".txt": "tableau",
}


def output_format(fmt: str | None, output: Path | None) -> str:
    """Le format de sortie : ``--format``, sinon l'extension de ``--sortie``, sinon le
    tableau ; une contradiction entre les deux est une erreur.

    >>> output_format(None, Path("r.xlsx")), output_format("json", None), output_format(None, None)
    ('xlsx', 'json', 'tableau')
    """
    implied = FORMAT_OF_SUFFIX.get(output.suffix.lower()) if output is not None else None
    if fmt is None:
        if output is not None and implied is None:
            raise ParameterError(
                f"--sortie {output} : extension inconnue ; précisez --format "
                f"({', '.join(render.FORMATS)}) ou prenez .xlsx, .docx, .csv, .json, .md, .txt."
            )
        return implied or "tableau"
    if implied is not None and implied != fmt:
        raise ParameterError(
            f"--format {fmt} contredit l'extension de --sortie {output} ({implied})."
        )
    if fmt in ("xlsx", "docx") and output is None:
        raise ParameterError(f"Le format {fmt} demande --sortie FICHIER.{fmt}.")
    return fmt


def one_read(func: F) -> F:
    """Les commandes qui regroupent plusieurs résultats (``tout``, et donc ``rapport``) :
    chaque fichier n'y est lu qu'une fois (``one_read_per_file``)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with one_read_per_file():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def output_options(func: F) -> F:
    """Options ``--format``, ``--sortie`` et ``--bom``, communes à toutes les commandes de
    calcul."""

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(render.FORMATS),
        default=None,
        help="Format de sortie (par défaut : celui de l'extension de --sortie, sinon tableau).",
    )
    @click.option(
        "--sortie",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Écrit le résultat dans ce fichier, de façon atomique (obligatoire pour xlsx "
        "et docx) ; préférable à « > » sous PowerShell, qui réencode la sortie.",
    )
    @click.option(
        "--secret-statistique",
        "secret",
        is_flag=True,
        help="Masque (« s ») les cases de moins de --seuil-secret personnes et celles qui "
        "permettraient de les recalculer, pour publier (voir docs/secret-statistique.md).",
    )
    @click.option(
        "--seuil-secret",
        type=click.IntRange(1, 1000),
        metavar="N",
        help="Seuil du secret statistique (défaut : 11, ou publication.seuil_secret).",
    )
    @click.option(
        "--bom",
        is_flag=True,
        help="CSV sur la sortie standard précédé du BOM UTF-8, pour qu'Excel l'ouvre bien "
        "(un fichier --sortie .csv l'a toujours).",
    )
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        fmt: str | None,
        sortie: Path | None,
        bom: bool,
        secret: bool,
        seuil_secret: int | None,
        **kwargs: Any,
    ) -> Any:
        fmt = output_format(fmt, sortie)
        threshold = _secrecy(secret, seuil_secret)
        result = func(*args, **kwargs)
        doc, code = result if isinstance(result, tuple) else (result, 0)
        if threshold is not None:
            from gipkit.secrecy import protect_document

            doc = protect_document(doc, threshold)
        ctx = click.get_current_context()
        if ctx.meta.get(COLLECT):
            # appelée par gipkit rapport : le document est rendu par le rapport
            return doc, code
        emit(doc, fmt, sortie, bom=bom)
        if code:
            ctx.exit(code)
        return None

    return wrapper  # type: ignore[return-value]


def _secrecy(flag: bool, threshold: int | None) -> int | None:
    """Le seuil du secret statistique si la commande doit protéger son document, sinon
    ``None``. Protéger relève aussi le seuil au-dessous duquel un employeur n'est pas
    nommé (``ml.recruteurs_min_contrats``)."""
    app = state()
    settings = app.config.publication
    if not (flag or settings.secret_statistique):
        if threshold is not None:
            raise ParameterError("--seuil-secret ne sert qu'avec --secret-statistique.")
        return None
    value = threshold or settings.seuil_secret
    ml = app.config.ml
    if ml.recruteurs_min_contrats < value:
        app.override(replace(app.config, ml=replace(ml, recruteurs_min_contrats=value)))
    return value


READING_META = "gipkit.lecture"


def reading_options(*, sheet: bool = True) -> Callable[[F], F]:
    """``--feuille`` (si ``sheet``) et ``--montrer-valeurs`` pour une commande qui lit
    plusieurs extractions : les valeurs valent pour chacune, et :func:`read_options` les
    prend d'elles-mêmes."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            meta = click.get_current_context().meta
            meta[READING_META] = {
                "feuille": kwargs.pop("lecture_feuille", None),
                "montrer_valeurs": kwargs.pop("lecture_montrer_valeurs", False),
            }
            return func(*args, **kwargs)

        out: Any = click.option(
            "--montrer-valeurs",
            "lecture_montrer_valeurs",
            is_flag=True,
            help="Recopie les valeurs fautives dans les messages d'erreur "
            "(données personnelles !).",
        )(wrapper)
        if sheet:
            out = click.option(
                "--feuille",
                "lecture_feuille",
                metavar="NOM",
                help="Feuille à lire dans chaque classeur : nom ou numéro (défaut : la première).",
            )(out)
        result: F = out
        return result

    return decorate


def read_options(feuille: str | None = None, montrer_valeurs: bool = False) -> ReadOptions:
    """Les options de lecture à partir des options de la ligne de commande (celles de
    :func:`reading_options` comprises, et ``--ecarter-invalides``, option générale)."""
    ctx = click.get_current_context()
    meta = ctx.meta.get(READING_META, {})
    obj = ctx.find_root().obj
    skip = isinstance(obj, AppState) and obj.skip_invalid
    return ReadOptions(
        sheet=feuille or meta.get("feuille"),
        show_values=montrer_valeurs or bool(meta.get("montrer_valeurs")),
        skip_invalid=skip,
    )


def state() -> AppState:
    """L'état de l'application (configuration) du contexte click courant."""
    ctx = click.get_current_context()
    obj = ctx.find_root().obj
    assert isinstance(obj, AppState)
    folder = ctx.params.get("dossier") or ctx.params.get("dossier_principal")
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
    sources = list(sources)
    for said in cut_short(sources, log.years, journal.today()):
        log.warn(said)
    kept, lacking, blanked = drop_unmet(list(results), sources)
    for item in lacking:
        log.lack(item)
    for said in blanked:
        log.warn(said)
    structure, _, name = command.partition(" ")
    if name == "tout" and structure in STRUCTURES:
        kept = in_report_order(structure, kept)  # l'ordre des sections déclarées
    return Document(
        command,
        parameters,
        sources,
        kept,
        version=__version__,
        years=list(log.years),
        warnings=list(log.warnings),
        missing=list(log.missing),
        config_files=configs,
        partial=log.partial,
    )


def emit(doc: Document, fmt: str, output: Path | None, *, bom: bool = False) -> None:
    """Rend ``doc`` sur la sortie standard ou dans ``output`` ; le bilan des sources et le
    journal sur stderr."""
    if output is not None:
        _refuse_input_as_output(doc, output)
    if fmt == "xlsx":
        assert output is not None
        with atomic_output(output) as tmp:
            render.write_xlsx(doc, tmp)
    elif fmt == "docx":
        from gipkit.io.report import single_report
        from gipkit.io.word import write_docx

        assert output is not None
        with atomic_output(output) as tmp:
            write_docx(single_report(doc), tmp)
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
            with atomic_output(output) as tmp:
                tmp.write_text(text, encoding=encoding, newline="")
        elif fmt in ("json", "csv"):
            # données pour les machines : toujours de l'UTF-8, quel que soit l'encodage de la
            # console (Windows-1252 sous Windows quand la sortie est redirigée)
            sys.stdout.flush()
            stream = sys.stdout.buffer
            stream.write(text.encode("utf-8-sig" if bom and fmt == "csv" else "utf-8"))
            stream.flush()
        elif text:
            click.echo(text, nl=False)
    if fmt != "json":
        click.echo(render.sources_text(doc), err=True)
    for line in journal_lines(doc):
        click.echo(line, err=True)


def _refuse_input_as_output(doc: Document, output: Path) -> None:
    """``--sortie`` ne peut pas écraser un des fichiers lus."""
    target = output.resolve()
    for source in doc.sources:
        if Path(source.path).resolve() == target:
            raise ParameterError(
                f"--sortie {output} est un des fichiers lus : choisissez un autre nom "
                "(l'export serait écrasé)."
            )
    app = click.get_current_context().find_root().obj
    if isinstance(app, AppState) and any(Path(p).resolve() == target for p, _ in app.config_files):
        raise ParameterError(f"--sortie {output} est le fichier de configuration lu.")


@contextlib.contextmanager
def atomic_output(output: Path) -> Iterator[Path]:
    """Un fichier temporaire dans le dossier de ``output``, renommé en ``output`` une fois
    écrit : une erreur ne laisse jamais un fichier à moitié écrit. Les erreurs d'écriture
    (dossier absent, fichier ouvert dans Excel, droits) deviennent des :class:`OutputError`
    (code 73)."""
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(
            f"--sortie {output} : le dossier {folder} n'existe pas.",
            details=["créez-le d'abord, ou choisissez un autre chemin"],
        )
    try:
        fd, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"--sortie {output} : impossible d'écrire dans {folder} ({os_reason(exc)})."
        ) from None
    os.close(fd)
    tmp = Path(name)
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o666 & ~umask)  # les droits d'un fichier créé normalement, pas ceux de mkstemp
    try:
        yield tmp
        os.replace(tmp, output)
    except PermissionError:
        raise OutputError(
            f"--sortie {output} : fichier impossible à remplacer (ouvert dans Excel ou en "
            "lecture seule ?).",
            details=["fermez-le puis relancez la commande, ou choisissez un autre nom"],
        ) from None
    except OSError as exc:
        raise OutputError(f"--sortie {output} : écriture impossible ({os_reason(exc)}).") from None
    finally:
        tmp.unlink(missing_ok=True)


def journal_lines(doc: Document) -> list[str]:
    """Ce que la commande a décidé pour l'utilisateur, à dire sur la sortie d'erreur."""
    log = journal.Journal(list(doc.warnings), list(doc.years), list(doc.missing))
    return log.stderr_lines()
