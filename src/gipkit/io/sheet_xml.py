"""Les colonnes d'une feuille XLSX lues par polars dans le XML de la feuille, bloc par
bloc, sans construire la feuille entière.

Le lecteur Excel (calamine, par fastexcel) construit toute la feuille en mémoire,
quelles que soient les colonnes demandées : ~80 octets par cellule, sa mémoire croît avec
la feuille. Ici, le XML de la feuille est décompressé par blocs de :data:`CHUNK_BYTES`
(le suivant dans un fil pendant que polars traite les blocs décompressés,
:data:`PARALLEL_CHUNKS` à la fois) ; dans chaque bloc, chaque cellule est mise sur sa
ligne (``<c r="`` devient une fin de ligne faite d'un caractère interdit en XML ; ce
motif ne peut pas se trouver dans un texte, où ``<`` s'écrit ``&lt;``) et le bloc est
lu comme un CSV d'une colonne par polars, qui en tire la référence, le type et la
valeur de chaque cellule sans boucle Python ; seules les cellules des colonnes
demandées sont gardées, une ligne par ligne de la feuille. Les textes partagés
(``xl/sharedStrings.xml``) sont lus de même. La mémoire tient aux colonnes gardées et à
quelques blocs, pas à la feuille (un coût fixe : ~250 Mo de pointe pour la commande
dès 30 000 lignes). Plusieurs passes de polars sur le texte contre une passe en Rust,
mais sur deux cœurs et sans construire la feuille : mesuré le 7 décembre 2026 (blocs de
16 Mo, la feuille décompressée une fois), `plie siae` sur 453 750 candidatures
3,8-3,9 s et ~430 Mo contre 4,2-4,3 s et 785 Mo par le lecteur Excel ; `serci heures`
sur 100 000, 150 000 et 200 000 lignes, un peu plus rapide (−0,05 à −0,2 s) mais plus
lourde jusqu'à ~200 000 lignes ; sur 30 000 à 60 000 candidatures, plus lente
(+0,03 s) et deux fois plus lourde. :func:`gipkit.io.sheets._columns` ne s'en sert que
pour une feuille trop lourde pour le lecteur Excel (``[limites]
classeur_en_memoire_max_mo``) : une feuille que cette lecture confie ensuite au lecteur
(une formule en dernière ligne) est lue deux fois.

Le résultat est celui du lecteur Excel, à l'octet près (tests de propriété contre
fastexcel, ``tests/test_sheet_xml.py``) : la plage de la feuille va de la première à la
dernière ligne et colonne qui ont une valeur (un texte vide compte, une cellule mise en
forme sans valeur non), les lignes vides au milieu restent ; un texte partagé ou écrit
dans la cellule est rendu tel quel, entités XML décodées (``&amp;``, ``&#233;``) ; un
booléen ``true``/``false`` ; une date sans heure (format intégré 14 ou format
personnalisé fait de ``d``, ``m``, ``y`` et de séparateurs) ``2025-05-28 00:00:00`` ;
un nombre tel que fastexcel l'écrit (neuf décimales au plus, zéros de fin retirés) quand
son texte dans le XML est déjà cette écriture (entier de 15 chiffres au plus ; moins d'un
million avec neuf décimales au plus, sans zéro final), ou, sous 10⁴, arrondi en entiers
à neuf décimales (ce qu'écrit xlsxwriter pour 0,807 : « 0.8070000000000001 », rendu
« 0.807 »).

Tout le reste lève :class:`Unsupported`, et la feuille est confiée au lecteur Excel :
un autre nombre (écriture scientifique, « 1E+20 » ; plus de 10⁴ à plus de neuf
décimales ; décimales aux abords d'une demi-unité de la neuvième), une date
avec heure ou comptée depuis 1904, une durée, une erreur (``#N/A``), un type de
cellule hors de la norme (``t=""``, que le lecteur Excel refuse), une formule, un
texte riche écrit dans la cellule, un caractère échappé à la manière d'OOXML
(``_x000D_``), un retour chariot, une section CDATA ou un commentaire, des balises
préfixées (``<x:c>``), des attributs entre apostrophes, une cellule sans référence ou
écrite deux fois, une feuille qui s'arrête avant ``</sheetData>`` (coupée : le lecteur
Excel la refuse, quand la lire jusque-là perdrait ses dernières lignes en silence).
Les exports des emplois de l'inclusion (xlsxwriter : textes partagés, dates en
cellules date) se lisent entièrement ici.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Final, NamedTuple, TypeVar

import polars as pl

from gipkit.io import workbook
from gipkit.io.processes import available_cores

#: octets du XML de la feuille lus et traités ensemble : assez pour que polars travaille
#: sur tous les cœurs, assez peu pour que la mémoire ne dépende pas de la feuille.
#: Mesuré (453 750 candidatures, `plie siae`, trois lancements chacun) : 4 Mo 4,16-4,34 s
#: et ~290 Mo, 8 Mo 3,89-4,05 s et 305 Mo, 12 Mo 3,80-3,82 s et 364-378 Mo, 16 Mo
#: 3,69-3,85 s et 420-444 Mo, 24 Mo 3,76-3,84 s et 532-581 Mo, 32 Mo (jusqu'au 7 décembre
#: 2026) 4,11-4,13 s et 611-657 Mo : au-delà, les derniers blocs se traitent sans
#: personne à côté ; en deçà, le coût fixe de chaque bloc l'emporte
CHUNK_BYTES: Final = 16 << 20
#: blocs traités en même temps (au plus un par cœur) : polars ne tient pas deux cœurs
#: occupés sur un seul bloc (453 750 lignes : 1,5 cœur pour un bloc à la fois, 1,7 pour
#: deux), chacun ajoute ~80 Mo à la pointe de la lecture
PARALLEL_CHUNKS: Final = min(2, available_cores())

#: la fin d'une ligne du CSV fait d'un bloc : un caractère interdit dans un document
#: XML 1.0, qu'aucun texte ne porte
_END: Final = b"\x02"
#: une cellule, une fois ``<c r="`` remplacé par une fin de ligne, commence par sa
#: référence : « AB12" »
_REFERENCE = r"^[A-Z]{1,3}[1-9][0-9]*$"
#: ce qui ne se lit pas ici (voir l'en-tête du module), cherché comme texte (bien plus
#: vite qu'une expression régulière sur tout un bloc) : une section CDATA, un
#: commentaire, une formule (« <f » ne peut être qu'une balise)
_REFUSED: Final = ("<![CDATA[", "<!--", "<f")
#: les marques d'une balise préfixée (``<x:c>``, ``<x:row>``…)
_PREFIX_HINTS: Final = (":c ", ":c>", ":row", ":v>", ":is>", ":t>", ":t ", ":si>", ":r>")
#: le même refus, cherché dans les lignes d'un bloc par polars (toutes à la fois), avec
#: tout « _x » (un caractère peut-être échappé : refus par excès) et toute marque d'une
#: balise préfixée ; le retour chariot est refusé avant, sur le bloc
_REFUSED_IN_LINES: Final = [*_REFUSED, "_x", *_PREFIX_HINTS]
#: un caractère échappé à la manière d'OOXML (« _x000D_ »)
_ESCAPED = re.compile(rb"_x[0-9A-Fa-f]{4}_")
#: une balise préfixée, cherchée seulement si une de ses marques s'y lit
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:(?:c|row|v|is|t|si|r)[\s>/]")
#: un nombre que fastexcel écrit comme il est écrit dans le XML (``{:.9}`` de Rust, zéros
#: de fin retirés) : entier de 15 chiffres au plus (exact en double), ou moins d'un
#: million avec au plus neuf décimales sans zéro final (sous 2²³, le double le plus
#: proche d'un texte en est à moins d'un demi-milliardième : arrondi à neuf décimales,
#: il redonne ce texte). Plus de décimales : :data:`_LONG_DECIMAL` ; 10²⁰ (« 1E+20 »)
#: est laissé au lecteur Excel
_PLAIN_NUMBER = r"^-?(?:0|[1-9][0-9]{0,14})$|^-?(?:0|[1-9][0-9]{0,5})\.[0-9]{0,8}[1-9]$"
#: un nombre de moins de 10⁴ à plus de neuf décimales (vingt au plus : seize chiffres
#: significatifs après trois zéros), comme xlsxwriter en écrit (« 8.411999999999999 »
#: pour 8,412, « 0.009899999999999999 » pour 0,0099) : fastexcel l'arrondit à neuf
#: (:func:`_rounded`), sauf aux abords d'une demi-unité (:func:`_near_half`)
_LONG_DECIMAL = r"^-?(?:0|[1-9][0-9]{0,3})\.[0-9]{10,20}$"
#: formats de nombre intégrés qui ne sont pas des dates (ECMA-376, 18.8.30)
_PLAIN_BUILTIN_FORMATS: Final = frozenset({*range(0, 14), *range(37, 45), 48, 49})
#: le format de date intégré (``m/d/yy``, date seule) ; les autres formats intégrés de
#: date écrivent une heure, une durée ou dépendent de la langue : non lus ici
_BUILTIN_DATE_FORMAT: Final = 14
#: caractères d'un format de date personnalisé sans heure (« dd/mm/yyyy »)
_DATE_FORMAT_CHARS: Final = frozenset("dmyDMY/-. ")
#: premier jour compté par Excel (système 1900, le 29 février 1900 fictif compris) ;
#: un nombre de jours n à partir de 61 (1er mars 1900) est la date 30/12/1899 + n
_EXCEL_EPOCH: Final = date(1899, 12, 30)
#: le 31 décembre 9999, dernière date d'Excel
_LAST_SERIAL: Final = 2958465
#: caractères d'un format de nombre personnalisé qui n'est pas une date, une fois retirés
#: les textes entre guillemets, les caractères échappés et les crochets
_PLAIN_FORMAT_CHARS: Final = frozenset("0#?.,%E+-/ ;@()_*")
#: colonnes d'une feuille (A à XFD)
MAX_COLUMNS: Final = 16384
_ENTITIES: Final = (["&lt;", "&gt;", "&quot;", "&apos;", "&amp;"], ["<", ">", '"', "'", "&"])


#: les cellules d'un bloc et leur étendue (:func:`_chunk_cells`)
_Part = tuple[pl.DataFrame, tuple[int | None, int | None, list[str]]]
_T = TypeVar("_T")


class Unsupported(Exception):
    """La feuille contient ce que cette lecture ne sait pas rendre comme le lecteur
    Excel : elle lui est confiée."""


def read_columns(
    path: Path,
    position: int,
    keep: Callable[[int], bool],
    deferred: workbook.Deferred | None = None,
) -> tuple[pl.DataFrame, list[int]]:
    """Les colonnes de la feuille à la position ``position`` (à partir de 0) dont la
    position (0 pour A) vérifie ``keep``, toutes les cellules en texte, sans ligne
    d'en-tête, de la première à la dernière ligne qui a une valeur ; et ces positions,
    dans l'ordre des colonnes rendues — ce que rend le lecteur Excel
    (:func:`gipkit.io.sheets._load_sheet`).

    Avec ``deferred`` (la feuille dont l'inspection est remise à cette lecture,
    :class:`gipkit.io.workbook.Deferred`), les octets décompressés et la grille de la
    feuille sont comptés pendant la lecture, dans le fil qui décompresse : une limite
    dépassée lève :class:`~gipkit.errors.InvalidDataError`, comme à l'inspection.

    Lève :class:`Unsupported` pour une feuille que cette lecture ne sait pas rendre à
    l'identique, ou un classeur qui n'est pas un XLSX lisible ainsi (une feuille autre
    que ``deferred`` comprise).
    """
    wanted = pl.Series("col", [_letters(i) for i in range(MAX_COLUMNS) if keep(i)], dtype=pl.String)
    try:
        with zipfile.ZipFile(path) as archive:
            rels = workbook.relations(archive)
            target = workbook.sheet_target(archive, rels, position)
            if target is None or not target.endswith(".xml"):
                raise Unsupported("feuille introuvable ou binaire")
            if deferred is not None and deferred.member != target:
                raise Unsupported("une autre feuille que celle à inspecter")
            if _date1904(archive):
                raise Unsupported("dates comptées depuis 1904")
            styles = _styles(archive)
            strings = _shared_strings(archive, rels)
            # le fil qui décompresse arrêté (et attendu) avant que l'archive se ferme,
            # même quand un bloc lève :class:`Unsupported`
            check = None if deferred is None else deferred.check()
            with closing(_ahead(_chunks(archive, target, check))) as chunks:
                parts = _in_order(
                    lambda chunk: _chunk_cells(chunk, wanted, strings, styles), chunks
                )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, zlib.error, ET.ParseError):
        raise Unsupported("archive ou XML inattendus") from None
    except pl.exceptions.PolarsError:
        raise Unsupported("XML inattendu") from None
    return _assemble(parts, keep)


def _chunks(
    archive: zipfile.ZipFile, member: str, check: workbook.SheetCheck | None = None
) -> Iterator[bytes]:
    """Le contenu de ``<sheetData>`` du membre ``member``, par blocs qui commencent et
    finissent entre deux lignes de la feuille, chaque cellule sur sa ligne ; chaque
    bloc décompressé compté par ``check`` avant d'être traité."""
    with archive.open(member) as handle:
        rest = b""
        started = False
        while True:
            block = handle.read(CHUNK_BYTES)
            if check is not None:
                check.feed(block)
            data = rest + block
            seen = max(len(rest) - len(b"</sheetData>"), 0)  # déjà cherché
            if not started:
                at = data.find(b"<sheetData")
                if at < 0:
                    if not block:
                        return  # feuille sans données
                    rest = data[-16:]
                    continue
                _check_declaration(data[:at], "worksheet")
                data = data[at:]
                closing = data.find(b">")
                if closing > 0 and data[closing - 1 : closing] == b"/":
                    return  # ``<sheetData/>`` : feuille sans données
                seen = 0
                started = True
            end = data.find(b"</sheetData>", seen)
            if not block and end < 0:
                # la feuille finit sans refermer ses données : coupée (le lecteur Excel
                # la refuse) ; la lire jusque-là perdrait ses dernières lignes en silence
                raise Unsupported("feuille coupée")
            last = end >= 0
            if last:
                data = data[:end]
            else:
                cut = data.rfind(b"<row")
                if cut <= 0:
                    rest = data
                    continue
                data, rest = data[:cut], data[cut:]
            if b"\r" in data:
                raise Unsupported("retour chariot")
            if last and check is not None:
                # la fin du membre comptée aussi, comme à l'inspection (des octets
                # ajoutés après les données) ; le contrôle de l'archive (CRC) fait
                while block := handle.read(CHUNK_BYTES):
                    check.feed(block)
            # chaque cellule sur sa ligne (``<c r="`` ne peut pas se lire dans un texte),
            # les lignes finies par :data:`_END`, pas par un saut de ligne qu'un texte
            # peut porter
            yield data.replace(b'<c r="', _END)
            if last:
                return


