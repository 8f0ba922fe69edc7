"""Règles de vérification (``regles.toml``) et leur évaluation.

Format (voir ``docs/verification.md``) ::

    coherence = true                  # contrôles de cohérence interne (par défaut)

    [[regle]]
    indicateurs = "serci.heures.total"   # identifiant ou motif (* et ? seuls jokers)
    present = true                        # doit figurer dans le document
    min = 150000
    max = 250000
    variation_relative_max = 0.15         # |nouveau / ancien − 1| <= 15 %
    variation_points_max = 5              # pour un taux : |écart| <= 5 points
    variation_absolue_max = 20            # |nouveau − ancien| <= 20
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from gipkit.checks.compare import POINT_UNITS, Change, compare
from gipkit.checks.flatten import Item, base_id
from gipkit.config import toml_error
from gipkit.errors import ConfigError
from gipkit.pydantic_errors import reason

#: nombre d'identifiants proches proposés quand une règle ne vise rien
SUGGESTIONS = 5


#: le fichier de règles qu'écrit ``gipkit init`` dans le dossier d'exercice
RULES_FILENAME = "regles.toml"
#: les bornes de départ des chiffres clés : à adapter à la structure
STARTER_RELATIVE = 0.30
STARTER_POINTS = 10


def is_rate(ident: str) -> bool:
    """Un indicateur de taux ou de part, d'après son identifiant (convention des
    identifiants : ``…taux_…``, ``…part_…`` ; un test la vérifie sur les chiffres clés).

    >>> is_rate("serci.sorties.taux_positives"), is_rate("serci.heures.participants")
    (True, False)
    >>> is_rate("cllaj.ressources.part_sous_seuil"), is_rate("ml.partenaires.total")
    (True, False)
    """
    name = ident.rsplit(".", 1)[-1]
    return name in ("taux", "part") or name.startswith(("taux_", "part_"))


def starter_rules(year: int, key_figures: Iterable[tuple[str, Sequence[str]]]) -> str:
    """Le fichier de règles de départ d'un dossier d'exercice : chaque chiffre clé doit
    être présent et ne pas bouger de plus de 30 % (10 points pour un taux) d'une année
    sur l'autre. ``key_figures`` : (titre de la structure, ses chiffres clés).

    >>> figures = ["serci.heures.total", "serci.sorties.taux_positives"]
    >>> text = starter_rules(2025, [("SERCI", figures)])
    >>> print(text[text.index("[[regle]]"):])
    [[regle]]
    indicateurs = "serci.heures.total"
    present = true
    variation_relative_max = 0.3   # au plus 30 % d'une année à l'autre
    <BLANKLINE>
    [[regle]]
    indicateurs = "serci.sorties.taux_positives"
    present = true
    variation_points_max = 10   # au plus 10 points de pourcentage
    <BLANKLINE>
    """
    lines = [
        "# Règles de vérification des chiffres clés, pour gipkit verifier (docs/verification.md).",
        "# Un point de départ : adaptez les bornes à ce que votre structure sait de son année,",
        "# ajoutez des règles (min, max, variation_absolue_max, motifs * et ?).",
        "#",
        f"#   gipkit rapport --format json --sortie rapport-{year}.json",
        f"#   gipkit verifier rapport-{year}.json --regles {RULES_FILENAME}",
        "#   (ou --reference rapport-N-1.json : l'évolution depuis le rapport de l'an passé)",
        "",
        "coherence = true   # parties = total, parts = 100 %, totaux repris d'un tableau à l'autre",
    ]
    for title, figures in key_figures:
        lines += ["", f"# --- {title} " + "-" * max(3, 80 - len(title) - 7)]
        for ident in figures:
            if is_rate(ident):
                bound = f"variation_points_max = {STARTER_POINTS}   # au plus {STARTER_POINTS} "
                bound += "points de pourcentage"
            else:
                share = round(STARTER_RELATIVE * 100)
                bound = f"variation_relative_max = {STARTER_RELATIVE}   # au plus {share} % "
                bound += "d'une année à l'autre"
            lines += ["", "[[regle]]", f'indicateurs = "{ident}"', "present = true", bound]
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=256)
def _pattern(text: str) -> re.Pattern[str]:
    """Le motif d'une règle : ``*`` (toute suite de caractères) et ``?`` (un caractère)
    sont les seuls jokers ; tout le reste, crochets compris, est pris à la lettre.

    >>> bool(_pattern("serci.heures.par_maitre_ouvrage[Total].heures").fullmatch(
    ...     "serci.heures.par_maitre_ouvrage[Total].heures"))
    True
    >>> bool(_pattern("serci.heures.par_ville[*].heures").fullmatch(
    ...     "serci.heures.par_ville[Ivry-sur-Seine].heures"))
    True
    >>> bool(_pattern("x[T]").fullmatch("xT"))
    False
    """
    parts = [".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text]
    return re.compile("".join(parts), re.DOTALL)


def matches(pattern: str, ident: str) -> bool:
    """``ident`` est-il visé par le motif ``pattern`` (voir :func:`_pattern`) ?

    Un motif sans crochet vise les valeurs (``serci.heures.*``), pas chaque cellule
    des tableaux ; un motif avec crochet vise des cellules.

    >>> matches("serci.heures.*", "serci.heures.total")
    True
    >>> matches("serci.heures.*", "serci.heures.par_ville[Ivry].heures")
    False
    """
    if "[" in ident and "[" not in pattern:
        return False
    return _pattern(pattern).fullmatch(ident) is not None


def selects(pattern: str, ident: str) -> bool:
    """``ident`` est-il visé par ``pattern`` dans ``gipkit comparer --indicateurs`` ?

    Comme une règle de ``verifier`` (:func:`gipkit.checks.rules.matches`), et de plus un
    motif sans crochet qui vise un tableau vise toutes ses cases : nommer un tableau, ou
    ``serci.heures.*``, le montre en entier.

    >>> selects("serci.heures.*", "serci.heures.par_ville[Ivry].heures")
    True
    >>> selects("serci.heures.par_ville", "serci.heures.par_ville[Ivry].heures")
    True
    >>> selects("serci.heures.par_ville[Ivry].*", "serci.heures.par_ville[Vitry].heures")
    False
    >>> selects("serci.heures.total", "serci.heures.totaux")
    False
    """
    if matches(pattern, ident):
        return True
    return "[" not in pattern and "[" in ident and matches(pattern, base_id(ident))


def closest(pattern: str, ids: Iterable[str], n: int = SUGGESTIONS) -> list[str]:
    """Les identifiants les plus proches de ``pattern``, pour l'erreur d'une règle sans cible."""
    pool = sorted(set(ids))
    return difflib.get_close_matches(pattern, pool, n=n, cutoff=0.5)


class Rule(BaseModel):
    """Une règle : les indicateurs visés et les bornes à respecter (des nombres finis :
    une borne ``nan`` ferait échouer chaque contrôle sans rien dire de sa cause)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

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
class RuleSet:
    """Les règles lues, avec la ligne de chaque ``[[regle]]`` dans son fichier."""

    rules: list[Rule]
    coherence: bool
    lines: tuple[int, ...]


