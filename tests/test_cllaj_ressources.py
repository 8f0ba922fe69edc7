"""CLLAJ, ressources des jeunes : tests dorés, propriétés du seuil de pauvreté."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, result, run, run_json
from gipkit.indicators import cllaj as ind

CSV = ROOT / "fixtures" / "cllaj" / "jeunes.csv"
REPORT = json.loads((ROOT / "fixtures" / "cllaj" / "rapport-2025.json").read_text("utf-8"))
POVERTY = REPORT["pauvrete"]


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def test_ressources_du_rapport() -> None:
    doc = run_json("cllaj", "ressources", CSV)
    assert doc["parametres"]["seuil_pauvrete"] == POVERTY["seuil_eur"]
    assert result(doc, "cllaj.ressources.jeunes")["valeur"] == REPORT["jeunes_accompagnes"]["2025"]
    share = result(doc, "cllaj.ressources.part_sous_seuil")
    assert _pct(share["valeur"]) == POVERTY["part_sous_seuil"]
    sexes = {r[0]: r for r in result(doc, "cllaj.ressources.par_sexe")["lignes"]}
    assert _pct(sexes["Femmes"][3]) == POVERTY["femmes_sous_seuil"]
    assert _pct(sexes["Hommes"][3]) == POVERTY["hommes_sous_seuil"]
    cities = {r[0]: r[1] for r in result(doc, "cllaj.ressources.par_ville")["lignes"]}
    assert cities == {
        "Ivry-sur-Seine": REPORT["jeunes_accompagnes"]["ivry"],
        "Vitry-sur-Seine": REPORT["jeunes_accompagnes"]["vitry"],
    }
    rent = result(doc, "cllaj.ressources.part_sans_acces_studio")
    assert _pct(rent["valeur"]) == POVERTY["ne_peut_pas_louer_studio_700"]
    # seuil de l'année précédente pour N-1 (1 216 € en 2024) : part « stable »
    assert _pct(share["precedent"]["valeur"]) == POVERTY["part_sous_seuil"]
    assert doc["entrees"][0]["exclusions"] == [
        {"motif": "ressources non renseignées", "lignes": 12}
    ]


def test_ressources_absentes_comptees_nulles_sur_demande() -> None:
    doc = run_json("cllaj", "ressources", CSV, "--annee", "2024", "--ressources-absentes-nulles")
    assert result(doc, "cllaj.ressources.jeunes")["valeur"] == 760 + 12
    assert doc["entrees"][0]["exclusions"] == [{"motif": "année hors de 2023-2024", "lignes": 818}]


def test_seuil_absent_de_la_configuration(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[parametres.seuils_pauvrete.2025]\nmontant = 1300\n", encoding="utf-8")
    doc = run_json("--config", config, "cllaj", "ressources", CSV)
    assert doc["parametres"]["seuil_pauvrete"] == 1300
    out = run("cllaj", "ressources", CSV, "--annee", "2030")
    assert out.exit_code == 2


def test_fichier_sans_colonne_annee(tmp_path: Path) -> None:
    path = tmp_path / "j.csv"
    path.write_text("Identifiant;Sexe;Ressources\nA;F;900\nB;H;1500\n", encoding="utf-8")
    assert run("cllaj", "ressources", path).exit_code == 2
    doc = run_json("cllaj", "ressources", path, "--annee", "2025")
    assert result(doc, "cllaj.ressources.part_sous_seuil")["valeur"] == 0.5


def test_verifier_un_document_cllaj(tmp_path: Path) -> None:
    doc = tmp_path / "c.json"
    doc.write_text(run("cllaj", "ressources", CSV, "--format", "json").stdout, encoding="utf-8")
    assert run("verifier", doc).exit_code == 0


YOUTHS = st.lists(
    st.tuples(st.one_of(st.none(), st.floats(0, 5000)), st.sampled_from("FH")),
    min_size=1,
    max_size=40,
)


def _frame(rows: list[tuple[float | None, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {"ressources": [r[0] for r in rows], "sexe": [r[1] for r in rows]},
        schema={"ressources": pl.Float64, "sexe": pl.String},
    )


@given(YOUTHS, st.floats(0, 3000), st.floats(0, 3000))
def test_un_seuil_plus_haut_ne_baisse_jamais_la_part(
    rows: list[tuple[float | None, str]], a: float, b: float
) -> None:
    low, high = sorted((a, b))
    frame = _frame(rows)
    before = ind.poverty_share(frame, threshold=low)["part_sous_seuil"].item()
    after = ind.poverty_share(frame, threshold=high)["part_sous_seuil"].item()
    if before is not None:
        assert after >= before


@given(YOUTHS, st.floats(1, 3000))
def test_les_parts_par_sexe_encadrent_la_part_globale(
    rows: list[tuple[float | None, str]], threshold: float
) -> None:
    frame = _frame(rows)
    overall = ind.poverty_share(frame, threshold=threshold)["part_sous_seuil"].item()
    by_sex = ind.poverty_share(frame, threshold=threshold, by="sexe")["part_sous_seuil"]
    if overall is not None:
        assert by_sex.min() - 1e-12 <= overall <= by_sex.max() + 1e-12


@given(YOUTHS, st.floats(1, 1500))
def test_les_tranches_partitionnent_les_jeunes_aux_ressources_connues(
    rows: list[tuple[float | None, str]], threshold: float
) -> None:
    frame = _frame(rows)
    bands = ind.income_bands(frame, threshold=threshold, bounds=[1800, 2300])
    assert bands["nb_jeunes"].sum() == frame["ressources"].drop_nulls().len()
    below = ind.poverty_share(frame, threshold=threshold)["nb_sous_seuil"].item()
    assert bands["nb_jeunes"][0] == below


def test_seuil_par_unite_de_consommation(tmp_path: Path) -> None:
    path = tmp_path / "jeunes.csv"
    path.write_text(
        "N° dossier;Année;Composition familiale;Nombre d'enfants;Ressources nettes mensuelles;"
        "Ressources du ménage\n"
        "A;2025;Personne seule;0;1000;\n"  # sous le seuil des deux façons
        "B;2025;Couple;0;1500;1800\n"  # 1 800 < 1 288 × 1,5 : sous le seuil par UC
        "C;2025;Parent isolé;2;1500;\n"  # ménage sans ressources : celles du jeune
        "D;2025;Couple avec enfants;;2500;3000\n",  # un enfant compté : 3 000 > 1 288 × 1,8
        encoding="utf-8",
    )
    config = tmp_path / "c.toml"
    config.write_text(
        '[cllaj]\npauvrete = "unites_consommation"\n'
        "[parametres.seuils_pauvrete.2025]\nmontant = 1288\n",
        encoding="utf-8",
    )
    single = run_json("cllaj", "ressources", path)
    assert result(single, "cllaj.ressources.part_sous_seuil")["valeur"] == 0.25
    out = run("--config", config, "cllaj", "ressources", path, "--format", "json")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    share = result(doc, "cllaj.ressources.part_sous_seuil")
    assert share["valeur"] == 0.75
    assert "unité de consommation" in share["libelle"]
    assert doc["parametres"]["pauvrete"] == "unites_consommation"
    assert "1 ménage(s) avec enfants sans « Nombre d'enfants »" in out.stderr
    assert "1 jeune(s) en couple ou parent sans « Ressources du ménage »" in out.stderr
    # les tranches et l'accès au parc privé restent sur les ressources du jeune
    rent = result(doc, "cllaj.ressources.part_sans_acces_studio")
    assert rent["valeur"] == result(single, "cllaj.ressources.part_sans_acces_studio")["valeur"]


def test_regle_d_acces_au_parc_prive_nommee(tmp_path: Path) -> None:
    doc = run_json("cllaj", "ressources", CSV)
    assert (
        "pratique des bailleurs" in result(doc, "cllaj.ressources.part_sans_acces_studio")["note"]
    )
    config = tmp_path / "c.toml"
    config.write_text(
        "[cllaj]\nmultiple_loyer = 2\n[parametres.seuils_pauvrete.2025]\nmontant = 1288\n",
        encoding="utf-8",
    )
    visale = result(
        run_json("--config", config, "cllaj", "ressources", CSV),
        "cllaj.ressources.part_sans_acces_studio",
    )
    assert "VISALE" in visale["note"]
    assert visale["valeur"] < result(doc, "cllaj.ressources.part_sans_acces_studio")["valeur"]


def test_un_jeune_repete_dans_l_annee_ne_compte_qu_une_fois(tmp_path: Path) -> None:
    """Un jeune écrit deux fois la même année avec d'autres ressources : seule sa première
    ligne compte, avec son motif au bilan ; sans répétition, le bilan n'a pas ce motif (la
    lecture a vu qu'aucun identifiant ne se répète : la règle n'est pas évaluée)."""
    reason = "jeune déjà compté dans l'année"
    rows = CSV.read_text("utf-8-sig").splitlines()
    first = rows[1].split(";")
    again = ";".join([*first[:-1], "9 999"])
    youths = tmp_path / "jeunes.csv"
    youths.write_text("\n".join([*rows, again]) + "\n", "utf-8")

    def exclusions(doc: dict[str, object]) -> dict[str, int]:
        (source,) = doc["entrees"]  # type: ignore[misc]
        return {e["motif"]: e["lignes"] for e in source["exclusions"]}

    repeated, plain = run_json("cllaj", "ressources", youths), run_json("cllaj", "ressources", CSV)
    assert exclusions(repeated).get(reason) == 1
    assert reason not in exclusions(plain)
    assert repeated["resultats"] == plain["resultats"]
