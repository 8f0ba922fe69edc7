"""Rendu d'un :class:`~gipkit.results.Document` : tableau, markdown, CSV, JSON, XLSX.

Les formats pour les personnes (``tableau``, ``markdown``) écrivent les
nombres à la française (``162 246``, ``24,2 %``). Le CSV neutralise l'injection de
formules (OWASP) : une cellule de texte qui commence par ``= + - @``, une tabulation
ou un retour chariot est préfixée d'une apostrophe. Le XLSX écrit chaque texte comme
texte (jamais comme formule), sans apostrophe visible. Le JSON suit
``docs/schema-json.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tabulate import tabulate

from gipkit import journal
from gipkit.errors import count_text, escaped
from gipkit.io.source import SourceReport
from gipkit.results import MEAN, Document, Scalar, Table, clean_number, row_label

FORMATS = ("tableau", "markdown", "csv", "json", "xlsx", "docx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    """Préfixe d'une apostrophe un texte qui serait lu comme une formule.

    >>> neutralize("=1+1"), neutralize("- 26 ans"), neutralize(-3), neutralize("Bac")
    ("'=1+1", "'- 26 ans", -3, 'Bac')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


#: unités d'affichage d'une évolution (points pour un taux, relative sinon) : colonnes
#: d'évolution d'un tableau N-1 / N, cases d'un relevé de ``comparer`` ou ``verifier``
EVOLUTION_POINTS = "evolution_points"
EVOLUTION = "evolution"
#: l'unité dont une unité d'affichage prend l'arrondi du JSON (le classeur garde le nombre)
ROUNDED_AS = {"part": "taux", EVOLUTION: "taux", MEAN: "valeur"}


def french_number(value: Any, unit: str | None) -> str:
    """Nombre à la française pour l'affichage.

    >>> french_number(162246, "heures"), french_number(0.2416, "taux"), french_number(None, "x")
    ('162 246', '24,2 %', '')
    >>> french_number(123.77, "etp")
    '123,8'
    >>> french_number(-0.1134, EVOLUTION), french_number(7.54, EVOLUTION_POINTS)
    ('-11,3 %', '+7,5 pt')
    >>> french_number(45, MEAN), french_number(43.616, MEAN)
    ('45,0', '43,6')
    """
    if unit in (EVOLUTION, EVOLUTION_POINTS) and isinstance(value, int | float):
        if isinstance(value, bool) or not math.isfinite(value):
            return ""
        if unit == EVOLUTION:
            return f"{value * 100:+,.1f} %".replace(",", " ").replace(".", ",")
        return f"{value:+,.1f} pt".replace(",", " ").replace(".", ",")
    if unit == MEAN and isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            return ""
        return f"{value:,.1f}".replace(",", " ").replace(".", ",")
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
        return count_text(value) + suffix
    digits = 1 if unit == "etp" else 2
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",") + suffix


def csv_number(value: Any, unit: str | None) -> Any:
    """Nombre pour un tableur français : sans séparateur de milliers, virgule décimale."""
    value = clean_number(value, unit)
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return "" if value is None else neutralize(value)


def scalar_cells(s: Scalar, fmt: Any) -> tuple[Any, Any]:
    """(N-1, N) d'une valeur écrites par ``fmt(valeur, unité d'affichage)`` : « s » pour
    une valeur masquée par le secret statistique, vide sans N-1."""
    unit = s.display_unit
    previous = (
        ""
        if s.previous_year is None
        else SECRET_MARK
        if s.previous_secret
        else fmt(s.previous, unit)
    )
    return previous, SECRET_MARK if s.secret else fmt(s.value, unit)


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
        previous, now = scalar_cells(s, fmt)
        if prev_years:
            row.append(previous)
        row.append(now)
        if prev_years:
            row.append(evolution_text(s) if s.previous_year is not None else "")
        rows.append(row)
    return header, rows


def evolution_text(s: Scalar) -> str:
    """L'évolution de N-1 à N, à la française : « +2,5 pt » pour un taux, « -11 % » sinon."""
    if not isinstance(s.previous, int | float) or not isinstance(s.value, int | float):
        return ""
    if s.unit in ("taux", "part"):
        return french_number((s.value - s.previous) * 100, EVOLUTION_POINTS)
    if not s.previous:
        return ""
    change = (s.value - s.previous) / s.previous * 100
    return f"{change:+.0f} %"


#: ce qu'affiche une case masquée par le secret statistique
SECRET_MARK = "s"


