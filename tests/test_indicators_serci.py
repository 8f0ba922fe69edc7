"""Propriétés des indicateurs SERCI : conservation, parts, taux, ordre des lignes, paresse."""

from __future__ import annotations

import random

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gipkit.indicators import etp
from gipkit.indicators import serci as ind

OWNER_TYPES = ["bailleur_social", "commune", "sem", "prive"]
STATUSES = ["deld", "th", "jeune_26", "rsa", "qpv"]
EXITS = ["cdi", "cdd_plus_3_mois", "abandon", "interim", None]


@st.composite
def exports(draw: st.DrawFn) -> pl.DataFrame:
    """Un petit export : contrats uniques, participants aux attributs constants."""
    n_people = draw(st.integers(1, 6))
    people = {
        f"P{i}": (
            draw(st.lists(st.sampled_from(STATUSES), min_size=1, max_size=3, unique=True)),
            draw(st.sampled_from(EXITS)),
            draw(st.sampled_from(["F", "H"])),
        )
        for i in range(n_people)
    }
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from([2024, 2025]),
                st.sampled_from(sorted(people)),
                st.sampled_from(["M1", "M2", "M3"]),
                st.sampled_from(OWNER_TYPES),
                st.booleans(),
                st.integers(1, 2000),
            ),
            min_size=1,
            max_size=25,
        )
    )
    return pl.DataFrame(
        {
            "annee": [r[0] for r in rows],
            "contrat": [f"C{i}" for i in range(len(rows))],
            "marche": [r[2] for r in rows],
            "participant": [r[1] for r in rows],
            "type_maitre_ouvrage": [r[3] for r in rows],
            "territoire": [r[4] for r in rows],
            "heures": [float(r[5]) for r in rows],
            "statuts_entree": [people[r[1]][0] for r in rows],
            "situation_sortie": [people[r[1]][1] for r in rows],
            "sexe": [people[r[1]][2] for r in rows],
        },
        schema_overrides={"statuts_entree": pl.List(pl.String), "situation_sortie": pl.String},
    )


def _shuffle(frame: pl.DataFrame, seed: int) -> pl.DataFrame:
    order = list(range(frame.height))
    random.Random(seed).shuffle(order)
    return frame[order]


@given(exports())
def test_activite_heures_conservees_et_participants_bornes(frame: pl.DataFrame) -> None:
    by_year = ind.activity_by_year(frame)
    assert by_year["heures"].sum() == frame["heures"].sum()
    assert (
        by_year["heures"] == by_year["heures_territoire"] + by_year["heures_hors_territoire"]
    ).all()
    grouped = ind.activity_by(frame, "type_maitre_ouvrage")
    totals = ind.activity_total(frame)
    for year in totals["annee"]:
        part = grouped.filter(pl.col("annee") == year)
        tot = totals.filter(pl.col("annee") == year)
        assert part["heures"].sum() == tot["heures"].item()
        assert part["nb_contrats"].sum() == tot["nb_contrats"].item()
        assert part["nb_participants"].sum() >= tot["nb_participants"].item()
        assert part["nb_participants"].max() <= tot["nb_participants"].item()


@given(exports(), st.integers(0, 1000))
def test_independant_de_l_ordre_des_lignes(frame: pl.DataFrame, seed: int) -> None:
    other = _shuffle(frame, seed)
    assert ind.activity_by_year(frame).equals(ind.activity_by_year(other))
    assert ind.activity_by(frame, "type_maitre_ouvrage").equals(
        ind.activity_by(other, "type_maitre_ouvrage")
    )
    assert ind.new_participants_by_year(frame).equals(ind.new_participants_by_year(other))
    assert ind.participants_by_status(ind.participant_profile(frame)).equals(
        ind.participants_by_status(ind.participant_profile(other))
    )
    assert ind.exit_summary(ind.participant_profile(frame)).equals(
        ind.exit_summary(ind.participant_profile(other))
    )


@given(exports())
def test_paresseux_egal_immediat(frame: pl.DataFrame) -> None:
    lazy = ind.activity_by(frame.lazy(), "type_maitre_ouvrage")
    assert isinstance(lazy, pl.LazyFrame)
    assert lazy.collect().equals(ind.activity_by(frame, "type_maitre_ouvrage"))
    profile_lazy = ind.participant_profile(frame.lazy()).collect()
    assert profile_lazy.equals(ind.participant_profile(frame))


@given(exports())
def test_profils_participants_partitionnent(frame: pl.DataFrame) -> None:
    profile = ind.participant_profile(frame)
    grouped = ind.participants_by(profile, "sexe")
    for year in profile["annee"].unique():
        people = frame.filter(pl.col("annee") == year)
        part = grouped.filter(pl.col("annee") == year)
        assert part["nb_participants"].sum() == people["participant"].n_unique()
        assert part["heures"].sum() == pytest.approx(people["heures"].sum())


