"""Le lecteur unique des exports : CSV (tous dialectes rencontrés) et classeurs Excel.

``read_export`` lit un fichier selon le :class:`~gipkit.io.schema.ExportSchema`
de son type, ne garde que les colonnes demandées, type les valeurs, vérifie
tout et renvoie un ``DataFrame`` aux colonnes canoniques, plus une colonne
``ligne`` (numéro de ligne tel que le tableur l'affiche, en-tête = 1) et le
bilan de lecture (:class:`SourceReport`).

Le CSV est lu paresseusement par polars ; un fichier Windows-1252 est d'abord
transcodé en UTF-8 par blocs dans un fichier temporaire. Les vérifications
sont des colonnes de drapeaux calculées dans la même requête : le fichier est
parcouru une fois par polars, une fois pour l'empreinte.
"""

from __future__ import annotations

import contextvars
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from gipkit import journal
from gipkit.config import Config
from gipkit.errors import GipkitError, InputUnreadableError, InvalidDataError, count_text
from gipkit.io import footprint, gate, identifiers, sniff, transcode, values, workbook
from gipkit.io.budget import ReadBudget
from gipkit.io.duplicates import exact_duplicates, key_conflicts, written_lines
from gipkit.io.headers import (
    header_row,
    known_headers,
    match_headers,
    recognised,
    suggestion,
)
from gipkit.io.read_errors import SKIP_HINT, polars_error, ragged_error, value_problems
from gipkit.io.schema import ColumnSpec, ColumnType, ExportSchema
from gipkit.io.source import (
    BLANK_REASON,
    CHECKS_ENGINE,
    DUPLICATE_REASON,
    EXTRA,
    FINGERPRINT,
    LINE,
    RAGGED,
    Layout,
    ReadOptions,
    SourceReport,
    configured_labels,
)

#: un fil d'exécution calcule l'empreinte pendant que polars lit le fichier
_HASHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gipkit-sha256")
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
#: octets du début d'un fichier regardés pour reconnaître une page HTML
HTML_SNIFF = 4096


def read_export(
    path: Path,
    schema: ExportSchema,
    *,
    columns: Sequence[str],
    config: Config,
    options: ReadOptions | None = None,
) -> tuple[pl.DataFrame, SourceReport]:
    """Comme :func:`scan_export`, mais rend un ``DataFrame`` en mémoire."""
    frame, report = scan_export(path, schema, columns=columns, config=config, options=options)
    return frame.collect(), report


@dataclass
class _Ahead:
    """Une lecture partagée lancée d'avance (:func:`read_ahead`), pas encore demandée :
    ce qu'elle a à dire (avertissements) attend dans ``said`` d'être dit au moment où un
    calcul la demande, comme si elle se faisait alors."""

    future: Future[tuple[pl.LazyFrame, SourceReport]]
    said: journal.Journal

    def take(self) -> tuple[pl.LazyFrame, SourceReport]:
        """Attend la lecture, dit ce qu'elle a dit et la rend (ou lève son erreur)."""
        try:
            return self.future.result()
        finally:
            journal.current().merge(self.said)


#: lectures partagées du bloc ``one_read_per_file`` en cours : (fichier, schéma,
#: options) -> (toutes les colonnes du schéma typées, bilan), ou la lecture lancée
#: d'avance qui les donnera
_SHARED: ContextVar[dict[tuple[Any, ...], tuple[pl.LazyFrame, SourceReport] | _Ahead] | None] = (
    ContextVar("gipkit_shared_reads", default=None)
)


#: décomptes partagés du bloc ``one_read_per_file`` en cours : (clé de la lecture
#: partagée, nom du décompte) -> décompte (:func:`shared_count`)
_COUNTS: ContextVar[dict[tuple[Any, ...], pl.DataFrame] | None] = ContextVar(
    "gipkit_shared_counts", default=None
)

#: les fils des lectures lancées d'avance dans le bloc ``one_read_per_file`` en cours
_READERS: ContextVar[list[ThreadPoolExecutor] | None] = ContextVar(
    "gipkit_read_ahead", default=None
)

#: la place des tableaux gardés en mémoire par les lectures partagées du bloc
#: ``one_read_per_file`` en cours (:mod:`gipkit.io.budget`)
_MEMORY: ContextVar[ReadBudget | None] = ContextVar("gipkit_read_memory", default=None)

#: la clé de la lecture partagée en cours dans ce fil d'exécution et son ticket
#: (:meth:`gipkit.io.budget.ReadBudget.ticket`, :func:`_shared_read`)
_READING: ContextVar[tuple[tuple[Any, ...], int] | None] = ContextVar(
    "gipkit_reading", default=None
)


@contextmanager
def one_read_per_file() -> Iterator[None]:
    """Dans ce bloc, chaque fichier n'est lu qu'une fois, quel que soit le nombre de
    résultats qui le demandent (``tout``, ``rapport``) : la première lecture type toutes
    les colonnes du schéma que le fichier porte, les suivantes en prennent les leurs dans
    le même tableau, avec une copie du bilan (lignes lues, exclues, colonnes trouvées et
    absentes de leur demande). Un fichier modifié entre deux lectures est relu. La limite
    des tableaux gardés en mémoire porte sur la somme de ces lectures
    (:mod:`gipkit.io.budget`). Les
    lectures peuvent y être lancées d'avance (:func:`read_ahead`) ; à la sortie du bloc,
    celles qui n'ont pas commencé sont annulées, celles en cours attendues."""
    token = _SHARED.set({})
    counts = _COUNTS.set({})
    pools: list[ThreadPoolExecutor] = []
    readers = _READERS.set(pools)
    memory = _MEMORY.set(ReadBudget())
    try:
        yield
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
        _MEMORY.reset(memory)
        _READERS.reset(readers)
        _COUNTS.reset(counts)
        _SHARED.reset(token)


