"""Ce que partagent les documents de toutes les structures : année N, N-1, valeurs par année."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import polars as pl

from gipkit import journal
from gipkit.errors import InvalidDataError, ParameterError, count_text
from gipkit.indicators.common import YEAR, year_column, year_of
from gipkit.io import values
from gipkit.io.schema import ColumnType, ExportSchema
from gipkit.io.source import SourceReport
from gipkit.results import Column, Scalar, Table
from gipkit.selection import COUNT, apply_exclusions


class YearData(Protocol):
    """Des données chargées pour l'année N, avec N-1 si elle est disponible."""

    year: int
    previous: int | None


def present_years(frame: pl.LazyFrame, column: str = "annee") -> dict[int, int]:
    """Les années présentes dans ``column`` et leur nombre de lignes, triées, sans valeur
    absente."""
    return _years(frame.group_by(column).len().collect())


def years_counted(counted: pl.DataFrame, column: str = "annee") -> dict[int, int]:
    """:func:`present_years` d'un décompte (:func:`gipkit.selection.count_rows`) qui
    porte ``column`` : sans relire le fichier.

    >>> import polars as pl
    >>> from gipkit.selection import count_rows
    >>> lf = pl.LazyFrame({"annee": [2025, None, 2024, 2025], "t": ["a", "a", "b", "b"]})
    >>> years_counted(count_rows(lf, ["annee", "t"])) == present_years(lf)
    True
    """
    return _years(counted.group_by(column).agg(pl.col(COUNT).sum()))


def _years(counts: pl.DataFrame) -> dict[int, int]:
    pairs = sorted((int(y), int(n)) for y, n in counts.iter_rows() if y is not None)
    return dict(pairs)


def first_of_each_key(
    source: SourceReport, reason: str, columns: Sequence[str]
) -> list[tuple[str, pl.Expr]]:
    """La règle (pour :func:`~gipkit.selection.apply_exclusions`) qui ne garde que la
    première ligne de chaque identifiant ``columns`` — l'identifiant de ligne de l'export
    lu (``ExportSchema.row_key``) —, avec son motif ; aucune règle si la lecture a déjà vu
    qu'aucun identifiant ne se répète (:attr:`SourceReport.unique_key`) : chercher les
    répétitions coûte, à l'échelle nationale (2,1 M jeunes), ~0,35 s à chaque calcul.

    >>> from gipkit.io.source import SourceReport
    >>> seen = SourceReport("x.csv", "", "ml.jeunes", "csv", 2, unique_key=True)
    >>> first_of_each_key(seen, "répété", ["jeune"])
    []
    >>> unknown = SourceReport("x.csv", "", "ml.jeunes", "csv", 2)
    >>> [reason for reason, _ in first_of_each_key(unknown, "répété", ["jeune"])]
    ['répété']
    """
    if source.unique_key:
        return []
    key = pl.col(columns[0]) if len(columns) == 1 else pl.struct(*columns)
    return [(reason, ~key.is_first_distinct())]


def as_categories(*, keep: Sequence[str] = ()) -> list[pl.Expr]:
    """Les colonnes de texte (et de listes de textes) d'un tableau gardé en mémoire pour
    plusieurs calculs, sauf ``keep``, en catégories : même texte, même ordre de tri, mêmes
    égalités, mais un entier par valeur au lieu d'une vue de 16 octets (2 M lignes :
    ~31 -> 8 Mo par colonne). Les fonctions de texte (``str.…``) les refusent : qui en
    a besoin relit la colonne en texte (``cast(pl.String)``, comme
    :func:`gipkit.io.values.normalized`).

    >>> df = pl.DataFrame({"id": ["a"], "ville": ["Ivry"], "statuts": [["rsa"]]})
    >>> df.with_columns(as_categories(keep=["id"])).dtypes
    [String, Categorical, List(Categorical)]
    """
    return [
        pl.col(pl.String).exclude(keep).cast(pl.Categorical),
        pl.col(pl.List(pl.String)).exclude(keep).cast(pl.List(pl.Categorical)),
    ]


