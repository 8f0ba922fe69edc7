"""Activité du CLLAJ (``cllaj.activite.*``) et lecture de ses extractions datées.

Nouveaux jeunes, jeunes accompagnés, demandes (de l'année et nouvelles) et propositions
(par ville, par type de demande, par ville et type), informations, orientations et
dossiers constitués, jeunes aidés dans la reconnaissance de leur priorité, heures
d'entretiens, relogements et jeunes relogés par type et par ville. Le profil est dans
:mod:`gipkit.reports.cllaj_profil`, le Logement Relais Jeunes dans
:mod:`gipkit.reports.cllaj_lrj`.

Les chiffres par ville suivent la commune du jeune (extraction des jeunes de l'année).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from gipkit import journal
from gipkit.config import Config
from gipkit.errors import InvalidDataError
from gipkit.indicators import cllaj_activite as act
from gipkit.indicators.common import YEAR, year_column, year_of
from gipkit.io.exports.cllaj import (
    CLLAJ_INTERVIEWS,
    CLLAJ_PROPOSALS,
    CLLAJ_REHOUSINGS,
    CLLAJ_REQUESTS,
    PRIORITY_KINDS,
    PROPOSAL_GROUPS,
    PROPOSAL_KINDS,
    REHOUSING_KINDS,
    REQUEST_KINDS,
)
from gipkit.io.reader import scan_export
from gipkit.io.schema import ExportSchema
from gipkit.io.source import LINE, ReadOptions, SourceReport
from gipkit.reports.cllaj import interviewed, poverty_frame, scan_youths, threshold_of
from gipkit.reports.common import (
    as_enums,
    declared_order,
    enum_mapped,
    say_unmatched,
    scalar,
    with_previous,
)
from gipkit.results import Column, Result, Table
from gipkit.selection import apply_exclusions

UNKNOWN = "Non renseigné"
REQUEST_CODES = [c.code for c in REQUEST_KINDS]
REQUEST_LABELS = {c.code: c.label for c in REQUEST_KINDS}
#: groupe d'une proposition (information, orientation, dossier), d'après sa nature ; un
#: octet par proposition (``Enum``) plutôt qu'un texte de 16
GROUPS = pl.Enum(sorted({"information", *PROPOSAL_GROUPS.values()}))
#: type de relogement qui répond à un type de demande
ANSWERS = {"parc_social": "parc_social", "temporaire": "temporaire", "parc_prive": "parc_prive"}


@dataclass
class Activity:
    """Les extractions du CLLAJ restreintes à N-1 et N ; aux demandes, aux propositions
    et aux relogements, la commune du jeune jointe (aux demandes, ses ressources aussi ;
    aux entretiens, rien). Gardées compactes pour tous les tableaux de l'activité et du
    profil : l'année (``annee``) sur 16 bits, les modalités en ``Enum`` de leurs codes,
    et sans les dates des demandes, des propositions et des relogements, qui n'ont
    servi qu'à l'année (:func:`load_activity`)."""

    youths: pl.DataFrame
    requests: pl.DataFrame | None
    proposals: pl.DataFrame | None
    rehousings: pl.DataFrame | None
    interviews: pl.DataFrame | None
    sources: list[SourceReport]
    year: int
    previous: int | None
    #: (extraction, année) -> ses lignes de l'année (:meth:`of_year`)
    parts: dict[tuple[str, int], pl.DataFrame] = field(default_factory=dict, repr=False)

    def of_year(self, name: str, year: int) -> pl.DataFrame | None:
        """Les lignes de l'année ``year`` de l'extraction ``name`` (``youths``,
        ``requests``, ``proposals``, ``rehousings``, ``interviews``), ``None`` si elle
        n'est pas donnée. Découpées une fois au chargement (:func:`_split_by_year`) : une
        quarantaine de tableaux les lisent, et chaque filtre sur l'année recopiait la
        moitié de l'extraction (300 fois les fixtures : 0,8 s sur 4,4)."""
        frame: pl.DataFrame | None = getattr(self, name)
        if frame is None:
            return None
        part = self.parts.get((name, year))
        return frame.clear() if part is None else part

    def with_columns(self, name: str, *columns: pl.Expr) -> Activity:
        """Une copie où l'extraction ``name`` a les colonnes ``columns`` en plus, dans
        chacun de ses morceaux par année comme dans son tout."""
        frame: pl.DataFrame | None = getattr(self, name)
        if frame is None:
            return self
        parts = {
            key: part.with_columns(*columns) if key[0] == name else part
            for key, part in self.parts.items()
        }
        own = [part for key, part in parts.items() if key[0] == name]
        whole = pl.concat(own, rechunk=False) if own else frame.with_columns(*columns)
        copy = replace(self, parts=parts)
        setattr(copy, name, whole)
        return copy


