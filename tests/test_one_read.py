"""Une lecture par fichier dans les commandes qui regroupent des résultats (``tout``).

``ml tout`` demande l'extraction des jeunes pour l'activité, les dispositifs, les âges
des demandeurs, le sexe des propositions, l'emploi et l'obligation de formation, et les
événements pour l'activité, l'obligation de formation et les ateliers : chaque fichier
n'est analysé qu'une fois, et le document est celui que donnent des lectures séparées.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run_json
from gipkit.io import reader, source
from gipkit.io.exports.ml import ML_YOUTHS

FIXTURES = ROOT / "fixtures"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Compte les analyses de chaque fichier (le lecteur sous le partage)."""
    counts: Counter[str] = Counter()
    inner = reader._scan_export

    def counting(path: Path, *args: Any, **kwargs: Any) -> Any:
        counts[Path(path).name] += 1
        return inner(path, *args, **kwargs)

    monkeypatch.setattr(reader, "_scan_export", counting)
    return counts


@pytest.mark.parametrize(
    ("structure", "folder"),
    [("ml", "ml"), ("cllaj", "cllaj"), ("plie", "plie"), ("serci", "serci")],
)
def test_tout_lit_chaque_fichier_une_fois(
    parses: Counter[str], structure: str, folder: str
) -> None:
    doc = run_json(structure, "tout", "--dossier", FIXTURES / folder)
    assert parses, "aucun fichier lu"
    assert all(n == 1 for n in parses.values()), parses
    # chaque fichier lu a un bilan, et un seul
    paths = [s["chemin"] for s in doc["entrees"]]
    assert len(paths) == len(set(paths))


def test_ml_tout_demandait_les_jeunes_plusieurs_fois(parses: Counter[str]) -> None:
    """Le partage sert : sans lui, les jeunes et les événements seraient relus."""
    run_json("ml", "territoire", "--dossier", FIXTURES / "ml")
    run_json("ml", "emploi", "--dossier", FIXTURES / "ml")
    assert parses["jeunes.csv"] == 2  # deux commandes, deux lectures
    parses.clear()
    run_json("ml", "tout", "--dossier", FIXTURES / "ml")
    assert parses["jeunes.csv"] == 1 and parses["evenements.csv"] == 1


def test_les_bilans_ne_se_melent_pas(tmp_path: Path) -> None:
    """Chaque demande reçoit sa copie du bilan : une exclusion ajoutée par l'une ne
    s'ajoute pas aux autres ; les colonnes trouvées sont celles de sa demande."""
    from gipkit.config import Config

    youths = FIXTURES / "ml" / "jeunes.csv"
    with reader.one_read_per_file():
        _, first = reader.scan_export(youths, ML_YOUTHS, columns=["sexe"], config=Config())
        first.exclude("motif de la première demande", 3)
        frame, second = reader.scan_export(
            youths, ML_YOUTHS, columns=["date_naissance"], config=Config()
        )
    assert "motif de la première demande" not in second.excluded
    assert "sexe" in first.found and "sexe" not in second.found
    assert frame.collect_schema().names() == [source.LINE, "jeune", "date_naissance"]


def test_un_fichier_modifie_est_relu(tmp_path: Path, parses: Counter[str]) -> None:
    from gipkit.config import Config

    youths = tmp_path / "jeunes.csv"
    shutil.copy(FIXTURES / "ml" / "jeunes.csv", youths)
    with reader.one_read_per_file():
        reader.scan_export(youths, ML_YOUTHS, columns=["sexe"], config=Config())
        reader.scan_export(youths, ML_YOUTHS, columns=["sexe"], config=Config())
        assert parses["jeunes.csv"] == 1
        with youths.open("a", encoding="utf-8") as handle:
            handle.write("J99999;F;01/01/2000;Vitry-sur-Seine;;Non;Bac;;Non;;Non;Non;\r\n")
        _, report = reader.scan_export(youths, ML_YOUTHS, columns=["sexe"], config=Config())
    assert parses["jeunes.csv"] == 2
    assert report.rows_read == 7023


