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

Avec ``--structure ml``, le banc mesure ``gipkit ml tout`` et ``gipkit rapport
--structures ml`` sur les six extractions de la Mission Locale des fixtures recopiées
``--fois`` fois (identifiants de jeune suffixés, ``bench-data/ml-xK/ml/``) — ``ml
tout`` aussi avec chaque extraction gardée en mémoire (``[limites]
tableau_en_memoire_max_mo`` et ``lectures_en_memoire_max_mo`` relevés) —, contre la
lecture nue des six fichiers et, pour un tableau témoin — les jeunes accompagnés de 2024
et de 2025, jeunes distincts présents à un entretien, un atelier, une information
collective ou un événement emploi —, polars paresseux, DuckDB et pandas ; là aussi,
tous doivent donner les mêmes chiffres.

Avec ``--structure plie`` ou ``--structure cllaj``, les extractions de la structure
recopiées ``--fois`` fois (``bench-data/plie-xK/plie/``, ``bench-data/cllaj-xK/cllaj/``) :
son ``tout`` contre la lecture nue de ses fichiers et son tableau témoin
(``scripts/bench_witnesses.py``) calculé par polars paresseux, DuckDB et pandas ; un
export d'au moins 1 Go demande 750 fois les fixtures du PLIE, 1 300 fois celles du
CLLAJ.

Avec ``--structure rapport``, un dossier d'exercice complet (``bench-data/rapport-xK``) :
les extractions des quatre structures recopiées ``--fois`` fois (identifiants suffixés,
courriels de la jointure PLIE préfixés, candidatures en XLSX ; l'export SERCI du banc à K
fois les lignes de la fixture) ; le banc mesure chaque ``tout`` et ``gipkit rapport`` en
JSON, HTML et Word contre la lecture nue de tous les fichiers et, pour un tableau
témoin par structure (Mission Locale et SERCI ci-dessus ; PLIE et CLLAJ :
``scripts/bench_witnesses.py``), contre polars paresseux, DuckDB et pandas (tableaux
vérifiés aussi dans le JSON de chaque ``tout``).

Le code de gipkit est compilé d'avance (``compileall``), comme après ``pip install`` : avec
``PYTHONDONTWRITEBYTECODE``, chaque lancement le recompilerait. Le banc du SERCI (UTF-8)
mesure aussi le démarrage (la commande sur la fixture, contre ``import polars``).

