"""Génère l'extraction fictive des situations : ``fixtures/ml/situations.csv``.

Comme un export enregistré par Excel sous Windows : Windows-1252, séparateur « ; »,
dates JJ/MM/AAAA, en-têtes orthographiés autrement que ceux de gipkit (reconnus par
synonymes). Les jeunes viennent de ``fixtures/ml/jeunes.csv`` et ``evenements.csv`` (à
générer d'abord). Reproduit le rapport 2025 de la Mission Locale : 3 393 situations
créées, dont 2 609 emplois (778 durables, 30 %), 220 alternances, 297 formations, 170
immersions, 97 retours en scolarité, et les évolutions par nature depuis 2024 ; 1 304
jeunes ayant au moins un contrat, 2 829 contrats : 38 % d'intérim, 25 % de CDD à temps
plein, 62 % signés par des hommes, 51 % par des 22-25 ans et 41 % par des 18-21 ans,
57 % dans les 3 premiers secteurs ; contrats par quartier et parts de CDI et de CDD ;
intérim en hausse de 20 % pour les jeunes de Vitry et de 10 % pour ceux d'Ivry ;
69 % des jeunes entrés en formation sans qualification ;
les solutions des mineurs de l'obligation de formation (en 2024, inventées).

Déterministe (graine fixe). Usage : ``python scripts/generate_ml_fixture.py``.
"""

from __future__ import annotations

import collections
import csv
import random
from datetime import date, timedelta

from ml_fixture_common import (
    CONTRACTS,
    FOLDER,
    accompanied,
    area_of,
    hand_over,
    in_year,
    of_plan,
    of_plan_2024,
    read_events,
    read_youths,
)

SEED = 20251201
OUT = FOLDER / "situations.csv"
HEADER = [
    "ID jeune",
    "Date début situation",
    "Date fin situation",
    "Catégorie de situation",
    "Nature du contrat",
    "Temps de travail",
    "Raison sociale",
    "Département",
    "Secteur",
    "Code ROME",
    "Financeur",
    "Formation qualifiante",
]
# « le Conseil régional comme principal financeur (43 %), suivi de France Travail (16 %) et
# de l'État (10 %) » ; « les parcours sont majoritairement qualifiants (59 %) » : sur les
# 297 formations commencées en 2025 ; le reste, et 2024, inventés
FUNDERS = {
    2025: {"Région": 128, "France Travail": 48, "État": 30, "OPCO": 36, "CPF": 25, "Autre": 30},
    2024: {"Région": 196, "France Travail": 55, "État": 40, "OPCO": 40, "CPF": 30, "Autre": 30},
}
QUALIFYING = {2025: 175, 2024: 243}
# (contrat, durable ?, nombre) des emplois « CDD au sens large » de 2025 (hors CDI),
# durable = 6 mois ou plus ; None : fin inconnue
FIXED_TERM_2025 = [
    ("CDD", True, 298),
    ("CDD", False, 643),  # + 7 CDD courts des mineurs de l'obligation de formation
    ("CDD", None, 60),
    ("Intérim", True, 200),
    ("Intérim", False, 875),
    ("Contrat aidé", False, 131),
    ("Saisonnier", False, 115),
]
CDD_FULL_TIME_2025 = 707
JOBS_2024 = [
    ("CDI", True, 100),
    ("CDD", True, 300),
    ("Intérim", True, 140),
    ("CDD", False, 500),
    ("Intérim", False, 600),
    ("Contrat aidé", False, 100),
    ("Saisonnier", False, 84),
]
OTHERS = {
    2025: {"Formation": 297, "PMSMP": 85, "Immersion en entreprise": 85, "Scolarité": 97},
    2024: {"Formation": 391, "PMSMP": 50, "Immersion en entreprise": 43, "Scolarité": 87},
    2023: {"Formation": 20},
}
HOLDERS = {2025: 1304, 2024: 1173, 2023: 30}
# « un surcroît de contrats de travail en intérim de plus 20 % pour la ville de
# Vitry-sur-Seine et de 10% pour la ville d'Ivry-sur-Seine » : contrats d'intérim de 2025
# des jeunes de chaque ville ÷ ceux de 2024
INTERIM_GROWTH = {"Vitry-sur-Seine": 1.20, "Ivry-sur-Seine": 1.10}
# « 69% des jeunes entrant en formation sont sans qualification » : jeunes distincts entrés
# en formation en 2025 dont le niveau est « Sans diplôme » (ni CAP ni BEP ni bac)
TRAINING_UNQUALIFIED = 0.69
ALTERNANCE = {2025: 220, 2024: 190}
# contrats 2025 par sexe et tranche d'âge (au 31 décembre)
TARGET_MEN = 1754
TARGET_AGES = {"16-17": 100, "18-21": 1160, "22-25": 1443, "26+": 126}
SECTORS_2025 = {
    "Hôtellerie-restauration": 600,
    "Commerce": 520,
    "Transport et logistique": 493,
    "BTP": 300,
    "Services à la personne": 280,
    "Nettoyage": 250,
    "Industrie": 220,
    "Santé et action sociale": 166,
}
JOBS_ROME = ["N1103", "G1603", "K2204", "D1507", "H3302", "D1106", "F1704", "K1304", "N4105"]
JOB_WEIGHTS = [30, 26, 22, 20, 15, 9, 8, 7, 6]
AGENCIES = {"AGENCE INTERIM R.A.S": 160, "ADECCO": 130, "STAFFMATCH": 110}
DEPARTMENTS = {"94": 46, "75": 28, "92": 10, "93": 6, "91": 4, "77": 2, "69": 2, "13": 2}
POSTAL = {"94": "94400", "75": "75013", "92": "92120", "93": "93200"}
OF_LABELS = {
    "formation": "Formation",
    "scolarite": "Scolarité",
    "volontariat": "Service civique",
    "autre": "Autre",
}


