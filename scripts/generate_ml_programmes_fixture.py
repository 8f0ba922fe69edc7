"""Génère l'extraction fictive des dispositifs : ``fixtures/ml/dispositifs.csv``.

Les jeunes viennent de ``fixtures/ml/jeunes.csv`` et ``evenements.csv`` (à générer
d'abord). Reproduit les dispositifs du rapport 2025 de la Mission Locale : 1 239 entrées
en dispositifs d'accompagnement renforcé (−6 %), dont 444 en PACEA (+11 %) et 40 en PPAE
(−91 %) ; 748 jeunes accompagnés en PACEA (675 en 2024, dont 275 entrés en 2023,
inventés), 169 849 € d'allocations demandées en 2025 ; 700
entrées en CEJ (30 % en QPV, 49 % sans diplôme) ; 708 sorties du CEJ dont 213 positives
(emploi durable, alternance, retour en formation initiale), 41 en formation, 32 en CDD
de moins de 6 mois et 6 en contrat aidé (580 sorties en 2024, dont 32 % positives,
inventé) ; les 23 PACEA et 20 CEJ des mineurs de
l'obligation de formation, et 16 PACEA et 9 CEJ de 2024 de mineurs concernés (les
autres jeunes concernés n'ont aucun dispositif) ; les 84
jeunes du dispositif JSMJ (10 en milieu fermé, 74 en milieu ouvert) et les 15 de
l'UEMO-FIPD ; l'action locale de lutte contre le décrochage (30 jeunes par an).

Déterministe (graine fixe). Usage : ``python scripts/generate_ml_programmes_fixture.py``.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from datetime import date, timedelta

from ml_fixture_common import (
    FOLDER,
    accompanied,
    hand_over,
    of_plan,
    of_plan_2024,
    read_events,
    read_youths,
)

SEED = 708
# autres dispositifs d'accompagnement renforcé : 1 239 entrées en 2025, 1 318 en 2024
OTHER_PROGRAMMES = {
    2025: {"PPAE": 40, "Parrainage": 30, "UEMO-FIPD": 10, "JSMJ": 15},
    2024: {"PPAE": 444, "UEMO-FIPD": 10, "JSMJ": 10},
}
CEJ_2024 = 454
# « 84 jeunes dans le dispositif Jeunes Sous-Main de Justice dont 10 en milieu fermé et 74
# en milieu ouvert » ; la permanence UEMO-FIPD : « 15 jeunes sous mains de justice »
JSMJ_2025, JSMJ_CLOSED_2025, UEMO_2025 = 84, 10, 15
# « Lutte contre le décrochage, financée par la Politique de la ville » : 30 jeunes, tous
# en QPV, 43 % de femmes (13), 18-19 ans à l'entrée 14 (47 % ; le rapport écrit 46 %,
# impossible sur 30), 70 % sans certification (21) ; 6 en alternance, 13 en emploi, 5 en
# formation, 6 projets validés. 2024 : une autre promotion de 30 (sorties inventées)
DROPOUT_ACTION = "Décrochage Politique de la ville"
DROPOUT_EXITS = {
    2025: {
        "Alternance": 6,
        "Emploi durable": 7,
        "CDD de moins de 6 mois": 6,
        "Formation": 5,
        "Projet validé, en attente de formation": 6,
    },
    2024: {
        "Alternance": 5,
        "Emploi durable": 5,
        "CDD de moins de 6 mois": 6,
        "Formation": 7,
        "Projet validé, en attente de formation": 4,
        "Abandon": 3,
    },
}
DROPOUT_PROFILE = {2025: (13, 14, 21), 2024: (15, 12, 20)}  # femmes, 18-19 ans, sans diplôme
CEJ_2025_PROFILE = {
    (True, True): 103,
    (True, False): 107,
    (False, True): 240,
    (False, False): 250,
}  # (QPV, sans diplôme) -> entrants 2025
EXITS_2025 = {
    "Emploi durable": 90,
    "Alternance": 60,
    "Retour en formation initiale": 63,
    "Formation": 41,
    "CDD de moins de 6 mois": 32,
    "Contrat aidé": 6,
    "Abandon": 150,
    "Déménagement": 40,
    "Fin sans solution": 200,
    "Autre sortie": 26,
}
# sorties du CEJ de 2024 (inventé, 250 tirées de ces 300, et les 330 de
# :func:`cej_2023_left` tirées selon ces poids) : la même composition qu'en
# 2025 à peu près (un tiers de sorties positives), non 54 % de sorties positives qui
# feraient chuter le taux de 24 points en 2025 ; même nombre, pour que le reste des
# tirages ne bouge pas
EXITS_2024 = {
    "Emploi durable": 40,
    "Alternance": 28,
    "Retour en formation initiale": 30,
    "Formation": 20,
    "CDD de moins de 6 mois": 15,
    "Contrat aidé": 3,
    "Abandon": 60,
    "Déménagement": 15,
    "Fin sans solution": 77,
    "Autre sortie": 12,
}


def day_in(rng: random.Random, year: int, after: date | None = None) -> date:
    start = (
        min(after + timedelta(days=1), date(year, 12, 31))
        if after and after.year == year
        else date(year, 1, 1)
    )
    return start + timedelta(days=rng.randint(0, (date(year, 12, 31) - start).days))


#: allocations demandées en 2025 pour des jeunes entrés en PACEA en 2024 et encore suivis
CARRIED_ALLOWANCES = 40


def allowance_dates(rows: list[list[str]], rng: random.Random) -> None:
    """La date de la demande d'allocation de chaque entrée en PACEA qui en a une : peu
    après l'entrée, dans l'année d'entrée ; pour ``CARRIED_ALLOWANCES`` jeunes entrés en
    2024 et encore en PACEA en 2025, en 2025. Les montants des entrées de 2025 baissent
    d'autant, si bien que les allocations **demandées en 2025** font les 169 849 € du
    rapport (« 169 849 € d'allocations ont été demandées au bénéfice des jeunes en PACEA
    en 2025 ») ; comptées à l'année d'entrée, elles en font moins. Dates et répartition
    inventées."""

    def parse(text: str) -> date:
        d, m, y = text.split("/")
        return date(int(y), int(m), int(d))

    pacea = [r for r in rows if r[1] == "PACEA" and r[5] not in ("", "0")]
    carried = rng.sample(
        sorted(
            (r for r in pacea if r[2].endswith("2024") and not r[3]), key=lambda r: (r[0], r[2])
        ),
        CARRIED_ALLOWANCES,
    )
    carried_ids = {id(r) for r in carried}
    for r in pacea:
        entry = parse(r[2])
        if id(r) in carried_ids:
            asked = date(2025, rng.randint(1, 4), rng.randint(1, 28))
        else:
            last = min(date(entry.year, 12, 31), parse(r[3]) if r[3] else date(entry.year, 12, 31))
            asked = min(entry + timedelta(days=rng.randint(0, 60)), last)
        r.append(asked.strftime("%d/%m/%Y"))
    moved = sum(int(r[5]) for r in carried)
    newest = sorted((r for r in pacea if r[2].endswith("2025")), key=lambda r: (-int(r[5]), r[0]))
    for r in newest:  # les plus gros montants de 2025 baissent d'autant
        step = min(moved, int(r[5]) // 2)
        r[5] = str(int(r[5]) - step)
        moved -= step
        if not moved:
            break
    assert moved == 0
    for r in rows:
        if len(r) == 6:
            r.append("")


#: entrées en PACEA de 2023 encore suivies en 2024 (inventé : le rapport ne dit pas les
#: jeunes accompagnés en PACEA en 2024 ; sans elles, 2024 n'en aurait que ses 400
#: entrants, et la hausse de 2025 serait de 87 % au lieu de 11 %)
PACEA_2023 = 275


#: les colonnes de l'extraction des dispositifs
WIDTH = 9


def _without(
    rows: list[list[str]], programme: str, people: Iterable[str], concerned: set[str]
) -> list[str]:
    """Les jeunes de ``people`` sans entrée en ``programme`` dans ``rows`` et non concernés
    par l'obligation de formation, triés : ceux à qui un tirage à part peut en donner
    une."""
    held = {r[0] for r in rows if r[1] == programme}
    return sorted(p for p in people if p not in held and p not in concerned)


def pacea_2023(
    rows: list[list[str]],
    people: dict[str, dict[str, str]],
    concerned: set[str],
    rng: random.Random,
) -> None:
    """Les :data:`PACEA_2023` entrées de 2023 encore suivies en 2024, sorties en 2024
    (tirage à part, à la fin : le reste ne bouge pas) : à des jeunes sans autre entrée en
    PACEA, non concernés par l'obligation de formation ; allocation demandée en 2023,
    peu après l'entrée (les allocations demandées en 2024 et 2025 ne bougent pas)."""
    for pid in rng.sample(_without(rows, "PACEA", people, concerned), PACEA_2023):
        entry = day_in(rng, 2023)
        asked = min(entry + timedelta(days=rng.randint(0, 60)), date(2023, 12, 31))
        row = [
            pid,
            "PACEA",
            entry.strftime("%d/%m/%Y"),
            day_in(rng, 2024).strftime("%d/%m/%Y"),
            "Fin sans solution",
            str(rng.choice([0, 100, 250, 500])),
            asked.strftime("%d/%m/%Y"),
        ]
        if row[5] == "0":
            row[6] = ""
        rows.append(row + [""] * (WIDTH - len(row)))


