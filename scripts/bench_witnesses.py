"""Les tableaux témoins du PLIE et du CLLAJ pour le banc du rapport (``scripts/bench.py
--structure rapport``) : chacun calculé par polars paresseux, DuckDB et pandas, sans
aucun contrôle, et lu dans le JSON du ``tout`` de sa structure ; le banc vérifie que les
quatre donnent les mêmes chiffres.

- **PLIE**, « Personnes suivies par ville » (``plie.participants.par_ville``) de 2024 et
  2025 : les parcours qui touchent l'année (entrés au plus tard le 31/12, pas sortis
  avant le 1/1) ; une personne par participant, à la ville de son parcours le plus récent
  (date d'entrée la plus tardive) ; entrante si l'un de ces parcours a commencé dans
  l'année. Lignes : ``[année, ville, personnes suivies, entrants]``.
- **CLLAJ**, « Sous le seuil de pauvreté, par sexe » (``cllaj.ressources.par_sexe``) de
  2024 et 2025 : les jeunes de l'année aux ressources renseignées, et ceux dont les
  ressources nettes mensuelles sont strictement sous le seuil d'une personne seule de
  l'année (1 216 € en 2024, 1 288 € en 2025 : les seuils par défaut de gipkit).
  Lignes : ``[année, sexe (F ou H), jeunes, sous le seuil]``.

Chaque programme lit ``sys.argv[1]`` (DuckDB : sa requête en ``sys.argv[2]``) et écrit
son tableau en JSON sur la dernière ligne de sa sortie.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

YEARS = (2024, 2025)

# --- PLIE -------------------------------------------------------------------------------
PLIE_FILE = "participants.csv"
PERSON, CITY, ENTRY, EXIT = "N° participant", "Commune", "Date d'entrée", "Date de sortie"

PLIE_POLARS = f"""
import sys, json, polars as pl
from datetime import date
lf = pl.scan_csv(sys.argv[1], separator=";", infer_schema=False).select(
    pl.col({PERSON!r}).alias("p"),
    pl.col({CITY!r}).alias("ville"),
    pl.col({ENTRY!r}).str.to_date("%d/%m/%Y").alias("e"),
    pl.col({EXIT!r}).str.to_date("%d/%m/%Y").alias("s"),
)
tables = []
for y in {YEARS!r}:
    touching = lf.filter(
        (pl.col("e") <= date(y, 12, 31))
        & (pl.col("s").is_null() | (pl.col("s") >= date(y, 1, 1)))
    )
    people = touching.sort("e", maintain_order=True).group_by("p").agg(
        pl.col("ville").last(), (pl.col("e").dt.year() == y).any().alias("entrant")
    )
    tables.append(
        people.group_by("ville").agg(pl.len(), pl.col("entrant").sum()).with_columns(
            pl.lit(y).alias("annee")
        )
    )
out = pl.concat(pl.collect_all(tables)).sort("annee", "ville")
print(json.dumps([[a, v, n, e] for v, n, e, a in out.iter_rows()]))
"""

#: le programme DuckDB des deux tableaux témoins : sa requête (``sys.argv[2]``) rend des
#: lignes (année, libellé, compte, compte)
DUCKDB = """
import sys, json, duckdb
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
rows = con.execute(sys.argv[2]).fetchall()
print(json.dumps([[int(a), v, int(n), int(m)] for a, v, n, m in sorted(rows)]))
"""

PLIE_PANDAS = f"""
import sys, json, pandas as pd
df = pd.read_csv(sys.argv[1], sep=";", dtype=str, usecols=[{PERSON!r}, {CITY!r}, {ENTRY!r},
    {EXIT!r}])
df["e"] = pd.to_datetime(df[{ENTRY!r}], format="%d/%m/%Y")
df["s"] = pd.to_datetime(df[{EXIT!r}], format="%d/%m/%Y")
out = []
for y in {YEARS!r}:
    t = df[(df["e"] <= f"{{y}}-12-31") & (df["s"].isna() | (df["s"] >= f"{{y}}-01-01"))]
    t = t.sort_values("e", kind="stable")
    last = t.groupby({PERSON!r}).tail(1)
    entrants = set(t.loc[t["e"].dt.year == y, {PERSON!r}])
    last = last.assign(entrant=last[{PERSON!r}].isin(entrants))
    by = last.groupby({CITY!r}).agg(n=("entrant", "size"), e=("entrant", "sum"))
    out += [[y, v, int(n), int(e)] for v, (n, e) in sorted(by.iterrows())]
print(json.dumps(out))
"""


def _name(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _source(path: Path) -> str:
    quoted = str(path).replace("'", "''")
    return f"read_csv('{quoted}', delim=';', header=true, all_varchar=true)"


def plie_duckdb_sql(path: Path) -> str:
    """La requête DuckDB du tableau témoin du PLIE."""
    years = ", ".join(str(y) for y in YEARS)
    return f"""
