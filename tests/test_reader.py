"""Le lecteur d'exports : dialectes, encodages, valeurs françaises, et entrées hostiles."""

from __future__ import annotations

import csv
import hashlib
import io
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from gipkit import journal
from gipkit.config import Config, Limits, parse_config
from gipkit.errors import ExitCode, GipkitError, InputUnreadableError, InvalidDataError
from gipkit.io import ReadOptions, checked, duplicates, read_export, reader, sniff, source
from gipkit.io.exports import EXPORTS
from gipkit.io.normalize import normalize_label
from gipkit.io.values import normalized
from helpers import HEADER, ROWS, csv_text, in_memory_up_to, write

SCHEMA = EXPORTS["serci.heures"]
COLS = ["type_contrat", "date_debut"]
#: l'en-tête sans accents (reconnu de même) : un premier bloc tout en ASCII
ASCII_HEADER = [normalize_label(h) for h in HEADER]


#: chaque fichier par le Parquet temporaire, quelle que soit sa taille
STAGED = in_memory_up_to(0)


def read(
    path: Path, config: Config | None = None, columns: list[str] = COLS, show: bool = False
) -> tuple[pl.DataFrame, object]:
    return read_export(
        path,
        SCHEMA,
        columns=columns,
        config=config or Config(),
        options=ReadOptions(show_values=show),
    )


def expected_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "ligne": [2, 3, 4],
            "annee": [2025, 2025, 2024],
            "contrat": ["C1", "C2", "C3"],
            "marche": ["M1", "M1", "M2"],
            "territoire": [True, False, True],
            "heures": [1234.5, 10.0, 7.25],
            "participant": ["P1", "P2", "P1"],
            "type_contrat": ["cdi", "ctti", "cdd"],
            "date_debut": [date(2025, 12, 31), date(2025, 1, 2), date(2024, 6, 15)],
        }
    )


@pytest.mark.parametrize("sep", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_dialectes_et_encodages(tmp_path: Path, sep: str, encoding: str) -> None:
    path = write(tmp_path / "x.csv", csv_text(sep=sep), encoding)
    frame, report = read(path)
    assert frame.equals(expected_frame())
    assert report.delimiter == sep  # type: ignore[attr-defined]


def test_cp1252_est_detecte_et_jamais_lu_en_latin1(tmp_path: Path) -> None:
    rows = [[*r[:5], "Pé€œ’", *r[6:]] for r in ROWS]
    path = write(tmp_path / "x.csv", csv_text(rows), "cp1252")
    frame, report = read(path)
    assert frame["participant"].to_list() == ["Pé€œ’"] * 3
    assert report.encoding == "cp1252"  # type: ignore[attr-defined]


def test_ligne_sep_excel_crlf_lignes_vides_colonnes_vides_en_fin(tmp_path: Path) -> None:
    lines = ["sep=;", ";".join([*HEADER, "", ""])]
    lines += [";".join([*r, "", ""]) for r in ROWS[:2]]
    lines += ["", ";".join(ROWS[2]) + ";;;"]
    path = write(tmp_path / "x.csv", "\r\n".join(lines) + "\r\n")
    frame, report = read(path)
    assert frame["contrat"].to_list() == ["C1", "C2", "C3"]
    assert frame["ligne"].to_list() == [2, 3, 5]  # la ligne vide est la ligne 4 du tableur
    assert report.rows_read == 4 and report.excluded == {"ligne vide": 1}  # type: ignore[attr-defined]


def test_champ_entre_guillemets_sur_plusieurs_lignes(tmp_path: Path) -> None:
    header = [*HEADER, "Opération"]
    rows = [[*r, "ZAC\n« Gagarine »; lot 3"] for r in ROWS]
    path = write(tmp_path / "x.csv", csv_text(rows, header))
    frame, _ = read(path, columns=["operation"])
    assert frame["operation"].to_list() == ["ZAC\n« Gagarine »; lot 3"] * 3
    assert frame["ligne"].to_list() == [2, 3, 4]


def test_en_tetes_sans_casse_accents_ni_ponctuation(tmp_path: Path) -> None:
    header = [
        "ANNEE",
        "numero de contrat",
        "N°marché",
        "territoire",
        "nb heures",
        "ID participant",
        "TYPE_DE_CONTRAT",
        "date début",
        "colonne ignorée",
    ]
    rows = [[*r, "x"] for r in ROWS]
    frame, _ = read(write(tmp_path / "x.csv", csv_text(rows, header)))
    assert frame.equals(expected_frame())


def test_orthographe_declaree_dans_la_configuration(tmp_path: Path) -> None:
    header = [h if h != "Heures réalisées" else "Volume horaire" for h in HEADER]
    path = write(tmp_path / "x.csv", csv_text(header=header))
    with pytest.raises(InvalidDataError):
        read(path)
    config = parse_config(
        {"entetes": {"serci.heures": {"heures": ["Volume horaire"]}}}, origin="test"
    )
    frame, _ = read(path, config)
    assert frame["heures"].to_list() == [1234.5, 10.0, 7.25]


def test_colonne_absente_liste_les_en_tetes_et_la_configuration(tmp_path: Path) -> None:
    path = write(
        tmp_path / "x.csv", csv_text([r[:4] + r[5:] for r in ROWS], HEADER[:4] + HEADER[5:])
    )
    with pytest.raises(InvalidDataError) as err:
        read(path)
    text = err.value.render()
    assert "`heures`" in text and "« N° marché »" in text
    assert '[entetes."serci.heures"]' in text
    assert err.value.exit_code == ExitCode.INVALID_DATA


def test_en_tetes_ambigus(tmp_path: Path) -> None:
    header = [*HEADER, "Nb heures"]
    rows = [[*r, "3"] for r in ROWS]
    with pytest.raises(InvalidDataError, match="ambigus"):
        read(write(tmp_path / "x.csv", csv_text(rows, header)))


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (4, "DUPONT Jean", "attendu : un nombre"),
        (4, "-3", "≥ 0"),
        (4, "1e400", "un nombre"),
        (4, "99999999999", "≤ 100 000"),
        (0, "deux mille", "nombre entier"),
        (3, "peut-être", "oui/non"),
        (7, "31/02/2025", "une date"),
        (7, "31/12/20251", "une date"),  # lue 31/12/2025 sur ses dix premiers caractères
        (7, "2025-01-021", "une date"),
        # ce que les cellules illisibles ont en commun, dit sans les citer
        (7, "12/31/2025", "toutes se lisent mois/jour/année (MM/JJ/AAAA)"),
        (7, "45292", "comme les jours d'Excel"),
        (4, "12 15", "attendu : un nombre"),  # lue 1215
        (5, "", "valeur manquante"),
    ],
)
def test_valeur_invalide_ligne_colonne_sans_la_valeur(
    tmp_path: Path, column: int, value: str, expected: str
) -> None:
    rows = [list(r) for r in ROWS]
    rows[1][column] = value
    path = write(tmp_path / "x.csv", csv_text(rows))
    with pytest.raises(InvalidDataError) as err:
        read(path)
    text = err.value.render().replace(str(path), "FICHIER")
    assert "lignes 3" in text and expected in text
    if value:
        assert value not in text  # données personnelles : jamais recopiées
    if value:
        with pytest.raises(InvalidDataError) as shown:
            read(path, show=True)
        assert value in shown.value.render()


