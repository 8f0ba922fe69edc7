"""Fichiers cassés ou hostiles (issue 10, §6 et §7) : champs en trop quelles que soient les
colonnes lues, fichier sans en-tête, années à deux chiffres, en-tête proche, en-tête
en double dans un classeur, feuilles, titre au-dessus de l'en-tête.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SERCI_CSV, run
from gipkit.config import Config, Limits
from gipkit.errors import InputUnreadableError, InvalidDataError
from gipkit.io import ReadOptions, read_export, sniff
from gipkit.io.exports import EXPORTS
from gipkit.io.normalize import normalize_label
from helpers import HEADER, ROWS, csv_text, write

SCHEMA = EXPORTS["serci.heures"]


def _read(path: Path, columns: list[str], **options: object) -> object:
    return read_export(
        path, SCHEMA, columns=columns, config=Config(), options=ReadOptions(**options)
    )


def test_champs_en_trop_meme_si_la_colonne_n_est_pas_lue(tmp_path: Path) -> None:
    # « DUPONT; Jean » : un point-virgule sans guillemets décale la ligne
    rows = [*ROWS, ["2025", "C9", "M1", "oui", "5", "DUPONT", " Jean", "CDI", "01/01/2025"]]
    path = write(tmp_path / "x.csv", csv_text(rows))
    with pytest.raises(InvalidDataError) as err:
        _read(path, [])  # seules les colonnes obligatoires
    text = err.value.render()
    assert "ligne 5" in text and "DUPONT" not in text and "Jean" not in text
    assert "--ecarter-invalides" in text
    out = run("serci", "heures", path)
    assert out.exit_code == 65 and "DUPONT" not in out.output


def test_point_virgules_vides_en_fin_de_ligne_toleres(tmp_path: Path) -> None:
    text = csv_text().replace("\r\n", ";;\r\n")
    _frame, report = _read(write(tmp_path / "x.csv", text), [])  # type: ignore[misc]
    assert report.rows_used == 3


def test_fichier_sans_ligne_d_en_tete(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", csv_text(ROWS[1:], header=ROWS[0]))
    with pytest.raises(InvalidDataError) as err:
        _read(path, [])
    text = err.value.render()
    assert "aucune ligne d'en-tête reconnue" in text
    assert "C1" not in text and "1 234,5" not in text and "P1" not in text
    assert "Heures réalisées" in text  # ce qui était attendu


def test_annee_a_deux_chiffres_refusee(tmp_path: Path) -> None:
    rows = [[*r[:7], "14/03/25"] if i == 0 else r for i, r in enumerate(ROWS)]
    path = write(tmp_path / "x.csv", csv_text(rows))
    with pytest.raises(InvalidDataError) as err:
        _read(path, ["date_debut"])
    assert "lignes 2" in err.value.render() and "4 chiffres" in err.value.render()


def test_date_hors_fenetre_configurable(tmp_path: Path) -> None:
    rows = [[*r[:7], "01/01/1850"] if i == 0 else r for i, r in enumerate(ROWS)]
    path = write(tmp_path / "x.csv", csv_text(rows))
    with pytest.raises(InvalidDataError):
        _read(path, ["date_debut"])
    config = Config(limites=Limits(annee_min=1800))
    frame, _ = read_export(path, SCHEMA, columns=["date_debut"], config=config)
    assert frame["date_debut"].dt.year().min() == 1850


def test_en_tete_proche_suggere(tmp_path: Path) -> None:
    header = [h if h != "Heures réalisées" else "Heure réalisés" for h in HEADER]
    path = write(tmp_path / "x.csv", csv_text(header=header))
    with pytest.raises(InvalidDataError) as err:
        _read(path, [])
    assert "vouliez-vous dire « Heure réalisés »" in err.value.render()


def _workbook(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        ws = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                ws.write_string(r, c, value)
    workbook.close()
    return path


def test_en_tete_en_double_refuse_dans_un_classeur(tmp_path: Path) -> None:
    header = [*HEADER, "Heures réalisées"]
    rows = [[*r, "0"] for r in ROWS]
    path = _workbook(tmp_path / "x.xlsx", {"Export": [header, *rows]})
    with pytest.raises(InvalidDataError, match="ambigus"):
        _read(path, [])


def test_premiere_feuille_qui_n_est_pas_les_donnees(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "x.xlsx",
        {"Lisez-moi": [["Export du 20/01/2026"]], "Heures": [HEADER, *ROWS]},
    )
    with pytest.raises(InvalidDataError) as err:
        _read(path, [])
    assert "« Lisez-moi », « Heures »" in err.value.render() and "--feuille" in err.value.render()
    for sheet in ("heures", "HEURES", "2"):
        _frame, report = _read(path, [], sheet=sheet)  # type: ignore[misc]
        assert report.rows_used == 3 and report.sheet == "Heures"
    with pytest.raises(InputUnreadableError) as missing:
        _read(path, [], sheet="3")
    assert "« Lisez-moi », « Heures »" in missing.value.render()


def test_titre_au_dessus_de_l_en_tete(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "x.xlsx",
        {"Export": [["Heures d'insertion 2025"], [], HEADER, *ROWS]},
    )
    frame, report = _read(path, ["type_contrat"])  # type: ignore[misc]
    assert report.rows_used == 3
    assert frame["ligne"].to_list() == [4, 5, 6]


@pytest.mark.parametrize(
    ("kind", "column", "label", "code"),
    [
        ("plie.candidatures", "statut", "Candidature en liste d'attente", "en_attente"),
        ("plie.candidatures", "type_employeur", "ACIPHC", "ACI"),
        ("ml.evenements", "statut", "Prescrit", "prescrit"),
        ("ml.evenements", "statut", "Refus tiers", "refus_tiers"),
        ("ml.evenements", "statut", "Refus jeune", "refus_jeune"),
    ],
)
def test_anciens_libelles_connus(
    tmp_path: Path, kind: str, column: str, label: str, code: str
) -> None:
    """Les libellés des exports des années passées se lisent sans configuration."""
    schema = EXPORTS[kind]
    header = [c.title for c in schema.columns]
    row = [label if c.name == column else c.example for c in schema.columns]
    path = write(tmp_path / "x.csv", csv_text([row], header=header))
    frame, _ = read_export(path, schema, columns=[column], config=Config())
    assert frame[column].to_list() == [code]


def test_texte_unicode_d_excel_utf16(tmp_path: Path) -> None:
    """« Texte Unicode (*.txt) » d'Excel : UTF-16 LE avec BOM, tabulations, CRLF."""
    rows = [[*r[:6], "Intérim", r[7]] if i == 0 else r for i, r in enumerate(ROWS)]
    text = csv_text(rows, sep="\t")
    path = tmp_path / "export.txt"
    path.write_bytes(text.encode("utf-16"))  # BOM compris
    frame, report = _read(path, ["type_contrat"])  # type: ignore[misc]
    assert report.encoding == "utf-16" and report.delimiter == "\t"  # type: ignore[attr-defined]
    assert report.rows_used == 3  # type: ignore[attr-defined]
    assert frame["type_contrat"].null_count() == 0