WITH src AS (
    SELECT {_name(PERSON)} AS p, {_name(CITY)} AS ville,
        try_strptime({_name(ENTRY)}, '%d/%m/%Y')::DATE AS e,
        try_strptime({_name(EXIT)}, '%d/%m/%Y')::DATE AS s
    FROM {_source(path)}
), touching AS (
    SELECT y, src.* FROM src, (SELECT unnest([{years}]) AS y)
    WHERE e <= make_date(y, 12, 31) AND (s IS NULL OR s >= make_date(y, 1, 1))
), people AS (
    SELECT y, p, arg_max(ville, e) AS ville, bool_or(year(e) = y) AS entrant
    FROM touching GROUP BY y, p
)
SELECT y, ville, count(*), sum(entrant::INTEGER) FROM people GROUP BY y, ville
"""


def plie_gipkit_table(doc: dict[str, Any]) -> list[list[Any]]:
    """Le tableau témoin du PLIE, lu dans le JSON de ``plie tout``."""
    found = next(r for r in doc["resultats"] if r["id"] == "plie.participants.par_ville")
    rows = []
    for part in (found["precedent"], found):
        rows += [[part["annee"], r[0], r[1], r[3]] for r in part["lignes"]]
    return sorted(rows)


# --- CLLAJ ------------------------------------------------------------------------------
CLLAJ_FILE = "jeunes.csv"
YEAR_COLUMN, SEX, RESOURCES = "Année", "Sexe", "Ressources nettes mensuelles"
#: les seuils de pauvreté d'une personne seule que gipkit prend par défaut (Insee)
THRESHOLDS = {2024: 1216, 2025: 1288}
#: les espaces d'un nombre écrit à la française : espace, insécable, fine insécable
SPACES = r"[\s\u00a0\u202f]"

CLLAJ_POLARS = f"""
import sys, json, polars as pl
thresholds = {THRESHOLDS!r}
out = (
    pl.scan_csv(sys.argv[1], separator=";", infer_schema=False)
    .select(
        pl.col({YEAR_COLUMN!r}).cast(pl.Int64).alias("annee"),
        pl.col({SEX!r}).alias("sexe"),
        pl.col({RESOURCES!r}).str.replace_all({SPACES!r}, "").str.replace(",", ".")
        .cast(pl.Float64).alias("r"),
    )
    .filter(pl.col("annee").is_in(list(thresholds)) & pl.col("r").is_not_null())
    .group_by("annee", "sexe")
    .agg(pl.len(), (pl.col("r") < pl.col("annee").replace_strict(thresholds)).sum())
    .sort("annee", "sexe")
    .collect()
)
print(json.dumps([list(r) for r in out.iter_rows()]))
"""

CLLAJ_PANDAS = f"""
import sys, json, pandas as pd
thresholds = {THRESHOLDS!r}
df = pd.read_csv(sys.argv[1], sep=";", dtype=str, usecols=[{YEAR_COLUMN!r}, {SEX!r},
    {RESOURCES!r}])
df["annee"] = df[{YEAR_COLUMN!r}].astype(int)
df["r"] = (
    df[{RESOURCES!r}].str.replace({SPACES!r}, "", regex=True).str.replace(",", ".")
    .astype(float)
)
df = df[df["annee"].isin(list(thresholds)) & df["r"].notna()]
df = df.assign(sous=df["r"] < df["annee"].map(thresholds))
by = df.groupby(["annee", {SEX!r}]).agg(n=("sous", "size"), u=("sous", "sum"))
print(json.dumps([[int(a), s, int(n), int(u)] for (a, s), (n, u) in sorted(by.iterrows())]))
"""


def cllaj_duckdb_sql(path: Path) -> str:
    """La requête DuckDB du tableau témoin du CLLAJ."""
    spaces = r"[\s\x{00A0}\x{202F}]"
    amount = f"CAST(replace(regexp_replace({_name(RESOURCES)}, '{spaces}', '', 'g'), ',', '.')"
    threshold = " ".join(f"WHEN {y} THEN {t}" for y, t in THRESHOLDS.items())
    return f"""
WITH src AS (
    SELECT CAST({_name(YEAR_COLUMN)} AS INTEGER) AS annee, {_name(SEX)} AS sexe,
        {amount} AS DOUBLE) AS r
    FROM {_source(path)}
)
SELECT annee, sexe, count(*), count(*) FILTER (WHERE r < CASE annee {threshold} END)
FROM src WHERE annee IN ({", ".join(str(y) for y in THRESHOLDS)}) AND r IS NOT NULL
GROUP BY annee, sexe
"""


def cllaj_gipkit_table(doc: dict[str, Any]) -> list[list[Any]]:
    """Le tableau témoin du CLLAJ, lu dans le JSON de ``cllaj tout`` (« Femmes » : F,
    « Hommes » : H)."""
    found = next(r for r in doc["resultats"] if r["id"] == "cllaj.ressources.par_sexe")
    code = {"Femmes": "F", "Hommes": "H"}
    rows = []
    for part in (found["precedent"], found):
        rows += [[part["annee"], code[r[0]], r[1], r[2]] for r in part["lignes"]]
    return sorted(rows)


def witness_tables(text: str) -> list[list[Any]]:
    """Le tableau témoin du PLIE ou du CLLAJ dans le JSON d'un ``tout`` (rien s'il n'en
    porte pas)."""
    doc = json.loads(text)
    for read in (plie_gipkit_table, cllaj_gipkit_table):
        try:
            return read(doc)
        except StopIteration:
            continue
    return []