def test_dates_mois_jour_dites_seulement_si_toutes_le_sont(tmp_path: Path) -> None:
    """Une date hors des années plausibles (« 01/01/1850 ») se lit aussi mois/jour : elle
    n'est pas dite écrite à l'anglaise ; une seule cellule d'une autre sorte parmi les
    illisibles, non plus."""
    for cells in (["01/01/1850"], ["12/31/2025", "31/02/2025"]):
        rows = [list(r) for r in ROWS]
        for row, cell in zip(rows, cells, strict=False):
            row[7] = cell
        path = write(tmp_path / "x.csv", csv_text(rows))
        with pytest.raises(InvalidDataError) as err:
            read(path)
        assert "une date" in err.value.render() and "mois/jour" not in err.value.render()


def test_dates_mois_jour_ecartees_le_disent_aussi(tmp_path: Path) -> None:
    """Avec --ecarter-invalides, les dates gardées d'un export réglé en anglais (jour ≤ 12)
    sont lues inversées : l'avertissement le dit, comme le message d'erreur."""
    rows = [list(r) for r in ROWS]
    rows[0][7], rows[1][7] = "12/31/2025", "01/02/2025"
    path = write(tmp_path / "x.csv", csv_text(rows))
    with journal.opened() as told:
        frame, _ = read_export(
            path,
            SCHEMA,
            columns=COLS,
            config=Config(),
            options=ReadOptions(skip_invalid=True),
        )
    assert frame.height == 2
    assert any("dates écartées ; toutes se lisent mois/jour" in w for w in told.warnings)


