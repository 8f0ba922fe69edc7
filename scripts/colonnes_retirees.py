"""Retire, une à une, chaque colonne de chaque extraction des fixtures, relance le ``tout``
de sa structure et dit chaque résultat qui change sans être listé dans ``manquants``.

« Un chiffre qui ne peut pas être calculé est absent et listé, jamais faux » : sans une
colonne facultative, un résultat qui en dépend doit être retiré et listé (exigences
``needs`` de chaque export, :mod:`gipkit.needs`), ou calculé par une règle de repli dite
sur la sortie d'erreur et dans le JSON (``avertissements``). Ce script cherche ceux qui
ne font ni l'un ni l'autre : pour chaque colonne retirée, les résultats changés et non
listés, marqués « FAUX » si une valeur change (non seulement devenue vide), avec les
avertissements nouveaux. Une colonne obligatoire retirée doit donner l'erreur « colonne
absente » (code 65). Environ dix minutes sur deux cœurs ; pas un test (trop long), à
lancer quand on ajoute un résultat ou une colonne facultative :

    python scripts/colonnes_retirees.py [--vider] [ml|plie|serci|cllaj]

``--vider`` garde l'en-tête de la colonne et vide ses cellules : une colonne présente
mais sans aucune valeur doit être tenue pour absente (résultats retirés et listés, la
raison dit « vide »), non donner des zéros.

Code de sortie 1 si un résultat change sans être listé ni annoncé.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _run(structure: str, folder: Path) -> tuple[int, bytes, bytes]:
    args = [sys.executable, "-m", "gipkit", structure, "tout", "--dossier", str(folder)]
    args += ["--annee", "2025", "--partiel", "--format", "json"]
    done = subprocess.run(args, capture_output=True, check=False)
    return done.returncode, done.stdout, done.stderr


def _only_nulls(before: Any, after: Any) -> bool:
    """``after`` ne diffère de ``before`` que par des valeurs devenues vides (et les notes
    d'un tableau, qui disent pourquoi)."""
    if isinstance(before, dict) and isinstance(after, dict):
        before, after = ({k: v for k, v in d.items() if k != "notes"} for d in (before, after))
        return before.keys() == after.keys() and all(
            _only_nulls(before[k], after[k]) for k in before
        )
    if isinstance(before, list) and isinstance(after, list):
        return len(before) == len(after) and all(map(_only_nulls, before, after))
    return bool(before == after or after is None)


def _by_id(doc: dict[str, Any]) -> dict[str, Any]:
    return {r["id"]: r for r in doc["resultats"]}


def _without(rows: list[list[str]], index: int, empty: bool) -> list[list[str]]:
    """Les lignes sans la colonne ``index``, ou avec ses cellules vidées (``empty``)."""
    if empty:
        return [rows[0], *([*r[:index], "", *r[index + 1 :]] for r in rows[1:])]
    return [[c for i, c in enumerate(r) if i != index] for r in rows]


def main(structures: list[str], empty: bool = False) -> int:
    silent = 0
    for structure in structures:
        source = ROOT / "fixtures" / structure
        code, out, err = _run(structure, source)
        if code != 0:
            print(f"{structure} : le tout des fixtures échoue (code {code})")
            return 2
        full_doc = json.loads(out)
        full = _by_id(full_doc)
        for path in sorted(source.glob("*.csv")):
            raw = path.read_bytes()
            encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "cp1252"
            rows = list(csv.reader(io.StringIO(raw.decode(encoding)), delimiter=";"))
            for index, header in enumerate(rows[0]):
                with tempfile.TemporaryDirectory() as tmp:
                    folder = Path(tmp) / structure
                    shutil.copytree(source, folder)
                    shutil.copy(ROOT / "fixtures" / "gipkit.toml", Path(tmp) / "gipkit.toml")
                    buffer = io.StringIO()
                    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
                    writer.writerows(_without(rows, index, empty))
                    (folder / path.name).write_bytes(buffer.getvalue().encode(encoding))
                    code, out, err = _run(structure, folder)
                change = f"« {header} » vidée" if empty else f"sans « {header} »"
                where = f"{structure}/{path.name} {change}"
                if code != 0:
                    message = err.decode("utf-8", "replace")
                    expected = "valeur manquante" if empty else "colonne absente"
                    if code != 65 or expected not in message:
                        print(f"{where} : code {code} : {message.strip().splitlines()[0]}")
                    continue
                doc = json.loads(out)
                now = _by_id(doc)
                listed = {i for m in doc["manquants"] for i in m["indicateurs"]}
                changed = [
                    k + ("" if _only_nulls(full[k], now[k]) else " (FAUX)")
                    for k in full
                    if k in now and k not in listed and now[k] != full[k]
                ]
                gone = [k for k in full if k not in now and k not in listed]
                if not changed and not gone:
                    continue
                new = [w for w in doc["avertissements"] if w not in full_doc["avertissements"]]
                if not new:
                    silent += 1
                print(f"{where} : changés sans être listés {changed}, disparus {gone}")
                print(f"  avertissements nouveaux : {new or 'aucun (changement muet)'}")
    return 1 if silent else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    emptied = "--vider" in args
    chosen = [a for a in args if a != "--vider"]
    sys.exit(main(chosen or ["ml", "plie", "serci", "cllaj"], emptied))