def _refuse_unsupported(data: bytes) -> None:
    """Lève :class:`Unsupported` si ``data`` (les textes partagés) contient ce que cette
    lecture ne rend pas comme le lecteur Excel : ce que :data:`_REFUSED` marque, un
    retour chariot, un caractère échappé, une balise préfixée."""
    if b"\r" in data or any(mark.encode() in data for mark in _REFUSED):
        raise Unsupported("contenu que seule la lecture complète rend")
    if b"_x" in data and _ESCAPED.search(data):
        raise Unsupported("caractère échappé")
    if any(hint.encode() in data for hint in _PREFIX_HINTS) and _PREFIXED.search(data):
        raise Unsupported("balises préfixées")


def _date1904(archive: zipfile.ZipFile) -> bool:
    """Le classeur compte ses dates depuis 1904 (``<workbookPr date1904="1"/>``)."""
    book = ET.fromstring(archive.read("xl/workbook.xml"))
    return any(
        workbook.local_name(e.tag) == "workbookPr" and e.get("date1904") in ("1", "true")
        for e in book.iter()
    )


def _ahead(items: Iterator[bytes]) -> Generator[bytes]:
    """Les blocs de ``items``, le suivant décompressé dans un fil pendant que polars
    traite le courant (zlib et polars rendent la main à Python pendant leur travail)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(next, items, None)
        while (item := pending.result()) is not None:
            pending = pool.submit(next, items, None)
            yield item


def _in_order(
    work: Callable[[bytes], _T], items: Iterator[bytes], workers: int = PARALLEL_CHUNKS
) -> list[_T]:
    """``work`` de chaque bloc de ``items``, rendus dans l'ordre des blocs, ``workers``
    blocs traités à la fois au plus : le bloc suivant n'est pris qu'une fois le plus
    ancien fini. Une erreur d'un bloc est levée à son tour ; les blocs pas encore
    commencés sont alors abandonnés, et aucun autre n'est pris.

    >>> _in_order(len, iter([b"a", b"bb", b"ccc"]))
    [1, 2, 3]
    """
    done: list[_T] = []
    running: deque[Future[_T]] = deque()
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:
        try:
            for item in items:
                running.append(pool.submit(work, item))
                if len(running) >= workers:
                    done.append(running.popleft().result())
            while running:
                done.append(running.popleft().result())
        finally:
            for pending in running:
                pending.cancel()
    return done


def _check_declaration(head: bytes, root: str) -> None:
    """Le XML doit être en UTF-8 et sa racine ``root`` sans préfixe."""
    declared = re.search(rb'encoding=["\']([\w.-]+)', head[:200])
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        raise Unsupported("XML dans un autre encodage")
    if re.search(rb"<[A-Za-z_][\w.-]*:" + root.encode() + rb"[\s>]", head):
        raise Unsupported("balises préfixées")


def _chunk_cells(chunk: bytes, wanted: pl.Series, strings: pl.Series, styles: Styles) -> _Part:
    """Les cellules d'un bloc : une ligne par ligne de la feuille qui a une valeur
    dans une colonne dont les lettres sont dans ``wanted`` (son numéro dans ``row``),
    une colonne par colonne (nommée de ses lettres), le texte de chaque cellule ; et
    l'étendue des cellules à valeur du bloc (première ligne, dernière, lettres de
    leurs colonnes)."""
    lines = pl.read_csv(
        chunk,
        has_header=False,
        separator="\x01",  # interdit dans un document XML 1.0 : jamais dans une ligne
        eol_char=_END.decode(),
        quote_char=None,
        schema={"x": pl.String},
    )
    x = pl.col("x")
    # en mémoire, chaque expression évaluée une fois, la référence de chaque ligne, son
    # numéro et sa colonne gardés pour la suite (trois requêtes paresseuses les
    # recalculaient : 0,21 → 0,16 s par bloc de 32 Mo, leur taille d'alors)
    lines = lines.with_columns(x.str.head(x.str.find('"', literal=True)).alias("ref"))
    lines = lines.with_columns(
        pl.col("ref").str.contains(_REFERENCE).fill_null(False).alias("cell"),
        (x.str.contains("<v", literal=True) | x.str.contains("<is", literal=True)).alias("valued"),
    )
    # une ligne qui n'est pas une cellule (l'en-tête d'une ligne de la feuille, des
    # blancs) ne doit rien porter d'une cellule ; aucune ne doit porter ce que cette
    # lecture ne rend pas
    stray = lines.select(
        (
            (~pl.col("cell") & (pl.col("valued") | x.str.contains("</c>", literal=True)))
            | x.str.contains_any(_REFUSED_IN_LINES)
        ).any()
    ).item()
    cells = lines.filter("cell", "valued").with_columns(
        pl.col("ref")
        .str.strip_chars_start("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        .cast(pl.Int64)
        .alias("row"),
        pl.col("ref").str.strip_chars_end("0123456789").alias("col"),
    )
    first, last, seen = cells.select(
        pl.col("row").min().alias("first"),
        pl.col("row").max().alias("last"),
        pl.col("col").unique().implode().alias("seen"),
    ).row(0)
    head = x.str.head(x.str.find(">", literal=True))  # les attributs de la cellule
    # le type (``s``, le plus courant, sans expression régulière) ; le style, qui ne sert
    # qu'à un nombre, est lu sur les seuls nombres (:func:`_texts`)
    kind = (
        pl.when(head.str.contains(' t="s"', literal=True))
        .then(pl.lit("s"))
        .when(head.str.contains(' t="', literal=True))
        .then(head.str.extract(r' t="([A-Za-z]+)"'))
        .otherwise(pl.lit("n"))
    )
    value_at = x.str.find("<v>", literal=True) + 3
    if b"<is>" in chunk:
        # le texte écrit dans la cellule, s'il est simple : ``<is><t>…</t></is>``
        after_is = x.str.split_exact("<is>", 1).struct.field("field_1")
        simple = after_is.str.starts_with("<t>") | after_is.str.starts_with(
            '<t xml:space="preserve">'
        )
        inline = (
            after_is.str.strip_prefix('<t xml:space="preserve">')
            .str.strip_prefix("<t>")
            .str.split_exact("</t></is>", 1)
        )
        written: pl.Expr = pl.when(simple).then(inline.struct.field("field_0"))
        closed = inline.struct.field("field_1").is_not_null()
    else:
        written, closed = pl.lit(None, pl.String), pl.lit(False)
    typed = cells.filter(pl.col("col").is_in(wanted.implode())).select(
        "row",
        "col",
        kind.alias("kind"),
        x.str.slice(value_at, x.str.find("</v>", literal=True) - value_at).alias("v"),
        written.alias("inline"),
        closed.alias("inline_closed"),
        head.alias("head"),
        head.str.contains("'", literal=True).alias("quoted"),
    )
    if stray or typed["quoted"].any():
        raise Unsupported("cellule écrite autrement")
    text = _texts(typed, strings, styles)
    # une ligne par ligne de la feuille, une colonne par colonne gardée ; une cellule
    # écrite deux fois fait échouer le pivot (aucune agrégation)
    wide = text.pivot(on="col", index="row", values="text", aggregate_function=None)
    return wide, (first, last, seen)


def _texts(cells: pl.DataFrame, strings: pl.Series, styles: Styles) -> pl.DataFrame:
    """Le texte que fastexcel rend pour chaque cellule (voir l'en-tête du module) :
    (ligne, colonne, texte), dans un ordre quelconque (:func:`_assemble` range les
    lignes).

    Les cellules sont traitées par sorte : les textes partagés (``t="s"``, d'ordinaire
    la plupart), les nombres (dates comprises), le reste ; chaque sorte ne passe que par
    ses propres contrôles et sa propre écriture. Une seule expression pour toutes
    évaluait chaque branche sur chaque cellule (polars calcule toutes les branches d'un
    ``when``) : les expressions régulières des nombres et l'écriture des dates sur les
    textes partagés (453 750 candidatures, 25 colonnes : 2,8 s sur 7,8 pour la
    feuille).
    """
    kind = pl.col("kind")
    shared_kind = (kind == "s").fill_null(False)
    number_kind = (kind == "n").fill_null(False)
    shared_cells = cells.filter(shared_kind)
    # le style d'un nombre (``s="3"``, 0 sans attribut), lu sur les seuls nombres : sur
    # toutes les cellules, 12 % du temps de processeur d'un bloc
    numbers = cells.filter(number_kind).with_columns(
        pl.col("head").str.extract(r' s="([0-9]+)"').cast(pl.Int64).fill_null(0).alias("style")
    )
    others = cells.filter(~(shared_kind | number_kind))
    index = shared_cells.get_column("v").cast(pl.Int64, strict=False)
    numbers_ok = numbers.select(_number_ok(styles)).to_series()
    others_ok = others.select(_other_ok()).to_series()
    shared_ok = shared_cells.get_column("v").str.contains(r"^[0-9]{1,9}$").fill_null(False)
    if not (shared_ok.all() and numbers_ok.all() and others_ok.all()):
        raise Unsupported("valeur que seule la lecture complète rend")
    if index.max() is not None and int(index.max()) >= strings.len():  # type: ignore[arg-type]
        raise Unsupported("texte partagé introuvable")
    parts = [
        shared_cells.select("row", "col", strings.gather(index).alias("text")),
        numbers.select("row", "col", _number_text(styles).alias("text")),
    ]
    if others.height:
        v, inline = pl.col("v"), pl.col("inline")
        written = _unescaped(
            others.select(
                pl.when(kind == "inlineStr").then(inline).when(kind == "str").then(v)
            ).to_series()
        )
        parts.append(
            others.select(
                "row",
                "col",
                # un texte ou un booléen, rien d'autre (:func:`_other_ok`)
                pl.when(kind == "b")
                .then(pl.when(v == "1").then(pl.lit("true")).otherwise(pl.lit("false")))
                .otherwise(written)
                .alias("text"),
            )
        )
    return pl.concat(parts)


def _serial(v: pl.Expr) -> pl.Expr:
    """Le nombre de jours d'une date sans heure : un nombre entier (une heure en ferait
    une fraction)."""
    return pl.when(v.str.contains(r"^[0-9]{1,7}$")).then(v.cast(pl.Int64, strict=False))


def _long_decimal(v: pl.Expr) -> pl.Expr:
    """Un nombre que fastexcel arrondit à neuf décimales (:data:`_LONG_DECIMAL`), loin
    d'une demi-unité de la neuvième."""
    return v.str.contains(_LONG_DECIMAL).fill_null(False) & ~_near_half(v)


