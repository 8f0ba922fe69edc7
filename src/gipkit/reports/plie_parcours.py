"""Documents des parcours du PLIE (``plie.participants.*``, ``plie.parcours.*``,
``plie.profil.*``, ``plie.metiers.*``) et profil des personnes passées en SIAE.

Lit l'extraction des participants du logiciel de parcours (une ligne par parcours). Les
attributs d'une personne (sexe, âge, niveau, ressources…) sont ceux de son parcours le
plus récent de l'année ; l'âge est l'âge au 31 décembre.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

import polars as pl

from gipkit import journal
from gipkit.config import Config
from gipkit.errors import GipkitError, ParameterError
from gipkit.indicators import plie as siae_ind
from gipkit.indicators import plie_parcours as ind
from gipkit.indicators.common import YEAR, age_at, age_band, age_band_labels, year_of
from gipkit.io.exports.ml import HIGHER_EDUCATION
from gipkit.io.exports.plie import (
    EMPLOYABILITY,
    EMPLOYABILITY_GROUPS,
    PLIE_EXITS,
    PLIE_PARTICIPANTS,
    PRESCRIBERS,
)
from gipkit.io.reader import scan_export
from gipkit.io.source import LINE, ReadOptions, SourceReport
from gipkit.reports.common import (
    dated_periods,
    declared_order,
    period_years,
    previous_of_periods,
    scalar,
    share_table,
    with_previous,
)
from gipkit.reports.plie import KEY, KEY_LABELS, KEYS, PlieApplications
from gipkit.results import MEAN, Column, Result, Scalar, Table

UNKNOWN = "Non renseigné"
COLUMNS = [
    "sexe",
    "date_naissance",
    "ville",
    "qpv",
    "poche_pauvrete",
    "niveau",
    "ressources",
    "rsa",
    "prescripteur",
    "referent",
    "date_sortie",
    "situation_sortie",
    "categorie",
    "metier_souhaite",
]
LEVEL_GROUPS = {
    "Sans diplôme": ("sans_diplome",),
    "CAP-BEP": ("cap_bep",),
    "BAC": ("bac_non_valide", "bac"),
    "BAC+2 et plus": HIGHER_EDUCATION,
}


@dataclass
class Participants:
    """Les parcours qui touchent N-1 ou N, le bilan de lecture, N et N-1."""

    frame: pl.DataFrame
    source: SourceReport
    year: int
    previous: int | None
    #: personnes de chaque année (``people_of``), calculées une fois pour tous les tableaux
    people: dict[tuple[int, tuple[int, ...]], pl.DataFrame] = field(default_factory=dict)
    #: l'histoire année par année depuis la première entrée du fichier (tous ses parcours)
    history: pl.DataFrame | None = None


def load_participants(
    path: Path,
    config: Config,
    options: ReadOptions,
    *,
    year: int | None,
    key: str | None = None,
    with_history: bool = True,
    ahead: HistoryAhead | None = None,
) -> Participants:
    """Lit les parcours ; écarte, avec leur motif, ceux finis avant N-1 ou commencés après N.

    ``with_history`` : calcule aussi l'histoire depuis la création (tous les parcours, du
    même tableau lu) ; inutile au profil des personnes passées en SIAE. ``ahead`` :
    l'histoire déjà calculée, avant que N ne soit connue (:func:`history_ahead`) ; ses
    années jusqu'à N sont reprises si elle va jusque-là, sinon l'histoire est calculée
    ici."""
    extra: list[str] = []
    if key is not None:
        columns = KEYS[key][0]
        extra = list(columns)
    frame, source = scan_export(
        path, PLIE_PARTICIPANTS, columns=[*COLUMNS, *extra], config=config, options=options
    )

    kept, year, entries = dated_periods(
        frame, path, year, source, noun="parcours", years=ahead.years if ahead else None
    )
    kept = kept.drop(LINE).with_columns(ind.rome_sector(pl.col("metier_souhaite")).alias("secteur"))
    if key is not None:
        kept = kept.with_columns(KEYS[key][1]().alias(KEY))
    # l'histoire porte sur tous les parcours, même finis avant N-1 ; elle se calcule à
    # l'appel (:func:`ind.history` : un tableau compact des parcours, puis année par
    # année), d'une lecture à part des colonnes qu'elle lit
    first = min(entries) if entries else year
    past = None
    if with_history and first <= year:
        past = _history_until(ahead, first, year)
        if past is None:
            past = ind.history(frame, years=range(first, year + 1)).collect()
    collected = kept.collect()
    if key is not None and collected.height and collected[KEY].null_count() == collected.height:
        raise ParameterError(
            f"{path} : aucun participant n'a de {KEY_LABELS[key]} : la jointure avec les "
            f"candidatures par --cle {key} est impossible.",
            details=[
                "ajoutez la colonne à l'extraction des participants (voir "
                "docs/formats/plie.participants.md), ou lancez la commande sans les "
                "participants"
            ],
        )
    previous = previous_of_periods(collected, year)
    return Participants(collected, source, year, previous, history=past)


@dataclass(frozen=True)
class HistoryAhead:
    """L'histoire calculée d'avance (:func:`history_ahead`), et les années d'entrée et de
    sortie présentes des parcours (:func:`period_years`), comptées pour elle et reprises
    pour choisir N (:func:`load_participants`)."""

    frame: pl.DataFrame
    years: tuple[dict[int, int], dict[int, int]]


def history_ahead(path: Path, config: Config, options: ReadOptions) -> HistoryAhead | None:
    """L'histoire depuis la création (:func:`ind.history`), de la première année d'entrée à
    la dernière année présente (d'entrée ou de sortie), avant que N ne soit connue : elle
    n'en dépend pas — une année compte les mêmes personnes, quelle que soit la dernière
    année calculée (propriété testée) —, ni de la clé de la jointure avec les
    candidatures. Dans un ``tout``, elle se calcule ainsi pendant que le classeur des
    candidatures, qui donne N et la clé, se lit encore ; :func:`load_participants`
    (``ahead``) en reprend les années jusqu'à N.

    ``None`` si les parcours ne se lisent pas : leur lecture sera refaite, et son erreur
    dite, à son tour (après celle des candidatures) ; ou s'ils n'ont aucune date
    d'entrée."""
    try:
        frame, _ = scan_export(
            path, PLIE_PARTICIPANTS, columns=COLUMNS, config=config, options=options
        )
    except GipkitError:
        return None
    years = period_years(frame)
    entries, exits = years
    if not entries:
        return None
    last = max([*entries, *exits])
    past = ind.history(frame, years=range(min(entries), last + 1)).collect()
    return HistoryAhead(past, years)


def _history_until(ahead: HistoryAhead | None, first: int, year: int) -> pl.DataFrame | None:
    """Les années ``first`` à ``year`` de l'histoire calculée d'avance
    (:func:`history_ahead`), ou ``None`` si elle ne commence pas à ``first`` ou s'arrête
    avant ``year``."""
    if ahead is None or ahead.frame.is_empty():
        return None
    years = ahead.frame[YEAR]
    if years.min() != first or cast(int, years.max()) < year:
        return None
    return ahead.frame.filter(pl.col(YEAR) <= year)


def people_of(data: Participants, year: int, config: Config) -> pl.DataFrame:
    """Une ligne par personne suivie dans l'année : son parcours le plus récent, avec
    ``entrant`` (un parcours commencé dans l'année), l'âge au 31/12 et sa tranche."""
    bounds = config.plie.tranches_age
    key = (year, tuple(bounds))
    if key not in data.people:
        data.people[key] = _people(data.frame, year, bounds)
    return data.people[key]


def _people(frame: pl.DataFrame, year: int, bounds: Sequence[int]) -> pl.DataFrame:
    touching = frame.filter(ind.touches(year))
    entrants = touching.filter(year_of(pl.col("date_entree")) == year).select("participant")
    return (
        touching.sort("date_entree", maintain_order=True)
        .unique("participant", keep="last", maintain_order=True)
        .with_columns(
            pl.col("participant").is_in(entrants["participant"].implode()).alias("entrant"),
            age_at(pl.col("date_naissance"), date(year, 12, 31)).alias("age"),
        )
        .with_columns(age_band(pl.col("age"), bounds, age_band_labels(bounds)).alias("tranche_age"))
    )


def _years(data: Participants) -> list[int]:
    return [y for y in (data.previous, data.year) if y is not None]


def participants(
    data: Participants, config: Config, *, waiting: int | None, exits_only: bool
) -> list[Result]:
    """File active, référents et capacité, villes, prescripteurs, sorties, durée, typologie,
    profil, métiers souhaités."""
    settings = config.plie
    years = _years(data)
    file = ind.active_file(data.frame, years=years)

    def of(frame: pl.DataFrame, column: str) -> dict[int, Any]:
        return dict(zip(frame[YEAR].to_list(), frame[column].to_list(), strict=True))

    referents = {
        y: data.frame.filter(ind.open_on_31_12(y))["referent"].drop_nulls().n_unique()
        for y in years
    }
    open_now = of(file, "nb_31_12")
    load = {y: open_now[y] / referents[y] for y in years if referents[y]}
    capacity = {y: settings.capacite_par_referent * referents[y] for y in years}
    results: list[Result] = [
        scalar(
            data,
            "plie.participants.suivis",
            "Personnes suivies",
            "nombre",
            of(file, "nb_suivis"),
            note="personnes dont un parcours touche l'année",
        ),
        scalar(
            data,
            "plie.participants.entrees",
            "Entrées en parcours",
            "nombre",
            of(file, "nb_entrees"),
        ),
        scalar(
            data,
            "plie.participants.sorties",
            "Sorties de parcours",
            "nombre",
            of(file, "nb_sorties"),
        ),
        scalar(
            data,
            "plie.participants.en_parcours_31_12",
            "Personnes en parcours au 31 décembre",
            "nombre",
            open_now,
        ),
        Scalar(
            "plie.participants.capacite_postes",
            f"Capacité à {settings.postes_referents} postes de référents",
            "nombre",
            data.year,
            settings.capacite_par_referent * settings.postes_referents,
            note="clés plie.postes_referents et plie.capacite_par_referent",
        ),
    ]
    # sans colonne « Référent » renseignée, pas de faux zéro : ces résultats manquent
    if data.frame["referent"].is_not_null().any():
        results += [
            scalar(
                data,
                "plie.participants.referents_actifs",
                "Référents actifs au 31 décembre",
                "nombre",
                referents,
                note="référents distincts des parcours en cours au 31/12",
            ),
            scalar(
                data,
                "plie.participants.charge_par_referent",
                "Personnes par référent au 31 décembre",
                "ratio",
                load,
                missing=None,
                note=f"capacité : {settings.capacite_par_referent} par référent (clé "
                "plie.capacite_par_referent)",
            ),
            scalar(
                data,
                "plie.participants.capacite_referents_actifs",
                "Capacité des référents actifs",
                "nombre",
                capacity,
                note=f"{settings.capacite_par_referent} × référents actifs",
            ),
            scalar(
                data,
                "plie.participants.taux_occupation",
                "Personnes en parcours rapportées à la capacité des référents actifs",
                "ratio",
                {y: open_now[y] / capacity[y] for y in years if capacity[y]},
                missing=None,
                note="au-dessus de 1 : référents au-delà de leur capacité",
            ),
        ]
    if waiting is not None:
        results.append(
            Scalar(
                "plie.participants.file_attente",
                "Personnes en file d'attente",
                "nombre",
                data.year,
                waiting,
                note="donnée saisie (--file-attente)",
            )
        )
    results += _cities_and_prescribers(data, config)
    results.append(_quarters(data))
    results += _exits_and_duration(data, config, exits_only=exits_only)
    results += _typology(data, config)
    results += _profile(data, config)
    results.append(_wished_jobs(data, config))
    results += _history(data, config)
    return results


def _history(data: Participants, config: Config) -> list[Result]:
    """Personnes accompagnées depuis la création ; part des femmes et âge moyen à l'entrée
    année par année.

    Depuis la création : il faut que l'extraction remonte à l'année de création du PLIE
    (``plie.annee_creation``) ; si elle commence après, le cumul serait faux : il n'est pas
    donné, et c'est dit. Sans ``plie.annee_creation``, le cumul part de la première entrée
    du fichier et son libellé le dit.
    """
    frame = data.history
    if frame is None or frame.is_empty():
        return []
    first = int(frame["annee"].min())  # type: ignore[arg-type]
    created = config.plie.annee_creation
    results: list[Result] = []
    cumul = dict(zip(frame["annee"].to_list(), frame["cumul"].to_list(), strict=True))
    if created is not None and first > created:
        journal.current().warn(
            f"l'extraction des participants commence en {first}, après la création du PLIE "
            f"({created}, clé plie.annee_creation) : les personnes accompagnées depuis la "
            "création ne sont pas calculées"
        )
    else:
        if created is None:
            journal.current().warn(
                f"plie.annee_creation non déclarée : les personnes accompagnées sont comptées "
                f"depuis la première entrée du fichier ({first}), peut-être après la création"
            )
        since = created if created is not None else first
        results.append(
            scalar(
                data,
                "plie.historique.personnes_depuis_creation",
                f"Personnes accompagnées depuis {since}"
                + (" (création du PLIE)" if created is not None else ""),
                "nombre",
                cumul,
                note="personnes distinctes entrées en parcours au plus tard le 31 décembre"
                + (
                    ""
                    if created is not None
                    else " ; première entrée du fichier : déclarez plie.annee_creation pour "
                    "vérifier que l'extraction remonte à la création"
                ),
            )
        )
    rows = [
        [
            str(r["annee"]),
            r["personnes"],
            r["entrants"],
            r["cumul"],
            r["part_femmes"],
            r["age_moyen"],
            r["part_sans_diplome"],
            r["part_spontanes"],
            r["part_ft_departement"],
            r["part_rsa"],
        ]
        for r in frame.iter_rows(named=True)
    ]
    results.append(
        Table(
            "plie.historique.par_annee",
            f"Le PLIE année par année depuis {first}",
            data.year,
            [
                Column("annee", "Année", "texte"),
                Column("personnes", "Personnes accompagnées"),
                Column("entrants", "Entrants"),
                Column("cumul", "Personnes accompagnées depuis le début", counts=False),
                Column("part_femmes", "Part des femmes", "taux", base="personnes"),
                Column("age_moyen", "Âge moyen", "valeur", shown=MEAN),
                Column("part_sans_diplome", "Part sans diplôme", "taux", base="personnes"),
                Column("part_spontanes", "Entrants en accueil spontané", "taux", base="entrants"),
                Column(
                    "part_ft_departement",
                    "Entrants orientés par France Travail ou le Département",
                    "taux",
                    base="entrants",
                ),
                Column("part_rsa", "Entrants au RSA (actuel ou passé)", "taux", base="entrants"),
            ],
            rows,
            None,
            [
                "personnes dont un parcours touche l'année (une fois chacune, avec son dernier "
                "parcours) ; âge au 31 décembre ; tous les parcours du fichier, même finis "
                "avant N-1",
                "parts des entrants de l'année dont le prescripteur ou le RSA est renseigné",
            ],
        )
    )
    return results


def _cities_and_prescribers(data: Participants, config: Config) -> list[Result]:
    labels = {c.code: c.label for c in PRESCRIBERS}
    codes = list(labels)

    def cities(year: int) -> Table:
        people = people_of(data, year, config)
        grouped = (
            people.group_by("ville")
            .agg(
                pl.len().cast(pl.Int64).alias("suivis"),
                pl.col("entrant").sum().cast(pl.Int64).alias("entrants"),
                pl.col("qpv").fill_null(False).mean().alias("part_qpv"),
                (pl.col("entrant") & (pl.col("prescripteur") == "spontane")).sum().alias("spont"),
            )
            .sort("ville", nulls_last=True)
        )
        total = people.height
        rows = [
            [
                UNKNOWN if r["ville"] is None else r["ville"],
                r["suivis"],
                r["suivis"] / total,
                r["entrants"],
                r["part_qpv"],
                r["spont"] / r["entrants"] if r["entrants"] else None,
            ]
            for r in grouped.iter_rows(named=True)
        ]
        entrants = int(people["entrant"].sum())
        spont = int((people["entrant"] & (people["prescripteur"] == "spontane")).sum())
        return Table(
            "plie.participants.par_ville",
            "Personnes suivies par ville",
            year,
            [
                Column("ville", "Ville", "texte"),
                Column("suivis", "Personnes suivies", additive=True),
                Column("part", "Part", "part"),
                Column("entrants", "Entrants", additive=True),
                Column("part_qpv", "Part en QPV", "taux", base="suivis"),
                Column(
                    "part_spontanes",
                    "Part d'accueils spontanés (entrants)",
                    "taux",
                    base="entrants",
                ),
            ],
            rows,
            [
                "Total",
                total,
                1.0 if total else None,
                entrants,
                people.select(pl.col("qpv").fill_null(False).mean()).item() if total else None,
                spont / entrants if entrants else None,
            ],
            ["ville du parcours le plus récent ; accueils spontanés parmi les entrants"],
        )

    def prescribers(year: int) -> Table:
        entrants = people_of(data, year, config).filter(pl.col("entrant"))
        grouped = (
            entrants.group_by("prescripteur")
            .len()
            .sort(declared_order("prescripteur", codes), nulls_last=True)
        )
        items = [
            (UNKNOWN if r["prescripteur"] is None else labels[r["prescripteur"]], r["len"])
            for r in grouped.iter_rows(named=True)
        ]
        return share_table(
            "plie.participants.prescripteurs",
            "Entrants par prescripteur",
            year,
            ("prescripteur", "Prescripteur"),
            ("entrants", "Entrants"),
            items,
            ["prescription à l'entrée : accueil spontané = sans orientation institutionnelle"],
        )

    def by_city(year: int) -> Table:
        entrants = people_of(data, year, config).filter(pl.col("entrant"))
        grouped = (
            entrants.group_by("ville", "prescripteur")
            .len()
            .sort("ville", declared_order("prescripteur", codes), nulls_last=True)
        )
        rows: list[list[Any]] = []
        subtotals: list[str] = []
        for (city,), sub in grouped.group_by("ville", maintain_order=True):
            name = UNKNOWN if city is None else str(city)
            n = int(sub["len"].sum())
            rows.append([name, n, 1.0])
            subtotals.append(name)
            for r in sub.iter_rows(named=True):
                label = UNKNOWN if r["prescripteur"] is None else labels[r["prescripteur"]]
                rows.append([f"{name} / {label}", r["len"], r["len"] / n])
        return Table(
            "plie.participants.prescripteurs_par_ville",
            "Entrants par ville et prescripteur",
            year,
            [
                Column("zone", "Ville / prescripteur", "texte"),
                Column("entrants", "Entrants", additive=True),
                Column("part_ville", "Part dans la ville", "taux"),
            ],
            rows,
            ["Total", entrants.height, None],
            ["part parmi les entrants de la ville"],
            subtotals=subtotals,
        )

    return [
        with_previous(data, cities),
        with_previous(data, prescribers),
        with_previous(data, by_city),
    ]


def _quarters(data: Participants) -> Table:
    """Entrées et sorties de parcours par trimestre de N (et de N-1), avec le solde."""
    moves = ind.movements_by_quarter(data.frame, years=_years(data))

    def one(year: int) -> Table:
        part = moves.filter(pl.col(YEAR) == year)
        rows = [
            [f"T{r['trimestre']}", r["entrees"], r["sorties"], r["solde"]]
            for r in part.iter_rows(named=True)
        ]
        entries, exits = int(part["entrees"].sum()), int(part["sorties"].sum())
        return Table(
            "plie.participants.par_trimestre",
            "Entrées et sorties par trimestre",
            year,
            [
                Column("trimestre", "Trimestre", "texte"),
                Column("entrees", "Entrées", additive=True),
                Column("sorties", "Sorties", additive=True),
                Column("solde", "Solde (entrées − sorties)", "valeur", additive=True),
            ],
            rows,
            ["Total", entries, exits, entries - exits],
            ["parcours entrés ou sortis dans le trimestre (dates d'entrée et de sortie)"],
        )

    return with_previous(data, one)


def _exits_and_duration(data: Participants, config: Config, *, exits_only: bool) -> list[Result]:
    positive = config.plie.sorties_positives
    exits = ind.positive_exits(data.frame, positive=positive)
    labels = {c.code: c.label for c in PLIE_EXITS}

    def of(column: str) -> dict[int, Any]:
        return dict(zip(exits[YEAR].to_list(), exits[column].to_list(), strict=True))

    now = exits.filter(pl.col(YEAR) == data.year)
    positives, count = (
        (int(now["nb_positives"].item()), int(now["nb_sorties"].item())) if now.height else (0, 0)
    )
    definition = ", ".join(labels[c] for c in positive)
    years = _years(data)
    duration = ind.mean_duration(data.frame, years=years, exits_only=exits_only)
    population = (
        "parcours sortis dans l'année"
        if exits_only
        else "parcours suivis dans l'année, jusqu'au 31/12"
    )
    results: list[Result] = [
        scalar(
            data,
            "plie.parcours.sorties_positives",
            "Sorties positives",
            "nombre",
            of("nb_positives"),
            note=f"sortie positive : {definition}",
        ),
        scalar(
            data,
            "plie.parcours.taux_sorties_positives",
            "Taux de sorties positives",
            "taux",
            of("taux"),
            missing=None,
            numerator=positives,
            denominator=count,
            note="sorties positives / sorties (clé plie.sorties_positives)",
        ),
        scalar(
            data,
            "plie.parcours.duree_moyenne_mois",
            "Durée moyenne des parcours (mois)",
            "valeur",
            dict(zip(duration[YEAR].to_list(), duration["duree_mois"].to_list(), strict=True)),
            missing=None,
            note=population,
            shown=MEAN,
        ),
    ]
    codes = [c.code for c in PLIE_EXITS]

    def table(year: int) -> Table:
        part = data.frame.filter(year_of(pl.col("date_sortie")) == year)
        grouped = (
            part.group_by("situation_sortie")
            .len()
            .sort(declared_order("situation_sortie", codes), nulls_last=True)
        )
        n = part.height
        rows = [
            [
                UNKNOWN if r["situation_sortie"] is None else labels[r["situation_sortie"]],
                "oui" if r["situation_sortie"] in positive else "non",
                r["len"],
                r["len"] / n,
            ]
            for r in grouped.iter_rows(named=True)
        ]
        return Table(
            "plie.parcours.sorties_par_situation",
            "Sorties par situation",
            year,
            [
                Column("situation", "Situation à la sortie", "texte"),
                Column("positive", "Sortie positive", "texte"),
                Column("sorties", "Sorties", additive=True),
                Column("part", "Part", "part"),
            ],
            rows,
            ["Total", "", n, 1.0 if n else None],
            [f"sortie positive : {definition}"],
        )

    by_category = ind.mean_duration(data.frame, years=years, exits_only=exits_only, by="categorie")
    cat_labels = {c.code: c.label for c in EMPLOYABILITY}

    def durations(year: int) -> Table:
        part = by_category.filter(pl.col(YEAR) == year)
        found = {r["categorie"]: r for r in part.iter_rows(named=True)}
        rows: list[list[Any]] = []
        subtotals: list[str] = []
        for group, children in EMPLOYABILITY_GROUPS.items():
            items = [found[c] for c in children if c in found]
            n = sum(i["nb_parcours"] for i in items)
            mean = sum(i["duree_mois"] * i["nb_parcours"] for i in items) / n if n else None
            rows.append([group, n, mean])
            if len(children) > 1:
                subtotals.append(group)
                for c in children:
                    r = found.get(c)
                    rows.append(
                        [
                            f"{group} / {cat_labels[c]}",
                            r["nb_parcours"] if r else 0,
                            r["duree_mois"] if r else None,
                        ]
                    )
        if None in found:
            rows.append([UNKNOWN, found[None]["nb_parcours"], found[None]["duree_mois"]])
        total = duration.filter(pl.col(YEAR) == year)
        return Table(
            "plie.parcours.duree_par_categorie",
            "Durée moyenne des parcours par catégorie d'employabilité (mois)",
            year,
            [
                Column("categorie", "Catégorie", "texte"),
                Column("parcours", "Parcours", additive=True),
                Column("duree_mois", "Durée moyenne (mois)", "valeur", shown=MEAN),
            ],
            rows,
            [
                "Total",
                int(total["nb_parcours"].sum()),
                total["duree_mois"].item() if total.height else None,
            ],
            [population],
            subtotals=subtotals,
        )

    results += [with_previous(data, table), with_previous(data, durations)]
    return results


def _typology(data: Participants, config: Config) -> list[Result]:
    labels = {c.code: c.label for c in EMPLOYABILITY}

    def one(year: int) -> Table:
        people = people_of(data, year, config)
        counts = dict(people.group_by("categorie").len().iter_rows())
        n = people.height
        rows: list[list[Any]] = []
        subtotals: list[str] = []
        for group, children in EMPLOYABILITY_GROUPS.items():
            k = sum(counts.get(c, 0) for c in children)
            rows.append([group, k, k / n if n else None])
            if len(children) > 1:
                subtotals.append(group)
                for c in children:
                    rows.append(
                        [
                            f"{group} / {labels[c]}",
                            counts.get(c, 0),
                            counts.get(c, 0) / n if n else None,
                        ]
                    )
        if counts.get(None):
            rows.append([UNKNOWN, counts[None], counts[None] / n])
        return Table(
            "plie.parcours.typologie",
            "Répartition des personnes suivies selon leur degré d'employabilité",
            year,
            [
                Column("categorie", "Catégorie", "texte"),
                Column("personnes", "Personnes", additive=True),
                Column("part", "Part", "part"),
            ],
            rows,
            ["Total", n, 1.0 if n else None],
            ["catégorie du parcours le plus récent de l'année"],
            subtotals=subtotals,
        )

    return [with_previous(data, one)]


def _profile(data: Participants, config: Config) -> list[Result]:
    results: list[Result] = []
    ages: dict[str, dict[int, Any]] = {"": {}, "femmes": {}, "hommes": {}, "entrants": {}}
    for year in _years(data):
        people = people_of(data, year, config)
        ages[""][year] = people["age"].mean()
        ages["femmes"][year] = people.filter(pl.col("sexe") == "F")["age"].mean()
        ages["hommes"][year] = people.filter(pl.col("sexe") == "H")["age"].mean()
        ages["entrants"][year] = people.filter(pl.col("entrant"))["age"].mean()
    for suffix, label in (
        ("", "des personnes suivies"),
        ("femmes", "des femmes suivies"),
        ("hommes", "des hommes suivis"),
        ("entrants", "des entrants"),
    ):
        ident = "plie.profil.age_moyen" + (f"_{suffix}" if suffix else "")
        results.append(
            scalar(
                data,
                ident,
                f"Âge moyen {label}",
                "valeur",
                ages[suffix],
                missing=None,
                note="âge au 31 décembre",
                shown=MEAN,
            )
        )
    populations: list[tuple[str, str, Callable[[pl.DataFrame], pl.DataFrame]]] = [
        ("suivis", "Personnes suivies", lambda p: p),
        ("entrants", "Entrants", lambda p: p.filter(pl.col("entrant"))),
        ("femmes", "Femmes suivies", lambda p: p.filter(pl.col("sexe") == "F")),
        ("hommes", "Hommes suivis", lambda p: p.filter(pl.col("sexe") == "H")),
    ]
    level_labels = dict(LEVEL_GROUPS)
    bounds = config.plie.tranches_age
    dimensions: list[tuple[str, str, list[tuple[str, pl.Expr]], bool]] = [
        (
            "sexe",
            "Sexe",
            [("Femmes", pl.col("sexe") == "F"), ("Hommes", pl.col("sexe") == "H")],
            True,
        ),
        (
            "age",
            "Tranche d'âge",
            [(b, pl.col("tranche_age") == b) for b in age_band_labels(bounds)],
            True,
        ),
        (
            "niveau",
            "Niveau de diplôme",
            [(name, pl.col("niveau").is_in(list(codes))) for name, codes in level_labels.items()],
            True,
        ),
        (
            "ressources",
            "Ressources",
            [
                ("Sans ressource", pl.col("ressources").list.contains("aucune")),
                (
                    "Minima sociaux (RSA, ASS, AAH)",
                    pl.col("ressources").list.set_intersection(["rsa", "ass", "aah"]).list.len()
                    > 0,
                ),
                ("ARE", pl.col("ressources").list.contains("are")),
                ("Salariés", pl.col("ressources").list.contains("salaire")),
            ],
            False,
        ),
        (
            "indicateurs",
            "Caractéristique",
            [
                ("RSA (actuel ou passé)", pl.col("rsa")),
                ("Résidant en QPV", pl.col("qpv")),
                ("Résidant dans une poche de pauvreté", pl.col("poche_pauvrete")),
                ("Sans diplôme", pl.col("niveau") == "sans_diplome"),
                (
                    "BAC et plus",
                    pl.col("niveau").is_in(["bac_non_valide", "bac", *HIGHER_EDUCATION]),
                ),
            ],
            False,
        ),
    ]
    for ident, label, rows_spec, partition in dimensions:

        def one(
            year: int,
            ident: str = ident,
            label: str = label,
            rows_spec: list[tuple[str, pl.Expr]] = rows_spec,
            partition: bool = partition,
        ) -> Table:
            people = people_of(data, year, config)
            frames = [(pid, plabel, pick(people)) for pid, plabel, pick in populations]
            columns = [Column(ident, label, "texte")]
            for pid, plabel, _ in frames:
                columns += [
                    Column(pid, plabel, additive=partition),
                    Column(
                        f"part_{pid}", f"Part ({plabel.lower()})", "part" if partition else "taux"
                    ),
                ]
            rows: list[list[Any]] = []
            counted = [0] * len(frames)
            for name, condition in rows_spec:
                row: list[Any] = [name]
                for i, (_, _, frame) in enumerate(frames):
                    n = (
                        int(frame.select(condition.fill_null(False).sum()).item())
                        if frame.height
                        else 0
                    )
                    counted[i] += n
                    row += [n, n / frame.height if frame.height else None]
                rows.append(row)
            if partition and any(
                c < f.height for c, (_, _, f) in zip(counted, frames, strict=True)
            ):
                row = [UNKNOWN]
                for c, (_, _, frame) in zip(counted, frames, strict=True):
                    rest = frame.height - c
                    row += [rest, rest / frame.height if frame.height else None]
                rows.append(row)
            total: list[Any] = ["Total"]
            for _, _, frame in frames:
                total += [frame.height, 1.0 if partition and frame.height else None]
            return Table(
                f"plie.profil.{ident}",
                f"Profil des personnes suivies : {label.lower()}",
                year,
                columns,
                rows,
                total,
                ["attributs du parcours le plus récent ; âge au 31 décembre"]
                + ([] if partition else ["une personne peut compter dans plusieurs lignes"]),
            )

        results.append(with_previous(data, one))
    results.append(_entrants_by_age_and_sex(data, config))
    return results


def _entrants_by_age_and_sex(data: Participants, config: Config) -> Table:
    """Entrants par tranche d'âge et sexe, avec la part des femmes de chaque tranche
    (« 55 % des nouveaux publics … ont entre 26 et 44 ans (65 % sont des femmes) »)."""
    labels = age_band_labels(config.plie.tranches_age)

    def one(year: int) -> Table:
        entrants = people_of(data, year, config).filter(pl.col("entrant"))
        counts = {r["tranche_age"]: r for r in ind.by_band_and_sex(entrants).iter_rows(named=True)}
        n = entrants.height
        rows: list[list[Any]] = []
        for label in [*labels, None]:
            r = counts.get(label)
            if r is None and label is None:
                continue
            r = r or {"personnes": 0, "femmes": 0, "hommes": 0, "part_femmes": None}
            rows.append(
                [
                    UNKNOWN if label is None else label,
                    r["personnes"],
                    r["personnes"] / n if n else None,
                    r["femmes"],
                    r["hommes"],
                    r["part_femmes"],
                ]
            )
        women = sum(r[3] for r in rows)
        men = sum(r[4] for r in rows)
        total = [
            "Total",
            n,
            1.0 if n else None,
            women,
            men,
            women / (women + men) if women + men else None,
        ]
        return Table(
            "plie.profil.entrants_age_sexe",
            "Entrants par tranche d'âge et sexe",
            year,
            [
                Column("age", "Tranche d'âge", "texte"),
                Column("entrants", "Entrants", additive=True),
                Column("part_entrants", "Part des entrants", "part"),
                Column("femmes", "Femmes", additive=True),
                Column("hommes", "Hommes", additive=True),
                Column("part_femmes", "Part des femmes", "taux", base="entrants"),
            ],
            rows,
            total,
            [
                "entrants : personnes dont un parcours commence dans l'année ; âge au 31 décembre",
                "part des femmes parmi les entrants de la tranche dont le sexe est connu",
            ],
        )

    return with_previous(data, one)


#: domaines du ROME (France Travail), par lettre
ROME_DOMAINS = {
    "A": "Agriculture et pêche, espaces naturels et espaces verts, soins aux animaux",
    "B": "Arts et façonnage d'ouvrages d'art",
    "C": "Banque, assurance, immobilier",
    "D": "Commerce, vente et grande distribution",
    "E": "Communication, média et multimédia",
    "F": "Construction, bâtiment et travaux publics",
    "G": "Hôtellerie-restauration, tourisme, loisirs et animation",
    "H": "Industrie",
    "I": "Installation et maintenance",
    "J": "Santé",
    "K": "Services à la personne et à la collectivité",
    "L": "Spectacle",
    "M": "Support à l'entreprise",
    "N": "Transport et logistique",
}


def _wished_jobs(data: Participants, config: Config) -> Table:
    def one(year: int) -> Table:
        people = people_of(data, year, config)
        wishes = (
            people.select("sexe", pl.col("metier_souhaite").str.split("|").alias("metier"))
            .explode("metier")
            .with_columns(ind.rome_sector(pl.col("metier")).alias("secteur"))
        )
        sectors = ind.wished_sectors(wishes, top=config.plie.secteurs_tete)
        others = sectors.filter(pl.col("rang").is_null())
        n_other = wishes["secteur"].drop_nulls().n_unique() - (sectors.height - others.height)
        rows = [
            [
                f"{r['secteur']} - {ROME_DOMAINS.get(r['secteur'], '')}"
                if r["rang"] is not None
                else f"Les {n_other} autres secteurs",
                r["rang"],
                r["nb"],
                r["poids"],
                r["part_femmes"],
            ]
            for r in sectors.iter_rows(named=True)
        ]
        blank = pl.col("metier").is_null() | (pl.col("metier").str.strip_chars() == "")
        unknown = wishes.filter(~blank & pl.col("secteur").is_null()).height
        without = people.filter(
            pl.col("metier_souhaite").is_null()
            | (pl.col("metier_souhaite").str.strip_chars() == "")
        ).height
        with_wish = int(sectors["nb"].sum())
        women = int(sectors["nb_femmes"].sum())
        return Table(
            "plie.metiers.secteurs",
            "Métiers souhaités par domaine ROME",
            year,
            [
                Column("secteur", "Domaine ROME", "texte"),
                Column("rang", "Rang", counts=False),
                Column("souhaits", "Souhaits", additive=True),
                Column("poids", "Poids", "part"),
                Column("part_femmes", "Part des femmes", "taux", base="souhaits"),
            ],
            rows,
            [
                "Total",
                None,
                with_wish,
                1.0 if with_wish else None,
                women / with_wish if with_wish else None,
            ],
            [
                "souhaits métiers des personnes suivies (plusieurs possibles, séparés par "
                "« | ») ; domaine = lettre du code ROME ; part des femmes : souhaits exprimés "
                "par des femmes",
                f"{without} personne(s) sans souhait, {unknown} souhait(s) sans code ROME reconnu",
            ],
        )

    return with_previous(data, one)


# --- profil des personnes passées en SIAE -------------------------------------------------


def siae_profile(
    applications: PlieApplications, data: Participants, config: Config
) -> list[Result]:
    """Profil des personnes recrutées en SIAE (candidatures de N-1 et N) jointes aux
    participants, face à l'ensemble des personnes suivies en N : part du RSA, des sans
    diplôme, des femmes ; par type de SIAE."""
    year = applications.year
    hired = (
        applications.frame.filter(
            pl.col("annee").is_between(year - 1, year) & (pl.col("statut") == "acceptee")
        )
        .select(KEY, "type_employeur")
        .collect()
        .filter(pl.col(KEY).is_not_null() & (pl.col(KEY) != ""))
        .unique(KEY, keep="last", maintain_order=True)
    )
    people = people_of(data, data.year, config)
    everyone = data.frame.sort("date_entree", maintain_order=True).unique(
        KEY, keep="last", maintain_order=True
    )
    matched = (
        hired.join(everyone.select(KEY, "sexe", "rsa", "niveau", "categorie"), on=KEY, how="inner")
        if KEY in everyone.columns
        else hired.head(0)
    )
    kinds = list(siae_ind.SIAE_KINDS)
    groups = [("Personnes suivies", people), ("Passées en SIAE", matched)]
    groups += [
        (f"Passées en SIAE : {k}", matched.filter(pl.col("type_employeur") == k)) for k in kinds
    ]
    shares = [
        pl.col("rsa").fill_null(False).mean().alias("rsa"),
        (pl.col("niveau") == "sans_diplome").fill_null(False).mean().alias("sans_diplome"),
        (pl.col("sexe") == "F").fill_null(False).mean().alias("femmes"),
        # catégorie d'employabilité (« aucun bénéficiaire de la catégorie 3 n'est mobilisé
        # sur des AI ou des ETTI ») : part parmi les personnes à la catégorie renseignée
        *[
            pl.col("categorie")
            .is_in(codes)
            .filter(pl.col("categorie").is_not_null())
            .mean()
            .alias(f"categorie_{i}")
            for i, codes in enumerate(EMPLOYABILITY_GROUPS.values(), start=1)
        ],
    ]
    rows: list[list[Any]] = []
    for name, frame in groups:
        values = frame.select(shares).row(0) if frame.height else (None,) * len(shares)
        rows.append([name, frame.height, *values])
    return [
        Scalar(
            "plie.siae.personnes_jointes",
            "Personnes passées en SIAE retrouvées parmi les participants",
            "nombre",
            year,
            matched.height,
            note=f"{hired.height - matched.height} personne(s) recrutée(s) absente(s) de "
            "l'extraction des participants (jointure par la clé --cle)",
        ),
        Table(
            "plie.siae.profil",
            "Profil des personnes passées en SIAE",
            year,
            [
                Column("groupe", "Personnes", "texte"),
                Column("personnes", "Effectif"),
                Column("part_rsa", "Part RSA (actuel ou passé)", "taux", base="personnes"),
                Column("part_sans_diplome", "Part sans diplôme", "taux", base="personnes"),
                Column("part_femmes", "Part des femmes", "taux", base="personnes"),
                *[
                    Column(f"part_categorie_{i}", f"Part {label.lower()}", "taux", base="personnes")
                    for i, label in enumerate(EMPLOYABILITY_GROUPS, start=1)
                ],
            ],
            rows,
            None,
            [
                "catégories d'employabilité : parts parmi les personnes dont la catégorie est "
                "renseignée ; "
                f"passées en SIAE : recrutées sur une candidature de {year - 1} ou {year}, "
                f"jointes aux participants ; personnes suivies : en {data.year} ; le rapport "
                "compare aussi à « l'ensemble » (45 % au RSA, 38 % sans qualification) sans "
                "dire de quelle population"
            ],
        ),
    ]
