"""PLIE, participants et parcours : tests dorés, profil des personnes passées en SIAE,
propriétés des fonctions pures, CLI."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, result, run, run_json
from gipkit.indicators import plie_parcours as ind

FOLDER = ROOT / "fixtures" / "plie"
CSV = FOLDER / "participants.csv"
XLSX = FOLDER / "candidatures-2023-2025.xlsx"
PREREGISTRATIONS = FOLDER / "preinscriptions.csv"
REPORT = json.loads((FOLDER / "rapport-2025.json").read_text("utf-8"))


def pct(value: float) -> str:
    return f"{round(value * 100)}%"


def rows_of(table: dict, previous: bool = False) -> dict[str, list]:
    body = table["precedent"] if previous else table
    return {r[0]: r for r in body["lignes"]}


@pytest.fixture(scope="module")
def doc() -> dict:
    return run_json("plie", "participants", CSV, "--file-attente", "21")


def value(doc: dict, ident: str, previous: bool = False) -> float:
    res = result(doc, ident)
    return res["precedent"]["valeur"] if previous else res["valeur"]


def test_file_active_et_referents(doc: dict) -> None:
    assert doc["entrees"][0]["encodage"] == "cp1252"
    assert value(doc, "plie.participants.suivis") == REPORT["personnes_suivies"]["2025"]
    assert value(doc, "plie.participants.entrees") == REPORT["entrees"]["2025"]
    assert value(doc, "plie.participants.entrees", True) == REPORT["entrees"]["2024"]
    assert value(doc, "plie.participants.sorties") == REPORT["sorties"]["2025"]
    assert value(doc, "plie.participants.sorties", True) == REPORT["sorties"]["2024"]
    assert value(doc, "plie.participants.en_parcours_31_12") == REPORT["suivies_au_31_12"]
    referents = REPORT["referents"]
    assert value(doc, "plie.participants.referents_actifs") == referents["actifs_fin_2025"]
    assert value(doc, "plie.participants.charge_par_referent") == 87  # > 80 : saturation
    assert value(doc, "plie.participants.capacite_postes") == 320
    assert value(doc, "plie.participants.capacite_referents_actifs") == 240
    assert value(doc, "plie.participants.file_attente") == REPORT["file_attente"]
    # 120 de plus qu'en 2023 (268) : 2023 est hors de N-1..N, écarté avec son motif
    # et les 7 475 parcours anciens (2004-2022) qui font l'histoire depuis la création
    assert doc["entrees"][0]["exclusions"] == [
        {"motif": "parcours fini avant 2024", "lignes": 68 + 7475}
    ]


def test_villes_et_prescripteurs(doc: dict) -> None:
    table = result(doc, "plie.participants.par_ville")
    cities = rows_of(table)
    assert pct(cities["Ivry-sur-Seine"][4]) == REPORT["qpv"]["ivry"]
    assert pct(cities["Vitry-sur-Seine"][4]) == REPORT["qpv"]["vitry"]
    assert pct(cities["Ivry-sur-Seine"][5]) == REPORT["prescription"]["spontanes_ivry"]
    assert pct(cities["Vitry-sur-Seine"][5]) == REPORT["prescription"]["spontanes_vitry"]
    assert pct(table["total"][4]) == REPORT["qpv"]["2025"]
    # « passant ainsi de 37 % à 39 % - 34 % à Ivry (+2 points par rapport à 2024) et 42 %
    # à Vitry (+2,5 points) » : 39 / 122 et 86 / 217 en 2024 (+2,3 et +2,8 points ; 2,5
    # ne tombe pas juste sur 217 personnes, fixtures/plie/README.md)
    before = rows_of(table, previous=True)
    assert pct(table["precedent"]["total"][4]) == REPORT["qpv"]["2024"]

    def points(city: str) -> float:
        return (cities[city][4] - before[city][4]) * 100

    assert round(points("Ivry-sur-Seine")) == 2
    assert abs(points("Vitry-sur-Seine") - 2.5) < 0.5
    assert points("Vitry-sur-Seine") > points("Ivry-sur-Seine")
    assert round((table["total"][4] - table["precedent"]["total"][4]) * 100) == 2
    prescribers = result(doc, "plie.participants.prescripteurs")
    now, before = rows_of(prescribers), rows_of(prescribers, previous=True)
    ref = REPORT["prescription"]
    assert pct(now["Accueil spontané"][2]) == ref["accueils_spontanes"]["2025"]
    assert pct(before["Accueil spontané"][2]) == ref["accueils_spontanes"]["2024"]
    assert pct(now["France Travail"][2]) == ref["france_travail"]["2025"]
    assert pct(before["France Travail"][2]) == ref["france_travail"]["2024"]


def test_sorties_positives_duree_typologie(doc: dict) -> None:
    rate = result(doc, "plie.parcours.taux_sorties_positives")
    assert pct(rate["valeur"]) == REPORT["sorties_positives_taux"]["2025"]
    assert pct(rate["precedent"]["valeur"]) == REPORT["sorties_positives_taux"]["2024"]
    assert rate["denominateur"] == REPORT["sorties"]["2025"]
    duration = result(doc, "plie.parcours.duree_moyenne_mois")
    assert round(duration["valeur"]) == REPORT["duree_moyenne_parcours_mois"]["2025"]
    assert round(duration["precedent"]["valeur"] * 2) / 2 == 21.5
    by_category = rows_of(result(doc, "plie.parcours.duree_par_categorie"))
    regular = "Public employable / Employable, avec accompagnement régulier"
    assert round(by_category[regular][2]) == 26
    assert by_category[regular][2] == max(r[2] for r in by_category.values() if r[2])
    # 2023 (N-2), dans l'histoire année par année : prescripteurs et RSA des entrants
    history = result(doc, "plie.historique.par_annee")
    names = [c["id"] for c in history["colonnes"]]
    years = {r[0]: dict(zip(names, r, strict=True)) for r in history["lignes"]}
    prescription, rsa = REPORT["prescription"], REPORT["rsa"]["nouveaux_entrants"]
    for year in ("2023", "2024", "2025"):
        assert pct(years[year]["part_spontanes"]) == prescription["accueils_spontanes"][year]
        assert pct(years[year]["part_rsa"]) == rsa[year]
    assert (
        pct(years["2023"]["part_ft_departement"])
        == prescription["france_travail_et_departement_2023"]
    )
    # « La troisième catégorie […] Les parcours ici sont longs (23 mois en moyenne) »
    fragile = next(e for e in REPORT["table_employabilite_2025"] if "duree_moyenne_mois" in e)
    assert round(by_category[fragile["categorie"]][2]) == fragile["duree_moyenne_mois"]
    typology = rows_of(result(doc, "plie.parcours.typologie"))
    for entry in REPORT["table_employabilite_2025"]:
        assert pct(typology[entry["categorie"]][2]) == entry["part"]
        for label, share in entry.get("sous_categories", {}).items():
            row = typology[f"{entry['categorie']} / {label[0].upper()}{label[1:]}"]
            assert pct(row[2]) == share


def test_profil(doc: dict) -> None:
    assert round(value(doc, "plie.profil.age_moyen")) == REPORT["age_moyen"]["2025"]
    assert round(value(doc, "plie.profil.age_moyen", True)) == REPORT["age_moyen"]["2024"]
    assert round(value(doc, "plie.profil.age_moyen_femmes")) == REPORT["age_moyen"]["femmes"]
    assert round(value(doc, "plie.profil.age_moyen_hommes")) == REPORT["age_moyen"]["hommes"]
    sexes = result(doc, "plie.profil.sexe")
    now, before = rows_of(sexes), rows_of(sexes, previous=True)
    women = REPORT["part_femmes"]
    assert pct(now["Femmes"][2]) == women["2025"]
    assert pct(now["Femmes"][4]) == women["nouveaux_entrants_2025"]
    assert pct(before["Femmes"][2]) == women["2024"]
    assert pct(before["Femmes"][4]) == women["nouveaux_entrants_2024"]
    ages = result(doc, "plie.profil.age")
    assert pct(rows_of(ages)["26 à 44 ans"][2]) == REPORT["part_26_44"]["2025"]
    assert pct(rows_of(ages)["26 à 44 ans"][4]) == REPORT["part_26_44"]["nouveaux_entrants"]
    assert pct(rows_of(ages, previous=True)["26 à 44 ans"][2]) == REPORT["part_26_44"]["2024"]
    # « 55 % des nouveaux publics … ont entre 26 et 44 ans (65 % sont des femmes) »
    by_sex = result(doc, "plie.profil.entrants_age_sexe")
    young = rows_of(by_sex)["26 à 44 ans"]
    assert young[1:5] == [72, young[2], 47, 25]
    assert pct(young[2]) == REPORT["part_26_44"]["nouveaux_entrants"]
    assert pct(young[5]) == REPORT["part_26_44"]["femmes_parmi_nouveaux_entrants_26_44"]
    assert by_sex["total"][1] == value(doc, "plie.participants.entrees")
    assert by_sex["total"][3] == rows_of(sexes)["Femmes"][3]  # les 69 entrantes
    assert sum(r[1] for r in by_sex["lignes"]) == by_sex["total"][1]
    assert by_sex["precedent"]["total"][1] == value(doc, "plie.participants.entrees", True)
    levels = rows_of(result(doc, "plie.profil.niveau"))
    diploma = REPORT["diplome"]
    assert pct(levels["Sans diplôme"][2]) == diploma["sans_diplome"]
    assert pct(levels["CAP-BEP"][2]) == diploma["cap_bep"]
    assert pct(levels["BAC"][2]) == diploma["bac"]
    assert pct(levels["BAC+2 et plus"][2]) == diploma["bac_plus_2_et_plus"]
    assert pct(levels["Sans diplôme"][6]) == diploma["femmes_sans_diplome"]
    assert pct(levels["Sans diplôme"][8]) == diploma["hommes_sans_diplome"]
    # N-1 et N-2 (texte du rapport) : « le niveau de personnes sans diplôme reste stable en
    # 2025 par rapport à 2024, avec 42 % (contre 31 % en 2023) » ; BAC+2 et plus « 18 %,
    # comme en 2024 » ; bacheliers « +2 points, passant de 13 à 15 % » ; CAP-BEP « diminue
    # de deux points, passant de 27 % à 25 % »
    before = rows_of(result(doc, "plie.profil.niveau"), previous=True)
    assert [pct(before[k][2]) for k in ("Sans diplôme", "CAP-BEP", "BAC", "BAC+2 et plus")] == [
        "42%",
        "27%",
        "13%",
        "18%",
    ]
    for label, change in (("BAC", 2), ("CAP-BEP", -2), ("Sans diplôme", 0)):
        assert round((levels[label][2] - before[label][2]) * 100) == change
    history = result(doc, "plie.historique.par_annee")
    names = [c["id"] for c in history["colonnes"]]
    years = {r[0]: dict(zip(names, r, strict=True)) for r in history["lignes"]}
    assert pct(years["2023"]["part_sans_diplome"]) == "31%"
    for year, body in (("2025", levels), ("2024", before)):  # une définition, deux tableaux
        assert years[year]["part_sans_diplome"] == pytest.approx(body["Sans diplôme"][2], abs=1e-4)
    resources = rows_of(result(doc, "plie.profil.ressources"))
    assert pct(resources["Sans ressource"][2]) == REPORT["ressources"]["sans_ressource"]
    assert resources["Minima sociaux (RSA, ASS, AAH)"][2] > 0.40
    assert pct(resources["Salariés"][2]) == REPORT["ressources"]["salaries"]
    flags = result(doc, "plie.profil.indicateurs")
    now, before = rows_of(flags), rows_of(flags, previous=True)
    rsa = REPORT["rsa"]
    assert pct(now["RSA (actuel ou passé)"][2]) == rsa["suivis_beneficiaires_ou_anciens"]["2025"]
    assert pct(now["RSA (actuel ou passé)"][4]) == rsa["nouveaux_entrants"]["2025"]
    assert pct(before["RSA (actuel ou passé)"][2]) == rsa["suivis_beneficiaires_ou_anciens"]["2024"]
    assert pct(before["RSA (actuel ou passé)"][4]) == rsa["nouveaux_entrants"]["2024"]
    assert pct(now["Résidant en QPV"][2]) == REPORT["qpv"]["2025"]
    assert pct(before["Résidant en QPV"][2]) == REPORT["qpv"]["2024"]
    assert pct(now["Résidant dans une poche de pauvreté"][2]) == REPORT["qpv"]["poches_de_pauvrete"]
    assert pct(now["BAC et plus"][4]) == diploma["nouveaux_entrants_bac_et_plus"]


def test_souhaits_metiers(doc: dict) -> None:
    rows = result(doc, "plie.metiers.secteurs")["lignes"]
    found = {r[0].split(" - ")[0]: r for r in rows}
    for entry in REPORT["table_souhaits_metiers_rome_2025"]:
        letter = entry["secteur"].split(" - ")[0]
        if letter.startswith("Les"):
            row = next(r for r in rows if r[0] == "Les 8 autres secteurs")
            assert pct(row[4]) == entry["part_femmes"]
            continue
        assert pct(found[letter][3]) == entry["poids"]
        assert pct(found[letter][4]) == entry["part_femmes"]


def test_profil_des_personnes_passees_en_siae() -> None:
    doc = run_json("plie", "siae", XLSX, "--participants", CSV)
    profile = rows_of(result(doc, "plie.siae.profil"))
    ref = REPORT["siae"]["profil"]
    assert pct(profile["Passées en SIAE"][2]) == ref["rsa_passes_siae"]
    assert pct(profile["Passées en SIAE"][3]) == ref["sans_qualification_passes_siae"]
    assert pct(profile["Passées en SIAE : ACI"][2]) == ref["aci_arsa"]
    assert pct(profile["Passées en SIAE : ETTI"][2]) == ref["etti_arsa"]
    assert pct(profile["Passées en SIAE : ACI"][4]) == ref["aci_femmes"]
    assert pct(profile["Passées en SIAE : AI"][4]) == ref["ai_femmes"]
    joined = result(doc, "plie.siae.personnes_jointes")
    assert joined["valeur"] == 69 and "20 personne(s)" in joined["note"]
    # la jointure ne montre jamais la clé (courriel)
    assert "@" not in json.dumps(doc)


def test_options_et_erreurs(tmp_path: Path) -> None:
    all_followed = run_json("plie", "participants", CSV, "--duree-sur", "suivis")
    assert all_followed["parametres"]["duree_sur"] == "suivis"
    assert "suivis" in result(all_followed, "plie.parcours.duree_moyenne_mois")["note"]
    out = run("plie", "siae", XLSX, "--participants", CSV, "--cle", "pass")
    # la fixture n'a pas de numéro de PASS IAE : aucune personne reconnaissable par lui
    assert out.exit_code == 2 and "PASS IAE" in out.output and "--cle" in out.output
    (tmp_path / "gipkit.toml").write_text(
        '[plie]\nsorties_positives = ["cdi", "licenciement"]\n', encoding="utf-8"
    )
    out = run("--config", tmp_path / "gipkit.toml", "plie", "participants", CSV)
    assert out.exit_code == 78 and "licenciement" in out.output
    (tmp_path / "gipkit.toml").write_text('[plie]\nsorties_positives = ["cdi"]\n', "utf-8")
    narrow = run_json("--config", tmp_path / "gipkit.toml", "plie", "participants", CSV)
    assert value(narrow, "plie.parcours.sorties_positives") == 10  # les CDI seuls
    both = run_json(
        "plie",
        "tout",
        "--participants",
        CSV,
        "--candidatures",
        XLSX,
        "--preinscriptions",
        PREREGISTRATIONS,
    )
    prefixes = {r["id"].rsplit(".", 1)[0] for r in both["resultats"]}
    assert {"plie.participants", "plie.siae", "plie.profil", "plie.metiers"} <= prefixes


# --- propriétés ----------------------------------------------------------------------------

EXITS = ["cdi", "cdd_long", "abandon", "formation", None]
PATHWAY = st.tuples(
    st.integers(0, 1400), st.one_of(st.none(), st.integers(0, 900)), st.sampled_from(EXITS)
)


def _pathways(rows: list) -> pl.DataFrame:
    start = date(2022, 1, 1)
    entries = [start + timedelta(days=e) for e, _, _ in rows]
    exits = [
        None if d is None else entry + timedelta(days=d)
        for entry, (_, d, _) in zip(entries, rows, strict=True)
    ]
    return pl.DataFrame(
        {
            "participant": [f"P{i}" for i in range(len(rows))],
            "date_entree": entries,
            "date_sortie": exits,
            "situation_sortie": [s if d is not None else None for _, d, s in rows],
        },
        schema={
            "participant": pl.String,
            "date_entree": pl.Date,
            "date_sortie": pl.Date,
            "situation_sortie": pl.String,
        },
    )


@given(st.lists(PATHWAY, min_size=1, max_size=40))
def test_file_active_conservee(rows: list) -> None:
    frame = _pathways(rows)
    years = [2023, 2024, 2025]
    file = {r["annee"]: r for r in ind.active_file(frame, years=years).iter_rows(named=True)}
    for year in years[1:]:
        # suivis de l'année = en parcours au 31/12 précédent + entrées (un parcours par personne)
        assert file[year]["nb_suivis"] == file[year - 1]["nb_31_12"] + file[year]["nb_entrees"]
        assert file[year]["nb_31_12"] == file[year]["nb_suivis"] - file[year]["nb_sorties"]
    shuffled = ind.active_file(frame.reverse(), years=years)
    assert shuffled.equals(ind.active_file(frame, years=years))


@given(st.lists(PATHWAY, min_size=1, max_size=40))
def test_sorties_positives_monotones(rows: list) -> None:
    frame = _pathways(rows)
    narrow = ind.positive_exits(frame, positive=["cdi"])
    wide = ind.positive_exits(frame, positive=["cdi", "cdd_long"])
    assert narrow["taux"].is_between(0, 1).all()
    assert (wide["nb_positives"] >= narrow["nb_positives"]).all()
    assert (wide["taux"] >= narrow["taux"]).all()


@given(st.lists(PATHWAY, min_size=1, max_size=40))
def test_durees_positives(rows: list) -> None:
    frame = _pathways(rows)
    for exits_only in (True, False):
        durations = ind.mean_duration(frame, years=[2024, 2025], exits_only=exits_only)
        assert (durations["duree_mois"].drop_nulls() >= 0).all()


@given(
    st.lists(
        st.tuples(st.sampled_from([*"ABCKMN", None]), st.sampled_from(["F", "H"])),
        min_size=1,
        max_size=50,
    ),
    st.integers(1, 6),
)
def test_secteurs_souhaites(wishes: list, top: int) -> None:
    frame = pl.DataFrame(
        {"secteur": [s for s, _ in wishes], "sexe": [x for _, x in wishes]},
        schema={"secteur": pl.String, "sexe": pl.String},
    )
    sectors = ind.wished_sectors(frame, top=top)
    known = sum(1 for s, _ in wishes if s is not None)
    assert sectors["nb"].sum() == known
    if known:
        assert abs(sectors["poids"].sum() - 1) < 1e-9
        assert sectors["part_femmes"].is_between(0, 1).all()
        assert sectors.filter(pl.col("rang").is_not_null()).height <= top


def test_extraction_minimale_sans_faux_zero(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "Identifiant participant;Date d'entrée;Date de sortie\n"
        "P1;03/02/2025;\nP2;01/01/2024;15/06/2025\n",
        encoding="utf-8",
    )
    doc = run_json("plie", "participants", path)
    ids = {r["id"] for r in doc["resultats"]}
    assert value(doc, "plie.participants.suivis") == 2
    assert value(doc, "plie.participants.en_parcours_31_12") == 1
    # pas de colonne « Référent » : ni référents actifs ni charge, plutôt qu'un zéro
    assert "plie.participants.referents_actifs" not in ids
    assert "plie.participants.charge_par_referent" not in ids


def test_entrees_et_sorties_par_trimestre(doc: dict) -> None:
    """« sur le dernier trimestre, pour la première fois depuis 2023, […] plus de sorties
    que d'entrées » ; les trimestres font les entrées et les sorties de l'année."""
    table = result(doc, "plie.participants.par_trimestre")
    rows = {r[0]: r for r in table["lignes"]}
    assert list(rows) == ["T1", "T2", "T3", "T4"]
    assert rows["T4"][2] > rows["T4"][1] and rows["T4"][3] < 0
    # pour la première fois : aucun trimestre de 2024, ni de 2025 avant le dernier
    earlier = [*table["precedent"]["lignes"], rows["T1"], rows["T2"], rows["T3"]]
    assert all(r[3] >= 0 for r in earlier)
    assert table["total"][1] == result(doc, "plie.participants.entrees")["valeur"]
    assert table["total"][2] == result(doc, "plie.participants.sorties")["valeur"]
    assert [r[0] for r in table["precedent"]["lignes"]] == ["T1", "T2", "T3", "T4"]


@given(
    st.lists(
        st.tuples(st.dates(date(2023, 1, 1), date(2025, 12, 31)), st.integers(0, 400)),
        max_size=40,
    )
)
def test_trimestres_comptent_chaque_mouvement_une_fois(spans: list[tuple[date, int]]) -> None:
    frame = pl.DataFrame(
        {
            "date_entree": [start for start, _ in spans],
            "date_sortie": [
                start + timedelta(days=days) if days % 3 else None for start, days in spans
            ],
        },
        schema={"date_entree": pl.Date, "date_sortie": pl.Date},
    )
    moves = ind.movements_by_quarter(frame, years=[2024, 2025])
    assert moves.height == 8
    for year in (2024, 2025):
        part = moves.filter(pl.col("annee") == year)
        assert part["entrees"].sum() == (frame["date_entree"].dt.year() == year).sum()
        assert part["sorties"].sum() == (frame["date_sortie"].dt.year() == year).sum()
        assert (part["solde"] == part["entrees"] - part["sorties"]).all()


def test_histoire_depuis_la_creation() -> None:
    doc = run_json("plie", "tout", "--dossier", FOLDER, "--partiel")
    ref = REPORT["historique"]
    since = result(doc, "plie.historique.personnes_depuis_creation")
    # « le cap des 8 000 personnes accompagnées » franchi en 2025
    assert since["precedent"]["valeur"] < ref["personnes_depuis_creation_franchit"]
    assert since["valeur"] >= ref["personnes_depuis_creation_franchit"]
    assert str(ref["annee_creation"]) in since["libelle"]
    table = result(doc, "plie.historique.par_annee")
    ids = [c["id"] for c in table["colonnes"]]
    years = {r[0]: r for r in table["lignes"]}
    assert [*years][::21] == ["2004", "2025"] and len(years) == 22
    women, age = ids.index("part_femmes"), ids.index("age_moyen")
    for year, share in ref["part_femmes"].items():
        assert pct(years[year][women]) == share
    for year, mean in ref["age_moyen"].items():
        assert round(years[year][age]) == mean
    # les deux dernières années redisent le profil, par construction
    assert years["2025"][women] == pytest.approx(
        rows_of(result(doc, "plie.profil.sexe"))["Femmes"][2]
    )
    assert years["2025"][age] == pytest.approx(value(doc, "plie.profil.age_moyen"))
    assert years["2025"][ids.index("personnes")] == value(doc, "plie.participants.suivis")
    assert years["2024"][ids.index("entrants")] == value(doc, "plie.participants.entrees", True)
    assert years["2025"][ids.index("cumul")] == since["valeur"]


def test_histoire_incomplete_dite_et_non_chiffree(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[plie]\nannee_creation = 2000\n", encoding="utf-8")
    out = run("--config", config, "plie", "participants", CSV, "--format", "json")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert "plie.historique.personnes_depuis_creation" not in {r["id"] for r in doc["resultats"]}
    assert "commence en 2004, après la création du PLIE (2000" in out.stderr
    assert any("après la création" in w for w in doc["avertissements"])
    # sans année de création déclarée, le cumul part du fichier, et c'est dit
    bare = run("plie", "participants", CSV, "--format", "json")
    since = result(json.loads(bare.stdout), "plie.historique.personnes_depuis_creation")
    assert since["libelle"] == "Personnes accompagnées depuis 2004"
    assert "plie.annee_creation non déclarée" in bare.stderr


def test_file_d_attente_calculee_depuis_les_preinscriptions() -> None:
    doc = run_json("plie", "participants", CSV, "--preinscriptions", PREREGISTRATIONS)
    waiting = result(doc, "plie.participants.file_attente")
    assert waiting["valeur"] == REPORT["file_attente"]  # « à ce jour, 21 personnes »
    assert "pré-inscriptions" in waiting["note"]
    assert waiting["precedent"]["valeur"] == 6  # la file est « inédite » : 6 fin 2024
    entered = result(doc, "plie.attente.entrees_depuis_liste")
    # 70 % des 130 entrants de 2025 sont passés par la liste
    assert entered["valeur"] == round(0.7 * REPORT["entrees"]["2025"])
    assert 20 <= result(doc, "plie.attente.delai_moyen_jours")["valeur"] <= 130
    assert len(doc["entrees"]) == 2


def test_file_d_attente_sans_date_de_depart_absente_et_dite(tmp_path: Path) -> None:
    path = tmp_path / "preinscriptions.csv"
    lines = PREREGISTRATIONS.read_text("cp1252").splitlines()
    path.write_text(
        "\n".join(";".join(line.split(";")[:3]) for line in lines) + "\n", encoding="cp1252"
    )
    doc = run_json("plie", "participants", CSV, "--preinscriptions", path)
    ids = {r["id"] for r in doc["resultats"]}
    # une personne partie de la liste y resterait : pas de file d'attente, jamais fausse
    assert "plie.participants.file_attente" not in ids
    assert "plie.attente.entrees_depuis_liste" in ids
    listed = {i for m in doc["manquants"] for i in m["indicateurs"]}
    assert "plie.participants.file_attente" in listed


def test_file_d_attente_saisie_ou_calculee_pas_les_deux() -> None:
    out = run(
        "plie", "participants", CSV, "--file-attente", "21", "--preinscriptions", PREREGISTRATIONS
    )
    assert out.exit_code == 2 and "pas les deux" in out.output


@given(
    st.lists(
        st.tuples(
            st.integers(0, 700),
            st.one_of(st.none(), st.integers(0, 300)),
            st.one_of(st.none(), st.integers(0, 300)),
        ),
        max_size=30,
    )
)
def test_attente_une_personne_est_attendue_entree_ou_partie(rows: list) -> None:
    start = date(2024, 6, 1)
    frame = pl.DataFrame(
        {
            "date_preinscription": [start + timedelta(days=p) for p, _, _ in rows],
            "date_entree": [
                None if e is None else start + timedelta(days=p + e) for p, e, _ in rows
            ],
            "date_abandon": [
                None if a is None or e is not None else start + timedelta(days=p + a)
                for p, e, a in rows
            ],
        },
        schema={
            "date_preinscription": pl.Date,
            "date_entree": pl.Date,
            "date_abandon": pl.Date,
        },
    )
    day = date(2025, 12, 31)
    registered = frame.filter(pl.col("date_preinscription") <= day).height
    gone = frame.filter(
        (pl.col("date_entree") <= day).fill_null(False)
        | (pl.col("date_abandon") <= day).fill_null(False)
    ).height
    # au 31 décembre, chaque pré-inscrite est en attente, entrée ou partie : une seule fois
    assert int(ind.waiting_on(frame, day).sum()) == registered - gone


HISTORY_PATHWAY = st.tuples(
    # personne : plusieurs parcours possibles, ou un seul (l'histoire compte autrement les
    # personnes d'un seul parcours, toutes les années d'un passage)
    # (identifiant vide compris : les parcours sans identifiant vont ensemble)
    st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", None]),
    st.integers(2001, 2007),  # année d'entrée
    st.one_of(st.none(), st.integers(0, 3)),  # durée en années, ou parcours en cours
    st.sampled_from(["F", "H"]),
    st.integers(1950, 1990),  # année de naissance
    st.sampled_from(["spontane", "france_travail", "departement", None]),
    st.sampled_from(["sans_diplome", "bac", None]),
)


def _history_pathways(rows: list[tuple]) -> pl.DataFrame:
    """Les parcours tirés par :data:`HISTORY_PATHWAY`."""
    return pl.DataFrame(
        {
            "participant": [r[0] for r in rows],
            "sexe": [r[3] for r in rows],
            "date_naissance": [date(r[4], 6, 15) for r in rows],
            "date_entree": [date(r[1], 3, 1) for r in rows],
            "date_sortie": [None if r[2] is None else date(r[1] + r[2], 9, 1) for r in rows],
            "prescripteur": [r[5] for r in rows],
            "rsa": [r[3] == "F" for r in rows],
            "niveau": [r[6] for r in rows],
        },
        schema_overrides={"prescripteur": pl.String, "niveau": pl.String, "date_sortie": pl.Date},
    )


@given(st.lists(HISTORY_PATHWAY, min_size=1, max_size=25), st.integers(2002, 2006))
def test_histoire_comptee_ligne_a_ligne(rows: list[tuple], first: int) -> None:
    """L'histoire (:func:`ind.history`) refaite ligne à ligne : une personne compte une
    année où l'un de ses parcours la touche (entrée au plus tard, sortie au plus tôt
    cette année-là), avec son dernier parcours (date d'entrée, puis ordre de l'export) ;
    entrants : parcours commencés dans l'année ; cumul : personnes entrées au plus tard
    cette année-là ; âge au 31 décembre."""
    years = list(range(first, 2008))
    history = ind.history(_history_pathways(rows).lazy(), years=years).collect()
    got = {r["annee"]: r for r in history.iter_rows(named=True)}
    assert list(got) == years

    def mean(values: list) -> float | None:
        return sum(values) / len(values) if values else None

    for year in years:
        touching = [
            (k, r)
            for k, r in enumerate(rows)
            if r[1] <= year and (r[2] is None or r[1] + r[2] >= year)
        ]
        last: dict[str, tuple] = {}
        for _, r in sorted(touching, key=lambda kr: (kr[1][1], kr[0])):
            last[r[0]] = r
        entering: dict[str, tuple] = {}
        for _, r in sorted(touching, key=lambda kr: (kr[1][1], kr[0])):
            if r[1] == year:
                entering[r[0]] = r
        row = got[year]
        assert row["personnes"] == len(last)
        assert row["entrants"] == len(entering)
        assert row["cumul"] == len({r[0] for r in rows if r[1] <= year})
        people = list(last.values())
        known = [r for r in entering.values() if r[5] is not None]
        expected = {
            "part_femmes": mean([r[3] == "F" for r in people]),
            "age_moyen": mean([year - r[4] for r in people]),
            "part_sans_diplome": mean([r[6] == "sans_diplome" for r in people]),
            "part_spontanes": mean([r[5] == "spontane" for r in known]),
            "part_ft_departement": mean([r[5] in ("france_travail", "departement") for r in known]),
            "part_rsa": mean([r[3] == "F" for r in entering.values()]),
        }
        for name, share in expected.items():
            assert row[name] == (None if share is None else pytest.approx(share)), name


@given(
    st.lists(HISTORY_PATHWAY, min_size=1, max_size=25),
    st.integers(2001, 2006),
    st.integers(0, 5),
    st.integers(1, 4),
)
def test_histoire_ne_depend_pas_de_la_derniere_annee_calculee(
    rows: list[tuple], first: int, span: int, more: int
) -> None:
    """Une année de l'histoire compte les mêmes personnes, quelle que soit la dernière
    année calculée : l'histoire calculée d'avance, jusqu'à la dernière année présente
    (:func:`gipkit.reports.plie_parcours.history_ahead`), donne celle jusqu'à N."""
    frame = _history_pathways(rows).lazy()
    last = first + span
    upto = ind.history(frame, years=range(first, last + 1)).collect()
    beyond = ind.history(frame, years=range(first, last + more + 1)).collect()
    assert beyond.filter(pl.col("annee") <= last).equals(upto)


