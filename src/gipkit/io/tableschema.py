"""Publication d'un :class:`~gipkit.io.schema.ExportSchema` en Table Schema (Frictionless).

C'est le format de schema.data.gouv.fr : un utilisateur peut valider son export
avec les outils de l'écosystème des données publiques avant de le donner à gipkit.
"""

from __future__ import annotations

from typing import Any

from gipkit.io.schema import ColumnType, ExportSchema
from gipkit.io.values import DATE_FORMATS, FALSE_WORDS, TRUE_WORDS

_TYPES = {
    ColumnType.TEXT: "string",
    ColumnType.INTEGER: "integer",
    ColumnType.NUMBER: "number",
    ColumnType.DATE: "date",
    ColumnType.BOOLEAN: "boolean",
    ColumnType.CATEGORY: "string",
    ColumnType.MULTI_CATEGORY: "string",
}


def to_table_schema(schema: ExportSchema) -> dict[str, Any]:
    """Le Table Schema (dictionnaire JSON) d'un type d'export.

    >>> from gipkit.io.exports import EXPORTS
    >>> ts = to_table_schema(EXPORTS["serci.heures"])
    >>> ts["fields"][0]["name"], ts["fields"][0]["type"]
    ('annee', 'integer')
    """
    fields = []
    for col in schema.columns:
        entry: dict[str, Any] = {
            "name": col.name,
            "title": col.title,
            "description": col.description,
            "type": _TYPES[col.type],
            "example": col.example,
            "constraints": {"required": col.required},
            "x-gipkit-entetes-acceptes": list(col.spellings()),
        }
        if col.type is ColumnType.NUMBER:
            entry["decimalChar"] = ","
            entry["groupChar"] = " "
        if col.type is ColumnType.DATE:
            entry["format"] = DATE_FORMATS[0]
            entry["x-gipkit-formats-acceptes"] = list(DATE_FORMATS)
        if col.type is ColumnType.BOOLEAN:
            entry["trueValues"] = ["oui", "Oui", "OUI", "O", "1", "vrai", "VRAI"]
            entry["falseValues"] = ["non", "Non", "NON", "N", "0", "faux", "FAUX"]
            entry["x-gipkit-mots-acceptes"] = {"vrai": TRUE_WORDS, "faux": FALSE_WORDS}
        if col.minimum is not None:
            entry["constraints"]["minimum"] = col.minimum
        if col.maximum is not None:
            entry["constraints"]["maximum"] = col.maximum
        if col.type is ColumnType.CATEGORY:
            entry["constraints"]["enum"] = [c.label for c in col.categories]
        if col.categories:
            entry["x-gipkit-categories"] = [
                {"code": c.code, "libelle": c.label, "synonymes": list(c.synonyms)}
                for c in col.categories
            ]
        if col.type is ColumnType.MULTI_CATEGORY:
            entry["x-gipkit-separateur"] = schema.multi_value_separator
        fields.append(entry)
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": schema.kind.replace(".", "-"),
        "title": schema.title,
        "description": schema.description,
        "fields": fields,
        "missingValues": [""],
        "x-gipkit-dialecte": {
            "separateurs": [";", ",", "\t"],
            "encodages": ["utf-8", "utf-8 avec BOM", "windows-1252"],
        },
    }