def test_libelle_inconnu_nomme_compte_et_configurable(tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[0][6] = "Contrat de chantier"
    rows[2][6] = "Contrat de chantier"
    path = write(tmp_path / "x.csv", csv_text(rows))
    with pytest.raises(InvalidDataError) as err:
        read(path)
    text = err.value.render()
    assert "« Contrat de chantier » ×2" in text
    assert '[categories."serci.heures".type_contrat]' in text
    config = parse_config(
        {"categories": {"serci.heures": {"type_contrat": {"Contrat de chantier": "cdd"}}}},
        origin="test",
    )
    frame, _ = read(path, config)
    assert frame["type_contrat"].to_list() == ["cdd", "ctti", "cdd"]


def test_ligne_trop_longue_en_champs_est_une_erreur_localisee(tmp_path: Path) -> None:
    text = csv_text() + "2025;C4;M3;oui;5;DUPONT;CDI;01/01/2025;en trop\r\n"
    with pytest.raises(InvalidDataError) as err:
        read(write(tmp_path / "x.csv", text))
    assert "ligne 5" in err.value.message and "DUPONT" not in err.value.render()


def test_ligne_courte_est_completee_puis_controlee(tmp_path: Path) -> None:
    text = csv_text() + "2025;C4\r\n"
    with pytest.raises(InvalidDataError) as err:
        read(write(tmp_path / "x.csv", text))
    assert "valeur manquante" in err.value.render() and "lignes 5" in err.value.render()


@pytest.fixture(params=[None, 64], ids=["un-bloc", "blocs-de-64-octets"])
def blocks(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Le fichier lu en un bloc, ou en blocs de 64 octets : le lecteur ne vérifie alors
    d'abord que le premier (l'en-tête), le reste pendant que polars lit le fichier."""
    if request.param:
        monkeypatch.setattr(sniff, "CHUNK", request.param)


def test_encodages_melanges(tmp_path: Path, blocks: None) -> None:
    path = tmp_path / "x.csv"
    rows = [list(r) for r in ROWS]
    rows[0][5] = "Pé"  # le premier octet non ASCII est de l'UTF-8 valide
    late = "2025;C9;M9;oui;5;Pé;CDI;01/01/2025\r\n".encode("cp1252")
    path.write_bytes(csv_text(rows).encode() + late)
    with pytest.raises(InvalidDataError) as err:
        read(path)
    assert "ligne 5" in err.value.message and "encodages mélangés" in err.value.message


@pytest.mark.parametrize(
    ("header", "encoding"),
    [(HEADER, "utf-8"), (ASCII_HEADER, "utf-8"), (HEADER, "cp1252")],
    ids=["en-tete-utf8", "en-tete-ascii", "en-tete-cp1252"],
)
def test_octet_ni_utf8_ni_cp1252(
    tmp_path: Path, blocks: None, header: list[str], encoding: str
) -> None:
    """Un octet que Windows-1252 ne définit pas (0x81) : une erreur à sa ligne, sans la
    valeur — en Windows-1252, que le passage sur le fichier le trouve avant la copie en
    UTF-8 (un bloc) ou pendant (blocs de 64 octets : la copie y bute, le passage dit
    l'erreur)."""
    path = tmp_path / "x.csv"
    late = b"2025;C9;M9;oui;5;P\x81;CDI;01/01/2025\r\n"
    path.write_bytes(csv_text(header=header).encode(encoding) + late)
    with pytest.raises(InvalidDataError, match="ligne 5") as err:
        read(path)
    if header is ASCII_HEADER or encoding == "cp1252":  # ni l'un ni l'autre
        assert "encodage non reconnu" in err.value.message


def test_copie_arretee_par_un_octet_indefini_ne_reste_pas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """La copie en UTF-8 d'un fichier Windows-1252 bute sur un octet indéfini (le
    passage sur le fichier se fait pendant) : l'erreur est celle du passage, et la copie
    commencée, des données personnelles, est effacée."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))  # pas de /dev/shm : le dossier temporaire
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(sniff, "CHUNK", 64)
    path = tmp_path / "x.csv"
    late = b"2025;C9;M9;oui;5;P\x81;CDI;01/01/2025\r\n"
    path.write_bytes(csv_text().encode("cp1252") + late)
    with pytest.raises(InvalidDataError, match="ligne 5 : encodage non reconnu"):
        read(path)
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_ligne_trop_longue_apres_le_premier_bloc(
    tmp_path: Path, blocks: None, encoding: str
) -> None:
    """Une ligne trop longue plus loin que le premier bloc : refusée à sa ligne, après la
    lecture (le passage sur le fichier se fait pendant), en UTF-8 comme en Windows-1252
    (copié d'abord en UTF-8)."""
    long_line = "2025;C4;M1;oui;5;Pé" + "x" * 5000 + ";CDI;01/01/2025\r\n"
    path = write(tmp_path / "long.csv", csv_text() + long_line, encoding)
    short = Config(limites=Limits(longueur_ligne_max=1000))
    with pytest.raises(InvalidDataError, match="ligne 5 : ligne plus longue"):
        read(path, short)


def test_fichier_vide_et_en_tete_seul(tmp_path: Path) -> None:
    with pytest.raises(InvalidDataError, match="vide"):
        read(write(tmp_path / "vide.csv", ""))
    frame, report = read(write(tmp_path / "entete.csv", csv_text([])))
    assert frame.height == 0 and report.rows_read == 0  # type: ignore[attr-defined]


def test_fichier_absent_ou_dossier(tmp_path: Path) -> None:
    with pytest.raises(InputUnreadableError):
        read(tmp_path / "absent.csv")
    with pytest.raises(InputUnreadableError):
        read(tmp_path)


def test_limites_de_taille_et_de_ligne(tmp_path: Path, blocks: None) -> None:
    path = write(tmp_path / "x.csv", csv_text())
    tiny = Config(limites=Limits(taille_max_mo=0.0001))
    with pytest.raises(InvalidDataError, match="trop volumineux"):
        read(path, tiny)
    long_line = csv_text() + "2025;C4;M1;oui;5;P" + "x" * 5000 + ";CDI;01/01/2025\r\n"
    short = Config(limites=Limits(longueur_ligne_max=1000))
    with pytest.raises(InvalidDataError, match="ligne 5 : ligne plus longue"):
        read(write(tmp_path / "long.csv", long_line), short)


@pytest.mark.parametrize("config", [Config(), STAGED], ids=["en-memoire", "parquet"])
@pytest.mark.parametrize("where", ["colonne-lue", "colonne-non-lue", "titre"])
def test_debut_en_ascii_puis_windows_1252(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: Config, where: str
) -> None:
    """Un début de fichier tout en ASCII, puis une ligne en Windows-1252 : le premier
    bloc ne dit rien de l'encodage, le passage entier fait pendant la lecture le trouve,
    et le fichier est relu recopié en UTF-8 — que l'octet soit dans une colonne lue,
    dans une autre (polars refuse alors la lecture en UTF-8) ou dans un titre au-dessus
    de l'en-tête (polars ne le lit pas, et lirait en UTF-8 valide les octets de « Ã© »
    écrits en Windows-1252) : mêmes valeurs, même empreinte, même encodage que lu d'un
    bloc."""
    rows = [[*r, "ras"] for r in ROWS]
    title = "Extraction des heures d'insertion du service des clauses sociales"
    if where == "colonne-lue":
        rows[-1][5] = "Pé"
    elif where == "colonne-non-lue":
        rows[-1][-1] = "réglé"
    else:  # et dans les données, des octets qui font aussi de l'UTF-8 valide (« é »)
        title += " – 2025"
        rows[-1][5] = "PÃ©"
    text = csv_text(rows, header=[*ASCII_HEADER, "Commentaire"])
    raw = f"{title}\r\n{text}".encode("cp1252")
    path = tmp_path / "x.csv"
    path.write_bytes(raw)
    whole, whole_report = read(path, config)
    monkeypatch.setattr(sniff, "CHUNK", 64)
    frame, report = read(path, config)
    assert frame.equals(whole)
    assert frame["participant"][-1] == {"colonne-lue": "Pé", "titre": "PÃ©"}.get(where, "P1")
    assert report.encoding == whole_report.encoding == "cp1252"  # type: ignore[attr-defined]
    assert report.sha256 == hashlib.sha256(raw).hexdigest()  # type: ignore[attr-defined]
    assert report.rows_read == 3  # type: ignore[attr-defined]


def test_empreinte_du_fichier_lu_par_blocs(tmp_path: Path, blocks: None) -> None:
    """L'empreinte SHA-256 calculée pendant la vérification du reste du fichier est
    celle du fichier entier, en-tête compris."""
    path = write(tmp_path / "x.csv", csv_text())
    _, report = read(path)
    assert report.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()  # type: ignore[attr-defined]


def _xlsx(path: Path, sheet: str = "Export") -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    ws = workbook.add_worksheet(sheet)
    date_fmt = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for c, h in enumerate(HEADER):
        ws.write_string(0, c, h)
    for r, row in enumerate(ROWS, start=1):
        ws.write_number(r, 0, int(row[0]))
        ws.write_string(r, 1, row[1])
        ws.write_string(r, 2, row[2])
        ws.write_string(r, 3, row[3])
        ws.write_number(r, 4, float(row[4].replace(" ", "").replace(",", ".")))
        ws.write_string(r, 5, row[5])
        ws.write_string(r, 6, row[6])
        day, month, year = (1, 2, 2025) if r != 1 else (31, 12, 2025)
        ws.write_datetime(r, 7, __import__("datetime").datetime(year, month, day), date_fmt)
    workbook.close()
    return path


def test_classeur_xlsx_cellules_dates_et_nombres(tmp_path: Path) -> None:
    frame, report = read(_xlsx(tmp_path / "x.xlsx"))
    assert frame["heures"].to_list() == [1234.5, 10.0, 7.25]
    assert frame["annee"].to_list() == [2025, 2025, 2024]
    assert frame["date_debut"][0] == date(2025, 12, 31)
    assert report.format == "xlsx"  # type: ignore[attr-defined]


def _ods(path: Path) -> Path:
    """Un classeur OpenDocument tel que LibreOffice Calc l'enregistre : cellules typées
    (nombres ``float`` avec leur valeur, dates ``date`` avec leur valeur ISO et leur texte
    affiché JJ/MM/AAAA, textes), une feuille, le type MIME en premier, non compressé."""
    from xml.sax.saxutils import escape

    def text(value: str) -> str:
        return (
            '<table:table-cell office:value-type="string">'
            f"<text:p>{escape(value)}</text:p></table:table-cell>"
        )

    def number(value: float, shown: str) -> str:
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )

    def day(value: date) -> str:
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )

    lines = ["<table:table-row>" + "".join(text(h) for h in HEADER) + "</table:table-row>"]
    for r, row in enumerate(ROWS, start=1):
        hours = float(row[4].replace(" ", "").replace(",", "."))
        cells = [
            number(int(row[0]), row[0]),
            *(text(v) for v in row[1:4]),
            number(hours, row[4]),
            text(row[5]),
            text(row[6]),
            day(date(2025, 12, 31) if r == 1 else date(2025, 2, 1)),
        ]
        lines.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        'office:version="1.2"><office:body><office:spreadsheet><table:table '
        f'table:name="Export">{"".join(lines)}</table:table></office:spreadsheet>'
        "</office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def test_classeur_ods_de_libreoffice(tmp_path: Path) -> None:
    """Un classeur OpenDocument (LibreOffice Calc, ``.ods``) se lit comme un XLSX :
    mêmes valeurs, même bilan, son format dit."""
    frame, report = read(_ods(tmp_path / "x.ods"))
    assert frame["heures"].to_list() == [1234.5, 10.0, 7.25]
    assert frame["annee"].to_list() == [2025, 2025, 2024]
    assert frame["date_debut"].to_list() == [date(2025, 12, 31), date(2025, 2, 1), date(2025, 2, 1)]
    assert report.rows_read == 3 and report.rows_used == 3  # type: ignore[attr-defined]
    # « xlsx » : tout classeur (docs/schema-json.md ; le schéma 1.2 n'a pas d'autre valeur)
    assert report.format == "xlsx"  # type: ignore[attr-defined]
    xlsx, _ = read(_xlsx(tmp_path / "x.xlsx"))
    assert frame.drop("ligne").equals(xlsx.drop("ligne"))


def test_classeur_xls_excel_97() -> None:
    """Un vrai classeur Excel 97-2003 (binaire, ``tests/data/README.md``), comme en
    écrivent des logiciels métier anciens : mêmes valeurs que le XLSX, cellules date et
    nombres comprises, bilan complet."""
    path = Path(__file__).parent / "data" / "export-excel-97.xls"
    frame, report = read(path)
    assert frame["heures"].to_list() == [1234.5, 10.0, 7.25]
    assert frame["annee"].to_list() == [2025, 2025, 2024]
    assert frame["date_debut"].to_list() == [date(2025, 12, 31), date(2025, 2, 1), date(2025, 2, 1)]
    assert report.rows_read == 3 and report.rows_used == 3  # type: ignore[attr-defined]
    assert report.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()  # type: ignore[attr-defined]


def test_classeur_feuille_nommee_ou_absente(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "x.xlsx", sheet="Heures")
    frame, _ = read_export(
        path, SCHEMA, columns=COLS, config=Config(), options=ReadOptions(sheet="Heures")
    )
    assert frame.height == 3
    with pytest.raises(InputUnreadableError, match="introuvable"):
        read_export(path, SCHEMA, columns=COLS, config=Config(), options=ReadOptions(sheet="Non"))


def test_classeur_trop_gros_decompresse_ou_endommage(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "x.xlsx")
    with pytest.raises(InvalidDataError, match="décompressé"):
        read(path, Config(limites=Limits(xlsx_decompresse_max_mo=0.001)))
    broken = tmp_path / "casse.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(GipkitError):
        read(broken)


# --- propriétés ---------------------------------------------------------------------------

TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 ;,\t\"'\néàœ€’-=+@")), min_size=0, max_size=12
)


