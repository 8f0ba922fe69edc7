"""Mission Locale : les jeunes d'une extraction absents de l'extraction des jeunes.

Un identifiant écrit autrement d'un fichier à l'autre (zéros en tête retirés par un
tableur, casse, préfixe) laissait chaque jeune sans sexe, âge, commune ni niveau : les
tableaux les rangeaient en « non renseigné » et l'obligation de formation ne comptait
plus aucun mineur, sans un mot. C'est dit, par extraction et par année.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT, result, run

FOLDER = ROOT / "fixtures" / "ml"


def copied(tmp_path: Path) -> Path:
    folder = tmp_path / "ml"
    folder.mkdir()
    for path in FOLDER.iterdir():
        if path.is_file():
            (folder / path.name).write_bytes(path.read_bytes())
    return folder


def youths_file(folder: Path) -> tuple[str, list[str]]:
    text = (folder / "jeunes.csv").read_text("utf-8-sig")
    head, *lines = text.splitlines(keepends=True)
    return head, lines


def warnings_of(folder: Path, *args: str) -> tuple[dict, list[str]]:
    out = run("ml", "tout", "--dossier", folder, "--format", "json", *args)
    assert out.exit_code == 0, out.stderr
    doc = json.loads(out.stdout)
    return doc, [w for w in doc["avertissements"] if "ne sont pas dans" in w]


def test_identifiants_ecrits_autrement_dits_pour_chaque_extraction(tmp_path: Path) -> None:
    folder = copied(tmp_path)
    head, lines = youths_file(folder)
    (folder / "jeunes.csv").write_text(
        head + "".join("X" + line[1:] for line in lines), encoding="utf-8-sig"
    )
    doc, said = warnings_of(folder)
    for name, who in (
        ("evenements.csv", "jeunes accompagnés"),
        ("demandes.csv", "jeunes des demandes"),
        ("propositions.csv", "jeunes des propositions de santé"),
        ("situations.csv", "jeunes en contrat"),
        ("evenements.csv", "jeunes des événements"),
    ):
        for year in (2024, 2025):
            assert any(
                name in w and f" {who} en {year} (100,0 %)" in w and "zéros en tête" in w
                for w in said
            ), (name, who, year, said)
    # le nombre dit est celui des jeunes accompagnés du document
    accompanied = result(doc, "ml.activite.jeunes_accompagnes")["valeur"]
    expected = f"des {accompanied:,} jeunes accompagnés en 2025".replace(",", " ")
    assert any(expected in w for w in said)


def test_identifiants_a_la_casse_pres_dits_tels(tmp_path: Path) -> None:
    """Les identifiants de l'extraction des jeunes en minuscules (retouchés dans un
    tableur) : le message ne pose plus la question, il dit qu'ils s'y retrouvent à la
    casse près, et combien."""
    folder = copied(tmp_path)
    head, lines = youths_file(folder)
    retyped = [line.split(";", 1) for line in lines]
    (folder / "jeunes.csv").write_text(
        head + "".join(f"{key.lower()};{rest}" for key, rest in retyped), encoding="utf-8-sig"
    )
    doc, said = warnings_of(folder)
    activity = [w for w in said if "jeunes accompagnés en 2025" in w]
    assert len(activity) == 1, said
    # la règle des modalités dit pourquoi elle sert : la colonne est là, non les jeunes
    ruled = [w for w in doc["avertissements"] if w.startswith("Modalités")]
    assert ruled == [
        "Modalités d'accompagnement déduites par une règle (dispositifs et venues) : aucun "
        "jeune accompagné en 2025 n'a de modalité dans la colonne « Modalité "
        "d'accompagnement » de l'extraction des jeunes"
    ]
    found = re.search(r": ([\d  ]+) des ([\d  ]+) jeunes accompagnés", activity[0])
    assert found is not None
    assert f"; {found.group(1)} s'y retrouvent à la casse" in activity[0]
    assert "sont-ils écrits" not in activity[0]


def test_quelques_jeunes_absents_comptes_et_dits(tmp_path: Path) -> None:
    """Quelques fiches absentes (une extraction des jeunes faite avant les autres) : le
    nombre dit est celui des jeunes retirés qui comptent, pas plus."""
    folder = copied(tmp_path)
    head, lines = youths_file(folder)
    removed = lines[:40]
    (folder / "jeunes.csv").write_text(head + "".join(lines[40:]), encoding="utf-8-sig")
    _, said = warnings_of(folder)
    activity = [w for w in said if "jeunes accompagnés" in w]
    assert activity, said
    for warning in activity:
        found = re.search(r": (\d+) des ([\d  ]+) jeunes accompagnés", warning)
        assert found is not None and 0 < int(found.group(1)) <= len(removed), warning
        assert "extraction faite avant l'autre" in warning and "zéros" not in warning


def test_les_fixtures_n_ont_aucun_jeune_absent() -> None:
    _, said = warnings_of(FOLDER)
    assert said == []
