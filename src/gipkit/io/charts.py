"""Graphiques du rapport : quel graphique pour quel tableau, et ce qu'il dessine.

Jamais de chiffre tapé à la main : chaque barre vient d'une case du tableau, qui est
publié juste à côté. Les cases masquées par le secret statistique ne sont pas dessinées,
et la légende le dit. Le dessin lui-même (matplotlib, SVG ou PNG déterministes) est dans
:mod:`gipkit.drawing` ; :func:`render_charts` dessine les graphiques d'un rapport en
parallèle.
"""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, Literal, overload

from gipkit.drawing import (
    Bars,
    Drawing,
    Format,
    History,
    draw,
    draw_many,
    french,
    prepare_process,
)
from gipkit.io import processes

if TYPE_CHECKING:
    from gipkit.results import Table

MAX_BARS = 15


def chart_kind(table: Table) -> str | None:
    """La sorte de graphique d'un tableau, déclarée avec sa section (``gipkit.chapters``) :
    « barres » pour une répartition, « classement » pour les premiers de l'année,
    « historique » pour une série d'années ; ``None``
    pour un tableau déclaré sans graphique, non déclaré, ou que son contenu de l'année rend
    impropre aux barres (moins de 2 lignes, plus de :data:`MAX_BARS`, des sous-totaux, pas
    d'effectif)."""
    from gipkit.chapters import declared_outputs

    declared = declared_outputs().get(table.id)
    kind = declared.chart if declared is not None else None
    if kind == "historique":
        drawn = any(c.unit != "texte" for c in table.columns) and table.rows
        return kind if drawn and _any_value(table, _history_column(table)) else None
    if kind in ("barres", "classement"):
        j = count_column(table)
        drawable = table.columns[0].unit == "texte" and j is not None and _any_value(table, j)
        if drawable and 2 <= len(table.rows) <= MAX_BARS and not table.subtotals:
            return kind
    return None


def _any_value(table: Table, j: int | None) -> bool:
    """Au moins une case de la colonne ``j`` a une valeur (hors cases masquées) : un
    graphique sans aucune barre ne dirait rien."""
    secret = {i for i, _ in table.secret}
    return j is not None and any(
        r[j] is not None for i, r in enumerate(table.rows) if i not in secret
    )


def _values(cells: Iterable[Any]) -> tuple[list[float], int]:
    """Les valeurs dessinées d'une colonne, ``nan`` pour une case sans valeur (un chiffre
    qui n'a pas pu être calculé n'est pas dessiné comme un 0 : pas de barre), et le
    nombre de ces cases."""
    values = [math.nan if v is None else float(v) for v in cells]
    return values, sum(math.isnan(v) for v in values)


def _said(labels: Sequence[str], values: Sequence[float]) -> str:
    """« libellé valeur ; … » d'un texte de remplacement, « sans valeur » pour ``nan``."""
    return "; ".join(
        f"{lab} {'sans valeur' if math.isnan(v) else french(v)}"
        for lab, v in zip(labels, values, strict=True)
    )


def count_column(table: Table) -> int | None:
    """La colonne dessinée : les heures s'il y en a (ce que le rapport montre), sinon le
    premier effectif additif."""
    for unit in ("heures", "nombre"):
        for j, column in enumerate(table.columns):
            if column.unit == unit and column.additive and column.counts:
                return j
    return None


