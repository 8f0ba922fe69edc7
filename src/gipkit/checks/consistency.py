"""Cohérence interne d'un document, sans année de référence.

Ce sont les contrôles que le rapport 2025 ne passe pas : des parties qui ne font pas
leur total, des parts qui ne font pas 100 %, des chiffres repris d'un tableau à
l'autre qui ne concordent pas.
"""

from __future__ import annotations

from typing import Any

from gipkit.checks.rules import Check
from gipkit.results import row_label


def cross_checks() -> list[tuple[str, str, str]]:
    """(tableau, colonne de sa ligne Total, valeur qu'elle doit égaler), déclarés avec les
    sections de chaque structure (``gipkit.chapters``)."""
    from gipkit.chapters import STRUCTURES

    return [
        (o.id, column, scalar)
        for structure in STRUCTURES.values()
        for o in structure.outputs()
        for column, scalar in o.equals
    ]


RULE = "cohérence"


def _close(a: float, b: float, n: int) -> bool:
    return abs(a - b) <= 0.006 * max(n, 1)  # valeurs arrondies à 2 décimales


def consistency(doc: dict[str, Any]) -> list[Check]:
    """Parties = total, parts = 100 %, taux dans [0, 1], totaux repris d'un résultat à l'autre.

    >>> doc = {"resultats": [{"id": "t", "type": "tableau", "colonnes": [
    ...     {"id": "k", "unite": "texte"}, {"id": "n", "unite": "nombre", "additive": True},
    ...     {"id": "p", "unite": "part"}],
    ...     "lignes": [["a", 1, 0.25], ["b", 3, 0.74]], "total": ["Total", 4, None]}]}
    >>> for check in consistency(doc):
    ...     print(check.kind, check.ok)
    somme des lignes = total True
    cases hors de [0, 1] True
    somme des parts = 100 % False
    """
    checks: list[Check] = []
    scalars: dict[str, Any] = {}
    totals: dict[tuple[str, str], tuple[Any, str]] = {}
    for res in doc.get("resultats", []):
        if res.get("type") == "valeur":
            scalars[res["id"]] = res["valeur"]
            if res["unite"] in ("taux", "part") and res["valeur"] is not None:
                checks.append(
                    Check(
                        RULE,
                        res["id"],
                        "taux dans [0, 1]",
                        res["valeur"],
                        "entre 0 et 100 %",
                        0 <= res["valeur"] <= 1,
                        unit=res["unite"],
                    )
                )
            continue
        if res.get("type") != "tableau":
            continue
        columns = res["colonnes"]
        for body, suffix in ((res, ""), (res.get("precedent"), " (N-1)")):
            if not body or body.get("total") is None:
                continue
            subtotals = set(body.get("sous_totaux", []))  # propres à chaque année
            rows = [r for r in body["lignes"] if row_label(r) not in subtotals]
            # secret statistique : une colonne qui a des cases masquées ne se vérifie pas
            # (ses parties ne sont plus toutes publiées)
            secret_columns = {j for _, j in body.get("cellules_secretes", [])}
            for j, column in enumerate(columns):
                if j in secret_columns:
                    continue
                if column["unite"] in ("taux", "part"):
                    cells = [r[j] for r in rows if isinstance(r[j], int | float)]
                    bad = [v for v in cells if not 0 <= v <= 1]
                    checks.append(
                        Check(
                            RULE,
                            f"{res['id']}[*].{column['id']}{suffix}",
                            "cases hors de [0, 1]",
                            len(bad),
                            0,
                            not bad,
                            relation="=",
                        )
                    )
                    if column["unite"] == "part" and cells:
                        # des parts d'un même tout font 100 % à l'arrondi près
                        checks.append(
                            Check(
                                RULE,
                                f"{res['id']}[*].{column['id']}{suffix}",
                                "somme des parts = 100 %",
                                sum(cells),
                                1,
                                abs(sum(cells) - 1) <= 0.0001 * len(cells) + 1e-9,
                                relation="=",
                                unit="part",
                            )
                        )
                if not suffix:
                    totals[(res["id"], column["id"])] = (body["total"][j], column["unite"])
                if not column.get("additive"):
                    continue
                parts = sum(r[j] or 0 for r in rows)
                total = body["total"][j]
                checks.append(
                    Check(
                        RULE,
                        f"{res['id']}[Total].{column['id']}{suffix}",
                        "somme des lignes = total",
                        parts,
                        total,
                        total is not None and _close(parts, total, len(rows)),
                        relation="=",
                        unit=column["unite"],
                    )
                )
    for table, column, scalar in cross_checks():
        if (table, column) in totals and scalar in scalars:
            (total, unit), value = totals[(table, column)], scalars[scalar]
            checks.append(
                Check(
                    RULE,
                    f"{table}[Total].{column}",
                    f"= {scalar}",
                    total,
                    value,
                    _close(total, value, 1),
                    relation="=",
                    unit=unit,
                )
            )
    return checks