def read_ahead(
    reads: Iterable[tuple[Path, ExportSchema]],
    config: Config,
    options: ReadOptions | None = None,
    *,
    workers: int,
) -> int:
    """Dans un bloc ``one_read_per_file``, lance d'avance les lectures partagées de ces
    fichiers, dans cet ordre (celui où les calculs les demanderont), ``workers`` à la
    fois dans des fils d'exécution à part ; rend le nombre de lectures lancées.

    Un calcul qui demande un fichier attend sa lecture au lieu de la faire : pendant qu'il
    calcule ses tableaux, les fichiers suivants se lisent. Le résultat est le même qu'à la
    lecture au moment de la demande, avertissements compris (dits à la demande, dans le
    même ordre) ; une lecture en échec lève son erreur à la demande, et celle-ci sera
    refaite si le fichier est redemandé. Hors d'un bloc, ou ``workers`` < 1 : rien."""
    shared, readers, memory = _SHARED.get(), _READERS.get(), _MEMORY.get()
    if shared is None or readers is None or memory is None or workers < 1:
        return 0
    options = options or ReadOptions()
    pool: ThreadPoolExecutor | None = None
    started = 0
    todo = [
        (path, schema, key)
        for path, schema in reads
        if (key := _shared_key(path, schema, options)) is not None and key not in shared
    ]
    # en mémoire ou par le Parquet : choisi ici, avant que les fils ne commencent, les
    # plus petits d'abord (:mod:`gipkit.io.budget`)
    file_limit, limit = _memory_limits(config)
    estimates = [(_planned_estimate(path, schema, config), key) for path, schema, key in todo]
    memory.plan_all(estimates, limit=limit, file_limit=file_limit)
    for path, schema, key in todo:
        if key in shared:  # le même fichier demandé deux fois
            continue
        if pool is None:
            pool = ThreadPoolExecutor(workers, thread_name_prefix="gipkit-lecture")
            readers.append(pool)
        said = journal.Journal()
        context = contextvars.copy_context()
        future = pool.submit(context.run, _read_told, said, path, schema, config, options)
        shared[key] = _Ahead(future, said)
        started += 1
    return started


def _read_told(
    said: journal.Journal,
    path: Path,
    schema: ExportSchema,
    config: Config,
    options: ReadOptions,
) -> tuple[pl.LazyFrame, SourceReport]:
    """Une lecture lancée d'avance : ses avertissements vont dans ``said``."""
    with journal.opened(said):
        return _shared_read(path, schema, config, options)


def _shared_read(
    path: Path, schema: ExportSchema, config: Config, options: ReadOptions
) -> tuple[pl.LazyFrame, SourceReport]:
    """La lecture partagée d'un fichier : toutes les colonnes de son schéma, typées."""
    everything = [c.name for c in schema.columns]
    key, memory = _shared_key(path, schema, options), _MEMORY.get()
    reading = _READING.set(None if key is None or memory is None else (key, memory.ticket(key)))
    try:
        return _scan_export(path, schema, columns=everything, config=config, options=options)
    finally:
        _READING.reset(reading)


def _planned_estimate(path: Path, schema: ExportSchema, config: Config) -> int | None:
    """La place estimée (:func:`_estimate`) du tableau typé de la lecture partagée de
    ``path`` (toutes les colonnes du schéma présentes), jugée sur le seul début du
    fichier (encodage compris), avant de la lancer (:func:`read_ahead`) ; ``None`` pour
    un classeur, ou un fichier dont le début ne dit pas l'en-tête : la lecture choisira
    elle-même. Rien n'est dit ici : ce que le fichier a d'anormal, sa lecture le dira."""
    try:
        with journal.opened(journal.Journal()):
            if _is_excel(path):
                return None
            head = sniff.read_head(path)
            dialect = _dialect(head, path, schema, config)
            positions = match_headers(
                dialect.header,
                schema,
                [c.name for c in schema.columns],
                extra_spellings=config.entetes.get(schema.kind, {}),
                path=path,
            )
            return _estimate(head, dialect, positions, schema, path.stat().st_size)
    except (GipkitError, OSError, UnicodeError):
        return None


def _dialect(head: str, path: Path, schema: ExportSchema, config: Config) -> sniff.CsvDialect:
    """Le séparateur et l'en-tête du début ``head`` d'un export ``schema`` : la ligne qui
    a le plus d'en-têtes connus (orthographes de ``gipkit.toml`` comprises)."""
    extra = config.entetes.get(schema.kind, {})
    known = known_headers(schema, extra)
    return sniff.sniff_dialect(
        head, path, score=lambda cells: recognised(cells, schema, extra, known)
    )


def _memory_limits(config: Config) -> tuple[int, int]:
    """``[limites] tableau_en_memoire_max_mo`` (chaque lecture) et
    ``lectures_en_memoire_max_mo`` (toutes celles d'un bloc, jamais moins que la limite
    d'une lecture : qui relève la première pour garder un gros fichier en mémoire l'y
    garde aussi dans un ``tout``), en octets."""
    limits = config.limites
    one = round(limits.tableau_en_memoire_max_mo * 1e6)
    return one, max(one, round(limits.lectures_en_memoire_max_mo * 1e6))


