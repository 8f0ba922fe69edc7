"""Génère l'export fictif des candidatures du PLIE : ``fixtures/plie/candidatures-2023-2025.xlsx``.

Au format de « les emplois de l'inclusion » (25 en-têtes, statuts et types tels que la
plateforme les écrit, dates en texte avant le 27 mai 2025 et en cellules date ensuite),
construit pour reproduire les chiffres SIAE du rapport 2025 du PLIE : 89 personnes
ayant eu une étape en SIAE (candidatures déposées en 2024 ou 2025), taux d'intégration
de 25 % (22 % pour les ACI, 38 % pour les AI), recrutements 2025 répartis à 34 % en
ACI, 24 % en EI, 23 % en AI, 18 % en ETTI et une personne en EITI.

Personnes fictives (``candidatNNN@example.org``). Déterministe : graine fixe, date de
création du classeur fixée. Usage : ``python scripts/generate_plie_fixture.py``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

import xlsxwriter

SEED = 20252025
OUT = Path(__file__).resolve().parents[1] / "fixtures" / "plie" / "candidatures-2023-2025.xlsx"
HEADERS = [
    "Civilité candidat",
    "Nom candidat",
    "Prénom candidat",
    "Email candidat",
    "Téléphone candidat",
    "Date de naissance candidat",
    "Ville candidat",
    "Département candidat",
    "Nom structure employeur",
    "Type employeur",
    "Métiers",
    "Source de la candidature",
    "Nom organisation prescripteur",
    "Nom utilisateur prescripteur",
    "Date de la candidature",
    "Statut de la candidature",
    "Dates de début d\u2019embauche",
    "Dates de fin d\u2019embauche",
    "Motifs de refus",
    "Éligibilité IAE validée",
    "Eligible au contrôle",
    "Numéro PASS\u00a0IAE",
    "Début PASS\u00a0IAE",
    "Fin PASS\u00a0IAE",
    "Statut PASS\u00a0IAE",
]
# (année, type) -> (déposées, acceptées)
PLAN = {
    (2025, "ACI"): (100, 25),
    (2025, "EI"): (60, 18),
    (2025, "AI"): (40, 17),
    (2025, "ETTI"): (55, 13),
    (2025, "EITI"): (8, 1),
    (2024, "ACI"): (36, 5),
    (2024, "EI"): (20, 3),
    (2024, "AI"): (15, 4),
    (2024, "ETTI"): (20, 3),
    (2024, "EITI"): (2, 0),
    (2023, "ACI"): (40, 9),
    (2023, "EI"): (15, 4),
    (2023, "AI"): (12, 4),
    (2023, "ETTI"): (15, 3),
    (2023, "EITI"): (0, 0),
    (2025, "GEIQ"): (6, 2),
    (2025, "EA"): (6, 1),
}
EMPLOYERS = {
    "ACI": ["ACI VITRY NATURE", "ACI IVRY RESSOURCERIE"],
    "EI": ["EI BATI 94"],
    "AI": ["AI VITRY SERVICES", "AI IVRY PROXIMITÉ"],
    "ETTI": ["HUMANDO", "JANUS"],
    "EITI": ["L'ACCÉLÉRATEUR"],
    "GEIQ": ["GEIQ BTP 94"],
    "EA": ["EA AVENIR"],
}
REFUSALS = [
    ("Candidature déclinée", 60),
    ("Embauché ailleurs", 10),
    ("Candidature à l'étude", 6),
    ("Nouvelle candidature", 4),
    ("Candidature en attente", 4),
    ("Embauche annulée", 3),
    ("Vivier de candidatures", 5),
    ("Action préalable à l\u2019embauche", 3),
]
SWITCH = date(2025, 5, 27)  # dates en cellules date à partir de ce jour
# candidatures de 2023 de plus (inventé, tirage à part : les lignes du tirage principal
# ne bougent pas) : avec les seules 82 du tirage principal, la période de comparaison de
# 2024 (2023 et 2024) n'avait que 175 candidatures et 35 personnes recrutées, contre
# 356 et 89 pour 2025 (+154 %) ; ainsi 330 et 71 (+25 %). Type -> (déposées, acceptées),
# des personnes recrutées une seule fois, qui ne sont pas des participants du PLIE de
# 2024-2025
EXTRA_2023 = {"ACI": (70, 14), "EI": (30, 8), "AI": (20, 7), "ETTI": (30, 6), "EITI": (5, 1)}


def applications(
    plan: Iterable[tuple[int, str, int, int]],
    hires: list[str],
    people: list[str],
    rng: random.Random,
) -> list[tuple[date, str, str, str]]:
    """Les candidatures de ``plan`` (année, type, déposées, acceptées) : (date, personne,
    type, statut). Chaque acceptée prend la dernière personne de ``hires`` (une personne
    n'est recrutée qu'une fois sur toute la période), les autres une de ``people``."""
    rows = []
    for year, kind, submitted, accepted in plan:
        for n in range(submitted):
            hired = n < accepted
            person = hires.pop() if hired else rng.choice(people)
            status = (
                "Candidature acceptée"
                if hired
                else rng.choices([s for s, _ in REFUSALS], weights=[w for _, w in REFUSALS])[0]
            )
            day = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
            rows.append((day, person, kind, status))
    return rows


def main() -> None:
    rng = random.Random(SEED)
    people = [f"{i:03d}" for i in range(1, 241)]
    hired_pool = people[:]
    rng.shuffle(hired_pool)
    rows = applications(((y, k, *n) for (y, k), n in sorted(PLAN.items())), hired_pool, people, rng)
    extra = random.Random(f"{SEED}-2023")
    newcomers = [f"{i:03d}" for i in range(241, 241 + sum(a for _, a in EXTRA_2023.values()))]
    added = applications(((2023, k, *n) for k, n in EXTRA_2023.items()), newcomers, people, extra)
    rows.sort()
    workbook = xlsxwriter.Workbook(
        str(OUT), {"strings_to_numbers": False, "strings_to_formulas": False}
    )
    workbook.set_properties({"created": datetime(2026, 1, 5, 9, 0, 0), "author": "gipkit"})
    sheet = workbook.add_worksheet("candidatures")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for c, header in enumerate(HEADERS):
        sheet.write_string(0, c, header)
    births = {
        p: date(rng.randint(1962, 2000), rng.randint(1, 12), rng.randint(1, 28)) for p in people
    }
    for p in sorted({person for _, person, _, _ in added} - set(people)):
        births[p] = date(extra.randint(1962, 2000), extra.randint(1, 12), extra.randint(1, 28))
    # les lignes ajoutées à leur place dans l'ordre des dates, chacune tirée par ``extra`` :
    # celles du tirage principal gardent leurs valeurs
    merged = sorted(
        [(row, rng) for row in rows] + [(row, extra) for row in added], key=lambda x: x[0]
    )
    for r, ((day, person, kind, status), draw) in enumerate(merged, start=1):
        hired = status == "Candidature acceptée"
        values = [
            draw.choice(["M.", "Mme"]),
            f"NOM{person}",
            f"Prénom{person}",
            f"candidat{person}@example.org",
            "",
            None,
            draw.choice(["Ivry-sur-Seine", "Vitry-sur-Seine"]),
            draw.choice(["94200", "94400"]),
            draw.choice(EMPLOYERS[kind]),
            kind,
            "Agent d'entretien des espaces verts",
            "Orienteur",
            "PLIE Ivry-Vitry",
            "Référente PLIE",
            None,
            status,
            (day + timedelta(days=7)).strftime("%d/%m/%Y") if hired else "",
            (day + timedelta(days=187)).strftime("%d/%m/%Y") if hired else "",
            "" if hired or status != "Candidature déclinée" else "Pas de recrutement en cours",
            "Oui" if hired else "Non",
            "Non",
            "",
            "",
            "",
            "",
        ]
        for c, value in enumerate(values):
            if c == 5:
                sheet.write_string(r, c, births[person].strftime("%d/%m/%Y"))
            elif c == 14:
                if day >= SWITCH:
                    sheet.write_datetime(r, c, datetime(day.year, day.month, day.day), date_format)
                else:
                    sheet.write_string(r, c, day.strftime("%d/%m/%Y"))
            else:
                sheet.write_string(r, c, str(value))
    workbook.close()
    print(f"{OUT} : {len(merged)} candidatures")


if __name__ == "__main__":
    main()
