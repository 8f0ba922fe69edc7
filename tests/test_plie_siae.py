"""PLIE, étapes en SIAE : tests dorés sur la fixture, propriétés, format de la plateforme."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, result, run, run_json
from gipkit.indicators import plie as ind

XLSX = ROOT / "fixtures" / "plie" / "candidatures-2023-2025.xlsx"
SIAE = json.loads((ROOT / "fixtures" / "plie" / "rapport-2025.json").read_text("utf-8"))["siae"]


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def test_chiffres_siae_du_rapport() -> None:
    doc = run_json("plie", "siae", XLSX)
    assert doc["parametres"]["annee"] == 2025
    people = result(doc, "plie.siae.personnes")
    assert people["valeur"] == SIAE["personnes_avec_etape_siae"]
    # 2024 (candidatures de 2023 et 2024), que le rapport ne dit pas : fixtures/plie/README.md
    assert people["precedent"]["valeur"] == 71
    assert result(doc, "plie.siae.candidatures")["precedent"]["valeur"] == 330
    rate = result(doc, "plie.siae.taux_integration")
    assert _pct(rate["valeur"]) == SIAE["taux_integration"]["global"]
    assert rate["valeur"] == pytest.approx(rate["numerateur"] / rate["denominateur"], abs=1e-4)
    kinds = {r[0]: r for r in result(doc, "plie.siae.par_type")["lignes"]}
    assert _pct(kinds["ACI"][3]) == SIAE["taux_integration"]["ACI"]
    assert _pct(kinds["AI"][3]) == SIAE["taux_integration"]["AI"]
    hires = {r[0]: r for r in result(doc, "plie.siae.recrutements")["lignes"]}
    for kind in ("ACI", "EI", "AI", "ETTI"):
        assert _pct(hires[kind][2]) == SIAE["repartition_recrutements"][kind]
    assert hires["EITI"][1] == 1  # « une personne a été positionnée dans une EITI »
    excluded = doc["entrees"][0]["exclusions"]
    assert excluded == [{"motif": "employeur hors IAE (EA, GEIQ…)", "lignes": 12}]


def test_rendu_et_verification() -> None:
    out = run("plie", "siae", XLSX)
    assert out.exit_code == 0 and "25,0 %" in out.stdout and "Taux d'intégration" in out.stdout
    assert "candidat" not in out.output.lower().replace("candidatures", "")  # aucune identité


def test_verifier_un_document_plie(tmp_path: Path) -> None:
    doc = tmp_path / "plie.json"
    doc.write_text(run("plie", "siae", XLSX, "--format", "json").stdout, encoding="utf-8")
    rules = tmp_path / "r.toml"
    rules.write_text(
        '[[regle]]\nindicateurs = "plie.siae.taux_integration"\nmin = 0.2\nmax = 0.3\n',
        encoding="utf-8",
    )
    checked = run("verifier", doc, "--regles", rules)
    assert checked.exit_code == 0, checked.output  # cohérence : parts = 100 %, sommes


def test_sans_candidatures_a_l_etude_le_taux_monte() -> None:
    base = result(run_json("plie", "siae", XLSX), "plie.siae.taux_integration")
    strict = result(run_json("plie", "siae", XLSX, "--sans-en-cours"), "plie.siae.taux_integration")
    assert strict["denominateur"] < base["denominateur"]
    assert strict["valeur"] >= base["valeur"]


def test_ancien_export_csv_de_la_plateforme(tmp_path: Path) -> None:
    """Avant 2023 : CSV UTF-8 séparé par des virgules, champs entre guillemets, 22 colonnes."""
    headers = [
        "Nom candidat",
        "Prénom candidat",
        "Email candidat",
        "Téléphone candidat",
        "Date de naissance candidat",
        "Ville candidat",
        "Département candidat",
        "Nom structure employeur",
        "Type employeur",
        "Métiers",
        "Source de la candidature",
        "Nom organisation prescripteur",
        "Nom utilisateur prescripteur",
        "Date de la candidature",
        "Statut de la candidature",
        "Dates de début d’embauche",
        "Dates de fin d’embauche",
        "Motifs de refus",
        "Éligibilité IAE validée",
        "Numéro PASS IAE",
        "Début PASS IAE",
        "Fin PASS IAE",
    ]
    rows = [
        [
            "A",
            "B",
            "a@x.org",
            "",
            "01/01/1980",
            "Ivry",
            "94200",
            "ACI X",
            "ACI",
            "",
            "Auto-prescription",
            "PLIE",
            "",
            "02/03/2022",
            "Candidature acceptée",
            "",
            "",
            "",
            "Oui",
            "",
            "",
            "",
        ],
        [
            "C",
            "D",
            "c@x.org",
            "",
            "01/01/1981",
            "Ivry",
            "94200",
            "AI Y",
            "AI",
            "",
            "Orienteur",
            "PLIE",
            "",
            "05/03/2022",
            "Candidature refusée",
            "",
            "",
            "",
            "Non",
            "",
            "",
            "",
        ],
    ]
    text = "\n".join(",".join(f'"{v}"' for v in r) for r in [headers, *rows]) + "\n"
    path = tmp_path / "candidatures.csv"
    path.write_text(text, encoding="utf-8")
    doc = run_json("plie", "siae", path)
    rate = result(doc, "plie.siae.taux_integration")
    assert (rate["numerateur"], rate["denominateur"]) == (1, 2)


def test_cle_absente_du_fichier() -> None:
    # aucun numéro de PASS IAE dans la fixture : pas de « 0 personne » en silence
    out = run("plie", "siae", XLSX, "--cle", "pass")
    assert out.exit_code == 2
    assert "PASS IAE" in out.stderr and "--cle email | identite" in out.stderr


# --- propriétés ---------------------------------------------------------------------------

APPLICATIONS = st.lists(
    st.tuples(
        st.sampled_from(["ACI", "AI", "EI", "EITI", "ETTI", "GEIQ"]),
        st.sampled_from(["acceptee", "declinee", "nouvelle", "embauche_ailleurs"]),
    ),
    min_size=1,
    max_size=40,
)


def _frame(rows: list[tuple[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {"type_employeur": [r[0] for r in rows], "statut": [r[1] for r in rows]},
        schema={"type_employeur": pl.String, "statut": pl.String},
    )


@given(APPLICATIONS, st.booleans())
def test_taux_dans_0_1_et_global_entre_les_types(
    rows: list[tuple[str, str]], pending: bool
) -> None:
    frame = _frame(rows)
    overall = ind.integration_rate(frame, include_pending=pending)
    per_kind = ind.integration_rate(frame, by="type_employeur", include_pending=pending)
    rates = per_kind["taux_integration"].drop_nulls()
    assert rates.is_between(0, 1).all()
    value = overall["taux_integration"].item()
    if value is not None:
        assert rates.min() - 1e-12 <= value <= rates.max() + 1e-12
        assert overall["nb_candidatures"].item() == per_kind["nb_candidatures"].sum()


@given(APPLICATIONS, st.sampled_from(["ACI", "AI", "EI", "EITI", "ETTI"]))
def test_une_acceptation_de_plus_ne_baisse_jamais_le_taux(
    rows: list[tuple[str, str]], kind: str
) -> None:
    before = ind.integration_rate(_frame(rows))["taux_integration"].item()
    after = ind.integration_rate(_frame([*rows, (kind, "acceptee")]))["taux_integration"].item()
    assert after is not None and (before is None or after >= before)


@given(APPLICATIONS)
def test_les_parts_des_recrutements_font_100(rows: list[tuple[str, str]]) -> None:
    hires = ind.recruitments_by_kind(_frame(rows))
    if hires.height:
        assert hires["part"].sum() == pytest.approx(1.0)


def test_recrutement_compte_a_l_annee_de_l_embauche(tmp_path: Path) -> None:
    """Une candidature du 28 décembre 2024 suivie d'une embauche le 5 janvier 2025 est un
    recrutement de 2025 par défaut ; de 2024 avec la base du rapport (l'année de la
    candidature, ``plie.base_recrutements = "candidature"``)."""
    import datetime

    import openpyxl

    book = openpyxl.load_workbook(XLSX)
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    status, applied, start = (
        header.index("Statut de la candidature"),
        header.index("Date de la candidature"),
        header.index("Dates de début d’embauche"),
    )
    row = next(
        r
        for r in sheet.iter_rows(min_row=2)
        if r[status].value == "Candidature acceptée" and str(r[start].value).endswith("2025")
    )
    row[applied].value = datetime.datetime(2024, 12, 28)
    row[start].value = "05/01/2025"
    moved = tmp_path / "candidatures.xlsx"
    book.save(moved)

    def hires(*config: str) -> dict[int, int]:
        doc = run_json(*config, "plie", "siae", moved)
        table = result(doc, "plie.siae.recrutements")
        return {2025: table["total"][1], 2024: table["precedent"]["total"][1]}

    base = {2025: 74, 2024: hires()[2024]}
    assert hires() == base  # l'embauche de janvier 2025 reste en 2025
    option = tmp_path / "gipkit.toml"
    option.write_text('[plie]\nbase_recrutements = "candidature"\n', "utf-8")
    assert hires("--config", str(option)) == {2025: 73, 2024: base[2024] + 1}


def test_taux_avec_et_sans_candidatures_a_l_etude() -> None:
    """Les deux taux sont donnés : sur toutes les candidatures (celui du rapport, 25 %) et
    sur les seules candidatures décidées à la date de l'extraction."""
    doc = run_json("plie", "siae", XLSX)
    every = result(doc, "plie.siae.taux_integration")
    decided = result(doc, "plie.siae.taux_integration_decidees")
    pending = result(doc, "plie.siae.candidatures_a_l_etude")
    assert decided["numerateur"] == every["numerateur"]
    assert decided["denominateur"] == every["denominateur"] - pending["valeur"] > 0
    assert decided["valeur"] > every["valeur"]
    assert "la plus récente candidature du fichier : " in decided["note"]
    same = result(run_json("plie", "siae", XLSX, "--sans-en-cours"), "plie.siae.taux_integration")
    assert same["valeur"] == decided["valeur"]


def test_categories_d_employabilite_par_type_de_siae() -> None:
    """« Aucun bénéficiaire de la catégorie 3 (très éloignés de l'emploi) n'est mobilisé
    sur des AI ou des ETTI » ; les publics des ETTI « correspondent à la catégorie 1 »."""
    folder = ROOT / "fixtures" / "plie"
    doc = run_json("plie", "tout", "--dossier", folder, "--partiel")
    table = result(doc, "plie.siae.profil")
    ids = [c["id"] for c in table["colonnes"]]
    rows = {r[0]: r for r in table["lignes"]}
    first, third = ids.index("part_categorie_1"), ids.index("part_categorie_3")
    assert rows["Passées en SIAE : AI"][third] == 0
    assert rows["Passées en SIAE : ETTI"][third] == 0
    assert rows["Passées en SIAE : ETTI"][first] > 0.5
    assert rows["Passées en SIAE : ACI"][third] > 0  # les ACI, en début de parcours
    for row in table["lignes"]:
        shares = [row[ids.index(f"part_categorie_{i}")] for i in (1, 2, 3)]
        if row[1]:
            assert sum(shares) == pytest.approx(1, abs=0.001)
