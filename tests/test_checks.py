"""Comparaison d'une année sur l'autre et vérification par règles (CI des utilisateurs)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, SERCI_CSV, run
from gipkit.chapters import STRUCTURES
from gipkit.checks.compare import compare
from gipkit.checks.flatten import Item, flatten
from gipkit.checks.rules import Rule, evaluate

EXAMPLE_RULES = ROOT / "examples" / "regles-serci.toml"


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("docs")
    return {
        year: _save(folder / f"serci-{year}.json", "serci", "tout", SERCI_CSV, "--annee", str(year))
        for year in (2024, 2025)
    }


def _save(path: Path, *args: Any) -> Path:
    """Lance une commande de gipkit qui écrit un document JSON, et l'enregistre."""
    out = run(*args, "--format", "json")
    assert out.exit_code == 0, out.output
    path.write_text(out.stdout, encoding="utf-8")
    return path


def _json(*args: Any) -> dict[str, Any]:
    result = run(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_tout_est_deterministe_et_couvre_les_identifiants(documents: dict[int, Path]) -> None:
    again = run("serci", "tout", SERCI_CSV, "--annee", "2025", "--format", "json").stdout
    assert again == documents[2025].read_text(encoding="utf-8")
    ids = [r["id"] for r in json.loads(again)["resultats"]]
    assert sorted(ids) == sorted(STRUCTURES["serci"].result_ids())


def test_comparer_2024_2025(documents: dict[int, Path]) -> None:
    doc = _json("comparer", documents[2024], documents[2025])
    rows = {r[0]: r for r in doc["resultats"][0]["lignes"]}
    total = rows["serci.heures.total"]
    assert total[2:4] == [200220, 198906] and total[4] == -1314
    assert total[5] == pytest.approx(198906 / 200220 - 1, abs=1e-4)
    rate = rows["serci.sorties.taux_positives"]
    values = {}
    for year, path in documents.items():
        doc_year = json.loads(path.read_text(encoding="utf-8"))
        found = next(r for r in doc_year["resultats"] if r["id"] == "serci.sorties.taux_positives")
        values[year] = found["numerateur"] / found["denominateur"]
    assert rate[5] is None and rate[4] == pytest.approx(
        (values[2025] - values[2024]) * 100, abs=0.01
    )
    assert rows["serci.heures.par_maitre_ouvrage[Total].heures"][2:4] == [182300, 162246]
    appeared = [r for r in rows.values() if r[6] == "apparu"]
    assert appeared and all(r[2] is None for r in appeared)
    assert [r[0] for r in doc["resultats"][0]["lignes"]] == sorted(rows)


def test_comparer_un_document_n_contre_n_moins_1(documents: dict[int, Path]) -> None:
    single = {r[0]: r for r in _json("comparer", documents[2025])["resultats"][0]["lignes"]}
    pair = {
        r[0]: r
        for r in _json("comparer", documents[2024], documents[2025])["resultats"][0]["lignes"]
    }
    for ident in ("serci.heures.total", "serci.heures.participants", "serci.sorties.positives"):
        assert single[ident] == pair[ident]


def test_verifier_regles_exemple_passent(documents: dict[int, Path]) -> None:
    result = run(
        "verifier", documents[2025], "--regles", EXAMPLE_RULES, "--reference", documents[2024]
    )
    assert result.exit_code == 0, result.output
    assert "0 échec(s)" in result.stderr
    without_reference = run("verifier", documents[2025], "--regles", EXAMPLE_RULES)
    assert without_reference.exit_code == 0


def test_verifier_regles_qui_echouent(documents: dict[int, Path], tmp_path: Path) -> None:
    rules = tmp_path / "r.toml"
    rules.write_text(
        '[[regle]]\nindicateurs = "serci.heures.territoire"\nvariation_relative_max = 0.05\n'
        '[[regle]]\nindicateurs = "serci.sorties.taux_abandons"\nvariation_points_max = 1\n',
        encoding="utf-8",
    )
    result = run("verifier", documents[2025], "--regles", rules, "--reference", documents[2024])
    assert result.exit_code == 1
    assert "serci.heures.territoire" in result.stdout and "ÉCHEC" in result.stdout
    assert "serci.sorties.taux_abandons" in result.stdout
    report = _json("verifier", documents[2025], "--regles", rules, "--reference", documents[2024])
    failing = [r for r in report["resultats"][0]["lignes"] if r[5] == "ÉCHEC"]
    assert {r[1] for r in failing} == {"serci.heures.territoire", "serci.sorties.taux_abandons"}
    assert report["resultats"][0]["lignes"][0][5] == "ÉCHEC"  # échecs en premier


def _cells(text: str) -> dict[str, list[str]]:
    """Les cases d'un tableau markdown, par « indicateur / contrôle » (2e et 3e cases)."""
    out = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5:
            out[f"{cells[1]} / {cells[2]}"] = cells
    return out


def test_verifier_se_lit_a_la_francaise(documents: dict[int, Path], tmp_path: Path) -> None:
    """Valeur et borne dans l'unité du contrôle : une évolution en %, un écart de taux en
    points, un minimum au format de l'indicateur (non « 0.25 », « 1000.0 », « -0,01 ») ;
    le JSON garde le nombre tel quel et la borne en texte."""
    rules = tmp_path / "r.toml"
    rules.write_text(
        '[[regle]]\nindicateurs = "serci.heures.territoire"\nvariation_relative_max = 0.05\n'
        "min = 150000\n"
        '[[regle]]\nindicateurs = "serci.sorties.taux_abandons"\nvariation_points_max = 1\n'
        "max = 0.5\n",
        encoding="utf-8",
    )
    args = ("verifier", documents[2025], "--regles", rules, "--reference", documents[2024])
    shown = _cells(run(*args, "--format", "markdown").stdout)
    territory = "serci.heures.territoire"
    assert shown[f"{territory} / variation relative"][3:6] == ["-11,0 %", "± 5,0 %", "ÉCHEC"]
    assert shown[f"{territory} / minimum"][3:6] == ["162 246", "≥ 150 000", "ok"]
    abandons = "serci.sorties.taux_abandons"
    assert shown[f"{abandons} / variation en points"][3:6] == ["+7,5 pt", "± 1,0 pt", "ÉCHEC"]
    assert shown[f"{abandons} / maximum"][4:6] == ["≤ 50,0 %", "ok"]
    assert shown[f"{abandons} / maximum"][3].endswith(" %")
    parts = "serci.heures.par_maitre_ouvrage[*].part_heures / somme des parts = 100 %"
    assert shown[parts][3:5] == ["100,0 %", "= 100,0 %"]
    rows = {(r[1], r[2]): r for r in _json(*args)["resultats"][0]["lignes"]}
    assert rows[(territory, "variation relative")][3:5] == [
        pytest.approx(162246 / 182300 - 1, abs=1e-4),
        "± 5,0 %",
    ]
    assert rows[(territory, "minimum")][3:5] == [162246, "≥ 150 000"]


def test_verifier_classeur_et_word_chaque_nombre_a_son_format(
    documents: dict[int, Path], tmp_path: Path
) -> None:
    """Dans le classeur, chaque valeur du relevé est un nombre au format de sa ligne ;
    dans le Word, un texte dans l'unité de sa ligne."""
    from openpyxl import load_workbook

    rules = tmp_path / "r.toml"
    rules.write_text(
        '[[regle]]\nindicateurs = "serci.heures.territoire"\nvariation_relative_max = 0.05\n'
        '[[regle]]\nindicateurs = "serci.sorties.taux_abandons"\nmax = 0.5\n',
        encoding="utf-8",
    )
    out = tmp_path / "verification.xlsx"
    args = ("verifier", documents[2025], "--regles", rules, "--reference", documents[2024])
    assert run(*args, "--sans-coherence", "--sortie", out).exit_code == 1
    ws = load_workbook(out)["Vérification"]
    header = [c.value for c in ws[3]]
    assert header[:5] == ["Règle", "Indicateur", "Contrôle", "Valeur", "Borne"]
    formats = {
        (row[1].value, row[2].value): (row[3].value, row[3].number_format, row[4].value)
        for row in ws.iter_rows(min_row=4)
        if row[1].value
    }
    value, fmt, bound = formats[("serci.heures.territoire", "variation relative")]
    assert value == pytest.approx(162246 / 182300 - 1, abs=1e-4) and "%" in fmt
    assert bound == "± 5,0 %"
    value, fmt, bound = formats[("serci.sorties.taux_abandons", "maximum")]
    assert 0 < value < 1 and fmt == "0.0%" and bound == "≤ 50,0 %"
    # le Word : les colonnes dans leur ordre, chaque valeur écrite dans son unité
    import docx

    word = tmp_path / "verification.docx"
    assert run(*args, "--sans-coherence", "--sortie", word).exit_code == 1
    grid = docx.Document(str(word)).tables[0]
    cells = [[c.text for c in row.cells] for row in grid.rows]
    assert cells[0][:5] == ["Règle", "Indicateur", "Contrôle", "Valeur", "Borne"]
    shown = {(r[1], r[2]): r[3:5] for r in cells[1:]}
    assert shown[("serci.heures.territoire", "variation relative")] == ["-11,0 %", "± 5,0 %"]
    assert shown[("serci.sorties.taux_abandons", "maximum")][0].endswith(" %")


def test_comparer_se_lit_a_la_francaise(documents: dict[int, Path]) -> None:
    """Chaque nombre dans l'unité de son indicateur : un taux en %, son écart en points,
    une évolution relative en % ; le CSV garde les nombres du JSON."""
    text = run("comparer", documents[2024], documents[2025], "--format", "markdown").stdout
    lines = {line.split("|")[1].strip(): line for line in text.splitlines() if "|" in line}
    total = [c.strip() for c in lines["serci.heures.total"].strip("|").split("|")]
    assert total[2:6] == ["200 220", "198 906", "-1 314", "-0,7 %"]
    rate = [c.strip() for c in lines["serci.sorties.taux_positives"].strip("|").split("|")]
    assert rate[2].endswith(" %") and rate[4].endswith(" pt") and rate[5] == ""
    csv_text = run("comparer", documents[2024], documents[2025], "--format", "csv").stdout
    row = next(r for r in csv_text.splitlines() if r.startswith("serci.heures.total;"))
    assert row.split(";")[2:6] == ["200220", "198906", "-1314", "-0,0066"]


def test_indicateur_absent_fait_echouer(documents: dict[int, Path], tmp_path: Path) -> None:
    doc = json.loads(documents[2025].read_text("utf-8"))
    doc["resultats"] = [r for r in doc["resultats"] if r["id"] != "serci.heures.total"]
    broken = tmp_path / "sans-total.json"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    result = run("verifier", broken, "--regles", EXAMPLE_RULES)
    assert result.exit_code == 1 and "présent" in result.stdout


def test_coherence_interne_repere_un_total_faux(documents: dict[int, Path], tmp_path: Path) -> None:
    doc = json.loads(documents[2025].read_text("utf-8"))
    for res in doc["resultats"]:
        if res["id"] == "serci.heures.par_maitre_ouvrage":
            res["lignes"][0][4] += 8  # comme les 2 349 h d'Ivry du rapport
    tampered = tmp_path / "faux.json"
    tampered.write_text(json.dumps(doc), encoding="utf-8")
    result = run("verifier", tampered)
    assert result.exit_code == 1
    assert "serci.heures.par_maitre_ouvrage[Total].heures" in result.stdout
    assert run("verifier", tampered, "--sans-coherence").exit_code == 0


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('[[regle]]\nindicateurs = "serci.heures.inconnu"\nmin = 0\n', "ligne 1"),
        ('\n[[regle]]\nindicateurs = "serci.heures.total"\nmin = 5\nmax = 1\n', "ligne 2"),
        (
            '[[regle]]\nindicateurs = "serci.heures.total"\nvariation_relative_max = -1\n',
            "variation_relative_max",
        ),
        ('[[regle]]\nindicateurs = "serci.heures.total"\n', "ne vérifie rien"),
        ('[[regle]]\nindicateurs = "serci.heures.total"\nmin = 0\nmaxi = 3\n', "`maxi`"),
        # en français, sans la valeur lue (pydantic les écrit en anglais)
        ('[[regle]]\nindicateurs = "serci.heures.total"\nmin = "abc"\n', "`min` : nombre attendu"),
        (
            '[[regle]]\nindicateurs = "serci.heures.total"\npresent = "oui"\n',
            "`present` : booléen attendu (true ou false)",
        ),
        ('[[regle]]\nindicateurs = ""\nmin = 0\n', "`indicateurs` : ne doit pas être vide"),
        # une borne nan ferait échouer chaque contrôle sans dire pourquoi
        ('[[regle]]\nindicateurs = "serci.heures.total"\nmin = nan\n', "nombre fini attendu"),
    ],
)
def test_regles_invalides(
    documents: dict[int, Path], tmp_path: Path, content: str, needle: str
) -> None:
    rules = tmp_path / "r.toml"
    rules.write_text(content, encoding="utf-8")
    result = run("verifier", documents[2025], "--regles", rules)
    assert result.exit_code == 78
    assert needle in result.stderr
    assert "Input should" not in result.stderr and "abc" not in result.stderr


