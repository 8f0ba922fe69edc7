"""Le rapport d'activité complet : un chapitre par structure, en HTML, Markdown ou JSON.

Chaque chapitre est le document ``tout`` de sa structure ; un chapitre dont des
extractions manquent est présent, avec un encadré qui le dit. Le HTML est un fichier
autonome (styles en ligne, aucune ressource réseau, ``lang="fr"``), accessible (légende
de chaque tableau, en-têtes ``<th scope>``) et imprimable en PDF depuis le navigateur
(feuille de style d'impression, saut de page avant chaque chapitre, sommaire). Mêmes
entrées, mêmes octets : aucune date n'est écrite.
"""

from __future__ import annotations

import datetime
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gipkit.checks.consistency import consistency
from gipkit.io.charts import ChartKey, DrawnCharts, chart_key, charts_for
from gipkit.io.render import (
    SECRET_MARK,
    evolution_text,
    excluded_text,
    french_number,
    render_text,
    scalar_cells,
)
from gipkit.io.source import SourceReport
from gipkit.journal import Missing
from gipkit.results import Document, Result, Scalar, Table

REPORT_SCHEMA = "gipkit/rapport/1.1"
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _t(text: str) -> str:
    """Un texte sûr dans un nœud HTML (les guillemets n'y ont pas besoin d'échappement)."""
    return html.escape(text, quote=False)


@dataclass
class Chapter:
    """Un chapitre : la structure, son titre, son document (ou ``None``), ses manques."""

    key: str
    title: str
    document: Document | None
    missing: list[Missing] = field(default_factory=list)
    error: str | None = None


@dataclass
class Report:
    """Le rapport : titre, année, chapitres dans l'ordre du rapport."""

    title: str
    year: int | None
    chapters: list[Chapter]
    warnings: list[str] = field(default_factory=list)
    #: date d'édition, seulement si on la demande (``--date``) : sans elle, mêmes entrées,
    #: mêmes octets
    edition: datetime.date | None = None

    def edition_text(self) -> str:
        """« Édition du 3 décembre 2026 », ou rien."""
        if self.edition is None:
            return ""
        d = self.edition
        day = "1er" if d.day == 1 else str(d.day)
        return f"Édition du {day} {MONTHS[d.month - 1]} {d.year}"


def chapter_sections(doc: Document) -> list[tuple[str, list[Result]]]:
    """Les résultats d'un document rangés dans les sections déclarées de sa structure
    (``gipkit.chapters``), dans l'ordre du rapport ; une section sans résultat est omise,
    un résultat non déclaré va dans « Autres résultats »."""
    from gipkit.chapters import STRUCTURES

    structure = STRUCTURES.get(doc.command.split(" ")[0]) if doc.command else None
    by_id = {r.id: r for r in doc.results}
    out: list[tuple[str, list[Result]]] = []
    placed: set[str] = set()
    for section in structure.sections if structure is not None else ():
        results = [by_id[o.id] for o in section.outputs if o.id in by_id]
        placed.update(r.id for r in results)
        if results:
            out.append((section.title, results))
    rest = [r for r in doc.results if r.id not in placed]
    if rest:
        out.append(("Autres résultats" if out else "Résultats", rest))
    return out


def report_tables(report: Report) -> list[Table]:
    """Les tableaux du rapport, dans l'ordre où ils sont publiés (ceux de N-1 exceptés)."""
    return [
        table
        for chapter in report.chapters
        if chapter.document is not None
        for table in chapter_tables(chapter.document)
    ]


def chapter_tables(doc: Document) -> list[Table]:
    """Les tableaux d'un chapitre, dans l'ordre où ils sont publiés (ceux de N-1
    exceptés)."""
    return [r for _, results in chapter_sections(doc) for r in results if isinstance(r, Table)]


