"""Génère les extractions fictives du CLLAJ dans ``fixtures/cllaj/``.

``jeunes.csv``, ``demandes.csv``, ``propositions.csv``, ``relogements.csv``,
``entretiens.csv`` et ``lrj.csv`` (noms conventionnels de ``gipkit cllaj … --dossier``) :
UTF-8 avec BOM, « ; », montants à la française (« 1 150,50 »), jeunes fictifs. Reproduit
le rapport 2025 du CLLAJ : 818 jeunes accompagnés (368 à Ivry, 450 à Vitry), 286 nouveaux
(91, 195) et leur profil ; 67 % sous le seuil de pauvreté de 1 288 € (73 % des femmes,
61 % des hommes), 88 % ne pouvant louer un studio à 700 € ; 1 215 demandes (463, 752 :
61 % parc social, 31 % logement temporaire, 5 % parc privé, 3 % maintien) et la part
sous le seuil par type (66 %, 70 %, 39 %) ; 4 128 propositions (1 384, 2 744) et les
dossiers constitués ; 1 690 heures d'entretiens (+12 %) ; 153 relogements (+30 %) ; le
Logement Relais Jeunes (42 jeunes, 15 femmes, 12 sorties). 2024 : part sous le seuil
« stable » au seuil de 1 216 €, et 12 jeunes aux ressources non renseignées.

Déterministe (graine fixe). Usage : ``python scripts/generate_cllaj_fixture.py``.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

SEED = 20251231
FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "cllaj"
IVRY, VITRY = "Ivry-sur-Seine", "Vitry-sur-Seine"
# année : (seuil, [(sexe, sous le seuil, au-dessus)], villes, nouveaux par ville, absentes)
PLAN = {
    2025: (
        1288,
        [("F", 298, 110), ("H", 250, 160)],
        {IVRY: 368, VITRY: 450},
        {IVRY: 91, VITRY: 195},
        0,
    ),
    2024: (
        1216,
        [("F", 270, 110), ("H", 239, 141)],
        {IVRY: 300, VITRY: 460},
        {IVRY: 80, VITRY: 170},
        12,
    ),
}
# au-dessus du seuil 2025 : 140 de 1 288 à 1 800 €, 32 de 1 800 à 2 100 €,
# 38 de 2 100 à 2 300 €, 60 à 2 300 € ou plus (270 en tout)
ABOVE_2025 = [(1288, 1799, 140), (1800, 2099, 32), (2100, 2299, 38), (2300, 3200, 60)]
# profil des 286 nouveaux jeunes de 2025
NEW_AGES = [((18, 21), 70), ((22, 25), 150), ((26, 30), 66)]
NEW_WORK = {
    "CDI à temps plein": 40,
    "CDI à temps partiel": 7,
    "CDD durable (6 mois et plus)": 30,
    "CDD non durable": 35,
    "Intérim": 25,
    "Alternance": 37,
    "Demandeur d'emploi indemnisé": 14,
    "Demandeur d'emploi inscrit non indemnisé": 30,
    "Demandeur d'emploi non inscrit": 50,
    "Formation": 8,
    "Scolarité, études": 5,
    "Sans activité": 5,
}
NEW_LEVELS = {"Sans diplôme": 120, "CAP/BEP": 55, "Bac": 54, "Bac+2": 35, "Licence": 22}
NEW_HOUSING = {
    "Sans abri": 20,
    "Structure d'hébergement temporaire (CHU, FJT, CHRS, résidence)": 107,
    "Logement autonome inadapté": 31,
    "Hébergé par les parents": 67,
    "Hébergé par un tiers": 61,
}
NEW_HOUSEHOLDS = {
    "Personne seule": 222,
    "Couple": 40,
    "Parent isolé": 14,
    "Couple avec enfants": 10,
}
NEW_ASE = 18
# demandes 2025 : (ville, type) -> nombre, et répartition par tranche de ressources des
# demandeurs : sous le seuil, 1 288-1 800, 1 800-2 300, 2 300 et plus (None : au-dessus)
REQUESTS_2025 = {
    (IVRY, "Parc social"): (262, {"sous": 173, "dessus": 89}),
    (VITRY, "Parc social"): (479, {"sous": 316, "dessus": 163}),
    (IVRY, "Logement temporaire"): (147, {"sous": 103, "dessus": 44}),
    (VITRY, "Logement temporaire"): (230, {"sous": 161, "dessus": 69}),
    (IVRY, "Parc privé"): (28, {"sous": 11, "milieu": 8, "haut": 3, "tres_haut": 6}),
    (VITRY, "Parc privé"): (36, {"sous": 14, "milieu": 10, "haut": 4, "tres_haut": 8}),
    (IVRY, "Maintien dans le logement"): (26, {}),
    (VITRY, "Maintien dans le logement"): (7, {}),
}
REQUESTS_2024 = {
    "Parc social": 600,
    "Logement temporaire": 420,
    "Parc privé": 60,
    "Maintien dans le logement": 40,
}
# propositions 2025 par (ville, type de demande)
PROPOSALS_2025 = {
    (IVRY, "Parc social"): 721,
    (VITRY, "Parc social"): 1493,
    (IVRY, "Logement temporaire"): 496,
    (VITRY, "Logement temporaire"): 988,
    (IVRY, "Parc privé"): 59,
    (VITRY, "Parc privé"): 138,
    (IVRY, "Maintien dans le logement"): 108,
    (VITRY, "Maintien dans le logement"): 125,
}
# dossiers constitués en 2025, par type de demande (les listes détaillées du rapport)
DOSSIERS = {
    "Parc social": {
        "NUR": 53,
        "Mise à jour": 233,
        "Renouvellement": 12,
        "DALO": 46,
        "Recours DALO": 9,
        "Recours gracieux": 2,
        "PDALHPD": 4,
        "SYPLO": 46,
        "Al'in": 37,
        "Candidature": 133,
        "FSH": 1,
    },
    "Logement temporaire": {
        "VISALE": 61,
        "SIAO": 37,
        "Renouvellement SIAO": 16,
        "Candidature": 156,
        "NUR": 38,
        "DALO": 24,
        "Recours DALO": 3,
        "DAHO": 4,
        "PDALHPD": 1,
        "SYPLO": 17,
        "Plateforme logement temporaire": 40,
    },
    "Parc privé": {"VISALE": 6, "Al'in": 10},
}
INFORMATION = {
    "Information": 50,
    "Info DALO": 15,
    "Gestion budgétaire": 15,
    "Aides au logement": 10,
    "Orientation": 10,
}
PROPOSALS_2024 = 3600
# relogements : (type, ville) -> (2025, 2024)
REHOUSINGS = {
    ("Parc social", VITRY): (41, 29),
    ("Parc social", IVRY): (28, 21),
    ("Logement temporaire", IVRY): (26, 25),
    ("Logement temporaire", VITRY): (47, 35),
    ("Parc privé", IVRY): (7, 4),
    ("Parc privé", VITRY): (4, 4),
}
# entretiens : (durée en minutes ou None, nombre) ; 1 690 heures en 2025, 1 509 en 2024
INTERVIEWS = {
    2025: [(60, 1590), (None, 10), (45, 80), (90, 20)],
    2024: [(60, 1431), (45, 80), (90, 12)],
}
LRJ_RESIDENCES = {"ADEF Lazare Ponticelli": 25, "Espacil Henri Laborit": 5}


def french(amount: float) -> str:
    text = f"{amount:,.2f}".replace(",", "\u00a0").replace(".", ",")
    return text[:-3] if text.endswith(",00") else text


def day(rng: random.Random, start: date, end: date) -> date:
    return date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def in_year(rng: random.Random, year: int) -> date:
    return day(rng, date(year, 1, 1), date(year, 12, 31))


def write(name: str, header: list[str], rows: Iterable[list[object]]) -> int:
    rows = list(rows)
    with (FOLDER / name).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return len(rows)


def distinct(rows: list[list[object]], rng: random.Random) -> list[list[object]]:
    """Deux lignes identiques seraient des doublons exacts : on change la date de la seconde."""
    seen: set[tuple[object, ...]] = set()
    for row in rows:
        while tuple(row) in seen:
            row[1] = in_year(rng, int(str(row[1])[6:])).strftime("%d/%m/%Y")
        seen.add(tuple(row))
    return rows


def pool(values: dict[str, int], rng: random.Random) -> list[str]:
    out = [k for k, n in values.items() for _ in range(n)]
    rng.shuffle(out)
    return out


def main() -> None:
    rng = random.Random(SEED)
    youths: list[dict[str, object]] = []
    number = 0
    for year, (threshold, by_sex, cities, new_by_city, missing) in PLAN.items():
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
        new_left = dict(new_by_city)
        for (sex, amount), city in zip(people, city_list, strict=True):
            number += 1
            new = new_left[city] > 0
            new_left[city] -= new
            youths.append(
                {
                    "id": f"L{number:05d}",
                    "year": year,
                    "sex": sex,
                    "city": city,
                    "new": new,
                    "resources": amount,
                }
            )
        for _ in range(missing):
            number += 1
            youths.append(
                {
                    "id": f"L{number:05d}",
                    "year": year,
                    "sex": rng.choice("FH"),
                    "city": rng.choice(list(cities)),
                    "new": False,
                    "resources": None,
                }
            )
    # profil : les nouveaux de 2025 suivent le rapport, les autres sont tirés au hasard
    profile = random.Random(SEED + 1)
    new_2025 = [y for y in youths if y["year"] == 2025 and y["new"]]
    ages = [profile.randint(lo, hi) for (lo, hi), n in NEW_AGES for _ in range(n)]
    profile.shuffle(ages)
    pools = [pool(p, profile) for p in (NEW_WORK, NEW_LEVELS, NEW_HOUSING, NEW_HOUSEHOLDS)]
    ase = set(profile.sample(range(len(new_2025)), NEW_ASE))
    for i, y in enumerate(new_2025):
        y["work"], y["level"], y["housing"], y["household"] = (p[i] for p in pools)
        y["age"], y["ase"] = ages[i], i in ase
    for y in youths:
        if "work" not in y:
            y["work"] = profile.choice(list(NEW_WORK))
            y["level"] = profile.choice(list(NEW_LEVELS))
            y["housing"] = profile.choice(list(NEW_HOUSING))
            y["household"] = profile.choice(list(NEW_HOUSEHOLDS))
            y["age"], y["ase"] = profile.randint(18, 29), profile.random() < 0.04
        year = int(y["year"])  # type: ignore[call-overload]
        first = (
            in_year(profile, year)
            if y["new"]
            else in_year(profile, year - profile.choice([1, 1, 2, 3]))
        )
        y["first"] = first
        y["birth"] = first - timedelta(days=365 * int(y["age"]) + profile.randint(20, 340))  # type: ignore[call-overload]
    rows = [
        [
            y["id"],
            y["year"],
            y["sex"],
            y["birth"].strftime("%d/%m/%Y"),  # type: ignore[attr-defined]
            y["city"],
            y["first"].strftime("%d/%m/%Y"),  # type: ignore[attr-defined]
            y["work"],
            y["level"],
            y["housing"],
            y["household"],
            "Oui" if y["ase"] else "Non",
            "" if y["resources"] is None else french(float(y["resources"])),  # type: ignore[arg-type]
        ]
        for y in youths
    ]
    rng.shuffle(rows)
    n_youths = write(
        "jeunes.csv",
        [
            "N° dossier",
            "Année",
            "Sexe",
            "Date de naissance",
            "Commune",
            "Date premier accueil",
            "Situation professionnelle",
            "Niveau de formation",
            "Situation de logement",
            "Composition familiale",
            "Sortant ASE",
            "Ressources nettes mensuelles",
        ],
        rows,
    )

    # --- demandes ---------------------------------------------------------------------------
    def band(y: dict[str, object]) -> str:
        amount = y["resources"]
        if amount is None:
            return "absent"
        if amount < 1288:  # type: ignore[operator]
            return "sous"
        if amount < 1800:  # type: ignore[operator]
            return "milieu"
        return "haut" if amount < 2300 else "tres_haut"  # type: ignore[operator]

    of_2025 = [y for y in youths if y["year"] == 2025]
    requests: list[list[object]] = []
    askers: dict[tuple[str, str], list[str]] = {}
    for (city, kind), (n, bands) in REQUESTS_2025.items():
        local = [y for y in of_2025 if y["city"] == city]
        chosen: list[str] = []
        plan = bands or {"tous": n}
        for b, k in plan.items():
            if b == "tous":
                candidates = local
            elif b == "dessus":
                candidates = [y for y in local if band(y) != "sous"]
            else:
                candidates = [y for y in local if band(y) == b]
            ids = [str(y["id"]) for y in candidates]
            chosen += rng.sample(ids, k) if k <= len(ids) else rng.choices(ids, k=k)
        askers[(city, kind)] = sorted(set(chosen))
        requests += [[pid, in_year(rng, 2025).strftime("%d/%m/%Y"), kind] for pid in chosen]
    of_2024 = [str(y["id"]) for y in youths if y["year"] == 2024]
    for kind, n in REQUESTS_2024.items():
        requests += [
            [rng.choice(of_2024), in_year(rng, 2024).strftime("%d/%m/%Y"), kind] for _ in range(n)
        ]
    requests = distinct(requests, rng)
    requests.sort(key=lambda r: (str(r[1])[6:], str(r[1])[3:5], str(r[1])[:2], r[0]))
    n_requests = write(
        "demandes.csv", ["N° dossier", "Date de la demande", "Type de demande"], requests
    )

    # --- propositions -----------------------------------------------------------------------
    proposals: list[list[object]] = []
    for kind, items in DOSSIERS.items():
        cities = [c for c in (IVRY, VITRY)]
        weights = [PROPOSALS_2025[(c, kind)] for c in cities]
        for item, n in items.items():
            share = round(n * weights[0] / sum(weights))
            for city, k in zip(cities, (share, n - share), strict=True):
                proposals += [
                    [rng.choice(askers[(city, kind)]), 2025, kind, item] for _ in range(k)
                ]
    for (city, kind), n in PROPOSALS_2025.items():
        done = sum(
            1
            for p in proposals
            if p[2] == kind and p[0] in set(askers[(city, kind)]) and p[1] == 2025
        )
        rest = n - done
        infos = pool(
            dict(zip(INFORMATION, [rest * w // 100 for w in INFORMATION.values()], strict=True)),
            rng,
        )
        infos += ["Information"] * (rest - len(infos))
        proposals += [[rng.choice(askers[(city, kind)]), 2025, kind, info] for info in infos]
    kinds_2024 = list(REQUESTS_2024)
    for _ in range(PROPOSALS_2024):
        proposals.append(
            [
                rng.choice(of_2024),
                2024,
                rng.choices(kinds_2024, [55, 35, 6, 4])[0],
                rng.choice(list(INFORMATION)),
            ]
        )
    dated = [
        [pid, in_year(rng, year).strftime("%d/%m/%Y"), kind, item]
        for pid, year, kind, item in proposals
    ]  # type: ignore[arg-type]
    dated = distinct(dated, rng)
    dated.sort(key=lambda r: (str(r[1])[6:], str(r[1])[3:5], str(r[1])[:2], r[0]))
    n_proposals = write(
        "propositions.csv", ["N° dossier", "Date", "Type de demande", "Proposition"], dated
    )

    # --- relogements ------------------------------------------------------------------------
    rehousings: list[list[object]] = []
    for (kind, city), (n_2025, n_2024) in REHOUSINGS.items():
        request_kind = kind
        for pid in rng.sample(askers[(city, request_kind)], n_2025):
            rehousings.append([pid, in_year(rng, 2025).strftime("%d/%m/%Y"), kind, city])
        city_2024 = [str(y["id"]) for y in youths if y["year"] == 2024 and y["city"] == city]
        for pid in rng.sample(city_2024, n_2024):
            rehousings.append([pid, in_year(rng, 2024).strftime("%d/%m/%Y"), kind, city])
    rehousings = distinct(rehousings, rng)
    rehousings.sort(key=lambda r: (str(r[1])[6:], str(r[1])[3:5], str(r[1])[:2], r[0]))
    n_rehousings = write(
        "relogements.csv",
        ["N° dossier", "Date d'entrée", "Type de logement", "Commune"],
        rehousings,
    )

    # --- entretiens -------------------------------------------------------------------------
    interviews: list[list[object]] = []
    seen: set[tuple[object, ...]] = set()
    for year, plan in INTERVIEWS.items():
        ids = [str(y["id"]) for y in youths if y["year"] == year]
        for minutes, n in plan:
            for _ in range(n):
                while True:
                    row = (
                        rng.choice(ids),
                        in_year(rng, year).strftime("%d/%m/%Y"),
                        "" if minutes is None else minutes,
                    )
                    if row not in seen:
                        break
                seen.add(row)
                interviews.append(list(row))
    interviews.sort(key=lambda r: (str(r[1])[6:], str(r[1])[3:5], str(r[1])[:2], r[0]))
    n_interviews = write(
        "entretiens.csv", ["N° dossier", "Date de l'entretien", "Durée (min)"], interviews
    )

    # --- Logement Relais Jeunes -------------------------------------------------------------
    # 30 présents au 31/12/2025 (2 parents isolés, 2 couples), 12 sorties en 2025 (10 vers
    # le logement social, 1 intermédiaire, 1 en famille), 7 sorties en 2024, 2 en 2022
    lrj_rng = random.Random(SEED + 2)
    women = [str(y["id"]) for y in of_2025 if y["sex"] == "F"]
    men = [str(y["id"]) for y in of_2025 if y["sex"] == "H"]
    active = [("F", p) for p in lrj_rng.sample(women, 15)] + [
        ("H", p) for p in lrj_rng.sample(men, 27)
    ]
    lrj_rng.shuffle(active)
    leaving, staying = active[:12], active[12:]
    exits_2025 = ["Logement social"] * 10 + ["Logement intermédiaire", "Famille"]
    households = ["Parent isolé"] * 2 + ["Couple"] * 2 + ["Personne seule"] * 26
    residences = [r for r, n in LRJ_RESIDENCES.items() for _ in range(n)]
    lrj_rng.shuffle(households)
    lrj_rng.shuffle(residences)
    stays: list[list[object]] = []
    for i, (sex, pid) in enumerate(leaving):
        entry = day(lrj_rng, date(2023, 3, 1), date(2024, 10, 31))
        leave = day(lrj_rng, date(2025, 1, 15), date(2025, 6, 30))
        stays.append(
            [
                pid,
                lrj_rng.choice(list(LRJ_RESIDENCES)),
                sex,
                entry,
                leave,
                exits_2025[i],
                "Personne seule",
            ]
        )
    for i, (sex, pid) in enumerate(staying):
        start = date(2025, 7, 1) if i < 12 else date(2023, 6, 1)
        end = date(2025, 12, 15) if i < 12 else date(2024, 12, 31)
        stays.append([pid, residences[i], sex, day(lrj_rng, start, end), None, "", households[i]])
    old = [str(y["id"]) for y in youths if y["year"] == 2024]
    for exit_kind in ["Logement social"] * 4 + ["Tiers"] * 2 + ["FJT"]:
        entry = day(lrj_rng, date(2022, 6, 1), date(2023, 12, 31))
        stays.append(
            [
                lrj_rng.choice(old),
                lrj_rng.choice(list(LRJ_RESIDENCES)),
                lrj_rng.choice("FH"),
                entry,
                day(lrj_rng, date(2024, 1, 15), date(2024, 12, 15)),
                exit_kind,
                "Personne seule",
            ]
        )
    for _ in range(2):
        entry = day(lrj_rng, date(2021, 1, 1), date(2021, 12, 31))
        stays.append(
            [
                lrj_rng.choice(old),
                "ADEF Lazare Ponticelli",
                lrj_rng.choice("FH"),
                entry,
                day(lrj_rng, date(2022, 1, 15), date(2022, 12, 15)),
                "Logement social",
                "Personne seule",
            ]
        )
    stays.sort(key=lambda r: r[3])  # type: ignore[arg-type, return-value]
    n_stays = write(
        "lrj.csv",
        [
            "N° dossier",
            "Résidence",
            "Sexe",
            "Date d'entrée",
            "Date de sortie",
            "Logement à la sortie",
            "Composition familiale",
        ],
        [
            [*r[:3], r[3].strftime("%d/%m/%Y"), r[4].strftime("%d/%m/%Y") if r[4] else "", *r[5:]]
            for r in stays
        ],  # type: ignore[attr-defined]
    )
    print(
        f"{FOLDER} : {n_youths} jeunes, {n_requests} demandes, {n_proposals} propositions, "
        f"{n_rehousings} relogements, {n_interviews} entretiens, {n_stays} séjours LRJ"
    )


if __name__ == "__main__":
    main()
