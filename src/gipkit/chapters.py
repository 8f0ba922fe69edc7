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
    #: préfixes des identifiants des résultats qui en dépendent (ce qu'un ``tout`` sans
    #: elle laisse de côté, et dit)
    feeds: tuple[str, ...] = ()
    #: autres noms de fichier reconnus (« heures-insertion-2025.csv »)
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Structure:
    """Une structure du GIP : son dossier, son titre, ses extractions."""

    key: str
    title: str
    extractions: tuple[Extraction, ...]
    #: les chiffres clés de la structure, pour la première page du rapport
    key_figures: tuple[str, ...] = ()

    def feeds(self) -> dict[str, tuple[str, ...]]:
        """Pour chaque extraction, les préfixes des résultats qui en dépendent."""
        return {e.name: e.feeds for e in self.extractions}


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
                    aliases=("heures-insertion", "heures_insertion"),
                    feeds=("serci.",),
                ),
            ),
            key_figures=(
                "serci.heures.total",
                "serci.heures.participants",
                "serci.heures.etp",
                "serci.sorties.taux_positives",
            ),
        ),
        Structure(
            "ml",
            "Mission Locale",
            (
                Extraction(
                    "jeunes",
                    "ml.jeunes",
                    "I-milo : extraction des jeunes (profil)",
                    feeds=(
                        "ml.activite.",
                        "ml.territoire.",
                        "ml.obligation_formation.",
                        "ml.emploi.par_age",
                        "ml.emploi.par_sexe",
                        "ml.emploi.par_niveau",
                    ),
                ),
                Extraction(
                    "evenements",
                    "ml.evenements",
                    "I-milo : extraction des événements",
                    feeds=("ml.activite.", "ml.territoire.", "ml.obligation_formation."),
                ),
                Extraction(
                    "dispositifs",
                    "ml.dispositifs",
                    "I-milo : extraction des dispositifs (PACEA, CEJ…)",
                    feeds=("ml.dispositifs.",),
                ),
                Extraction(
                    "demandes",
                    "ml.demandes",
                    "I-milo : extraction des demandes",
                    feeds=("ml.demandes.",),
                ),
                Extraction(
                    "propositions",
                    "ml.propositions",
                    "I-milo : extraction des propositions",
                    feeds=("ml.propositions.",),
                ),
                Extraction(
                    "situations",
                    "ml.situations",
                    "I-milo : extraction des situations",
                    feeds=(
                        "ml.situations.",
                        "ml.emploi.",
                        "ml.demandes.rapport_situations",
                        "ml.territoire.contrats",
                    ),
                ),
            ),
            key_figures=(
                "ml.activite.jeunes_accompagnes",
                "ml.activite.premiers_accueils",
                "ml.dispositifs.cej_entrees",
                "ml.situations.total",
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
                    feeds=(
                        "plie.participants.",
                        "plie.parcours.",
                        "plie.profil.",
                        "plie.metiers.",
                        "plie.siae.personnes_jointes",
                        "plie.siae.profil",
                    ),
                ),
                Extraction(
                    "candidatures",
                    "plie.candidatures",
                    "les emplois de l'inclusion : tableau de bord de l'organisation, "
                    "« Exporter les candidatures » (fichier XLSX)",
                    feeds=("plie.siae.",),
                ),
            ),
            key_figures=(
                "plie.participants.suivis",
                "plie.participants.entrees",
                "plie.parcours.taux_sorties_positives",
                "plie.siae.personnes",
            ),
        ),
        Structure(
            "cllaj",
            "CLLAJ (logement des jeunes)",
            (
                Extraction(
                    "jeunes",
                    "cllaj.jeunes",
                    "logiciel du CLLAJ : jeunes accompagnés",
                    feeds=("cllaj.ressources.", "cllaj.activite.", "cllaj.profil."),
                ),
                Extraction(
                    "demandes",
                    "cllaj.demandes",
                    "logiciel du CLLAJ : demandes",
                    feeds=(
                        "cllaj.activite.demandes",
                        "cllaj.activite.par_type_demande",
                        "cllaj.ressources.par_type_demande",
                        "cllaj.profil.",
                    ),
                ),
                Extraction(
                    "propositions",
                    "cllaj.propositions",
                    "logiciel du CLLAJ : propositions",
                    feeds=("cllaj.activite.propositions", "cllaj.activite.dossiers"),
                ),
                Extraction(
                    "relogements",
                    "cllaj.relogements",
                    "logiciel du CLLAJ : relogements",
                    feeds=("cllaj.activite.relogements", "cllaj.activite.nouveaux_"),
                ),
                Extraction(
                    "entretiens",
                    "cllaj.entretiens",
                    "logiciel du CLLAJ : entretiens individuels",
                    feeds=("cllaj.activite.heures_entretiens",),
                ),
                Extraction(
                    "lrj",
                    "cllaj.lrj",
                    "suivi du Logement Relais Jeunes : séjours",
                    feeds=("cllaj.lrj.",),
                ),
            ),
            key_figures=(
                "cllaj.activite.jeunes_accompagnes",
                "cllaj.activite.demandes",
                "cllaj.activite.relogements",
                "cllaj.ressources.part_sous_seuil",
            ),
        ),
    )
}


def aliases_of(name: str) -> tuple[str, ...]:
    """Les autres noms de fichier reconnus pour l'extraction ``name``."""
    return tuple(
        alias
        for structure in STRUCTURES.values()
        for ext in structure.extractions
        if ext.name == name
        for alias in ext.aliases
    )
