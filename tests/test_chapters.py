"""La déclaration des chapitres (issue 11, §2) : chaque ``tout`` produit exactement les
résultats déclarés, dans l'ordre des sections ; les contrôles, les graphiques et les
identifiants connus en viennent."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from conftest import ROOT, run
from gipkit.chapters import STRUCTURES, declared_outputs, section_of


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    out = run("rapport", "--dossier", ROOT / "fixtures", "--format", "json")
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_chaque_tout_produit_exactement_les_resultats_declares(report: dict[str, Any]) -> None:
    for chapter in report["chapitres"]:
        structure = STRUCTURES[chapter["structure"]]
        produced = [r["id"] for r in chapter["document"]["resultats"]]
        # mêmes résultats, dans l'ordre des sections déclarées
        assert produced == list(structure.result_ids()), structure.key
        kinds = {r["id"]: r["type"] for r in chapter["document"]["resultats"]}
        for output in structure.outputs():
            assert (kinds[output.id] == "tableau") == output.table, output.id


def test_chaque_resultat_declare_une_fois_et_ses_renvois_existent() -> None:
    ids = [o.id for s in STRUCTURES.values() for o in s.outputs()]
    assert not [i for i, n in Counter(ids).items() if n > 1]
    outputs = declared_outputs()
    for output in outputs.values():
        assert output.id.split(".")[0] in STRUCTURES
        for _column, target in output.equals:
            assert output.table and target in outputs and not outputs[target].table
    for structure in STRUCTURES.values():
        for section in structure.sections:
            assert section.outputs, section.title
        for extraction in structure.extractions:
            for prefix in extraction.feeds:  # chaque préfixe vise au moins un résultat
                assert any(i.startswith(prefix) for i in structure.result_ids()), prefix


def test_les_controles_de_coherence_viennent_de_la_declaration(report: dict[str, Any]) -> None:
    from gipkit.checks.consistency import consistency, cross_checks

    declared = cross_checks()
    assert ("serci.heures.par_maitre_ouvrage", "heures", "serci.heures.territoire") in declared
    serci = next(c for c in report["chapitres"] if c["structure"] == "serci")["document"]
    checks = consistency(serci)
    crossed = {c.id for c in checks if c.kind.startswith("= ")}
    assert "serci.heures.par_maitre_ouvrage[Total].heures" in crossed
    assert all(c.ok for c in checks)


def test_le_rapport_suit_les_sections() -> None:
    html = run("rapport", "--dossier", ROOT / "fixtures", "--format", "html").stdout
    position = -1
    for structure in STRUCTURES.values():
        for section in structure.sections:
            found = html.find(f">{section.title}</h3>", position + 1)
            assert found > position, section.title
            position = found
    found = section_of("serci.heures.par_ville")
    assert found is not None and found[1].title == "Les marchés soumis aux clauses"
