"""Une colonne facultative absente : les indicateurs qui en ont besoin manquent et sont
listés, jamais calculés comme zéro (issue 10, §7). Les autres ne bougent pas.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run

CASES = [
    # (dossier, commande, fichier, en-tête à retirer, encodage, indicateur qui doit manquer)
    (
        "ml",
        ["ml", "tout"],
        "situations.csv",
        "Nature du contrat",
        "cp1252",
        "ml.situations.emplois_durables",
    ),
    # sans date de sortie, personne ne sortait : sorties à zéro, secteurs de tous les
    # parcours depuis 2004 (trouvé en retirant chaque colonne : scripts/colonnes_retirees.py)
    (
        "plie",
        ["plie", "tout"],
        "participants.csv",
        "Date de sortie",
        "cp1252",
        "plie.participants.par_trimestre",
    ),
    (
        "ml",
        ["ml", "tout"],
        "dispositifs.csv",
        "Date de sortie",
        "utf-8-sig",
        "ml.dispositifs.jeunes_par_dispositif",
    ),
    (
        "cllaj",
        ["cllaj", "tout"],
        "ateliers.csv",
        "Habite un QPV",
        "utf-8-sig",
        "cllaj.atelier.par_quartier",
    ),
    (
        "serci",
        ["serci", "tout"],
        "heures-insertion-2020-2025.csv",
        "Situation de sortie",
        "utf-8-sig",
        "serci.sorties.sorties",
    ),
    # sans date de naissance, aucun mineur : non pas zéro mineur
    (
        "ml",
        ["ml", "tout"],
        "jeunes.csv",
        "Date de naissance",
        "utf-8-sig",
        "ml.activite.part_mineurs",
    ),
    ("cllaj", ["cllaj", "tout"], "lrj.csv", "Date de sortie", "utf-8-sig", "cllaj.lrj.sorties"),
    (
        "plie",
        ["plie", "tout"],
        "participants.csv",
        "Référent de parcours",
        "cp1252",
        "plie.participants.referents_actifs",
    ),
]


def _drop_column(path: Path, header: str, encoding: str, rename: str | None = None) -> None:
    lines = path.read_text(encoding).splitlines()
    cells = lines[0].split(";")
    index = cells.index(header)
    if rename is not None:
        cells[index] = rename
        path.write_text("\r\n".join([";".join(cells), *lines[1:]]) + "\r\n", encoding)
        return
    out = [";".join(c for i, c in enumerate(line.split(";")) if i != index) for line in lines]
    path.write_text("\r\n".join(out) + "\r\n", encoding)


def _doc(args: list[str], folder: Path) -> dict[str, object]:
    out = run(*args, "--dossier", folder, "--annee", "2025", "--partiel", "--format", "json")
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def _by_id(doc: dict[str, object]) -> dict[str, object]:
    return {r["id"]: r for r in doc["resultats"]}  # type: ignore[attr-defined,index]


@pytest.mark.parametrize(("structure", "args", "name", "header", "encoding", "lost"), CASES)
def test_colonne_absente_indicateurs_manquants(
    tmp_path: Path,
    structure: str,
    args: list[str],
    name: str,
    header: str,
    encoding: str,
    lost: str,
) -> None:
    source = ROOT / "fixtures" / structure
    full = _by_id(_doc(args, source))
    folder = tmp_path / structure
    shutil.copytree(source, folder)
    # la configuration du dossier d'exercice (fixtures/gipkit.toml) suit la copie
    shutil.copy(ROOT / "fixtures" / "gipkit.toml", tmp_path / "gipkit.toml")
    _drop_column(folder / name, header, encoding)
    doc = _doc(args, folder)
    now = _by_id(doc)
    assert lost in full and lost not in now
    listed = {i for m in doc["manquants"] for i in m["indicateurs"]}  # type: ignore[attr-defined]
    assert lost in listed
    # tout ce qui n'est pas listé comme manquant est calculé à l'identique
    assert set(full) - set(now) == listed & set(full)
    for ident, res in now.items():
        assert res == full[ident], ident


def test_en_tete_proche_propose(tmp_path: Path) -> None:
    folder = tmp_path / "ml"
    shutil.copytree(ROOT / "fixtures" / "ml", folder)
    _drop_column(
        folder / "situations.csv", "Nature du contrat", "cp1252", rename="Natures du contrat"
    )
    doc = _doc(["ml", "tout"], folder)
    reasons = [m["motif"] for m in doc["manquants"]]  # type: ignore[attr-defined,index]
    assert any("vouliez-vous dire « Natures du contrat »" in r for r in reasons)


def _empty_column(path: Path, header: str, encoding: str) -> None:
    lines = path.read_text(encoding).splitlines()
    index = lines[0].split(";").index(header)
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(";")
        cells[index] = ""
        out.append(";".join(cells))
    path.write_text("\r\n".join(out) + "\r\n", encoding)


EMPTIED = [
    # (dossier, fichier, en-tête vidé, encodage, indicateur qui doit manquer)
    # des zéros faux avant : 0 % en QPV, 0 % sans diplôme, aucun concerné par l'obligation
    ("ml", "jeunes.csv", "QPV", "utf-8-sig", "ml.activite.part_qpv"),
    ("ml", "jeunes.csv", "Niveau de formation", "utf-8-sig", "ml.activite.part_sans_diplome"),
    (
        "ml",
        "jeunes.csv",
        "Obligation de formation",
        "utf-8-sig",
        "ml.obligation_formation.concernes",
    ),
    # disparu sans être listé avant
    ("ml", "jeunes.csv", "RQTH", "utf-8-sig", "ml.activite.jeunes_handicap"),
    ("cllaj", "demandes.csv", "Date de clôture", "utf-8-sig", None),
]


@pytest.mark.parametrize(("structure", "name", "header", "encoding", "lost"), EMPTIED)
def test_colonne_vide_vaut_colonne_absente(
    tmp_path: Path, structure: str, name: str, header: str, encoding: str, lost: str | None
) -> None:
    """Une colonne facultative présente mais sans aucune valeur donne le document d'une
    colonne absente : mêmes résultats, mêmes manquants et mêmes règles de repli, dont
    les raisons disent « vide » au lieu d'« absente »."""
    docs = {}
    for how in ("vide", "absente"):
        folder = tmp_path / how / structure
        shutil.copytree(ROOT / "fixtures" / structure, folder)
        shutil.copy(ROOT / "fixtures" / "gipkit.toml", tmp_path / how / "gipkit.toml")
        if how == "vide":
            _empty_column(folder / name, header, encoding)
        else:
            _drop_column(folder / name, header, encoding)
        docs[how] = _doc([structure, "tout"], folder)
    emptied, dropped = docs["vide"], docs["absente"]
    assert emptied["resultats"] == dropped["resultats"]
    if lost is not None:
        assert lost not in _by_id(emptied)
    gone = [(m["nom"], m["indicateurs"]) for m in emptied["manquants"]]  # type: ignore[attr-defined,index]
    assert gone == [(m["nom"], m["indicateurs"]) for m in dropped["manquants"]]  # type: ignore[attr-defined,index]
    assert lost is None or any(lost in indicators for _, indicators in gone)
    reasons = [m["motif"] for m in emptied["manquants"] if lost in m["indicateurs"]]  # type: ignore[attr-defined,index]
    assert all(" vide dans " in r and "(aucune valeur)" in r for r in reasons), reasons
    # les avertissements : les mêmes, sauf ceux qui disent la colonne vide
    now = [w.replace("/vide/", "/absente/") for w in emptied["avertissements"]]  # type: ignore[attr-defined,union-attr]
    before = dropped["avertissements"]
    assert len(now) == len(before)  # type: ignore[arg-type]
    changed = [w for w in now if w not in before]  # type: ignore[operator]
    assert all(f"colonne « {header} » vide" in w for w in changed), changed
    assert bool(changed) == (lost is None)  # une règle de repli, dite