def _split_by_year(frame: pl.DataFrame) -> tuple[pl.DataFrame, dict[int, pl.DataFrame]]:
    """``frame`` fait de ses lignes année par année (puis les lignes sans année), et ses
    lignes de chaque année ; une seule copie en tout, pas une par tableau.

    Colonne par colonne, chaque colonne oubliée dès qu'elle est découpée : découper tout
    le tableau d'un coup (``partition_by``) le gardait deux fois en mémoire (1 300 fois
    les fixtures, 10 M propositions : +0,4 Go de pointe).

    >>> whole, parts = _split_by_year(pl.DataFrame({"annee": [2025, 2024, 2025], "v": [1, 2, 3]}))
    >>> whole["v"].to_list(), parts[2025]["v"].to_list()
    ([2, 1, 3], [1, 3])
    """
    years = frame.get_column(YEAR)
    present = sorted(years.drop_nulls().unique().to_list())
    if len(present) + years.has_nulls() <= 1:
        return frame, ({present[0]: frame} if present else {})
    # des masques plutôt que des positions : filtrer une colonne est trois fois plus
    # rapide que d'en prendre les lignes une à une (``gather``)
    rows = {y: (years == y).fill_null(False) for y in present}
    if years.has_nulls():
        rows[None] = years.is_null()
    columns: dict[int | None, list[pl.Series]] = {y: [] for y in rows}
    del years
    for column in frame.columns:
        series = frame.get_column(column)
        frame = frame.drop(column)
        for y, mask in rows.items():
            columns[y].append(series.filter(mask))
        del series
    pieces = {y: pl.DataFrame(cols) for y, cols in columns.items()}
    whole = pl.concat(list(pieces.values()), rechunk=False)
    return whole, {y: pieces[y] for y in present}


def _dated(
    path: Path,
    schema: ExportSchema,
    columns: list[str],
    config: Config,
    options: ReadOptions,
    year: int,
    scanned: tuple[pl.LazyFrame, SourceReport] | None = None,
) -> tuple[pl.LazyFrame, SourceReport]:
    """L'extraction ``path`` (ou, déjà lue, ``scanned``) restreinte à N-1 et N par sa date,
    avec son année ; les autres lignes sont écartées avec leur motif."""
    frame, source = scanned or scan_export(
        path, schema, columns=columns, config=config, options=options
    )
    frame = frame.with_columns(year_column("date"))
    kept, excluded = apply_exclusions(
        frame, [(f"date hors de {year - 1}-{year}", ~pl.col(YEAR).is_between(year - 1, year))]
    )
    for reason, count in excluded.items():
        source.exclude(reason, count)
    return kept.drop(LINE), source


def _requests(
    path: Path, config: Config, options: ReadOptions, year: int
) -> tuple[pl.LazyFrame, SourceReport]:
    """Les demandes ouvertes à un moment de N-1 ou de N, une ligne par demande et par année
    où elle est ouverte, avec ``nouvelle`` (ouverte cette année-là).

    Une demande est ouverte l'année Y si elle a été ouverte au plus tard en Y et n'a pas
    été close avant Y (clôture vide : toujours ouverte). Sans colonne « Date de clôture »,
    une demande ne compte que l'année de son ouverture, et c'est dit.
    """
    frame, source = scan_export(
        path, CLLAJ_REQUESTS, columns=["date_cloture"], config=config, options=options
    )
    opened = year_of(pl.col("date")).cast(pl.Int64)
    if "date_cloture" in source.absent:
        journal.current().warn(
            f"{path} : {source.lacking('date_cloture', 'Date de clôture')} : une demande ne "
            "compte que l'année de son ouverture (les demandes de l'année sont alors les "
            "nouvelles demandes)"
        )
        closed = opened
        too_old = f"ouverte avant {year - 1}"
    else:
        closed = year_of(pl.col("date_cloture")).cast(pl.Int64)
        too_old = f"close avant {year - 1}"
    kept, excluded = apply_exclusions(
        frame,
        [
            (
                "clôture avant l'ouverture",
                (pl.col("date_cloture") < pl.col("date")).fill_null(False),
            ),
            (f"demande ouverte après {year}", opened > year),
            (f"demande {too_old}", (closed < year - 1).fill_null(False)),
        ],
    )
    for reason, count in excluded.items():
        source.exclude(reason, count)
    kept = kept.drop(LINE)
    per_year = [
        kept.filter((opened <= y) & (closed.is_null() | (closed >= y))).with_columns(
            pl.lit(y, dtype=pl.Int64).alias(YEAR), (opened == y).alias("nouvelle")
        )
        for y in (year - 1, year)
    ]
    return pl.concat(per_year), source


#: l'année sur 16 bits, comme celle des jeunes (:func:`scan_youths`) : celle d'une date,
#: bornée par ``[limites] annee_max`` (au plus 9999) ; 2 octets par ligne au lieu de 8,
#: sur chaque ligne gardée (1 300 fois les fixtures : 10 M propositions, 80 → 20 Mo)
_COMPACT_YEAR = pl.col(YEAR).cast(pl.Int16)


#: l'ordre où elles sont construites : les entretiens (lus aussi pour les jeunes
#: accompagnés) et les plus petites d'abord, les propositions en dernier
_COLLECTED_ORDER = ("interviews", "requests", "rehousings", "proposals")