def table_rows(table: Table, fmt: Any, *, display: bool = True) -> list[list[Any]]:
    """Les lignes de ``table``, total compris, écrites par ``fmt(valeur, unité)`` ; avec
    ``display``, l'unité de chaque case (:meth:`Table.unit_at`), sinon celle de sa
    colonne (le CSV garde les nombres du JSON)."""
    rows = [
        [fmt(v, table.unit_at(i, j) if display else table.columns[j].unit) for j, v in enumerate(r)]
        for i, r in enumerate(table.rows)
    ]
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


def shown(value: Any, unit: str | None) -> str:
    """:func:`french_number`, un libellé venu des données avec ses caractères de contrôle
    échappés (:func:`gipkit.errors.escaped`) : le tableau et le Markdown vont à un
    terminal, qui interpréterait une séquence d'échappement (le Word et le classeur ont
    leurs propres règles pour ces caractères).

    >>> shown("SOGA\\x1b[2JRIS", "texte"), shown(1234, "heures")
    ('SOGA\\\\x1b[2JRIS', '1 234')
    """
    return escaped(french_number(value, unit))


def render_text(doc: Document, *, markdown: bool, rich_console: Any = None, level: int = 2) -> str:
    """Rendu lisible : ``markdown`` (tableaux pipe, titres de niveau ``level``) ou texte
    brut aligné."""
    style = "pipe" if markdown else "simple"
    parts: list[str] = []
    scalars = _scalars(doc)
    if scalars:
        header, rows = _scalar_rows(scalars, french_number)
        parts.append(_title("Indicateurs", markdown, level))
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
        parts.append(_title(f"{table.label} — {table.year}", markdown, level))
        aligns = ["left" if c.unit == "texte" else "right" for c in table.columns]
        parts.append(
            tabulate(
                table_rows(table, shown),
                headers=[c.label for c in table.columns],
                tablefmt=style,
                disable_numparse=True,
                colalign=aligns,
            )
        )
        parts.extend(f"{'> ' if markdown else ''}Note : {n}" for n in table.notes)
    return "\n\n".join(parts) + "\n"


def _title(text: str, markdown: bool, level: int = 2) -> str:
    return f"{'#' * level} {text}" if markdown else f"{text}\n{'=' * len(text)}"


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
        rows = table_rows(table, shown)
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
        for row in table_rows(table, csv_number, display=False):
            writer.writerow(row)
        for note in table.notes:
            writer.writerow([neutralize(f"Note : {note}")])
    return buffer.getvalue()


#: formats Excel des nombres par unité (le séparateur de milliers suit la langue d'Excel)
XLSX_FORMATS = {
    "nombre": "#,##0",
    "heures": "#,##0",
    "euros": "#,##0.00",
    "etp": "#,##0.0",
    "taux": "0.0%",
    "part": "0.0%",
    "ratio": "#,##0.00",
    "valeur": "General",
    "evolution_points": '+0.0" pt";-0.0" pt";0.0" pt"',
    "evolution": "+0%;-0%;0%",
    "moyenne": "#,##0.0",
}
SHEET_MAX = 31
SHEET_FORBIDDEN = "[]:*?/\\"


def sheet_names(titles: Sequence[str]) -> list[str]:
    """Des noms de feuilles Excel lisibles et uniques tirés des titres (31 caractères au
    plus, sans ``[]:*?/\\``, sans égard à la casse).

    >>> long = "Jeunes accompagnés par tranche d'âge"
    >>> for name in sheet_names([long, long, "A/B"]):
    ...     print(name, len(name))
    Jeunes accompagnés par tranche… 31
    Jeunes accompagnés par tranc… 2 31
    A-B 3
    """
    used: set[str] = set()
    out: list[str] = []
    for title in titles:
        base = "".join("-" if ch in SHEET_FORBIDDEN else ch for ch in title).strip("' ")
        base = base or "Tableau"
        name = base if len(base) <= SHEET_MAX else base[: SHEET_MAX - 1].rstrip() + "…"
        k = 2
        while name.casefold() in used:
            suffix = f" {k}"
            name = (
                base
                if len(base) + len(suffix) <= SHEET_MAX
                else base[: SHEET_MAX - len(suffix) - 1].rstrip() + "…"
            ) + suffix
            k += 1
        used.add(name.casefold())
        out.append(name)
    return out


