"""Typage des cellules (``gipkit.io.values``) : propriétés.

Les conversions travaillent lot par lot (``map_batches``) : ces propriétés vérifient la
valeur lue pour des cellules écrites comme les écrivent Excel et les logiciels métier
français, et que le découpage en lots (moteur en flux ou non) ne change rien.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from gipkit.io import values
from gipkit.io.exports.ml import ML_EVENTS
from gipkit.io.normalize import normalize_label

SPACES = ["", " ", "\u00a0", "\u202f"]


def typed(cells: list[str | None], expr: pl.Expr) -> list[object]:
    return pl.DataFrame({"v": cells}, schema={"v": pl.String}).select(expr)["v"].to_list()


def french(number: float, space: str, decimals: int) -> str:
    """``1 234,5`` : séparateur de milliers ``space``, virgule décimale."""
    whole, _, fraction = f"{abs(number):.{decimals}f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = space.join(groups) + ("," + fraction if fraction else "")
    return ("-" if number < 0 else "") + text


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.sampled_from(SPACES),
    st.integers(0, 3),
)
def test_un_nombre_ecrit_a_la_francaise_se_relit(x: float, space: str, decimals: int) -> None:
    written = french(x, space, decimals)
    expected = float(f"{x:.{decimals}f}")
    (read,) = typed([written], values.number(pl.col("v")))
    assert read == expected


@given(st.integers(-(10**12), 10**12))
def test_un_entier_se_relit_meme_ecrit_avec_une_virgule(n: int) -> None:
    assert typed([str(n), f"{n},0", f"{n},5"], values.integer(pl.col("v"))) == [n, n, None]


def test_ni_infini_ni_nan_ni_texte() -> None:
    cells = ["inf", "-inf", "nan", "NaN", "douze", "", None]
    assert typed(cells, values.number(pl.col("v"))) == [None] * len(cells)


@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)))
def test_une_date_se_relit_dans_chaque_forme(day: date) -> None:
    forms = [
        day.strftime("%d/%m/%Y"),
        day.isoformat(),
        day.strftime("%d-%m-%Y"),
        day.strftime("%d.%m.%Y"),
        day.isoformat() + " 08:30:00",
    ]
    assert typed(forms, values.date(pl.col("v"))) == [day] * len(forms)


@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)))
def test_une_annee_sur_deux_chiffres_est_refusee(day: date) -> None:
    assert typed([day.strftime("%d/%m/%y")], values.date(pl.col("v"))) == [None]


LABELS = ML_EVENTS.column("type_evenement").category_labels()
FORMS = ML_EVENTS.column("type_evenement").category_forms()
WRITTEN = sorted({*FORMS, *LABELS})


@given(
    st.lists(
        st.tuples(st.sampled_from(WRITTEN), st.sampled_from(["lower", "upper", "title", "same"])),
        min_size=1,
        max_size=40,
    )
)
def test_un_libelle_se_lit_quelle_que_soit_sa_casse(cells: list[tuple[str, str]]) -> None:
    written = [getattr(text, case)() if case != "same" else text for text, case in cells]
    expected = [FORMS.get(w, LABELS.get(normalize_label(w))) for w in written]
    assert typed(written, values.category(pl.col("v"), LABELS, FORMS)) == expected
    assert all(code is not None for code in expected)


def test_un_libelle_inconnu_ou_vide_est_absent() -> None:
    assert typed(["Rendez-vous chez le dentiste", None], values.category(pl.col("v"), LABELS)) == [
        None,
        None,
    ]


@given(st.lists(st.sampled_from([*WRITTEN, "inconnu", "1 234,5", "12/03/2025"]), max_size=300))
def test_le_decoupage_en_lots_ne_change_rien(cells: list[str]) -> None:
    """Le moteur en flux découpe la colonne en lots : mêmes valeurs qu'en un seul lot."""
    frame = pl.concat([pl.DataFrame({"v": cells}, schema={"v": pl.String})] * 3).lazy()
    exprs = [
        values.category(pl.col("v"), LABELS, FORMS).alias("c"),
        values.number(pl.col("v")).alias("n"),
        values.date(pl.col("v")).alias("d"),
    ]
    whole = frame.select(exprs).collect()
    streamed = frame.select(exprs).collect(engine="streaming")
    assert whole.equals(streamed)
