"""Génère les extractions fictives des jeunes et des événements de la Mission Locale.

``fixtures/ml/jeunes.csv`` et ``fixtures/ml/evenements.csv`` (noms conventionnels de
``gipkit ml activite --dossier``) : UTF-8 avec BOM, « ; ». Jeunes fictifs. Reproduit
l'activité générale du rapport 2025 : 4 608 jeunes accompagnés (+12 %), dont 2 886 à
Vitry et 1 495 à Ivry ; 1 667 premiers accueils (−1 %), 36 % des accompagnés ; 26 % en
QPV ; 12 % de 16-17 ans, 83 % de 18-25 ans, 5 % de 26 ans et plus (8 % en 2024) ; 60 %
infra-bac. Des jeunes seulement absents ou joints par téléphone ne sont pas accompagnés.

Déterministe (graine fixe). Usage : ``python scripts/generate_ml_activity_fixture.py``.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

SEED = 4608
FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "ml"
N_2025, N_2024, OVERLAP = 4608, 4114, 2000
CITIES_2025 = {
    "Vitry-sur-Seine": 2886,
    "Ivry-sur-Seine": 1495,
    "Choisy-le-Roi": 140,
    "Villejuif": 87,
}
QUARTERS = {
    "Vitry-sur-Seine": [
        "Centre-ville",
        "Commune-de-Paris",
        "Coteau-Malassis",
        "Vitry-Sud/Ardoines",
    ],
    "Ivry-sur-Seine": ["Centre-ville", "Petit-Ivry", "Ivry-Port", "Louis-Bertrand/Mirabeau-Semard"],
}
AGES_2025 = [((16, 17), 553), ((18, 21), 1900), ((22, 25), 1925), ((26, 28), 230)]
LEVELS = ["Sans diplôme", "CAP/BEP", "Niveau IV non validé", "Bac", "Bac+2", "Licence"]
QPV_2025, INFRA_2025, FIRST_2025, FIRST_2024, OLD_2024 = 1198, 2765, 1667, 1684, 329
OTHER_EVENTS = [
    ("Entretien individuel", "Absent"),
    ("Téléphone", "Présent"),
    ("E-mail", "Présent"),
    ("Atelier", "Annulé"),
    ("Information collective", "Présent"),
]


def main() -> None:
    rng = random.Random(SEED)
    ids = [f"J{i:05d}" for i in range(1, 9001)]
    rng.shuffle(ids)
    y2025 = ids[:N_2025]
    overlap = y2025[:OVERLAP]
    only_2024 = ids[N_2025 : N_2025 + N_2024 - OVERLAP]
    y2024 = overlap + only_2024
    never = ids[N_2025 + N_2024 - OVERLAP : N_2025 + N_2024 - OVERLAP + 300]
    people: dict[str, dict[str, object]] = {}
    ages = [rng.randint(lo, hi) for (lo, hi), n in AGES_2025 for _ in range(n)]
    cities = [c for c, n in CITIES_2025.items() for _ in range(n)]
    qpv = [True] * QPV_2025 + [False] * (N_2025 - QPV_2025)
    infra = [True] * INFRA_2025 + [False] * (N_2025 - INFRA_2025)
    for values in (ages, cities, qpv, infra):
        rng.shuffle(values)
    for i, pid in enumerate(y2025):
        city = cities[i]
        people[pid] = {
            "birth": date(2025 - int(ages[i]), rng.randint(1, 12), rng.randint(1, 28)),
            "city": city,
            "qpv": qpv[i] and city in QUARTERS,
            "level": rng.choice(LEVELS[:3]) if infra[i] else rng.choice(LEVELS[3:]),
        }
    # QPV seulement dans une ville du territoire : on reporte les QPV perdus sur d'autres
    missing = QPV_2025 - sum(1 for p in y2025 if people[p]["qpv"])
    candidates = [p for p in y2025 if not people[p]["qpv"] and people[p]["city"] in QUARTERS]
    for pid in rng.sample(candidates, missing):
        people[pid]["qpv"] = True
    # 2024 : 8 % de 26 ans et plus (âge au 31 décembre 2024)
    old_overlap = sum(1 for p in overlap if 2024 - people[p]["birth"].year >= 26)  # type: ignore[union-attr]
    old_needed = OLD_2024 - old_overlap
    for j, pid in enumerate(only_2024 + never):
        age = rng.randint(26, 28) if j < old_needed else rng.randint(16, 25)
        city = rng.choice(list(CITIES_2025))
        people[pid] = {
            "birth": date(2024 - age, rng.randint(1, 12), rng.randint(1, 28)),
            "city": city,
            "qpv": city in QUARTERS and rng.random() < 0.25,
            "level": rng.choice(LEVELS),
        }
    # premiers accueils : 1 600 accompagnés + 67 jamais présents en 2025 ; 1 684 en 2024
    firsts_2025 = rng.sample(y2025[OVERLAP:], FIRST_2025 - 67) + never[:67]
    firsts_2024 = rng.sample(only_2024, FIRST_2024)
    first: dict[str, date] = {}
    for pid in firsts_2025:
        first[pid] = date(2025, 1, 1) + timedelta(days=rng.randint(0, 364))
    for pid in firsts_2024:
        first[pid] = date(2024, 1, 1) + timedelta(days=rng.randint(0, 364))
    events = []
    for year, group in ((2024, y2024), (2025, y2025)):
        for pid in group:
            start = first.get(pid, date(year, 1, 1))
            start = start if start.year == year else date(year, 1, 1)
            day = start + timedelta(days=rng.randint(0, (date(year, 12, 31) - start).days))
            kind = rng.choice(
                [
                    "Entretien individuel",
                    "Entretien individuel",
                    "Atelier",
                    "Information collective",
                ]
            )
            events.append((pid, day, kind, "Présent"))
            for _ in range(rng.randint(0, 5)):
                other_day = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
                events.append((pid, other_day, *rng.choice(OTHER_EVENTS)))
    for pid in never:  # contacts sans rendez-vous honoré : pas accompagnés
        for _ in range(rng.randint(1, 3)):
            day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 364))
            events.append((pid, day, *rng.choice(OTHER_EVENTS[:3])))
    events.sort()
    with (FOLDER / "jeunes.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            [
                "Identifiant jeune",
                "Sexe",
                "Date de naissance",
                "Commune",
                "Quartier",
                "QPV",
                "Niveau de formation",
                "Date de premier accueil",
            ]
        )
        for pid in sorted(people):
            p = people[pid]
            quarter = rng.choice(QUARTERS[p["city"]]) if p["city"] in QUARTERS else ""  # type: ignore[index]
            writer.writerow(
                [
                    pid,
                    rng.choice("FH"),
                    p["birth"].strftime("%d/%m/%Y"),  # type: ignore[union-attr]
                    p["city"],
                    quarter,
                    "Oui" if p["qpv"] else "Non",
                    p["level"],
                    first[pid].strftime("%d/%m/%Y") if pid in first else "",
                ]
            )
    with (FOLDER / "evenements.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            ["Identifiant jeune", "Date", "Type d'événement", "Statut", "Physique", "Site"]
        )
        seen = set()
        for pid, day, kind, status in events:
            row = (pid, day.strftime("%d/%m/%Y"), kind, status)
            if row in seen:
                continue  # un même contact n'est saisi qu'une fois
            seen.add(row)
            writer.writerow(
                [
                    *row,
                    "Oui" if kind not in ("Téléphone", "E-mail") else "Non",
                    "Vitry" if people[pid]["city"] == "Vitry-sur-Seine" else "Ivry",
                ]
            )
    print(f"{FOLDER} : {len(people)} jeunes, {len(seen)} événements")


if __name__ == "__main__":
    main()