def merged_rows(table: Table) -> tuple[list[str], list[list[Any]], list[str]]:
    """Les lignes de N, avec pour chaque colonne chiffrée la valeur de N-1 et l'évolution
    (points pour un taux, relative sinon). Les lignes sont appariées par leur libellé
    (:func:`gipkit.results.row_label`, unique dans chaque tableau) ; les autres colonnes
    de texte en sont des attributs (le thème d'un atelier peut changer d'une année à
    l'autre). Une ligne qui n'est qu'en N-1 (un maître d'ouvrage sorti d'un classement,
    une modalité absente de N) vient après celles de N, avant le total, ses valeurs de
    N vides : rien de N-1 ne disparaît.

    Rend (en-têtes, lignes, unités des colonnes).

    >>> from gipkit.results import Column
    >>> cols = [Column("mo", "Maître d'ouvrage", "texte"), Column("h", "Heures")]
    >>> t = Table("t", "T", 2025, cols, [["A", 10], ["B", 5]], ["Total", 15])
    >>> t.previous = Table("t", "T", 2024, cols, [["C", 8], ["A", 4]], ["Total", 12])
    >>> merged_rows(t)[1]
    [['A', 4, 10, 1.5], ['B', None, 5, None], ['C', 8, None, None], ['Total', 12, 15, 0.25]]
    """
    prev = table.previous
    texts = [c for c in table.columns if c.unit == "texte"]
    numbers = [c for c in table.columns if c.unit != "texte"]
    index = {c.id: k for k, c in enumerate(table.columns)}
    header = [c.label for c in texts]
    units = ["texte"] * len(texts)
    for c in numbers:
        shown = c.shown or c.unit
        if prev is None:
            header.append(c.label)
            units.append(shown)
            continue
        header += [f"{c.label} {prev.year}", f"{c.label} {table.year}"]
        units += [shown, shown]
        if c.counts:
            header.append(
                f"{c.label} : évolution" + (" (points)" if c.unit in ("taux", "part") else "")
            )
            units.append(EVOLUTION_POINTS if c.unit in ("taux", "part") else EVOLUTION)
    secret = set(table.secret)
    prev_secret = set(prev.secret) if prev is not None else set()

    prev_rows = {row_label(r): (k, r) for k, r in enumerate(prev.rows)} if prev is not None else {}
    if prev is not None and prev.total is not None:
        prev_rows.setdefault(row_label(prev.total), (-1, prev.total))
    #: (indice dans N, ligne de N ou rien, ligne qui nomme, ligne de N-1 appariée)
    rows_n: list[
        tuple[int, Sequence[Any] | None, Sequence[Any], tuple[int, Sequence[Any]] | None]
    ] = [(k, r, r, prev_rows.get(row_label(r))) for k, r in enumerate(table.rows)]
    if prev is not None:
        # les lignes de N-1 seules, dans leur ordre, avant le total
        keys = {row_label(r) for r in table.rows}
        if table.total is not None:
            keys.add(row_label(table.total))
        rows_n += [
            (-2, None, r, (k, r)) for k, r in enumerate(prev.rows) if row_label(r) not in keys
        ]
    if table.total is not None:
        rows_n.append((-1, table.total, table.total, prev_rows.get(row_label(table.total))))
    out: list[list[Any]] = []
    for k, row, named, match in rows_n:
        line: list[Any] = [named[index[c.id]] for c in texts]
        for c in numbers:
            j = index[c.id]
            now = None if row is None else SECRET_MARK if (k, j) in secret else row[j]
            if prev is None:
                line.append(now)
                continue
            before: Any = None
            if match is not None:
                pk, prow = match
                before = SECRET_MARK if (pk, j) in prev_secret else prow[j]
            line += [before, now]
            if c.counts:
                change: Any = None
                if isinstance(before, int | float) and isinstance(now, int | float):
                    if c.unit in ("taux", "part"):
                        change = (now - before) * 100
                    elif before:
                        change = now / before - 1
                line.append(change)
        out.append(line)
    return header, out, units


