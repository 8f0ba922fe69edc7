"""Banc d'essai : gipkit contre les références, côte à côte, dans la même exécution.

Mesure ``gipkit serci heures --par-maitre-ouvrage`` sur un gros export SERCI (la fixture
recopiée avec des identifiants de contrat et de participant nouveaux, dans
``bench-data/``, non versionné) et, chacun dans son propre processus :

- **lecture nue** : ``pl.read_csv(f, separator=";", infer_schema=False)``, tout en texte,
  la lecture la plus rapide que polars sache faire du fichier ;
- **polars paresseux** : une requête polars ordinaire qui calcule le même tableau
  (lecture, conversion, filtre, regroupement ; aucun contrôle) — la limite pratique ;
- **DuckDB** : la même requête en SQL (``read_csv``, tout en texte) ;
- **pandas** : la même chose avec pandas ;
- **gipkit** : la commande complète (limites, encodage, empreinte SHA-256, typage et
  contrôle de chaque valeur utile, doublons, tableau, JSON).

Chaque outil écrit son tableau (marchés, contrats, participants distincts, heures par
type de maître d'ouvrage, et la ligne Total) ; le banc vérifie que **tous donnent les
mêmes chiffres** avant d'en donner les temps : médiane et meilleur de N essais, mémoire de
pointe (RSS maximale du processus), rapports à la lecture nue, à polars paresseux et à
DuckDB. Ce n'est pas un test : les chiffres vont dans ``docs/performance.md``.

DuckDB et pandas ne sont pas des dépendances de gipkit : ``pip install duckdb pandas``
pour les mesurer (sinon, ils sont sautés et le banc le dit).

Usage : ``python scripts/bench.py [--lignes 2000000] [--repetitions 3]``
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "fixtures" / "serci" / "heures-insertion-2020-2025.csv"
DATA = ROOT / "bench-data"
YEAR = "2025"
TYPE, MARKET, CONTRACT = "Type de maître d'ouvrage", "N° marché", "N° contrat"
PERSON, HOURS, TERRITORY, ANNEE = (
    "Identifiant participant",
    "Heures réalisées",
    "Sur le territoire",
    "Année",
)

#: chaque référence : un programme qui lit ``sys.argv[1]`` et écrit son tableau en JSON
#: ([[marchés, contrats, participants, heures] par type…, total])
BARE = """
import sys, polars as pl
df = pl.read_csv(sys.argv[1], separator=";", infer_schema=False)
print("null")
"""

POLARS_LAZY = f"""
import sys, json, polars as pl
lf = (
    pl.scan_csv(sys.argv[1], separator=";", infer_schema=False)
    .filter((pl.col({ANNEE!r}) == {YEAR!r}) & (pl.col({TERRITORY!r}) == "Oui"))
    .with_columns(pl.col({HOURS!r}).str.replace(",", ".").cast(pl.Float64))
)
aggs = [
    pl.col({MARKET!r}).n_unique(), pl.col({CONTRACT!r}).n_unique(),
    pl.col({PERSON!r}).n_unique(), pl.col({HOURS!r}).sum(),
]
by, total = pl.collect_all([lf.group_by({TYPE!r}).agg(aggs), lf.select(aggs)])
rows = [list(r[1:]) for r in by.iter_rows()]
print(json.dumps(sorted(rows) + [list(total.row(0))]))
"""

DUCKDB = """
import sys, json, duckdb
con = duckdb.connect()
by = con.execute(sys.argv[2]).fetchall()
total = con.execute(sys.argv[3]).fetchone()
print(json.dumps(sorted([list(r[1:]) for r in by]) + [list(total)]))
"""


def duckdb_sql(path: Path) -> tuple[str, str]:
    """Les deux requêtes DuckDB (par type, puis total), sur le fichier tout en texte."""

    def name(column: str) -> str:
        return '"' + column.replace('"', '""') + '"'

    source = "read_csv('" + str(path).replace("'", "''") + "', delim=';', header=true, "
    source += "all_varchar=true)"
    where = f"{name(ANNEE)} = '{YEAR}' AND {name(TERRITORY)} = 'Oui'"
    measures = ", ".join(
        [
            f"count(DISTINCT {name(MARKET)})",
            f"count(DISTINCT {name(CONTRACT)})",
            f"count(DISTINCT {name(PERSON)})",
            f"sum(CAST(replace({name(HOURS)}, ',', '.') AS DOUBLE))",
        ]
    )
    by = f"SELECT {name(TYPE)}, {measures} FROM {source} WHERE {where} GROUP BY 1"
    return by, f"SELECT {measures} FROM {source} WHERE {where}"


PANDAS = f"""
import sys, json, pandas as pd
cols = [{ANNEE!r}, {TERRITORY!r}, {TYPE!r}, {MARKET!r}, {CONTRACT!r}, {PERSON!r}, {HOURS!r}]
df = pd.read_csv(sys.argv[1], sep=";", dtype=str, usecols=cols)
df = df[(df[{ANNEE!r}] == {YEAR!r}) & (df[{TERRITORY!r}] == "Oui")]
df[{HOURS!r}] = df[{HOURS!r}].str.replace(",", ".").astype(float)
spec = {{{MARKET!r}: "nunique", {CONTRACT!r}: "nunique", {PERSON!r}: "nunique", {HOURS!r}: "sum"}}
by = df.groupby({TYPE!r}).agg(spec)
total = [int(df[{MARKET!r}].nunique()), int(df[{CONTRACT!r}].nunique()),
         int(df[{PERSON!r}].nunique()), float(df[{HOURS!r}].sum())]
