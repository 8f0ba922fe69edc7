"""Registre des types d'exports connus de gipkit."""

from __future__ import annotations

from gipkit.io.exports.cllaj import (
    CLLAJ_INTERVIEWS,
    CLLAJ_LRJ,
    CLLAJ_PROPOSALS,
    CLLAJ_REHOUSINGS,
    CLLAJ_REQUESTS,
    CLLAJ_WORKSHOPS,
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
from gipkit.io.exports.plie import PLIE_APPLICATIONS, PLIE_PARTICIPANTS, PLIE_PREREGISTRATIONS
from gipkit.io.exports.serci import SERCI_HOURS
from gipkit.io.schema import ExportSchema

EXPORTS: dict[str, ExportSchema] = {
    schema.kind: schema
    for schema in (
        SERCI_HOURS,
        PLIE_APPLICATIONS,
        PLIE_PARTICIPANTS,
        PLIE_PREREGISTRATIONS,
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
        CLLAJ_WORKSHOPS,
    )
}

#: la commande (ou l'option) qui lit chaque export, pour dire « ceci ressemble à … »
READ_BY: dict[str, str] = {
    "serci.heures": "gipkit serci heures FICHIER (et les autres commandes serci)",
    "plie.candidatures": "gipkit plie siae FICHIER, ou --candidatures",
    "plie.participants": "gipkit plie participants FICHIER, ou --participants",
    "plie.preinscriptions": "l'option --preinscriptions des commandes plie",
    "ml.situations": "gipkit ml situations FICHIER, ou --situations",
    "ml.jeunes": "l'option --jeunes des commandes ml",
    "ml.evenements": "l'option --evenements des commandes ml",
    "ml.dispositifs": "l'option --dispositifs des commandes ml",
    "ml.demandes": "l'option --demandes des commandes ml",
    "ml.propositions": "l'option --propositions des commandes ml",
    "cllaj.jeunes": "gipkit cllaj ressources FICHIER, ou --jeunes",
    "cllaj.demandes": "l'option --demandes des commandes cllaj",
    "cllaj.propositions": "l'option --propositions des commandes cllaj",
    "cllaj.relogements": "l'option --relogements des commandes cllaj",
    "cllaj.entretiens": "l'option --entretiens des commandes cllaj",
    "cllaj.lrj": "gipkit cllaj lrj FICHIER, ou --lrj",
    "cllaj.ateliers": "gipkit cllaj atelier FICHIER, ou --ateliers",
}

__all__ = ["EXPORTS", "READ_BY"]
