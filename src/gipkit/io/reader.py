"""Le lecteur unique des exports : CSV (tous dialectes rencontrés) et classeurs Excel.

``read_export`` lit un fichier selon le :class:`~gipkit.io.schema.ExportSchema`
de son type, ne garde que les colonnes demandées, type les valeurs, vérifie
tout et renvoie un ``DataFrame`` aux colonnes canoniques, plus une colonne
``ligne`` (numéro de ligne tel que le tableur l'affiche, en-tête = 1) et le
bilan de lecture (:class:`~gipkit.io.source.SourceReport`).

Le CSV est lu paresseusement par polars ; un fichier Windows-1252 est d'abord
transcodé en UTF-8 par blocs dans un fichier temporaire. Les vérifications
sont des colonnes de drapeaux calculées dans la même requête : le fichier est
parcouru une fois par polars, une fois pour l'empreinte.

Ce module choisit la source (CSV ou classeur, :mod:`gipkit.io.sheets`), la lecture
partagée d'un ``tout`` ou d'un rapport (une lecture par fichier, lancée d'avance,
bornée en mémoire : :mod:`gipkit.io.budget`) et le chemin du tableau typé (en mémoire
ou par un Parquet temporaire) ; le typage et les contrôles sont dans
:mod:`gipkit.io.checked`, les doublons dans :mod:`gipkit.io.duplicates`, les messages
d'erreur dans :mod:`gipkit.io.read_errors`.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from gipkit import journal
from gipkit.config import Config
from gipkit.errors import GipkitError
from gipkit.io import footprint, gate, sniff, transcode
from gipkit.io.budget import ReadBudget
from gipkit.io.checked import checked_frame, finish
from gipkit.io.duplicates import written_lines
from gipkit.io.headers import known_headers, match_headers, recognised
from gipkit.io.read_errors import polars_error
from gipkit.io.schema import ExportSchema
from gipkit.io.sheets import is_workbook, read_workbook
from gipkit.io.source import (
    EXTRA,
    LINE,
    Layout,
    ReadOptions,
    SourceReport,
)

#: un fil d'exécution vérifie le fichier au-delà de son premier bloc et calcule son
#: empreinte pendant que polars le lit (:func:`_verified`)
_HASHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gipkit-sha256")


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


def reads_shared() -> bool:
    """Vrai dans un bloc ``one_read_per_file`` : un fichier déjà demandé n'y est pas relu."""
    return _SHARED.get() is not None