#: entrées en CEJ de 2023 de plus, toutes sorties en 2024 (inventé : le rapport ne dit
#: pas les sorties de 2024 ; avec les seules 300 entrées de 2023 du tirage principal, 250
#: sorties en 2024 contre 708 en 2025, +183 %)
CEJ_2023_LEFT = 330


def cej_2023_left(
    rows: list[list[str]],
    people: dict[str, dict[str, str]],
    concerned: set[str],
    rng: random.Random,
) -> None:
    """Les :data:`CEJ_2023_LEFT` entrées en CEJ de 2023 sorties en 2024 (tirage à part, à
    la fin : le reste ne bouge pas), situations de sortie tirées selon
    :data:`EXITS_2024` : à des jeunes sans autre entrée en CEJ, non concernés par
    l'obligation de formation. Les entrées de 2024 et 2025, et les sorties de 2025, ne
    bougent pas."""
    exits = rng.choices(list(EXITS_2024), weights=list(EXITS_2024.values()), k=CEJ_2023_LEFT)
    pool = _without(rows, "CEJ", people, concerned)
    for pid, situation in zip(rng.sample(pool, CEJ_2023_LEFT), exits, strict=True):
        entry = day_in(rng, 2023).strftime("%d/%m/%Y")
        row = [pid, "CEJ", entry, day_in(rng, 2024).strftime("%d/%m/%Y"), situation]
        rows.append(row + [""] * (WIDTH - len(row)))


