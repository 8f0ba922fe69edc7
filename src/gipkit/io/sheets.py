"""Les exports en classeur (XLSX, XLS, ODS) : reconnus à leur signature
(:func:`is_workbook`), inspectés contre les bombes zip et les grilles démesurées
(:mod:`gipkit.io.workbook`), la feuille choisie lue par le lecteur Excel, ses seules
colonnes utiles quand l'en-tête d'un XLSX se trouve dans son XML, puis typée et
contrôlée comme un CSV (:mod:`gipkit.io.checked`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from gipkit import journal
from gipkit.config import Config
from gipkit.errors import GipkitError, InputUnreadableError, InvalidDataError
from gipkit.io import gate, sheet_xml, sniff, workbook
from gipkit.io.checked import checked_frame, finish
from gipkit.io.headers import header_row, match_headers
from gipkit.io.schema import ExportSchema
from gipkit.io.source import Layout, ReadOptions, SourceReport

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
#: octets du début d'un fichier regardés pour reconnaître une page HTML
HTML_SNIFF = 4096


def is_workbook(path: Path) -> bool:
    """Un classeur, reconnu à sa signature ; un fichier « .xls » qui est en fait du texte
    (CSV enregistré sous ce nom par un outil web) est lu comme un CSV, ce qui est dit ; une
    page HTML déguisée en « .xls » est refusée avec la marche à suivre."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(HTML_SNIFF)
    except OSError:
        return False  # l'erreur sera dite par le lecteur CSV
    if magic[:4] in (ZIP_MAGIC, OLE_MAGIC):
        return True
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        return False
    start = magic.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    if start.startswith(b"<") or b"<table" in magic.lower():
        raise InputUnreadableError(
            f"{path} : ce fichier « {path.suffix} » est en fait une page HTML, pas un classeur.",
            details=[
                "ouvrez-le dans Excel puis « Enregistrer sous » au format Classeur Excel "
                "(.xlsx) ou CSV UTF-8, et donnez ce nouveau fichier à gipkit"
            ],
        )
    journal.current().warn(
        f"{path} : ce fichier « {path.suffix} » n'est pas un classeur mais du texte ; "
        "il est lu comme un CSV"
    )
    return False


