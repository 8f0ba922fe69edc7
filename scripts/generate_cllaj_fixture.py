"""Génère l'extraction fictive des jeunes du CLLAJ : ``fixtures/cllaj/jeunes-2024-2025.csv``.

UTF-8 avec BOM, « ; », montants à la française (« 1 150,50 »), jeunes fictifs. Reproduit
les ressources du rapport 2025 du CLLAJ : 818 jeunes accompagnés (368 à Ivry, 450 à
Vitry), 67 % sous le seuil de pauvreté de 1 288 € (73 % des femmes, 61 % des hommes),
88 % ne pouvant louer un studio à 700 € (revenus < 2 100 €). 2024 : part « stable »
au seuil de 1 216 €, et 12 jeunes aux ressources non renseignées (écartés et comptés).

Déterministe (graine fixe). Usage : ``python scripts/generate_cllaj_fixture.py``.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

SEED = 20251231
OUT = Path(__file__).resolve().parents[1] / "fixtures" / "cllaj" / "jeunes-2024-2025.csv"
HEADER = [
    "N° dossier",
    "Année",
    "Sexe",
    "Commune",
    "Date premier accueil",
    "Ressources nettes mensuelles",
]
# année : (seuil, [(sexe, sous le seuil, au-dessus)], villes, non renseignées)
PLAN = {
    2025: (
        1288,
        [("F", 298, 110), ("H", 250, 160)],
        {"Ivry-sur-Seine": 368, "Vitry-sur-Seine": 450},
        0,
    ),
    2024: (
        1216,
        [("F", 270, 110), ("H", 239, 141)],
        {"Ivry-sur-Seine": 300, "Vitry-sur-Seine": 460},
        12,
    ),
}
# au-dessus du seuil 2025 : 140 de 1 288 à 1 800 €, 32 de 1 800 à 2 100 €,
# 38 de 2 100 à 2 300 €, 60 à 2 300 € ou plus (270 en tout)
ABOVE_2025 = [(1288, 1799, 140), (1800, 2099, 32), (2100, 2299, 38), (2300, 3200, 60)]


def french(amount: float) -> str:
    text = f"{amount:,.2f}".replace(",", "\u00a0").replace(".", ",")
    return text[:-3] if text.endswith(",00") else text


def main() -> None:
    rng = random.Random(SEED)
    rows = []
    number = 0
    for year, (threshold, by_sex, cities, missing) in PLAN.items():
        above_pool: list[tuple[int, int]] = []
        if year == 2025:
            above_pool = [(lo, hi) for lo, hi, n in ABOVE_2025 for _ in range(n)]
            rng.shuffle(above_pool)
        people = []
        for sex, below, above in by_sex:
            for _ in range(below):
                amount = 0.0 if rng.random() < 0.12 else round(rng.uniform(200, threshold - 1), 2)
                people.append((sex, amount))
            for _ in range(above):
                lo, hi = above_pool.pop() if above_pool else (threshold, 2600)
                people.append((sex, float(rng.randint(lo, hi))))
        rng.shuffle(people)
        city_list = [c for c, n in cities.items() for _ in range(n)]
        rng.shuffle(city_list)
        for (sex, amount), city in zip(people, city_list, strict=True):
            number += 1
            first = date(year - rng.choice([0, 0, 1, 2]), 1, 1) + timedelta(
                days=rng.randint(0, 364)
            )
            rows.append(
                [f"L{number:05d}", year, sex, city, first.strftime("%d/%m/%Y"), french(amount)]
            )
        for _ in range(missing):
            number += 1
            rows.append(
                [
                    f"L{number:05d}",
                    year,
                    rng.choice("FH"),
                    rng.choice(list(cities)),
                    date(year, 6, 1).strftime("%d/%m/%Y"),
                    "",
                ]
            )
    rng.shuffle(rows)
    with OUT.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"{OUT} : {len(rows)} jeunes")


if __name__ == "__main__":
    main()
