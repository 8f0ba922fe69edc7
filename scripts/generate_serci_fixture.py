"""Génère la fixture synthétique du SERCI : ``fixtures/serci/heures-insertion-2020-2025.csv``.

Personnes et contrats fictifs (identifiants pseudonymes, aucune donnée réelle),
construits pour que chaque tableau 2025 du chapitre SERCI du rapport d'activité
2025 soit reproduit exactement, ainsi que le bilan 2021-2025 et les chiffres
2024 cités dans le texte. Les heures des contrats 2025 sont la solution d'un
programme linéaire en nombres entiers (scipy / HiGHS) : toutes les marges des
tableaux sont des contraintes d'égalité, et l'objectif rapproche chaque contrat
d'une durée plausible tirée au hasard.

Déterministe : graine fixe, aucun appel à l'horloge. Usage :

    pip install -e ".[fixtures]"
    python scripts/generate_serci_fixture.py
"""

from __future__ import annotations

import csv
import random
import tomllib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

SEED = 20251231
OUT = Path(__file__).resolve().parents[1] / "fixtures" / "serci" / "heures-insertion-2020-2025.csv"

# ---- chiffres du rapport 2025 (chapitre SERCI), recopiés de chiffres-2025.json ------------
MO_TYPES = {  # type: (marchés, contrats, participants, heures)
    "Bailleurs sociaux": (16, 21, 18, 5553),
    "Communes": (19, 55, 53, 10688),
    "SEM": (24, 62, 54, 21105),
    "Etablissements privés": (143, 429, 339, 124900),
}
MO_LABELS = {
    "Bailleurs sociaux": "Bailleurs sociaux",
    "Communes": "Commune",
    "SEM": "SEM",
    "Etablissements privés": "Etablissements privés",
}
# commanditaires : type -> [(nom, ville, contrats, marchés, heures ou None)]
OWNERS = {
    "Bailleurs sociaux": [
        ("VALDEVY", "Vitry-sur-Seine", 11, 8, 3110),
        ("SEMISE", "Vitry-sur-Seine", 8, 6, 2170),
        ("COOP'IVRY", "Ivry-sur-Seine", 2, 2, 273),
    ],
    # le texte dit 2 349 h pour Ivry et 8 347 h pour Vitry, mais le tableau donne
    # 10 688 h aux communes : on garde le tableau et 2 341 h pour Ivry (voir README)
    "Communes": [
        ("Ville d'Ivry-sur-Seine", "Ivry-sur-Seine", 15, 7, 2341),
        ("Ville de Vitry-sur-Seine", "Vitry-sur-Seine", 40, 12, 8347),
    ],
    "SEM": [
        ("SADEV 94", "Vitry-sur-Seine", 45, 16, 16240),
        ("SEM 94 HABITAT", "Ivry-sur-Seine", 17, 8, 4865),
    ],
    "Etablissements privés": [
        ("LINKCITY", "Ivry-sur-Seine", 115, 38, 33857),
        ("EMERIGE", "Ivry-sur-Seine", 110, 36, 32694),
        ("HIBANA", "Ivry-sur-Seine", 80, 26, 23680),
        ("CREDIT AGRICOLE", "Ivry-sur-Seine", 56, 18, 16664),
        ("COGEDIM", "Ivry-sur-Seine", 14, 5, 3662),
        ("SCI VITRY ACCESSION", "Vitry-sur-Seine", 5, 2, 1384),
        ("PIERREVAL", "Ivry-sur-Seine", 9, 3, None),
        ("ICADE", "Ivry-sur-Seine", 9, 3, None),
        ("ANTHELIA", "Ivry-sur-Seine", 8, 3, None),
        ("LA MOTTE", "Ivry-sur-Seine", 8, 3, None),
        ("SOGARIS", "Ivry-sur-Seine", 8, 3, None),
        ("CODIBAT", "Ivry-sur-Seine", 7, 3, None),
    ],
}
CONTRACT_TYPES = [  # (libellé, contrats, heures) -- ordre d'appariement avec les modalités
    ("CTTI", 317, 67656),
    ("CTT", 133, 39693),
    ("CDD", 60, 16476),
    ("CDI", 4, 7736),
    ("Apprentissage", 22, 15301),
    ("Professionnalisation", 3, 1196),
    ("CMAD", 21, 8646),
    ("CDDI", 5, 5332),
    ("Dispositif préalable à l'embauche", 2, 210),
]
HIRING_MODES = [
    ("ETTI", 306, 66983),
    ("ETT", 145, 51684),
    ("Embauche directe", 94, 37934),
    ("GEIQ", 7, 1937),
    ("AI", 5, 1738),
    ("EI", 7, 1416),
    ("EA", 1, 390),
    ("ESAT", 2, 164),
]
AGE_BANDS = [
    ("-26", 94, 43401, (19, 25)),
    # le rapport imprime 24 302 h pour les 26-40 ans et 60 769 h pour les 41-50 ans : 147 h
    # par personne contre 1 066 h, deux cases très probablement interverties ; la fixture
    # suit la lecture cohérente (voir fixtures/serci/README.md)
    ("26-40", 165, 60769, (26, 40)),
    ("41-50", 57, 24302, (41, 50)),
    ("51+", 73, 33774, (51, 63)),
]
STATUSES = [  # (libellé, participants au statut principal, heures sous le statut)
    ("Demandeur Emploi Longue Durée (de plus de 6 mois)", 131, 50611),
    ("Travailleur Handicapé", 8, 3048),
    ("Jeune -26 ans", 94, 45031),
    ("Bénéficiaire du RSA", 27, 10985),
    ("Demandeur Emploi ou Intérimaire sans mission", 57, 48487),
    ("QPV éloigné de l'emploi", 10, 2757),
    ("Réfugié", 41, 12288),
    ("Demandeur Emploi +50 ans", 21, 9688),
]
PRESCRIBERS = [
    ("PLIE Ivry/Vitry", 21, 13178),
    ("Mission locale d'Ivry-Vitry", 19, 6927),
    ("Mission locale de Choisy-le-Roi", 3, 3208),
    ("FRANCE TRAVAIL (Autre)", 6, 6107),
    ("FRANCE TRAVAIL Ivry / Vitry / Choisy", 33, 12781),
    ("SIAE IVRY-VITRY-CHOISY", 71, 25276),
    ("SIAE (autre)", 71, 21283),
    ("Structure (Autre)", 4, 364),
    ("GROUPEMENT D'ENTREPRISES", 3, 408),
    ("ENTREPRISE", 54, 21561),
    ("INTERIMS CLASSIQUES", 38, 18826),
    ("MAISON DE QUARTIER VITRY", 1, 150),
    ("MAISON DE QUARTIER IVRY", 2, 281),
    ("SANS PRESCRIPTEUR", 48, 16947),
    ("SERCI", 15, 14949),
]
EDUCATION = [
    ("Aucun diplôme - Maîtrise des savoirs de base", 194, 88985),
    ("Diplôme étranger sans équivalence en France", 23, 8330),
    ("CAP/BEP", 143, 54532),
    ("Bac", 25, 10011),
    ("Bac+2 - DEUG, BTS, DUT, DEUST", 2, 70),
    ("Bac+3 ou Bac+4 - Licence, Licence professionnelle, Maîtrise, Master 1", 2, 318),
]
# domiciliation : (ville, QPV, quartier, participants, heures)
DOMICILES = [
    ("Villejuif", True, "Lebon-Lamartine", 13, 8855),
    ("Choisy-le-Roi", True, "Quartier Sud", 6, 4583),
    ("Ivry-sur-Seine", True, "Monmousseau", 12, 6241),
    ("Ivry-sur-Seine", True, "Port", 4, 984),
    ("Ivry-sur-Seine", True, "Pierre et Marie Curie", 1, 641),
    ("Vitry-sur-Seine", True, "Centre ville", 18, 9204),
    ("Vitry-sur-Seine", True, "Commune de Paris", 1, 336),
    ("Orly", False, "", 112, 39618),
    ("Ivry-sur-Seine", False, "", 77, 35482),
    ("Choisy-le-Roi", False, "", 30, 16081),
    ("Vitry-sur-Seine", False, "", 115, 40221),
]
OTHER_CITIES = ["Orly", "Villejuif", "Créteil", "Alfortville", "Thiais", "Paris"]
# « 60 % des bénéficiaires habitent à proximité de leur chantier » : 235 / 389 = 60,4 %.
# Les habitants du territoire en donnent déjà 235 (la règle de gipkit : même commune que
# le chantier principal ou commune voisine déclarée dans fixtures/gipkit.toml). Le tableau
# de domiciliation du rapport regroupe les « autres villes » : la commune de ces 125
# participants (inventée) est choisie loin de leur chantier, sans changer aucun tableau.
NEAR_2025 = 235
TERRITORY = ("Ivry-sur-Seine", "Vitry-sur-Seine", "Choisy-le-Roi")
#: communes hors territoire où loger les participants des « autres villes » (et un quartier
#: prioritaire de chacune pour ceux qui habitent un QPV)
OTHER_HOMES = {
    "Villejuif": "Lebon-Lamartine",
    "Orly": "Calmette",
    "Créteil": "Mont-Mesly",
    "Alfortville": "Chantereine",
    "Thiais": "Grand Ensemble",
    "Paris": "Bédier-Oudiné",
    "Le Kremlin-Bicêtre": "Schuman",
    "Chevilly-Larue": "Sorbiers-Saussaie",
    "Villeneuve-Saint-Georges": "Quartier Nord",
}
# « contrats à cheval » : des contrats de 2024 prolongés en 2025 (une ligne par année), pour
# que compter les contrats à l'année de signature ou à l'année d'activité diffère
SPANNING = 3
WOMEN_2025, WOMEN_2024 = 14, 17
EXITS_2025 = {
    "CDI": 4,
    "CDD de plus de 3 mois": 65,
    "Formation qualifiante": 25,
    "Abandon ou départ volontaire": 35,
}
EXITS_2024 = {
    "CDI": 13,
    "CDD de plus de 3 mois": 52,
    "Formation qualifiante": 22,
    "Abandon ou départ volontaire": 12,
}
OTHER_EXITS = [
    "En parcours",
    "Intérim",
    "CDD de 3 mois ou moins",
    "Demandeur d'emploi",
    "Formation non qualifiante",
    "Autre",
]
HOURS_OUTSIDE_2025 = 36660
# bilan 2021-2025 : année -> (heures totales, bénéficiaires, nouveaux) ; 2020 amorce l'historique
HISTORY = {
    2020: (61240, 140, 140),
    2021: (89273, 137, 9),
    2022: (79145, 212, 73),
    2023: (94800, 251, 105),
    2024: (200220, 402, 198),
    2025: (198906, 389, 165),
}
Y2024 = {
    "territoire": 182300,
    "contrats": 567,
    "marches": 159,
    "prive": 120318,
    "cdi": 13,
    "interim": 366,
    # « Les marchés publics ont quant à eux permis le retour à l'emploi de 125 personnes
    # contre 77 l'année dernière »
    "personnes_marches_publics": 77,
}