def justice(
    rows: list[list[str]],
    people: dict[str, dict[str, str]],
    events: list[dict[str, str]],
    rng: random.Random,
) -> None:
    """Le dispositif JSMJ suit les jeunes « sous main de justice » de l'extraction des
    jeunes (tirage à part : le reste ne bouge pas).

    Les 84 jeunes accompagnés en 2025 et signalés sous main de justice sont les 84 du
    dispositif en 2025 : les 15 entrées de 2025 et les 10 de 2024 (inchangées en nombre :
    les entrées en dispositifs restent celles du rapport) prennent 25 d'entre eux, les 59
    autres sont entrés en 2023, encore suivis ; 10 en milieu fermé, 74 en milieu ouvert.
    Les signalés de 2024 seulement sont entrés en 2023 et sortis en 2024. UEMO-FIPD : 5 des
    10 entrants de 2024 sortent en 2024, 15 jeunes restent suivis en 2025.
    """
    for row in rows:  # toutes les lignes à 7 colonnes (date de demande d'allocation)
        row.extend([""] * (7 - len(row)))
    flagged = sorted(p for p, y in people.items() if y["Sous main de justice"] == "Oui")
    now = accompanied(events, 2025)
    current = [p for p in flagged if p in now]
    earlier = [p for p in flagged if p not in now]
    assert len(current) == JSMJ_2025, len(current)
    rng.shuffle(current)
    slots = [r for r in rows if r[1] == "JSMJ"]
    for row, pid in zip(slots, current, strict=False):
        row[0] = pid
    for pid in current[len(slots) :]:
        rows.append([pid, "JSMJ", day_in(rng, 2023).strftime("%d/%m/%Y"), "", "", "", ""])
    for pid in earlier:
        entry = day_in(rng, 2023)
        rows.append(
            [
                pid,
                "JSMJ",
                entry.strftime("%d/%m/%Y"),
                day_in(rng, 2024).strftime("%d/%m/%Y"),
                rng.choice(["Fin sans solution", "Formation", "CDD de moins de 6 mois"]),
                "",
                "",
            ]
        )
    closed = set(rng.sample(current, JSMJ_CLOSED_2025)) | set(rng.sample(earlier, 6))
    for row in rows:
        row.append("")
        if row[1] == "JSMJ":
            row[7] = "Milieu fermé" if row[0] in closed else "Milieu ouvert"
    uemo_2024 = sorted(r for r in rows if r[1] == "UEMO-FIPD" and r[2].endswith("2024"))
    for row in rng.sample(uemo_2024, 20 - UEMO_2025):
        entry = date(int(row[2][6:]), int(row[2][3:5]), int(row[2][:2]))
        row[3] = day_in(rng, 2024, entry).strftime("%d/%m/%Y")
        row[4] = "Fin sans solution"


