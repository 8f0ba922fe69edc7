"""Expressions polars qui typent les valeurs telles que les tableurs français les écrivent.

Chaque fonction renvoie l'expression typée ; une valeur non vide que
l'expression ne sait pas lire devient ``null`` et le lecteur la signale (ligne,
colonne, type attendu), sans jamais recopier la valeur.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from gipkit.io.schema import ColumnSpec, ColumnType

TRUE_WORDS = ("oui", "o", "1", "vrai", "true", "yes", "y", "x")
FALSE_WORDS = ("non", "n", "0", "faux", "false", "no")
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
EXPECTED = {
    ColumnType.TEXT: "un texte",
    ColumnType.INTEGER: "un nombre entier",
    ColumnType.NUMBER: "un nombre (ex. 1 234,5)",
    ColumnType.DATE: "une date JJ/MM/AAAA ou AAAA-MM-JJ",
    ColumnType.BOOLEAN: "oui/non, O/N, 1/0 ou vrai/faux",
    ColumnType.CATEGORY: "un libellé connu",
    ColumnType.MULTI_CATEGORY: "des libellés connus séparés par « | »",
}


def cleaned(expr: pl.Expr) -> pl.Expr:
    """Texte sans espaces autour ; chaîne vide -> null."""
    stripped = expr.str.strip_chars()
    return pl.when(stripped.str.len_bytes() > 0).then(stripped)


def normalized(expr: pl.Expr) -> pl.Expr:
    """Même normalisation que :func:`gipkit.io.normalize.normalize_label`, en polars."""
    return (
        expr.str.replace_many(["°", "œ", "Œ", "æ", "Æ", "ß"], ["o", "oe", "oe", "ae", "ae", "ss"])
        .str.normalize("NFKD")
        .str.to_lowercase()
        .str.replace_all(r"[^a-z0-9]", "")
    )


def number(expr: pl.Expr) -> pl.Expr:
    """``1 234,5`` (espace, espace insécable ou fine), ``1.234,5``, ``1234.5`` -> Float64."""
    s = expr.str.replace_all(r"[\s\u00a0\u202f€]", "")
    both = s.str.contains(",", literal=True) & s.str.contains(".", literal=True)
    s = pl.when(both).then(s.str.replace_all(".", "", literal=True)).otherwise(s)
    value = s.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    return pl.when(value.is_finite()).then(value)


def integer(expr: pl.Expr) -> pl.Expr:
    """Un nombre entier (``2025``, ``2025,0`` venant d'Excel) -> Int64."""
    value = number(expr)
    ok = (value == value.floor()) & (value.abs() < 2**53)
    return pl.when(ok).then(value).cast(pl.Int64)


def date(expr: pl.Expr) -> pl.Expr:
    """``31/12/2025``, ``2025-12-31`` (éventuellement suivi d'une heure) -> Date."""
    head = expr.str.slice(0, 10)
    return pl.coalesce([head.str.strptime(pl.Date, fmt, strict=False) for fmt in DATE_FORMATS])


def boolean(expr: pl.Expr) -> pl.Expr:
    """``oui/non``, ``O/N``, ``1/0``, ``vrai/faux`` (sans casse ni accents) -> Boolean."""
    mapping = {w: True for w in TRUE_WORDS} | {w: False for w in FALSE_WORDS}
    return normalized(expr).replace_strict(mapping, default=None, return_dtype=pl.Boolean)


def category(expr: pl.Expr, labels: Mapping[str, str]) -> pl.Expr:
    """Libellé -> code canonique, via les libellés normalisés ; inconnu -> null."""
    return normalized(expr).replace_strict(dict(labels), default=None, return_dtype=pl.String)


def categories(expr: pl.Expr, labels: Mapping[str, str], separator: str) -> pl.Expr:
    """Plusieurs libellés séparés par ``separator`` -> liste de codes (null si un est inconnu)."""
    parts = expr.str.split(separator).list.eval(cleaned(pl.element()).drop_nulls())
    codes = parts.list.eval(category(pl.element(), labels))
    all_known = codes.list.eval(pl.element().is_not_null().all()).list.first()
    return pl.when(all_known & (codes.list.len() > 0)).then(codes.list.unique(maintain_order=True))


def typed(expr: pl.Expr, spec: ColumnSpec, labels: Mapping[str, str], separator: str) -> pl.Expr:
    """L'expression typée d'une colonne (texte déjà nettoyé en entrée)."""
    kind = spec.type
    if kind is ColumnType.TEXT:
        return expr
    if kind is ColumnType.NUMBER:
        out = number(expr)
    elif kind is ColumnType.INTEGER:
        out = integer(expr)
    elif kind is ColumnType.DATE:
        return date(expr)
    elif kind is ColumnType.BOOLEAN:
        return boolean(expr)
    elif kind is ColumnType.CATEGORY:
        return category(expr, labels)
    else:
        return categories(expr, labels, separator)
    if spec.minimum is not None:
        out = pl.when(out >= spec.minimum).then(out)
    if spec.maximum is not None:
        out = pl.when(out <= spec.maximum).then(out)
    return out


def expected(spec: ColumnSpec) -> str:
    """Ce qui était attendu dans une colonne, pour les messages d'erreur."""
    text = EXPECTED[spec.type]
    bounds = []
    if spec.minimum is not None:
        bounds.append(f"≥ {spec.minimum:g}")
    if spec.maximum is not None:
        bounds.append(f"≤ {spec.maximum:g}")
    return f"{text} {' et '.join(bounds)}".strip() if bounds else text
