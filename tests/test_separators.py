"""Les nombres ambigus (``1.234`` : 1,234 ou 1 234 ?), jugés d'après leur colonne
(``gipkit.io.separators``, ``checked._judged_numbers``).

Lus cellule par cellule, « 1.150 » dans une colonne de ressources écrite « 1.150,00 »
ailleurs valait 1,15 euro, sans un mot : un jeune rangé sous le seuil de pauvreté."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from gipkit import journal
from gipkit.config import Config, parse_config
from gipkit.errors import ExitCode, InvalidDataError
from gipkit.io import ReadOptions, read_export, separators, values
from gipkit.io.exports import EXPORTS
from gipkit.io.separators import Reading, Separators
from helpers import HEADER, ROWS, csv_text, in_memory_up_to, write

SCHEMA = EXPORTS["serci.heures"]
HOURS = HEADER.index("Heures réalisées")
#: en mémoire, et par le Parquet temporaire
WAYS = pytest.mark.parametrize("config", [Config(), in_memory_up_to(0)], ids=["memoire", "parquet"])


def hours_file(folder: Path, cells: list[str]) -> Path:
    """Un export d'heures d'insertion dont la colonne des heures porte ``cells``, une
    ligne chacune (contrats distincts)."""
    rows = []
    for i, cell in enumerate(cells):
        row = list(ROWS[i % len(ROWS)])
        row[1], row[HOURS] = f"C{i}", cell
        rows.append(row)
    return write(folder / "heures.csv", csv_text(rows))


def read_hours(
    path: Path, config: Config, *, skip: bool = False, show: bool = False
) -> tuple[list[float | None], list[str], dict[str, int]]:
    with journal.opened() as told:
        frame, report = read_export(
            path,
            SCHEMA,
            columns=["heures"],
            config=config,
            options=ReadOptions(skip_invalid=skip, show_values=show),
        )
    return frame["heures"].to_list(), told.warnings, dict(report.excluded)


@WAYS
@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        # le point sépare ailleurs les décimales : 1,234
        (["12.5", "1.234", "35"], [12.5, 1.234, 35.0]),
        (["1,234.5", "1.234", "35"], [1234.5, 1.234, 35.0]),
        # la virgule décimale, ailleurs ou par défaut : 1,234
        (["151,5", "1,234", "35"], [151.5, 1.234, 35.0]),
        (["35", "1,234", "7"], [35.0, 1.234, 7.0]),
        # un zéro devant, quatre chiffres devant, deux séparateurs : rien d'ambigu
        (["0.125", "1234.500", "1.234,5"], [0.125, 1234.5, 1234.5]),
    ],
)
def test_lu_en_decimales_sans_un_mot(
    tmp_path: Path, config: Config, cells: list[str], expected: list[float]
) -> None:
    read, warnings, excluded = read_hours(hours_file(tmp_path, cells), config)
    assert read == expected
    assert not warnings and not excluded


@WAYS
@pytest.mark.parametrize(
    "cells",
    [
        ["1.234,5", "1.234", "35"],  # le point des milliers, ailleurs dans la colonne
        ["12.345,75", "1.234", "35"],
        ["35", " 1.234 € ", "1.234,5"],  # une autre forme, lue par la voie complète
    ],
)
def test_lu_en_milliers_comme_la_colonne_et_dit(
    tmp_path: Path, config: Config, cells: list[str]
) -> None:
    read, warnings, _ = read_hours(hours_file(tmp_path, cells), config)
    assert read[1] == 1234.0
    assert read[0] in (1234.5, 12345.75, 35.0)
    (warning,) = warnings
    assert "« Heures réalisées »" in warning and "1 nombre(s)" in warning
    assert "lus en milliers" in warning


def test_lu_en_milliers_par_la_virgule(tmp_path: Path) -> None:
    read, warnings, _ = read_hours(hours_file(tmp_path, ["1,234.5", "1,234", "7"]), Config())
    assert read == [1234.5, 1234.0, 7.0]
    assert "une seule virgule" in warnings[0]


def test_milliers_hors_bornes_invalides(tmp_path: Path) -> None:
    """Lu en milliers, le nombre passe encore par les bornes de sa colonne (heures :
    100 000 au plus) : « 150.000 » vaut 150 000, refusé comme tout nombre hors bornes."""
    with pytest.raises(InvalidDataError) as err:
        read_hours(hours_file(tmp_path, ["1.234,5", "150.000", "35"]), Config())
    assert "≤ 100 000" in err.value.render() and "lignes 3" in err.value.render()


@WAYS
@pytest.mark.parametrize(
    "cells",
    [
        ["151,5", "4.567", "35"],  # la virgule y est décimale : le point, des milliers ?
        ["35", "4.567", "7"],  # la colonne ne dit rien du point
        ["12.5", "4,567", "7"],  # le point y est décimal : la virgule, des milliers ?
        ["12.5", "4.567", "1.234,5"],  # la colonne se contredit
        ["151,5", " 4.567 € ", "35"],  # une autre forme, refusée de même
    ],
)
def test_refuse_quand_la_colonne_ne_tranche_pas(
    tmp_path: Path, config: Config, cells: list[str]
) -> None:
    path = hours_file(tmp_path, cells)
    with pytest.raises(InvalidDataError) as err:
        read_hours(path, config)
    text = err.value.render()
    assert err.value.exit_code is ExitCode.INVALID_DATA
    assert "nombre ambigu" in text and "lignes 3" in text and "« Heures réalisées »" in text
    assert cells[1].strip(" €") not in text  # données personnelles : jamais recopiées
    with pytest.raises(InvalidDataError) as shown:
        read_hours(path, config, show=True)
    assert cells[1].strip() in shown.value.render()
    read, _, excluded = read_hours(path, config, skip=True)
    assert len(read) == 2
    assert excluded == {"nombre ambigu, colonne `heures` (Heures réalisées)": 1}


@pytest.mark.parametrize(
    ("declared", "expected"),
    [("1.234,5", 1234.0), ("1 234.5", 1.234), ("1234.5", 1.234), ("1,234.5", 1.234)],
)
def test_l_ecriture_declaree_tient_lieu_de_la_colonne(
    tmp_path: Path, declared: str, expected: float
) -> None:
    """Une colonne qui ne dit rien du point (« 1.150 » parmi des entiers, d'un logiciel
    qui écrit les milliers avec un point) : refusée, sauf si la configuration déclare
    son écriture ; la lecture déclarée n'est pas redite."""
    path = hours_file(tmp_path, ["35", "4.567", "7"])
    with pytest.raises(InvalidDataError) as err:
        read_hours(path, Config())
    assert '[nombres."serci.heures"] heures = "1.234,5"' in err.value.render()
    config = parse_config({"nombres": {"serci.heures": {"heures": declared}}}, origin="t")
    read, warnings, _ = read_hours(path, config)
    assert read == [35.0, expected * 4567 / 1234, 7.0] and not warnings


