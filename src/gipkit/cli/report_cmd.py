"""Commande ``gipkit rapport`` : le rapport d'activité complet d'un dossier d'exercice."""

from __future__ import annotations

import datetime
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gipkit import journal
from gipkit.chapters import STRUCTURES
from gipkit.cli.options import COLLECT, atomic_output, state, year_option
from gipkit.errors import ExitCode, GipkitError, ParameterError
from gipkit.io.report import (
    Chapter,
    Report,
    chapter_tables,
    report_html,
    report_json,
    report_markdown,
)
from gipkit.results import Document

if TYPE_CHECKING:
    from gipkit.io.charts import DrawnCharts

FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".json": "json",
    ".xlsx": "xlsx",
    ".docx": "docx",
}


@click.command("rapport")
@click.option(
    "--dossier",
    type=click.Path(path_type=Path, file_okay=False),
    help="Dossier d'exercice (gipkit init) ; par défaut, celui où l'on se trouve.",
)
@click.option(
    "--structures",
    default=",".join(STRUCTURES),
    show_default=True,
    metavar="LISTE",
    help="Chapitres à produire, dans l'ordre du rapport.",
)
@year_option
@click.option(
    "--partiel",
    is_flag=True,
    help="Accepte un rapport dont des extractions manquent (code 0 au lieu de 3).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(set(FORMATS.values()))),
    help="Format (par défaut : celui de l'extension de --sortie, sinon html).",
)
@click.option(
    "--sortie",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Fichier du rapport (obligatoire pour xlsx et docx).",
)
@click.option(
    "--date",
    "edition",
    metavar="JJ/MM/AAAA",
    help="Date d'édition écrite sous le titre (sans elle, aucune date : mêmes entrées, "
    "mêmes octets).",
)
@click.option("--secret-statistique", "secret", is_flag=True, help="Protège chaque tableau.")
@click.option("--seuil-secret", type=click.IntRange(1, 1000), metavar="N", help="Seuil (11).")
def rapport(
    dossier: Path | None,
    structures: str,
    annee: int | None,
    partiel: bool,
    fmt: str | None,
    sortie: Path | None,
    secret: bool,
    seuil_secret: int | None,
    edition: str | None,
) -> None:
    """Le rapport d'activité : un chapitre par structure (Mission Locale, PLIE, SERCI,
    CLLAJ), chacun avec tous ses indicateurs, N-1 et évolution, notes, puis les annexes
    (fichiers lus, lignes, contrôles de cohérence). HTML autonome et imprimable, Markdown,
    JSON, Excel ou Word. Un chapitre dont des extractions manquent est présent avec un encadré
    qui le dit, et la commande rend 3 sauf --partiel.

    Exemple :

        gipkit rapport --dossier rapport-2025 --sortie rapport-2025.html
    """
    ctx = click.get_current_context()
    app = state()
    root = dossier if dossier is not None else app.exercise_root
    if root is None:
        raise ParameterError(
            "Aucun dossier d'exercice : lancez la commande dans un dossier créé par gipkit "
            "init, ou donnez --dossier."
        )
    fmt = fmt or (FORMATS.get(sortie.suffix.lower()) if sortie is not None else None) or "html"
    if fmt in ("xlsx", "docx") and sortie is None:
        raise ParameterError(f"Le format {fmt} demande --sortie FICHIER.{fmt}.")
    keys = [k.strip() for k in structures.split(",") if k.strip()]
    unknown = [k for k in keys if k not in STRUCTURES]
    if unknown:
        raise ParameterError(
            f"Structure(s) inconnue(s) : {', '.join(unknown)} (connues : {', '.join(STRUCTURES)})."
        )
    log = journal.current()
    # une date fausse se dit avant le calcul, non après
    edition_date = _edition(edition) if edition is not None else None
    with _early_charts(fmt, sortie) as drawn:
        chapters = _chapters(ctx, root, keys, annee, secret, seuil_secret, drawn)
        years = sorted({y.year for c in chapters if c.document for y in c.document.years})
        year = annee or app.config.exercice or (years[-1] if years else None)
        name = app.config.nom
        title = f"Rapport d'activité {year or ''}" + (f" — {name}" if name else "")
        report = Report(
            title.strip(),
            year,
            chapters,
            list(dict.fromkeys(log.warnings)),
            edition=edition_date,
        )
        _write(report, fmt, sortie, drawn)
    incomplete = [c for c in chapters if c.missing or c.error]
    for line in log.stderr_lines():
        click.echo(line, err=True)
    click.echo(
        f"Rapport : {len(chapters)} chapitre(s), "
        f"{sum(len(c.document.results) for c in chapters if c.document)} résultat(s)"
        + (f", {len(incomplete)} incomplet(s)" if incomplete else ""),
        err=True,
    )
    for chapter in incomplete:
        what = chapter.error or "; ".join(f"{m.what} « {m.name} »" for m in chapter.missing)
        click.echo(f"Incomplet : {chapter.title} : {what}", err=True)
    if incomplete and not partiel:
        ctx.exit(int(ExitCode.INCOMPLETE))


