"""Ce que partagent les documents de toutes les structures : année N, N-1, valeurs par année."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import polars as pl

from gipkit.errors import ParameterError
from gipkit.results import Column, Scalar, Table


class YearData(Protocol):
    """Des données chargées pour l'année N, avec N-1 si elle est disponible."""

    year: int
    previous: int | None


def present_years(frame: pl.LazyFrame, column: str = "annee") -> list[int]:
    """Les années présentes dans ``column``, triées, sans valeur absente."""
    values = frame.select(pl.col(column).unique()).collect().to_series().to_list()
    return sorted(int(v) for v in values if v is not None)


def choose_year(present: list[int], year: int | None, path: Path) -> int:
    """L'année demandée si l'export la contient, sinon la plus récente ; erreur sinon."""
    if year is None:
        return present[-1]
    if year not in present:
        years = ", ".join(str(y) for y in present)
        raise ParameterError(f"Année {year} absente de {path} (années présentes : {years}).")
    return year


def by_year(frame: pl.DataFrame, column: str, year_column: str = "annee") -> dict[int, Any]:
    """``{année: valeur}`` d'un tableau d'une ligne par année."""
    return dict(zip(frame[year_column].to_list(), frame[column].to_list(), strict=True))


def scalar(
    data: YearData,
    ident: str,
    label: str,
    unit: str,
    values: Mapping[int, Any],
    *,
    missing: Any = 0,
    **extra: Any,
) -> Scalar:
    """La valeur de N, avec celle de N-1 si disponible ; ``missing`` pour une année sans ligne."""
    prev = data.previous
    return Scalar(
        ident,
        label,
        unit,
        data.year,
        values.get(data.year, missing),
        previous=values.get(prev, missing) if prev is not None else None,
        previous_year=prev,
        **extra,
    )


def with_previous(data: YearData, one: Callable[[int], Table]) -> Table:
    """Le tableau de l'année N, avec celui de N-1 quand il est disponible."""
    table = one(data.year)
    if data.previous is not None:
        table.previous = one(data.previous)
    return table


def declared_order(column: str, values: Sequence[Any]) -> pl.Expr:
    """Rang de chaque valeur de ``column`` dans ``values`` (ordre du rapport) ; les autres
    valeurs viennent après, à égalité. Sert de clé de tri aux lignes des tableaux."""
    rank = {value: i for i, value in enumerate(values)}
    return pl.col(column).replace_strict(rank, default=len(rank), return_dtype=pl.Int64)


def share_table(
    ident: str,
    label: str,
    year: int,
    key: tuple[str, str],
    count: tuple[str, str],
    items: Sequence[tuple[str, int]],
    notes: Sequence[str] = (),
) -> Table:
    """Un tableau de répartition : une ligne par modalité (libellé, effectif, part), et
    la ligne Total ; les effectifs s'additionnent, les parts font 1.

    ``key`` et ``count`` : (identifiant, libellé) des colonnes ; ``items`` : les lignes
    dans l'ordre voulu.

    >>> t = share_table("x", "X", 2025, ("sexe", "Sexe"), ("jeunes", "Jeunes"),
    ...                 [("Femmes", 3), ("Hommes", 1)])
    >>> t.rows, t.total
    ([['Femmes', 3, 0.75], ['Hommes', 1, 0.25]], ['Total', 4, 1.0])
    """
    total = sum(n for _, n in items)
    return Table(
        ident,
        label,
        year,
        [
            Column(key[0], key[1], "texte"),
            Column(count[0], count[1], additive=True),
            Column("part", "Part", "part"),
        ],
        [[name, n, n / total if total else None] for name, n in items],
        ["Total", total, 1.0 if total else None],
        list(notes),
    )