def test_csv_macintosh_retour_chariot_seul_refuse_et_dit(tmp_path: Path) -> None:
    """« CSV Macintosh » d'Excel pour Mac : des fins de ligne faites d'un retour chariot
    seul. polars n'y voit qu'une ligne ; gipkit le dit, sans parler d'en-tête illisible,
    et dit quoi faire. Un CR suivi de LF (Windows) se lit."""
    text = csv_text()
    mac = write(tmp_path / "mac.csv", text.replace("\r\n", "\n").replace("\n", "\r"))
    out = run("serci", "heures", mac)
    assert out.exit_code == 65
    assert "retour chariot seul" in out.stderr and "CSV UTF-8" in out.stderr
    assert "en-tête illisible" not in out.stderr
    windows = write(tmp_path / "windows.csv", text.replace("\r\n", "\n").replace("\n", "\r\n"))
    assert run("serci", "heures", windows).exit_code == 0


def test_titre_au_dessus_de_l_en_tete_d_un_csv(tmp_path: Path) -> None:
    text = "Export des heures d'insertion;;;\r\nédité le 20/01/2026\r\n\r\n" + csv_text()
    path = write(tmp_path / "x.csv", text)
    frame, report = _read(path, ["type_contrat"])  # type: ignore[misc]
    assert report.rows_used == 3  # type: ignore[attr-defined]
    assert frame["ligne"].to_list() == [5, 6, 7]
    out = run("serci", "heures", path)
    assert out.exit_code == 0 and "en-têtes lus à la ligne 4" in out.stderr


