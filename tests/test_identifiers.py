"""Identifiants lus en catégories (gipkit.io.identifiers) : mêmes égalités, même ordre et
même texte que les identifiants eux-mêmes, d'un fichier à l'autre, en mémoire ou par le
Parquet temporaire."""

from __future__ import annotations

import gc
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gipkit.config import Config
from gipkit.io import ReadOptions, read_export, reader
from gipkit.io.exports import EXPORTS
from gipkit.io.identifiers import CODE, IDENTIFIER
from gipkit.io.schema import ColumnSpec, ColumnType, ExportSchema
from helpers import csv_text, in_memory_up_to, write

SCHEMA = ExportSchema(
    kind="test.identifiants",
    title="Identifiants",
    description="Un identifiant de personne et une ville.",
    columns=(
        ColumnSpec(
            "jeune",
            "Identifiant jeune",
            ColumnType.TEXT,
            "Identifiant.",
            True,
            (),
            identifier=True,
            encoded=True,
        ),
        ColumnSpec("ville", "Ville", ColumnType.TEXT, "Ville."),
    ),
)
IDS = st.lists(
    st.tuples(
        st.sampled_from(["J1", " J1 ", "J10", "j1", "J2", "Jé", "J 3", "P1"]),
        st.sampled_from(["Ivry", "Vitry"]),
    ),
    min_size=1,
    max_size=12,
)


def _config(staged: bool) -> Config:
    """Chaque fichier par le Parquet temporaire, ou aucun."""
    return in_memory_up_to(0 if staged else 10**12)


def _read(path: Path, *, staged: bool) -> pl.LazyFrame:
    frame, _ = reader.scan_export(
        path, SCHEMA, columns=["jeune", "ville"], config=_config(staged), options=ReadOptions()
    )
    return frame


@settings(max_examples=60, deadline=None)
@given(IDS, IDS, st.booleans())
def test_deux_fichiers_se_joignent_comme_leurs_textes(
    left: list[tuple[str, str]], right: list[tuple[str, str]], staged: bool
) -> None:
    """Les identifiants de deux fichiers, l'un passé ou non par le Parquet temporaire, se
    joignent, se trient et se relisent exactement comme leur texte sans espaces autour :
    « J1 » et « j1 » restent deux personnes, « J1 » et « J10 » aussi."""
    with tempfile.TemporaryDirectory() as folder:
        header = ["Identifiant jeune", "Ville"]
        a = _read(write(Path(folder) / "a.csv", csv_text(left, header)), staged=staged)
        gc.collect()  # aucune colonne de la catégorie ne vit plus entre les deux lectures
        b = _read(write(Path(folder) / "b.csv", csv_text(right, header)), staged=False)
        a_df, b_df = a.collect(), b.collect()
    assert a_df.schema["jeune"] == IDENTIFIER == b_df.schema["jeune"]
    assert a_df["jeune"].cast(pl.String).to_list() == [j.strip() for j, _ in left]
    joined = a_df.join(b_df, on="jeune", how="inner")
    expected = sum(1 for j, _ in left for k, _ in right if j.strip() == k.strip())
    assert joined.height == expected
    assert a_df.sort("jeune")["jeune"].cast(pl.String).to_list() == sorted(
        j.strip() for j, _ in left
    )
    assert a_df["jeune"].n_unique() == len({j.strip() for j, _ in left})


