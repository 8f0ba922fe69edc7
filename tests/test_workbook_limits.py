"""Classeurs piégés (issue 10, §7) : bombe zip qui ment sur sa taille, grille démesurée
créée par une cellule isolée ; la mémoire reste bornée aux limites par défaut."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from gipkit.config import Config, Limits
from gipkit.errors import InvalidDataError
from gipkit.io import read_export, sheet_xml, workbook
from gipkit.io.exports import EXPORTS
from gipkit.io.source import ReadOptions
from helpers import HEADER, ROWS

SCHEMA = EXPORTS["serci.heures"]


def _workbook(path: Path, far: tuple[int, int] | None = None) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Export")
    sheet.write_row(0, 0, HEADER)
    for i, row in enumerate(ROWS, start=1):
        sheet.write_row(i, 0, row)
    if far is not None:
        sheet.write(far[0], far[1], "x")
    book.close()
    return path


def _lying_bomb(source: Path, path: Path, padding: int) -> Path:
    """Le classeur ``source`` dont la feuille est suivie de ``padding`` octets d'espaces
    (très compressibles), et dont l'archive déclare la taille d'origine de la feuille."""
    with zipfile.ZipFile(source) as original:
        members = [(i, original.read(i)) for i in original.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data + b" " * padding
            out.writestr(info.filename, data)
    raw = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    small = struct.pack("<I", 4096)
    local = raw.find(b"PK\x03\x04")  # premier en-tête local
    while local != -1:
        n, e = struct.unpack("<HH", raw[local + 26 : local + 30])
        if raw[local + 30 : local + 30 + n] == name:
            raw[local + 22 : local + 26] = small
        local = raw.find(b"PK\x03\x04", local + 30 + n + e)
    central = raw.find(b"PK\x01\x02")
    while central != -1:
        n = struct.unpack("<H", raw[central + 28 : central + 30])[0]
        if raw[central + 46 : central + 46 + n] == name:
            raw[central + 24 : central + 28] = small
        central = raw.find(b"PK\x01\x02", central + 46)
    path.write_bytes(bytes(raw))
    return path


def test_bombe_zip_qui_ment_sur_sa_taille(tmp_path: Path) -> None:
    source = _workbook(tmp_path / "source.xlsx")
    bomb = _lying_bomb(source, tmp_path / "bombe.xlsx", padding=30_000_000)
    assert bomb.stat().st_size < 200_000
    with zipfile.ZipFile(bomb) as archive:  # la taille déclarée est petite
        assert sum(i.file_size for i in archive.infolist()) < 1_000_000
    config = Config(limites=Limits(xlsx_decompresse_max_mo=10))
    with pytest.raises(InvalidDataError, match="réellement décompressés"):
        read_export(bomb, SCHEMA, columns=[], config=config)


def test_cellule_isolee_loin_des_donnees(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "loin.xlsx", far=(20_000, 2_000))
    with pytest.raises(InvalidDataError) as err:
        read_export(path, SCHEMA, columns=[], config=Config())
    assert "20 001 lignes et 2 001 colonnes" in err.value.render()


def test_memoire_bornee_a_la_limite_de_cellules(tmp_path: Path) -> None:
    """Au plus près de la limite de cellules par défaut (20 millions), la commande entière
    reste sous 2 Go de mémoire."""
    limit = Limits().xlsx_cellules_max
    rows = limit // 2_000 - 1
    path = _workbook(tmp_path / "limite.xlsx", far=(rows - 1, 1_999))
    code = (
        "import resource, sys\n"
        "from gipkit.cli import main\n"
        "try:\n"
        "    main(['serci', 'heures', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )
    peak_kib = int(proc.stdout.strip().splitlines()[-1])
    assert "Erreur interne" not in proc.stderr
    assert proc.stderr.startswith("Source"), proc.stderr  # lu jusqu'au bout
    assert peak_kib * 1024 < 2 * 1024**3, peak_kib


@pytest.mark.parametrize(
    "cell",
    [
        b'<c r="BZ20000" t="s"><v>0</v></c>',
        b"<c r='BZ20000'><v>1</v></c>",  # apostrophes : du XML valide aussi
        b'<x:c r="BZ20000"><x:v>1</x:v></x:c>',  # espace de noms préfixé
    ],
)
@pytest.mark.parametrize(
    "row",
    [b'<row r="20000">', b"<row spans='1:78' r='20000'>", b'<x:row r="20000" x:spans="1:78">'],
)
def test_la_cellule_lointaine_est_vue_quelle_que_soit_son_ecriture(
    tmp_path: Path, cell: bytes, row: bytes
) -> None:
    """Une feuille écrite par un autre outil qu'Excel : la colonne la plus lointaine est
    trouvée, et la grille (20 000 lignes × 78 colonnes) refusée au-delà de la limite."""
    sheet = (
        b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        + row
        + cell
        + b'</row><is><t>arrow r="999999" (un texte, pas une ligne)</t></is>'
        + b"</sheetData></worksheet>"
    )
    path = tmp_path / "autre.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    facts = workbook.inspect(path, max_bytes=10**9, max_cells=10**9)
    assert facts.cells == 20_000 * 78
    with pytest.raises(InvalidDataError, match="20 000 lignes et 78 colonnes"):
        workbook.inspect(path, max_bytes=10**9, max_cells=1_000_000)


def _ods(path: Path, rows: bytes) -> Path:
    """Un classeur OpenDocument dont la feuille est faite de ``rows`` (des lignes
    ``table:table-row`` écrites telles quelles), après l'en-tête et les lignes de
    :data:`ROWS`."""

    def row(values: list[str]) -> bytes:
        cells = b"".join(
            b'<table:table-cell office:value-type="string"><text:p>'
            + v.encode()
            + b"</text:p></table:table-cell>"
            for v in values
        )
        return b"<table:table-row>" + cells + b"</table:table-row>"

    content = (
        b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        b'<office:body><office:spreadsheet><table:table table:name="Export">'
        + row(HEADER)
        + b"".join(row(r) for r in ROWS)
        + rows
        + b"</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        b'"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        b'<manifest:file-entry manifest:full-path="/" manifest:media-type='
        b'"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        b'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


#: 20 000 lignes vides de 2 000 cellules, puis une valeur : la grille que le lecteur
#: charge en entier (un classeur de 1,2 Ko prenait 8,5 s et 3,4 Go de mémoire)
FAR_VALUE = (
    b'<table:table-row table:number-rows-repeated="20000">'
    b'<table:table-cell table:number-columns-repeated="2000"/></table:table-row>'
    b'<table:table-row><table:table-cell table:number-columns-repeated="2000"/>'
    b'<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
    b"</table:table-row>"
)


def test_ods_valeur_apres_des_repetitions_vides_refusee(tmp_path: Path) -> None:
    """Un ODS n'écrit pas ses cellules vides mais leurs répétitions : une valeur après
    20 000 lignes et 2 000 colonnes répétées fait une grille de 40 M cellules, refusée
    avant la lecture, comme la cellule lointaine d'un XLSX."""
    path = _ods(tmp_path / "loin.ods", FAR_VALUE)
    assert path.stat().st_size < 2_000
    with pytest.raises(InvalidDataError) as err:
        read_export(path, SCHEMA, columns=[], config=Config())
    assert "20 005 lignes et 2 001 colonnes" in err.value.render()