def test_colonnes_de_tableau_videes_et_dites(tmp_path: Path) -> None:
    """Sans sexe, date de naissance, niveau, RSA, prescripteur ni typologie, l'histoire
    du PLIE et le profil SIAE restent, leurs autres colonnes identiques : les parts qui
    en dépendent sont vidées (lignes, total, N-1 — la part sans diplôme valait 0 %, la
    part des femmes du profil SIAE aussi), et une note du tableau et un avertissement
    disent pourquoi. Chaque colonne de tableau déclarée (``ID[*].COLONNE``) existe : un
    nom faux arrêterait la commande."""
    source = ROOT / "fixtures" / "plie"
    full = _by_id(_doc(["plie", "tout"], source))
    folder = tmp_path / "plie"
    shutil.copytree(source, folder)
    shutil.copy(ROOT / "fixtures" / "gipkit.toml", tmp_path / "gipkit.toml")
    headers = [
        "Sexe",
        "Date de naissance",
        "Niveau de formation",
        "RSA actuel ou passé",
        "Prescripteur",
        "Typologie",
    ]
    for header in headers:
        _drop_column(folder / "participants.csv", header, "cp1252")
    doc = _doc(["plie", "tout"], folder)
    now = _by_id(doc)
    emptied = {
        "plie.historique.par_annee": {
            "part_femmes",
            "age_moyen",
            "part_sans_diplome",
            "part_rsa",
            "part_spontanes",
            "part_ft_departement",
        },
        "plie.siae.profil": {
            "part_femmes",
            "part_sans_diplome",
            "part_rsa",
            "part_categorie_1",
            "part_categorie_2",
            "part_categorie_3",
        },
    }
    for ident, columns in emptied.items():
        before, after = full[ident], now[ident]
        keys = [c["id"] for c in after["colonnes"]]  # type: ignore[index]
        assert set(columns) <= set(keys)
        tables = [(before, after)]
        if after.get("precedent"):  # type: ignore[union-attr]
            tables.append((before["precedent"], after["precedent"]))  # type: ignore[index]
        for old, new in tables:
            rows = [*old["lignes"], *([old["total"]] if old.get("total") else [])]  # type: ignore[index,union-attr]
            fresh = [*new["lignes"], *([new["total"]] if new.get("total") else [])]  # type: ignore[index,union-attr]
            assert len(rows) == len(fresh)
            for was, cells in zip(rows, fresh, strict=True):
                for key, a, b in zip(keys, was, cells, strict=True):
                    assert b == (None if key in columns else a), (ident, key)
        labels = {c["id"]: c["libelle"] for c in after["colonnes"]}  # type: ignore[index]
        for column in columns:
            said = f"{ident} : colonne « {labels[column]} » non calculée : colonne "
            assert any(w.startswith(said) for w in doc["avertissements"]), said  # type: ignore[attr-defined,union-attr]
            assert any(
                n.startswith(f"colonne « {labels[column]} » non calculée") for n in after["notes"]
            )  # type: ignore[index,union-attr]