FIXTURE_FILES = [
    *(f"ml/{n}.csv" for n in ("jeunes", "evenements", "dispositifs", "demandes")),
    *(f"ml/{n}.csv" for n in ("propositions", "situations")),
    *(f"cllaj/{n}.csv" for n in ("jeunes", "demandes", "propositions", "relogements")),
    *(f"cllaj/{n}.csv" for n in ("entretiens", "lrj", "ateliers")),
    "plie/participants.csv",
    "plie/preinscriptions.csv",
    "plie/candidatures-2023-2025.xlsx",
]


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_chaque_extraction_reconnue_donnee_a_la_mauvaise_commande(name: str) -> None:
    """Donnée à une commande qui en attend une autre, chaque extraction des fixtures est
    nommée pour ce qu'elle est — non pour un export qui ne demande que l'identifiant du
    jeune (les événements de la Mission Locale étaient dits « Jeunes »)."""
    from conftest import ROOT

    structure, stem = name.split("/")
    kind = f"{structure}.{stem.split('-')[0].removesuffix('.csv').removesuffix('.xlsx')}"
    out = run("serci", "heures", ROOT / "fixtures" / name)
    assert out.exit_code == 65
    assert f"({kind})" in out.stderr, out.stderr


@pytest.mark.parametrize("name", [n for n in FIXTURE_FILES if n.endswith(".csv")])
def test_colonne_obligatoire_absente_dite_absente(tmp_path: Path, name: str) -> None:
    """Une extraction à laquelle manque une colonne obligatoire est dite telle, avec la
    façon de déclarer son en-tête — non « ce n'est pas un export … ; ce fichier
    ressemble à l'export des jeunes » (qui n'exige que l'identifiant, présent partout)."""
    import csv
    import io

    from conftest import ROOT

    structure, stem = name.split("/")
    schema = EXPORTS[f"{structure}.{stem.removesuffix('.csv')}"]
    raw = (ROOT / "fixtures" / name).read_bytes()
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "cp1252"
    rows = list(csv.reader(io.StringIO(raw.decode(encoding)), delimiter=";"))
    required = [c for c in schema.columns if c.required and not c.identifier]
    for spec in required:
        spellings = {normalize_label(s) for s in spec.spellings()}
        (index,) = [i for i, h in enumerate(rows[0]) if normalize_label(h) in spellings]
        text = "\r\n".join(";".join(r[:index] + r[index + 1 :]) for r in rows[:50])
        path = write(tmp_path / f"{spec.name}.csv", text + "\r\n", encoding="utf-8")
        with pytest.raises(InvalidDataError) as err:
            read_export(
                path,
                schema,
                columns=[c.name for c in required],
                config=Config(),
                options=ReadOptions(),
            )
        message = err.value.render()
        assert "colonne absente" in message and f"`{spec.name}`" in message, message


def test_mauvais_export_reconnu(tmp_path: Path) -> None:
    from conftest import ROOT

    out = run("serci", "heures", ROOT / "fixtures" / "plie" / "candidatures-2023-2025.xlsx")
    assert out.exit_code == 65
    assert "ressemble à l'export" in out.stderr and "gipkit plie siae" in out.stderr


def test_csv_enregistre_en_xls(tmp_path: Path) -> None:
    path = write(tmp_path / "export.xls", csv_text(), encoding="cp1252")
    _frame, report = _read(path, ["type_contrat"])  # type: ignore[misc]
    assert report.format == "csv" and report.rows_used == 3  # type: ignore[attr-defined]
    out = run("serci", "heures", path)
    assert out.exit_code == 0 and "lu comme un CSV" in out.stderr


def test_page_html_enregistree_en_xls(tmp_path: Path) -> None:
    html = "<html><body><table><tr><th>Année</th></tr><tr><td>2025</td></tr></table>"
    path = write(tmp_path / "export.xls", html)
    with pytest.raises(InputUnreadableError) as err:
        _read(path, [])
    assert "page HTML" in err.value.render() and "2025" not in err.value.render()