@given(
    values=st.lists(st.tuples(TEXT, st.integers(0, 10**5), st.booleans()), min_size=1, max_size=8),
    sep=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    french=st.sampled_from(["", " ", "\u00a0", "\u202f"]),
    crlf=st.booleans(),
)
def test_tout_dialecte_relit_le_meme_tableau(
    tmp_path_factory: pytest.TempPathFactory,
    values: list[tuple[str, int, bool]],
    sep: str,
    encoding: str,
    french: str,
    crlf: bool,
) -> None:
    if encoding == "cp1252" and french == "\u202f":
        french = "\u00a0"  # l'espace fine n'existe pas en Windows-1252
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n" if crlf else "\n")
    writer.writerow([*HEADER[:6], "Opération"])
    for i, (text, centi, flag) in enumerate(values):
        hours = centi / 100
        shown = f"{hours:,.2f}".replace(",", french).replace(".", ",") if french else str(hours)
        writer.writerow(["2025", f"C{i}", "M", "oui" if flag else "non", shown, f"P{i}", text])
    path = tmp_path_factory.mktemp("rt") / "x.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    frame, _ = read(path, columns=["operation"])
    expected = [t.strip() or None for t, _, _ in values]
    assert frame["operation"].to_list() == expected
    assert frame["heures"].to_list() == [c / 100 for _, c, _ in values]
    assert frame["territoire"].to_list() == [f for _, _, f in values]