@given(exports())
def test_statuts_principal_une_fois_heures_sous_chaque_statut(frame: pl.DataFrame) -> None:
    """Par défaut le tableau s'additionne (heures sous le statut principal) ; la convention
    du rapport compte les heures sous chaque statut (somme ≥ heures distinctes)."""
    profile = ind.participant_profile(frame)
    status = ind.participants_by_status(profile)
    every = ind.participants_by_status(profile, hours_under="tous_statuts")
    for year in profile["annee"].unique():
        prof = profile.filter(pl.col("annee") == year)
        part = status.filter(pl.col("annee") == year)
        assert part["nb_participants"].sum() == prof.height
        assert part["heures"].sum() == pytest.approx(prof["heures"].sum())
        part = every.filter(pl.col("annee") == year)
        assert part["nb_participants"].sum() == prof.height
        expected = sum(
            h * len(s) for h, s in zip(prof["heures"], prof["statuts_entree"], strict=True)
        )
        assert part["heures"].sum() == pytest.approx(expected)
        assert part["heures"].sum() >= prof["heures"].sum()


@given(exports())
def test_nouveaux_participants(frame: pl.DataFrame) -> None:
    news = ind.new_participants_by_year(frame)
    assert (news["nb_nouveaux_participants"] <= news["nb_participants"]).all()
    first = news.row(0, named=True)
    assert first["nb_nouveaux_participants"] == first["nb_participants"]
    assert news["nb_nouveaux_participants"].sum() == frame["participant"].n_unique()


@given(
    st.lists(
        st.tuples(st.integers(2021, 2025), st.sampled_from(["p1", "p2", "p3", None])),
        min_size=1,
        max_size=30,
    )
)
def test_nouveaux_participants_comme_a_la_main(lines: list[tuple[int, str | None]]) -> None:
    """Chaque année : ses participants distincts, et ceux dont c'est la première année ;
    une ligne sans participant ne compte pas."""
    frame = pl.DataFrame(lines, schema={"annee": pl.Int16, "participant": pl.String}, orient="row")
    years = sorted({y for y, p in lines if p is not None})
    first = {p: min(y for y, q in lines if q == p) for _, p in lines if p is not None}
    expected = [
        (
            y,
            len({p for x, p in lines if x == y and p is not None}),
            sum(1 for p, f in first.items() if f == y),
        )
        for y in years
    ]
    assert ind.new_participants_by_year(frame).rows() == expected
    assert ind.new_participants_by_year(frame.lazy()).collect().rows() == expected


@given(exports(), st.lists(st.sampled_from(["cdi", "cdd_plus_3_mois", "interim"]), unique=True))
def test_taux_de_sorties(frame: pl.DataFrame, definition: list[str]) -> None:
    profile = ind.participant_profile(frame)
    summary = ind.exit_summary(profile, positive=definition)
    wider = ind.exit_summary(profile, positive=[*definition, "abandon"])
    for column in ("taux_sorties_positives", "taux_abandons"):
        assert summary[column].is_between(0, 1).all()
    # élargir la définition ne fait jamais baisser le taux
    assert (wider["taux_sorties_positives"] >= summary["taux_sorties_positives"]).all()
    assert (summary["nb_sorties_positives"] <= summary["nb_sorties"]).all()
    assert (summary["nb_sorties"] <= summary["nb_participants"]).all()
    # la base du rapport (tous les participants) ne donne jamais un taux plus haut
    on_all = ind.exit_summary(profile, positive=definition, base="participants")
    assert (on_all["taux_sorties_positives"] <= summary["taux_sorties_positives"]).all()


@given(st.floats(0, 1e7), st.floats(0, 1e7), st.floats(1, 5000))
def test_etp_monotone(a: float, b: float, per: float) -> None:
    low, high = sorted((a, b))
    assert etp(low, hours_per_etp=per) <= etp(high, hours_per_etp=per)
    assert etp(0.0, hours_per_etp=per) == 0


def test_etp_refuse_un_diviseur_nul() -> None:
    with pytest.raises(ValueError):
        etp(10.0, hours_per_etp=0)


def test_top_stable_a_egalite() -> None:
    frame = pl.DataFrame(
        {
            "annee": [2025] * 3,
            "contrat": ["a", "b", "c"],
            "marche": ["m", "m", "m"],
            "participant": ["p", "q", "r"],
            "heures": [5.0, 5.0, 5.0],
            "moa": ["B", "A", "C"],
        }
    )
    top = ind.top_by_hours(frame, "moa", n=2)
    assert top["moa"].to_list() == ["A", "B"]


