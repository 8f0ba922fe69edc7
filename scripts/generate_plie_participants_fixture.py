"""Génère l'extraction fictive des participants du PLIE : ``fixtures/plie/participants.csv``.

Comme une extraction du logiciel de parcours enregistrée par Excel : Windows-1252, « ; »,
dates JJ/MM/AAAA, une ligne par parcours. Les personnes passées en SIAE ont le courriel
de leurs candidatures (``candidatures-2023-2025.xlsx``, à générer d'abord) pour la
jointure. Reproduit le rapport 2025 du PLIE : 388 personnes suivies (339 en 2024), 130
entrées (139), 127 sorties (81), 261 en parcours au 31 décembre avec 3 référents ; 54 %
à Vitry ; 61 % d'accueils spontanés (68 % à Ivry, 52 % à Vitry ; 42 % en 2024) et 17 %
de France Travail (25 %) ; 61 % de femmes (53 % des entrants ; 62 % et 66 % en 2024) ;
âge moyen 44 ans (42 pour les femmes, 45 pour les hommes ; 45 en 2024) ; 52 % de 26-44
ans (55 % des entrants, dont 65 % de femmes) ; 42 % sans diplôme, 25 % CAP-BEP, 15 % BAC,
18 % BAC+2 et plus ;
27 % sans ressource, plus de 40 % aux minima sociaux, 4 % de salariés ; RSA 42 % (32 %
des entrants ; 48 % et 43 % en 2024) ; QPV 39 % (34 % à Ivry, 42 % à Vitry ; 37, 32 et
40 % en 2024), poches de pauvreté 21 % ; 44 % de sorties positives (53 % en 2024) ;
durée moyenne 21 mois (21,5 en 2024), 26 mois pour les « employables avec accompagnement
régulier » ; la typologie d'employabilité et le tableau des souhaits métiers par domaine
ROME ; le profil des personnes passées en SIAE (RSA 52 %, sans diplôme 51 %, ACI : 59 %
ARSA et 64 % de femmes, ETTI : 40 % ARSA, AI : 91 % de femmes).

Déterministe (graine fixe). Usage : ``python scripts/generate_plie_participants_fixture.py``.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

import polars as pl

SEED = 388
FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "plie"
VITRY, IVRY = "Vitry-sur-Seine", "Ivry-sur-Seine"
MONTH = 365.25 / 12

# personnes : A = en parcours fin 2024 et suivies en 2025 (258), E = entrants 2025 (130),
# X = sortis en 2024 (81) ; O = sortis en 2023 (68, écartés d'un calcul 2025)
N_A, N_E, N_X, N_O = 258, 130, 81, 68
SEX = {"A": (168, 90), "E": (69, 61), "X": (42, 39)}  # (femmes, hommes)
CITY = {"A": {VITRY: 152, IVRY: 106}, "E": {VITRY: 58, IVRY: 72}, "X": {VITRY: 65, IVRY: 16}}
QPV = {VITRY: 89, IVRY: 61}  # suivis 2025
QPV_2024_IVRY = 39  # 39 / 122 = 32 %, +2 points en 2025 ; Vitry : 86 / 217 = 40 %
# âges au 31/12/2025 des suivis 2025, par sexe : (26-44, 45-54, 55+) et somme des âges
AGES = {"F": ((130, 76, 31), 10060), "H": ((72, 41, 38), 6863)}
ENTRANTS_26_44 = 72
# « 55% des nouveaux publics accompagnés en 2025 ont entre 26 et 44 ans (65% sont des
# femmes) » : 47 femmes parmi ces 72 entrants (65,3 %)
ENTRANTES_26_44 = 47
LEVELS = {  # suivis 2025 par sexe
    "F": {"Sans diplôme": 88, "CAP/BEP": 56, "Bac": 38, "Bac+2": 55},
    "H": {"Sans diplôme": 75, "CAP/BEP": 41, "Bac": 20, "Bac+2": 15},
}
NO_DIPLOMA_2023 = 0.31
LEVELS_2024 = {"Sans diplôme": 0.42, "CAP/BEP": 0.27, "Bac": 0.13, "Bac+2": 0.18}
ENTRANTS_BAC_PLUS = 49
RESOURCES = {
    "Aucune": 105,
    "RSA": 130,
    "ASS": 20,
    "AAH": 10,
    "ARE": 60,
    "Salaire": 16,
    "Pension": 47,
}
RSA_FOLLOWED, RSA_ENTRANTS = 163, 42
POCHES = 81
PRESCRIBERS_E = {IVRY: {"Accueil spontané": 49}, VITRY: {"Accueil spontané": 30}}
PRESCRIBERS_E_REST = {
    "France Travail": 22,
    "Mission Locale": 8,
    "CCAS": 7,
    "SIAE": 4,
    "Département (RSA)": 3,
    "Autre partenaire": 7,
}
PRESCRIBERS_2024 = {
    "Accueil spontané": 58,
    "France Travail": 35,
    "Département (RSA)": 25,
    "Mission Locale": 8,
    "CCAS": 8,
    "Autre partenaire": 5,
}
ENTRANTS_2024 = {"total": 139, "from_X": 10}
CATEGORIES = {"1a": 112, "1b": 101, "2a": 50, "2b": 58, "3": 67}
#: durée moyenne des parcours sortis de la catégorie 3 (mois)
TARGET_3 = 23.0
# sorties : situation -> (2025, 2024)
EXITS = {
    "CDI": (10, 8),
    "CDD de 6 mois ou plus": (18, 15),
    "Intérim de 6 mois ou plus": (6, 4),
    "Contrat en alternance": (4, 3),
    "Création d'entreprise": (3, 2),
    "Formation qualifiante validée": (15, 11),
    "CDD de moins de 6 mois": (12, 8),
    "Formation non qualifiante": (8, 6),
    "Abandon": (30, 14),
    "Déménagement": (8, 5),
    "Raisons de santé": (7, 3),
    "Autre sortie": (6, 2),
}
EXITS_FROM_E = 17
EXITS_1A = 30
# souhaits métiers 2025 : domaine -> (souhaits, dont femmes) ; 450 souhaits
WISHES = {
    "K": (151, 122),
    "M": (62, 55),
    "G": (77, 54),
    "N": (43, 2),
    "D": (42, 34),
    "F": (38, 1),
    "autres": (37, 23),
}
OTHER_LETTERS = "ABCEHIJL"
# personnes passées en SIAE retrouvées parmi les participants : type -> [(sexe, rsa)…]
SIAE = {
    "ACI": [("F", True)] * 8 + [("F", False)] * 6 + [("H", True)] * 5 + [("H", False)] * 3,
    "ETTI": [("H", True)] * 5 + [("F", True)] + [("H", False)] * 7 + [("F", False)] * 2,
    "AI": [("F", True)] * 6 + [("F", False)] * 4 + [("H", False)],
    "EI": [("F", True)] * 4 + [("H", True)] * 6 + [("F", False)] * 4 + [("H", False)] * 6,
    "EITI": [("H", True)],
}
SIAE_NO_DIPLOMA = {"ACI": 12, "ETTI": 8, "AI": 6, "EI": 9, "EITI": 0}
REFERENTS = {VITRY: ["REF-VITRY-1", "REF-VITRY-2"], IVRY: ["REF-IVRY-1"]}
LEFT = "REF-IVRY-2"  # parti en octobre 2025


def spread(items: dict[str, int], rng: random.Random) -> list[str]:
    out = [k for k, n in items.items() for _ in range(n)]
    rng.shuffle(out)
    return out


def day(rng: random.Random, start: date, end: date) -> date:
    return date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def ages_for(
    rng: random.Random,
    counts: tuple[int, int, int],
    total: int,
    bands: tuple[tuple[int, int], ...] = ((26, 44), (45, 54), (55, 64)),
) -> list[int]:
    """Des âges dans les trois tranches, dont la somme vaut ``total``."""
    low = sum(lo * n for (lo, _), n in zip(bands, counts, strict=True))
    high = sum(hi * n for (_, hi), n in zip(bands, counts, strict=True))
    assert low <= total <= high, (low, total, high)
    ages = [
        rng.randint(lo, hi) for (lo, hi), n in zip(bands, counts, strict=True) for _ in range(n)
    ]
    band_of = [i for i, n in enumerate(counts) for _ in range(n)]
    gap = total - sum(ages)
    while gap:
        i = rng.randrange(len(ages))
        lo, hi = bands[band_of[i]]
        step = 1 if gap > 0 else -1
        if lo <= ages[i] + step <= hi:
            ages[i] += step
            gap -= step
    return ages


def pick_entrants_2024(
    rng: random.Random,
    people: dict[str, dict[str, object]],
    groups: dict[str, list[str]],
    leaving_a: list[str],
    open_a: list[str],
) -> list[str]:
    """Les personnes toujours en parcours entrées en 2024 : assez de femmes et
    d'allocataires du RSA pour que les entrants 2024 soient à 66 % des femmes et à 43 %
    au RSA (les 10 sortis de 2024 entrés dans l'année n'ont pas le RSA)."""
    already = [p for p in leaving_a if people[p]["entry"].year == 2024]  # type: ignore[attr-defined]
    short_x = groups["X"][: ENTRANTS_2024["from_X"]]
    m = ENTRANTS_2024["total"] - len(short_x) - len(already)
    women = 92 - sum(1 for p in [*already, *short_x] if people[p]["sex"] == "F")
    rsa = 60 - sum(1 for p in already if people[p]["rsa"])
    both = round(rsa * women / m)
    plan = {("F", True): both, ("F", False): women - both, ("H", True): rsa - both}
    plan[("H", False)] = m - sum(plan.values())
    out: list[str] = []
    for (sex, flag), n in plan.items():
        pool = sorted(p for p in open_a if people[p]["sex"] == sex and people[p]["rsa"] == flag)
        out += rng.sample(pool, n)
    return out


# --- histoire depuis la création (2004) -----------------------------------------------------
# Parcours finis avant 2023, ajoutés pour que l'extraction remonte à la création du PLIE :
# 8 012 personnes accompagnées depuis 2004 fin 2025 (« le cap des 8 000 personnes » franchi
# en 2025 : 7 882 fin 2024) ; part des femmes 42 % en 2005, 55 % en 2015 ; âge moyen (au
# 31 décembre) 55 ans en 2004, 51 ans en 2014 (rapport) ; le reste est inventé.
HISTORY_TOTAL = 8012
HISTORY_YEARS = range(2004, 2023)
WOMEN_SHARE = {2005: 0.42, 2015: 0.55}
MEAN_AGE = {2004: 55, 2014: 51}


def _touches(row: dict[str, object], year: int) -> bool:
    return row["entry"].year <= year <= row["exit"].year  # type: ignore[attr-defined]


def _age(row: dict[str, object], year: int) -> int:
    birth: date = row["birth"]  # type: ignore[assignment]
    return year - birth.year - ((birth.month, birth.day) > (12, 31))


def history(current: int, templates: list[list[object]]) -> list[list[object]]:
    """Les parcours anciens (2004-2022) de ``HISTORY_TOTAL - current`` personnes."""
    rng = random.Random(SEED + 100)
    total = HISTORY_TOTAL - current
    # une activité plus forte aux premières années, qui décroît jusqu'aux effectifs
    # d'aujourd'hui (sans rupture entre les parcours anciens et ceux de l'extraction)
    weights = [(1.7 - 1.5 * (y - 2004) / 18) * rng.uniform(0.9, 1.1) for y in HISTORY_YEARS]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[i] += 1
    pathways: list[dict[str, object]] = []
    for year, n in zip(HISTORY_YEARS, counts, strict=True):
        progress = (year - 2004) / 18
        for _ in range(n):
            entry = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
            leave = min(entry + timedelta(days=rng.randint(180, 730)), date(2022, 12, 31))
            age = max(26, min(64, round(rng.gauss(55 - 8 * progress, 6))))
            birth = date(year - age, rng.randint(1, 12), rng.randint(1, 28))
            women = 0.40 + 0.18 * progress
            pathways.append(
                {
                    "entry": entry,
                    "exit": leave,
                    "birth": birth,
                    "sex": "F" if rng.random() < women else "H",
                }
            )
    # part des femmes exacte les années citées (ensembles disjoints : parcours de 2 ans au plus)
    for year, share in WOMEN_SHARE.items():
        group = [p for p in pathways if _touches(p, year)]
        target = next(
            k for k in range(len(group) + 1) if round(100 * k / len(group)) == round(100 * share)
        )
        women = [p for p in group if p["sex"] == "F"]
        men = [p for p in group if p["sex"] == "H"]
        for p in rng.sample(men, target - len(women)) if target > len(women) else []:
            p["sex"] = "F"
        for p in rng.sample(women, len(women) - target) if target < len(women) else []:
            p["sex"] = "H"
    # âge moyen exact les années citées : on vieillit ou rajeunit d'un an quelques personnes
    for year, mean in MEAN_AGE.items():
        group = [p for p in pathways if _touches(p, year)]
        while round(sum(_age(p, year) for p in group) / len(group)) != mean:
            step = 1 if sum(_age(p, year) for p in group) / len(group) < mean else -1
            p = rng.choice(group)
            birth: date = p["birth"]  # type: ignore[assignment]
            p["birth"] = birth.replace(year=birth.year - step)
    motives = [str(t[13]) for t in templates if t[13]]
    rows: list[list[object]] = []
    for i, p in enumerate(pathways, start=1):
        model = rng.choice(templates)
        rows.append(
            [
                f"P{10000 + i}",
                "Femme" if p["sex"] == "F" else "Homme",
                p["birth"].strftime("%d/%m/%Y"),  # type: ignore[attr-defined]
                *model[3:10],
                f"REF-{rng.choice(['IVRY', 'VITRY'])}-{rng.randint(1, 4)}",
                p["entry"].strftime("%d/%m/%Y"),  # type: ignore[attr-defined]
                p["exit"].strftime("%d/%m/%Y"),  # type: ignore[attr-defined]
                rng.choice(motives),
                model[14],
                model[15],
                f"ancien{10000 + i}@example.org",
            ]
        )
    return rows


# --- liste d'attente -------------------------------------------------------------------------
# 21 personnes en attente au 31 décembre 2025 (« à ce jour, 21 personnes […] attendent »,
# rapport) ; le reste est inventé : 70 % des entrants de 2025 et 60 % de ceux de 2024 sont
# passés par la liste (1 à 4 mois d'attente), 6 personnes attendaient fin 2024 (4 entrées
# en 2025, 2 parties), 7 parties de la liste en 2025 sans entrer.
WAITING_2025 = 21


def preregistrations(people: dict[str, dict[str, object]]) -> int:
    """Écrit ``preinscriptions.csv`` ; rend le nombre de lignes."""
    rng = random.Random(SEED + 200)
    rows: list[list[object]] = []
    entrants = {
        year: sorted(p for p, v in people.items() if v["entry"].year == year)  # type: ignore[attr-defined]
        for year in (2024, 2025)
    }
    listed = {
        2025: rng.sample(entrants[2025], round(0.7 * len(entrants[2025]))),
        2024: rng.sample(entrants[2024], round(0.6 * len(entrants[2024]))),
    }
    late_2024 = set(rng.sample(listed[2025], 4))  # en attente fin 2024, entrées en 2025
    for year, pids in listed.items():
        for pid in pids:
            entry: date = people[pid]["entry"]  # type: ignore[assignment]
            if pid in late_2024:
                start = min(date(2024, 12, 31), entry - timedelta(days=20))
                pre = date(2024, rng.randint(9, 12), rng.randint(1, 28))
                pre = min(pre, start)
            else:
                pre = max(entry - timedelta(days=rng.randint(20, 120)), date(year, 1, 1))
            rows.append([pid, pre, entry, None])
    number = 0
    for _ in range(2):  # en attente fin 2024, parties début 2025
        number += 1
        pre = date(2024, rng.randint(10, 12), rng.randint(1, 28))
        rows.append(
            [f"W{number:04d}", pre, None, date(2025, rng.randint(1, 3), rng.randint(1, 28))]
        )
    for _ in range(7):  # parties de la liste en 2025
        number += 1
        pre = date(2025, rng.randint(1, 8), rng.randint(1, 28))
        rows.append([f"W{number:04d}", pre, None, pre + timedelta(days=rng.randint(15, 90))])
    for _ in range(WAITING_2025):  # en attente au 31 décembre 2025
        number += 1
        pre = date(2025, rng.randint(8, 12), rng.randint(1, 20))
        rows.append([f"W{number:04d}", pre, None, None])
    rows.sort(key=lambda r: (r[1], r[0]))  # type: ignore[arg-type, return-value]

    def fmt(d: object) -> str:
        return d.strftime("%d/%m/%Y") if isinstance(d, date) else ""

    with (FOLDER / "preinscriptions.csv").open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            [
                "N° participant",
                "Date de pré-inscription",
                "Date d'entrée en parcours",
                "Date de sortie de la liste",
            ]
        )
        writer.writerows([[r[0], fmt(r[1]), fmt(r[2]), fmt(r[3])] for r in rows])
    return len(rows)


# « en 2023, 66 % des orientations provenaient de France Travail et du réseau de
# partenaires départementaux accompagnant les bénéficiaires du RSA, avec seulement 6 %
# d'accueils spontanés » ; « 32 % des nouveaux entrants étaient ARSA, contre 39 % en 2023 »
PRESCRIBERS_2023 = {"spontaneous": 0.06, "institutional": 0.66}
RSA_2023 = 0.39


def entrants_2023(rows: list[list[str]], rng: random.Random) -> None:
    """Le prescripteur et le RSA des entrants de 2023, tirés à part (le reste ne bouge
    pas : les tableaux de 2024 et 2025 portent sur leurs entrants ; le RSA ne change que
    pour des entrants de 2023 sortis en 2023, qui ne sont plus suivis ensuite)."""
    mine = sorted((r for r in rows if r[11].endswith("2023")), key=lambda r: (r[0], r[11]))
    n = len(mine)
    spontaneous = round(PRESCRIBERS_2023["spontaneous"] * n)
    institutional = round(PRESCRIBERS_2023["institutional"] * n)
    labels = ["Accueil spontané"] * spontaneous
    labels += [rng.choice(["France Travail", "Département (RSA)"]) for _ in range(institutional)]
    labels += [
        rng.choice(["Mission Locale", "CCAS", "Autre partenaire"]) for _ in range(n - len(labels))
    ]
    rng.shuffle(labels)
    for r, label in zip(mine, labels, strict=True):
        r[9] = label

    # le RSA : chaque entrant de 2023 dont le drapeau doit changer échange ressources et
    # drapeau avec une personne entrée avant 2023, suivie les mêmes années, qui a l'autre
    # drapeau (les parts parmi les suivis de 2024 et 2025 ne bougent pas) ; ni l'un ni
    # l'autre n'est passé en SIAE (courriel inventé ici : profil SIAE inchangé)
    def years_of(r: list[str]) -> tuple[bool, bool]:
        left = int(r[12][6:]) if r[12] else 9999
        return (left >= 2024, left >= 2025)

    def free(r: list[str]) -> bool:
        return r[16].startswith(("participant", "ancien"))

    want = round(RSA_2023 * n) - sum(r[8] == "Oui" for r in mine)
    side, other = ("Non", "Oui") if want > 0 else ("Oui", "Non")
    older = [r for r in rows if int(r[11][6:]) < 2023 and free(r) and r[8] == other]
    rng.shuffle(older)
    for r in [r for r in mine if free(r) and r[8] == side]:
        if want == 0:
            break
        partner = next((o for o in older if years_of(o) == years_of(r)), None)
        if partner is None:
            continue
        older.remove(partner)
        r[7], r[8], partner[7], partner[8] = partner[7], partner[8], r[7], r[8]
        want += -1 if want > 0 else 1
    assert want == 0, want


def main() -> None:
    rng = random.Random(SEED)
    people: dict[str, dict[str, object]] = {}
    groups: dict[str, list[str]] = {}
    number = 0
    for group, n in (("A", N_A), ("E", N_E), ("X", N_X), ("O", N_O)):
        ids = []
        for _ in range(n):
            number += 1
            ids.append(f"P{number:05d}")
        groups[group] = ids
        for pid in ids:
            people[pid] = {"group": group}
    followed = groups["A"] + groups["E"]

    # sexe et ville
    for group in ("A", "E", "X"):
        women, men = SEX[group]
        sexes = ["F"] * women + ["H"] * men
        cities = spread(CITY[group], rng)
        rng.shuffle(sexes)
        for pid, sex, city in zip(groups[group], sexes, cities, strict=True):
            people[pid].update(sex=sex, city=city)
    for pid in groups["O"]:
        people[pid].update(sex=rng.choice("FH"), city=rng.choice([VITRY, IVRY]))

    # âges (au 31/12/2025) des suivis 2025 : les entrants ont 72 personnes de 26-44 ans,
    # dont 47 femmes
    for sex, (counts, total) in AGES.items():
        members = [p for p in followed if people[p]["sex"] == sex]
        ages = ages_for(rng, counts, total)
        young = sorted(ages)[: counts[0]]
        old = sorted(ages)[counts[0] :]
        entrants = [p for p in members if people[p]["group"] == "E"]
        others = [p for p in members if people[p]["group"] == "A"]
        n_young_e = ENTRANTES_26_44 if sex == "F" else ENTRANTS_26_44 - ENTRANTES_26_44
        rng.shuffle(young)
        rng.shuffle(old)
        e_ages = young[:n_young_e] + old[: len(entrants) - n_young_e]
        a_ages = young[n_young_e:] + old[len(entrants) - n_young_e :]
        for pid, age in zip(entrants, e_ages, strict=True):
            people[pid]["age"] = age
        for pid, age in zip(others, a_ages, strict=True):
            people[pid]["age"] = age

    # niveaux : 38 % des entrants ont le bac ou plus
    for sex, levels in LEVELS.items():
        members = [p for p in followed if people[p]["sex"] == sex]
        pool = spread(levels, rng)
        bac_plus = [lvl for lvl in pool if lvl in ("Bac", "Bac+2")]
        below = [lvl for lvl in pool if lvl not in ("Bac", "Bac+2")]
        entrants = [p for p in members if people[p]["group"] == "E"]
        others = [p for p in members if people[p]["group"] == "A"]
        k = round(ENTRANTS_BAC_PLUS * len(entrants) / N_E)
        if sex == "H":
            k = ENTRANTS_BAC_PLUS - sum(
                1 for p in groups["E"] if people[p].get("level") in ("Bac", "Bac+2")
            )
        for pid, level in zip(entrants, bac_plus[:k] + below[: len(entrants) - k], strict=True):
            people[pid]["level"] = level
        rest = bac_plus[k:] + below[len(entrants) - k :]
        rng.shuffle(rest)
        for pid, level in zip(others, rest, strict=True):
            people[pid]["level"] = level

    # ressources, RSA (actuel ou passé) : 163 suivis dont 42 entrants
    resources = spread(RESOURCES, rng)
    entrants_first = groups["E"] + groups["A"]
    rsa_res = [r for r in resources if r == "RSA"]
    other_res = [r for r in resources if r != "RSA"]
    # les entrants : 30 au RSA, 12 anciens allocataires
    e_res = rsa_res[:30] + other_res[: N_E - 30]
    a_res = rsa_res[30:] + other_res[N_E - 30 :]
    rng.shuffle(e_res)
    rng.shuffle(a_res)
    for pid, res in zip(groups["E"] + groups["A"], e_res + a_res, strict=True):
        people[pid]["resources"] = res
        people[pid]["rsa"] = res == "RSA"
    for group, extra in (("E", RSA_ENTRANTS - 30), ("A", RSA_FOLLOWED - RSA_ENTRANTS - 100)):
        candidates = [p for p in groups[group] if not people[p]["rsa"]]
        for pid in rng.sample(candidates, extra):
            people[pid]["rsa"] = True
    del entrants_first

    # QPV par ville, poches de pauvreté
    for city, n in QPV.items():
        members = [p for p in followed if people[p]["city"] == city]
        chosen = set(rng.sample(members, n))
        for pid in members:
            people[pid]["qpv"] = pid in chosen
    for pid in followed:
        people[pid]["poche"] = False
    for pid in rng.sample(followed, POCHES):
        people[pid]["poche"] = True

    # typologie d'employabilité (parcours le plus récent)
    for pid, cat in zip(followed, spread(CATEGORIES, rng), strict=True):
        people[pid]["category"] = cat

    # prescripteurs des entrants 2025
    rest = spread(PRESCRIBERS_E_REST, rng)
    for city, fixed in PRESCRIBERS_E.items():
        members = [p for p in groups["E"] if people[p]["city"] == city]
        spont = fixed["Accueil spontané"]
        for i, pid in enumerate(members):
            people[pid]["prescriber"] = "Accueil spontané" if i < spont else rest.pop()
    assert not rest

    # --- sorties et durées ----------------------------------------------------------------
    exit_kinds = [k for k, (n, _) in EXITS.items() for _ in range(n)]
    rng.shuffle(exit_kinds)
    not_1a_e = [p for p in groups["E"] if people[p]["category"] != "1a"]
    leaving_e = rng.sample(not_1a_e, EXITS_FROM_E)
    one_a = [p for p in groups["A"] if people[p]["category"] == "1a"]
    leaving_1a = rng.sample(one_a, EXITS_1A)
    not_1a_a = [p for p in groups["A"] if people[p]["category"] != "1a"]
    leaving_a = leaving_1a + rng.sample(not_1a_a, 127 - EXITS_FROM_E - EXITS_1A)
    for pid, kind in zip(leaving_e + leaving_a, exit_kinds, strict=True):
        people[pid]["exit_kind"] = kind
    # durées des sorties 2025 : moyenne 21 mois ; 26 mois pour la catégorie 1a
    for pid in leaving_e:
        people[pid]["exit"] = day(rng, date(2025, 7, 1), date(2025, 12, 20))
        people[pid]["months"] = rng.uniform(2, 5.5)
    for pid in leaving_a:
        people[pid]["exit"] = day(rng, date(2025, 1, 10), date(2025, 12, 20))
    target_1a = 26.0
    target_all = 21.0 * 127
    others_a = [p for p in leaving_a if p not in leaving_1a]
    for pid in leaving_1a:
        people[pid]["months"] = rng.uniform(18, 34)
    for pid in others_a:
        people[pid]["months"] = rng.uniform(13, 30)

    def rescale(members: list[str], mean: float) -> None:
        current = sum(people[p]["months"] for p in members) / len(members)  # type: ignore[misc]
        for p in members:
            people[p]["months"] = people[p]["months"] + (mean - current)  # type: ignore[operator]

    rescale(leaving_1a, target_1a)
    # « la troisième catégorie […] Les parcours ici sont longs (23 mois en moyenne) » :
    # les sortants de la catégorie 3 entrés avant 2025 compensent les plus courts, entrés
    # en 2025
    cat_3 = [p for p in leaving_e + leaving_a if people[p]["category"] == "3"]
    long_3 = [p for p in others_a if people[p]["category"] == "3"]
    short_3 = sum(people[p]["months"] for p in cat_3 if p not in long_3)  # type: ignore[misc]
    rescale(long_3, (TARGET_3 * len(cat_3) - short_3) / len(long_3))
    rest_a = [p for p in others_a if p not in long_3]
    known = sum(people[p]["months"] for p in leaving_e + leaving_1a + long_3)  # type: ignore[misc]
    rescale(rest_a, (target_all - known) / len(rest_a))
    for pid in leaving_e + leaving_a:
        exit_: date = people[pid]["exit"]  # type: ignore[assignment]
        entry = exit_ - timedelta(days=round(people[pid]["months"] * MONTH))  # type: ignore[operator]
        if people[pid]["group"] == "E":
            entry = max(entry, date(2025, 1, 2))
        else:
            entry = min(entry, date(2024, 12, 30))
        people[pid]["entry"] = entry
    for pid in groups["E"]:
        if "entry" not in people[pid]:
            people[pid]["entry"] = day(rng, date(2025, 1, 2), date(2025, 12, 15))
    # entrants 2024 : les sortants de 2025 entrés en 2024, 10 sortis en 2024, le reste parmi
    # les personnes toujours en parcours ; les autres sont entrées de 2021 à 2023
    open_a = [p for p in groups["A"] if "exit" not in people[p]]
    chosen_2024 = set(pick_entrants_2024(rng, people, groups, leaving_a, open_a))
    for pid in open_a:
        people[pid]["entry"] = (
            day(rng, date(2024, 1, 5), date(2024, 12, 20))
            if pid in chosen_2024
            else day(rng, date(2021, 3, 1), date(2023, 12, 20))
        )

    # sortis en 2024 : 10 entrés en 2024, durée moyenne 21,5 mois
    kinds_2024 = [k for k, (_, n) in EXITS.items() for _ in range(n)]
    rng.shuffle(kinds_2024)
    for i, pid in enumerate(groups["X"]):
        people[pid]["exit"] = day(rng, date(2024, 2, 1), date(2024, 12, 20))
        people[pid]["exit_kind"] = kinds_2024[i]
        people[pid]["months"] = rng.uniform(2, 8) if i < 10 else rng.uniform(16, 34)
    short = groups["X"][:10]
    longer = groups["X"][10:]
    known = sum(people[p]["months"] for p in short)  # type: ignore[misc]
    rescale(longer, (21.5 * N_X - known) / len(longer))
    for pid in groups["X"]:
        exit_ = people[pid]["exit"]  # type: ignore[assignment]
        entry = exit_ - timedelta(days=round(people[pid]["months"] * MONTH))  # type: ignore[operator]
        short_one = pid in short
        people[pid]["entry"] = (
            max(entry, date(2024, 1, 2)) if short_one else min(entry, date(2023, 12, 28))
        )
    for pid in groups["O"]:
        people[pid]["entry"] = day(rng, date(2020, 1, 1), date(2022, 6, 30))
        people[pid]["exit"] = day(rng, date(2023, 1, 10), date(2023, 12, 20))
        people[pid]["exit_kind"] = rng.choice(list(EXITS))

    # --- profils de 2024 : sortis en 2024 et entrants 2024 ---------------------------------
    for pid in groups["X"] + groups["O"]:
        people[pid].update(
            level=rng.choice(list(LEVELS["F"])),
            resources=rng.choice(list(RESOURCES)),
            qpv=False,
            poche=False,
            category=rng.choice(list(CATEGORIES)),
            rsa=False,
        )
    rsa_a = sum(1 for p in groups["A"] if people[p]["rsa"])
    for i, pid in enumerate(reversed(groups["X"])):  # les 10 entrés en 2024 : sans RSA
        people[pid]["rsa"] = i < 163 - rsa_a
    qpv_a = sum(1 for p in groups["A"] if people[p]["qpv"])
    for pid in rng.sample(groups["X"], round(0.37 * 339) - qpv_a):
        people[pid]["qpv"] = True

    # par ville en 2024 : 32 % à Ivry, 40 % à Vitry (« 34 % à Ivry (+2 points) et 42 % à
    # Vitry (+2,5 points) ») ; sans tirage (le reste de la fixture ne bouge pas) : un QPV
    # d'Ivry suivi les deux années passe à un entrant 2025 d'Ivry (2025 inchangé), puis
    # les QPV des sortis de 2024 sont répartis par ville, total 2024 inchangé
    def qpv_of(group: str, city: str, flag: bool) -> list[str]:
        return sorted(
            p for p in groups[group] if people[p]["city"] == city and people[p]["qpv"] is flag
        )

    extra_ivry = len(qpv_of("A", IVRY, True)) - QPV_2024_IVRY
    for a_pid, e_pid in zip(
        qpv_of("A", IVRY, True)[: max(extra_ivry, 0)], qpv_of("E", IVRY, False), strict=False
    ):
        people[a_pid]["qpv"], people[e_pid]["qpv"] = False, True
    x_target = {IVRY: QPV_2024_IVRY, VITRY: round(0.37 * 339) - QPV_2024_IVRY}
    for city, target in x_target.items():
        members = sorted(p for p in groups["X"] if people[p]["city"] == city)
        wanted = target - len(qpv_of("A", city, True))
        for i, pid in enumerate(members):
            people[pid]["qpv"] = i < wanted
    # niveaux de 2024 : sans diplôme 42 % « stable en 2025 par rapport à 2024 », BAC+2 et
    # plus 18 % « comme en 2024 », bacheliers « de 13 à 15 % », CAP-BEP « de 27 % à 25 % » :
    # les niveaux des sortis de 2024 (tirés au hasard) sont redistribués, sans tirage
    followed_2024 = groups["A"] + groups["X"]
    want = {lvl: round(share * len(followed_2024)) for lvl, share in LEVELS_2024.items()}
    want["Bac"] = len(followed_2024) - sum(n for lvl, n in want.items() if lvl != "Bac")
    tokens = [
        lvl
        for lvl, n in want.items()
        for _ in range(n - sum(1 for p in groups["A"] if people[p]["level"] == lvl))
    ]
    for pid, lvl in zip(sorted(groups["X"]), tokens, strict=True):
        people[pid]["level"] = lvl
    # « 42 % (contre 31 % en 2023) » : des sortis de 2023 sans diplôme passent au CAP-BEP
    followed_2023 = [
        p
        for p, v in people.items()
        if v["entry"] <= date(2023, 12, 31)  # type: ignore[operator]
        and (v.get("exit") is None or v["exit"] >= date(2023, 1, 1))  # type: ignore[operator]
    ]
    surplus = sum(1 for p in followed_2023 if people[p]["level"] == "Sans diplôme") - round(
        NO_DIPLOMA_2023 * len(followed_2023)
    )
    for pid in sorted(p for p in groups["O"] if people[p]["level"] == "Sans diplôme")[:surplus]:
        people[pid]["level"] = "CAP/BEP"
    # âges au 31/12/2024 : moyenne 45, 51 % de 26-44 ans
    a_2024 = [int(people[p]["age"]) - 1 for p in groups["A"]]  # type: ignore[call-overload]
    young_a = sum(1 for a in a_2024 if 26 <= a <= 44)
    young_x = 173 - young_a
    x_ages = ages_for(
        rng,
        (young_x, 6, N_X - young_x - 6),
        45 * 339 - sum(a_2024),
        ((26, 44), (45, 54), (55, 66)),
    )
    rng.shuffle(x_ages)
    for pid, age in zip(groups["X"], x_ages, strict=True):
        people[pid]["age"] = age + 1  # âge au 31/12/2025
    for pid in groups["O"]:
        people[pid]["age"] = rng.randint(30, 60)
    # entrants 2024 : 92 femmes, 60 au RSA, prescripteurs de 2024
    entrants_2024 = [p for p in groups["A"] + groups["X"] if people[p]["entry"].year == 2024]  # type: ignore[attr-defined]
    assert len(entrants_2024) == ENTRANTS_2024["total"], len(entrants_2024)
    for pid, prescriber in zip(entrants_2024, spread(PRESCRIBERS_2024, rng), strict=True):
        people[pid]["prescriber"] = prescriber
    for pid in groups["A"] + groups["X"] + groups["O"]:
        people[pid].setdefault(
            "prescriber",
            rng.choices(
                ["France Travail", "Département (RSA)", "Accueil spontané", "CCAS"], [50, 35, 6, 9]
            )[0],
        )

    # --- référents --------------------------------------------------------------------------
    for p in people.values():
        open_end = "exit" not in p
        if open_end:
            p["referent"] = rng.choice(REFERENTS[p["city"]])  # type: ignore[index]
        elif p["city"] == IVRY and p["exit"] < date(2025, 10, 15):  # type: ignore[operator]
            p["referent"] = rng.choice(["REF-IVRY-1", LEFT])
        else:
            p["referent"] = rng.choice(REFERENTS[p["city"]])  # type: ignore[index]

    # --- souhaits métiers (450, un ou deux par personne suivie en 2025) ---------------------
    codes = {
        "K": ["K2204", "K1304", "K2112", "K1302"],
        "M": ["M1607", "M1602", "M1203"],
        "G": ["G1603", "G1602", "G1501"],
        "N": ["N1103", "N4105", "N1101"],
        "D": ["D1507", "D1505", "D1106"],
        "F": ["F1703", "F1603", "F1701"],
    }
    women = [p for p in followed if people[p]["sex"] == "F"]
    men = [p for p in followed if people[p]["sex"] == "H"]
    for p in followed:
        people[p]["wishes"] = []
    for sex, members in (("F", women), ("H", men)):
        slots = list(members)
        wishes = []
        for sector, (n, w) in WISHES.items():
            k = w if sex == "F" else n - w
            for _ in range(k):
                if sector == "autres":
                    wishes.append(rng.choice(OTHER_LETTERS) + f"{rng.randint(1101, 1599)}")
                else:
                    wishes.append(rng.choice(codes[sector]))
        rng.shuffle(wishes)
        extra = rng.sample(members, len(wishes) - len(members))
        slots += extra
        for pid, code in zip(slots, wishes, strict=True):
            people[pid]["wishes"].append(code)  # type: ignore[attr-defined]
    # toutes les lettres des autres domaines apparaissent
    missing = [
        c
        for c in OTHER_LETTERS
        if not any(w.startswith(c) for p in followed for w in people[p]["wishes"])
    ]  # type: ignore[attr-defined]
    assert not missing, missing

    # « sur le dernier trimestre, pour la première fois depuis 2023, […] plus de sorties que
    # d'entrées » : aucun trimestre de 2025 avant le dernier n'en a plus ; des entrées sans
    # sortie passent du T2 au T3, au même jour du trimestre (sans tirage)
    def quarter(day_: date) -> int:
        return (day_.month - 1) // 3 + 1

    def balance(q: int) -> int:
        dates = [(people[p]["entry"], +1) for p in people] + [
            (people[p]["exit"], -1) for p in people if people[p].get("exit")
        ]
        return sum(
            sign for d, sign in dates if isinstance(d, date) and d.year == 2025 and quarter(d) == q
        )

    movable = sorted(
        p
        for p in groups["E"]
        if not people[p].get("exit") and quarter(people[p]["entry"]) == 2  # type: ignore[arg-type]
    )
    while balance(3) < 0 and movable and balance(2) > 0:
        pid = movable.pop()
        people[pid]["entry"] = people[pid]["entry"] + timedelta(days=91)  # type: ignore[operator]

    # --- personnes passées en SIAE : courriels des candidatures acceptées --------------------
    apps = pl.read_excel(FOLDER / "candidatures-2023-2025.xlsx", infer_schema_length=0)
    accepted = apps.filter(pl.col("Statut de la candidature") == "Candidature acceptée")
    accepted = accepted.with_columns(
        pl.col("Date de la candidature").str.extract(r"(20\d\d)").cast(pl.Int64).alias("annee")
    ).filter(pl.col("annee").is_between(2024, 2025))
    used: set[str] = set()
    for kind, plan in SIAE.items():
        emails = sorted(
            accepted.filter(pl.col("Type employeur") == kind)["Email candidat"].to_list()
        )
        rng.shuffle(emails)
        no_diploma = SIAE_NO_DIPLOMA[kind]
        for i, ((sex, rsa), email) in enumerate(zip(plan, emails, strict=False)):
            wants_sans = i < no_diploma
            pool = [
                p
                for p in followed
                if p not in used
                and people[p]["sex"] == sex
                and people[p]["rsa"] == rsa
                and (people[p]["level"] == "Sans diplôme") == wants_sans
                # « aucun bénéficiaire de la catégorie 3 n'est mobilisé sur des AI ou des ETTI »
                and not (kind in ("AI", "ETTI") and people[p]["category"] == "3")
            ]
            pid = rng.choice(sorted(pool))
            used.add(pid)
            people[pid]["email"] = email
    for pid, p in people.items():
        p.setdefault("email", f"participant{pid[1:]}@example.org")

    # --- écriture ---------------------------------------------------------------------------
    def fmt(d: object) -> str:
        return d.strftime("%d/%m/%Y") if isinstance(d, date) else ""

    rows = []
    for pid in sorted(people):
        p = people[pid]
        age = int(p["age"])  # type: ignore[call-overload]
        birth = date(2025 - age, rng.randint(1, 12), rng.randint(1, 28))
        resource = p["resources"]
        if resource == "RSA" and rng.random() < 0.1:
            resource = "RSA|ARE"
        rows.append(
            [
                pid,
                "Femme" if p["sex"] == "F" else "Homme",
                fmt(birth),
                p["city"],
                "Oui" if p.get("qpv") else "Non",
                "Oui" if p.get("poche") else "Non",
                p["level"],
                resource,
                "Oui" if p["rsa"] else "Non",
                p["prescriber"],
                p["referent"],
                fmt(p["entry"]),
                fmt(p.get("exit")),
                p.get("exit_kind", ""),
                p["category"],
                "|".join(p.get("wishes", [])),  # type: ignore[arg-type]
                p["email"],
            ]
        )
    rows += history(len(people), rows)
    rng.shuffle(rows)
    entrants_2023(rows, random.Random(SEED + 300))
    with (FOLDER / "participants.csv").open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            [
                "N° participant",
                "Sexe",
                "Date de naissance",
                "Commune",
                "QPV",
                "Poche de pauvreté",
                "Niveau de formation",
                "Ressources",
                "RSA actuel ou passé",
                "Prescripteur",
                "Référent de parcours",
                "Date d'entrée",
                "Date de sortie",
                "Motif de sortie",
                "Typologie",
                "Souhait métier",
                "Email",
            ]
        )
        writer.writerows(rows)
    waiting = preregistrations(people)
    print(
        f"{FOLDER / 'participants.csv'} : {len(rows)} parcours ; SIAE joints : {len(used)} ; "
        f"{waiting} pré-inscriptions"
    )


if __name__ == "__main__":
    main()