def as_enums(schema: ExportSchema, names: Sequence[str]) -> list[pl.Expr]:
    """Les colonnes de modalités de ``names`` (une ou plusieurs par cellule) en
    ``Enum`` de leurs codes : le lecteur n'y laisse que des codes du format (ceux de
    ``gipkit.toml`` en font partie, :mod:`gipkit.config` le vérifie), la conversion est
    donc exacte. Les codes sont rangés dans l'ordre du texte : tris, minimum et maximum
    restent ceux du texte. Un octet par valeur (moins de 256 codes) au lieu des quatre
    d'une catégorie (:func:`as_categories`) : pour un tableau gardé en mémoire pour
    plusieurs calculs. Comparer à un texte qui n'est pas un code donne faux, comme sur le
    texte.

    >>> from gipkit.io.exports.serci import SERCI_HOURS
    >>> df = pl.DataFrame({"sexe": ["F", None], "statuts_entree": [["rsa"], []]})
    >>> df.with_columns(as_enums(SERCI_HOURS, df.columns)).schema["sexe"]
    Enum(categories=['F', 'H'])
    """
    out = []
    for spec in schema.columns:
        if spec.name not in names or not spec.categories:
            continue
        codes = pl.Enum(sorted(c.code for c in spec.categories))
        if spec.type is ColumnType.CATEGORY:
            out.append(pl.col(spec.name).cast(codes))
        elif spec.type is ColumnType.MULTI_CATEGORY:
            out.append(pl.col(spec.name).cast(pl.List(codes)))
    return out


def enum_mapped(
    column: str, codes: pl.Enum, mapping: Mapping[str, str], default: str, into: pl.Enum
) -> pl.Expr:
    """``column`` (un ``Enum`` de catégories ``codes``, :func:`as_enums`) -> ``mapping[code]``,
    ``default`` pour un code absent de ``mapping`` ou une valeur nulle, en ``into``.

    Par :func:`gipkit.io.values.lookup`, comme les libellés à la lecture :
    ``replace_strict`` sur toute une colonne en mémoire en construit plusieurs copies
    (10 M propositions du CLLAJ, 1 300 fois les fixtures : +300 Mo à la pointe, 0,2 s ;
    ainsi, +10 Mo, 0,01 s).

    >>> kinds = pl.Enum(["a", "b", "c"])
    >>> df = pl.DataFrame({"k": ["c", None, "a"]}, schema={"k": kinds})
    >>> into = pl.Enum(["x", "y"])
    >>> df.select(enum_mapped("k", kinds, {"a": "x"}, "y", into))["k"].to_list()
    ['y', 'y', 'x']
    """
    table = {c: mapping.get(c, default) for c in codes.categories}
    return values.lookup(pl.col(column), table, into).fill_null(default).alias(column)


#: les types entiers du plus petit au plus grand, avec les valeurs qu'ils contiennent
_INTEGER_TYPES = (
    (pl.Int8(), -(2**7), 2**7 - 1),
    (pl.Int16(), -(2**15), 2**15 - 1),
    (pl.Int32(), -(2**31), 2**31 - 1),
)


def narrow_integers(schema: ExportSchema, names: Sequence[str]) -> list[pl.Expr]:
    """Les colonnes entières de ``names`` que le format borne (``minimum`` et ``maximum``
    déclarés) dans le plus petit type entier qui contient leurs bornes : le lecteur
    rend absente toute valeur hors bornes (:func:`gipkit.io.values.bounded`), la
    conversion est donc exacte. Pour un tableau gardé en mémoire pour plusieurs calculs
    (5 M lignes : l'année, l'âge et la durée du contrat de sortie passent de 120 à
    25 Mo). Un calcul sur ces colonnes qui pourrait dépasser leur type (``annee * 100``)
    convertit d'abord (``cast(pl.Int64)``) ; les comparaisons et les différences avec
    une date (``dt.year()``, sur 32 bits) n'en ont pas besoin.

    >>> from gipkit.io.exports.serci import SERCI_HOURS
    >>> df = pl.DataFrame({"annee": [2025], "age": [37], "heures": [7.0], "ligne": [2]})
    >>> df.with_columns(narrow_integers(SERCI_HOURS, df.columns)).dtypes
    [Int16, Int8, Float64, Int64]
    """
    out = []
    for spec in schema.columns:
        if spec.name not in names or spec.type is not ColumnType.INTEGER:
            continue
        if spec.minimum is None or spec.maximum is None:
            continue
        for dtype, low, high in _INTEGER_TYPES:
            if low <= spec.minimum and spec.maximum <= high:
                out.append(pl.col(spec.name).cast(dtype))
                break
    return out