#: unités d'une évolution, pour l'affichage (:data:`gipkit.io.render.EVOLUTION` et
#: :data:`~gipkit.io.render.EVOLUTION_POINTS`) : relative, en points
RELATIVE = "evolution"
POINTS = "evolution_points"


@dataclass(frozen=True)
class Check:
    """Le résultat d'un contrôle sur un indicateur : ``value`` comparée à ``bound`` par
    ``relation`` (« ≥ », « ≤ », « = », « ± » : l'écart en valeur absolue au plus ; vide :
    ``bound`` est un texte qui se lit seul), les deux dans l'unité ``unit``."""

    rule: str
    id: str
    kind: str
    value: Any
    bound: Any
    ok: bool
    detail: str = ""
    relation: str = ""
    unit: str = "nombre"
    #: faux : une valeur manque (masquée, ou sans référence) ; ni réussite ni échec
    verifiable: bool = True

    @property
    def status(self) -> str:
        """« ok », « ÉCHEC » ou « non vérifiable »."""
        return "non vérifiable" if not self.verifiable else "ok" if self.ok else "ÉCHEC"


def _rule_lines(text: str) -> list[int]:
    return [
        i
        for i, line in enumerate(text.splitlines(), start=1)
        if line.strip().startswith("[[regle]]")
    ]