HEADER = [
    "Année",
    "N° contrat",
    "N° marché",
    "Opération",
    "Maître d'ouvrage",
    "Type de maître d'ouvrage",
    "Ville de l'opération",
    "Sur le territoire",
    "Employeur",
    "Modalité d'embauche",
    "Type de contrat",
    "Date de début",
    "Date de fin",
    "Heures réalisées",
    "Identifiant participant",
    "Sexe",
    "Date de naissance",
    "Niveau de formation",
    "Statuts d'entrée",
    "Prescripteur",
    "Ville de domicile",
    "QPV",
    "Quartier",
    "Situation de sortie",
    "Durée du contrat de sortie (mois)",
    "Ressources à l'entrée",
]
#: « 54 % sont des demandeurs d'emploi en fin de droit ou avec peu de revenus » : 210 des
#: 389 participants de 2025
PRECARIOUS_2025 = 210
PRECARIOUS = [
    "Demandeur d'emploi en fin de droits",
    "Minima sociaux (RSA, AAH)",
    "Faibles revenus (moins d'un SMIC)",
    "Sans ressources",
]
NOT_PRECARIOUS = [
    "Demandeur d'emploi indemnisé (ARE)",
    "Salaire ou revenus d'activité",
    "Autres ressources",
]
#: durée du contrat de sortie (mois) tirée pour chaque situation qui en a une
EXIT_DURATIONS = {
    "CDD de plus de 3 mois": (4, 12),
    "CDD de 3 mois ou moins": (1, 3),
    "Intérim": (1, 9),
}


