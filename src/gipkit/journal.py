"""Le journal d'une commande : ce que gipkit a décidé pour l'utilisateur et doit lui dire.

« Le dire, ou s'arrêter » : chaque choix par défaut qui pourrait tromper (l'année
retenue, une extraction absente, une colonne facultative manquante, un export masqué)
est consigné ici pendant le calcul, puis écrit sur la sortie d'erreur **et** dans le
document JSON (champs ``annee``, ``avertissements``, ``manquants``). Aucun message ne
contient la valeur d'une cellule.

La bibliothèque écrit dans le journal courant (:func:`current`) ; la couche CLI en
ouvre un par commande (:func:`opened`). Hors d'une commande, un journal jetable
recueille les messages : les fonctions restent utilisables seules.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from gipkit.errors import ParameterError

#: variable d'environnement qui fixe « aujourd'hui » (AAAA-MM-JJ), pour les tests et
#: pour refaire un calcul tel qu'il aurait été fait à une date donnée
TODAY_VARIABLE = "GIPKIT_AUJOURDHUI"


def today() -> dt.date:
    """La date du jour, ou celle de ``GIPKIT_AUJOURDHUI`` (AAAA-MM-JJ) si elle est définie."""
    raw = os.environ.get(TODAY_VARIABLE, "").strip()
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ParameterError(
            f"Variable {TODAY_VARIABLE} invalide : date AAAA-MM-JJ attendue (ex. 2026-01-20)."
        ) from None


@dataclass(frozen=True)
class YearChoice:
    """L'année N retenue pour un fichier, et pourquoi."""

    source: str
    year: int
    how: str  # « demandee », « exercice », « derniere_terminee », « derniere_incomplete »,
    # « alignee »
    reason: str
    later_rows: int

    def to_json(self) -> dict[str, Any]:
        """Le dictionnaire JSON du choix."""
        return {
            "source": self.source,
            "annee": self.year,
            "choix": self.how,
            "explication": self.reason,
            "lignes_posterieures_ecartees": self.later_rows,
        }


@dataclass(frozen=True)
class Missing:
    """Une extraction ou une colonne absente, et les indicateurs laissés de côté."""

    what: str  # « extraction » ou « colonne »
    name: str
    indicators: tuple[str, ...]
    reason: str

    def to_json(self) -> dict[str, Any]:
        """Le dictionnaire JSON du manque."""
        return {
            "nature": self.what,
            "nom": self.name,
            "indicateurs": list(self.indicators),
            "motif": self.reason,
        }


@dataclass
class Journal:
    """Ce qu'une commande a décidé et doit dire."""

    warnings: list[str] = field(default_factory=list)
    years: list[YearChoice] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    #: vrai si un document incomplet a été accepté (``--partiel``)
    partial: bool = False
    #: l'année de l'exercice (``exercice`` de gipkit.toml), année N par défaut
    exercise_year: int | None = None

    def warn(self, message: str) -> None:
        """Un avertissement (une fois, même si plusieurs calculs le rencontrent)."""
        if message not in self.warnings:
            self.warnings.append(message)

    def year(self, choice: YearChoice) -> None:
        """Consigne le choix de l'année d'un fichier."""
        if choice not in self.years:
            self.years.append(choice)

    def lack(self, item: Missing) -> None:
        """Consigne une extraction ou une colonne absente."""
        if item not in self.missing:
            self.missing.append(item)

    def merge(self, other: Journal) -> None:
        """Consigne ce que ``other`` a consigné (une lecture faite d'avance,
        :func:`gipkit.io.reader.read_ahead`), dans son ordre."""
        for message in other.warnings:
            self.warn(message)
        for choice in other.years:
            self.year(choice)
        for item in other.missing:
            self.lack(item)

    def stderr_lines(self) -> list[str]:
        """Les lignes à écrire sur la sortie d'erreur, en français.

        Le choix de l'année n'est dit qu'une fois quand il est le même pour chaque fichier
        (``--annee`` : « Année : 2025, demandée par --annee ») ; les fichiers alignés sur
        un même autre sont dits ensemble ; un choix propre à un fichier (des lignes
        d'années postérieures écartées de ce fichier-là) le nomme.

        >>> log = Journal()
        >>> for name, how, why, later in [
        ...     ("a.csv", "exercice", "2025, année de l'exercice", 0),
        ...     ("b.csv", "alignee", "2025, comme pour a.csv", 0),
        ...     ("c.csv", "alignee", "2025, comme pour a.csv", 0),
        ...     ("d.csv", "exercice", "2025, année de l'exercice", 0),
        ...     ("e.csv", "demandee", "2025, demandée ; 3 ligne(s) écartée(s)", 3)]:
        ...     log.year(YearChoice(name, 2025, how, why, later))
        >>> print("\\n".join(log.stderr_lines()))
        Année : 2025, année de l'exercice
        Année de b.csv, c.csv : 2025, comme pour a.csv
        Année de e.csv : 2025, demandée ; 3 ligne(s) écartée(s)
        """
        said: dict[str, list[str]] = {}  # raison -> fichiers qui la partagent
        for c in self.years:
            own = c.how == "alignee" or (
                c.later_rows > 0 and len(self.years) > 1 and c.source not in c.reason
            )
            said.setdefault(c.reason, [])
            if own and c.source not in said[c.reason]:
                said[c.reason].append(c.source)
        lines = [
            f"Année de {', '.join(sources)} : {reason}" if sources else f"Année : {reason}"
            for reason, sources in said.items()
        ]
        lines += [f"Avertissement : {w}" for w in self.warnings]
        for m in self.missing:
            left = ", ".join(m.indicators) if m.indicators else "aucun"
            lines.append(
                f"Manquant : {m.what} « {m.name} » ({m.reason}) ; indicateurs non calculés : {left}"
            )
        return lines


_CURRENT: ContextVar[Journal | None] = ContextVar("gipkit_journal", default=None)


def current() -> Journal:
    """Le journal de la commande en cours (un journal jetable hors d'une commande)."""
    journal = _CURRENT.get()
    if journal is None:
        journal = Journal()
        _CURRENT.set(journal)
    return journal


@contextmanager
def opened(journal: Journal | None = None) -> Iterator[Journal]:
    """Ouvre un journal neuf (ou ``journal``) pour la durée d'une commande."""
    journal = journal if journal is not None else Journal()
    token = _CURRENT.set(journal)
    try:
        yield journal
    finally:
        _CURRENT.reset(token)
