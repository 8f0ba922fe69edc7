"""La lecture par blocs du XML d'une feuille XLSX (:mod:`gipkit.io.sheet_xml`) rend, à
l'octet près, ce que rend le lecteur Excel (:func:`gipkit.io.sheets._load_sheet`) — ou
refuse, et la feuille lui est confiée. Comparée ici au lecteur sur des classeurs tirés au
hasard (xlsxwriter : textes partagés ; openpyxl : textes écrits dans la cellule), blocs
minuscules compris pour passer leurs frontières, et sur le classeur des fixtures."""

from __future__ import annotations

import datetime
import json
import shutil
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest
import xlsxwriter
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gipkit.cli import cli
from gipkit.errors import InputUnreadableError
from gipkit.io import sheet_xml, sheets

FIXTURE = Path(__file__).parents[1] / "fixtures" / "plie" / "candidatures-2023-2025.xlsx"

#: des textes comme en écrivent les exports : lettres accentuées, signes que le XML
#: échappe, espaces au bord, sauts de ligne, textes vides
TEXTS = st.text(
    alphabet=st.sampled_from([*"aZé’ 09&<>\"'\n\t;:_x/-.", "Œ", "€", "日"]), max_size=12
)
#: ce que cette lecture rend elle-même : textes, entiers, nombres de moins de 10⁴ à
#: quatre décimales au plus (xlsxwriter les écrit à seize chiffres significatifs,
#: 8,412 devenant « 8.411999999999999 », que fastexcel arrondit à neuf décimales),
#: booléens, dates sans heure
SUPPORTED = st.one_of(
    st.tuples(st.just("text"), TEXTS),
    st.tuples(st.just("int"), st.integers(-(10**14), 10**14)),
    st.tuples(
        st.just("decimal"),
        st.decimals(-9_999, 9_999, places=4, allow_nan=False, allow_infinity=False),
    ),
    st.tuples(st.just("bool"), st.booleans()),
    st.tuples(st.just("date"), st.dates(datetime.date(1900, 3, 1), datetime.date(2100, 1, 1))),
    st.tuples(st.just("blank"), st.none()),
)
#: et ce qu'elle rend à l'identique ou confie au lecteur Excel : nombres quelconques
#: (au-delà de 10⁴ à plus de neuf décimales, en écriture scientifique : laissés au
#: lecteur), dates avec heure
OTHERS = st.one_of(
    st.tuples(st.just("float"), st.floats(allow_nan=False, allow_infinity=False)),
    st.tuples(
        st.just("decimal"),
        st.decimals(-(10**8), 10**8, places=9, allow_nan=False, allow_infinity=False),
    ),
    st.tuples(
        st.just("decimal"),
        st.decimals(-10_000, 10_000, places=2, allow_nan=False, allow_infinity=False),
    ),
    st.tuples(st.just("datetime"), st.datetimes(datetime.datetime(1900, 3, 1))),
)


def _grids(values: st.SearchStrategy[tuple[str, Any]]) -> st.SearchStrategy[Any]:
    """Une feuille : (première ligne, première colonne, lignes de cellules ; ``None``
    pour une cellule non écrite)."""
    cell = st.one_of(st.none(), values)
    rows = st.lists(st.lists(cell, max_size=6), max_size=8)
    return st.tuples(st.integers(0, 3), st.integers(0, 28), rows)


def _xlsxwriter(path: Path, grid: Any) -> Path:
    top, left, rows = grid
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = book.add_worksheet("Export")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    stamps = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    bold = book.add_format({"bold": True})
    for r, row in enumerate(rows):
        for c, written in enumerate(row):
            if written is None:
                continue
            kind, value = written
            at = (top + r, left + c)
            if kind == "text":
                sheet.write_string(*at, value)
            elif kind in ("int", "float"):
                sheet.write_number(*at, value)
            elif kind == "decimal":
                sheet.write_number(*at, float(value))
            elif kind == "bool":
                sheet.write_boolean(*at, value)
            elif kind == "date":
                sheet.write_datetime(*at, datetime.datetime.combine(value, datetime.time()), dates)
            elif kind == "datetime":
                sheet.write_datetime(*at, value, stamps)
            else:
                sheet.write_blank(*at, None, bold)
    book.close()
    return path


