"""Règles de vérification (``regles.toml``) et leur évaluation.

Format (voir ``docs/verification.md``) ::

    coherence = true                  # contrôles de cohérence interne (par défaut)

    [[regle]]
    indicateurs = "serci.heures.total"   # identifiant ou motif (* ? [..])
    present = true                        # doit figurer dans le document
    min = 150000
    max = 250000
    variation_relative_max = 0.15         # |nouveau / ancien − 1| <= 15 %
    variation_points_max = 5              # pour un taux : |écart| <= 5 points
    variation_absolue_max = 20            # |nouveau − ancien| <= 20
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from gipkit.checks.compare import Change, compare
from gipkit.checks.flatten import Item, base_id
from gipkit.errors import ConfigError

GLOB_CHARS = re.compile(r"[*?]")


class Rule(BaseModel):
    """Une règle : les indicateurs visés et les bornes à respecter."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicateurs: str = Field(min_length=1)
    present: bool = False
    min: float | None = None
    max: float | None = None
    variation_relative_max: float | None = Field(default=None, ge=0)
    variation_absolue_max: float | None = Field(default=None, ge=0)
    variation_points_max: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _possible(self) -> Rule:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("borne impossible : min est supérieur à max")
        bounds = (
            self.min,
            self.max,
            self.variation_relative_max,
            self.variation_absolue_max,
            self.variation_points_max,
        )
        if not self.present and all(b is None for b in bounds):
            raise ValueError("la règle ne vérifie rien (ni present, ni borne)")
        return self


class RulesFile(BaseModel):
    """Le fichier de règles."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    coherence: bool = True
    regle: list[Rule] = Field(default_factory=list)


@dataclass(frozen=True)
class Check:
    """Le résultat d'un contrôle sur un indicateur."""

    rule: str
    id: str
    kind: str
    value: Any
    bound: Any
    ok: bool


def _rule_lines(text: str) -> list[int]:
    return [
        i
        for i, line in enumerate(text.splitlines(), start=1)
        if line.strip().startswith("[[regle]]")
    ]


def load_rules(path: Path, known_ids: Iterable[str]) -> RulesFile:
    """Lit et valide ``path`` ; les erreurs nomment la ligne de la règle et la clé."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise ConfigError(f"{path} : fichier de règles illisible (UTF-8 attendu).") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} : TOML invalide ({exc}).") from None
    lines = _rule_lines(text)

    def where(loc: tuple[Any, ...]) -> str:
        if len(loc) >= 2 and loc[0] == "regle" and isinstance(loc[1], int):
            line = lines[loc[1]] if loc[1] < len(lines) else "?"
            key = ".".join(str(p) for p in loc[2:]) or "règle"
            return f"ligne {line} (règle n°{loc[1] + 1}), clé `{key}`"
        return "clé `" + ".".join(str(p) for p in loc) + "`"

    try:
        rules = RulesFile.model_validate(data)
    except ValidationError as exc:
        details = []
        for err in exc.errors():
            reason = "clé inconnue" if err["type"] == "extra_forbidden" else err["msg"]
            if err["type"] == "value_error":
                reason = str((err.get("ctx") or {}).get("error", reason))
            details.append(f"{where(tuple(err['loc']))} : {reason}")
        raise ConfigError(f"{path} : règles invalides.", details=details) from None
    known = sorted(set(known_ids))
    details = []
    for i, rule in enumerate(rules.regle):
        pattern = base_id(rule.indicateurs)
        matched = (
            fnmatch.filter(known, pattern)
            if GLOB_CHARS.search(pattern)
            else [pattern]
            if pattern in known
            else []
        )
        if not matched:
            details.append(
                f"{where(('regle', i, 'indicateurs'))} : identifiant inconnu "
                f"« {rule.indicateurs} » (voir docs/indicateurs/)"
            )
    if details:
        raise ConfigError(f"{path} : règles invalides.", details=details)
    return rules


def _matches(rule: Rule, ident: str) -> bool:
    if "[" in rule.indicateurs or "[" not in ident:
        return fnmatch.fnmatchcase(ident, rule.indicateurs)
    return False  # « serci.heures.* » vise les valeurs, pas chaque cellule des tableaux


def evaluate(
    rules: Sequence[Rule], new: dict[str, Item], old: dict[str, Item] | None
) -> list[Check]:
    """Chaque règle contre chaque indicateur qu'elle vise.

    Une borne d'évolution est violée exactement quand l'évolution la dépasse
    strictement ; sans valeur de référence pour un indicateur, elle n'est pas
    vérifiée (la règle ``present`` dit si un indicateur doit exister).
    """
    changes: dict[str, Change] = {c.id: c for c in compare(old or {}, new)} if old else {}
    checks: list[Check] = []
    for number, rule in enumerate(rules, start=1):
        name = f"n°{number} ({rule.indicateurs})"
        targets = sorted(i for i in new if _matches(rule, i))
        if rule.present:
            checks.append(
                Check(name, rule.indicateurs, "présent", len(targets), "≥ 1", bool(targets))
            )
        for ident in targets:
            value = new[ident].value
            if rule.min is not None:
                checks.append(
                    Check(
                        name,
                        ident,
                        "minimum",
                        value,
                        rule.min,
                        value is not None and value >= rule.min,
                    )
                )
            if rule.max is not None:
                checks.append(
                    Check(
                        name,
                        ident,
                        "maximum",
                        value,
                        rule.max,
                        value is not None and value <= rule.max,
                    )
                )
            change = changes.get(ident)
            if change is None or change.absolute is None:
                continue
            if rule.variation_relative_max is not None and change.relative is not None:
                checks.append(
                    Check(
                        name,
                        ident,
                        "variation relative",
                        change.relative,
                        rule.variation_relative_max,
                        abs(change.relative) <= rule.variation_relative_max,
                    )
                )
            if rule.variation_points_max is not None and change.points is not None:
                checks.append(
                    Check(
                        name,
                        ident,
                        "variation en points",
                        change.points,
                        rule.variation_points_max,
                        abs(change.points) <= rule.variation_points_max,
                    )
                )
            if rule.variation_absolue_max is not None and change.points is None:
                checks.append(
                    Check(
                        name,
                        ident,
                        "variation absolue",
                        change.absolute,
                        rule.variation_absolue_max,
                        abs(change.absolute) <= rule.variation_absolue_max,
                    )
                )
    return checks
