"""Sélection des lignes utilisées, avec le motif de chaque ligne écartée.

Aucune ligne n'est écartée sans motif : :func:`apply_exclusions` renvoie les
lignes gardées et le nombre de lignes exclues par motif, de sorte que
``lues = utilisées + exclues`` se vérifie toujours.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from gipkit.indicators.common import FrameT

REASON = "__motif"


def apply_exclusions(
    frame: FrameT, rules: Sequence[tuple[str, pl.Expr]]
) -> tuple[FrameT, dict[str, int]]:
    """Écarte les lignes qui vérifient une règle ; la première règle vérifiée donne le motif.

    Rend les lignes gardées (du même genre que ``frame``, paresseux ou non) et le nombre
    de lignes exclues par motif. Un tableau en mémoire reçoit le motif de chaque ligne
    une fois, pour le bilan et pour les lignes gardées ; un tableau paresseux reste
    paresseux (ses règles sont évaluées pour le bilan, puis par le calcul qui lira les
    lignes gardées : rien n'est gardé en mémoire entre les deux).

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
    if isinstance(frame, pl.DataFrame):
        reasons = frame.select(motif.cast(pl.String).alias(REASON)).to_series()
        excluded = _tally(reasons.to_frame().lazy())
        if not excluded:  # rien à écarter : le tableau tel quel
            return frame, excluded
        return frame.filter(reasons.is_null()), excluded
    marked = frame.with_columns(motif.cast(pl.String).alias(REASON))
    excluded = _tally(marked)
    if not excluded:
        return frame, excluded
    return marked.filter(pl.col(REASON).is_null()).drop(REASON), excluded


def _tally(marked: pl.LazyFrame) -> dict[str, int]:
    """Le nombre de lignes par motif de la colonne ``REASON`` (sans les lignes gardées)."""
    counts = (
        marked.filter(pl.col(REASON).is_not_null()).group_by(REASON).len().sort(REASON).collect()
    )
    return {str(r): int(n) for r, n in counts.iter_rows()}