def _drawings(report: Report, drawn: DrawnCharts | None) -> dict[ChartKey, tuple[str, str]]:
    """Les graphiques SVG du rapport : ceux de ``drawn`` (complétés), sinon dessinés ici."""
    with charts_for(report_tables(report), "svg", drawn) as charts:
        return charts.every()


def _part(doc: Document, results: list[Result]) -> Document:
    """Le document réduit aux résultats d'une section (pour le rendu)."""
    return Document(doc.command, doc.parameters, [], results, protection=doc.protection)


def single_report(doc: Document) -> Report:
    """Le document d'une commande présenté comme un rapport d'un chapitre (sortie Word
    d'une commande)."""
    years = sorted({r.year for r in doc.results})
    year = years[-1] if years else None
    title = f"gipkit {doc.command}" + (f" — {year}" if year is not None else "")
    structure = doc.command.split()[0] if doc.command else ""
    chapter = Chapter(structure, f"gipkit {doc.command}", doc, list(doc.missing))
    return Report(title, year, [chapter], list(doc.warnings))


def key_figures(report: Report) -> list[tuple[str, str, str, str]]:
    """Les chiffres clés déclarés de chaque structure (``gipkit.chapters``) :
    (chapitre, indicateur, valeur de N, évolution)."""
    from gipkit.chapters import STRUCTURES

    rows = []
    for chapter in report.chapters:
        if chapter.document is None:
            continue
        scalars = {r.id: r for r in chapter.document.results if isinstance(r, Scalar)}
        structure = STRUCTURES.get(chapter.key)
        for ident in structure.key_figures if structure is not None else ():
            s = scalars.get(ident)
            if s is None:
                continue
            value = SECRET_MARK if s.secret else french_number(s.value, s.display_unit)
            rows.append((chapter.title, s.label, value, evolution_text(s)))
    return rows


def computed_chapters(report: Report) -> list[tuple[str, Document]]:
    """(titre, document) des chapitres calculés, pour les annexes."""
    return [(c.title, c.document) for c in report.chapters if c.document is not None]


def report_sources(report: Report) -> list[tuple[str, SourceReport]]:
    """(chapitre, fichier lu) de chaque chapitre calculé."""
    return [(title, src) for title, doc in computed_chapters(report) for src in doc.sources]


def report_checks(report: Report) -> list[tuple[str, int, int]]:
    """(chapitre, contrôles de cohérence interne, échecs) de chaque chapitre calculé."""
    out = []
    for title, doc in computed_chapters(report):
        checks = consistency(doc.to_json())
        out.append((title, len(checks), sum(not c.ok for c in checks)))
    return out


def parameter_lines(doc: Document) -> list[str]:
    out = []
    for key, value in sorted(doc.parameters.items()):
        text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        out.append(f"{key} = {text}")
    return out