def test_document_qui_n_est_pas_de_gipkit(tmp_path: Path) -> None:
    other = tmp_path / "x.json"
    other.write_text('{"a": 1}', encoding="utf-8")
    assert run("comparer", other).exit_code == 65
    assert run("verifier", tmp_path / "absent.json").exit_code == 66


# --- propriétés ---------------------------------------------------------------------------

UNITS = st.sampled_from(["nombre", "heures", "taux"])
ITEMS = st.dictionaries(
    st.sampled_from([f"serci.heures.x{i}" for i in range(6)]),
    st.tuples(UNITS, st.integers(0, 10**6)),
    max_size=6,
)


def _items(raw: dict[str, tuple[str, int]], scale: bool = True) -> dict[str, Item]:
    return {k: Item(u, v / 10**6 if u == "taux" else v, 2025) for k, (u, v) in raw.items()}


@given(ITEMS, st.floats(0, 10), st.floats(0, 100))
def test_un_document_compare_a_lui_meme(
    raw: dict[str, tuple[str, int]], rel: float, pts: float
) -> None:
    items = _items(raw)
    changes = compare(items, items)
    assert all(c.status == "inchangé" and not c.absolute for c in changes)
    rule = Rule(
        indicateurs="serci.*",
        variation_relative_max=rel,
        variation_points_max=pts,
        variation_absolue_max=0,
    )
    checks = evaluate([rule], items, items)
    # une règle qui ne vise rien (document vide) échoue : jamais de CI verte par défaut
    assert all(c.ok for c in checks) == bool(items)


