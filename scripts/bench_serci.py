"""Banc d'essai : ``gipkit serci heures --par-maitre-ouvrage`` contre une lecture polars nue.

Génère un gros export SERCI (par défaut 5 millions de lignes, environ 1 Go) en
recopiant la fixture avec des identifiants nouveaux, puis mesure dans la même
exécution, chacun dans son propre processus :

1. la référence : ``pl.scan_csv(...).collect()``, lecture typée de tout le fichier ;
2. gipkit : la commande complète (empreinte, contrôles, typage, calcul, JSON).

Temps mural et mémoire de pointe (RSS maximale du processus). Ce n'est pas un
test : les chiffres vont dans ``docs/performance.md``.

Usage : ``python scripts/bench_serci.py [--lignes 5000000] [--repetitions 3]``
"""

from __future__ import annotations

import argparse
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "fixtures" / "serci" / "heures-insertion-2020-2025.csv"
DATA = ROOT / "bench-data"

BASELINE = """
import sys, polars as pl
df = pl.scan_csv(sys.argv[1], separator=";").collect()
print(df.height)
"""


def make_export(rows: int) -> Path:
    """Un export de ``rows`` lignes, au même format que la fixture (écrit une seule fois)."""
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
            pl.format("C{}", pl.col("i")).alias("N° contrat"),
            pl.format("{}-{}", pl.col("Identifiant participant"), pl.col("i") // 50_000).alias(
                "Identifiant participant"
            ),
        )
        .drop("i")
    )
    big.write_csv(target, separator=";")
    return target


def measure(command: list[str]) -> tuple[float, float]:
    """(secondes, Mo de mémoire de pointe) d'un processus enfant."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lignes", type=int, default=5_000_000)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    path = make_export(args.lignes)
    size = path.stat().st_size / 1e6
    baseline_cmd = [sys.executable, "-c", BASELINE, str(path)]
    gipkit_cmd = [
        sys.executable,
        "-m",
        "gipkit",
        "serci",
        "heures",
        str(path),
        "--par-maitre-ouvrage",
        "--format",
        "json",
    ]
    results: dict[str, list[tuple[float, float]]] = {"polars": [], "gipkit": []}
    for _ in range(args.repetitions):
        # RSS maximale des enfants : cumulée, donc on mesure chaque outil dans un processus
        # intermédiaire neuf pour que la pointe soit la sienne
        for name, cmd in (("polars", baseline_cmd), ("gipkit", gipkit_cmd)):
            wrapper = [sys.executable, __file__, "--mesurer", *cmd]
            out = subprocess.run(wrapper, check=True, capture_output=True, text=True).stdout
            seconds, megabytes = (float(x) for x in out.split())
            results[name].append((seconds, megabytes))
    best = {name: min(r[0] for r in runs) for name, runs in results.items()}
    peak = {name: max(r[1] for r in runs) for name, runs in results.items()}
    print(
        f"machine : {platform.machine()}, {platform.processor() or '?'}, "
        f"{__import__('os').cpu_count()} cœurs, Python {platform.python_version()}, "
        f"polars {pl.__version__}"
    )
    print(f"fichier : {args.lignes} lignes, {size:.0f} Mo")
    for name in ("polars", "gipkit"):
        runs = ", ".join(f"{s:.2f}" for s, _ in results[name])
        print(
            f"{name:7s} : meilleur {best[name]:.2f} s (essais {runs}) ; "
            f"mémoire de pointe {peak[name]:.0f} Mo"
        )
    print(f"rapport gipkit / polars : {best['gipkit'] / best['polars']:.2f}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--mesurer":
        seconds, megabytes = measure(sys.argv[2:])
        print(seconds, megabytes)
    else:
        main()
