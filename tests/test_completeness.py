"""Un document dit ce qui lui manque (issue 10, §3) : extractions trouvées quelle que soit
la casse de leur nom, extractions absentes listées avec les indicateurs laissés de côté,
code de sortie 3 sans ``--partiel``, configuration trouvée comme l'utilisateur l'attend.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SERCI_CSV, run

ML = ROOT / "fixtures" / "ml"
CLLAJ = ROOT / "fixtures" / "cllaj"


def _ids(stdout: str) -> set[str]:
    return {r["id"] for r in json.loads(stdout)["resultats"]}


@pytest.fixture(scope="module")
def ml_reference() -> set[str]:
    out = run("ml", "tout", "--dossier", ML, "--format", "json")
    assert out.exit_code == 0, out.output
    return _ids(out.stdout)


def test_noms_de_fichiers_comme_ils_viennent(tmp_path: Path, ml_reference: set[str]) -> None:
    names = {
        "jeunes.csv": "JEUNES.csv",
        "evenements.csv": "Evenements.CSV",
        "dispositifs.csv": "dispositifs_2025.csv",
        "demandes.csv": "demandes-2025.csv",
        "propositions.csv": "Propositions 2025-01-20.csv",
        "situations.csv": "Situations.csv",
    }
    for src, dst in names.items():
        shutil.copy(ML / src, tmp_path / dst)
    out = run("ml", "tout", "--dossier", tmp_path, "--format", "json")
    assert out.exit_code == 0, out.output
    assert _ids(out.stdout) == ml_reference and len(ml_reference) >= 50
    assert json.loads(out.stdout)["manquants"] == []


def test_deux_candidats_pour_une_extraction(tmp_path: Path) -> None:
    for name in ("situations.csv", "Situations-2025.csv"):
        shutil.copy(ML / "situations.csv", tmp_path / name)
    out = run("ml", "tout", "--dossier", tmp_path)
    assert out.exit_code == 66
    assert "situations.csv" in out.stderr and "Situations-2025.csv" in out.stderr


def test_extraction_manquante_code_3_et_liste(tmp_path: Path, ml_reference: set[str]) -> None:
    for name in ("jeunes.csv", "evenements.csv", "dispositifs.csv", "situations.csv"):
        shutil.copy(ML / name, tmp_path / name)
    out = run("ml", "tout", "--dossier", tmp_path, "--format", "json")
    assert out.exit_code == 3
    doc = json.loads(out.stdout)
    missing = {m["nom"]: m for m in doc["manquants"]}
    assert set(missing) == {"demandes", "propositions"}
    assert "ml.demandes.total" in missing["demandes"]["indicateurs"]
    assert "ml.demandes.rapport_situations" in missing["demandes"]["indicateurs"]
    assert "ml.propositions.par_theme" in missing["propositions"]["indicateurs"]
    left = set().union(*(m["indicateurs"] for m in missing.values()))
    assert left == ml_reference - _ids(out.stdout)
    assert "Manquant : extraction « demandes »" in out.stderr
    assert doc["partiel"] is False
    partial = run("ml", "tout", "--dossier", tmp_path, "--partiel", "--format", "json")
    assert partial.exit_code == 0 and json.loads(partial.stdout)["partiel"] is True


def test_plie_tout_par_dossier(tmp_path: Path) -> None:
    shutil.copy(ROOT / "fixtures" / "plie" / "participants.csv", tmp_path / "Participants.csv")
    out = run("plie", "tout", "--dossier", tmp_path, "--format", "json")
    assert out.exit_code == 3
    # dans l'ordre déclaré des extractions (gipkit.chapters)
    assert [m["nom"] for m in json.loads(out.stdout)["manquants"]] == [
        "preinscriptions",
        "candidatures",
    ]
    both = run("plie", "tout", "--dossier", ROOT / "fixtures" / "plie", "--format", "json")
    assert both.exit_code == 0, both.output


def test_configuration_du_dossier_et_places_sans_faux_n_moins_1() -> None:
    # lancé depuis un autre dossier que celui de la fixture : son gipkit.toml s'applique
    out = run("cllaj", "tout", "--dossier", CLLAJ, "--annee", "2025", "--format", "json")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    places = next(r for r in doc["resultats"] if r["id"] == "cllaj.lrj.places")
    assert places["valeur"] == 30
    assert "precedent" not in places and "evolution" not in places
    toml = CLLAJ / "gipkit.toml"
    assert doc["configuration"] == [
        {"chemin": str(toml), "sha256": hashlib.sha256(toml.read_bytes()).hexdigest()}
    ]


def _config_used(*args: str | Path) -> list[dict[str, str]]:
    out = run(*args, "--format", "json")
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)["configuration"]  # type: ignore[no-any-return]


def test_ordre_de_recherche_de_la_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    explicit = tmp_path / "explicite.toml"
    explicit.write_text("[parametres]\nheures_par_etp = 1600\n", encoding="utf-8")
    env = tmp_path / "env.toml"
    env.write_text("[parametres]\nheures_par_etp = 1500\n", encoding="utf-8")
    parent = tmp_path / "exercice"
    child = parent / "serci"
    child.mkdir(parents=True)
    (parent / "gipkit.toml").write_text("[parametres]\nheures_par_etp = 1400\n", "utf-8")
    monkeypatch.chdir(child)
    # dossier courant puis parents
    assert _config_used("serci", "heures", SERCI_CSV)[0]["chemin"].endswith("exercice/gipkit.toml")
    # la variable d'environnement passe avant
    monkeypatch.setenv("GIPKIT_CONFIG", str(env))
    assert _config_used("serci", "heures", SERCI_CSV)[0]["chemin"] == str(env)
    # --config, avant ou après la sous-commande, passe avant tout
    assert _config_used("--config", explicit, "serci", "heures", SERCI_CSV)[0]["chemin"] == str(
        explicit
    )
    after = _config_used("serci", "heures", SERCI_CSV, "--config", explicit)
    assert after[0]["chemin"] == str(explicit)
    doc = json.loads(
        run("serci", "heures", SERCI_CSV, "--config", explicit, "--format", "json").stdout
    )
    assert doc["parametres"]["heures_par_etp"] == 1600


def test_configuration_absente_nommee(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIPKIT_CONFIG", str(tmp_path / "absent.toml"))
    out = run("serci", "heures", SERCI_CSV)
    assert out.exit_code == 78 and "GIPKIT_CONFIG" in out.stderr