def _date_text(serial: pl.Expr) -> pl.Expr:
    """La date d'un nombre de jours, comme fastexcel l'écrit."""
    return (pl.lit(_EXCEL_EPOCH) + pl.duration(days=serial)).dt.strftime("%Y-%m-%d 00:00:00")


def _number_ok(styles: Styles) -> pl.Expr:
    """Un nombre (``t="n"`` ou sans type) lisible ici : écrit comme fastexcel l'écrit (ou
    arrondi comme lui) dans un style qui le rend tel quel, ou date sans heure dans un
    style de date."""
    v, style = pl.col("v"), pl.col("style")
    return (
        (v.str.contains(_PLAIN_NUMBER).fill_null(False) | _long_decimal(v))
        & style.is_in(styles.plain.implode())
    ) | (
        style.is_in(styles.dates.implode())
        & _serial(v).is_between(61, _LAST_SERIAL).fill_null(False)
    )


def _number_text(styles: Styles) -> pl.Expr:
    """Le texte d'un nombre lisible ici (:func:`_number_ok`)."""
    v = pl.col("v")
    return (
        pl.when(pl.col("style").is_in(styles.dates.implode()))
        .then(_date_text(_serial(v)))
        .when(_long_decimal(v))
        .then(_rounded(v))
        .otherwise(v)
    )