rows = [[int(a), int(b), int(c), float(d)] for a, b, c, d in by.itertuples(index=False)]
print(json.dumps(sorted(rows) + [total]))
"""


def gipkit_table(text: str) -> list[list[float]]:
    """Le tableau du JSON de gipkit, sous la forme des références."""
    doc = json.loads(text)
    table = next(r for r in doc["resultats"] if r["id"] == "serci.heures.par_maitre_ouvrage")
    rows = sorted([list(r[1:5]) for r in table["lignes"]])
    return [*rows, list(table["total"][1:5])]


def make_export(rows: int) -> Path:
    """Un export de ``rows`` lignes, au format de la fixture (écrit une seule fois)."""
    target = DATA / f"serci-{rows}.csv"
    if target.exists():
        return target
    DATA.mkdir(exist_ok=True)
    base = pl.read_csv(FIXTURE, separator=";", infer_schema=False)
    copies = -(-rows // base.height)
    big = (
        pl.concat([base] * copies)
        .head(rows)
        .with_row_index("i")
        .with_columns(
            pl.format("C{}", pl.col("i")).alias(CONTRACT),
            pl.format("{}-{}", pl.col(PERSON), pl.col("i") // base.height).alias(PERSON),
        )
        .drop("i")
    )
    big.write_csv(target, separator=";")
    return target


def measure(command: list[str]) -> tuple[float, float, str]:
    """(secondes, Mo de mémoire de pointe, sortie standard) d'un processus enfant."""
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, peak, done.stdout


def _same(a: list[list[float]], b: list[list[float]]) -> bool:
    return len(a) == len(b) and all(
        len(x) == len(y) and all(abs(float(u) - float(v)) < 1e-6 for u, v in zip(x, y, strict=True))
        for x, y in zip(a, b, strict=True)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lignes", type=int, default=2_000_000)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    path = make_export(args.lignes)
    size = path.stat().st_size / 1e6
    python = sys.executable
    tools: dict[str, list[str]] = {
        "lecture nue": [python, "-c", BARE, str(path)],
        "polars paresseux": [python, "-c", POLARS_LAZY, str(path)],
    }
    for module, name, code in (("duckdb", "DuckDB", DUCKDB), ("pandas", "pandas", PANDAS)):
        if importlib.util.find_spec(module) is None:
            print(f"{name} absent (pip install {module}) : non mesuré")
        else:
            tools[name] = [python, "-c", code, str(path)]
            if module == "duckdb":
                tools[name] += list(duckdb_sql(path))
    tools["gipkit"] = [
        python,
        "-m",
        "gipkit",
        "serci",
        "heures",
        str(path),
        "--par-maitre-ouvrage",
        "--format",
        "json",
    ]
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in tools}
    tables: dict[str, list[list[float]]] = {}
    for _ in range(args.repetitions):
        for name, command in tools.items():
            # un processus intermédiaire neuf par mesure : sa RSS maximale est celle de
            # l'outil seul (la RSS des enfants est cumulée)
            wrapper = [python, __file__, "--mesurer", *command]
            out = subprocess.run(wrapper, check=True, capture_output=True, text=True).stdout
            head, _, body = out.partition("\n")
            seconds, megabytes = (float(x) for x in head.split())
            runs[name].append((seconds, megabytes))
            if name == "gipkit":
                tables[name] = gipkit_table(body)
            elif name != "lecture nue":
                tables[name] = json.loads(body)
    reference = tables["polars paresseux"]
    for name, table in tables.items():
        if not _same(table, reference):
            raise SystemExit(f"{name} ne donne pas le même tableau que polars : {table}")
    print(
        f"machine : {platform.machine()}, {os.cpu_count()} cœurs, Python "
        f"{platform.python_version()}, polars {pl.__version__}"
    )
    print(f"fichier : {args.lignes} lignes, {size:.0f} Mo ; tableaux identiques : oui")
    median = {name: statistics.median(s for s, _ in r) for name, r in runs.items()}
    print("| outil | médiane | meilleur | mémoire | ÷ lecture nue | ÷ polars paresseux |")
    print("|---|---|---|---|---|---|")
    for name, r in runs.items():
        best, peak = min(s for s, _ in r), max(m for _, m in r)
        print(
            f"| {name} | {median[name]:.2f} s | {best:.2f} s | {peak:.0f} Mo | "
            f"{median[name] / median['lecture nue']:.2f} | "
            f"{median[name] / median['polars paresseux']:.2f} |"
        )
    if "DuckDB" in median:
        print(f"gipkit ÷ DuckDB : {median['gipkit'] / median['DuckDB']:.2f}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--mesurer":
        seconds, megabytes, stdout = measure(sys.argv[2:])
        print(seconds, megabytes)
        print(stdout, end="")
    else:
        main()