def _bars(table: Table, *, ranked: bool = False) -> tuple[Bars, str]:
    """Ce que dessinent les barres d'un tableau, et leur texte de remplacement ;
    ``ranked`` : un classement, dessiné sur ses seules lignes de N."""
    from gipkit.results import row_label  # les processus de dessin ne chargent pas polars

    j = count_column(table)
    assert j is not None
    secret = {i for i, _ in table.secret}
    now = {row_label(r): r[j] for i, r in enumerate(table.rows) if i not in secret}
    labels = list(now)
    previous: list[float] | None = None
    missing = 0
    if table.previous is not None:
        prev_secret = {i for i, _ in table.previous.secret}
        by_label = {
            row_label(r): r[j] for i, r in enumerate(table.previous.rows) if i not in prev_secret
        }
        # une ligne de N-1 seulement (une tranche vide en N) garde sa barre de N-1, à sa
        # place : sans elle, les barres de N-1 ne faisaient plus leur total
        if not ranked:
            labels = _merged(labels, list(by_label))
        # une ligne absente de N-1 ou masquée n'a pas de barre de N-1, non une barre nulle
        previous, missing = _values(by_label.get(label) for label in labels)
    values, missing_now = _values(now.get(label) for label in labels)
    column = table.columns[j].label
    spec = Bars(
        labels=tuple(labels),
        values=tuple(values),
        title=f"{column} ({table.year})",
        year=str(table.year),
        previous=tuple(previous) if previous is not None else None,
        previous_year=str(table.previous.year) if table.previous else "N-1",
        hidden=len(secret),
        missing=missing_now,
        missing_previous=missing,
    )
    alt = f"Graphique en barres : {column.lower()} par {table.columns[0].label.lower()}, " + (
        _said(labels, values)
    )
    if missing and table.previous is not None:
        alt += f" ({missing} ligne(s) sans valeur publiée en {table.previous.year})"
    return spec, alt


def _merged(now: Sequence[str], before: Sequence[str]) -> list[str]:
    """Les libellés de N, et ceux de N-1 qui n'y sont pas, placés comme dans N-1 : avant
    le premier libellé commun qui les suit, ou à la fin.

    >>> _merged(["16-17", "18-21"], ["-16", "16-17", "18-21", "26+"])
    ['-16', '16-17', '18-21', '26+']
    """
    shared = set(now)
    ahead: dict[str, list[str]] = {}
    pending: list[str] = []
    for label in before:
        if label in shared:
            ahead.setdefault(label, []).extend(pending)
            pending = []
        else:
            pending.append(label)
    return [x for label in now for x in (*ahead.get(label, ()), label)] + pending


def _history(table: Table) -> tuple[History, str]:
    """Ce que dessine l'historique d'un tableau, et son texte de remplacement."""
    from gipkit.results import row_label

    years = [row_label(r) for r in table.rows]
    j = _history_column(table)
    assert j is not None
    values, missing = _values(r[j] for r in table.rows)
    column = table.columns[j].label
    alt = f"Histogramme : {column.lower()} par année, " + _said(years, values)
    return History(tuple(years), tuple(values), f"{column} par année", missing), alt


def _history_column(table: Table) -> int | None:
    """La colonne dessinée d'un historique : l'effectif (:func:`count_column`), sinon la
    première colonne chiffrée."""
    j = count_column(table)
    if j is None:
        j = next((i for i, c in enumerate(table.columns) if c.unit != "texte"), None)
    return j


def drawing_of(table: Table) -> tuple[Drawing, str] | None:
    """Le graphique d'un tableau (ce qu'il faut dessiner, texte de remplacement), ou
    ``None`` (:func:`chart_kind`)."""
    kind = chart_kind(table)
    if kind in ("barres", "classement"):
        return _bars(table, ranked=kind == "classement")
    if kind == "historique":
        return _history(table)
    return None


def bar_chart(table: Table) -> tuple[str, str]:
    """Barres horizontales de l'effectif de chaque ligne (N, et N-1 à côté s'il existe).

    Rend (SVG, texte de remplacement).
    """
    spec, alt = _bars(table)
    return draw(spec, "svg"), alt


#: clé d'un graphique : identifiant et année de son tableau
ChartKey = tuple[str, int]
#: graphiques au-dessous desquels on dessine dans le processus même : lancer un processus
#: et y importer matplotlib (~0,5 s) coûte plus que ce qu'il ferait
PARALLEL_MIN = 4
#: processus de dessin au plus
MAX_WORKERS = 8