def load_activity(
    youths_path: Path,
    paths: dict[str, Path | None],
    config: Config,
    options: ReadOptions,
    *,
    year: int | None,
    release: Callable[[str], None] | None = None,
) -> Activity:
    """Lit les jeunes (obligatoires) et les extractions données de ``paths`` (demandes,
    propositions, relogements, entretiens).

    ``release`` est appelé avec le nom de chaque extraction (``"demandes"``…) dès que ce
    que l'activité en garde est construit : l'appelant qui sait qu'aucun autre calcul ne
    la lira peut en oublier la lecture (``tout`` : :meth:`gipkit.steps.Run.shared`), et
    sa mémoire sert aux extractions suivantes au lieu de s'y ajouter. Les extractions
    sont construites l'une après l'autre, la plus grosse d'ordinaire (les propositions)
    en dernier : 1 300 fois les fixtures, les lectures en mémoire des entretiens et des
    demandes (~0,17 Go) sont oubliées avant que les 10 M propositions ne se construisent.
    """
    # lue une fois, quand elle définit aussi les jeunes accompagnés
    seen = interviewed(config, paths.get("entretiens"), options)
    scanned_youths, source, year, everyone = scan_youths(
        youths_path, config, options, year=year, seen=seen[0] if seen else None
    )
    # les jeunes construits d'abord, une fois, puis joints à chaque extraction datée
    youths = scanned_youths.with_columns(
        (year_of(pl.col("date_premier_accueil")) == pl.col(YEAR)).fill_null(False).alias("nouveau"),
    ).collect()
    del scanned_youths
    # ce que les extractions datées joignent : chaque jeune de l'année, accompagné ou non
    # (``cllaj.jeune_accompagne = "entretien"`` : sans entretien dans l'année, sa demande
    # reste la sienne, et sa commune celle de l'extraction)
    profiles = youths if seen is None else everyone.collect()
    del everyone
    # la commune en Enum de ses valeurs, rangées dans l'ordre de leur texte (un octet par
    # ligne jusqu'à 256 communes, au lieu des 16 d'une vue de texte ou des 4 d'une
    # catégorie) : recopiée sur chaque ligne des extractions datées, puis regroupée par
    # chaque tableau par ville (1 300 fois les fixtures, 10 M propositions : 160 Mo de
    # vues de texte, 40 Mo en catégorie, 10 Mo ainsi)
    cities = profiles.get_column("ville").drop_nulls().unique().sort()
    youths = youths.with_columns(pl.col("ville").cast(pl.Enum(cities)))
    profiles = (
        youths if seen is None else profiles.with_columns(pl.col("ville").cast(pl.Enum(cities)))
    )
    sources = [source]
    # de chaque jeune, ce que lisent les tableaux de chaque extraction : la commune (par
    # ville), et ses ressources pour les demandes (part sous le seuil de pauvreté) ; les
    # heures d'entretiens n'en lisent rien. Chaque colonne jointe est recopiée sur
    # chaque ligne : toutes jointes à chaque extraction, `cllaj tout` sur 300 fois les
    # fixtures (239 Mo, 2,3 M propositions) montait à 1,4 Go
    residence = [YEAR, "jeune", "ville"]
    resources = [*residence, "ressources", "menage", "nb_enfants", "ressources_menage"]
    #: champ d'``Activity`` -> (extraction lue, ce que l'activité en garde)
    frames: dict[str, tuple[str, pl.LazyFrame]] = {}
    for field_, name, schema, columns, joined in (
        ("requests", "demandes", CLLAJ_REQUESTS, [], resources),
        ("proposals", "propositions", CLLAJ_PROPOSALS, [], residence),
        ("rehousings", "relogements", CLLAJ_REHOUSINGS, [], residence),
        ("interviews", "entretiens", CLLAJ_INTERVIEWS, ["duree"], None),
    ):
        path = paths.get(name)
        if path is None:
            continue
        if name == "demandes":
            frame, extra = _requests(path, config, options, year)
        else:
            scanned = seen if name == "entretiens" else None
            frame, extra = _dated(path, schema, columns, config, options, year, scanned)
        # gardées pour tous les tableaux de l'activité : l'année sur 16 bits, les types
        # en Enum de leurs codes (un octet par ligne au lieu des quatre d'une catégorie,
        # des 16 d'un texte), sans les dates, qui n'ont servi qu'à l'année — sauf celle
        # des entretiens, dont les heures sont comptées par l'année de leur date
        # (1 300 fois les fixtures : 10 M propositions, 231 → 131 Mo)
        frame = frame.with_columns(_COMPACT_YEAR, *as_enums(schema, frame.collect_schema().names()))
        if name != "entretiens":
            frame = frame.drop("date", "date_cloture", strict=False)
        if name == "propositions":
            kinds = frame.collect_schema()["type_proposition"]
            assert isinstance(kinds, pl.Enum)  # as_enums
            group = enum_mapped("type_proposition", kinds, PROPOSAL_GROUPS, "information", GROUPS)
            frame = frame.with_columns(group.alias("groupe"))
        if joined is not None:
            # ``_KNOWN`` marque les lignes d'un jeune de l'extraction des jeunes, le temps
            # de dire les autres (:func:`_say_strangers`)
            known = profiles.lazy().select(joined).with_columns(pl.lit(True).alias(_KNOWN))
            frame = frame.join(known, on=[YEAR, "jeune"], how="left")
        frames[field_] = (name, frame)
        sources.append(extra)
        del frame
    # plus rien ici ne tient la lecture des entretiens que leur tableau à construire
    seen = scanned = None
    if youths.is_empty():
        raise InvalidDataError(f"{youths_path} : aucun jeune accompagné en {year - 1}-{year}.")
    previous = year - 1 if (youths[YEAR] == year - 1).any() else None
    # chaque tableau découpé dès qu'il est construit, son original oublié à mesure : la
    # mémoire qu'il rend sert au suivant (découpés tous à la fin, les originaux rendus
    # ne servaient qu'aux copies : 1 300 fois les fixtures, +210 Mo à la fin du
    # chargement) ; les jeunes en dernier, que chaque extraction lit jusqu'à sa
    # construction
    split: dict[str, pl.DataFrame] = {}
    parts: dict[tuple[str, int], pl.DataFrame] = {}

    def cut(field_: str, frame: pl.DataFrame) -> None:
        split[field_], pieces = _split_by_year(frame)
        parts.update({(field_, y): piece for y, piece in pieces.items()})

    for field_ in sorted(frames, key=_COLLECTED_ORDER.index):
        name, lazy = frames.pop(field_)
        cut(field_, _say_strangers(lazy.collect(), paths[name], youths_path, profiles))
        del lazy
        if release is not None:
            release(name)
    # passés seuls au découpage, qui oublie chaque colonne de l'original à mesure
    last = [youths]
    del youths, profiles
    cut("youths", last.pop())
    return Activity(
        split["youths"],
        split.get("requests"),
        split.get("proposals"),
        split.get("rehousings"),
        split.get("interviews"),
        sources,
        year,
        previous,
        parts,
    )


