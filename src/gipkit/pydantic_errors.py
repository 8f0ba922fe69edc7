"""Les erreurs de validation de pydantic, en français et sans la valeur lue.

pydantic les écrit en anglais, et recopie la valeur fautive (une donnée personnelle,
parfois) : :func:`reason` les traduit, dans le vocabulaire du fichier lu — une clé et
une table pour la configuration et les règles (TOML), un champ et un objet pour un
document de résultats (JSON). Les bornes d'une clé de la configuration se disent de
même, qu'elles soient vérifiées par pydantic ou à la construction (:func:`bound_reason`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Words:
    """Le vocabulaire d'un format de fichier : ce qui manque, ce qui est de trop, et ce
    qu'est un ensemble de clés."""

    missing: str
    unknown: str
    table: str


#: la configuration et les fichiers de règles
TOML = Words(missing="clé obligatoire absente", unknown="clé inconnue", table="table attendue")
#: un document de résultats
JSON = Words(missing="champ manquant", unknown="champ inconnu", table="objet attendu")

#: ce qu'attendait une erreur de type de pydantic (``float_parsing`` -> ``float``)
_EXPECTED = {
    "bool": "booléen attendu (true ou false)",
    "int": "nombre entier attendu",
    "float": "nombre attendu",
    "decimal": "nombre attendu",
    "string": "texte attendu",
    "list": "liste attendue",
    "tuple": "liste attendue",
    "date": "date attendue",
}
#: les types d'erreur d'un ensemble de clés
_TABLES = ("dict", "model", "model_attributes", "dataclass")

#: type d'erreur de pydantic -> borne de la configuration
_BOUNDS = {
    "greater_than": "gt",
    "greater_than_equal": "ge",
    "less_than_equal": "le",
    "too_short": "min_length",
}


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def bound_reason(bound: str, limit: Any) -> str:
    """Une borne (``gt``, ``ge``, ``le``, ``min_length``) non tenue, dite en français.

    >>> bound_reason("ge", 1000.0), bound_reason("min_length", 1)
    ('doit valoir au moins 1000', 'doit avoir au moins 1 élément')
    """
    if bound == "gt":
        return f"doit être supérieur à {_number(limit)}"
    if bound == "ge":
        return f"doit valoir au moins {_number(limit)}"
    if bound == "le":
        return f"doit valoir au plus {_number(limit)}"
    return f"doit avoir au moins {limit} élément{'s' if limit > 1 else ''}"


def reason(err: Any, words: Words = TOML) -> str:
    """La raison d'une erreur de pydantic (un élément de ``ValidationError.errors()``).

    >>> reason({"type": "bool_parsing", "msg": "Input should be a valid boolean"})
    'booléen attendu (true ou false)'
    >>> reason({"type": "greater_than_equal", "ctx": {"ge": 0}})
    'doit valoir au moins 0'
    >>> reason({"type": "string_too_short", "ctx": {"min_length": 1}})
    'ne doit pas être vide'
    >>> reason({"type": "missing"}), reason({"type": "missing"}, JSON)
    ('clé obligatoire absente', 'champ manquant')
    >>> reason({"type": "model_attributes_type"}, JSON)
    'objet attendu'
    >>> reason({"type": "literal_error", "ctx": {"expected": "'valeur' or 'tableau'"}}, JSON)
    "valeur attendue : 'valeur' ou 'tableau'"
    """
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        return words.unknown
    if kind.startswith("missing"):
        return words.missing
    if kind in _BOUNDS:
        bound = _BOUNDS[kind]
        return bound_reason(bound, ctx[bound])
    if kind == "string_too_short":
        return "ne doit pas être vide"
    if kind == "finite_number":
        return "nombre fini attendu (ni nan ni inf)"
    if kind == "literal_error":
        return "valeur attendue : " + str(ctx.get("expected", "")).replace(" or ", " ou ")
    if kind == "int_from_float":
        return "nombre entier attendu"
    if kind.endswith("_parsing") or kind.endswith("_type"):
        base = kind.rsplit("_", 1)[0]
        return words.table if base in _TABLES else _EXPECTED.get(base, "type de valeur inattendu")
    if kind == "value_error" and ctx.get("error") is not None:
        return str(ctx["error"])
    return "valeur impossible"