def _other_ok() -> pl.Expr:
    """Une cellule ni texte partagé ni nombre lisible ici : un texte (``t="str"``), un
    texte simple écrit dans la cellule, un booléen. Toute autre est refusée, une
    cellule au type illisible (``t=""``, type nul) comprise : le lecteur Excel refuse
    alors le classeur, la lecture par blocs aussi."""
    kind, v, inline = pl.col("kind"), pl.col("v"), pl.col("inline")
    return (
        ((kind == "str") & v.is_not_null())
        | (
            (kind == "inlineStr")
            & pl.col("inline_closed")
            & inline.is_not_null()
            & ~inline.str.contains("<", literal=True).fill_null(True)
        )
        | ((kind == "b") & v.is_in(["0", "1"]).fill_null(False))
    ).fill_null(False)


def _near_half(number: pl.Expr) -> pl.Expr:
    """Vrai quand les 10e à 12e décimales du texte d'un nombre sont « 499 » ou « 500 » :
    à moins d'un millième de demi-milliardième de la frontière d'arrondi, le texte et le
    double qu'il désigne (à moins de 10⁻¹² de lui sous 10⁴) pourraient s'arrondir
    différemment."""
    fraction = number.str.split_exact(".", 1).struct.field("field_1")
    return fraction.str.slice(9, 3).str.pad_end(3, "0").is_in(["499", "500"]).fill_null(False)


