"""Les lectures d'un processus, ensemble ou seules : dans un ``tout`` ou un ``rapport``,
plusieurs fichiers se lisent en même temps (:func:`gipkit.io.reader.read_ahead`) ; une
lecture qui tiendrait à elle seule beaucoup de mémoire (un gros classeur : le lecteur
Excel construit toute la feuille, ~80 octets par cellule,
:data:`gipkit.io.workbook.CELL_BYTES`) se fait **seule**, pour que sa pointe ne
s'ajoute pas à celle d'une autre lecture.

Mesuré (`plie tout`, 750 fois les fixtures : 453 750 candidatures en XLSX, ~1 Go pour
les lire, et 6 M parcours) : lus ensemble, 1,42-1,49 Go de pointe en 17,1-19,2 s ; le
classeur seul, sa mémoire libérée rendue ensuite
(:func:`gipkit.io.workbook.release_freed_memory`), 1,12 Go en 18,8-19,8 s — le lecteur
Excel n'occupe qu'un cœur, que la lecture des parcours ne prend plus à côté.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager


class ReadGate:
    """Des lectures partagées, qui peuvent se faire ensemble, et des lectures seules, qui
    attendent que plus aucune autre ne se fasse et les font attendre.

    Une lecture seule demandée par un fil qui fait déjà une lecture (lectures
    imbriquées) se fait avec les autres plutôt que de l'attendre pour toujours.

    >>> gate = ReadGate()
    >>> with gate.shared(), gate.shared():
    ...     gate.readers
    2
    >>> with gate.alone():
    ...     gate.readers, gate.alone_now
    (0, True)
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.readers = 0
        self.alone_now = False
        self._mine = threading.local()

    def _held(self) -> int:
        return int(getattr(self._mine, "count", 0))

    def _hold(self, step: int) -> None:
        self._mine.count = self._held() + step

    def shared(self) -> AbstractContextManager[None]:
        """Une lecture qui peut se faire en même temps que d'autres (sauf une seule)."""
        nested = self._held() > 0
        return self._entered(lambda: nested or not self.alone_now, alone=False)

    def alone(self) -> AbstractContextManager[None]:
        """Une lecture qui se fait seule : elle attend la fin des autres, et les autres
        attendent la sienne."""
        if self._held():  # imbriquée dans une lecture de ce fil : avec les autres
            return self.shared()
        return self._entered(lambda: not self.alone_now and self.readers == 0, alone=True)

    @contextmanager
    def _entered(self, ready: Callable[[], bool], *, alone: bool) -> Iterator[None]:
        """Attend ``ready``, puis compte la lecture (seule ou non) le temps du bloc."""
        with self._changed:
            self._changed.wait_for(ready)
            if alone:
                self.alone_now = True
            else:
                self.readers += 1
        self._hold(1)
        try:
            yield
        finally:
            self._hold(-1)
            with self._changed:
                if alone:
                    self.alone_now = False
                else:
                    self.readers -= 1
                self._changed.notify_all()


#: les lectures de ce processus
READS = ReadGate()
