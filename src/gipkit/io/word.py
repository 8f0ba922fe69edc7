"""Le rapport en Word (DOCX), à ouvrir et finir dans Word.

Ce que l'équipe d'un GIP attend d'un document qu'elle reprend : une page de titre, un
sommaire qui est un vrai champ Word (mis à jour à l'ouverture : Word le propose), les
styles de titre de Word (``Titre 1`` par chapitre, ``Titre 2`` par section du rapport,
``Titre 3`` par tableau : le volet de navigation et le sommaire fonctionnent), de vrais
tableaux Word (ligne d'en-tête répétée à chaque page, nombres à la française alignés à
droite, ligne de total en gras), chaque graphique en image avec sa légende et son texte
de remplacement, les notes sous les tableaux, et les annexes (fichiers lus, contrôles de
cohérence, paramètres).

Page A4 portrait, marges de 2 cm ; un tableau trop large pour la page (plus de
:data:`PORTRAIT_COLUMNS` colonnes) est placé dans une section en paysage. Un tableau qui
a N-1 est écrit avec N-1, N et l'évolution côte à côte quand cela tient en
:data:`MERGED_COLUMNS` colonnes, sinon en deux tableaux (N, puis N-1). Les cases masquées
par le secret statistique sont écrites « s ». Langue du document : français (correcteur
de Word). Même contenu pour les mêmes entrées (l'archive ZIP, elle, porte l'heure
d'écriture).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from gipkit import __version__
from gipkit.io.charts import DrawnCharts, chart_key, charts_for
from gipkit.io.render import (
    EVOLUTION,
    SECRET_MARK,
    evolution_text,
    excluded_text,
    french_number,
    merged_rows,
    scalar_cells,
    table_rows,
)
from gipkit.io.report import (
    Report,
    chapter_sections,
    computed_chapters,
    key_figures,
    missing_text,
    parameter_lines,
    report_checks,
    report_sources,
    report_tables,
)
from gipkit.results import Scalar, Table

#: au-delà, un tableau N-1 / N / évolution est écrit en deux tableaux
MERGED_COLUMNS = 7
#: au-delà, le tableau passe dans une section en paysage
PORTRAIT_COLUMNS = 7
#: où une ligne peut passer à la ligne suivante dans une case : espaces, après un trait
#: d'union ou une barre oblique (l'espace insécable n'en est pas un)
_WRAPS = re.compile(r"[ \t\n]+|(?<=[-/])")
TABLE_FONT_PT = 8.5
HEADER_FILL = "DCE6F2"
SUBTOTAL_FILL = "F3F6FA"
ACCENT = (0x0B, 0x53, 0x94)


#: ce que python-docx écrit en éléments dans un morceau de texte : tabulation, sauts de
#: ligne (gardés par le découpage)
_RUN_BREAKS = re.compile(r"([\t\r\n])")
#: caractères que XML refuse : contrôles autres que tabulation et sauts de ligne, moitiés
#: de paire, U+FFFE et U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: saut de ligne manuel (Maj+Entrée de Word) et saut de page
_BREAKS = re.compile("[\x0b\x0c]")


def clean_text(text: str) -> str:
    r"""Le texte tel qu'un document Word peut le contenir. Un export peut porter des
    caractères de contrôle dans un libellé (un nom collé depuis Word garde un « \x0b »
    à chaque retour à la ligne) : XML les refuse, et le rapport Word s'arrêtait sur une
    erreur interne. Saut de ligne manuel et saut de page deviennent un saut de ligne ;
    les autres, « \ufffd » (�), visibles plutôt que perdus.

    >>> clean_text("SEMI\x0bSE") == "SEMI\nSE", clean_text("A\x01B") == "A\ufffdB"
    (True, True)
    """
    return _NOT_XML.sub("\ufffd", _BREAKS.sub("\n", text))


def _rows_xml(
    rows: list[list[str]],
    widths: list[int],
    numeric: list[bool],
    *,
    strong: set[int],
    shaded: set[int],
    row_headers: bool,
) -> str:
    """Les lignes ``w:tr`` d'un tableau (la première est l'en-tête, répétée en haut de
    chaque page), en XML, telles que python-docx les écrirait : chaque case à sa largeur
    (``widths``, en vingtièmes de point), son ombre, son alignement, son gras et sa
    taille de police ; son texte comme l'écrit ``run.text`` de python-docx
    (:func:`_run_xml`).

    >>> xml = _rows_xml([["Ville", "2025"], ["Ivry", "1 234"]], [2000, 800], [False, True],
    ...                 strong=set(), shaded=set(), row_headers=True)
    >>> "<w:t>1 234</w:t>" in xml and xml.count("<w:tr>") == 2
    True
    """
    from docx.oxml.ns import nsdecls

    size = f'<w:sz w:val="{round(TABLE_FONT_PT * 2)}"/>'
    out = [f"<w:tbl {nsdecls('w')}>"]
    for r, values in enumerate(rows):
        out.append("<w:tr>")
        if r == 0:
            out.append('<w:trPr><w:tblHeader w:val="true"/></w:trPr>')
        fill = HEADER_FILL if r == 0 else SUBTOTAL_FILL if (r - 1) in shaded else None
        for c, value in enumerate(values):
            bold: bool | None = True if r == 0 or (r - 1) in strong else None
            if fill is None and c == 0 and row_headers:
                bold = bool(bold)
            out.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{widths[c]}"/>')
            if fill is not None:
                out.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>')
            out.append("</w:tcPr><w:p>")
            if numeric[c] and (r > 0 or c > 0):
                out.append('<w:pPr><w:jc w:val="right"/></w:pPr>')
            out.append("<w:r><w:rPr>")
            if bold is not None:
                out.append("<w:b/>" if bold else '<w:b w:val="0"/>')
            out.append(f"{size}</w:rPr>")
            out.append(f"{_run_xml(value)}</w:r></w:p></w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _run_xml(text: str) -> str:
    r"""Le contenu d'un morceau de texte Word, comme l'écrit ``run.text`` de python-docx :
    une tabulation en ``w:tab``, chaque saut de ligne en ``w:br``, le texte entre eux en
    ``w:t`` (espaces gardés s'il commence ou finit par une espace).

    >>> _run_xml(" a & b\tc\n")
    '<w:t xml:space="preserve"> a &amp; b</w:t><w:tab/><w:t>c</w:t><w:br/>'
    """
    out = []
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            out.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return "".join(out)


def _field_run(paragraph: Any, kind: str, instruction: str | None = None) -> None:
    """Un morceau de champ Word (début, instruction, séparation ou fin)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    if instruction is not None:
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = instruction
        run._r.append(text)
        return
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


class _Writer:
    """Écrit un :class:`~gipkit.io.report.Report` dans un document python-docx."""

    def __init__(self, charts: DrawnCharts) -> None:
        from docx import Document as new_document
        from docx.shared import Cm, Pt, RGBColor

        self.doc = new_document()
        #: les graphiques PNG du rapport, dessinés pendant la construction du document
        #: (:class:`DrawnCharts`)
        self.charts = charts
        self.tables = 0
        self.figures = 0
        #: identifiants des styles par (nom, sorte), cherchés une fois
        self._style_ids: dict[tuple[str, Any], str | None] = {}
        #: identifiant de la prochaine image (``None`` : pas encore cherché)
        self._shape_id: int | None = None
        self.landscape = False
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2))
        styles = self.doc.styles
        normal: Any = styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        for name, size in (("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12)):
            style: Any = styles[name]
            style.font.color.rgb = RGBColor(*ACCENT)
            style.font.size = Pt(size)
        chapter_style: Any = styles["Heading 1"]
        chapter_style.paragraph_format.page_break_before = True
        for name in ("Heading 2", "Heading 3"):
            title: Any = styles[name]
            title.paragraph_format.keep_with_next = True
        self._french_language()

    def _french_language(self) -> None:
        """Le français comme langue de tout le texte (correcteur, césure, guillemets)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        assert defaults is not None
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        assert rpr is not None
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "fr-FR")
        lang.set(qn("w:eastAsia"), "fr-FR")

    # -- morceaux --------------------------------------------------------------------

    def style_id(self, name: str, kind: Any = None) -> str | None:
        """L'identifiant du style ``name`` (paragraphe par défaut, ou ``kind``), cherché
        une fois : python-docx parcourt tous les styles du document, en convertissant
        chacun, à chaque paragraphe ou tableau stylé (un cinquième de la construction
        du rapport Word). ``None`` : le style par défaut, qu'on n'écrit pas."""
        from docx.enum.style import WD_STYLE_TYPE

        key = (name, kind or WD_STYLE_TYPE.PARAGRAPH)
        if key not in self._style_ids:
            part: Any = self.doc.part  # get_style_id n'est pas annotée
            self._style_ids[key] = part.get_style_id(name, key[1])
        return self._style_ids[key]

    def styled(self, text: str, style: str) -> Any:
        """Un paragraphe ``text`` du style ``style`` (``add_paragraph(text, style)``)."""
        paragraph = self.doc.add_paragraph(clean_text(text))
        paragraph._p.style = self.style_id(style)
        return paragraph

    def heading(self, text: str, level: int) -> Any:
        """Un titre de niveau ``level`` (``add_heading``)."""
        return self.styled(text, f"Heading {level}")

    def paragraph(self, text: str, style: str | None = None, *, bold_lead: str = "") -> Any:
        paragraph = self.doc.add_paragraph()
        if style is not None:
            paragraph._p.style = self.style_id(style)
        if bold_lead:
            paragraph.add_run(clean_text(bold_lead)).bold = True
        paragraph.add_run(clean_text(text))
        return paragraph

    def note(self, text: str) -> None:
        from docx.shared import Pt, RGBColor

        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(clean_text(text))
        run.italic = True
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0x44, 0x44, 0x44)

    def warning_box(self, lead: str, text: str) -> None:
        """Un encadré (bordure et fond orangés) : une extraction manque, un chapitre
        n'a pas pu être calculé."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import RGBColor

        paragraph = self.paragraph(text, bold_lead=f"{lead} : ")
        for run in paragraph.runs:
            run.font.color.rgb = RGBColor(0x8A, 0x3B, 0x00)
        ppr = paragraph._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "single")
            edge.set(qn("w:sz"), "12")
            edge.set(qn("w:space"), "4")
            edge.set(qn("w:color"), "8A3B00")
            borders.append(edge)
        ppr.append(borders)
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), "FFF4EC")
        ppr.append(shading)

    def caption(self, text: str) -> None:
        paragraph = self.styled(text, "Caption")
        paragraph.paragraph_format.keep_with_next = True

    def orientation(self, landscape: bool) -> None:
        """Passe en paysage (ou revient en portrait) par une nouvelle section."""
        if landscape == self.landscape:
            return
        from docx.enum.section import WD_ORIENT, WD_SECTION

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        width, height = section.page_width, section.page_height
        assert width is not None and height is not None
        if landscape != (width > height):
            section.page_width, section.page_height = height, width
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        self.landscape = landscape

    def grid(
        self,
        header: list[str],
        rows: list[list[str]],
        numeric: list[bool],
        *,
        caption: str,
        strong: set[int] | None = None,
        shaded: set[int] | None = None,
        row_headers: bool = True,
    ) -> None:
        """Un tableau Word : légende au-dessus, ligne d'en-tête répétée et ombrée, nombres
        à droite, lignes ``strong`` en gras (total), ``shaded`` ombrées (sous-totaux).

        Le tableau (style, alignement, grille) est fait par python-docx ; ses lignes sont
        écrites d'un coup en XML (:func:`_rows_xml`), le même que python-docx écrirait
        case par case : ses objets de case, de paragraphe et de police cherchent chacun
        leurs éléments dans l'arbre (``xpath``), ce qui prenait les trois quarts de la
        construction du rapport Word (docs/performance-journal.md)."""
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.oxml import parse_xml

        self.tables += 1
        self.caption(f"Tableau {self.tables} : {caption}")
        header = [clean_text(v) for v in header]
        rows = [[clean_text(v) for v in row] for row in rows]
        table = self.doc.add_table(rows=0, cols=len(header))
        table._tbl.tblStyle_val = self.style_id("Table Grid", WD_STYLE_TYPE.TABLE)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = self._widths(header, rows, numeric)
        for c, width in enumerate(widths):
            table.columns[c].width = width  # grille du tableau (LibreOffice la suit)
        written = parse_xml(
            _rows_xml(
                [header, *rows],
                [width.twips for width in widths],
                numeric,
                strong=strong or set(),
                shaded=shaded or set(),
                row_headers=row_headers,
            )
        )
        for tr in list(written):
            table._tbl.append(tr)
        self.doc.add_paragraph()

    def _widths(self, header: list[str], rows: list[list[str]], numeric: list[bool]) -> list[Any]:
        """Largeurs des colonnes (cm) : chaque colonne chiffrée assez large pour ses
        nombres et le plus long mot de son en-tête (pas de mot coupé) ; les colonnes de
        texte prennent le reste, selon leur contenu, sans dépasser 7 cm.

        Si la page est trop étroite, les colonnes de texte cèdent d'abord la place, sans
        descendre sous leur plus long mot ni sous 1,5 cm (elles passent à la ligne entre
        les mots, ou après un trait d'union ou une barre oblique) ; puis, s'il le faut,
        jusqu'à leur plus long mot ; puis jusqu'à 1,5 cm (leurs longs mots sont alors
        coupés). Les colonnes chiffrées gardent leur largeur ; seul un tableau dont même
        ces largeurs dépassent la page est réduit en entier dans la même proportion."""
        from docx.shared import Cm

        usable = 25.7 if self.landscape else 17.0
        per_char = 0.2
        margins = 0.4
        narrowest_text = 1.5

        def longest(c: int) -> int:
            return max((len(r[c]) for r in rows), default=0)

        def longest_word(texts: Iterable[str]) -> int:
            return max((len(w) for text in texts for w in _WRAPS.split(text)), default=0)

        numbers = [
            max(1.4, per_char * max(longest(c), longest_word([header[c]])) + margins)
            for c in range(len(numeric))
        ]
        words = [
            per_char * longest_word([header[c], *(r[c] for r in rows)]) + margins
            for c in range(len(numeric))
        ]
        need = [
            numbers[c]
            if numeric[c]
            else max(words[c], 2.5, min(7.0, per_char * max(longest(c), len(header[c])) + margins))
            for c in range(len(numeric))
        ]
        # les largeurs minimales des colonnes de texte, étape par étape : mots entiers et
        # 1,5 cm au moins, mots entiers, mots coupés à 1,5 cm
        for text_floor in (
            [max(w, narrowest_text) for w in words],
            words,
            [min(w, narrowest_text) for w in words],
        ):
            least = [numbers[c] if numeric[c] else text_floor[c] for c in range(len(need))]
            total = sum(need)
            if total <= usable:
                break
            slack = [n - f for n, f in zip(need, least, strict=True)]
            give = min(1.0, (total - usable) / sum(slack)) if sum(slack) > 0 else 0.0
            need = [n - s * give for n, s in zip(need, slack, strict=True)]
        total = sum(need)
        if total > usable:
            need = [w * usable / total for w in need]
        else:
            texts = [c for c, n in enumerate(numeric) if not n] or list(range(len(need)))
            spare = (usable - total) / len(texts)
            for c in texts:
                need[c] += spare
        return [Cm(w) for w in need]

    def picture(self, png: bytes, alt: str, title: str) -> None:
        from docx.oxml.shape import CT_Inline
        from docx.shared import Cm

        # le paragraphe et l'image tenus directement : ``doc.paragraphs[-1]`` et
        # ``doc.inline_shapes[-1]`` parcourent tout le document à chaque graphique
        paragraph = self.doc.add_paragraph()
        # ce que fait ``run.add_picture``, sauf l'identifiant : python-docx le cherche
        # dans tout le document à chaque image (le plus grand attribut ``id`` + 1) ; ici
        # une fois, puis compté (dans le corps, seules les images en portent)
        part = self.doc.part
        rid, image = part.get_or_add_image(io.BytesIO(png))
        width, height = image.scaled_dimensions(Cm(15.5), None)
        if self._shape_id is None:
            self._shape_id = part.next_id
        inline = CT_Inline.new_pic_inline(self._shape_id, rid, image.filename, width, height)
        self._shape_id += 1
        paragraph.add_run()._r.add_drawing(inline)
        paragraph.paragraph_format.keep_with_next = True
        inline.docPr.set("descr", clean_text(alt))
        inline.docPr.set("title", clean_text(title))
        self.figures += 1
        self.caption(f"Graphique {self.figures} : {title} (données dans le tableau suivant)")

    def toc(self, entries: list[str]) -> None:
        """Le sommaire : un champ TOC de Word, prérempli des titres des chapitres (Word
        ajoute les numéros de page en mettant le champ à jour)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        heading = self.paragraph("Sommaire", "Title")
        heading.paragraph_format.space_after = 0
        first = self.doc.add_paragraph()
        _field_run(first, "begin")
        _field_run(first, "", 'TOC \\o "1-2" \\h \\z \\u')
        _field_run(first, "separate")
        first.add_run(clean_text(entries[0]) if entries else "")
        for entry in entries[1:]:
            self.doc.add_paragraph(clean_text(entry))
        last = self.doc.add_paragraph()
        _field_run(last, "end")
        self.note(
            "Numéros de page : dans Word, clic droit sur le sommaire, « Mettre à jour les "
            "champs » (Word le propose à l'ouverture)."
        )
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        self.doc.settings.element.append(update)

    # -- contenu ---------------------------------------------------------------------

    def scalars(self, scalars: list[Scalar], title: str) -> None:
        if not scalars:
            return
        years = " / ".join(str(y) for y in sorted({s.year for s in scalars}))
        before = " / ".join(
            str(y) for y in sorted({s.previous_year for s in scalars if s.previous_year})
        )
        rows = []
        for s in scalars:
            previous, now = scalar_cells(s, french_number)
            # sans aucune valeur N-1, pas de colonnes N-1 ni Évolution (comme le texte)
            rows.append([s.label, previous, now, evolution_text(s)] if before else [s.label, now])
        self.grid(
            ["Indicateur", before, years, "Évolution"] if before else ["Indicateur", years],
            rows,
            [False, True, True, True] if before else [False, True],
            caption=f"{title} — {years}",
        )

    def table(self, table: Table) -> None:
        drawn = self.charts.get(chart_key(table))
        merged = merged_rows(table)
        # un relevé aux unités par case (comparer, verifier) : ses colonnes dans leur
        # ordre, chaque nombre dans l'unité de sa ligne (:meth:`Table.unit_at`)
        fits = table.cell_units is None and (
            table.previous is None or len(merged[0]) <= MERGED_COLUMNS
        )
        widest = len(merged[0]) if fits else len(table.columns)
        self.orientation(widest > PORTRAIT_COLUMNS)
        self.heading(table.label, 3)
        if drawn is not None:
            self.picture(drawn[0], drawn[1], table.label)
        if fits:
            header, rows, units = merged
            texts = [
                [
                    value
                    if isinstance(value, str) and unit == "texte"
                    else SECRET_MARK
                    if value == SECRET_MARK
                    else _change(value, unit)
                    for c, (value, unit) in enumerate(zip(row, units, strict=True))
                ]
                for row in rows
            ]
            self.grid(
                header,
                texts,
                [u != "texte" for u in units],
                caption=f"{table.label} — {table.year}",
                strong={len(rows) - 1} if table.total is not None else set(),
                shaded=table.subtotal_rows(),
            )
        else:
            self._plain(table)
            if table.previous is not None:
                self._plain(table.previous)
        for note in table.notes:
            self.note(f"Note : {note}")

    def _plain(self, table: Table) -> None:
        texts = table_rows(table, french_number)
        self.grid(
            [c.label for c in table.columns],
            texts,
            [c.unit != "texte" for c in table.columns],
            caption=f"{table.label} — {table.year}",
            strong={len(table.rows)} if table.total is not None else set(),
            shaded=table.subtotal_rows(),
        )


def _change(value: Any, unit: str) -> str:
    """Une case d'un tableau N-1 / N / évolution, à la française (« +2,5 pt », « -11 % »)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "" if value is None else str(value)
    if unit == EVOLUTION:  # en pour cent entiers, comme l'évolution des chiffres clés
        return f"{value * 100:+.0f} %"
    return french_number(value, unit)


