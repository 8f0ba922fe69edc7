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

Un classeur ODS (LibreOffice) n'écrit pas la position de ses cellules mais des
répétitions : ``<table:table-row table:number-rows-repeated="20000">`` pour 20 000
lignes vides, ``table:number-columns-repeated="2000"`` pour 2 000 cellules vides. Une
valeur écrite après elles fait charger toute la grille par le lecteur (un fichier de
1,2 Ko : 3,4 Go de mémoire) ; des répétitions vides **à la fin** d'une ligne ou de la
feuille (ce qu'écrit LibreOffice pour des colonnes mises en forme) ne chargent rien. La
grille d'un ODS est donc la dernière ligne et la dernière colonne **qui ont une valeur**,
répétitions comprises (:class:`_OdsGrid`).

Une très grosse feuille XLSX, que sa dimension déclarée destine à la lecture par blocs
(:mod:`gipkit.io.sheet_xml`), n'est pas décompressée ici : cette lecture compte ses
octets et sa grille à mesure (:class:`SheetCheck`, :class:`Deferred`), avec les mêmes
limites, et toute autre lecture de la feuille finit d'abord l'inspection.

Un classeur ``.xls`` (format binaire OLE) n'est pas une archive : sa taille est déjà
bornée par la limite de taille des fichiers.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO, Final

from gipkit.errors import InputUnreadableError, InvalidDataError, count_text

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


#: ce que le lecteur Excel (calamine) tient en mémoire par cellule de la feuille qu'il
#: lit, toute la feuille quelles que soient les colonnes rendues : mesuré, 1,05 Go pour
#: 11,8 M cellules (453 750 candidatures du PLIE), 0,34 Go pour 5,2 M (200 000 lignes du
#: SERCI) — 66 à 89 octets
CELL_BYTES: Final = 80


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """``malloc_trim`` de la bibliothèque C du système, là où elle existe (glibc, Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    trim: Callable[[int], int] | None = getattr(libc, "malloc_trim", None)
    return trim


def release_freed_memory() -> None:
    """Rend au système la mémoire que le lecteur Excel a libérée.

    Le lecteur (calamine) alloue par l'allocateur du système, non par celui de polars : la
    mémoire de la feuille qu'il a construite, libérée, reste au processus (la glibc ne
    rend que le haut de son tas) et s'ajoute aux calculs qui suivent. Mesuré, `plie tout`
    à 750 fois les fixtures (453 750 candidatures) : 1,39 → 1,12-1,16 Go de pointe, pour
    quelques millisecondes. Sans effet hors de Linux et de la glibc."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


class SheetCheck:
    """Les deux limites comptées sur les octets décompressés d'une feuille XLSX, bloc
    par bloc, à mesure qu'ils arrivent : octets réellement décompressés (à partir de
    ``spent``, ceux des autres membres de l'archive) au plus ``max_bytes``, grille
    (:func:`grid_cells`, dernière ligne et colonne la plus lointaine vues jusque-là) au
    plus ``max_cells`` — refusée dès qu'elle les dépasse, sans attendre la fin de la
    feuille. Sert à l'inspection (:func:`inspect`) et à la lecture par blocs d'une
    feuille dont l'inspection lui est remise (:class:`Deferred`).

    >>> check = SheetCheck(Path("c.xlsx"), "xl/worksheets/sheet1.xml", 0, 10**6, 100)
    >>> check.feed(b'<row r="3"><c r="A3"><v>1</v></c></row>')
    >>> check.total, check.cells
    (39, 78)
    >>> check.feed(b'<row r="4"><c r="A4"><v>1</v></c></row>')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gipkit.errors.InvalidDataError: c.xlsx : ... sur 4 lignes et 26 colonnes, soit plus de 100 ...
    """

    def __init__(self, path: Path, member: str, spent: int, max_bytes: int, max_cells: int):
        self.path, self.member = path, member
        self.max_bytes, self.max_cells = max_bytes, max_cells
        self.total = spent  # octets décompressés de l'archive, cette feuille comprise
        self.rows, self.cols = 0, 0

    @property
    def cells(self) -> int:
        """La grille vue jusqu'ici."""
        return grid_cells(self.rows, self.cols)

    def feed(self, chunk: bytes) -> None:
        """Compte ``chunk``, la suite des octets de la feuille ; lève
        :class:`InvalidDataError` au-delà d'une limite."""
        self.total += len(chunk)
        if self.total > self.max_bytes:
            raise _too_big(self.path, self.total, self.max_bytes)
        self.rows, self.cols = _grid(chunk, self.rows, self.cols)
        if self.cells > self.max_cells:
            raise _too_wide(
                self.path, self.member, self.rows, max(self.cols, NARROW), self.max_cells
            )