@pytest.mark.parametrize("structure", ["serci", "ml", "cllaj", "plie"])
def test_tout_sur_un_fichier_introuvable(tmp_path: Path, structure: str) -> None:
    """Dans le partage aussi, un fichier introuvable est une erreur d'entrée (code 66) qui
    le dit, pas une erreur interne."""
    from conftest import run

    absent = str(tmp_path / "absent.csv")
    args = {
        "serci": ["--heures", absent],
        "ml": ["--jeunes", str(FIXTURES / "ml" / "jeunes.csv"), "--evenements", absent],
        "cllaj": ["--jeunes", absent],
        "plie": ["--participants", absent],
    }
    out = run(structure, "tout", *args[structure], "--partiel")
    assert out.exit_code == 66, out.output
    assert "fichier introuvable" in out.output


def test_une_vue_ne_lit_que_les_colonnes_de_ses_calculs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Une commande d'une seule extraction n'entre pas dans le partage (qui type toutes
    les colonnes du format) : ``serci heures --par-maitre-ouvrage`` ne lit ni les
    sorties ni le profil des participants (2,4 fois plus lent sur 2 M lignes sinon)."""
    asked: list[list[str]] = []
    inner = reader._scan_export

    def recording(path: Path, schema: Any, *, columns: Any, **kwargs: Any) -> Any:
        asked.append(list(columns))
        return inner(path, schema, columns=columns, **kwargs)

    monkeypatch.setattr(reader, "_scan_export", recording)
    run_json("serci", "heures", "--dossier", FIXTURES / "serci", "--par-maitre-ouvrage")
    assert len(asked) == 1
    assert "type_maitre_ouvrage" in asked[0]
    assert not {"situation_sortie", "sexe", "niveau_formation"} & set(asked[0])


def test_ml_tout_compte_les_evenements_une_fois(monkeypatch: pytest.MonkeyPatch) -> None:
    """L'activité, les actions collectives et l'obligation de formation choisissent
    l'année et comptent leurs exclusions sur un même décompte des événements, calculé
    une fois ; hors d'un ``tout``, chaque commande fait le sien."""
    from gipkit import selection

    counted: Counter[tuple[str, ...]] = Counter()
    inner = selection.count_rows

    def counting(frame: Any, columns: Any) -> Any:
        counted[tuple(columns)] += 1
        return inner(frame, columns)

    monkeypatch.setattr("gipkit.reports.ml.count_rows", counting)
    doc = run_json("ml", "tout", "--dossier", FIXTURES / "ml")
    assert counted[("annee", "type_evenement", "statut")] == 1, counted
    ids = {r["id"] for r in doc["resultats"]}
    wanted = {"mineurs_en_contact", "jeunes_accompagnes", "hebdomadaires"}
    assert wanted <= {i.rsplit(".", 1)[-1] for i in ids}
    counted.clear()
    run_json("ml", "activite", "--dossier", FIXTURES / "ml")
    run_json("ml", "ateliers", "--dossier", FIXTURES / "ml")
    assert counted[("annee", "type_evenement", "statut")] == 2, counted


def test_un_decompte_partage_est_refait_pour_un_fichier_modifie(tmp_path: Path) -> None:
    """Le décompte suit la lecture : un fichier modifié est relu et recompté ; un
    fichier lu hors du partage est compté à chaque demande."""
    import polars as pl

    from gipkit.config import Config

    youths = tmp_path / "jeunes.csv"
    shutil.copy(FIXTURES / "ml" / "jeunes.csv", youths)
    calls: list[int] = []

    def count(frame: pl.LazyFrame) -> pl.DataFrame:
        calls.append(1)
        return frame.select(pl.len()).collect()

    def shared() -> int:
        frame, _ = reader.scan_export(youths, ML_YOUTHS, columns=["sexe"], config=Config())
        out = reader.shared_count(youths, ML_YOUTHS, None, "lignes", lambda: count(frame))
        return int(out.item())

    with reader.one_read_per_file():
        assert shared() == shared() == 7022
        assert len(calls) == 1
        with youths.open("a", encoding="utf-8") as handle:
            handle.write("J99999;F;01/01/2000;Vitry-sur-Seine;;Non;Bac;;Non;;Non;Non;\r\n")
        assert shared() == 7023
        assert len(calls) == 2
    assert shared() == shared() == 7023
    assert len(calls) == 4


def _titled(folder: Path, *names: str) -> None:
    """Met une ligne de titre au-dessus des en-têtes de ces fichiers (un avertissement
    de lecture chacun)."""
    for name in names:
        path = folder / name
        data = path.read_bytes()
        bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
        path.write_bytes(bom + b"Extraction du logiciel\r\n" + data[len(bom) :])


