"""Rendu d'un :class:`~gipkit.results.Document` : tableau, markdown, CSV, JSON, XLSX.

Les formats pour les personnes (``tableau``, ``markdown``) écrivent les
nombres à la française (``162 246``, ``24,2 %``). Le CSV et le XLSX, destinés
aux tableurs, neutralisent l'injection de formules (OWASP) : une cellule de
texte qui commence par ``= + - @``, une tabulation ou un retour chariot est
préfixée d'une apostrophe. Le JSON suit ``docs/schema-json.md``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tabulate import tabulate

from gipkit.io.reader import SourceReport
from gipkit.results import Document, Scalar, Table, clean_number

FORMATS = ("tableau", "markdown", "csv", "json", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    """Préfixe d'une apostrophe un texte qui serait lu comme une formule.

    >>> neutralize("=1+1"), neutralize("- 26 ans"), neutralize(-3), neutralize("Bac")
    ("'=1+1", "'- 26 ans", -3, 'Bac')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def french_number(value: Any, unit: str | None) -> str:
    """Nombre à la française pour l'affichage.

    >>> french_number(162246, "heures"), french_number(0.2416, "taux"), french_number(None, "x")
    ('162 246', '24,2 %', '')
    >>> french_number(123.77, "etp")
    '123,8'
    """
    value = clean_number(value, unit)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, str) or unit == "texte":
        return str(value)
    if unit in ("taux", "part"):
        return f"{value * 100:,.1f} %".replace(",", " ").replace(".", ",")
    suffix = " €" if unit == "euros" else ""
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ") + suffix
    digits = 1 if unit == "etp" else 2
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",") + suffix


def csv_number(value: Any, unit: str | None) -> Any:
    """Nombre pour un tableur français : sans séparateur de milliers, virgule décimale."""
    value = clean_number(value, unit)
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return "" if value is None else neutralize(value)


def _scalar_rows(scalars: Sequence[Scalar], fmt: Any) -> tuple[list[str], list[list[Any]]]:
    years = sorted({s.year for s in scalars})
    prev_years = sorted({s.previous_year for s in scalars if s.previous_year is not None})
    header = ["Indicateur"]
    if prev_years:
        header.append(" / ".join(str(y) for y in prev_years))
    header.append(" / ".join(str(y) for y in years))
    if prev_years:
        header.append("Évolution")
    rows = []
    for s in scalars:
        row: list[Any] = [s.label]
        if prev_years:
            previous = SECRET_MARK if s.previous_secret else fmt(s.previous, s.unit)
            row.append(previous if s.previous_year is not None else "")
        row.append(SECRET_MARK if s.secret else fmt(s.value, s.unit))
        if prev_years:
            row.append(_evolution_text(s) if s.previous_year is not None else "")
        rows.append(row)
    return header, rows


def _evolution_text(s: Scalar) -> str:
    if not isinstance(s.previous, int | float) or not isinstance(s.value, int | float):
        return ""
    if s.unit in ("taux", "part"):
        points = (s.value - s.previous) * 100
        return f"{points:+.1f} pt".replace(".", ",")
    if not s.previous:
        return ""
    change = (s.value - s.previous) / s.previous * 100
    return f"{change:+.0f} %"


#: ce qu'affiche une case masquée par le secret statistique
SECRET_MARK = "s"


def _table_rows(table: Table, fmt: Any) -> list[list[Any]]:
    rows = [[fmt(v, c.unit) for v, c in zip(r, table.columns, strict=True)] for r in table.rows]
    for i, j in table.secret:
        rows[i][j] = SECRET_MARK
    if table.total is not None:
        rows.append([fmt(v, c.unit) for v, c in zip(table.total, table.columns, strict=True)])
    return rows


def _tables(doc: Document) -> list[Table]:
    out: list[Table] = []
    for r in doc.results:
        if isinstance(r, Table):
            out.append(r)
            if r.previous is not None:
                out.append(r.previous)
    return out


def _scalars(doc: Document) -> list[Scalar]:
    return [r for r in doc.results if isinstance(r, Scalar)]