@given(ITEMS, ITEMS)
def test_echanger_les_cotes_oppose_les_ecarts(
    a: dict[str, tuple[str, int]], b: dict[str, tuple[str, int]]
) -> None:
    old, new = _items(a), _items(b)
    forward = {c.id: c for c in compare(old, new)}
    backward = {c.id: c for c in compare(new, old)}
    assert forward.keys() == backward.keys()
    for ident, change in forward.items():
        if change.absolute is not None and old[ident].unit == new[ident].unit:
            assert backward[ident].absolute == -change.absolute
        if change.status == "apparu":
            assert backward[ident].status == "disparu"


@given(st.integers(1, 10**6), st.integers(0, 10**6), st.floats(0, 5, allow_nan=False))
def test_une_borne_est_violee_exactement_quand_l_evolution_la_depasse(
    old: int, new: int, bound: float
) -> None:
    before = {"serci.heures.total": Item("heures", old, 2024)}
    after = {"serci.heures.total": Item("heures", new, 2025)}
    check = evaluate(
        [Rule(indicateurs="serci.heures.total", variation_relative_max=bound)], after, before
    )[0]
    assert check.ok == (abs((new - old) / old) <= bound)


def test_mise_a_plat_des_tableaux(documents: dict[int, Path]) -> None:
    doc = json.loads(documents[2025].read_text("utf-8"))
    flat = flatten(doc)
    assert flat["serci.heures.par_maitre_ouvrage[Etablissements privés].heures"].value == 124900
    previous = flatten(doc, previous=True)
    assert previous["serci.heures.total"].value == 200220
    assert copy.deepcopy(doc) == doc