def read_ahead(
    reads: Iterable[tuple[Path, ExportSchema]],
    config: Config,
    options: ReadOptions | None = None,
    *,
    workers: int,
) -> int:
    """Dans un bloc ``one_read_per_file``, lance d'avance les lectures partagées de ces
    fichiers, ``workers`` à la fois dans des fils d'exécution à part ; rend le nombre de
    lectures lancées.

    ``reads`` est dans l'ordre où les calculs les demanderont. Avec un seul fil, elles
    sont lancées dans cet ordre ; avec plusieurs, la première d'abord (le premier calcul
    l'attend), puis les autres des plus gros fichiers aux plus petits (à taille égale,
    dans l'ordre donné) : un gros fichier lancé en dernier laissait l'autre fil finir
    seul, sans rien à lire (`cllaj tout` à 1 300 fois les fixtures : les propositions,
    500 Mo, lues après les entretiens et les demandes, finissaient 1,2 s après que
    l'autre fil avait tout lu ; ainsi, lancements alternés, 7,20-7,49 → 6,95-7,14 s,
    même mémoire ; `ml tout` national, `plie tout` × 750, le rapport × 50 : inchangés).

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
    if workers > 1:
        # la taille du fichier, déjà lue dans la clé de sa lecture (:func:`_shared_key`)
        todo[1:] = sorted(todo[1:], key=lambda item: -item[2][1])
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
            if is_workbook(path):
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
        empty={n: v for n, v in whole.empty.items() if n in wanted},
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
    if is_workbook(path):
        return read_workbook(path, schema, wanted, config, options)
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
    max_bytes, max_line = int(limits.taille_max_mo * 1e6), limits.longueur_ligne_max
    # le premier bloc vérifié d'abord ; le reste pendant la lecture (:func:`_verified`)
    facts = sniff.scan_file(path, max_bytes=max_bytes, max_line=max_line, head_only=True)
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
    short = sniff.short_last_line(path, facts.encoding, dialect.delimiter, len(dialect.header))
    if short is not None:
        journal.current().warn(
            f"{path} : la dernière ligne n'a que {short} champ(s) sur les "
            f"{len(dialect.header)} de l'en-tête et ne finit pas par un retour à la ligne : "
            "le fichier est peut-être tronqué (enregistrement ou téléchargement "
            "interrompu) et sa dernière valeur coupée ; vérifiez l'extraction"
        )
    positions = match_headers(
        dialect.header,
        schema,
        wanted,
        extra_spellings=config.entetes.get(schema.kind, {}),
        path=path,
    )
    # le reste du fichier vérifié (limites, encodage) et son empreinte, en un passage,
    # pendant que polars le lit
    hashing = _HASHER.submit(_verified, path, facts, max_bytes=max_bytes, max_line=max_line)
    raw = tuple(f"c{i}" for i in range(len(dialect.header)))
    blank_before = dialect.skip_lines - sep_line
    layout = Layout(raw, positions, first_row=blank_before + 2, headers=dialect.header)
    staged = not _kept_in_memory(
        _estimate(head, dialect, positions, schema, facts.size), *_memory_limits(config)
    )

    def parse(encoding: str) -> tuple[pl.LazyFrame, SourceReport]:
        """La lecture du fichier dans ``encoding`` — refaite dans le sien si le passage
        entier en trouve un autre : un début (8 Mo) tout en ASCII, la suite en
        Windows-1252, lue à nouveau, recopiée en UTF-8 (l'en-tête, en ASCII, est le
        même)."""
        with _utf8_copy(path, encoding, verified=hashing.result) as utf8_path:

            def scan() -> pl.LazyFrame:
                # une colonne de plus que l'en-tête : une ligne qui a trop de champs y
                # laisse une valeur, repérée quelles que soient les colonnes lues
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

            frame: pl.LazyFrame | None
            try:
                frame = checked_frame(
                    scan(), schema, wanted, layout, config, stage=staged, csv_path=path
                )
            except pl.exceptions.PolarsError:
                frame = None
            # ce que le passage entier a trouvé passe avant une erreur de polars : une
            # limite dépassée (levée ici), ou un autre encodage que celui du début
            whole, sha256 = hashing.result()
            if whole.encoding != encoding:
                del frame  # la lecture d'avant n'est pas gardée pendant la suivante
                return parse(whole.encoding)
            if frame is None:
                raise polars_error(path, utf8_path, encoding)
            if whole.double_encoded:
                journal.current().warn(DOUBLE_ENCODED_WARNING.format(path=path))
            report = SourceReport(
                str(path),
                sha256,
                schema.kind,
                "csv",
                0,
                encoding="utf-8-sig" if whole.has_bom else whole.encoding,
                delimiter=dialect.delimiter,
            )
            return finish(
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

    return parse(facts.encoding)


#: ce que dit la lecture d'un fichier aux accents encodés deux fois
#: (:data:`gipkit.io.sniff.DOUBLE_ENCODED`)
DOUBLE_ENCODED_WARNING = (
    "{path} : des accents y sont encodés deux fois (« Ã© » pour « é », « Ã‰ » pour « É ») : "
    "un fichier UTF-8 ouvert comme Windows-1252 puis réenregistré ; les libellés accentués "
    "ne sont pas reconnus et les textes (communes, quartiers, employeurs…) sont comptés "
    "tels quels, abîmés — réexportez-le depuis son logiciel, ou rouvrez-le dans le tableur "
    "en choisissant l'encodage UTF-8"
)


def _verified(
    path: Path, facts: sniff.FileFacts, *, max_bytes: int, max_line: int
) -> tuple[sniff.FileFacts, str]:
    """Ce que le passage entier sur ``path`` trouve (``facts`` s'il est déjà fait : un
    petit fichier, un début en UTF-16) et son empreinte SHA-256. Lève les erreurs de
    :func:`gipkit.io.sniff.scan_file` (mêmes limites)."""
    if facts.complete:
        return facts, sniff.sha256_of(path)
    return sniff.scan_and_digest(path, max_bytes=max_bytes, max_line=max_line)


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


@contextmanager
def _utf8_copy(path: Path, encoding: str, *, verified: Callable[[], object]) -> Iterator[Path]:
    """Le fichier lui-même s'il est en UTF-8, sinon sa copie transcodée
    (:func:`gipkit.io.transcode.temporary_copy`). Une copie qui bute sur un octet que
    l'encodage ne définit pas laisse le passage entier sur le fichier (``verified``,
    fait pendant la copie : :func:`_verified`) dire l'erreur, ligne comprise, sans la
    valeur."""
    if encoding == sniff.UTF8:
        yield path
        return
    with ExitStack() as stack:
        try:
            copy = stack.enter_context(transcode.temporary_copy(path, encoding))
        except UnicodeDecodeError:
            verified()
            raise
        yield copy
