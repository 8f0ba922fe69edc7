"""Premier passage sur un fichier : empreinte, limites, encodage, dialecte CSV.

Un seul passage en blocs (mémoire constante) calcule le SHA-256, vérifie la
longueur des lignes et repère le premier octet non ASCII pour décider entre
UTF-8 et Windows-1252. On ne décode jamais en latin-1 ni en « utf8-lossy » :
deux libellés différents deviendraient silencieusement le même.

Pour un CSV, le lecteur ne vérifie d'abord que le premier bloc (:func:`scan_file`,
``head_only``) ; le passage entier, qui calcule aussi le SHA-256
(:func:`scan_and_digest`), se fait pendant que polars lit le fichier, et le lecteur
attend son verdict avant de rendre quoi que ce soit (:mod:`gipkit.io.reader`).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gipkit.errors import InputUnreadableError, InvalidDataError, os_reason

CHUNK = 8 * 1024 * 1024
HEAD = 1024 * 1024
UTF8 = "utf-8"
CP1252 = "cp1252"
UTF16 = "utf-16"
BOM = codecs.BOM_UTF8
#: octets que Windows-1252 ne définit pas : leur présence exclut cet encodage
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
CP1252_UNDEFINED_BYTES = tuple(bytes([b]) for b in sorted(CP1252_UNDEFINED))
#: des accents encodés deux fois en UTF-8 (un fichier UTF-8 lu en Windows-1252, puis
#: réenregistré en UTF-8) : « Ã© » pour « é » (et « Ã¨ », « Ã  »…), « Ã‰ » pour « É » —
#: des suites qu'un texte français n'écrit pas. Toutes ont l'octet 0x83, rare dans un
#: texte français en UTF-8 : cherché d'abord (memchr, 0,2 ms pour 8 Mo), il évite le
#: plus souvent les recherches des suites (14 ms pour 8 Mo, sur les accents justes :
#: 1 s de processeur pour 600 Mo, mesuré, au passage qui dispute les cœurs à polars)
DOUBLE_ENCODED = (b"\xc3\x83\xc2", b"\xc3\x83\xe2\x80")
DELIMITERS = (";", ",", "\t")
#: lignes du haut d'un fichier où chercher la ligne d'en-tête
HEADER_SEARCH = 30
NON_ASCII = re.compile(rb"[\x80-\xff]")


@dataclass(frozen=True)
class FileFacts:
    """Ce que le premier passage a appris d'un fichier."""

    path: Path
    size: int
    encoding: str
    has_bom: bool
    #: tout le fichier a été vérifié (sinon son premier bloc seulement : ``head_only``)
    complete: bool = True
    #: des accents encodés deux fois (:data:`DOUBLE_ENCODED`) dans un fichier UTF-8
    double_encoded: bool = False


def sha256_of(path: Path) -> str:
    """Empreinte SHA-256 du fichier, lu par blocs (mémoire constante).

    hashlib relâche le verrou global de Python : le lecteur la calcule dans un fil
    d'exécution à part, pendant que polars lit le fichier.
    """
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class CsvDialect:
    """Dialecte d'un CSV : séparateur, lignes d'en-tête à sauter, en-tête lu."""

    delimiter: str
    skip_lines: int
    header: tuple[str, ...]


def line_at(path: Path, offset: int) -> int:
    """Numéro de ligne physique (1 = première) de l'octet ``offset`` ; chemin d'erreur seulement."""
    lines = 1
    with path.open("rb") as handle:
        while offset > 0:
            chunk = handle.read(min(CHUNK, offset))
            if not chunk:
                break
            lines += chunk.count(b"\n")
            offset -= len(chunk)
    return lines


def scan_and_digest(path: Path, *, max_bytes: int, max_line: int) -> tuple[FileFacts, str]:
    """:func:`scan_file` sur tout le fichier et son empreinte SHA-256, en un seul passage :
    les blocs lus pour l'une servent à l'autre (hashlib relâche le verrou global de
    Python : le lecteur fait ce passage dans un fil d'exécution à part, pendant que
    polars lit le fichier)."""
    digest = hashlib.sha256()
    facts = _scan(path, max_bytes=max_bytes, max_line=max_line, digest=digest)
    return facts, digest.hexdigest()


