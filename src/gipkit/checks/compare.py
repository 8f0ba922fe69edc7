"""Comparaison de deux jeux de valeurs : ancien, nouveau, évolution."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gipkit.checks.flatten import Item

POINT_UNITS = {"taux", "part"}


@dataclass(frozen=True)
class Change:
    """L'évolution d'un indicateur entre deux documents."""

    id: str
    unit: str
    old: Any
    new: Any
    status: str  # « apparu », « disparu », « modifié », « inchangé », « masqué »
    #: l'ancienne, la nouvelle valeur masquées par le secret statistique
    old_secret: bool = False
    new_secret: bool = False

    @property
    def absolute(self) -> float | None:
        """Nouveau − ancien (en points × 100 pour un taux : voir :attr:`points`)."""
        if not _number(self.old) or not _number(self.new):
            return None
        return float(self.new) - float(self.old)

    @property
    def points(self) -> float | None:
        """Écart en points de pourcentage, pour un taux ou une part ; sinon ``None``."""
        if self.unit not in POINT_UNITS or self.absolute is None:
            return None
        return self.absolute * 100

    @property
    def relative(self) -> float | None:
        """Évolution relative (hors taux) ; ``None`` si l'ancien vaut 0 ou manque."""
        if self.unit in POINT_UNITS or self.absolute is None or not self.old:
            return None
        return self.absolute / float(self.old)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def compare(old: dict[str, Item], new: dict[str, Item]) -> list[Change]:
    """Une ligne par indicateur présent d'un côté ou de l'autre, triée par identifiant ;
    un indicateur masqué par le secret statistique d'un côté ou de l'autre est « masqué »
    (son évolution révélerait la case).

    >>> a = {"x": Item("nombre", 10, 2024), "r": Item("taux", 0.2, 2024)}
    >>> b = {"x": Item("nombre", 12, 2025), "r": Item("taux", 0.25, 2025),
    ...      "y": Item("nombre", 1, 2025)}
    >>> [(c.id, c.status, c.relative, round(c.points or 0, 6)) for c in compare(a, b)]
    [('r', 'modifié', None, 5.0), ('x', 'modifié', 0.2, 0), ('y', 'apparu', None, 0)]
    """
    out = []
    for ident in sorted(set(old) | set(new)):
        before, after = old.get(ident), new.get(ident)
        if before is None and after is not None:
            out.append(Change(ident, after.unit, None, after.value, "apparu", False, after.secret))
        elif after is None and before is not None:
            out.append(
                Change(ident, before.unit, before.value, None, "disparu", before.secret, False)
            )
        elif before is not None and after is not None:
            hidden = before.secret or after.secret
            status = (
                "masqué" if hidden else "inchangé" if before.value == after.value else "modifié"
            )
            out.append(
                Change(
                    ident,
                    after.unit,
                    before.value,
                    after.value,
                    status,
                    before.secret,
                    after.secret,
                )
            )
    return out
