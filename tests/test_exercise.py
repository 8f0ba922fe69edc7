"""Le dossier d'exercice (issue 11, §1) : ``gipkit init`` le crée ; dedans, les commandes
n'ont besoin d'aucun chemin et prennent l'année de l'exercice."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT, SERCI_CSV, result, run
from gipkit.chapters import STRUCTURES
from gipkit.io.exports import EXPORTS


@pytest.fixture
def exercise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "rapport-2025"
    out = run("init", folder, "--annee", "2025", "--nom", "GIP Ivry-Vitry")
    assert out.exit_code == 0, out.output
    return folder


def test_init_cree_le_dossier(exercise: Path) -> None:
    config = tomllib.loads((exercise / "gipkit.toml").read_text("utf-8"))
    assert config["exercice"] == 2025 and config["nom"] == "GIP Ivry-Vitry"
    for structure in STRUCTURES.values():
        folder = exercise / structure.key
        readme = (folder / "README.md").read_text("utf-8")
        for ext in structure.extractions:
            assert f"`{ext.name}.csv`" in readme
            schema = EXPORTS[ext.kind]
            header = (folder / "modeles" / f"{ext.name}.csv").read_text("utf-8-sig")
            assert header.strip().split(";") == [c.title for c in schema.columns]
            sheet = openpyxl.load_workbook(folder / "modeles" / f"{ext.name}.xlsx").active
            assert [c.value for c in sheet[1]] == [c.title for c in schema.columns]
            assert sheet.max_row == 2  # une ligne d'exemple
    # la configuration écrite est valide
    assert run("--config", exercise / "gipkit.toml", "config").exit_code == 0
    again = run("init", exercise)
    assert again.exit_code == 2 and "n'écrase rien" in again.stderr


def test_les_commandes_sans_chemin_dans_l_exercice(
    exercise: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(SERCI_CSV, exercise / "serci" / "heures.csv")
    for name in ("jeunes", "evenements", "dispositifs", "demandes", "propositions", "situations"):
        shutil.copy(ROOT / "fixtures" / "ml" / f"{name}.csv", exercise / "ml")
    plie = ROOT / "fixtures" / "plie"
    shutil.copy(plie / "participants.csv", exercise / "plie" / "participants.csv")
    shutil.copy(plie / "candidatures-2023-2025.xlsx", exercise / "plie" / "candidatures.xlsx")
    shutil.copy(plie / "preinscriptions.csv", exercise / "plie" / "preinscriptions.csv")
    monkeypatch.chdir(exercise / "ml")  # un sous-dossier suffit : gipkit.toml est au-dessus
    heures = run("serci", "heures", "--par-maitre-ouvrage", "--format", "json")
    assert heures.exit_code == 0, heures.output
    doc = json.loads(heures.stdout)
    assert doc["annee"]["choix"][0]["choix"] == "exercice"
    table = result(doc, "serci.heures.par_maitre_ouvrage")
    assert table["total"][1:5] == [202, 567, 389, 162246]
    assert run("ml", "situations").exit_code == 0
    assert run("ml", "tout").exit_code == 0
    assert run("plie", "tout").exit_code == 0
    # cllaj/ est vide : la commande dit ce qui manque
    empty = run("cllaj", "tout")
    assert empty.exit_code == 66
    # le dossier cherché et les noms qu'on y attend, non les options d'une autre façon
    assert "Aucune extraction trouvée dans" in empty.stderr and "cllaj" in empty.stderr
    assert "jeunes.csv" in empty.stderr and "lrj.csv" in empty.stderr
    assert "--dossier, qui les contient" not in empty.stderr
    # un chemin explicite l'emporte
    other = run("serci", "heures", SERCI_CSV, "--annee", "2024", "--format", "json")
    assert json.loads(other.stdout)["parametres"]["annee"] == 2024


def test_sans_exercice_le_fichier_manque(tmp_path: Path) -> None:
    out = run("serci", "heures")
    assert out.exit_code == 66 and "gipkit init" in out.stderr


def test_une_seule_facon_de_designer_les_entrees(tmp_path: Path) -> None:
    """L'extraction principale en argument, par son option nommée ou par --dossier ; les
    options de lecture et de sortie partout ; chaque tout accepte les options des
    commandes qu'il regroupe."""
    shutil.copy(SERCI_CSV, tmp_path / "heures.csv")
    by_arg = run("serci", "heures", SERCI_CSV, "--format", "json").stdout
    by_option = run("serci", "heures", "--heures", SERCI_CSV, "--format", "json").stdout
    by_folder = run("serci", "heures", "--dossier", tmp_path, "--format", "json").stdout
    totals = {
        result(json.loads(t), "serci.heures.total")["valeur"]
        for t in (by_arg, by_option, by_folder)
    }
    assert totals == {198906}
    both = run("serci", "heures", SERCI_CSV, "--heures", SERCI_CSV)
    assert both.exit_code == 2
    ml = ROOT / "fixtures" / "ml"
    out = run("ml", "activite", "--dossier", ml, "--feuille", "1", "--montrer-valeurs")
    assert out.exit_code == 0, out.output
    doc = json.loads(
        run("serci", "tout", SERCI_CSV, "--perimetre", "tout", "--format", "json").stdout
    )
    assert doc["parametres"]["perimetre"] == "tout"
    plie = run(
        "plie",
        "tout",
        "--dossier",
        ROOT / "fixtures" / "plie",
        "--sans-en-cours",
        "--format",
        "json",
    )
    assert json.loads(plie.stdout)["parametres"]["candidatures_a_l_etude"] is False
    cllaj = run(
        "cllaj",
        "tout",
        "--dossier",
        ROOT / "fixtures" / "cllaj",
        "--ressources-absentes-nulles",
        "--format",
        "json",
    )
    assert json.loads(cllaj.stdout)["parametres"]["ressources_absentes_nulles"] is True


def test_init_ecrit_les_regles_de_depart(exercise: Path, tmp_path: Path) -> None:
    """regles.toml : chaque chiffre clé de chaque structure présent, son évolution bornée
    (en points pour un taux, relative sinon) ; le fichier est valide pour gipkit
    verifier, et la règle des taux (d'après l'identifiant) suit l'unité réelle de chaque
    chiffre clé dans le rapport des fixtures."""
    from gipkit.checks.rules import is_rate, load_rules
    from gipkit.cli.checks_cmd import KNOWN_IDS

    path = exercise / "regles.toml"
    rules = load_rules(path, KNOWN_IDS)
    figures = [k for s in STRUCTURES.values() for k in s.key_figures]
    assert [r.indicateurs for r in rules.rules] == figures and rules.coherence
    assert all(r.present for r in rules.rules)
    report = run("rapport", "--dossier", ROOT / "fixtures", "--format", "json")
    units = {
        r["id"]: r["unite"]
        for c in json.loads(report.stdout)["chapitres"]
        for r in c["document"]["resultats"]
        if r["type"] == "valeur"
    }
    for rule in rules.rules:
        rate = units[rule.indicateurs] in ("taux", "part")
        assert is_rate(rule.indicateurs) == rate, rule.indicateurs
        assert (rule.variation_points_max is not None) == rate
        assert (rule.variation_relative_max is not None) == (not rate)
    saved = tmp_path / "rapport.json"
    saved.write_text(report.stdout, encoding="utf-8")
    checked = run("verifier", saved, "--regles", path, "--format", "json")
    assert checked.exit_code in (0, 1), checked.output
    lines = json.loads(checked.stdout)["resultats"][0]["lignes"]
    present = [r for r in lines if r[2] == "présent"]
    assert len(present) == len(figures) and all(r[5] == "ok" for r in present)