def test_rapports_json_conformes_au_schema(documents: dict[int, Path]) -> None:
    import jsonschema

    schema = json.loads((ROOT / "docs" / "schemas" / "resultats-1.2.json").read_text("utf-8"))
    for args in (
        ["comparer", documents[2024], documents[2025]],
        ["verifier", documents[2025], "--regles", EXAMPLE_RULES],
    ):
        jsonschema.validate(_json(*args), schema)


@pytest.mark.parametrize(
    ("structure", "option", "fixture"),
    [
        ("ml", "--situations", ROOT / "fixtures" / "ml" / "situations.csv"),
        ("ml", "--dossier", ROOT / "fixtures" / "ml"),
        ("plie", "--candidatures", ROOT / "fixtures" / "plie" / "candidatures-2023-2025.xlsx"),
        ("plie", "--participants", ROOT / "fixtures" / "plie" / "participants.csv"),
        ("cllaj", "--jeunes", ROOT / "fixtures" / "cllaj" / "jeunes.csv"),
        ("cllaj", "--dossier", ROOT / "fixtures" / "cllaj"),
    ],
)
def test_tout_comparer_verifier_pour_chaque_module(
    tmp_path: Path, structure: str, option: str, fixture: Path
) -> None:
    docs = {}
    for year in (2024, 2025):
        path = tmp_path / f"{structure}-{year}.json"
        docs[year] = _save(
            path, structure, "tout", option, fixture, "--annee", str(year), "--partiel"
        )
    again = run(
        structure, "tout", option, fixture, "--annee", "2025", "--partiel", "--format", "json"
    )
    assert again.stdout == docs[2025].read_text("utf-8")
    compared = _json("comparer", docs[2024], docs[2025])
    assert compared["resultats"][0]["lignes"]
    assert run("verifier", docs[2025], "--reference", docs[2024]).exit_code == 0
    first = json.loads(docs[2025].read_text("utf-8"))["resultats"][0]["id"]
    rules = tmp_path / "r.toml"
    rules.write_text(f'[[regle]]\nindicateurs = "{first}"\nmax = -1\n', encoding="utf-8")
    failed = run("verifier", docs[2025], "--regles", rules)
    assert failed.exit_code == 1 and first in failed.stdout


