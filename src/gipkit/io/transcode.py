"""Copie UTF-8 d'un export qui n'est pas en UTF-8 ; en Windows-1252, par morceaux sur
plusieurs cœurs.

polars ne lit que l'UTF-8 : un export Windows-1252 (ou UTF-16, « Texte Unicode »
d'Excel) est d'abord recopié en UTF-8 dans un fichier temporaire privé. Les codecs de
Python décodent et réencodent en tenant le verrou global de l'interpréteur : dans un
seul processus, la copie n'occupe qu'un cœur (1,1 s de calcul pour 630 Mo, plus
l'écriture). Windows-1252 code chaque caractère sur un octet et sans état : toute
coupure du fichier tombe entre deux caractères, et le morceau se décode seul. Le
fichier est donc coupé en parts égales ; le processus principal recopie la première,
un processus auxiliaire par autre part — ce même module lancé comme script,
``python -I transcode.py source début fin cible``, qui n'importe que la bibliothèque
standard et démarre en quelques dizaines de millisecondes — puis
les parts sont mises bout à bout, dans l'ordre, dans la copie. Un encodage à plusieurs
octets ou à état (UTF-16) est recopié d'un bloc, par un décodeur incrémental.

La copie va, sous Linux, dans le dossier en mémoire ``/dev/shm`` quand il a deux fois
la place du fichier et qu'aucune variable ``TMPDIR``, ``TEMP`` ou ``TMP`` ne désigne un
autre dossier : la copie de données personnelles n'est jamais écrite sur le disque, et
son écriture ne coûte plus le vidage vers le disque (mesuré : 0,5 à 0,7 s pour 630 Mo
sur la machine de mesure). Si la place vient à manquer pendant la copie, elle est
refaite dans le dossier temporaire du système.

Un processus auxiliaire qui ne démarre pas ou échoue ne change rien au résultat : sa
part est alors recopiée par le processus principal. Aucun processus ne se lance sous
``PART_MIN_BYTES`` par part, ni quand l'interpréteur n'est pas connu (application
figée). Un octet que Windows-1252 ne définit pas fait échouer la copie
(``UnicodeDecodeError``) ; le lecteur dit alors l'erreur du passage sur le fichier fait
pendant la copie, ligne comprise (:func:`gipkit.io.sniff.scan_and_digest`).
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

#: l'encodage recopié par parts (``sniff.CP1252`` : ce module n'importe rien de gipkit,
#: pour que le processus auxiliaire démarre vite)
ENCODING = "cp1252"
CHUNK = 8 * 1024 * 1024
#: taille minimale d'une part confiée à un processus auxiliaire
PART_MIN_BYTES = 32 * 1024 * 1024
#: nombre maximal de parts (processus principal compris)
MAX_PARTS = 4
#: blocs de suite où le raccourci Latin-1 échoue avant d'y renoncer pour une part
GIVE_UP = 2
#: un caractère U+0080 à U+009F écrit en UTF-8 (:func:`latin1_as_cp1252`)
_C1_IN_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
#: dossier en mémoire (tmpfs) des systèmes Linux
MEMORY_DIR = Path("/dev/shm")


@contextmanager
def temporary_copy(path: Path, encoding: str = ENCODING) -> Iterator[Path]:
    """Copie UTF-8 privée (droits 0600) de ``path``, écrit en ``encoding``, supprimée à
    la sortie du bloc."""
    memory = memory_dir(path.stat().st_size)
    for folder in (memory, None) if memory else (None,):
        fd, name = tempfile.mkstemp(prefix="gipkit-", suffix=".csv", dir=folder)
        os.close(fd)
        copy = Path(name)
        try:
            utf8_copy(path, copy, encoding=encoding, folder=folder)
        except BaseException as exc:
            # la copie commencée (des données personnelles) ne reste pas, quoi qui l'ait
            # arrêtée : la place qui manque en mémoire (refaite sur le disque), un octet
            # que l'encodage ne définit pas, une interruption
            copy.unlink(missing_ok=True)
            if isinstance(exc, OSError) and folder is not None and exc.errno == errno.ENOSPC:
                continue
            raise
        try:
            yield copy
        finally:
            copy.unlink(missing_ok=True)
        return


def memory_dir(size: int) -> str | None:
    """``/dev/shm`` s'il existe, est à nous d'écrire et a deux fois ``size`` octets libres.

    ``None`` (dossier temporaire du système) sinon, ou quand l'utilisateur a désigné
    son dossier temporaire par ``TMPDIR``, ``TEMP`` ou ``TMP``.
    """
    if any(os.environ.get(name) for name in ("TMPDIR", "TEMP", "TMP")):
        return None
    try:
        stats = os.statvfs(MEMORY_DIR)
    except (AttributeError, OSError):  # pas de statvfs (Windows) ou pas de dossier
        return None
    free = stats.f_bavail * stats.f_frsize
    if free < 2 * size or not os.access(MEMORY_DIR, os.W_OK | os.X_OK):
        return None
    return str(MEMORY_DIR)


def copy_range(source: BinaryIO, start: int, end: int, target: BinaryIO) -> None:
    """Écrit dans ``target`` les octets ``[start, end)`` de ``source``, décodés, en UTF-8.

    Chaque bloc passe d'abord par :func:`latin1_as_cp1252` ; après ``GIVE_UP`` blocs de
    suite où ce raccourci a échoué (un export plein d'apostrophes typographiques ou de
    « œ »), le reste de la part est décodé directement en Windows-1252.
    """
    source.seek(start)
    left = end - start
    misses = 0
    while left > 0:
        chunk = source.read(min(CHUNK, left))
        if not chunk:
            break
        left -= len(chunk)
        fast = latin1_as_cp1252(chunk) if misses < GIVE_UP else None
        misses = 0 if fast is not None else misses + 1
        target.write(fast if fast is not None else chunk.decode(ENCODING).encode("utf-8"))


def latin1_as_cp1252(chunk: bytes) -> bytes | None:
    """``chunk`` (Windows-1252) en UTF-8 par le décodeur Latin-1, ou ``None`` s'il a un
    caractère où les deux encodages diffèrent.

    Windows-1252 et Latin-1 ne diffèrent que par les octets 0x80 à 0x9F (« ’ », « € »,
    « œ »…), que Latin-1 lit comme des caractères de contrôle U+0080 à U+009F, écrits
    ``C2 80`` à ``C2 9F`` en UTF-8 ; aucun autre caractère ne s'écrit ainsi : s'ils sont
    absents du résultat, il est exactement celui de Windows-1252. Le décodeur Latin-1 de
    Python copie les octets là où celui de Windows-1252 consulte une table pour chacun
    (mesuré sur l'export de 2 M lignes, 628 Mo : 0,69 s au lieu de 1,05 s, vérification
    comprise) ; la recherche de ``C2`` suivi de 0x80-0x9F part de l'octet ``C2`` (préfixe
    littéral), rapide même quand des espaces insécables (``C2 A0``) sont partout.

    >>> latin1_as_cp1252("Créteil".encode("cp1252")).decode()
    'Créteil'
    >>> latin1_as_cp1252("main-d’œuvre".encode("cp1252")) is None
    True
    """
    out = chunk.decode("latin-1").encode("utf-8")
    if b"\xc2" in out and _C1_IN_UTF8.search(out):
        return None
    return out


def cuts(size: int, cores: int | None) -> list[int]:
    """Bornes des parts, ``[0, …, size]`` : une part par cœur, d'au moins ``PART_MIN_BYTES``.

    >>> cuts(100, 4)
    [0, 100]
    >>> cuts(3 * PART_MIN_BYTES, 2) == [0, 3 * PART_MIN_BYTES // 2, 3 * PART_MIN_BYTES]
    True
    """
    parts = max(1, min(cores or 1, MAX_PARTS, size // max(PART_MIN_BYTES, 1)))
    return [size * i // parts for i in range(parts + 1)]


def utf8_copy(
    path: Path,
    target: Path,
    *,
    encoding: str = ENCODING,
    cores: int | None = None,
    folder: str | None = None,
) -> None:
    """Recopie ``path`` en UTF-8 dans ``target`` ; en Windows-1252, par parts en parallèle.

    ``cores`` : nombre de cœurs à employer (par défaut, ceux de la machine) ; ``folder`` :
    dossier des parts recopiées par les processus auxiliaires. Le résultat
    est le même octet pour octet que ``path.read_bytes().decode(encoding).encode("utf-8")``,
    quel que soit le nombre de parts et même si un processus auxiliaire échoue.
    """
    # importé ici : lancé comme script, ce module n'importe que la bibliothèque standard
    from gipkit.io.processes import available_cores

    if encoding != ENCODING:
        _decoded_copy(path, target, encoding)
        return
    (first_start, first_end), *others = pairwise(
        cuts(path.stat().st_size, available_cores() if cores is None else cores)
    )
    helpers: list[tuple[subprocess.Popen[bytes] | None, Path]] = []
    try:
        for start, end in others:
            fd, name = tempfile.mkstemp(prefix="gipkit-", suffix=".part", dir=folder)
            os.close(fd)
            helpers.append((_start_helper(path, start, end, Path(name)), Path(name)))
        with target.open("wb") as out, path.open("rb") as src:
            copy_range(src, first_start, first_end, out)
            for (helper, part), (start, end) in zip(helpers, others, strict=True):
                if helper is None or helper.wait() != 0:
                    copy_range(src, start, end, out)
                    continue
                with part.open("rb") as done:
                    _append(done, out)
    finally:
        for helper, part in helpers:
            if helper is not None and helper.poll() is None:
                helper.kill()
                helper.wait()
            part.unlink(missing_ok=True)


def _decoded_copy(path: Path, target: Path, encoding: str) -> None:
    """Recopie d'un bloc, pour un encodage qu'une coupure quelconque peut trancher."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with target.open("wb") as out, path.open("rb") as src:
        while chunk := src.read(CHUNK):
            out.write(decoder.decode(chunk).encode("utf-8"))
        out.write(decoder.decode(b"", final=True).encode("utf-8"))


def _start_helper(path: Path, start: int, end: int, part: Path) -> subprocess.Popen[bytes] | None:
    """Lance la recopie de ``[start, end)`` dans ``part`` ; ``None`` si c'est impossible."""
    from gipkit.io.processes import can_start_python

    if not can_start_python():
        return None
    try:
        return subprocess.Popen(
            [sys.executable, "-I", __file__, str(path), str(start), str(end), str(part)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None


def _append(part: BinaryIO, out: BinaryIO) -> None:
    """Ajoute ``part`` au bout de ``out`` : dans le noyau quand le système le permet.

    Le tampon de ``out`` est vidé d'abord ; ensuite, ``out`` écrit à la position du
    descripteur, que la copie du noyau a avancée.
    """
    out.flush()
    size = os.fstat(part.fileno()).st_size
    done = 0
    if hasattr(os, "copy_file_range"):
        try:
            while done < size:
                copied = os.copy_file_range(part.fileno(), out.fileno(), size - done)
                if copied == 0:
                    break
                done += copied
        except OSError:
            pass
    part.seek(done)
    shutil.copyfileobj(part, out, CHUNK)


def _main(argv: list[str]) -> int:
    """Point d'entrée du processus auxiliaire : ``source début fin cible``."""
    source, start, end, part = argv
    with open(source, "rb") as src, open(part, "wb") as out:
        copy_range(src, int(start), int(end), out)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