#: la colonne qui marque, le temps de la lecture, les lignes d'un jeune connu
_KNOWN = "__jeune_connu"


def _say_strangers(
    frame: pl.DataFrame, path: Path | None, youths_path: Path, profiles: pl.DataFrame
) -> pl.DataFrame:
    """``frame`` sans sa colonne ``_KNOWN``, après avoir dit combien de jeunes de ses
    lignes manquent à l'extraction des jeunes de leur année (``profiles``,
    :func:`say_unmatched`) : leur commune et leurs ressources y sont inconnues. Seules
    comptent les années de l'extraction des jeunes : une autre (N-1 sans ligne de
    jeunes) n'est pas montrée par les tableaux."""
    if _KNOWN not in frame.columns:
        return frame
    registered = profiles.get_column(YEAR).unique()
    missing = (
        frame.filter(pl.col(_KNOWN).is_null() & pl.col(YEAR).is_in(registered.implode()))
        .select(YEAR, "jeune")
        .unique()
    )
    say_unmatched(
        missing,
        frame.lazy(),
        keys=[YEAR, "jeune"],
        who="jeunes",
        source=str(path),
        register=f"l'extraction des jeunes de leur année ({youths_path})",
        lost="leur commune et leurs ressources sont inconnues des tableaux",
        known=profiles,
    )
    return frame.drop(_KNOWN)


def _count(part: pl.DataFrame, condition: pl.Expr | None = None) -> int:
    return part.height if condition is None else int(part.select(condition.sum()).item())


def _values(data: Activity, name: str, condition: pl.Expr | None = None) -> dict[int, int]:
    """Les lignes de N-1 et de N de l'extraction ``name`` (donnée), qui remplissent
    ``condition``."""
    years = [y for y in (data.previous, data.year) if y is not None]
    parts = {y: data.of_year(name, y) for y in years}
    return {y: _count(part, condition) for y, part in parts.items() if part is not None}


def youths_by_year(frame: pl.DataFrame, condition: pl.Expr | None = None) -> dict[int, int]:
    """Jeunes distincts par année (N-1 et N), des lignes qui remplissent ``condition``."""
    part = frame if condition is None else frame.filter(condition)
    found = act.distinct_youths(part)
    return dict(zip(found[YEAR].to_list(), found["nb_jeunes"].to_list(), strict=True))


def activity(data: Activity, config: Config) -> list[Result]:
    """Nouveaux, accompagnés, demandes, propositions, heures, relogements ; tableaux par
    ville, par type de demande, relogements par type et ville, propositions et dossiers."""
    new = pl.col("nouveau")
    results: list[Result] = [
        scalar(
            data,
            "cllaj.activite.jeunes_accompagnes",
            "Jeunes accompagnés",
            "nombre",
            _values(data, "youths"),
            note="jeunes de l'extraction pour l'année (nouveaux et déjà suivis)",
        ),
        scalar(
            data,
            "cllaj.activite.nouveaux_jeunes",
            "Nouveaux jeunes accueillis",
            "nombre",
            _values(data, "youths", new),
            note="premier accueil dans l'année",
        ),
        scalar(
            data,
            "cllaj.activite.nouveaux_sans_abri",
            "Nouveaux jeunes sans abri",
            "nombre",
            _values(data, "youths", new & (pl.col("logement") == "sans_abri")),
        ),
        scalar(
            data,
            "cllaj.activite.nouveaux_structure_temporaire",
            "Nouveaux jeunes hébergés en structure temporaire",
            "nombre",
            _values(data, "youths", new & (pl.col("logement") == "structure_temporaire")),
            note="CHU, FJT, CHRS, résidence sociale ou étudiante",
        ),
        scalar(
            data,
            "cllaj.activite.nouveaux_sortants_ase",
            "Nouveaux jeunes sortants de l'ASE",
            "nombre",
            _values(data, "youths", new & pl.col("sortant_ase").fill_null(False)),
        ),
    ]
    for key, ident, label in (
        ("requests", "cllaj.activite.demandes", "Demandes"),
        ("proposals", "cllaj.activite.propositions", "Propositions"),
        ("rehousings", "cllaj.activite.relogements", "Relogements"),
    ):
        if getattr(data, key) is not None:
            results.append(scalar(data, ident, label, "nombre", _values(data, key)))
    if data.requests is not None:
        results.append(
            scalar(
                data,
                "cllaj.activite.nouvelles_demandes",
                "Nouvelles demandes",
                "nombre",
                _values(data, "requests", pl.col("nouvelle")),
                note="demandes ouvertes dans l'année",
            )
        )
    if data.rehousings is not None:
        results.append(
            scalar(
                data,
                "cllaj.activite.jeunes_reloges",
                "Jeunes relogés",
                "nombre",
                youths_by_year(data.rehousings),
                note="jeunes distincts : un jeune relogé deux fois dans l'année compte une fois",
            )
        )
    if data.proposals is not None:
        labels = {c.code: c.label for c in PROPOSAL_KINDS}
        results.append(
            scalar(
                data,
                "cllaj.activite.jeunes_priorite",
                "Jeunes accompagnés dans la reconnaissance de leur priorité",
                "nombre",
                youths_by_year(data.proposals, pl.col("type_proposition").is_in(PRIORITY_KINDS)),
                note="jeunes distincts ayant un dossier de priorité dans l'année : "
                + ", ".join(labels[k] for k in PRIORITY_KINDS),
            )
        )
    if data.interviews is not None:
        hours = act.interview_hours(
            data.interviews, default_minutes=config.cllaj.duree_entretien_minutes
        )
        values = dict(zip(hours[YEAR].to_list(), hours["heures"].to_list(), strict=True))
        missing = dict(zip(hours[YEAR].to_list(), hours["nb_sans_duree"].to_list(), strict=True))
        results.append(
            scalar(
                data,
                "cllaj.activite.heures_entretiens",
                "Heures d'entretiens individuels",
                "heures",
                values,
                note=f"somme des durées ; {missing.get(data.year, 0)} entretien(s) sans durée "
                f"compté(s) {config.cllaj.duree_entretien_minutes:g} min",
            )
        )
    results.append(with_previous(data, lambda y: _by_city(data, y)))
    if data.requests is not None or data.proposals is not None:
        results.append(with_previous(data, lambda y: _by_request_kind(data, y)))
    if data.rehousings is not None:
        results.append(with_previous(data, lambda y: _rehousings(data, y)))
    if data.requests is not None or data.proposals is not None:
        results.append(with_previous(data, lambda y: _by_city_and_kind(data, y)))
    if data.proposals is not None:
        results.append(with_previous(data, lambda y: _proposals(data, y, dossiers=False)))
        results.append(with_previous(data, lambda y: _proposals(data, y, dossiers=True)))
        results.append(with_previous(data, lambda y: _dossiers_by_city(data, y)))
        results.append(with_previous(data, lambda y: _advice_and_orientations(data, y)))
    return results


