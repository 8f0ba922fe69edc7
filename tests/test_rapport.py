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
    shutil.copy(FIX / "plie" / "preinscriptions.csv", folder / "plie")
    shutil.copy(FIX / "plie" / "candidatures-2023-2025.xlsx", folder / "plie" / "candidatures.xlsx")
    for f in (FIX / "cllaj").glob("*.csv"):
        shutil.copy(f, folder / "cllaj")
    return folder


@pytest.fixture(scope="module")
def report_json(exercise: Path) -> str:
    """Le rapport JSON du dossier d'exercice, lancé une fois pour les tests qui le lisent."""
    out = run("rapport", "--dossier", exercise, "--format", "json")
    assert out.exit_code == 0, out.output
    return out.stdout


def _tout(structure: str, folder: Path) -> dict[str, object]:
    out = run(structure, "tout", "--dossier", folder, "--annee", "2025", "--format", "json")
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_rapport_json_reprend_chaque_tout(exercise: Path, report_json: str) -> None:
    report = json.loads(report_json)
    assert report["schema"] == "gipkit/rapport/1.1" and report["annee"] == 2025
    import jsonschema

    docs = ROOT / "docs" / "schemas"
    jsonschema.validate(report, json.loads((docs / "rapport-1.1.json").read_text("utf-8")))
    results_schema = json.loads((docs / "resultats-1.2.json").read_text("utf-8"))
    for chapter in report["chapitres"]:
        jsonschema.validate(chapter["document"], results_schema)
    assert report["date"] is None  # aucune date sans --date
    # l'ordre des chapitres du rapport 2025
    assert [c["structure"] for c in report["chapitres"]] == ["ml", "plie", "serci", "cllaj"]
    for chapter in report["chapitres"]:
        alone = _tout(chapter["structure"], exercise / chapter["structure"])
        assert chapter["document"]["resultats"] == alone["resultats"]
    again = run("rapport", "--dossier", exercise, "--format", "json").stdout
    assert again == report_json  # mêmes entrées, mêmes octets


