"""Génère les extractions fictives des jeunes et des événements de la Mission Locale.

``fixtures/ml/jeunes.csv`` et ``fixtures/ml/evenements.csv`` (noms conventionnels de
``gipkit ml … --dossier``) : UTF-8 avec BOM, « ; ». Jeunes fictifs. Reproduit l'activité
générale du rapport 2025 : 4 608 jeunes accompagnés (+12 %), dont 2 886 à Vitry et 1 495
à Ivry (+14 %) ; 1 667 premiers accueils (−1 %), 36 % des accompagnés ; 26 % en QPV ;
12 % de 16-17 ans, 83 % de 18-25 ans, 5 % de 26 ans et plus (8 % en 2024) ; 60 %
infra-bac. Le territoire : jeunes par quartier (19 %, 13 %, 12 %, 8 % à Vitry ; 25 %,
22 %, 21 %, 8 % à Ivry), 18 167 événements physiques à Vitry et 6 880 à Ivry, niveaux
par quartier ; l'obligation de formation (696 mineurs en contact, 571 concernés, 168
accompagnés). Des jeunes seulement absents ou joints par téléphone ne sont pas
accompagnés ; des entretiens en visio ne sont pas des événements physiques. Modalités
d'accompagnement des accompagnés de 2025 : 4 %, 5 % et 91 %.

Déterministe (graine fixe). Usage : ``python scripts/generate_ml_activity_fixture.py``.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from typing import Any

from ml_fixture_common import (
    FOLDER,
    INFRA_BAC,
    IVRY,
    LEVELS,
    OF_ACCOMPANIED_MINORS,
    OF_CONCERNED_ACCOMPANIED,
    OF_INTERVIEWED,
    OF_NEVER_MINORS,
    OTHER_CITIES,
    PHYSICAL_EVENTS,
    QUARTERS,
    VITRY,
    in_year,
)

SEED = 4608
N_2025, N_2024, OVERLAP, NEVER = 4608, 4114, 2000, 300
AGES_2025 = [((16, 17), OF_ACCOMPANIED_MINORS), ((18, 21), 1900), ((22, 25), 1925), ((26, 28), 230)]
QPV_2025, INFRA_2025, FIRST_2025, FIRST_2024, OLD_2024 = 1198, 2765, 1667, 1684, 329
IVRY_2024, VITRY_2024 = 1311, 2500
QUARTERS_2024 = {(VITRY, "Vitry-Sud/Ardoines"): 182, (VITRY, "Coteau-Malassis"): 277}
EVENTS_2024 = {(IVRY, "Monmousseau-Verollot"): 1552}
MEAN_2024 = {VITRY: 6.6, IVRY: 5.4}
PHYSICAL_KINDS = [
    "Entretien individuel",
    "Entretien individuel",
    "Atelier",
    "Information collective",
]
# contacts qui ne font pas un événement physique : absents, annulés, à distance
OTHER_EVENTS = [
    ("Entretien individuel", "Absent", "Oui"),
    ("Téléphone", "Présent", "Non"),
    ("E-mail", "Présent", "Non"),
    ("Atelier", "Annulé", "Oui"),
    ("Information collective", "Présent", "Non"),
]
VISIO = ("Entretien individuel", "Présent", "Non")
# « les recommandations familiales et amicales représentent 50 % de l'origine de nos
# premiers accueils » ; 125 jeunes en situation de handicap ; 84 sous main de justice
ORIGINS_2025 = {
    "Bouche à oreille": 834,
    "France Travail": 300,
    "CIO": 150,
    "Association": 180,
    "Forum": 90,
    "Réseaux sociaux": 60,
    "Spontané": 53,
}
ORIGINS_2024 = {"Bouche à oreille": 760, "France Travail": 420, "CIO": 170, "Association": 334}
HANDICAP_2025, JUSTICE_2025 = 125, 84

# --- actions collectives : ateliers et événements emploi --------------------------------
EMPLOYMENT = "Emploi, alternance"
# « 1 282 jeunes se sont inscrits aux 7 ateliers hebdomadaires, avec un taux de présence
# moyen de 41 % » : sept ateliers du service emploi, un jour fixe par site (inventés)
WEEKLY = {
    (0, "Vitry"): "Atelier CV",
    (1, "Vitry"): "Atelier lettre de motivation",
    (2, "Vitry"): "Atelier simulation d'entretien",
    (3, "Vitry"): "Atelier recherche d'emploi en ligne",
    (4, "Vitry"): "Atelier codes de l'entreprise",
    (1, "Ivry"): "Atelier CV et candidature",
    (3, "Ivry"): "Atelier préparation aux entretiens",
}
# les autres ateliers (inventés) : d'autres thèmes que l'emploi
OTHER_WORKSHOPS = [  # du lundi au samedi (et le dimanche)
    ("Atelier orientation (ADVP)", "Projet professionnel, orientation"),
    ("Atelier santé", "Santé"),
    ("Atelier logement", "Logement"),
    ("Atelier numérique et démarches", "Vie sociale, droits, budget"),
    ("Atelier du vendredi", "Citoyenneté, loisirs, sport, culture"),
    ("Atelier mobilité", "Mobilité"),
]
# (jeunes inscrits, taux de présence, dont présents au moins une fois) ; 2024 inventé
WORKSHOP_TARGETS = {2025: (1282, 0.41, 1150), 2024: (1205, 0.38, 1060)}
# « le service emploi […] a pu rencontrer 38 jeunes lors de 13 ateliers » (CEJ, 2025)
CEJ_WORKSHOP, CEJ_YOUTHS, CEJ_SESSIONS = "Atelier emploi CEJ", 38, 13
# « 22 jeunes ont participé aux informations collectives » d'Avenir Pro ; « les lycées
# professionnels Jean-Macé et Fernand Léger […] nous ont permis de réaliser 18 ateliers »
# (2025) : la fixture met les 22 jeunes aux 18 ateliers, un mardi de l'année scolaire
AVENIR_PRO, AVENIR_PRO_YOUTHS, AVENIR_PRO_SESSIONS = "Avenir Pro", 22, 18
# « 18 événements emplois […] 240 jeunes inscrits, 149 présents, 74 retenus » ; 2024
# inventé
JOB_EVENTS = {2025: (18, 240, 149, 74), 2024: (12, 170, 108, 51)}
JOB_EVENT_LABELS = {
    2025: [
        "Présentation des métiers du caoutchouc",
        "Présentation des métiers du MIN de Rungis",
        "Job dating Dunkin' Donuts",
        "Job dating RATP technicentre Paris 13",
        "Job dating grande distribution",
        "Présentation des métiers de la logistique",
    ],
    2024: [
        "Job dating restauration rapide",
        "Présentation des métiers de la sécurité",
        "Job dating transport de voyageurs",
        "Présentation des métiers du bâtiment",
    ],
}


def split(total: int, weights: list[float]) -> list[int]:
    """``total`` réparti au prorata de ``weights`` (plus forts restes)."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def levels_for(n: int, shares: tuple[float, ...]) -> list[str]:
    return [lvl for lvl, k in zip(LEVELS, split(n, list(shares)), strict=True) for _ in range(k)]