def dense_rank(values: pl.Series) -> pl.Series:
    """Le rang dense de chaque valeur (``UInt32``, 1 pour la plus petite, des valeurs
    égales ont le même rang ; une valeur absente reste absente) : le résultat de
    ``values.rank("dense")``, calculé sur les valeurs distinctes triées puis rapporté à
    chaque ligne par jointure.

    Pour des identifiants qui se répètent (un participant, un marché sur plusieurs
    lignes), bien plus rapide que ``rank``, qui trie les positions de toutes les lignes
    (2 M lignes, 593 000 participants : 0,73 s contre 0,26 s ; 757 marchés : 0,25 s
    contre 0,04 s) ; pour des identifiants presque tous distincts, ``rank`` reste le plus
    rapide (2 M contrats distincts : 0,08 s contre 0,74 s).

    >>> dense_rank(pl.Series("p", ["b", "a", None, "b", "c"])).to_list()
    [2, 1, None, 2, 3]
    """
    name = values.name
    distinct = values.drop_nulls().unique().sort().to_frame().with_row_index("__rang", offset=1)
    joined = values.to_frame().join(distinct, on=name, how="left", maintain_order="left")
    return joined["__rang"].alias(name)


def choose_year(present: Mapping[int, int], year: int | None, path: Path) -> int:
    """L'année N d'un calcul : celle demandée (``--annee``) si l'export la contient, sinon
    **la plus récente année terminée** présente dans l'export.

    Une année est terminée quand son 31 décembre est passé (la date du jour, ou
    ``GIPKIT_AUJOURDHUI``) : un export téléchargé le 20 janvier 2026 donne le rapport
    2025, et non un « 2026 » de trois semaines. Si aucune année présente n'est terminée,
    la plus récente est retenue et dite incomplète. Le choix et le nombre de lignes des
    années postérieures écartées sont consignés dans le journal de la commande (sortie
    d'erreur et JSON). Un fichier lu après un autre dans la même commande reçoit l'année
    de celui-ci (choix « alignee »).

    ``present`` : les années présentes et leur nombre de lignes (:func:`present_years`).
    """
    years = sorted(present)
    current_year = journal.today().year
    name = str(path)
    if year is not None and any(
        c.source == name and c.year == year for c in journal.current().years
    ):
        return year  # le même fichier relu par un autre calcul de la commande : déjà dit
    exercise = journal.current().exercise_year
    if year is None and exercise is not None:
        if exercise not in present:
            listed = ", ".join(str(y) for y in years)
            raise ParameterError(
                f"Année de l'exercice {exercise} (gipkit.toml) absente de {path} "
                f"(années présentes : {listed}).",
                details=["vérifiez l'extraction, ou précisez --annee"],
            )
        year, how, why = exercise, "exercice", f"{exercise}, année de l'exercice (gipkit.toml)"
        if exercise >= current_year:
            why += " ; attention : cette année n'est pas terminée, ses chiffres sont partiels"
    elif year is not None:
        if year not in present:
            listed = ", ".join(str(y) for y in years)
            raise ParameterError(f"Année {year} absente de {path} (années présentes : {listed}).")
        # l'année reçue d'un fichier lu avant dans la commande (non de --annee) : celle
        # du dernier choisi par lui-même — dans gipkit rapport, celui du chapitre en cours
        earlier = [c for c in journal.current().years if c.how != "alignee"]
        if earlier and earlier[-1].how != "demandee" and earlier[-1].year == year:
            how, why = "alignee", f"{year}, comme pour {earlier[-1].source}"
        else:
            how, why = "demandee", f"{year}, demandée par --annee"
        if year >= current_year:
            why += " ; attention : cette année n'est pas terminée, ses chiffres sont partiels"
    else:
        ended = [y for y in years if y < current_year]
        if ended:
            year, how = ended[-1], "derniere_terminee"
            why = f"{year}, dernière année terminée présente dans {name}"
        else:
            year, how = years[-1], "derniere_incomplete"
            why = (
                f"{year}, année la plus récente de {name}, qui n'est pas terminée : "
                "ses chiffres sont partiels (précisez --annee pour un autre choix)"
            )
    later = {y: n for y, n in present.items() if y > year}
    rows = sum(later.values())
    if rows:
        listed = ", ".join(str(y) for y in sorted(later))
        why += f" ; {count_text(rows)} ligne(s) d'années postérieures ({listed}) écartée(s)"
    journal.current().year(journal.YearChoice(name, year, how, why, rows))
    return year


