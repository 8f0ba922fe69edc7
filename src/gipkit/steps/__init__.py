"""Les calculs de chaque chapitre, enchaînés à partir de leur déclaration.

Chaque structure déclare dans :mod:`gipkit.chapters` ses calculs (``Step``) : les
extractions dont chacun a besoin, les données chargées qu'il lit (``loads``) et sa
fonction, ici dans le module de la structure. Un ``tout`` (et donc ``gipkit rapport``)
est :func:`run_steps` : chaque calcul dont les extractions sont là est fait, dans l'ordre
déclaré, sur un :class:`Run` qui charge chaque donnée une fois (:meth:`Run.shared`),
l'oublie après le dernier calcul qui la déclare, et recueille les résultats, les fichiers
lus, les paramètres et l'année N. Un tableau nouveau, c'est sa déclaration dans une
section et une fonction (un calcul de plus, ou une ligne dans un calcul existant).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from gipkit.chapters import Step, Structure
from gipkit.config import Config
from gipkit.io.exports import EXPORTS
from gipkit.io.processes import available_cores
from gipkit.io.reader import forget_reads, read_ahead
from gipkit.io.source import ReadOptions, SourceReport
from gipkit.results import Result

T = TypeVar("T")


@dataclass
class Run:
    """Le calcul d'un chapitre en cours.

    ``paths`` : chaque extraction de la structure et son fichier (``None`` : absente) ;
    ``flags`` : les options propres à la commande (``--perimetre``, ``--cle``…) ; ``year`` :
    l'année demandée, puis celle des données lues (chaque lecture prend celle des
    précédentes).
    """

    paths: dict[str, Path | None]
    config: Config
    options: ReadOptions
    flags: dict[str, Any] = field(default_factory=dict)
    year: int | None = None
    #: les calculs prévus (ceux de la commande) : un chargeur ne lit que les colonnes dont
    #: ils ont besoin
    plan: tuple[str, ...] = ()
    results: list[Result] = field(default_factory=list)
    sources: list[SourceReport] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    _loaded: dict[str, Any] = field(default_factory=dict)
    #: donnée chargée -> les extractions qu'elle reprend (``taken`` de :meth:`shared`)
    _taken: dict[str, frozenset[str]] = field(default_factory=dict)
    #: la même chose pour les données en cours de chargement
    _loading: dict[str, frozenset[str]] = field(default_factory=dict)
    #: le calcul en cours et ceux qui le suivent (:func:`run_steps`) ; ``None`` hors d'un
    #: enchaînement
    _pending: list[Step] | None = None

    def plans(self, *keys: str) -> bool:
        """Vrai si l'un de ces calculs est prévu."""
        return any(k in self.plan for k in keys)

    def record(self, settings: Any, *names: str) -> None:
        """Pose dans les paramètres du document les réglages ``names`` de ``settings``
        (une section de la configuration) dont un calcul dépend."""
        self.params.update({name: getattr(settings, name) for name in names})

    def has(self, *names: str) -> bool:
        """Vrai si chacune de ces extractions est là."""
        return all(self.paths.get(n) is not None for n in names)

    def path(self, name: str) -> Path:
        """Le fichier de l'extraction ``name`` (un calcul ne le demande que s'il l'a)."""
        found = self.paths.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def optional(self, name: str) -> Path | None:
        """Le fichier de l'extraction ``name``, ou ``None``."""
        return self.paths.get(name)

    def shared(self, key: str, load: Callable[[], T], *, taken: Iterable[str] = ()) -> T:
        """Les données ``key``, chargées au premier calcul qui les demande et gardées pour
        les suivants tant qu'un calcul à venir les déclare (``Step.loads``, voir
        :meth:`release`).

        ``taken`` : celles des extractions lues par ``load`` dont ces données gardent tout
        ce qu'en lisent les calculs qui les déclarent (``Step.loads``) — chacun de ces
        calculs lit ces extractions par elles, et par elles seules. Dans un enchaînement
        (:func:`run_steps`), leurs lectures partagées
        (:func:`~gipkit.io.reader.one_read_per_file`) sont oubliées dès le chargement
        (:func:`~gipkit.io.reader.forget_reads`) si aucun calcul à venir, ni celui en
        cours, ne les lit autrement (:meth:`release`) : le tableau typé de toutes leurs
        colonnes ne reste pas en mémoire à côté de ce que ces données en ont gardé,
        jusqu'au dernier calcul qui les déclare. Les jeunes du CLLAJ, repris par
        l'activité, sont ainsi oubliés après elle dans ``cllaj tout``, où les ressources,
        qui les lisent autrement, sont déjà faites ; ils seraient gardés pour des
        ressources à venir. Hors d'un enchaînement, rien n'est oublié ici."""
        if key not in self._loaded:
            # pendant le chargement, pour un chargeur qui rend ses lectures une à une
            # (:meth:`release_read`) ; non pour un chargement imbriqué, qui ne sait pas
            # ce que celui-ci lira encore
            self._loading[key] = frozenset(taken)
            try:
                self._loaded[key] = load()
            finally:
                del self._loading[key]
            self._taken[key] = frozenset(taken)
            if self._pending is not None:
                self.release(self._pending)
        return cast(T, self._loaded[key])

    def release_read(self, *names: str) -> None:
        """Pendant un chargement (:meth:`shared`), oublie les lectures partagées des
        extractions ``names`` dont le chargeur a gardé ce qu'il lui faut, si aucun calcul
        restant, ni celui en cours, ne les lit autrement que par des données qui les
        reprennent (``taken``) : leur mémoire sert à la suite du chargement (l'activité
        du CLLAJ construit ses extractions l'une après l'autre). Hors d'un enchaînement
        (:func:`run_steps`), rien."""
        if self._pending is None:
            return
        later = self._read_later(self._pending, self._taken | self._loading)
        self.forget(*(name for name in names if name not in later))

    def forget(self, *names: str) -> None:
        """Oublie les lectures partagées des extractions ``names`` (celles qui sont là) :
        aucun calcul restant ne les lira, sinon à travers des données qui les reprennent
        (:meth:`release`, :meth:`release_read`)."""
        forget_reads(p for name in names if (p := self.paths.get(name)) is not None)

    def release(self, remaining: Iterable[Step]) -> None:
        """Oublie les données qu'aucun des calculs restants ne déclare lire
        (``Step.loads``) : la mémoire de pointe d'un ``tout`` est ainsi celle de son plus
        gros calcul, non la somme de tous. Les lectures partagées des extractions qu'aucun
        calcul restant ne lit sont oubliées aussi (:func:`~gipkit.io.reader.forget_reads`)."""
        remaining = list(remaining)
        wanted = {key for s in remaining for key in s.loads}
        for key in [k for k in self._loaded if k not in wanted]:
            del self._loaded[key]
            self._taken.pop(key, None)
        read_later = self._read_later(remaining, self._taken)
        self.forget(*(name for name in self.paths if name not in read_later))

    @classmethod
    def _read_later(cls, steps: Iterable[Step], taken: Mapping[str, frozenset[str]]) -> set[str]:
        """Les extractions que ``steps`` lisent autrement que par des données qui les
        reprennent (:meth:`_read_directly`)."""
        return set().union(*(cls._read_directly(s, taken) for s in steps))

    @staticmethod
    def _read_directly(step: Step, taken: Mapping[str, frozenset[str]]) -> set[str]:
        """Les extractions que ``step`` lit (``needs``, ``uses``), moins celles qu'il ne lit
        que par des données qui les reprennent (``taken`` : donnée -> extractions reprises,
        celles de :meth:`shared` déjà chargées, ou en chargement pour
        :meth:`release_read`)."""
        through = set().union(*(taken.get(key, ()) for key in step.loads))
        return {*step.needs, *step.uses} - through

    def add(
        self,
        results: Iterable[Result] | Result = (),
        sources: Iterable[SourceReport] = (),
        *,
        year: int | None = None,
    ) -> None:
        """Ajoute des résultats et des bilans de fichiers ; ``year`` : l'année des données
        lues, que prennent les calculs suivants."""
        self.results += [results] if isinstance(results, Result) else list(results)
        self.add_sources(sources)
        if year is not None:
            self.year = year

    def add_sources(self, more: Iterable[SourceReport]) -> None:
        """Un fichier lu pour plusieurs calculs n'a qu'un bilan : celui de sa première
        lecture, qui apprend des suivantes les colonnes cherchées (trouvées ou absentes),
        pour que les résultats qui en dépendent soient retirés et dits manquants."""
        known = {s.path: s for s in self.sources}
        for source in more:
            first = known.get(source.path)
            if first is None:
                self.sources.append(source)
                known[source.path] = source
                continue
            if first is source:
                continue
            first.found += tuple(c for c in source.found if c not in first.found)
            first.absent += tuple(
                c for c in source.absent if c not in first.absent and c not in first.found
            )
            first.empty |= {c: v for c, v in source.empty.items() if c not in first.found}
            first.near.update(source.near)


