"""Une année que l'extraction ne couvre pas jusqu'au 31 décembre est dite, sans changer
un chiffre (:mod:`gipkit.coverage`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run


def _cut(path: Path, last: str, encoding: str = "utf-8-sig", first: str = "0") -> None:
    """Garde l'en-tête et les lignes dont la date (JJ/MM/AAAA) est entre ``first`` et
    ``last`` (AAAA-MM-JJ)."""
    lines = path.read_text(encoding).splitlines()
    index = lines[0].split(";").index("Date")

    def iso(text: str) -> str:
        day, month, year = text.split("/")
        return f"{year}-{month}-{day}"

    kept = [line for line in lines[1:] if first <= iso(line.split(";")[index][:10]) <= last]
    path.write_text("\r\n".join([lines[0], *kept]) + "\r\n", encoding)


@pytest.mark.parametrize(
    ("last", "today", "said"),
    [
        ("2025-11-30", "2026-01-15", True),  # extraction du 30 novembre, relue en janvier
        ("2025-12-24", "2026-01-15", False),  # fermeture de fin d'année
        ("2025-11-30", "2025-12-20", False),  # année en cours : déjà dite partielle
    ],
)
def test_annee_coupee_avant_le_31_decembre_dite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, last: str, today: str, said: bool
) -> None:
    monkeypatch.setenv("GIPKIT_AUJOURDHUI", today)
    folder = tmp_path / "ml"
    shutil.copytree(ROOT / "fixtures" / "ml", folder)
    _cut(folder / "evenements.csv", last)
    out = run("ml", "activite", "--dossier", folder, "--annee", "2025", "--format", "json")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    day = "/".join(reversed(last.split("-")))
    warned = [w for w in doc["avertissements"] if "s'arrêtent au" in w]
    assert bool(warned) is said, warned
    if said:
        assert warned == [
            w for w in warned if "evenements.csv" in w and day in w and "partiels" in w
        ]
        assert warned[0] in out.stderr


def test_fixtures_couvrent_leurs_annees(monkeypatch: pytest.MonkeyPatch) -> None:
    """Aucune extraction des fixtures ne s'arrête avant la fin de 2025 (les plus
    clairsemées, entrées du PLIE ou du LRJ, finissent entre le 1er et le 19 décembre) :
    pas d'alerte pour rien."""
    monkeypatch.setenv("GIPKIT_AUJOURDHUI", "2026-01-15")
    for structure in ("ml", "plie", "serci", "cllaj"):
        folder = ROOT / "fixtures" / structure
        out = run(structure, "tout", "--dossier", folder, "--annee", "2025", "--format", "json")
        assert out.exit_code == 0, out.output
        doc = json.loads(out.stdout)
        assert not [w for w in doc["avertissements"] if "s'arrêtent au" in w], structure


def test_extraction_commencee_apres_le_debut_de_n_1_dite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Une extraction qui commence le 1er mars 2024 ampute 2024 et gonfle les évolutions
    de 2025 : c'est dit ; les chiffres de 2025 ne changent pas."""
    monkeypatch.setenv("GIPKIT_AUJOURDHUI", "2026-01-15")
    folder = tmp_path / "ml"
    shutil.copytree(ROOT / "fixtures" / "ml", folder)
    args = ["ml", "activite", "--annee", "2025", "--format", "json"]
    full = run(*args, "--dossier", ROOT / "fixtures" / "ml")
    _cut(folder / "evenements.csv", "9999", first="2024-03-01")
    out = run(*args, "--dossier", folder)
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    warned = [w for w in doc["avertissements"] if "commencent au" in w]
    assert len(warned) == 1 and "evenements.csv" in warned[0], warned
    assert "commencent au 01/03/2024" in warned[0] and "évolutions de 2025" in warned[0]
    before = {r["id"]: r.get("valeur") for r in json.loads(full.stdout)["resultats"]}
    after = {r["id"]: r.get("valeur") for r in doc["resultats"]}
    assert after["ml.activite.jeunes_accompagnes"] == before["ml.activite.jeunes_accompagnes"]
