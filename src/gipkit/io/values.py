"""Expressions polars qui typent les valeurs telles que les tableurs français les écrivent.

Chaque fonction renvoie l'expression typée ; une valeur non vide que
l'expression ne sait pas lire devient ``null`` et le lecteur la signale (ligne,
colonne, type attendu), sans jamais recopier la valeur.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import polars as pl

from gipkit import journal
from gipkit.errors import count_text
from gipkit.io import identifiers
from gipkit.io.normalize import normalize_label
from gipkit.io.schema import ColumnSpec, ColumnType

TRUE_WORDS = ("oui", "o", "1", "vrai", "true", "yes", "y", "x")
FALSE_WORDS = ("non", "n", "0", "faux", "false", "no")
#: mot (normalisé) -> valeur d'une colonne oui/non
BOOLEAN_WORDS = {w: True for w in TRUE_WORDS} | {w: False for w in FALSE_WORDS}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
#: une cellule de date : la date (groupe 1), suivie ou non d'une heure et de rien d'autre
#: (``2025-03-14 00:00:00`` d'un classeur, ``2025-03-14T08:00:00+01:00``, ``14/03/2025 08:00``)
DATE_THEN_TIME = (
    r"^(\S+?)(?:(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$"
)
EXPECTED = {
    ColumnType.TEXT: "un texte",
    ColumnType.INTEGER: "un nombre entier",
    ColumnType.NUMBER: "un nombre (ex. 1 234,5)",
    ColumnType.DATE: "une date JJ/MM/AAAA ou AAAA-MM-JJ, année sur 4 chiffres et plausible",
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
        expr.cast(pl.String)  # une colonne en catégories (reports.serci.load) : son texte
        .str.replace_many(["°", "œ", "Œ", "æ", "Æ", "ß"], ["o", "oe", "oe", "ae", "ae", "ss"])
        .str.normalize("NFKD")
        .str.to_lowercase()
        .str.replace_all(r"[^a-z0-9]", "")
    )


def _fast_then_slow(
    expr: pl.Expr,
    fast: Callable[[pl.Series], pl.Series],
    slow: Callable[[pl.Expr], pl.Expr],
    dtype: pl.DataType,
) -> pl.Expr:
    """``fast`` d'abord ; ``slow`` seulement si des cellules du lot restent non lues.

    Le travail se fait lot par lot sur la colonne déjà calculée (``map_batches``,
    élément par élément : la lecture reste en flux). Écrit en expressions, ``fast``
    apparaissait deux fois et polars le calculait deux fois (mesuré : l'année de 2
    millions de lignes, 1,27 s contre 0,42 s) ; la voie lente (expressions régulières)
    ne tourne que pour un lot qui en a besoin.
    """

    def parse(cells: pl.Series) -> pl.Series:
        value = fast(cells)
        if (value.is_null() & cells.is_not_null()).any():
            value = value.fill_null(pl.select(slow(pl.lit(cells))).to_series())
        return value.alias(cells.name)

    return expr.map_batches(parse, return_dtype=dtype, is_elementwise=True)


def _finite(cells: pl.Series) -> pl.Series:
    """Lit un nombre décimal, ``inf`` et ``nan`` exclus."""
    value = cells.cast(pl.Float64, strict=False)
    return pl.select(pl.when(value.is_finite()).then(value)).to_series()


def number(expr: pl.Expr) -> pl.Expr:
    """``1 234,5`` (espace, espace insécable ou fine), ``1.234,5``, ``1234.5`` -> Float64.

    Une espace entre des chiffres ne sépare que des milliers, par groupes de trois
    (``12 15`` est illisible, non lu 1215). Avec un point **et** une virgule, le dernier
    des deux sépare les décimales et l'autre les milliers, par groupes de trois chiffres
    (``1.234,5`` en France ou en Allemagne, ``1,234.5`` d'un tableur réglé en anglais) ;
    des milliers seuls se séparent par des points ou des virgules s'ils sont au moins
    deux groupes (``1.234.567``) ; un autre mélange (``1.2.3,4``, ``12,5.3``) est
    illisible, plutôt que lu d'une façon ou d'une autre. Un seul séparateur est lu
    décimal, cellule par cellule : ``1.234`` et ``1,234`` valent ici 1,234 — le lecteur
    juge ensuite ces cellules ambiguës (un séparateur suivi de trois chiffres) d'après
    les autres cellules de leur colonne (:mod:`gipkit.io.separators`).

    >>> s = pl.Series(["1 234,5", "12.5", "1.234,5", "1,234.5", "12,5.3", "inf", "x", None])
    >>> pl.select(number(pl.lit(s))).to_series().to_list()
    [1234.5, 12.5, 1234.5, 1234.5, None, None, None, None]
    >>> s = pl.Series(["1.234.567", "1,234,567", "1.234", "1,234", "1.2345.678"])
    >>> pl.select(number(pl.lit(s))).to_series().to_list()
    [1234567.0, 1234567.0, 1.234, 1.234, None]
    >>> s = pl.Series(["12 15", "1 23,5", "- 5", "1 234 €", "12 345 678,9"])
    >>> pl.select(number(pl.lit(s))).to_series().to_list()
    [None, None, -5.0, 1234.0, 12345678.9]
    """
    return _fast_then_slow(expr, _finite, _number_slow, pl.Float64())


#: l'espace qui sépare les milliers : espace, insécable, fine, fine insécable
_SPACE = "[ \u00a0\u2009\u202f]"


def number_text(expr: pl.Expr) -> pl.Expr:
    """Le nombre d'une cellule tel qu'écrit, sans ce qui ne compte pas : l'euro, les
    espaces autour ou après le signe, et celles qui séparent des milliers par groupes de
    trois ; ``null`` pour une espace ailleurs entre des chiffres (« 12 15 », deux nombres
    dans une cellule ?), illisible plutôt que lue 1215. Restent le signe, les chiffres,
    les points et les virgules, que :func:`number` lit et que
    :mod:`gipkit.io.separators` juge.

    >>> s = pl.Series(["- 1 234,5 €", " 12.5 ", "12 15"])
    >>> pl.select(number_text(pl.lit(s))).to_series().to_list()
    ['-1234,5', '12.5', None]
    """
    s = (
        expr.str.replace_all("€", "", literal=True)
        .str.strip_chars()
        .str.replace(r"^([+-])\s+", "$1")
    )
    spaced_thousands = s.str.contains(rf"^[+-]?\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:[,.]\d*)?$")
    return pl.when(~s.str.contains(r"\s") | spaced_thousands).then(s.str.replace_all(_SPACE, ""))


def _number_slow(expr: pl.Expr) -> pl.Expr:
    s = number_text(expr)
    both = s.str.contains(",", literal=True) & s.str.contains(".", literal=True)
    # des milliers seuls, par groupes de trois : « 1.234.567 », « 1,234,567 » (un seul
    # groupe, « 1.234 », est ambigu : :mod:`gipkit.io.separators` en décide par colonne)
    dots_only = s.str.contains(r"^[+-]?\d{1,3}(\.\d{3}){2,}$")
    commas_only = s.str.contains(r"^[+-]?\d{1,3}(,\d{3}){2,}$")
    dot_thousands = s.str.contains(r"^[+-]?\d{1,3}(\.\d{3})+,\d*$")
    comma_thousands = s.str.contains(r"^[+-]?\d{1,3}(,\d{3})+\.\d*$")
    s = (
        pl.when(dots_only)
        .then(s.str.replace_all(".", "", literal=True))
        .when(commas_only)
        .then(s.str.replace_all(",", "", literal=True))
        .when(~both)
        .then(s.str.replace(",", ".", literal=True))
        .when(dot_thousands)
        .then(s.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
        .when(comma_thousands)
        .then(s.str.replace_all(",", "", literal=True))
    )
    value = s.cast(pl.Float64, strict=False)
    return pl.when(value.is_finite()).then(value)


def integer(expr: pl.Expr) -> pl.Expr:
    """Un nombre entier (``2025``, ``2025,0`` venant d'Excel) -> Int64.

    >>> s = pl.Series(["2025", "2025,0", "2025,5", "x", None])
    >>> pl.select(integer(pl.lit(s))).to_series().to_list()
    [2025, 2025, None, None, None]
    """
    return _fast_then_slow(
        expr, lambda cells: cells.str.to_integer(strict=False), _integer_slow, pl.Int64()
    )


def _integer_slow(expr: pl.Expr) -> pl.Expr:
    value = _number_slow(expr)
    ok = (value == value.floor()) & (value.abs() < 2**53)
    return pl.when(ok).then(value).cast(pl.Int64)


def bounded(
    expr: pl.Expr, minimum: float | None, maximum: float | None, dtype: pl.DataType
) -> pl.Expr:
    """Les valeurs hors de [``minimum``, ``maximum``] -> null, sur la colonne calculée
    (une seule fois : une expression ``when`` la calculerait deux fois)."""

    def keep(values: pl.Series) -> pl.Series:
        inside = pl.lit(True)
        if minimum is not None:
            inside = inside & (pl.lit(values) >= minimum)
        if maximum is not None:
            inside = inside & (pl.lit(values) <= maximum)
        return pl.select(pl.when(inside).then(pl.lit(values))).to_series().alias(values.name)

    return expr.map_batches(keep, return_dtype=dtype, is_elementwise=True)


#: années plausibles d'une date d'export, par défaut (clés limites.annee_min / annee_max)
YEARS = (1900, 2100)


def date_range(years: tuple[int, int] = YEARS, *, past: bool = False) -> tuple[dt.date, dt.date]:
    """Le premier et le dernier jour possibles d'une date lue : du 1er janvier de la
    première année plausible au 31 décembre de la dernière, ou à aujourd'hui pour une date
    du passé (``ColumnSpec.past`` : une date de naissance). La même règle pour les deux
    voies du lecteur (:func:`date`, :func:`plausible`).

    >>> date_range((1900, 2100))
    (datetime.date(1900, 1, 1), datetime.date(2100, 12, 31))
    """
    first, last = dt.date(years[0], 1, 1), dt.date(years[1], 12, 31)
    return first, min(last, journal.today()) if past else last


def date(expr: pl.Expr, years: tuple[int, int] = YEARS, *, past: bool = False) -> pl.Expr:
    """``31/12/2025``, ``2025-12-31`` (éventuellement suivi d'une heure) -> Date.

    L'année s'écrit sur quatre chiffres : ``14/03/25`` (année à deux chiffres) serait lue
    comme l'an 25 ; elle est refusée, comme toute date hors de ``years`` (bornes
    comprises), au lieu de fausser une durée ou un âge. Après la date, seule une heure
    est admise (:data:`DATE_THEN_TIME`) : ``31/12/20251`` ou ``2025-12-311`` (un
    chiffre de trop) sont refusées, non lues sur leurs dix premiers caractères.
    ``past`` : une date du passé (une date de naissance), au plus aujourd'hui
    (:func:`date_range`).

    >>> s = pl.Series(["14/03/2025", "14/03/25", "2025-03-14 08:00", "31/02/2025"])
    >>> pl.select(date(pl.lit(s))).to_series().to_list()
    [datetime.date(2025, 3, 14), None, datetime.date(2025, 3, 14), None]
    >>> s = pl.Series(["31/12/20251", "2025-12-311", "1/3/2025 08:00", "31/12/2025 ?"])
    >>> pl.select(date(pl.lit(s))).to_series().to_list()
    [None, None, datetime.date(2025, 3, 1), None]
    """
    first_day, last_day = date_range(years, past=past)

    def parse(cells: pl.Series) -> pl.Series:
        # sur la colonne déjà calculée : la forme courante d'abord, les autres formes
        # seulement s'il reste des cellules non lues (une expression qui enchaîne les
        # formats recalcule chaque branche : 2 s contre 0,4 s sur 3,5 millions de dates)
        head = cells.str.extract(DATE_THEN_TIME, 1)
        value = head.str.strptime(pl.Date, DATE_FORMATS[0], strict=False)
        for fmt in DATE_FORMATS[1:]:
            if not (value.is_null() & head.is_not_null()).any():
                break
            value = value.fill_null(head.str.strptime(pl.Date, fmt, strict=False))
        plausible = value.is_between(first_day, last_day)
        return pl.select(pl.when(plausible).then(value)).to_series().alias(cells.name)

    return expr.map_batches(parse, return_dtype=pl.Date, is_elementwise=True)


def boolean(expr: pl.Expr) -> pl.Expr:
    """``oui/non``, ``O/N``, ``1/0``, ``vrai/faux`` (sans casse ni accents) -> Boolean."""
    return _exact_then_normalized(expr, BOOLEAN_WORDS, pl.Boolean())


def category(
    expr: pl.Expr, labels: Mapping[str, str], forms: Mapping[str, str] | None = None
) -> pl.Expr:
    """Libellé -> code canonique, via les libellés normalisés ; inconnu -> null.

    ``forms`` (libellés tels qu'ils s'écrivent -> code) accélère les cas courants.
    """
    return _exact_then_normalized(expr, labels, pl.String(), forms)


def _exact_then_normalized(
    expr: pl.Expr,
    labels: Mapping[str, Any],
    dtype: pl.DataType,
    forms: Mapping[str, Any] | None = None,
) -> pl.Expr:
    """Chaque libellé distinct du lot -> code : d'abord tel qu'il est écrit, puis normalisé.

    ``labels`` a pour clés des libellés normalisés (minuscules sans accents) ; leurs
    formes courantes (telles quelles, en capitales, avec une capitale initiale) et
    ``forms`` sont reconnues sans normaliser. Le travail se fait sur les libellés
    distincts de chaque lot (quelques dizaines pour des millions de cellules), puis une
    table de hachage remplace chaque cellule : une seule passe, en flux (mesuré sur
    3,5 millions de types d'événement : 0,5 s, contre 10,6 s pour un ``is_in`` par code
    suivi de la normalisation en polars des cellules restantes ; ``replace_strict`` sur
    toute la colonne, hors lots : 4,3 s mais 1,4 Go, polars quittant le flux).

    >>> df = pl.DataFrame({"v": ["Oui", "NON", "peut-être", None]})
    >>> df.select(boolean(pl.col("v")))["v"].to_list()
    [True, False, None, None]
    """
    direct = _written_forms(labels, forms)

    def lookup(cells: pl.Series) -> pl.Series:
        table: dict[str, Any] = {}
        for value in cells.drop_nulls().unique().to_list():
            code = direct.get(value)
            table[value] = code if code is not None else labels.get(normalize_label(value))
        return cells.replace_strict(table, default=None, return_dtype=dtype)

    return expr.map_batches(lookup, return_dtype=dtype, is_elementwise=True)


def categories(
    expr: pl.Expr,
    labels: Mapping[str, str],
    separator: str,
    forms: Mapping[str, str] | None = None,
) -> pl.Expr:
    """Plusieurs libellés séparés par ``separator`` -> liste de codes (null si un est inconnu)."""
    parts = expr.str.split(separator).list.eval(cleaned(pl.element()).drop_nulls())
    codes = parts.list.eval(category(pl.element(), labels, forms))
    all_known = codes.list.eval(pl.element().is_not_null().all()).list.first()
    return pl.when(all_known & (codes.list.len() > 0)).then(codes.list.unique(maintain_order=True))


def typed(
    expr: pl.Expr,
    spec: ColumnSpec,
    labels: Mapping[str, str],
    separator: str,
    forms: Mapping[str, str] | None = None,
    years: tuple[int, int] = YEARS,
) -> pl.Expr:
    """L'expression typée d'une colonne (texte déjà nettoyé en entrée).

    ``labels`` : libellés normalisés -> codes ; ``forms`` : libellés tels qu'écrits -> codes ;
    ``years`` : années plausibles d'une date.
    """
    kind = spec.type
    if kind is ColumnType.TEXT:
        return expr
    if kind is ColumnType.NUMBER:
        out = number(expr)
    elif kind is ColumnType.INTEGER:
        out = integer(expr)
    elif kind is ColumnType.DATE:
        return date(expr, years, past=spec.past)
    elif kind is ColumnType.BOOLEAN:
        return boolean(expr)
    elif kind is ColumnType.CATEGORY:
        return category(expr, labels, forms)
    else:
        return categories(expr, labels, separator, forms)
    if spec.minimum is None and spec.maximum is None:
        return out
    dtype = pl.Float64() if kind is ColumnType.NUMBER else pl.Int64()
    return bounded(out, spec.minimum, spec.maximum, dtype)


def common_form(
    expr: pl.Expr,
    spec: ColumnSpec,
    labels: Mapping[str, str],
    forms: Mapping[str, str] | None = None,
) -> pl.Expr:
    """La voie rapide d'une colonne (texte déjà nettoyé) : sa forme courante seulement, en
    expressions polars pures — aucun appel Python pendant la lecture en flux.

    ``2025``, ``151`` ou ``151,5``, ``31/12/2025``, ``Oui``, un libellé tel qu'il s'écrit
    d'ordinaire ; toute autre cellule non vide donne ``null`` et passe ensuite par
    :func:`typed` (voie complète), appliquée aux seules **valeurs distinctes** restées non
    lues (:func:`gipkit.io.reader` s'en charge). Les bornes, la finitude et l'année
    plausible sont vérifiées ensuite par :func:`plausible`. Une liste de libellés n'a pas
    de voie rapide : toute la colonne passe par la voie complète, valeur distincte par
    valeur distincte.

    Mesuré (2 M lignes, 8 colonnes, deux cœurs) : les fonctions Python appelées sur
    chacun des ~300 lots de la lecture en flux coûtaient 1,1 s, sérialisées par le verrou
    global de Python ; ces expressions, 0,25 s.

    >>> df = pl.DataFrame({"v": ["151,5", "1 234,5", None]})
    >>> spec = ColumnSpec("v", "V", ColumnType.NUMBER, "")
    >>> df.select(common_form(pl.col("v"), spec, {}))["v"].to_list()
    [151.5, None, None]
    """
    kind = spec.type
    if kind is ColumnType.TEXT:
        return expr
    if kind is ColumnType.INTEGER:
        return expr.str.to_integer(strict=False)
    if kind is ColumnType.NUMBER:
        # une seule virgule décimale, sans séparateur de milliers : la forme d'Excel
        return expr.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    if kind is ColumnType.DATE:
        # la cellule entière : une date suivie d'une heure passe par la voie complète
        return expr.str.strptime(pl.Date, DATE_FORMATS[0], strict=False)
    if kind is ColumnType.BOOLEAN:
        return lookup(expr, _written_forms(BOOLEAN_WORDS), pl.Boolean())
    if kind is ColumnType.CATEGORY:
        return lookup(expr, _written_forms(labels, forms), category_type(spec))
    return pl.lit(None, dtype=pl.List(pl.String))


def category_type(spec: ColumnSpec) -> pl.DataType:
    """Le type des codes d'une colonne de catégorie : du texte, ou la catégorie des codes
    pour une colonne déclarée ``coded`` (:mod:`gipkit.io.identifiers`).

    >>> category_type(ColumnSpec("s", "S", ColumnType.CATEGORY, "", coded=True)) == identifiers.CODE
    True
    >>> category_type(ColumnSpec("s", "S", ColumnType.CATEGORY, ""))
    String
    """
    return identifiers.CODE if spec.coded else pl.String()


def _written_forms(
    labels: Mapping[str, Any], forms: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Les libellés tels qu'ils s'écrivent d'ordinaire -> code : ``forms``, puis chaque
    libellé normalisé tel quel, en capitales et avec une capitale initiale, puis chaque
    libellé de ``forms`` en minuscules, en capitales, avec une capitale initiale (« Info
    dalo ») ou la seule première lettre en capitale (« Info DALO »), avec le code que lui
    donne sa forme normalisée.

    Le libellé normalisé n'a ni espaces ni accents (« logementtemporaire ») : ses formes
    ne reconnaissent pas un libellé de plusieurs mots. Sans les formes de ``forms``,
    « Logement temporaire » ou « Gestion budgétaire » passaient par la voie complète à
    chaque lecture (les propositions du CLLAJ : 4 types de demande sur 10 et les deux
    tiers des types de proposition). Une forme ajoutée a le code que la voie complète
    lui donnait déjà (celui de son libellé normalisé) : même valeur, plus tôt.

    >>> _written_forms({"infodalo": "dalo"}, {"info DALO": "dalo"})["Info DALO"]
    'dalo'
    >>> "Info dalo" in _written_forms({"infodalo": "dalo"}, {"info DALO": "dalo"})
    True
    >>> _written_forms({"x": "a"}, {"y": "b"})
    {'y': 'b', 'x': 'a', 'X': 'a'}
    """
    direct: dict[str, Any] = dict(forms or {})
    for key, value in labels.items():
        for form in (key, key.upper(), key.capitalize()):
            direct.setdefault(form, value)
    for written in forms or {}:
        sentence = written[:1].upper() + written[1:]
        for form in (written.lower(), written.upper(), written.capitalize(), sentence):
            if form not in direct:
                code = labels.get(normalize_label(form))
                if code is not None:
                    direct[form] = code
    return direct


def lookup(expr: pl.Expr, mapping: Mapping[str, Any], dtype: pl.DataType) -> pl.Expr:
    """Chaque cellule -> ``mapping[cellule]``, ``null`` si elle n'y est pas ; en flux
    (``replace_strict`` fait charger toute la colonne par polars : 690 Mo au lieu de
    394 Mo mesurés sur 2 M lignes) comme en mémoire (``replace_strict`` y recopie
    plusieurs fois la colonne : +307 Mio pour 10 M valeurs, +10 Mio ainsi).

    >>> df = pl.DataFrame({"v": ["oui", "non", "peut-être", None]})
    >>> df.select(lookup(pl.col("v"), {"oui": True, "non": False}, pl.Boolean())).to_series(
    ... ).to_list()
    [True, False, None, None]
    """
    return _gather(
        expr,
        pl.Series(list(mapping), dtype=pl.String),
        pl.Series(list(mapping.values()), dtype=dtype),
    )


def _gather(expr: pl.Expr, keys: pl.Series, codes: pl.Series) -> pl.Expr:
    """Chaque cellule égale à ``keys[i]`` -> ``codes[i]`` ; les autres -> ``null``. Les
    clés (distinctes) deviennent les catégories d'un ``Enum`` : la conversion trouve
    l'indice de chaque cellule, ``gather`` son code."""
    if keys.is_empty():
        return pl.lit(None, dtype=codes.dtype)
    index = expr.cast(pl.Enum(keys), strict=False).to_physical()
    return pl.lit(codes).gather(index)


def _gathered_by_batch(expr: pl.Expr, keys: pl.Series, codes: pl.Series) -> pl.Expr:
    """:func:`_gather` lot par lot, cellule par cellule pour polars : un filtre posé
    après se fait avant, à la lecture. ``gather`` d'une série littérale n'est pas, pour
    polars, un calcul cellule par cellule : un filtre posé après n'est pas poussé en
    dessous et se fait sur le tableau entier, monté en mémoire (les parcours du PLIE
    × 750 : les 6 M parcours lus du Parquet pour en garder 351 750).

    >>> df = pl.DataFrame({"v": ["a", "b", "c", None]})
    >>> mapped = _gathered_by_batch(pl.col("v"), pl.Series(["a", "b"]), pl.Series([1, 2]))
    >>> df.select(mapped).to_series().to_list()
    [1, 2, None, None]
    """
    if keys.is_empty():
        return pl.lit(None, dtype=codes.dtype)
    enum = pl.Enum(keys)

    def gathered(cells: pl.Series) -> pl.Series:
        return codes.gather(cells.cast(enum, strict=False).to_physical())

    return expr.map_batches(gathered, return_dtype=codes.dtype, is_elementwise=True)


def recovered(
    expr: pl.Expr,
    written: pl.Series,
    spec: ColumnSpec,
    labels: Mapping[str, str],
    *,
    separator: str,
    forms: Mapping[str, str] | None = None,
    years: tuple[int, int] = YEARS,
    by_batch: bool = False,
) -> pl.Expr | None:
    """Les cellules de ``expr`` dont la valeur est l'une de ``written`` (valeurs distinctes
    laissées par :func:`common_form`, telles qu'écrites), typées sans leurs espaces
    autour par la voie complète (:func:`typed`, mêmes paramètres) ; ``None`` si aucune
    ne se lit.

    ``by_batch`` : rapportées aux cellules lot par lot (:func:`_gathered_by_batch`), ce
    qui laisse un filtre posé après descendre dans la lecture — pour une lecture par le
    Parquet temporaire, que les calculs filtrent (les parcours du PLIE de l'année : 6 M
    parcours × 750, 1,04 → 0,88 Go). Une lecture en mémoire les pose une fois pour
    toutes, aussitôt : aucun filtre à faire descendre, ``gather`` comme avant. Le lot
    par lot a un coût quand rien ne descend : le moteur en flux de polars passe par
    Python pour chaque lot (`serci tout` sur 2 M lignes, lu par le Parquet, quand ses
    filtres ne descendaient pas sous la conversion de l'année : 0,49-0,50 → 0,62-0,67
    Go ; posés dessous depuis, 0,49-0,56 Go).

    >>> spec = ColumnSpec("d", "D", ColumnType.DATE, "")
    >>> written = pl.Series([" 31/12/2025 ", "2025-01-02", "   ", "x"])
    >>> expr = recovered(pl.lit(written), written, spec, {}, separator=";")
    >>> pl.select(expr).to_series().to_list()
    [datetime.date(2025, 12, 31), datetime.date(2025, 1, 2), None, None]
    """
    written = written.drop_nulls().unique()
    if written.is_empty():
        return None
    clean = pl.lit(written).str.strip_chars()
    value = pl.select(typed(clean, spec, labels, separator, forms, years)).to_series()
    readable = value.is_not_null()
    if not readable.any():
        return None
    if spec.type is ColumnType.CATEGORY:
        value = value.cast(category_type(spec))
    # des séries, pas un dictionnaire Python : des dates et heures toutes différentes
    # peuvent faire autant de valeurs distinctes que de lignes
    mapped = _gathered_by_batch if by_batch else _gather
    return mapped(expr, written.filter(readable), value.filter(readable))


def plausible(expr: pl.Expr, spec: ColumnSpec, years: tuple[int, int] = YEARS) -> pl.Expr:
    """La colonne typée par :func:`common_form`, sans les valeurs hors bornes, infinies
    ou aux années impossibles (``null`` : la cellule est signalée)."""
    conditions: list[pl.Expr] = []
    if spec.type is ColumnType.NUMBER:
        conditions.append(expr.is_finite())
    if spec.type in (ColumnType.NUMBER, ColumnType.INTEGER):
        if spec.minimum is not None:
            conditions.append(expr >= spec.minimum)
        if spec.maximum is not None:
            conditions.append(expr <= spec.maximum)
    if spec.type is ColumnType.DATE:
        # entre deux dates plutôt que par l'année de chaque date : le même test, sans
        # calculer d'année (``dt.year`` coûte 0,15 à 0,2 s par colonne de 21 M dates)
        conditions.append(expr.is_between(*date_range(years, past=spec.past)))
    if not conditions:
        return expr
    return pl.when(pl.all_horizontal(conditions)).then(expr)


def expected(spec: ColumnSpec) -> str:
    """Ce qui était attendu dans une colonne, pour les messages d'erreur et la
    documentation des formats."""
    text = EXPECTED[spec.type]
    if spec.past:
        text += ", pas postérieure à aujourd'hui"
    if spec.identifier:
        text += " ; identifiant comparé tel qu'écrit (casse comprise, sans les espaces autour)"
    bounds = []
    if spec.minimum is not None:
        bounds.append(f"≥ {_bound(spec.minimum)}")
    if spec.maximum is not None:
        bounds.append(f"≤ {_bound(spec.maximum)}")
    return f"{text} {' et '.join(bounds)}".strip() if bounds else text


def _bound(value: float) -> str:
    """Une borne à la française : milliers séparés à partir de cinq chiffres (une année,
    « 2100 », n'en a pas), virgule décimale.

    >>> _bound(100_000), _bound(2100), _bound(0.5), _bound(1_000_000.0)
    ('100 000', '2100', '0,5', '1 000 000')
    """
    if float(value).is_integer() and abs(value) >= 10_000:
        return count_text(int(value))
    return f"{value:g}".replace(".", ",")