def shared_count(
    path: Path,
    schema: ExportSchema,
    options: ReadOptions | None,
    name: str,
    compute: Callable[[], pl.DataFrame],
) -> pl.DataFrame:
    """Un décompte des lignes lues de ``path`` (``compute``, par exemple
    :func:`gipkit.selection.count_rows`), calculé une fois par bloc
    ``one_read_per_file`` pour tous les calculs qui le demandent sous le même ``name`` :
    ce nom désigne un seul décompte (mêmes colonnes, mêmes expressions), à la charge de
    ceux qui le partagent. Hors du bloc, ou pour un fichier qui n'y a pas été lu,
    ``compute`` est appelé chaque fois. Oublié avec la lecture (:func:`forget_reads`, un
    fichier modifié)."""
    shared, counts = _SHARED.get(), _COUNTS.get()
    key = _shared_key(path, schema, options or ReadOptions())
    if shared is None or counts is None or key is None or key not in shared:
        return compute()
    if (key, name) not in counts:
        counts[(key, name)] = compute()
    return counts[(key, name)]


def _shared_key(path: Path, schema: ExportSchema, options: ReadOptions) -> tuple[Any, ...] | None:
    """La clé d'une lecture partagée : le fichier tel qu'il est (taille, date de
    modification), son schéma et les options de lecture ; ``None`` s'il est illisible."""
    try:
        stat = path.stat()
        resolved = str(path.resolve())
    except OSError:
        return None
    return (resolved, stat.st_size, stat.st_mtime_ns, schema.kind, options)


def forget_reads(paths: Iterable[Path]) -> None:
    """Dans un bloc ``one_read_per_file``, oublie les lectures de ces fichiers : aucun
    calcul restant ne les lit (:meth:`gipkit.steps.Run.release`). Leur mémoire sert aux
    calculs suivants au lieu de s'ajouter à la leur ; un fichier redemandé ensuite serait
    relu."""
    shared = _SHARED.get()
    if not shared:
        return
    gone: set[str] = set()
    for path in paths:
        try:
            gone.add(str(path.resolve()))
        except OSError:
            continue
    forgotten = [k for k in shared if k[0] in gone]
    for key in forgotten:
        entry = shared.pop(key)
        if isinstance(entry, _Ahead):
            entry.future.cancel()
    memory = _MEMORY.get()
    if memory is not None:
        memory.release(forgotten)
    counts = _COUNTS.get() or {}
    for pair in [k for k in counts if k[0][0] in gone]:
        del counts[pair]


def scan_export(
    path: Path,
    schema: ExportSchema,
    *,
    columns: Sequence[str],
    config: Config,
    options: ReadOptions | None = None,
) -> tuple[pl.LazyFrame, SourceReport]:
    """Lit ``path`` comme un export ``schema`` et renvoie les colonnes ``columns`` typées.

    Dans un bloc ``one_read_per_file``, le fichier n'est lu qu'une fois pour toutes les
    demandes du bloc.
    """
    options = options or ReadOptions()
    shared = _SHARED.get()
    if shared is None:
        return _scan_export(path, schema, columns=columns, config=config, options=options)
    key = _shared_key(path, schema, options)
    if key is None:  # introuvable ou illisible : la lecture le dit, comme hors du bloc
        return _scan_export(path, schema, columns=columns, config=config, options=options)
    entry = shared.get(key)
    if isinstance(entry, _Ahead):
        del shared[key]  # une lecture en échec sera refaite si le fichier est redemandé
        entry = shared[key] = entry.take()
    elif entry is None:
        entry = shared[key] = _shared_read(path, schema, config, options)
    frame, whole = entry
    wanted = _wanted(schema, columns)
    report = replace(
        whole,
        excluded=dict(whole.excluded),
        found=tuple(n for n in wanted if n in whole.found),
        absent=tuple(n for n in wanted if n in whole.absent),
        near={n: v for n, v in whole.near.items() if n in wanted},
    )
    return frame.select([LINE, *wanted]), report


def _wanted(schema: ExportSchema, columns: Sequence[str]) -> list[str]:
    """Les colonnes rendues : les obligatoires du schéma, puis celles demandées."""
    return list(dict.fromkeys([*schema.required, *columns]))


def _scan_export(
    path: Path,
    schema: ExportSchema,
    *,
    columns: Sequence[str],
    config: Config,
    options: ReadOptions | None = None,
) -> tuple[pl.LazyFrame, SourceReport]:
    """Lit ``path`` comme un export ``schema`` et renvoie les colonnes ``columns`` typées.

    Les colonnes obligatoires du schéma sont toujours lues. Les colonnes
    facultatives demandées mais absentes du fichier sont ajoutées, vides. Colonnes
    rendues : ``ligne`` et les colonnes demandées. Les lignes vides et les doublons
    exacts (identiques sur toutes les colonnes du fichier) sont écartés, avec leur
    motif dans le bilan.

    Le fichier est lu une fois, en flux ; les colonnes typées et les drapeaux de
    contrôle restent en mémoire s'ils y tiennent (:func:`_kept_in_memory`), sinon sont écrits
    dans un fichier Parquet temporaire (privé, supprimé à la fin du processus) que le
    ``LazyFrame`` rendu relit : les calculs suivants ne gardent en mémoire que les
    colonnes et les groupes dont ils ont besoin.
    """
    options = options or ReadOptions()
    wanted = _wanted(schema, columns)
    if _is_excel(path):
        return _read_excel(path, schema, wanted, config, options)
    with gate.READS.shared():
        return _read_csv(path, schema, wanted, config, options)