def read_workbook(
    path: Path,
    schema: ExportSchema,
    wanted: Sequence[str],
    config: Config,
    options: ReadOptions,
) -> tuple[pl.LazyFrame, SourceReport]:
    """Classeur Excel ou OpenDocument : première feuille, ou ``options.sheet``.

    Le lecteur Excel construit toute la feuille, quelles que soient les colonnes
    demandées ; il ne rend que celles qu'on lui demande. Dans un XLSX, la ligne
    d'en-tête est trouvée d'abord dans le XML du classeur
    (:func:`gipkit.io.workbook.head_rows`) et seules les colonnes utiles sont rendues
    (:func:`_needed_columns`) ; sinon (ODS, XLS, en-tête introuvable ou incomplet),
    toute la feuille."""
    limits = config.limites
    sniff.scan_file(path, max_bytes=int(limits.taille_max_mo * 1e6), max_line=0, text=False)
    streamed_above = limits.classeur_en_memoire_max_mo * 1e6
    # une feuille que sa dimension déclarée destine à la lecture par blocs n'est
    # décompressée qu'une fois, par elle, qui compte les limites à sa place
    # (:class:`gipkit.io.workbook.Deferred`)
    facts = workbook.inspect(
        path,
        max_bytes=int(limits.xlsx_decompresse_max_mo * 1e6),
        max_cells=limits.xlsx_cellules_max,
        defer_above=int(streamed_above // workbook.CELL_BYTES),
    )
    # le lecteur tient toute la feuille : au-delà de ce qu'un tableau peut garder en
    # mémoire, le classeur se lit seul (:mod:`gipkit.io.gate`) ; au-delà de ce qu'une
    # feuille peut tenir dans le lecteur, ses colonnes utiles se lisent par blocs dans
    # le XML (:func:`_columns`)
    held = facts.cells * workbook.CELL_BYTES
    heavy = held > limits.tableau_en_memoire_max_mo * 1e6
    streamed = held > streamed_above
    with gate.READS.alone() if heavy or streamed else gate.READS.shared():
        # la mémoire du lecteur est rendue au système par chaque lecture qui s'en sert
        # (:func:`_load_sheet`, :func:`_read_sheet`), avant le typage
        return _read_sheet_export(
            path, schema, wanted, config, options, streamed=streamed, deferred=facts.deferred
        )


def _read_sheet_export(
    path: Path,
    schema: ExportSchema,
    wanted: Sequence[str],
    config: Config,
    options: ReadOptions,
    *,
    streamed: bool = False,
    deferred: workbook.Deferred | None = None,
) -> tuple[pl.LazyFrame, SourceReport]:
    """La feuille d'un classeur lue comme un export (:func:`read_workbook`) ; ses
    colonnes utiles lues par blocs dans le XML si ``streamed``. L'inspection de la
    feuille ``deferred`` est finie avant toute autre lecture qu'une lecture par blocs
    de cette feuille même, qui compte ses limites."""
    position, sheet, sheets = _sheet_position(path, options.sheet)
    if deferred is not None and workbook.sheet_member(path, position) != deferred.member:
        deferred.inspect()  # une autre feuille est lue : celle-ci est inspectée d'abord
        deferred = None
    extra = config.entetes.get(schema.kind, {})
    needed = _needed_columns(
        path, position, schema, wanted, extra, streamed=streamed, deferred=deferred
    )
    if needed is not None:
        data, index, headers, full_rows = needed
    else:
        if deferred is not None:
            deferred.inspect()  # avant le lecteur Excel
        data = _read_sheet(path, position)
        head_rows = [
            ["" if v is None else str(v) for v in row]
            for row in data.head(sniff.HEADER_SEARCH).rows()
        ]
        found = header_row(head_rows, schema, extra)
        if found is None and options.sheet is None and len(sheets) > 1:
            listed = ", ".join(f"« {n} »" for n in sheets)
            raise InvalidDataError(
                f"{path} : la première feuille ne contient pas d'en-tête d'un export "
                f"« {schema.title} ».",
                details=[f"feuilles du classeur : {listed}", "choisissez-la avec --feuille NOM"],
            )
        index = found or 0
        headers = tuple(head_rows[index]) if head_rows else ()
        data = data.slice(index + 1)
        data = data.select(data.columns[: len(headers)])
        data = data.rename(
            dict(zip(data.columns, (f"c{i}" for i in range(len(headers))), strict=True))
        )
        every = data.lazy()
        full_rows = lambda: every  # noqa: E731
    if index:
        journal.current().warn(
            f"{path} : en-têtes lus à la ligne {index + 1} de la feuille (lignes au-dessus "
            "ignorées : titre ou lignes vides)"
        )
    positions = match_headers(headers, schema, wanted, extra_spellings=extra, path=path)
    raw = tuple(f"c{i}" for i in range(len(headers)))
    layout = Layout(raw, positions, first_row=index + 2, headers=headers)
    frame = checked_frame(data.lazy(), schema, wanted, layout, config, stage=False)
    report = SourceReport(str(path), sniff.sha256_of(path), schema.kind, "xlsx", 0, sheet=sheet)
    return finish(
        frame,
        schema,
        wanted,
        layout,
        report,
        config,
        options,
        path,
        full_rows=full_rows,
        in_memory=True,
    )


def _needed_columns(
    path: Path,
    position: int,
    schema: ExportSchema,
    wanted: Sequence[str],
    extra: Mapping[str, Sequence[str]],
    *,
    streamed: bool = False,
    deferred: workbook.Deferred | None = None,
) -> tuple[pl.DataFrame, int, tuple[str, ...], Callable[[], pl.LazyFrame]] | None:
    """Les seules colonnes utiles d'une feuille XLSX : (lignes de données, colonnes
    nommées ``c`` + leur position dans l'en-tête ; la ligne de l'en-tête comptée comme
    sur la feuille lue entière ; l'en-tête ; la relecture de toutes les colonnes, pour les
    doublons exacts).

    L'en-tête est trouvé dans le XML (:func:`gipkit.io.workbook.head_rows`, même règle
    que sur la feuille lue : :func:`gipkit.io.headers.header_row`) ; le lecteur ne rend
    que ses colonnes reconnues, où l'en-tête est cherché de nouveau — les lignes de titre
    au-dessus peuvent n'y être que vides, et le lecteur saute les lignes vides du haut :
    les lignes de données sont celles qui suivent l'en-tête, leur numéro celui qu'en
    donne la feuille entière. ``None`` dans tout autre cas (en-tête introuvable, colonne
    attendue absente, rendu différent — ce dernier cas après une première lecture : la
    feuille est alors lue deux fois) : la feuille est lue entière, et dit ce qui ne va
    pas. Mesuré (200 000 lignes, 9 colonnes lues sur 26), `serci heures` en alternance :
    4,28-5,76 → 3,50-3,97 s, 561 → 442 Mo."""
    head = workbook.head_rows(path, position, sniff.HEADER_SEARCH, deferred)
    index = header_row(head, schema, extra) if head else None
    if head is None or index is None:
        return None
    headers = tuple(head[index])
    try:
        positions = match_headers(headers, schema, wanted, extra_spellings=extra, path=path)
    except GipkitError:
        return None
    chosen = set(positions.values())
    if not chosen:
        return None
    data, columns = _columns(
        path, position, lambda i: i in chosen, streamed=streamed, deferred=deferred
    )
    if sorted(columns) != sorted(chosen):
        return None
    rows = _named_after_header(data, columns, headers)
    if rows is None:
        return None
    width = len(headers)

    def full_rows() -> pl.LazyFrame:
        every, at = _columns(
            path, position, lambda i: i < width, streamed=streamed, deferred=deferred
        )
        rows = _named_after_header(every, at, headers, chosen)
        if rows is None:  # l'en-tête, rendu pareil dans ses colonnes utiles, y est
            raise InputUnreadableError(f"{path} : classeur relu autrement qu'à la lecture.")
        return rows.lazy().select(
            pl.col(f"c{i}") if i in at else pl.lit(None, dtype=pl.String).alias(f"c{i}")
            for i in range(width)
        )

    return rows, index, headers, full_rows


def _named_after_header(
    data: pl.DataFrame,
    columns: Sequence[int],
    headers: Sequence[str],
    compared: Iterable[int] | None = None,
) -> pl.DataFrame | None:
    """Les lignes de ``data`` (colonnes de la feuille aux positions ``columns``) qui
    suivent sa ligne d'en-tête, colonnes nommées ``c`` + leur position : la première des
    :data:`~gipkit.io.sniff.HEADER_SEARCH` premières lignes qui porte ``headers`` dans
    les colonnes ``compared`` (toutes par défaut) ; ``None`` sans elle."""
    among = None if compared is None else set(compared)
    keep = [k for k, i in enumerate(columns) if among is None or i in among]
    expected = tuple(headers[columns[k]] for k in keep)
    for number, row in enumerate(data.head(sniff.HEADER_SEARCH).rows()):
        if tuple("" if row[k] is None else str(row[k]) for k in keep) == expected:
            named = data.slice(number + 1)
            return named.rename(dict(zip(named.columns, (f"c{i}" for i in columns), strict=True)))
    return None


def _unreadable(path: Path) -> InputUnreadableError:
    """L'erreur d'un classeur que le lecteur Excel ne sait pas ouvrir."""
    return InputUnreadableError(
        f"{path} : classeur illisible (fichier endommagé ou protégé par mot de passe ?)."
    )


def _sheet_names(path: Path) -> list[str]:
    import fastexcel

    try:
        return list(fastexcel.read_excel(str(path)).sheet_names)
    except Exception:  # fastexcel lève ses propres exceptions (CalamineError…)
        raise _unreadable(path) from None


def _sheet_position(path: Path, wanted: str | None) -> tuple[int, str, list[str]]:
    """La feuille ``wanted`` (nom sans égard à la casse, ou numéro à partir de 1), ou la
    première : (sa position à partir de 0, son nom, les noms de toutes)."""
    sheets = _sheet_names(path)
    if not sheets:
        raise InputUnreadableError(f"{path} : classeur sans feuille lisible.")
    index = 0
    if wanted is not None:
        lowered = [n.casefold() for n in sheets]
        if wanted.casefold() in lowered:
            index = lowered.index(wanted.casefold())
        elif wanted.isdigit() and 1 <= int(wanted) <= len(sheets):
            index = int(wanted) - 1
        else:
            listed = ", ".join(f"« {n} »" for n in sheets)
            raise InputUnreadableError(
                f"{path} : feuille « {wanted} » introuvable.",
                details=[f"feuilles du classeur : {listed} (nom ou numéro à partir de 1)"],
            )
    return index, sheets[index], sheets


def _read_sheet(path: Path, position: int) -> pl.DataFrame:
    """Toute la feuille à la position ``position``, toutes les cellules en texte, sans
    ligne d'en-tête (elle est cherchée ensuite)."""
    try:
        data = pl.read_excel(
            path,
            sheet_id=position + 1,
            has_header=False,
            infer_schema_length=0,
            drop_empty_rows=False,
            raise_if_empty=False,
        )
    except Exception:  # fastexcel lève ses propres exceptions (CalamineError…)
        raise _unreadable(path) from None
    text = data.with_columns(pl.all().cast(pl.String))
    del data
    workbook.release_freed_memory()  # avant le typage qui suit (:func:`_load_sheet`)
    return text


def _columns(
    path: Path,
    position: int,
    keep: Callable[[int], bool],
    *,
    streamed: bool,
    deferred: workbook.Deferred | None = None,
) -> tuple[pl.DataFrame, list[int]]:
    """Les colonnes de la feuille dont la position vérifie ``keep`` (comme
    :func:`_load_sheet`) ; si ``streamed``, lues dans le XML par polars, bloc par bloc
    (:func:`gipkit.io.sheet_xml.read_columns`), sans construire toute la feuille — une
    feuille que cette lecture ne sait pas rendre à l'identique (heures, formules,
    nombres écrits autrement…) est alors confiée au lecteur Excel.

    Le lecteur Excel est plus rapide (une passe en Rust contre plusieurs passes de
    polars sur le texte) mais tient toute la feuille : la lecture par blocs ne sert
    qu'au-delà de ``[limites] classeur_en_memoire_max_mo`` (place estimée de la feuille
    dans le lecteur, 600 Mo par défaut : avec ce que le reste d'une commande tient à
    côté, 0,2 à 0,4 Go, il passerait le gigaoctet ; à 1 000 Mo, `plie tout` sur 453 750
    candidatures, 944 Mo estimés, montait à 1,13 Go). Mesuré,
    ``plie siae`` sur 453 750 candidatures (10 colonnes lues sur 25) : 7,3-8,5 s et
    806 Mo par le lecteur Excel, 10,4-11,5 s et 528-543 Mo par blocs ; mesuré de nouveau
    le 7 décembre 2026, le texte des cellules écrit sorte par sorte : 4,1 s et 784 Mo,
    contre 4,4-5,1 s et 463-503 Mo ; deux blocs traités à la fois
    (:data:`gipkit.io.sheet_xml.PARALLEL_CHUNKS`) : 4,0 s et 783-787 Mo contre
    4,35-4,4 s et 620-670 Mo.

    La feuille ``deferred``, pas encore inspectée, l'est pendant la lecture par blocs
    (:func:`gipkit.io.sheet_xml.read_columns`), ou avant d'être confiée au lecteur
    Excel."""
    if streamed:
        try:
            read = sheet_xml.read_columns(path, position, keep, deferred)
        except sheet_xml.Unsupported:
            pass
        else:
            # les blocs décompressés (textes Python, hors de l'allocateur de polars)
            # rendus au système, comme la feuille du lecteur Excel (453 750
            # candidatures : 0,63 → 0,56 Go après la lecture)
            workbook.release_freed_memory()
            return read
    if deferred is not None:
        deferred.inspect()
    return _load_sheet(path, position, keep)


def _load_sheet(
    path: Path, position: int, keep: Callable[[int], bool]
) -> tuple[pl.DataFrame, list[int]]:
    """Les colonnes de la feuille dont la position (0 pour A) vérifie ``keep``, toutes
    les cellules en texte, sans ligne d'en-tête ; et ces positions, dans l'ordre des
    colonnes rendues."""
    import fastexcel

    kept: list[int] = []

    def choose(column: Any) -> bool:
        if keep(column.absolute_index):
            kept.append(column.absolute_index)
            return True
        return False

    try:
        sheet = fastexcel.read_excel(str(path)).load_sheet(
            position, header_row=None, use_columns=choose, dtypes="string"
        )
        data = pl.DataFrame(sheet)
    except Exception:  # fastexcel lève ses propres exceptions (CalamineError…)
        raise _unreadable(path) from None
    # la feuille du lecteur (calamine, hors de l'allocateur de polars) rendue au système
    # avant le typage et les contrôles qui suivent, non après : sans quoi leur pointe
    # s'ajoute à sa mémoire libérée mais gardée (`plie tout` × 750, typage des 453 750
    # candidatures : 0,75 → 1,10 Go ; ainsi, 0,47 → 0,81 Go)
    text = data.with_columns(pl.all().cast(pl.String))
    del sheet, data
    workbook.release_freed_memory()
    return text, kept