@dataclass(frozen=True)
class Deferred:
    """Une feuille XLSX dont l'inspection est remise à sa lecture par blocs
    (:func:`gipkit.io.sheet_xml.read_columns`), qui compte ses octets et sa grille
    pendant qu'elle la décompresse (:meth:`check`) : la feuille n'est décompressée
    qu'une fois. Toute autre lecture de la feuille (le lecteur Excel, une autre feuille
    du classeur, un repli) doit d'abord finir l'inspection (:meth:`inspect`).

    Seule une feuille que sa dimension déclarée (``<dimension ref="A1:Y453751"/>``)
    destine à la lecture par blocs est remise ainsi (:func:`inspect`) : la déclaration
    ne choisit que le chemin, jamais ce qui est accepté — les limites sont comptées sur
    ce qui est réellement décompressé, comme à l'inspection."""

    path: Path
    member: str  # son nom dans l'archive
    spent: int  # octets décompressés des autres membres
    max_bytes: int
    max_cells: int

    def check(self) -> SheetCheck:
        """Le compte des limites d'une lecture de la feuille, depuis son début."""
        return SheetCheck(self.path, self.member, self.spent, self.max_bytes, self.max_cells)

    def inspect(self) -> None:
        """La feuille décompressée en flux et ses limites vérifiées, comme par
        :func:`inspect`."""
        try:
            with self.path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
                check = self.check()
                for out in _members_bytes(handle, archive.getinfo(self.member)):
                    check.feed(out)
        except (zipfile.BadZipFile, KeyError, zlib.error, struct.error, OSError):
            raise _damaged(self.path) from None


@dataclass(frozen=True)
class WorkbookFacts:
    """Ce que l'inspection a mesuré."""

    decompressed: int  # octets réellement décompressés
    cells: int  # plus grande grille d'une feuille (lignes × colonnes), déclarée pour
    # une feuille remise à sa lecture (``deferred``)
    deferred: Deferred | None = None  # la feuille dont l'inspection est remise


def column_number(letters: bytes) -> int:
    """``b"A"`` -> 1, ``b"AA"`` -> 27, ``b"XFD"`` -> 16384.

    >>> column_number(b"A"), column_number(b"AA"), column_number(b"XFD")
    (1, 27, 16384)
    """
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def grid_cells(rows: int, cols: int) -> int:
    """Les cellules que le lecteur charge pour une feuille de ``rows`` lignes dont la
    colonne la plus lointaine est ``cols`` (au moins :data:`NARROW` colonnes).

    >>> grid_cells(10, 3), grid_cells(10, 100)
    (260, 1000)
    """
    return rows * max(cols, NARROW)