@pytest.mark.parametrize("declared", ["1 234,5", "1234,5"])
def test_l_ecriture_declaree_qui_ne_dit_rien_du_point_le_refuse(
    tmp_path: Path, declared: str
) -> None:
    config = parse_config({"nombres": {"serci.heures": {"heures": declared}}}, origin="t")
    with pytest.raises(InvalidDataError) as err:
        read_hours(hours_file(tmp_path, ["12.5", "4.567", "7"]), config)
    assert "nombre ambigu" in err.value.render()
    read, _, _ = read_hours(hours_file(tmp_path, ["35", "4,567", "7"]), config)
    assert read == [35.0, 4.567, 7.0]


def test_un_classeur_n_a_pas_de_nombre_ambigu(tmp_path: Path) -> None:
    """Dans un classeur, un nombre est une cellule typée : 1,234 mis en texte « 1.234 »
    n'est pas ambigu, même dans une colonne d'entiers."""
    path = tmp_path / "heures.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Export")
    for c, title in enumerate(HEADER):
        sheet.write_string(0, c, title)
    for r, hours in enumerate([35, 1.234, 7], start=1):
        row = ROWS[r - 1]
        sheet.write_number(r, 0, int(row[0]))
        for c in (1, 2, 3, 5, 6):
            sheet.write_string(r, c, f"C{r}" if c == 1 else row[c])
        sheet.write_number(r, HOURS, hours)
        sheet.write_datetime(r, 7, datetime(2025, 2, 1))
    workbook.close()
    read, warnings, _ = read_hours(path, Config())
    assert read == [35.0, 1.234, 7.0] and not warnings


@pytest.mark.parametrize(
    ("roles", "dot", "comma"),
    [
        (Separators(), Reading.REFUSED, Reading.DECIMALS),
        (Separators(decimal=frozenset(".")), Reading.DECIMALS, Reading.REFUSED),
        (Separators(decimal=frozenset(",")), Reading.REFUSED, Reading.DECIMALS),
        (
            Separators(decimal=frozenset(","), thousands=frozenset(".")),
            Reading.THOUSANDS,
            Reading.DECIMALS,
        ),
        (
            Separators(decimal=frozenset("."), thousands=frozenset(",")),
            Reading.DECIMALS,
            Reading.THOUSANDS,
        ),
        (Separators(decimal=frozenset(".,")), Reading.DECIMALS, Reading.DECIMALS),
        (
            Separators(decimal=frozenset("."), thousands=frozenset(".")),
            Reading.REFUSED,
            Reading.REFUSED,
        ),
        (Separators(thousands=frozenset(".")), Reading.THOUSANDS, Reading.DECIMALS),
    ],
)
def test_la_regle_de_lecture(roles: Separators, dot: Reading, comma: Reading) -> None:
    assert (roles.reading("."), roles.reading(",")) == (dot, comma)


PARTS = st.sampled_from(["", " ", "\u00a0", "€", "-", "+", ".", ",", "0", "1", "5", "9", "12"])


@settings(max_examples=300)
@given(st.lists(PARTS, max_size=8).map("".join))
def test_ambigu_exactement_un_separateur_et_trois_chiffres(cell: str) -> None:
    """Le drapeau des deux voies (forme courante, voie complète sur ``number_text``) ne
    lève que les nombres lisibles à un seul séparateur suivi de trois chiffres, une
    partie entière de un à trois chiffres sans zéro devant, et les lève tous."""
    text = pl.select(values.number_text(pl.lit(cell))).item()
    flagged = pl.select(separators.ambiguous(pl.lit(text))).item() if text is not None else False
    bare = cell.replace("€", "").strip().replace(" ", "").replace("\u00a0", "")
    digits = bare.lstrip("+-")
    whole, sep, fraction = digits.replace(",", ".").partition(".")
    expected = (
        text is not None
        and len(bare) - len(digits) <= 1
        and sep == "."
        and whole.isdigit()
        and 1 <= len(whole) <= 3
        and whole[0] != "0"
        and fraction.isdigit()
        and len(fraction) == 3
    )
    assert flagged == expected, (cell, text)
    if flagged:
        assert pl.select(values.number(pl.lit(cell))).item() is not None
