"""La CLI de bout en bout : formats, codes de sortie, bilan des lignes, déterminisme."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SERCI_CSV, result, run, run_json
from gipkit import __version__
from gipkit.cli import cli
from helpers import HEADER, ROWS, csv_text, write

COMMANDS = [
    ["serci", "heures"],
    [
        "serci",
        "heures",
        "--par-maitre-ouvrage",
        "--par-ville",
        "--par-commanditaire",
        "--historique",
    ],
    [
        "serci",
        "participants",
        "--par",
        "age",
        "--par",
        "statut",
        "--par",
        "prescripteur",
        "--par",
        "niveau",
        "--par",
        "domiciliation",
        "--par",
        "sexe",
    ],
    ["serci", "contrats", "--par", "type", "--par", "modalite"],
    ["serci", "sorties"],
]


def test_version() -> None:
    assert run("--version").stdout.strip() == f"gipkit {__version__}"
    proc = subprocess.run(
        [sys.executable, "-m", "gipkit", "--version"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == f"gipkit {__version__}"


def _all_commands(group: object, prefix: list[str]) -> list[list[str]]:
    out = [prefix]
    if isinstance(group, click.Group):
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            out += _all_commands(group.get_command(ctx, name), [*prefix, name])
    return out


@pytest.mark.parametrize("path", _all_commands(cli, []), ids=" ".join)
def test_aide_en_francais(path: list[str]) -> None:
    out = run(*path, "--help")
    assert out.exit_code == 0
    assert "Utilisation :" in out.stdout and "Affiche cette aide et quitte." in out.stdout
    english = ("INTEGER", "FLOAT", "BOOLEAN", "TEXT", "PATH", "FILE", "DIRECTORY", "RANGE")
    english += ("COMMAND", "ARGS")  # « gipkit [OPTIONS] COMMAND [ARGS]... » de click
    assert not [w for w in english if re.search(rf"\b{w}\b", out.stdout)]
    # typographie française : une espace avant les deux-points des titres
    assert "Options :" in out.stdout and not re.search(r"^\s*\w+:$", out.stdout, re.M)
    # un exemple n'est jamais recoupé : la ligne qui suit une commande est vide ou en
    # est une autre (click coupait « --par-maitre-ouvrage » en fin de ligne)
    lines = out.stdout.splitlines()
    for line, after in zip(lines, [*lines[1:], ""], strict=True):
        if line.startswith("      gipkit "):  # un exemple, en retrait sous « Exemple : »
            assert not after.strip() or after.startswith("      gipkit "), (line, after)


def _click_messages() -> set[str]:
    """Les messages que click fait passer par sa traduction (``_("…")``, ``ngettext``),
    lus dans les sources de la version installée."""
    import ast

    from gipkit.cli.french import _MODULES

    found: set[str] = set()
    for name in _MODULES:
        path = Path(click.__file__).with_name(f"{name}.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            if node.func.id in ("_", "ngettext"):
                found |= {
                    a.value
                    for a in node.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                }
    return found


def test_chaque_message_de_click_est_traduit() -> None:
    """Chaque message de click qu'un utilisateur peut lire a sa traduction ; les autres
    (erreurs de déclaration des commandes…) sont listés comme tels. Une version de click
    qui ajoute un message le fait échouer."""
    from gipkit.cli.french import DEVELOPER_ONLY, FRENCH

    messages = _click_messages()
    assert len(messages) > 40  # la lecture des sources a bien trouvé les messages
    assert sorted(messages - FRENCH.keys() - DEVELOPER_ONLY) == []


def test_erreurs_d_usage_en_francais(tmp_path: Path) -> None:
    """Un choix manquant, un fichier donné pour un dossier : en français."""
    missing = run("serci", "participants", SERCI_CSV)
    assert missing.exit_code == 2
    assert "Valeurs possibles :" in missing.stderr and "Choose" not in missing.stderr
    a_file = tmp_path / "export.csv"
    a_file.write_text("x\n", encoding="utf-8")
    wrong = run("ml", "tout", "--dossier", a_file)
    assert wrong.exit_code == 2
    assert "est un fichier." in wrong.stderr and "is a file" not in wrong.stderr
    number = run("serci", "heures", SERCI_CSV, "--annee", "deux-mille")
    assert number.exit_code == 2
    assert "n'est pas un entier valide" in number.stderr and "integer" not in number.stderr


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_json_deterministe_et_conforme(args: list[str]) -> None:
    first = run(*args, SERCI_CSV, "--format", "json")
    second = run(*args, SERCI_CSV, "--format", "json")
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    doc = json.loads(first.stdout)
    assert doc["schema"] == "gipkit/resultats/1.2"
    assert doc["gipkit"] == __version__
    source = doc["entrees"][0]
    assert source["lignes_lues"] == source["lignes_utilisees"] + source["lignes_exclues"]
    assert source["lignes_exclues"] == sum(e["lignes"] for e in source["exclusions"])
    assert len(source["sha256"]) == 64
    for res in doc["resultats"]:
        assert res["id"].startswith("serci.")
        if res["type"] == "valeur" and res["unite"] == "taux":
            assert 0 <= res["valeur"] <= 1
            assert res["valeur"] == pytest.approx(res["numerateur"] / res["denominateur"], abs=1e-4)
        if res["type"] == "valeur" and res["unite"] in ("nombre",):
            assert isinstance(res["valeur"], int)


@pytest.mark.parametrize("fmt", ["tableau", "markdown", "csv"])
def test_formats_texte(fmt: str) -> None:
    out = run("serci", "participants", SERCI_CSV, "--par", "age", "--format", fmt)
    assert out.exit_code == 0
    assert "Source : " in out.stderr and "lignes lues" in out.stderr
    if fmt == "csv":
        assert "'- 26 ans;94;43401" in out.stdout  # neutralisation des formules (OWASP)
    elif fmt == "markdown":
        assert "| - 26 ans" in out.stdout and out.stdout.startswith("## ")
    else:
        assert "- 26 ans" in out.stdout and "43 401" in out.stdout


def test_xlsx_demande_sortie_et_se_remet_tel_quel(tmp_path: Path) -> None:
    """Le classeur rouvert comme Excel le verra (openpyxl) : noms de feuilles lisibles,
    en-têtes figés, filtres, formats de nombres, N-1 / N / évolution côte à côte, notes,
    textes écrits comme textes sans apostrophe visible."""
    import openpyxl

    assert (
        run("serci", "participants", SERCI_CSV, "--par", "age", "--format", "xlsx").exit_code == 2
    )
    target = tmp_path / "r.xlsx"
    out = run(
        "serci", "participants", SERCI_CSV, "--par", "age", "--format", "xlsx", "--sortie", target
    )
    assert out.exit_code == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[0] == "Sommaire" and book.sheetnames[-1] == "Sources"
    assert all(len(n) <= 31 and "_" not in n for n in book.sheetnames)
    ws = book[book.sheetnames[1]]
    assert ws.freeze_panes == "B4" and ws.auto_filter.ref is not None
    header = [c.value for c in ws[3]]
    assert header[1:4] == [
        "Nb participants 2024",
        "Nb participants 2025",
        "Nb participants : évolution",
    ]
    labels = {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1)}
    row = labels["- 26 ans"]  # écrit comme texte, sans apostrophe
    assert ws.cell(row, 1).data_type == "s"
    assert ws.cell(row, 3).number_format == "#,##0"
    assert ws.cell(row, 4).number_format == "+0%;-0%;0%"  # évolution signée
    assert any(str(ws.cell(r, 1).value).startswith("Note : ") for r in range(1, ws.max_row + 1))
    assert ws.column_dimensions["A"].width > 8
    links = [c.hyperlink.location for c in book["Sommaire"]["A"] if c.hyperlink]
    assert len(links) == len(book.sheetnames) - 1


def test_sortie_dans_un_fichier_csv_avec_bom(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    assert run("serci", "heures", SERCI_CSV, "--format", "csv", "--sortie", target).exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"serci.heures.total;" in raw


def test_annee_absente_code_2_et_annees_presentes() -> None:
    out = run("serci", "heures", SERCI_CSV, "--annee", "2030")
    assert out.exit_code == 2
    assert "2020, 2021, 2022, 2023, 2024, 2025" in out.stderr


def test_annee_anterieure_sans_n_moins_1() -> None:
    doc = run_json("serci", "heures", SERCI_CSV, "--annee", "2020")
    total = result(doc, "serci.heures.total")
    assert total["valeur"] == 61240 and "precedent" not in total
    years = pl.read_csv(SERCI_CSV, separator=";", columns=["Année"])["Année"]
    later = int((years > 2020).sum())
    assert doc["entrees"][0]["exclusions"] == [
        {"motif": "année postérieure à 2020", "lignes": later}
    ]


@pytest.mark.parametrize(
    ("content", "code"),
    [("", 65), ("a;b\n1;2\n", 65), (None, 66)],
)
def test_codes_de_sortie_entrees_cassees(tmp_path: Path, content: str | None, code: int) -> None:
    path = tmp_path / "x.csv"
    if content is not None:
        path.write_text(content)
    out = run("serci", "heures", path)
    assert out.exit_code == code
    assert out.stderr.startswith("Erreur : ") and "Traceback" not in out.output


def test_erreur_interne_sans_trace_sauf_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    from gipkit.reports import serci as rep

    def boom(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(rep, "hours_summary", boom)
    out = run("serci", "heures", SERCI_CSV)
    assert out.exit_code == 70 and "Traceback" not in out.output and "--debug" in out.stderr
    with pytest.raises(RuntimeError):
        run("--debug", "serci", "heures", SERCI_CSV)
    # « Relancez avec --debug » : ajouté à la fin de la commande, il vaut aussi
    with pytest.raises(RuntimeError):
        run("serci", "heures", SERCI_CSV, "--debug")


def test_valeurs_jamais_affichees_sans_option(tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[0][4] = "MARTIN Paul"
    path = write(tmp_path / "x.csv", csv_text(rows))
    out = run("serci", "heures", path)
    assert out.exit_code == 65 and "MARTIN" not in out.output and "ligne" in out.stderr
    shown = run("serci", "heures", path, "--montrer-valeurs")
    assert "MARTIN Paul" in shown.stderr
    # l'erreur dit aussi comment calculer sans ces lignes, et l'option le fait
    assert "gipkit --ecarter-invalides" in out.stderr
    skipped = run("serci", "heures", path, "--ecarter-invalides")
    assert skipped.exit_code == 0 and "MARTIN" not in skipped.output


def test_libelles_inconnus_seuls_cites_et_dits(tmp_path: Path) -> None:
    # un libellé de nomenclature inconnu est cité, pour être déclaré ; l'erreur le dit
    # au lieu d'affirmer qu'aucune valeur n'est recopiée, et ne cite rien d'autre
    rows = [list(r) for r in ROWS]
    rows[0][6] = "Contrat maison"
    rows[1][4] = "MARTIN Paul"
    path = write(tmp_path / "x.csv", csv_text(rows))
    out = run("serci", "contrats", path, "--par", "type")
    assert out.exit_code == 65 and "MARTIN" not in out.output
    assert "« Contrat maison » ×1" in out.stderr
    assert "seuls les libellés de catégorie inconnus sont cités" in out.stderr
    assert "aucune autre valeur n'est recopiée" in out.stderr
    # sans libellé inconnu : rien n'est recopié, et c'est dit ainsi
    rows[0][6] = "CDI"
    plain = run("serci", "contrats", write(tmp_path / "y.csv", csv_text(rows)), "--par", "type")
    assert "aucune valeur n'est recopiée ici" in plain.stderr and "libellés" not in plain.stderr
    # valeurs demandées : montrées, sans la phrase qui dirait le contraire
    shown = run("serci", "contrats", path, "--par", "type", "--montrer-valeurs")
    assert "MARTIN Paul" in shown.stderr and "recopiée" not in shown.stderr


def test_textes_du_fichier_cites_coupes_et_echappes(tmp_path: Path) -> None:
    # une « catégorie » de 5 000 caractères n'est pas un libellé : coupée, sa longueur
    # dite ; une séquence d'échappement du terminal est citée échappée, jamais émise
    rows = [list(r) for r in ROWS]
    rows[0][6] = "Z" * 5000
    rows[1][6] = "Contrat\x1b[2J maison"
    rows[2][4] = "3\x1b]0;titre\x07"
    path = write(tmp_path / "x.csv", csv_text(rows))
    for args in ([], ["--montrer-valeurs"]):
        out = run("serci", "contrats", path, "--par", "type", *args)
        assert out.exit_code == 65
        assert "\x1b" not in out.stderr and "\x07" not in out.stderr
        assert "Z" * 61 not in out.stderr and "Z" * 60 + "… (5 000 caractères)" in out.stderr
        assert "« Contrat\\x1b[2J maison » ×1" in out.stderr
        # l'exemple à déclarer ne recopie pas un texte qui n'a pas l'air d'un libellé
        assert '"<libellé>" = "<code>"' in out.stderr
    assert "« 3\\x1b]0;titre\\x07 »" in out.stderr  # la valeur demandée, échappée
    # les en-têtes trouvés, cités quand une colonne manque, le sont de même
    header = [h for h in HEADER if h != "Heures réalisées"] + ["Note\x1b[31m" + "x" * 80]
    rows = [[v for h, v in zip(HEADER, r, strict=True) if h != "Heures réalisées"] for r in ROWS]
    out = run("serci", "heures", write(tmp_path / "h.csv", csv_text(rows, header=header)))
    assert out.exit_code == 65 and "colonne absente" in out.stderr
    assert "\x1b" not in out.stderr and "« Note\\x1b[31m" in out.stderr


@given(
    extra=st.lists(
        st.tuples(st.sampled_from([2023, 2024, 2025, 2026]), st.integers(0, 50), st.booleans()),
        max_size=12,
    ),
    blanks=st.integers(0, 3),
    year=st.sampled_from([None, "2024", "2025"]),
)
def test_lignes_lues_egalent_utilisees_plus_exclues(
    tmp_path_factory: pytest.TempPathFactory,
    extra: list[tuple[int, int, bool]],
    blanks: int,
    year: str | None,
) -> None:
    rows = [list(r) for r in ROWS]
    for i, (y, hours, dup) in enumerate(extra):
        rows.append(
            list(rows[-1])
            if dup
            else [str(y), f"X{i}", "M", "oui", str(hours), "P9", "CDD", "01/01/2025"]
        )
    text = csv_text(rows) + "\r\n" * blanks
    path = tmp_path_factory.mktemp("acc") / "x.csv"
    path.write_text(text, encoding="utf-8")
    args = ["serci", "heures", path, "--format", "json"]
    if year:
        args += ["--annee", year]
    out = run(*args)
    assert out.exit_code == 0, out.output
    source = json.loads(out.stdout)["entrees"][0]
    assert source["lignes_lues"] == len(rows) + blanks
    assert source["lignes_lues"] == source["lignes_utilisees"] + source["lignes_exclues"]


def test_configuration_effective_et_invalide(tmp_path: Path) -> None:
    out = run("config")
    assert out.exit_code == 0 and "heures_par_etp = 1607" in out.stdout
    config = tmp_path / "gipkit.toml"
    config.write_text("[parametres]\nheures_par_etp = 1600\n", encoding="utf-8")
    doc = json.loads(run("--config", config, "config", "--format", "json").stdout)
    assert doc["configuration"]["parametres"]["heures_par_etp"] == 1600
    etp = result(run_json("--config", config, "serci", "heures", SERCI_CSV), "serci.heures.etp")
    assert etp["valeur"] == pytest.approx(198906 / 1600, abs=0.005)
    config.write_text("[parametres]\nheures_par_etp = -1\n[serci]\ninconnue = 1\n")
    out = run("--config", config, "config")
    assert out.exit_code == 78
    assert "`parametres.heures_par_etp`" in out.stderr and "`serci.inconnue`" in out.stderr


def test_configuration_du_dossier_courant(tmp_path: Path) -> None:
    (tmp_path / "gipkit.toml").write_text(
        '[serci]\nregle_sortie_positive = "liste"\nsorties_positives = ["cdi"]\n',
        encoding="utf-8",
    )
    doc = run_json("serci", "sorties", SERCI_CSV)
    assert result(doc, "serci.sorties.positives")["valeur"] == 4


def test_configuration_codes_inconnus(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(
        '[serci]\nsorties_positives = ["cdi", "retraite"]\n'
        '[categories."serci.heures".type_contrat]\n"Contrat chantier" = "cdx"\n'
        '[entetes.inconnu]\nx = ["y"]\n',
        encoding="utf-8",
    )
    out = run("--config", config, "config")
    assert out.exit_code == 78
    for needle in ("`retraite`", "`cdx`", "`entetes.inconnu`"):
        assert needle in out.stderr


def test_console_windows_1252(tmp_path: Path) -> None:
    """Sous Windows, une sortie redirigée est en Windows-1252 : ni « ≥ », ni espace fine ;
    ils s'y écrivent comme à la main (« >= », espace), non « ? »."""
    import os

    cllaj = SERCI_CSV.parents[1] / "cllaj" / "jeunes.csv"
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    table = subprocess.run(
        [sys.executable, "-m", "gipkit", "cllaj", "ressources", str(cllaj)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert table.returncode == 0, table.stderr.decode("cp1252", "replace")
    assert "Moins de 1 288 €".encode("cp1252") in table.stdout  # espace fine remplacée
    as_json = subprocess.run(
        [sys.executable, "-m", "gipkit", "cllaj", "ressources", str(cllaj), "--format", "json"],
        capture_output=True,
        env=env,
        check=True,
    )
    doc = json.loads(as_json.stdout.decode("utf-8"))  # le JSON reste de l'UTF-8
    assert doc["resultats"][-1]["lignes"][0][0] == "Moins de 1\u202f288 € (seuil de pauvreté)"
    broken = tmp_path / "x.csv"
    broken.write_text("Année;Heures réalisées\n2025;-3\n", encoding="utf-8")
    error = subprocess.run(
        [sys.executable, "-m", "gipkit", "serci", "heures", str(broken)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert error.returncode == 65 and b"Traceback" not in error.stderr
    lines = SERCI_CSV.read_text("utf-8-sig").splitlines()
    header = lines[0].split(";")
    cells = lines[1].split(";")
    cells[header.index("Heures réalisées")] = "-3"
    negative = tmp_path / "negatif.csv"
    negative.write_text("\n".join([lines[0], ";".join(cells), *lines[2:]]), encoding="utf-8")
    error = subprocess.run(
        [sys.executable, "-m", "gipkit", "serci", "heures", str(negative)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert error.returncode == 65
    assert b"un nombre (ex. 1 234,5) >= 0 et <= 100 000" in error.stderr


def test_erreurs_du_systeme_dites_en_francais(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Le système donne la raison d'une erreur de lecture ou d'écriture dans sa langue
    (« Permission denied » sur un serveur) : gipkit la dit en français."""
    import errno
    import tempfile

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    with monkeypatch.context() as patch:
        patch.setattr(tempfile, "mkstemp", refused)
        out = run("serci", "heures", SERCI_CSV, "--sortie", tmp_path / "x.json")
    assert out.exit_code == 73 and "impossible d'écrire" in out.stderr
    assert "(accès refusé)" in out.stderr and "Permission" not in out.stderr
    locked = tmp_path / "verrouille.csv"
    locked.write_bytes(SERCI_CSV.read_bytes())
    real_open = Path.open

    def guarded(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == locked.name:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)
    out = run("serci", "heures", locked)
    assert out.exit_code == 66 and "fichier illisible (accès refusé)" in out.stderr


def test_une_sequence_d_echappement_dans_les_donnees_n_atteint_pas_le_terminal(
    tmp_path: Path,
) -> None:
    """Un nom de maître d'ouvrage qui porte une séquence d'échappement (« \\x1b[2J »
    efface l'écran, « \\r » réécrit la ligne) : les tableaux pour les personnes la
    montrent échappée ; le JSON garde la valeur exacte (c'est une donnée)."""
    text = SERCI_CSV.read_text("utf-8-sig").replace("SOGARIS", "SOGA\x1b[2JR\rIS")
    path = tmp_path / "heures.csv"
    path.write_text(text, encoding="utf-8")
    for fmt in ("tableau", "markdown"):
        out = run("serci", "tout", path, "--format", fmt)
        assert out.exit_code == 0, out.output
        assert "\x1b" not in out.stdout and "\r" not in out.stdout
        assert "SOGA\\x1b[2JR\\rIS" in out.stdout
    raw = run("serci", "tout", path, "--format", "json").stdout
    assert "SOGA\\u001b[2JR\\rIS" in raw  # la valeur exacte, écrite en JSON