def inspect(
    path: Path, *, max_bytes: int, max_cells: int, defer_above: int | None = None
) -> WorkbookFacts:
    """Décompresse chaque membre de l'archive en flux et vérifie les deux limites.

    Avec ``defer_above`` : la feuille XLSX dont la dimension déclarée dépasse
    ``defer_above`` cellules (sans dépasser ``max_cells``) n'est pas décompressée ici,
    son inspection remise à sa lecture par blocs (:class:`Deferred`) — si elle est la
    seule dans ce cas et que l'archive ne nomme pas deux membres pareil ; sa grille
    déclarée compte alors dans ``cells``. Mesuré, 453 750 candidatures (425 Mo de
    feuille) : 0,7 s d'inspection de moins.

    Lève :class:`InvalidDataError` (limite dépassée) ou :class:`InputUnreadableError`
    (archive endommagée).
    """
    if not zipfile.is_zipfile(path):
        return WorkbookFacts(0, 0)
    total = 0
    widest = 0
    deferred: tuple[zipfile.ZipInfo, int] | None = None
    try:
        with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
            if defer_above is not None:
                deferred = _to_defer(handle, infos, defer_above, max_cells)
            for info in infos:
                if deferred is not None and info is deferred[0]:
                    widest = max(widest, deferred[1])
                    continue
                if _is_sheet(info):
                    check = SheetCheck(path, info.filename, total, max_bytes, max_cells)
                    for out in _members_bytes(handle, info):
                        check.feed(out)
                    total, widest = check.total, max(widest, check.cells)
                    continue
                ods = _OdsGrid() if info.filename == "content.xml" else None
                for out in _members_bytes(handle, info):
                    total += len(out)
                    if total > max_bytes:
                        raise _too_big(path, total, max_bytes)
                    if ods is not None:
                        ods.feed(out)
                if ods is not None:
                    if ods.open_sheets != 0:
                        raise _damaged(path, "une feuille n'est pas refermée : fichier coupé ?")
                    rows, cols = ods.last_row, ods.last_column
                    cells = grid_cells(rows, cols)
                    widest = max(widest, cells)
                    if cells > max_cells:
                        raise _too_wide(path, info.filename, rows, max(cols, NARROW), max_cells)
    except (zipfile.BadZipFile, zlib.error, struct.error, OSError):
        raise _damaged(path) from None
    if deferred is None:
        return WorkbookFacts(total, widest)
    later = Deferred(path, deferred[0].filename, total, max_bytes, max_cells)
    return WorkbookFacts(total, widest, later)


def _damaged(path: Path, why: str = "archive illisible") -> InputUnreadableError:
    return InputUnreadableError(f"{path} : classeur endommagé ({why}).")


def _is_sheet(info: zipfile.ZipInfo) -> bool:
    """Une feuille XLSX (``xl/worksheets/….xml``)."""
    return info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")


def _to_defer(
    handle: BinaryIO, infos: list[zipfile.ZipInfo], above: int, max_cells: int
) -> tuple[zipfile.ZipInfo, int] | None:
    """La seule feuille dont la grille déclarée dépasse ``above`` cellules sans dépasser
    ``max_cells`` (celle d'au-delà est inspectée tout de suite, refusée si elle le
    mérite), et cette grille ; ``None`` si aucune ou plusieurs, ou si deux membres de
    l'archive portent le même nom (la lecture par blocs ouvre un membre par son nom)."""
    if len({info.filename for info in infos}) != len(infos):
        return None
    found = []
    for info in infos:
        if _is_sheet(info):
            cells = _declared_cells(handle, info)
            if cells is not None and above < cells <= max_cells:
                found.append((info, cells))
    return found[0] if len(found) == 1 else None


#: la dimension déclarée d'une feuille, sa dernière cellule : ``<dimension ref="A1:Y453751"/>``
_DIMENSION = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref=["\'](?:[A-Z]{1,3}[0-9]+:)?([A-Z]{1,3})([0-9]+)["\']'
)


def _declared_cells(handle: BinaryIO, info: zipfile.ZipInfo) -> int | None:
    """La grille que la feuille déclare (:data:`_DIMENSION`, dans ses
    :data:`_PEEK_CHUNK` premiers octets décompressés), ``None`` sans déclaration."""
    head = b""
    with closing(_members_bytes(handle, info)) as chunks:
        for out in chunks:
            head += out
            if len(head) >= _PEEK_CHUNK:
                break
    found = _DIMENSION.search(head, 0, _PEEK_CHUNK)
    if found is None:
        return None
    return grid_cells(int(found.group(2)), column_number(found.group(1)))


