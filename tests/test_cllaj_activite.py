"""CLLAJ : activité, profil, demandes sous le seuil par type, Logement Relais Jeunes.

Tests dorés contre le rapport 2025 (``fixtures/cllaj/rapport-2025.json``), propriétés des
fonctions pures, et la CLI (dossier, extraction manquante, configuration).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, result, run, run_json
from gipkit.indicators import cllaj_activite as act

FOLDER = ROOT / "fixtures" / "cllaj"
CONFIG = FOLDER / "gipkit.toml"
REPORT = json.loads((FOLDER / "rapport-2025.json").read_text("utf-8"))
IVRY, VITRY = "Ivry-sur-Seine", "Vitry-sur-Seine"


def pct(value: float) -> str:
    return f"{round(value * 100)}%"


def rows_of(table: dict, previous: bool = False) -> dict[str, list]:
    body = table["precedent"] if previous else table
    return {r[0]: r for r in body["lignes"]}


def change(new: float, old: float) -> str:
    return f"{round((new / old - 1) * 100):+d}%"


@pytest.fixture(scope="module")
def activity() -> dict:
    return run_json("cllaj", "activite", "--dossier", FOLDER)


def test_chiffres_cles_du_rapport(activity: dict) -> None:
    def value(ident: str) -> float:
        return result(activity, ident)["valeur"]

    assert value("cllaj.activite.nouveaux_jeunes") == REPORT["nouveaux_jeunes"]["2025"]
    assert value("cllaj.activite.jeunes_accompagnes") == REPORT["jeunes_accompagnes"]["2025"]
    assert value("cllaj.activite.demandes") == REPORT["demandes"]["2025"]
    assert value("cllaj.activite.propositions") == REPORT["propositions"]["2025"]
    assert value("cllaj.activite.nouveaux_sans_abri") == REPORT["nouveaux_sans_abri"]
    assert (
        value("cllaj.activite.nouveaux_structure_temporaire")
        == REPORT["nouveaux_heberges_structure_temporaire"]
    )
    assert (
        value("cllaj.activite.nouveaux_sortants_ase") == REPORT["temporaire_chrs"]["sortants_ase"]
    )
    # 2024, que le rapport ne dit pas : le profil des nouveaux de 2025 (fixtures/cllaj/README.md),
    # non un cinquième de sans-abri (58)
    before = result(activity, "cllaj.activite.nouveaux_sans_abri")["precedent"]["valeur"]
    assert before == 18
    ase = result(activity, "cllaj.activite.nouveaux_sortants_ase")["precedent"]["valeur"]
    assert ase == 16  # la proportion de 2025 (18 sur 286), non un tirage par jeune (25)
    hours = result(activity, "cllaj.activite.heures_entretiens")
    assert hours["valeur"] == REPORT["heures_entretiens_individuels"]["2025"]
    assert (
        change(hours["valeur"], hours["precedent"]["valeur"])
        == REPORT["heures_entretiens_individuels"]["evolution"]
    )
    assert "10 entretien(s) sans durée" in hours["note"]
    rehoused = result(activity, "cllaj.activite.relogements")
    assert rehoused["valeur"] == REPORT["relogements"]["2025"]
    assert (
        change(rehoused["valeur"], rehoused["precedent"]["valeur"])
        == REPORT["relogements"]["evolution"]
    )


def test_par_ville_du_rapport(activity: dict) -> None:
    rows = rows_of(result(activity, "cllaj.activite.par_ville"))
    ids = [c["id"] for c in result(activity, "cllaj.activite.par_ville")["colonnes"]]
    for key, column in (
        ("nouveaux_jeunes", "nouveaux"),
        ("jeunes_accompagnes", "accompagnes"),
        ("demandes", "demandes"),
        ("propositions", "propositions"),
    ):
        for city, ref_city in ((IVRY, "ivry"), (VITRY, "vitry")):
            assert rows[city][ids.index(column)] == REPORT[key][ref_city]


def test_demandes_et_relogements_par_type(activity: dict) -> None:
    table = result(activity, "cllaj.activite.par_type_demande")
    rows = rows_of(table)
    share = [c["id"] for c in table["colonnes"]].index("part_demandes")
    proposals = [c["id"] for c in table["colonnes"]].index("propositions")
    shares = REPORT["demandes"]["repartition"]
    assert pct(rows["Parc social"][share]) == shares["parc social"]
    assert (
        pct(rows["Logement temporaire, FJT, CHRS, résidence sociale"][share])
        == shares["FJT / CHRS / résidence sociale"]
    )
    assert pct(rows["Parc privé"][share]) == shares["parc privé"]
    assert pct(rows["Maintien dans le logement"][share]) == shares["maintien dans le logement"]
    assert rows["Parc privé"][proposals] == REPORT["parc_prive"]["propositions"]
    rehousings = rows_of(result(activity, "cllaj.activite.relogements_par_type"))
    for label, key in (
        ("Parc social", "parc_social"),
        ("Logement temporaire ou CHRS", "temporaire_chrs"),
        ("Parc privé", "parc_prive"),
    ):
        ref = REPORT["relogements"][key]
        assert rehousings[label][1] == ref["total"]
        assert rehousings[f"{label} / {IVRY}"][1] == ref["ivry"]
        assert rehousings[f"{label} / {VITRY}"][1] == ref["vitry"]
    before = rows_of(result(activity, "cllaj.activite.relogements_par_type"), previous=True)
    temporary = "Logement temporaire ou CHRS"
    assert (
        change(rehousings[temporary][1], before[temporary][1])
        == REPORT["temporaire_chrs"]["evolution_relogements"]
    )


def test_dossiers_constitues(activity: dict) -> None:
    table = result(activity, "cllaj.activite.dossiers")
    rows = rows_of(table)
    ids = [c["id"] for c in table["colonnes"]]
    social, private = ids.index("parc_social"), ids.index("parc_prive")
    assert rows["Dossier SYPLO"][social] == 46
    assert rows["Dossier de candidature sur un logement"][social] == 133
    assert rows["Demande de garantie VISALE"][private] == 6
    # les listes des focus Ivry et Vitry (voir le README de la fixture)
    assert table["total"][ids.index("total")] == 573 + 387 + 16


def test_profil_des_nouveaux_jeunes() -> None:
    doc = run_json("cllaj", "profil", "--dossier", FOLDER)
    ages = rows_of(result(doc, "cllaj.profil.age"))
    under_26 = ages["18 à 21 ans"][2] + ages["22 à 25 ans"][2]
    assert pct(under_26) == REPORT["age"]["moins_de_25"]
    assert pct(ages["26 à 30 ans"][2]) == REPORT["age"]["plus_de_26"]
    work = rows_of(result(doc, "cllaj.profil.situation"))
    assert pct(work["En emploi"][2]) == REPORT["situation_pro_debut"]["emploi"]
    assert pct(work["En alternance"][2]) == REPORT["situation_pro_debut"]["alternance"]
    assert pct(work["Demandeur d'emploi"][2]) == REPORT["situation_pro_debut"]["demandeur_emploi"]
    levels = rows_of(result(doc, "cllaj.profil.niveau"))
    assert pct(levels["Niveau bac ou moins"][2]) == REPORT["niveau"]["bac_ou_moins"]
    assert (
        pct(levels["Niveau bac ou moins / Sans diplôme (infra niveau 3)"][2])
        == REPORT["niveau"]["sans_diplome"]
    )
    housing = result(doc, "cllaj.profil.logement")
    assert "Hébergé par l'entourage" in housing["sous_totaux"]


def test_demandes_sous_le_seuil_par_type() -> None:
    doc = run_json(
        "cllaj", "ressources", FOLDER / "jeunes.csv", "--demandes", FOLDER / "demandes.csv"
    )
    rows = rows_of(result(doc, "cllaj.ressources.par_type_demande"))
    shares = REPORT["pauvrete"]["par_type_demande_sous_seuil"]
    assert pct(rows["Parc social"][3]) == shares["parc social"]
    assert (
        pct(rows["Logement temporaire, FJT, CHRS, résidence sociale"][3])
        == shares["résidences sociales jeunes actifs"]
    )
    assert pct(rows["Parc privé"][3]) == "39%"
    assert pct(rows["Parc privé"][4]) == REPORT["parc_prive"]["revenus_sup_1800"]
    assert pct(rows["Parc privé"][5]) == REPORT["parc_prive"]["revenus_sup_2300"]
    assert len(doc["entrees"]) == 2


def test_logement_relais_jeunes() -> None:
    doc = run_json("--config", CONFIG, "cllaj", "lrj", FOLDER / "lrj.csv")
    ref = REPORT["lrj"]
    assert result(doc, "cllaj.lrj.places")["valeur"] == ref["places"]
    assert result(doc, "cllaj.lrj.jeunes_accompagnes")["valeur"] == ref["jeunes_accompagnes"]
    sorties = result(doc, "cllaj.lrj.sorties")
    assert (sorties["valeur"], sorties["precedent"]["valeur"]) == (
        ref["sorties"]["2025"],
        ref["sorties"]["2024"],
    )
    sexes = rows_of(result(doc, "cllaj.lrj.par_sexe"))
    assert (sexes["Femmes"][1], sexes["Hommes"][1]) == (ref["femmes"], ref["hommes"])
    exits = rows_of(result(doc, "cllaj.lrj.sorties_par_logement"))
    assert exits["Logement social"][1] == ref["sorties_detail"]["logement social"]
    assert exits["Logement intermédiaire"][1] == ref["sorties_detail"]["logement intermédiaire"]
    assert exits["Hébergement familial"][1] == ref["sorties_detail"]["famille"]
    households = rows_of(result(doc, "cllaj.lrj.menages_31_12"))
    assert (households["Parent isolé"][1], households["Couple sans enfant"][1]) == (2, 2)
    # les séjours finis avant 2024 sont écartés, et comptés
    assert doc["entrees"][0]["exclusions"] == [{"motif": "séjour fini avant 2024", "lignes": 2}]
    without = run_json("cllaj", "lrj", FOLDER / "lrj.csv")
    assert "cllaj.lrj.places" not in {r["id"] for r in without["resultats"]}


def test_dossier_et_extraction_manquante(tmp_path: Path) -> None:
    out = run("cllaj", "activite", "--dossier", tmp_path)
    assert out.exit_code == 66 and "jeunes" in out.output and "--jeunes" in out.output
    (tmp_path / "jeunes.csv").write_bytes((FOLDER / "jeunes.csv").read_bytes())
    doc = run_json("cllaj", "activite", "--dossier", tmp_path)
    ids = {r["id"] for r in doc["resultats"]}
    assert "cllaj.activite.jeunes_accompagnes" in ids and "cllaj.activite.demandes" not in ids


def test_tout_rassemble_le_dossier() -> None:
    doc = run_json("--config", CONFIG, "cllaj", "tout", "--dossier", FOLDER)
    prefixes = {r["id"].split(".")[1] for r in doc["resultats"]}
    assert prefixes == {"ressources", "activite", "profil", "lrj", "atelier"}
    assert len({e["chemin"] for e in doc["entrees"]}) == len(doc["entrees"]) == 7


def test_atelier_logement() -> None:
    doc = run_json("cllaj", "atelier", FOLDER / "ateliers.csv")
    qpv = result(doc, "cllaj.atelier.jeunes_qpv")
    assert qpv["valeur"] == REPORT["atelier_logement_qpv_jeunes"]
    met = result(doc, "cllaj.atelier.jeunes")["valeur"]
    assert met > qpv["valeur"] and result(doc, "cllaj.atelier.participations")["valeur"] >= met
    districts = result(doc, "cllaj.atelier.par_quartier")
    assert districts["total"][1] == qpv["valeur"]  # un quartier par jeune dans la fixture
    assert qpv["precedent"]["valeur"] == 40


def test_atelier_sans_colonne_qpv(tmp_path: Path) -> None:
    path = tmp_path / "ateliers.csv"
    path.write_text("N° dossier;Date\nA1;02/03/2025\nA1;05/06/2025\nA2;05/06/2025\n", "utf-8")
    out = run("cllaj", "atelier", path, "--format", "json")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    ids = {r["id"] for r in doc["resultats"]}
    assert "cllaj.atelier.jeunes_qpv" not in ids  # jamais un faux 0
    assert result(doc, "cllaj.atelier.jeunes")["valeur"] == 2
    assert "Habite un QPV" in out.stderr


# --- propriétés ----------------------------------------------------------------------------


@given(
    st.lists(st.one_of(st.none(), st.floats(0, 600)), min_size=1, max_size=50),
    st.floats(1, 120),
)
def test_heures_d_entretiens(durations: list, default: float) -> None:
    frame = pl.DataFrame(
        {"date": [date(2025, 3, 1)] * len(durations), "duree": durations},
        schema={"date": pl.Date, "duree": pl.Float64},
    )
    hours = act.interview_hours(frame, default_minutes=default).row(0, named=True)
    known = sum(d for d in durations if d is not None)
    missing = sum(d is None for d in durations)
    assert hours["nb_entretiens"] == len(durations) and hours["nb_sans_duree"] == missing
    assert hours["heures"] == pytest.approx((known + missing * default) / 60)
    shuffled = act.interview_hours(frame.reverse(), default_minutes=default).row(0, named=True)
    assert shuffled["heures"] == pytest.approx(hours["heures"])


STAY = st.tuples(st.integers(0, 1500), st.one_of(st.none(), st.integers(0, 900)))


@given(st.lists(STAY, min_size=1, max_size=30))
def test_sejours_lrj(stays: list) -> None:
    start = date(2022, 1, 1)
    entries = [start + timedelta(days=e) for e, _ in stays]
    exits = [
        None if d is None else entry + timedelta(days=d)
        for entry, (_, d) in zip(entries, stays, strict=True)
    ]
    frame = pl.DataFrame(
        {
            "jeune": [f"J{i}" for i in range(len(stays))],
            "date_entree": entries,
            "date_sortie": exits,
        },
        schema={"jeune": pl.String, "date_entree": pl.Date, "date_sortie": pl.Date},
    )
    for row in act.lrj_stays(frame, years=[2023, 2024, 2025]).iter_rows(named=True):
        assert row["nb_sorties"] <= row["nb_jeunes"]
        assert row["nb_presents_31_12"] + row["nb_sorties"] <= row["nb_jeunes"] + row["nb_sorties"]
        assert row["nb_presents_31_12"] <= row["nb_jeunes"]


def test_aucun_jeune_accompagne_est_une_erreur_nommee(tmp_path: Path) -> None:
    """Aucun jeune accompagné en N-1 et N (ici : aucun entretien ces années-là, quand un
    jeune accompagné est un jeune qui a eu un entretien) : l'activité n'est pas
    calculée sur rien, l'erreur nomme l'extraction des jeunes."""
    import re
    import shutil

    folder = tmp_path / "cllaj"
    shutil.copytree(FOLDER, folder)
    interviews = folder / "entretiens.csv"
    text = interviews.read_text("utf-8-sig")
    interviews.write_text(re.sub(r"/20(24|25);", "/2020;", text), "utf-8-sig")
    config = tmp_path / "c.toml"
    config.write_text('[cllaj]\njeune_accompagne = "entretien"\n', encoding="utf-8")
    out = run("--config", config, "cllaj", "activite", "--dossier", folder, "--format", "json")
    assert out.exit_code == 65
    assert f"{folder / 'jeunes.csv'} : aucun jeune accompagné en 2024-2025." in out.stderr


def test_jeune_accompagne_au_sens_d_un_entretien(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(
        '[cllaj]\njeune_accompagne = "entretien"\n'
        "[parametres.seuils_pauvrete.2025]\nmontant = 1288\n"
        "[parametres.seuils_pauvrete.2024]\nmontant = 1216\n",
        encoding="utf-8",
    )
    default = run_json("cllaj", "activite", "--dossier", FOLDER)
    doc = run_json("--config", config, "cllaj", "activite", "--dossier", FOLDER)
    assert doc["parametres"]["jeune_accompagne"] == "entretien"
    everyone = result(default, "cllaj.activite.jeunes_accompagnes")["valeur"]
    seen = result(doc, "cllaj.activite.jeunes_accompagnes")["valeur"]
    youths = doc["entrees"][0]
    excluded = {e["motif"]: e["lignes"] for e in youths["exclusions"]}
    motive = "sans entretien dans l'année (cllaj.jeune_accompagne)"
    # les jeunes sans entretien sont écartés et comptés, N-1 et N ensemble
    assert 0 < seen < everyone and excluded[motive] >= everyone - seen
    assert youths["lignes_lues"] == youths["lignes_utilisees"] + sum(excluded.values())
    # la même définition pour les ressources, qui demandent alors les entretiens
    out = run("--config", config, "cllaj", "ressources", FOLDER / "jeunes.csv")
    assert out.exit_code == 2 and "--entretiens" in out.output
    money = run_json(
        "--config",
        config,
        "cllaj",
        "ressources",
        FOLDER / "jeunes.csv",
        "--entretiens",
        FOLDER / "entretiens.csv",
    )
    assert result(money, "cllaj.ressources.jeunes")["valeur"] == seen
    assert len(money["entrees"]) == 2


def test_sans_entretien_la_demande_garde_la_commune_de_son_jeune(tmp_path: Path) -> None:
    """``jeune_accompagne = "entretien"`` : un jeune sans entretien dans l'année n'est
    pas accompagné, mais ses demandes, propositions et relogements restent comptés, avec
    sa commune et ses ressources de l'extraction des jeunes — ils tombaient en « Non
    renseigné » (165 demandes de 2025 sur les fixtures) et hors des parts sous le seuil
    de pauvreté par type de demande, sans un mot."""
    config = tmp_path / "c.toml"
    config.write_text(CONFIG.read_text("utf-8") + '\n[cllaj]\njeune_accompagne = "entretien"\n')
    default = run_json("cllaj", "tout", "--dossier", FOLDER)
    out = run("--config", config, "cllaj", "tout", "--dossier", FOLDER, "--format", "json")
    assert out.exit_code == 0, out.stderr
    doc = json.loads(out.stdout)
    assert "ne sont pas dans l'extraction des jeunes" not in out.stderr
    for ident in ("cllaj.activite.par_ville", "cllaj.activite.dossiers_par_ville"):
        cities = rows_of(result(doc, ident))
        assert not [c for c in cities if c.startswith("Non renseigné")], ident
    # mêmes demandes, propositions et relogements par commune qu'au sens de l'extraction
    by_city, seen_by_city = (rows_of(result(d, "cllaj.activite.par_ville")) for d in (default, doc))
    assert {c: r[3:] for c, r in by_city.items()} == {c: r[3:] for c, r in seen_by_city.items()}
    kinds = result(doc, "cllaj.ressources.par_type_demande")
    assert kinds["lignes"] == result(default, "cllaj.ressources.par_type_demande")["lignes"]


def test_jeunes_d_une_extraction_absents_de_celle_des_jeunes_dits(tmp_path: Path) -> None:
    """Des identifiants écrits autrement d'un fichier à l'autre : chaque demande tombait
    en « Non renseigné » par commune, sans un mot ; c'est dit, par année, avec la part."""
    folder = tmp_path / "cllaj"
    folder.mkdir()
    for path in FOLDER.iterdir():
        if path.is_file():
            (folder / path.name).write_bytes(path.read_bytes())
    requests = folder / "demandes.csv"
    raw = requests.read_bytes()
    text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("cp1252")
    head, *lines = text.splitlines(keepends=True)
    requests.write_text(head + "".join("X" + line[1:] for line in lines), encoding="utf-8-sig")
    out = run("cllaj", "activite", "--dossier", folder, "--format", "json")
    assert out.exit_code == 0, out.stderr
    said = [w for w in json.loads(out.stdout)["avertissements"] if "demandes.csv" in w]
    assert len(said) == 2 and all("(100,0 %) ne sont pas dans" in w for w in said), said
    assert all("aucun ne s'y retrouve" in w and "zéros en tête" in w for w in said)
    # une année sans ligne de jeunes (N-1 de 2024 : l'extraction commence en 2024) n'est
    # pas montrée, et ses demandes n'ont pas de jeunes absents à dire
    quiet = run("cllaj", "activite", "--dossier", FOLDER, "--annee", "2024", "--format", "json")
    assert quiet.exit_code == 0 and "ne sont pas dans" not in quiet.stderr