def local_action(
    rows: list[list[str]],
    people: dict[str, dict[str, str]],
    events: list[dict[str, str]],
    rng: random.Random,
) -> None:
    """L'action locale de lutte contre le décrochage (tirage à part : le reste ne bouge
    pas) : une promotion de 30 jeunes par an, entrés de janvier à mars, sortis d'octobre à
    décembre, pris parmi les jeunes majeurs accompagnés dans l'année et résidant en QPV,
    au profil du rapport. Les entrées ne sont pas des dispositifs d'accompagnement
    renforcé : les 1 239 entrées restent."""
    taken: set[str] = {r[0] for r in rows if r[1] in ("JSMJ", "UEMO-FIPD")}
    for year in (2024, 2025):
        women, young, unqualified = DROPOUT_PROFILE[year]
        now = accompanied(events, year)
        entries = {
            pid: date(year, rng.randint(1, 3), rng.randint(1, 28))
            for pid in sorted(now)
            if people[pid]["QPV"] == "Oui" and pid not in taken
        }

        def age(pid: str, entries: dict[str, date] = entries) -> int:
            d, m, y = (int(x) for x in people[pid]["Date de naissance"].split("/"))
            day = entries[pid]
            return day.year - y - ((day.month, day.day) < (m, d))

        pool = [p for p in entries if 18 <= age(p) <= 25]
        rng.shuffle(pool)
        chosen: list[str] = []
        need = {  # (femme, 18-19 ans, sans diplôme) -> nombre, tiré au profil du rapport
            (f, y, u): 0 for f in (True, False) for y in (True, False) for u in (True, False)
        }
        flags = [(i < women, i < young, i < unqualified) for i in range(30)]
        shuffled_young = [f[1] for f in flags]
        rng.shuffle(shuffled_young)
        shuffled_unq = [f[2] for f in flags]
        rng.shuffle(shuffled_unq)
        for f, y, u in zip([f[0] for f in flags], shuffled_young, shuffled_unq, strict=True):
            need[(f, y, u)] += 1
        for pid in pool:
            key = (
                people[pid]["Sexe"] == "F",
                age(pid) <= 19,
                people[pid]["Niveau de formation"] == "Sans diplôme",
            )
            if need[key]:
                need[key] -= 1
                chosen.append(pid)
        assert not any(need.values()), need
        exits = [s for s, n in DROPOUT_EXITS[year].items() for _ in range(n)]
        rng.shuffle(exits)
        for pid, situation in zip(chosen, exits, strict=True):
            taken.add(pid)
            leave = date(year, rng.randint(10, 12), rng.randint(1, 28))
            rows.append(
                [
                    pid,
                    "Action locale",
                    entries[pid].strftime("%d/%m/%Y"),
                    leave.strftime("%d/%m/%Y"),
                    situation,
                    "",
                    "",
                    "",
                ]
            )
    for row in rows:
        row.append(DROPOUT_ACTION if row[1] == "Action locale" else "")


