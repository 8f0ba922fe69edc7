"""Les tableaux témoins du banc de performance (``scripts/bench.py``,
``scripts/bench_witnesses.py``) : des requêtes polars ordinaires, sans aucun contrôle,
auxquelles le banc compare gipkit, DuckDB et pandas. Sur les fixtures, elles doivent
retrouver les chiffres de gipkit : sinon le banc chronométrerait deux calculs
différents (une définition changée d'un côté seulement)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from conftest import ROOT, SERCI_CSV, run_json

sys.path.insert(0, str(ROOT / "scripts"))
import bench
import bench_witnesses as witnesses


def _witness(program: str, source: Path) -> list[list[Any]]:
    """Le tableau qu'écrit un programme témoin lancé sur ``source``."""
    done = subprocess.run(
        [sys.executable, "-c", program, str(source)], capture_output=True, text=True, check=True
    )
    table: list[list[Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return table


def _utf8(source: Path, folder: Path) -> Path:
    """``source`` recopiée en UTF-8 comme le banc écrit ses copies (les fixtures du PLIE
    sont en Windows-1252, comme l'export d'origine)."""
    target = folder / source.name
    bench.read_fixture(source).write_csv(target, separator=";")
    return target


def test_witness_of_the_plie(tmp_path: Path) -> None:
    source = ROOT / "fixtures" / "plie" / "participants.csv"
    doc = run_json("plie", "participants", source, "--annee", "2025")
    expected = witnesses.witness_tables(json.dumps(doc))
    assert [r[0] for r in expected] == [2024, 2024, 2025, 2025]
    assert _witness(witnesses.PLIE_POLARS, _utf8(source, tmp_path)) == expected


def test_witness_of_the_plie_after_a_move(tmp_path: Path) -> None:
    # une personne dont deux parcours touchent 2025, à Ivry puis à Vitry : elle est
    # suivie à Vitry (son parcours le plus récent), entrante, pour les deux calculs
    source = _utf8(ROOT / "fixtures" / "plie" / "participants.csv", tmp_path)
    rows = pl.read_csv(source, separator=";", infer_schema=False)
    exit_, city = pl.col("Date de sortie"), pl.col("Commune")
    moving = rows.filter(exit_.str.ends_with("2025") & (city == "Ivry-sur-Seine")).head(1)
    assert moving.height == 1
    later = moving.with_columns(
        pl.lit("01/12/2025").alias("Date d'entrée"),
        pl.lit(None, pl.String).alias("Date de sortie"),
        pl.lit("Vitry-sur-Seine").alias("Commune"),
    )
    export = tmp_path / "parcours.csv"
    pl.concat([rows, later]).write_csv(export, separator=";")
    doc = run_json("plie", "participants", export, "--annee", "2025")
    expected = witnesses.witness_tables(json.dumps(doc))
    before = witnesses.witness_tables(
        json.dumps(run_json("plie", "participants", source, "--annee", "2025"))
    )
    moved = {(r[0], r[1]): r[2] - b[2] for r, b in zip(expected, before, strict=True)}
    assert moved[2025, "Ivry-sur-Seine"] == -1 and moved[2025, "Vitry-sur-Seine"] == 1
    assert _witness(witnesses.PLIE_POLARS, export) == expected


def test_witness_of_the_cllaj(tmp_path: Path) -> None:
    source = ROOT / "fixtures" / "cllaj" / "jeunes.csv"
    doc = run_json("cllaj", "ressources", source, "--annee", "2025")
    expected = witnesses.witness_tables(json.dumps(doc))
    assert [r[:2] for r in expected] == [[2024, "F"], [2024, "H"], [2025, "F"], [2025, "H"]]
    assert _witness(witnesses.CLLAJ_POLARS, _utf8(source, tmp_path)) == expected


def test_witness_of_the_mission_locale(tmp_path: Path) -> None:
    folder = ROOT / "fixtures" / "ml"
    doc = run_json("ml", "activite", "--dossier", folder, "--annee", "2025")
    expected = bench.ml_gipkit_table(json.dumps(doc))
    events = _utf8(folder / "evenements.csv", tmp_path)
    assert _witness(bench.ML_POLARS, events) == expected


def test_witness_of_the_serci(tmp_path: Path) -> None:
    # le banc recopie la fixture avec un contrat par ligne (scripts/bench.py) : un
    # contrat y compte l'année de sa ligne, pour gipkit comme pour la requête témoin
    base = pl.read_csv(SERCI_CSV, separator=";", infer_schema=False)
    export = tmp_path / "heures.csv"
    bench.replicated(base, base.height).write_csv(export, separator=";")
    doc = run_json("serci", "heures", export, "--par-maitre-ouvrage")
    expected = bench.gipkit_table(json.dumps(doc))
    assert expected[-1][3] == 162_246  # les heures du rapport : seuls les contrats changent
    lazy = bench.POLARS_LAZY.replace("SOURCE", bench.SOURCES["csv"])
    found = _witness(lazy, export)
    assert len(found) == len(expected) == 5
    for row, want in zip(found, expected, strict=True):  # heures : des sommes de réels
        assert row == pytest.approx(want)


def test_dossier_d_une_structure_lu_par_son_tout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--structure plie`` : les extractions recopiées (identifiants suffixés à chaque
    copie), la limite contre les archives piégées relevée dans le gipkit.toml du dossier
    quand le classeur la dépasse (une configuration que gipkit accepte), et le tableau
    témoin de polars égal à celui du ``tout``."""
    monkeypatch.setattr(bench, "DATA", tmp_path)
    monkeypatch.setattr(bench, "XLSX_LIMIT_MB", 0)  # le classeur des fixtures la dépasse
    folder = bench.make_structure_folder("plie", 2)
    assert sorted(p.name for p in folder.iterdir()) == [
        ".complet",
        "candidatures.xlsx",
        "gipkit.toml",
        "participants.csv",
        "preinscriptions.csv",
    ]
    people = pl.read_csv(folder / "participants.csv", separator=";", infer_schema=False)
    fixture = bench.read_fixture(ROOT / "fixtures" / "plie" / "participants.csv")
    assert people.height == 2 * fixture.height
    assert people["N° participant"].n_unique() == 2 * fixture["N° participant"].n_unique()
    assert "xlsx_decompresse_max_mo" in (folder / "gipkit.toml").read_text(encoding="utf-8")
    tools = bench.structure_tools("plie", folder, sys.executable)
    names = list(tools)
    assert (names[0], names[-1]) == ("lecture nue plie", "gipkit plie tout")
    done = subprocess.run(
        tools["gipkit plie tout"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert bench._report_table(done.stdout) == _witness(
        witnesses.PLIE_POLARS, folder / "participants.csv"
    )
