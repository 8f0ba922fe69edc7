"""La documentation ne peut pas dériver du code."""

from __future__ import annotations

import importlib.util
import json
import re

import jsonschema
import pytest

from conftest import ROOT, SERCI_CSV, run
from test_cli import COMMANDS


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "generate_docs", ROOT / "scripts" / "generate_docs.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_documentation_generee_a_jour() -> None:
    stale = [
        str(path.relative_to(ROOT))
        for path, text in _generator().outputs().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"lancez python scripts/generate_docs.py : {stale}"


SCHEMA = json.loads((ROOT / "docs" / "schemas" / "resultats-1.2.json").read_text("utf-8"))
INDICATORS = (ROOT / "docs" / "indicateurs" / "serci.md").read_text("utf-8")


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_json_conforme_au_schema_publie_et_documente(args: list[str]) -> None:
    doc = json.loads(run(*args, SERCI_CSV, "--format", "json").stdout)
    jsonschema.validate(doc, SCHEMA)
    for res in doc["resultats"]:
        assert f"`{res['id']}`" in INDICATORS, f"{res['id']} absent de docs/indicateurs/serci.md"


def test_readme_donne_les_deux_commandes() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```\n(.*?)\n```", readme, flags=re.S)
    assert "python -m pip install . && gipkit rapport --dossier fixtures " in blocks[0]
    assert (ROOT / "fixtures" / "gipkit.toml").is_file()
    assert blocks[1].strip() == 'python -m pip install -e ".[test]" && python -m pytest'
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert blocks[1].strip() in ci
    # la commande d'essai de la CI est celle du README (fichier de sortie près)
    assert "gipkit rapport --dossier fixtures --sortie" in ci


def test_exemple_du_format_se_lit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gipkit.config import Config
    from gipkit.io import read_export
    from gipkit.io.exports import EXPORTS

    text = (ROOT / "docs" / "formats" / "serci.heures.md").read_text("utf-8")
    example = text.split("## Exemple", 1)[1].split("```")[1].strip()
    path = tmp_path / "exemple.csv"
    path.write_text(example + "\n", encoding="utf-8")
    schema = EXPORTS["serci.heures"]
    frame, report = read_export(
        path, schema, columns=[c.name for c in schema.columns], config=Config()
    )
    assert frame.height == 1 and report.rows_used == 1
    assert frame["statuts_entree"].to_list() == [["rsa", "refugie"]]


@pytest.mark.parametrize(
    ("args", "doc_name"),
    [
        (
            [
                "plie",
                "tout",
                "--participants",
                ROOT / "fixtures" / "plie" / "participants.csv",
                "--candidatures",
                ROOT / "fixtures" / "plie" / "candidatures-2023-2025.xlsx",
                "--file-attente",
                "21",
            ],
            "plie",
        ),
        (["ml", "tout", "--dossier", ROOT / "fixtures" / "ml"], "ml"),
        (
            [
                "--config",
                ROOT / "fixtures" / "cllaj" / "gipkit.toml",
                "cllaj",
                "tout",
                "--dossier",
                ROOT / "fixtures" / "cllaj",
            ],
            "cllaj",
        ),
    ],
    ids=["plie", "ml", "cllaj"],
)
def test_indicateurs_des_autres_structures_documentes(args: list[object], doc_name: str) -> None:
    doc = json.loads(run(*args, "--format", "json").stdout)  # type: ignore[arg-type]
    jsonschema.validate(doc, SCHEMA)
    text = (ROOT / "docs" / "indicateurs" / f"{doc_name}.md").read_text("utf-8")
    for res in doc["resultats"]:
        assert f"`{res['id']}`" in text


def test_configuration_documentee_valide() -> None:
    """Le gipkit.toml de docs/configuration.md se lit tel quel : chaque clé est à sa table
    (une clé écrite sous `[serci.villes_territoire]` serait une ville) et chaque valeur
    est acceptée par le modèle strict."""
    import tomllib

    from gipkit.config import parse_config

    text = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", text, re.S)
    assert blocks
    for block in blocks:
        config = parse_config(tomllib.loads(block), origin="docs/configuration.md")
        assert "annee_des_contrats" not in config.serci.villes_territoire
    assert any("annee_des_contrats" in b for b in blocks)
