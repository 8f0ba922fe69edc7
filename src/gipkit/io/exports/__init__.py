"""Registre des types d'exports connus de gipkit."""

from __future__ import annotations

from gipkit.io.exports.cllaj import (
    CLLAJ_INTERVIEWS,
    CLLAJ_LRJ,
    CLLAJ_PROPOSALS,
    CLLAJ_REHOUSINGS,
    CLLAJ_REQUESTS,
    CLLAJ_YOUTHS,
)
from gipkit.io.exports.ml import (
    ML_EVENTS,
    ML_PROGRAMMES,
    ML_PROPOSALS,
    ML_REQUESTS,
    ML_SITUATIONS,
    ML_YOUTHS,
)
from gipkit.io.exports.plie import PLIE_APPLICATIONS, PLIE_PARTICIPANTS
from gipkit.io.exports.serci import SERCI_HOURS
from gipkit.io.schema import ExportSchema

EXPORTS: dict[str, ExportSchema] = {
    schema.kind: schema
    for schema in (
        SERCI_HOURS,
        PLIE_APPLICATIONS,
        PLIE_PARTICIPANTS,
        ML_SITUATIONS,
        ML_YOUTHS,
        ML_EVENTS,
        ML_PROGRAMMES,
        ML_REQUESTS,
        ML_PROPOSALS,
        CLLAJ_YOUTHS,
        CLLAJ_REQUESTS,
        CLLAJ_PROPOSALS,
        CLLAJ_REHOUSINGS,
        CLLAJ_INTERVIEWS,
        CLLAJ_LRJ,
    )
}

__all__ = ["EXPORTS"]
