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

from gipkit.checks.document import validate_document
from gipkit.errors import InvalidDataError
from gipkit.results import row_label

SCHEMA_PREFIX = "gipkit/resultats/1."
REPORT_PREFIX = "gipkit/rapport/1."
TEXT = "texte"


@dataclass(frozen=True)
class Item:
    """Une valeur d'indicateur, son unité et son année."""

    unit: str
    value: Any
    year: int | None
    #: masquée par le secret statistique (sa valeur est alors ``None``)
    secret: bool = False


def check_document(doc: Any, origin: str) -> dict[str, Any]:
    """Le document de résultats que ``doc`` est, ou que ``doc`` contient : un document de
    résultats d'une version lisible tel quel ; le JSON de ``gipkit rapport``, ses
    chapitres réunis en un (:func:`report_results`)."""
    if isinstance(doc, dict) and str(doc.get("schema", "")).startswith(REPORT_PREFIX):
        return report_results(doc, origin)
    if not isinstance(doc, dict) or not str(doc.get("schema", "")).startswith(SCHEMA_PREFIX):
        raise InvalidDataError(
            f"{origin} : ce n'est pas un document de résultats gipkit "
            f"(champ « schema » attendu : {SCHEMA_PREFIX}x ou {REPORT_PREFIX}x).",
            details=["produisez-le avec une commande de gipkit et --format json"],
        )
    validate_document(doc, origin)
    return doc


def report_results(report: dict[str, Any], origin: str) -> dict[str, Any]:
    """Les chapitres calculés d'un rapport (``gipkit rapport --format json``) en un
    document de résultats : leurs résultats bout à bout (leurs identifiants commencent
    par leur structure : aucun ne se répète), leurs paramètres nommés par leur structure
    (:func:`settings`), le secret statistique du rapport (le même pour chaque chapitre).

    >>> chapter = {"schema": "gipkit/resultats/1.2", "commande": "serci tout",
    ...            "parametres": {"annee": 2025, "top": 10}, "secret_statistique": None,
    ...            "resultats": [{"id": "serci.heures.total"}]}
    >>> doc = report_results({"schema": "gipkit/rapport/1.1", "annee": 2025, "chapitres": [
    ...     {"structure": "serci", "document": chapter},
    ...     {"structure": "ml", "document": None}]}, "r.json")
    >>> doc["parametres"], [r["id"] for r in doc["resultats"]]
    ({'annee': 2025, 'serci.top': 10}, ['serci.heures.total'])
    """
    chapters = report.get("chapitres")
    computed = [
        c
        for c in (chapters if isinstance(chapters, list) else [])
        if isinstance(c, dict) and isinstance(c.get("document"), dict)
    ]
    if not computed:
        raise InvalidDataError(
            f"{origin} : rapport sans aucun chapitre calculé, rien à comparer ni à vérifier."
        )
    documents = [
        check_document(c["document"], f"{origin} (chapitre « {c.get('structure', '?')} »)")
        for c in computed
    ]
    params: dict[str, Any] = {"annee": report.get("annee")}
    for document in documents:
        params.update(settings(document))
    return {
        "schema": documents[0]["schema"],
        "commande": "rapport",
        "parametres": params,
        "secret_statistique": documents[0].get("secret_statistique"),
        "resultats": [r for d in documents for r in d.get("resultats", [])],
    }


def settings(doc: dict[str, Any]) -> dict[str, Any]:
    """Les réglages d'un document, chacun nommé par sa structure (``serci.top``, comme
    dans ``gipkit.toml``) : deux structures ont des réglages de même nom (``tranches_age``
    du SERCI et du CLLAJ), qu'un rapport réunit. Sans l'année, propre à chaque document.

    >>> settings({"commande": "serci tout", "parametres": {"annee": 2025, "top": 10}})
    {'serci.top': 10}
    >>> settings({"commande": "rapport", "parametres": {"annee": 2025, "serci.top": 10}})
    {'serci.top': 10}
    """
    params = doc.get("parametres") or {}
    command = str(doc.get("commande", ""))
    prefix = "" if command == "rapport" else command.split(" ", 1)[0] + "."
    return {f"{prefix}{k}": v for k, v in params.items() if k != "annee"}


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
            body = res.get("precedent") if previous else res
            if body is not None:
                hidden = bool(body.get("secret")) and body["valeur"] is None
                out[res["id"]] = Item(res["unite"], body["valeur"], body["annee"], hidden)
        elif res.get("type") == "tableau":
            body = res.get("precedent") if previous else res
            if body is None:
                continue
            columns = res["colonnes"]
            rows = list(body.get("lignes", []))
            if body.get("total") is not None:
                rows.append(body["total"])
            hidden_cells = {(i, j) for i, j in body.get("cellules_secretes", [])}
            for i, row in enumerate(rows):
                label = row_label(row)
                for j, (column, value) in enumerate(zip(columns, row, strict=False)):
                    if column["unite"] == TEXT or isinstance(value, str):
                        continue
                    ident = f"{res['id']}[{label}].{column['id']}"
                    secret = (i, j) in hidden_cells
                    out[ident] = Item(column["unite"], value, body.get("annee"), secret)
    return out