@pytest.mark.parametrize("year", [(), ("--annee", "2024")])
def test_plie_tout_calcule_l_histoire_pendant_la_lecture_des_candidatures(
    monkeypatch: pytest.MonkeyPatch, year: tuple[str, ...]
) -> None:
    """Dans ``plie tout``, l'histoire (qui ne dépend ni de N ni de la clé de la jointure)
    est calculée avant que les candidatures, qui les donnent, ne soient demandées — donc
    pendant que leur classeur se lit —, une seule fois, et donne les mêmes chiffres,
    jusqu'à N ; les années présentes des parcours, comptées pour elle, servent aussi à
    choisir N (comptées une fois)."""
    from gipkit.reports import common
    from gipkit.reports import plie as applications
    from gipkit.reports import plie_parcours as report

    events: list[str] = []
    history, load, years = ind.history, applications.load, common.period_years

    def counted_years(frame: pl.LazyFrame) -> tuple[dict[int, int], dict[int, int]]:
        events.append("années")
        return years(frame)

    def counted_history(*args: object, **kwargs: object) -> pl.LazyFrame:
        events.append("histoire")
        return history(*args, **kwargs)  # type: ignore[arg-type]

    def counted_load(*args: object, **kwargs: object) -> applications.PlieApplications:
        events.append("candidatures")
        return load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ind, "history", counted_history)
    monkeypatch.setattr(applications, "load", counted_load)
    monkeypatch.setattr(common, "period_years", counted_years)
    monkeypatch.setattr(report, "period_years", counted_years)
    doc = run_json("plie", "tout", "--dossier", FOLDER, "--partiel", *year)
    assert events == ["années", "histoire", "candidatures"]
    events.clear()
    alone = run_json("plie", "participants", CSV, *year)  # calculée à son heure
    assert events == ["années", "histoire"]
    table = "plie.historique.par_annee"
    assert result(doc, table)["lignes"] == result(alone, table)["lignes"]
    assert result(doc, table)["lignes"][-1][0] == (year[1] if year else "2025")
    since = "plie.historique.personnes_depuis_creation"
    for key in ("valeur", "precedent"):
        assert result(doc, since)[key] == result(alone, since)[key]


