"""Des sorties qui ne trahissent pas l'utilisateur (issue 10, §5) : données jamais lues
comme du balisage, écriture atomique et erreurs d'écriture claires (code 73), format
déduit de l'extension, BOM pour Excel sur demande.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from conftest import SERCI_CSV, run
from gipkit.io import render
from gipkit.results import Column, Document, Table


def _doc_with_label(label: str) -> Document:
    table = Table(
        "serci.heures.par_commanditaire",
        "Commanditaires",
        2025,
        [Column("nom", "Maître d'ouvrage", "texte"), Column("heures", "Heures", "heures")],
        [[label, 12.0]],
        None,
        ["note [bold]non[/bold]"],
    )
    return Document("serci heures", {}, [], [table])


def test_le_terminal_n_interprete_pas_les_donnees() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, force_terminal=False, color_system=None)
    render.print_rich(_doc_with_label("LINKCITY [/lot 2]"), console)
    out = buffer.getvalue()
    assert "LINKCITY [/lot 2]" in out
    assert "[bold]non[/bold]" in out


def test_libelle_crochet_par_la_cli(tmp_path: Path) -> None:
    text = SERCI_CSV.read_text("utf-8-sig").replace(";SEMISE;", ";LINKCITY [/lot 2];", 1)
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    out = run("serci", "heures", path, "--annee", "2020", "--par-commanditaire", "--top", "50")
    assert out.exit_code == 0, out.output
    assert "LINKCITY [/lot 2]" in out.stdout


def test_dossier_de_sortie_absent(tmp_path: Path) -> None:
    out = run("serci", "heures", SERCI_CSV, "--sortie", tmp_path / "absent" / "r.json")
    assert out.exit_code == 73
    assert "n'existe pas" in out.stderr and "interne" not in out.stderr


@pytest.mark.skipif(
    os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root écrit partout"
)
def test_fichier_verrouille(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        out = run("serci", "heures", SERCI_CSV, "--sortie", folder / "r.json")
        assert out.exit_code == 73
    finally:
        folder.chmod(0o700)


def test_ecriture_atomique_sans_reste(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.json"
    target.write_text("ancien contenu", encoding="utf-8")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "verrouillé")

    monkeypatch.setattr(os, "replace", refuse)
    out = run("serci", "heures", SERCI_CSV, "--sortie", target)
    assert out.exit_code == 73 and "Excel" in out.stderr
    assert target.read_text("utf-8") == "ancien contenu"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


def test_sortie_egale_a_une_entree_refusee(tmp_path: Path) -> None:
    copy = tmp_path / "export.csv"
    copy.write_bytes(SERCI_CSV.read_bytes())
    out = run("serci", "heures", copy, "--sortie", copy, "--format", "csv")
    assert out.exit_code == 2
    assert copy.read_bytes() == SERCI_CSV.read_bytes()


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("r.json", lambda b: json.loads(b.decode("utf-8"))["commande"] == "serci heures"),
        ("r.csv", lambda b: b.startswith(b"\xef\xbb\xbf")),
        ("r.md", lambda b: b.lstrip().startswith(b"#")),
        ("r.xlsx", lambda b: b.startswith(b"PK")),
    ],
)
def test_format_deduit_de_l_extension(tmp_path: Path, name: str, check: object) -> None:
    out = run("serci", "heures", SERCI_CSV, "--sortie", tmp_path / name)
    assert out.exit_code == 0, out.output
    assert check((tmp_path / name).read_bytes())  # type: ignore[operator]


def test_format_et_extension_contradictoires(tmp_path: Path) -> None:
    out = run("serci", "heures", SERCI_CSV, "--sortie", tmp_path / "r.csv", "--format", "json")
    assert out.exit_code == 2 and "contredit" in out.stderr
    assert not (tmp_path / "r.csv").exists()
    unknown = run("serci", "heures", SERCI_CSV, "--sortie", tmp_path / "r.dat")
    assert unknown.exit_code == 2


def test_bom_sur_la_sortie_standard() -> None:
    plain = run("serci", "heures", SERCI_CSV, "--format", "csv")
    with_bom = run("serci", "heures", SERCI_CSV, "--format", "csv", "--bom")
    assert not plain.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert with_bom.stdout_bytes == b"\xef\xbb\xbf" + plain.stdout_bytes


def test_word_sans_n_moins_1_pas_de_colonnes_vides(tmp_path: Path) -> None:
    from docx import Document as Word

    path = tmp_path / "j.csv"
    path.write_text("Identifiant;Sexe;Ressources\nA;F;900\nB;H;1500\n", encoding="utf-8")
    out = tmp_path / "r.docx"
    assert run("cllaj", "ressources", path, "--annee", "2025", "--sortie", out).exit_code == 0
    headers = [[c.text for c in t.rows[0].cells] for t in Word(str(out)).tables]
    assert ["Indicateur", "2025"] in headers
    with_previous = tmp_path / "n1.docx"
    csv = Path(__file__).parents[1] / "fixtures" / "cllaj" / "jeunes.csv"
    assert run("cllaj", "ressources", csv, "--sortie", with_previous).exit_code == 0
    headers = [[c.text for c in t.rows[0].cells] for t in Word(str(with_previous)).tables]
    assert ["Indicateur", "2024", "2025", "Évolution"] in headers


def test_word_et_classeur_les_memes_octets_d_une_edition_a_l_autre(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Le même document donne le même DOCX et le même XLSX, octet pour octet : les
    fichiers de l'archive DOCX sont datés de 1980 (python-docx les datait de l'instant),
    la création du classeur est datée du jour (``GIPKIT_AUJOURDHUI``), non de l'instant."""
    monkeypatch.setenv("GIPKIT_AUJOURDHUI", "2026-01-20")
    written: dict[str, list[bytes]] = {"docx": [], "xlsx": []}
    for i in range(2):
        for fmt in written:
            out = tmp_path / f"{i}.{fmt}"
            assert run("serci", "heures", SERCI_CSV, "--sortie", out).exit_code == 0
            written[fmt].append(out.read_bytes())
            with zipfile.ZipFile(out) as archive:
                assert {info.date_time[0] for info in archive.infolist()} == {1980}
                if fmt == "xlsx":
                    core = archive.read("docProps/core.xml").decode()
                    assert ">2026-01-20T00:00:00Z<" in core
    assert written["docx"][0] == written["docx"][1]
    assert written["xlsx"][0] == written["xlsx"][1]