@given(st.binary(max_size=400))
def test_des_octets_quelconques_ne_levent_que_des_erreurs_gipkit(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("fz") / "x.csv"
    path.write_bytes(csv_text().encode()[:60] + data)
    try:
        frame, report = read(path)
    except GipkitError as exc:
        assert exc.exit_code in (ExitCode.INVALID_DATA, ExitCode.INPUT_UNREADABLE)
    else:  # lu : rien n'est perdu
        assert frame.height == report.rows_used  # type: ignore[attr-defined]


# Libellés réalistes : Windows-1252 (tout ce qu'un tableur français écrit) et les espaces
# et signes typographiques courants. Hors de là, les tables Unicode de Python et de
# polars peuvent différer d'une version à l'autre (caractères ajoutés récemment).
LABEL_CHARS = st.one_of(
    st.characters(codec="cp1252", exclude_categories=("Cc", "Cs")),
    st.sampled_from(list("\u00a0\u202f\u2019\u2013\u00b0ŒœÆæß")),
)


@given(st.text(alphabet=LABEL_CHARS, max_size=30))
def test_normalisation_python_et_polars_identiques(text: str) -> None:
    polars_value = pl.select(normalized(pl.lit(text))).item()
    assert polars_value == normalize_label(text)


def test_libelles_sans_ambiguite() -> None:
    """Deux modalités d'une même colonne ne partagent aucune orthographe normalisée."""
    for schema in EXPORTS.values():
        for col in schema.columns:
            seen: dict[str, str] = {}
            for cat in col.categories:
                for spelling in (cat.code, cat.label, *cat.synonyms):
                    key = normalize_label(spelling)
                    assert seen.setdefault(key, cat.code) == cat.code, (col.name, spelling)


def test_doublons_exacts_sur_toutes_les_colonnes(tmp_path: Path) -> None:
    header = [*HEADER, "Employeur"]
    rows = [[*ROWS[0], "A"], [*ROWS[0], "B"], [*ROWS[0], "A"], [*ROWS[1], "A"]]
    path = write(tmp_path / "x.csv", csv_text(rows, header))
    frame, report = read(path)
    # la 2e ligne ne diffère que par une colonne non lue : ce n'est pas un doublon
    assert frame["ligne"].to_list() == [2, 3, 5]
    assert report.excluded == {"doublon exact d'une autre ligne": 1}  # type: ignore[attr-defined]
    assert report.rows_read == 4 and report.rows_used == 3  # type: ignore[attr-defined]


def conflict_warnings(rows: list[list[str]], folder: Path) -> list[str]:
    path = write(folder / "x.csv", csv_text(rows))
    with journal.opened() as log:
        _, report = read(path)
    warnings = [w for w in log.warnings if "partagent leur identifiant" in w]
    # le bilan dit si l'identifiant se répète : ce qu'un chargeur qui ne garde que la
    # première ligne de chaque identifiant consulte avant de les chercher
    assert report.unique_key is (not warnings)  # type: ignore[attr-defined]
    return warnings


def test_identifiant_repete_avec_d_autres_valeurs_signale(tmp_path: Path) -> None:
    """Même année et même contrat, d'autres heures : ni doublon exact (gardées toutes les
    deux), ni lignes distinctes ; l'avertissement les compte, sans valeur personnelle."""
    twice = [ROWS[0], [*ROWS[0][:4], "12", *ROWS[0][5:]], ROWS[0], ROWS[1]]
    (warning,) = conflict_warnings(twice, tmp_path)
    assert warning.startswith(f"{tmp_path / 'x.csv'} : 2 ligne(s) partagent leur identifiant")
    assert "C1" not in warning and "1 234" not in warning
    assert conflict_warnings(ROWS, tmp_path) == []
    assert conflict_warnings([ROWS[0], ROWS[0], ROWS[1]], tmp_path) == []  # doublon exact


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["2024", "2025"]), st.sampled_from("AB"), st.sampled_from(["1", "2"])
        ),
        min_size=1,
        max_size=30,
    )
)
def test_identifiants_repetes_propriete(picks: list[tuple[str, str, str]]) -> None:
    """Le compte est celui des lignes (doublons exacts écartés) dont l'identifiant
    (année, contrat) revient sur une autre ligne."""
    import tempfile

    rows = [
        [year, contract, "M", "oui", hours, "P", "CDI", "01/01/2024"]
        for year, contract, hours in picks
    ]
    kept = list(dict.fromkeys(map(tuple, rows)))
    keys = [(row[0], row[1]) for row in kept]
    expected = sum(keys.count(key) > 1 for key in keys)
    with tempfile.TemporaryDirectory() as folder:
        warnings = conflict_warnings(rows, Path(folder))
        # les identifiants sont d'abord rapprochés par une empreinte de 64 bits : même
        # si toutes les empreintes se confondaient, le compte resterait exact
        everything = pytest.MonkeyPatch()
        everything.setattr(duplicates, "_key_print", lambda keys: pl.col(keys[0]).hash() * 0)
        try:
            assert conflict_warnings(rows, Path(folder)) == warnings
        finally:
            everything.undo()
    assert [int(w.split(" : ")[1].split(" ")[0]) for w in warnings] == (
        [expected] if expected else []
    )


def test_doublons_champs_non_lus_permutes_ou_vides(tmp_path: Path) -> None:
    """L'empreinte des champs non lus suit leur ordre et distingue le vide : deux valeurs
    échangées entre colonnes non lues, ou une valeur déplacée vers une colonne vide, ne
    font pas un doublon ; des espaces autour d'un champ, si (les champs sont comparés
    nettoyés, comme à la lecture)."""
    header = [*HEADER, "Employeur", "Agence"]
    rows = [
        [*ROWS[0], "A", "B"],
        [*ROWS[0], "B", "A"],  # échangés
        [*ROWS[0], "AB", ""],  # déplacé
        [*ROWS[0], "", "AB"],
        [*ROWS[0], " A ", "B"],  # espaces : doublon de la première
    ]
    path = write(tmp_path / "x.csv", csv_text(rows, header))
    frame, report = read(path)
    assert frame["ligne"].to_list() == [2, 3, 4, 5]
    assert report.excluded == {"doublon exact d'une autre ligne": 1}  # type: ignore[attr-defined]