def test_guillemet_non_referme_localise(tmp_path: Path) -> None:
    rows = [*ROWS, ["2025", "C4", "M3", "oui", "5", "P9", "CDI", "01/01/2025"], ROWS[0]]
    text = csv_text(rows).replace(";M3;", ';"M3;')
    path = write(tmp_path / "x.csv", text)
    out = run("serci", "heures", path)
    assert out.exit_code == 65
    assert "ligne 5 du fichier" in out.stderr and "jamais refermé" in out.stderr


def _fixture_with(tmp_path: Path, line: int, old: bytes, new: bytes) -> Path:
    """L'export SERCI des fixtures dont la ligne ``line`` (en-tête = 1) voit sa première
    occurrence de ``old`` remplacée par ``new``."""
    lines = SERCI_CSV.read_bytes().split(b"\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path = tmp_path / "heures.csv"
    path.write_bytes(b"\n".join(lines))
    return path


@pytest.mark.parametrize("command", [["heures"], ["tout"]])
def test_guillemet_non_referme_au_debut_d_un_gros_fichier(
    tmp_path: Path, command: list[str]
) -> None:
    # le champ ouvert court sur tout le début du fichier (1 Mo lu pour l'en-tête) : plus
    # long que ce que le module csv de Python découpe ; l'estimation de la place du
    # tableau (:mod:`gipkit.io.footprint`) en faisait une erreur interne
    path = _fixture_with(tmp_path, 5, b";M20-", b';"M20-')
    out = run("serci", *command, path)
    assert out.exit_code == 65, out.output
    assert "ligne 5 du fichier" in out.stderr and "jamais refermé" in out.stderr


@pytest.mark.parametrize("command", [["heures", "--par-maitre-ouvrage"], ["tout"]])
def test_retour_chariot_seul_dans_un_champ_non_lu(tmp_path: Path, command: list[str]) -> None:
    # un CR sans LF au milieu du nom d'une opération (colonne que le calcul ne lit pas) :
    # polars le garde dans la valeur ; l'estimation de la place du tableau levait
    # « new-line character seen in unquoted field »
    path = _fixture_with(tmp_path, 3, "Opération".encode(), "Opé\rration".encode())
    out = run("serci", *command, path, "--format", "json")
    assert out.exit_code == 0, out.output
    same = run("serci", *command, SERCI_CSV, "--format", "json")
    assert json.loads(out.stdout)["resultats"] == json.loads(same.stdout)["resultats"]


def test_fichier_tronque_dit(tmp_path: Path) -> None:
    """Un export coupé au milieu de sa dernière ligne (téléchargement interrompu) : ses
    champs manquants seraient lus comme des cellules vides et sa dernière valeur coupée
    (« 174 » lu « 17 »), sans rien dire. C'est dit, sur la sortie d'erreur et dans le
    JSON ; une ligne courte qui finit par un retour à la ligne, ou une dernière ligne
    complète sans retour à la ligne, ne le sont pas."""
    text = SERCI_CSV.read_bytes().rstrip(b"\r\n")
    head, last = text.rsplit(b"\n", 1)
    cells = last.split(b";")
    assert len(cells) == 26
    # coupé dans la 16e colonne (sexe du participant), que `serci heures` ne lit pas
    truncated = head + b"\n" + b";".join([*cells[:15], cells[15][:-1]])
    out = run("serci", "heures", write_bytes(tmp_path / "t.csv", truncated), "--format", "json")
    assert out.exit_code == 0, out.output
    said = "la dernière ligne n'a que 16 champ(s) sur les 26 de l'en-tête"
    assert said in out.stderr and "tronqué" in out.stderr
    assert any(said in w for w in json.loads(out.stdout)["avertissements"])
    for quiet in (text, head + b"\n" + b";".join(cells[:16]) + b"\r\n"):
        out = run("serci", "heures", write_bytes(tmp_path / "q.csv", quiet))
        assert out.exit_code == 0 and "tronqué" not in out.stderr, out.output


@pytest.mark.parametrize("chunk", [None, 4096], ids=["un-bloc", "blocs-de-4-ko"])
def test_accents_encodes_deux_fois_dits(
    tmp_path: Path, chunk: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Un export UTF-8 ouvert comme Windows-1252 puis réenregistré : « Opération » devient
    « OpÃ©ration », et chaque texte accentué (communes, maîtres d'ouvrage, opérations)
    est compté tel quel, abîmé. C'est dit, sur la sortie d'erreur et dans le JSON, même
    au-delà du premier bloc lu ; un fichier aux accents justes, ou en Windows-1252, ne
    l'est pas."""
    text = SERCI_CSV.read_bytes().decode("utf-8-sig")
    head, body = text.split("\n", 1)
    # les accents des données seulement (l'en-tête reste lisible) : « é » devient « Ã© »
    lines = body.splitlines(keepends=True)
    # les 200 premières lignes justes : avec des blocs de 4 Ko, le premier bloc n'a
    # aucun accent abîmé, vus par le passage entier pendant la lecture
    damaged = "".join(lines[200:]).encode("utf-8").decode("cp1252", errors="replace")
    twice = "".join(lines[:200]).encode("utf-8") + damaged.encode("utf-8")
    if chunk:
        monkeypatch.setattr(sniff, "CHUNK", chunk)
        assert not any(mark in twice[:chunk] for mark in sniff.DOUBLE_ENCODED)
    assert "Ã©".encode() in twice
    path = write_bytes(tmp_path / "d.csv", head.encode("utf-8") + b"\n" + twice)
    out = run("serci", "heures", path, "--format", "json")
    assert out.exit_code == 0, out.output
    said = "des accents y sont encodés deux fois"
    assert said in out.stderr
    assert any(said in w for w in json.loads(out.stdout)["avertissements"])
    for quiet in (SERCI_CSV.read_bytes(), text.encode("cp1252")):
        out = run("serci", "heures", write_bytes(tmp_path / "q.csv", quiet))
        assert out.exit_code == 0 and said not in out.stderr, out.output


def test_en_tete_repete_nomme(tmp_path: Path) -> None:
    """Deux exports mis bout à bout (``copy a.csv+b.csv`` : le BOM du second compris) :
    la ligne d'en-tête répétée est nommée comme telle, sans rien recopier ; une ligne
    fautive ordinaire ne l'est pas."""
    text = SERCI_CSV.read_bytes()
    out = run("serci", "heures", write_bytes(tmp_path / "deux.csv", text + text))
    assert out.exit_code == 65
    assert "la ligne d'en-tête est répétée à la ligne 2328 : deux exports" in out.stderr
    rows = [*ROWS, ["2025", "C4", "M3", "oui", "Heures réalisées", "P4", "CDI", "01/01/2025"]]
    rows += [["Année", "C5", "M3", "oui", "5", "P5", "CDI", "01/01/2025"], HEADER, HEADER]
    out = run("serci", "heures", write(tmp_path / "x.csv", csv_text(rows)))
    assert out.exit_code == 65
    # les lignes 5 et 6 n'ont chacune qu'une valeur illisible, égale à son en-tête ; les
    # 7 et 8 répètent l'en-tête entier : seules celles-là sont nommées
    assert "la ligne d'en-tête est répétée aux lignes 7, 8 :" in out.stderr
    plain = run("serci", "heures", write(tmp_path / "y.csv", csv_text([*ROWS, rows[3]])))
    assert plain.exit_code == 65 and "répétée" not in plain.stderr


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_ecarter_invalides_compte_par_motif(tmp_path: Path) -> None:
    rows = [
        *ROWS,
        ["2025", "C4", "M3", "oui", "beaucoup", "P4", "CDI", "01/01/2025"],  # heures illisibles
        ["2025", "C5", "M3", "oui", "5", "DUPONT", " Jean", "CDI", "01/01/2025"],  # décalée
        ["2025", "C6", "M3", "oui", "", "P6", "CDI", "01/01/2025"],  # heures manquantes
    ]
    path = write(tmp_path / "x.csv", csv_text(rows))
    assert run("serci", "heures", path).exit_code == 65
    for args in (
        ["--ecarter-invalides", "serci", "heures", path],
        ["serci", "heures", path, "--ecarter-invalides"],
    ):
        out = run(*args, "--format", "json")
        assert out.exit_code == 0, out.output
        source = json.loads(out.stdout)["entrees"][0]
        reasons = {e["motif"]: e["lignes"] for e in source["exclusions"]}
        assert reasons["ligne à champs en trop (cellules décalées)"] == 1
        assert reasons["valeur manquante, colonne `heures`"] == 1
        assert reasons["valeur invalide, colonne `heures` (Heures réalisées)"] == 1
        assert source["lignes_lues"] == source["lignes_utilisees"] + source["lignes_exclues"]
        assert source["lignes_lues"] == 6
        assert "DUPONT" not in out.output and "beaucoup" not in out.output


ROW_KINDS = st.sampled_from(["ok", "illisible", "manquante", "decalee", "vide"])


@given(st.lists(ROW_KINDS, min_size=1, max_size=30))
def test_bilan_avec_lignes_ecartees(kinds: list[str]) -> None:
    """Lues = utilisées + écartées, chaque ligne fautive sous un seul motif."""
    rows: list[list[str]] = []
    for i, kind in enumerate(kinds):
        hours = {"illisible": "x", "manquante": ""}.get(kind, "5")
        row = ["2025", f"C{i}", "M1", "oui", hours, f"P{i}", "CDI", "01/01/2025"]
        if kind == "decalee":
            row.insert(6, "en trop")
        if kind == "vide":
            row = [""] * 8
        rows.append(row)
    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp) / "x.csv", csv_text(rows))
        frame, report = read_export(
            path, SCHEMA, columns=[], config=Config(), options=ReadOptions(skip_invalid=True)
        )
    assert report.rows_read == len(kinds)
    assert report.rows_used == frame.height == kinds.count("ok")
    assert report.rows_read == report.rows_used + report.rows_excluded


@given(
    rows=st.lists(
        st.lists(st.sampled_from(["", "a", "b", "c", "x", "y"]), max_size=6), max_size=12
    ),
    known=st.sets(st.sampled_from(["a", "b", "c", "x"])),
)
def test_ligne_d_en_tete_premiere_au_meilleur_score(rows: list[list[str]], known: set[str]) -> None:
    """La recherche de l'en-tête qui saute les lignes qui ne peuvent pas faire mieux
    donne la même ligne que le calcul de tous les scores : la première au score le plus
    haut, aucune si personne ne reconnaît rien."""
    from gipkit.io.sniff import first_best

    def score(cells: list[str]) -> int:
        return sum(1 for c in cells if c and c in known)

    scores = [score(r) for r in rows]
    naive = scores.index(max(scores)) if scores and max(scores) else None
    assert first_best(rows, score) == naive


def test_lignes_de_donnees_sous_l_en_tete_non_examinees(tmp_path: Path) -> None:
    """Sous un en-tête dont chaque cellule est reconnue, aucune ligne de données n'est
    passée à la reconnaissance des en-têtes (des valeurs personnelles, et du temps)."""
    from gipkit.io import headers

    seen: list[str] = []
    original = headers.normalize_label

    def spy(text: str) -> str:
        seen.append(text)
        return original(text)

    path = write(tmp_path / "x.csv", "Titre;;\r\n" + csv_text())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(headers, "normalize_label", spy)
        _read(path, ["type_contrat"])
    assert "Titre" in seen  # la ligne de titre, au-dessus, est examinée
    assert {"C1", "P1", "1 234,5", "31/12/2025"}.isdisjoint(seen)  # aucune donnée
    assert set(HEADER) <= set(seen)


@settings(max_examples=40)
@given(
    position=st.floats(0, 1),
    inserted=st.sampled_from(
        [b"\r", b"\n", b'"', b";", b"\x00", b"\xff", b"\xe9", b"\xef\xbb\xbf"]
    ),
    command=st.sampled_from([["heures", "--par-maitre-ouvrage"], ["tout"]]),
)
def test_un_octet_insere_n_est_jamais_une_erreur_interne(
    tmp_path_factory: pytest.TempPathFactory, position: float, inserted: bytes, command: list[str]
) -> None:
    """Un octet glissé n'importe où dans l'export (retour chariot, guillemet,
    séparateur, octet nul, octet d'un autre encodage, BOM) : la commande calcule, ou
    s'arrête sur une erreur dite (données invalides, fichier illisible, année absente),
    jamais sur une erreur interne — des essais au hasard en avaient trouvé trois."""
    data = SERCI_CSV.read_bytes()
    cut = 3 + round(position * (len(data) - 3))  # après le BOM
    broken = data[:cut] + inserted + data[cut:]
    path = write_bytes(tmp_path_factory.mktemp("octet") / "x.csv", broken)
    out = run("serci", *command, path, "--format", "json")  # une exception ferait échouer
    assert out.exit_code in (0, 2, 65, 66), out.output
    assert "interne" not in out.stderr