def test_un_caractere_de_controle_dans_un_libelle_n_arrete_pas_le_word(tmp_path: Path) -> None:
    """Un nom collé depuis Word porte un « \\x0b » à chaque retour à la ligne ; XML refuse
    les caractères de contrôle, et le DOCX s'arrêtait sur une erreur interne. Le saut de
    ligne manuel devient un saut de ligne de la case, un autre contrôle « \\ufffd » ; le
    classeur, lui, les garde, échappés comme Excel les écrit (« _x0001_ »)."""
    import docx
    import openpyxl

    source = SERCI_CSV.read_text("utf-8-sig")
    assert ";SEMISE;" in source and ";LINKCITY;" in source
    hostile = tmp_path / "heures.csv"
    hostile.write_text(
        source.replace(";SEMISE;", ";SEMI\x0bSE;").replace(";LINKCITY;", ";LINK\x01CITY;"),
        "utf-8",
    )
    out = tmp_path / "serci.docx"
    assert run("serci", "tout", hostile, "--sortie", out).exit_code == 0
    cells = {c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells}
    assert {"SEMI\nSE", "LINK\ufffdCITY"} <= cells
    book = tmp_path / "serci.xlsx"
    assert run("serci", "tout", hostile, "--sortie", book).exit_code == 0
    values = {c.value for ws in openpyxl.load_workbook(book) for r in ws.iter_rows() for c in r}
    assert "LINK_x0001_CITY" in values