def test_les_entiers_gardent_leur_texte_toute_la_vie_du_processus(tmp_path: Path) -> None:
    """Dans un processus neuf (aucune autre colonne de la catégorie en vie) : des
    identifiants réduits à leurs entiers (ce qu'écrit le Parquet temporaire), puis plus
    aucune colonne de la catégorie, puis d'autres identifiants lus — les entiers
    désignent toujours leurs identifiants. Sans la correspondance gardée en vie
    (``identifiers._KEEP``), polars l'oubliait et la seconde lecture repartait de zéro :
    les premiers entiers désignaient les identifiants du second fichier, ou rien. Puis
    le même chemin par le lecteur : un fichier écrit dans le Parquet temporaire, un autre
    lu, le premier relu."""
    header = ["Identifiant jeune", "Ville"]
    first = write(tmp_path / "a.csv", csv_text([["x", "Ivry"], ["y", "Vitry"]], header))
    second = write(tmp_path / "b.csv", csv_text([["q", "Ivry"]], header))
    script = f"""
import gc, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from pathlib import Path
import polars as pl
from gipkit.io import identifiers as ids
codes = pl.select(ids.to_codes(ids.encoded(pl.lit(pl.Series(["x1", "y1"]))))).to_series()
gc.collect()
other = pl.select(ids.encoded(pl.lit(pl.Series(["q1", "r1", "s1"])))).to_series()
print(pl.select(ids.from_codes(pl.lit(codes))).to_series().cast(pl.String).to_list())
from test_identifiers import _read
a = _read(Path({str(first)!r}), staged=True)
gc.collect()
b = _read(Path({str(second)!r}), staged=False).collect()
print(a.collect()["jeune"].cast(pl.String).to_list(), b["jeune"].cast(pl.String).to_list())
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.splitlines() == ["['x1', 'y1']", "['x', 'y'] ['q']"]


def test_les_identifiants_de_personnes_sont_declares() -> None:
    """Les identifiants de personnes, que les tableaux joignent d'un fichier à l'autre :
    le jeune de chaque extraction de la Mission Locale et du CLLAJ, le participant du
    PLIE. Seul le jeune, qui revient sur de nombreuses lignes (ses événements, ses
    propositions), est rangé en catégorie ; le participant du PLIE (une ligne par
    parcours, presque un participant par ligne) et les identifiants du SERCI restent du
    texte : la correspondance d'une catégorie coûterait plus, par identifiant distinct,
    que le texte qu'elle remplace (docs/performance.md)."""

    def declared(flag: str) -> set[tuple[str, str]]:
        return {
            (kind, c.name)
            for kind, schema in EXPORTS.items()
            for c in schema.columns
            if getattr(c, flag)
        }

    youths = {(k, "jeune") for k in EXPORTS if k.startswith(("ml.", "cllaj."))}
    plie = {("plie.participants", "participant"), ("plie.preinscriptions", "participant")}
    assert declared("identifier") == youths | plie
    assert declared("encoded") == youths
    assert all(EXPORTS[k].column(n).type is ColumnType.TEXT for k, n in youths | plie)


def test_seul_un_identifiant_de_texte_se_range_en_categorie() -> None:
    with pytest.raises(ValueError, match="seul un identifiant"):
        ColumnSpec("x", "X", ColumnType.TEXT, "", encoded=True)
    with pytest.raises(ValueError, match="seul un identifiant"):
        ColumnSpec("x", "X", ColumnType.INTEGER, "", identifier=True, encoded=True)


def test_une_extraction_lue_rend_des_identifiants_en_categorie(tmp_path: Path) -> None:
    """Par la fonction publique aussi : le jeune des situations est dans la catégorie des
    identifiants et redevient son texte par ``cast(pl.String)``."""
    schema = EXPORTS["ml.situations"]
    header = ["Identifiant jeune", "Date de début", "Type de situation"]
    path = write(tmp_path / "s.csv", csv_text([["J7", "02/01/2025", "Emploi"]], header))
    frame, _ = read_export(path, schema, columns=["jeune"], config=Config())
    assert frame.schema["jeune"] == IDENTIFIER
    assert frame["jeune"].cast(pl.String).to_list() == ["J7"]
    assert frame.filter(pl.col("jeune") == "J7").height == 1