def test_comparer_des_documents_aux_reglages_differents_le_dit(
    documents: dict[int, Path], tmp_path: Path
) -> None:
    """Deux documents calculés sous deux conventions (ici la base du taux de sorties) ne
    comptent pas la même chose : la comparaison se fait et le dit, sur la sortie d'erreur
    et dans les avertissements du document, réglage et valeurs nommés ; deux documents
    aux mêmes réglages (l'année mise à part) ne disent rien."""
    config = tmp_path / "c.toml"
    config.write_text('[serci]\nbase_taux_sorties = "participants"\n', encoding="utf-8")
    other = run(
        "--config", config, "serci", "tout", SERCI_CSV, "--annee", "2025", "--format", "json"
    )
    assert other.exit_code == 0, other.output
    changed = tmp_path / "serci-2025-participants.json"
    changed.write_text(other.stdout, encoding="utf-8")
    for command in (
        ["comparer", documents[2024], changed],
        ["verifier", changed, "--regles", EXAMPLE_RULES, "--reference", documents[2024]],
    ):
        result = run(*command, "--format", "json")
        doc = json.loads(result.stdout)
        said = [w for w in doc["avertissements"] if "base_taux_sorties" in w]
        assert len(said) == 1 and '"sorties"' in said[0] and '"participants"' in said[0]
        assert "base_taux_sorties" in result.stderr
        same = run(*[documents[2025] if c == changed else c for c in command], "--format", "json")
        assert json.loads(same.stdout)["avertissements"] == []


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Le rapport JSON des fixtures pour 2024 et pour 2025."""
    folder = tmp_path_factory.mktemp("rapports")
    fixtures = ROOT / "fixtures"
    return {
        year: _save(
            folder / f"rapport-{year}.json", "rapport", "--dossier", fixtures, "--annee", str(year)
        )
        for year in (2024, 2025)
    }


def test_comparer_et_verifier_un_rapport(reports: dict[int, Path], tmp_path: Path) -> None:
    """Le JSON de ``gipkit rapport`` se compare et se vérifie comme un ``tout`` : ses
    chapitres réunis, chaque indicateur sous son identifiant (le même que dans le
    ``tout`` de sa structure)."""
    compared = _json("comparer", reports[2024], reports[2025])
    # le seuil de pauvreté de chaque année (1 216 €, 1 288 €) n'est pas un réglage changé
    assert compared["avertissements"] == []
    pair = {r[0]: r for r in compared["resultats"][0]["lignes"]}
    assert pair["serci.heures.total"][2:4] == [200220, 198906]
    prefixes = {ident.split(".", 1)[0] for ident in pair}
    assert prefixes == {"ml", "plie", "serci", "cllaj"}
    # N contre N-1 d'un seul rapport : comme le tout de chaque structure
    single = {r[0]: r for r in _json("comparer", reports[2025])["resultats"][0]["lignes"]}
    alone = tmp_path / "serci-2025.json"  # le tout du SERCI, avec la configuration du rapport
    alone.write_text(
        run(
            "serci",
            "tout",
            "--dossier",
            ROOT / "fixtures" / "serci",
            "--annee",
            "2025",
            "--format",
            "json",
        ).stdout,
        encoding="utf-8",
    )
    serci = {r[0]: r for r in _json("comparer", alone)["resultats"][0]["lignes"]}
    assert {k: v for k, v in single.items() if k.startswith("serci.")} == serci
    # le tout d'une structure contre un rapport : les autres structures « disparues »
    mixed = _json("comparer", reports[2024], alone)
    rows = {r[0]: r for r in mixed["resultats"][0]["lignes"]}
    assert rows["serci.heures.total"][2:4] == [200220, 198906]
    assert rows["ml.activite.jeunes_accompagnes"][6] == "disparu"
    assert mixed["avertissements"] == []  # mêmes réglages du SERCI : rien à dire
    result = run("verifier", reports[2025], "--regles", EXAMPLE_RULES, "--reference", reports[2024])
    assert result.exit_code == 0, result.output
    checked = _json("verifier", reports[2025])["resultats"][0]["lignes"]
    assert {r[1].split(".", 1)[0] for r in checked} == {"ml", "plie", "serci", "cllaj"}


def test_rapport_sans_chapitre_calcule_refuse(tmp_path: Path) -> None:
    empty = tmp_path / "vide.json"
    empty.write_text(
        json.dumps({"schema": "gipkit/rapport/1.1", "annee": 2025, "chapitres": []}),
        encoding="utf-8",
    )
    result = run("verifier", empty)
    assert result.exit_code == 65 and "aucun chapitre calculé" in result.stderr


def test_comparer_une_partie_des_indicateurs(reports: dict[int, Path]) -> None:
    """--indicateurs et --sans-inchanges : les lignes gardées, et combien sur combien
    dans les notes ; un motif qui ne vise rien est refusé, avec les identifiants proches."""
    args = ("comparer", reports[2024], reports[2025])
    every = _json(*args)["resultats"][0]["lignes"]
    doc = _json(*args, "--indicateurs", "serci.heures.*", "--sans-inchanges")
    table = doc["resultats"][0]
    rows = table["lignes"]
    assert rows and all(r[0].startswith("serci.heures.") and r[6] != "inchangé" for r in rows)
    # un motif sans crochet vise aussi les cases des tableaux qu'il nomme
    assert "serci.heures.par_maitre_ouvrage[Total].heures" in {r[0] for r in rows}
    expected = [r for r in every if r[0].startswith("serci.heures.") and r[6] != "inchangé"]
    assert rows == expected
    assert f"{len(rows)} ligne(s) sur {len(every):,}".replace(",", " ") in table["notes"][-1]
    assert doc["parametres"]["indicateurs"] == ["serci.heures.*"]
    cells = _json(*args, "--indicateurs", "serci.heures.par_ville[*].heures")
    assert {r[0].split("[")[0] for r in cells["resultats"][0]["lignes"]} == {
        "serci.heures.par_ville"
    }
    typo = run(*args, "--indicateurs", "serci.heure.total")
    assert typo.exit_code == 2 and "serci.heures.total" in typo.stderr


def test_verifier_echecs_seulement(documents: dict[int, Path], tmp_path: Path) -> None:
    """--echecs-seulement : le relevé ne liste que les échecs, ses notes disent combien de
    contrôles ont été faits ; le code de sortie ne change pas."""
    rules = tmp_path / "r.toml"
    rules.write_text(
        '[[regle]]\nindicateurs = "serci.heures.territoire"\nvariation_relative_max = 0.05\n',
        encoding="utf-8",
    )
    args = ("verifier", documents[2025], "--regles", rules, "--reference", documents[2024])
    every = _json(*args)["resultats"][0]
    failing = _json(*args, "--echecs-seulement")
    table = failing["resultats"][0]
    assert table["lignes"] == [r for r in every["lignes"] if r[5] == "ÉCHEC"]
    assert len(table["lignes"]) == 1 and len(every["lignes"]) > 100
    total = f"{len(every['lignes']):,}".replace(",", " ")
    assert table["notes"] == [f"{total} contrôle(s), 1 échec(s) ; seuls les échecs sont listés"]
    assert failing["parametres"]["echecs_seulement"] is True
    assert run(*args, "--echecs-seulement").exit_code == 1


def test_verifier_une_case_masquee_n_est_pas_un_echec(documents: dict[int, Path]) -> None:
    """Une case masquée par le secret statistique ne se vérifie pas : « non vérifiable »
    (ni réussite ni échec, compté à part), pour un minimum comme pour une évolution —
    elle échouait sans rien dire au minimum, et l'évolution était sautée en silence."""
    doc = json.loads(documents[2025].read_text("utf-8"))
    table = next(r for r in doc["resultats"] if r["id"] == "serci.heures.par_maitre_ouvrage")
    first = table["lignes"][0]
    j = [c["id"] for c in table["colonnes"]].index("contrats")
    first[j] = None
    table["cellules_secretes"], table["secret"] = [[0, j]], True
    ident = f"serci.heures.par_maitre_ouvrage[{first[0]}].contrats"
    new = flatten(doc)
    old = flatten(json.loads(documents[2024].read_text("utf-8")))
    assert new[ident].secret and not old[ident].secret
    rule = Rule(indicateurs=ident, min=0, variation_relative_max=0.5)
    checks = evaluate([rule], new, old)
    assert [(c.kind, c.status, c.detail) for c in checks] == [
        ("minimum", "non vérifiable", "case masquée par le secret statistique"),
        ("variation relative", "non vérifiable", "case masquée par le secret statistique"),
    ]
    # la même case absente sans être masquée (non calculable) : un échec qui le dit
    table["cellules_secretes"] = []
    checks = evaluate([rule], flatten(doc), old)
    assert {(c.status, c.detail) for c in checks} == {("ÉCHEC", "valeur absente (non calculable)")}
    # et la référence masquée : l'évolution n'est pas vérifiable, le minimum l'est
    checks = evaluate([rule], old, new)
    assert [(c.kind, c.status) for c in checks] == [
        ("minimum", "ok"),
        ("variation relative", "non vérifiable"),
    ]
    assert checks[1].detail == "valeur de référence masquée par le secret statistique"