def _read_csv(
    path: Path,
    schema: ExportSchema,
    wanted: Sequence[str],
    config: Config,
    options: ReadOptions,
) -> tuple[pl.LazyFrame, SourceReport]:
    """Un export CSV (:func:`_scan_export`)."""
    limits = config.limites
    facts = sniff.scan_file(
        path,
        max_bytes=int(limits.taille_max_mo * 1e6),
        max_line=limits.longueur_ligne_max,
    )
    head = sniff.read_head(path, facts.encoding)
    dialect = _dialect(head, path, schema, config)
    # « sep=; » en première ligne (Excel) ; la seule tête comparée, pas tout le début lu
    sep_line = 1 if head[:4].lower() == "sep=" else 0
    above = head.split("\n", dialect.skip_lines)[sep_line : dialect.skip_lines]
    title_lines = dialect.skip_lines - sep_line
    if any(line.strip("\r\t ;,") for line in above):
        journal.current().warn(
            f"{path} : en-têtes lus à la ligne {title_lines + 1} (lignes au-dessus ignorées : "
            "titre ou lignes vides)"
        )
    positions = match_headers(
        dialect.header,
        schema,
        wanted,
        extra_spellings=config.entetes.get(schema.kind, {}),
        path=path,
    )
    hashing = _HASHER.submit(sniff.sha256_of, path)
    report = SourceReport(
        str(path),
        "",
        schema.kind,
        "csv",
        0,
        encoding="utf-8-sig" if facts.has_bom else facts.encoding,
        delimiter=dialect.delimiter,
    )
    raw = tuple(f"c{i}" for i in range(len(dialect.header)))
    blank_before = dialect.skip_lines - sep_line
    layout = Layout(raw, positions, first_row=blank_before + 2, headers=dialect.header)
    with _utf8_copy(path, facts.encoding) as utf8_path:

        def scan() -> pl.LazyFrame:
            # une colonne de plus que l'en-tête : une ligne qui a trop de champs y laisse
            # une valeur, repérée quelles que soient les colonnes que la commande lit
            return pl.scan_csv(
                utf8_path,
                has_header=False,
                separator=dialect.delimiter,
                skip_rows=dialect.skip_lines + 1,
                schema=dict.fromkeys((*raw, EXTRA), pl.String),
                quote_char='"',
                truncate_ragged_lines=True,
                missing_columns="insert",
                raise_if_empty=False,
            )

        staged = not _kept_in_memory(
            _estimate(head, dialect, positions, schema, facts.size), *_memory_limits(config)
        )
        try:
            frame = _collect(scan(), schema, wanted, layout, config, stage=staged)
        except pl.exceptions.PolarsError:
            raise polars_error(path, utf8_path, facts.encoding) from None
        report.sha256 = hashing.result()
        return _finish(
            frame,
            schema,
            wanted,
            layout,
            report,
            config,
            options,
            path,
            full_rows=scan,
            raw_lines=lambda: written_lines(utf8_path, dialect.skip_lines + 1),
            in_memory=not staged,
        )


def _estimate(
    head: str,
    dialect: sniff.CsvDialect,
    positions: Mapping[str, int],
    schema: ExportSchema,
    size: int,
) -> int:
    """La place estimée (octets) des colonnes typées (``positions`` : nom -> position
    dans la ligne) d'une lecture de ``size`` octets dont ``head`` est le début
    (:func:`gipkit.io.footprint.estimated_bytes` : lignes estimées × octets de chaque
    colonne lue selon son type) ; sans ligne de données entière dans ce début, le texte
    lu (taille du fichier × part des colonnes lues)."""
    estimate = footprint.estimated_bytes(
        head,
        delimiter=dialect.delimiter,
        skip_lines=dialect.skip_lines,
        positions=positions,
        schema=schema,
        file_size=size,
    )
    if estimate is None:
        width = len(dialect.header)
        unread = width - len(set(positions.values()))
        estimate = round(size * (1 - unread / max(width, 1)))
    return estimate


def _kept_in_memory(estimate: int, file_limit: int, limit: int) -> bool:
    """Les colonnes typées d'une lecture de place estimée ``estimate`` restent-elles en
    mémoire (plus vite), plutôt que de passer par un Parquet temporaire (lecture en flux,
    mémoire bornée) ? Oui si elles tiennent dans ``file_limit`` octets (``[limites]
    tableau_en_memoire_max_mo``) ; pour une lecture partagée d'un bloc
    ``one_read_per_file``, si elles tiennent aussi dans ce que les autres lectures gardées
    en mémoire laissent de ``limit`` (``lectures_en_memoire_max_mo``,
    :mod:`gipkit.io.budget`).

    Par défaut 350 Mo. Mesuré, pointe de la commande en mémoire : `serci heures` 2,5 M
    lignes (estimation 345 Mo) 0,65-0,74 Go, 2,3-2,6 s (par le Parquet : 0,51-0,55 Go,
    2,75-2,85 s) ; `ml tout` × 50 (événements : 319 Mo) 0,75 Go ; à l'échelle nationale,
    tout en mémoire (événements : 1,9 Go estimés), `ml tout` −15 % pour 3,8 Go au lieu
    de 2,1 Go. Avant, le seuil portait sur le texte lu (200 Mo), qui ne dit pas ce que
    coûtent des libellés rangés en codes : 4 octets par cellule, quelle que soit la
    longueur du texte."""
    memory, reading = _MEMORY.get(), _READING.get()
    if memory is None or reading is None:
        return estimate <= file_limit
    key, ticket = reading
    return memory.in_memory(key, estimate, limit=limit, file_limit=file_limit, ticket=ticket)


def _is_excel(path: Path) -> bool:
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


@contextmanager
def _utf8_copy(path: Path, encoding: str) -> Iterator[Path]:
    """Le fichier lui-même s'il est en UTF-8, sinon sa copie transcodée
    (:func:`gipkit.io.transcode.temporary_copy`)."""
    if encoding == sniff.UTF8:
        yield path
        return
    with transcode.temporary_copy(path, encoding) as copy:
        yield copy