@given(st.lists(st.tuples(st.integers(0, 1), st.sampled_from("AB")), min_size=1, max_size=40))
def test_doublons_exacts_propriete(picks: list[tuple[int, str]]) -> None:
    """Une ligne est écartée si et seulement si une ligne précédente lui est identique sur
    toutes les colonnes du fichier (lues ou non) ; l'empreinte triée ne change pas la
    réponse."""
    import tempfile

    header = [*HEADER, "Employeur"]
    rows = [[*ROWS[i], employer] for i, employer in picks]
    seen: set[tuple[str, ...]] = set()
    expected = []
    for line, row in enumerate(rows, start=2):
        if tuple(row) not in seen:
            expected.append(line)
        seen.add(tuple(row))
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "x.csv", csv_text(rows, header))
        frame, report = read(path)
    assert frame["ligne"].to_list() == expected
    assert report.rows_read == report.rows_used + report.rows_excluded  # type: ignore[attr-defined]


PADDINGS = st.sampled_from(["", " ", "  ", "\u00a0", " \u00a0"])


@given(
    picks=st.lists(
        st.tuples(
            st.integers(0, 2), st.lists(st.tuples(PADDINGS, PADDINGS), min_size=8, max_size=8)
        ),
        min_size=1,
        max_size=12,
    ),
    staged=st.booleans(),
)
def test_espaces_autour_des_valeurs_typees(
    picks: list[tuple[int, list[tuple[str, str]]]], staged: bool
) -> None:
    """La voie rapide lit les colonnes typées telles qu'écrites (sans retirer les espaces
    de chaque cellule) : une valeur entourée d'espaces (espace, espace insécable) se lit
    comme sans eux, et deux lignes qui ne diffèrent que par ces espaces sont des doublons
    — l'empreinte des lignes, faite des valeurs lues, est la même pour les deux."""
    import tempfile

    rows = [
        [left + field + right for field, (left, right) in zip(ROWS[i], pads, strict=True)]
        for i, pads in picks
    ]
    config = STAGED if staged else Config()
    clean = expected_frame().drop("ligne")
    with tempfile.TemporaryDirectory() as folder:
        frame, report = read(write(Path(folder) / "x.csv", csv_text(rows)), config)
    kept = first_copies(rows)
    assert frame["ligne"].to_list() == kept
    assert frame.drop("ligne").equals(
        clean.select(pl.all().gather([picks[n - 2][0] for n in kept]))
    )
    assert report.rows_read == report.rows_used + report.rows_excluded  # type: ignore[attr-defined]


@pytest.mark.parametrize("config", [Config(), STAGED], ids=["en-memoire", "parquet"])
def test_cellule_typee_faite_d_espaces_est_absente(tmp_path: Path, config: Config) -> None:
    """Une cellule faite d'espaces dans une colonne typée est absente, comme dans une
    colonne de texte : sans valeur si la colonne est facultative, « valeur manquante »
    (non « invalide ») si elle est obligatoire ; une ligne faite d'espaces est vide."""
    rows = [list(r) for r in ROWS]
    rows[0][7] = "  "  # date de début, facultative
    rows.append([" "] * len(HEADER))  # ligne 5 : vide
    frame, report = read(write(tmp_path / "x.csv", csv_text(rows)), config)
    assert frame["date_debut"].to_list() == [None, date(2025, 1, 2), date(2024, 6, 15)]
    assert report.excluded == {"ligne vide": 1}  # type: ignore[attr-defined]
    rows[1][4] = " \u00a0 "  # heures, obligatoires
    with pytest.raises(InvalidDataError) as err:
        read(write(tmp_path / "y.csv", csv_text(rows)), config)
    text = err.value.render()
    assert "valeur manquante ; lignes 3" in text and "attendu" not in text


def first_copies(rows: list[list[str]]) -> list[int]:
    """Les numéros des lignes qu'aucune ligne précédente ne répète, champs sans espaces
    autour ; le numéro d'une ligne est celui de sa rangée dans le tableur (un champ sur
    deux lignes physiques reste une rangée)."""
    seen: set[tuple[str, ...]] = set()
    kept = []
    for line, row in enumerate(rows, start=2):
        key = tuple(field.strip() for field in row)
        if key not in seen:
            kept.append(line)
        seen.add(key)
    return kept


def written(header: list[str], rows: list[list[str]], quoted: bool) -> str:
    """Le CSV de ``rows``, champs entre guillemets ou seulement au besoin."""
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if quoted else csv.QUOTE_MINIMAL
    csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=quoting).writerows(
        [header, *rows]
    )
    return buffer.getvalue()


@given(
    picks=st.lists(
        st.tuples(st.integers(0, 1), st.sampled_from(["A", " A ", "A ", "B", "", "A\nB"])),
        min_size=1,
        max_size=30,
    ),
    quoted=st.booleans(),
)
def test_doublons_par_lignes_ecrites_ou_par_champs(
    picks: list[tuple[int, str]], quoted: bool
) -> None:
    """Les doublons cherchés d'abord sur les lignes telles qu'écrites donnent exactement
    la comparaison champ par champ : une ligne est écartée si et seulement si une ligne
    précédente a les mêmes champs, sans espaces autour — champs entre guillemets ou non,
    et même quand un champ sur deux lignes décale les lignes écrites."""
    import tempfile

    header = [*HEADER, "Employeur"]
    rows = [[*ROWS[i], employer] for i, employer in picks]
    with tempfile.TemporaryDirectory() as folder:
        frame, report = read(write(Path(folder) / "x.csv", written(header, rows, quoted)))
    assert frame["ligne"].to_list() == first_copies(rows)
    assert report.rows_read == report.rows_used + report.rows_excluded  # type: ignore[attr-defined]