def test_verifier_dit_les_controles_non_verifiables(
    documents: dict[int, Path], tmp_path: Path
) -> None:
    """Un document protégé : les contrôles des cases masquées sont listés après les
    échecs, comptés dans la note et sur la sortie d'erreur, et ne font pas échouer."""
    folder = ROOT / "fixtures" / "serci"
    protected = run(
        "serci",
        "tout",
        "--dossier",
        folder,
        "--annee",
        "2025",
        "--secret-statistique",
        "--format",
        "json",
    )
    assert protected.exit_code == 0, protected.output
    path = tmp_path / "protege.json"
    path.write_text(protected.stdout, encoding="utf-8")
    rules = tmp_path / "r.toml"
    rules.write_text(
        '[[regle]]\nindicateurs = "serci.heures.par_secteur[*].marches"\nmin = 0\n',
        encoding="utf-8",
    )
    result = run("verifier", path, "--regles", rules, "--sans-coherence")
    assert result.exit_code == 0, result.output
    assert "non vérifiable(s) — le reste est respecté" in result.stderr
    report = _json("verifier", path, "--regles", rules, "--sans-coherence")["resultats"][0]
    statuses = [r[5] for r in report["lignes"]]
    hidden = statuses.count("non vérifiable")
    assert hidden > 0 and statuses == sorted(statuses, key=lambda s: s != "non vérifiable")
    assert report["notes"][0].endswith(f", {hidden} non vérifiable(s)")