@dataclass
class Person:
    pid: str
    birth: date
    sex: str
    education: str
    statuses: list[str]
    prescriber: str
    city: str
    qpv: bool
    quarter: str
    exits: dict[int, str] = field(default_factory=dict)


@dataclass
class Contract:
    year: int
    cid: str
    market: str
    owner: str
    owner_type: str
    city: str
    territory: bool
    mode: str
    ctype: str
    person: str
    hours: int = 0


def expand(pairs: list[tuple[str, int]], rng: random.Random) -> list[str]:
    out = [label for label, n in pairs for _ in range(n)]
    rng.shuffle(out)
    return out


def split_exact(total: int, n: int, rng: random.Random, minimum: int = 7) -> list[int]:
    """``n`` entiers ≥ ``minimum`` de somme ``total``, tirés au hasard (lognormal)."""
    weights = [rng.lognormvariate(0, 0.8) for _ in range(n)]
    free = total - minimum * n
    assert free >= 0, (total, n)
    raw = [free * w / sum(weights) for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(n), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: free - sum(parts)]:
        parts[i] += 1
    return [p + minimum for p in parts]


def people_sets(rng: random.Random) -> dict[int, list[str]]:
    """Participants de chaque année, avec le bon nombre de nouveaux."""
    seen: list[str] = []
    counter = 0
    by_year: dict[int, list[str]] = {}
    for year, (_, total, new) in sorted(HISTORY.items()):
        returning = rng.sample(sorted(seen), total - new)
        fresh = [f"P{counter + i + 1:05d}" for i in range(new)]
        counter += new
        seen += fresh
        by_year[year] = sorted(returning + fresh)
    return by_year


def make_2025_people(ids: list[str], rng: random.Random) -> dict[str, Person]:
    ids = ids[:]
    rng.shuffle(ids)
    bands = [b for b, n, _, _ in AGE_BANDS for _ in range(n)]  # aligné sur ids
    ages = {b: r for b, _, _, r in AGE_BANDS}
    # statut principal : jeunes -> « Jeune -26 ans », 21 des 51+ -> « +50 ans »
    others = [
        s
        for s, n, _ in STATUSES
        if s not in ("Jeune -26 ans", "Demandeur Emploi +50 ans")
        for _ in range(dict((a, b) for a, b, _ in STATUSES)[s])
    ]
    rng.shuffle(others)
    main: list[str] = []
    senior_left = 21
    for band in bands:
        if band == "-26":
            main.append("Jeune -26 ans")
        elif band == "51+" and senior_left:
            main.append("Demandeur Emploi +50 ans")
            senior_left -= 1
        else:
            main.append(others.pop())
    young_idx = [i for i, b in enumerate(bands) if b == "-26"]
    presc = expand([(p, n) for p, n, _ in PRESCRIBERS if not p.startswith("Mission locale")], rng)
    ml = [p for p, n, _ in PRESCRIBERS if p.startswith("Mission locale") for _ in range(n)]
    prescribers: list[str] = [""] * len(ids)
    for i in young_idx[: len(ml)]:
        prescribers[i] = ml.pop()
    for i in range(len(ids)):
        if not prescribers[i]:
            prescribers[i] = presc.pop()
    education = expand([(e, n) for e, n, _ in EDUCATION], rng)
    homes = [d for d in DOMICILES for _ in range(d[3])]
    rng.shuffle(homes)
    women = set(rng.sample(range(len(ids)), WOMEN_2025))
    people = {}
    for i, pid in enumerate(ids):
        low, high = ages[bands[i]]
        age = rng.randint(low, high)
        birth = date(2025 - age, rng.randint(1, 12), rng.randint(1, 28))
        city, qpv, quarter, _, _ = homes[i]
        people[pid] = Person(
            pid,
            birth,
            "F" if i in women else "H",
            education[i],
            [main[i]],
            prescribers[i],
            city,
            qpv,
            quarter,
        )
    # statuts secondaires : 3 jeunes de 26 ans entrés avant leurs 26 ans, et d'autres
    by_band = defaultdict(list)
    for i, pid in enumerate(ids):
        by_band[bands[i]].append(pid)
    twenty_six = [p for p in by_band["26-40"] if 2025 - people[p].birth.year <= 27][:3]
    for pid in twenty_six:
        people[pid].statuses.append("Jeune -26 ans")
    extra = {
        "Demandeur Emploi ou Intérimaire sans mission": 22,
        "Bénéficiaire du RSA": 6,
        "Demandeur Emploi Longue Durée (de plus de 6 mois)": 6,
        "Réfugié": 4,
        "Travailleur Handicapé": 2,
        "QPV éloigné de l'emploi": 2,
        "Demandeur Emploi +50 ans": 3,
    }
    for status, n in extra.items():
        pool = [
            p
            for p in ids
            if status not in people[p].statuses
            and (status != "Demandeur Emploi +50 ans" or p in by_band["51+"])
            and (status != "QPV éloigné de l'emploi" or people[p].qpv)
        ]
        for pid in rng.sample(sorted(pool), n):
            people[pid].statuses.append(status)
    return people


