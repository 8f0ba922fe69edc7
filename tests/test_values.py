"""Typage des cellules (``gipkit.io.values``) : propriétés.

La voie complète travaille lot par lot (``map_batches``) : ces propriétés vérifient la
valeur lue pour des cellules écrites comme les écrivent Excel et les logiciels métier
français, que le découpage en lots (moteur en flux ou non) ne change rien, et que les
deux voies du lecteur (forme courante, puis voie complète sur les valeurs distinctes
restées non lues) donnent exactement la voie complète.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gipkit.io import values
from gipkit.io.exports import EXPORTS
from gipkit.io.exports.ml import ML_EVENTS
from gipkit.io.exports.plie import PLIE_PARTICIPANTS
from gipkit.io.exports.serci import SERCI_HOURS
from gipkit.io.normalize import normalize_label
from gipkit.io.schema import ColumnSpec, ColumnType

SPACES = ["", " ", "\u00a0", "\u2009", "\u202f"]


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


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.sampled_from([(".", ","), (",", ".")]),
    st.integers(1, 3),
)
def test_milliers_et_decimales_le_dernier_separateur_dit_les_decimales(
    x: float, separators: tuple[str, str], decimals: int
) -> None:
    """``1.234.567,89`` (milliers par des points) et ``1,234,567.89`` (un tableur réglé
    en anglais) se relisent tous deux : avec les deux signes, le dernier sépare les
    décimales. Lire le second comme le premier donnait 1,23456789."""
    thousands, decimal = separators
    whole, fraction = french(x, thousands, decimals).rsplit(",", 1)
    written = whole + decimal + fraction
    (read,) = typed([written], values.number(pl.col("v")))
    assert read == float(f"{x:.{decimals}f}"), written


def test_milliers_mal_groupes_illisibles() -> None:
    """Un mélange de points et de virgules qui n'est ni l'une ni l'autre écriture est
    illisible (l'erreur le dit), plutôt que lu d'une façon ou d'une autre."""
    cells = ["1.2.3,4", "12,5.3", "1,23.4", "1.2345,6", "1.234,5.6"]
    assert typed(cells, values.number(pl.col("v"))) == [None] * len(cells)


@pytest.mark.parametrize("kind", ["number", "integer"])
def test_une_espace_hors_des_milliers_rend_illisible(kind: str) -> None:
    """« 12 15 » (deux nombres dans une cellule ?) ou « 1 23,5 » : une espace entre des
    chiffres qui ne sépare pas des milliers par groupes de trois est illisible (l'erreur
    le dit), plutôt que lue 1215 ; autour du nombre, du signe ou de l'euro, elle ne
    compte pas."""
    parse = getattr(values, kind)(pl.col("v"))
    cells = ["12 15", "1 23,5", "1 2 3", "1234 567", "1  234", "1\t234", "1 234,567 8"]
    assert typed(cells, parse) == [None] * len(cells)
    assert typed(["- 1 234", " 1 234 € ", "€ 12 345 678"], parse) == [-1234, 1234, 12345678]


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
        day.isoformat() + "T08:30:00+01:00",
        day.strftime("%d/%m/%Y") + " 8:30",
        f"{day.day}/{day.month}/{day.year:04d}",
    ]
    assert typed(forms, values.date(pl.col("v"))) == [day] * len(forms)


@given(
    st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    st.sampled_from(["%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"]),
    st.sampled_from(["0", "1", "9", "x", "/", "-", " ?", " à confirmer", "T", " 08", "08:00"]),
)
def test_une_date_suivie_d_autre_chose_qu_une_heure_est_refusee(
    day: date, form: str, tail: str
) -> None:
    """« 31/12/20251 » ou « 2025-12-311 » (un chiffre de trop) ne sont pas lues sur leurs
    dix premiers caractères : la date ne doit être suivie que d'une heure."""
    cell = day.strftime(form) + tail
    assert typed([cell], values.date(pl.col("v"))) == [None]


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


# --- deux voies : forme courante en flux, puis voie complète sur les valeurs distinctes ---

