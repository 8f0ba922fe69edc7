"""Chaque règle de ``gipkit verifier`` vérifie ce qu'elle nomme (issue 10, §1).

Les crochets d'un identifiant de cellule (``[Total]``) sont pris à la lettre ; une règle
qui ne vise aucun indicateur fait échouer la vérification.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, SERCI_CSV, run
from gipkit.checks.flatten import Item, flatten
from gipkit.checks.rules import Rule, evaluate, matches

EXAMPLE_RULES = ROOT / "examples" / "regles-serci.toml"


@pytest.fixture(scope="module")
def doc2025(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = run("serci", "tout", SERCI_CSV, "--annee", "2025", "--format", "json")
    assert result.exit_code == 0, result.output
    path = tmp_path_factory.mktemp("regles") / "serci-2025.json"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def _verify(doc: Path, tmp_path: Path, rules: str) -> tuple[int, dict[str, object]]:
    path = tmp_path / "r.toml"
    path.write_text(rules, encoding="utf-8")
    result = run("verifier", doc, "--regles", path, "--sans-coherence", "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def _rows(report: dict[str, object]) -> list[list[object]]:
    return report["resultats"][0]["lignes"]  # type: ignore[index,no-any-return]


def test_regle_sur_une_cellule_de_tableau(doc2025: Path, tmp_path: Path) -> None:
    code, report = _verify(
        doc2025,
        tmp_path,
        '[[regle]]\nindicateurs = "serci.heures.par_maitre_ouvrage[Total].heures"\nmax = 1\n',
    )
    assert code == 1
    rows = _rows(report)
    assert len(rows) == 1
    assert rows[0][1] == "serci.heures.par_maitre_ouvrage[Total].heures"
    assert rows[0][3] == 162246 and rows[0][5] == "ÉCHEC"


def test_regle_sur_toutes_les_lignes_d_un_tableau(doc2025: Path, tmp_path: Path) -> None:
    code, report = _verify(
        doc2025, tmp_path, '[[regle]]\nindicateurs = "serci.heures.par_ville[*].heures"\nmin = 0\n'
    )
    assert code == 0
    ids = {r[1] for r in _rows(report)}
    cells = {
        i
        for i in flatten(json.loads(doc2025.read_text("utf-8")))
        if i.startswith("serci.heures.par_ville[") and i.endswith("].heures")
    }
    assert ids == cells and len(ids) >= 3


def test_regle_sur_une_valeur(doc2025: Path, tmp_path: Path) -> None:
    code, report = _verify(
        doc2025, tmp_path, '[[regle]]\nindicateurs = "serci.heures.total"\nmax = 1\n'
    )
    assert code == 1 and [r[1] for r in _rows(report)] == ["serci.heures.total"]


def test_regle_avec_une_faute_de_frappe_echoue(doc2025: Path, tmp_path: Path) -> None:
    rules = (
        "# commentaire\n"
        '[[regle]]\nindicateurs = "serci.heures.total"\nmin = 0\n'
        '[[regle]]\nindicateurs = "serci.heures.par_maitre_ouvrage[Totl].heures"\nmax = 1e9\n'
    )
    code, report = _verify(doc2025, tmp_path, rules)
    assert code == 1
    failing = [r for r in _rows(report) if r[5] == "ÉCHEC"]
    assert len(failing) == 1
    assert "ligne 5" in str(failing[0][0]) and failing[0][2] == "cible"
    assert "serci.heures.par_maitre_ouvrage[Total].heures" in str(failing[0][6])


def test_chaque_regle_de_l_exemple_est_executee(doc2025: Path) -> None:
    result = run(
        "verifier", doc2025, "--regles", EXAMPLE_RULES, "--sans-coherence", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    rules = tomllib.loads(EXAMPLE_RULES.read_text("utf-8"))["regle"]
    ran = {str(r[0]).split(" ", 1)[0].rstrip(",") for r in _rows(json.loads(result.stdout))}
    assert ran == {f"n°{i}" for i in range(1, len(rules) + 1)}


IDENT = st.from_regex(
    r"[a-z_]{1,8}\.[a-z_]{1,8}(\.[a-z_]{1,8})?(\[[^\]\n]{1,12}\]\.[a-z_]{1,8})?", fullmatch=True
)


@given(st.lists(IDENT, min_size=1, max_size=12, unique=True), st.data())
def test_une_regle_qui_nomme_un_identifiant_ne_vise_que_lui(
    idents: list[str], data: st.DataObject
) -> None:
    target = data.draw(st.sampled_from(idents))
    if "*" in target or "?" in target:
        return  # un identifiant qui contient un joker n'est pas nommable à la lettre
    items = {i: Item("nombre", 1, 2025) for i in idents}
    checks = evaluate([Rule(indicateurs=target, min=0)], items, None)
    assert [c.id for c in checks] == [target]
    assert [i for i in idents if matches(target, i)] == [target]