# 2024 où le rapport parle : « la part des mineurs a augmenté de 7 points […] cette hausse
# de 158 % » (553 mineurs en 2025 : 214 en 2024, 5,2 % -> 12,0 %) ; « une augmentation de
# 7 % du nombre de jeunes sans diplôme » (« aucun diplôme », bac non validé compris comme
# ses « 51 % » : 2 342 en 2025, 2 189 en 2024 ; 2 120 et 1 989 sans lui, +7 % aussi) et
# « une stabilité pour les jeunes de niveau CAP-BEP » (423) ; « la part de jeunes de
# niveau BAC+2 et plus est […] en augmentation de 2 points » (13,0 % en 2025 : 11,0 %)
MINORS_2024, NO_DIPLOMA_2024, BAC_NOT_PASSED_2024 = 214, 1989, 200
CAP_BEP_2024, HIGHER_2024 = 420, 453
# « une baisse respective de 8 et 7 points » des sans diplôme à Gare/Jean-Jaurès et au
# Fort (52 % en 2025) ; BAC (bac non validé compris, comme le tableau par quartier) :
# « la plus forte progression concerne Paul-Froment-8-mai-1945 avec 8 points de plus
# qu'en 2024 » (36 %), Port-à-l'Anglais « en augmentation » (47 %, 2024 inventé)
BAC_GROUP = ("Niveau IV non validé", "Bac")
QUARTER_LEVELS_2024 = {
    (VITRY, "Gare/Jean-Jaures"): (("Sans diplôme",), 0.60),
    (VITRY, "Le-Fort"): (("Sans diplôme",), 0.59),
    (VITRY, "Paul-Froment-8-mai-1945"): (BAC_GROUP, 0.28),
    (VITRY, "Port-a-l'Anglais"): (BAC_GROUP, 0.44),
}