def band(age: int) -> str:
    if age <= 17:
        return "16-17"
    if age <= 21:
        return "18-21"
    return "22-25" if age <= 25 else "26+"


def end_of(rng: random.Random, start: date, durable: bool | None, kind: str) -> str:
    if kind == "CDI" or durable is None:
        return ""
    if durable:
        months = rng.randint(6, 18)
        end = date(
            start.year + (start.month - 1 + months) // 12,
            (start.month - 1 + months) % 12 + 1,
            min(start.day, 28),
        )
        return max(end, start + timedelta(days=190)).strftime("%d/%m/%Y")
    return (start + timedelta(days=rng.randint(5, 150))).strftime("%d/%m/%Y")


def split(total: int, weights: list[int]) -> list[int]:
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def interim_by_city(
    rows: list[list[str]], youths: dict[str, dict[str, str]], rng: random.Random
) -> None:
    """Les contrats d'intérim de 2024 de chaque ville de ``INTERIM_GROWTH`` : autant qu'il
    en faut pour la hausse du rapport, en changeant la nature de CDD de 2024 en intérim
    (ou l'inverse). Les deux natures sont durables à la même durée : le nombre de
    contrats, d'emplois durables et de titulaires de 2024 ne change pas ; la répartition
    des contrats 2024 par nature, que le rapport ne donne pas, est inventée."""

    def of(year: int, city: str, kind: str) -> list[list[str]]:
        return [
            r
            for r in rows
            if r[3] == "Emploi"
            and r[4] == kind
            and r[1].endswith(str(year))
            and youths.get(r[0], {}).get("Commune") == city
        ]

    for city, growth in INTERIM_GROWTH.items():
        target = round(len(of(2025, city, "Intérim")) / growth)
        now = of(2024, city, "Intérim")
        if len(now) > target:
            for r in rng.sample(now, len(now) - target):
                r[4] = "CDD"
        else:
            for r in rng.sample(of(2024, city, "CDD"), target - len(now)):
                r[4] = "Intérim"


def without_diploma(youth: dict[str, str]) -> bool:
    """Un jeune sans diplôme (ni CAP ni BEP ni bac), ce que compte la part des entrants en
    formation sans qualification."""
    return youth["Niveau de formation"] == "Sans diplôme"