def test_ods_valeur_repetee_refusee(tmp_path: Path) -> None:
    """Une valeur répétée sur 2 000 colonnes et 20 000 lignes (répétitions écrites après
    le type de la valeur, dans une cellule sans texte) : la même grille de 40 M cellules,
    refusée."""
    rows = (
        b'<table:table-row table:number-rows-repeated="20000"><table:table-cell '
        b'office:value-type="float" office:value="1" table:number-columns-repeated="2000"/>'
        b"</table:table-row>"
    )
    path = _ods(tmp_path / "repetee.ods", rows)
    with pytest.raises(InvalidDataError) as err:
        read_export(path, SCHEMA, columns=[], config=Config())
    assert "20 004 lignes et 2 000 colonnes" in err.value.render()


def test_ods_repetitions_vides_en_fin_de_feuille_acceptees(tmp_path: Path) -> None:
    """Ce qu'écrit LibreOffice pour des colonnes mises en forme : des cellules vides
    répétées au bout de chaque ligne, un million de lignes vides répétées à la fin. Rien
    de tout cela n'est chargé : le classeur se lit, sa grille est celle des valeurs."""
    trailing = b'<table:table-cell table:number-columns-repeated="1016"/>'
    rows = (
        b'<table:table-row table:number-rows-repeated="1048000">' + trailing + b"</table:table-row>"
    )
    path = _ods(tmp_path / "mis-en-forme.ods", rows)
    facts = workbook.inspect(path, max_bytes=10**9, max_cells=10**9)
    assert facts.cells == (1 + len(ROWS)) * workbook.NARROW
    frame, report = read_export(path, SCHEMA, columns=["type_contrat"], config=Config())
    assert report.rows_used == len(ROWS) and frame.height == len(ROWS)


