"""La tranche d'âge (``indicators.common.age_band``) est celle de sa définition : le
libellé ``i`` pour ``bornes[i-1] <= âge < bornes[i]``, rien pour un âge absent."""

from __future__ import annotations

from bisect import bisect_right

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gipkit.indicators.common import age_band, age_band_labels

#: des bornes strictement croissantes, de zéro à quatre
BOUNDS = st.lists(st.integers(-5, 120), max_size=4, unique=True).map(sorted)


@settings(max_examples=200, deadline=None)
@given(
    bounds=BOUNDS,
    ages=st.lists(st.one_of(st.none(), st.integers(-10, 130)), max_size=40),
)
def test_le_libelle_de_chaque_age(bounds: list[int], ages: list[int | None]) -> None:
    """Chaque âge reçoit le libellé du nombre de bornes qu'il atteint (``bisect``), dans un
    tableau et dans une requête paresseuse ; un âge absent, aucun libellé."""
    labels = [f"t{i}" for i in range(len(bounds) + 1)]
    expected = [None if a is None else labels[bisect_right(bounds, a)] for a in ages]
    frame = pl.DataFrame({"age": ages}, schema={"age": pl.Int64})
    band = age_band(pl.col("age"), bounds, labels).alias("t")
    eager = frame.with_columns(band)["t"]
    assert eager.dtype == pl.String
    assert eager.to_list() == expected
    assert frame.lazy().select(band).collect()["t"].to_list() == expected


def test_bornes_du_rapport_et_age_aux_bornes() -> None:
    """Les bornes de la Mission Locale : un âge égal à une borne ouvre la tranche suivante."""
    bounds = [18, 22, 26]
    labels = age_band_labels(bounds)
    ages = pl.DataFrame({"age": [17, 18, 21, 22, 25, 26, None]})
    got = ages.select(age_band(pl.col("age"), bounds, labels).alias("t"))["t"].to_list()
    assert got == [labels[0], labels[1], labels[1], labels[2], labels[2], labels[3], None]


@pytest.mark.parametrize(
    ("bounds", "labels"),
    [([18, 26], ["a", "b"]), ([26, 18], ["a", "b", "c"]), ([18, 18], ["a", "b", "c"])],
)
def test_bornes_ou_libelles_incoherents_refuses(bounds: list[int], labels: list[str]) -> None:
    with pytest.raises(ValueError):
        age_band(pl.col("age"), bounds, labels)