def align_2024(
    rows: list[Row],
    physical: dict[tuple[int, str], int],
    people: dict[str, dict[str, object]],
    groups: dict[str, list[str]],
    concerned: set[str],
    rng: random.Random,
) -> list[Row]:
    """L'année 2024 où le rapport parle, tirée à part (graine propre : 2025 ne bouge pas).

    1. Mineurs : un jeune suivi les deux années qui était mineur en 2024 sans être
       concerné par l'obligation de formation échange ses événements de 2024 avec un jeune
       de 2025 seulement, majeur en 2024, du même quartier, qui n'est pas un premier
       accueil de 2025 (il était venu avant 2024) : jeunes, événements et ateliers de
       2024 par quartier ne bougent pas. Les jeunes de 2024 seulement ont 18 ans ou plus
       au-delà des 214 mineurs (mêmes jour et mois de naissance).
    2. Niveaux des jeunes de 2024 seulement (ceux des autres sont ceux de 2025) : les
       totaux du rapport, puis les parts des quartiers qu'il cite.
    """
    y2025, only_2024 = groups["2025"], groups["only_2024"]
    overlap = [p for p in y2025 if (2024, p) in physical]
    non_first = set(groups["non_first_2025"])

    def age_2024(pid: str) -> int:
        return 2024 - people[pid]["birth"].year  # type: ignore[attr-defined,no-any-return]

    def area(pid: str) -> tuple[object, object]:
        return people[pid]["city"], people[pid]["quarter"]

    leaving = sorted(p for p in overlap if age_2024(p) <= 17 and p not in concerned)
    partners: dict[tuple[object, object], list[str]] = {}
    for pid in sorted(non_first):
        if (2024, pid) not in physical and 18 <= age_2024(pid) <= 25:
            partners.setdefault(area(pid), []).append(pid)
    for group in partners.values():
        rng.shuffle(group)
    swap: dict[str, str] = {}
    for pid in leaving:
        free = partners.get(area(pid), [])
        if free:
            swap[pid] = free.pop()
    for old, new in swap.items():
        physical[(2024, new)] = physical.pop((2024, old))
    rows = [(swap.get(r[0], r[0]), *r[1:]) if r[1].year == 2024 else r for r in rows]  # type: ignore[misc]
    in_2024 = sorted(p for (y, p) in physical if y == 2024)
    only = set(only_2024)
    fixed_minors = sum(1 for p in in_2024 if p not in only and age_2024(p) <= 17)
    minors_only = sorted(p for p in only_2024 if age_2024(p) <= 17)
    rng.shuffle(minors_only)
    keep = MINORS_2024 - fixed_minors
    assert 0 <= keep <= len(minors_only), (fixed_minors, len(minors_only))
    for pid in minors_only[keep:]:
        birth: date = people[pid]["birth"]  # type: ignore[assignment]
        people[pid]["birth"] = birth.replace(year=2024 - rng.randint(18, 25))

    # niveaux : besoins des jeunes de 2024 seulement
    free_set = set(only_2024)
    fixed = [p for p in in_2024 if p not in free_set]
    targets = {
        "Sans diplôme": NO_DIPLOMA_2024,
        "Niveau IV non validé": BAC_NOT_PASSED_2024,
        "CAP/BEP": CAP_BEP_2024,
        "higher": HIGHER_2024,
    }

    def category(level: object) -> str:
        return "higher" if level in ("Bac+2", "Licence", "Master") else str(level)

    targets["Bac"] = len(in_2024) - sum(targets.values())
    need = {
        c: n - sum(1 for p in fixed if category(people[p]["level"]) == c)
        for c, n in targets.items()
    }
    assert all(n >= 0 for n in need.values()), need
    assert sum(need.values()) == len(only_2024)

    def concrete(cat: str) -> str:
        return ("Bac+2" if rng.random() < 0.55 else "Licence") if cat == "higher" else cat

    for where, (cats, share) in QUARTER_LEVELS_2024.items():
        mine = sorted(p for p in only_2024 if area(p) == where)
        everyone = [p for p in in_2024 if area(p) == where]
        have = sum(1 for p in everyone if p not in free_set and people[p]["level"] in cats)
        want = round(share * len(everyone)) - have
        assert 0 <= want <= len(mine), (where, want, len(mine))
        rng.shuffle(mine)
        for i, pid in enumerate(mine):
            pool = [c for c in need if (c in cats) == (i < want) and need[c] > 0]
            cat = rng.choices(pool, [need[c] for c in pool])[0]
            need[cat] -= 1
            people[pid]["level"] = concrete(cat)
        free_set -= set(mine)
    tokens = [c for c, n in need.items() for _ in range(n)]
    rng.shuffle(tokens)
    for pid, cat in zip(sorted(free_set), tokens, strict=True):
        people[pid]["level"] = concrete(cat)
    return rows


# « trois modalités : l'accueil, l'information et l'orientation (4 %) […] l'appui
# ponctuel (5 %) […] l'accompagnement renforcé (91 %) », des jeunes accompagnés en 2025
MODALITIES = {"Accueil, information, orientation": 0.04, "Appui ponctuel": 0.05}


def modalities(visits: dict[str, int]) -> dict[str, str]:
    """La modalité d'accompagnement (colonne de l'extraction des jeunes) des accompagnés
    de 2025 : l'accueil, l'information et l'orientation pour ceux qui sont le moins
    venus, puis l'appui ponctuel, l'accompagnement renforcé pour les autres (sans tirage :
    le reste de la fixture ne bouge pas)."""
    order = sorted(visits, key=lambda pid: (visits[pid], pid))
    out: dict[str, str] = {}
    start = 0
    for label, share in MODALITIES.items():
        n = round(share * len(order))
        out.update(dict.fromkeys(order[start : start + n], label))
        start += n
    out.update(dict.fromkeys(order[start:], "Accompagnement renforcé"))
    return out


def honour_one_contact(
    events: list[tuple[str, date, str, str, str]],
    youths: set[str],
    used: set[tuple[str, date, str]],
) -> None:
    """Un contact est un échange qui a eu lieu (statut présent) : chacun de ``youths`` qui
    n'a eu en 2025 que des rendez-vous manqués en voit un remplacé, le même jour, par un
    appel téléphonique (ou un courriel) qui a abouti. Ils restent non accompagnés (ni
    entretien, ni atelier, ni information collective honorés) ; les 696 mineurs en
    contact du rapport le sont tous par un échange honoré."""
    honoured = {e[0] for e in events if e[1].year == 2025 and e[3] == "Présent"}
    for i, (pid, day, _kind, status, _where) in enumerate(events):
        if pid in youths and pid not in honoured and day.year == 2025 and status == "Absent":
            kind = "Téléphone" if (pid, day, "Téléphone") not in used else "E-mail"
            assert (pid, day, kind) not in used
            used.add((pid, day, kind))
            events[i] = (pid, day, kind, "Présent", "Non")
            honoured.add(pid)
    assert youths <= honoured
    events.sort()