def _collect(
    lf: pl.LazyFrame,
    schema: ExportSchema,
    wanted: Sequence[str],
    layout: Layout,
    config: Config,
    *,
    stage: bool = True,
) -> pl.LazyFrame:
    """Type les colonnes voulues et calcule les drapeaux de contrôle, en une requête.

    La requête est construite par étapes nommées (texte de la cellule, :func:`_cell`,
    puis valeur typée, puis drapeaux) : chaque expression coûteuse n'est évaluée
    qu'une fois, au lieu d'être recopiée dans chaque expression qui l'utilise. Une
    cellule de texte faite d'espaces devient ``""`` à la première étape et compte comme
    absente ; dans une colonne typée, elle l'est par la voie complète.

    Les valeurs sont typées en deux voies : pendant la lecture en flux, leur forme
    courante seulement, en expressions polars pures (:func:`values.common_form`) ;
    ensuite, les valeurs distinctes restées non lues passent par la voie complète
    (:func:`_retyped`). L'empreinte de chaque ligne (:func:`_row_print`), pour les
    doublons exacts, porte sur les valeurs lues : le texte sans espaces autour d'une
    colonne de texte, la valeur typée d'une autre — deux cellules au même texte sans
    espaces autour ont la même valeur (propriété testée), donc deux lignes aux mêmes
    champs la même empreinte.
    """
    present = [n for n in wanted if n in layout.positions]
    stripped = [
        _cell(pl.col(layout.raw_columns[layout.positions[n]]), schema.column(n)).alias(f"__r_{n}")
        for n in present
    ]
    typed: list[pl.Expr] = []
    checked: list[pl.Expr] = []
    flags: list[pl.Expr] = []
    #: colonne typée -> (libellés normalisés -> codes, libellés écrits -> codes)
    lookups: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
    keep: list[str] = [LINE, "__blank", *present]

    def empty(name: str) -> pl.Expr:
        return pl.col(f"__r_{name}").str.len_bytes().fill_null(0) == 0

    for name in present:
        spec = schema.column(name)
        raw = pl.col(f"__r_{name}")
        if spec.type is ColumnType.TEXT:
            text = pl.when(~empty(name)).then(raw)
            typed.append((identifiers.encoded(text) if spec.encoded else text).alias(name))
        else:
            labels, forms = lookups[name] = configured_labels(schema, name, config)
            typed.append(values.common_form(raw, spec, labels, forms).alias(name))
            checked.append(values.plausible(pl.col(name), spec, _years(config)).alias(name))
            bad = ~empty(name) & pl.col(name).is_null()
            flags += [bad.alias(f"__bad_{name}"), pl.when(bad).then(raw).alias(f"__raw_{name}")]
            keep += [f"__bad_{name}", f"__raw_{name}"]
        if spec.required:
            flags.append(empty(name).alias(f"__missing_{name}"))
            keep.append(f"__missing_{name}")
    if EXTRA in lf.collect_schema().names():
        # des champs vides en trop (« ;; » d'Excel en fin de ligne) sont tolérés
        extra = pl.col(EXTRA).str.strip_chars().str.len_bytes().fill_null(0) > 0
        stripped.append(extra.alias(RAGGED))
        keep.append(RAGGED)
    frame = (
        layout.numbered(lf)
        .select(LINE, *stripped)
        .with_columns(
            # ligne vide : aucune valeur dans les colonnes lues (regarder toutes les
            # colonnes obligerait polars à construire chaque champ du fichier)
            pl.all_horizontal([empty(n) for n in present]).alias("__blank"),
            *typed,
        )
        .with_columns(*checked)
        .with_columns(
            *flags,
            _values_print(present),
        )
        .select(*keep, FINGERPRINT)
        .pipe(_stage if stage else _in_memory)
    )
    fixed = _retyped(frame, schema, present, lookups, config)
    if stage or fixed is frame:
        return fixed
    # en mémoire, les valeurs reprises par la voie complète posées une fois : les
    # contrôles, les doublons et la mise au propre (:func:`_finish`) les recalculaient
    # chacun (300 fois les propositions du CLLAJ, 2,3 M lignes : 200 Mo de plus pour
    # chacune de ces trois requêtes)
    return _in_memory(fixed)


def _cell(raw: pl.Expr, spec: ColumnSpec) -> pl.Expr:
    """Le texte d'une cellule tel que la voie rapide le lit : sans espaces autour pour
    une colonne de texte (sa valeur), tel qu'écrit pour une colonne typée.

    Retirer les espaces de chaque cellule coûtait la moitié d'une lecture nue (3,5 M
    événements, neuf colonnes : 0,71 → 1,19 s) ; pour une colonne typée, c'est inutile :
    la forme courante (:func:`values.common_form`) n'a pas d'espaces autour, et une
    cellule qui en a échoue à la voie rapide puis passe par la voie complète, qui les
    retire (:func:`_retyped`), comme une cellule faite d'espaces, rendue à l'absence.
    """
    return raw.str.strip_chars() if spec.type is ColumnType.TEXT else raw


def _values_print(present: Sequence[str]) -> pl.Expr:
    """La colonne ``FINGERPRINT`` : l'empreinte (:func:`_row_print`) des valeurs lues des
    colonnes ``present`` — la même pendant la lecture et après la voie complète
    (:func:`_retyped`), qui la met à jour pour les valeurs reprises
    (:func:`_adjusted_print`)."""
    return _row_print([pl.col(n) for n in present]).alias(FINGERPRINT)


