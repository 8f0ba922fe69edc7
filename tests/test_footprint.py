"""La place estimée du tableau typé d'une lecture (:mod:`gipkit.io.footprint`) et le
choix qui en découle : en mémoire, ou par un Parquet temporaire."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from gipkit.config import Config
from gipkit.io import checked, footprint, reader
from gipkit.io.exports import EXPORTS
from helpers import FIXTURE_FILES, FIXTURES, in_memory_up_to


@pytest.fixture
def spied(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Ce que la lecture a estimé (``estimate``), le chemin qu'elle a pris (``path``) et,
    en mémoire, la place du tableau typé (``size``)."""
    seen: dict[str, Any] = {}
    estimate, in_memory, stage = footprint.estimated_bytes, checked._in_memory, checked._stage

    def spy_estimate(*args: Any, **kwargs: Any) -> int | None:
        seen["estimate"] = estimate(*args, **kwargs)
        return seen["estimate"]

    def spy_memory(lf: pl.LazyFrame) -> pl.LazyFrame:
        out = in_memory(lf)
        seen["path"], seen["size"] = "mémoire", out.collect().estimated_size()
        return out

    def spy_stage(lf: pl.LazyFrame) -> pl.LazyFrame:
        seen["path"] = "parquet"
        return stage(lf)

    monkeypatch.setattr(footprint, "estimated_bytes", spy_estimate)
    monkeypatch.setattr(checked, "_in_memory", spy_memory)
    monkeypatch.setattr(checked, "_stage", spy_stage)
    yield seen


def _read_all(relative: str, config: Config | None = None) -> None:
    schema = EXPORTS[FIXTURE_FILES[relative]]
    reader.scan_export(
        FIXTURES / relative,
        schema,
        columns=[c.name for c in schema.columns],
        config=config or Config(),
    )


@pytest.mark.parametrize("relative", sorted(FIXTURE_FILES))
def test_l_estimation_suit_la_place_reelle(relative: str, spied: dict[str, Any]) -> None:
    """Sur chaque extraction des fixtures, toutes colonnes lues : l'estimation ne passe
    jamais sous la place du tableau typé en mémoire (elle sert à borner la mémoire), et
    ne la dépasse pas de plus de trois fois (elle enverrait au Parquet ce qui tient en
    mémoire)."""
    _read_all(relative)
    assert spied["path"] == "mémoire"
    assert spied["size"] <= spied["estimate"] <= 3 * spied["size"]


def test_le_choix_suit_l_estimation(spied: dict[str, Any]) -> None:
    """Au-delà du seuil (``[limites] tableau_en_memoire_max_mo``), le Parquet ; en deçà,
    la mémoire — sur l'estimation du tableau typé, non sur la taille du fichier : les
    événements (libellés en codes) et les heures SERCI (textes) se départagent sur ce
    qu'ils occupent une fois typés. Par défaut, 350 Mo ; 0 : toujours le Parquet."""
    _read_all("ml/evenements.csv")
    events = spied["estimate"]
    assert spied["path"] == "mémoire" and Config().limites.tableau_en_memoire_max_mo == 350
    _read_all("ml/evenements.csv", in_memory_up_to(events))
    assert spied["path"] == "mémoire"
    _read_all("ml/evenements.csv", in_memory_up_to(events - 1))
    assert spied["path"] == "parquet"
    _read_all("ml/evenements.csv", in_memory_up_to(0))
    assert spied["path"] == "parquet"


def test_le_cout_par_ligne_depend_du_type() -> None:
    """Une ligne d'événements (identifiant et libellés en codes, date) coûte moins, une
    fois typée, que son texte ; une ligne de longs textes, plus."""
    events = EXPORTS["ml.evenements"]
    line = "J000123;03/02/2025;Entretien individuel;Présent;Oui"
    head = "Identifiant jeune;Date;Type d'événement;Statut;Physique\n" + (line + "\n") * 50
    positions = {"jeune": 0, "date": 1, "type_evenement": 2, "statut": 3, "physique": 4}
    size = 1_000 * (len(line) + 1)
    estimate = footprint.estimated_bytes(
        head, delimiter=";", skip_lines=0, positions=positions, schema=events, file_size=size
    )
    assert estimate is not None and estimate < size
    wide = "x" * 200
    head = "Identifiant jeune;Site\n" + f"J1;{wide}\n" * 50
    size = 1_000 * (len(wide) + 4)
    estimate = footprint.estimated_bytes(
        head,
        delimiter=";",
        skip_lines=0,
        positions={"jeune": 0, "site": 1},
        schema=events,
        file_size=size,
    )
    assert estimate is not None and estimate > size


def test_sans_ligne_entiere_le_texte_lu_decide(
    tmp_path: Path, spied: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Un début de fichier sans ligne de données entière (en-tête seul) ne dit rien du
    tableau : le texte lu (taille du fichier × part des colonnes lues) en tient lieu."""
    path = tmp_path / "evenements.csv"
    path.write_text("Identifiant jeune;Date;Type d'événement\n", encoding="utf-8")
    schema = EXPORTS["ml.evenements"]
    below = in_memory_up_to(path.stat().st_size - 1)
    reader.scan_export(path, schema, columns=["type_evenement"], config=below)
    assert spied["estimate"] is None
    assert spied["path"] == "parquet"
    at = in_memory_up_to(path.stat().st_size)
    reader.scan_export(path, schema, columns=["type_evenement"], config=at)
    assert spied["path"] == "mémoire"