def _members_bytes(handle: BinaryIO, info: zipfile.ZipInfo) -> Generator[bytes]:
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


#: le nom local ``table-row`` d'une balise de ligne (début, fin ou vide) ou ``table``
#: d'une feuille, quel que soit le préfixe d'espace de noms ; cherché par son texte
#: littéral (rapide), la balise est retrouvée ensuite
_ODS_ROW = re.compile(rb"table(-row)?[\s/>]")
_ODS_ROWS_REPEATED = re.compile(rb'number-rows-repeated\s*=\s*["\'](\d+)')
_ODS_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated\s*=\s*["\'](\d+)')
#: un paragraphe de texte (une valeur sans type déclaré)
_ODS_PARAGRAPH = re.compile(rb"<(?:[\w.-]+:)?p[\s/>]")


class _OdsGrid:
    """La grille que charge le lecteur d'un ``content.xml`` d'ODS, lu par blocs : la
    dernière ligne et la dernière colonne qui portent une valeur, répétitions comprises
    (au moins : un texte ou un type de valeur compte pour une valeur — refus par
    excès, jamais par défaut). Seules les lignes qui ont une valeur sont mesurées, sans
    parcourir leurs cellules en Python : les cellules et les répétitions qui précèdent
    la dernière valeur de la ligne (sa propre balise comprise) sont comptées par
    ``bytes.count`` sous le préfixe de la ligne et une expression régulière pour les
    répétitions, quel que soit leur préfixe (une cellule d'un autre préfixe n'est pas
    comptée, ses répétitions le sont : seules elles agrandissent la grille sans en
    écrire les octets). Mesuré : 311 Mo de feuille, 100 000 lignes, ~1,9 s dont 0,4 s de
    décompression.

    >>> cell = b'<table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell>'
    >>> empty = b'<table:table-cell table:number-columns-repeated="1000"/>'
    >>> g = _OdsGrid()
    >>> g.feed(b'<table:table table:name="Export">')
    >>> g.feed(b"<table:table-row>" + cell + empty + b"</table:table-row>")
    >>> g.feed(b'<table:table-row table:number-rows-repeated="500">' + empty)
    >>> g.feed(b"</table:table-row>")
    >>> (g.last_row, g.last_column)
    (1, 1)
    >>> g.feed(b"<table:table-row>" + cell + empty + cell + b"</table:table-row>")
    >>> (g.last_row, g.last_column)
    (502, 1002)
    >>> texte = cell.replace(b">a<", b">une table-row >a<")  # un texte, pas une balise
    >>> g.feed(b"<table:table-row>" + texte + b"</table:table-row>")
    >>> (g.rows, g.last_row, g.last_column)
    (503, 503, 1002)
    >>> valeurs = b'<table:table-cell office:value-type="float" '
    >>> valeurs += b'table:number-columns-repeated="3000"/>'  # une valeur répétée
    >>> g.feed(b"<table:table-row>" + valeurs + b"</table:table-row>")
    >>> (g.last_row, g.last_column)
    (504, 3000)
    >>> g.feed(b'</table:table><table:table table:name="table 2">')  # une autre feuille
    >>> g.feed(b"<table:table-row>" + cell + b"</table:table-row>")
    >>> (g.rows, g.last_row, g.last_column, g.open_sheets)
    (1, 504, 3000, 1)
    >>> g.feed(b"</table:table>")  # refermée : un reste à la fin dit un fichier coupé
    >>> g.open_sheets
    0
    """

    def __init__(self) -> None:
        #: feuilles ouvertes et pas encore refermées : à la fin, un reste (fichier coupé,
        #: balise de fin abîmée) fait tourner le lecteur ODS sans fin (calamine)
        self.open_sheets = 0
        self.rows = 0  # lignes lues de la feuille en cours, répétitions comprises
        self.last_row = 0  # de la plus grande feuille vue (:meth:`_sheet`)
        self.last_column = 0
        self._row_now = 0  # ceux de la feuille en cours
        self._column_now = 0
        self._pending = b""
        self._repeat = 1  # répétitions de la ligne ouverte
        self._open = False
        self._cell = b"<table:table-cell"  # le début d'une cellule, au préfixe de la ligne

    def feed(self, chunk: bytes) -> None:
        data = self._pending + chunk
        body_start = 0 if self._open else -1
        done = 0  # octets traités : le reste attend le bloc suivant
        for match in _ODS_ROW.finditer(data):
            tag = data.rfind(b"<", 0, match.start())
            close = data.find(b">", match.start())
            if tag == -1 or close == -1:
                break  # balise coupée par la fin du bloc
            if data[match.start() - 1 : match.start()] not in (b":", b"<", b"/") or (
                data.find(b">", tag, match.start()) != -1
            ):
                continue  # « table-row » dans un texte ou un autre nom, pas une balise
            head = data[tag : close + 1]
            if match.group(1) is None:  # une feuille : chacune est lue seule
                if head.startswith(b"</"):
                    self.open_sheets -= 1
                else:
                    self.rows, self._row_now, self._column_now = 0, 0, 0
                    if not head.endswith(b"/>"):  # une feuille vide se referme d'elle-même
                        self.open_sheets += 1
                done = close + 1
                continue
            if head.startswith(b"</"):
                if self._open:
                    self._row(data, body_start, tag)
                self._open = False
            else:
                repeated = _ODS_ROWS_REPEATED.search(head)
                self._repeat = int(repeated.group(1)) if repeated else 1
                self._cell = head[: match.start() - tag] + b"table-cell"
                if head.endswith(b"/>"):
                    self.rows += self._repeat
                    self._open = False
                else:
                    self._open, body_start = True, close + 1
            done = close + 1
        if self._open:
            # une ligne ouverte garde son contenu lu pour le bloc suivant
            self._pending = data[body_start:]
            return
        self._pending = data[done:]

    def _row(self, data: bytes, start: int, end: int) -> None:
        """Une ligne (son contenu : ``data[start:end]``), répétitions comprises."""
        self.rows += self._repeat
        covered = self._cell.replace(b"table-cell", b"covered-table-cell")
        last = data.rfind(b"value-type=", start, end)
        for paragraph in _ODS_PARAGRAPH.finditer(data, max(last, start), end):
            last = paragraph.start()
        if last == -1:
            return  # aucune valeur : la ligne ne compte que si une autre suit
        # jusqu'à la fin de la balise de la dernière valeur : ses propres répétitions
        # comptent, même écrites après son type (une valeur répétée 2 000 fois)
        tag_end = data.find(b">", last, end)
        last = end if tag_end == -1 else tag_end
        columns = (
            data.count(self._cell, start, last)
            + data.count(covered, start, last)
            + sum(int(n) - 1 for n in _ODS_COLUMNS_REPEATED.findall(data, start, last))
        )
        self._row_now = self.rows
        self._column_now = max(self._column_now, columns)
        self._sheet()

    def _sheet(self) -> None:
        """Garde la feuille en cours si sa grille est la plus grande vue (le lecteur ne
        charge qu'une feuille : les grilles ne s'additionnent pas)."""
        now = grid_cells(self._row_now, self._column_now)
        if now >= grid_cells(self.last_row, self.last_column):
            self.last_row, self.last_column = self._row_now, self._column_now


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
        f"{path} : une feuille ({member}) s'étend sur {count_text(rows)} lignes et "
        f"{count_text(cols)} colonnes, soit plus de {count_text(limit)} cellules à charger.",
        details=[
            "une cellule isolée loin des données (mise en forme, valeur oubliée) agrandit "
            "toute la feuille : supprimez les lignes et colonnes vides au-delà des "
            "données, ou exportez en CSV ; sinon augmentez `limites.xlsx_cellules_max`"
        ],
    )


