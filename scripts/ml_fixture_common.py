"""Ce que partagent les générateurs des extractions fictives de la Mission Locale.

Le territoire (quartiers, jeunes, événements physiques, niveaux, contrats par quartier),
et le plan de l'obligation de formation : quels mineurs concernés et accompagnés ont
accédé à quelle solution (lu par les générateurs des situations et des dispositifs, qui
écartent tous les autres jeunes concernés de leurs tirages), et celles de 2024.

Chiffres du rapport d'activité 2025 (chapitre Mission Locale).
"""

from __future__ import annotations

import collections
import csv
import random
from collections.abc import Callable
from datetime import date
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "ml"
VITRY, IVRY = "Vitry-sur-Seine", "Ivry-sur-Seine"
OTHER_CITIES = {"Choisy-le-Roi": 140, "Villejuif": 87}
OTHER = ("autres communes", "")
LEVELS = ("Sans diplôme", "CAP/BEP", "Niveau IV non validé", "Bac", "Bac+2", "Licence")
INFRA_BAC = LEVELS[:3]

# quartier -> (jeunes accompagnés 2025, événements physiques 2025 ou None : au prorata,
#              niveaux en % (sans diplôme, CAP/BEP, bac non validé, bac, bac+2, bac+3)
#              ou None : ajustés pour que 60 % des jeunes soient infra-bac)
QUARTERS: dict[str, dict[str, tuple[int, int | None, tuple[int, ...] | None]]] = {
    VITRY: {
        "Centre-ville": (548, 3570, None),
        "Commune-de-Paris": (375, 2478, None),
        "Coteau-Malassis": (346, None, None),
        "Vitry-Sud/Ardoines": (231, None, None),
        "Le-Fort": (198, None, (52, 9, 5, 24, 6, 4)),
        "Clos-Langlois": (198, None, None),
        "Port-a-l'Anglais": (198, 990, (26, 9, 7, 40, 10, 8)),
        "Paul-Froment-8-mai-1945": (198, None, (42, 10, 6, 30, 7, 5)),
        "Gare/Jean-Jaures": (198, None, (52, 9, 5, 24, 6, 4)),
        "Moulin-Vert": (198, None, (44, 10, 6, 26, 8, 6)),
        "Le-Plateau": (198, None, None),
    },
    IVRY: {
        "Centre-ville": (374, 1600, None),
        "Petit-Ivry": (329, 1610, (42, 10, 4, 26, 10, 8)),
        "Ivry-Port": (314, 1400, (56, 8, 4, 18, 8, 6)),
        "Monmousseau-Verollot": (284, 1350, (40, 10, 4, 28, 10, 8)),
        "Louis-Bertrand/Mirabeau-Semard": (120, 550, (62, 10, 4, 18, 4, 2)),
        "Marat-Parmentier": (74, 370, (56, 8, 4, 18, 6, 8)),
    },
}
PHYSICAL_EVENTS = {VITRY: 18167, IVRY: 6880}

# contrats 2025 par quartier de résidence : (CDI, CDD au sens large, alternance)
CONTRACTS: dict[tuple[str, str], tuple[int, int, int]] = {
    (VITRY, "Centre-ville"): (30, 270, 23),
    (VITRY, "Commune-de-Paris"): (37, 135, 11),
    (VITRY, "Vitry-Sud/Ardoines"): (15, 145, 15),
    (VITRY, "Coteau-Malassis"): (32, 127, 12),
    (VITRY, "Clos-Langlois"): (5, 137, 5),
    (VITRY, "Le-Plateau"): (25, 85, 10),
    (VITRY, "Port-a-l'Anglais"): (6, 107, 7),
    (VITRY, "Moulin-Vert"): (8, 103, 9),
    (VITRY, "Le-Fort"): (12, 98, 10),
    (VITRY, "Paul-Froment-8-mai-1945"): (10, 100, 10),
    (VITRY, "Gare/Jean-Jaures"): (11, 99, 10),
    (IVRY, "Centre-ville"): (10, 170, 11),
    (IVRY, "Petit-Ivry"): (25, 150, 15),
    (IVRY, "Ivry-Port"): (22, 120, 15),
    (IVRY, "Monmousseau-Verollot"): (4, 112, 4),
    (IVRY, "Louis-Bertrand/Mirabeau-Semard"): (3, 70, 7),
    (IVRY, "Marat-Parmentier"): (10, 45, 5),
    OTHER: (15, 256, 41),
}

# obligation de formation 2025 : 696 mineurs en contact (553 accompagnés, 143 jamais
# présents à un rendez-vous), 571 concernés (428 accompagnés + 143), 168 concernés
# présents à un entretien individuel, dont 98 en solution :
OF_ACCOMPANIED_MINORS = 553
OF_NEVER_MINORS = 143
OF_CONCERNED_ACCOMPANIED = 428
OF_INTERVIEWED = 168
OF_SOLUTIONS = {
    "formation": 18,
    "alternance": 24,
    "emploi": 7,
    "PACEA": 23,
    "CEJ": 20,
    "volontariat": 3,
    "scolarite": 2,
    "autre": 1,
}
OF_SEED = 98
# obligation de formation 2024, que le rapport ne chiffre pas (inventé) : 190 concernés
# présents à un entretien individuel ; 63 en solution (33 %, contre 58 % en 2025 : « la
# Mission Locale a renforcé son action »), les 2 en service civique depuis la fin de 2024
# (des jeunes de 2025) et ceux-ci, tous des jeunes suivis en 2024 seulement (les
# chiffres de 2025 ne bougent pas)
OF_SOLUTIONS_2024 = {
    "formation": 14,
    "alternance": 15,
    "emploi": 5,
    "PACEA": 16,
    "CEJ": 9,
    "scolarite": 2,
}


