"""Génère les extractions fictives des demandes et des propositions de la Mission Locale.

``fixtures/ml/demandes.csv`` et ``fixtures/ml/propositions.csv`` (jeunes de
``fixtures/ml/jeunes.csv``). Reproduit le rapport 2025 : 4 196 demandes, dont 36 %
d'emploi et d'alternance, 16 % d'orientation, 16 % de logement, et des demandes de
formation en baisse de 21 % ; 656 jeunes et 1 262 propositions d'orientation ; 314
jeunes et 542 propositions de formation, 420 prescriptions (−50 %) et 297 entrées
(−24 %) ; 523 propositions de santé.

Déterministe (graine fixe). Usage : ``python scripts/generate_ml_requests_fixture.py``.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

SEED = 4196
FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "ml"
REQUESTS = {
    2025: {
        "Emploi": 1511,
        "Orientation": 671,
        "Logement": 671,
        "Formation": 600,
        "Santé": 300,
        "Mobilité": 250,
        "Citoyenneté": 193,
    },
    2024: {
        "Emploi": 1300,
        "Orientation": 600,
        "Logement": 560,
        "Formation": 760,
        "Santé": 280,
        "Mobilité": 200,
        "Citoyenneté": 150,
    },
}
# (thème, étape) -> (lignes, jeunes distincts parmi les propositions)
PROPOSALS = {
    2025: {
        ("Orientation", "Proposition"): (1262, 656),
        ("Formation", "Proposition"): (542, 314),
        ("Formation", "Prescription"): (420, 0),
        ("Formation", "Entrée"): (297, 0),
        ("Santé", "Proposition"): (523, 300),
    },
    2024: {
        ("Orientation", "Proposition"): (1100, 600),
        ("Formation", "Proposition"): (700, 400),
        ("Formation", "Prescription"): (840, 0),
        ("Formation", "Entrée"): (391, 0),
        ("Santé", "Proposition"): (450, 260),
    },
}


def day(rng: random.Random, year: int) -> str:
    return (date(year, 1, 1) + timedelta(days=rng.randint(0, 364))).strftime("%d/%m/%Y")


def spread(rng: random.Random, people: list[str], rows: int, distinct: int) -> list[str]:
    """``rows`` jeunes dont exactement ``distinct`` différents."""
    chosen = rng.sample(people, distinct)
    return chosen + rng.choices(chosen, k=rows - distinct)


def unique(rng: random.Random, rows: list[list[str]]) -> list[list[str]]:
    """Deux lignes identiques seraient des doublons exacts : on change la date de la seconde."""
    seen: set[tuple[str, ...]] = set()
    for row in rows:
        year = int(row[1][6:])
        while tuple(row) in seen:
            row[1] = day(rng, year)
        seen.add(tuple(row))
    return rows


def main() -> None:
    rng = random.Random(SEED)
    with (FOLDER / "jeunes.csv").open(encoding="utf-8-sig", newline="") as handle:
        people = [row["Identifiant jeune"] for row in csv.DictReader(handle, delimiter=";")]
    requests = [
        [rng.choice(people), day(rng, year), theme]
        for year, themes in REQUESTS.items()
        for theme, n in themes.items()
        for _ in range(n)
    ]
    requests = unique(rng, requests)
    requests.sort(key=lambda r: (r[1][6:], r[1][3:5], r[1][:2], r[0]))
    with (FOLDER / "demandes.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(["Identifiant jeune", "Date de la demande", "Thème"])
        writer.writerows(requests)
    rows = []
    for year, steps in PROPOSALS.items():
        formation = []
        for (theme, step), (n, distinct) in steps.items():
            if distinct:
                youths = spread(rng, people, n, distinct)
                if theme == "Formation":
                    formation = sorted(set(youths))
            else:  # prescriptions et entrées : des jeunes qui ont eu une proposition
                youths = [rng.choice(formation) for _ in range(n)]
            rows += [[pid, day(rng, year), theme, step] for pid in youths]
    rows = unique(rng, rows)
    rows.sort(key=lambda r: (r[1][6:], r[1][3:5], r[1][:2], r[0], r[2], r[3]))
    with (FOLDER / "propositions.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(["Identifiant jeune", "Date", "Thème", "Étape"])
        writer.writerows(rows)
    print(f"{FOLDER} : {len(requests)} demandes, {len(rows)} propositions")


if __name__ == "__main__":
    main()