def _city(value: Any) -> str:
    return UNKNOWN if value is None else str(value)


def _by_city_and_kind(data: Activity, year: int) -> Table:
    """Focus par ville : pour chaque type de demande, demandes, jeunes concernés, part des
    demandes de la ville, propositions par groupe, relogements."""
    found = act.city_kind_activity(data.of_year("requests", year), data.of_year("proposals", year))
    columns = [Column("ville_type", "Ville / type de demande", "texte")]
    if data.requests is not None:
        columns += [
            Column("demandes", "Demandes", additive=True),
            Column("nouvelles", "dont nouvelles demandes", additive=True),
            # une part par ville (leur somme fait 100 % ville par ville, pas sur le tableau)
            Column("part_ville", "Part des demandes de la ville", "taux", base="demandes"),
            Column("jeunes", "Jeunes concernés"),
        ]
    if data.proposals is not None:
        columns += [
            Column("propositions", "Propositions", additive=True),
            Column("information", "dont informations et conseils", additive=True),
            Column("orientation", "dont orientations", additive=True),
            Column("dossier", "dont dossiers constitués", additive=True),
        ]
    rehoused: dict[tuple[Any, Any], int] = {}
    rehousings = data.of_year("rehousings", year)
    if rehousings is not None:
        columns.append(Column("relogements", "Relogements", additive=True))
        grouped = rehousings.group_by("ville", "type_logement").len()
        for r in grouped.iter_rows(named=True):
            rehoused[(r["ville"], r["type_logement"])] = int(r["len"])
    ids = [c.id for c in columns[1:]]
    requests = data.of_year("requests", year)
    people = (
        None
        if requests is None
        else requests.group_by("ville").agg(pl.col("jeune").n_unique().alias("n"))
    )
    city_youths = (
        {}
        if people is None
        else dict(zip(people["ville"].to_list(), people["n"].to_list(), strict=True))
    )
    rows: list[list[Any]] = []
    subtotals: list[str] = []
    cities = sorted({r["ville"] for r in found.iter_rows(named=True)}, key=lambda v: (v is None, v))
    for city in cities:
        part = {r["type_demande"]: r for r in found.iter_rows(named=True) if r["ville"] == city}
        lines: list[list[Any]] = []
        for code in REQUEST_CODES:
            found_row = part.get(code)
            line: list[Any] = [f"{_city(city)} / {REQUEST_LABELS[code]}"]
            for i in ids:
                if i == "relogements":
                    answer = ANSWERS.get(code)
                    line.append(rehoused.get((city, answer), 0) if answer else 0)
                elif i == "part_ville":
                    line.append(None if found_row is None else found_row["part_ville"])
                else:
                    line.append(0 if found_row is None else int(found_row[i]))
            lines.append(line)
        head: list[Any] = [_city(city)]
        for k, i in enumerate(ids, start=1):
            if i == "part_ville":
                head.append(1.0 if any(line[k - 1] for line in lines) else None)
            elif i == "jeunes":
                head.append(city_youths.get(city, 0))
            else:
                head.append(sum(line[k] for line in lines))
        rows.append(head)
        subtotals.append(head[0])
        rows.extend(lines)
    total: list[Any] = ["Total"]
    for k, i in enumerate(ids, start=1):
        if i == "part_ville":
            total.append(None)
        elif i == "jeunes":
            total.append(sum(city_youths.values()) if city_youths else None)
        else:
            total.append(sum(row[k] for row in rows if row[0] in subtotals))
    return Table(
        "cllaj.activite.par_ville_type_demande",
        "Activité par ville et type de demande",
        year,
        columns,
        rows,
        total,
        [
            "ville du jeune (extraction des jeunes de l'année) ; jeunes concernés : jeunes "
            "distincts ayant au moins une demande du type (un jeune peut en faire plusieurs) ; "
            "relogements : type de logement qui répond au type de demande"
        ],
        subtotals=subtotals,
    )