def dated_periods(
    frame: pl.LazyFrame,
    path: Path,
    year: int | None,
    source: SourceReport,
    *,
    noun: str,
    years: tuple[dict[int, int], dict[int, int]] | None = None,
) -> tuple[pl.LazyFrame, int, dict[int, int]]:
    """Des périodes datées (parcours du PLIE, séjours du LRJ : ``date_entree``,
    ``date_sortie``) : l'année N et les périodes qui la concernent.

    N est choisie parmi les années d'entrée et de sortie (:func:`choose_year` ; une année
    présente par ses seules sorties compte) ; les périodes commencées après N ou finies
    avant N-1 sont écartées avec leur motif, ajouté au bilan ``source``. Rend les périodes
    gardées, N, et les années d'entrée présentes (``{année: lignes}``). ``years`` : les
    années de ``frame`` (:func:`period_years`) déjà comptées, sinon comptées ici.
    """

    entries, exits = years if years is not None else period_years(frame)
    present = dict.fromkeys(exits, 0) | entries
    if not present:
        raise InvalidDataError(f"{path} : aucun {noun} sous l'en-tête.")
    chosen = choose_year(present, year, path)
    kept, excluded = apply_exclusions(
        frame,
        [
            (f"{noun} commencé après {chosen}", year_of(pl.col("date_entree")) > chosen),
            (f"{noun} fini avant {chosen - 1}", year_of(pl.col("date_sortie")) < chosen - 1),
        ],
    )
    for reason, count in excluded.items():
        source.exclude(reason, count)
    return kept, chosen, entries


def period_years(frame: pl.LazyFrame) -> tuple[dict[int, int], dict[int, int]]:
    """Les années d'entrée et de sortie présentes dans des périodes datées (``date_entree``,
    ``date_sortie``), et leur nombre de lignes (:func:`present_years`).

    >>> from datetime import date
    >>> lf = pl.LazyFrame({"date_entree": [date(2024, 3, 1), date(2025, 1, 2)],
    ...     "date_sortie": [date(2025, 6, 1), None]})
    >>> period_years(lf)
    ({2024: 1, 2025: 1}, {2025: 1})
    """

    def years_in(column: str) -> pl.LazyFrame:
        return frame.select(year_column(column))

    return present_years(years_in("date_entree")), present_years(years_in("date_sortie"))


def previous_of_periods(frame: pl.DataFrame, year: int) -> int | None:
    """N-1 quand une période gardée a commencé au plus tard en N-1, sinon ``None``."""
    return year - 1 if (frame["date_entree"].dt.year() <= year - 1).any() else None


def by_year(frame: pl.DataFrame, column: str, year_column: str = "annee") -> dict[int, Any]:
    """``{année: valeur}`` d'un tableau d'une ligne par année."""
    return dict(zip(frame[year_column].to_list(), frame[column].to_list(), strict=True))


#: unités de décompte : une année qui a des données mais aucune ligne comptée vaut 0
COUNT_UNITS = frozenset({"nombre", "heures", "euros", "etp"})
_DEFAULT: Any = object()


def scalar(
    data: YearData,
    ident: str,
    label: str,
    unit: str,
    values: Mapping[int, Any],
    *,
    missing: Any = _DEFAULT,
    **extra: Any,
) -> Scalar:
    """La valeur de N, avec celle de N-1 si disponible.

    ``values`` n'a pas d'entrée pour une année dont aucune ligne ne compte. N, et N-1
    quand ``data.previous`` est donnée, sont des années **présentes dans les données** :
    pour un décompte (nombre, heures, euros, ETP), l'absence d'entrée veut donc dire 0 ;
    pour un taux, une part, une moyenne, elle veut dire « non calculable » (``None``),
    jamais 0. ``missing`` force une autre valeur.
    """
    if missing is _DEFAULT:
        missing = 0 if unit in COUNT_UNITS else None
    prev = data.previous
    return Scalar(
        ident,
        label,
        unit,
        data.year,
        values.get(data.year, missing),
        previous=values.get(prev, missing) if prev is not None else None,
        previous_year=prev,
        **extra,
    )


def with_previous(data: YearData, one: Callable[[int], Table]) -> Table:
    """Le tableau de l'année N, avec celui de N-1 quand il est disponible."""
    table = one(data.year)
    if data.previous is not None:
        table.previous = one(data.previous)
    return table


def declared_order(column: str, values: Sequence[Any]) -> pl.Expr:
    """Rang de chaque valeur de ``column`` dans ``values`` (ordre du rapport) ; les autres
    valeurs viennent après, à égalité. Sert de clé de tri aux lignes des tableaux."""
    rank = {value: i for i, value in enumerate(values)}
    return pl.col(column).replace_strict(rank, default=len(rank), return_dtype=pl.Int64)