SERCI_YEAR = SERCI_HOURS.column("annee")  # entier borné (1990-2100)
HOURS = SERCI_HOURS.column("heures")  # nombre borné (0-100 000)
UNBOUNDED = ColumnSpec("montant", "Montant", ColumnType.NUMBER, "")
START = SERCI_HOURS.column("date_debut")
ON_SITE = SERCI_HOURS.column("territoire")
RESOURCES = PLIE_PARTICIPANTS.column("ressources")
EVENT = ML_EVENTS.column("type_evenement")
#: des cellules de chaque sorte : forme courante, formes rares, valeurs fausses, bornes
BOUNDARY_YEARS = [1850, 1899, 1900, 1901, 2024, 2025, 2099, 2100, 2101]
ODD = ["", " ", "x", "inf", "nan", "1 234,5", "1.234,5", "12,5", "2025,0", "1989", "2101"]
CELLS = st.one_of(
    st.sampled_from(ODD),
    st.integers(-5, 3000).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: f"{x:.2f}".replace(".", ",")),
    # années aux bornes plausibles (1900-2100) et de part et d'autre
    st.builds(
        date, st.sampled_from(BOUNDARY_YEARS), st.integers(1, 12), st.integers(1, 28)
    ).flatmap(
        lambda d: st.sampled_from(
            [
                d.strftime("%d/%m/%Y"),
                d.isoformat(),
                d.strftime("%d.%m.%Y"),
                d.isoformat() + " 08:00",
                d.strftime("%d/%m/%Y") + "1",
                d.strftime("%d/%m/%Y") + " 08:00",
                d.isoformat() + "x",
            ]
        )
    ),
    st.sampled_from([*WRITTEN, "oui", "NON", "Vrai", "o", "rsa|Salaire", "RSA | ass", "RSA|?"]),
)


PAD = st.sampled_from(["", " ", "  ", "\u00a0", "\t"])
#: une cellule telle qu'écrite : parfois entourée d'espaces
WRITTEN_CELLS = st.tuples(PAD, CELLS, PAD).map("".join)


@pytest.mark.parametrize(
    "spec",
    [SERCI_YEAR, HOURS, UNBOUNDED, START, ON_SITE, RESOURCES, EVENT],
    ids=lambda s: f"{s.type.value}-{s.name}",
)
@given(cells=st.lists(WRITTEN_CELLS, min_size=5, max_size=60).map(lambda drawn: [*drawn, *ODD]))
def test_forme_courante_puis_valeurs_distinctes_egale_la_voie_complete(
    spec: ColumnSpec, cells: list[str]
) -> None:
    """Ce que fait le lecteur (``checked.checked_frame`` et ``checked._retyped``) : la forme
    courante en expressions pures sur la cellule telle qu'écrite, bornes vérifiées, puis
    la voie complète sur les seules valeurs distinctes non lues — exactement la valeur
    de la voie complète sur la cellule sans espaces autour, cellule par cellule. Deux
    cellules au même texte sans espaces autour ont donc la même valeur, ce sur quoi
    compte l'empreinte des doublons (``checked._row_print``)."""
    labels, forms = spec.category_labels(), spec.category_forms()
    frame = pl.DataFrame({"v": cells}, schema={"v": pl.String})
    fast = frame.with_columns(
        values.common_form(pl.col("v"), spec, labels, forms).alias("t")
    ).with_columns(values.plausible(pl.col("t"), spec).alias("t"))
    left = fast.filter(pl.col("t").is_null() & (pl.col("v").str.len_bytes() > 0))["v"]
    again = values.recovered(pl.col("v"), left, spec, labels, separator="|", forms=forms)
    both = fast.with_columns(pl.coalesce("t", again) if again is not None else pl.col("t"))["t"]
    clean = pl.col("v").str.strip_chars()
    complete = frame.select(values.typed(clean, spec, labels, "|", forms))["v"]
    assert both.to_list() == complete.to_list()


def test_un_filtre_apres_les_valeurs_reprises_se_fait_a_la_lecture(tmp_path) -> None:
    """Les valeurs reprises par la voie complète (:func:`values.recovered`) se calculent
    cellule par cellule pour polars : un filtre posé ensuite (les parcours de l'année)
    descend jusqu'à la lecture du Parquet temporaire, au lieu de monter tout le tableau
    en mémoire pour le filtrer (les parcours du PLIE × 750 : 6 M lus pour 351 750
    gardés) ; mêmes valeurs sur les lignes gardées."""
    cells = [" 31/12/2025 ", "2025-01-02", "x", None] * 5
    path = tmp_path / "lu.parquet"
    pl.DataFrame({"v": cells, "n": range(len(cells))}).write_parquet(path)
    left = pl.Series([" 31/12/2025 ", "2025-01-02", "x"])
    again = values.recovered(pl.col("v"), left, START, {}, separator="|", by_batch=True)
    assert again is not None
    query = pl.scan_parquet(path).with_columns(again.alias("t")).filter(pl.col("n") >= 10)
    plan = query.explain()
    assert "SELECTION" in plan and not plan.lstrip().startswith("FILTER")
    read = {" 31/12/2025 ": date(2025, 12, 31), "2025-01-02": date(2025, 1, 2)}
    assert query.collect()["t"].to_list() == [read.get(c) for c in cells[10:]]  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_entiers_bornes_tenus_par_leur_type_reduit(kind: str) -> None:
    """Chaque colonne entière bornée par son format garde ses bornes (et ce qui est
    entre) une fois mise dans le type réduit de ``narrow_integers`` : une conversion
    stricte qui déborderait échoue."""
    from gipkit.reports.common import narrow_integers

    schema = EXPORTS[kind]
    bounded = [
        c
        for c in schema.columns
        if c.type is ColumnType.INTEGER and c.minimum is not None and c.maximum is not None
    ]
    for spec in bounded:
        assert spec.minimum is not None and spec.maximum is not None
        low, high = int(spec.minimum), int(spec.maximum)
        frame = pl.DataFrame({spec.name: [low, (low + high) // 2, high, None]})
        (expr,) = narrow_integers(schema, [spec.name])
        narrowed = frame.select(expr.cast(pl.Int64, strict=True).alias("v"))
        assert frame.select(expr)[spec.name].dtype in (pl.Int8, pl.Int16, pl.Int32)
        assert narrowed["v"].to_list() == frame[spec.name].to_list()


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 127, pl.Int8),
        (-128, 0, pl.Int8),
        (0, 128, pl.Int16),
        (-129, 0, pl.Int16),
        (1990, 2100, pl.Int16),
        (0, 32_768, pl.Int32),
        (-(2**31), 2**31 - 1, pl.Int32),
        (0, 2**31, None),  # pas de type réduit : la colonne reste sur 64 bits
    ],
)
def test_type_reduit_aux_limites(low: int, high: int, expected: type[pl.DataType] | None) -> None:
    """Le plus petit type qui tient les deux bornes, au bit près."""
    from gipkit.io.schema import ExportSchema
    from gipkit.reports.common import narrow_integers

    spec = ColumnSpec("n", "N", ColumnType.INTEGER, "", minimum=low, maximum=high)
    exprs = narrow_integers(ExportSchema("x", "X", "", (spec,)), ["n"])
    if expected is None:
        assert exprs == []
        return
    frame = pl.DataFrame({"n": [low, high]}).select(exprs)
    assert frame["n"].dtype == expected
    assert frame["n"].to_list() == [low, high]