@pytest.mark.parametrize("prefix", [b"table:", b"t:"])
def test_ods_grille_mesuree_quel_que_soit_le_prefixe(tmp_path: Path, prefix: bytes) -> None:
    """Une feuille écrite sous un autre préfixe d'espace de noms, coupée par les blocs
    de lecture où qu'ils tombent : la grille est la même."""
    sheet = FAR_VALUE.replace(b"table:", prefix)
    expected = (20_001, 2_001)
    for cut in range(0, len(sheet), 37):
        grid = workbook._OdsGrid()
        grid.feed(sheet[:cut])
        grid.feed(sheet[cut:])
        assert (grid.last_row, grid.last_column) == expected, cut


def test_ods_chaque_feuille_mesuree_seule(tmp_path: Path) -> None:
    """Le lecteur ne charge qu'une feuille : la grille d'un classeur de deux feuilles est
    celle de la plus grande, non leur somme (deux feuilles de 600 lignes sur 40 colonnes
    ne font pas 1 200 lignes)."""
    value = (
        b'<table:table-cell table:number-columns-repeated="39"/>'
        b'<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
    )
    sheet = (
        b'<table:table-row table:number-rows-repeated="599"><table:table-cell/></table:table-row>'
        b"<table:table-row>" + value + b"</table:table-row>"
    )
    second = b'</table:table><table:table table:name="Autre">' + sheet
    path = _ods(tmp_path / "deux.ods", sheet + second)
    facts = workbook.inspect(path, max_bytes=10**9, max_cells=10**9)
    assert facts.cells == (1 + len(ROWS) + 600) * 40  # la première : en-tête et lignes
    with pytest.raises(InvalidDataError, match="604 lignes et 40 colonnes"):
        workbook.inspect(path, max_bytes=10**9, max_cells=20_000)


#: toute feuille lue par blocs : son inspection remise à sa lecture (grille déclarée au-delà
#: de 0 cellule)
STREAMED = {"classeur_en_memoire_max_mo": 0}
COLUMNS = ["annee", "contrat", "heures", "participant"]


def _rows(
    path: Path, count: int, far: tuple[int, int] | None = None, dimension: bytes = b""
) -> Path:
    """Un classeur de ``count`` lignes de données (contrats distincts) ; une cellule
    lointaine ``far`` ; la dimension déclarée remplacée par ``dimension`` (une
    déclaration qui ment)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Export")
    sheet.write_row(0, 0, HEADER)
    for i in range(1, count + 1):
        sheet.write_row(i, 0, [*ROWS[i % len(ROWS)][:1], f"C{i}", *ROWS[i % len(ROWS)][2:]])
    if far is not None:
        sheet.write(far[0], far[1], "x")
    book.close()
    if dimension:
        _rewrite(path, lambda xml: re.sub(rb'<dimension ref="[^"]*"', dimension, xml, count=1))
    return path


def _rewrite(path: Path, edit: Any, padding: int = 0) -> None:
    """La feuille de ``path`` passée par ``edit``, suivie de ``padding`` espaces (tailles
    déclarées exactes)."""
    with zipfile.ZipFile(path) as original:
        members = [(i.filename, original.read(i)) for i in original.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            if name == "xl/worksheets/sheet1.xml":
                data = edit(data) + b" " * padding
            out.writestr(name, data)


@pytest.fixture
def inspected_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Toute inspection remise à plus tard refusée : la feuille ne doit être
    décompressée que par sa lecture par blocs."""

    def refused(self: workbook.Deferred) -> None:
        raise AssertionError(f"{self.member} inspectée à part")

    monkeypatch.setattr(workbook.Deferred, "inspect", refused)