def test_comparer_des_documents_proteges(tmp_path: Path) -> None:
    """Deux documents protégés par le secret statistique : une case masquée d'un côté ou
    de l'autre est « masquée », écrite « s », sans écart ni évolution (qui la
    révéleraient) ; la comparaison est protégée au même seuil, ses cases masquées
    listées comme celles d'un tableau du document."""
    folder = ROOT / "fixtures" / "serci"
    paths = {
        year: _save(
            tmp_path / f"serci-{year}.json",
            "serci",
            "tout",
            "--dossier",
            folder,
            "--annee",
            str(year),
            "--secret-statistique",
        )
        for year in (2024, 2025)
    }
    doc = _json("comparer", paths[2024], paths[2025])
    table = doc["resultats"][0]
    masked = [r for r in table["lignes"] if r[6] == "masqué"]
    assert masked and all(r[4] is None and r[5] is None for r in masked)
    assert all(None in (r[2], r[3]) for r in masked)
    cells = {(i, j) for i, j in table["cellules_secretes"]}
    # une case masquée : l'ancien ou le nouveau, sans valeur ; chaque ligne « masquée »
    # en a une (une ligne apparue peut l'être aussi)
    assert cells and all(j in (2, 3) and table["lignes"][i][j] is None for i, j in cells)
    rows = [i for i, r in enumerate(table["lignes"]) if r[6] == "masqué"]
    assert all((i, 2) in cells or (i, 3) in cells for i in rows)
    assert table["secret"] is True
    assert doc["secret_statistique"] == {"seuil": 11, "cellules_masquees": len(cells)}
    shown = run("comparer", paths[2024], paths[2025], "--format", "markdown").stdout
    line = next(x for x in shown.splitlines() if masked[0][0] in x)
    assert [c.strip() for c in line.strip("|").split("|")][6] == "masqué"
    assert "| s " in line or "|        s |" in line or " s |" in line


