"""Les doublons d'un export : lignes identiques (doublons exacts) et identifiants de
ligne répétés avec d'autres valeurs.

Une lecture (:mod:`gipkit.io.reader`) calcule, pendant qu'elle type les colonnes,
l'empreinte de 64 bits des valeurs lues de chaque ligne (``FINGERPRINT``) ; elle ne
désigne que des candidates : deux lignes identiques ont la même. Les candidates (d'ordinaire
aucune) sont ensuite comparées sur toutes leurs colonnes, celles que la commande ne lit
pas comprises (:func:`exact_duplicates`). Les identifiants de ligne (``row_key`` du
schéma) sont comparés de même, par une empreinte triée puis exactement
(:func:`key_conflicts`). Aucune table de hachage de toutes les lignes : les empreintes
sont triées.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from gipkit import journal
from gipkit.errors import count_text
from gipkit.io.schema import ExportSchema
from gipkit.io.source import CHECKS_ENGINE, FINGERPRINT, LINE, LINE_SEPARATOR, RAW_LINE, Layout


def key_conflicts(
    frame: pl.LazyFrame, schema: ExportSchema, layout: Layout, path: Path
) -> bool | None:
    """Signale les lignes dont l'identifiant (``schema.row_key``) se répète avec d'autres
    valeurs : ni doublon exact, ni lignes distinctes, l'export est à vérifier.

    Rend ``True`` si aucun identifiant ne se répète dans ``frame`` (les lignes gardées,
    doublons exacts déjà écartés ; il suffit que ses colonnes présentes ne se répètent
    pas), ``False`` s'il se répète, ``None`` si on ne peut le dire (export sans
    identifiant, ou colonnes présentes répétées quand d'autres manquent) : un lecteur qui
    ne garde que la première ligne de chaque identifiant sait ainsi s'il a quelque chose
    à faire (:attr:`SourceReport.unique_key`)."""
    keys = [k for k in schema.row_key if k in layout.positions]
    if not keys:
        return None
    whole = len(keys) == len(schema.row_key)  # sinon, vérifié sur les colonnes présentes
    # les identifiants sont d'abord comparés par une empreinte de 64 bits triée (8 octets
    # par ligne), puis, exactement, parmi les seules lignes dont l'empreinte se répète :
    # regrouper toutes les lignes sur leurs identifiants en texte coûtait, sur 5 M lignes,
    # 0,6 s et +250 Mo (la pointe de ``serci heures`` ; ``struct(...).is_duplicated()``
    # avant cela, +540 Mo sur 2 M lignes)
    key_print = _key_print(keys)
    repeated = _repeated(frame.select(key_print))
    if repeated.is_empty():  # unique sur une partie de ses colonnes : unique
        return True
    shared = (
        frame.filter(key_print.is_in(repeated.implode()))
        .group_by(keys)
        .len(name="__n")
        .filter(pl.col("__n") > 1)
    )
    count = int(shared.select(pl.col("__n").sum()).collect(engine=CHECKS_ENGINE).item() or 0)
    if count:
        names = ", ".join(schema.column(k).title for k in keys)
        journal.current().warn(
            f"{path} : {count_text(count)} ligne(s) partagent leur identifiant ({names}) "
            "avec une autre ligne aux valeurs différentes ; elles sont toutes gardées, "
            "vérifiez l'export"
        )
    if count == 0:
        return True
    return False if whole else None


def _key_print(keys: Sequence[str]) -> pl.Expr:
    """L'empreinte de 64 bits des identifiants d'une ligne (:func:`key_conflicts`) ;
    deux identifiants différents peuvent la partager, le compte est fait ensuite sur les
    identifiants eux-mêmes."""
    return pl.struct(keys).hash(seed=4)


def _repeated(prints: pl.LazyFrame) -> pl.Series:
    """Les valeurs répétées de la seule colonne de ``prints`` (des empreintes), sans
    table de hachage de toutes les lignes : triées, une valeur égale à sa voisine est
    répétée (21 millions d'événements : ``is_duplicated`` prenait 1,6 Go et 4 s ; le tri
    ne garde qu'une colonne de 8 octets par ligne).

    >>> _repeated(pl.LazyFrame({"e": [5, 1, 5, 2, 1, 7]})).sort().to_list()
    [1, 5]
    >>> _repeated(pl.LazyFrame({"e": [5, 1, 5, 1]})).sort().to_list()
    [1, 5]
    """
    values, every = _repeated_rows(prints)
    return values.unique() if every else values


def _repeated_rows(prints: pl.LazyFrame) -> tuple[pl.Series, bool]:
    """:func:`_repeated`, et vrai si **chaque** ligne porte une valeur répétée (un export
    concaténé avec lui-même) : choisir les lignes des valeurs répétées ne filtre alors
    rien, et les valeurs rendues sont toutes celles de la colonne, triées, sans les
    dédoublonner (4 M valeurs : 0,03 à 0,15 s épargnées).

    >>> values, every = _repeated_rows(pl.LazyFrame({"e": [5, 1, 5, 1]}))
    >>> values.to_list(), every
    ([1, 1, 5, 5], True)
    """
    values = prints.collect(engine=CHECKS_ENGINE).to_series().sort()
    repeated = (values == values.shift(1)).fill_null(False) | (
        values == values.shift(-1)
    ).fill_null(False)
    if repeated.all():
        return values, True
    return values.filter(repeated).unique(), False


def exact_duplicates(
    frame: pl.LazyFrame,
    full_rows: Callable[[], pl.LazyFrame],
    layout: Layout,
    raw_lines: Callable[[], pl.LazyFrame] | None = None,
    *,
    rows: int = -1,
) -> pl.Series:
    """Numéros (triés) des lignes identiques, sur **toutes** les colonnes, à une ligne précédente.

    Deux lignes sont identiques quand le texte de chacun de leurs champs, sans espaces
    autour, est le même. L'empreinte des colonnes lues calculée pendant la lecture
    (``FINGERPRINT``, :func:`gipkit.io.checked._row_print`) désigne les candidates : deux
    lignes identiques ont la même ; d'ordinaire aucune ne se répète, et rien n'est relu.
    Les candidates sont ensuite comparées sur toutes leurs colonnes
    (:func:`_confirmed_copies`, ``rows`` : les lignes de données lues). Comparer les champs
    eux-mêmes gardait en mémoire toutes les lignes candidates (un export concaténé avec
    lui-même, 1 M lignes : 2,4 s et 1,2 Go pour cette seule vérification).
    """
    repeated_prints, every = _repeated_rows(frame.select(FINGERPRINT))
    if repeated_prints.is_empty():
        return pl.Series(LINE, [], dtype=pl.Int64)
    if not every:  # choisir 4 M lignes parmi 4 M par ``is_in`` : 0,2 s pour rien
        frame = frame.filter(pl.col(FINGERPRINT).is_in(repeated_prints.implode()))
    candidates = _by_line(frame.select(LINE, FINGERPRINT).collect(engine=CHECKS_ENGINE))
    return _confirmed_copies(candidates, full_rows, layout, raw_lines, rows)


def _later_copies(rows: pl.DataFrame, keys: Sequence[str]) -> pl.Series:
    """Numéros (triés) des lignes de ``rows`` (``LINE`` et ``keys``, triées par numéro)
    dont les ``keys`` sont toutes celles d'une ligne précédente.

    >>> rows = pl.DataFrame({"ligne": [2, 3, 4, 5, 6], "a": [7, 1, 7, 1, 7], "b": [0, 0, 9, 0, 0]})
    >>> _later_copies(rows, ["a", "b"]).to_list()
    [5, 6]
    """
    copies, tangled = _settled_by_first_key(rows, keys)
    if tangled.is_empty():
        return copies.sort()
    exact = tangled.sort(*keys, LINE).filter(_same_as_above(keys))[LINE]
    return pl.concat([copies, exact]).sort()


def _settled_by_first_key(
    rows: pl.DataFrame, keys: Sequence[str]
) -> tuple[pl.Series, pl.DataFrame]:
    """Les lignes de ``rows`` (``LINE`` et ``keys``, triées par numéro) rangées par leur
    première clé seule, d'un tri stable : un groupe de même première clé dont chaque ligne
    a toutes les ``keys`` de sa voisine du dessus est **tranché** — ses lignes sont des
    copies de la première, rangée la plus haute ; rendus : leurs numéros (dans l'ordre du
    tri), et les lignes des autres groupes (triées par numéro), où une clé suivante
    diffère.

    Un tri sur une colonne de 64 bits au lieu de toutes les clés : 4 M lignes candidates
    (un export écrit deux fois), 0,25 s au lieu de 0,41 s pour le tri sur quatre clés et
    0,17 s pour le second tri sur trois ; sans table de hachage (``is_first_distinct`` sur
    les empreintes en bâtissait une : +340 Mo à la pointe de la lecture). Les groupes
    non tranchés sont d'ordinaire des lignes écrites autrement (des espaces en plus) ou,
    à 2⁻⁶⁴ près par paire, deux empreintes confondues : l'appelant les compare
    autrement.

    >>> rows = pl.DataFrame({"ligne": [2, 3, 4, 5], "a": [7, 7, 1, 1], "b": [0, 0, 0, 8]})
    >>> copies, tangled = _settled_by_first_key(rows, ["a", "b"])
    >>> copies.to_list(), tangled["ligne"].to_list()
    ([3], [4, 5])
    """
    first = keys[0]
    start = ~_same_as_above([first])
    ordered = rows.sort(first, maintain_order=True).with_columns(
        start.alias("__debut"), start.cum_sum().alias("__groupe")
    )
    differs = ~_same_as_above(keys) & ~pl.col("__debut")
    tangled_groups = ordered.filter(differs)["__groupe"].unique()
    if tangled_groups.is_empty():
        return ordered.filter(~pl.col("__debut"))[LINE], rows.clear()
    tangled = pl.col("__groupe").is_in(tangled_groups.implode())
    copies = ordered.filter(~tangled & ~pl.col("__debut"))[LINE]
    rest = ordered.filter(tangled).select(rows.columns).sort(LINE)
    return copies, rest


def _by_line(rows: pl.DataFrame) -> pl.DataFrame:
    """``rows`` triées par numéro de ligne ; sans tri quand elles le sont déjà, comme les
    rend d'ordinaire une lecture (vérifier l'ordre de 4 M numéros : 2 ms ; les trier
    avec trois colonnes : 0,05 à 0,09 s)."""
    return rows if rows[LINE].is_sorted() else rows.sort(LINE)


def _same_as_above(columns: Sequence[str]) -> pl.Expr:
    """Vrai pour une ligne dont les ``columns`` sont celles de la ligne du dessus (faux
    pour la première) : dans un tableau trié, la marque d'une répétition.

    >>> df = pl.DataFrame({"a": [1, 1, 2], "b": [5, 5, 5]})
    >>> df.select(_same_as_above(["a", "b"]))["a"].to_list()
    [False, True, False]
    """
    return pl.all_horizontal(pl.col(c) == pl.col(c).shift(1) for c in columns).fill_null(False)


def _confirmed_copies(
    candidates: pl.DataFrame,
    full_rows: Callable[[], pl.LazyFrame],
    layout: Layout,
    raw_lines: Callable[[], pl.LazyFrame] | None,
    rows: int,
) -> pl.Series:
    """Numéros (triés) des lignes candidates (``LINE`` et ``FINGERPRINT``, triées par
    numéro) identiques à une ligne précédente sur toutes les colonnes, celles que la
    commande n'a pas lues comprises.

    D'abord les **lignes telles qu'écrites** (:func:`written_lines`), quand le fichier s'y
    prête (:func:`_written_prints`) : deux lignes écrites à l'identique ont les mêmes
    champs ; un groupe de candidates à la même empreinte dont toutes les lignes sont
    écrites à l'identique (deux empreintes de 64 bits de la ligne écrite : le cas d'un
    export concaténé avec lui-même) est tranché ainsi (:func:`_settled_by_first_key`).
    Lire une ligne entière sans la découper coûte cinq fois moins que découper ses champs
    (2 M lignes écrites deux fois, 26 colonnes dont 8 lues : 0,41 s contre 2,06 s). Les
    autres groupes — des lignes écrites autrement, qui peuvent avoir les mêmes champs
    (« Vitry » et « Vitry  ») ou non, ou des empreintes confondues — passent par la
    comparaison des champs : tous les champs de leurs lignes, sans espaces autour, sont
    relus, en flux, pour deux empreintes de 64 bits ; deux situations qui ne diffèrent que
    par une colonne que la commande ne lit pas (l'employeur) ne sont donc pas des
    doublons. Deux lignes aux mêmes champs ont la même première empreinte : elles sont
    dans le même groupe, tranché ou non. Deux lignes différentes sont prises pour des
    doublons si leurs deux empreintes de comparaison se confondent : une chance sur 2¹²⁸
    par paire (moins de 10⁻²⁴ pour 20 M lignes toutes candidates).
    """
    settled = pl.Series(LINE, [], dtype=pl.Int64)
    written = None if raw_lines is None else _written_prints(raw_lines(), layout, candidates, rows)
    if written is not None:
        both = candidates.with_columns(written["__l1"], written["__l2"])
        del written
        settled, both = _settled_by_first_key(both, [FINGERPRINT, "__l1", "__l2"])
        candidates = both.select(LINE, FINGERPRINT)
        del both
    if candidates.is_empty():
        return settled.sort()
    fields = pl.struct([pl.col(c).str.strip_chars() for c in layout.raw_columns])
    compared = (
        layout.numbered(full_rows())
        .filter(pl.col(LINE).is_in(candidates[LINE].implode()))
        .select(LINE, fields.hash(seed=2).alias("__h1"), fields.hash(seed=3).alias("__h2"))
        .collect(engine="streaming")
        .pipe(_by_line)
    )
    # les mêmes lignes des deux côtés, dans le même ordre : côte à côte, sans jointure
    candidates = candidates.select(LINE, compared["__h1"], compared["__h2"])
    del compared
    return pl.concat([settled, _later_copies(candidates, ["__h1", "__h2"])]).sort()


def _written_prints(
    lines: pl.LazyFrame, layout: Layout, candidates: pl.DataFrame, rows: int
) -> pl.DataFrame | None:
    """``LINE`` et deux empreintes (``__l1``, ``__l2``) de la ligne écrite de chaque
    candidate (``candidates`` triées par numéro), dans le même ordre ; ``None`` quand les
    lignes écrites (``lines``, :func:`written_lines`) ne correspondent pas aux ``rows``
    lignes lues — un champ entre guillemets qui tient sur deux lignes en ajoute une et
    décale les suivantes — ou ne se lisent pas (l'octet ``0x1F`` dans une ligne)."""
    numbered = layout.numbered(lines)
    text = pl.col(RAW_LINE)
    prints = [LINE, text.hash(seed=5).alias("__l1"), text.hash(seed=6).alias("__l2")]
    try:
        if candidates.height == rows:
            # chaque ligne est candidate (un export concaténé avec lui-même) : toutes
            # les lignes écrites, sans les choisir une à une
            written = numbered.select(prints).collect(engine="streaming")
            count = written.height
        else:
            # le compte des lignes écrites et les empreintes des candidates, d'une lecture
            counted, written = pl.collect_all(
                [
                    numbered.select(pl.len()),
                    numbered.filter(pl.col(LINE).is_in(candidates[LINE].implode())).select(prints),
                ],
                engine="streaming",
            )
            count = counted.item()
    except pl.exceptions.PolarsError:  # l'octet 0x1F dans une ligne : deux champs
        return None
    if count != rows:
        return None
    written = _by_line(written)
    return written if written[LINE].equals(candidates[LINE]) else None


def written_lines(path: Path, skip: int) -> pl.LazyFrame:
    """Les lignes de données de ``path`` telles qu'écrites, une colonne ``RAW_LINE``
    (sans le saut de ligne), lues sans guillemets avec un séparateur (l'octet ``0x1F``)
    qu'un export n'a pas : une ligne qui l'aurait fait échouer la lecture. Un champ entre
    guillemets qui tient sur deux lignes en fait deux ici, et une de moins à la lecture :
    :func:`_written_prints` compare les deux comptes.
    """
    return pl.scan_csv(
        path,
        has_header=False,
        separator=LINE_SEPARATOR,
        quote_char=None,
        skip_rows=skip,
        schema={RAW_LINE: pl.String},
        raise_if_empty=False,
    )