ALLOWED = {
    "CTTI": {"ETTI": 0, "ETT": 1},
    "CTT": {"ETT": 0, "ETTI": 1},
    "CDD": {"Embauche directe": 0, "GEIQ": 1, "EI": 1, "EA": 1, "ETT": 2},
    "CDI": {"Embauche directe": 0, "EA": 1},
    "Apprentissage": {"Embauche directe": 0, "GEIQ": 0},
    "Professionnalisation": {"GEIQ": 0, "Embauche directe": 0},
    "CMAD": {"AI": 0, "ETTI": 0, "ESAT": 0, "EA": 1, "EI": 1, "Embauche directe": 2},
    "CDDI": {"EI": 0, "AI": 0, "ETTI": 1, "Embauche directe": 2},
    "Dispositif préalable à l'embauche": {
        "Embauche directe": 0,
        "AI": 0,
        "EI": 0,
        "ESAT": 0,
        "GEIQ": 0,
        "ETTI": 0,
    },
}


def cross_tab() -> dict[tuple[str, str], int]:
    """Nombre de contrats par couple (type, modalité) : marges du rapport, heures compatibles.

    Petit programme linéaire : effectifs et heures de chaque couple respectent les
    deux tableaux (types, modalités), 7 à 2 100 h par contrat, et les couples peu
    plausibles sont pénalisés.
    """
    # tout couple est possible, les moins plausibles coûtent plus (l'export réel est imparfait)
    pairs = [(t, m) for t, _, _ in CONTRACT_TYPES for m, _, _ in HIRING_MODES]
    k = len(pairs)
    rows, lo, hi = [], [], []
    for t, count, hours in CONTRACT_TYPES:
        mask = np.array([p[0] == t for p in pairs], dtype=float)
        rows += [np.concatenate([mask, np.zeros(k)]), np.concatenate([np.zeros(k), mask])]
        lo += [count, hours]
        hi += [count, hours]
    for m, count, hours in HIRING_MODES:
        mask = np.array([p[1] == m for p in pairs], dtype=float)
        rows += [np.concatenate([mask, np.zeros(k)]), np.concatenate([np.zeros(k), mask])]
        lo += [count, hours]
        hi += [count, hours]
    for i in range(k):
        low = np.zeros(2 * k)
        low[i], low[k + i] = 7, -1  # 7 n - h <= 0
        high = np.zeros(2 * k)
        high[i], high[k + i] = -2100, 1  # h - 2100 n <= 0
        rows += [low, high]
        lo += [-np.inf, -np.inf]
        hi += [0, 0]
    cost = np.concatenate([[ALLOWED[t].get(m, 5) for t, m in pairs], np.zeros(k)])
    res = milp(
        cost,
        constraints=LinearConstraint(np.vstack(rows), lo, hi),
        integrality=np.concatenate([np.ones(k), np.zeros(k)]),
        bounds=Bounds(0, np.inf),
    )
    if res.x is None:
        raise SystemExit(f"tableau croisé impossible : {res.message}")
    return {p: round(float(x)) for p, x in zip(pairs, res.x[:k], strict=True) if round(float(x))}


def make_2025_contracts(people: dict[str, Person], rng: random.Random) -> list[Contract]:
    pids = sorted(people)
    rng.shuffle(pids)
    private = pids[:339]
    public_only = pids[339:]
    public_types = expand(
        [(t, v[2]) for t, v in MO_TYPES.items() if t != "Etablissements privés"], rng
    )
    pairs: list[tuple[str, str]] = [(p, "Etablissements privés") for p in private]
    pairs += [(p, public_types.pop()) for p in public_only]
    duals = rng.sample(private, len(public_types))
    pairs += [(p, public_types.pop()) for p in duals]
    by_type: dict[str, list[str]] = defaultdict(list)
    for pid, t in pairs:
        by_type[t].append(pid)
    holders: list[tuple[str, str]] = []  # (participant, type) un par contrat
    for t, (_, n_contracts, n_people, _) in MO_TYPES.items():
        members = sorted(by_type[t])
        assert len(members) == n_people, (t, len(members))
        holders += [(p, t) for p in members]
        holders += [(p, t) for p in rng.choices(members, k=n_contracts - n_people)]
    # couples (type de contrat, modalité) plausibles, compatibles avec les heures, mélangés
    kinds = [pair for pair, n in cross_tab().items() for _ in range(n)]
    rng.shuffle(kinds)
    contracts: list[Contract] = []
    counters: Counter[str] = Counter()
    by_type_holders: dict[str, list[str]] = defaultdict(list)
    for pid, t in holders:
        by_type_holders[t].append(pid)
    k = 0
    market_no = 0
    for t in MO_TYPES:
        members = by_type_holders[t]
        rng.shuffle(members)
        pos = 0
        for owner, city, n_c, n_m, _ in OWNERS[t]:
            markets = [f"M25-{market_no + i + 1:03d}" for i in range(n_m)]
            market_no += n_m
            assignment = markets + rng.choices(markets, k=n_c - n_m)
            for market in assignment:
                ctype, mode = kinds[k]
                k += 1
                counters[t] += 1
                contracts.append(
                    Contract(
                        2025, "", market, owner, MO_LABELS[t], city, True, mode, ctype, members[pos]
                    )
                )
                pos += 1
        assert pos == len(members), (t, pos, len(members))
    return contracts