# niveaux du supérieur par quartier (« le quartier Moulin-Vert passe de 3 à 7 % de jeunes
# de niveau BAC+3 », « Marat-Parmentier […] concentre 8 % de jeunes de niveau BAC+3 soit
# une progression de 2 points », « Ivry-Port […] le plus fort taux de jeunes de niveau
# BAC+5 (5 %) », « Gare / Jean-Jaurès enregistre une progression de 3 points pour les
# jeunes de niveau BAC +5 ») : (commune, quartier) -> (niveau, part 2024, part 2025)
HIGHER_TARGETS = {
    (VITRY, "Moulin-Vert"): ("Licence", 0.03, 0.07),
    (IVRY, "Marat-Parmentier"): ("Licence", 0.06, 0.08),
    (VITRY, "Gare/Jean-Jaures"): ("Master", 0.02, 0.05),
    (IVRY, "Ivry-Port"): ("Master", 0.04, 0.05),
}
HIGHER = ("Bac+2", "Licence", "Master")


def higher_levels(
    people: dict[str, dict[str, object]], accompanied: set[tuple[int, str]], rng: random.Random
) -> None:
    """Bac+2, Bac+3 (« Licence ») ou Bac+5 (« Master ») : le détail du groupe « BAC+2 et
    plus », tiré à part. Les jeunes du groupe le restent (les parts du groupe par quartier
    ne bougent pas) ; un quart des licences deviennent des masters, et dans les quartiers
    que le rapport cite, le niveau cité prend sa part de 2024 et de 2025 (un jeune suivi
    les deux années compte dans les deux)."""
    group = sorted(p for p, v in people.items() if v["level"] in ("Bac+2", "Licence"))
    for pid in group:
        if people[pid]["level"] == "Licence" and rng.random() < 0.25:
            people[pid]["level"] = "Master"
    for area, (level, share_2024, share_2025) in HIGHER_TARGETS.items():
        mine = [p for p in group if (people[p]["city"], people[p]["quarter"]) == area]
        size = {y: sum((y, p) in accompanied for p in mine) for y in (2024, 2025)}
        # tout jeune de la zone, du groupe ou non, compte au dénominateur
        everyone = {
            y: sum(
                (y, p) in accompanied
                for p, v in people.items()
                if (v["city"], v["quarter"]) == area
            )
            for y in (2024, 2025)
        }
        want = {2024: round(share_2024 * everyone[2024]), 2025: round(share_2025 * everyone[2025])}
        both = [p for p in mine if (2024, p) in accompanied and (2025, p) in accompanied]
        only = {
            y: [
                p for p in mine if (y, p) in accompanied and (4049 - y, p) not in accompanied
            ]  # l'autre année
            for y in (2024, 2025)
        }
        shared = min(want[2024], want[2025], len(both))
        while want[2024] - shared > len(only[2024]) or want[2025] - shared > len(only[2025]):
            shared += 1
        assert shared <= len(both), (area, size, want)
        chosen = rng.sample(both, shared)
        for y in (2024, 2025):
            chosen += rng.sample(only[y], want[y] - shared)
        others = [h for h in HIGHER if h != level]
        for pid in mine:
            if pid in chosen:
                people[pid]["level"] = level
            elif people[pid]["level"] == level:
                people[pid]["level"] = rng.choice(others)
    # « Ivry-Port […] le plus fort taux de jeunes de niveau BAC+5 » des quartiers d'Ivry en
    # 2025 : un master en trop ailleurs à Ivry (suivi en 2025 seulement) passe à Bac+2
    port = (IVRY, "Ivry-Port")

    def master_share(area: tuple[object, object]) -> float:
        youths = [p for p, v in people.items() if (v["city"], v["quarter"]) == area]
        now = [p for p in youths if (2025, p) in accompanied]
        return sum(people[p]["level"] == "Master" for p in now) / len(now)

    for quarter in sorted(QUARTERS[IVRY]):
        area = (IVRY, quarter)
        while area != port and master_share(area) >= master_share(port):
            pid = min(
                p
                for p, v in people.items()
                if (v["city"], v["quarter"]) == area
                and v["level"] == "Master"
                and (2025, p) in accompanied
                and (2024, p) not in accompanied
            )
            people[pid]["level"] = "Bac+2"


Row = tuple[str, date, str, str, str, str, str, str]