def training_entrants(
    rows: list[list[str]],
    youths: dict[str, dict[str, str]],
    present: set[str],
    concerned: set[str],
    rng: random.Random,
) -> None:
    """Les titulaires des entrées en formation de 2025 (hors solutions de l'obligation de
    formation, déjà attribuées) : un jeune accompagné en 2025 par entrée, choisis pour que
    ``TRAINING_UNQUALIFIED`` des jeunes entrés en formation soient sans diplôme. Le nombre
    d'entrées et leurs dates ne changent pas ; qui entre en formation, que le rapport ne
    dit pas, est inventé."""

    def unqualified(pid: str) -> bool:
        return without_diploma(youths[pid])

    entries = [r for r in rows if r[3] == "Formation" and r[1].endswith("2025")]
    free = [r for r in entries if r[0] not in concerned]
    locked = {r[0] for r in entries if r[0] in concerned}
    distinct = len(locked) + len(free)
    wanted = round(TRAINING_UNQUALIFIED * distinct) - sum(map(unqualified, locked))
    candidates = sorted(present - concerned)
    low = rng.sample([p for p in candidates if unqualified(p)], wanted)
    high = rng.sample([p for p in candidates if not unqualified(p)], len(free) - wanted)
    holders = low + high
    rng.shuffle(holders)
    for r, pid in zip(free, holders, strict=True):
        r[0] = pid


# part des jeunes entrés en formation en 2024 qui sont sans diplôme (inventé : le rapport
# ne la dit que pour 2025, 69 % ; tirés au hasard, ceux de 2024 en faisaient 44 %, un saut
# de 25 points que rien ne raconte)
TRAINING_UNQUALIFIED_2024 = 0.64


def unqualified_entrants_2024(
    rows: list[list[str]],
    youths: dict[str, dict[str, str]],
    present: set[str],
    concerned: set[str],
    rng: random.Random,
) -> None:
    """Les titulaires de formations commencées en 2024 jusqu'à
    ``TRAINING_UNQUALIFIED_2024`` de sans diplôme (tirage à part, à la fin : le reste ne
    bouge pas) : une formation dont le titulaire n'a qu'elle, diplômé, passe à un jeune
    sans diplôme accompagné en 2024, non concerné par l'obligation de formation et sans
    aucune situation. Ni le nombre de formations, ni celui des jeunes distincts, ni
    l'emploi après la formation (ni l'un ni l'autre n'a d'emploi) ne changent."""

    def unqualified(pid: str) -> bool:
        return without_diploma(youths[pid])

    held = collections.Counter(r[0] for r in rows)
    entrants = {r[0] for r in rows if r[3] == "Formation" and r[1].endswith("2024")}
    wanted = round(TRAINING_UNQUALIFIED_2024 * len(entrants)) - sum(map(unqualified, entrants))
    movable = sorted(
        (
            r
            for r in rows
            if r[3] == "Formation"
            and r[1].endswith("2024")
            and held[r[0]] == 1
            and not unqualified(r[0])
            and r[0] not in concerned
        ),
        key=lambda r: tuple(r),
    )
    takers = sorted(p for p in present if held[p] == 0 and p not in concerned and unqualified(p))
    for r, pid in zip(rng.sample(movable, wanted), rng.sample(takers, wanted), strict=True):
        r[0] = pid


def training_funding(rows: list[list[str]], rng: random.Random) -> None:
    """Le financeur et le caractère qualifiant de chaque formation (tirage à part : le
    reste de la fixture ne bouge pas) ; les autres situations laissent ces colonnes
    vides."""
    for year, funders in FUNDERS.items():
        trainings = sorted(
            (r for r in rows if r[3] == "Formation" and r[1].endswith(str(year))),
            key=lambda r: (r[0], r[1], r[2]),
        )
        assert len(trainings) == sum(funders.values()), (year, len(trainings))
        names = [f for f, n in funders.items() for _ in range(n)]
        flags = ["Oui"] * QUALIFYING[year] + ["Non"] * (len(trainings) - QUALIFYING[year])
        rng.shuffle(names)
        rng.shuffle(flags)
        for r, funder, flag in zip(trainings, names, flags, strict=True):
            r += [funder, flag]
    for r in rows:
        r += [""] * (len(HEADER) - len(r))


# « À l'issue des formations, 50 % des jeunes qualifiés accèdent à l'emploi dans les six
# mois, contre 40 % pour les parcours non qualifiants » (formations finies du 1er juillet
# 2024 au 30 juin 2025)
JOB_AFTER = {"Oui": 0.50, "Non": 0.40}


