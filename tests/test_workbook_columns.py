"""Un classeur XLSX lu sur ses seules colonnes utiles : l'en-tête trouvé dans le XML de la
feuille (:func:`gipkit.io.workbook.head_rows`), puis le lecteur Excel ne rend que les
colonnes reconnues (:func:`gipkit.io.sheets._needed_columns`). Chaque cas se compare à la
lecture de toute la feuille, le chemin d'avant : mêmes lignes, mêmes valeurs, même bilan."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import xlsxwriter

from gipkit.config import Config
from gipkit.errors import InvalidDataError
from gipkit.io import ReadOptions, reader, sheets, workbook
from gipkit.io.exports import EXPORTS
from helpers import HEADER, ROWS

SCHEMA = EXPORTS["serci.heures"]
COLUMNS = ["type_contrat", "date_debut"]
#: colonnes que le format ne connaît pas, écrites entre les siennes
NOISE = ["Commentaire", "Nom du référent", "Adresse"]


def _book(
    path: Path, rows: list[list[Any]], *, title: str | None = None, title_column: int = 0
) -> Path:
    """Un classeur écrit comme xlsxwriter (textes partagés) : ``rows`` à partir de la
    première ligne, ou de la troisième sous un titre (dans la colonne ``title_column``)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Export")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    start = 0
    if title is not None:
        sheet.write_string(0, title_column, title)
        start = 2
    for r, row in enumerate(rows, start=start):
        for c, value in enumerate(row):
            if isinstance(value, datetime.datetime):
                sheet.write_datetime(r, c, value, dates)
            elif isinstance(value, float):
                sheet.write_number(r, c, value)
            elif value is not None:
                sheet.write_string(r, c, value)
    book.close()
    return path


def _wide_rows(extra_rows: list[list[Any]] | None = None) -> list[list[Any]]:
    """L'en-tête de l'export SERCI des tests, trois colonnes inconnues intercalées, et ses
    lignes (nombres et dates écrits comme tels)."""
    header = [*HEADER[:3], NOISE[0], *HEADER[3:6], NOISE[1], *HEADER[6:], NOISE[2]]
    rows: list[list[Any]] = [header]
    for k, row in enumerate(ROWS):
        day = datetime.datetime(2025, 12, 31) if k == 0 else datetime.datetime(2025, 2, 1)
        hours = float(row[4].replace(" ", "").replace(",", "."))
        values = [row[0], row[1], row[2], f"note {k}", row[3], hours, row[5], f"réf {k}"]
        rows.append([*values, row[6], day, f"{k} rue de Paris"])
    return rows + (extra_rows or [])


def _both(path: Path, monkeypatch: pytest.MonkeyPatch, columns: list[str] = COLUMNS) -> Any:
    """La lecture par les colonnes utiles et celle de toute la feuille : (tableau, bilan,
    colonnes demandées au lecteur) de chacune."""
    asked: list[int] = []
    inner = sheets._load_sheet

    def spy(path: Path, position: int, keep: Any) -> Any:
        data, kept = inner(path, position, keep)
        asked.append(len(kept))
        return data, kept

    monkeypatch.setattr(sheets, "_load_sheet", spy)
    config = Config()
    fast = reader.read_export(path, SCHEMA, columns=columns, config=config)
    monkeypatch.setattr(sheets, "_needed_columns", lambda *a, **k: None)
    whole = reader.read_export(path, SCHEMA, columns=columns, config=config)
    return fast, whole, asked


def _same(fast: Any, whole: Any) -> None:
    assert fast[0].equals(whole[0])
    assert fast[1].rows_read == whole[1].rows_read
    assert fast[1].excluded == whole[1].excluded
    assert fast[1].found == whole[1].found and fast[1].absent == whole[1].absent
    assert fast[1].near == whole[1].near and fast[1].unique_key == whole[1].unique_key
    assert fast[1].sheet == whole[1].sheet and fast[1].sha256 == whole[1].sha256