def load_rules(path: Path, known_ids: Iterable[str]) -> RuleSet:
    """Lit et valide ``path`` ; les erreurs nomment la ligne de la règle et la clé."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise ConfigError(f"{path} : fichier de règles illisible (UTF-8 attendu).") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(path, exc) from None
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
            details.append(f"{where(tuple(err['loc']))} : {reason(err)}")
        raise ConfigError(f"{path} : règles invalides.", details=details) from None
    known = sorted(set(known_ids))
    details = []
    for i, rule in enumerate(rules.regle):
        pattern = base_id(rule.indicateurs)
        matched = [k for k in known if _pattern(pattern).fullmatch(k)]
        if not matched:
            details.append(
                f"{where(('regle', i, 'indicateurs'))} : identifiant inconnu "
                f"« {rule.indicateurs} » (voir docs/indicateurs/)"
            )
    if details:
        raise ConfigError(f"{path} : règles invalides.", details=details)
    return RuleSet(rules.regle, rules.coherence, tuple(lines))


def evaluate(
    rules: Sequence[Rule],
    new: dict[str, Item],
    old: dict[str, Item] | None,
    lines: Sequence[int] = (),
) -> list[Check]:
    """Chaque règle contre chaque indicateur qu'elle vise.

    Une borne d'évolution est violée exactement quand l'évolution la dépasse
    strictement ; sans valeur de référence pour un indicateur, elle n'est pas
    vérifiée (la règle ``present`` dit si un indicateur doit exister).

    Une règle qui ne vise aucun indicateur du document est un échec (contrôle
    « cible ») qui nomme sa ligne et les identifiants les plus proches : une faute de
    frappe ne peut pas laisser passer la CI. ``lines`` : la ligne de chaque règle
    dans son fichier.
    """
    changes: dict[str, Change] = {c.id: c for c in compare(old or {}, new)} if old else {}
    checks: list[Check] = []
    for number, rule in enumerate(rules, start=1):
        line = lines[number - 1] if number - 1 < len(lines) else None
        name = f"n°{number} ({rule.indicateurs})"
        if line is not None:
            name = f"n°{number}, ligne {line} ({rule.indicateurs})"
        targets = sorted(i for i in new if matches(rule.indicateurs, i))
        if not targets:
            near = closest(rule.indicateurs, new)
            checks.append(
                Check(
                    name,
                    rule.indicateurs,
                    "présent" if rule.present else "cible",
                    0,
                    1,
                    False,
                    detail="aucun indicateur du document n'est visé"
                    + (" ; identifiants proches : " + ", ".join(near) if near else ""),
                    relation="≥",
                )
            )
            continue
        if rule.present:
            checks.append(
                Check(
                    name,
                    rule.indicateurs,
                    "présent",
                    len(targets),
                    1,
                    bool(targets),
                    relation="≥",
                )
            )
        for ident in targets:
            checks += _bounds(name, rule, ident, new[ident], (old or {}).get(ident), changes)
    return checks


#: ce que dit un contrôle qu'une valeur manquante empêche
MASKED = "case masquée par le secret statistique"
ABSENT = "valeur absente (non calculable)"
MASKED_REFERENCE = "valeur de référence masquée par le secret statistique"
ABSENT_REFERENCE = "valeur de référence absente (non calculable)"
ZERO_REFERENCE = "valeur de référence nulle : pas d'évolution relative"


def _bounds(
    name: str,
    rule: Rule,
    ident: str,
    item: Item,
    before: Item | None,
    changes: dict[str, Change],
) -> list[Check]:
    """Les contrôles de ``rule`` sur un indicateur. Une valeur masquée par le secret
    statistique ne se vérifie pas (« non vérifiable », ni réussite ni échec) ; une valeur
    absente (non calculable) échoue ; une évolution sans référence (indicateur apparu) ne
    se vérifie pas, et le contrôle le dit quand la référence existe sans valeur."""
    unit, value = item.unit, item.value
    rate = unit in POINT_UNITS
    asked: list[tuple[str, float, str, str]] = []  # (contrôle, borne, relation, unité)
    if rule.min is not None:
        asked.append(("minimum", rule.min, "≥", unit))
    if rule.max is not None:
        asked.append(("maximum", rule.max, "≤", unit))
    if rule.variation_relative_max is not None and not rate:
        asked.append(("variation relative", rule.variation_relative_max, "±", RELATIVE))
    if rule.variation_points_max is not None and rate:
        asked.append(("variation en points", rule.variation_points_max, "±", POINTS))
    if rule.variation_absolue_max is not None and not rate:
        asked.append(("variation absolue", rule.variation_absolue_max, "±", unit))
    out: list[Check] = []
    change = changes.get(ident)
    for kind, bound, relation, shown in asked:
        made = functools.partial(Check, name, ident, kind, relation=relation, unit=shown)
        evolution = kind.startswith("variation")
        if evolution and (change is None or before is None):
            continue  # indicateur apparu : pas de référence
        if value is None:
            # masquée : ni réussite ni échec ; absente (non calculable) : un échec
            detail = MASKED if item.secret else ABSENT
            out.append(made(None, bound, item.secret, detail=detail, verifiable=not item.secret))
        elif not evolution:
            out.append(made(value, bound, value >= bound if relation == "≥" else value <= bound))
        else:
            assert change is not None and before is not None
            measured = {
                "variation relative": change.relative,
                "variation en points": change.points,
                "variation absolue": change.absolute,
            }[kind]
            if measured is not None:
                out.append(made(measured, bound, abs(measured) <= bound))
                continue
            if before.secret:
                why = MASKED_REFERENCE
            elif before.value is None:
                why = ABSENT_REFERENCE
            elif before.value == 0 and kind == "variation relative":
                why = ZERO_REFERENCE
            else:
                why = "évolution non calculable"
            out.append(made(None, bound, True, detail=why, verifiable=False))
    return out