def test_la_feuille_lue_par_blocs_n_est_decompressee_qu_une_fois(
    tmp_path: Path, inspected_once: None
) -> None:
    """La feuille que sa dimension déclarée destine à la lecture par blocs n'est pas
    décompressée à l'inspection : sa lecture compte les limites ; mêmes lignes que par
    le lecteur Excel."""
    path = _rows(tmp_path / "export.xlsx", 200)
    facts = workbook.inspect(path, max_bytes=10**9, max_cells=10**9, defer_above=0)
    assert facts.deferred is not None
    assert facts.deferred.member == "xl/worksheets/sheet1.xml"
    assert facts.cells == 201 * 26  # la grille déclarée (A1:H201)
    assert workbook.inspect(path, max_bytes=10**9, max_cells=10**9).deferred is None
    streamed, _ = read_export(
        path, SCHEMA, columns=COLUMNS, config=Config(limites=Limits(**STREAMED))
    )
    whole, _ = read_export(path, SCHEMA, columns=COLUMNS, config=Config())
    assert streamed.height == 200
    assert streamed.equals(whole)


@pytest.mark.parametrize("declared", ["exacte", "mensongère"])
def test_bombe_zip_refusee_pendant_la_lecture_par_blocs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, declared: str
) -> None:
    """Des octets ajoutés après les données de la feuille : refusés au-delà de la limite,
    que l'archive déclare la taille réelle (comptés pendant la lecture, qui va jusqu'au
    bout du membre, même lu par petits blocs) ou une petite taille (la lecture échoue au
    contrôle de l'archive, l'inspection reprend)."""
    monkeypatch.setattr(sheet_xml, "CHUNK_BYTES", 1 << 16)
    path = _rows(tmp_path / "export.xlsx", 200)
    if declared == "exacte":
        _rewrite(path, lambda xml: xml, padding=30_000_000)
    else:
        path = _lying_bomb(path, tmp_path / "bombe.xlsx", padding=30_000_000)
    facts = workbook.inspect(path, max_bytes=10**9, max_cells=10**9, defer_above=0)
    assert facts.deferred is not None  # la déclaration choisit le chemin
    config = Config(limites=Limits(xlsx_decompresse_max_mo=10, **STREAMED))
    with pytest.raises(InvalidDataError, match="réellement décompressés"):
        read_export(path, SCHEMA, columns=COLUMNS, config=config)


def test_cellule_lointaine_refusee_pendant_la_lecture_par_blocs(
    tmp_path: Path, inspected_once: None
) -> None:
    """Une cellule isolée loin des données, sous une dimension déclarée qui ment : la
    grille réelle est comptée pendant la lecture et refusée, sans inspection à part."""
    path = _rows(
        tmp_path / "loin.xlsx", 2_000, far=(19_999, 77), dimension=b'<dimension ref="A1:H2001"'
    )
    config = Config(limites=Limits(xlsx_cellules_max=1_000_000, **STREAMED))
    with pytest.raises(InvalidDataError, match="20 000 lignes et 78 colonnes"):
        read_export(path, SCHEMA, columns=COLUMNS, config=config)