def _rounded(number: pl.Expr) -> pl.Expr:
    """Le texte d'un nombre de plus de neuf décimales (:data:`_LONG_DECIMAL`) arrondi à
    neuf, zéros de fin retirés, comme fastexcel l'écrit (``{:.9}`` de Rust) : en
    entiers, sans passer par un double. Le signe d'un nombre négatif arrondi à zéro
    reste (« -0 », comme Rust).

    >>> pl.select(_rounded(pl.lit("8.411999999999999"))).item()
    '8.412'
    >>> pl.select(_rounded(pl.lit("-0.0000000001"))).item()
    '-0'
    >>> pl.select(_rounded(pl.lit("1234.12345678960001"))).item()
    '1234.12345679'
    """
    parts = number.str.strip_prefix("-").str.split_exact(".", 1)
    fraction = parts.struct.field("field_1")
    # calculé sur toutes les cellules (polars évalue chaque branche) : sans erreur
    # ailleurs que sur les nombres visés
    units = (
        parts.struct.field("field_0").cast(pl.Int64, strict=False) * 10**9
        + fraction.str.slice(0, 9).cast(pl.Int64, strict=False)
        + (fraction.str.slice(9, 1).cast(pl.Int64, strict=False) >= 5).cast(pl.Int64)
    )
    decimals = (units % 10**9).cast(pl.String).str.pad_start(9, "0").str.strip_chars_end("0")
    return pl.concat_str(
        pl.when(number.str.starts_with("-")).then(pl.lit("-")).otherwise(pl.lit("")),
        (units // 10**9).cast(pl.String),
        pl.when(decimals != "").then(pl.lit(".") + decimals).otherwise(pl.lit("")),
    )


def _unescaped(texts: pl.Series) -> pl.Series:
    """Les entités XML décodées : les cinq nommées, et les références numériques
    (``&#233;``, ``&#xE9;`` : openpyxl écrit ainsi tout caractère non ASCII), chacune
    traduite une fois quel que soit le nombre de textes qui la portent.

    >>> _unescaped(pl.Series(["a &amp; b", "pr&#233;nom &#x2019;", "&amp;#233;", None])).to_list()
    ['a & b', 'prénom ’', '&#233;', None]
    """
    patterns, replacements = list(_ENTITIES[0]), list(_ENTITIES[1])
    if texts.str.contains("&#", literal=True).any():
        found = texts.str.extract_all(r"&#(?:[0-9]{1,7}|x[0-9A-Fa-f]{1,6});").explode()
        for token in found.drop_nulls().unique().sort():
            number = int(token[3:-1], 16) if token[2] == "x" else int(token[2:-1])
            if not (0x20 <= number <= 0x10FFFF or number in (0x9, 0xA, 0xD)) or (
                0xD800 <= number <= 0xDFFF
            ):
                raise Unsupported("référence numérique hors d'un texte XML")
            patterns.append(token)
            replacements.append(chr(number))
    return texts.str.replace_many(patterns, replacements)


def _shared_strings(archive: zipfile.ZipFile, relations: list[tuple[str, str, str]]) -> pl.Series:
    """Les textes partagés du classeur, dans l'ordre (vide sans ``sharedStrings``)."""
    try:
        raw = archive.read(workbook.shared_strings_member(relations))
    except KeyError:
        return pl.Series("text", [], dtype=pl.String)
    _check_declaration(raw[:400], "sst")
    _refuse_unsupported(raw)
    whole = pl.Series("x", [raw], dtype=pl.Binary).cast(pl.String)
    items = whole.str.split("<si>").explode().slice(1)
    if items.len() == 0:
        return pl.Series("text", [], dtype=pl.String)
    frame = pl.DataFrame({"x": items})
    x = pl.col("x")
    simple = x.str.extract(r'^<t(?: xml:space="preserve")?>([^<]*)</t></si>')
    empty = x.str.starts_with("<t/></si>")
    runs = (
        x.str.replace_all(r"(?s)<rPh.*?</rPh>", "")
        .str.extract_all(r"<t(?:\s[^>]*)?>[^<]*</t>")
        .list.eval(pl.element().str.replace(r"^<t(?:\s[^>]*)?>", "").str.strip_suffix("</t>"))
        .list.join("")
    )
    out = frame.select(
        x.str.contains("</si>", literal=True).alias("closed"),
        pl.when(simple.is_not_null())
        .then(simple)
        .when(empty)
        .then(pl.lit(""))
        .otherwise(runs)
        .alias("text"),
    )
    if not out["closed"].all():
        raise Unsupported("texte partagé inattendu")
    return _unescaped(out["text"])


class Styles(NamedTuple):
    """Les numéros des styles de cellule (``cellXfs``) dont le format de nombre rend un
    nombre tel quel (``plain``) ou une date sans heure (``dates``) ; un nombre d'un
    autre style n'est pas lu ici."""

    plain: pl.Series
    dates: pl.Series


def _styles(archive: zipfile.ZipFile) -> Styles:
    """Les styles de cellule du classeur, rangés comme le dit :class:`Styles`."""
    try:
        raw = archive.read("xl/styles.xml")
    except KeyError:
        return Styles(pl.Series("style", [0], dtype=pl.Int64), pl.Series("style", [], pl.Int64))
    root = ET.fromstring(raw)
    custom: dict[int, str] = {}
    plain: list[int] = []
    dates: list[int] = []
    for element in root.iter():
        if workbook.local_name(element.tag) == "numFmt":
            custom[int(element.get("numFmtId", "-1"))] = element.get("formatCode", "")
    for parent in root.iter():
        if workbook.local_name(parent.tag) != "cellXfs":
            continue
        for number, xf in enumerate(e for e in parent if workbook.local_name(e.tag) == "xf"):
            fmt = int(xf.get("numFmtId", "0"))
            if fmt in custom:
                if _plain_format(custom[fmt]):
                    plain.append(number)
                elif _date_format(custom[fmt]):
                    dates.append(number)
            elif fmt in _PLAIN_BUILTIN_FORMATS:
                plain.append(number)
            elif fmt == _BUILTIN_DATE_FORMAT:
                dates.append(number)
    return Styles(
        pl.Series("style", plain, dtype=pl.Int64), pl.Series("style", dates, dtype=pl.Int64)
    )


def _date_format(code: str) -> bool:
    """Un format de nombre personnalisé qui n'écrit qu'une date, sans heure.

    >>> _date_format("dd/mm/yyyy"), _date_format("yyyy-mm-dd h:mm"), _date_format("0.00")
    (True, False, False)
    """
    bare = re.sub(r'"[^"]*"|\\.', "", code)
    return bool(bare) and set(bare) <= _DATE_FORMAT_CHARS and bool(set(bare) & set("dmyDMY"))


def _plain_format(code: str) -> bool:
    """Un format de nombre personnalisé qui n'est pas une date ni une durée : les textes
    entre guillemets, les caractères échappés et les crochets (couleur, condition,
    monnaie) retirés, rien que des chiffres et signes ; un crochet qui porte h, m ou s
    (``[h]``, une durée) n'en est pas un.

    >>> _plain_format('#,##0.00 "€"'), _plain_format("dd/mm/yyyy"), _plain_format("General")
    (True, False, True)
    >>> _plain_format("[Red]0.0"), _plain_format("[h]"), _plain_format("[$€-40C] #,##0")
    (True, False, True)
    """
    if code.casefold() == "general":
        return True
    if any(set(b.casefold()) & set("hms") for b in re.findall(r"\[([^\]]*)\]", code)):
        return False
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)
    return set(bare) <= _PLAIN_FORMAT_CHARS


