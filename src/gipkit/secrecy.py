"""Secret statistique : des tableaux publiables sans identifier personne.

Un rapport publié qui donne « 4 jeunes titulaires d'un BAC+2 dans tel quartier » avec les
totaux de la ligne et de la colonne permet de reconnaître des personnes. La pratique
française du secret statistique (Insee, Dares, Drees) masque ces cases : c'est ce que
fait :func:`protect_document`, sur tout document de résultats, avant son rendu.

Méthode (voir ``docs/secret-statistique.md``) :

1. **Secret primaire** : une ligne d'un tableau est masquée quand un effectif de
   personnes qu'elle publie, ou qu'une de ses parts permet de recalculer (part × effectif
   de la ligne, colonnes déclarées ``base``), est inférieur au seuil (11 par défaut, le
   seuil de l'Insee pour les données sur les personnes). Toutes ses cases numériques sont
   alors masquées : effectifs, heures et montants (protégés par les personnes qui les
   font), parts et taux.
2. **Secret secondaire** : dans chaque groupe de lignes dont la somme est publiée (les
   lignes de premier niveau et le total, les quartiers et leur commune), une ligne
   masquée seule se recalculerait par différence : on masque aussi la plus petite autre
   ligne publiable du groupe, jusqu'à ce que chaque groupe ait au moins deux lignes
   masquées dont la somme n'est nulle dans aucune colonne additive. Une commune masquée
   entraîne le même raisonnement au niveau supérieur. Le total général reste publié.
3. Une valeur seule (un effectif de personnes, ou un taux dont le numérateur compte des
   personnes) inférieure au seuil est masquée.

La protection est vérifiée exactement par les tests : pour chaque case masquée,
l'intervalle des valeurs compatibles avec tout ce qui est publié (cases positives,
additivité) est calculé par programmation linéaire et n'est jamais réduit à un point.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from gipkit.results import Column, Document, Protection, Result, Scalar, Table, row_label

#: seuil de l'Insee pour les données sur les personnes et les ménages
DEFAULT_THRESHOLD = 11
#: unités comptées en personnes (seuil appliqué directement)
PEOPLE_UNITS = frozenset({"nombre"})
#: unités dont la case suit le sort de la ligne (heures, montants, parts, taux…)
FOLLOWING_UNITS = frozenset({"heures", "euros", "etp", "part", "taux", "ratio", "valeur"})
CHILD_SEPARATOR = " / "


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _below(value: Any, threshold: int) -> bool:
    return _is_number(value) and value < threshold


def _implied_counts(row: Sequence[Any], columns: Sequence[Column]) -> list[float]:
    """Les effectifs qu'une part de la ligne permet de recalculer (part × effectif de la
    colonne ``base`` de la même ligne)."""
    index = {c.id: i for i, c in enumerate(columns)}
    out = []
    for value, column in zip(row, columns, strict=True):
        if column.base and column.base in index and _is_number(value):
            base = row[index[column.base]]
            if _is_number(base):
                out.append(value * base)
    return out


def _primary(row: Sequence[Any], columns: Sequence[Column], threshold: int) -> bool:
    """La ligne publie-t-elle un effectif de personnes sous le seuil ?"""
    direct = any(
        _below(v, threshold)
        for v, c in zip(row, columns, strict=True)
        if c.unit in PEOPLE_UNITS and c.counts
    )
    # une part × effectif arrondie sous le seuil (un effectif implicite de 0 à 10,5)
    implied = any(round(n) < threshold for n in _implied_counts(row, columns))
    return direct or implied


def groups(table: Table) -> list[tuple[int | None, list[int]]]:
    """Les groupes de lignes dont la somme est publiée : (ligne parente ou ``None`` pour le
    total général, lignes du groupe). Une ligne « A / B » est l'enfant du sous-total « A »."""
    subtotals = set(table.subtotals)
    labels = [row_label(r) for r in table.rows]
    parent_of: dict[int, int] = {}
    index_of = {label: i for i, label in enumerate(labels) if label in subtotals}
    for i, label in enumerate(labels):
        head = label.split(CHILD_SEPARATOR, 1)[0]
        if CHILD_SEPARATOR in label and head in index_of:
            parent_of[i] = index_of[head]
    out: list[tuple[int | None, list[int]]] = []
    if table.total is not None:
        out.append((None, [i for i in range(len(labels)) if i not in parent_of]))
    for parent in index_of.values():
        children = [i for i, p in parent_of.items() if p == parent]
        if children:
            out.append((parent, children))
    return out


def _additive(columns: Sequence[Column]) -> list[int]:
    return [i for i, c in enumerate(columns) if c.additive and c.unit != "texte"]


