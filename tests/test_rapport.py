"""``gipkit rapport`` (issue 11, §3, première partie) : le rapport d'un dossier d'exercice,
en HTML autonome, Markdown, JSON et Excel, avec les chiffres des quatre ``tout``."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT, SERCI_CSV, run

FIX = ROOT / "fixtures"


@pytest.fixture(scope="module")
def exercise(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exercice") / "rapport-2025"
    assert run("init", folder, "--annee", "2025", "--nom", "GIP Ivry-Vitry").exit_code == 0
    shutil.copy(SERCI_CSV, folder / "serci" / "heures.csv")
    for f in (FIX / "ml").glob("*.csv"):
        shutil.copy(f, folder / "ml")
    shutil.copy(FIX / "plie" / "participants.csv", folder / "plie")
    shutil.copy(FIX / "plie" / "candidatures-2023-2025.xlsx", folder / "plie" / "candidatures.xlsx")
    for f in (FIX / "cllaj").glob("*.csv"):
        shutil.copy(f, folder / "cllaj")
    return folder


def _tout(structure: str, folder: Path) -> dict[str, object]:
    out = run(structure, "tout", "--dossier", folder, "--annee", "2025", "--format", "json")
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_rapport_json_reprend_chaque_tout(exercise: Path) -> None:
    out = run("rapport", "--dossier", exercise, "--format", "json")
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    assert report["schema"] == "gipkit/rapport/1.0" and report["annee"] == 2025
    assert [c["structure"] for c in report["chapitres"]] == ["serci", "ml", "plie", "cllaj"]
    for chapter in report["chapitres"]:
        alone = _tout(chapter["structure"], exercise / chapter["structure"])
        assert chapter["document"]["resultats"] == alone["resultats"]
    again = run("rapport", "--dossier", exercise, "--format", "json").stdout
    assert again == out.stdout  # mêmes entrées, mêmes octets


def test_rapport_html_autonome_et_accessible(exercise: Path, tmp_path: Path) -> None:
    target = tmp_path / "rapport.html"
    out = run("rapport", "--dossier", exercise, "--sortie", target)
    assert out.exit_code == 0, out.output
    text = target.read_text("utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="fr">' in text
    # autonome : aucune ressource à charger (les « http:// » des SVG sont des espaces de noms)
    assert not re.search(r'(src|href)="https?:|url\(https?:|<link|<script', text)
    report = json.loads(run("rapport", "--dossier", exercise, "--format", "json").stdout)
    tables = [
        r for c in report["chapitres"] for r in c["document"]["resultats"] if r["type"] == "tableau"
    ]
    assert text.count("<caption>") >= len(tables)
    for table in tables:
        assert f'id="{table["id"].replace(".", "-")}"' in text
    assert text.count('scope="col"') > 100 and 'scope="row"' in text
    assert "@media print" in text and "break-before: page" in text
    assert "Rapport d'activité 2025 — GIP Ivry-Vitry" in text
    assert '<section id="chiffres-cles">' in text and "Paramètres et définitions" in text
    assert run("rapport", "--dossier", exercise, "--sortie", target).stdout == ""


def test_rapport_markdown_et_excel(exercise: Path, tmp_path: Path) -> None:
    md = run("rapport", "--dossier", exercise, "--format", "markdown").stdout
    assert md.startswith("# Rapport d'activité 2025") and "## Sommaire" in md
    assert "# Mission Locale" in md and "# Annexes : sources et contrôles" in md
    md_file = tmp_path / "rapport.md"
    assert run("rapport", "--dossier", exercise, "--sortie", md_file).exit_code == 0
    svgs = sorted((tmp_path / "rapport_graphiques").glob("*.svg"))
    assert len(svgs) >= 20
    text = md_file.read_text("utf-8")
    for svg in svgs:
        assert f"](rapport_graphiques/{svg.name})" in text
    target = tmp_path / "rapport.xlsx"
    assert run("rapport", "--dossier", exercise, "--sortie", target).exit_code == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[0] == "Sommaire" and len(book.sheetnames) > 40
    charts = sum(len(ws._charts) for ws in book.worksheets)  # graphiques Excel natifs
    assert charts >= 20


def test_chapitre_incomplet_dit_et_code_3(exercise: Path, tmp_path: Path) -> None:
    partial = tmp_path / "partiel"
    shutil.copytree(exercise, partial)
    (partial / "ml" / "demandes.csv").unlink()
    (partial / "serci" / "heures.csv").unlink()
    out = run("rapport", "--dossier", partial, "--format", "html")
    assert out.exit_code == 3
    assert 'class="manque"' in out.stdout and "demandes" in out.stdout
    assert "Incomplet : Service Clauses Insertion" in out.stderr
    assert run("rapport", "--dossier", partial, "--partiel", "--format", "json").exit_code == 0


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium absent (.ci/run l'installe)")
def test_rapport_imprime_dans_chromium(exercise: Path, tmp_path: Path) -> None:
    """Le HTML rendu par un vrai navigateur : PDF paginé (un saut de page par chapitre) et
    capture d'écran."""
    html = tmp_path / "rapport.html"
    assert run("rapport", "--dossier", exercise, "--sortie", html).exit_code == 0
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profil'}",
    ]
    pdf, png = tmp_path / "rapport.pdf", tmp_path / "rapport.png"
    subprocess.run(
        [CHROMIUM, *flags, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
    )
    subprocess.run(
        [CHROMIUM, *flags, f"--screenshot={png}", "--window-size=1280,1600", html.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
    )
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages >= 5  # sommaire + quatre chapitres, chacun sur une nouvelle page
    assert png.stat().st_size > 20_000  # une page dessinée, pas un écran blanc


def test_graphiques_svg_deterministes_et_sans_cases_masquees(
    exercise: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    assert run("rapport", "--dossier", exercise, "--sortie", first).exit_code == 0
    assert run("rapport", "--dossier", exercise, "--sortie", second).exit_code == 0
    text = first.read_text("utf-8")
    assert first.read_bytes() == second.read_bytes()  # mêmes entrées, mêmes octets
    assert text.count("<svg") >= 20 and 'role="img" aria-label="Graphique en barres' in text

    from gipkit.io.charts import bar_chart
    from gipkit.results import Column, Table

    table = Table(
        "x.par_ville",
        "Jeunes par ville",
        2025,
        [
            Column("ville", "Ville", "texte"),
            Column("jeunes", "Jeunes", additive=True),
            Column("part", "Part", "part"),
        ],
        [["Ivry", None, None], ["Vitry", 400, 0.8], ["Orly", None, None]],
        ["Total", 500, 1.0],
        secret=[(0, 1), (0, 2), (2, 1), (2, 2)],
    )
    svg, alt = bar_chart(table)
    assert "Vitry" in svg and "Ivry" not in svg and "Orly" not in svg
    assert "2 ligne(s) masquée(s)" in svg and "Ivry" not in alt


def test_les_fixtures_sont_un_dossier_d_exercice() -> None:
    """La commande d'essai du README : le rapport 2025 complet des fixtures."""
    out = run("rapport", "--dossier", FIX, "--format", "json")
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    assert report["annee"] == 2025 and all(not c["manquants"] for c in report["chapitres"])
    serci = report["chapitres"][0]["document"]
    table = next(r for r in serci["resultats"] if r["id"] == "serci.heures.par_maitre_ouvrage")
    assert table["total"][1:] == [202, 567, 389, 162246]
    cllaj = report["chapitres"][3]["document"]
    assert any(r["id"] == "cllaj.lrj.places" and r["valeur"] == 30 for r in cllaj["resultats"])


def test_chiffres_cles_declares_existent() -> None:
    from gipkit.chapters import STRUCTURES
    from gipkit.cli.checks_cmd import KNOWN_IDS

    for structure in STRUCTURES.values():
        assert structure.key_figures
        assert set(structure.key_figures) <= set(KNOWN_IDS), structure.key