def chart_key(table: Table) -> ChartKey:
    """La clé d'un tableau dans :func:`render_charts`."""
    return (table.id, table.year)


#: graphiques donnés à dessiner d'un coup à un processus : assez pour que l'envoi compte
#: peu, assez peu pour que les premiers graphiques du document arrivent vite
BATCH = 3


class DrawnCharts:
    """Les graphiques de ``tables``, dessinés en parallèle par des processus (un par cœur,
    :data:`MAX_WORKERS` au plus) **pendant que le document se construit** : chacun est
    attendu quand il est demandé (:meth:`get`), par lots de :data:`BATCH` dans l'ordre
    du document. Le rapport Word construit ainsi ses tableaux (~2,5 s à 50 fois les
    fixtures, un cœur) pendant que ses 58 graphiques se dessinent (~4,3 s sur deux).

    Un rapport a des dizaines de graphiques et matplotlib en dessine un en ~0,1 s sur un
    seul cœur. Les processus, lancés par ``spawn`` (le mode de Windows et de macOS ; sous
    Linux, ``fork`` après les fils de polars peut bloquer), n'importent que
    :mod:`gipkit.drawing` et matplotlib, et reçoivent des données déjà préparées ; le
    résultat est identique octet pour octet à un dessin dans le processus même. Des
    processus qui ne peuvent être lancés (application figée, environnement qui
    l'interdit, processus « démon ») ou qui s'arrêtent en route font dessiner ce qui
    reste ici, sans rien changer au résultat. ``workers`` : nombre de processus imposé
    (1 : tout dans ce processus). À utiliser comme gestionnaire de contexte : en sortant,
    les processus sont arrêtés et le dessin qui n'a pas été demandé, abandonné.

    ``early`` : les processus sont lancés tout de suite, avant même d'avoir des
    graphiques, qui viendront par :meth:`add` — ce que fait ``gipkit rapport`` : lancer
    un processus et y importer matplotlib (~0,6 s) se fait pendant le calcul du premier
    chapitre, et les graphiques d'un chapitre se dessinent pendant le calcul des
    suivants.
    """

    def __init__(
        self,
        tables: Iterable[Table],
        fmt: Format,
        *,
        workers: int | None = None,
        early: bool = False,
    ):
        self._fmt = fmt
        #: graphique -> (lot, rang dans le lot), dans l'ordre du document
        self._where: dict[ChartKey, tuple[int, int]] = {}
        self._alts: dict[ChartKey, str] = {}
        self._batches: list[list[Drawing]] = []
        self._drawn: dict[int, list[Any]] = {}
        self._futures: dict[int, Future[list[Any]]] = {}
        self._pool: ProcessPoolExecutor | None = None
        jobs = self._new_jobs(tables)
        count = workers if workers is not None else min(processes.available_cores(), MAX_WORKERS)
        if not early:
            count = min(count, len(jobs))
            if workers is None and len(jobs) < PARALLEL_MIN:
                count = 1
        if count > 1:
            self._start(count, warm=early)
        self._submit(jobs)

    def add(self, tables: Iterable[Table]) -> None:
        """Ajoute les graphiques de ``tables`` (ceux qui ne sont pas déjà là), après les
        autres dans l'ordre du document ; ils partent au dessin tout de suite."""
        self._submit(self._new_jobs(tables))

    def _new_jobs(self, tables: Iterable[Table]) -> list[tuple[ChartKey, Drawing, str]]:
        jobs: list[tuple[ChartKey, Drawing, str]] = []
        seen = set(self._where)
        for table in tables:
            key = chart_key(table)
            if key in seen or (found := drawing_of(table)) is None:
                continue
            seen.add(key)
            jobs.append((key, found[0], found[1]))
        return jobs

    def _submit(self, jobs: Sequence[tuple[ChartKey, Drawing, str]]) -> None:
        for i in range(0, len(jobs), BATCH):
            batch = len(self._batches)
            part = jobs[i : i + BATCH]
            self._batches.append([spec for _, spec, _ in part])
            for position, (key, _, alt) in enumerate(part):
                self._where[key] = (batch, position)
                self._alts[key] = alt
            if self._pool is not None:
                try:
                    self._futures[batch] = self._pool.submit(
                        draw_many, self._batches[batch], self._fmt
                    )
                except (OSError, BrokenProcessPool, RuntimeError):
                    self.close()  # le reste sera dessiné ici

    def _start(self, count: int, *, warm: bool = False) -> None:
        if not processes.can_start_python() or multiprocessing.current_process().daemon:
            return
        try:
            context = multiprocessing.get_context("spawn")
            pool = ProcessPoolExecutor(
                max_workers=count,
                mp_context=context,
                initializer=prepare_process,
                initargs=(self._fmt,),
            )
            if warm:  # une tâche vide par processus les fait tous lancer maintenant
                for _ in range(count):
                    pool.submit(int)
        except (OSError, BrokenProcessPool):
            return
        self._pool = pool

    def get(self, key: ChartKey) -> tuple[Any, str] | None:
        """L'image et le texte de remplacement du graphique du tableau ``key``
        (:func:`chart_key`), ``None`` si le tableau n'en a pas."""
        return self._image(key) if key in self._where else None

    def every(self) -> dict[ChartKey, tuple[Any, str]]:
        """Tous les graphiques, attendus dans l'ordre du document."""
        return {key: self._image(key) for key in self._where}

    def _image(self, key: ChartKey) -> tuple[Any, str]:
        batch, position = self._where[key]
        if batch not in self._drawn:
            self._drawn[batch] = self._batch(batch)
        return self._drawn[batch][position], self._alts[key]

    def _batch(self, batch: int) -> list[Any]:
        future = self._futures.get(batch)
        if future is not None:
            try:
                return future.result()
            except (OSError, BrokenProcessPool):  # processus arrêtés : le reste ici
                self.close()
        return draw_many(self._batches[batch], self._fmt)

    def close(self) -> None:
        """Arrête les processus de dessin ; ce qui n'a pas été demandé n'est pas dessiné."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool, self._futures = None, {}

    def __enter__(self) -> DrawnCharts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def charted(self) -> list[ChartKey]:
        """Les tableaux qui ont un graphique, dans l'ordre du document."""
        return list(self._where)