Avec ``--croissance``, la croissance avec la taille : ``gipkit serci heures
--par-maitre-ouvrage`` et la lecture nue, lancés en alternance sur des exports de
500 000, 2 M, 5 M et 10 M lignes (``--tailles`` pour d'autres), médianes et écarts,
mémoire de pointe de chacun.

Usage : ``python scripts/bench.py [--lignes 2000000] [--repetitions 3]``,
``python scripts/bench.py --croissance [--tailles 500000,2000000]``,
``python scripts/bench.py --structure ml [--fois 50]``,
``python scripts/bench.py --structure plie [--fois 750]`` (ou ``cllaj``),
``python scripts/bench.py --structure rapport [--fois 10]``,
``python scripts/bench.py --variante doublons`` (chaque ligne deux fois), ``--variante
xlsx`` (200 000 lignes en classeur) ou ``--variante cp1252`` (le même export en
Windows-1252 : le banc mesure aussi gipkit sur l'export UTF-8 dans la même exécution, et
donne le rapport des deux ; DuckDB ne lit cet encodage qu'avec une extension
téléchargée, il n'est pas mesuré)
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
import zipfile
from pathlib import Path
from typing import Any

import polars as pl
from bench_witnesses import (
    CLLAJ_FILE,
    CLLAJ_PANDAS,
    CLLAJ_POLARS,
    PLIE_FILE,
    PLIE_PANDAS,
    PLIE_POLARS,
    cllaj_duckdb_sql,
    plie_duckdb_sql,
    witness_tables,
)
from bench_witnesses import DUCKDB as WITNESS_DUCKDB

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
    SOURCE
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
con.execute("SET enable_progress_bar = false")
by = con.execute(sys.argv[2]).fetchall()
total = con.execute(sys.argv[3]).fetchone()
print(json.dumps(sorted([list(r[1:]) for r in by]) + [list(total)]))
"""


#: la source de chaque référence, selon la variante de l'export (``--variante``) : CSV
#: UTF-8, CSV dont chaque ligne est écrite deux fois (les références écartent les lignes
#: identiques, comme gipkit écarte les doublons d'identifiant), classeur XLSX
SOURCES = {
    "csv": 'pl.scan_csv(sys.argv[1], separator=";", infer_schema=False)',
    "doublons": 'pl.scan_csv(sys.argv[1], separator=";", infer_schema=False).unique()',
    "xlsx": "pl.read_excel(sys.argv[1], infer_schema_length=0).lazy()",
    "cp1252": (
        'pl.read_csv(sys.argv[1], separator=";", infer_schema=False, encoding="cp1252").lazy()'
    ),
}
PANDAS_READS = {
    "csv": 'df = pd.read_csv(sys.argv[1], sep=";", dtype=str, usecols=cols)',
    "doublons": 'df = pd.read_csv(sys.argv[1], sep=";", dtype=str).drop_duplicates()[cols]',
    "cp1252": 'df = pd.read_csv(sys.argv[1], sep=";", dtype=str, usecols=cols, encoding="cp1252")',
}
#: la lecture nue d'un fichier Windows-1252 : polars le décode lui-même en UTF-8 d'abord
BARE_CP1252 = BARE.replace("infer_schema=False", 'infer_schema=False, encoding="cp1252"')
BARE_XLSX = """
import sys, polars as pl
df = pl.read_excel(sys.argv[1], infer_schema_length=0)
print("null")
"""


def duckdb_sql(path: Path, distinct: bool = False) -> tuple[str, str]:
    """Les deux requêtes DuckDB (par type, puis total), sur le fichier tout en texte ;
    ``distinct`` : lignes identiques comptées une fois."""

    def name(column: str) -> str:
        return '"' + column.replace('"', '""') + '"'

    source = "read_csv('" + str(path).replace("'", "''") + "', delim=';', header=true, "
    source += "all_varchar=true)"
    if distinct:
        source = f"(SELECT DISTINCT * FROM {source})"
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
READ
df = df[(df[{ANNEE!r}] == {YEAR!r}) & (df[{TERRITORY!r}] == "Oui")]
df[{HOURS!r}] = df[{HOURS!r}].str.replace(",", ".").astype(float)
spec = {{{MARKET!r}: "nunique", {CONTRACT!r}: "nunique", {PERSON!r}: "nunique", {HOURS!r}: "sum"}}
by = df.groupby({TYPE!r}).agg(spec)
total = [int(df[{MARKET!r}].nunique()), int(df[{CONTRACT!r}].nunique()),
         int(df[{PERSON!r}].nunique()), float(df[{HOURS!r}].sum())]
rows = [[int(a), int(b), int(c), float(d)] for a, b, c, d in by.itertuples(index=False)]
print(json.dumps(sorted(rows) + [total]))
"""


# --- Mission Locale ----------------------------------------------------------------------
ML_FILES = ("jeunes", "evenements", "dispositifs", "situations", "demandes", "propositions")
ML_YOUTH, ML_DATE, ML_KIND, ML_STATUS = "Identifiant jeune", "Date", "Type d'événement", "Statut"
ML_KINDS = ("Entretien individuel", "Atelier", "Information collective", "Événement emploi")

BARE_MANY = """
import sys, polars as pl
for f in sys.argv[1:]:
    if f.endswith(".xlsx"):
        pl.read_excel(f, infer_schema_length=0)
    else:
        pl.read_csv(f, separator=";", infer_schema=False)
print("null")
"""

ML_POLARS = f"""
import sys, json, polars as pl
out = (
    pl.scan_csv(sys.argv[1], separator=";", infer_schema=False)
    .filter(pl.col({ML_KIND!r}).is_in({list(ML_KINDS)!r}) & (pl.col({ML_STATUS!r}) == "Présent"))
    .group_by(pl.col({ML_DATE!r}).str.slice(6, 4).cast(pl.Int64).alias("annee"))
    .agg(pl.col({ML_YOUTH!r}).n_unique())
    .sort("annee")
    .collect()
)
print(json.dumps([list(r) for r in out.iter_rows() if r[0] in (2024, 2025)]))
"""

ML_DUCKDB = """
import sys, json, duckdb
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
rows = con.execute(sys.argv[2]).fetchall()
print(json.dumps([[int(a), int(n)] for a, n in sorted(rows) if int(a) in (2024, 2025)]))
"""

ML_PANDAS = f"""
import sys, json, pandas as pd
df = pd.read_csv(sys.argv[1], sep=";", dtype=str, usecols=[{ML_YOUTH!r}, {ML_DATE!r},
    {ML_KIND!r}, {ML_STATUS!r}])
df = df[df[{ML_KIND!r}].isin({list(ML_KINDS)!r}) & (df[{ML_STATUS!r}] == "Présent")]
by = df.groupby(df[{ML_DATE!r}].str.slice(6, 10).astype(int))[{ML_YOUTH!r}].nunique()
print(json.dumps([[int(a), int(n)] for a, n in by.items() if a in (2024, 2025)]))
"""


def ml_duckdb_sql(path: Path) -> str:
    """La requête DuckDB du tableau témoin de la Mission Locale."""

    def name(column: str) -> str:
        return '"' + column.replace('"', '""') + '"'

    kinds = ", ".join("'" + k.replace("'", "''") + "'" for k in ML_KINDS)
    return (
        f"SELECT CAST(substr({name(ML_DATE)}, 7, 4) AS INTEGER), count(DISTINCT "
        f"{name(ML_YOUTH)}) FROM read_csv('{str(path).replace(chr(39), chr(39) * 2)}', "
        f"delim=';', header=true, all_varchar=true) WHERE {name(ML_KIND)} IN ({kinds}) "
        f"AND {name(ML_STATUS)} = 'Présent' GROUP BY 1"
    )


def ml_gipkit_table(text: str) -> list[list[float]]:
    """Jeunes accompagnés de N-1 et N, lus dans le JSON de ``ml tout`` ou du rapport."""
    doc = json.loads(text)
    results = doc["resultats"] if "resultats" in doc else _report_results(doc)
    found = next(r for r in results if r["id"] == "ml.activite.jeunes_accompagnes")
    return [
        [found["precedent"]["annee"], found["precedent"]["valeur"]],
        [found["annee"], found["valeur"]],
    ]


def _report_results(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Les résultats d'un rapport JSON, tous chapitres confondus."""
    out: list[dict[str, Any]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "id" in node and "valeur" in node:
                out.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)
    return out


def make_ml_folder(times: int) -> Path:
    """Les six extractions des fixtures recopiées ``times`` fois (écrites une seule fois),
    dans un dossier d'exercice ``bench-data/ml-xK`` (sous-dossier ``ml``)."""
    exercise = DATA / f"ml-x{times}"
    target = exercise / "ml"
    if all((target / f"{name}.csv").exists() for name in ML_FILES):
        return exercise
    target.mkdir(parents=True, exist_ok=True)
    for name in ML_FILES:
        base = read_fixture(ROOT / "fixtures" / "ml" / f"{name}.csv")
        key = base.columns[0]  # « Identifiant jeune » (ou « ID jeune »)
        copies = [
            base.with_columns(pl.format("{}-{}", pl.col(key), pl.lit(i)).alias(key))
            for i in range(times)
        ]
        pl.concat(copies).write_csv(target / f"{name}.csv", separator=";")
    return exercise


def ml_tools(exercise: Path, python: str) -> dict[str, list[str]]:
    """Les commandes mesurées pour la Mission Locale."""
    files = [str(exercise / "ml" / f"{name}.csv") for name in ML_FILES]
    events = str(exercise / "ml" / "evenements.csv")
    tools: dict[str, list[str]] = {
        "lecture nue (6 fichiers)": [python, "-c", BARE_MANY, *files],
        "polars paresseux": [python, "-c", ML_POLARS, events],
    }
    if importlib.util.find_spec("duckdb") is not None:
        tools["DuckDB"] = [python, "-c", ML_DUCKDB, events, ml_duckdb_sql(Path(events))]
    if importlib.util.find_spec("pandas") is not None:
        tools["pandas"] = [python, "-c", ML_PANDAS, events]
    gipkit = [python, "-m", "gipkit"]
    tools["gipkit ml tout"] = [*tout_command(python, "ml", exercise / "ml"), "--annee", "2025"]
    # le même, chaque extraction gardée en mémoire quelle que soit sa taille : ce que
    # donnent `[limites] tableau_en_memoire_max_mo` et `lectures_en_memoire_max_mo`
    # relevés sur une machine qui a la mémoire
    memory = exercise / "tout-en-memoire.toml"
    memory.write_text(
        "[limites]\ntableau_en_memoire_max_mo = 1000000\nlectures_en_memoire_max_mo = 1000000\n",
        encoding="utf-8",
    )
    tools["gipkit ml tout (tout en mémoire)"] = [
        *gipkit,
        "--config",
        str(memory),
        *tools["gipkit ml tout"][len(gipkit) :],
    ]
    tools["gipkit rapport (ml)"] = [
        *gipkit,
        "rapport",
        "--dossier",
        str(exercise),
        "--structures",
        "ml",
        "--annee",
        "2025",
        "--partiel",
        "--format",
        "json",
    ]
    return tools


#: les colonnes d'identifiant suffixées à chaque copie (une personne par copie), par
#: fichier ; les courriels de la jointure PLIE prennent la copie en préfixe
IDS = {
    "plie/participants.csv": ("N° participant",),
    "plie/preinscriptions.csv": ("N° participant",),
    "plie/candidatures.xlsx": ("Nom candidat", "Numéro PASS\xa0IAE"),
}
EMAILS = {"plie/participants.csv": "Email", "plie/candidatures.xlsx": "Email candidat"}


def read_fixture(path: Path) -> pl.DataFrame:
    """Une fixture, toutes colonnes en texte : un classeur, ou un CSV en UTF-8 avec BOM ou
    en Windows-1252 (comme les exports d'origine)."""
    if path.suffix == ".xlsx":
        return pl.read_excel(path, infer_schema_length=0)
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("cp1252")
    return pl.read_csv(text.encode(), separator=";", infer_schema=False)


def _copies(base: pl.DataFrame, name: str, times: int) -> pl.DataFrame:
    """``times`` copies de ``base``, identifiants rendus uniques à chaque copie."""
    ids = IDS.get(name, (base.columns[0],))
    email = EMAILS.get(name)

    def copy(i: int) -> pl.DataFrame:
        changed = [pl.format("{}-{}", pl.col(c), pl.lit(i)).alias(c) for c in ids]
        if email is not None:
            changed.append(pl.format("{}.{}", pl.lit(i), pl.col(email)).alias(email))
        return base.with_columns(changed)

    return pl.concat([copy(i) for i in range(times)])


def extractions(folder: Path, pattern: str = "*") -> list[Path]:
    """Les extractions (CSV et classeurs) de ``folder``, triées ; ``pattern`` = ``"*/*"``
    pour celles des sous-dossiers d'un dossier d'exercice."""
    return sorted(p for p in folder.glob(pattern) if p.suffix in (".csv", ".xlsx"))


def tout_command(python: str, key: str, folder: Path) -> list[str]:
    """``gipkit KEY tout`` sur le dossier des extractions ``folder``, en JSON."""
    return [python, "-m", "gipkit", key, "tout", "--dossier", str(folder), "--format", "json"]


#: les extractions du PLIE et du CLLAJ recopiées par le banc (:func:`make_structure_folder`)
STRUCTURE_FILES = {
    "plie": ("participants.csv", "preinscriptions.csv", "candidatures-2023-2025.xlsx"),
    "cllaj": tuple(sorted(p.name for p in (ROOT / "fixtures" / "cllaj").glob("*.csv"))),
}
#: la limite de gipkit contre les archives piégées (``[limites] xlsx_decompresse_max_mo``)
XLSX_LIMIT_MB = 256


def make_structure_folder(key: str, times: int) -> Path:
    """Les extractions du PLIE ou du CLLAJ (``key``) des fixtures recopiées ``times`` fois,
    chacune écrite une fois (identifiants suffixés, courriels de la jointure PLIE
    préfixés, candidatures en XLSX), dans ``bench-data/{key}-xK/{key}``, avec la
    configuration de la structure dans les fixtures. Un classeur de plus de 256 Mo une
    fois décompressé (candidatures à 750 fois les fixtures : 41 Mo, 453 750 lignes) y
    relève ``[limites] xlsx_decompresse_max_mo``, comme le message de gipkit le propose
    pour un classeur légitime."""
    folder = DATA / f"{key}-x{times}" / key
    done = folder / ".complet"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    unpacked = 0
    for file in STRUCTURE_FILES[key]:
        name = f"{key}/{file.replace('-2023-2025', '')}"
        big = _copies(read_fixture(ROOT / "fixtures" / key / file), name, times)
        target = DATA / f"{key}-x{times}" / name
        if file.endswith(".xlsx"):
            big.write_excel(target, worksheet="Candidatures")
            with zipfile.ZipFile(target) as archive:
                unpacked += sum(i.file_size for i in archive.infolist())
        else:
            big.write_csv(target, separator=";")
    config = ROOT / "fixtures" / key / "gipkit.toml"
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    if unpacked > XLSX_LIMIT_MB * 1e6:
        text += f"\n[limites]\nxlsx_decompresse_max_mo = {2 * unpacked / 1e6:.0f}\n"
    (folder / "gipkit.toml").write_text(text, encoding="utf-8")
    done.write_text("")
    return folder


def make_report_folder(times: int) -> Path:
    """Un dossier d'exercice complet (``bench-data/rapport-xK``) : les extractions des
    quatre structures recopiées ``times`` fois, chacune écrite une fois, en UTF-8 (les
    candidatures en XLSX, comme l'export des emplois de l'inclusion), liées depuis les
    dossiers de chaque structure (:func:`make_ml_folder`, :func:`make_structure_folder`)."""
    exercise = DATA / f"rapport-x{times}"
    done = exercise / ".complet"
    if done.exists():
        return exercise
    for key in ("ml", "plie", "cllaj", "serci"):
        (exercise / key).mkdir(parents=True, exist_ok=True)
    sources = {"ml": make_ml_folder(times) / "ml"}
    sources |= {key: make_structure_folder(key, times) for key in STRUCTURE_FILES}
    for key, source in sources.items():
        for file in extractions(source):
            target = exercise / key / file.name
            if not target.exists():
                os.link(file, target)
    for config in ROOT.glob("fixtures/*/gipkit.toml"):
        (exercise / config.parent.name / "gipkit.toml").write_bytes(config.read_bytes())
    (exercise / "gipkit.toml").write_bytes((ROOT / "fixtures" / "gipkit.toml").read_bytes())
    serci = make_export(times * pl.read_csv(FIXTURE, separator=";", infer_schema=False).height)
    target = exercise / "serci" / "heures.csv"
    if not target.exists():
        os.link(serci, target)
    done.write_text("")
    return exercise


#: le nom des références du tableau témoin du SERCI dans le banc du rapport
SERCI_WITNESS = "(SERCI)"
#: le suffixe des références du tableau témoin de chaque structure dans le banc du
#: rapport (la Mission Locale n'en a pas : ses références sont celles du banc `ml`)
WITNESSES = {"serci": SERCI_WITNESS, "plie": "(PLIE)", "cllaj": "(CLLAJ)"}


def report_tools(exercise: Path, python: str) -> dict[str, list[str]]:
    """Les commandes mesurées pour le rapport complet : chaque ``tout`` et le rapport dans
    trois formats."""
    files = [str(p) for p in extractions(exercise, "*/*")]
    gipkit = [python, "-m", "gipkit"]
    tools: dict[str, list[str]] = {
        f"lecture nue ({len(files)} fichiers)": [python, "-c", BARE_MANY, *files]
    }
    events = str(exercise / "ml" / "evenements.csv")
    tools["polars paresseux"] = [python, "-c", ML_POLARS, events]
    if importlib.util.find_spec("duckdb") is not None:
        tools["DuckDB"] = [python, "-c", ML_DUCKDB, events, ml_duckdb_sql(Path(events))]
    if importlib.util.find_spec("pandas") is not None:
        tools["pandas"] = [python, "-c", ML_PANDAS, events]
    # le tableau témoin du SERCI, que `serci tout` calcule aussi
    hours = exercise / "serci" / "heures.csv"
    lazy = POLARS_LAZY.replace("SOURCE", SOURCES["csv"])
    tools[f"polars paresseux {SERCI_WITNESS}"] = [python, "-c", lazy, str(hours)]
    if importlib.util.find_spec("duckdb") is not None:
        tools[f"DuckDB {SERCI_WITNESS}"] = [python, "-c", DUCKDB, str(hours), *duckdb_sql(hours)]
    if importlib.util.find_spec("pandas") is not None:
        pandas = PANDAS.replace("READ", PANDAS_READS["csv"])
        tools[f"pandas {SERCI_WITNESS}"] = [python, "-c", pandas, str(hours)]
    # les tableaux témoins du PLIE et du CLLAJ (scripts/bench_witnesses.py)
    for key in STRUCTURE_FILES:
        tools |= witness_tools(key, exercise / key, python)
    for key in ("ml", "plie", "serci", "cllaj"):
        own = [str(p) for p in extractions(exercise / key)]
        tools[f"lecture nue {key}"] = [python, "-c", BARE_MANY, *own]
        tools[f"gipkit {key} tout"] = tout_command(python, key, exercise / key)
    for fmt in ("json", "html", "docx"):
        out = str(DATA / f"rapport-x-bench.{fmt}")
        tools[f"gipkit rapport ({fmt})"] = [
            *gipkit,
            "rapport",
            "--dossier",
            str(exercise),
            "--annee",
            "2025",
            "--sortie",
            out,
        ]
    return tools


def witness_tools(key: str, folder: Path, python: str) -> dict[str, list[str]]:
    """Le tableau témoin du PLIE ou du CLLAJ (``key``, :mod:`bench_witnesses`) calculé
    sur son extraction dans ``folder`` par polars paresseux, DuckDB et pandas."""
    file, lazy, sql, pandas = {
        "plie": (PLIE_FILE, PLIE_POLARS, plie_duckdb_sql, PLIE_PANDAS),
        "cllaj": (CLLAJ_FILE, CLLAJ_POLARS, cllaj_duckdb_sql, CLLAJ_PANDAS),
    }[key]
    source, suffix = folder / file, WITNESSES[key]
    tools = {f"polars paresseux {suffix}": [python, "-c", lazy, str(source)]}
    if importlib.util.find_spec("duckdb") is not None:
        tools[f"DuckDB {suffix}"] = [python, "-c", WITNESS_DUCKDB, str(source), sql(source)]
    if importlib.util.find_spec("pandas") is not None:
        tools[f"pandas {suffix}"] = [python, "-c", pandas, str(source)]
    return tools


def structure_tools(key: str, folder: Path, python: str) -> dict[str, list[str]]:
    """Les commandes mesurées pour le PLIE ou le CLLAJ seul (``--structure plie|cllaj``) :
    la lecture nue de ses fichiers, son tableau témoin, son ``tout``."""
    files = [str(p) for p in extractions(folder)]
    tools = {f"lecture nue {key}": [python, "-c", BARE_MANY, *files]}
    tools |= witness_tools(key, folder, python)
    return tools | {f"gipkit {key} tout": tout_command(python, key, folder)}


def _report_table(text: str) -> list[list[Any]]:
    """Le tableau témoin de la commande quand elle écrit du JSON sur la sortie — jeunes
    accompagnés de la Mission Locale, heures par type de maître d'ouvrage du SERCI,
    personnes suivies par ville du PLIE, jeunes sous le seuil de pauvreté par sexe du
    CLLAJ, selon le `tout` ; rien pour un rapport écrit dans un fichier."""
    if not text.strip():
        return []
    try:
        return ml_gipkit_table(text)
    except StopIteration:  # le JSON d'une autre structure
        pass
    try:
        return gipkit_table(text)
    except StopIteration:
        return witness_tables(text)


def _witness_reference(name: str, reference: str) -> str:
    """La référence à laquelle comparer le tableau de ``name`` : polars paresseux sur le
    tableau témoin de sa structure pour les références suffixées (« DuckDB (PLIE) ») et
    pour le `tout` d'une structure qui a le sien, ``reference`` sinon."""
    for key, suffix in WITNESSES.items():
        if name.endswith(suffix) or name == f"gipkit {key} tout":
            return f"polars paresseux {suffix}"
    return reference


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
    replicated(pl.read_csv(FIXTURE, separator=";", infer_schema=False), rows).write_csv(
        target, separator=";"
    )
    return target


def replicated(base: pl.DataFrame, rows: int) -> pl.DataFrame:
    """L'export SERCI ``base`` recopié jusqu'à ``rows`` lignes, chaque ligne avec un
    contrat à elle (compté l'année de sa seule ligne, quelle que soit la règle de l'année
    des contrats : gipkit et les références comptent alors les mêmes contrats) et chaque
    copie avec ses participants."""
    copies = -(-rows // base.height)
    return (
        pl.concat([base] * copies)
        .head(rows)
        .with_row_index("i")
        .with_columns(
            pl.format("C{}", pl.col("i")).alias(CONTRACT),
            pl.format("{}-{}", pl.col(PERSON), pl.col("i") // base.height).alias(PERSON),
        )
        .drop("i")
    )


def make_variant(path: Path, variant: str) -> Path:
    """L'export ``path`` dans la variante demandée (écrite une seule fois) : chaque ligne
    deux fois (un export concaténé avec lui-même), le même en Windows-1252, ou ses
    200 000 premières lignes en XLSX."""
    if variant == "csv":
        return path
    if variant == "cp1252":
        target = path.with_name(f"{path.stem}-cp1252.csv")
        if not target.exists():
            target.write_bytes(path.read_bytes().decode("utf-8").encode("cp1252"))
        return target
    if variant == "doublons":
        target = path.with_name(f"{path.stem}-doublons.csv")
        if not target.exists():
            body = path.read_bytes()
            head, _, rows = body.partition(b"\n")
            target.write_bytes(head + b"\n" + rows + rows)
        return target
    target = path.with_name(f"{path.stem}-200000.xlsx")
    if not target.exists():
        frame = pl.read_csv(path, separator=";", infer_schema=False).head(200_000)
        frame.write_excel(target, worksheet="Heures")
    return target


def compiled_gipkit() -> None:
    """Compile d'avance le code de gipkit, comme pip le fait à l'installation : un
    environnement où ``PYTHONDONTWRITEBYTECODE`` est posé (des conteneurs, des machines
    d'intégration continue) n'écrit jamais les ``.pyc`` et chaque lancement recompile
    alors tous les modules de gipkit — mesuré : 0,1 à 0,3 s de plus par processus sur la
    machine du banc, qui s'ajoutaient à chaque temps de gipkit (les références n'importent
    que polars, compilé à son installation)."""
    import compileall

    import gipkit

    compileall.compile_dir(Path(gipkit.__file__).parent, quiet=1)


def startup(python: str, repetitions: int) -> None:
    """Le démarrage : ``gipkit serci heures --par-maitre-ouvrage`` sur la fixture (2 326
    lignes de données), contre le seul import de polars ; médianes de ``repetitions`` lancements
    (au moins 5)."""
    commands = {
        "import de polars": [python, "-c", "import polars"],
        "gipkit serci heures sur la fixture": serci_hours(python, FIXTURE),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(max(repetitions, 5)):
        for name, command in commands.items():
            times[name].append(measure(command)[0])
    print(
        "démarrage : "
        + " ; ".join(f"{name} {statistics.median(t):.2f} s" for name, t in times.items())
    )


def measure(command: list[str]) -> tuple[float, float, str]:
    """(secondes, Mo de mémoire de pointe, sortie standard) d'un processus enfant."""
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, peak, done.stdout


def _same(a: list[list[Any]], b: list[list[Any]]) -> bool:
    """Mêmes tableaux : mêmes textes, nombres égaux à 10⁻⁶ près."""

    def equal(u: Any, v: Any) -> bool:
        if isinstance(u, str) or isinstance(v, str):
            return bool(u == v)
        return abs(float(u) - float(v)) < 1e-6

    return len(a) == len(b) and all(
        len(x) == len(y) and all(equal(u, v) for u, v in zip(x, y, strict=True))
        for x, y in zip(a, b, strict=True)
    )


def serci_hours(python: str, path: Path) -> list[str]:
    """La commande mesurée du banc du SERCI : ``gipkit serci heures --par-maitre-ouvrage``
    sur ``path``, en JSON."""
    return [
        *(python, "-m", "gipkit", "serci", "heures", str(path)),
        *("--par-maitre-ouvrage", "--format", "json"),
    ]


def isolated(python: str, command: list[str]) -> tuple[float, float, str]:
    """(secondes, Mo de mémoire de pointe, sortie standard) de ``command``, lancée par un
    processus intermédiaire neuf : sa RSS maximale est celle de l'outil seul (la RSS des
    enfants est cumulée)."""
    wrapper = [python, __file__, "--mesurer", *command]
    out = subprocess.run(wrapper, check=True, capture_output=True, text=True).stdout
    head, _, body = out.partition("\n")
    seconds, megabytes = (float(x) for x in head.split())
    return seconds, megabytes, body


def machine() -> str:
    """La ligne qui décrit la machine et les versions, en tête de chaque banc."""
    return (
        f"machine : {platform.machine()}, {os.cpu_count()} cœurs, Python "
        f"{platform.python_version()}, polars {pl.__version__}"
    )


def _spread(runs: list[tuple[float, float]]) -> tuple[float, str, str]:
    """(médiane, « médiane (min-max) », « mémoire min-max ») de lancements (secondes, Mo)."""
    times = [t for t, _ in runs]
    memory = [m for _, m in runs]
    median = statistics.median(times)
    spread = f"{median:.2f} s ({min(times):.2f}-{max(times):.2f})"
    return median, spread, f"{min(memory):.0f}-{max(memory):.0f} Mo"


def growth(python: str, sizes: list[int], repetitions: int) -> None:
    """La croissance avec la taille : pour chaque taille, la lecture nue et ``gipkit serci
    heures --par-maitre-ouvrage`` lancés en alternance ``repetitions`` fois (chacun dans
    un processus intermédiaire neuf, pour sa mémoire de pointe seule)."""
    print(
        "| lignes | fichier | lecture nue | gipkit | ÷ lecture nue | mémoire gipkit "
        "| mémoire lecture nue |"
    )
    print("|---|---|---|---|---|---|---|")
    for rows in sizes:
        path = make_export(rows)
        commands = {"bare": [python, "-c", BARE, str(path)], "gipkit": serci_hours(python, path)}
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(repetitions):
            for name, command in commands.items():
                seconds, megabytes, _ = isolated(python, command)
                runs[name].append((seconds, megabytes))
        bare, bare_text, bare_memory = _spread(runs["bare"])
        mine, mine_text, mine_memory = _spread(runs["gipkit"])
        size = path.stat().st_size / 1e6
        print(
            f"| {rows} | {size:.0f} Mo | {bare_text} | {mine_text} | {mine / bare:.2f} "
            f"| {mine_memory} | {bare_memory} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--structure", choices=("serci", "ml", "plie", "cllaj", "rapport"), default="serci"
    )
    parser.add_argument("--lignes", type=int, default=2_000_000)
    parser.add_argument(
        "--variante",
        choices=tuple(SOURCES),
        default="csv",
        help="SERCI : l'export tel quel, chaque ligne deux fois, ou 200 000 lignes en XLSX",
    )
    parser.add_argument(
        "--fois", type=int, default=50, help="copies des fixtures (ml, plie, cllaj, rapport)"
    )
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument(
        "--croissance",
        action="store_true",
        help="SERCI : gipkit et la lecture nue en alternance, à plusieurs tailles",
    )
    parser.add_argument(
        "--tailles",
        default="500000,2000000,5000000,10000000",
        help="les tailles (lignes) de --croissance, séparées par des virgules",
    )
    args = parser.parse_args()
    python = sys.executable
    compiled_gipkit()
    if args.croissance:
        print(machine())
        growth(python, [int(n) for n in args.tailles.split(",")], args.repetitions)
        return
    if args.structure == "rapport":
        exercise = make_report_folder(args.fois)
        inputs = extractions(exercise, "*/*")
        size = sum(f.stat().st_size for f in inputs) / 1e6
        described = (
            f"rapport complet, fixtures × {args.fois}, {len(inputs)} fichiers, {size:.0f} Mo"
        )
        tools = report_tools(exercise, python)
        bare, reference = next(iter(tools)), "polars paresseux"
        table_of = _report_table
    elif args.structure in STRUCTURE_FILES:
        key = args.structure
        folder = make_structure_folder(key, args.fois)
        inputs = extractions(folder)
        size = sum(f.stat().st_size for f in inputs) / 1e6
        described = f"{key}, fixtures × {args.fois}, {len(inputs)} fichiers, {size:.0f} Mo"
        tools = structure_tools(key, folder, python)
        bare, reference = f"lecture nue {key}", f"polars paresseux {WITNESSES[key]}"
        table_of = _report_table
    elif args.structure == "ml":
        exercise = make_ml_folder(args.fois)
        inputs = sorted((exercise / "ml").glob("*.csv"))
        size = sum(f.stat().st_size for f in inputs) / 1e6
        described = f"Mission Locale, fixtures × {args.fois}, 6 fichiers, {size:.0f} Mo"
        tools = ml_tools(exercise, python)
        bare, reference = "lecture nue (6 fichiers)", "polars paresseux"
        table_of = ml_gipkit_table
    else:
        variant = args.variante
        path = make_variant(make_export(args.lignes), variant)
        size = path.stat().st_size / 1e6
        described = f"SERCI, {args.lignes} lignes, variante {variant}, {path.name}, {size:.0f} Mo"
        lazy = POLARS_LAZY.replace("SOURCE", SOURCES[variant])
        bare_code = {"xlsx": BARE_XLSX, "cp1252": BARE_CP1252}.get(variant, BARE)
        tools = {
            "lecture nue": [python, "-c", bare_code, str(path)],
            "polars paresseux": [python, "-c", lazy, str(path)],
        }
        if variant != "xlsx":  # ni DuckDB ni pandas ne lisent le XLSX sans extension
            for module, name, code in (
                ("duckdb", "DuckDB", DUCKDB),
                ("pandas", "pandas", PANDAS.replace("READ", PANDAS_READS[variant])),
            ):
                if module == "duckdb" and variant == "cp1252":
                    print("DuckDB : Windows-1252 demande l'extension « encodings » : non mesuré")
                    continue
                if importlib.util.find_spec(module) is not None:
                    tools[name] = [python, "-c", code, str(path)]
                    if module == "duckdb":
                        tools[name] += list(duckdb_sql(path, variant == "doublons"))
        tools["gipkit"] = serci_hours(python, path)
        if variant == "cp1252":
            tools["gipkit (même export en UTF-8)"] = serci_hours(python, make_export(args.lignes))
        bare, reference = "lecture nue", "polars paresseux"
        table_of = gipkit_table
    for module, name in (("duckdb", "DuckDB"), ("pandas", "pandas")):
        if importlib.util.find_spec(module) is None and args.variante != "xlsx":
            print(f"{name} absent (pip install {module}) : non mesuré")
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in tools}
    tables: dict[str, list[list[Any]]] = {}
    for _ in range(args.repetitions):
        for name, command in tools.items():
            seconds, megabytes, body = isolated(python, command)
            runs[name].append((seconds, megabytes))
            if name.startswith("gipkit"):
                tables[name] = table_of(body)
            elif name != bare:
                # la dernière ligne : un outil peut écrire autre chose avant (barre de
                # progression, avertissement)
                tables[name] = json.loads(body.strip().splitlines()[-1])
    expected = tables[reference]
    for name, table in tables.items():
        if table and not _same(table, tables[_witness_reference(name, reference)]):
            raise SystemExit(f"{name} ne donne pas le même tableau que polars : {table}")
    print(machine())
    print(f"entrée : {described} ; tableaux identiques : oui ({expected})")
    for suffix in WITNESSES.values():
        if f"polars paresseux {suffix}" in tables:
            found = tables[f"polars paresseux {suffix}"]
            print(f"tableau témoin {suffix} identique partout : oui ({found})")
    median = {name: statistics.median(s for s, _ in r) for name, r in runs.items()}
    print(
        f"| outil | médiane | meilleur | mémoire | ÷ {bare} | ÷ polars paresseux "
        "| ÷ lecture nue de ses fichiers |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, r in runs.items():
        best, peak = min(s for s, _ in r), max(m for _, m in r)
        # un tout : rapporté aussi à la lecture nue des seuls fichiers de sa structure
        own = f"lecture nue {name.split()[1]}" if name.endswith(" tout") else None
        mine = f"{median[name] / median[own]:.2f}" if own in median else ""
        print(
            f"| {name} | {median[name]:.2f} s | {best:.2f} s | {peak:.0f} Mo | "
            f"{median[name] / median[bare]:.2f} | "
            f"{median[name] / median[reference]:.2f} | {mine} |"
        )
    if args.structure == "serci" and args.variante == "csv":
        startup(python, args.repetitions)
    utf8 = "gipkit (même export en UTF-8)"
    if utf8 in median:
        print(f"gipkit en Windows-1252 ÷ {utf8} : {median['gipkit'] / median[utf8]:.2f}")
    if "DuckDB" in median:
        # DuckDB ne calcule que le tableau témoin : rapporté aux seules commandes de sa
        # structure (pas aux `tout` des autres ni au rapport des quatre)
        same_kind = (
            "gipkit",
            "gipkit ml tout",
            "gipkit ml tout (tout en mémoire)",
            "gipkit rapport (ml)",
        )
        for name in (n for n in median if n in same_kind):
            print(f"{name} ÷ DuckDB : {median[name] / median['DuckDB']:.2f}")
    for key, suffix in WITNESSES.items():
        duckdb = f"DuckDB {suffix}"
        if duckdb in median and f"gipkit {key} tout" in median:
            ratio = median[f"gipkit {key} tout"] / median[duckdb]
            print(f"gipkit {key} tout ÷ {duckdb} : {ratio:.2f}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--mesurer":
        seconds, megabytes, stdout = measure(sys.argv[2:])
        print(seconds, megabytes)
        print(stdout, end="")
    else:
        main()