def main() -> None:
    rng = random.Random(SEED)
    people = read_youths()
    plan, concerned = of_plan(people, read_events())
    of_programmes = {p: k for p, k in plan.items() if k in ("PACEA", "CEJ")}
    youths = [y for pid, y in people.items() if pid not in concerned]

    def key_of(y: dict[str, str]) -> tuple[bool, bool]:
        return (y["QPV"] == "Oui", y["Niveau de formation"] == "Sans diplôme")

    quotas = dict(CEJ_2025_PROFILE)
    for pid, kind in of_programmes.items():
        if kind == "CEJ":
            quotas[key_of(people[pid])] -= 1
    profile: dict[tuple[bool, bool], list[str]] = {k: [] for k in CEJ_2025_PROFILE}
    for y in youths:
        profile[key_of(y)].append(y["Identifiant jeune"])
    ids = sorted(y["Identifiant jeune"] for y in youths)
    rows: list[list[str]] = []

    def add(
        pid: str,
        programme: str,
        entry: date,
        exit_: date | None = None,
        situation: str = "",
        allocation: str = "",
    ) -> None:
        rows.append(
            [
                pid,
                programme,
                entry.strftime("%d/%m/%Y"),
                exit_.strftime("%d/%m/%Y") if exit_ else "",
                situation,
                allocation,
            ]
        )

    # CEJ : entrants 2025 au profil du rapport, entrants 2024 et 2023
    cej_2025 = [pid for key, n in quotas.items() for pid in rng.sample(sorted(profile[key]), n)]
    of_cej = sorted(p for p, k in of_programmes.items() if k == "CEJ")
    taken = set(cej_2025)
    others = [p for p in ids if p not in taken]
    rng.shuffle(others)
    cej_2024, cej_2023 = others[:CEJ_2024], others[CEJ_2024 : CEJ_2024 + 300]
    exits_2025 = [s for s, n in EXITS_2025.items() for _ in range(n)]
    exits_2024 = [s for s, n in EXITS_2024.items() for _ in range(n)]
    rng.shuffle(exits_2025)
    rng.shuffle(exits_2024)
    # sorties de 2025 : 450 entrés en 2024, 50 en 2023, 208 en 2025
    leaving_2025 = rng.sample(cej_2024, 450) + cej_2023[:50] + rng.sample(cej_2025, 208)
    leaving = dict(zip(leaving_2025, exits_2025, strict=True))
    for pid in cej_2023:
        entry = day_in(rng, 2023)
        if pid in leaving:
            add(pid, "CEJ", entry, day_in(rng, 2025), leaving[pid])
        else:
            add(pid, "CEJ", entry, day_in(rng, 2024), exits_2024.pop())
    for pid in of_cej:
        add(pid, "CEJ", day_in(rng, 2025))
    for year, group in ((2024, cej_2024), (2025, cej_2025)):
        for pid in group:
            entry = day_in(rng, year)
            if pid in leaving:
                add(pid, "CEJ", entry, day_in(rng, 2025, entry), leaving[pid])
            else:
                add(pid, "CEJ", entry)
    # PACEA : 400 entrées en 2024 (304 encore accompagnés en 2025), 444 en 2025
    of_pacea = sorted(p for p, k in of_programmes.items() if k == "PACEA")
    pacea_pool = [p for p in ids if p not in taken]
    rng.shuffle(pacea_pool)
    pacea_2024 = pacea_pool[:400]
    pacea_2025 = pacea_pool[400 : 844 - len(of_pacea)] + of_pacea
    for i, pid in enumerate(pacea_2024):
        entry = day_in(rng, 2024)
        exit_ = day_in(rng, 2024, entry) if i < 96 else None
        add(
            pid,
            "PACEA",
            entry,
            exit_,
            "Fin sans solution" if exit_ else "",
            # montants inventés, de l'ordre de ceux de 2025 (169 849 € pour 748 jeunes) ;
            # quatre choix, comme d'abord : les tirages suivants ne bougent pas
            str(rng.choice([0, 300, 500, 800])),
        )
    amounts = [rng.randint(0, 760) for _ in range(443)]
    amounts.append(169849 - sum(amounts))
    while amounts[-1] < 0:  # ajuste pour que la somme tombe juste
        i = rng.randrange(443)
        step = min(amounts[i], -amounts[-1])
        amounts[i] -= step
        amounts[-1] += step
    for pid, amount in zip(pacea_2025, amounts, strict=True):
        add(pid, "PACEA", day_in(rng, 2025), None, "", str(amount))
    for year, programmes in OTHER_PROGRAMMES.items():
        for programme, n in programmes.items():
            for pid in rng.sample(ids, n):
                add(pid, programme, day_in(rng, year))
    allowance_dates(rows, random.Random(f"{SEED}-allocations"))
    justice(rows, people, read_events(), random.Random(f"{SEED}-justice"))
    local_action(rows, people, read_events(), random.Random(f"{SEED}-decrochage"))
    pacea_2023(rows, people, concerned, random.Random(f"{SEED}-pacea-2023"))
    cej_2023_left(rows, people, concerned, random.Random(f"{SEED}-cej-2023"))
    # les PACEA et CEJ de 2024 des mineurs de l'obligation de formation (tirage à part)
    hand_over(
        rows,
        of_plan_2024(people, read_events()),
        {
            kind: lambda r, kind=kind: r[1] == kind and r[2].endswith("2024")
            for kind in ("PACEA", "CEJ")
        },
        random.Random(f"{SEED}-obligation-2024"),
    )
    rows.sort(key=lambda r: (r[2][6:], r[2][3:5], r[2][:2], r[0], r[1]))
    with (FOLDER / "dispositifs.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            [
                "Identifiant jeune",
                "Dispositif",
                "Date d'entrée",
                "Date de sortie",
                "Situation à la sortie",
                "Allocation demandée",
                "Date de la demande d'allocation",
                "Milieu",
                "Intitulé du dispositif",
            ]
        )
        writer.writerows(rows)
    print(f"{FOLDER / 'dispositifs.csv'} : {len(rows)} entrées")


if __name__ == "__main__":
    main()