def charts_for(
    tables: Iterable[Table], fmt: Format, drawn: DrawnCharts | None = None
) -> AbstractContextManager[DrawnCharts]:
    """Les graphiques de ``tables`` : ``drawn``, des graphiques déjà partis au dessin
    (``gipkit rapport``, :class:`DrawnCharts` ``early``), complété de ceux qui y
    manquent et laissé ouvert (son propriétaire l'arrête) ; sinon, de nouveaux
    processus, arrêtés en sortant. À utiliser comme gestionnaire de contexte."""
    if drawn is None:
        return DrawnCharts(tables, fmt)
    drawn.add(tables)
    return nullcontext(drawn)


@overload
def render_charts(
    tables: Iterable[Table], fmt: Literal["svg"], *, workers: int | None = None
) -> dict[ChartKey, tuple[str, str]]: ...
@overload
def render_charts(
    tables: Iterable[Table], fmt: Literal["png"], *, workers: int | None = None
) -> dict[ChartKey, tuple[bytes, str]]: ...
def render_charts(
    tables: Iterable[Table], fmt: Format, *, workers: int | None = None
) -> dict[ChartKey, tuple[Any, str]]:
    """Tous les graphiques de ``tables`` (:func:`chart_key` -> image, texte de
    remplacement), dessinés d'avance, en parallèle (:class:`DrawnCharts`)."""
    with DrawnCharts(tables, fmt, workers=workers) as drawn:
        return drawn.every()