def _declared(where: str) -> Any:
    """La fonction déclarée par ``module:nom`` (importée au moment du calcul)."""
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(module), name)


def function_of(step: Step) -> Callable[[Run], None]:
    """La fonction déclarée d'un calcul."""
    return cast(Callable[[Run], None], _declared(step.function))


def run_steps(structure: Structure, run: Run, command: str = "tout") -> Run:
    """Fait, dans l'ordre déclaré, chaque calcul de la commande ``command`` de
    ``structure`` (``tout`` : tous) dont les extractions sont là."""
    declared = structure.command(command)
    run.plan = declared.steps
    if declared.select:  # une vue : les options données choisissent les calculs
        choose = cast(Callable[[Run], Iterable[str]], _declared(declared.select))
        chosen = set(choose(run))
        run.plan = tuple(k for k in run.plan if k in chosen)
    steps = [structure.step(key) for key in run.plan]
    steps = [s for s in steps if run.has(*s.needs)]
    _read_ahead(structure, run, steps)
    try:
        for k, step in enumerate(steps):
            run._pending = steps[k:]
            function_of(step)(run)
            run.release(steps[k + 1 :])
    finally:
        run._pending = None
    return run


def _read_ahead(structure: Structure, run: Run, steps: list[Step]) -> None:
    """Dans un ``tout`` ou un rapport (bloc ``one_read_per_file``), lance d'avance la
    lecture des extractions que ces calculs liront, dans l'ordre où ils les demanderont
    (:func:`~gipkit.io.reader.read_ahead`), autant à la fois que le dit
    ``[limites] lectures_paralleles`` (au plus un par cœur)."""
    kinds = {e.name: e.kind for e in structure.extractions}
    order = dict.fromkeys(name for s in steps for name in (*s.needs, *s.uses))
    reads = [(p, EXPORTS[kinds[n]]) for n in order if (p := run.paths.get(n)) is not None]
    workers = min(run.config.limites.lectures_paralleles, available_cores())
    read_ahead(reads, run.config, run.options, workers=workers)