def read_youths(folder: Path = FOLDER) -> dict[str, dict[str, str]]:
    """Les jeunes de ``jeunes.csv`` par identifiant."""
    with (folder / "jeunes.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["Identifiant jeune"]: row for row in csv.DictReader(handle, delimiter=";")}


def area_of(youth: dict[str, str]) -> tuple[str, str]:
    """La zone d'un jeune pour les contrats : (commune, quartier) ou les autres communes."""
    if youth["Commune"] in QUARTERS:
        return youth["Commune"], youth["Quartier"]
    return OTHER


def read_events(folder: Path = FOLDER) -> list[dict[str, str]]:
    with (folder / "evenements.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def accompanied(events: list[dict[str, str]], year: int) -> set[str]:
    """Jeunes présents à un entretien, une information collective, un atelier ou un
    événement emploi."""
    kinds = {"Entretien individuel", "Information collective", "Atelier", "Événement emploi"}
    return {
        e["Identifiant jeune"]
        for e in events
        if e["Date"].endswith(str(year))
        and e["Type d'événement"] in kinds
        and e["Statut"] == "Présent"
    }


def concerned_of(youths: dict[str, dict[str, str]]) -> set[str]:
    """Les jeunes concernés par l'obligation de formation (colonne « Obligation de
    formation »)."""
    return {pid for pid, y in youths.items() if y["Obligation de formation"] == "Oui"}


def interviewed_in(events: list[dict[str, str]], year: int) -> set[str]:
    """Les jeunes présents à un entretien individuel en ``year``."""
    return {
        e["Identifiant jeune"]
        for e in events
        if e["Date"].endswith(str(year))
        and e["Type d'événement"] == "Entretien individuel"
        and e["Statut"] == "Présent"
    }


def of_plan(
    youths: dict[str, dict[str, str]], events: list[dict[str, str]]
) -> tuple[dict[str, str], set[str]]:
    """Les solutions des mineurs concernés accompagnés en 2025, et tous les concernés.

    Les alternances et les emplois vont à des jeunes de zones où il reste des contrats de
    ce genre (les contrats par quartier du rapport en tiennent compte).
    """
    concerned = concerned_of(youths)
    interviewed = sorted(interviewed_in(events, 2025) & concerned)
    rng = random.Random(OF_SEED)
    chosen = rng.sample(interviewed, sum(OF_SOLUTIONS.values()))
    room = {area: [ft // 3, alt // 3] for area, (_, ft, alt) in CONTRACTS.items()}
    plan: dict[str, str] = {}
    for kind, slot in (("alternance", 1), ("emploi", 0)):
        needed = OF_SOLUTIONS[kind]
        for pid in chosen:
            if needed == 0:
                break
            area = area_of(youths[pid])
            if pid not in plan and room[area][slot] > 0:
                plan[pid] = kind
                room[area][slot] -= 1
                needed -= 1
        assert needed == 0, f"pas assez de place pour les solutions « {kind} »"
    rest = [
        k for k, n in OF_SOLUTIONS.items() if k not in ("alternance", "emploi") for _ in range(n)
    ]
    for pid, kind in zip([p for p in chosen if p not in plan], rest, strict=True):
        plan[pid] = kind
    return plan, concerned


def in_year(rng: random.Random, year: int, after: date | None = None) -> date:
    """Un jour de ``year``, après ``after`` s'il tombe cette année-là."""
    start = date(year, 1, 1)
    if after is not None and after.year == year:
        start = after
    return date.fromordinal(rng.randint(start.toordinal(), date(year, 12, 31).toordinal()))


def of_plan_2024(youths: dict[str, dict[str, str]], events: list[dict[str, str]]) -> dict[str, str]:
    """Les solutions de 2024 (:data:`OF_SOLUTIONS_2024`) : à des concernés présents à un
    entretien individuel en 2024 et non en 2025, sans autre situation ni dispositif (les
    générateurs leur donnent, à la place d'un autre jeune, une situation ou une entrée en
    dispositif de 2024 qui existait déjà : aucun décompte ne bouge)."""
    concerned = concerned_of(youths)
    pool = sorted((interviewed_in(events, 2024) - interviewed_in(events, 2025)) & concerned)
    rng = random.Random(f"{OF_SEED}-2024")
    chosen = rng.sample(pool, sum(OF_SOLUTIONS_2024.values()))
    kinds = [k for k, n in OF_SOLUTIONS_2024.items() for _ in range(n)]
    return dict(zip(chosen, kinds, strict=True))


def hand_over(
    rows: list[list[str]],
    plan: dict[str, str],
    kinds: dict[str, Callable[[list[str]], bool]],
    rng: random.Random,
) -> None:
    """Donne à chaque jeune de ``plan`` dont la solution est une clé de ``kinds`` une
    ligne de 2024 qui l'est (``kinds[k](ligne)`` : la ligne commence en 2024 et fait
    cette solution), prise à un jeune qui n'a que cette
    ligne dans ``rows`` : ni le nombre de lignes, ni celui des jeunes distincts, ni les
    dates ne changent."""
    held = collections.Counter(r[0] for r in rows)
    for kind, accepts in kinds.items():
        takers = sorted(p for p, k in plan.items() if k == kind)
        assert all(held[p] == 0 for p in takers), kind
        movable = sorted(
            (r for r in rows if held[r[0]] == 1 and accepts(r)),
            key=lambda r: tuple(r),
        )
        for r, pid in zip(rng.sample(movable, len(takers)), takers, strict=True):
            r[0] = pid