def scan_file(
    path: Path, *, max_bytes: int, max_line: int, text: bool = True, head_only: bool = False
) -> FileFacts:
    """Vérifie taille et longueur des lignes, détecte l'encodage, en un passage par blocs.

    Avec ``text=False`` (classeur binaire), seule la taille compte. Avec ``head_only``,
    le premier bloc (8 Mo) seulement, s'il est en ASCII, en UTF-8 ou en Windows-1252
    (``complete`` dit si tout le fichier a été vu) : le reste est vérifié pendant la
    lecture (:func:`scan_and_digest`), qui peut encore trouver un fichier Windows-1252
    au-delà d'un début tout en ASCII, ou un octet que Windows-1252 ne définit pas (la
    copie en UTF-8 le refuse aussi : le lecteur dit alors l'erreur de ce passage). Un
    début en UTF-16 fait vérifier tout le fichier d'emblée.

    Un fichier qui commence par le BOM UTF-16 (« Texte Unicode » d'Excel) est lu en UTF-16.
    Lève :class:`InvalidDataError` si le fichier dépasse une limite ou n'est
    ni en UTF-8, ni en Windows-1252, ni en UTF-16 avec BOM.
    """
    return _scan(path, max_bytes=max_bytes, max_line=max_line, text=text, head_only=head_only)