SERCI_EXITS = sorted(c.code for c in SERCI_HOURS.column("situation_sortie").categories)


@given(st.lists(st.one_of(st.none(), st.sampled_from(SERCI_EXITS)), max_size=30))
def test_modalites_en_enum_rangees_comme_le_texte(cells: list[str | None]) -> None:
    """``as_enums`` : même tri, même minimum et maximum, mêmes valeurs distinctes que le
    texte des codes (l'ordre des codes d'un Enum est celui de ses catégories : elles
    sont rangées dans l'ordre du texte)."""
    from gipkit.reports.common import as_enums

    text = pl.DataFrame({"situation_sortie": cells}, schema={"situation_sortie": pl.String})
    codes = text.with_columns(as_enums(SERCI_HOURS, text.columns))
    assert isinstance(codes.schema["situation_sortie"], pl.Enum)
    as_text = pl.col("situation_sortie").cast(pl.String)
    assert codes.sort("situation_sortie").select(as_text).equals(text.sort("situation_sortie"))
    for agg in (pl.col("situation_sortie").min(), pl.col("situation_sortie").max()):
        assert codes.select(agg.cast(pl.String)).equals(text.select(agg))
    assert codes["situation_sortie"].n_unique() == text["situation_sortie"].n_unique()


def _spelling_variants(spelling: str) -> list[str]:
    """Un libellé tel qu'un export l'écrit d'ordinaire : tel quel, en minuscules, en
    capitales, avec une capitale initiale, ou la seule première lettre en capitale."""
    sentence = spelling[:1].upper() + spelling[1:]
    return [spelling, spelling.lower(), spelling.upper(), spelling.capitalize(), sentence]


@pytest.mark.parametrize(
    "spec",
    [c for kind in sorted(EXPORTS) for c in EXPORTS[kind].columns if c.type is ColumnType.CATEGORY],
    ids=lambda s: s.name,
)
def test_libelles_courants_lus_par_la_voie_rapide(spec: ColumnSpec) -> None:
    """Chaque libellé déclaré d'une colonne (code, libellé, synonymes), écrit tel quel, en
    minuscules, en capitales ou avec une capitale initiale (« Info DALO », « Logement
    temporaire »), est lu par la voie rapide, avec la valeur de la voie complète : il ne
    fait pas passer la colonne par la voie complète à chaque lecture (les propositions
    du CLLAJ y passaient pour deux tiers de leurs types)."""
    labels, forms = spec.category_labels(), spec.category_forms()
    cells = sorted(
        {
            v
            for c in spec.categories
            for s in (c.code, c.label, *c.synonyms)
            for v in _spelling_variants(s)
        }
    )
    frame = pl.DataFrame({"v": cells}, schema={"v": pl.String})
    fast = frame.select(values.common_form(pl.col("v"), spec, labels, forms).alias("v"))["v"]
    complete = frame.select(values.typed(pl.col("v"), spec, labels, "|", forms).alias("v"))["v"]
    missed = [cell for cell, value in zip(cells, fast.to_list(), strict=True) if value is None]
    assert complete.null_count() == 0
    assert missed == []
    assert fast.cast(pl.String).to_list() == complete.cast(pl.String).to_list()