def render_text(doc: Document, *, markdown: bool, rich_console: Any = None) -> str:
    """Rendu lisible : ``markdown`` (tableaux pipe) ou texte brut aligné."""
    style = "pipe" if markdown else "simple"
    parts: list[str] = []
    scalars = _scalars(doc)
    if scalars:
        header, rows = _scalar_rows(scalars, french_number)
        parts.append(_title("Indicateurs", markdown))
        parts.append(
            tabulate(
                rows,
                headers=header,
                tablefmt=style,
                disable_numparse=True,
                colalign=("left", *["right"] * (len(header) - 1)),
            )
        )
        hidden = sum(int(s.secret) + int(s.previous_secret) for s in scalars)
        if hidden and doc.protection is not None:
            parts.append(
                f"{'> ' if markdown else ''}Note : secret statistique : {hidden} valeur(s) "
                f"masquée(s) « s » (moins de {doc.protection.threshold} personnes)"
            )
    for table in _tables(doc):
        parts.append(_title(f"{table.label} — {table.year}", markdown))
        aligns = ["left" if c.unit == "texte" else "right" for c in table.columns]
        parts.append(
            tabulate(
                _table_rows(table, french_number),
                headers=[c.label for c in table.columns],
                tablefmt=style,
                disable_numparse=True,
                colalign=aligns,
            )
        )
        parts.extend(f"{'> ' if markdown else ''}Note : {n}" for n in table.notes)
    return "\n\n".join(parts) + "\n"


def _title(text: str, markdown: bool) -> str:
    return f"## {text}" if markdown else f"{text}\n{'=' * len(text)}"


def print_rich(doc: Document, console: Any) -> None:
    """Rendu en couleurs pour un terminal (rich).

    Tout texte venu des données (libellés, titres, notes) passe par ``Text`` : rich ne
    l'interprète jamais comme du balisage (« LINKCITY [/lot 2] » reste tel quel).
    """
    from rich.table import Table as RichTable
    from rich.text import Text

    def text(value: Any) -> Text:
        return Text(str(value))

    scalars = _scalars(doc)
    if scalars:
        header, rows = _scalar_rows(scalars, french_number)
        t = RichTable(title=text("Indicateurs"), title_justify="left")
        for i, h in enumerate(header):
            t.add_column(text(h), justify="left" if i == 0 else "right")
        for row in rows:
            t.add_row(*(text(v) for v in row))
        console.print(t)
    for table in _tables(doc):
        t = RichTable(title=text(f"{table.label} — {table.year}"), title_justify="left")
        for c in table.columns:
            t.add_column(text(c.label), justify="left" if c.unit == "texte" else "right")
        rows = _table_rows(table, french_number)
        for i, row in enumerate(rows):
            is_total = table.total is not None and i == len(rows) - 1
            t.add_row(
                *(text(v) for v in row),
                style="bold" if is_total else None,
                end_section=i == len(rows) - 2 and table.total is not None,
            )
        console.print(t)
        for note in table.notes:
            console.print(Text(f"Note : {note}", style="dim"))