def _with_title_rows(tmp_path: Path) -> Path:
    """Les extractions du PLIE des fixtures, une ligne de titre au-dessus de l'en-tête des
    parcours et de celui des candidatures."""
    import shutil

    from openpyxl import load_workbook

    folder = tmp_path / "plie"
    shutil.copytree(FOLDER, folder)
    participants = folder / CSV.name
    participants.write_bytes(b"Export du logiciel PLIE;;\r\n" + participants.read_bytes())
    book = load_workbook(folder / XLSX.name)
    book.active.insert_rows(1)
    book.active.cell(row=1, column=1).value = "Export des candidatures"
    book.save(folder / XLSX.name)
    return folder


def test_plie_tout_dit_les_candidatures_avant_les_parcours(tmp_path: Path) -> None:
    """L'histoire calculée d'avance lit les parcours avant que les candidatures ne soient
    demandées ; ce que leur lecture a à dire l'est pourtant après elles, dans l'ordre où
    les calculs les demandent (comme toute lecture faite d'avance)."""
    out = run("plie", "tout", "--dossier", _with_title_rows(tmp_path), "--format", "json")
    assert out.exit_code == 0, out.output
    said = [line for line in out.stderr.splitlines() if "en-têtes lus à la ligne 2" in line]
    assert [Path(line.split(" : ")[1]).name for line in said] == [XLSX.name, CSV.name]
    doc = json.loads(out.stdout)
    warnings = [w for w in doc["avertissements"] if "en-têtes lus" in w]
    assert [Path(w.split(" : ")[0]).name for w in warnings] == [XLSX.name, CSV.name]