def collective_actions(
    events: list[tuple[str, date, str, str, str]],
    site: dict[str, str],
    accompanied: set[tuple[int, str]],
    people: dict[str, dict[str, object]],
    used: set[tuple[str, date, str]],
) -> list[Row]:
    """Les actions collectives, tirées à part (graine propre) : le reste ne bouge pas.

    - Ateliers hebdomadaires du service emploi : les ateliers honorés de jeunes tirés, le
      jour et au site d'un des sept ateliers, prennent son intitulé ; des inscriptions
      manquées (« Absent ») s'y ajoutent jusqu'au taux de présence ; les autres ateliers
      prennent un intitulé d'un autre thème.
    - Atelier emploi CEJ (2025) : un atelier honoré de 38 jeunes est déplacé, plus tard
      dans l'année, à l'une des 13 séances.
    - Avenir Pro (2025) : un atelier honoré de 22 jeunes est déplacé, plus tard dans
      l'année, à l'une des 18 séances dans les lycées (graine à part).
    - Événements emploi : une information collective honorée de chaque jeune présent est
      déplacée, plus tard dans l'année, à l'événement, qui en prend le type ; les
      inscrits absents s'y ajoutent.

    Un événement n'est déplacé que plus tard dans la même année, et seulement pour un
    jeune majeur toute l'année : premiers accueils, mineurs en contact et décomptes
    annuels restent ceux du rapport.
    """
    draw = random.Random(SEED + 2)
    rows: list[list[Any]] = [[*e, "", "", ""] for e in events]
    added: list[list[Any]] = []

    def adult(pid: str, year: int) -> bool:
        birth: date = people[pid]["birth"]  # type: ignore[assignment]
        return birth.year + 18 < year

    def move(i: int, day: date, kind: str, action: str, theme: str, outcome: str) -> None:
        pid, old, old_kind = rows[i][0], rows[i][1], rows[i][2]
        used.discard((pid, old, old_kind))
        used.add((pid, day, kind))
        rows[i][1:3] = [day, kind]
        rows[i][5:8] = [action, theme, outcome]

    def free_day(pid: str, year: int, weekday: int, kind: str) -> date:
        while True:
            day = in_year(draw, year)
            day += timedelta(days=weekday - day.weekday())
            if day.year == year and (pid, day, kind) not in used:
                used.add((pid, day, kind))
                return day

    def seat(
        pool: list[str],
        sessions: list[date],
        youths: int,
        action: str,
        sites: dict[date, str] | None = None,
    ) -> None:
        """Un atelier honoré de 2025 de chacun de ``youths`` jeunes de ``pool`` (dans
        l'ordre) est déplacé, plus tard dans l'année, à la séance suivante de ``sessions``
        (au site de la séance si ``sites`` le dit)."""
        met = 0
        for pid in pool:
            if met == youths:
                break
            session = sessions[met % len(sessions)]
            elsewhere = sites is not None and site[pid] != sites[session]
            if elsewhere or (pid, session, "Atelier") in used:
                continue
            mine = [
                i
                for i, r in enumerate(rows)
                if r[0] == pid
                and r[2] == "Atelier"
                and r[3] == "Présent"
                and not r[5]
                and r[1].year == 2025
                and r[1] <= session
            ]
            if mine:
                move(mine[0], session, "Atelier", action, EMPLOYMENT, "")
                met += 1
        assert met == youths

    for year, (youths, rate, present_youths) in WORKSHOP_TARGETS.items():
        slots: dict[str, list[int]] = {}
        for i, (pid, day, kind, status, _where, *_rest) in enumerate(rows):
            workshop = day.year == year and kind == "Atelier" and status == "Présent"
            if workshop and (day.weekday(), site[pid]) in WEEKLY:
                slots.setdefault(pid, []).append(i)
        chosen = sorted(slots)
        draw.shuffle(chosen)
        chosen = chosen[:present_youths]
        present = 0
        for pid in chosen:
            for i in slots[pid][:3]:
                day = rows[i][1]
                action = WEEKLY[(day.weekday(), site[pid])]
                rows[i][5:7] = [action, EMPLOYMENT]
                present += 1
        absent = round(present / rate) - present
        # des majeurs : une absence de mineur en ferait un « mineur en contact » quand les
        # rendez-vous manqués comptent (ml.contact_statuts)
        others = sorted(
            p for (y, p) in accompanied if y == year and p not in set(chosen) and adult(p, year)
        )
        grown = [p for p in chosen if adult(p, year)]
        for k, pid in enumerate(
            draw.sample(others, youths - present_youths)
            + [draw.choice(grown) for _ in range(absent - (youths - present_youths))]
        ):
            del k
            weekday, where = draw.choice([s for s in WEEKLY if s[1] == site[pid]])
            day = free_day(pid, year, weekday, "Atelier")
            added.append(
                [pid, day, "Atelier", "Absent", "Oui", WEEKLY[(weekday, where)], EMPLOYMENT, ""]
            )
    # l'atelier emploi du CEJ : 13 séances, un mercredi sur deux, à Vitry
    sessions = [date(2025, 1, 15) + timedelta(weeks=2 * k) for k in range(CEJ_SESSIONS)]
    pool = sorted(
        {
            pid
            for i, (pid, day, kind, status, *_r) in enumerate(rows)
            if day.year == 2025
            and kind == "Atelier"
            and status == "Présent"
            and not rows[i][5]
            and site[pid] == "Vitry"
            and adult(pid, 2025)
        }
    )
    draw.shuffle(pool)
    seat(pool, sessions, CEJ_YOUTHS, CEJ_WORKSHOP)
    # les événements emploi
    for year, (count, registered, present_n, retained) in JOB_EVENTS.items():
        labels = JOB_EVENT_LABELS[year]
        step = 330 // count
        dates = [date(year, 1, 20) + timedelta(days=k * step) for k in range(count)]
        where = ["Ivry" if k % 3 == 2 else "Vitry" for k in range(count)]
        names = [labels[k % len(labels)] for k in range(count)]
        candidates = sorted(
            {
                pid
                for (pid, day, kind, status, phys, action, *_r) in rows
                if day.year == year
                and kind == "Information collective"
                and status == "Présent"
                and phys == "Oui"
                and not action
                and adult(pid, year)
            }
        )
        draw.shuffle(candidates)
        taken: list[tuple[str, int]] = []
        k = 0
        for pid in candidates:
            if len(taken) == present_n:
                break
            if site[pid] != where[k] or (pid, dates[k], "Événement emploi") in used:
                continue
            mine = [
                i
                for i, r in enumerate(rows)
                if r[0] == pid
                and r[2] == "Information collective"
                and r[3] == "Présent"
                and r[4] == "Oui"
                and not r[5]
                and r[1].year == year
                and r[1] <= dates[k]
            ]
            if mine:
                taken.append((pid, mine[0]))
                move(mine[0], dates[k], "Événement emploi", names[k], EMPLOYMENT, "")
                k = (k + 1) % count
        assert len(taken) == present_n
        for n, (_pid, i) in enumerate(sorted(taken, key=lambda t: draw.random())):
            rows[i][7] = "Retenu" if n < retained else "Non retenu"
        present_ids = {pid for pid, _ in taken}
        others = sorted(
            p for (y, p) in accompanied if y == year and p not in present_ids and adult(p, year)
        )
        draw.shuffle(others)
        k = 0
        missing = registered - present_n
        for pid in others:
            if missing == 0:
                break
            if site[pid] != where[k] or (pid, dates[k], "Événement emploi") in used:
                continue
            used.add((pid, dates[k], "Événement emploi"))
            added.append(
                [pid, dates[k], "Événement emploi", "Absent", "Oui", names[k], EMPLOYMENT, ""]
            )
            missing -= 1
            k = (k + 1) % count
    # Avenir Pro : 18 ateliers dans deux lycées (Vitry, Ivry), tirés à part (graine propre :
    # le tirage des autres ateliers ne bouge pas)
    pro = random.Random(SEED + 3)
    school_days = [date(2025, 1, 14) + timedelta(weeks=k) for k in range(20)] + [
        date(2025, 9, 16) + timedelta(weeks=k) for k in range(12)
    ]
    pro_sessions = sorted(pro.sample(school_days, AVENIR_PRO_SESSIONS))
    pro_site = {d: ("Vitry" if k % 2 == 0 else "Ivry") for k, d in enumerate(pro_sessions)}
    pool = sorted(
        {
            pid
            for (pid, day, kind, status, _phys, action, *_r) in rows
            if day.year == 2025
            and kind == "Atelier"
            and status == "Présent"
            and not action
            and adult(pid, 2025)
        }
    )
    pro.shuffle(pool)
    seat(pool, pro_sessions, AVENIR_PRO_YOUTHS, AVENIR_PRO, pro_site)
    # les autres ateliers : un intitulé d'un autre thème par jour de la semaine ; la
    # moitié des inscriptions annulées sont des absences
    for r in rows:
        if r[2] == "Atelier" and not r[5]:
            # un atelier par jour de la semaine (l'atelier du vendredi, le vendredi)
            r[5:7] = list(OTHER_WORKSHOPS[min(r[1].weekday(), len(OTHER_WORKSHOPS) - 1)])
            if r[3] == "Annulé" and draw.random() < 0.5 and adult(r[0], r[1].year):
                r[3] = "Absent"
    out: list[Row] = [tuple(r) for r in rows + added]  # type: ignore[misc]
    out.sort()
    return out