def _tout(folder: Path, structure: str, config: Path) -> tuple[int, str, str]:
    from conftest import run

    out = run("--config", config, structure, "tout", "--dossier", folder, "--format", "json")
    return out.exit_code, out.stdout.replace(str(config), "CONFIG"), out.stderr


def _configs(tmp_path: Path) -> tuple[Path, Path]:
    """Une configuration qui lit chaque fichier à la demande, une qui lit d'avance deux
    fichiers à la fois (la valeur par défaut), même texte à la valeur près."""
    paths = []
    for workers in (0, 2):
        path = tmp_path / f"lectures-{workers}" / "gipkit.toml"
        path.parent.mkdir()
        path.write_text(f"[limites]\nlectures_paralleles = {workers}\n", encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


@pytest.mark.parametrize("structure", ["ml", "cllaj", "plie", "serci"])
def test_lire_d_avance_ne_change_rien(tmp_path: Path, structure: str) -> None:
    """Lues d'avance, deux à la fois, ou chacune à la demande : même document, mêmes
    messages, octet pour octet — les avertissements d'une lecture faite d'avance sont
    dits quand un calcul la demande, dans l'ordre d'une lecture à la demande."""
    folder = tmp_path / structure
    shutil.copytree(FIXTURES / structure, folder)
    _titled(folder, *sorted(p.name for p in folder.glob("*.csv")))
    one_by_one, ahead = _configs(tmp_path)
    first = _tout(folder, structure, one_by_one)
    assert first[0] == 0, first[2]
    assert first[2].count("en-têtes lus à la ligne 2") == len(list(folder.glob("*.csv")))
    second = _tout(folder, structure, ahead)
    # le hachage de la configuration diffère (une valeur) ; tout le reste est identique
    lines = [s for s in zip(first[1].splitlines(), second[1].splitlines(), strict=True)]
    differing = [a for a, b in lines if a != b]
    assert len(differing) == 1 and '"sha256"' in differing[0], differing
    assert first[2] == second[2]


def test_une_lecture_d_avance_en_echec_est_dite_a_la_demande(tmp_path: Path) -> None:
    """Deux fichiers fautifs : l'erreur dite est celle du premier fichier demandé, comme
    à la lecture à la demande — non celle de la lecture d'avance qui a échoué la
    première."""
    folder = tmp_path / "ml"
    shutil.copytree(FIXTURES / "ml", folder)
    for name in ("evenements.csv", "propositions.csv"):
        path = folder / name
        lines = path.read_bytes().split(b"\r\n")
        cells = lines[1].split(b";")
        cells[1] = b"31/02/2025"  # une date qui n'existe pas
        lines[1] = b";".join(cells)
        path.write_bytes(b"\r\n".join(lines))
    one_by_one, ahead = _configs(tmp_path)
    first = _tout(folder, "ml", one_by_one)
    second = _tout(folder, "ml", ahead)
    assert first[0] == second[0] != 0
    assert "evenements.csv" in first[2] and "propositions.csv" not in first[2]
    assert first[2] == second[2]


def test_un_fichier_oublie_n_est_pas_lu_d_avance(
    monkeypatch: pytest.MonkeyPatch, parses: Counter[str]
) -> None:
    """Une lecture d'avance pas encore commencée d'un fichier qu'aucun calcul ne lira
    plus (:func:`reader.forget_reads`) est annulée ; hors d'un bloc, ou sans fil de
    lecture, rien n'est lancé."""
    import threading

    from gipkit.config import Config
    from gipkit.io.exports.ml import ML_EVENTS, ML_SITUATIONS

    counting = reader._scan_export
    go = threading.Event()

    def held(path: Path, *args: Any, **kwargs: Any) -> Any:
        go.wait(timeout=30)
        return counting(path, *args, **kwargs)

    monkeypatch.setattr(reader, "_scan_export", held)
    ml = FIXTURES / "ml"
    reads = [
        (ml / "jeunes.csv", ML_YOUTHS),
        (ml / "evenements.csv", ML_EVENTS),
        (ml / "situations.csv", ML_SITUATIONS),
    ]
    assert reader.read_ahead(reads, Config(), workers=1) == 0  # hors d'un bloc
    with reader.one_read_per_file():
        assert reader.read_ahead(reads, Config(), workers=0) == 0
        assert reader.read_ahead(reads, Config(), workers=1) == 3
        assert reader.read_ahead(reads, Config(), workers=1) == 0  # déjà lancées
        reader.forget_reads([ml / "situations.csv"])
        go.set()
        _, report = reader.scan_export(ml / "jeunes.csv", ML_YOUTHS, columns=[], config=Config())
        # les événements lus, le fil passerait aux situations si elles n'étaient annulées
        reader.scan_export(ml / "evenements.csv", ML_EVENTS, columns=[], config=Config())
    assert report.rows_read == 7022
    assert parses == Counter({"jeunes.csv": 1, "evenements.csv": 1})


@pytest.mark.parametrize("workers", [1, 2])
def test_les_plus_gros_fichiers_sont_lances_d_abord(
    monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """Avec plusieurs fils, la première lecture demandée est lancée d'abord, puis les
    autres des plus gros fichiers aux plus petits ; avec un seul, dans l'ordre demandé."""
    import threading

    from gipkit.config import Config
    from gipkit.io.exports.ml import ML_EVENTS, ML_PROGRAMMES, ML_REQUESTS, ML_SITUATIONS

    started: list[str] = []
    lock = threading.Lock()

    def told(said: Any, path: Path, *args: Any) -> Any:
        with lock:
            started.append(path.name)
        raise RuntimeError("non lue")

    monkeypatch.setattr(reader, "_read_told", told)
    ml = FIXTURES / "ml"
    # demandées dans cet ordre : 746 885, 246 267, 4 916 297, 170 730, 549 719 octets
    names = ["jeunes.csv", "demandes.csv", "evenements.csv", "dispositifs.csv", "situations.csv"]
    schemas = [ML_YOUTHS, ML_REQUESTS, ML_EVENTS, ML_PROGRAMMES, ML_SITUATIONS]
    with reader.one_read_per_file():
        reads = [(ml / n, s) for n, s in zip(names, schemas, strict=True)]
        assert reader.read_ahead(reads, Config(), workers=workers) == 5
        for path, schema in reads:  # chaque lecture attendue (elle lève son erreur)
            with pytest.raises(RuntimeError):
                reader.scan_export(path, schema, columns=[], config=Config())
    if workers == 1:
        assert started == names
    else:
        # les deux premières partent ensemble, dans un ordre quelconque
        assert set(started[:2]) == {"jeunes.csv", "evenements.csv"}
        assert started[2:] == ["situations.csv", "demandes.csv", "dispositifs.csv"]


@pytest.mark.parametrize("seen", ["extraction", "entretien"])
def test_une_extraction_reprise_reste_lue_pour_un_calcul_qui_la_lit_autrement(
    monkeypatch: pytest.MonkeyPatch, parses: Counter[str], tmp_path: Path, seen: str
) -> None:
    """L'activité du CLLAJ reprend les jeunes et les extractions datées (``taken``) pour
    les calculs qui la déclarent : dans ``cllaj tout``, leurs lectures sont oubliées dès
    qu'elle est chargée (les extractions datées dès que leur part est construite), les
    ressources, qui lisent les jeunes (et les entretiens, quand un jeune accompagné est
    un jeune qui a eu un entretien) autrement, étant faites avant. Dans un ordre où
    elles viennent après, ces lectures sont gardées pour elles, non refaites ; même
    document."""
    import dataclasses

    from gipkit.chapters import STRUCTURES

    config = tmp_path / "gipkit.toml"
    config.write_text(
        (FIXTURES / "cllaj" / "gipkit.toml").read_text(encoding="utf-8")
        + f'\n[cllaj]\njeune_accompagne = "{seen}"\n',
        encoding="utf-8",
    )
    folder = tmp_path / "cllaj"
    shutil.copytree(FIXTURES / "cllaj", folder)
    (folder / "gipkit.toml").unlink()
    expected = run_json("--config", config, "cllaj", "tout", "--dossier", folder)
    cllaj = STRUCTURES["cllaj"]
    first, second, *rest = cllaj.steps
    assert (first.key, second.key) == ("ressources", "activite")
    monkeypatch.setitem(
        STRUCTURES, "cllaj", dataclasses.replace(cllaj, steps=(second, first, *rest))
    )
    parses.clear()
    doc = run_json("--config", config, "cllaj", "tout", "--dossier", folder)
    assert parses["jeunes.csv"] == 1 and all(n == 1 for n in parses.values()), parses
    assert seen == "extraction" or parses["entretiens.csv"] == 1
    assert doc["resultats"] == expected["resultats"]