def test_seules_les_colonnes_utiles_sont_demandees_au_lecteur(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _book(tmp_path / "x.xlsx", _wide_rows())
    fast, whole, asked = _both(path, monkeypatch)
    # les colonnes lues (obligatoires du format et demandées), pas les 11 de la feuille
    assert asked == [len(reader._wanted(SCHEMA, COLUMNS))]
    _same(fast, whole)
    assert fast[0]["date_debut"].to_list()[0] == datetime.date(2025, 12, 31)
    assert fast[0]["heures"].to_list() == [1234.5, 10.0, 7.25]


@pytest.mark.parametrize("title_column", [0, 3])
def test_sous_un_titre(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, title_column: int) -> None:
    """L'en-tête sous un titre et une ligne vide : mêmes lignes, mêmes numéros de ligne
    (ceux de la feuille entière) et même avertissement. Un titre dans une colonne que la
    commande ne lit pas (la quatrième) est une ligne vide pour le lecteur, qui la saute :
    l'en-tête est cherché dans ce qu'il rend."""
    from gipkit import journal

    path = _book(
        tmp_path / "x.xlsx", _wide_rows(), title="Export du 20/01/2026", title_column=title_column
    )
    with journal.opened(journal.Journal()) as said:
        reader.read_export(path, SCHEMA, columns=COLUMNS, config=Config())
    assert [w for w in said.warnings if "en-têtes lus à la ligne 3" in w]
    fast, whole, asked = _both(path, monkeypatch)
    assert asked[0] == len(reader._wanted(SCHEMA, COLUMNS))
    _same(fast, whole)
    assert fast[0]["ligne"].to_list() == whole[0]["ligne"].to_list() == [4, 5, 6]


def test_doublons_sous_un_titre(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """La relecture de toutes les colonnes, pour les doublons, commence elle aussi sous
    l'en-tête : la copie exacte est trouvée à son numéro de ligne."""
    rows = _wide_rows()
    path = _book(tmp_path / "x.xlsx", [*rows, list(rows[1])], title="Export", title_column=3)
    fast, whole, asked = _both(path, monkeypatch)
    assert len(asked) == 2
    _same(fast, whole)
    assert sum(fast[1].excluded.values()) == 1


def test_doublons_jugés_sur_toutes_les_colonnes_de_la_feuille(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deux lignes qui ne diffèrent que par une colonne que la commande ne lit pas ne sont
    pas des doublons ; deux lignes identiques en sont. La relecture des colonnes non lues
    se fait pour les seules candidates."""
    rows = _wide_rows()
    copy = list(rows[1])
    other = list(rows[2])
    other[3] = "une autre note"  # colonne inconnue du format
    path = _book(tmp_path / "x.xlsx", [*rows, copy, other])
    fast, whole, asked = _both(path, monkeypatch)
    assert asked[0] == len(reader._wanted(SCHEMA, COLUMNS))
    assert len(asked) == 2  # la relecture de toutes les colonnes, pour les candidates
    _same(fast, whole)
    assert fast[1].rows_read == 5
    assert sum(fast[1].excluded.values()) == 1  # la copie exacte seule


def test_ligne_qui_n_a_de_valeur_que_dans_une_colonne_non_lue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """La feuille a la même hauteur pour le lecteur, quelles que soient les colonnes
    rendues : une dernière ligne sans valeur dans les colonnes lues compte comme avant."""
    last: list[Any] = [None] * 11
    last[7] = "une note seule"
    path = _book(tmp_path / "x.xlsx", _wide_rows([last]))
    fast, whole, _ = _both(path, monkeypatch)
    _same(fast, whole)
    assert fast[1].rows_read == whole[1].rows_read == 4


def test_une_colonne_obligatoire_absente_est_dite_par_la_lecture_entiere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [[c for c in row if c != "Heures réalisées"] for row in _wide_rows()[:1]]
    path = _book(tmp_path / "x.xlsx", rows)
    with pytest.raises(InvalidDataError) as fast:
        reader.read_export(path, SCHEMA, columns=COLUMNS, config=Config())
    monkeypatch.setattr(sheets, "_needed_columns", lambda *a, **k: None)
    with pytest.raises(InvalidDataError) as whole:
        reader.read_export(path, SCHEMA, columns=COLUMNS, config=Config())
    # le même message, avec les en-têtes trouvés et la façon de déclarer la colonne
    assert fast.value.render() == whole.value.render()
    assert "colonne absente : `heures`" in fast.value.render()


def test_feuille_choisie_par_son_nom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"))
    book.add_worksheet("Lisez-moi").write_string(0, 0, "Export du 20/01/2026")
    sheet = book.add_worksheet("Heures")
    for r, row in enumerate([HEADER, *ROWS]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    options = ReadOptions(sheet="heures")
    frame, report = reader.read_export(
        tmp_path / "x.xlsx", SCHEMA, columns=COLUMNS, config=Config(), options=options
    )
    assert report.sheet == "Heures" and frame.height == 3
    assert workbook.head_rows(tmp_path / "x.xlsx", 1, 2) == [HEADER, ROWS[0]]


def _raw_book(path: Path, sheet: str, strings: str | None = None) -> Path:
    """Un XLSX écrit à la main : ``sheet``, le contenu de ``<sheetData>``."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="A" sheetId="1" r:id="rId7"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId7" Type="x/worksheet" '
            'Target="/xl/worksheets/feuille.xml"/><Relationship Id="rId8" '
            f'Type="{rel}/sharedStrings" Target="textes.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/worksheets/feuille.xml",
            f'<worksheet xmlns="{main}"><sheetData>{sheet}</sheetData></worksheet>',
        )
        if strings is not None:
            archive.writestr("xl/textes.xml", f'<sst xmlns="{main}">{strings}</sst>')
    return path


def test_en_tete_lu_dans_le_xml_comme_excel_l_ecrit(tmp_path: Path) -> None:
    """Textes partagés (riches, avec leur prononciation écartée), textes en ligne,
    nombres tels qu'écrits, cellules sans référence, lignes vides du haut sautées et
    lignes absentes rendues vides ; chemins des membres lus dans les relations."""
    strings = (
        "<si><t>Année</t></si>"
        "<si><r><t>N° </t></r><r><t>contrat</t></r><rPh><t>ケイヤク</t></rPh></si>"
    )
    sheet = (
        '<row r="2"/>'  # une ligne sans valeur : le lecteur commence plus bas
        '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="C3" t="s"><v>1</v></c>'
        '<c t="inlineStr"><is><t>Heures</t></is></c></row>'
        '<row r="5"><c r="B5"><v>2025</v></c></row>'
        "<row><c><v>1</v></c></row>"
    )
    path = _raw_book(tmp_path / "x.xlsx", sheet, strings)
    assert workbook.head_rows(path, 0, 30) == [
        ["Année", "", "N° contrat", "Heures"],
        [],
        ["", "2025"],
        ["1"],
    ]
    assert workbook.head_rows(path, 0, 2) == [["Année", "", "N° contrat", "Heures"], []]
    assert workbook.head_rows(path, 1, 2) is None  # pas de seconde feuille


def test_hors_xlsx_rien_n_est_lu_d_avance(tmp_path: Path) -> None:
    """Un ODS, une archive sans classeur, un texte partagé introuvable : ``None``, la
    feuille sera lue entière."""
    ods = tmp_path / "x.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("content.xml", "<office:document-content/>")
    assert workbook.head_rows(ods, 0, 30) is None
    (tmp_path / "x.txt").write_text("Année;N° contrat\n", encoding="utf-8")
    assert workbook.head_rows(tmp_path / "x.txt", 0, 30) is None
    broken = _raw_book(tmp_path / "y.xlsx", '<row r="1"><c t="s"><v>4</v></c></row>', "")
    assert workbook.head_rows(broken, 0, 30) is None


def test_les_valeurs_rendues_sont_celles_de_la_feuille_entiere(tmp_path: Path) -> None:
    """Le lecteur rend une colonne de la même façon, seule ou avec les autres."""
    path = _book(tmp_path / "x.xlsx", _wide_rows())
    alone, kept = sheets._load_sheet(path, 0, lambda i: i in (5, 9))
    whole = sheets._read_sheet(path, 0)
    assert kept == [5, 9]
    assert alone.equals(
        whole.select(whole.columns[5], whole.columns[9]).rename(
            dict(zip([whole.columns[5], whole.columns[9]], alone.columns, strict=True))
        )
    )
    assert alone.schema == pl.Schema({c: pl.String for c in alone.columns})


def test_entites_en_cascade_refusees_par_la_lecture_de_l_en_tete(tmp_path: Path) -> None:
    """Un XML piégé (« billion laughs » : des entités qui se développent en gigaoctets)
    n'est pas développé : la lecture de l'en-tête renonce aussitôt (``None``), la feuille
    reste à la charge du lecteur et de ses limites."""
    import time

    doctype = (
        '<!DOCTYPE worksheet [<!ENTITY a0 "xxxxxxxxxx">'
        + "".join(f'<!ENTITY a{k} "{f"&a{k - 1};" * 10}">' for k in range(1, 10))
        + "]>"
    )
    path = _raw_book(
        tmp_path / "x.xlsx", '<row r="1"><c t="inlineStr"><is><t>&a9;</t></is></c></row>'
    )
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    sheet = members["xl/worksheets/feuille.xml"]
    members["xl/worksheets/feuille.xml"] = doctype.encode() + sheet
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    started = time.perf_counter()
    assert workbook.head_rows(path, 0, 30) is None
    assert time.perf_counter() - started < 5


def test_colonne_demandee_absente_et_en_tete_proche(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Une colonne facultative demandée mais absente, un en-tête proche dans la feuille :
    le même bilan (absente, « vouliez-vous dire ») par les deux lectures."""
    rows = _wide_rows()
    rows[0] = ["Typ de contrat" if h == "Type de contrat" else h for h in rows[0]]
    path = _book(tmp_path / "x.xlsx", rows)
    fast, whole, asked = _both(path, monkeypatch)
    assert asked and "type_contrat" in fast[1].absent
    assert fast[1].near.get("type_contrat") == "Typ de contrat"
    _same(fast, whole)