def _adjusted_print(present: Sequence[str], names: Sequence[str], *, sign: int) -> pl.Expr:
    """``FINGERPRINT`` sans (``sign`` = -1) ou avec (+1) l'empreinte des champs des
    colonnes ``names`` (parmi ``present``, chacune avec sa graine de :func:`_row_print`) :
    la somme, modulo 2⁶⁴, ôte puis rajoute une colonne dont la voie complète a repris des
    valeurs, sans relire les autres. Recalculer l'empreinte entière lisait toutes les
    colonnes typées : un export qui a une colonne de liste (toute passée par la voie
    complète), 2 M lignes par le Parquet temporaire, chargeait 1,5 Go pour cette seule
    empreinte.

    >>> df = pl.DataFrame({"a": ["x", "y"], "b": [1, None]})
    >>> before = df.with_columns(_values_print(["a", "b"]))
    >>> after = (
    ...     before.with_columns(_adjusted_print(["a", "b"], ["b"], sign=-1))
    ...     .with_columns(pl.col("b").fill_null(7))
    ...     .with_columns(_adjusted_print(["a", "b"], ["b"], sign=1))
    ... )
    >>> after.equals(after.with_columns(_values_print(["a", "b"])))
    True
    """
    fields = _row_print([pl.col(n) for n in names], seeds=[present.index(n) for n in names])
    prints = pl.col(FINGERPRINT)
    return (prints + fields if sign > 0 else prints - fields).alias(FINGERPRINT)


def _row_print(fields: Sequence[pl.Expr], seeds: Sequence[int] | None = None) -> pl.Expr:
    """L'empreinte de 64 bits d'une ligne, sur les valeurs de ses colonnes lues
    (``fields`` ; ``seeds`` : la graine de chacun, par défaut sa position — celle de sa
    colonne parmi les colonnes lues, que :func:`_adjusted_print` redonne pour une partie
    d'entre elles), calculée pendant la lecture : deux lignes aux mêmes champs ont la
    même ; deux lignes différentes peuvent la partager — elle ne fait que désigner les
    candidates aux doublons exacts, comparées ensuite (:func:`exact_duplicates`).

    La somme (modulo 2⁶⁴) des empreintes de chaque champ, chacune avec sa propre graine :
    la même valeur dans deux colonnes ne compte pas pareil, et deux lignes différentes
    ne la partagent qu'avec une probabilité de l'ordre de 2⁻⁶⁴. Mesuré (3,5 M
    événements, neuf colonnes, en mémoire, sept lancements alternés) : lecture 1,19 →
    1,13 s en médiane, contre l'empreinte d'une structure des champs, qui les
    assemblait d'abord.

    Une seule empreinte pendant la lecture, non deux : la seconde, qui confirmait les
    candidates, coûtait 1,2 s sur les 21 M événements de l'échelle nationale pour des
    lignes d'ordinaire toutes différentes ; elle est maintenant calculée pour les seules
    candidates, à leur relecture.

    >>> df = pl.DataFrame({"a": ["x", "y", "x"], "b": ["y", "x", "y"]})
    >>> prints = df.select(_row_print([pl.col("a"), pl.col("b")])).to_series()
    >>> prints[0] == prints[2], prints[0] != prints[1]
    (True, True)
    """
    chosen = range(len(fields)) if seeds is None else seeds
    return pl.sum_horizontal(field.hash(seed=i) for field, i in zip(fields, chosen, strict=True))


def _retyped(
    frame: pl.LazyFrame,
    schema: ExportSchema,
    present: Sequence[str],
    lookups: Mapping[str, tuple[dict[str, str], dict[str, str]]],
    config: Config,
) -> pl.LazyFrame:
    """La voie complète (:func:`values.typed` : ``1 234,5``, ``2025-03-14``, libellé
    sans accents ni casse, espaces autour…) pour les cellules que la voie rapide n'a pas
    lues.

    Elle ne travaille que sur leurs **valeurs distinctes**, puis les rapporte aux
    cellules ; drapeaux et valeurs non lues sont recalculés, et l'empreinte des lignes
    (:func:`_row_print`, sur les valeurs lues) aussi. Une cellule d'une colonne typée
    faite d'espaces (la voie rapide lit ces colonnes telles qu'écrites, :func:`_cell`)
    redevient absente : ni invalide, ni valeur, manquante si la colonne est obligatoire,
    et une ligne sans autre valeur est vide. Les colonnes dont la voie rapide a tout lu
    (d'ordinaire la plupart) sont reconnues à leurs drapeaux, un booléen par cellule :
    leurs valeurs non lues, toutes vides, ne sont pas relues (à l'échelle nationale,
    21 M événements : 0,9 s de relecture évitée). Aucune valeur distincte à reprendre :
    le tableau est rendu tel quel.
    """
    if not lookups:
        return frame
    flagged = frame.select(pl.col(f"__bad_{n}").any() for n in lookups).collect(
        engine=CHECKS_ENGINE
    )
    names = [n for n in lookups if flagged[f"__bad_{n}"].item()]
    if not names:
        return frame
    left = frame.select(
        pl.col(f"__raw_{n}").drop_nulls().unique().implode() for n in names
    ).collect(engine="streaming")
    fixes: list[str] = []
    recovered: list[pl.Expr] = []
    spaces: list[str] = []  # colonnes où une cellule n'est faite que d'espaces
    for name in names:
        labels, forms = lookups[name]
        written = left[f"__raw_{name}"][0]
        if (written.str.strip_chars().str.len_bytes() == 0).any():
            spaces.append(name)
        expr = values.recovered(
            pl.col(f"__raw_{name}"),
            written,
            schema.column(name),
            labels,
            separator=schema.multi_value_separator,
            forms=forms,
            years=_years(config),
        )
        if expr is not None:
            fixes.append(name)
            recovered.append(pl.coalesce(pl.col(name), expr).alias(name))
    if not fixes and not spaces:
        return frame
    blank = {
        n: pl.col(f"__raw_{n}").str.strip_chars().str.len_bytes().eq(0).fill_null(False)
        for n in spaces
    }
    names_in = set(frame.collect_schema().names())
    missing = [n for n in spaces if f"__missing_{n}" in names_in]
    touched = list(dict.fromkeys([*fixes, *spaces]))  # dans l'ordre des colonnes
    if fixes:  # l'empreinte des lignes sans les valeurs d'avant, puis avec les reprises
        frame = frame.with_columns(_adjusted_print(present, fixes, sign=-1))
    out = (
        frame.with_columns(*recovered)
        .with_columns(
            (pl.col(f"__bad_{n}") & pl.col(n).is_null() & ~blank.get(n, pl.lit(False))).alias(
                f"__bad_{n}"
            )
            for n in touched
        )
        .with_columns(
            *(
                pl.when(pl.col(f"__bad_{n}")).then(pl.col(f"__raw_{n}")).alias(f"__raw_{n}")
                for n in touched
            ),
            *((pl.col(f"__missing_{n}") | blank[n]).alias(f"__missing_{n}") for n in missing),
        )
    )
    if spaces:  # une valeur absente, sauf une valeur illisible : signalée
        out = out.with_columns(
            pl.all_horizontal(
                pl.col(n).is_null() & ~pl.col(f"__bad_{n}") if n in lookups else pl.col(n).is_null()
                for n in present
            ).alias("__blank")
        )
    if fixes:
        out = out.with_columns(_adjusted_print(present, fixes, sign=1))
    return out


