"""L'année du rapport est celle que l'utilisateur veut dire (issue 10, §2).

Par défaut : la plus récente année **terminée** présente dans l'export, à la date du
jour (``GIPKIT_AUJOURDHUI`` la fixe ici). Le choix est dit sur la sortie d'erreur et
écrit dans le JSON, avec les lignes des années postérieures écartées.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, SERCI_CSV, result, run
from helpers import HEADER, write

ROWS_2026 = [
    ["2026", "C9001", "M1", "oui", "35", "P9001", "CDI", "05/01/2026"],
    ["2026", "C9002", "M1", "oui", "14", "P9002", "CDD", "12/01/2026"],
]


@pytest.fixture
def export_january(tmp_path: Path) -> Path:
    """La fixture SERCI telle qu'exportée le 20 janvier 2026 : deux contrats de 2026."""
    text = SERCI_CSV.read_text("utf-8-sig")
    lines = text.rstrip("\r\n").split("\n")
    header = lines[0].rstrip("\r").split(";")
    width = len(header)
    extra = []
    for row in ROWS_2026:
        cells = dict(zip(HEADER, row, strict=True))
        extra.append(";".join(cells.get(h, "") for h in header[:width]))
    body = text.rstrip("\r\n") + "\r\n" + "\r\n".join(extra) + "\r\n"
    return write(tmp_path / "export-janvier.csv", body)


def _doc(path: Path, *args: str) -> tuple[dict[str, object], str]:
    out = run("serci", "heures", path, *args, "--format", "json")
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout), out.stderr


def test_export_de_janvier_donne_l_annee_terminee(
    export_january: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIPKIT_AUJOURDHUI", "2026-01-20")
    doc, err = _doc(export_january)
    assert doc["parametres"]["annee"] == 2025  # type: ignore[index]
    choice = doc["annee"]["choix"][0]  # type: ignore[index]
    assert choice["choix"] == "derniere_terminee"
    assert choice["lignes_posterieures_ecartees"] == 2
    assert "2025, dernière année terminée" in err and "2 ligne(s)" in err
    total = result(doc, "serci.heures.total")  # type: ignore[arg-type]
    assert total["valeur"] == 198906 and total["evolution"]["relative"] > -0.1


def test_sans_annee_terminee_la_plus_recente_dite_incomplete(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GIPKIT_AUJOURDHUI", "2025-06-30")
    doc, err = _doc(SERCI_CSV)
    # 2024 est terminée le 30 juin 2025 : c'est elle, et les lignes de 2025 sont écartées
    assert doc["parametres"]["annee"] == 2024  # type: ignore[index]
    assert "ligne(s) d'années postérieures (2025)" in err
    monkeypatch.setenv("GIPKIT_AUJOURDHUI", "2020-03-01")
    doc, err = _doc(SERCI_CSV)
    assert doc["parametres"]["annee"] == 2025  # type: ignore[index]
    assert doc["annee"]["choix"][0]["choix"] == "derniere_incomplete"  # type: ignore[index]
    assert "n'est pas terminée" in err


def test_annee_demandee_en_cours_est_dite_partielle(
    export_january: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIPKIT_AUJOURDHUI", "2026-01-20")
    doc, err = _doc(export_january, "--annee", "2026")
    assert doc["annee"]["choix"][0]["choix"] == "demandee"  # type: ignore[index]
    assert "partiels" in err


def test_date_du_jour_invalide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIPKIT_AUJOURDHUI", "20/01/2026")
    out = run("serci", "heures", SERCI_CSV)
    assert out.exit_code == 2 and "GIPKIT_AUJOURDHUI" in out.stderr


def test_annee_dite_sur_stderr_en_tableau(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIPKIT_AUJOURDHUI", "2026-12-03")
    out = run("serci", "heures", SERCI_CSV)
    assert out.exit_code == 0
    assert "Année : 2025, dernière année terminée" in out.stderr


def test_annee_demandee_dite_une_fois_ou_par_fichier(monkeypatch: pytest.MonkeyPatch) -> None:
    """Avec --annee, le choix est le même pour chaque extraction : dit une fois (il
    l'était autant de fois que de fichiers, sans les nommer) ; des lignes d'années
    postérieures écartées sont propres à chaque fichier : dites avec son nom et leur
    nombre à la française. Le JSON garde un choix par fichier."""
    monkeypatch.setenv("GIPKIT_AUJOURDHUI", "2026-01-20")
    folder = ROOT / "fixtures" / "ml"
    out = run("ml", "tout", "--dossier", folder, "--annee", "2025", "--format", "json")
    assert out.exit_code == 0, out.output
    said = [line for line in out.stderr.splitlines() if line.startswith("Année")]
    assert said == ["Année : 2025, demandée par --annee"]
    assert len(json.loads(out.stdout)["annee"]["choix"]) == 5
    out = run("ml", "tout", "--dossier", folder, "--annee", "2024", "--format", "json")
    said = [line for line in out.stderr.splitlines() if line.startswith("Année")]
    assert len(said) == 5 and all(line.startswith("Année de ") for line in said)
    events = next(line for line in said if "evenements.csv" in line)
    assert "; 36 444 ligne(s) d'années postérieures (2025) écartée(s)" in events


def test_annee_recue_d_un_autre_fichier_de_la_commande(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dans gipkit rapport, chaque chapitre choisit son année sur son premier fichier ;
    les fichiers suivants du chapitre la reçoivent de lui. Un PLIE dont l'export s'arrête
    en 2024, après une Mission Locale en 2025 : ses autres fichiers sont « comme pour »
    son premier, non « demandée par --annee » (que personne n'a donné)."""
    from gipkit import journal
    from gipkit.reports.common import choose_year

    monkeypatch.setenv("GIPKIT_AUJOURDHUI", "2026-01-20")
    with journal.opened() as log:
        assert choose_year({2024: 4, 2025: 6}, None, Path("ml/evenements.csv")) == 2025
        assert choose_year({2023: 2, 2024: 5}, None, Path("plie/candidatures.xlsx")) == 2024
        assert choose_year({2024: 3, 2025: 2}, 2024, Path("plie/participants.csv")) == 2024
        assert choose_year({2024: 3, 2025: 2}, 2024, Path("plie/participants.csv")) == 2024
    last = log.years[-1]
    assert (last.how, last.later_rows) == ("alignee", 2)
    assert last.reason.startswith("2024, comme pour plie/candidatures.xlsx")
    assert len(log.years) == 3  # le même fichier relu : déjà dit
