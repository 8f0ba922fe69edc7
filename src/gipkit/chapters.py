"""Les structures du GIP et leurs extractions, déclarées une fois.

Chaque structure (un chapitre du rapport) a un dossier dans un dossier d'exercice
(``gipkit init``) et des extractions, chacune sous un nom conventionnel, avec le
format qu'elle suit et le logiciel dont elle vient. Cette déclaration sert à
``gipkit init`` (dossiers, README, modèles vides), aux commandes lancées sans chemin
dans un dossier d'exercice, et à la documentation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extraction:
    """Une extraction attendue d'une structure."""

    name: str  # nom conventionnel du fichier (sans extension) et de l'option --NAME
    kind: str  # format (clé de gipkit.io.exports.EXPORTS)
    origin: str  # le logiciel et le menu d'où elle vient, quand on le sait
    required: bool = True


@dataclass(frozen=True)
class Structure:
    """Une structure du GIP : son dossier, son titre, ses extractions."""

    key: str
    title: str
    extractions: tuple[Extraction, ...]


STRUCTURES: dict[str, Structure] = {
    s.key: s
    for s in (
        Structure(
            "serci",
            "Service Clauses Insertion (SERCI)",
            (
                Extraction(
                    "heures",
                    "serci.heures",
                    "logiciel de suivi des clauses sociales (ABC Clauses ou équivalent) : "
                    "export des heures d'insertion, une ligne par contrat et par année",
                ),
            ),
        ),
        Structure(
            "ml",
            "Mission Locale",
            (
                Extraction("jeunes", "ml.jeunes", "I-milo : extraction des jeunes (profil)"),
                Extraction("evenements", "ml.evenements", "I-milo : extraction des événements"),
                Extraction(
                    "dispositifs",
                    "ml.dispositifs",
                    "I-milo : extraction des dispositifs (PACEA, CEJ…)",
                ),
                Extraction("demandes", "ml.demandes", "I-milo : extraction des demandes"),
                Extraction(
                    "propositions", "ml.propositions", "I-milo : extraction des propositions"
                ),
                Extraction("situations", "ml.situations", "I-milo : extraction des situations"),
            ),
        ),
        Structure(
            "plie",
            "PLIE",
            (
                Extraction(
                    "participants",
                    "plie.participants",
                    "logiciel de suivi des parcours du PLIE : extraction des parcours",
                ),
                Extraction(
                    "candidatures",
                    "plie.candidatures",
                    "les emplois de l'inclusion : tableau de bord de l'organisation, "
                    "« Exporter les candidatures » (fichier XLSX)",
                ),
            ),
        ),
        Structure(
            "cllaj",
            "CLLAJ (logement des jeunes)",
            (
                Extraction("jeunes", "cllaj.jeunes", "logiciel du CLLAJ : jeunes accompagnés"),
                Extraction("demandes", "cllaj.demandes", "logiciel du CLLAJ : demandes"),
                Extraction(
                    "propositions", "cllaj.propositions", "logiciel du CLLAJ : propositions"
                ),
                Extraction("relogements", "cllaj.relogements", "logiciel du CLLAJ : relogements"),
                Extraction(
                    "entretiens", "cllaj.entretiens", "logiciel du CLLAJ : entretiens individuels"
                ),
                Extraction("lrj", "cllaj.lrj", "suivi du Logement Relais Jeunes : séjours"),
            ),
        ),
    )
}