def share_table(
    ident: str,
    label: str,
    year: int,
    key: tuple[str, str],
    count: tuple[str, str],
    items: Sequence[tuple[str, int]],
    notes: Sequence[str] = (),
) -> Table:
    """Un tableau de répartition : une ligne par modalité (libellé, effectif, part), et
    la ligne Total ; les effectifs s'additionnent, les parts font 1.

    ``key`` et ``count`` : (identifiant, libellé) des colonnes ; ``items`` : les lignes
    dans l'ordre voulu.

    >>> t = share_table("x", "X", 2025, ("sexe", "Sexe"), ("jeunes", "Jeunes"),
    ...                 [("Femmes", 3), ("Hommes", 1)])
    >>> t.rows, t.total
    ([['Femmes', 3, 0.75], ['Hommes', 1, 0.25]], ['Total', 4, 1.0])
    """
    total = sum(n for _, n in items)
    return Table(
        ident,
        label,
        year,
        [
            Column(key[0], key[1], "texte"),
            Column(count[0], count[1], additive=True),
            Column("part", "Part", "part"),
        ],
        [[name, n, n / total if total else None] for name, n in items],
        ["Total", total, 1.0 if total else None],
        list(notes),
    )


def with_shares(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    total: Sequence[Any] | None,
    of: Sequence[str],
) -> tuple[list[Column], list[list[Any]], list[Any] | None]:
    """Ajoute après les colonnes une colonne « Part (…) » pour chaque colonne de ``of`` :
    la valeur de la ligne divisée par celle du total (les sous-totaux aussi). Une part
    d'un total nul est absente (``None``), jamais 0.

    >>> cols = [Column("k", "Clé", "texte"), Column("n", "Participants", additive=True)]
    >>> c, r, t = with_shares(cols, [["a", 1], ["b", 3]], ["Total", 4], ["n"])
    >>> [x.label for x in c]
    ['Clé', 'Participants', 'Part (participants)']
    >>> r, t
    ([['a', 1, 0.25], ['b', 3, 0.75]], ['Total', 4, 1.0])
    """
    index = {c.id: j for j, c in enumerate(columns)}
    extra = [
        Column(f"part_{ident}", f"Part ({columns[index[ident]].label.lower()})", "part")
        for ident in of
    ]

    def share(row: Sequence[Any], ident: str) -> float | None:
        if total is None:
            return None
        whole, value = total[index[ident]], row[index[ident]]
        if not isinstance(whole, int | float) or not whole or value is None:
            return None
        return float(value) / float(whole)

    new_rows = [[*row, *(share(row, i) for i in of)] for row in rows]
    new_total = [*total, *(share(total, i) for i in of)] if total is not None else None
    return [*columns, *extra], new_rows, new_total


def unmatched(used: pl.LazyFrame, known: pl.DataFrame, keys: Sequence[str]) -> pl.LazyFrame:
    """Les personnes (clés ``keys``, dont l'année ``annee``) des lignes ``used`` qui n'ont
    pas de ligne dans ``known`` (mêmes clés, ou les seules clés sans l'année) ; d'ordinaire
    aucune, et rien d'autre n'est calculé (ni les personnes distinctes de ``used``).

    >>> used = pl.LazyFrame({"annee": [2025, 2025, 2024, 2025], "jeune": ["1", "2", "1", "2"]})
    >>> unmatched(used, pl.DataFrame({"jeune": ["1"]}), ["annee", "jeune"]).collect().rows()
    [(2025, '2')]
    """
    on = [k for k in keys if k in known.columns]
    return used.join(known.lazy().select(on), on=on, how="anti").select(keys).unique()


