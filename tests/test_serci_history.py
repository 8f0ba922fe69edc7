"""Les années d'avant N-1 du SERCI : lues pour des chiffres par année, pas gardées.

Une commande qui lit le passé (synthèse, bilan chiffré, heures par ville) calcule au
chargement l'activité, les nouveaux participants et les heures par ville de chaque année,
puis ne garde en mémoire que les lignes de N-1 et N (``reports.serci.load``). Ces
chiffres doivent être ceux des indicateurs calculés sur toutes les lignes de l'export.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gipkit.config import Config
from gipkit.indicators import serci as ind
from gipkit.io.source import ReadOptions
from gipkit.reports import serci as rep
from tests import helpers
from tests.helpers import csv_text

#: les colonnes de l'export des tests de la CLI, sans le type de contrat, avec la ville de
#: l'opération (heures par ville de l'historique)
HEADER = [*(h for h in helpers.HEADER if h != "Type de contrat"), "Ville de l'opération"]
YEAR = 2025

lines = st.lists(
    st.tuples(
        st.integers(2020, 2026),  # année de la ligne (2026 : après N, écartée)
        st.sampled_from(["C1", "C2", "C3", "C4", "C5"]),
        st.sampled_from(["M1", "M2"]),
        st.booleans(),  # sur le territoire
        st.sampled_from([0, 7, 35]),  # heures (0 : ligne écartée)
        st.sampled_from(["P1", "P2", "P3"]),
        st.one_of(st.none(), st.integers(2019, 2026)),  # année de la date de début
        st.sampled_from(["Ivry-sur-Seine", "Vitry-sur-Seine", "Paris"]),
    ),
    max_size=30,
    # une ligne par contrat et par année (la clé de l'export : une clé répétée est un
    # doublon ou un conflit, que traite le lecteur)
    unique_by=lambda r: (r[0], r[1]),
)


def _raw(rows: list[tuple]) -> pl.DataFrame:
    """Les lignes telles que générées, typées sans passer par le lecteur de gipkit."""
    return pl.DataFrame(
        {
            "annee": [r[0] for r in rows],
            "contrat": [r[1] for r in rows],
            "marche": [r[2] for r in rows],
            "territoire": [r[3] for r in rows],
            "heures": [float(r[4]) for r in rows],
            "participant": [r[5] for r in rows],
            "date_debut": [None if r[6] is None else date(r[6], 3, 1) for r in rows],
            "ville_operation": [r[7] for r in rows],
        },
        schema_overrides={"date_debut": pl.Date},
    )


def _written(rows: list[tuple]) -> list[list[str]]:
    return [
        [
            str(r[0]),
            r[1],
            r[2],
            "Oui" if r[3] else "Non",
            str(r[4]),
            r[5],
            "" if r[6] is None else f"01/03/{r[6]}",
            r[7],
        ]
        for r in rows
    ]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines, st.booleans())
def test_chiffres_par_annee_de_toutes_les_lignes_et_seules_n_1_et_n_en_memoire(
    tmp_path: Path, rows: list[tuple], compact: bool
) -> None:
    """Activité, nouveaux participants et heures par ville de chaque année : ceux des
    indicateurs sur toutes les lignes gardées (l'année des contrats reconnue sur toutes
    les lignes, écartées comprises) ; les lignes en mémoire sont celles de N-1 et N,
    marquées comme parmi toutes."""
    rows = [(YEAR, "C9", "M1", True, 7, "P1", YEAR, "Paris"), *rows]  # N est présente
    path = tmp_path / "heures.csv"
    path.write_text(csv_text(_written(rows), HEADER), encoding="utf-8")
    data = rep.load(
        path,
        Config(),
        ReadOptions(),
        columns=["date_debut", "ville_operation"],
        year=YEAR,
        earliest=lambda _n: None,
        compact_ids=compact,
    )

    every_line = _raw(rows)
    kept = every_line.filter((pl.col("annee") <= YEAR) & (pl.col("heures") != 0))
    flagged = ind.contract_year_flag(every_line, "signature", rows=kept)
    history = rep.history(data)
    assert history.activity.equals(ind.activity_by_year(flagged).cast({"annee": pl.Int16}))
    assert history.news.equals(ind.new_participants_by_year(kept).cast({"annee": pl.Int16}))
    first = YEAR - Config().serci.annees_historique + 1
    cities = (
        kept.filter(pl.col("territoire") & (pl.col("annee") >= first))
        .group_by("annee", "ville_operation")
        .agg(pl.col("heures").sum())
    )
    assert history.cities is not None
    got = history.cities.with_columns(pl.col("ville_operation").cast(pl.String))
    assert got.sort(pl.all()).equals(cities.cast({"annee": pl.Int16}).sort(pl.all()))

    in_memory = data.frame.collect()
    assert set(in_memory["annee"]) <= {YEAR - 1, YEAR}
    expected = flagged.filter(pl.col("annee") >= YEAR - 1)
    assert in_memory.height == expected.height
    # mêmes lignes marquées (l'ordre des lignes est gardé ; les identifiants peuvent
    # être des rangs : comparés par les marques et les heures)
    for column in (ind.COUNTED, ind.FALLBACK, "heures"):
        assert in_memory[column].to_list() == expected[column].to_list()


def test_sans_la_ville_de_l_operation_pas_d_heures_par_ville(tmp_path: Path) -> None:
    """Une commande qui ne lit pas la ville de l'opération n'en calcule pas les heures
    par année, et le tableau qui en a besoin le dit au lieu d'un tableau vide."""
    path = tmp_path / "heures.csv"
    rows = [(YEAR, "C1", "M1", True, 7, "P1", YEAR, "Paris")]
    path.write_text(csv_text(_written(rows), HEADER), encoding="utf-8")
    data = rep.load(
        path,
        Config(),
        ReadOptions(),
        columns=[],
        year=YEAR,
        earliest=lambda _n: None,
    )
    assert rep.history(data).cities is None
    with pytest.raises(ValueError, match="ville de l'opération"):
        rep.hours_by_city_history(data, Config())


