"""Normalisation des libellés (en-têtes, catégories) pour les comparer.

Les exports réels écrivent « Heures réalisées », « HEURES REALISEES » ou
« heures_réalisées » : on compare sans casse, sans accents, sans espaces ni
ponctuation.

>>> normalize_label("  Heures réalisées (total) ")
'heuresrealiseestotal'
>>> normalize_label("N° de contrat")
'nodecontrat'
"""

from __future__ import annotations

import unicodedata

_REPLACEMENTS = {"°": "o", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"}


def normalize_label(text: str) -> str:
    """Minuscules, sans accents, sans rien d'autre que lettres et chiffres."""
    for src, dst in _REPLACEMENTS.items():
        text = text.replace(src, dst)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalnum() and ch.isascii()).lower()