def say_unmatched(
    missing: pl.DataFrame,
    used: pl.LazyFrame,
    *,
    keys: Sequence[str],
    who: str,
    source: str,
    register: str,
    lost: str,
    known: pl.DataFrame | None = None,
) -> dict[int, int]:
    """Dit, pour chaque année, combien des personnes de ``used`` (``who``, lues dans
    ``source`` ; clés ``keys``) manquent à ``register`` (``missing`` :
    :func:`unmatched`) : les tableaux qui les y joignent n'en ont pas le profil
    (``lost`` le dit) — sans un mot jusque-là. Un identifiant écrit autrement d'un
    fichier à l'autre (zéros en tête retirés par un tableur, casse, préfixe) rangeait
    ainsi tous les jeunes dans « non renseigné ». Rend ``{année: absents}``.

    ``known`` (les personnes de ``register``) : combien des absents s'y retrouvent à la
    casse, aux espaces et aux zéros en tête près (:func:`_loose_id`) ; si c'est la moitié
    au moins, le message le dit au lieu de poser la question.

    >>> used = pl.LazyFrame({"annee": [2025, 2025, 2024], "jeune": ["1", "2", "1"]})
    >>> keys = ["annee", "jeune"]
    >>> missing = unmatched(used, pl.DataFrame({"jeune": ["1"]}), keys).collect()
    >>> say_unmatched(missing, used, keys=keys, who="jeunes", source="e.csv",
    ...     register="j.csv", lost="âge inconnu")
    {2025: 1}
    """
    if missing.is_empty():
        return {}
    counts = {int(y): int(n) for y, n in missing.group_by(YEAR).len().sort(YEAR).iter_rows()}
    distinct = used.select(keys).unique().group_by(YEAR).len().collect()
    totals = {int(y): int(n) for y, n in distinct.iter_rows()}
    close = _loosely_found(missing, keys, known)
    for year, n in counts.items():
        share = n / totals[year]
        if 2 * close.get(year, 0) >= n:
            hint = (
                f"{count_text(close[year])} s'y retrouvent à la casse, aux espaces ou aux "
                "zéros en tête près : les identifiants sont écrits autrement d'un fichier à "
                "l'autre (l'un a-t-il été retouché dans un tableur ?)"
            )
        elif share < UNMATCHED_MOST:
            hint = "extraction faite avant l'autre, ou fiche supprimée depuis ?"
        else:
            hint = (
                (
                    "aucun ne s'y retrouve"
                    if n == totals[year]
                    else "la plupart ne s'y retrouvent pas"
                )
                + " : les identifiants sont-ils écrits autrement d'un fichier à l'autre (zéros "
                "en tête retirés par un tableur, casse, préfixe) ?"
            )
        percent = f"{100 * share:.1f}".replace(".", ",")
        journal.current().warn(
            f"{source} : {count_text(n)} des {count_text(totals[year])} {who} en {year} "
            f"({percent} %) ne sont pas dans {register} — {lost} ; {hint}"
        )
    return counts


def _loose_id(expr: pl.Expr) -> pl.Expr:
    """Un identifiant sans casse, espaces ni zéros en tête : « 0012345 » et « 12345 »,
    « j00002 » et « J00002 » s'y confondent.

    >>> pl.select(_loose_id(pl.lit(pl.Series([" 0012345", "J00002", "000"])))).to_series().to_list()
    ['12345', 'j00002', '']
    """
    return (
        expr.cast(pl.String).str.replace_all(r"\s", "").str.to_lowercase().str.replace(r"^0+", "")
    )


def _loosely_found(
    missing: pl.DataFrame, keys: Sequence[str], known: pl.DataFrame | None
) -> dict[int, int]:
    """Par année, les absents (``missing``) dont l'identifiant (la clé de ``keys`` qui
    n'est pas l'année) se retrouve dans ``known`` à :func:`_loose_id` près."""
    person = [k for k in keys if k != YEAR]
    if known is None or len(person) != 1:
        return {}
    (key,) = person
    loose = known.select(_loose_id(pl.col(key)).alias("__lache")).unique()
    found = (
        missing.with_columns(_loose_id(pl.col(key)).alias("__lache"))
        .join(loose, on="__lache", how="semi")
        .group_by(YEAR)
        .len()
    )
    return {int(y): int(n) for y, n in found.iter_rows()}


def say_absent_youths(
    used: pl.LazyFrame, youths: pl.DataFrame, *, who: str, source: str, lost: str
) -> dict[int, int]:
    """:func:`say_unmatched` pour des jeunes (``annee``, ``jeune``) de ``used`` joints à
    l'extraction des jeunes ``youths`` (une ligne par jeune, sans année)."""
    keys = [YEAR, "jeune"]
    return say_unmatched(
        unmatched(used, youths, keys).collect(),
        used,
        keys=keys,
        who=who,
        source=source,
        register="l'extraction des jeunes",
        lost=lost,
        known=youths,
    )


#: la part de personnes absentes au-delà de laquelle l'avertissement parle d'identifiants
#: écrits autrement
UNMATCHED_MOST = 0.5