def test_classeur_et_word_gardent_les_lignes_de_n_moins_1_seules(tmp_path: Path) -> None:
    """Une ligne de N-1 absente de N (un commanditaire sorti du classement, une tranche
    de ressources dont le seuil a changé) reste dans le tableau N-1 / N / évolution du
    classeur et du Word, avec sa valeur de N-1 et N vide, avant le total (avant : les
    lignes de N seules, les chiffres de N-1 perdus sans le dire)."""
    import docx
    import openpyxl

    from conftest import result, run_json

    def previous_only(
        args: tuple[str | Path, ...], ident: str
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Le tableau ``ident`` du JSON, et ses lignes de N-1 seules (libellé -> valeur)."""
        table = result(run_json(*args), ident)
        now = {r[0] for r in table["lignes"]}
        only = {r[0]: r[1] for r in table["precedent"]["lignes"] if r[0] not in now}
        assert only, "la fixture devrait avoir une ligne de N-1 seule"
        return table, only

    args: tuple[str | Path, ...] = ("serci", "heures", SERCI_CSV, "--par-commanditaire")
    table, only = previous_only(args, "serci.heures.par_commanditaire")
    book = tmp_path / "h.xlsx"
    assert run(*args, "--sortie", book).exit_code == 0
    rows = [
        [c.value for c in r]
        for ws in openpyxl.load_workbook(book)
        for r in ws.iter_rows()
        if r[0].value in only
    ]
    assert {r[0]: r[1:3] for r in rows} == {name: [n, None] for name, n in only.items()}
    # le graphique natif ne dessine que les lignes de N (celles de N-1 seules n'y ont
    # pas de barre) : lignes 4 à 3 + nombre de lignes de N de la feuille
    count = len(table["lignes"])
    with zipfile.ZipFile(book) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if "charts/chart" in n]
    ranges = {m for chart in charts for m in re.findall(r"\$(\d+):\$[A-Z]+\$(\d+)<", chart)}
    assert ranges == {("4", str(3 + count))}

    # le Word écrit N-1 et N côte à côte quand le tableau tient en 7 colonnes
    csv = Path(__file__).parents[1] / "fixtures" / "cllaj" / "jeunes.csv"
    args = ("cllaj", "ressources", csv)
    _, only = previous_only(args, "cllaj.ressources.tranches")
    word = tmp_path / "r.docx"
    assert run(*args, "--sortie", word).exit_code == 0
    tables = docx.Document(str(word)).tables
    (grid,) = [t for t in tables if t.rows[0].cells[0].text.startswith("Ressources")]
    lines = [[c.text for c in r.cells] for r in grid.rows]
    assert {r[0]: r[1:3] for r in lines if r[0] in only} == {
        name: [render.french_number(n, None), ""] for name, n in only.items()
    }
    assert lines[-1][0] == "Total"
    assert all(run.bold for run in grid.rows[-1].cells[1].paragraphs[0].runs)


def test_classeur_et_word_apparient_une_action_et_sa_situation(tmp_path: Path) -> None:
    """Une action a une ligne par situation de sortie, nommée « action / situation ».
    Avant, l'action seule nommait ces lignes : chacune recevait dans le classeur la valeur
    de N-1 de la dernière ligne de l'action (« 4 » partout dans celui des fixtures). Les
    valeurs de N-1 et de N sont celles du JSON, ligne par ligne, et une situation de N-1
    seule (« Abandon ») reste."""
    import docx
    import openpyxl

    from conftest import result, run_json

    folder = Path(__file__).parents[1] / "fixtures" / "ml"
    args: tuple[str | Path, ...] = ("ml", "tout", "--dossier", folder)
    table = result(run_json(*args), "ml.actions_locales.situations")
    expected: dict[str, list[Any]] = {label: [None, n] for label, n in table["lignes"]}
    for label, n in table["precedent"]["lignes"]:
        expected.setdefault(label, [None, None])[0] = n
    assert any(n is None for _, n in expected.values()), "une situation de N-1 seule"
    assert len({b for b, _ in expected.values()}) > 2, "des valeurs de N-1 différentes"

    book = tmp_path / "ml.xlsx"
    assert run(*args, "--sortie", book).exit_code == 0
    (sheet,) = [
        ws for ws in openpyxl.load_workbook(book) if "situations à la sortie" in str(ws["A1"].value)
    ]
    rows = [list(r) for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]]
    total = [r[0] for r in rows].index("Total")  # les notes viennent dessous
    assert {r[0]: r[1:3] for r in rows[:total]} == expected

    word = tmp_path / "ml.docx"
    assert run(*args, "--sortie", word).exit_code == 0
    (grid,) = [
        t
        for t in docx.Document(str(word)).tables
        if t.rows[0].cells[0].text == "Action / situation à la sortie"
    ]
    written = {r.cells[0].text: [c.text for c in r.cells[1:3]] for r in grid.rows[1:-1]}
    assert written == {
        k: ["" if v is None else render.french_number(v, None) for v in values]
        for k, values in expected.items()
    }
