"""La borne sur la somme des tableaux qu'un ``tout`` garde en mémoire
(:mod:`gipkit.io.budget`, ``[limites] lectures_en_memoire_max_mo``) : les lectures
partagées d'un bloc qui n'y tiennent plus passent par le Parquet temporaire, les plus
grosses d'abord, sans qu'aucune valeur ne change."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from gipkit.config import Config, Limits
from gipkit.io import budget, footprint, reader
from gipkit.io.exports import EXPORTS
from helpers import FIXTURE_FILES, FIXTURES

#: les extractions CSV du CLLAJ des fixtures (nom -> format), lues ensemble par `cllaj tout`
CLLAJ = {
    Path(relative).stem: kind
    for relative, kind in FIXTURE_FILES.items()
    if relative.startswith("cllaj/")
}


def _reads() -> list[tuple[Path, Any]]:
    return [(FIXTURES / "cllaj" / f"{name}.csv", EXPORTS[kind]) for name, kind in CLLAJ.items()]


def _estimates() -> dict[str, int]:
    """La place estimée d'avance du tableau typé de chaque extraction."""
    out = {}
    for path, schema in _reads():
        estimate = reader._planned_estimate(path, schema, Config())
        assert estimate is not None
        out[path.stem] = estimate
    return out


@pytest.fixture
def chosen(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, bool]]:
    """Pour chaque fichier lu : son tableau est-il resté en mémoire ?"""
    seen: dict[str, bool] = {}
    original = reader._kept_in_memory

    def spy(estimate: int, file_limit: int, limit: int) -> bool:
        kept = original(estimate, file_limit, limit)
        reading = reader._READING.get()
        seen[Path(reading[0][0]).stem if reading else "?"] = kept
        return kept

    monkeypatch.setattr(reader, "_kept_in_memory", spy)
    yield seen


def _read_together(config: Config, workers: int) -> dict[str, pl.DataFrame]:
    """Les sept extractions lues dans un bloc, comme par ``tout``, lancées d'avance."""
    frames = {}
    with reader.one_read_per_file():
        reader.read_ahead(_reads(), config, workers=workers)
        for path, schema in _reads():
            lf, _ = reader.scan_export(
                path, schema, columns=[c.name for c in schema.columns], config=config
            )
            frames[path.stem] = lf.collect()
    return frames


@pytest.mark.parametrize("workers", [0, 2])
def test_les_plus_grosses_lectures_passent_par_le_parquet_quand_la_somme_deborde(
    chosen: dict[str, bool], workers: int
) -> None:
    """Chaque fichier tient seul sous la limite d'un fichier, mais pas tous ensemble :
    les plus petits restent en mémoire, le plus gros passe par le Parquet, que les
    lectures soient lancées d'avance dans deux fils ou faites à la demande ; les
    tableaux lus sont ceux d'une lecture tout en mémoire."""
    estimates = _estimates()
    biggest = max(estimates, key=lambda name: estimates[name])
    others = sum(v for k, v in estimates.items() if k != biggest)
    config = Config(
        limites=Limits(
            tableau_en_memoire_max_mo=max(estimates.values()) / 1e6,
            lectures_en_memoire_max_mo=(others + estimates[biggest] - 1) / 1e6,
        )
    )
    frames = _read_together(config, workers)
    if workers:  # choisi d'avance, les plus petits d'abord
        assert chosen == {name: name != biggest for name in CLLAJ}
    else:  # à la demande, dans l'ordre des lectures : le dernier qui ne tient plus
        assert not all(chosen.values()) and chosen["jeunes"]
    chosen.clear()
    everything = Config(limites=Limits(lectures_en_memoire_max_mo=1e6))
    reference = _read_together(everything, workers)
    assert all(chosen.values())
    for name, frame in frames.items():
        assert_frame_equal(frame, reference[name])