@given(
    picks=st.lists(
        st.tuples(st.integers(0, 2), st.sampled_from(["P1", " P1", "P1 ", "P9"])),
        min_size=1,
        max_size=30,
    ),
    quoted=st.booleans(),
    collide=st.booleans(),
)
def test_doublons_toutes_colonnes_lues_empreintes_confondues(
    picks: list[tuple[int, str]], quoted: bool, collide: bool
) -> None:
    """Toutes les colonnes du fichier lues (rien à relire pour elles) : l'empreinte de la
    lecture ne fait que désigner les candidates ; même si elle se confondait pour toutes
    les lignes, une ligne n'est écartée que si une ligne précédente a les mêmes champs,
    sans espaces autour — écrite à l'identique ou non."""
    import tempfile

    rows = [[*ROWS[i][:5], participant, *ROWS[i][6:]] for i, participant in picks]
    confused = pytest.MonkeyPatch()
    if collide:
        # toutes les empreintes confondues, celles mises à jour par la voie complète
        # comprises (elles passent aussi par _row_print)
        confused.setattr(
            checked, "_row_print", lambda fields, seeds=None: fields[0].hash(seed=0) * 0
        )
    try:
        with tempfile.TemporaryDirectory() as folder:
            frame, report = read(write(Path(folder) / "x.csv", written(HEADER, rows, quoted)))
    finally:
        confused.undo()
    assert frame["ligne"].to_list() == first_copies(rows)
    assert report.rows_read == report.rows_used + report.rows_excluded  # type: ignore[attr-defined]


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1), st.integers(0, 1)), max_size=40))
def test_copies_par_un_tri_sur_la_premiere_cle(keys: list[tuple[int, int, int]]) -> None:
    """Ranger les lignes par leur seule première clé, puis comparer aux voisines, donne
    exactement les lignes identiques à une précédente sur toutes les clés, même quand la
    première clé se confond souvent (empreintes confondues, lignes écrites autrement) :
    les groupes tranchés n'ont que des copies de leur première ligne, les autres passent
    par la comparaison de toutes les clés."""
    rows = pl.DataFrame(
        {"ligne": range(2, len(keys) + 2), "a": [k[0] for k in keys], "b": [k[1] for k in keys]}
        | {"c": [k[2] for k in keys]},
        schema={"ligne": pl.Int64, "a": pl.UInt64, "b": pl.UInt64, "c": pl.UInt64},
    )
    expected = [line for line, key in enumerate(keys, start=2) if key in keys[: line - 2]]
    assert duplicates._later_copies(rows, ["a", "b", "c"]).to_list() == expected
    copies, tangled = duplicates._settled_by_first_key(rows, ["a", "b", "c"])
    # un groupe tranché : toutes ses lignes ont les mêmes clés ; les autres sont rendues
    # entières, triées par numéro
    settled = rows.filter(~pl.col("a").is_in(tangled["a"].implode()))
    assert settled.group_by("a").agg(pl.struct("b", "c").n_unique() == 1).to_series(1).all()
    assert sorted(copies.to_list()) == [line for line in expected if line in settled["ligne"]]
    assert tangled["ligne"].is_sorted() and len(settled) + len(tangled) == len(rows)


def test_doublons_apres_un_champ_sur_deux_lignes(tmp_path: Path) -> None:
    """Un champ entre guillemets sur deux lignes physiques décale les lignes écrites
    d'une rangée : lues ainsi, les rangées 4 et 6 (mêmes colonnes lues, employeurs X et
    Y) montreraient les lignes écrites des rangées 3 et 5, identiques, et la rangée 6
    passerait pour un doublon. Le fichier a une ligne écrite de plus que de rangées :
    les champs sont comparés."""
    header = [*HEADER, "Employeur"]
    rows = [
        [*ROWS[0], "Q\nW"],
        [*ROWS[2], "K"],
        [*ROWS[1], "X"],
        [*ROWS[2], "K"],  # doublon de la rangée 3
        [*ROWS[1], "Y"],
    ]
    frame, report = read(write(tmp_path / "x.csv", csv_text(rows, header)))
    assert frame["ligne"].to_list() == [2, 3, 4, 6]
    assert report.excluded == {"doublon exact d'une autre ligne": 1}  # type: ignore[attr-defined]


def test_doublons_avec_l_octet_separateur_des_lignes_ecrites(tmp_path: Path) -> None:
    """L'octet 0x1F, qui sépare les lignes écrites lues entières, ne coupe pas une ligne :
    deux lignes qui ne diffèrent qu'après lui ne sont pas des doublons."""
    header = [*HEADER, "Employeur"]
    rows = [[*ROWS[0], "A\x1fX"], [*ROWS[0], "A\x1fY"], [*ROWS[0], "A\x1fY"]]
    frame, report = read(write(tmp_path / "x.csv", csv_text(rows, header)))
    assert frame["ligne"].to_list() == [2, 3]
    assert report.excluded == {"doublon exact d'une autre ligne": 1}  # type: ignore[attr-defined]


@pytest.mark.parametrize("quoting", [csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
def test_doublons_d_un_export_concatene_sans_relire_les_champs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quoting: int
) -> None:
    """Un export écrit deux fois, champs entre guillemets ou non : ses doublons sont
    tranchés sur les lignes écrites, sans relire les champs non lus (une lecture du
    fichier de plus, pas deux)."""
    header = [*HEADER, "Employeur"]
    rows = [[*ROWS[0], "A"], [*ROWS[1], "B"], [*ROWS[2], "C"]] * 2
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=quoting).writerows(
        [header, *rows]
    )
    path = write(tmp_path / "x.csv", buffer.getvalue())
    scans: list[object] = []
    inner = pl.scan_csv

    def counted(*args: object, **kwargs: object) -> pl.LazyFrame:
        scans.append(kwargs.get("separator"))
        return inner(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pl, "scan_csv", counted)
    frame, report = read(path)
    assert frame["ligne"].to_list() == [2, 3, 4]
    assert report.excluded == {"doublon exact d'une autre ligne": 3}  # type: ignore[attr-defined]
    assert scans == [";", source.LINE_SEPARATOR]


@given(st.lists(st.tuples(st.integers(0, 2), st.sampled_from(["A", " A ", "B"])), min_size=1))
def test_le_parquet_temporaire_ne_change_rien(picks: list[tuple[int, str]]) -> None:
    """Un gros fichier passe par un Parquet temporaire, un petit reste en mémoire : mêmes
    lignes, mêmes valeurs typées (voie rapide et voie complète : ``1 234,5``,
    ``2025-01-02``, ``O``), mêmes doublons, même bilan. Les tests n'ont pas de fichier de
    cette taille : le seuil (`tableau_en_memoire_max_mo`) est mis à zéro."""
    import tempfile

    header = [*HEADER, "Employeur"]
    rows = [[*ROWS[i], employer] for i, employer in picks]
    columns = [c.name for c in SCHEMA.columns]
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "x.csv", csv_text(rows, header))
        memory, memory_report = read(path, columns=columns)
        staged, staged_report = read(path, STAGED, columns=columns)
    assert staged.equals(memory)
    assert staged_report == memory_report