def _date(text: str) -> date:
    d, m, y = (int(x) for x in text.split("/"))
    return date(y, m, d)


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def job_after_training(rows: list[list[str]], concerned: set[str], rng: random.Random) -> None:
    """Qui suit une formation finie entre juillet 2024 et juin 2025 (tirage à part : ni
    les emplois, ni les formations de 2025, ni celles de l'obligation de formation ne
    bougent) : des formations commencées en 2024 changent de titulaire pour un jeune qui
    commence un emploi ou une alternance dans les six mois après leur fin, jusqu'aux
    parts du rapport. Le nouveau titulaire n'avait pas de formation commencée en 2024,
    l'ancien n'en avait qu'une : les jeunes entrés en formation en 2024 restent 382."""
    jobs: dict[str, list[date]] = {}
    for r in rows:
        if r[3] in ("Emploi", "Contrat en Alternance"):
            jobs.setdefault(r[0], []).append(_date(r[1]))
    held = collections.Counter(r[0] for r in rows if r[3] == "Formation" and r[1].endswith("2024"))
    seen = {tuple(r) for r in rows}

    def followed(pid: str, end: date) -> bool:
        limit = _months_later(end, 6)
        return any(end < start <= limit for start in jobs.get(pid, []))

    window = [
        r
        for r in rows
        if r[3] == "Formation" and r[2] and date(2024, 7, 1) <= _date(r[2]) <= date(2025, 6, 30)
    ]
    window.sort(key=lambda r: (r[0], r[1], r[2]))
    for flag, share in JOB_AFTER.items():
        group = [r for r in window if r[11] == flag]
        want = round(share * len(group)) - sum(followed(r[0], _date(r[2])) for r in group)
        movable = [
            r
            for r in group
            if r[1].endswith("2024")
            and r[0] not in concerned
            and held[r[0]] == 1
            and not followed(r[0], _date(r[2]))
        ]
        rng.shuffle(movable)
        for r in movable:
            if want <= 0:
                break
            end = _date(r[2])
            pool = sorted(
                p for p in jobs if p not in concerned and held[p] == 0 and followed(p, end)
            )
            rng.shuffle(pool)
            for pid in pool:
                if tuple([pid, *r[1:]]) not in seen:
                    seen.discard(tuple(r))
                    held[r[0]] -= 1
                    held[pid] += 1
                    r[0] = pid
                    seen.add(tuple(r))
                    want -= 1
                    break
        assert want == 0, (flag, want)