def write_docx(report: Report, path: Path, drawn: DrawnCharts | None = None) -> None:
    """Écrit le rapport en DOCX : page de titre, sommaire, chiffres clés, un chapitre par
    structure (encadré pour ce qui manque, chiffres clés, puis chaque tableau avec son
    graphique et ses notes), annexes. ``drawn`` : des graphiques PNG déjà partis au
    dessin (:class:`DrawnCharts`), complétés de ceux qui y manquent."""
    # les graphiques se dessinent (processus à part) pendant que le document se construit
    with charts_for(report_tables(report), "png", drawn) as charts:
        _write(report, path, charts)


def _write(report: Report, path: Path, charts: DrawnCharts) -> None:
    from docx.enum.text import WD_BREAK

    w = _Writer(charts)
    doc = w.doc
    props = doc.core_properties
    props.title = clean_text(report.title)
    props.subject = "Rapport d'activité"
    props.author = "gipkit"
    props.last_modified_by = "gipkit"
    props.language = "fr-FR"
    props.comments = f"Produit par gipkit {__version__}"
    w.paragraph(report.title, "Title")
    if report.edition is not None:
        w.paragraph(report.edition_text(), "Subtitle")
    w.paragraph(
        f"Chiffres calculés par gipkit {__version__} à partir des extractions listées en "
        "annexe. Définitions et formules de chaque indicateur : pages docs/indicateurs/ de "
        "gipkit.",
        "Subtitle",
    )
    for warning in report.warnings:
        w.note(warning)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    entries = ["Chiffres clés"] if key_figures(report) else []
    entries += [c.title for c in report.chapters] + ["Annexes : sources et contrôles"]
    w.toc(entries)
    figures = key_figures(report)
    if figures:
        w.heading("Chiffres clés", 1)
        w.grid(
            ["Structure", "Indicateur", "Valeur", "Évolution"],
            [list(f) for f in figures],
            [False, False, True, True],
            caption="chiffres clés de l'année",
        )
    for chapter in report.chapters:
        w.orientation(False)
        w.heading(chapter.title, 1)
        for item in chapter.missing:
            w.warning_box("Manquant", missing_text(item))
        if chapter.error:
            w.warning_box("Chapitre non calculé", chapter.error)
        document = chapter.document
        if document is None:
            continue
        for title, results in chapter_sections(document):
            w.orientation(False)
            w.heading(title, 2)
            w.scalars([r for r in results if isinstance(r, Scalar)], title)
            for table in (r for r in results if isinstance(r, Table)):
                w.table(table)
    w.orientation(False)
    w.heading("Annexes : sources et contrôles", 1)
    sources = report_sources(report)
    w.grid(
        ["Chapitre", "Fichier", "SHA-256", "Lues", "Utilisées", "Exclues (motifs)"],
        [
            [
                title,
                src.path,
                src.sha256[:12] + "…",
                french_number(src.rows_read, "nombre"),
                french_number(src.rows_used, "nombre"),
                excluded_text(src),
            ]
            for title, src in sources
        ],
        [False, False, False, True, True, False],
        caption="fichiers lus et lignes",
    )
    w.heading("Contrôles de cohérence interne", 2)
    for title, checks, failed in report_checks(report):
        w.paragraph(f"{checks} contrôle(s), {failed} échec(s).", bold_lead=f"{title} : ")
    w.heading("Paramètres et définitions appliqués", 2)
    for title, document in computed_chapters(report):
        w.paragraph("", bold_lead=title)
        for line in parameter_lines(document):
            w.styled(line, "List Bullet")
    _save(doc, path)


#: la date des fichiers de l'archive DOCX : la plus ancienne que le format zip connaisse,
#: celle que xlsxwriter donne aux siens
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _save(doc: Any, path: Path) -> None:
    """Enregistre le document, chaque fichier de l'archive daté de :data:`ZIP_DATE`
    (python-docx les date de l'instant) : le même rapport donne le même fichier, octet
    pour octet, qu'on peut comparer ou signer d'une édition à l'autre."""
    import zipfile

    written = io.BytesIO()
    doc.save(written)
    with (
        zipfile.ZipFile(written) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            out.writestr(entry, source.read(info))