def _mutate(doc: dict[str, Any], how: str) -> str:
    """Abîme un document de résultats comme le ferait une retouche à la main ; rend
    l'endroit que l'erreur doit nommer."""
    results = doc["resultats"]
    k, table = next((k, r) for k, r in enumerate(results) if r["type"] == "tableau")
    v = next(k for k, r in enumerate(results) if r["type"] == "valeur")
    if how == "unite":
        del results[v]["unite"]
        return f"resultats[{v}].unite : champ manquant"
    if how == "ligne courte":
        table["lignes"][1] = table["lignes"][1][:-1]
        return f"resultats[{k}] : lignes[1] :"
    if how == "case masquée hors du tableau":
        table["cellules_secretes"] = [[len(table["lignes"]) + 5, 0]]
        return f"resultats[{k}] : cellules_secretes[0] : hors du tableau"
    if how == "valeur en texte":
        results[v]["valeur"] = "beaucoup"
        return f"resultats[{v}].valeur : nombre attendu"
    if how == "resultats":
        doc["resultats"] = "rien"
        return "resultats : liste attendue"
    if how == "année en texte":  # le vocabulaire d'un document JSON, en français
        results[v]["annee"] = "deux mille"
        return f"resultats[{v}].annee : nombre entier attendu"
    if how == "résultat en texte":
        results[v] = "rien"
        return f"resultats[{v}] : objet attendu"
    units = [c["unite"] for c in table["colonnes"]]
    number = next(j for j, u in enumerate(units) if u != "texte")
    if how == "case objet":
        table["lignes"][0][number] = {"valeur": 3}
        return f"resultats[{k}] : lignes[0][{number}] : nombre attendu"
    if how == "case en texte":
        table["lignes"][1][number] = "12"
        return f"resultats[{k}] : lignes[1][{number}] : nombre attendu"
    if how == "libellé liste":
        text = units.index("texte")
        table["lignes"][0][text] = ["a", "b"]
        return f"resultats[{k}] : lignes[0][{text}] : texte, nombre ou rien attendu"
    if how == "case N-1":
        k, table = next(
            (k, r) for k, r in enumerate(results) if r["type"] == "tableau" and r.get("precedent")
        )
        number = next(j for j, c in enumerate(table["colonnes"]) if c["unite"] != "texte")
        table["precedent"]["lignes"][0][number] = [1]
        return f"resultats[{k}] : precedent.lignes[0][{number}] : nombre attendu"
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    [
        "unite",
        "ligne courte",
        "case masquée hors du tableau",
        "valeur en texte",
        "resultats",
        "année en texte",
        "résultat en texte",
        "case objet",
        "case en texte",
        "libellé liste",
        "case N-1",
    ],
)
def test_document_retouche_refuse_en_nommant_l_endroit(
    documents: dict[int, Path], tmp_path: Path, how: str
) -> None:
    """Un document de résultats retouché à la main passait en « erreur interne » (code
    70) : il est refusé (code 65), l'endroit fautif nommé, par comparer comme par
    verifier."""
    doc = json.loads(documents[2025].read_text("utf-8"))
    where = _mutate(doc, how)
    broken = tmp_path / "retouche.json"
    broken.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    for args in (("verifier", broken), ("comparer", documents[2024], broken)):
        result = run(*args)
        assert result.exit_code == 65, result.output
        assert "document de résultats invalide" in result.stderr and where in result.stderr
        assert "Traceback" not in result.stderr and "interne" not in result.stderr


def test_releve_un_oui_non_en_francais() -> None:
    from gipkit.checks.rules import Check
    from gipkit.cli.checks_cmd import _check_rows

    rows, units = _check_rows([Check("r", "i", "minimum", True, 0, True, relation="≥")])
    assert rows[0][3:6] == ["oui", "≥ 0", "ok"] and units[0][3] == "nombre"