EVENTS = EXPORTS["ml.evenements"]
EVENT_HEADER = ["Identifiant jeune", "Date", "Type d'événement", "Statut"]
STATUSES = {
    "Présent": "present",
    "présente": "present",  # voie complète (synonyme)
    "PRÉSENT": "present",
    "Absent": "absent",
    "non honoré": "absent",
    "Annulé": "annule",
    "": None,
}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(sorted(STATUSES)), min_size=1, max_size=12), st.booleans())
def test_les_libelles_des_evenements_se_lisent_en_codes(written: list[str], staged: bool) -> None:
    """Type et statut des événements (colonnes ``coded``) : dans la catégorie des codes,
    lus par la voie rapide ou par la voie complète, en mémoire ou par le Parquet
    temporaire ; ils se comparent, se filtrent, se regroupent et se trient comme leurs
    codes en texte."""
    rows = [[f"J{i}", "02/01/2025", "Atelier", status] for i, status in enumerate(written)]
    codes = [STATUSES[s] for s in written]
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "e.csv", csv_text(rows, EVENT_HEADER))
        frame, _ = read_export(path, EVENTS, columns=["statut"], config=_config(staged))
    assert frame.schema["statut"] == CODE == frame.schema["type_evenement"]
    assert frame["statut"].cast(pl.String).to_list() == codes
    assert frame["type_evenement"].to_list() == ["atelier"] * len(rows)
    assert frame.filter(pl.col("statut") == "present").height == codes.count("present")
    assert frame.filter(pl.col("statut").is_in(["absent", "annule"])).height == sum(
        c in ("absent", "annule") for c in codes
    )
    counted = dict(frame.group_by("statut").len().iter_rows())
    assert counted == {c: codes.count(c) for c in set(codes)}
    ordered = frame.sort("statut", nulls_last=True)["statut"].to_list()
    assert ordered == sorted((c for c in codes if c), key=str) + [None] * codes.count(None)


def test_les_colonnes_en_codes_sont_des_categories_declarees() -> None:
    """``coded`` ne se déclare que sur une colonne de catégorie (les libellés deviennent
    leurs codes) : aujourd'hui les catégories des événements, des situations et des
    jeunes de la Mission Locale, que ses tableaux filtrent et regroupent, et celles des
    demandes et des propositions du CLLAJ (des millions de lignes à l'échelle d'un
    réseau, jointes à la commune du jeune) et de ses jeunes, lues par les ressources,
    l'activité et le profil (un code de 4 octets au lieu d'une vue de texte de 16 : le
    tableau typé des jeunes, 1 300 fois les fixtures, 0,58 → 0,28 Go estimés)."""
    coded = {(k, c.name) for k, schema in EXPORTS.items() for c in schema.columns if c.coded}
    events = ("type_evenement", "statut", "theme_action", "suite")
    situations = ("type_situation", "type_contrat", "temps_travail", "financeur")
    youths = ("sexe", "niveau", "origine", "modalite_accompagnement")
    cllaj_youths = ("sexe", "situation", "temps_travail", "niveau", "logement", "menage")
    assert coded == {
        *(("ml.evenements", name) for name in events),
        *(("ml.situations", name) for name in situations),
        *(("ml.jeunes", name) for name in youths),
        ("cllaj.demandes", "type_demande"),
        ("cllaj.propositions", "type_demande"),
        ("cllaj.propositions", "type_proposition"),
        *(("cllaj.jeunes", name) for name in cllaj_youths),
    }
    assert all(EXPORTS[k].column(n).type is ColumnType.CATEGORY for k, n in coded)


def test_les_codes_gardent_leur_texte_toute_la_vie_du_processus() -> None:
    """Comme les identifiants : des codes réduits à leurs entiers, plus aucune colonne de
    la catégorie, d'autres codes rangés — les entiers désignent toujours leurs codes."""
    script = """
import gc
import polars as pl
from gipkit.io import identifiers as ids
ints = pl.select(ids.to_codes(pl.lit(pl.Series(["zz1", "zz2"], dtype=ids.CODE)))).to_series()
gc.collect()
other = pl.Series(["zz3", "zz4", "zz5"], dtype=ids.CODE)
print(pl.select(ids.from_codes(pl.lit(ints), ids.CODE)).to_series().cast(pl.String).to_list())
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.splitlines() == ["['zz1', 'zz2']"]