def main() -> None:
    rng = random.Random(SEED)
    ids = [f"J{i:05d}" for i in range(1, 9001)]
    rng.shuffle(ids)
    y2025 = ids[:N_2025]
    overlap = y2025[:OVERLAP]
    only_2024 = ids[N_2025 : N_2025 + N_2024 - OVERLAP]
    y2024 = overlap + only_2024
    never = ids[N_2025 + N_2024 - OVERLAP : N_2025 + N_2024 - OVERLAP + NEVER]
    people: dict[str, dict[str, object]] = {}

    # --- 2025 : résidence, niveau, âge, QPV ---------------------------------------------
    areas = [(c, q) for c, qs in QUARTERS.items() for q, (n, _, _) in qs.items() for _ in range(n)]
    areas += [(c, "") for c, n in OTHER_CITIES.items() for _ in range(n)]
    rng.shuffle(areas)
    members: dict[tuple[str, str], list[str]] = {}
    for pid, area in zip(y2025, areas, strict=True):
        members.setdefault(area, []).append(pid)
    levels: dict[str, str] = {}
    balance: list[tuple[str, str]] = []
    for area, group in members.items():
        spec = QUARTERS.get(area[0], {}).get(area[1])
        if spec is not None and spec[2] is not None:
            for pid, level in zip(group, levels_for(len(group), spec[2]), strict=True):
                levels[pid] = level
        else:
            balance.append(area)
    infra_left = INFRA_2025 - sum(1 for lvl in levels.values() if lvl in INFRA_BAC)
    left = sum(len(members[a]) for a in balance)
    for area in sorted(balance):
        group = members[area]
        infra = round(infra_left * len(group) / left) if area != sorted(balance)[-1] else infra_left
        infra_left, left = infra_left - infra, left - len(group)
        mix = levels_for(infra, (77, 15, 8, 0, 0, 0)) + levels_for(
            len(group) - infra, (0, 0, 0, 70, 18, 12)
        )
        rng.shuffle(mix)
        for pid, level in zip(group, mix, strict=True):
            levels[pid] = level
    ages = [rng.randint(lo, hi) for (lo, hi), n in AGES_2025 for _ in range(n)]
    rng.shuffle(ages)
    qpv = [True] * QPV_2025 + [False] * (N_2025 - QPV_2025)
    rng.shuffle(qpv)
    for i, pid in enumerate(y2025):
        people[pid] = {"age_2025": ages[i], "qpv": qpv[i]}
    for (city, quarter), group in members.items():
        for pid in group:
            people[pid].update(city=city, quarter=quarter, level=levels[pid])
    for pid in y2025:
        p = people[pid]
        p["qpv"] = bool(p["qpv"]) and p["city"] in QUARTERS
        age = int(p["age_2025"])  # type: ignore[call-overload]
        # 18 ans dans l'année : un anniversaire au premier semestre laisse de la place
        # aux rendez-vous d'adulte (aucun contact de mineur hors obligation de formation)
        p["birth"] = date(2025 - age, rng.randint(1, 6 if age == 18 else 12), rng.randint(1, 28))
    missing = QPV_2025 - sum(1 for p in y2025 if people[p]["qpv"])
    candidates = [p for p in y2025 if not people[p]["qpv"] and people[p]["city"] in QUARTERS]
    for pid in rng.sample(candidates, missing):
        people[pid]["qpv"] = True

    # --- 2024 et jamais accompagnés -----------------------------------------------------
    old_overlap = sum(1 for p in overlap if 2024 - people[p]["birth"].year >= 26)  # type: ignore[union-attr]
    old_needed = OLD_2024 - old_overlap
    in_overlap = {
        key: sum(1 for p in overlap if (people[p]["city"], people[p]["quarter"]) == key)
        for key in QUARTERS_2024
    }
    ivry_overlap = sum(1 for p in overlap if people[p]["city"] == IVRY)
    vitry_overlap = sum(1 for p in overlap if people[p]["city"] == VITRY)
    cities = [IVRY] * (IVRY_2024 - ivry_overlap) + [VITRY] * (VITRY_2024 - vitry_overlap)
    cities += [rng.choice(list(OTHER_CITIES)) for _ in range(len(only_2024) - len(cities))]
    rng.shuffle(cities)
    forced = [k for k, n in QUARTERS_2024.items() for _ in range(n - in_overlap[k])]
    vitry_free = [q for q in QUARTERS[VITRY] if (VITRY, q) not in QUARTERS_2024]
    for j, pid in enumerate(only_2024):
        age = rng.randint(26, 28) if j < old_needed else rng.randint(16, 25)
        city = cities[j]
        if city == VITRY:
            quarter = forced.pop()[1] if forced else rng.choice(vitry_free)
        elif city == IVRY:
            names = list(QUARTERS[IVRY])
            quarter = rng.choices(names, [QUARTERS[IVRY][q][0] for q in names])[0]
        else:
            quarter = ""
        people[pid] = {
            "birth": date(2024 - age, rng.randint(1, 12), rng.randint(1, 28)),
            "city": city,
            "quarter": quarter,
            "qpv": city in QUARTERS and rng.random() < 0.25,
            "level": rng.choice(LEVELS),
        }
    assert not forced
    for j, pid in enumerate(never):
        age = rng.randint(16, 17) if j < OF_NEVER_MINORS else rng.randint(19, 25)
        city = rng.choice([VITRY, IVRY, *OTHER_CITIES])
        people[pid] = {
            "birth": date(2025 - age, rng.randint(1, 12), rng.randint(1, 28)),
            "city": city,
            "quarter": rng.choice(list(QUARTERS[city])) if city in QUARTERS else "",
            "qpv": city in QUARTERS and rng.random() < 0.25,
            "level": rng.choice(LEVELS),
        }

    # --- obligation de formation ---------------------------------------------------------
    minors = sorted(p for p in y2025 if int(people[p]["age_2025"]) <= 17)  # type: ignore[call-overload]
    rng.shuffle(minors)
    interviewed = set(minors[:OF_INTERVIEWED])
    no_interview = set(minors[OF_INTERVIEWED:OF_CONCERNED_ACCOMPANIED])
    concerned = interviewed | no_interview | set(never[:OF_NEVER_MINORS])

    # --- premiers accueils ----------------------------------------------------------------
    firsts_2025 = rng.sample(y2025[OVERLAP:], FIRST_2025 - 67) + never[:67]
    firsts_2024 = rng.sample(only_2024, FIRST_2024)
    first: dict[str, date] = {}
    for pid in firsts_2025:
        first[pid] = in_year(rng, 2025)
    for pid in firsts_2024:
        first[pid] = in_year(rng, 2024)

    # --- événements physiques par jeune ---------------------------------------------------
    physical: dict[tuple[int, str], int] = {}
    for city, quarters in QUARTERS.items():
        fixed = {q: spec[1] for q, spec in quarters.items() if spec[1] is not None}
        free = [q for q in quarters if q not in fixed]
        rest = PHYSICAL_EVENTS[city] - sum(fixed.values())  # type: ignore[arg-type]
        for q, n in zip(free, split(rest, [quarters[q][0] for q in free]), strict=True):
            fixed[q] = n
        for q, total in fixed.items():
            group = members[(city, q)]
            counts = dict.fromkeys(group, 1)
            for pid in rng.choices(group, k=int(total) - len(group)):  # type: ignore[call-overload]
                counts[pid] += 1
            for pid, n in counts.items():
                physical[(2025, pid)] = n
    for city in OTHER_CITIES:
        for pid in members[(city, "")]:
            physical[(2025, pid)] = rng.randint(1, 6)
    groups_2024: dict[tuple[str, str], list[str]] = {}
    for pid in y2024:
        groups_2024.setdefault((people[pid]["city"], people[pid]["quarter"]), []).append(pid)  # type: ignore[arg-type]
    for area, group in groups_2024.items():
        mean = MEAN_2024.get(area[0], 4.0)
        total = EVENTS_2024.get(area, round(mean * len(group)))  # type: ignore[arg-type]
        counts = dict.fromkeys(group, 1)
        for pid in rng.choices(group, k=total - len(group)):
            counts[pid] += 1
        for pid, n in counts.items():
            physical[(2024, pid)] = n

    events: list[tuple[str, date, str, str, str]] = []
    used: set[tuple[str, date, str]] = set()

    def add(pid: str, year: int, kind: str, status: str, where: str) -> None:
        birth: date = people[pid]["birth"]  # type: ignore[assignment]
        # 18 ans dans l'année : pas de contact avant l'anniversaire (pas un mineur en contact)
        adult = date(birth.year + 18, birth.month, birth.day)
        floor = adult if year == 2025 and pid not in concerned and adult.year == 2025 else None
        after = first.get(pid)
        if after is None or after.year != year or (floor and after < floor):
            after = floor
        for attempt in range(1000):
            # premier accueil tardif : les contacts suivants peuvent l'avoir précédé
            day = in_year(rng, year, after if attempt < 50 else floor)
            if (pid, day, kind) not in used:
                break
        used.add((pid, day, kind))
        events.append((pid, day, kind, status, where))

    for (year, pid), n in physical.items():
        kinds = list(PHYSICAL_KINDS)
        if pid in no_interview and year == 2025:
            kinds = ["Atelier", "Information collective"]
        for i in range(n):
            kind = "Entretien individuel" if pid in interviewed and i == 0 else rng.choice(kinds)
            add(pid, year, kind, "Présent", "Oui")
        for _ in range(rng.randint(0, 3)):
            add(pid, year, *rng.choice(OTHER_EVENTS))
        if pid not in concerned and rng.random() < 0.1:
            add(pid, year, *VISIO)
    for pid in never:  # contacts sans rendez-vous honoré : pas accompagnés
        for _ in range(rng.randint(1, 3)):
            add(pid, 2025, *rng.choice(OTHER_EVENTS[:3]))
    events.sort()
    honour_one_contact(events, set(never), used)
    site = {pid: "Ivry" if p["city"] == IVRY else "Vitry" for pid, p in people.items()}
    rows = collective_actions(events, site, {(y, pid) for (y, pid) in physical}, people, used)
    rows = align_2024(
        rows,
        physical,
        people,
        {
            "2025": y2025,
            "only_2024": only_2024,
            "non_first_2025": [p for p in y2025[OVERLAP:] if p not in set(firsts_2025)],
        },
        concerned,
        random.Random(SEED + 5),
    )

    # origine des premiers accueils, handicap, justice : tirages à part (graine propre),
    # pour ne pas déplacer ceux qui précèdent
    extra = random.Random(SEED + 1)
    origins: dict[str, str] = {}
    for year, group in ((2025, firsts_2025), (2024, firsts_2024)):
        mix = (ORIGINS_2025 if year == 2025 else ORIGINS_2024).copy()
        labels = [
            o
            for o, n in zip(mix, split(len(group), list(mix.values())), strict=True)
            for _ in range(n)
        ]
        extra.shuffle(labels)
        origins.update(zip(sorted(group), labels, strict=True))
    adults_2025 = sorted(p for p in y2025 if p not in concerned)
    disabled = set(extra.sample(adults_2025, HANDICAP_2025))
    justice = set(extra.sample(sorted(set(adults_2025) - disabled), JUSTICE_2025))
    disabled |= set(extra.sample(only_2024, 90))
    justice |= set(extra.sample(only_2024, 60))
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
                "Obligation de formation",
                "Origine",
                "RQTH",
                "Sous main de justice",
                "Modalité d'accompagnement",
            ]
        )
        modality = modalities({pid: n for (y, pid), n in physical.items() if y == 2025})
        higher_levels(people, set(physical), random.Random(SEED + 3))
        for pid in sorted(people):
            p = people[pid]
            writer.writerow(
                [
                    pid,
                    rng.choice("FH"),
                    p["birth"].strftime("%d/%m/%Y"),  # type: ignore[attr-defined]
                    p["city"],
                    p["quarter"],
                    "Oui" if p["qpv"] else "Non",
                    p["level"],
                    first[pid].strftime("%d/%m/%Y") if pid in first else "",
                    "Oui" if pid in concerned else "Non",
                    origins.get(pid, ""),
                    "Oui" if pid in disabled else "Non",
                    "Oui" if pid in justice else "Non",
                    modality.get(pid, ""),
                ]
            )
    with (FOLDER / "evenements.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            [
                "Identifiant jeune",
                "Date",
                "Type d'événement",
                "Statut",
                "Physique",
                "Site",
                "Intitulé de l'action",
                "Thème de l'action",
                "Suite donnée",
            ]
        )
        for pid, day, kind, status, where, action, theme, outcome in rows:
            writer.writerow(
                [
                    pid,
                    day.strftime("%d/%m/%Y"),
                    kind,
                    status,
                    where,
                    site[pid],
                    action,
                    theme,
                    outcome,
                ]
            )
    print(f"{FOLDER} : {len(people)} jeunes, {len(rows)} événements")


if __name__ == "__main__":
    main()
