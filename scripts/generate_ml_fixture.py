"""Génère l'extraction fictive des situations : ``fixtures/ml/situations.csv``.

Comme un export enregistré par Excel sous Windows : Windows-1252, séparateur « ; »,
dates JJ/MM/AAAA, en-têtes orthographiés autrement que ceux de gipkit (reconnus par
synonymes). Jeunes fictifs (``J00001``…). Reproduit les situations créées du rapport
2025 de la Mission Locale : 3 393 situations, dont 2 609 emplois (778 durables, 30 %),
220 alternances, 297 formations, 170 immersions, 97 retours en scolarité ; 1 304 jeunes
ayant au moins un contrat, 2 829 contrats ; et les évolutions par nature depuis 2024.

Déterministe (graine fixe). Usage : ``python scripts/generate_ml_fixture.py``.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

SEED = 20251201
OUT = Path(__file__).resolve().parents[1] / "fixtures" / "ml" / "situations.csv"
HEADER = [
    "ID jeune",
    "Date début situation",
    "Date fin situation",
    "Catégorie de situation",
    "Nature du contrat",
    "Temps de travail",
    "Raison sociale",
    "Département",
    "Secteur",
    "Code ROME",
]
# (contrat, durable ?, nombre) par année pour les emplois ; durable = 6 mois ou plus
JOBS = {
    2025: [
        ("CDI", True, 150),
        ("CDD", True, 428),
        ("Intérim", True, 200),
        ("CDD", False, 700),
        ("Intérim", False, 800),
        ("Contrat aidé", False, 151),
        ("Saisonnier", False, 120),
        ("CDD", None, 60),
    ],
    2024: [
        ("CDI", True, 100),
        ("CDD", True, 300),
        ("Intérim", True, 140),
        ("CDD", False, 500),
        ("Intérim", False, 600),
        ("Contrat aidé", False, 100),
        ("Saisonnier", False, 84),
    ],
    2023: [("CDD", False, 30)],
}
OTHERS = {
    2025: {
        "Contrat en Alternance": 220,
        "Formation": 297,
        "PMSMP": 85,
        "Immersion en entreprise": 85,
        "Scolarité": 97,
    },
    2024: {
        "Contrat en Alternance": 190,
        "Formation": 391,
        "PMSMP": 50,
        "Immersion en entreprise": 43,
        "Scolarité": 87,
    },
    2023: {"Formation": 20},
}
YOUTHS_WITH_CONTRACT = {2025: 1304, 2024: 1173, 2023: 30}
SECTORS = [
    "Commerce",
    "Hôtellerie-restauration",
    "Transport et logistique",
    "BTP",
    "Services à la personne",
    "Nettoyage",
]


def main() -> None:
    rng = random.Random(SEED)
    youths = [f"J{i:05d}" for i in range(1, 5001)]
    rows = []
    for year in (2023, 2024, 2025):
        contracts: list[tuple[str, str, bool | None]] = [
            ("Emploi", kind, durable) for kind, durable, n in JOBS[year] for _ in range(n)
        ]
        contracts += [
            ("Contrat en Alternance", "Contrat d'apprentissage", None)
            for _ in range(OTHERS[year].get("Contrat en Alternance", 0))
        ]
        rng.shuffle(contracts)
        holders = rng.sample(youths, YOUTHS_WITH_CONTRACT[year])
        owners = holders + rng.choices(holders, k=len(contracts) - len(holders))
        rng.shuffle(owners)
        for (situation, kind, durable), youth in zip(contracts, owners, strict=True):
            start = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
            if kind == "CDI" or (durable is None and situation == "Emploi"):
                end = ""
            elif durable:
                months = rng.randint(6, 18)
                end_date = date(
                    start.year + (start.month - 1 + months) // 12,
                    (start.month - 1 + months) % 12 + 1,
                    min(start.day, 28),
                )
                end_date = max(end_date, start + timedelta(days=190))
                end = end_date.strftime("%d/%m/%Y")
            elif situation == "Emploi":
                end = (start + timedelta(days=rng.randint(5, 150))).strftime("%d/%m/%Y")
            else:
                end = (start + timedelta(days=rng.randint(300, 730))).strftime("%d/%m/%Y")
            rows.append(
                [
                    youth,
                    start.strftime("%d/%m/%Y"),
                    end,
                    situation,
                    kind,
                    rng.choice(["Temps plein", "Temps partiel"]),
                    f"ENTREPRISE {rng.randint(1, 400):03d}",
                    rng.choice(["94", "75", "92"]),
                    rng.choice(SECTORS),
                    rng.choice(["D1106", "K2204", "N1103", "G1603"]),
                ]
            )
        for situation, n in OTHERS[year].items():
            if situation == "Contrat en Alternance":
                continue
            for _ in range(n):
                start = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
                end = (start + timedelta(days=rng.randint(5, 300))).strftime("%d/%m/%Y")
                rows.append(
                    [
                        rng.choice(youths),
                        start.strftime("%d/%m/%Y"),
                        end,
                        situation,
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ]
                )
    # deux lignes identiques seraient écartées comme doublons exacts : on les distingue
    seen: set[tuple[str, ...]] = set()
    for row in rows:
        while tuple(row) in seen:
            row[6] = f"ENTREPRISE {rng.randint(401, 999):03d}"
        seen.add(tuple(row))
    rng.shuffle(rows)
    with OUT.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"{OUT} : {len(rows)} situations")


if __name__ == "__main__":
    main()
