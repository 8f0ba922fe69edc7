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


def exact_duplicate(
    frame: pl.LazyFrame | pl.DataFrame,
    columns: Sequence[str],
    key: str,
    *,
    fingerprint: str | None = None,
) -> pl.Expr:
    """Expression vraie pour la 2ᵉ occurrence (et suivantes) d'une ligne identique sur ``columns``.

    ``key`` est une colonne qui distingue chaque ligne (le numéro de ligne). Une
    empreinte 64 bits de chaque ligne (la colonne ``fingerprint`` si le lecteur l'a
    déjà calculée) désigne les candidats ; la comparaison exacte
    n'est faite que sur eux (d'ordinaire aucun) : le résultat est exact, sans hacher
    puis comparer des millions de lignes complètes.

    >>> df = pl.DataFrame({"n": [1, 2, 3, 4], "a": [1, 2, 1, 1], "b": ["x", "y", "x", "z"]})
    >>> df.select(exact_duplicate(df, ["a", "b"], "n"))["n"].to_list()
    [False, False, True, False]
    """
    row = pl.struct(list(columns))
    lazy = frame.lazy()
    digest = pl.col(fingerprint) if fingerprint else row.hash(seed=0)
    candidates = (
        lazy.select(pl.col(key), digest.alias("__empreinte"))
        .filter(pl.col("__empreinte").is_duplicated())
        .select(key)
        .collect()
        .to_series()
    )
    if candidates.is_empty():
        return pl.lit(False).alias(key)
    suspects = lazy.filter(pl.col(key).is_in(candidates.implode())).collect()
    repeated = suspects.filter(~row.is_first_distinct())[key]
    return pl.col(key).is_in(repeated.implode())