#: lignes d'un export d'heures réduit à l'année des contrats : (contrat, année de la
#: ligne, heures, année de la date de début)
CONTRACT_LINES = st.lists(
    st.tuples(
        st.sampled_from(["c1", "c2", "c3", None]),  # contrat (absent possible)
        st.integers(2021, 2025),  # année de la ligne
        st.sampled_from([0.0, 7.0, 35.0, None]),  # heures
        st.one_of(st.none(), st.integers(2020, 2025)),  # année de la date de début
    ),
    min_size=1,
    max_size=30,
)


def _contract_frame(lines: list[tuple], year_type: pl.DataType = pl.Int64) -> pl.DataFrame:
    from datetime import date

    return pl.DataFrame(
        {
            "contrat": [c for c, _, _, _ in lines],
            "annee": [y for _, y, _, _ in lines],
            "heures": [h for _, _, h, _ in lines],
            "date_debut": [None if d is None else date(d, 3, 1) for _, _, _, d in lines],
        },
        schema={
            "contrat": pl.String,
            "annee": year_type,
            "heures": pl.Float64,
            "date_debut": pl.Date,
        },
    )


@given(CONTRACT_LINES, st.integers(2021, 2025), st.sampled_from(["signature", "activite"]))
def test_annee_des_contrats_des_lignes_gardees(lines: list[tuple], first: int, rule: str) -> None:
    """Marquer les seules lignes gardées (``rows``) donne la marque que ces lignes ont
    parmi toutes : chaque contrat se reconnaît sur toutes ses lignes, écartées
    comprises."""
    frame = _contract_frame(lines)
    kept = pl.col("annee") >= first
    whole = ind.contract_year_flag(frame, rule).filter(kept)
    part = ind.contract_year_flag(frame, rule, rows=frame.filter(kept))
    assert part.equals(whole)
    lazy = ind.contract_year_flag(frame.lazy(), rule, rows=frame.lazy().filter(kept))
    assert lazy.collect().equals(whole)


def _flags_by_hand(lines: list[tuple]) -> list[tuple[bool, bool]]:
    """La règle « signature » écrite ligne à ligne, en Python : un contrat compte sur sa
    ligne travaillée de l'année de sa date de début ; faute de telle ligne, sur sa
    première année travaillée (et c'est un repli)."""
    signed = [h not in (None, 0.0) and d is not None and y == d for _, y, h, d in lines]
    out = []
    for i, (c, y, h, _) in enumerate(lines):
        mine = [j for j, line in enumerate(lines) if line[0] == c]
        worked = h not in (None, 0.0)
        if any(signed[j] for j in mine):
            out.append((signed[i], False))
            continue
        first = min((lines[j][1] for j in mine if lines[j][2] not in (None, 0.0)), default=None)
        fallback = worked and y == first
        out.append((fallback, fallback))
    return out


@given(CONTRACT_LINES, st.sampled_from([pl.Int16, pl.Int64]))
def test_annee_des_contrats_comme_a_la_main(lines: list[tuple], year_type: pl.DataType) -> None:
    """Toutes les lignes (une fenêtre sur le contrat) ou des lignes choisies (une
    agrégation jointe) : la marque est celle de la règle appliquée à la main, l'année
    lue sur 16 bits comprise (le code de chaque contrat lui ajoute 100 000)."""
    frame = _contract_frame(lines, year_type)
    expected = _flags_by_hand(lines)
    for marked in (
        ind.contract_year_flag(frame, "signature"),
        ind.contract_year_flag(frame, "signature", rows=frame),
    ):
        got = [
            (bool(c), bool(f))
            for c, f in marked.select(
                pl.col(ind.COUNTED).fill_null(False), ind.FALLBACK
            ).iter_rows()
        ]
        assert got == expected


@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["Ivry-sur-Seine", "IVRY SUR SEINE", "Vitry-sur-Seine", "Créteil", None]
            ),
            st.sampled_from([True, False, None]),
            st.sampled_from(["Monmousseau", "Port-à-l'Anglais", None]),
            st.sampled_from(["SIAE (ACI)", "Pôle emploi", "Entreprise", None]),
        ),
        max_size=40,
    )
)
def test_libelles_par_valeurs_distinctes_egaux_ligne_a_ligne(
    rows: list[tuple[str | None, bool | None, str | None, str | None]],
) -> None:
    """Domiciliation, commune et groupe de prescripteurs calculés une fois par combinaison
    distincte (``on_distinct``) : mêmes valeurs, dans le même ordre, que ligne à ligne."""
    from gipkit.indicators.common import label_by_patterns, on_distinct

    frame = pl.LazyFrame(
        rows,
        schema={
            "ville_domicile": pl.String,
            "qpv": pl.Boolean,
            "quartier": pl.String,
            "prescripteur": pl.String,
        },
        orient="row",
    ).with_row_index("n")
    cities = {"Ivry-sur-Seine": "Ivry", "Vitry-sur-Seine": "Vitry"}
    groups = {"SIAE": ["SIAE*"], "France Travail": ["POLE EMPLOI*"]}
    exprs = [
        *ind.domiciliation(cities),
        ind.home_city(cities),
        label_by_patterns(pl.col("prescripteur"), groups, other="Autres").alias("groupe"),
    ]
    by_row = frame.with_columns(exprs).collect()
    by_value = on_distinct(
        frame, ["ville_domicile", "qpv", "quartier", "prescripteur"], exprs
    ).collect()
    assert by_value.equals(by_row)


