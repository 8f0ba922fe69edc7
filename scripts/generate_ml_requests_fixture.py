"""Génère les extractions fictives des demandes et des propositions de la Mission Locale.

``fixtures/ml/demandes.csv`` et ``fixtures/ml/propositions.csv`` (jeunes de
``fixtures/ml/jeunes.csv``). Reproduit le rapport 2025 : 4 196 demandes, dont 36 %
d'emploi et d'alternance (deux thèmes ; leur rapport aux situations créées double pour
l'emploi et croît de 21 % pour l'alternance), 16 % d'orientation, 16 % de logement, et
des demandes de formation en baisse de 21 % ; 656 jeunes et 1 262 propositions d'orientation ; 314
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
# l'emploi et l'alternance sont deux thèmes (1 511 ensemble en 2025, 36 %) ; leur partage
# et les demandes de 2024 (inventées) suivent les évolutions du rapport « demandes /
# situations » : rapport situations ÷ demandes de l'emploi presque doublé (« proche des
# 100 % de plus » : 2 609 / 1 111 contre 1 824 / 1 553), de l'alternance +21 % (220 / 400
# contre 190 / 418). La formation (−6 % dans le texte) ne peut pas y être : 297 / 600
# contre 391 / 760 (les −24 % et −21 % du rapport) font −4 %.
REQUESTS = {
    2025: {
        "Emploi": 1111,
        "Alternance": 400,
        "Orientation": 671,
        "Logement": 671,
        "Formation": 600,
        "Santé": 300,
        "Mobilité": 250,
        "Citoyenneté": 193,
    },
    2024: {
        "Emploi": 1553,
        "Alternance": 418,
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


# « les jeunes de 18 à 21 ans sont ceux qui ont le plus formulé de demandes d'emploi ou
# d'alternance (52 %), suivis des 22 à 25 ans (39 %). 6 % de jeunes mineurs » ; « les
# jeunes entre 22 et 25 ans restent la tranche majoritaire des jeunes en demande de
# logement (47 %) » ; le reste de chaque répartition est inventé. Âge à la date de la
# demande.
TARGET_AGES_2025 = {
    # emploi et alternance ensemble : 91, 786, 589 et 45 des 1 511 (6 %, 52 %, 39 %) ;
    # les apprentis sont plus jeunes (partage inventé)
    "Emploi": {"16-17": 51 / 1111, "18-21": 546 / 1111, "22-25": 473 / 1111, "26+": 41 / 1111},
    "Alternance": {"16-17": 0.10, "18-21": 0.60, "22-25": 0.29, "26+": 0.01},
    "Logement": {"16-17": 0.05, "18-21": 0.40, "22-25": 0.47, "26+": 0.08},
}


def band(birth: date, on: date) -> str:
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return "16-17" if age < 18 else "18-21" if age < 22 else "22-25" if age < 26 else "26+"


def exact_counts(total: int, shares: dict[str, float]) -> list[str]:
    """``total`` tranches, chacune à sa part arrondie, la dernière complétant."""
    names = list(shares)
    counts = [round(total * shares[n]) for n in names[:-1]]
    counts.append(total - sum(counts))
    return [n for n, k in zip(names, counts, strict=True) for _ in range(k)]


def aim_ages(requests: list[list[str]], births: dict[str, date]) -> None:
    """Les demandeurs des thèmes de ``TARGET_AGES_2025`` en 2025 suivent les parts du
    rapport : un tirage à part (le reste de la fixture ne change pas)."""
    rng = random.Random(f"{SEED}-ages")
    for theme, shares in TARGET_AGES_2025.items():
        rows = [r for r in requests if r[2] == theme and r[1].endswith("2025")]
        wanted = exact_counts(len(rows), shares)
        rng.shuffle(wanted)
        for row, target in zip(rows, wanted, strict=True):
            on = date(int(row[1][6:]), int(row[1][3:5]), int(row[1][:2]))
            pool = [p for p, b in births.items() if band(b, on) == target]
            row[0] = rng.choice(pool)


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


# les permanences d'écoute : Vitry, « 56 jeunes […] Sur environ 200 propositions de
# rendez-vous, 25 % n'ont pas été honorées […] 65 % de femmes et 35 % d'hommes (sex-ratio :
# 0,56) » (36 femmes, 20 hommes : 64 %, le sex-ratio du texte) ; Ivry, « 20 jeunes »,
# « 101 propositions d'accompagnement », « 12 femmes et 8 hommes » (non honorées : inventé)
DESKS = {
    2025: {
        "Permanence psychologique Vitry": ("Vitry-sur-Seine", 200, 36, 20, 50),
        "Permanence psychologique Ivry": ("Ivry-sur-Seine", 101, 12, 8, 9),
    },
    # 2024 : inventé
    2024: {
        "Permanence psychologique Vitry": ("Vitry-sur-Seine", 180, 30, 20, 40),
        "Permanence psychologique Ivry": ("Ivry-sur-Seine", 90, 10, 8, 10),
    },
}
OTHER_HEALTH_PARTNERS = ["Centre municipal de santé", "CPAM bilan de santé", "Planning familial"]


def health_desks(rows: list[list[str]], youths: list[dict[str, str]], rng: random.Random) -> None:
    """Le partenaire et la suite donnée des propositions de santé (tirage à part : le
    reste ne bouge pas, les 523 propositions de santé de 2025 restent). Les propositions
    des permanences psychologiques vont à des jeunes de la commune, au sexe du rapport ;
    les autres propositions de santé vont à d'autres partenaires (inventés). Les autres
    thèmes n'ont ni partenaire ni suite."""
    for year, desks in DESKS.items():
        _desks_of(year, desks, rows, youths, rng)
    for r in rows:
        r += [""] * (6 - len(r))
    unique(rng, rows)


