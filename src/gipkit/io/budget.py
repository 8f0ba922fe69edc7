"""La place en mémoire des lectures d'une commande : une borne sur leur somme, non sur
chaque fichier.

Le lecteur (:mod:`gipkit.io.reader`) garde en mémoire le tableau typé d'un fichier
(plus vite) ou le fait passer par un Parquet temporaire (lecture en flux, mémoire
bornée), selon sa place estimée avant de le lire (:mod:`gipkit.io.footprint`) : au-delà
de ``[limites] tableau_en_memoire_max_mo`` (350 Mo), le Parquet. Dans un ``tout`` ou un
``rapport``, les lectures partagées (:func:`~gipkit.io.reader.one_read_per_file`)
restent en mémoire **ensemble**, jusqu'à ce qu'aucun calcul ne les lise plus : leur
somme est bornée aussi, par ``lectures_en_memoire_max_mo`` (600 Mo), dans un
:class:`ReadBudget`. Un fichier dont la place ne tient plus dans ce qui reste passe par
le Parquet ; la place d'une lecture oubliée (:func:`~gipkit.io.reader.forget_reads`)
est rendue. Mesuré, chaque fichier sous la limite d'un fichier mais pas tous ensemble :
`ml tout` à l'échelle nationale (cinq extractions, 1,0 Go estimés) 2,0-2,15 → 1,6-1,7
Go, même durée ; `cllaj tout` à 1 300 fois les fixtures 1,30 → ~1,0 Go. À 350 Mo
ensemble, `ml tout` à 50 fois les fixtures (482 Mo estimés) passait ses événements par
le Parquet : 1 s de plus sur une commande déjà sous 1 Go, d'où deux limites.

Les choix des lectures lancées d'avance sont faits avant qu'elles ne commencent, les
plus petites d'abord (:meth:`ReadBudget.plan_all`) : le plus de fichiers possible
restent en mémoire, les plus gros passent par le Parquet ; ils ne dépendent pas de
l'ordre où les fils d'exécution arrivent, et deux lancements de la même commande sur les
mêmes fichiers font les mêmes choix. Ils ne changent jamais un chiffre : les deux voies
rendent le même tableau (la suite de tests les compare).

Un classeur n'y entre pas : il est lu en mémoire quelle que soit sa taille (le lecteur
Excel n'a pas de lecture en flux), seul quand il est gros (:mod:`gipkit.io.gate`).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterable


class ReadBudget:
    """La place estimée (octets) des tableaux typés gardés en mémoire par les lectures
    d'un bloc, et le choix de chaque lecture : en mémoire, ou par le Parquet temporaire.

    >>> budget = ReadBudget()
    >>> limits = {"limit": 600, "file_limit": 350}
    >>> budget.plan_all([(280, "jeunes"), (180, "entretiens"), (100, "demandes"),
    ...                  (450, "propositions"), (None, "classeur")], **limits)
    >>> [budget.in_memory(k, 0, **limits) for k in ("jeunes", "entretiens", "propositions")]
    [True, True, False]
    >>> budget.held()  # les plus petits d'abord : 100 + 180 + 280
    560
    >>> budget.in_memory("ateliers", 80, **limits), budget.in_memory("lrj", 10, **limits)
    (False, True)
    >>> budget.release(["entretiens", "lrj"])
    >>> budget.in_memory("relogements", 80, **limits), budget.held()
    (True, 460)
    """

    def __init__(self) -> None:
        self._held: dict[Hashable, int] = {}
        self._chosen: dict[Hashable, bool] = {}
        #: combien de fois chaque lecture a été oubliée (:meth:`ticket`)
        self._released: dict[Hashable, int] = {}
        self._lock = threading.Lock()

    def plan_all(
        self, reads: Iterable[tuple[int | None, Hashable]], *, limit: int, file_limit: int
    ) -> None:
        """Choisit d'avance pour chaque lecture ``(place estimée, clé)`` (``None`` : place
        inconnue, choisi à la lecture), les plus petites d'abord : le plus de fichiers
        possible en mémoire, et par le Parquet les plus gros, ceux dont le tableau en
        mémoire coûterait le plus. À place égale, dans l'ordre donné."""
        known = [
            (estimate, i, key) for i, (estimate, key) in enumerate(reads) if estimate is not None
        ]
        with self._lock:
            for estimate, _, key in sorted(known, key=lambda item: (item[0], item[1])):
                if key not in self._chosen:
                    self._chosen[key] = self._fits(key, estimate, limit, file_limit)

    def ticket(self, key: Hashable) -> int:
        """Le ticket d'une lecture ``key`` qui commence, à rendre à :meth:`in_memory` :
        oubliée entre-temps (:meth:`release`), son choix ne compte pas sa place, que
        personne ne gardera."""
        with self._lock:
            return self._released.get(key, 0)

    def in_memory(
        self,
        key: Hashable,
        estimate: int,
        *,
        limit: int,
        file_limit: int,
        ticket: int | None = None,
    ) -> bool:
        """La lecture ``key`` garde-t-elle son tableau en mémoire ? Le choix fait d'avance
        (:meth:`plan_all`) s'il y en a un, sinon celui de ``estimate`` au regard de ce qui
        reste de ``limit`` (et de ``file_limit``, la limite d'une lecture).

        >>> budget = ReadBudget()
        >>> ticket = budget.ticket("jeunes")
        >>> budget.release(["jeunes"])  # oubliée avant d'avoir choisi
        >>> budget.in_memory("jeunes", 80, limit=100, file_limit=100, ticket=ticket)
        True
        >>> budget.held()
        0
        """
        with self._lock:
            if ticket is not None and ticket != self._released.get(key, 0):
                return estimate <= file_limit and sum(self._held.values()) + estimate <= limit
            if key not in self._chosen:
                self._chosen[key] = self._fits(key, estimate, limit, file_limit)
            return self._chosen[key]

    def release(self, keys: Iterable[Hashable]) -> None:
        """Les lectures ``keys`` sont oubliées : leur place est rendue, et une nouvelle
        lecture du même fichier choisira de nouveau."""
        with self._lock:
            for key in keys:
                self._held.pop(key, None)
                self._chosen.pop(key, None)
                self._released[key] = self._released.get(key, 0) + 1

    def held(self) -> int:
        """La place estimée des tableaux gardés en mémoire."""
        with self._lock:
            return sum(self._held.values())

    def _fits(self, key: Hashable, estimate: int, limit: int, file_limit: int) -> bool:
        if estimate > file_limit or sum(self._held.values()) + estimate > limit:
            return False
        self._held[key] = estimate
        return True