def _native_chart(workbook: Any, ws: Any, sheet: str, table: Table, header: list[str]) -> None:
    """Un graphique Excel natif (barres, ou colonnes pour une série d'années) à droite du
    tableau, qui lit les cellules de la feuille : modifier un chiffre modifie la barre.
    Pas de graphique quand des cases de l'année sont masquées (secret statistique)."""
    from gipkit.io.charts import chart_kind, count_column

    kind = chart_kind(table)
    j = count_column(table)
    if kind is None or j is None or table.secret:
        return
    label = table.columns[j].label
    wanted = f"{label} {table.year}" if table.previous is not None else label
    if wanted not in header:
        return
    col = header.index(wanted)
    # les lignes de N seules : celles de N-1 seules (après elles) n'ont pas de barre de N
    first = 3
    end = first + len(table.rows) - 1
    chart = workbook.add_chart({"type": "column" if kind == "historique" else "bar"})
    chart.add_series(
        {
            "name": f"{label} {table.year}",
            "categories": [sheet, first, 0, end, 0],
            "values": [sheet, first, col, end, col],
            "fill": {"color": "#0072B2"},
        }
    )
    chart.set_title({"name": f"{label} ({table.year})", "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    if kind in ("barres", "classement"):
        chart.set_y_axis({"reverse": True})
    chart.set_size({"width": 560, "height": max(260, 26 * (end - first + 1) + 90)})
    ws.insert_chart(2, len(header) + 1, chart)


def write_xlsx(doc: Document, path: Path) -> None:
    """Classeur à remettre tel quel : un « Sommaire » avec liens, une feuille
    « Indicateurs », une feuille par tableau nommée par son titre (N-1, N et évolution
    côte à côte, notes dessous, graphique Excel natif à droite pour une répartition ou
    une série d'années), une feuille « Sources ».

    En-têtes figés, filtres, largeurs ajustées, nombres au format Excel (milliers,
    pourcentages). Les textes sont écrits comme textes : une valeur qui commence par
    « = » n'est jamais une formule, et aucune apostrophe n'est ajoutée.
    """
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    # daté du jour (``GIPKIT_AUJOURDHUI`` s'il est défini), non de l'instant : le même
    # document donne le même classeur, octet pour octet (xlsxwriter date déjà de 1980 les
    # fichiers de l'archive)
    workbook.set_properties({"created": dt.datetime.combine(journal.today(), dt.time())})
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    title_fmt = workbook.add_format({"bold": True, "font_size": 13})
    note_fmt = workbook.add_format({"italic": True, "font_color": "#444444"})
    link_fmt = workbook.add_format({"font_color": "blue", "underline": 1})
    formats = {
        unit: workbook.add_format({"num_format": code}) for unit, code in XLSX_FORMATS.items()
    }
    secret_fmt = workbook.add_format({"align": "right"})

    def put(ws: Any, r: int, c: int, value: Any, unit: str, widths: list[int]) -> None:
        value = clean_number(
            value, {"part": "taux", EVOLUTION: "taux", MEAN: "valeur"}.get(unit, unit)
        )
        if isinstance(value, bool):
            text = "oui" if value else "non"
            ws.write_string(r, c, text)
            widths[c] = max(widths[c], len(text))
        elif isinstance(value, int | float):
            ws.write_number(r, c, value, formats.get(unit, formats["valeur"]))
            widths[c] = max(widths[c], len(french_number(value, unit)) + 1)
        elif value is None:
            ws.write_blank(r, c, None)
        else:
            text = str(value)
            ws.write_string(r, c, text, secret_fmt if text == SECRET_MARK else None)
            widths[c] = max(widths[c], min(len(text), 60))

    def finish(ws: Any, widths: list[int]) -> None:
        for c, w in enumerate(widths):
            ws.set_column(c, c, min(max(w, 6), 60) + 2)

    tables = [r for r in doc.results if isinstance(r, Table)]
    scalars = _scalars(doc)
    titles = (["Indicateurs"] if scalars else []) + [t.label for t in tables] + ["Sources"]
    names = sheet_names(["Sommaire", *titles])
    summary = workbook.add_worksheet(names[0])
    sheets = dict(zip(titles, names[1:], strict=True))
    summary.write_string(0, 0, f"gipkit — {doc.command}", title_fmt)
    summary_row = 2

    def link(name: str, label: str) -> None:
        nonlocal summary_row
        summary.write_url(summary_row, 0, f"internal:'{name}'!A1", link_fmt, string=label)
        summary_row += 1

    if scalars:
        ws = workbook.add_worksheet(sheets["Indicateurs"])
        link(sheets["Indicateurs"], "Indicateurs")
        header = [
            "Indicateur",
            "Identifiant",
            "Année",
            "Valeur",
            "Année N-1",
            "Valeur N-1",
            "Évolution",
        ]
        widths = [len(h) for h in header]
        for c, h in enumerate(header):
            ws.write_string(0, c, h, bold)
        for r, s in enumerate(scalars, start=1):
            put(ws, r, 0, s.label, "texte", widths)
            put(ws, r, 1, s.id, "texte", widths)
            put(ws, r, 2, s.year, "valeur", widths)
            put(ws, r, 3, SECRET_MARK if s.secret else s.value, s.display_unit, widths)
            if s.previous_year is not None:
                put(ws, r, 4, s.previous_year, "valeur", widths)
                put(
                    ws,
                    r,
                    5,
                    SECRET_MARK if s.previous_secret else s.previous,
                    s.display_unit,
                    widths,
                )
                put(ws, r, 6, evolution_text(s), "texte", widths)
        ws.freeze_panes(1, 1)
        ws.autofilter(0, 0, len(scalars), len(header) - 1)
        finish(ws, widths)
    from gipkit.chapters import STRUCTURES, section_of

    heading = None
    for table in tables:
        name = sheets[table.label]
        where = section_of(table.id)
        if where is not None and where != heading:
            # le sommaire suit le plan du rapport : structure et section
            heading = where
            summary_row += 1
            title = f"{STRUCTURES[where[0]].title} — {where[1].title}"
            summary.write_string(summary_row, 0, title, bold)
            summary_row += 1
        link(name, f"{table.label} — {table.year}")
        ws = workbook.add_worksheet(name)
        if table.cell_units is not None:
            # un relevé aux unités par case (comparer, verifier) : ses colonnes dans leur
            # ordre, chaque nombre au format de sa ligne
            header = [c.label for c in table.columns]
            rows = [*table.rows, *([table.total] if table.total is not None else [])]
            units_of = [[table.unit_at(i, j) for j in range(len(header))] for i in range(len(rows))]
        else:
            header, rows, units = merged_rows(table)
            units_of = [units] * len(rows)
        widths = [min(len(h), 30) for h in header]
        ws.write_string(0, 0, f"{table.label} — {table.year}", title_fmt)
        for c, h in enumerate(header):
            ws.write_string(2, c, h, bold)
        for r, (row, units) in enumerate(zip(rows, units_of, strict=True), start=3):
            for c, (value, unit) in enumerate(zip(row, units, strict=True)):
                put(ws, r, c, value, unit, widths)
        last = 2 + len(rows)
        ws.freeze_panes(3, 1)
        ws.autofilter(2, 0, last, len(header) - 1)
        _native_chart(workbook, ws, name, table, header)
        for k, note in enumerate(table.notes, start=last + 2):
            ws.write_string(k, 0, f"Note : {note}", note_fmt)
        finish(ws, widths)
    ws = workbook.add_worksheet(sheets["Sources"])
    link(sheets["Sources"], "Sources et lignes lues")
    header = ["Fichier", "SHA-256", "Lignes lues", "Utilisées", "Exclues", "Motifs d'exclusion"]
    widths = [len(h) for h in header]
    for c, h in enumerate(header):
        ws.write_string(0, c, h, bold)
    for r, src in enumerate(doc.sources, start=1):
        put(ws, r, 0, src.path, "texte", widths)
        put(ws, r, 1, src.sha256, "texte", widths)
        put(ws, r, 2, src.rows_read, "nombre", widths)
        put(ws, r, 3, src.rows_used, "nombre", widths)
        put(ws, r, 4, src.rows_excluded, "nombre", widths)
        put(ws, r, 5, exclusions_text(src), "texte", widths)
    ws.freeze_panes(1, 0)
    finish(ws, widths)
    summary.set_column(0, 0, 70)
    workbook.close()


def exclusions_text(source: SourceReport) -> str:
    """« année hors période : 36 444 ; ligne vide : 1 », ou « aucune ».

    >>> source = SourceReport("e.csv", "0" * 64, "evenements", "csv", 36445,
    ...                       excluded={"ligne vide": 1, "année hors période": 36444})
    >>> exclusions_text(source)
    'année hors période : 36 444 ; ligne vide : 1'
    """
    if not source.excluded:
        return "aucune"
    return " ; ".join(
        f"{motif} : {french_number(n, 'nombre')}" for motif, n in sorted(source.excluded.items())
    )


def excluded_text(source: SourceReport) -> str:
    """Les lignes exclues et leurs motifs, pour la case d'un tableau des annexes : les
    milliers séparés par une espace insécable (un nombre ne se coupe pas en fin de ligne).

    >>> source = SourceReport("e.csv", "0" * 64, "evenements", "csv", 50000,
    ...                       excluded={"ligne vide": 1, "année hors période": 44188})
    >>> excluded_text(source).replace("\\u00a0", "_")
    '44_189 (année hors période : 44_188 ; ligne vide : 1)'
    """
    text = f"{french_number(source.rows_excluded, 'nombre')} ({exclusions_text(source)})"
    return re.sub(r"(?<=\d) (?=\d{3}\b)", "\u00a0", text)


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
