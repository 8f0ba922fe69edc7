"""La copie UTF-8 des exports Windows-1252 : par parts, en parallèle, sans rien changer."""

from __future__ import annotations

import errno
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gipkit.config import Config
from gipkit.io import read_export, sniff, transcode
from gipkit.io.exports import EXPORTS
from helpers import HEADER, ROWS, csv_text, write

#: octets que Windows-1252 définit (les cinq autres sont refusés avant la copie)
DEFINED = [b for b in range(256) if b not in b"\x81\x8d\x8f\x90\x9d"]


@pytest.fixture
def tiny_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Des parts de quelques octets : les processus auxiliaires travaillent vraiment."""
    monkeypatch.setattr(transcode, "PART_MIN_BYTES", 1)


def copied(source: Path, target: Path, cores: int) -> bytes:
    transcode.utf8_copy(source, target, cores=cores)
    return target.read_bytes()


@pytest.mark.usefixtures("tiny_parts")
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=300).map(lambda b: bytes(DEFINED[x % len(DEFINED)] for x in b)),
    cores=st.integers(1, 5),
)
def test_les_parts_redonnent_le_decodage_d_un_bloc(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, cores: int
) -> None:
    """Toute coupure tombe entre deux caractères : le résultat est celui d'un seul décodage."""
    folder = tmp_path_factory.mktemp("tc")
    source = folder / "source.csv"
    source.write_bytes(data)
    assert copied(source, folder / "copie.csv", cores) == data.decode("cp1252").encode("utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["copie.csv", "source.csv"]


#: les octets où Windows-1252 et Latin-1 diffèrent (« ’ », « € », « œ »…)
C1 = [b for b in range(0x80, 0xA0) if b in DEFINED]


@settings(max_examples=200, deadline=None)
@given(
    data=st.lists(
        st.sampled_from([*b"aZ;\n0 ", 0xE9, 0xA0, 0xC2, 0xC3, 0xFF, *C1]), max_size=60
    ).map(bytes),
    chunk=st.integers(1, 9),
    give_up=st.integers(1, 3),
)
def test_le_raccourci_latin1_donne_exactement_windows_1252(
    data: bytes, chunk: int, give_up: int
) -> None:
    """Blocs avec et sans « ’ », raccourci pris, manqué ou abandonné : le résultat est
    toujours le décodage Windows-1252 (espaces insécables, « Â », « Ã » compris : leurs
    octets UTF-8 ressemblent à ceux que le raccourci cherche)."""
    out = io.BytesIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(transcode, "CHUNK", chunk)
        patch.setattr(transcode, "GIVE_UP", give_up)
        transcode.copy_range(io.BytesIO(data), 0, len(data), out)
    assert out.getvalue() == data.decode("cp1252").encode("utf-8")
    fast = transcode.latin1_as_cp1252(data)
    assert (fast is None) == any(b in C1 for b in data)


def test_le_raccourci_est_abandonne_apres_des_echecs_de_suite(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Un export plein de « ’ » n'essaie le raccourci que ``GIVE_UP`` fois de suite ; un
    export sans ces caractères le prend pour chaque bloc."""
    calls: list[bool] = []
    inner = transcode.latin1_as_cp1252

    def spy(chunk: bytes) -> bytes | None:
        result = inner(chunk)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(transcode, "latin1_as_cp1252", spy)
    monkeypatch.setattr(transcode, "CHUNK", 4)
    for text, expected in (("ab’d" * 5, [False, False]), ("abéd" * 5, [True] * 5)):
        calls.clear()
        data = text.encode("cp1252")
        out = io.BytesIO()
        transcode.copy_range(io.BytesIO(data), 0, len(data), out)
        assert out.getvalue() == text.encode("utf-8")
        assert calls == expected


def test_l_encodage_recopie_par_parts_est_celui_que_le_sniffeur_nomme() -> None:
    assert transcode.ENCODING == sniff.CP1252


def test_utf16_recopie_d_un_bloc_dans_le_meme_dossier(
    memory: Path, tmp_path: Path, tiny_parts: None
) -> None:
    """UTF-16 (« Texte Unicode » d'Excel) n'est pas coupé en parts, mais sa copie suit le
    même chemin : dossier en mémoire, privée, supprimée ensuite."""
    source = tmp_path / "unicode.txt"
    source.write_bytes(FRENCH.encode("utf-16"))
    with transcode.temporary_copy(source, "utf-16") as copy:
        assert copy.parent == memory
        assert copy.read_bytes() == FRENCH.encode("utf-8")
        assert stat.S_IMODE(copy.stat().st_mode) & 0o077 == 0
    assert list(memory.iterdir()) == []


def test_les_parts_sont_egales_et_bornees() -> None:
    size = 10 * transcode.PART_MIN_BYTES
    assert transcode.cuts(size, 2) == [0, size // 2, size]
    assert len(transcode.cuts(size, 64)) == transcode.MAX_PARTS + 1
    assert transcode.cuts(transcode.PART_MIN_BYTES - 1, 8) == [0, transcode.PART_MIN_BYTES - 1]
    assert transcode.cuts(0, None) == [0, 0]


FRENCH = "Chargée d’insertion ; « Œuvre » coûte 1 234,5 € — façade, garçon, naïf\n"


def refused(*args: object) -> int:
    raise OSError(errno.EXDEV, "copie entre systèmes de fichiers refusée")


@pytest.mark.usefixtures("tiny_parts")
@pytest.mark.parametrize("kernel_copy", ["oui", "absente", "refusee"])
def test_un_auxiliaire_qui_echoue_ne_change_rien(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel_copy: str
) -> None:
    """Sa part est recopiée par le processus principal, après la part d'un autre."""
    if kernel_copy == "absente":
        monkeypatch.delattr(os, "copy_file_range", raising=False)
    elif kernel_copy == "refusee":
        monkeypatch.setattr(os, "copy_file_range", refused, raising=False)
    source = tmp_path / "source.csv"
    source.write_bytes((FRENCH * 50).encode("cp1252"))
    expected = (FRENCH * 50).encode("utf-8")
    started: list[int] = []
    start_helper = transcode._start_helper

    def failing(path: Path, start: int, end: int, part: Path) -> subprocess.Popen[bytes] | None:
        """La première part auxiliaire est recopiée, la seconde échoue."""
        started.append(start)
        if len(started) == 1:
            return start_helper(path, start, end, part)
        part.write_bytes(b"faux")  # une part écrite à moitié ne doit pas être gardée
        return subprocess.Popen([sys.executable, "-c", "import sys; sys.exit(3)"])

    monkeypatch.setattr(transcode, "_start_helper", failing)
    assert copied(source, tmp_path / "a.csv", 3) == expected
    assert len(started) == 2
    monkeypatch.setattr(transcode, "_start_helper", lambda *a: None)
    assert copied(source, tmp_path / "b.csv", 3) == expected
    monkeypatch.setattr(transcode, "_start_helper", start_helper)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert transcode._start_helper(source, 0, 1, tmp_path / "p") is None
    assert copied(source, tmp_path / "c.csv", 3) == expected
    monkeypatch.delattr(sys, "frozen")
    monkeypatch.setattr(sys, "executable", "")
    assert transcode._start_helper(source, 0, 1, tmp_path / "p") is None
    assert copied(source, tmp_path / "d.csv", 3) == expected


@pytest.mark.usefixtures("tiny_parts")
def test_les_auxiliaires_recopient_vraiment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Les parts après la première viennent des processus auxiliaires, pas d'un repli."""
    source = tmp_path / "source.csv"
    source.write_bytes((FRENCH * 50).encode("cp1252"))
    exits: list[int] = []
    start_helper = transcode._start_helper

    def watched(path: Path, start: int, end: int, part: Path) -> subprocess.Popen[bytes] | None:
        helper = start_helper(path, start, end, part)
        assert helper is not None
        exits.append(helper.wait())
        return helper

    monkeypatch.setattr(transcode, "_start_helper", watched)
    assert copied(source, tmp_path / "copie.csv", 4) == (FRENCH * 50).encode("utf-8")
    assert exits == [0, 0, 0]


def test_dossier_en_memoire_seulement_s_il_a_la_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(transcode, "MEMORY_DIR", tmp_path)
    if not hasattr(os, "statvfs"):
        assert transcode.memory_dir(1) is None
        return
    free = os.statvfs(tmp_path).f_bavail * os.statvfs(tmp_path).f_frsize
    assert transcode.memory_dir(1) == str(tmp_path)
    assert transcode.memory_dir(free // 2 + 1) is None
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert transcode.memory_dir(1) is None, "le dossier temporaire choisi par l'utilisateur prime"
    monkeypatch.delenv("TMPDIR")
    monkeypatch.setattr(transcode, "MEMORY_DIR", tmp_path / "absent")
    assert transcode.memory_dir(1) is None


@pytest.fixture
def memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Un dossier « en mémoire » de test, choisi quelle que soit la taille du fichier."""
    folder = tmp_path / "memoire"
    folder.mkdir()
    monkeypatch.setattr(transcode, "memory_dir", lambda size: str(folder))
    return folder


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "source.csv"
    path.write_bytes(FRENCH.encode("cp1252"))
    return path


def test_place_manquante_en_memoire_copie_refaite_ailleurs(
    memory: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = transcode.utf8_copy

    def no_space(path: Path, target: Path, *, encoding: str, folder: str | None = None) -> None:
        if folder == str(memory):
            target.write_bytes(b"debut")
            raise OSError(errno.ENOSPC, "No space left on device")
        full(path, target, encoding=encoding, folder=folder)

    monkeypatch.setattr(transcode, "utf8_copy", no_space)
    with transcode.temporary_copy(source) as copy:
        assert copy.parent != memory
        assert copy.read_bytes() == FRENCH.encode("utf-8")
        assert stat.S_IMODE(copy.stat().st_mode) & 0o077 == 0, "copie privée"
    assert not copy.exists()
    assert list(memory.iterdir()) == []


def test_autre_erreur_pendant_la_copie_remonte_et_ne_laisse_rien(
    memory: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    def broken(path: Path, target: Path, *, encoding: str, folder: str | None = None) -> None:
        raise PermissionError(errno.EACCES, "refusé")

    monkeypatch.setattr(transcode, "utf8_copy", broken)
    with pytest.raises(PermissionError), transcode.temporary_copy(source):
        pass
    assert list(memory.iterdir()) == []


@pytest.mark.usefixtures("tiny_parts")
def test_lecture_d_un_export_windows_1252_en_parts(tmp_path: Path) -> None:
    """Le lecteur donne les mêmes valeurs, que la copie soit faite en une part ou en plusieurs."""
    rows = [
        [*row[:1], f"C{i}", *row[2:5], f"P{i}", *row[6:], f"Réhabilitation n°{i} « Œuvre »"]
        for i, row in enumerate(ROWS * 40)
    ]
    text = csv_text(rows, [*HEADER, "Opération"])
    columns = ["type_contrat", "date_debut", "heures", "operation"]
    frames = [
        read_export(path, EXPORTS["serci.heures"], columns=columns, config=Config())[0]
        for path in (write(tmp_path / "u.csv", text), write(tmp_path / "w.csv", text, "cp1252"))
    ]
    assert frames[0].height == len(rows)
    assert frames[0]["operation"][0] == "Réhabilitation n°0 « Œuvre »"
    assert frames[0].equals(frames[1])
