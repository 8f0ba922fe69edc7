"""Fabrique de petits exports SERCI pour les tests du lecteur et de la CLI, et les
extractions des fixtures."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from gipkit.config import Config, Limits

#: les fixtures du dépôt
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

#: les extractions CSV des fixtures et leur schéma
FIXTURE_FILES = {
    "ml/evenements.csv": "ml.evenements",
    "ml/jeunes.csv": "ml.jeunes",
    "ml/situations.csv": "ml.situations",
    "ml/dispositifs.csv": "ml.dispositifs",
    "ml/demandes.csv": "ml.demandes",
    "ml/propositions.csv": "ml.propositions",
    "serci/heures-insertion-2020-2025.csv": "serci.heures",
    "plie/participants.csv": "plie.participants",
    "plie/preinscriptions.csv": "plie.preinscriptions",
    "cllaj/jeunes.csv": "cllaj.jeunes",
    "cllaj/demandes.csv": "cllaj.demandes",
    "cllaj/propositions.csv": "cllaj.propositions",
    "cllaj/entretiens.csv": "cllaj.entretiens",
    "cllaj/relogements.csv": "cllaj.relogements",
    "cllaj/ateliers.csv": "cllaj.ateliers",
    "cllaj/lrj.csv": "cllaj.lrj",
}

HEADER = [
    "Année",
    "N° contrat",
    "N° marché",
    "Sur le territoire",
    "Heures réalisées",
    "Identifiant participant",
    "Type de contrat",
    "Date de début",
]
ROWS = [
    ["2025", "C1", "M1", "oui", "1 234,5", "P1", "CDI", "31/12/2025"],
    ["2025", "C2", "M1", "Non", "10", "P2", "CTTI", "2025-01-02"],
    ["2024", "C3", "M2", "O", "7,25", "P1", "CDD", "15/06/2024"],
]


def csv_text(
    rows: Sequence[Sequence[str]] = ROWS, header: Sequence[str] = HEADER, sep: str = ";"
) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def in_memory_up_to(limit_bytes: float) -> Config:
    """La configuration qui garde en mémoire le tableau typé d'un fichier jusqu'à
    ``limit_bytes`` octets estimés (``[limites] tableau_en_memoire_max_mo``), et fait
    passer les plus gros par le Parquet temporaire ; 0 : chaque fichier par le Parquet."""
    return Config(limites=Limits(tableau_en_memoire_max_mo=limit_bytes / 1e6))