def test_sans_borne_commune_chaque_fichier_est_juge_seul(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Hors d'un bloc (une commande d'un fichier), seule la limite d'un fichier compte,
    même quand la somme est à zéro."""
    decisions: list[tuple[int, bool]] = []
    original = reader._kept_in_memory

    def spy(estimate: int, file_limit: int, limit: int) -> bool:
        decisions.append((estimate, original(estimate, file_limit, limit)))
        return decisions[-1][1]

    monkeypatch.setattr(reader, "_kept_in_memory", spy)
    estimates = _estimates()
    config = Config(
        limites=Limits(
            tableau_en_memoire_max_mo=estimates["jeunes"] / 1e6, lectures_en_memoire_max_mo=0
        )
    )
    for path, schema in _reads():
        reader.scan_export(path, schema, columns=[c.name for c in schema.columns], config=config)
    assert [kept for _, kept in decisions] == [
        estimates[name] <= estimates["jeunes"] for name in CLLAJ
    ]
    assert {kept for _, kept in decisions} == {True, False}


def test_une_lecture_oubliee_rend_sa_place() -> None:
    estimates = _estimates()
    with reader.one_read_per_file():
        reader.read_ahead(_reads(), Config(), workers=1)
        memory = reader._MEMORY.get()
        assert memory is not None
        assert memory.held() == sum(estimates.values())  # les fixtures tiennent toutes
        reader.forget_reads([FIXTURES / "cllaj" / "propositions.csv"])
        assert memory.held() == sum(estimates.values()) - estimates["propositions"]


def test_l_estimation_d_avance_est_celle_de_la_lecture(monkeypatch: pytest.MonkeyPatch) -> None:
    """Estimée d'avance sur le seul début du fichier (encodage compris : les
    participants du PLIE sont en Windows-1252), la place est celle que la lecture
    estime ; un classeur n'est pas estimé d'avance."""
    seen: list[int | None] = []
    estimate = footprint.estimated_bytes

    def spy(*args: Any, **kwargs: Any) -> int | None:
        seen.append(estimate(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(footprint, "estimated_bytes", spy)
    files = [*_reads(), (FIXTURES / "plie" / "participants.csv", EXPORTS["plie.participants"])]
    for path, schema in files:
        planned = reader._planned_estimate(path, schema, Config())
        seen.clear()
        reader.scan_export(path, schema, columns=[c.name for c in schema.columns], config=Config())
        assert seen == [planned], path.name
    workbook = FIXTURES / "plie" / "candidatures-2023-2025.xlsx"
    assert reader._planned_estimate(workbook, EXPORTS["plie.candidatures"], Config()) is None


def test_un_fichier_illisible_n_est_pas_estime_d_avance(tmp_path: Path) -> None:
    """Ce que le fichier a d'anormal, sa lecture le dira : l'estimation d'avance se tait."""
    schema = EXPORTS["cllaj.jeunes"]
    assert reader._planned_estimate(tmp_path / "absent.csv", schema, Config()) is None
    odd = tmp_path / "jeunes.csv"
    odd.write_text("rien de reconnaissable\n1;2\n", encoding="utf-8")
    assert reader._planned_estimate(odd, schema, Config()) is None


def test_a_place_egale_l_ordre_donne_departage() -> None:
    memory = budget.ReadBudget()
    memory.plan_all([(50, "a"), (50, "b"), (50, "c")], limit=100, file_limit=100)
    assert [memory.in_memory(k, 0, limit=100, file_limit=100) for k in "abc"] == [
        True,
        True,
        False,
    ]


def test_au_dela_de_la_limite_d_un_fichier_jamais_en_memoire() -> None:
    memory = budget.ReadBudget()
    memory.plan_all([(500, "gros"), (None, "inconnu")], limit=10_000, file_limit=400)
    assert not memory.in_memory("gros", 0, limit=10_000, file_limit=400)
    assert memory.held() == 0
    assert memory.in_memory("inconnu", 300, limit=10_000, file_limit=400)
    assert memory.held() == 300


def test_relever_la_limite_d_un_fichier_releve_celle_de_la_somme(
    chosen: dict[str, bool],
) -> None:
    """Qui relève ``tableau_en_memoire_max_mo`` pour garder un gros fichier en mémoire
    l'y garde aussi dans un ``tout`` : la somme n'est jamais bornée plus bas (ici à zéro,
    sous la limite d'un fichier) ; le plus petit fichier tient, les autres non."""
    estimates = _estimates()
    smallest = min(estimates, key=lambda name: estimates[name])
    config = Config(
        limites=Limits(
            tableau_en_memoire_max_mo=estimates[smallest] / 1e6, lectures_en_memoire_max_mo=0
        )
    )
    _read_together(config, workers=2)
    assert chosen == {name: name == smallest for name in CLLAJ}


def test_une_lecture_oubliee_avant_de_choisir_ne_garde_pas_sa_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Une lecture lancée d'avance, oubliée (plus aucun calcul ne la lira) pendant
    qu'elle commence, avant d'avoir choisi entre la mémoire et le Parquet : sa place
    n'est pas comptée, que personne ne gardera (elle réduirait sinon, jusqu'à la fin de
    la commande, ce qui reste aux lectures suivantes)."""
    path, schema = FIXTURES / "cllaj" / "jeunes.csv", EXPORTS["cllaj.jeunes"]
    estimate = footprint.estimated_bytes

    def forgotten_meanwhile(*args: Any, **kwargs: Any) -> int | None:
        if threading.current_thread().name.startswith("gipkit-lecture"):
            reader.forget_reads([path])  # dans le fil de la lecture, avant son choix
        return estimate(*args, **kwargs)

    monkeypatch.setattr(footprint, "estimated_bytes", forgotten_meanwhile)
    with reader.one_read_per_file():
        memory = reader._MEMORY.get()
        assert memory is not None
        # choisie d'avance en mémoire, puis oubliée dans son fil avant de choisir
        assert reader.read_ahead([(path, schema)], Config(), workers=1) == 1
    # la sortie du bloc a attendu la lecture : oubliée, elle ne garde rien
    assert memory.held() == 0
