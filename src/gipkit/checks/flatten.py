"""Mise à plat d'un document de résultats : un identifiant, une valeur.

Un résultat ``valeur`` garde son identifiant (``serci.heures.total``). Chaque
cellule numérique d'un tableau devient ``ID_TABLEAU[LIGNE].COLONNE``, par exemple
``serci.heures.par_maitre_ouvrage[Bailleurs sociaux].heures`` ou
``serci.heures.par_maitre_ouvrage[Total].contrats`` : les règles et les
comparaisons portent ainsi sur n'importe quel chiffre du rapport.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gipkit.errors import InvalidDataError
from gipkit.results import row_label

SCHEMA_PREFIX = "gipkit/resultats/1."
TEXT = "texte"


@dataclass(frozen=True)
class Item:
    """Une valeur d'indicateur, son unité et son année."""

    unit: str
    value: Any
    year: int | None


def check_document(doc: Any, origin: str) -> dict[str, Any]:
    """Vérifie qu'il s'agit d'un document de résultats gipkit d'une version lisible."""
    if not isinstance(doc, dict) or not str(doc.get("schema", "")).startswith(SCHEMA_PREFIX):
        raise InvalidDataError(
            f"{origin} : ce n'est pas un document de résultats gipkit "
            f"(champ « schema » attendu : {SCHEMA_PREFIX}x).",
            details=["produisez-le avec une commande de gipkit et --format json"],
        )
    return doc


def base_id(ident: str) -> str:
    """L'identifiant du résultat, sans la ligne ni la colonne d'un tableau.

    >>> base_id("serci.heures.par_ville[Ivry-sur-Seine].heures")
    'serci.heures.par_ville'
    """
    return ident.split("[", 1)[0]


def flatten(doc: dict[str, Any], *, previous: bool = False) -> dict[str, Item]:
    """Toutes les valeurs numériques du document (ou de son année N-1 si ``previous``)."""
    out: dict[str, Item] = {}
    for res in doc.get("resultats", []):
        if res.get("type") == "valeur":
            if previous:
                prev = res.get("precedent")
                if prev is not None:
                    out[res["id"]] = Item(res["unite"], prev["valeur"], prev["annee"])
            else:
                out[res["id"]] = Item(res["unite"], res["valeur"], res["annee"])
        elif res.get("type") == "tableau":
            body = res.get("precedent") if previous else res
            if body is None:
                continue
            columns = res["colonnes"]
            rows = list(body.get("lignes", []))
            if body.get("total") is not None:
                rows.append(body["total"])
            for row in rows:
                label = row_label(row)
                for column, value in zip(columns, row, strict=False):
                    if column["unite"] == TEXT or isinstance(value, str):
                        continue
                    ident = f"{res['id']}[{label}].{column['id']}"
                    out[ident] = Item(column["unite"], value, body.get("annee"))
    return out
