"""Les couples (année, jeune) des indicateurs de la Mission Locale sortent dans l'ordre de
leur première apparition dans l'extraction : un ordre stable d'un lancement à l'autre,
sans le tri par le texte de l'identifiant (coûteux à l'échelle nationale)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from gipkit.indicators import ml as ind
from gipkit.indicators import ml_obligation as obl
from gipkit.indicators import ml_territoire as terr

#: des jeunes dans l'ordre inverse de leur texte, sur deux années mêlées : un regroupement
#: sans ordre gardé ou un tri les rendrait dans un autre ordre
YOUTHS = [f"J{i:04d}" for i in range(499, -1, -1)]
DAYS = [date(2025 - i % 2, 3, 1 + i % 28) for i in range(len(YOUTHS))]
KINDS, STATUSES = ["entretien_individuel"], ["present"]


def events() -> pl.DataFrame:
    rows = len(YOUTHS)
    return pl.DataFrame(
        {
            "jeune": [*YOUTHS, *YOUTHS],  # chaque jeune revient : sa première ligne compte
            "date": [*DAYS, *DAYS],
            "type_evenement": ["entretien_individuel"] * 2 * rows,
            "statut": ["present"] * 2 * rows,
            "physique": [True] * 2 * rows,
            "date_naissance": [date(2009, 1, 1)] * 2 * rows,
        }
    )


EXPECTED = [(d.year, j) for d, j in zip(DAYS, YOUTHS, strict=True)]


@pytest.mark.parametrize("lazy", [False, True])
def test_ordre_de_premiere_apparition(lazy: bool) -> None:
    frame = events().lazy() if lazy else events()

    def pairs(result: pl.DataFrame | pl.LazyFrame) -> list[tuple[int, str]]:
        out = result.collect() if isinstance(result, pl.LazyFrame) else result
        return [(y, j) for y, j, *_ in out.rows()]

    assert pairs(ind.accompanied(frame, kinds=KINDS, statuses=STATUSES)) == EXPECTED
    visits = ind.accompanied_with_physical(frame, kinds=KINDS, statuses=STATUSES)
    assert pairs(visits) == EXPECTED
    assert pairs(obl.minors_in_contact(frame, statuses=STATUSES)) == EXPECTED
    assert pairs(terr.physical_events(frame, kinds=KINDS, statuses=STATUSES)) == EXPECTED
    reinforced = pl.DataFrame({"annee": [2025], "jeune": ["J0002"]})
    modalities = ind.modality_by_rule(visits, reinforced.lazy() if lazy else reinforced)
    assert pairs(modalities) == EXPECTED


def test_dispositifs_dans_l_ordre_de_l_extraction() -> None:
    programmes = pl.DataFrame(
        {
            "jeune": YOUTHS,
            "dispositif": ["CEJ"] * len(YOUTHS),
            "date_entree": [date(2025, 1, 1)] * len(YOUTHS),
            "date_sortie": [None] * len(YOUTHS),
        },
        schema_overrides={"date_sortie": pl.Date},
    )
    got = ind.programme_years(programmes, years=[2025], kinds=["CEJ"]).rows()
    assert got == [(2025, j) for j in YOUTHS]
