"""L'allocateur de mémoire de polars, réglé pour la ligne de commande avant que polars ne
soit chargé (:mod:`gipkit.cli` importe ce module avant tout module qui importe polars).

Sous Linux, polars alloue par jemalloc, qu'il règle lui-même à son import
(``dirty_decay_ms:500,muzzy_decay_ms:1000``) : la mémoire libérée est rendue au noyau
« paresseusement » (``MADV_FREE``) et reste comptée dans la mémoire résidente du
processus jusqu'à ce que le noyau la reprenne. Une commande de gipkit enchaîne des
calculs qui libèrent puis reprennent de la mémoire : sa pointe de mémoire résidente en
était faite pour un bon quart. Rendue tout de suite après 0,3 s (réglage ajouté après
celui de polars, qui le laisse l'emporter), mesuré en alternance (docs/performance-journal.md,
« Mémoire rendue au système ») : ``rapport`` × 50 0,80-1,04 → 0,74-0,78 Go, ``ml tout``
× 50 0,79-0,93 → 0,70-0,72 Go, ``serci heures`` 2 M lignes 0,68-0,78 → 0,60-0,70 Go,
sans durée de plus ; rendue aussitôt (0 ms), la pointe tombe à 0,64 Go mais la durée
croît de 60 %.

Une **arène par cœur** (``narenas``) au lieu de quatre : jemalloc donne à chaque fil
d'exécution une arène, et la mémoire libérée dans l'une ne sert qu'à elle ; polars
alloue dans une arène et libère souvent dans une autre. Avec moins d'arènes, la mémoire
libérée est reprise au lieu d'être demandée de nouveau au noyau (pages remises à zéro :
le temps système). Mesuré en alternance sur deux cœurs (docs/performance-journal.md,
« sixième séance ») : ``rapport`` × 50 8,42-8,72 → 7,63-8,46 s, 744-760 → 717-730 Mo ;
``ml tout`` × 50 721-743 → 652-656 Mo ; ``serci tout`` 5 M lignes 938-1 009 →
922-949 Mo, temps système 5,1-5,3 → 4,1-4,7 s.

Un réglage donné par l'utilisateur (variable ``_RJEM_MALLOC_CONF``) est gardé ; celui que
polars pose lui-même, hérité d'un processus parent qui l'a importé, ne l'est pas. Sans
effet là où polars n'alloue pas par jemalloc (Windows), ni si polars est déjà chargé
(gipkit utilisé comme bibliothèque : le réglage reste celui de l'application).
"""

from __future__ import annotations

import os
import sys

#: variable lue par le jemalloc de polars à son premier usage
VARIABLE = "_RJEM_MALLOC_CONF"


def setting(cores: int) -> str:
    """Le réglage de jemalloc pour ``cores`` cœurs : mémoire libérée rendue au système
    après 300 ms, sans étape intermédiaire, et une arène par cœur.

    >>> setting(2)
    'dirty_decay_ms:300,muzzy_decay_ms:0,narenas:2'
    """
    return f"dirty_decay_ms:300,muzzy_decay_ms:0,narenas:{max(cores, 1)}"


def cores() -> int:
    """Les cœurs dont polars se sert : ``POLARS_MAX_THREADS`` s'il est donné, sinon ceux
    que le processus a le droit d'utiliser."""
    try:
        return max(int(os.environ["POLARS_MAX_THREADS"]), 1)
    except (KeyError, ValueError):
        pass
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


#: le réglage posé par la ligne de commande
SETTING = setting(cores())
#: les options que polars pose lui-même à son import (``polars/__init__.py``) : héritées
#: d'un processus parent qui a importé polars (un script Python qui lance gipkit, et ses
#: propres parents : polars y ajoute chaque fois les siennes à celles reçues), ce ne sont
#: pas des choix de l'utilisateur
POLARS_OWN = frozenset(
    {"dirty_decay_ms:500", "muzzy_decay_ms:1000", "thp:always", "metadata_thp:always"}
)
#: polars était-il déjà chargé quand ce module l'a été ? (alors le réglage est sans effet)
POLARS_ALREADY_LOADED = "polars" in sys.modules


def chosen_by_user(value: str | None) -> bool:
    """Vrai si ``value`` (la variable ``_RJEM_MALLOC_CONF`` reçue) contient une option que
    polars ne pose pas lui-même.

    >>> chosen_by_user(None), chosen_by_user("dirty_decay_ms:500,muzzy_decay_ms:1000")
    (False, False)
    >>> twice = ",".join(["dirty_decay_ms:500,muzzy_decay_ms:1000"] * 2)
    >>> chosen_by_user(twice)
    False
    >>> chosen_by_user("dirty_decay_ms:500,muzzy_decay_ms:1000,narenas:2")
    True
    """
    return bool(value) and not set(str(value).split(",")) <= POLARS_OWN


if not POLARS_ALREADY_LOADED and not chosen_by_user(os.environ.get(VARIABLE)):
    os.environ[VARIABLE] = SETTING