def _scan(
    path: Path,
    *,
    max_bytes: int,
    max_line: int,
    text: bool = True,
    head_only: bool = False,
    digest: hashlib._Hash | None = None,
) -> FileFacts:
    """:func:`scan_file` ; ``digest`` reçoit chaque bloc lu (:func:`scan_and_digest`)."""
    try:
        size = path.stat().st_size
        handle = path.open("rb")
    except FileNotFoundError:
        raise InputUnreadableError(f"{path} : fichier introuvable.") from None
    except IsADirectoryError:
        raise InputUnreadableError(f"{path} : c'est un dossier, pas un fichier.") from None
    except OSError as exc:
        raise InputUnreadableError(f"{path} : fichier illisible ({os_reason(exc)}).") from None
    if size > max_bytes:
        raise InvalidDataError(
            f"{path} : fichier trop volumineux ({size / 1e6:.0f} Mo, limite "
            f"{max_bytes / 1e6:.0f} Mo).",
            details=[
                "augmentez `limites.taille_max_mo` dans gipkit.toml si ce fichier est légitime"
            ],
        )
    encoding: str | None = None
    has_bom = double = False
    window = max(max_line // 2, 1)
    offset = 0  # octets lus avant le bloc courant
    carry = 0  # octets sans saut de ligne à la fin du bloc précédent
    decoder = codecs.getincrementaldecoder(UTF8)()
    with handle:
        first = True
        while True:
            chunk = handle.read(CHUNK)
            if not chunk:
                break
            if digest is not None:
                digest.update(chunk)
            if not text:
                break
            if first:
                has_bom = chunk.startswith(BOM)
                if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    # « Texte Unicode (*.txt) » d'Excel : UTF-16 avec BOM, tabulations
                    encoding = UTF16
                if b"\r" in chunk and b"\n" not in chunk:
                    # « CSV Macintosh » d'Excel pour Mac : des lignes finies par un retour
                    # chariot seul, que polars ne sépare pas (tout le fichier serait une
                    # seule ligne, à l'en-tête illisible)
                    raise InvalidDataError(
                        f"{path} : lignes terminées par un retour chariot seul (format « CSV "
                        "Macintosh ») : gipkit attend des fins de ligne Windows ou Unix.",
                        details=["réenregistrez le fichier en « CSV UTF-8 » depuis votre tableur"],
                    )
                first = False
            carry = _check_lines(chunk, carry, window, max_line, path, offset)
            if encoding is None and not chunk.isascii():
                encoding = _decide_encoding(chunk, decoder)
            if not double and encoding == UTF8:
                double = b"\x83" in chunk and any(mark in chunk for mark in DOUBLE_ENCODED)
            # cinq recherches d'un octet (memchr) : 100 fois plus rapide que de parcourir
            # le bloc octet par octet en Python
            if encoding == CP1252 and any(b in chunk for b in CP1252_UNDEFINED_BYTES):
                bad = min(chunk.find(bytes([b])) for b in CP1252_UNDEFINED if bytes([b]) in chunk)
                raise InvalidDataError(
                    f"{path}, ligne {line_at(path, offset + bad)} : encodage non "
                    "reconnu (ni UTF-8, ni Windows-1252).",
                    details=["réenregistrez le fichier en « CSV UTF-8 » depuis votre tableur"],
                )
            offset += len(chunk)
            if head_only and encoding != UTF16 and offset < size:
                return FileFacts(path, size, encoding or UTF8, has_bom, False, double)
    return FileFacts(path, size, encoding or UTF8, has_bom, double_encoded=double)


def head_encoding(raw: bytes) -> str:
    """L'encodage que :func:`scan_file` trouverait, jugé sur le seul début ``raw`` du
    fichier : pour estimer ce qu'une lecture coûtera avant de la faire ; la lecture, elle,
    juge sur tout le fichier.

    >>> heads = [("a;b", "ascii"), ("été", "utf-8"), ("été", "cp1252")]
    >>> [head_encoding(text.encode(encoding)) for text, encoding in heads]
    ['utf-8', 'utf-8', 'cp1252']
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return UTF16
    if raw.isascii():
        return UTF8
    return _decide_encoding(raw, codecs.getincrementaldecoder(UTF8)())


def _decide_encoding(chunk: bytes, decoder: codecs.IncrementalDecoder) -> str:
    """UTF-8 si la ligne du premier octet non ASCII est de l'UTF-8 valide, sinon Windows-1252.

    Un texte Windows-1252 accentué n'est presque jamais de l'UTF-8 valide ; l'inverse
    (UTF-8 lu comme Windows-1252) donnerait « Ã© » : on essaie donc UTF-8 d'abord.
    """
    match = NON_ASCII.search(chunk)
    assert match is not None
    start = match.start()
    line_start = chunk.rfind(b"\n", 0, start) + 1
    line_end = chunk.find(b"\n", start)
    line_end = len(chunk) if line_end == -1 else line_end
    try:
        decoder.reset()
        decoder.decode(chunk[line_start:line_end], final=False)
    except UnicodeDecodeError:
        return CP1252
    return UTF8


def _check_lines(
    chunk: bytes, carry: int, window: int, max_line: int, path: Path, offset: int
) -> int:
    """Repère une ligne plus longue que ``max_line`` sans boucle par ligne.

    Toute ligne d'au moins ``max_line`` octets contient une fenêtre alignée de
    ``max_line // 2`` octets sans saut de ligne ; on ne mesure précisément que
    là. Renvoie le nombre d'octets sans saut de ligne en fin de bloc.
    """
    first_nl = chunk.find(b"\n")
    if first_nl == -1:
        run = carry + len(chunk)
        if run > max_line:
            _too_long(path, line_at(path, offset), max_line)
        return run
    if carry + first_nl > max_line:
        _too_long(path, line_at(path, offset), max_line)
    for pos in range(0, len(chunk), window):
        if chunk.find(b"\n", pos, pos + window) == -1 and pos + window <= len(chunk):
            begin = chunk.rfind(b"\n", 0, pos) + 1
            end = chunk.find(b"\n", pos + window)
            end = len(chunk) if end == -1 else end
            if end - begin > max_line and begin > 0:
                _too_long(path, line_at(path, offset + begin), max_line)
    return len(chunk) - chunk.rfind(b"\n") - 1


def _too_long(path: Path, line: int, max_line: int) -> None:
    raise InvalidDataError(
        f"{path}, ligne {line} : ligne plus longue que la limite ({max_line} octets).",
        details=[
            "vérifiez qu'il s'agit bien d'un export CSV ; sinon augmentez "
            "`limites.longueur_ligne_max` dans gipkit.toml"
        ],
    )


def read_head(path: Path, encoding: str | None = None) -> str:
    """Le début du fichier décodé (sans BOM), pour lire l'en-tête ; sans ``encoding``,
    dans celui que ce début laisse voir (:func:`head_encoding`)."""
    with path.open("rb") as handle:
        raw = handle.read(HEAD)
    if encoding is None:
        encoding = head_encoding(raw)
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    # l'en-tête seul compte ici ; une ligne mal encodée plus loin sera signalée à la lecture
    return raw.decode(encoding, errors="replace")


def sniff_dialect(
    head: str,
    path: Path,
    *,
    delimiter: str | None = None,
    score: Callable[[Sequence[str]], int] | None = None,
) -> CsvDialect:
    """Séparateur (``;``, ``,`` ou tabulation), ligne Excel ``sep=;``, en-tête.

    L'en-tête est la première ligne non vide ; avec ``score`` (nombre d'en-têtes connus
    d'une ligne), c'est la première des :data:`HEADER_SEARCH` premières lignes qui en a
    le plus : un titre ou des lignes vides au-dessus de l'en-tête sont sautés, comme les
    lignes qui ne se découpent pas (un retour chariot seul au milieu d'une valeur) ; une
    telle ligne n'est « en-tête illisible » que si elle précède toute autre et qu'aucune
    ligne n'a d'en-tête connu.

    >>> known = lambda cells: sum(c in ("Année", "Heures") for c in cells)
    >>> sniff_dialect("Titre\\nAnnée;Heures\\n2025;1\\rx\\n", Path("x.csv"), score=known)
    CsvDialect(delimiter=';', skip_lines=1, header=('Année', 'Heures'))
    >>> sniff_dialect("a\\rb;c\\nd;e\\n", Path("x.csv"), score=known)
    Traceback (most recent call last):
    gipkit.errors.InvalidDataError: x.csv, ligne 1 : en-tête illisible.
    """
    skip = 0
    text = head
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if first_line.lower().startswith("sep=") and len(first_line) == 5:
        delimiter = delimiter or first_line[4]
        skip = 1
        text = text.split("\n", 1)[1] if "\n" in text else ""
    if not text.strip():
        raise InvalidDataError(f"{path} : le fichier est vide (aucun en-tête).")
    lines = text.split("\n")[:HEADER_SEARCH]
    candidates: list[tuple[int, str, list[str]]] = []
    #: la première ligne non vide, si elle ne se découpe pas (son erreur)
    unreadable_first: InvalidDataError | None = None
    for offset, line in enumerate(lines):
        if not line.strip("\r\t ;,"):
            continue  # ligne vide (ou faite de séparateurs) au-dessus de l'en-tête
        try:
            delim, cells = _parse_header(line, delimiter, path, skip + offset)
        except InvalidDataError as error:
            if score is None:
                raise
            # une ligne de données qui ne se découpe pas (un retour chariot seul dans
            # un champ) n'est pas un en-tête ; sa lecture la signalera si elle est fautive
            if not candidates and unreadable_first is None:
                unreadable_first = error
            continue
        candidates.append((offset, delim, cells))
        if score is None:
            break
    found = None if score is None else first_best([c[2] for c in candidates], score)
    if found is None and unreadable_first is not None:
        raise unreadable_first  # rien de reconnu, et la première ligne est illisible
    if not candidates:
        raise InvalidDataError(f"{path} : le fichier est vide (aucun en-tête).")
    chosen = candidates[0] if found is None else candidates[found]
    offset, chosen_delim, chosen_cells = chosen
    return CsvDialect(chosen_delim, skip + offset, tuple(chosen_cells))


def first_best(rows: Sequence[Sequence[str]], score: Callable[[Sequence[str]], int]) -> int | None:
    """L'indice de la première ligne au score le plus haut (``None`` si aucune n'a un
    score positif).

    ``score`` compte des cellules non vides (les en-têtes connus d'une ligne) : une
    ligne qui n'a pas plus de cellules non vides que le meilleur score déjà vu ne peut
    pas le dépasser ; elle n'est pas évaluée. Sous un en-tête reconnu, les lignes de
    données ne sont donc pas normalisées une à une (≈ 10 ms par fichier lu, et des
    valeurs personnelles qu'on n'a pas à examiner).

    >>> first_best([["Titre", ""], ["a", "b"], ["a", "x"]], lambda r: r.count("a") + r.count("b"))
    1
    >>> first_best([["x"], [""]], lambda r: 0) is None
    True
    """
    best, found = 0, None
    for index, cells in enumerate(rows):
        if sum(1 for cell in cells if cell) <= best:
            continue
        value = score(cells)
        if value > best:
            best, found = value, index
    return found


def _parse_header(
    line: str, delimiter: str | None, path: Path, number: int
) -> tuple[str, list[str]]:
    if delimiter is None:
        counts = {d: _count_outside_quotes(line, d) for d in DELIMITERS}
        delimiter = max(DELIMITERS, key=lambda d: counts[d])
    try:
        header = next(csv.reader(io.StringIO(line), delimiter=delimiter, quotechar='"'))
    except (csv.Error, StopIteration):
        raise InvalidDataError(f"{path}, ligne {number + 1} : en-tête illisible.") from None
    return delimiter, [h.replace("\ufeff", "").strip() for h in header]


#: ce qui est relu de la fin d'un fichier pour juger sa dernière ligne (:func:`short_last_line`)
TAIL = 64 * 1024


def short_last_line(path: Path, encoding: str, delimiter: str, width: int) -> int | None:
    """Le nombre de champs de la dernière ligne de ``path`` si elle en a moins que les
    ``width`` de l'en-tête **et** ne finit pas par un retour à la ligne : la trace d'un
    fichier tronqué (enregistrement ou téléchargement interrompu), dont la dernière
    valeur lue peut être coupée (« 174 » lu « 17 »). ``None`` sinon, ou quand on ne
    peut pas en juger : UTF-16, guillemet dans la ligne (un champ peut y contenir le
    séparateur ou commencer plus haut), ligne plus longue que la fin relue.

    Une ligne courte qui finit par un retour à la ligne n'est pas suspecte (des
    logiciels omettent les séparateurs des dernières cellules vides), ni une dernière
    ligne complète sans retour à la ligne. Seule la fin du fichier est relue.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> def last(text: str) -> int | None:
    ...     (folder / "x.csv").write_bytes(text.encode())
    ...     return short_last_line(folder / "x.csv", "utf-8", ";", 3)
    >>> last("a;b;c\\r\\n1;2;3\\r\\n4;5"), last("a;b;c\\n1;2;3\\n4;5;6")
    (2, None)
    >>> last("a;b;c\\n1;2\\n"), last('a;b;c\\n1;"x\\n;y"'), last("a;b;c")
    (None, None, None)
    """
    if encoding == UTF16 or width < 2:
        return None
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        start = max(size - TAIL, 0)
        handle.seek(start)
        tail = handle.read()
    if not tail or tail.endswith((b"\n", b"\r")):
        return None
    cut = tail.rfind(b"\n")
    if cut < 0 and start > 0:
        return None  # une ligne plus longue que la fin relue
    line = tail[cut + 1 :]
    if b'"' in line or not line.strip(b" \t"):
        return None
    fields = line.count(delimiter.encode("ascii")) + 1
    return fields if fields < width else None


def _count_outside_quotes(line: str, delim: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delim and not quoted:
            count += 1
    return count