def report_json(report: Report) -> str:
    """Le rapport pour les machines : les documents des chapitres, dans l'ordre."""
    data: dict[str, Any] = {
        "schema": REPORT_SCHEMA,
        "titre": report.title,
        "annee": report.year,
        "date": report.edition.isoformat() if report.edition is not None else None,
        "avertissements": report.warnings,
        "chapitres": [
            {
                "structure": c.key,
                "titre": c.title,
                "manquants": [m.to_json() for m in c.missing],
                "erreur": c.error,
                "document": c.document.to_json() if c.document is not None else None,
            }
            for c in report.chapters
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def report_markdown(
    report: Report,
    charts: dict[str, str] | None = None,
    folder: str = "",
    drawn: DrawnCharts | None = None,
) -> str:
    """Le rapport en un document Markdown : titre, sommaire, chapitres, annexes.

    Avec ``charts`` (un dictionnaire à remplir), chaque graphique est rangé sous son nom de
    fichier (``folder/ID.svg``) pour être écrit à côté du document, et le chapitre s'achève
    par ses graphiques."""
    parts = [f"# {report.title}", ""]
    if report.edition is not None:
        parts += [f"*{report.edition_text()}*", ""]
    if report.warnings:  # en tête, comme dans le document Word : ils touchent des chiffres
        parts += [f"> **{WARNINGS_TITLE}** ({len(report.warnings)}) — {WARNINGS_LEAD}", ">"]
        parts += [f"> - {w}" for w in report.warnings]
        parts.append("")
    parts += ["## Sommaire", "", "- [Chiffres clés](#chiffres-cles)"]
    parts += [f"- [{c.title}](#{c.key})" for c in report.chapters]
    parts += ["- [Annexes : sources et contrôles](#annexes)", ""]
    drawings = _drawings(report, drawn) if charts is not None else {}
    figures = key_figures(report)
    if figures:
        parts += ['<a id="chiffres-cles"></a>', "", "## Chiffres clés", ""]
        parts += ["| structure | indicateur | valeur | évolution |"]
        parts.append("|---|---|---:|---:|")
        parts += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in figures]
        parts.append("")
    for chapter in report.chapters:
        parts += [f'<a id="{chapter.key}"></a>', "", f"# {chapter.title}", ""]
        parts += [f"> **Manquant** : {missing_text(m)}" for m in chapter.missing]
        if chapter.error:
            parts.append(f"> **Chapitre non calculé** : {chapter.error}")
        if chapter.document is not None:
            for title, results in chapter_sections(chapter.document):
                parts += [f"## {title}", ""]
                section = _part(chapter.document, results)
                parts.append(render_text(section, markdown=True, level=3))
                if charts is None:
                    continue
                for table in (r for r in results if isinstance(r, Table)):
                    figure = drawings.get(chart_key(table))
                    if figure is not None:
                        name = f"{folder}/{table.id}.svg" if folder else f"{table.id}.svg"
                        charts[name] = figure[0]
                        parts += [f"![{figure[1]}]({name})", ""]
    parts += ['<a id="annexes"></a>', "", "# Annexes : sources et contrôles", ""]
    parts += _annex_lines(report)
    return "\n".join(parts).rstrip() + "\n"


#: le titre et la phrase qui annoncent les avertissements, en tête du rapport
WARNINGS_TITLE = "Avertissements"
WARNINGS_LEAD = "ce qui suit touche des chiffres de ce rapport ; à lire avant eux."


def _warnings_html(warnings: Sequence[str]) -> list[str]:
    """Les avertissements du calcul, en tête du rapport, dans un encadré : en annexe, un
    lecteur voyait « 0,0 % en QPV » sans lire, vingt pages plus loin, que ses jeunes
    manquaient à l'extraction des jeunes."""
    if not warnings:
        return []
    items = "".join(f"<li>{_t(w)}</li>" for w in warnings)
    return [
        f'<aside class="avertissements" aria-label="{WARNINGS_TITLE}"><p><strong>'
        f"{WARNINGS_TITLE} ({len(warnings)})</strong> — {_t(WARNINGS_LEAD)}</p>"
        f"<ul>{items}</ul></aside>"
    ]


def missing_text(item: Missing) -> str:
    left = ", ".join(item.indicators) if item.indicators else "aucun indicateur"
    return f"{item.what} « {item.name} » ({item.reason}) ; non calculés : {left}"


def _annex_lines(report: Report) -> list[str]:
    lines = ["| chapitre | fichier | SHA-256 | lues | utilisées | exclues (motifs) |"]
    lines.append("|---|---|---|---|---|---|")
    for title, src in report_sources(report):
        lines.append(
            f"| {title} | {src.path} | `{src.sha256[:12]}…` | "
            f"{french_number(src.rows_read, 'nombre')} | "
            f"{french_number(src.rows_used, 'nombre')} | {excluded_text(src)} |"
        )
    lines += ["", "Contrôles de cohérence interne :", ""]
    for title, checks, failed in report_checks(report):
        lines.append(f"- {title} : {checks} contrôle(s), {failed} échec(s)")
    lines += ["", "Paramètres et définitions appliqués (voir docs/indicateurs/ de gipkit) :", ""]
    for title, document in computed_chapters(report):
        lines.append(f"- {title} : " + " ; ".join(parameter_lines(document)))
    return lines


#: au-delà, un tableau est écrit en petits caractères
WIDE_COLUMNS = 7

CSS = """
:root { --ink: #1b1b1b; --muted: #555; --rule: #c8c8c8; --accent: #0b5394; --warn: #8a3b00; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: var(--ink);
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { color: var(--accent); font-size: 1.9rem; margin-bottom: .2rem; }
p.edition { color: var(--muted); margin-top: 0; }
h2 { color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: .2rem;
     margin-top: 3rem; }
h3 { font-size: 1.05rem; margin: 1.8rem 0 .4rem; }
h3.section { font-size: 1.35rem; color: var(--accent); margin-top: 2.6rem; }
h4 { font-size: 1.02rem; margin: 1.6rem 0 .4rem; }
nav ol { columns: 2; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .3rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; caption-side: top; }
th, td { border-bottom: 1px solid var(--rule); padding: .25rem .5rem; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); text-align: left; vertical-align: bottom;
           hyphens: auto; }
tbody th { text-align: left; font-weight: normal; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
table.large { font-size: .76rem; }
table.sources td { overflow-wrap: anywhere; }
table.large th, table.large td { padding: .2rem .25rem; }
table.large thead th { overflow-wrap: break-word; }
@media print { table.large { font-size: 7.5pt; } }
tr.total th, tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
tr.sous-total th, tr.sous-total td { font-weight: 600; background: #f3f6fa; }
p.note { color: var(--muted); font-size: .85rem; margin: .1rem 0; }
aside.avertissements { border: 2px solid var(--warn); padding: .6rem .8rem; margin: 1rem 0;
                      border-radius: .3rem; font-size: .9rem; }
aside.avertissements p { margin: 0 0 .3rem; color: var(--warn); }
aside.avertissements ul { margin: 0; padding-left: 1.2rem; }
div.manque { border: 2px solid var(--warn); color: var(--warn); padding: .6rem .8rem;
             margin: 1rem 0; border-radius: .3rem; }
.table-wrap { overflow-x: auto; }
figure.graphique { margin: .6rem 0 .2rem; }
figure.graphique svg { max-width: 100%; height: auto; }
figure.graphique figcaption { color: var(--muted); font-size: .8rem; }
@page { size: A4; margin: 1.5cm 1.4cm; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  h2 { break-before: page; }
  table { break-inside: auto; } tr { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  nav { break-after: page; }
  figure.graphique { break-inside: avoid; }
  h3, h4, caption { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


#: mots d'en-tête à partir desquels le navigateur peut couper (trait d'union conditionnel)
HYPHENATE_FROM = 9


def hyphenated(text: str) -> str:
    """Un en-tête de colonne avec des traits d'union conditionnels (U+00AD) aux coupures
    françaises des mots longs : un tableau large tient dans la page imprimée sans couper
    un mot n'importe où (Chromium sous Linux n'a pas de dictionnaire pour
    ``hyphens: auto``). Invisible tant que le mot n'est pas coupé.

    >>> hyphenated("Part (Logement temporaire)").replace("\u00ad", "-")
    'Part (Logement tem-po-raire)'
    """
    import pyphen

    dictionary = pyphen.Pyphen(lang="fr_FR", left=3, right=3)

    def cut(word: str) -> str:
        core = word.strip('()[],;:.«»"')
        if len(core) < HYPHENATE_FROM:
            return word
        return word.replace(core, dictionary.inserted(core, hyphen="\u00ad"))

    return " ".join(cut(w) for w in text.split(" "))


def _cell(value: Any, unit: str) -> str:
    return _t(french_number(value, unit) if not isinstance(value, str) else value)


def _table_html(table: Table, anchor: str) -> list[str]:
    subtotals = table.subtotal_rows()
    secret = set(table.secret)
    wide = len(table.columns) > WIDE_COLUMNS
    large = " large" if wide else ""
    out = [f'<div class="table-wrap{large}" id="{anchor}"><table class="{large.strip() or "std"}">']
    out.append(f"<caption>{_t(table.label)} — {table.year}</caption>")
    out.append("<thead><tr>")
    for c in table.columns:
        cls = "" if c.unit == "texte" else ' class="n"'
        out.append(f'<th scope="col"{cls}>{_t(hyphenated(c.label))}</th>')
    out.append("</tr></thead><tbody>")
    rows = [(i, r) for i, r in enumerate(table.rows)]
    if table.total is not None:
        rows.append((-1, table.total))
    for i, row in rows:
        cls = ' class="total"' if i == -1 else ' class="sous-total"' if i in subtotals else ""
        out.append(f"<tr{cls}>")
        for j, (value, column) in enumerate(zip(row, table.columns, strict=True)):
            text = SECRET_MARK if (i, j) in secret else _cell(value, column.shown or column.unit)
            if j == 0:
                out.append(f'<th scope="row">{text}</th>')
            else:
                num = "" if column.unit == "texte" else ' class="n"'
                out.append(f"<td{num}>{text}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    out += [f'<p class="note">Note : {_t(n)}</p>' for n in table.notes]
    return out


def _scalars_html(scalars: list[Scalar], key: str, title: str = "Chiffres clés") -> list[str]:
    if not scalars:
        return []
    out = [f'<div class="table-wrap" id="{key}-valeurs"><table>']
    years = sorted({s.year for s in scalars})
    before_years = sorted({s.previous_year for s in scalars if s.previous_year is not None})
    now_label = " / ".join(str(y) for y in years)
    before_label = " / ".join(str(y) for y in before_years) or "N-1"
    out.append(f"<caption>{_t(title)} — {now_label}</caption>")
    out.append(
        f'<thead><tr><th scope="col">Indicateur</th><th scope="col" class="n">{before_label}'
        f'</th><th scope="col" class="n">{now_label}</th>'
        '<th scope="col" class="n">Évolution</th></tr></thead>'
    )
    out.append("<tbody>")
    for s in scalars:
        before, now = scalar_cells(s, _cell)
        change = evolution_text(s)
        out.append(
            f'<tr><th scope="row">{_t(s.label)}</th>'
            f'<td class="n">{before}</td><td class="n">{now}</td>'
            f'<td class="n">{_t(change)}</td></tr>'
        )
    out.append("</tbody></table></div>")
    return out


def report_html(report: Report, *, charts: bool = True, drawn: DrawnCharts | None = None) -> str:
    """Le rapport en un fichier HTML autonome et imprimable, graphiques SVG en ligne.

    ``drawn`` : des graphiques SVG déjà partis au dessin (:class:`DrawnCharts`, ceux du
    rapport qui y manquent y sont ajoutés) ; sinon, ils sont dessinés ici."""
    drawings = _drawings(report, drawn) if charts else {}
    title = _t(report.title)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="fr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{title}</h1>"
        + (f'<p class="edition">{report.edition_text()}</p>' if report.edition else "")
        + "</header>",
        *_warnings_html(report.warnings),
        '<nav aria-label="Sommaire"><h2 style="break-before:auto">Sommaire</h2><ol>',
        '<li><a href="#chiffres-cles">Chiffres clés</a></li>',
    ]
    parts += [f'<li><a href="#{c.key}">{_t(c.title)}</a></li>' for c in report.chapters]
    parts += ['<li><a href="#annexes">Annexes : sources et contrôles</a></li>', "</ol></nav>"]
    parts.append("<main>")
    figures = key_figures(report)
    if figures:
        parts.append('<section id="chiffres-cles"><h2>Chiffres clés</h2>')
        parts.append('<div class="table-wrap"><table><caption>Chiffres clés de l\'année</caption>')
        parts.append(
            '<thead><tr><th scope="col">Structure</th><th scope="col">Indicateur</th>'
            '<th scope="col" class="n">Valeur</th><th scope="col" class="n">Évolution</th>'
            "</tr></thead><tbody>"
        )
        for structure, label, value, change in figures:
            parts.append(
                f'<tr><th scope="row">{_t(structure)}</th><td>{_t(label)}</td>'
                f'<td class="n">{_t(value)}</td><td class="n">{_t(change)}</td></tr>'
            )
        parts.append("</tbody></table></div></section>")
    for chapter in report.chapters:
        parts.append(f'<section id="{chapter.key}"><h2>{_t(chapter.title)}</h2>')
        for item in chapter.missing:
            parts.append(
                f'<div class="manque" role="note"><strong>Manquant</strong> : '
                f"{_t(missing_text(item))}</div>"
            )
        if chapter.error:
            parts.append(
                f'<div class="manque" role="note"><strong>Chapitre non calculé</strong> : '
                f"{_t(chapter.error)}</div>"
            )
        doc = chapter.document
        for k, (section, results) in enumerate(chapter_sections(doc) if doc else []):
            parts.append(f'<h3 class="section" id="{chapter.key}-{k + 1}">{_t(section)}</h3>')
            scalars = [r for r in results if isinstance(r, Scalar)]
            parts += _scalars_html(scalars, f"{chapter.key}-{k + 1}", section)
            for table in (r for r in results if isinstance(r, Table)):
                parts.append(f"<h4>{_t(table.label)}</h4>")
                figure = drawings.get(chart_key(table))
                if figure is not None:
                    svg, alt = figure
                    parts.append(
                        f'<figure class="graphique" role="img" aria-label="{html.escape(alt)}">'
                        f"{svg}<figcaption>Graphique : {_t(table.label)} (données dans le "
                        "tableau ci-dessous)</figcaption></figure>"
                    )
                parts += _table_html(table, table.id.replace(".", "-"))
                if table.previous is not None:
                    parts += _table_html(table.previous, table.id.replace(".", "-") + "-n-1")
        parts.append("</section>")
    parts.append('<section id="annexes"><h2>Annexes : sources et contrôles</h2>')
    parts.append(
        '<div class="table-wrap"><table class="sources"><caption>Fichiers lus</caption><thead><tr>'
    )
    for head in ("Chapitre", "Fichier", "SHA-256", "Lues", "Utilisées", "Exclues (motifs)"):
        cls = ' class="n"' if head in ("Lues", "Utilisées") else ""
        parts.append(f'<th scope="col"{cls}>{head}</th>')
    parts.append("</tr></thead><tbody>")
    for title, src in report_sources(report):
        parts.append(
            f'<tr><th scope="row">{_t(title)}</th>'
            f"<td>{_t(src.path)}</td><td><code>{src.sha256[:16]}…</code></td>"
            f'<td class="n">{french_number(src.rows_read, "nombre")}</td>'
            f'<td class="n">{french_number(src.rows_used, "nombre")}</td>'
            f"<td>{_t(excluded_text(src))}</td></tr>"
        )
    parts.append("</tbody></table></div>")
    for title, checks, failed in report_checks(report):
        parts.append(
            f'<p class="note">{_t(title)} : {checks} contrôle(s) de '
            f"cohérence interne, {failed} échec(s).</p>"
        )
    parts.append("<h3>Paramètres et définitions appliqués</h3>")
    for title, document in computed_chapters(report):
        items = "".join(f"<li><code>{_t(p)}</code></li>" for p in parameter_lines(document))
        parts.append(f"<p>{_t(title)} :</p><ul>{items}</ul>")
    parts.append(
        '<p class="note">Définitions, formules et sources de chaque indicateur : pages '
        "docs/indicateurs/ de gipkit.</p>"
    )
    parts += ["</section>", "</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"