#: lu par blocs dans une feuille ou ses textes partagés, pour n'en analyser que le début
_PEEK_CHUNK = 1 << 16


def local_name(tag: str) -> str:
    """Le nom d'une balise sans son espace de noms (OOXML de transition ou strict)."""
    return tag.rpartition("}")[2]


def _attribute(element: ET.Element, name: str) -> str | None:
    """L'attribut ``name`` d'un élément, quel que soit son espace de noms."""
    for key, value in element.attrib.items():
        if local_name(key) == name:
            return value
    return None


def head_rows(
    path: Path, sheet: int, count: int, deferred: Deferred | None = None
) -> list[list[str]] | None:
    """Les ``count`` premières lignes de la feuille ``sheet`` (sa position dans le
    classeur, à partir de 0) d'un XLSX, lues dans le XML de la feuille sans le lecteur
    Excel : à partir de la première ligne qui a une valeur (comme le lecteur), une
    liste de textes par ligne, la colonne A en premier, une ligne sans valeur vide.

    Sert à trouver la ligne d'en-tête avant la lecture, pour ne demander au lecteur que
    les colonnes utiles (:func:`gipkit.io.sheets.read_workbook`) ; un texte partagé est
    cherché dans ``xl/sharedStrings.xml``, lu jusqu'au dernier dont ces lignes ont
    besoin. ``None`` si le classeur n'est pas un XLSX lisible ainsi (ODS, XLS, archive ou
    XML inattendus) : la lecture se fait alors sans ce choix. Les nombres, dates et
    booléens y restent tels qu'écrits dans le XML (le lecteur les rend autrement) : seuls
    les textes servent à reconnaître l'en-tête, et le lecteur vérifie qu'il rend la même
    ligne d'en-tête.

    Avec ``deferred`` (la feuille dont l'inspection est remise à sa lecture), les octets
    lus de la feuille sont comptés (:meth:`Deferred.check`) ; ``None`` pour une autre
    feuille.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            rels = relations(archive)
            target = sheet_target(archive, rels, sheet)
            if target is None or (deferred is not None and deferred.member != target):
                return None
            check = None if deferred is None else deferred.check()
            cells = _head_cells(archive, target, count, check)
            wanted = {int(v) for row in cells for kind, v in row.values() if kind == "s"}
            strings = _shared_strings(archive, rels, max(wanted)) if wanted else []
    except (zipfile.BadZipFile, ET.ParseError, KeyError, ValueError, OSError, zlib.error):
        return None
    rows: list[list[str]] = []
    for row in cells:
        width = max(row, default=-1) + 1
        line = [""] * width
        for column, (kind, value) in row.items():
            line[column] = strings[int(value)] if kind == "s" else value
        rows.append(line)
    return rows


def relations(archive: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """Les relations du classeur (``xl/_rels/workbook.xml.rels``) : (identifiant, type,
    membre de l'archive visé)."""
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    return [
        (rel.get("Id", ""), rel.get("Type", ""), _member(rel.get("Target", "")))
        for rel in rels.iter()
        if local_name(rel.tag) == "Relationship"
    ]


def sheet_target(
    archive: zipfile.ZipFile, relations: list[tuple[str, str, str]], sheet: int
) -> str | None:
    """Le membre de l'archive qui porte la feuille à la position ``sheet``."""
    book = ET.fromstring(archive.read("xl/workbook.xml"))
    ids = [_attribute(e, "id") for e in book.iter() if local_name(e.tag) == "sheet"]
    if not 0 <= sheet < len(ids) or ids[sheet] is None:
        return None
    return next((member for ident, _, member in relations if ident == ids[sheet]), None)


def sheet_member(path: Path, sheet: int) -> str | None:
    """Le membre de l'archive qui porte la feuille à la position ``sheet`` d'un XLSX,
    ``None`` s'il ne se trouve pas."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sheet_target(archive, relations(archive), sheet)
    except (zipfile.BadZipFile, ET.ParseError, KeyError, ValueError, OSError, zlib.error):
        return None


def _member(target: str) -> str:
    """Le nom dans l'archive d'une cible de ``workbook.xml.rels`` (relative à ``xl/``,
    ou absolue)."""
    parts: list[str] = []
    for part in (target[1:] if target.startswith("/") else f"xl/{target}").split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _elements(
    archive: zipfile.ZipFile, member: str, check: SheetCheck | None = None
) -> Iterator[ET.Element]:
    """Les éléments du membre XML ``member``, chacun une fois lu en entier, par blocs
    (chacun compté par ``check``) : la lecture s'arrête quand l'appelant n'en demande
    plus."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("end",))
    with archive.open(member) as handle:
        while chunk := handle.read(_PEEK_CHUNK):
            if check is not None:
                check.feed(chunk)
            parser.feed(chunk)
            for event in parser.read_events():
                element = event[1] if isinstance(event, tuple) and len(event) == 2 else None
                if isinstance(element, ET.Element):
                    yield element


def _head_cells(
    archive: zipfile.ZipFile, member: str, count: int, check: SheetCheck | None = None
) -> list[dict[int, tuple[str, str]]]:
    """Les cellules à valeur des ``count`` premières lignes (à partir de la première qui
    a une valeur) : par ligne, colonne -> (type, texte) ; le type ``s`` désigne un texte
    partagé par son numéro."""
    rows: list[dict[int, tuple[str, str]]] = []
    first: int | None = None
    number = 0
    for element in _elements(archive, member, check):
        if local_name(element.tag) != "row":
            continue
        written = element.get("r")
        number = int(written) if written else number + 1
        cells = _row_cells(element)
        element.clear()
        if first is None:
            if not cells:
                continue
            first = number
        if number - first >= count:  # des lignes sans valeur jusqu'à ``count``
            rows.extend({} for _ in range(count - len(rows)))
            return rows
        rows.extend({} for _ in range(number - first - len(rows)))
        rows.append(cells)
        if len(rows) >= count:
            return rows
    return rows


def _row_cells(row: ET.Element) -> dict[int, tuple[str, str]]:
    """Les cellules à valeur d'une ligne : colonne (0 pour A) -> (type, texte)."""
    cells: dict[int, tuple[str, str]] = {}
    column = -1
    for cell in row:
        if local_name(cell.tag) != "c":
            continue
        ref = cell.get("r")
        letters = ref.rstrip("0123456789") if ref else ""
        column = column_number(letters.encode()) - 1 if letters else column + 1
        kind = cell.get("t", "n")
        value: str | None = None
        for part in cell:
            name = local_name(part.tag)
            if name == "v":
                value = part.text or ""
            elif name == "is":
                value = _text_of(part)
        if value is not None:
            cells[column] = ("s" if kind == "s" else "v", value)
    return cells


def _text_of(item: ET.Element) -> str:
    """Le texte d'un texte riche (``<si>``, ``<is>``) : ses ``<t>`` et ceux de ses
    ``<r>``, sans la prononciation (``<rPh>``)."""
    out: list[str] = []
    for part in item:
        name = local_name(part.tag)
        if name == "t":
            out.append(part.text or "")
        elif name == "r":
            out.extend(t.text or "" for t in part if local_name(t.tag) == "t")
    return "".join(out)


def shared_strings_member(relations: list[tuple[str, str, str]]) -> str:
    """Le membre de l'archive qui porte les textes partagés (``xl/sharedStrings.xml``
    sauf relation qui en désigne un autre)."""
    return next(
        (m for _, kind, m in relations if kind.endswith("/sharedStrings")),
        "xl/sharedStrings.xml",
    )


def _shared_strings(
    archive: zipfile.ZipFile, relations: list[tuple[str, str, str]], last: int
) -> list[str]:
    """Les textes partagés du classeur, du premier au numéro ``last`` compris."""
    strings: list[str] = []
    for element in _elements(archive, shared_strings_member(relations)):
        if local_name(element.tag) == "si":
            strings.append(_text_of(element))
            element.clear()
            if len(strings) > last:
                return strings
    raise ValueError("texte partagé introuvable")