def test_plie_tout_dit_l_erreur_des_candidatures_d_abord(tmp_path: Path) -> None:
    """Deux extractions fautives : l'erreur dite est celle des candidatures, demandées
    les premières — l'échec de la lecture des parcours pour l'histoire calculée
    d'avance n'est pas dit à leur place (la lecture est refaite et dit son erreur à son
    tour)."""
    from openpyxl import load_workbook

    folder = _with_title_rows(tmp_path)
    participants = folder / CSV.name
    lines = participants.read_bytes().split(b"\n")
    header = lines[1].decode("cp1252").split(";")
    entry = next(i for i, name in enumerate(header) if name.startswith("Date d'entr"))
    cells = lines[4].split(b";")
    cells[entry] = b"pas une date"
    lines[4] = b";".join(cells)
    participants.write_bytes(b"\n".join(lines))
    alone = run("plie", "participants", participants, "--format", "json")
    assert alone.exit_code == 65 and participants.name in alone.stderr
    book = load_workbook(folder / XLSX.name)
    sheet = book.active
    dates = [c.column for c in sheet[2] if "date" in str(c.value).lower()]
    sheet.cell(row=5, column=dates[0]).value = "pas une date"
    book.save(folder / XLSX.name)
    out = run("plie", "tout", "--dossier", folder, "--format", "json")
    assert out.exit_code == 65
    first = out.stderr.splitlines()[0]
    assert XLSX.name in first and CSV.name not in first


