"""Exclusions avec motif (``gipkit.selection``) : le bilan et les lignes gardées."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from gipkit.reports.common import present_years, years_counted
from gipkit.selection import COUNT, apply_exclusions, count_rows

#: trois règles, dont une qui dépend de l'ordre des lignes et une qui voit des valeurs
#: absentes (une condition nulle ne vérifie pas la règle)
RULES = [
    ("valeur répétée plus haut", ~pl.col("v").is_first_distinct()),
    ("valeur négative", pl.col("v") < 0),
    ("texte absent ou vide", pl.col("t").is_null() | (pl.col("t") == "")),
]


def _first_rule(rows: list[tuple[int | None, str | None]]) -> list[str | None]:
    """Le motif de chaque ligne, calculé à la main : la première règle vérifiée."""
    seen: set[int | None] = set()
    motifs: list[str | None] = []
    for v, t in rows:
        if v in seen:
            motifs.append(RULES[0][0])
        elif v is not None and v < 0:
            motifs.append(RULES[1][0])
        elif t is None or t == "":
            motifs.append(RULES[2][0])
        else:
            motifs.append(None)
        seen.add(v)
    return motifs


ROWS = st.lists(
    st.tuples(st.none() | st.integers(-3, 5), st.none() | st.sampled_from(["", "a", "b"])),
    max_size=40,
)


@given(ROWS)
def test_bilan_et_lignes_gardees_en_memoire_ou_paresseux(
    rows: list[tuple[int | None, str | None]],
) -> None:
    frame = pl.DataFrame(
        {"n": list(range(len(rows))), "v": [v for v, _ in rows], "t": [t for _, t in rows]},
        schema={"n": pl.Int64, "v": pl.Int64, "t": pl.String},
    )
    motifs = _first_rule(rows)
    expected_kept = [n for n, m in enumerate(motifs) if m is None]
    expected_counts: dict[str, int] = {}
    for m in motifs:
        if m is not None:
            expected_counts[m] = expected_counts.get(m, 0) + 1
    eager, eager_counts = apply_exclusions(frame, RULES)
    lazy, lazy_counts = apply_exclusions(frame.lazy(), RULES)
    assert isinstance(eager, pl.DataFrame)
    assert isinstance(lazy, pl.LazyFrame)
    assert eager_counts == lazy_counts == expected_counts
    assert eager["n"].to_list() == lazy.collect()["n"].to_list() == expected_kept
    assert eager.columns == frame.columns
    # lues = utilisées + écartées
    assert eager.height + sum(eager_counts.values()) == frame.height


def test_rien_a_ecarter_rend_le_tableau_tel_quel() -> None:
    frame = pl.DataFrame({"v": [1, 2], "t": ["a", "b"]})
    kept, counts = apply_exclusions(frame, RULES)
    assert kept is frame and counts == {}
    assert apply_exclusions(frame, []) == (frame, {})


@given(ROWS)
def test_bilan_sur_le_decompte_egal_au_bilan_sur_les_lignes(
    rows: list[tuple[int | None, str | None]],
) -> None:
    """Des règles ligne à ligne jugées sur le décompte par (v, t) donnent le même bilan
    et les mêmes lignes gardées que jugées sur chaque ligne ; les années présentes d'un
    décompte sont celles des lignes."""
    frame = pl.LazyFrame(
        {"v": [v for v, _ in rows], "t": [t for _, t in rows]},
        schema={"v": pl.Int64, "t": pl.String},
    )
    row_wise = RULES[1:]
    counted = count_rows(frame, ["v", "t"])
    assert int(counted[COUNT].sum() or 0) == len(rows)
    direct, by_rows = apply_exclusions(frame, row_wise)
    tallied, by_counts = apply_exclusions(frame, row_wise, counted=counted)
    assert by_counts == by_rows
    assert tallied.collect().equals(direct.collect())
    assert years_counted(counted, "v") == present_years(frame, "v")
