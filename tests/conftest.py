"""Outils communs des tests : chemins des fixtures, exécution de la CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from gipkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SERCI_CSV = ROOT / "fixtures" / "serci" / "heures-insertion-2020-2025.csv"
REPORT = json.loads((ROOT / "fixtures" / "serci" / "rapport-2025.json").read_text("utf-8"))

settings.register_profile(
    "gipkit", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("gipkit")


def run(*args: str | Path, input: str | None = None) -> Result:
    """Lance ``gipkit ARGS`` dans le processus, sans configuration locale."""
    runner = CliRunner()
    return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def run_json(*args: str | Path) -> dict[str, Any]:
    """Lance une commande avec ``--format json`` et renvoie le document."""
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def result(doc: dict[str, Any], ident: str) -> dict[str, Any]:
    """Le résultat d'identifiant ``ident`` d'un document JSON."""
    matches = [r for r in doc["resultats"] if r["id"] == ident]
    assert len(matches) == 1, [r["id"] for r in doc["resultats"]]
    return matches[0]


@pytest.fixture(autouse=True)
def _no_local_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chaque test tourne dans un dossier vide : aucun gipkit.toml n'y traîne, et ni
    ``GIPKIT_CONFIG`` ni ``GIPKIT_AUJOURDHUI`` de la machine ne s'appliquent."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GIPKIT_CONFIG", raising=False)
    monkeypatch.delenv("GIPKIT_AUJOURDHUI", raising=False)