def solve_hours(contracts: list[Contract], people: dict[str, Person], rng: random.Random) -> None:
    """Heures entières des contrats 2025 qui reproduisent toutes les marges du rapport."""
    n = len(contracts)
    mean = {t: h / c for t, c, h in CONTRACT_TYPES}
    target = np.array([max(7.0, mean[c.ctype] * rng.lognormvariate(0, 0.35)) for c in contracts])
    rows: list[np.ndarray] = []
    lo: list[float] = []
    hi: list[float] = []

    def eq(mask: list[bool], value: float) -> None:
        rows.append(np.array(mask, dtype=float))
        lo.append(value)
        hi.append(value)

    def le(mask: list[bool], value: float) -> None:
        rows.append(np.array(mask, dtype=float))
        lo.append(-np.inf)
        hi.append(value)

    for t, _, h in CONTRACT_TYPES:
        eq([c.ctype == t for c in contracts], h)
    for m, _, h in HIRING_MODES:
        eq([c.mode == m for c in contracts], h)
    for t, (_, _, _, h) in MO_TYPES.items():
        eq([c.owner_type == MO_LABELS[t] for c in contracts], h)
    for owners in OWNERS.values():
        for owner, _, _, _, h in owners:
            mask = [c.owner == owner for c in contracts]
            if h is None:
                le(mask, 3500)
            else:
                eq(mask, h)
    band_of = {}
    for pid, p in people.items():
        age = 2025 - p.birth.year
        band_of[pid] = next(b for b, _, _, (lo_a, hi_a) in AGE_BANDS if lo_a <= age <= hi_a)
    for b, _, h, _ in AGE_BANDS:
        eq([band_of[c.person] == b for c in contracts], h)
    for s, _, h in STATUSES:
        eq([s in people[c.person].statuses for c in contracts], h)
    for p_, _, h in PRESCRIBERS:
        eq([people[c.person].prescriber == p_ for c in contracts], h)
    for e, _, h in EDUCATION:
        eq([people[c.person].education == e for c in contracts], h)
    for city, qpv, quarter, _, h in DOMICILES:
        eq(
            [
                (people[c.person].city, people[c.person].qpv, people[c.person].quarter)
                == (city, qpv, quarter)
                for c in contracts
            ],
            h,
        )
    for pid in sorted(people):
        le([c.person == pid for c in contracts], 2200)
    # variables : heures (n), écarts positifs (n), écarts négatifs (n)
    a_main = np.vstack(rows)
    zeros = np.zeros_like(a_main)
    a = np.hstack([a_main, zeros, zeros])
    link = np.hstack([np.eye(n), -np.eye(n), np.eye(n)])  # h - d+ + d- = cible
    constraints = [LinearConstraint(a, lo, hi), LinearConstraint(link, target, target)]
    cost = np.concatenate([np.zeros(n), np.ones(2 * n)])
    lower = np.concatenate([np.full(n, 7.0), np.zeros(2 * n)])
    upper = np.concatenate([np.full(n, 2100.0), np.full(2 * n, np.inf)])
    integrality = np.concatenate([np.ones(n), np.zeros(2 * n)])
    result = milp(
        cost,
        constraints=constraints,
        bounds=Bounds(lower, upper),
        integrality=integrality,
        options={"time_limit": 600, "disp": False},
    )
    if result.x is None:
        raise SystemExit(f"pas de solution : {result.message}")
    for c, h in zip(contracts, result.x[:n], strict=True):
        c.hours = round(float(h))


def outside_contracts(
    year: int, total: int, pids: list[str], n: int, rng: random.Random
) -> list[Contract]:
    hours = split_exact(total, n, rng, minimum=35)
    out = []
    for i, h in enumerate(hours):
        ctype, mode = rng.choice([("CTTI", "ETTI"), ("CTT", "ETT"), ("CDD", "Embauche directe")])
        out.append(
            Contract(
                year,
                "",
                f"HT{year % 100}-{i // 3 + 1:03d}",
                "Autres facilitateurs",
                "Etablissements privés",
                rng.choice(OTHER_CITIES[:-1]),
                False,
                mode,
                ctype,
                rng.choice(pids),
                h,
            )
        )
    return out