def _pivot_by_kind(frame: pl.DataFrame, key: str) -> dict[Any, list[int]]:
    """``key`` -> effectifs par type de demande (ordre de REQUEST_CODES)."""
    grouped = frame.group_by(key, "type_demande").len()
    out: dict[Any, list[int]] = {}
    for r in grouped.iter_rows(named=True):
        if r["type_demande"] in REQUEST_CODES:
            counts = out.setdefault(r[key], [0] * len(REQUEST_CODES))
            counts[REQUEST_CODES.index(r["type_demande"])] += int(r["len"])
    return out


def _kind_columns(first: Column) -> list[Column]:
    return [
        first,
        *[Column(code, REQUEST_LABELS[code], additive=True) for code in REQUEST_CODES],
        Column("total", "Total", additive=True),
    ]


def _natures_by_group(
    groups: Sequence[tuple[str, pl.DataFrame]],
) -> tuple[list[list[Any]], list[str], list[int]]:
    """Les lignes d'un tableau de propositions par nature et type de demande, groupe par
    groupe : une ligne de sous-total par groupe (« Ivry-sur-Seine », « Orientations… »),
    puis une ligne par nature (« groupe / nature ») dans l'ordre de la nomenclature ;
    chaque ligne : effectifs par type de demande, puis leur total. Rend aussi les
    sous-totaux et la ligne Total (somme des sous-totaux)."""
    order = [c.code for c in PROPOSAL_KINDS]
    labels = {c.code: c.label for c in PROPOSAL_KINDS}
    rows: list[list[Any]] = []
    subtotals: list[str] = []
    for name, frame in groups:
        counts = _pivot_by_kind(frame, "type_proposition")
        head = [sum(c[i] for c in counts.values()) for i in range(len(REQUEST_CODES))]
        rows.append([name, *head, sum(head)])
        subtotals.append(name)
        for code in sorted(counts, key=lambda c: order.index(c) if c in order else len(order)):
            values = counts[code]
            rows.append([f"{name} / {labels.get(code, code)}", *values, sum(values)])
    totals = [
        sum(r[i] for r in rows if r[0] in subtotals) for i in range(1, len(REQUEST_CODES) + 2)
    ]
    return rows, subtotals, totals


def _dossiers_by_city(data: Activity, year: int) -> Table:
    """Dossiers constitués par ville du jeune, nature et type de demande."""
    proposals = data.of_year("proposals", year)
    assert proposals is not None
    part = proposals.filter(pl.col("groupe") == "dossier")
    # les villes distinctes, non la colonne entière en objets Python (1 300 fois les
    # fixtures : plus d'un million de dossiers)
    cities = sorted(part["ville"].unique().to_list(), key=lambda v: (v is None, v))
    rows, subtotals, totals = _natures_by_group(
        [(_city(city), part.filter(pl.col("ville").eq_missing(city))) for city in cities]
    )
    return Table(
        "cllaj.activite.dossiers_par_ville",
        "Dossiers constitués par ville, nature et type de demande",
        year,
        _kind_columns(Column("ville_nature", "Ville / nature du dossier", "texte")),
        rows,
        ["Total", *totals],
        ["ville du jeune (extraction des jeunes de l'année)"],
        subtotals=subtotals,
    )


def _advice_and_orientations(data: Activity, year: int) -> Table:
    """Informations, conseils et orientations par nature, avec la part de chaque nature
    dans son groupe (tous types de demande)."""
    part = data.of_year("proposals", year)
    assert part is not None
    rows, subtotals, totals = _natures_by_group(
        [
            (name, part.filter(pl.col("groupe") == group))
            for group, name in (
                ("information", "Informations et conseils"),
                ("orientation", "Orientations vers les lieux ressources"),
            )
        ]
    )
    # part de chaque nature dans son groupe : le sous-total qui la précède
    size = 0
    for row in rows:
        if row[0] in subtotals:
            size = row[-1]
            row.append(1.0 if size else None)
        else:
            row.append(row[-1] / size)
    return Table(
        "cllaj.activite.informations_orientations",
        "Informations, conseils et orientations par nature",
        year,
        [
            *_kind_columns(Column("groupe_nature", "Groupe / nature", "texte")),
            # une part par groupe (100 % groupe par groupe, pas sur le tableau)
            Column("part_groupe", "Part dans le groupe", "taux", base="total"),
        ],
        rows,
        ["Total", *totals, None],
        [
            "part dans le groupe : tous types de demande réunis ; les dossiers constitués "
            "sont détaillés à part"
        ],
        subtotals=subtotals,
    )


def _city_counts(part: pl.DataFrame, name: str) -> pl.DataFrame:
    return part.group_by("ville").agg(pl.len().cast(pl.Int64).alias(name))