def _desks_of(
    year: int,
    desks: dict[str, tuple[str, int, int, int, int]],
    rows: list[list[str]],
    youths: list[dict[str, str]],
    rng: random.Random,
) -> None:
    health = [
        r for r in rows if r[2] == "Santé" and r[3] == "Proposition" and r[1].endswith(str(year))
    ]
    rng.shuffle(health)
    taken: set[str] = set()
    start = 0
    for desk, (city, count, women, men, missed) in desks.items():
        people = [y for y in youths if y["Commune"] == city and y["Identifiant jeune"] not in taken]
        chosen = [y["Identifiant jeune"] for y in people if y["Sexe"] == "F"]
        chosen = rng.sample(sorted(chosen), women) + rng.sample(
            sorted(y["Identifiant jeune"] for y in people if y["Sexe"] == "H"), men
        )
        taken.update(chosen)
        holders = chosen + [rng.choice(chosen) for _ in range(count - len(chosen))]
        rng.shuffle(holders)
        outcomes = ["Non honorée"] * missed + ["Honorée"] * (count - missed)
        rng.shuffle(outcomes)
        for r, pid, outcome in zip(health[start : start + count], holders, outcomes, strict=True):
            r[0] = pid
            r += [desk, outcome]
        start += count
    for r in health[start:]:
        r += [rng.choice(OTHER_HEALTH_PARTNERS), rng.choice(["Honorée"] * 4 + ["Non honorée"])]


def main() -> None:
    rng = random.Random(SEED)
    with (FOLDER / "jeunes.csv").open(encoding="utf-8-sig", newline="") as handle:
        youths = list(csv.DictReader(handle, delimiter=";"))
    records = youths
    people = [row["Identifiant jeune"] for row in youths]
    births = {
        row["Identifiant jeune"]: date(
            int(row["Date de naissance"][6:]),
            int(row["Date de naissance"][3:5]),
            int(row["Date de naissance"][:2]),
        )
        for row in youths
        if row["Date de naissance"]
    }
    requests = [
        [rng.choice(people), day(rng, year), theme]
        for year, themes in REQUESTS.items()
        for theme, n in themes.items()
        for _ in range(n)
    ]
    aim_ages(requests, births)
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
    health_desks(rows, records, random.Random(f"{SEED}-sante"))
    with (FOLDER / "propositions.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            ["Identifiant jeune", "Date", "Thème", "Étape", "Partenaire", "Suite donnée"]
        )
        writer.writerows(rows)
    print(f"{FOLDER} : {len(requests)} demandes, {len(rows)} propositions")


if __name__ == "__main__":
    main()