def _size(row: Sequence[Any], columns: Sequence[Column]) -> float:
    values = [row[i] for i, c in enumerate(columns) if c.unit in PEOPLE_UNITS and c.counts]
    numbers = [v for v in values if _is_number(v)]
    return float(numbers[0]) if numbers else 0.0


def masked_rows(table: Table, threshold: int) -> set[int]:
    """Les lignes à masquer (indices dans ``table.rows``), secret primaire et secondaire.

    Déterministe : mêmes lignes, mêmes masques (égalités départagées par l'ordre).
    """
    columns = table.columns
    rows = table.rows
    masked = {i for i, r in enumerate(rows) if _primary(r, columns, threshold)}
    additive = _additive(columns)
    changed = True
    while changed:
        changed = False
        for parent, members in groups(table):
            hidden = [i for i in members if i in masked]
            if not hidden:
                if parent is not None and parent in masked and members:
                    # une commune masquée serait la somme de ses quartiers publiés
                    masked.add(min(members, key=lambda i: (_size(rows[i], columns), i)))
                    changed = True
                continue
            residual_ok = all(
                sum(rows[i][j] for i in hidden if _is_number(rows[i][j])) > 0 for j in additive
            )
            if len(hidden) >= 2 and residual_ok:
                continue
            candidates = sorted(
                (i for i in members if i not in masked),
                key=lambda i: (_size(rows[i], columns), i),
            )
            if not candidates:
                if parent is not None and parent not in masked:
                    masked.add(parent)  # le groupe entier est masqué : la commune aussi
                    changed = True
                continue
            if len(hidden) >= 2:
                # somme nulle dans une colonne : prendre une ligne qui y a une valeur
                positive = [
                    i
                    for i in candidates
                    if all(
                        sum(rows[k][j] for k in [*hidden, i] if _is_number(rows[k][j])) > 0
                        for j in additive
                    )
                ]
                pick = positive[0] if positive else candidates[0]
            else:
                pick = candidates[0]
            masked.add(pick)
            changed = True
    return masked


def protect_table(table: Table, threshold: int) -> Table:
    """Le tableau avec ses cases masquées (``None``) et leur liste ; ``table`` est inchangé."""
    out = copy.deepcopy(table)
    _protect_body(out, threshold)
    if out.previous is not None:
        _protect_body(out.previous, threshold)
    count = len(out.secret) + (len(out.previous.secret) if out.previous is not None else 0)
    if count:
        out.notes = [
            *out.notes,
            f"secret statistique : {count} case(s) masquée(s) « s » (effectif de moins de "
            f"{threshold} personnes, ou case qui permettrait de le recalculer)",
        ]
    return out


def _protect_body(table: Table, threshold: int) -> None:
    columns = table.columns
    hidden = masked_rows(table, threshold)
    cells: list[tuple[int, int]] = []
    for i in sorted(hidden):
        for j, column in enumerate(columns):
            if column.unit == "texte" or not column.counts or not _is_number(table.rows[i][j]):
                continue
            if column.unit in PEOPLE_UNITS or column.unit in FOLLOWING_UNITS:
                table.rows[i][j] = None
                cells.append((i, j))
    table.secret = cells


def protect_scalar(scalar: Scalar, threshold: int) -> Scalar:
    """Une valeur seule : effectif de personnes, ou taux au numérateur de personnes, sous
    le seuil ; N et N-1 sont jugées chacune."""
    out = copy.copy(scalar)
    if scalar.unit in PEOPLE_UNITS and _below(scalar.value, threshold):
        out.value, out.secret = None, True
    if scalar.unit in ("taux", "part") and _below(scalar.numerator, threshold):
        out.value, out.numerator, out.denominator, out.secret = None, None, None, True
    if scalar.unit in PEOPLE_UNITS and _below(scalar.previous, threshold):
        out.previous, out.previous_secret = None, True
    return out


def protect_document(doc: Document, threshold: int = DEFAULT_THRESHOLD) -> Document:
    """Le document publiable : chaque tableau et chaque valeur protégés."""
    results: list[Result] = []
    masked = 0
    for result in doc.results:
        if isinstance(result, Table):
            table = protect_table(result, threshold)
            masked += len(table.secret) + (
                len(table.previous.secret) if table.previous is not None else 0
            )
            results.append(table)
        else:
            scalar = protect_scalar(result, threshold)
            masked += int(scalar.secret) + int(scalar.previous_secret)
            results.append(scalar)
    out = copy.copy(doc)
    out.results = results
    out.protection = Protection(threshold, masked)
    return out