@pytest.mark.parametrize("compact", [False, True])
def test_les_lignes_de_n_1_et_n_filtrees_a_la_lecture_du_parquet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compact: bool
) -> None:
    """Lu par le Parquet temporaire, l'export n'est mis en mémoire que pour ses lignes de
    N-1 et N, choisies à la lecture du Parquet (le filtre sur l'année y descend : il est
    posé sous la conversion de l'année sur 16 bits, qui la redéfinit), non après avoir
    monté toutes les lignes (export de 2 M lignes, `serci tout` : 0,57-0,62 → 0,49-0,56
    Go) ; mêmes lignes."""
    rows = [
        (y, f"C{y}{k}", "M1", True, 7, "P1", y, "Paris")
        for y in range(2020, 2026)
        for k in range(3)
    ]
    path = tmp_path / "heures.csv"
    path.write_text(csv_text(_written(rows), HEADER), encoding="utf-8")
    plans: list[str] = []
    keep = rep._in_memory

    def spied(kept: pl.LazyFrame, *args: object, **kwargs: object) -> pl.LazyFrame:
        plans.append(kept.explain())
        return keep(kept, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rep, "_in_memory", spied)
    data = rep.load(
        path,
        helpers.in_memory_up_to(0),
        ReadOptions(),
        columns=["date_debut"],
        year=YEAR,
        earliest=lambda _n: None,
        compact_ids=compact,
    )
    [plan] = plans
    scan = plan[plan.index("Parquet SCAN") :]
    assert "SELECTION" in scan and "annee" in scan.split("SELECTION", 1)[1]
    assert "FILTER" not in plan
    assert sorted(data.frame.collect()["annee"].to_list()) == [YEAR - 1] * 3 + [YEAR] * 3