def _years(config: Config) -> tuple[int, int]:
    return (config.limites.annee_min, config.limites.annee_max)


_STAGING: list[tempfile.TemporaryDirectory[str]] = []
_STAGING_LOCK = threading.Lock()


def _in_memory(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Un petit fichier : ses colonnes typées tiennent en mémoire, sans aller-retour par
    un Parquet temporaire (qui coûte plus que la lecture elle-même)."""
    return lf.collect().lazy()


def _stage(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Exécute ``lf`` en flux vers un Parquet temporaire et rend sa relecture paresseuse."""
    with _STAGING_LOCK:  # des lectures lancées d'avance peuvent arriver ensemble
        if not _STAGING:
            # dossier privé (droits 0700), supprimé à la fin du processus
            _STAGING.append(tempfile.TemporaryDirectory(prefix="gipkit-"))
    fd, name = tempfile.mkstemp(suffix=".parquet", dir=_STAGING[0].name)
    os.close(fd)
    # identifiants et codes des libellés écrits en entiers, sans leur texte
    # (:mod:`gipkit.io.identifiers`)
    kinds = {n: t for n, t in lf.collect_schema().items() if t in identifiers.CATEGORIES}
    lf.with_columns(identifiers.to_codes(pl.col(n)) for n in kinds).sink_parquet(
        name, compression="lz4"
    )
    return pl.scan_parquet(name).with_columns(
        identifiers.from_codes(pl.col(n), t) for n, t in kinds.items()
    )


def _finish(
    frame: pl.LazyFrame,
    schema: ExportSchema,
    wanted: Sequence[str],
    layout: Layout,
    report: SourceReport,
    config: Config,
    options: ReadOptions,
    path: Path,
    *,
    full_rows: Callable[[], pl.LazyFrame],
    raw_lines: Callable[[], pl.LazyFrame] | None = None,
    in_memory: bool = False,
) -> tuple[pl.LazyFrame, SourceReport]:
    """Signale les valeurs invalides, écarte lignes vides et doublons exacts, complète les
    colonnes absentes.

    ``full_rows`` relit toutes les colonnes brutes du fichier, ``raw_lines`` ses lignes
    telles qu'écrites (:func:`gipkit.io.duplicates.written_lines`) : ils ne servent que si
    des lignes ont la même empreinte sur les colonnes lues (d'ordinaire aucune).

    ``in_memory`` : ``frame`` est en mémoire (non relu d'un Parquet temporaire) ; les
    lignes gardées y sont alors calculées une fois, sans les colonnes de contrôle
    (empreinte, drapeaux, valeurs brutes), au lieu de l'être par chaque calcul qui les
    lit : la mémoire de ces colonnes est rendue, et les valeurs reprises par la voie
    complète (:func:`_retyped`) ne sont reprises qu'une fois. Sans ligne écartée, aucun
    filtre : les colonnes gardées sont celles du tableau lu, sans copie.
    """
    names = frame.collect_schema().names()
    flags = [c for c in names if c.startswith(("__bad_", "__missing_"))]
    used = ~pl.col("__blank")
    ragged = [pl.col(RAGGED).sum().alias(RAGGED)] if RAGGED in names else []
    counts = frame.select(
        pl.len().alias("__rows"),
        pl.col("__blank").sum().alias("__blanks"),
        *ragged,
        *(pl.col(f).filter(used).sum().alias(f) for f in flags),
    ).collect(engine=CHECKS_ENGINE)
    report.rows_read = int(counts["__rows"].item())
    n_ragged = int(counts[RAGGED].item() or 0) if ragged else 0
    failing = [f for f in flags if counts[f].item()]
    if options.skip_invalid and (failing or n_ragged):
        reason = _invalid_reason(failing, n_ragged > 0, schema, wanted)
        tallies = (
            frame.filter(used)
            .select(reason.alias("__motif"))
            .drop_nulls()
            .group_by("__motif")
            .len()
            .collect(engine=CHECKS_ENGINE)
        )
        skipped = 0
        for motif, n in tallies.iter_rows():
            report.exclude(str(motif), int(n))
            skipped += int(n)
        used = used & reason.is_null()
        journal.current().warn(
            f"{path} : {count_text(skipped)} ligne(s) invalides écartées "
            "(--ecarter-invalides) ; leurs motifs sont dans le bilan de lecture"
        )
        failing, n_ragged = [], 0
    if n_ragged:
        raise ragged_error(frame, n_ragged, layout, path, config)
    if failing:
        found = value_problems(frame.filter(used), failing, schema, wanted, config, options)
        raise InvalidDataError(
            f"{path} : {len(found)} problème(s) de valeurs.",
            details=[
                *found,
                "aucune valeur n'est recopiée ici (données personnelles) ; "
                "--montrer-valeurs les affiche",
                SKIP_HINT,
            ],
        )
    report.exclude(BLANK_REASON, int(counts["__blanks"].item() or 0))
    duplicates = exact_duplicates(
        frame.filter(used), full_rows, layout, raw_lines, rows=report.rows_read
    )
    if schema.row_key:
        report.exclude(DUPLICATE_REASON, duplicates.len())
        if not duplicates.is_empty():
            used = used & ~pl.col(LINE).is_in(duplicates.implode())
        report.unique_key = key_conflicts(frame.filter(used), schema, layout, path)
    elif not duplicates.is_empty():
        journal.current().warn(
            f"{path} : {count_text(duplicates.len())} ligne(s) identiques à une autre "
            "ligne, gardées : "
            f"l'export « {schema.title} » n'a pas d'identifiant de ligne, et deux faits "
            "réels peuvent s'y écrire à l'identique"
        )
    keep = [LINE, *(n for n in wanted if n in layout.positions)]
    out = (frame.filter(used) if report.excluded else frame).select(keep)
    if in_memory:
        out = out.collect(engine=CHECKS_ENGINE).lazy()
    missing = [n for n in wanted if n not in layout.positions]
    report.found = tuple(n for n in wanted if n in layout.positions)
    report.absent = tuple(missing)
    for name in missing:
        close = suggestion(schema.column(name).spellings(), layout.headers)
        if close is not None:
            report.near[name] = close
    if missing:
        out = out.with_columns(pl.lit(None, dtype=_dtype(schema, n)).alias(n) for n in missing)
    return out.select([LINE, *wanted]), report


def _invalid_reason(
    failing: Sequence[str], ragged: bool, schema: ExportSchema, wanted: Sequence[str]
) -> pl.Expr:
    """Le motif d'exclusion d'une ligne fautive (``None`` pour une ligne saine) : un seul
    par ligne, le premier dans l'ordre des colonnes, pour que lues = utilisées + écartées."""
    cases: list[tuple[pl.Expr, str]] = []
    if ragged:
        cases.append((pl.col(RAGGED), "ligne à champs en trop (cellules décalées)"))
    for name in wanted:
        spec = schema.column(name)
        if f"__missing_{name}" in failing:
            cases.append((pl.col(f"__missing_{name}"), f"valeur manquante, colonne `{name}`"))
        if f"__bad_{name}" in failing:
            cases.append(
                (pl.col(f"__bad_{name}"), f"valeur invalide, colonne `{name}` ({spec.title})")
            )
    expr: Any = pl.when(cases[0][0]).then(pl.lit(cases[0][1]))
    for condition, text in cases[1:]:
        expr = expr.when(condition).then(pl.lit(text))
    result: pl.Expr = expr.otherwise(pl.lit(None, dtype=pl.String))
    return result


def _dtype(schema: ExportSchema, name: str) -> pl.DataType:
    spec = schema.column(name)
    if spec.encoded:
        return identifiers.IDENTIFIER
    if spec.type is ColumnType.CATEGORY:
        return values.category_type(spec)
    kind = spec.type
    return {
        ColumnType.TEXT: pl.String(),
        ColumnType.INTEGER: pl.Int64(),
        ColumnType.NUMBER: pl.Float64(),
        ColumnType.DATE: pl.Date(),
        ColumnType.BOOLEAN: pl.Boolean(),
        ColumnType.MULTI_CATEGORY: pl.List(pl.String()),
    }[kind]


def _read_excel(
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
    facts = workbook.inspect(
        path,
        max_bytes=int(limits.xlsx_decompresse_max_mo * 1e6),
        max_cells=limits.xlsx_cellules_max,
    )
    # le lecteur tient toute la feuille : au-delà de ce qu'un tableau peut garder en
    # mémoire, le classeur se lit seul (:mod:`gipkit.io.gate`)
    heavy = facts.cells * workbook.CELL_BYTES > limits.tableau_en_memoire_max_mo * 1e6
    with gate.READS.alone() if heavy else gate.READS.shared():
        try:
            return _read_sheet_export(path, schema, wanted, config, options)
        finally:
            workbook.release_freed_memory()


def _read_sheet_export(
    path: Path,
    schema: ExportSchema,
    wanted: Sequence[str],
    config: Config,
    options: ReadOptions,
) -> tuple[pl.LazyFrame, SourceReport]:
    """La feuille d'un classeur lue comme un export (:func:`_read_excel`)."""
    position, sheet, sheets = _sheet_position(path, options.sheet)
    extra = config.entetes.get(schema.kind, {})
    needed = _needed_columns(path, position, schema, wanted, extra)
    if needed is not None:
        data, index, headers, full_rows = needed
    else:
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
    frame = _collect(data.lazy(), schema, wanted, layout, config, stage=False)
    report = SourceReport(str(path), sniff.sha256_of(path), schema.kind, "xlsx", 0, sheet=sheet)
    return _finish(
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
    head = workbook.head_rows(path, position, sniff.HEADER_SEARCH)
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
    data, columns = _load_sheet(path, position, lambda i: i in chosen)
    if sorted(columns) != sorted(chosen):
        return None
    rows = _named_after_header(data, columns, headers)
    if rows is None:
        return None
    width = len(headers)

    def full_rows() -> pl.LazyFrame:
        every, at = _load_sheet(path, position, lambda i: i < width)
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
    return data.with_columns(pl.all().cast(pl.String))


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
    return data.with_columns(pl.all().cast(pl.String)), kept