def test_commune_jointe_en_enum_triee_comme_son_texte() -> None:
    """La commune du jeune, recopiée sur chaque demande, proposition et relogement, est
    un Enum de ses valeurs (un octet par ligne au lieu d'une vue de texte de 16 : 10 M
    propositions, 150 Mo) ; triée, elle suit l'ordre de son texte, celui des tableaux
    par ville."""
    from gipkit.config import Config
    from gipkit.io.source import ReadOptions
    from gipkit.reports.cllaj_activite import load_activity

    paths = {n: FOLDER / f"{n}.csv" for n in ("demandes", "propositions", "relogements")}
    data = load_activity(FOLDER / "jeunes.csv", paths, Config(), ReadOptions(), year=None)
    for frame in (data.youths, data.requests, data.proposals, data.rehousings):
        assert frame is not None
        assert isinstance(frame.schema["ville"], pl.Enum)
        cities = frame["ville"].unique().sort(nulls_last=True).to_list()
        assert cities == sorted(cities, key=lambda v: (v is None, v or ""))
        assert len(cities) > 1


def test_activite_gardee_compacte_et_lectures_rendues_une_a_une() -> None:
    """L'activité garde ses modalités en Enum de leurs codes, ses années sur 16 bits, et
    plus les dates qui n'ont servi qu'à l'année (sauf celle des entretiens) ; ``release``
    est appelé pour chaque extraction datée, une fois son tableau construit, les
    propositions en dernier, et ne change rien à ce qui est gardé."""
    from gipkit.config import Config
    from gipkit.io.source import ReadOptions
    from gipkit.reports.cllaj_activite import load_activity

    names = ("demandes", "propositions", "relogements", "entretiens")
    paths: dict[str, Path | None] = {n: FOLDER / f"{n}.csv" for n in names}
    released: list[str] = []
    data = load_activity(
        FOLDER / "jeunes.csv", paths, Config(), ReadOptions(), year=None, release=released.append
    )
    assert released == ["entretiens", "demandes", "relogements", "propositions"]
    plain = load_activity(FOLDER / "jeunes.csv", paths, Config(), ReadOptions(), year=None)
    frames = ("youths", "requests", "proposals", "rehousings", "interviews")
    for name in frames:
        kept, again = getattr(data, name), getattr(plain, name)
        assert kept is not None and again is not None
        # les mêmes lignes ; leur ordre, celui d'une jointure en flux, n'est pas fixé
        assert kept.sort(kept.columns).equals(again.sort(again.columns))
        assert kept.schema["annee"] == pl.Int16()
    assert data.youths.schema["nb_enfants"] == pl.Int8()
    assert isinstance(data.youths.schema["situation"], pl.Enum)
    assert data.proposals is not None and data.requests is not None
    assert isinstance(data.proposals.schema["type_proposition"], pl.Enum)
    assert isinstance(data.requests.schema["menage"], pl.Enum)
    assert "date" not in data.proposals.columns and "date_cloture" not in data.requests.columns
    assert data.interviews is not None and "date" in data.interviews.columns


@given(
    rows=st.lists(
        st.tuples(st.sampled_from([2024, 2025, None]), st.integers(0, 9)), min_size=0, max_size=40
    )
)
def test_decoupage_par_annee_sans_perte_ni_desordre(rows: list[tuple[int | None, int]]) -> None:
    """Chaque morceau d'une année est le filtre de l'année, dans l'ordre des lignes ; le
    tout rendu garde toutes les lignes, années dans l'ordre puis lignes sans année (ce que
    lisent les chiffres de l'année et ceux de toutes les années)."""
    from gipkit.reports.cllaj_activite import _split_by_year

    frame = pl.DataFrame(rows, schema={"annee": pl.Int64, "v": pl.Int64}, orient="row")
    whole, parts = _split_by_year(frame.clone())
    years = sorted({y for y, _ in rows if y is not None})
    assert sorted(parts) == years
    for y in years:
        assert parts[y].equals(frame.filter(pl.col("annee") == y))
    expected = pl.concat(
        [frame.filter(pl.col("annee") == y) for y in years]
        + [frame.filter(pl.col("annee").is_null())]
    )
    assert whole.equals(expected)
