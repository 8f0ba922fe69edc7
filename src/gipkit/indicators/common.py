"""Briques communes à tous les indicateurs : rapports, ETP, tranches d'âge."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar, overload

import polars as pl

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)


def same_kind(source: FrameT, build: Callable[[pl.LazyFrame], pl.LazyFrame]) -> FrameT:
    """Applique ``build`` en mode paresseux et rend le genre de tableau reçu."""
    if isinstance(source, pl.DataFrame):
        return build(source.lazy()).collect()
    return build(source)


#: parts d'un regroupement par une clé de millions de valeurs (:func:`grouped_in_parts`)
PARTS = 8


def grouped_in_parts(
    frame: pl.DataFrame,
    key: str,
    build: Callable[[pl.LazyFrame], pl.LazyFrame],
    *,
    parts: int = PARTS,
) -> pl.DataFrame:
    """``build`` (un regroupement par ``key``, ou tout calcul fait clé par clé) appliqué
    à chacune des ``parts`` parts de ``frame`` réparties par l'empreinte de ``key``, les
    résultats mis bout à bout (dans l'ordre des parts).

    Exact : toutes les lignes d'une même clé tombent dans la même part ; l'empreinte ne
    sert qu'à répartir (deux clés différentes de même empreinte restent deux groupes de
    la même part). Un regroupement de polars tient, pour chaque groupe, la liste de ses
    lignes : par parts, la mémoire est celle d'une part. Mesuré (6 M parcours du PLIE,
    première entrée de chaque participant) : d'un coup +0,44 à +0,48 Go et 0,5-0,65 s,
    en huit parts +0,09 Go et 0,4 s.

    >>> df = pl.DataFrame({"k": ["a", "b", "a", "c"], "v": [1, 2, 3, 4]})
    >>> out = grouped_in_parts(df, "k", lambda lf: lf.group_by("k").agg(pl.col("v").sum()))
    >>> out.sort("k").rows()
    [('a', 4), ('b', 2), ('c', 4)]
    """
    part = frame.select((pl.col(key).hash() % parts).alias("part")).to_series()
    return pl.concat([build(frame.filter(part == k).lazy()).collect() for k in range(parts)])


def on_distinct(
    frame: pl.LazyFrame, columns: Sequence[str], exprs: Sequence[pl.Expr]
) -> pl.LazyFrame:
    """Ajoute à ``frame`` les colonnes ``exprs``, calculées une fois par combinaison
    distincte de ``columns`` (les seules colonnes qu'elles lisent) puis rapportées à
    chaque ligne : des libellés tirés de colonnes de peu de valeurs (ville, quartier,
    prescripteur) se calculent sur quelques dizaines de lignes au lieu de chacune.
    L'ordre des lignes est gardé ; une valeur absente est une valeur comme une autre.
    Une colonne de ``frame`` du nom d'une colonne ajoutée est remplacée (comme par
    ``with_columns``, mais placée en fin de tableau) ; ``exprs`` ne doit pas récrire
    ``columns``.

    Mesuré (profil des participants SERCI, 1,3 M lignes, domiciliation, commune et
    groupe de prescripteurs : normalisation du texte et expressions régulières) : 1,18 s
    ligne à ligne, 0,28 s ainsi.

    >>> df = pl.LazyFrame({"v": ["a", "b", "a", None], "n": [1, 2, 3, 4]})
    >>> out = on_distinct(df, ["v"], [pl.col("v").str.to_uppercase().alias("V")])
    >>> out.collect().rows()
    [('a', 1, 'A'), ('b', 2, 'B'), ('a', 3, 'A'), (None, 4, None)]
    >>> on_distinct(df, ["v"], [pl.col("v").is_null().alias("n")]).collect()["n"].to_list()
    [False, False, False, True]
    """
    table = frame.select(columns).unique().with_columns(exprs)
    added = [c for c in table.collect_schema().names() if c not in columns]
    return frame.drop(added, strict=False).join(
        table, on=list(columns), how="left", nulls_equal=True, maintain_order="left"
    )


def ratio(
    numerator: float, denominator: float, *, zero_division: float | None = None
) -> float | None:
    """Rapport ``numerator / denominator`` ; ``zero_division`` quand le dénominateur est nul.

    >>> ratio(94, 389)
    0.2416452442159383
    >>> ratio(0, 0) is None
    True
    """
    if denominator == 0:
        return zero_division
    return numerator / denominator


@overload
def etp(hours: float, *, hours_per_etp: float = 1607) -> float: ...
@overload
def etp(hours: pl.Expr, *, hours_per_etp: float = 1607) -> pl.Expr: ...
def etp(hours: float | pl.Expr, *, hours_per_etp: float = 1607) -> float | pl.Expr:
    """Équivalents temps plein : heures réalisées divisées par les heures d'un ETP.

    Définition : ``ETP = heures / heures_par_etp``. Par défaut 1 607 h, la durée
    légale annuelle du travail à 35 h par semaine. Le rapport 2025 (SERCI,
    « 124 ETP validés ») l'applique à toutes les heures, sur et hors territoire :
    198 906 / 1 607 = 123,8.

    Parameters
    ----------
    hours : nombre ou expression polars
        Heures réalisées (≥ 0).
    hours_per_etp : float
        Heures annuelles d'un temps plein (> 0).

    >>> round(etp(198906), 1)
    123.8
    >>> etp(1607, hours_per_etp=1607)
    1.0
    """
    if hours_per_etp <= 0:
        raise ValueError("hours_per_etp doit être strictement positif")
    return hours / hours_per_etp


#: les dates dont l'année se calcule par le cycle de quatre ans :
#: du 1er janvier 1900 au 31 décembre 2100
_CYCLE_FIRST, _CYCLE_LAST = date(1900, 1, 1), date(2100, 12, 31)


def year_of(day: pl.Expr) -> pl.Expr:
    """L'année d'une colonne de dates (``Int32``), comme ``dt.year()``, deux à quatre
    fois plus vite.

    ``dt.year()`` passe chaque date par le calendrier de chrono (~25 ns par date : 5 % du
    calcul de ``ml tout``, dont les événements se comptent par année dans une dizaine de
    tableaux). De 1901 à 2099, une année sur quatre est bissextile : avec ``j`` le nombre
    de jours depuis le 1er janvier 1969 (début d'un cycle de quatre ans, 1972
    bissextile), ``année = 1969 + (4 j + 3) // 1461`` ; 1900 et 2100, qui ne le sont
    pas, ne décalent que les dates qui les suivent ou précèdent dans l'autre siècle : la
    formule reste exacte du 1er janvier 1900 au 31 décembre 2100. Hors de ces années
    (aucune date lue : la lecture les écarte), et pour une date absente, ``dt.year()`` ;
    polars ne le calcule pas pour un lot de lignes dont toutes les dates sont dans ces
    années. Un test le compare à ``dt.year()`` jour par jour de 1800 à 2300, et sur des
    dates quelconques.

    Une date et heure est d'abord ramenée à sa date (l'année est la même).

    >>> s = pl.Series([date(1900, 2, 28), date(1972, 12, 31), date(2100, 12, 31),
    ...                date(1492, 10, 12), None])
    >>> pl.select(year_of(pl.lit(s))).to_series().to_list()
    [1900, 1972, 2100, 1492, None]
    """
    day = day.cast(pl.Date)
    since_1969 = day.to_physical() + 365
    return (
        pl.when(day.is_between(_CYCLE_FIRST, _CYCLE_LAST))
        .then(1969 + (4 * since_1969 + 3) // 1461)
        .otherwise(day.dt.year())
        .cast(pl.Int32)
    )


#: le nom de la colonne de l'année dans les tableaux des indicateurs
YEAR = "annee"


def year_column(column: str) -> pl.Expr:
    """La colonne ``annee`` (``Int64``, comme les années des paramètres et des jointures)
    tirée de la colonne de dates ``column`` (:func:`year_of`).

    >>> df = pl.DataFrame({"date": [date(2024, 12, 31), None]})
    >>> df.select(year_column("date")).to_dict(as_series=False)
    {'annee': [2024, None]}
    """
    return year_of(pl.col(column)).cast(pl.Int64).alias(YEAR)


def open_during(start: str, end: str, year: int) -> pl.Expr:
    """Une période (colonnes de dates ``start`` et ``end``, une fin absente : en cours)
    touche l'année ``year`` : commencée au plus tard le 31 décembre, pas finie avant le
    1er janvier. La règle « en cours dans l'année » des dispositifs, des parcours du
    PLIE, des solutions de l'obligation de formation et des séjours en résidence.

    >>> df = pl.DataFrame({"d": [date(2024, 5, 1), date(2025, 2, 1), date(2023, 1, 1)],
    ...                    "f": [date(2025, 1, 1), None, date(2024, 12, 31)]})
    >>> df.select(open_during("d", "f", 2025)).to_series().to_list()
    [True, True, False]
    """
    return (year_of(pl.col(start)) <= year) & (
        pl.col(end).is_null() | (year_of(pl.col(end)) >= year)
    )


def age_at(birth: pl.Expr, reference: date) -> pl.Expr:
    """Âge révolu à la date ``reference`` d'une colonne de dates de naissance
    (:func:`age_on` d'une date fixe).

    >>> df = pl.DataFrame({"b": [date(2000, 12, 31), date(2001, 1, 1)]})
    >>> df.select(age_at(pl.col("b"), date(2025, 12, 31)).alias("age"))["age"].to_list()
    [25, 24]
    """
    return age_on(birth, pl.lit(reference, dtype=pl.Date))


def age_on(birth: pl.Expr, day: pl.Expr) -> pl.Expr:
    """Âge en années révolues à la date ``day`` (anniversaire compris), en polars.

    >>> df = pl.DataFrame({"b": [date(2007, 3, 1), date(2007, 3, 1), date(2007, 12, 31)],
    ...                    "d": [date(2025, 2, 28), date(2025, 3, 1), date(2025, 12, 30)]})
    >>> df.select(age_on(pl.col("b"), pl.col("d")).alias("age"))["age"].to_list()
    [17, 18, 17]
    """

    # mois et jour sont des Int8 : les élargir avant de calculer mois × 100 + jour
    def month_day(value: pl.Expr) -> pl.Expr:
        return value.dt.month().cast(pl.Int32) * 100 + value.dt.day().cast(pl.Int32)

    before = month_day(day) < month_day(birth)
    return (year_of(day) - year_of(birth) - before.cast(pl.Int32)).cast(pl.Int64)


def age_band(age: pl.Expr, bounds: Sequence[int], labels: Sequence[str]) -> pl.Expr:
    """Tranche d'âge : ``labels[i]`` pour ``bounds[i-1] <= âge < bounds[i]``.

    ``bounds`` sont les bornes inférieures des tranches après la première, strictement
    croissantes ; il faut ``len(labels) == len(bounds) + 1``. Un âge nul (ou NaN) donne
    ``null``.

    Le rang de la tranche est le nombre de bornes que l'âge atteint, cherché dans la liste
    des bornes (``search_sorted``) ; son libellé est pris dans la liste des libellés. Un
    âge absent prend un rang après la dernière borne, au libellé nul. L'âge n'est évalué
    qu'une fois, même quand c'est une expression (l'âge à une date, calculé à la volée).
    Mesuré sur 2,6 M âges de 13 à 29 ans : 0,085 → 0,031 s d'une colonne, 0,33 → 0,09 s
    d'une expression hors d'une requête paresseuse (autant qu'avant dans une requête
    paresseuse, qui ne l'évaluait déjà qu'une fois), contre une chaîne de ``when/then``
    qui écrivait un libellé par branche.

    >>> df = pl.DataFrame({"age": [19, 26, 40, 41, 51, None]})
    >>> band = age_band(pl.col("age"), [26, 41, 51], ["-26", "26-40", "41-50", "51+"])
    >>> df.select(band.alias("t"))["t"].to_list()
    ['-26', '26-40', '26-40', '41-50', '51+', None]
    """
    if len(labels) != len(bounds) + 1:
        raise ValueError("il faut une étiquette de plus que de bornes")
    if any(high <= low for low, high in itertools.pairwise(bounds)):
        raise ValueError("les bornes doivent être strictement croissantes")
    inf = float("inf")
    edges = pl.lit(pl.Series([*(float(b) for b in bounds), inf], dtype=pl.Float64))
    rank = edges.search_sorted(age.cast(pl.Float64).fill_null(inf), side="right")
    return pl.lit(pl.Series([*labels, None], dtype=pl.String)).gather(rank)


def age_band_labels(bounds: Sequence[int]) -> list[str]:
    """Libellés du rapport pour des bornes : ``[26, 41, 51]`` -> ``- 26 ans``, ``26 à 40 ans``…

    >>> age_band_labels([26, 41, 51])
    ['- 26 ans', '26 à 40 ans', '41 à 50 ans', '51 ans et plus']
    """
    labels = [f"- {bounds[0]} ans"]
    labels += [f"{low} à {high - 1} ans" for low, high in itertools.pairwise(bounds)]
    labels.append(f"{bounds[-1]} ans et plus")
    return labels


def distribution(frame: FrameT, by: str, *, year: str = "annee") -> FrameT:
    """Effectif et part de chaque valeur de ``by``, par année ; les parts d'une année font 1.

    Une valeur absente forme son propre groupe (``null``) : personne ne disparaît.

    >>> df = pl.DataFrame({"annee": [2025, 2025, 2025], "sexe": ["F", "H", "F"]})
    >>> distribution(df, "sexe").rows()
    [(2025, 'F', 2, 0.6666666666666666), (2025, 'H', 1, 0.3333333333333333)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.group_by(year, by)
            .agg(pl.len().cast(pl.Int64).alias("nb"))
            .with_columns((pl.col("nb") / pl.col("nb").sum().over(year)).alias("part"))
            .sort(year, by, nulls_last=True)
        )

    return same_kind(frame, build)


def glob_regex(patterns: Sequence[str]) -> str:
    """L'expression régulière (ancrée) qui reconnaît un libellé normalisé (minuscules,
    sans accents ni ponctuation) correspondant à l'un des ``patterns`` (jokers ``*`` et
    ``?``, le reste comparé après la même normalisation).

    >>> glob_regex(["SIAE*", "Mission locale ?"])
    '^(?:siae.*|missionlocale.)$'
    """
    import re

    from gipkit.io.normalize import normalize_label

    def one(pattern: str) -> str:
        parts = re.split(r"([*?])", pattern)
        return "".join(
            ".*" if p == "*" else "." if p == "?" else re.escape(normalize_label(p)) for p in parts
        )

    return "^(?:" + "|".join(one(p) for p in patterns) + ")$"


def label_by_patterns(
    expr: pl.Expr, groups: Mapping[str, Sequence[str]], *, other: str | None
) -> pl.Expr:
    """Le groupe de chaque valeur : le premier de ``groups`` dont un motif la reconnaît
    (:func:`glob_regex`), sinon ``other`` (``None`` : absent, pour qu'une autre règle
    prenne le relais) ; une valeur absente reste absente.

    >>> df = pl.DataFrame({"p": ["SIAE (autre)", "Entreprise X", None, "Pôle emploi"]})
    >>> groups = {"SIAE": ["SIAE*"], "France Travail": ["POLE EMPLOI*"]}
    >>> df.select(label_by_patterns(pl.col("p"), groups, other="Autres").alias("g"))["g"].to_list()
    ['SIAE', 'Autres', None, 'France Travail']
    """
    from gipkit.io.values import normalized

    key = normalized(expr)
    result: Any = None
    for name, patterns in groups.items():
        test = key.str.contains(glob_regex(patterns))
        result = (pl.when(test) if result is None else result.when(test)).then(pl.lit(name))
    fallback = pl.lit(other, dtype=pl.String)
    labelled = fallback if result is None else result.otherwise(fallback)
    return pl.when(expr.is_null()).then(pl.lit(None, dtype=pl.String)).otherwise(labelled)


def unused_groups(values: pl.Series, groups: Mapping[str, Sequence[str]]) -> list[str]:
    """Les groupes de ``groups`` qui ne reçoivent aucune des ``values`` par
    :func:`label_by_patterns` : aucun de leurs motifs ne les reconnaît, ou seulement des
    valeurs prises par un groupe déclaré avant. Une règle qui ne s'applique à rien (un
    motif mal écrit ?) : sa ligne manque aux tableaux, sans un mot si on ne le dit pas.

    >>> values = pl.Series(["SIAE Régie", "Entreprise X", None])
    >>> groups = {"SIAE": ["SIAE*"], "Régies": ["SIAE R*"], "PLIE": ["PLIE*"]}
    >>> unused_groups(values, groups)
    ['Régies', 'PLIE']
    """
    labels = pl.select(label_by_patterns(pl.lit(values), groups, other=None)).to_series()
    assigned = set(labels.drop_nulls().to_list())
    return [name for name in groups if name not in assigned]
