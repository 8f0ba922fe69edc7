"""Un regroupement fait par parts (:func:`gipkit.indicators.common.grouped_in_parts`) rend
ce que rend le même regroupement fait d'un coup, quelles que soient les clés (vides
comprises) et le nombre de parts ; et l'histoire du PLIE, qui s'en sert, ne change pas
d'une ligne d'entrée à l'autre de l'ordre."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from gipkit.indicators import plie_parcours
from gipkit.indicators.common import grouped_in_parts

KEYS = st.one_of(st.none(), st.text(alphabet="abcé€ ", max_size=3))


def _first_entries(lf: pl.LazyFrame) -> pl.LazyFrame:
    return lf.group_by("k").agg(pl.col("v").min().alias("premier"), pl.len().alias("n"))


@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(st.tuples(KEYS, st.integers(-5, 5)), max_size=40),
    parts=st.integers(1, 9),
)
def test_parts_give_the_whole_grouping(rows: list[tuple[str | None, int]], parts: int) -> None:
    frame = pl.DataFrame(rows, schema={"k": pl.String, "v": pl.Int64}, orient="row")
    whole = _first_entries(frame.lazy()).collect().sort("k", nulls_last=True)
    split = grouped_in_parts(frame, "k", _first_entries, parts=parts)
    assert split.height == whole.height  # chaque clé dans une seule part
    assert split.sort("k", nulls_last=True).equals(whole)


@settings(max_examples=30, deadline=None)
@given(
    people=st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d"]),
            st.dates(date(2004, 1, 1), date(2025, 12, 31)),
            st.booleans(),
        ),
        min_size=1,
        max_size=25,
    ),
    seed=st.integers(0, 1000),
)
def test_history_does_not_depend_on_row_order(
    people: list[tuple[str, date, bool]], seed: int
) -> None:
    frame = pl.DataFrame(
        {
            "participant": [p for p, _, _ in people],
            "sexe": ["F" if f else "H" for _, _, f in people],
            "date_naissance": [date(1980, 1, 1)] * len(people),
            "date_entree": [d for _, d, _ in people],
            "date_sortie": [None] * len(people),
            "prescripteur": ["spontane"] * len(people),
            "rsa": [f for _, _, f in people],
            "niveau": [None] * len(people),
        }
    )
    years = range(2004, 2026)
    out = plie_parcours.history(frame.lazy(), years=years).collect()
    shuffled = plie_parcours.history(
        frame.sample(fraction=1, shuffle=True, seed=seed).lazy(), years=years
    )
    # le cumul : personnes distinctes entrées au plus tard l'année dite
    expected = [len({p for p, d, _ in people if d.year <= y}) for y in years]
    assert out["cumul"].to_list() == expected
    assert (
        shuffled.collect()
        .select("annee", "cumul", "entrants")
        .equals(out.select("annee", "cumul", "entrants"))
    )