def _by_city(data: Activity, year: int) -> Table:
    youths = data.of_year("youths", year)
    assert youths is not None
    table = youths.group_by("ville").agg(
        pl.col("nouveau").sum().cast(pl.Int64).alias("nouveaux"),
        pl.len().cast(pl.Int64).alias("accompagnes"),
    )
    columns = [
        Column("ville", "Ville", "texte"),
        Column("nouveaux", "Nouveaux jeunes", additive=True),
        Column("accompagnes", "Jeunes accompagnés", additive=True),
    ]
    for key, name, label in (
        ("requests", "demandes", "Demandes"),
        ("proposals", "propositions", "Propositions"),
        ("rehousings", "relogements", "Relogements"),
    ):
        part = data.of_year(key, year)
        if part is None:
            continue
        table = table.join(
            _city_counts(part, name), on="ville", how="full", coalesce=True, nulls_equal=True
        )
        columns.append(Column(name, label, additive=True))
    table = table.fill_null(0).sort("ville", nulls_last=True) if table.height else table
    ids = [c.id for c in columns[1:]]
    rows = [
        [UNKNOWN if r["ville"] is None else r["ville"], *[int(r[i]) for i in ids]]
        for r in table.iter_rows(named=True)
    ]
    return Table(
        "cllaj.activite.par_ville",
        "Activité par ville",
        year,
        columns,
        rows,
        ["Total", *[int(table[i].sum()) for i in ids]],
        ["ville du jeune (extraction des jeunes de l'année)"],
    )


def _by_request_kind(data: Activity, year: int) -> Table:
    columns = [Column("type_demande", "Type de demande", "texte")]
    counts: dict[str, dict[str, int]] = {}
    for key, name, label, by in (
        ("requests", "demandes", "Demandes", "type_demande"),
        ("proposals", "propositions", "Propositions", "type_demande"),
        ("rehousings", "relogements", "Relogements", "type_logement"),
    ):
        part = data.of_year(key, year)
        if part is None:
            continue
        grouped = part.group_by(by).len()
        found = dict(zip(grouped[by].to_list(), grouped["len"].to_list(), strict=True))
        if key == "rehousings":
            found = {kind: found.get(answer, 0) for kind, answer in ANSWERS.items()}
        counts[name] = {k: int(v) for k, v in found.items() if k is not None}
        columns.append(Column(name, label, additive=key != "rehousings"))
        if key == "requests":
            columns.append(Column("part_demandes", "Part des demandes", "part", base="demandes"))
            fresh = part.filter(pl.col("nouvelle")).group_by(by).len()
            counts["nouvelles_demandes"] = {
                k: int(v)
                for k, v in zip(fresh[by].to_list(), fresh["len"].to_list(), strict=True)
                if k is not None
            }
            columns.append(Column("nouvelles_demandes", "Nouvelles demandes", additive=True))
            columns.append(
                Column(
                    "part_nouvelles",
                    "Part des nouvelles demandes",
                    "part",
                    base="nouvelles_demandes",
                )
            )
    shares = {"part_demandes": "demandes", "part_nouvelles": "nouvelles_demandes"}
    sums = {name: sum(counts.get(name, {}).values()) for name in shares.values()}
    rows = []
    for code in REQUEST_CODES:
        row: list[Any] = [REQUEST_LABELS[code]]
        for column in columns[1:]:
            if column.id in shares:
                name = shares[column.id]
                n = counts[name].get(code, 0)
                row.append(n / sums[name] if sums[name] else None)
            else:
                row.append(counts[column.id].get(code, 0))
        rows.append(row)
    total: list[Any] = ["Total"]
    for column in columns[1:]:
        if column.id in shares:
            total.append(1.0 if sums[shares[column.id]] else None)
        elif column.additive:
            total.append(sum(counts[column.id].values()))
        else:
            total.append(None)
    return Table(
        "cllaj.activite.par_type_demande",
        "Demandes, propositions et relogements par type de demande",
        year,
        columns,
        rows,
        total,
        [
            "un jeune peut faire plusieurs demandes ; une proposition répond à un type de "
            "demande ; relogés : parc social, logement temporaire ou CHRS, parc privé"
        ],
    )


def _rehousings(data: Activity, year: int) -> Table:
    part = data.of_year("rehousings", year)
    assert part is not None
    codes = [c.code for c in REHOUSING_KINDS]
    labels = {c.code: c.label for c in REHOUSING_KINDS}
    grouped = (
        part.group_by("type_logement", "ville")
        .len()
        .sort(declared_order("type_logement", codes), "ville", nulls_last=True)
    )
    rows: list[list[Any]] = []
    subtotals: list[str] = []
    for (kind,), sub in grouped.group_by("type_logement", maintain_order=True):
        name = labels.get(str(kind), UNKNOWN)
        rows.append([name, int(sub["len"].sum())])
        subtotals.append(name)
        for r in sub.iter_rows(named=True):
            city = UNKNOWN if r["ville"] is None else r["ville"]
            rows.append([f"{name} / {city}", int(r["len"])])
    return Table(
        "cllaj.activite.relogements_par_type",
        "Relogements par type de logement et par ville",
        year,
        [
            Column("type_logement", "Type de logement / ville du jeune", "texte"),
            Column("relogements", "Relogements", additive=True),
        ],
        rows,
        ["Total", part.height],
        ["ville du jeune (extraction des jeunes de l'année)"],
        subtotals=subtotals,
    )