@pytest.mark.parametrize("blank", [False, True])
def test_en_memoire_le_tableau_rendu_n_a_que_ses_colonnes(tmp_path: Path, blank: bool) -> None:
    """Lu en mémoire, le tableau rendu est calculé une fois : ni empreinte, ni drapeaux,
    ni valeurs brutes n'y restent (leur mémoire est rendue), et les calculs qui le lisent
    n'ont ni filtre ni voie complète à refaire — avec une ligne vide écartée comme sans.
    Par le Parquet temporaire, les lignes gardées sont choisies à chaque relecture."""
    rows = [list(r) for r in ROWS]
    rows[0][HEADER.index("Heures réalisées")] = "1 234,5"  # voie complète
    text = csv_text(rows, HEADER) + (";" * (len(HEADER) - 1) + "\r\n" if blank else "")
    path = write(tmp_path / "x.csv", text)
    frame, report = reader.scan_export(path, SCHEMA, columns=COLS, config=Config())
    plan = frame.explain(optimized=False)
    assert report.rows_excluded == int(blank)
    assert "FILTER" not in plan and "__" not in plan, plan
    staged, _ = reader.scan_export(path, SCHEMA, columns=COLS, config=STAGED)
    assert ("FILTER" in staged.explain(optimized=False)) == blank
    assert staged.collect().equals(frame.collect())


@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["a", "b", None]), st.integers(-3, 3), st.booleans()),
        min_size=1,
        max_size=20,
    ),
    changed=st.sets(st.sampled_from(["t", "n", "b"]), min_size=1),
    news=st.lists(st.integers(0, 2), min_size=20, max_size=20),
)
def test_empreinte_mise_a_jour_comme_recalculee(
    rows: list[tuple[str | None, int, bool]], changed: set[str], news: list[int]
) -> None:
    """La voie complète reprend des valeurs de quelques colonnes : l'empreinte des
    lignes, ôtée de leurs champs d'avant puis augmentée des nouveaux, est celle qu'on
    calculerait sur toutes les colonnes (sans les relire toutes : un export de 2 M
    lignes par le Parquet temporaire chargeait 1,5 Go pour la recalculer)."""
    present = ["t", "n", "b"]
    frame = pl.DataFrame(
        rows, schema={"t": pl.String, "n": pl.Int64, "b": pl.Boolean}, orient="row"
    )
    frame = frame.with_columns(checked._values_print(present))
    names = [n for n in present if n in changed]
    replaced = {
        "t": pl.Series([["x", None, "a"][k] for k in news[: len(rows)]], dtype=pl.String),
        "n": pl.Series([k * 7 for k in news[: len(rows)]], dtype=pl.Int64),
        "b": pl.Series([k == 1 for k in news[: len(rows)]], dtype=pl.Boolean),
    }
    updated = (
        frame.with_columns(checked._adjusted_print(present, names, sign=-1))
        .with_columns(replaced[n].alias(n) for n in names)
        .with_columns(checked._adjusted_print(present, names, sign=1))
    )
    assert updated.equals(updated.with_columns(checked._values_print(present)))


@pytest.mark.parametrize("born", ["13/05/2027", "2027-05-13", "2027-05-13 00:00:00"])
def test_date_de_naissance_dans_le_futur_refusee(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, born: str
) -> None:
    """« 2027 » tapé pour « 2007 » : un âge négatif, compté dans la première tranche
    d'âge sans un mot. Une date de naissance postérieure au jour du calcul est refusée
    (par la voie rapide comme par la voie complète) ; le jour du calcul passé, elle est
    lue."""
    youths = EXPORTS["ml.jeunes"]
    text = "Identifiant jeune;Date de naissance\r\nJ1;14/05/2004\r\nJ2;" + born + "\r\n"
    path = write(tmp_path / "jeunes.csv", text)

    def births() -> list[object]:
        frame, _ = read_export(
            path, youths, columns=["date_naissance"], config=Config(), options=ReadOptions()
        )
        return frame["date_naissance"].to_list()

    monkeypatch.setenv(journal.TODAY_VARIABLE, "2026-12-07")
    with pytest.raises(InvalidDataError) as err:
        births()
    text = err.value.render()
    assert "date_naissance" in text and "lignes 3" in text and "aujourd'hui" in text
    monkeypatch.setenv(journal.TODAY_VARIABLE, "2027-05-13")
    assert births() == [date(2004, 5, 14), date(2027, 5, 13)]


@pytest.mark.parametrize("staged", [False, True])
def test_colonne_facultative_sans_valeur_tenue_pour_absente(tmp_path: Path, staged: bool) -> None:
    """Une colonne facultative présente mais vide dans toutes les lignes gardées est
    tenue pour absente, et dit : sa seule valeur sur une ligne écartée
    (``--ecarter-invalides``) ne compte pas. Une colonne obligatoire n'est jamais
    « vide » (ses cellules manquantes sont des erreurs), ni un fichier sans ligne."""
    rows = [list(r) for r in ROWS]
    for row in rows[1:]:
        row[HEADER.index("Type de contrat")] = ""
    rows[0][HEADER.index("Heures réalisées")] = "beaucoup"  # ligne écartée
    path = write(tmp_path / "x.csv", csv_text(rows, HEADER))
    config = STAGED if staged else Config()
    with journal.opened(journal.Journal()):
        frame, report = read_export(
            path, SCHEMA, columns=COLS, config=config, options=ReadOptions(skip_invalid=True)
        )
    assert report.rows_used == 2
    assert frame["type_contrat"].null_count() == 2
    assert report.found == (
        "annee",
        "contrat",
        "marche",
        "territoire",
        "heures",
        "participant",
        "date_debut",
    )
    assert report.empty == {"type_contrat": "Type de contrat"}  # l'en-tête tel qu'écrit
    assert "type_contrat" in report.absent
    # la même colonne avec une valeur gardée : trouvée
    path = write(tmp_path / "y.csv", csv_text(ROWS[1:], HEADER))
    _, report = read_export(path, SCHEMA, columns=COLS, config=config)
    assert report.empty == {} and "type_contrat" in report.found
    # en-tête seul : rien n'est vide
    path = write(tmp_path / "z.csv", csv_text([], HEADER))
    with journal.opened(journal.Journal()):
        _, report = read_export(path, SCHEMA, columns=COLS, config=config)
    assert report.empty == {}