def _chapters(
    ctx: click.Context,
    root: Path,
    keys: list[str],
    annee: int | None,
    secret: bool,
    seuil_secret: int | None,
    drawn: DrawnCharts | None,
) -> list[Chapter]:
    """Chaque chapitre, calculé par le ``tout`` de sa structure ; ses graphiques partent
    au dessin (``drawn``) dès qu'il est calculé, pendant le calcul des suivants."""
    log = journal.current()
    chapters: list[Chapter] = []
    ctx.meta[COLLECT] = True
    root_group = ctx.find_root().command
    assert isinstance(root_group, click.Group)
    for key in keys:
        structure = STRUCTURES[key]
        group = root_group.get_command(ctx, key)
        assert isinstance(group, click.Group)
        command = group.get_command(ctx, "tout")
        assert command is not None
        args = ["--dossier", str(root / key), "--format", "json", "--partiel"]
        if annee is not None:
            args += ["--annee", str(annee)]
        if secret:
            args.append("--secret-statistique")
        if seuil_secret is not None:
            args += ["--seuil-secret", str(seuil_secret)]
        marks = (len(log.missing), len(log.warnings), len(log.years))
        try:
            with command.make_context(f"{key} tout", args, parent=ctx) as sub:
                result = command.invoke(sub)
        except GipkitError as exc:
            chapters.append(Chapter(key, structure.title, None, error=exc.message))
            continue
        doc, _code = result
        assert isinstance(doc, Document)
        doc.missing = log.missing[marks[0] :]
        doc.warnings = log.warnings[marks[1] :]
        doc.years = log.years[marks[2] :]
        chapters.append(Chapter(key, structure.title, doc, list(doc.missing)))
        if drawn is not None:
            drawn.add(chapter_tables(doc))
    ctx.meta[COLLECT] = False
    return chapters


def _early_charts(fmt: str, output: Path | None) -> AbstractContextManager[DrawnCharts | None]:
    """Les processus de dessin, lancés dès le début pour un rapport qui a des graphiques
    (HTML, Word, Markdown écrit dans un fichier) : ils importent matplotlib pendant le
    calcul du premier chapitre (:class:`DrawnCharts`, ``early``)."""
    if fmt in ("html", "docx") or (fmt == "markdown" and output is not None):
        from gipkit.io.charts import DrawnCharts

        return DrawnCharts((), "png" if fmt == "docx" else "svg", early=True)
    return nullcontext()


def _edition(text: str) -> datetime.date:
    """La date de ``--date`` : JJ/MM/AAAA (ou AAAA-MM-JJ)."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ParameterError(f"--date : date attendue au format JJ/MM/AAAA (reçu : « {text} »).")


def _write(report: Report, fmt: str, output: Path | None, drawn: DrawnCharts | None = None) -> None:
    if fmt == "xlsx":
        from gipkit.io.render import write_xlsx

        assert output is not None
        docs = [c.document for c in report.chapters if c.document is not None]
        merged = Document(
            "rapport",
            {"annee": report.year},
            [s for d in docs for s in d.sources],
            [r for d in docs for r in d.results],
        )
        with atomic_output(output) as tmp:
            write_xlsx(merged, tmp)
        return
    if fmt == "docx":
        from gipkit.io.word import write_docx

        assert output is not None
        with atomic_output(output) as tmp:
            write_docx(report, tmp, drawn)
        return
    if fmt == "markdown" and output is not None:
        # les graphiques en SVG dans un dossier à côté du document
        folder = f"{output.stem}_graphiques"
        charts: dict[str, str] = {}
        text = report_markdown(report, charts, folder, drawn)
        if charts:
            (output.parent / folder).mkdir(exist_ok=True)
            for name, svg in sorted(charts.items()):
                with atomic_output(output.parent / name) as tmp:
                    tmp.write_text(svg, encoding="utf-8", newline="")
    elif fmt == "html":
        text = report_html(report, drawn=drawn)
    elif fmt == "markdown":
        text = report_markdown(report)
    else:
        text = report_json(report)
    if output is None:
        click.echo(text, nl=False)
        return
    with atomic_output(output) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="")