def test_rapport_dit_ses_choix_sur_la_sortie_d_erreur(
    exercise: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Comme chaque ``tout`` : l'année retenue et pourquoi, les avertissements — le rapport
    ne disait que son nombre de chapitres. Un choix commun est dit une fois ; les fichiers
    d'un chapitre alignés sur son premier, ensemble."""
    monkeypatch.setenv("GIPKIT_AUJOURDHUI", "2026-01-20")
    out = run("rapport", "--dossier", exercise, "--format", "json")
    lines = out.stderr.splitlines()
    assert lines.count("Année : 2025, année de l'exercice (gipkit.toml)") == 1
    aligned = [line for line in lines if line.startswith("Année de ")]
    assert len(aligned) == 3  # Mission Locale, PLIE, CLLAJ : chacun sur son premier fichier
    plie = next(line for line in aligned if "participants.csv" in line)
    assert "preinscriptions.csv" in plie and plie.endswith("candidatures.xlsx")
    # sans année d'exercice ni --annee : la dernière année terminée, dite par chapitre,
    # et l'avertissement d'un réglage non déclaré
    folder = tmp_path / "sans-annee"
    shutil.copytree(exercise, folder)
    toml = folder / "gipkit.toml"
    toml.write_text(
        "".join(
            line
            for line in toml.read_text("utf-8").splitlines(keepends=True)
            if not line.startswith("exercice")
        ),
        encoding="utf-8",
    )
    lines = run("rapport", "--dossier", folder, "--format", "json").stderr.splitlines()
    chosen = [line for line in lines if line.startswith("Année : 2025, dernière année terminée")]
    assert len(chosen) == 4
    assert any(line.startswith("Avertissement : plie.annee_creation") for line in lines)


def test_annexes_nombres_a_la_francaise_sans_coupure(exercise: Path) -> None:
    """Les lignes lues, utilisées et exclues des annexes s'écrivent « 70 951 » (non
    « 70951 ») ; dans les motifs d'exclusion, une espace insécable : un nombre ne se coupe
    pas en fin de ligne (« 3 » / « 393 » dans le HTML)."""
    text = run("rapport", "--dossier", exercise, "--format", "markdown").stdout
    line = next(row for row in text.splitlines() if "evenements.csv" in row)
    cells = [c.strip() for c in line.strip("|").split("|")]
    assert cells[3:5] == ["70 951", "54 325"]
    assert cells[5].startswith("16\u00a0626 (") and cells[5].endswith(" : 16\u00a0626)")
    page = run("rapport", "--dossier", exercise, "--format", "html").stdout
    assert "<td>16\u00a0626 (" in page


def test_chaque_case_a_un_identifiant_unique(report_json: str) -> None:
    """Le libellé d'une ligne (première colonne) est unique dans chaque tableau, en N et
    en N-1 (docs/schema-json.md) : chaque case chiffrée a son identifiant
    ``ID[LIGNE].COLONNE``, que ``gipkit verifier`` compare d'une année à l'autre et que
    le classeur et le Word apparient. Avant, « Actions locales : situations à la sortie »
    répétait l'action sur chaque ligne : ses identifiants se confondaient, et chaque
    ligne recevait la valeur de N-1 de la dernière."""
    from gipkit.checks.flatten import flatten

    for chapter in json.loads(report_json)["chapitres"]:
        doc = chapter["document"]
        for previous in (False, True):
            cells = 0
            for res in doc["resultats"]:
                body = res.get("precedent") if previous else res
                if res["type"] == "valeur":
                    cells += body is not None
                    continue
                if body is None:
                    continue
                rows = [*body["lignes"], *([body["total"]] if body.get("total") else [])]
                labels = [str(r[0]) for r in rows]
                assert len(labels) == len(set(labels)), (res["id"], previous)
                cells += sum(
                    1
                    for r in rows
                    for c, v in zip(res["colonnes"], r, strict=True)
                    if c["unite"] != "texte" and not isinstance(v, str)
                )
            assert len(flatten(doc, previous=previous)) == cells, chapter["structure"]


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


def test_avertissements_en_tete_du_rapport(exercise: Path, tmp_path: Path) -> None:
    """Les avertissements touchent des chiffres (« 0,0 % en QPV » quand les jeunes
    manquent à l'extraction des jeunes) : en tête du rapport HTML et Markdown, avant le
    sommaire, comme dans le document Word — ils étaient en annexe, vingt pages plus loin."""
    folder = tmp_path / "casse"
    shutil.copytree(exercise, folder)
    youths = folder / "ml" / "jeunes.csv"
    head, *lines = youths.read_text("utf-8-sig").splitlines(keepends=True)
    retyped = "".join(f"{k.lower()};{rest}" for k, rest in (x.split(";", 1) for x in lines))
    youths.write_text(head + retyped, encoding="utf-8-sig")
    said = "ne sont pas dans l'extraction des jeunes"
    for kind, box in (
        ("html", '<aside class="avertissements"'),
        ("markdown", "> **Avertissements**"),
    ):
        out = run("rapport", "--dossier", folder, "--format", kind)
        assert out.exit_code == 0, out.output
        text = out.stdout
        assert text.index(box) < text.index("Sommaire") < text.index("Annexes : sources")
        assert text.count(said) == text[: text.index("Sommaire")].count(said) > 0


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
#: mesure, dans le navigateur, les tableaux plus larges que leur cadre ; rend le résultat
#: dans le titre de la page (lu par --dump-dom). Ajouté à une copie : le rapport lui-même
#: ne contient aucun script.
MEASURE = """<script>
(function () {
  if (location.hash === "#impression") {
    // les règles @media print appliquées à l'écran : la mise en page imprimée, mesurable
    var sheet = document.styleSheets[0];
    Array.from(sheet.cssRules).forEach(function (rule) {
      if (rule.media && rule.media.mediaText === "print") {
        Array.from(rule.cssRules).forEach(function (inner) {
          sheet.insertRule(inner.cssText, sheet.cssRules.length);
        });
      }
    });
  }
  var over = [];
  document.querySelectorAll("table").forEach(function (t) {
    var box = t.parentElement;
    if (t.getBoundingClientRect().right > document.documentElement.clientWidth + 1
        || box.scrollWidth > box.clientWidth + 1) {
      over.push(box.id || (t.caption ? t.caption.textContent : "?"));
    }
  });
  var chapters = Array.from(document.querySelectorAll("main > section > h2"));
  document.title = JSON.stringify({
    debordements: over,
    chapitres: chapters.map(function (h) { return h.textContent; })
  });
})();
</script>"""


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
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
    return subprocess.run(
        [CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=180, check=False
    )


@pytest.mark.skipif(
    CHROMIUM is None or PDFTOTEXT is None,
    reason="Chromium ou poppler absent (.ci/run les installe)",
)
def test_rapport_imprime_dans_chromium(exercise: Path, tmp_path: Path) -> None:
    """Le HTML rendu par un vrai navigateur : à l'écran (1 280 px) et mis en page pour
    l'impression à la largeur utile d'une page A4, aucun tableau ne déborde de son cadre ;
    imprimé en PDF, chaque chapitre commence une page, aucun mot ne dépasse la marge
    droite ; capture d'écran."""
    html = tmp_path / "rapport.html"
    assert run("rapport", "--dossier", exercise, "--sortie", html).exit_code == 0
    text = html.read_text("utf-8")
    measured = tmp_path / "mesure.html"
    measured.write_text(text.replace("</body>", MEASURE + "</body>"), "utf-8")
    titles = ["Chiffres clés"] + [
        c["titre"]
        for c in json.loads(run("rapport", "--dossier", exercise, "--format", "json").stdout)[
            "chapitres"
        ]
    ]
    # écran de bureau, puis mise en page imprimée à la largeur utile d'une page A4
    # (21 cm moins deux marges de 1,4 cm = 18,2 cm = 688 px CSS)
    for width, mode in ((1280, ""), (688, "#impression")):
        dom = _chromium(
            tmp_path,
            f"--window-size={width},1000",
            "--virtual-time-budget=5000",
            "--dump-dom",
            measured.as_uri() + mode,
        ).stdout
        found = re.search(r"<title>(.*?)</title>", dom)
        assert found is not None, dom[:500]
        seen = json.loads(found.group(1).replace("&amp;", "&"))
        assert seen["debordements"] == [], (width, seen["debordements"])
        assert seen["chapitres"][: len(titles)] == titles
        assert seen["chapitres"][-1] == "Annexes : sources et contrôles"

    pdf, png = tmp_path / "rapport.pdf", tmp_path / "rapport.png"
    _chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri())
    _chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,1600", html.as_uri())
    assert png.stat().st_size > 20_000  # une page dessinée, pas un écran blanc
    pages = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    firsts = [next((line.strip() for line in p.splitlines() if line.strip()), "") for p in pages]
    for title in titles[1:]:  # chaque chapitre en haut d'une page (saut de page avant)
        assert any(first.startswith(title[:40]) for first in firsts), title
    boxes = tmp_path / "mots.html"
    subprocess.run([PDFTOTEXT, "-bbox", str(pdf), str(boxes)], check=True)
    words = boxes.read_text("utf-8")
    width = float(re.search(r'<page width="([\d.]+)"', words).group(1))  # type: ignore[union-attr]
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', words))
    assert right <= width - 1.4 / 2.54 * 72 + 1  # marge droite de 1,4 cm respectée


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
    chapters = {c["structure"]: c["document"] for c in report["chapitres"]}
    serci = chapters["serci"]
    table = next(r for r in serci["resultats"] if r["id"] == "serci.heures.par_maitre_ouvrage")
    assert table["total"][1:5] == [202, 567, 389, 162246]
    cllaj = chapters["cllaj"]
    assert any(r["id"] == "cllaj.lrj.places" and r["valeur"] == 30 for r in cllaj["resultats"])


def test_chiffres_cles_declares_existent() -> None:
    from gipkit.chapters import STRUCTURES
    from gipkit.cli.checks_cmd import KNOWN_IDS

    for structure in STRUCTURES.values():
        assert structure.key_figures
        assert set(structure.key_figures) <= set(KNOWN_IDS), structure.key


def _docx_tables(path: Path) -> list[list[list[str]]]:
    import docx

    return [[[c.text for c in r.cells] for r in t.rows] for t in docx.Document(str(path)).tables]


def test_rapport_word(exercise: Path, tmp_path: Path) -> None:
    """Le DOCX rouvert par python-docx : titres Word (un Titre 1 par chapitre), sommaire en
    champ TOC, tableaux Word avec ligne d'en-tête répétée et nombres à la française, un
    graphique (image avec texte de remplacement) par graphique du HTML, langue française."""
    import docx
    from docx.oxml.ns import qn

    target = tmp_path / "rapport.docx"
    out = run("rapport", "--dossier", exercise, "--sortie", target)
    assert out.exit_code == 0, out.output
    document = docx.Document(str(target))
    report = json.loads(run("rapport", "--dossier", exercise, "--format", "json").stdout)
    chapters = [c["titre"] for c in report["chapitres"]]
    level1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert level1 == ["Chiffres clés", *chapters, "Annexes : sources et contrôles"]
    level3 = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    tables = [
        r for c in report["chapitres"] for r in c["document"]["resultats"] if r["type"] == "tableau"
    ]
    for table in tables:
        assert table["libelle"] in level3
    xml = document.element.xml
    assert 'TOC \\o "1-2"' in xml and "w:tblHeader" in xml
    assert document.settings.element.find(qn("w:updateFields")) is not None
    html = run("rapport", "--dossier", exercise, "--format", "html").stdout
    assert len(document.inline_shapes) == html.count("<figure")
    descriptions = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    assert all(d and d.startswith(("Graphique", "Histogramme")) for d in descriptions)
    # chaque image a son identifiant (Word refuse un document où deux se répètent)
    ids = [s._inline.docPr.get("id") for s in document.inline_shapes]
    assert len(set(ids)) == len(ids) == len(descriptions)
    assert 'w:val="fr-FR"' in document.styles.element.xml
    owner = next(
        t for t in _docx_tables(target) if t[0][0] == "Type de Maître d'Ouvrage" and len(t) == 6
    )
    assert owner[-1][:5] == ["Total", "202", "567", "389", "162 246"]  # N, à la française
    annex = next(t for t in _docx_tables(target) if t[0][:2] == ["Chapitre", "Fichier"])
    assert len(annex) - 1 == sum(len(c["document"]["entrees"]) for c in report["chapitres"])


def test_word_secret_et_manques(exercise: Path, tmp_path: Path) -> None:
    """Le secret statistique (« s » et la note) et l'encadré d'une extraction absente
    dans le DOCX ; ``--format docx`` de n'importe quelle commande."""
    import docx

    target = tmp_path / "secret.docx"
    out = run("ml", "territoire", "--dossier", exercise / "ml", "--secret-statistique")
    assert out.exit_code == 0, out.output
    assert (
        run(
            "ml",
            "territoire",
            "--dossier",
            exercise / "ml",
            "--secret-statistique",
            "--sortie",
            target,
        ).exit_code
        == 0
    )
    cells = [c for t in _docx_tables(target) for r in t for c in r]
    assert "s" in cells
    notes = [p.text for p in docx.Document(str(target)).paragraphs if p.text.startswith("Note")]
    assert any("secret statistique" in n for n in notes)
    refused = run("ml", "territoire", "--dossier", exercise / "ml", "--format", "docx")
    assert refused.exit_code == 2 and "--sortie" in refused.stderr

    partial = tmp_path / "partiel"
    shutil.copytree(exercise, partial)
    (partial / "ml" / "demandes.csv").unlink()
    word = tmp_path / "partiel.docx"
    assert run("rapport", "--dossier", partial, "--sortie", word).exit_code == 3
    text = [p.text for p in docx.Document(str(word)).paragraphs]
    assert any(t.startswith("Manquant : ") and "demandes" in t for t in text)


def test_rapport_protege_html_et_markdown(exercise: Path) -> None:
    """``gipkit rapport --secret-statistique`` : les cases masquées sont « s » dans le HTML
    et le Markdown, avec la note sous le tableau ; le JSON dit le seuil de chaque chapitre
    et ne contient plus les valeurs masquées."""
    args = ["rapport", "--dossier", exercise, "--secret-statistique"]
    html = run(*args, "--format", "html")
    assert html.exit_code == 0, html.output
    assert '<td class="n">s</td>' in html.stdout
    assert "secret statistique :" in html.stdout
    md = run(*args, "--format", "markdown").stdout
    assert re.search(r"\|\s+s\s+\|", md) and "secret statistique :" in md
    report = json.loads(run(*args, "--format", "json").stdout)
    plain = json.loads(run("rapport", "--dossier", exercise, "--format", "json").stdout)
    for protected, open_ in zip(report["chapitres"], plain["chapitres"], strict=True):
        assert protected["document"]["secret_statistique"]["seuil"] == 11
        masked = [r for r in protected["document"]["resultats"] if r.get("cellules_secretes")]
        originals = {r["id"]: r for r in open_["document"]["resultats"]}
        if protected["structure"] == "ml":
            assert masked  # les quartiers de la fixture ont des cases sous le seuil
        for table in masked:
            for i, j in table["cellules_secretes"]:
                assert table["lignes"][i][j] is None
                assert originals[table["id"]]["lignes"][i][j] is not None


def test_date_d_edition_seulement_demandee(exercise: Path) -> None:
    out = run("rapport", "--dossier", exercise, "--format", "json", "--date", "01/12/2026")
    assert json.loads(out.stdout)["date"] == "2026-12-01"
    html = run("rapport", "--dossier", exercise, "--format", "html", "--date", "2026-12-03")
    assert "Édition du 3 décembre 2026" in html.stdout
    md = run("rapport", "--dossier", exercise, "--format", "markdown", "--date", "01/12/2026")
    assert "*Édition du 1er décembre 2026*" in md.stdout


def test_date_fausse_dite_avant_le_calcul(exercise: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Une date d'édition illisible arrête la commande avant qu'aucun chapitre ne soit
    calculé (et qu'aucun processus de dessin ne soit lancé), non après."""
    from gipkit.cli import report_cmd

    def computed(*args: object, **kwargs: object) -> None:
        raise AssertionError("chapitres calculés")

    monkeypatch.setattr(report_cmd, "_chapters", computed)
    bad = run("rapport", "--dossier", exercise, "--date", "12/31/2026")
    assert bad.exit_code == 2 and "JJ/MM/AAAA" in bad.stderr