def test_le_repli_sur_le_lecteur_excel_inspecte_d_abord(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Une feuille que la lecture par blocs confie au lecteur Excel (ce qu'elle ne sait
    pas rendre) est d'abord inspectée en entier : la cellule lointaine, après les lignes
    qu'a lues la recherche de l'en-tête, est refusée avant que le lecteur n'alloue la
    grille."""

    def unsupported(*args: Any) -> Any:
        raise sheet_xml.Unsupported("contenu que seule la lecture complète rend")

    monkeypatch.setattr(sheet_xml, "read_columns", unsupported)
    path = _rows(
        tmp_path / "loin.xlsx", 2_000, far=(19_999, 77), dimension=b'<dimension ref="A1:H2001"'
    )
    assert Limits().xlsx_cellules_max > 20_000 * 78  # lu par le lecteur, par défaut
    config = Config(limites=Limits(xlsx_cellules_max=1_000_000, **STREAMED))
    with pytest.raises(InvalidDataError, match="lignes et 78 colonnes"):
        read_export(path, SCHEMA, columns=COLUMNS, config=config)


def test_une_autre_feuille_choisie_inspecte_la_feuille_remise(tmp_path: Path) -> None:
    """La feuille remise à sa lecture par blocs n'est pas celle qu'on lit (``--feuille``) :
    elle est inspectée avant, comme toutes les autres, et refusée si elle le mérite."""
    path = tmp_path / "deux.xlsx"
    book = xlsxwriter.Workbook(str(path))
    big = book.add_worksheet("Grande")
    for i in range(2_000):
        big.write_row(i, 0, ROWS[i % len(ROWS)])
    big.write(19_999, 77, "x")
    export = book.add_worksheet("Export")
    export.write_row(0, 0, HEADER)
    for i, row in enumerate(ROWS, start=1):
        export.write_row(i, 0, row)
    book.close()
    _rewrite(
        path, lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:H2000"', xml)
    )
    # 1 Mo : ~12 500 cellules ; la grande feuille en déclare 52 000, l'autre 104
    limits = {"xlsx_cellules_max": 1_000_000, "classeur_en_memoire_max_mo": 1}
    facts = workbook.inspect(path, max_bytes=10**9, max_cells=10**9, defer_above=12_500)
    assert facts.deferred is not None and facts.deferred.member == "xl/worksheets/sheet1.xml"
    with pytest.raises(InvalidDataError, match="lignes et 78 colonnes"):
        read_export(
            path,
            SCHEMA,
            columns=COLUMNS,
            config=Config(limites=Limits(**limits)),
            options=ReadOptions(sheet="Export"),
        )


def test_seule_une_feuille_sous_les_limites_est_remise_a_sa_lecture(tmp_path: Path) -> None:
    """La déclaration ne remet à plus tard que ce que la lecture par blocs comptera : une
    grille déclarée au-delà de la limite est inspectée tout de suite (et refusée) ; deux
    feuilles à lire par blocs, aucune n'est remise ; une archive qui nomme deux membres
    pareil non plus (la lecture ouvre un membre par son nom)."""
    far = _workbook(tmp_path / "loin.xlsx", far=(20_000, 2_000))  # déclare A1:BXY20001
    with pytest.raises(InvalidDataError, match="20 001 lignes"):
        workbook.inspect(far, max_bytes=10**9, max_cells=1_000_000, defer_above=0)
    two = tmp_path / "deux.xlsx"
    book = xlsxwriter.Workbook(str(two))
    for name in ("Un", "Deux"):
        book.add_worksheet(name).write_row(0, 0, HEADER)
    book.close()
    assert workbook.inspect(two, max_bytes=10**9, max_cells=10**9, defer_above=0).deferred is None
    single = _workbook(tmp_path / "un.xlsx")
    assert workbook.inspect(single, max_bytes=10**9, max_cells=10**9, defer_above=0).deferred
    twice = tmp_path / "double.xlsx"
    with zipfile.ZipFile(single) as source, zipfile.ZipFile(twice, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        # le second, sans dimension déclarée, n'en serait pas lui-même remis
        sheet = re.sub(rb"<dimension [^>]*/>", b"", source.read("xl/worksheets/sheet1.xml"))
        with pytest.warns(UserWarning, match="Duplicate name"):
            target.writestr("xl/worksheets/sheet1.xml", sheet)
    assert workbook.inspect(twice, max_bytes=10**9, max_cells=10**9, defer_above=0).deferred is None


@pytest.mark.parametrize(
    "end",
    [b"", b"</table:tab<le>", b"</table:tablx>"],
    ids=["coupe", "balise-abimee", "autre-nom"],
)
def test_ods_dont_la_feuille_n_est_pas_refermee_refuse(tmp_path: Path, end: bytes) -> None:
    """Un ODS coupé avant la fin de sa feuille, ou dont la balise de fin est abîmée, fait
    tourner le lecteur ODS (calamine) sans fin, à 100 % d'un cœur : refusé avant lui,
    comme un classeur endommagé (code 66). Lancé à part, avec une limite de temps : une
    régression échoue au lieu de bloquer la suite."""
    path = _ods(tmp_path / "coupe.ods", b"")
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["content.xml"] = members["content.xml"].replace(b"</table:table>", end)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    out = subprocess.run(
        [sys.executable, "-m", "gipkit", "serci", "heures", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 66, out.stderr
    assert "classeur endommagé (une feuille n'est pas refermée" in out.stderr