def test_moyennes_a_une_decimale_pour_les_lecteurs(tmp_path: Path) -> None:
    """Une moyenne (âge, durée, délai) s'écrit à une décimale, même quand elle tombe juste
    (« 45,0 » à côté de « 43,6 », non « 45 » à côté de « 43,62 ») ; le JSON garde son
    unité et ses décimales, le classeur le nombre au format « 0,0 »."""
    from openpyxl import load_workbook

    args = ("plie", "participants", CSV)
    doc = run_json(*args)
    age = result(doc, "plie.profil.age_moyen")
    assert age["unite"] == "valeur" and (age["precedent"]["valeur"], age["valeur"]) == (45, 43.616)
    text = run(*args, "--format", "markdown").stdout
    line = next(x for x in text.splitlines() if x.startswith("| Âge moyen des personnes suivies"))
    assert [c.strip() for c in line.strip("|").split("|")][1:3] == ["45,0", "43,6"]
    table = next(x for x in text.split("## ") if x.startswith("Durée moyenne des parcours par"))
    durations = [r.split("|")[-2].strip() for r in table.splitlines() if r.startswith("| Public")]
    assert durations and all(re.fullmatch(r"\d+,\d", d) for d in durations)
    out = tmp_path / "plie.xlsx"
    assert run(*args, "--sortie", out).exit_code == 0
    ws = load_workbook(out)["Indicateurs"]
    cells = {r[1].value: r[3] for r in ws.iter_rows(min_row=2)}
    assert cells["plie.profil.age_moyen"].number_format == "#,##0.0"
    assert cells["plie.profil.age_moyen"].value == pytest.approx(43.616)
