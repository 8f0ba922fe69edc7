"""L'allocateur de mémoire de polars, réglé pour la ligne de commande avant que polars ne
soit chargé (:mod:`gipkit.cli` importe ce module avant tout module qui importe polars).

Sous Linux, polars alloue par jemalloc, qu'il règle lui-même à son import
(``dirty_decay_ms:500,muzzy_decay_ms:1000``) : la mémoire libérée est rendue au noyau
« paresseusement » (``MADV_FREE``) et reste comptée dans la mémoire résidente du
processus jusqu'à ce que le noyau la reprenne. Une commande de gipkit enchaîne des
calculs qui libèrent puis reprennent de la mémoire : sa pointe de mémoire résidente en
était faite pour un bon quart. Rendue tout de suite après 0,3 s (réglage ajouté après
celui de polars, qui le laisse l'emporter), mesuré en alternance (docs/performance.md,
« Mémoire rendue au système ») : ``rapport`` × 50 0,80-1,04 → 0,74-0,78 Go, ``ml tout``
× 50 0,79-0,93 → 0,70-0,72 Go, ``serci heures`` 2 M lignes 0,68-0,78 → 0,60-0,70 Go,
sans durée de plus ; rendue aussitôt (0 ms), la pointe tombe à 0,64 Go mais la durée
croît de 60 %.

Un réglage donné par l'utilisateur (variable ``_RJEM_MALLOC_CONF``) est gardé. Sans
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
#: polars était-il déjà chargé quand ce module l'a été ? (alors le réglage est sans effet)
POLARS_ALREADY_LOADED = "polars" in sys.modules

if not POLARS_ALREADY_LOADED:
    os.environ.setdefault(VARIABLE, SETTING)
