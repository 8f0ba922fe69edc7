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
#: mémoire libérée rendue au système après 300 ms, sans étape intermédiaire
SETTING = "dirty_decay_ms:300,muzzy_decay_ms:0"
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