def render_csv(doc: Document) -> str:
    """CSV pour tableur français (``;``, virgule décimale), une section par tableau."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    scalars = _scalars(doc)
    if scalars:
        writer.writerow(
            [
                "id",
                "indicateur",
                "unite",
                "annee",
                "valeur",
                "annee_precedente",
                "valeur_precedente",
            ]
        )
        for s in scalars:
            writer.writerow(
                [
                    s.id,
                    neutralize(s.label),
                    s.unit,
                    s.year,
                    SECRET_MARK if s.secret else csv_number(s.value, s.unit),
                    s.previous_year or "",
                    SECRET_MARK if s.previous_secret else csv_number(s.previous, s.unit),
                ]
            )
    for table in _tables(doc):
        if buffer.tell():
            writer.writerow([])
        writer.writerow([neutralize(f"{table.label} — {table.year}")])
        writer.writerow([neutralize(c.label) for c in table.columns])
        for row in _table_rows(table, csv_number):
            writer.writerow(row)
        for note in table.notes:
            writer.writerow([neutralize(f"Note : {note}")])
    return buffer.getvalue()


def write_xlsx(doc: Document, path: Path) -> None:
    """Classeur : une feuille « Indicateurs », une par tableau, une « Sources »."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    bold = workbook.add_format({"bold": True})
    percent = workbook.add_format({"num_format": "0.0%"})
    used: set[str] = set()

    def sheet(name: str) -> Any:
        base = "".join(ch for ch in name if ch not in "[]:*?/\\")[:28] or "Feuille"
        candidate, i = base, 2
        while candidate.lower() in used:
            candidate, i = f"{base[:26]}_{i}", i + 1
        used.add(candidate.lower())
        return workbook.add_worksheet(candidate)

    def put(ws: Any, r: int, c: int, value: Any, unit: str | None) -> None:
        value = clean_number(value, unit)
        if isinstance(value, int | float) and not isinstance(value, bool):
            ws.write_number(r, c, value, percent if unit in ("taux", "part") else None)
        elif value is None:
            ws.write_blank(r, c, None)
        else:
            ws.write_string(r, c, str(neutralize(value)))

    scalars = _scalars(doc)
    if scalars:
        ws = sheet("Indicateurs")
        for c, h in enumerate(
            ["id", "Indicateur", "Unité", "Année", "Valeur", "Année N-1", "Valeur N-1"]
        ):
            ws.write_string(0, c, h, bold)
        for r, s in enumerate(scalars, start=1):
            ws.write_string(r, 0, s.id)
            ws.write_string(r, 1, str(neutralize(s.label)))
            ws.write_string(r, 2, s.unit)
            ws.write_number(r, 3, s.year)
            put(ws, r, 4, SECRET_MARK if s.secret else s.value, s.unit)
            if s.previous_year is not None:
                ws.write_number(r, 5, s.previous_year)
                put(ws, r, 6, SECRET_MARK if s.previous_secret else s.previous, s.unit)
    for table in _tables(doc):
        ws = sheet(f"{table.id.split('.')[-1]} {table.year}")
        ws.write_string(0, 0, str(neutralize(f"{table.label} — {table.year}")), bold)
        for c, col in enumerate(table.columns):
            ws.write_string(1, c, str(neutralize(col.label)), bold)
        rows = [list(r) for r in table.rows]
        for i, j in table.secret:
            rows[i][j] = SECRET_MARK
        rows += [table.total] if table.total is not None else []
        for r, row in enumerate(rows, start=2):
            for c, (value, col) in enumerate(zip(row, table.columns, strict=True)):
                put(ws, r, c, value, col.unit)
        for k, note in enumerate(table.notes, start=len(rows) + 3):
            ws.write_string(k, 0, str(neutralize(f"Note : {note}")))
    ws = sheet("Sources")
    for c, h in enumerate(
        ["Fichier", "SHA-256", "Lignes lues", "Utilisées", "Exclues", "Motifs d'exclusion"]
    ):
        ws.write_string(0, c, h, bold)
    for r, src in enumerate(doc.sources, start=1):
        ws.write_string(r, 0, str(neutralize(src.path)))
        ws.write_string(r, 1, src.sha256)
        ws.write_number(r, 2, src.rows_read)
        ws.write_number(r, 3, src.rows_used)
        ws.write_number(r, 4, src.rows_excluded)
        ws.write_string(r, 5, str(neutralize(exclusions_text(src))))
    workbook.close()


def exclusions_text(source: SourceReport) -> str:
    """« année hors période : 12 ; ligne vide : 1 », ou « aucune »."""
    if not source.excluded:
        return "aucune"
    return " ; ".join(f"{motif} : {n}" for motif, n in sorted(source.excluded.items()))


def sources_text(doc: Document) -> str:
    """Bilan des fichiers lus, pour la sortie d'erreur standard."""
    lines = []
    for src in doc.sources:
        lines.append(
            f"Source : {src.path} (sha256 {src.sha256[:12]}…) — "
            f"{french_number(src.rows_read, None)} lignes lues, "
            f"{french_number(src.rows_used, None)} utilisées, "
            f"{french_number(src.rows_excluded, None)} exclues"
            + (f" ({exclusions_text(src)})" if src.excluded else "")
        )
    return "\n".join(lines)
