"""Sélection des lignes utilisées, avec le motif de chaque ligne écartée.

Aucune ligne n'est écartée sans motif : :func:`apply_exclusions` renvoie les
lignes gardées et le nombre de lignes exclues par motif, de sorte que
``lues = utilisées + exclues`` se vérifie toujours.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

REASON = "__motif"


def apply_exclusions(
    frame: pl.DataFrame, rules: Sequence[tuple[str, pl.Expr]]
) -> tuple[pl.DataFrame, dict[str, int]]:
    """Écarte les lignes qui vérifient une règle ; la première règle vérifiée donne le motif.

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
    marked = frame.with_columns(motif.cast(pl.String).alias(REASON))
    counts = marked.filter(pl.col(REASON).is_not_null()).group_by(REASON).len().sort(REASON)
    excluded = {str(r): int(n) for r, n in counts.iter_rows()}
    if not excluded:  # rien à écarter : pas de copie du tableau
        return frame, excluded
    kept = marked.filter(pl.col(REASON).is_null()).drop(REASON)
    return kept, excluded


def mark_exact_duplicates(frame: pl.DataFrame, columns: Sequence[str], name: str) -> pl.DataFrame:
    """Ajoute la colonne booléenne ``name`` : vrai pour la 2ᵉ occurrence (et suivantes)
    d'une ligne identique sur ``columns``.

    Une empreinte 64 bits de chaque ligne trouve les candidats ; la comparaison exacte
    n'est faite que sur eux (d'ordinaire aucun), ce qui évite de hacher des millions de
    lignes complètes. Le résultat est exact : deux lignes différentes de même empreinte
    ne sont pas prises pour des doublons.

    >>> df = pl.DataFrame({"a": [1, 2, 1, 1], "b": ["x", "y", "x", "z"]})
    >>> mark_exact_duplicates(df, ["a", "b"], "dup")["dup"].to_list()
    [False, False, True, False]
    """
    row = pl.struct(list(columns))
    candidates = frame.select(row.hash(seed=0).is_duplicated()).to_series()
    if not candidates.any():
        return frame.with_columns(pl.lit(False).alias(name))
    index = "__rang"
    suspects = frame.with_row_index(index).filter(candidates)
    repeated = suspects.filter(~row.is_first_distinct())[index]
    return (
        frame.with_row_index(index)
        .with_columns(pl.col(index).is_in(repeated.implode()).alias(name))
        .drop(index)
    )