def simple_year(year: int, pids: list[str], rng: random.Random) -> list[Contract]:
    """Une année antérieure : totaux exacts du bilan, et pour 2024 ceux du texte."""
    total_hours = HISTORY[year][0]
    if year == 2024:
        territory, n_contracts, n_markets = Y2024["territoire"], Y2024["contrats"], Y2024["marches"]
    else:
        territory = round(total_hours * 0.9)
        n_contracts = round(len(pids) * 1.4)
        n_markets = max(20, n_contracts // 3)
    holders = pids[:] + rng.choices(pids, k=n_contracts - len(pids))
    rng.shuffle(holders)
    markets = [f"M{year % 100}-{i + 1:03d}" for i in range(n_markets)]
    assignment = markets + rng.choices(markets, k=n_contracts - n_markets)
    rng.shuffle(assignment)
    owners = [(o, t, city) for t, lst in OWNERS.items() for o, city, *_ in lst]
    market_owner = {m: rng.choice(owners) for m in markets}
    if year == 2024:
        kinds = ["CDI"] * Y2024["cdi"] + ["CTTI"] * 250 + ["CTT"] * (Y2024["interim"] - 250)
        kinds += rng.choices(
            ["CDD", "Apprentissage", "CMAD", "CDDI", "Professionnalisation"],
            k=n_contracts - len(kinds),
        )
    else:
        kinds = rng.choices(
            ["CTTI", "CTT", "CDD", "CDI", "Apprentissage", "CMAD"],
            weights=[45, 25, 15, 3, 7, 5],
            k=n_contracts,
        )
    rng.shuffle(kinds)
    mode_of = {"CTTI": "ETTI", "CTT": "ETT", "CDDI": "EI", "CMAD": "AI"}
    if year == 2024:
        holders = _holders_2024(pids, assignment, market_owner, rng)
    contracts = [
        Contract(
            year,
            "",
            m,
            market_owner[m][0],
            MO_LABELS[market_owner[m][1]],
            market_owner[m][2],
            True,
            mode_of.get(k, "Embauche directe"),
            k,
            p,
        )
        for p, m, k in zip(holders, assignment, kinds, strict=True)
    ]
    if year == 2024:
        private = [c for c in contracts if c.owner_type == "Etablissements privés"]
        public = [c for c in contracts if c.owner_type != "Etablissements privés"]
        groups = [(private, Y2024["prive"]), (public, territory - Y2024["prive"])]
    else:
        groups = [(contracts, territory)]
    for group, hours in groups:
        for c, h in zip(group, split_exact(hours, len(group), rng), strict=True):
            c.hours = h
    n_out = max(10, len(pids) // 10)
    return contracts + outside_contracts(year, total_hours - territory, pids, n_out, rng)


def _holders_2024(
    pids: list[str],
    assignment: list[str],
    market_owner: dict[str, tuple[str, str, str]],
    rng: random.Random,
) -> list[str]:
    """Titulaires des contrats 2024 : les contrats des maîtres d'ouvrage publics vont à
    exactement ``Y2024["personnes_marches_publics"]`` personnes (77), les autres aux
    autres participants ; chacun a au moins un contrat."""
    n_public = Y2024["personnes_marches_publics"]
    pool = pids[:]
    rng.shuffle(pool)
    public_people, private_people = pool[:n_public], pool[n_public:]
    public_slots = [
        i for i, m in enumerate(assignment) if market_owner[m][1] != "Etablissements privés"
    ]
    private_slots = [
        i for i, m in enumerate(assignment) if market_owner[m][1] == "Etablissements privés"
    ]
    assert len(public_slots) >= n_public and len(private_slots) >= len(private_people)
    holders = [""] * len(assignment)
    for slots, people in ((public_slots, public_people), (private_slots, private_people)):
        chosen = people + rng.choices(people, k=len(slots) - len(people))
        rng.shuffle(chosen)
        for i, p in zip(slots, chosen, strict=True):
            holders[i] = p
    return holders


def random_person(pid: str, first_year: int, rng: random.Random) -> Person:
    age = rng.randint(19, 60)
    city, qpv, quarter, _, _ = rng.choice(DOMICILES)
    main = rng.choice([s for s, _, _ in STATUSES])
    return Person(
        pid,
        date(first_year - age, rng.randint(1, 12), rng.randint(1, 28)),
        "F" if rng.random() < 0.05 else "H",
        rng.choice([e for e, _, _ in EDUCATION]),
        [main],
        rng.choice([p for p, _, _ in PRESCRIBERS]),
        city,
        qpv,
        quarter,
    )


def profile_before_2025(
    people: dict[str, Person], sets: dict[int, list[str]], rng: random.Random
) -> None:
    """Le profil des participants absents de 2025 (âge, domicile, niveau, statut,
    prescripteur), tiré selon celui des participants de 2025 que donne le rapport
    (tirage à part, après tout le reste : 2025 et les décomptes ne bougent pas ; le sexe,
    ajusté aux 17 femmes de 2024, non plus). :func:`random_person` prenait chaque
    modalité avec la même chance : 7 domiciles sur 11 en QPV, 41 % des participants de
    2024 en QPV contre 14 % en 2025. Le rapport 2025 ne dit rien de ces répartitions
    avant 2025 : inventé."""
    in_2025 = set(sets[2025])

    def weighted(rows: list[Any], count: int = 1) -> Any:
        return rng.choices(rows, weights=[r[count] for r in rows])[0]

    for pid in sorted(people):
        if pid in in_2025:
            continue
        person = people[pid]
        first = min(y for y, members in sets.items() if pid in members)
        _, _, _, (low, high) = weighted(AGE_BANDS)
        age = rng.randint(low, high)
        person.birth = date(first - age, rng.randint(1, 12), rng.randint(1, 28))
        person.city, person.qpv, person.quarter, _, _ = weighted(DOMICILES, 3)
        person.education = weighted(EDUCATION)[0]
        statuses = [s for s in STATUSES if person.qpv or s[0] != "QPV éloigné de l'emploi"]
        person.statuses = [weighted(statuses)[0]]
        person.prescriber = weighted(PRESCRIBERS)[0]


def assign_exits(
    year: int,
    pids: list[str],
    people: dict[str, Person],
    fixed: dict[str, int],
    holders_first: list[str],
    rng: random.Random,
) -> None:
    pool = [p for p in pids if p not in holders_first]
    rng.shuffle(pool)
    order = holders_first + pool
    labels = [label for label, n in fixed.items() for _ in range(n)]
    for pid, label in zip(order, labels, strict=False):
        people[pid].exits[year] = label
    for pid in order[len(labels) :]:
        people[pid].exits[year] = rng.choice(OTHER_EXITS)


def contract_dates(c: Contract, rng: random.Random) -> tuple[str, str]:
    days = max(1, round(c.hours / 7 * 1.4))
    start = date(c.year, 1, 1) + timedelta(days=rng.randint(0, max(0, 364 - min(days, 364))))
    end = start + timedelta(days=days)
    end_text = "" if end.year > c.year else end.strftime("%d/%m/%Y")
    return start.strftime("%d/%m/%Y"), end_text


def _plain(town: str) -> str:
    text = unicodedata.normalize("NFKD", town).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.lower() if ch.isalnum())


def place_other_towns(
    people: dict[str, Person], contracts: list[Contract], rng: random.Random
) -> None:
    """Commune des participants 2025 qui habitent hors du territoire : proche de leur
    chantier principal (la ville du territoire où ils ont fait le plus d'heures en 2025, à
    égalité la première dans l'ordre alphabétique) pour autant d'entre eux qu'il en faut
    pour ``NEAR_2025``, loin pour les autres. Le QPV et le nombre de participants et
    d'heures de chaque ligne du tableau de domiciliation ne changent pas."""
    config = tomllib.loads((OUT.parents[1] / "gipkit.toml").read_text(encoding="utf-8"))
    neighbours = {
        _plain(site): {_plain(t) for t in towns}
        for site, towns in config["serci"]["communes_voisines"].items()
    }
    hours: dict[str, Counter[str]] = defaultdict(Counter)
    for c in contracts:
        if c.year == 2025 and c.territory:
            hours[c.person][c.city] += c.hours
    site = {
        pid: sorted(by_city.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        for pid, by_city in hours.items()
    }

    def near(home: str, where: str) -> bool:
        return _plain(home) == _plain(where) or _plain(home) in neighbours.get(_plain(where), ())

    movable = sorted(p for p in site if people[p].city not in TERRITORY)
    fixed = sum(near(people[p].city, site[p]) for p in site if p not in movable)
    wanted = NEAR_2025 - fixed
    assert 0 <= wanted <= len(movable), (fixed, len(movable))
    rng.shuffle(movable)
    for i, pid in enumerate(movable):
        towns = sorted(t for t in OTHER_HOMES if near(t, site[pid]) == (i < wanted))
        assert towns, (pid, site[pid])
        person = people[pid]
        person.city = rng.choice(towns)
        person.quarter = OTHER_HOMES[person.city] if person.qpv else ""


def spanning_contracts(rows: list[list[Any]]) -> list[list[Any]]:
    """``SPANNING`` contrats de 2024 prolongés en 2025 : un participant qui a, sur une même
    opération (même maître d'ouvrage et même ville), un contrat en 2024 et un autre de même
    type et de même modalité en 2025. Le contrat de 2024 continue jusqu'à la veille du
    second : sa ligne 2025 prend une partie des heures 2025 du participant sur ce contrat,
    et les deux marchés n'en font qu'un (un marché qui court sur 2024 et 2025). Aucun
    tableau ne change : mêmes heures par participant, opération, type et modalité, même
    nombre de marchés chaque année ; seul le compte des contrats de 2025 à l'année
    d'activité gagne ces contrats (voir ``serci.annee_des_contrats``)."""
    col = {name: i for i, name in enumerate(HEADER)}
    same = [
        col[k]
        for k in (
            "Identifiant participant",
            "Maître d'ouvrage",
            "Ville de l'opération",
            "Type de contrat",
            "Modalité d'embauche",
        )
    ]

    def key(row: list[Any]) -> tuple[Any, ...]:
        return tuple(row[i] for i in same)

    def day(text: Any) -> date:
        d, m, y = str(text).split("/")
        return date(int(y), int(m), int(d))

    territory = [r for r in rows if r[col["Sur le territoire"]] == "Oui"]
    first_2024: dict[tuple[Any, ...], list[Any]] = {}
    for r in territory:
        if r[0] == 2024:
            first_2024.setdefault(key(r), r)
    markets_2025 = Counter(r[col["N° marché"]] for r in rows if r[0] == 2025)
    taken: set[Any] = set()
    merged: dict[Any, Any] = {}
    added: list[tuple[list[Any], list[Any]]] = []
    for r in territory:
        old = first_2024.get(key(r)) if r[0] == 2025 else None
        if old is None or len(added) == SPANNING:
            continue
        start = day(r[col["Date de début"]])
        if r[col["Heures réalisées"]] < 50 or start < date(2025, 1, 10):
            continue
        if old[col["N° marché"]] in taken or r[col["N° marché"]] in merged:
            continue
        taken.add(old[col["N° marché"]])
        merged[r[col["N° marché"]]] = old[col["N° marché"]]
        end = min(start - timedelta(days=1), date(2025, 3, 28))
        moved = min(r[col["Heures réalisées"]] // 2, 7 * ((end - date(2025, 1, 1)).days // 2))
        r[col["Heures réalisées"]] -= moved
        old[col["Date de fin"]] = end.strftime("%d/%m/%Y")
        extra = list(r)
        for name in ("N° contrat", "Employeur", "Date de début", "Date de fin"):
            extra[col[name]] = old[col[name]]
        extra[col["Heures réalisées"]] = moved
        added.append((r, extra))
    assert len(added) == SPANNING, len(added)
    assert all(markets_2025[m] >= 1 for m in merged)
    out: list[list[Any]] = []
    after = {id(r): extra for r, extra in added}
    for r in rows:
        if r[col["N° marché"]] in merged:  # le marché 2025 est celui de 2024, prolongé
            r[col["N° marché"]] = merged[r[col["N° marché"]]]
            r[col["Opération"]] = f"Opération {r[col['N° marché']]}"
        out.append(r)
        if id(r) in after:
            extra = after[id(r)]
            extra[col["N° marché"]] = r[col["N° marché"]]
            extra[col["Opération"]] = r[col["Opération"]]
            out.append(extra)
    return out


def main() -> None:
    rng = random.Random(SEED)
    sets = people_sets(rng)
    people = make_2025_people(sets[2025], rng)
    first_year = {}
    for year in sorted(sets):
        for pid in sets[year]:
            first_year.setdefault(pid, year)
    for pid, y in sorted(first_year.items()):
        if pid not in people:
            people[pid] = random_person(pid, y, rng)
    # 17 femmes en 2024 : on ajuste le sexe des participants absents de 2025
    women_2024 = [p for p in sets[2024] if people[p].sex == "F"]
    adjustable = [p for p in sets[2024] if p not in sets[2025]]
    for pid in adjustable:
        people[pid].sex = "H"
    women_2024 = [p for p in sets[2024] if people[p].sex == "F"]
    for pid in rng.sample(adjustable, WOMEN_2024 - len(women_2024)):
        people[pid].sex = "F"
    people_2025 = {pid: people[pid] for pid in sets[2025]}
    contracts = make_2025_contracts(people_2025, rng)
    solve_hours(contracts, people_2025, rng)
    contracts += outside_contracts(2025, HOURS_OUTSIDE_2025, sets[2025], 40, rng)
    cdi_2025 = sorted({c.person for c in contracts if c.year == 2025 and c.ctype == "CDI"})
    assign_exits(2025, sets[2025], people, EXITS_2025, cdi_2025, rng)
    for year in range(2020, 2025):
        year_contracts = simple_year(year, sets[year], rng)
        contracts += year_contracts
        cdi = sorted({c.person for c in year_contracts if c.ctype == "CDI"})
        fixed = EXITS_2024 if year == 2024 else {"Abandon ou départ volontaire": 4}
        assign_exits(year, sets[year], people, fixed, cdi[: fixed.get("CDI", 0)], rng)
    # « La ville de Choisy-le-Roi, comme les trois dernières années, n'a aucunement fait
    # appel au SERCI » : ses marchés de commune s'arrêtent en 2021 (sans tirage : les
    # marchés de commune d'Ivry de 2020 et 2021 deviennent ceux de Choisy)
    for c in contracts:
        if c.year <= 2021 and c.owner == "Ville d'Ivry-sur-Seine":
            c.owner, c.city = "Ville de Choisy-le-Roi", "Choisy-le-Roi"
    contracts.sort(key=lambda c: (c.year, c.territory is False, c.market, c.person))
    employers = {
        "ETTI": ["HUMANDO", "SBC INSERTION", "JANUS", "ID INTERIM", "PRO EMPLOI INTERIM"],
        "ETT": ["ADECCO", "RANDSTAD", "MANPOWER"],
        "GEIQ": ["GEIQ BTP 94"],
        "AI": ["AI VITRY SERVICES"],
        "EI": ["EI BATI 94"],
        "EA": ["EA AVENIR"],
        "ESAT": ["ESAT LES ATELIERS"],
        "Embauche directe": [
            "BOUYGUES BATIMENT",
            "EIFFAGE CONSTRUCTION",
            "SPIE BATIGNOLLES",
            "VINCI CONSTRUCTION",
        ],
    }
    # durées des contrats de sortie : un tirage à part (le reste de la fixture ne bouge pas)
    durations_rng = random.Random(f"{SEED}-durees")
    duration: dict[tuple[int, str], int] = {}
    for pid in sorted(people):
        for year, label in sorted(people[pid].exits.items()):
            if label in EXIT_DURATIONS:
                duration[(year, pid)] = durations_rng.randint(*EXIT_DURATIONS[label])
    # ressources à l'entrée : un tirage à part aussi ; 210 précaires parmi les 389 de 2025
    resources_rng = random.Random(f"{SEED}-ressources")
    # (un bénéficiaire du RSA a pour ressources les minima sociaux)
    in_2025 = sorted(sets[2025])
    rsa = [pid for pid in sorted(people) if "Bénéficiaire du RSA" in people[pid].statuses]
    rsa_2025 = [pid for pid in rsa if pid in sets[2025]]
    others = [pid for pid in in_2025 if pid not in set(rsa_2025)]
    precarious = set(rsa_2025) | set(resources_rng.sample(others, PRECARIOUS_2025 - len(rsa_2025)))
    resources: dict[str, str] = {}
    for pid in sorted(people):
        if pid in rsa:
            resources[pid] = "Minima sociaux (RSA, AAH)"
            continue
        if pid in sets[2025]:
            pool = PRECARIOUS if pid in precarious else NOT_PRECARIOUS
        else:
            pool = PRECARIOUS if resources_rng.random() < 0.5 else NOT_PRECARIOUS
        resources[pid] = resources_rng.choice(pool)
    profile_before_2025(people, sets, random.Random(f"{SEED}-profil-avant-2025"))
    place_other_towns(people, contracts, random.Random(f"{SEED}-communes"))
    rows: list[list[Any]] = []
    for i, c in enumerate(contracts, start=1):
        p = people[c.person]
        start, end = contract_dates(c, rng)
        rows.append(
            [
                c.year,
                f"C{c.year}-{i:05d}",
                c.market,
                f"Opération {c.market}",
                c.owner,
                c.owner_type,
                c.city,
                "Oui" if c.territory else "Non",
                rng.choice(employers[c.mode]),
                c.mode,
                c.ctype,
                start,
                end,
                c.hours,
                c.person,
                p.sex,
                p.birth.strftime("%d/%m/%Y"),
                p.education,
                "|".join(p.statuses),
                p.prescriber,
                p.city,
                "Oui" if p.qpv else "Non",
                p.quarter,
                p.exits.get(c.year, "En parcours"),
                duration.get((c.year, c.person), ""),
                resources[c.person],
            ]
        )
    rows = spanning_contracts(rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"{OUT} : {len(rows)} lignes")


if __name__ == "__main__":
    main()