def _letters(position: int) -> str:
    """Les lettres de la colonne à la position ``position`` (0 pour A).

    >>> _letters(0), _letters(25), _letters(26), _letters(16383)
    ('A', 'Z', 'AA', 'XFD')
    """
    out = ""
    number = position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def _assemble(
    parts: list[_Part],
    keep: Callable[[int], bool],
) -> tuple[pl.DataFrame, list[int]]:
    """Les lignes de tous les blocs, une par ligne de la plage (les lignes vides au
    milieu comprises), les colonnes gardées dans l'ordre."""
    spans = [span for _, span in parts if span[0] is not None and span[1] is not None]
    if not spans:
        return pl.DataFrame(), []
    first_row = min(int(first or 0) for first, _, _ in spans)
    last_row = max(int(last or 0) for _, last, _ in spans)
    columns = {workbook.column_number(c.encode()) - 1 for _, _, seen in spans for c in seen}
    kept = [i for i in range(min(columns), max(columns) + 1) if keep(i)]
    names = [_letters(i) for i in kept]
    frames = [
        frame.select(
            pl.col("row"),
            *(pl.col(n) if n in frame.columns else pl.lit(None, pl.String).alias(n) for n in names),
        )
        for frame, _ in parts
    ]
    rows = pl.DataFrame({"row": pl.int_range(first_row, last_row + 1, eager=True)})
    table = rows.join(pl.concat(frames), on="row", how="left")
    if table.height != rows.height:  # une ligne écrite dans deux blocs
        raise Unsupported("ligne écrite deux fois")
    return (
        table.select(pl.col(n).alias(f"__UNNAMED__{k}") for k, n in enumerate(names)),
        kept,
    )
