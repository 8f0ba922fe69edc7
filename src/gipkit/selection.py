"""Sélection des lignes utilisées, avec le motif de chaque ligne écartée.

Aucune ligne n'est écartée sans motif : :func:`apply_exclusions` renvoie les
lignes gardées et le nombre de lignes exclues par motif, de sorte que
``lues = utilisées + exclues`` se vérifie toujours.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from gipkit.indicators.common import FrameT, same_kind

REASON = "__motif"


def apply_exclusions(
    frame: FrameT, rules: Sequence[tuple[str, pl.Expr]]
) -> tuple[FrameT, dict[str, int]]:
    """Écarte les lignes qui vérifient une règle ; la première règle vérifiée donne le motif.

    Rend les lignes gardées (du même genre que ``frame``, paresseux ou non) et le nombre
    de lignes exclues par motif.

    >>> df = pl.DataFrame({"annee": [2024, 2025, 2026], "heures": [0.0, 5.0, 3.0]})
    >>> kept, excluded = apply_exclusions(df, [("année postérieure", pl.col("annee") > 2025),
    ...                                        ("heures nulles", pl.col("heures") == 0)])
    >>> kept.height, excluded
    (1, {'année postérieure': 1, 'heures nulles': 1})
    """
    if not rules:
        return frame, {}
    motif = pl.coalesce(
        [pl.when(condition.fill_null(False)).then(pl.lit(reason)) for reason, condition in rules]
    )
    marked = frame.lazy().with_columns(motif.cast(pl.String).alias(REASON))
    counts = (
        marked.filter(pl.col(REASON).is_not_null()).group_by(REASON).len().sort(REASON).collect()
    )
    excluded = {str(r): int(n) for r, n in counts.iter_rows()}
    if not excluded:  # rien à écarter : le tableau tel quel
        return frame, excluded
    kept = marked.filter(pl.col(REASON).is_null()).drop(REASON)
    return same_kind(frame, lambda _: kept), excluded
