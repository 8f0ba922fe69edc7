"""Lectures ensemble ou seules (gipkit.io.gate) : un gros classeur se lit seul, pour que
la pointe de mémoire de son lecteur (toute la feuille) ne s'ajoute pas à celle d'une
autre lecture."""

from __future__ import annotations

import platform
import sys
import threading
from typing import Any

import pytest

from conftest import ROOT
from gipkit.config import Config
from gipkit.io import gate, reader, sheets, workbook
from gipkit.io.exports.plie import PLIE_APPLICATIONS, PLIE_PARTICIPANTS, PLIE_PREREGISTRATIONS
from helpers import in_memory_up_to

PLIE = ROOT / "fixtures" / "plie"
WAIT = 10  # secondes au plus pour qu'un fil fasse ce qu'on attend de lui


def _started(target: Any) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def test_une_lecture_seule_attend_les_autres_et_les_fait_attendre() -> None:
    door = gate.ReadGate()
    log: list[str] = []
    first_in, first_out, alone_in, alone_out = (threading.Event() for _ in range(4))

    def first() -> None:
        with door.shared():
            log.append("partagée entre")
            first_in.set()
            first_out.wait(WAIT)
            log.append("partagée sort")

    def alone() -> None:
        with door.alone():
            log.append("seule entre")
            alone_in.set()
            alone_out.wait(WAIT)
            log.append("seule sort")

    def second() -> None:
        with door.shared():
            log.append("seconde entre")

    a = _started(first)
    assert first_in.wait(WAIT)
    b = _started(alone)
    assert not alone_in.wait(0.2)  # une lecture partagée est en cours : elle attend
    first_out.set()
    assert alone_in.wait(WAIT)
    c = _started(second)
    c.join(0.2)
    assert c.is_alive()  # la lecture seule est en cours : la seconde attend
    alone_out.set()
    for thread in (a, b, c):
        thread.join(WAIT)
    assert log == ["partagée entre", "partagée sort", "seule entre", "seule sort", "seconde entre"]


def test_une_lecture_seule_imbriquee_ne_s_attend_pas_elle_meme() -> None:
    door = gate.ReadGate()
    done = threading.Event()

    def nested() -> None:
        with door.shared(), door.alone():
            done.set()

    _started(nested).join(WAIT)
    assert done.is_set()
    assert (door.readers, door.alone_now) == (0, False)


def _seen_by_reads(monkeypatch: pytest.MonkeyPatch, config: Config) -> dict[str, Any]:
    """Lit d'avance, deux à la fois, le classeur et les CSV du PLIE des fixtures, et note
    l'état des lectures à l'entrée de chacune, et les appels rendant la mémoire libérée."""
    seen: dict[str, Any] = {"csv": [], "classeur": [], "rendue": 0}
    csv, sheet = reader._read_csv, sheets._read_sheet_export

    def noted_csv(*args: Any, **kwargs: Any) -> Any:
        seen["csv"].append(gate.READS.alone_now)
        return csv(*args, **kwargs)

    def noted_sheet(*args: Any, **kwargs: Any) -> Any:
        seen["classeur"].append((gate.READS.readers, gate.READS.alone_now))
        return sheet(*args, **kwargs)

    def released() -> None:
        seen["rendue"] += 1

    monkeypatch.setattr(reader, "_read_csv", noted_csv)
    monkeypatch.setattr(sheets, "_read_sheet_export", noted_sheet)
    monkeypatch.setattr(workbook, "release_freed_memory", released)
    reads = [
        (PLIE / "participants.csv", PLIE_PARTICIPANTS),
        (PLIE / "candidatures-2023-2025.xlsx", PLIE_APPLICATIONS),
        (PLIE / "preinscriptions.csv", PLIE_PREREGISTRATIONS),
    ]
    with reader.one_read_per_file():
        assert reader.read_ahead(reads, config, workers=2) == 3
        for path, schema in reads:
            reader.scan_export(path, schema, columns=[], config=config)
    return seen


def test_un_classeur_plus_gros_que_la_memoire_permise_se_lit_seul(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # le classeur des fixtures (~30 000 cellules) au-delà de 1 Mo estimé
    seen = _seen_by_reads(monkeypatch, in_memory_up_to(1e6))
    assert seen["classeur"] == [(0, True)]
    assert seen["csv"] == [False, False]
    assert seen["rendue"] == 1


def test_un_petit_classeur_se_lit_avec_les_autres(monkeypatch: pytest.MonkeyPatch) -> None:
    facts = workbook.inspect(PLIE / "candidatures-2023-2025.xlsx", max_bytes=10**9, max_cells=10**9)
    assert facts.cells * workbook.CELL_BYTES < Config().limites.tableau_en_memoire_max_mo * 1e6
    seen = _seen_by_reads(monkeypatch, Config())
    assert [alone for _, alone in seen["classeur"]] == [False]
    assert seen["rendue"] == 1


def test_la_memoire_du_lecteur_est_rendue_avant_le_typage(monkeypatch: pytest.MonkeyPatch) -> None:
    """La feuille que le lecteur Excel a construite est rendue au système dès qu'il l'a
    lue, avant le typage et les contrôles : leur pointe ne s'ajoute pas à elle."""
    order: list[str] = []
    inner = sheets.checked_frame

    def typed(*args: Any, **kwargs: Any) -> Any:
        order.append("typage")
        return inner(*args, **kwargs)

    monkeypatch.setattr(workbook, "release_freed_memory", lambda: order.append("rendue"))
    monkeypatch.setattr(sheets, "checked_frame", typed)
    path = PLIE / "candidatures-2023-2025.xlsx"
    reader.read_export(path, PLIE_APPLICATIONS, columns=[], config=Config())
    # puis, pour confirmer des doublons exacts, la relecture de toutes les colonnes,
    # rendue elle aussi
    assert order[:2] == ["rendue", "typage"]
    assert order.count("rendue") == 2


def test_la_memoire_liberee_est_rendue_par_la_glibc() -> None:
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert (workbook._malloc_trim() is not None) == glibc
    workbook.release_freed_memory()
