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
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

K = TypeVar("K")
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
# demandes 2025 : (ville, type) -> (nombre, jeunes concernés ou None, répartition par
# tranche de ressources des demandeurs : sous le seuil, 1 288-1 800, 1 800-2 300, 2 300 et
# plus ; « dessus » : au-dessus du seuil). Jeunes concernés : 184 Ivryens pour le parc
# social et 106 pour le logement temporaire (focus Ivry du rapport) ; ailleurs, un jeune
# par demande tant que la ville en a assez.
REQUESTS_2025 = {
    (IVRY, "Parc social"): (262, 184, {"sous": 173, "dessus": 89}),
    (VITRY, "Parc social"): (479, None, {"sous": 316, "dessus": 163}),
    (IVRY, "Logement temporaire"): (147, 106, {"sous": 103, "dessus": 44}),
    (VITRY, "Logement temporaire"): (230, None, {"sous": 161, "dessus": 69}),
    (IVRY, "Parc privé"): (28, None, {"sous": 11, "milieu": 8, "haut": 3, "tres_haut": 6}),
    (VITRY, "Parc privé"): (36, None, {"sous": 14, "milieu": 10, "haut": 4, "tres_haut": 8}),
    (IVRY, "Maintien dans le logement"): (26, None, {}),
    (VITRY, "Maintien dans le logement"): (7, None, {}),
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
# dossiers constitués en 2025 par (ville, type de demande) : les listes des focus Ivry et
# Vitry du rapport (leurs sommes s'écartent parfois des listes globales : voir le README)
DOSSIERS = {
    (VITRY, "Parc social"): {
        "NUR": 42,
        "Mise à jour": 141,
        "Renouvellement": 7,
        "DALO": 33,
        "Recours DALO": 3,
        "PDALHPD": 3,
        "SYPLO": 33,
        "Al'in": 22,
        "Candidature": 95,
    },
    (IVRY, "Parc social"): {
        "NUR": 11,
        "Mise à jour": 92,
        "Renouvellement": 5,
        "DALO": 10,
        "Recours DALO": 6,
        "Recours gracieux": 2,
        "PDALHPD": 1,
        "SYPLO": 13,
        "Al'in": 15,
        "Candidature": 38,
        "FSH": 1,
    },
    (IVRY, "Logement temporaire"): {
        "VISALE": 27,
        "SIAO": 10,
        "Renouvellement SIAO": 5,
        "Candidature": 36,
        "NUR": 7,
        "DALO": 7,
        "Recours DALO": 3,
        "PDALHPD": 1,
        "SYPLO": 5,
        "Plateforme logement temporaire": 14,
    },
    (VITRY, "Logement temporaire"): {
        "VISALE": 34,
        "SIAO": 27,
        "Renouvellement SIAO": 11,
        "Candidature": 120,
        "NUR": 31,
        "DALO": 17,
        "Recours DALO": 2,
        "DAHO": 4,
        "PDALHPD": 1,
        "SYPLO": 12,
        "Plateforme logement temporaire": 13,
    },
    (IVRY, "Parc privé"): {"VISALE": 3, "Al'in": 7},
    (VITRY, "Parc privé"): {"VISALE": 3, "Al'in": 3},
}
#: dossiers de reconnaissance de priorité (97 jeunes distincts en 2025)
PRIORITY = {"DALO", "Recours DALO", "Recours gracieux", "PDALHPD", "SYPLO"}
PRIORITY_YOUTHS = 2025, 97
# le reste des propositions 2025 (ni dossier) : 10 % d'orientations, dont 39 % vers Action
# Logement ; 90 % d'informations et conseils, dont 25 % sur le DALO, 20 % de conseils
# budgétaires et 177 informations sur les aides au logement (rapport, tous types)
ORIENTATION_SHARE = 0.10
ORIENTATIONS = {
    "Action Logement": 0.39,
    "Service habitat": 0.30,
    "Centre des impôts": 0.15,
    "SNE": 0.10,
}
INFORMATION_SHARES = {"Info DALO": 0.25, "Gestion budgétaire": 0.20}
HOUSING_AID_INFORMATIONS = 177
# propositions 2024 (inventées) : poids des natures
MIX_2024 = {
    "Information": 40,
    "Info DALO": 12,
    "Gestion budgétaire": 10,
    "Aides au logement": 6,
    "Action Logement": 4,
    "Service habitat": 3,
    "Orientation": 3,
    "Mise à jour": 8,
    "NUR": 3,
    "DALO": 1,
    "SYPLO": 1.5,
    "Candidature": 4,
    "VISALE": 1,
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


def split(total: int, weights: Mapping[K, float]) -> dict[K, int]:
    """``total`` réparti au prorata de ``weights`` (plus forts restes), somme exacte."""
    scale = sum(weights.values())
    raw = {k: total * w / scale for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - out[k], reverse=True)[: total - sum(out.values())]:
        out[k] += 1
    return out


def pool(values: dict[str, int], rng: random.Random) -> list[str]:
    out = [k for k, n in values.items() for _ in range(n)]
    rng.shuffle(out)
    return out


# --- demandes : ouverture, clôture, nouvelles demandes et profil des demandeurs ---------------
# 2025, par (ville, type) : (nouvelles demandes, jeunes qui les ouvrent, demandes plus
# anciennes encore ouvertes, jeunes qui les portent). Nouvelles demandes : 497 parc social,
# 178 logement temporaire, 39 parc privé (rapport), 20 maintien (inventé). Jeunes
# concernés à Ivry : 110 + 74 = 184 (parc social), 54 + 52 = 106 (logement temporaire).
SPLIT_2025 = {
    (IVRY, "Parc social"): (176, 110, 86, 74),
    (VITRY, "Parc social"): (321, 146, 158, 120),
    (IVRY, "Logement temporaire"): (69, 54, 78, 52),
    (VITRY, "Logement temporaire"): (109, 86, 121, 95),
    (IVRY, "Parc privé"): (17, 16, 11, 8),
    (VITRY, "Parc privé"): (22, 20, 14, 10),
    (IVRY, "Maintien dans le logement"): (16, 14, 10, 9),
    (VITRY, "Maintien dans le logement"): (4, 4, 3, 3),
}
# profil des jeunes ayant ouvert une demande en 2025, par type (rapport ; le reste inventé)
KIND_PROFILES: dict[str, dict[str, dict[object, int]]] = {
    "Parc social": {  # 256 jeunes
        "age": {(18, 21): 82, (22, 25): 113, (26, 30): 61},
        "work": {
            "CDI à temps plein": 35,
            "CDI à temps partiel": 10,
            "CDD durable (6 mois et plus)": 30,
            "CDD non durable": 30,
            "Intérim": 14,
            "Alternance": 40,
            "Demandeur d'emploi indemnisé": 12,
            "Demandeur d'emploi inscrit non indemnisé": 26,
            "Demandeur d'emploi non inscrit": 43,
            "Formation": 8,
            "Scolarité, études": 4,
            "Sans activité": 4,
        },
        "housing": {
            "Hébergé par les parents": 65,
            "Hébergé par un tiers": 63,
            "Logement autonome inadapté": 30,
            "Structure d'hébergement temporaire (CHU, FJT, CHRS, résidence)": 80,
            "Sans abri": 18,
        },
        "level": {"Sans diplôme": 102, "CAP/BEP": 60, "Bac": 55, "Bac+2": 24, "Licence": 15},
        "household": {
            "Personne seule": 205,
            "Couple": 28,
            "Parent isolé": 13,
            "Couple avec enfants": 10,
        },
    },
    "Logement temporaire": {  # 140 jeunes
        "age": {(18, 21): 45, (22, 25): 60, (26, 30): 35},
        "work": {
            "CDI à temps plein": 15,
            "CDI à temps partiel": 6,
            "CDD durable (6 mois et plus)": 15,
            "CDD non durable": 17,
            "Intérim": 10,
            "Alternance": 25,
            "Demandeur d'emploi indemnisé": 7,
            "Demandeur d'emploi inscrit non indemnisé": 12,
            "Demandeur d'emploi non inscrit": 16,
            "Formation": 10,
            "Scolarité, études": 4,
            "Sans activité": 3,
        },
        "housing": {
            "Hébergé par les parents": 38,
            "Hébergé par un tiers": 33,
            "Logement autonome inadapté": 12,
            "Structure d'hébergement temporaire (CHU, FJT, CHRS, résidence)": 45,
            "Sans abri": 12,
        },
        "level": {"Sans diplôme": 55, "CAP/BEP": 35, "Bac": 30, "Bac+2": 12, "Licence": 8},
        "household": {
            "Personne seule": 119,
            "Couple": 4,
            "Parent isolé": 7,
            "Couple avec enfants": 10,
        },
    },
    "Parc privé": {  # 36 jeunes
        "age": {(18, 21): 4, (22, 25): 10, (26, 30): 22},
        "work": {
            "CDI à temps plein": 22,
            "CDI à temps partiel": 1,
            "CDD durable (6 mois et plus)": 1,
            "Alternance": 2,
            "Demandeur d'emploi indemnisé": 3,
            "Demandeur d'emploi inscrit non indemnisé": 2,
            "Demandeur d'emploi non inscrit": 1,
            "Formation": 3,
            "Scolarité, études": 1,
        },
        "housing": {
            "Hébergé par les parents": 10,
            "Hébergé par un tiers": 4,
            "Logement autonome inadapté": 8,
            "Structure d'hébergement temporaire (CHU, FJT, CHRS, résidence)": 14,
        },
        "level": {"Sans diplôme": 12, "CAP/BEP": 8, "Bac": 8, "Bac+2": 5, "Licence": 3},
        "household": {
            "Personne seule": 22,
            "Couple": 6,
            "Parent isolé": 5,
            "Couple avec enfants": 3,
        },
    },
}
#: préférence de sexe des jeunes déjà suivis qui complètent le profil (le rapport : « légère
#: surreprésentation des hommes » au parc social, « prédominance de femmes » au parc privé)
KIND_SEX = {"Parc social": ("H", 0.3), "Parc privé": ("F", 0.25)}
# 2024 (inventé, sauf 202 nouvelles demandes de logement temporaire : « recul de 12 % »)
NEW_2024 = {
    "Parc social": 430,
    "Logement temporaire": 202,
    "Parc privé": 45,
    "Maintien dans le logement": 30,
}
OPENED_2023_CLOSED_2024 = {
    "Parc social": 120,
    "Logement temporaire": 80,
    "Parc privé": 10,
    "Maintien dans le logement": 8,
}
CLOSED_BEFORE_2024 = 15  # demandes de 2022 closes en 2023 : hors de la fenêtre, écartées
PROFILE_KEYS = ("age", "work", "housing", "level", "household")
PART_TIME = {
    2025: {"CDD durable (6 mois et plus)": 0.31, "CDD non durable": 0.50, "Intérim": 0.30},
    2024: {"CDD durable (6 mois et plus)": 0.35, "CDD non durable": 0.45, "Intérim": 0.30},
}


def band_of(y: dict[str, object]) -> str:
    amount = y["resources"]
    if amount is None:
        return "absent"
    if amount < 1288:  # type: ignore[operator]
        return "sous"
    if amount < 1800:  # type: ignore[operator]
        return "milieu"
    return "haut" if amount < 2300 else "tres_haut"  # type: ignore[operator]


def value_of(y: dict[str, object], key: str) -> object:
    if key == "age":
        age = int(y["age"])  # type: ignore[call-overload]
        return next((lo, hi) for lo, hi in ((18, 21), (22, 25), (26, 30)) if lo <= age <= hi)
    return y[key]


def allocate_new(
    youths: list[dict[str, object]], rng: random.Random
) -> dict[tuple[str, str], list[dict[str, object]]] | None:
    """Place chaque nouveau jeune de 2025 dans les demandeurs d'un type de sa ville, sans
    dépasser les places, les tranches de ressources, ni le profil visé du type."""
    new = [y for y in youths if y["year"] == 2025 and y["new"]]
    rng.shuffle(new)
    left = {ck: plan[1] for ck, plan in SPLIT_2025.items()}
    room = {
        kind: {key: dict(target) for key, target in spec.items()}
        for kind, spec in KIND_PROFILES.items()
    }
    bands = {ck: dict(REQUESTS_2025[ck][2]) for ck in SPLIT_2025}
    placed: dict[tuple[str, str], list[dict[str, object]]] = {ck: [] for ck in SPLIT_2025}
    for y in new:
        options = []
        for (city, kind), free in left.items():
            if city != y["city"] or free == 0:
                continue
            quota = bands[(city, kind)]
            b = (
                band_of(y)
                if "dessus" not in quota
                else ("sous" if band_of(y) == "sous" else "dessus")
            )
            if quota and quota.get(b, 0) <= 0:
                continue
            spec = room.get(kind)
            if spec and any(spec[k].get(value_of(y, k), 0) <= 0 for k in PROFILE_KEYS):
                continue
            options.append(((city, kind), b))
        if not options:
            return None
        (ck, b) = rng.choices(options, [left[o[0]] for o in options])[0]
        left[ck] -= 1
        if bands[ck]:
            bands[ck][b] -= 1
        if ck[1] in room:
            for k in PROFILE_KEYS:
                room[ck[1]][k][value_of(y, k)] -= 1
        placed[ck].append(y)
    return placed


def fill_profile(
    people: list[dict[str, object]],
    residual: dict[str, dict[object, int]],
    rng: random.Random,
) -> None:
    """Donne aux jeunes déjà suivis ``people`` le reste (``residual``) du profil visé."""
    for key in PROFILE_KEYS:
        items = [v for v, n in residual[key].items() for _ in range(n)]
        rng.shuffle(items)
        for y, value in zip(people, items, strict=True):
            if key == "age":
                lo, hi = value  # type: ignore[misc]
                y["age"] = rng.randint(lo, hi)
                first: date = y["first"]  # type: ignore[assignment]
                born = first - timedelta(days=365 * int(y["age"]) + rng.randint(20, 340))  # type: ignore[call-overload]
                y["birth"] = born
                twin = y.get("twin")
                if isinstance(twin, dict):
                    twin["birth"] = born
            else:
                y[key] = value


def share_ids(youths: list[dict[str, object]], rng: random.Random) -> None:
    """Les jeunes déjà suivis en 2025 reprennent, quand il y en a un de même ville et de
    même sexe, le numéro d'un jeune de 2024 (avec ses dates) : suivis les deux années."""
    free: dict[tuple[object, object], list[dict[str, object]]] = {}
    for y in youths:
        if y["year"] == 2024:
            free.setdefault((y["city"], y["sex"]), []).append(y)
    for group in free.values():
        rng.shuffle(group)
    for y in youths:
        if y["year"] == 2025 and not y["new"] and y["resources"] is not None:
            group = free.get((y["city"], y["sex"]))
            if group:
                old = group.pop()
                y["id"], y["first"], y["twin"] = old["id"], old["first"], old
                y["birth"] = old["birth"]


def children(y: dict[str, object], rng: random.Random) -> int:
    """Enfants à charge : aucun sans enfant, 1 à 3 sinon (inventé)."""
    if y["household"] in ("Couple avec enfants", "Parent isolé"):
        return rng.choices([1, 2, 3], [70, 25, 5])[0]
    return 0


def opening(rng: random.Random, start: date, end: date) -> date:
    return day(rng, start, end) if start <= end else end


# atelier logement : jeunes des QPV rencontrés (55 en 2025, rapport ; 2024 et le reste
# inventés), jeunes hors QPV, quartiers (noms de quartiers prioritaires d'Ivry et Vitry)
WORKSHOPS = {2025: (55, 18), 2024: (40, 14)}
DISTRICTS = {
    "Balzac": 14,
    "Commune de Paris": 10,
    "Centre-ville": 8,
    "Gagarine-Truillot": 12,
    "Pierre et Marie Curie": 11,
}


def workshops(youths: list[dict[str, object]]) -> int:
    """Écrit ``ateliers.csv`` ; rend le nombre de participations."""
    rng = random.Random(SEED + 7)
    rows: list[list[object]] = []
    number = 0
    for year, (in_qpv, outside) in WORKSHOPS.items():
        followed = [str(y["id"]) for y in youths if y["year"] == year]
        rng.shuffle(followed)
        people: list[tuple[str, bool]] = []
        for k in range(in_qpv + outside):
            if rng.random() < 0.6:
                pid = followed.pop()
            else:
                number += 1
                pid = f"A{number:05d}"
            people.append((pid, k < in_qpv))
        weights = list(DISTRICTS.values())
        for pid, qpv in people:
            district = rng.choices(list(DISTRICTS), weights)[0] if qpv else ""
            dates = sorted({in_year(rng, year) for _ in range(rng.choice([1, 1, 1, 2, 3]))})
            for when in dates:
                place = f"Maison de quartier {district}" if district else "Forum logement"
                rows.append(
                    [pid, when.strftime("%d/%m/%Y"), "Oui" if qpv else "Non", district, place]
                )
    rows.sort(key=lambda r: (str(r[1])[6:], str(r[1])[3:5], str(r[1])[:2], r[0]))
    return write(
        "ateliers.csv",
        ["N° dossier", "Date", "Habite un QPV", "Quartier prioritaire", "Lieu"],
        rows,
    )


def profile_2024(youths: list[dict[str, object]], new_2025: int, rng: random.Random) -> None:
    """Le profil des jeunes de 2024 (activité, niveau, logement, ménage, sortie de l'ASE)
    et des jeunes de 2025 qui ne sont pas nouveaux (sauf l'activité), tiré selon celui
    des nouveaux de 2025 que donne le rapport (tirage à part, après le tirage principal :
    le reste ne bouge pas). Le tirage principal prenait chaque
    modalité avec la même chance : 20 % de sans-abri (58 nouveaux jeunes en 2024 contre
    20 en 2025), un quart de couples avec enfants. Le rapport ne dit rien de 2024 :
    inventé."""

    def redraw(y: dict[str, object], draw: random.Random, *, work: bool) -> None:
        profile = [("level", NEW_LEVELS), ("housing", NEW_HOUSING), ("household", NEW_HOUSEHOLDS)]
        for key, counts in [("work", NEW_WORK), *profile] if work else profile:
            y[key] = draw.choices(list(counts), weights=list(counts.values()))[0]
        y["ase"] = draw.random() < NEW_ASE / new_2025

    for y in youths:
        if y["year"] == 2024:
            redraw(y, rng, work=True)
    # les sortants de l'ASE parmi les nouveaux de 2024 : autant, en proportion, qu'en 2025
    # (16), non un tirage par jeune qui en donnait 25 (-28 % en 2025) ; tirage à part
    new_2024 = [y for y in youths if y["year"] == 2024 and y["new"]]
    chosen = random.Random(f"{SEED}-ase-2024").sample(
        range(len(new_2024)), round(len(new_2024) * NEW_ASE / new_2025)
    )
    for i, y in enumerate(new_2024):
        y["ase"] = i in chosen
    # les jeunes de 2025 suivis depuis une autre année : même chose, sauf l'activité (le
    # rapport en tire des parts parmi tous les accompagnés : temps partiel des CDD) ;
    # tirage à part aussi, pour que 2024 ne bouge pas
    others = random.Random(f"{SEED}-profil-2025")
    for y in youths:
        if y["year"] == 2025 and not y["new"]:
            redraw(y, others, work=False)


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
    profile_2024(youths, len(new_2025), random.Random(f"{SEED}-profil-2024"))
    # --- demandes ---------------------------------------------------------------------------
    share_ids(youths, random.Random(SEED + 3))
    plan_rng = random.Random(SEED + 4)
    placed = None
    for _ in range(500):
        placed = allocate_new(youths, plan_rng)
        if placed is not None:
            break
    if placed is None:
        raise SystemExit("nouveaux jeunes : répartition entre types de demande impossible")
    of_2025 = [y for y in youths if y["year"] == 2025]
    requests: list[list[object]] = []
    seen: set[tuple[object, ...]] = set()
    fillers: set[int] = set()
    fillers_of: dict[str, list[dict[str, object]]] = {kind: [] for kind in KIND_PROFILES}
    askers: dict[tuple[str, str], list[str]] = {}
    carried_2024: dict[str, int] = dict.fromkeys(NEW_2024, 0)

    def add(pid: object, kind: str, start: date, end: date, closing: date | None) -> None:
        """Une demande ; deux demandes du même jeune, du même type, ouvertes le même jour
        seraient un doublon exact : la seconde est ouverte un autre jour (la veille si la
        fenêtre est épuisée)."""
        opened = opening(plan_rng, start, end)
        tries = 0
        while (pid, opened, kind) in seen:
            tries += 1
            opened = opening(plan_rng, start, end) if tries < 50 else opened - timedelta(days=1)
        seen.add((pid, opened, kind))
        requests.append(
            [
                pid,
                opened.strftime("%d/%m/%Y"),
                kind,
                "" if closing is None else max(closing, opened).strftime("%d/%m/%Y"),
            ]
        )

    for (city, kind), (rn, yn, ro, yo) in SPLIT_2025.items():
        quota = dict(REQUESTS_2025[(city, kind)][2]) or {"tous": REQUESTS_2025[(city, kind)][0]}

        def key(y: dict[str, object], quota: dict[str, int] = quota) -> str:
            b = band_of(y)
            if "tous" in quota:
                return "tous"
            return ("sous" if b == "sous" else "dessus") if "dessus" in quota else b

        local = [
            y for y in of_2025 if y["city"] == city and not y["new"] and y["resources"] is not None
        ]
        prefer, strength = KIND_SEX.get(kind, ("", 0.0))
        for _attempt in range(200):
            # préférence douce : un tirage décalé pour le sexe préféré
            weight = {id(y): plan_rng.random() + strength * (y["sex"] != prefer) for y in local}
            local.sort(key=lambda y: weight[id(y)])
            cap = dict(quota)
            for y in placed[(city, kind)]:
                cap[key(y)] -= 1
            added: list[dict[str, object]] = []
            for y in local:
                if len(added) == yn - len(placed[(city, kind)]):
                    break
                if id(y) not in fillers and cap[key(y)] > 0:
                    added.append(y)
                    cap[key(y)] -= 1
            new_side = [*placed[(city, kind)], *added]
            chosen = {id(y) for y in new_side}
            older: list[dict[str, object]] = []
            for y in local:
                if len(older) == yo:
                    break
                if "twin" in y and id(y) not in chosen and cap[key(y)] > 0:
                    older.append(y)
                    cap[key(y)] -= 1
            if len(new_side) != yn or len(older) != yo:
                continue
            # demandes de plus que les jeunes : par tranche, d'abord aux anciennes demandes
            extra_old, extra_new = ro - yo, rn - yn
            counts_new = {id(y): 1 for y in new_side}
            counts_old = {id(y): 1 for y in older}
            feasible = True
            for b, left in cap.items():
                olds = [y for y in older if key(y) == b]
                news = [y for y in new_side if key(y) == b]
                to_old = min(left, extra_old) if olds else 0
                to_new = left - to_old
                if to_new and not news:
                    feasible = False
                    break
                for y in plan_rng.choices(olds, k=to_old) if to_old else []:
                    counts_old[id(y)] += 1
                for y in plan_rng.choices(news, k=to_new) if to_new else []:
                    counts_new[id(y)] += 1
                extra_old -= to_old
                extra_new -= to_new
            if feasible and not extra_old and not extra_new:
                break
        else:
            raise SystemExit(f"{city} / {kind} : demandes impossibles à répartir")
        fillers.update(id(y) for y in added)
        if kind in fillers_of:
            fillers_of[kind] += added
        for y in new_side:
            first: date = y["first"]  # type: ignore[assignment]
            for _ in range(counts_new[id(y)]):
                closing = day(plan_rng, date(2025, 3, 1), date(2025, 12, 31))
                add(
                    y["id"],
                    kind,
                    max(first, date(2025, 1, 1)),
                    date(2025, 12, 31),
                    closing if plan_rng.random() < 0.25 else None,
                )
        for y in older:
            first = y["first"]  # type: ignore[assignment]
            for _ in range(counts_old[id(y)]):
                year = 2024 if plan_rng.random() < 0.7 or first.year > 2023 else 2023
                carried_2024[kind] += year == 2024
                closing = day(plan_rng, date(2025, 1, 15), date(2025, 12, 31))
                add(
                    y["id"],
                    kind,
                    max(first, date(year, 1, 1)),
                    date(year, 12, 31),
                    closing if plan_rng.random() < 0.4 else None,
                )
        askers[(city, kind)] = sorted({str(y["id"]) for y in (*new_side, *older)})
    # le profil des demandeurs de 2025 : les déjà suivis complètent celui des nouveaux
    for kind in KIND_PROFILES:
        people = [y for (city, k) in SPLIT_2025 if k == kind for y in placed[(city, k)]]
        spec = KIND_PROFILES[kind]
        residual = {
            key: {
                v: n - sum(1 for y in people if value_of(y, key) == v) for v, n in spec[key].items()
            }
            for key in PROFILE_KEYS
        }
        fill_profile(fillers_of[kind], residual, plan_rng)
    youths_2024 = [y for y in youths if y["year"] == 2024]
    for kind, n in NEW_2024.items():
        rest = n - carried_2024[kind]
        if rest < 0:
            raise SystemExit(f"2024 / {kind} : trop de demandes reportées")
        for y in plan_rng.choices(youths_2024, k=rest):
            first = y["first"]  # type: ignore[assignment]
            closing = day(plan_rng, date(2024, 6, 1), date(2024, 12, 31))
            add(y["id"], kind, max(first, date(2024, 1, 1)), date(2024, 12, 31), closing)
    older_2024 = [y for y in youths_2024 if y["first"].year <= 2023]  # type: ignore[attr-defined]
    for kind, n in OPENED_2023_CLOSED_2024.items():
        for y in plan_rng.choices(older_2024, k=n):
            first = y["first"]  # type: ignore[assignment]
            closing = day(plan_rng, date(2024, 1, 15), date(2024, 12, 31))
            add(y["id"], kind, max(first, date(2023, 1, 1)), date(2023, 12, 31), closing)
    oldest = [y for y in youths_2024 if y["first"].year <= 2022]  # type: ignore[attr-defined]
    for y in plan_rng.sample(oldest, CLOSED_BEFORE_2024):
        first = y["first"]  # type: ignore[assignment]
        closing = day(plan_rng, date(2023, 1, 15), date(2023, 12, 31))
        add(y["id"], "Parc social", max(first, date(2022, 1, 1)), date(2022, 12, 31), closing)
    requests.sort(key=lambda r: (str(r[1])[6:], str(r[1])[3:5], str(r[1])[:2], r[0]))
    n_requests = write(
        "demandes.csv",
        ["N° dossier", "Date de la demande", "Type de demande", "Date de clôture"],
        requests,
    )

    # temps de travail : 31 % de temps partiel parmi les jeunes accompagnés en CDD durable,
    # 50 % en CDD non durable (rapport) ; 2024 et intérim inventés
    times = random.Random(SEED + 6)
    for y in youths:
        y["time"] = {
            "CDI à temps plein": "Temps plein",
            "CDI à temps partiel": "Temps partiel",
        }.get(str(y["work"]), "")
    for year, shares in PART_TIME.items():
        for label, share in shares.items():
            group = [y for y in youths if y["year"] == year and y["work"] == label]
            # la part arrondie tombe sur celle du rapport ; sinon un temps de travail reste
            # non renseigné (hors de la base de la part)
            while group and all(
                round(100 * k / len(group)) != round(100 * share)
                for k in (int(share * len(group)), int(share * len(group)) + 1)
            ):
                group.pop()["time"] = ""
            k = next(
                k
                for k in (int(share * len(group)), int(share * len(group)) + 1)
                if not group or round(100 * k / len(group)) == round(100 * share)
            )
            chosen = {id(y) for y in times.sample(group, k)}
            for y in group:
                y["time"] = "Temps partiel" if id(y) in chosen else "Temps plein"
    kids = random.Random(SEED + 5)
    rows = [
        [
            y["id"],
            y["year"],
            y["sex"],
            y["birth"].strftime("%d/%m/%Y"),  # type: ignore[attr-defined]
            y["city"],
            y["first"].strftime("%d/%m/%Y"),  # type: ignore[attr-defined]
            y["work"],
            y["time"],
            y["level"],
            y["housing"],
            y["household"],
            children(y, kids),
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
            "Temps de travail",
            "Niveau de formation",
            "Situation de logement",
            "Composition familiale",
            "Nombre d'enfants",
            "Sortant ASE",
            "Ressources nettes mensuelles",
        ],
        rows,
    )

    of_2024 = [str(y["id"]) for y in youths if y["year"] == 2024]
    # --- propositions -----------------------------------------------------------------------
    proposals: list[list[object]] = []
    # dossiers de priorité : 97 jeunes distincts, pris dans des viviers disjoints
    priority = {
        ck: sum(n for i, n in items.items() if i in PRIORITY) for ck, items in DOSSIERS.items()
    }
    sizes = split(PRIORITY_YOUTHS[1], {ck: n for ck, n in priority.items() if n})
    used: set[str] = set()
    pools: dict[tuple[str, str], list[str]] = {}
    for ck, size in sizes.items():
        free = [p for p in askers[ck] if p not in used]
        pools[ck] = rng.sample(free, size)
        used.update(pools[ck])
    for ck, items in DOSSIERS.items():
        rows = [item for item, n in items.items() for _ in range(n)]
        rng.shuffle(rows)
        firsts = list(pools.get(ck, []))
        for item in rows:
            if item in PRIORITY:
                pid = firsts.pop() if firsts else rng.choice(pools[ck])
            else:
                pid = rng.choice(askers[ck])
            proposals.append([pid, 2025, ck[1], item])
    # le reste : informations, conseils et orientations, tirés d'un seul vivier (tous types)
    rests = {ck: n - sum(DOSSIERS.get(ck, {}).values()) for ck, n in PROPOSALS_2025.items()}
    total_rest = sum(rests.values())
    n_orientations = round(ORIENTATION_SHARE * total_rest)
    n_information = total_rest - n_orientations
    labels = split(n_orientations, ORIENTATIONS | {"Orientation": 1 - sum(ORIENTATIONS.values())})
    info = {k: round(w * n_information) for k, w in INFORMATION_SHARES.items()}
    info["Aides au logement"] = HOUSING_AID_INFORMATIONS
    info["Information"] = n_information - sum(info.values())
    mixed = pool(labels | info, rng)
    for ck, n in rests.items():
        proposals += [[rng.choice(askers[ck]), 2025, ck[1], mixed.pop()] for _ in range(n)]
    kinds_2024 = list(REQUESTS_2024)
    for _ in range(PROPOSALS_2024):
        proposals.append(
            [
                rng.choice(of_2024),
                2024,
                rng.choices(kinds_2024, [55, 35, 6, 4])[0],
                rng.choices(list(MIX_2024), list(MIX_2024.values()))[0],
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
    # un jeune relogé au plus une fois par an : jeunes relogés = relogements (153, 118)
    housed: dict[int, set[str]] = {2025: set(), 2024: set()}
    for (kind, city), (n_2025, n_2024) in REHOUSINGS.items():
        free = [p for p in askers[(city, kind)] if p not in housed[2025]]
        for pid in rng.sample(free, n_2025):
            housed[2025].add(pid)
            rehousings.append([pid, in_year(rng, 2025).strftime("%d/%m/%Y"), kind, city])
        city_2024 = [
            str(y["id"])
            for y in youths
            if y["year"] == 2024 and y["city"] == city and y["id"] not in housed[2024]
        ]
        for pid in rng.sample(city_2024, n_2024):
            housed[2024].add(pid)
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
    n_workshops = workshops(youths)
    print(
        f"{FOLDER} : {n_workshops} participations aux ateliers, "
        f"{n_youths} jeunes, {n_requests} demandes, {n_proposals} propositions, "
        f"{n_rehousings} relogements, {n_interviews} entretiens, {n_stays} séjours LRJ"
    )


if __name__ == "__main__":
    main()
