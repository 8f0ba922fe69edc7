"""L'année d'une date calculée par le cycle de quatre ans (``indicators.common.year_of``)
est celle de ``dt.year()``, pour toute date."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from gipkit.indicators.common import year_of


def test_chaque_jour_de_1800_a_2300() -> None:
    """Jour par jour, du calcul (1900 à 2100, 29 février 2000 compris) et de ``dt.year()``
    (avant et après) : une borne du calcul déplacée d'un mois, ou la formule changée,
    font échouer ce test."""
    days = pl.date_range(date(1800, 1, 1), date(2300, 12, 31), eager=True)
    got = pl.select(year_of(pl.lit(days))).to_series()
    assert got.dtype == pl.Int32
    assert got.equals(days.dt.year())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.dates()), min_size=1, max_size=50))
def test_toute_date_et_l_absence(values: list[date | None]) -> None:
    """Dates quelconques (de l'an 1 à 9999), mêlées dans un même lot : celles du cycle par
    le calcul, les autres par ``dt.year()``, une absente reste absente."""
    s = pl.Series(values, dtype=pl.Date)
    assert pl.select(year_of(pl.lit(s))).to_series().to_list() == s.dt.year().to_list()


def test_dans_un_regroupement_et_sur_une_date_et_heure() -> None:
    """En clé de regroupement, dans une agrégation, et sur une date et heure (ramenée à sa
    date), les mêmes années que ``dt.year()``."""
    start = datetime(2024, 12, 31, 23, 30)
    df = pl.DataFrame(
        {"t": [start + timedelta(minutes=20 * k) for k in range(6)], "k": [1, 2] * 3}
    ).with_columns(pl.col("t").dt.date().alias("d"))
    for column in ("d", "t"):
        keyed = df.group_by(year_of(pl.col(column)).alias("y")).len().sort("y")
        assert keyed.rows() == [(2024, 2), (2025, 4)]
        inside = df.group_by("k").agg(year_of(pl.col(column)).alias("y")).sort("k")
        expected = df.group_by("k").agg(pl.col(column).dt.year().alias("y")).sort("k")
        assert inside.equals(expected)