@given(st.lists(st.one_of(st.none(), st.text(alphabet="ab0é-", max_size=4)), max_size=40))
def test_rang_dense_par_valeurs_distinctes_egal_au_rang_de_polars(
    values: list[str | None],
) -> None:
    """``dense_rank`` (valeurs distinctes triées, rapportées par jointure) donne le rang
    dense de polars : mêmes égalités, même ordre, absentes absentes, même type."""
    from gipkit.reports.common import dense_rank

    column = pl.Series("participant", values, dtype=pl.String)
    assert dense_rank(column).equals(column.rank("dense"))


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Ivry-sur-Seine", "IVRY SUR SEINE", "Paris", None]),
            st.sampled_from(["SIAE (autre)", "Pôle emploi", "Mairie", None]),
        ),
        max_size=30,
    )
)
def test_libelles_identiques_sur_des_colonnes_en_categories(
    rows: list[tuple[str | None, str | None]],
) -> None:
    """`serci tout` garde ses textes en catégories (``reports.serci.load``) : la
    commune et le groupe de prescripteurs y sont les mêmes que sur le texte."""
    from gipkit.indicators.common import label_by_patterns

    text = pl.DataFrame(rows, schema=["ville_domicile", "prescripteur"], orient="row")
    groups = {"SIAE": ["SIAE*"], "France Travail": ["POLE EMPLOI*"]}
    exprs = [
        ind.home_city({"Ivry-sur-Seine": "Ivry"}),
        label_by_patterns(pl.col("prescripteur"), groups, other="Autres").alias("groupe"),
    ]
    categories = text.with_columns(pl.all().cast(pl.Categorical))
    labels = ["commune_domicile", "groupe"]
    assert (
        categories.with_columns(exprs)
        .select(labels)
        .equals(text.with_columns(exprs).select(labels))
    )


ACTIVITY_LINES = st.lists(
    st.tuples(
        st.sampled_from([2023, 2024, 2025]),
        st.sampled_from(["C1", "C2", "C3", None]),  # contrat
        st.sampled_from(["M1", "M2", None]),  # marché
        st.sampled_from(["P1", "P2", "P3", None]),  # participant
        st.booleans(),  # sur le territoire
        st.booleans(),  # ligne où le contrat compte
        st.integers(0, 500),
    ),
    min_size=1,
    max_size=40,
)


@given(ACTIVITY_LINES)
def test_activite_en_requetes_separees_egale_la_definition(lines: list[tuple]) -> None:
    """L'activité par année faite de requêtes séparées (:func:`ind.activity_queries`,
    comptes distincts par paires (année, valeur) distinctes, une valeur absente comptant
    pour une) égale la définition par ``n_unique`` dans un regroupement par année ; les
    contrats comptés sur des lignes marquées données à part (``marked``) aussi, les
    requêtes calculées l'une après l'autre, en flux ou non."""
    frame = pl.DataFrame(
        lines,
        schema={
            "annee": pl.Int16,
            "contrat": pl.String,
            "marche": pl.String,
            "participant": pl.String,
            "territoire": pl.Boolean,
            ind.COUNTED: pl.Boolean,
            "heures": pl.Float64,
        },
        orient="row",
    )
    on = pl.col("territoire")
    counted = pl.col(ind.COUNTED)
    expected = (
        frame.group_by("annee")
        .agg(
            pl.col("heures").filter(on).sum().alias("heures_territoire"),
            pl.col("heures").filter(~on).sum().alias("heures_hors_territoire"),
            pl.col("heures").sum(),
            pl.col("marche").filter(on).n_unique().alias("nb_marches"),
            pl.col("contrat").filter(counted & on).n_unique().alias("nb_contrats"),
            pl.col("contrat").filter(counted & ~on).n_unique().alias("nb_contrats_hors_territoire"),
            pl.col("participant").n_unique().alias("nb_participants"),
            pl.col("participant").filter(on).n_unique().alias("nb_participants_territoire"),
        )
        .sort("annee")
    )
    assert ind.activity_by_year(frame).equals(expected)
    queries = ind.activity_queries(frame.drop(ind.COUNTED).lazy(), marked=frame.lazy())
    parts = {
        name: query.collect(engine="streaming" if name != ind.HOURS else "in-memory")
        for name, query in queries.items()
    }
    assert ind.activity_from(parts).equals(expected)