def _proposals(data: Activity, year: int, *, dossiers: bool) -> Table:
    part = data.of_year("proposals", year)
    assert part is not None
    key = "type_proposition" if dossiers else "groupe"
    if dossiers:
        part = part.filter(pl.col("groupe") == "dossier")
    order = (
        [c.code for c in PROPOSAL_KINDS] if dossiers else ["information", "orientation", "dossier"]
    )
    labels = (
        {c.code: c.label for c in PROPOSAL_KINDS}
        if dossiers
        else {
            "information": "Informations et conseils",
            "orientation": "Orientations",
            "dossier": "Dossiers constitués",
        }
    )
    wide = (
        part.pivot(
            on="type_demande", index=key, values="jeune", aggregate_function="len"
        ).fill_null(0)
        if part.height
        else pl.DataFrame(schema={key: pl.String})
    )
    wide = wide.sort(declared_order(key, order))
    rows = []
    for r in wide.iter_rows(named=True):
        values = [int(r.get(code) or 0) for code in REQUEST_CODES]
        rows.append([labels.get(r[key], r[key]), *values, sum(values)])
    totals = [sum(row[i] for row in rows) for i in range(1, len(REQUEST_CODES) + 2)]
    ident = "cllaj.activite.dossiers" if dossiers else "cllaj.activite.propositions_par_nature"
    label = (
        "Dossiers constitués par nature et type de demande"
        if dossiers
        else "Propositions par nature et type de demande"
    )
    return Table(
        ident,
        label,
        year,
        [
            Column(key, "Nature", "texte"),
            *[Column(code, REQUEST_LABELS[code], additive=True) for code in REQUEST_CODES],
            Column("total", "Total", additive=True),
        ],
        rows,
        ["Total", *totals],
        ["dossiers : NUR, mises à jour, DALO, SYPLO, PDALHPD, VISALE, SIAO, candidatures…"]
        if dossiers
        else ["informations et conseils, orientations vers les lieux ressources, dossiers"],
    )


def _euros(amount: float) -> str:
    """« 1 800 € » (espace fine insécable entre les milliers)."""
    return f"{amount:,.0f} €".replace(",", "\u202f")


def poverty_by_request(data: Activity, config: Config) -> Table:
    """Part des demandes faites par des jeunes sous le seuil de pauvreté, par type.

    Rapport 2025 : « 66 % des demandes de logement social et 70 % des demandes de
    résidences sociales pour jeunes actifs sont formulées par des jeunes disposant de
    ressources inférieures au seuil de pauvreté » ; parc privé : 39 %, dont 33 % au-dessus
    de 1 800 € et 22 % au-dessus de 2 300 €. Unité : la demande (un jeune qui en fait deux
    compte deux fois) ; ressources du jeune pour l'année (à l'entrée) ; une demande d'un
    jeune sans ressources renseignées ne compte pas.
    """
    assert data.requests is not None
    bounds = config.cllaj.tranches_revenus

    def one(year: int) -> Table:
        threshold, _ = threshold_of(config, year)
        of_year = data.of_year("requests", year)
        assert of_year is not None
        # seuil selon cllaj.pauvrete ; les tranches restent sur les ressources du jeune
        poor, units, _ = poverty_frame(
            of_year.with_columns(pl.col("ressources").alias("personnelles")), config, warn=False
        )
        cut = pl.lit(threshold) if units is None else threshold * pl.col(units)
        part = poor.filter(
            pl.col("personnelles").is_not_null()
            & (pl.lit(True) if units is None else pl.col(units).is_not_null())
        ).with_columns((pl.col("ressources") < cut).alias("sous_seuil"))
        grouped = part.group_by("type_demande").agg(
            pl.len().cast(pl.Int64).alias("nb"),
            pl.col("sous_seuil").sum().cast(pl.Int64).alias("sous"),
            *[
                (pl.col("personnelles") >= b).sum().cast(pl.Int64).alias(f"plus_{i}")
                for i, b in enumerate(bounds)
            ],
        )
        found = {r["type_demande"]: r for r in grouped.iter_rows(named=True)}

        def line(name: str, r: dict[str, Any] | None) -> list[Any]:
            n = r["nb"] if r else 0
            below = r["sous"] if r else 0
            shares = [(r[f"plus_{i}"] / n) if r and n else None for i in range(len(bounds))]
            return [name, n, below, below / n if n else None, *shares]

        rows = [line(REQUEST_LABELS[c], found.get(c)) for c in REQUEST_CODES]
        everything = part.select(
            pl.len().alias("nb"),
            pl.col("sous_seuil").sum().alias("sous"),
            *[(pl.col("personnelles") >= b).sum().alias(f"plus_{i}") for i, b in enumerate(bounds)],
        ).row(0, named=True)
        return Table(
            "cllaj.ressources.par_type_demande",
            "Demandes faites par des jeunes sous le seuil de pauvreté, par type",
            year,
            [
                Column("type_demande", "Type de demande", "texte"),
                Column("demandes", "Demandes (ressources renseignées)", additive=True),
                Column("sous_seuil", "Sous le seuil", additive=True),
                Column("part", "Part sous le seuil", "taux"),
                *[
                    Column(
                        f"part_plus_{int(b)}",
                        f"Part à {_euros(b)} ou plus",
                        "taux",
                        base="demandes",
                    )
                    for b in bounds
                ],
            ],
            rows,
            line("Total", everything),
            [
                f"seuil : {threshold:g} € par mois"
                + (" × unités de consommation du ménage" if units else ", personne seule")
                + " ; une ligne par demande"
            ],
        )

    return with_previous(data, one)
