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
    out = {}
    for year in (2024, 2025):
        result = run("serci", "tout", SERCI_CSV, "--annee", str(year), "--format", "json")
        assert result.exit_code == 0, result.output
        out[year] = folder / f"serci-{year}.json"
        out[year].write_text(result.stdout, encoding="utf-8")
    return out


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
        out = run(
            structure,
            "tout",
            option,
            fixture,
            "--annee",
            str(year),
            "--partiel",
            "--format",
            "json",
        )
        assert out.exit_code == 0, out.output
        docs[year] = tmp_path / f"{structure}-{year}.json"
        docs[year].write_text(out.stdout, encoding="utf-8")
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
