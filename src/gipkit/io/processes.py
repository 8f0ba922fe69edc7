"""Processus auxiliaires : combien de cœurs, et peut-on lancer un interpréteur Python.

Ce module n'importe que la bibliothèque standard : la copie UTF-8 en parallèle
(:mod:`gipkit.io.transcode`) et le dessin des graphiques en parallèle
(:mod:`gipkit.io.charts`) s'en servent tous deux, pour décider de la même façon.
"""

from __future__ import annotations

import os
import sys


def available_cores() -> int:
    """Les cœurs que ce processus peut utiliser : sous Linux, ceux de son affinité (un
    conteneur ou ``taskset`` peut en donner moins que la machine n'en a), sinon ceux de
    la machine."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def can_start_python() -> bool:
    """Vrai si un interpréteur Python peut être relancé : son exécutable est connu, et
    l'application n'est pas figée (PyInstaller et autres : ``sys.executable`` y est
    l'application, pas Python)."""
    return bool(sys.executable) and not getattr(sys, "frozen", False)
