"""Inspection d'un classeur avant de le confier au lecteur Excel : bombes zip et grilles
démesurées.

Un classeur XLSX ou ODS est une archive zip. Deux pièges mènent à des gigaoctets de
mémoire à partir de quelques kilo-octets :

- **la bombe zip** : des données qui se décompressent en bien plus que la taille
  déclarée dans l'archive (le lecteur Excel ne s'arrête pas à cette déclaration). On
  décompresse donc chaque membre en flux, sans rien garder, et on compte les octets
  **réellement** produits ; au-delà de la limite, on s'arrête ;
- **la grille démesurée** : une seule cellule placée loin (ligne 20 000, colonne 2 000)
  suffit pour que le lecteur Excel alloue toute la grille, 40 millions de cellules. On
  relève, pendant ce même flux, la dernière ligne et la colonne la plus lointaine des
  feuilles, et on refuse une grille de plus de ``max_cells`` cellules.

Un classeur ``.xls`` (format binaire OLE) n'est pas une archive : sa taille est déjà
bornée par la limite de taille des fichiers.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from gipkit.errors import InputUnreadableError, InvalidDataError

CHUNK = 1 << 20
LOCAL_HEADER = 30
#: le numéro d'une ligne (``<row r="12">``, ``<x:row spans="1:3" r='12'>``)
_ROW = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?row(?:\s[^>]*?)?\sr=["\'](\d+)["\']')
#: la référence d'une cellule au-delà de la colonne Z (« AB12 », « XFD3 ») : un attribut
#: ``r`` précédé d'une espace, cherché par son préfixe littéral — dix fois plus rapide que
#: de partir de chaque balise ``<c`` (212 Mo de feuille : 0,17 s contre 1,75 s) ; seules
#: les cellules portent un ``r`` de lettres (celui des lignes est fait de chiffres). Un
#: texte qui contiendrait « r="AB1" » agrandirait la grille estimée : refus par excès,
#: jamais par défaut
_WIDE_CELL = re.compile(rb' r=["\']([A-Z]{2,3})[0-9]')
#: colonnes supposées quand aucune référence n'a deux lettres (A à Z)
NARROW = 26


@dataclass(frozen=True)
class WorkbookFacts:
    """Ce que l'inspection a mesuré."""

    decompressed: int  # octets réellement décompressés
    cells: int  # plus grande grille d'une feuille (lignes × colonnes)


def column_number(letters: bytes) -> int:
    """``b"A"`` -> 1, ``b"AA"`` -> 27, ``b"XFD"`` -> 16384.

    >>> column_number(b"A"), column_number(b"AA"), column_number(b"XFD")
    (1, 27, 16384)
    """
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def inspect(path: Path, *, max_bytes: int, max_cells: int) -> WorkbookFacts:
    """Décompresse chaque membre de l'archive en flux et vérifie les deux limites.

    Lève :class:`InvalidDataError` (limite dépassée) ou :class:`InputUnreadableError`
    (archive endommagée).
    """
    if not zipfile.is_zipfile(path):
        return WorkbookFacts(0, 0)
    total = 0
    widest = 0
    try:
        with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
            for info in archive.infolist():
                sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(
                    ".xml"
                )
                rows, cols = 0, 0
                for out in _members_bytes(handle, info):
                    total += len(out)
                    if total > max_bytes:
                        raise _too_big(path, total, max_bytes)
                    if sheet:
                        rows, cols = _grid(out, rows, cols)
                if sheet:
                    cells = rows * max(cols, NARROW)
                    widest = max(widest, cells)
                    if cells > max_cells:
                        raise _too_wide(path, info.filename, rows, max(cols, NARROW), max_cells)
    except (zipfile.BadZipFile, zlib.error, struct.error, OSError):
        raise InputUnreadableError(f"{path} : classeur endommagé (archive illisible).") from None
    return WorkbookFacts(total, widest)


def _members_bytes(handle: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """Les octets décompressés d'un membre, bloc par bloc, sans se fier aux tailles
    déclarées (un flux « deflate » s'arrête de lui-même)."""
    handle.seek(info.header_offset)
    header = handle.read(LOCAL_HEADER)
    if len(header) < LOCAL_HEADER or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("en-tête local")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    handle.seek(info.header_offset + LOCAL_HEADER + name_len + extra_len)
    if info.compress_type == zipfile.ZIP_STORED:
        left = info.compress_size
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile("compression inconnue")
    decoder = zlib.decompressobj(-zlib.MAX_WBITS)
    while not decoder.eof:
        data = decoder.unconsumed_tail or handle.read(CHUNK)
        if not data:
            break
        out = decoder.decompress(data, CHUNK)
        if out:
            yield out


def _grid(chunk: bytes, rows: int, cols: int) -> tuple[int, int]:
    """Dernière ligne et colonne la plus lointaine vues jusqu'ici dans une feuille."""
    # la dernière balise de ligne du bloc, quel que soit son préfixe d'espace de noms ;
    # « row » peut aussi se lire dans un texte (qui ne contient jamais « < ») : on remonte
    # jusqu'à une vraie balise
    end = len(chunk)
    while (at := chunk.rfind(b"row", 0, end)) != -1:
        match = _ROW.match(chunk, max(chunk.rfind(b"<", max(at - 64, 0), at), 0))
        if match:
            rows = max(rows, int(match.group(1)))
            break
        end = at
    for letters in set(_WIDE_CELL.findall(chunk)):
        cols = max(cols, column_number(letters))
    return rows, cols


def _too_big(path: Path, total: int, limit: int) -> InvalidDataError:
    return InvalidDataError(
        f"{path} : classeur trop volumineux une fois décompressé (plus de "
        f"{limit / 1e6:.0f} Mo réellement décompressés : archive piégée, ou très gros "
        "classeur).",
        details=[
            "exportez-le en CSV (plus rapide et sans limite de ce type), ou augmentez "
            "`limites.xlsx_decompresse_max_mo` dans gipkit.toml si ce classeur est légitime"
        ],
    )


def _too_wide(path: Path, member: str, rows: int, cols: int, limit: int) -> InvalidDataError:
    return InvalidDataError(
        f"{path} : une feuille ({member}) s'étend sur {rows} lignes et {cols} colonnes, "
        f"soit plus de {limit} cellules à charger.",
        details=[
            "une cellule isolée loin des données (mise en forme, valeur oubliée) agrandit "
            "toute la feuille : supprimez les lignes et colonnes vides au-delà des "
            "données, ou exportez en CSV ; sinon augmentez `limites.xlsx_cellules_max`"
        ],
    )
