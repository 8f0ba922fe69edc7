"""L'export de « les emplois de l'inclusion » tel qu'il vient (issue 10, §4) : masqué pour un
compte qui n'est pas prescripteur habilité, lignes identiques qui sont deux faits réels.

L'export masqué est construit comme la plateforme l'écrit
(``itou/job_applications/export.py``) : civilité, courriel, téléphone, date de naissance,
ville et département vides, nom et prénom réduits à leurs initiales suivies de « … »
(``mask_unless``), numéro de PASS IAE gardé.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from conftest import ROOT, result, run

XLSX = ROOT / "fixtures" / "plie" / "candidatures-2023-2025.xlsx"
PASS = "Numéro PASS\xa0IAE"
HIDDEN = (
    "Civilité candidat",
    "Email candidat",
    "Téléphone candidat",
    "Date de naissance candidat",
    "Ville candidat",
    "Département candidat",
)


def _write(frame: pl.DataFrame, path: Path) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Sheet")
    sheet.write_row(0, 0, frame.columns)
    for r, row in enumerate(frame.iter_rows(), start=1):
        sheet.write_row(r, 0, ["" if v is None else v for v in row])
    workbook.close()
    return path


def _with_pass_numbers() -> pl.DataFrame:
    """La fixture, avec un PASS IAE pour chaque personne qui a été embauchée (comme la
    plateforme : le dernier PASS de la personne, sur chacune de ses candidatures)."""
    frame = pl.read_excel(XLSX, infer_schema_length=0)
    hired = (
        frame.filter(pl.col("Statut de la candidature") == "Candidature acceptée")
        .select("Email candidat")
        .unique(maintain_order=True)
        .with_row_index("n")
        .with_columns((pl.lit("XXXXX") + (pl.col("n") + 1_000_000).cast(pl.String)).alias("pass"))
    )
    return (
        frame.join(hired.drop("n"), on="Email candidat", how="left", maintain_order="left")
        .with_columns(pl.col("pass").fill_null("").alias(PASS))
        .drop("pass")
    )


def _masked(frame: pl.DataFrame) -> pl.DataFrame:
    initials = pl.col("Nom candidat").str.slice(0, 1) + "…"
    return frame.with_columns(
        *(pl.lit("").alias(c) for c in HIDDEN),
        initials.alias("Nom candidat"),
        (pl.col("Prénom candidat").str.slice(0, 1) + "…").alias("Prénom candidat"),
    )


def _people(path: Path, *args: str) -> tuple[int, str]:
    out = run("plie", "siae", path, "--annee", "2025", *args, "--format", "json")
    assert out.exit_code == 0, out.output
    return result(json.loads(out.stdout), "plie.siae.personnes")["valeur"], out.stderr


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("emplois")
    full = _with_pass_numbers()
    return {
        "visible": _write(full, folder / "visible.xlsx"),
        "masque": _write(_masked(full), folder / "masque.xlsx"),
        "masque_sans_pass": _write(
            _masked(full).with_columns(pl.lit("").alias(PASS)), folder / "sans-pass.xlsx"
        ),
    }


def test_export_masque_reconnu_et_personnes_par_pass(exports: dict[str, Path]) -> None:
    visible, _ = _people(exports["visible"])
    masked, err = _people(exports["masque"])
    assert visible == 89  # le rapport 2025
    assert masked == visible
    assert "export masqué" in err and "PASS IAE" in err


def test_colonne_du_courriel_absente_dite_absente(tmp_path: Path) -> None:
    """Un en-tête du courriel renommé (ou la colonne retirée) n'est pas un export
    masqué : c'est dit tel quel, avec la façon de déclarer l'en-tête."""
    full = _with_pass_numbers().rename({"Email candidat": "Mél"})
    people, err = _people(_write(full, tmp_path / "renomme.xlsx"))
    assert people == 89
    assert "colonne `email` (courriel) absente du fichier" in err and "PASS IAE" in err
    assert "masqué" not in err
    no_pass = full.with_columns(pl.lit("").alias(PASS))
    out = run("plie", "siae", _write(no_pass, tmp_path / "sans-pass.xlsx"))
    assert out.exit_code == 2 and "masqué" not in out.stderr
    assert "colonne `email` (courriel) absente du fichier, et aucun numéro" in out.stderr
    assert '[entetes."plie.candidatures"] email = ["Votre en-tête"]' in out.stderr


def test_export_masque_sans_pass_arrete(exports: dict[str, Path]) -> None:
    out = run("plie", "siae", exports["masque_sans_pass"])
    assert out.exit_code == 2
    assert "masqué" in out.stderr and "prescripteur habilité" in out.stderr


def test_jointure_par_pass_avec_les_participants(exports: dict[str, Path], tmp_path: Path) -> None:
    participants = ROOT / "fixtures" / "plie" / "participants.csv"
    # l'extraction des participants de la fixture n'a pas de PASS : la jointure s'arrête
    out = run("plie", "siae", exports["masque"], "--participants", participants)
    assert out.exit_code == 2 and "numéro de PASS IAE" in out.stderr
    # avec le PASS saisi dans le logiciel de parcours, elle se fait comme par courriel
    emails = (
        pl.read_excel(exports["visible"], infer_schema_length=0)
        .select(
            pl.col("Email candidat").str.to_lowercase().alias("Email"), pl.col(PASS).alias("pass")
        )
        .unique("Email")
    )
    people = pl.read_csv(participants, separator=";", encoding="cp1252", infer_schema=False)
    with_pass = people.join(
        emails,
        left_on=pl.col("Email").str.to_lowercase(),
        right_on="Email",
        how="left",
        maintain_order="left",
    ).select(*people.columns, pl.col("pass").fill_null("").alias("Numéro PASS IAE"))
    path = tmp_path / "participants.csv"
    with_pass.write_csv(path, separator=";")
    by_email = json.loads(
        run("plie", "siae", exports["visible"], "--participants", path, "--format", "json").stdout
    )
    by_pass = json.loads(
        run("plie", "siae", exports["masque"], "--participants", path, "--format", "json").stdout
    )
    assert by_pass["parametres"]["cle"] == "pass"
    joined = [result(d, "plie.siae.personnes_jointes")["valeur"] for d in (by_email, by_pass)]
    assert joined[0] == joined[1] and joined[0] > 0


def test_lignes_identiques_gardees_et_signalees(tmp_path: Path) -> None:
    """Deux personnes aux mêmes initiales, le même jour, au même poste : deux lignes
    identiques dans l'export masqué, deux candidatures."""
    frame = _masked(_with_pass_numbers())
    row = frame.filter(
        (pl.col("Statut de la candidature") == "Candidature déclinée")
        & pl.col("Date de la candidature").str.ends_with("2025")
    ).head(1)
    twice = _write(pl.concat([frame, row]), tmp_path / "double.xlsx")
    once = _write(frame, tmp_path / "simple.xlsx")

    def applications(path: Path) -> tuple[int, str]:
        out = run("plie", "siae", path, "--format", "json")
        doc = json.loads(out.stdout)
        return result(doc, "plie.siae.candidatures")["valeur"], out.stderr

    (n1, err1), (n2, err2) = applications(once), applications(twice)
    assert n2 == n1 + 1

    def identical(err: str) -> int:
        line = next(x for x in err.splitlines() if "identiques à une autre ligne, gardées" in x)
        return int(line.split(".xlsx : ")[1].split(" ")[0])

    # le masquage rend déjà identiques des candidatures de personnes différentes
    assert identical(err2) == identical(err1) + 1