def main() -> None:
    rng = random.Random(SEED)
    youths = read_youths()
    events = read_events()
    plan, concerned = of_plan(youths, events)
    free = sorted(p for p in youths if p not in concerned)
    rows: list[list[str]] = []

    def age(pid: str, year: int) -> int:
        return year - int(youths[pid]["Date de naissance"][6:])

    def row(
        pid: str, start: date, end: str, situation: str, kind: str = "", time: str = ""
    ) -> list[str]:
        return [pid, start.strftime("%d/%m/%Y"), end, situation, kind, time, "", "", "", ""]

    # --- 2025 : contrats par quartier, titulaires, profil -------------------------------
    present = accompanied(events, 2025)
    by_area: dict[tuple[str, str], list[str]] = {}
    for pid in sorted(present - concerned):
        by_area.setdefault(area_of(youths[pid]), []).append(pid)
    of_contracts = {p: k for p, k in plan.items() if k in ("alternance", "emploi")}
    areas = sorted(CONTRACTS)
    holders_n = dict(
        zip(areas, split(HOLDERS[2025], [sum(CONTRACTS[a]) for a in areas]), strict=True)
    )
    men = 0
    ages = dict.fromkeys(["16-17", "18-21", "22-25", "26+"], 0)
    owned: list[tuple[str, str, str]] = []  # (jeune, genre : cdi / ft / alt, titulaire OF)
    for area in areas:
        cdi, ft, alt = CONTRACTS[area]
        kinds = ["cdi"] * cdi + ["ft"] * ft + ["alt"] * alt
        mine_of = [p for p, k in of_contracts.items() if area_of(youths[p]) == area]
        for pid in mine_of:
            kinds.remove("alt" if of_contracts[pid] == "alternance" else "ft")
            owned.append((pid, "alt" if of_contracts[pid] == "alternance" else "ft", "of"))
            men += youths[pid]["Sexe"] == "H"
            ages[band(age(pid, 2025))] += 1
        rng.shuffle(kinds)
        # les 18-25 ans d'abord : ce sont eux qui signent le plus de contrats
        ranked = sorted(
            by_area[area],
            key=lambda p: rng.random() + (0.3 if band(age(p, 2025)) in ("16-17", "26+") else 0),
        )
        holders = ranked[: holders_n[area] - len(mine_of)]
        for pid, kind in zip(holders, kinds, strict=False):
            owned.append((pid, kind, ""))
            men += youths[pid]["Sexe"] == "H"
            ages[band(age(pid, 2025))] += 1
        for kind in kinds[len(holders) :]:  # les contrats suivants : profil visé
            total = len(owned) + 1

            def need(pid: str, total: int = total, men: int = men) -> float:
                sex = (TARGET_MEN / 2829 * total - men) * (1 if youths[pid]["Sexe"] == "H" else -1)
                b = band(age(pid, 2025))
                share = TARGET_AGES[b] / 2829
                return sex + 2 * (share * total - ages[b]) + rng.random()

            pid = max(holders, key=need)
            owned.append((pid, kind, ""))
            men += youths[pid]["Sexe"] == "H"
            ages[band(age(pid, 2025))] += 1
    fixed = [(k, d) for k, d, n in FIXED_TERM_2025 for _ in range(n)]
    rng.shuffle(fixed)
    sectors = [s for s, n in SECTORS_2025.items() for _ in range(n)]
    rng.shuffle(sectors)
    contracts: list[list[str]] = []
    for pid, kind, of in owned:
        start = in_year(rng, 2025)
        if kind == "cdi":
            contract, durable, situation = "CDI", True, "Emploi"
        elif kind == "alt":
            contract = (
                "Contrat d'apprentissage"
                if rng.random() < 0.85
                else "Contrat de professionnalisation"
            )
            durable, situation = None, "Contrat en Alternance"
        elif of:
            contract, durable, situation = "CDD", False, "Emploi"
        else:
            contract, durable = fixed.pop()
            situation = "Emploi"
        end = (
            (start + timedelta(days=rng.randint(300, 730))).strftime("%d/%m/%Y")
            if kind == "alt"
            else end_of(rng, start, durable, contract)
        )
        contracts.append(row(pid, start, end, situation, contract))
    assert not fixed
    cdd = [c for c in contracts if c[4] == "CDD"]
    rng.shuffle(cdd)
    for i, c in enumerate(cdd):
        c[5] = "Temps plein" if i < CDD_FULL_TIME_2025 else "Temps partiel"
    agencies = [a for a, n in AGENCIES.items() for _ in range(n)]
    for c in contracts:
        if c[4] in ("CDI", "Intérim", "Contrat aidé", "Saisonnier"):
            c[5] = rng.choice(["Temps plein", "Temps partiel"])
        if c[4] == "Intérim" and agencies:
            c[6] = agencies.pop()
        elif c[4] == "Intérim":
            c[6] = f"INTERIM {rng.randint(1, 40):02d}"
        else:
            c[6] = f"ENTREPRISE {rng.randint(1, 500):03d}"
        dept = rng.choices(list(DEPARTMENTS), list(DEPARTMENTS.values()))[0]
        c[7] = POSTAL[dept] if dept in POSTAL and rng.random() < 0.2 else dept
        c[8] = sectors.pop()
        c[9] = rng.choices(JOBS_ROME, JOB_WEIGHTS)[0]
    rows += contracts

    # --- 2025 : autres situations, solutions de l'obligation de formation ----------------
    of_others = {p: k for p, k in plan.items() if k in OF_LABELS}
    counts = dict(OTHERS[2025])
    for pid, kind in sorted(of_others.items()):
        label = OF_LABELS[kind]
        if kind in ("volontariat", "autre"):  # en cours depuis la fin de 2024
            start = date(2024, rng.randint(11, 12), rng.randint(1, 28))
            rows.append(row(pid, start, in_year(rng, 2025).strftime("%d/%m/%Y"), label))
            continue
        counts[label] -= 1
        start = in_year(rng, 2025)
        rows.append(row(pid, start, (start + timedelta(days=200)).strftime("%d/%m/%Y"), label))
    for label, n in counts.items():
        for _ in range(n):
            start = in_year(rng, 2025)
            end = (start + timedelta(days=rng.randint(5, 300))).strftime("%d/%m/%Y")
            rows.append(row(rng.choice(free), start, end, label))

    # --- 2024 et 2023 ---------------------------------------------------------------------
    pool_2024 = sorted(accompanied(events, 2024) - concerned)
    jobs = [("Emploi", k, d) for k, d, n in JOBS_2024 for _ in range(n)]
    jobs += [("Contrat en Alternance", "Contrat d'apprentissage", None)] * ALTERNANCE[2024]
    for year, group in ((2024, jobs), (2023, [("Emploi", "CDD", False)] * 30)):
        rng.shuffle(group)
        holders = rng.sample(pool_2024 if year == 2024 else free, HOLDERS[year])
        owners = holders + rng.choices(holders, k=len(group) - len(holders))
        rng.shuffle(owners)
        for (situation, kind, durable), pid in zip(group, owners, strict=True):
            start = in_year(rng, year)
            end = (
                (start + timedelta(days=rng.randint(300, 730))).strftime("%d/%m/%Y")
                if situation != "Emploi"
                else end_of(rng, start, durable, kind)
            )
            r = row(pid, start, end, situation, kind, rng.choice(["Temps plein", "Temps partiel"]))
            r[6] = f"ENTREPRISE {rng.randint(1, 500):03d}"
            dept = rng.choices(list(DEPARTMENTS), [44, 30, 10, 6, 4, 2, 2, 2])[0]
            r[7], r[8] = dept, rng.choice(list(SECTORS_2025))
            r[9] = rng.choices(JOBS_ROME, JOB_WEIGHTS)[0]
            rows.append(r)
        for label, n in OTHERS[year].items():
            for _ in range(n):
                start = in_year(rng, year)
                end = (start + timedelta(days=rng.randint(5, 300))).strftime("%d/%m/%Y")
                rows.append(row(rng.choice(free), start, end, label))
    interim_by_city(rows, youths, random.Random(f"{SEED}-interim"))
    training_entrants(rows, youths, present, concerned, random.Random(f"{SEED}-formation"))
    # deux lignes identiques seraient écartées comme doublons exacts : on les distingue
    seen: set[tuple[str, ...]] = set()
    for r in rows:
        while tuple(r) in seen:
            if r[6]:
                r[6] = f"ENTREPRISE {rng.randint(501, 999):03d}"
            else:
                start = in_year(rng, int(r[1][6:]))
                r[1], r[2] = (
                    start.strftime("%d/%m/%Y"),
                    (start + timedelta(days=30)).strftime("%d/%m/%Y"),
                )
        seen.add(tuple(r))
    rng.shuffle(rows)
    training_funding(rows, random.Random(f"{SEED}-financeurs"))
    job_after_training(rows, concerned, random.Random(f"{SEED}-emploi-apres-formation"))
    # solutions de 2024 de l'obligation de formation (tirage à part, après tout le reste :
    # les lignes données n'ont pas d'autre titulaire que leur ligne, l'intérim ne bouge
    # pas, qui dépend de la ville)
    hand_over(
        rows,
        of_plan_2024(youths, events),
        {
            "formation": lambda r: r[1].endswith("2024") and r[3] == "Formation",
            "alternance": lambda r: r[1].endswith("2024") and r[3] == "Contrat en Alternance",
            "emploi": lambda r: r[1].endswith("2024") and r[3] == "Emploi" and r[4] == "CDD",
            "scolarite": lambda r: r[1].endswith("2024") and r[3] == "Scolarité",
        },
        random.Random(f"{SEED}-obligation-2024"),
    )
    unqualified_entrants_2024(
        rows, youths, accompanied(events, 2024), concerned, random.Random(f"{SEED}-sans-diplome")
    )
    with OUT.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"{OUT} : {len(rows)} situations ; hommes {men}, âges {ages}")


if __name__ == "__main__":
    main()