def _openpyxl(path: Path, grid: Any) -> Path:
    top, left, rows = grid
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for r, row in enumerate(rows):
        for c, written in enumerate(row):
            if written is None or written[0] == "blank":
                continue
            kind, value = written
            cell = sheet.cell(row=top + r + 1, column=left + c + 1)
            cell.value = float(value) if kind == "decimal" else value
            if kind == "date":
                cell.number_format = "dd/mm/yyyy"
    book.save(path)
    return path


def _same_as_reader(path: Path, keep: Any) -> bool:
    """La lecture par blocs rend ce que rend le lecteur Excel ; ``False`` si elle a
    confié la feuille au lecteur."""
    try:
        data, kept = sheet_xml.read_columns(path, 0, keep)
    except sheet_xml.Unsupported:
        return False
    expected, expected_kept = sheets._load_sheet(path, 0, keep)
    assert kept == expected_kept
    # les noms des colonnes ne servent pas (elles sont renommées d'après l'en-tête)
    assert data.rename(dict(zip(data.columns, expected.columns, strict=True))).equals(expected)
    return True


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Des blocs de quelques octets : chaque ligne de la feuille, ou presque, dans le sien."""
    monkeypatch.setattr(sheet_xml, "CHUNK_BYTES", 97)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(grid=_grids(SUPPORTED), columns=st.sets(st.integers(0, 40)), tiny=st.booleans())
def test_xlsxwriter_sheets_read_like_the_excel_reader(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    grid: Any,
    columns: set[int],
    tiny: bool,
) -> None:
    if tiny:
        monkeypatch.setattr(sheet_xml, "CHUNK_BYTES", 97)
    path = _xlsxwriter(tmp_path_factory.mktemp("x") / "t.xlsx", grid)
    # textes, entiers, nombres courts, booléens, dates : jamais confiés au lecteur
    assert _same_as_reader(path, lambda i: i in columns)
    assert _same_as_reader(path, lambda i: True)


@settings(max_examples=40, deadline=None)
@given(grid=_grids(st.one_of(SUPPORTED, OTHERS)), columns=st.sets(st.integers(0, 40)))
def test_other_values_are_read_alike_or_left_to_the_excel_reader(
    tmp_path_factory: pytest.TempPathFactory, grid: Any, columns: set[int]
) -> None:
    path = _xlsxwriter(tmp_path_factory.mktemp("x") / "t.xlsx", grid)
    _same_as_reader(path, lambda i: i in columns)


@settings(max_examples=40, deadline=None)
@given(grid=_grids(SUPPORTED), columns=st.sets(st.integers(0, 40)))
def test_openpyxl_inline_texts_read_like_the_excel_reader(
    tmp_path_factory: pytest.TempPathFactory, grid: Any, columns: set[int]
) -> None:
    path = _openpyxl(tmp_path_factory.mktemp("x") / "t.xlsx", grid)
    _same_as_reader(path, lambda i: i in columns)


def test_what_openpyxl_writes_is_read_here(tmp_path: Path) -> None:
    """Textes écrits dans la cellule, nombres, booléens, dates : lus ici, pas confiés."""
    grid = (
        1,
        2,
        [
            [("text", "Nom & <prénom>"), ("int", 94400), None, ("bool", False)],
            [],
            [("text", " a\n"), ("decimal", 1234.5), ("date", datetime.date(2025, 5, 28))],
        ],
    )
    assert _same_as_reader(_openpyxl(tmp_path / "o.xlsx", grid), lambda i: True)


def test_edges_of_the_sheet_follow_the_excel_reader(tmp_path: Path, small_chunks: None) -> None:
    """Lignes et colonnes vides autour, cellule mise en forme sans valeur au bord, texte
    vide, rangée vide au milieu : la plage est celle du lecteur."""
    grid = (
        3,
        27,
        [
            [("blank", None), ("text", "")],
            [],
            [None, None, ("text", "x"), ("blank", None)],
            [("blank", None)],
        ],
    )
    path = _xlsxwriter(tmp_path / "e.xlsx", grid)
    assert _same_as_reader(path, lambda i: True)
    assert _same_as_reader(path, lambda i: i in (27, 29, 30))
    data, kept = sheet_xml.read_columns(path, 0, lambda i: True)
    assert kept == [28, 29] and data.height == 3


def test_an_empty_sheet(tmp_path: Path) -> None:
    path = _xlsxwriter(tmp_path / "vide.xlsx", (0, 0, []))
    data, kept = sheet_xml.read_columns(path, 0, lambda i: True)
    assert kept == [] and data.height == 0


@pytest.mark.parametrize(
    ("write", "why"),
    [
        (lambda s: s.write_formula(0, 0, "=1+1", None, 2), "formule"),
        (lambda s: s.write_number(0, 0, 1e20), "nombre en écriture scientifique"),
        (lambda s: s.write_number(0, 0, 12345 + 1 / 3), "plus de 10⁴ à seize chiffres"),
        (lambda s: s.write_string(0, 0, "a\rb"), "retour chariot"),
        (lambda s: s.write_string(0, 0, "\x01"), "caractère échappé"),
    ],
)
def test_what_is_left_to_the_excel_reader(tmp_path: Path, write: Any, why: str) -> None:
    path = tmp_path / "f.xlsx"
    book = xlsxwriter.Workbook(str(path))
    write(book.add_worksheet())
    book.close()
    with pytest.raises(sheet_xml.Unsupported):
        sheet_xml.read_columns(path, 0, lambda i: True)
    # et le lecteur Excel la lit
    assert sheets._columns(path, 0, lambda i: True, streamed=True)[0].height == 1


def test_an_early_refusal_leaves_the_sheet_to_the_excel_reader(
    tmp_path: Path, small_chunks: None
) -> None:
    """Une formule à la première ligne, des centaines de blocs derrière : le refus vient
    au premier bloc, et le lecteur Excel lit toute la feuille."""
    path = tmp_path / "tot.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_formula(0, 0, "=1+1", None, 2)
    for r in range(1, 201):
        sheet.write_string(r, 0, f"ligne {r}")
    book.close()
    with pytest.raises(sheet_xml.Unsupported):
        sheet_xml.read_columns(path, 0, lambda i: True)
    assert sheets._columns(path, 0, lambda i: True, streamed=True)[0].height == 201


def test_dates_counted_from_1904_are_left_to_the_excel_reader(tmp_path: Path) -> None:
    path = tmp_path / "1904.xlsx"
    book = xlsxwriter.Workbook(str(path), {"date_1904": True})
    book.add_worksheet().write_datetime(
        0, 0, datetime.datetime(2025, 5, 28), book.add_format({"num_format": "dd/mm/yyyy"})
    )
    book.close()
    with pytest.raises(sheet_xml.Unsupported):
        sheet_xml.read_columns(path, 0, lambda i: True)


def test_the_fixture_workbook_is_read_here(small_chunks: None) -> None:
    """Le classeur des candidatures des fixtures (dates de candidature en cellules
    date, comme les emplois de l'inclusion depuis mai 2025) : lu ici, à l'identique."""
    assert _same_as_reader(FIXTURE, lambda i: True)
    assert _same_as_reader(FIXTURE, lambda i: i in (1, 14, 21))


def test_a_heavy_workbook_gives_the_same_figures(tmp_path: Path, monkeypatch: Any) -> None:
    """Un classeur plus lourd que ce qu'un tableau peut tenir en mémoire est lu par
    blocs (la limite abaissée à zéro) : mêmes chiffres, au caractère près, que par le
    lecteur Excel."""
    used: list[int] = []
    inner = sheet_xml.read_columns

    def spy(*args: Any) -> Any:
        data, kept = inner(*args)
        used.append(len(kept))
        return data, kept

    monkeypatch.setattr(sheet_xml, "read_columns", spy)
    shutil.copy(FIXTURE, tmp_path / FIXTURE.name)
    runner = CliRunner()
    args = ["plie", "siae", str(tmp_path / FIXTURE.name), "--format", "json", "--annee", "2025"]
    light = runner.invoke(cli, args)
    assert light.exit_code == 0, light.output
    assert used == []
    (tmp_path / "gipkit.toml").write_text("[limites]\nclasseur_en_memoire_max_mo = 0\n")
    heavy = runner.invoke(cli, [*args, "--config", str(tmp_path / "gipkit.toml")])
    assert heavy.exit_code == 0, heavy.output
    assert used, "le classeur n'a pas été lu par blocs"
    assert json.loads(light.stdout)["resultats"] == json.loads(heavy.stdout)["resultats"]


def test_every_cell_is_text() -> None:
    data, kept = sheet_xml.read_columns(FIXTURE, 0, lambda i: i in (0, 3, 14))
    assert kept == [0, 3, 14] and data.dtypes == [pl.String] * 3


@settings(max_examples=30, deadline=None)
@given(
    delays=st.lists(st.integers(0, 3), max_size=12),
    workers=st.integers(1, 3),
    failing=st.none() | st.integers(0, 11),
)
def test_blocks_are_worked_in_order_a_few_at_a_time(
    delays: list[int], workers: int, failing: int | None
) -> None:
    """Les blocs traités en même temps (:func:`sheet_xml._in_order`) : rendus dans leur
    ordre quel que soit celui où ils finissent, jamais plus de ``workers`` pris d'avance
    sur le plus ancien non fini ; l'erreur d'un bloc est levée, et les blocs suivants ne
    sont plus pris au-delà de ceux déjà commencés."""
    taken: list[int] = []
    finished: list[int] = []

    def items() -> Any:
        for i in range(len(delays)):
            # un bloc n'est pris que si moins de ``workers`` sont en cours
            assert len(taken) - len(finished) < workers
            taken.append(i)
            yield bytes([i])

    def work(item: bytes) -> int:
        i = item[0]
        time.sleep(delays[i] / 1000)
        finished.append(i)
        if i == failing:
            raise sheet_xml.Unsupported("bloc refusé")
        return i * 10

    if failing is None or failing >= len(delays):
        assert sheet_xml._in_order(work, items(), workers) == [i * 10 for i in range(len(delays))]
    else:
        with pytest.raises(sheet_xml.Unsupported):
            sheet_xml._in_order(work, items(), workers)
        assert max(taken) < failing + workers


def test_a_cell_of_unreadable_type_is_refused_like_the_excel_reader(tmp_path: Path) -> None:
    """Une cellule au type illisible (``t=""``, hors de la norme) : le lecteur Excel
    refuse le classeur ; la lecture par blocs la lui confie, et le refus est le même
    quelle que soit la taille de la feuille (avant, elle la lisait telle qu'écrite)."""
    written = tmp_path / "t.xlsx"
    book = xlsxwriter.Workbook(str(written))
    sheet = book.add_worksheet()
    sheet.write_number(0, 0, 5)
    sheet.write_number(1, 0, 0.807)
    book.close()
    path = tmp_path / "vide.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="A2"', b'<c r="A2" t=""')
            target.writestr(info, data)
    assert sheet_xml.read_columns(written, 0, lambda i: True)[0].rows() == [("5",), ("0.807",)]
    with pytest.raises(sheet_xml.Unsupported):
        sheet_xml.read_columns(path, 0, lambda i: True)
    for streamed in (False, True):
        with pytest.raises(InputUnreadableError, match="classeur illisible"):
            sheets._columns(path, 0, lambda i: True, streamed=streamed)


@pytest.mark.parametrize("cut", [0.3, 0.7, 0.999])
def test_a_cut_sheet_is_refused_not_read_in_part(tmp_path: Path, cut: float) -> None:
    """Une feuille dont le XML s'arrête avant ``</sheetData>`` (l'archive, elle, est
    intègre) : lue par blocs jusque-là, elle perdait ses dernières lignes en silence
    (208 candidatures sur 400, vu en abîmant des classeurs au hasard). Elle est confiée
    au lecteur Excel, qui la refuse : classeur illisible, code 66."""
    path = tmp_path / FIXTURE.name
    with zipfile.ZipFile(FIXTURE) as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data[: round(len(data) * cut)]
            out.writestr(info, data)
    with pytest.raises(sheet_xml.Unsupported):
        sheet_xml.read_columns(path, 0, lambda i: True)
    (tmp_path / "gipkit.toml").write_text("[limites]\nclasseur_en_memoire_max_mo = 0\n")
    args = ["plie", "siae", str(path), "--config", str(tmp_path / "gipkit.toml")]
    out = CliRunner().invoke(cli, args)
    assert out.exit_code == 66, out.output
    assert "classeur illisible" in out.output
