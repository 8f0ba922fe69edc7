"""Documents de la Mission Locale (``ml.*``) : pour l'instant, les situations créées."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from gipkit import journal
from gipkit.config import BAC_NOT_PASSED, Config
from gipkit.errors import InvalidDataError
from gipkit.indicators import ml as ind
from gipkit.indicators.common import YEAR, age_band, age_on, distribution, year_column, year_of
from gipkit.io.exports.ml import (
    ACCOMPANIMENT_MODALITIES,
    JUSTICE_SETTINGS,
    ML_EVENTS,
    ML_PROGRAMMES,
    ML_SITUATIONS,
    ML_YOUTHS,
    THEMES,
)
from gipkit.io.exports.ml import PROGRAMME_EXITS as ML_PROGRAMME_EXITS
from gipkit.io.normalize import normalize_label
from gipkit.io.reader import scan_export, shared_count
from gipkit.io.source import LINE, ReadOptions, SourceReport
from gipkit.journal import Missing
from gipkit.reports.common import (
    by_year,
    choose_year,
    declared_order,
    first_of_each_key,
    present_years,
    say_absent_youths,
    say_unmatched,
    scalar,
    share_table,
    unmatched,
    with_previous,
    years_counted,
)
from gipkit.results import Column, Result, Scalar, Table
from gipkit.selection import apply_exclusions, count_rows

SCHEMA = ML_SITUATIONS


@dataclass
class Situations:
    """Situations de N-1 et N, bilan de lecture, année N et N-1 si présente."""

    frame: pl.DataFrame
    source: SourceReport
    year: int
    previous: int | None


SITUATION_COLUMNS = ("type_contrat", "date_fin")
#: colonnes de l'emploi et de l'alternance (ml emploi)
EMPLOYMENT_COLUMNS = (
    *SITUATION_COLUMNS,
    "temps_travail",
    "employeur",
    "departement_employeur",
    "secteur",
    "rome",
    "financeur",
    "qualifiante",
)


def load(
    path: Path,
    config: Config,
    options: ReadOptions,
    *,
    year: int | None,
    columns: tuple[str, ...] = SITUATION_COLUMNS,
) -> Situations:
    """Lit l'extraction des situations ; écarte, avec leur motif, celles hors de N-1..N."""
    frame, source = scan_export(path, SCHEMA, columns=list(columns), config=config, options=options)
    frame = frame.with_columns(year_column("date_debut"))
    counts = count_rows(frame, [YEAR])
    present = years_counted(counts, YEAR)
    if not present:
        raise InvalidDataError(f"{path} : aucune situation sous l'en-tête.")
    year = choose_year(present, year, path)
    rules = [
        (f"situation commencée après {year}", pl.col(YEAR) > year),
        (f"situation commencée avant {year - 1}", pl.col(YEAR) < year - 1),
    ]
    kept, excluded = apply_exclusions(frame, rules, counted=counts)
    for reason, count in excluded.items():
        source.exclude(reason, count)
    collected = kept.drop(LINE).collect()
    previous = year - 1 if (collected[YEAR] == year - 1).any() else None
    return Situations(collected, source, year, previous)


def situations(data: Situations, config: Config) -> list[Result]:
    """Situations créées (total, par nature), emplois durables, jeunes en contrat."""
    settings = config.ml
    by_kind = ind.situations_by_kind(data.frame)
    durable = ind.durable_employment(
        data.frame,
        always=settings.emploi_durable_toujours,
        if_long=settings.emploi_durable_si_duree,
        min_months=settings.duree_durable_mois,
    )
    contracts = ind.youths_with_contract(data.frame)
    totals = by_kind.group_by(YEAR).agg(pl.col("nb_situations").sum())

    jobs = by_year(durable, "nb_emplois")
    durable_jobs = by_year(durable, "nb_emplois_durables")
    definition = (
        f"{', '.join(settings.emploi_durable_toujours)}, ou "
        f"{', '.join(settings.emploi_durable_si_duree)} de {settings.duree_durable_mois} mois "
        "ou plus"
    )
    results: list[Result] = [
        scalar(
            data,
            "ml.situations.total",
            "Situations créées",
            "nombre",
            by_year(totals, "nb_situations"),
            note="situations commencées dans l'année",
        ),
        scalar(
            data,
            "ml.situations.emplois_durables",
            "Emplois durables",
            "nombre",
            durable_jobs,
            note=f"emploi durable : {definition}",
        ),
        scalar(
            data,
            "ml.situations.part_emplois_durables",
            "Part des emplois durables",
            "taux",
            by_year(durable, "part_durable"),
            numerator=durable_jobs.get(data.year, 0),
            denominator=jobs.get(data.year, 0),
            note="emplois durables / emplois",
        ),
        scalar(
            data,
            "ml.situations.jeunes_en_contrat",
            "Jeunes ayant au moins un contrat",
            "nombre",
            by_year(contracts, "nb_jeunes"),
            note="emploi ou alternance",
        ),
        scalar(
            data,
            "ml.situations.contrats",
            "Contrats (emploi et alternance)",
            "nombre",
            by_year(contracts, "nb_contrats"),
        ),
    ]
    spec = SCHEMA.column("type_situation")
    codes = [c.code for c in spec.categories]

    def one(year: int) -> Table:
        part = by_kind.filter(pl.col(YEAR) == year).sort(declared_order("type_situation", codes))
        items = [
            (spec.label_of(r["type_situation"]), r["nb_situations"])
            for r in part.iter_rows(named=True)
        ]
        return share_table(
            "ml.situations.par_type",
            "Situations créées par nature",
            year,
            ("type_situation", "Situation"),
            ("situations", "Situations"),
            items,
            ["situations commencées dans l'année"],
        )

    results.append(with_previous(data, one))
    return results


# --- activité générale --------------------------------------------------------------------

#: ce que perdent les tableaux d'un jeune absent de l'extraction des jeunes
YOUTH_LOST = "leur sexe, âge, commune, niveau… sont « non renseignés » dans les tableaux"

#: tranches d'âge de la Mission Locale (public de 16 à 25 ans révolus, article L5314-2 du
#: code du travail). Un âge sous 16 ans a sa propre tranche, montrée seulement quand elle
#: n'est pas vide : rangé dans « 16-17 ans », il y serait compté sans un mot (une date de
#: naissance mal tapée, « 2012 » pour « 2002 », y tombait)
AGE_BOUNDS = (16, 18, 22, 26)
#: l'âge de la majorité : un jeune accompagné « mineur » a moins de 18 ans au 31 décembre
MAJORITY_AGE = 18
UNDER_16 = "moins de 16 ans"
AGE_LABELS = (UNDER_16, "16-17 ans", "18-21 ans", "22-25 ans", "26 ans et plus")


@dataclass
class Activity:
    """Jeunes accompagnés et premiers accueils de N-1 et N, avec leur profil."""

    profile: pl.DataFrame  # une ligne par (année, jeune accompagné), attributs du jeune
    receptions: pl.DataFrame  # premiers accueils par année
    people: pl.DataFrame  # les jeunes gardés (attributs), accompagnés ou non
    sources: list[SourceReport]
    year: int
    previous: int | None


def dated_events(
    path: Path, frame: pl.LazyFrame, options: ReadOptions
) -> tuple[pl.LazyFrame, pl.DataFrame]:
    """L'extraction des événements ``frame`` (lue de ``path``) avec l'année de chaque
    événement, et son décompte par année, type et statut (:func:`count_rows`) : de quoi
    choisir l'année et compter les exclusions sans relire le fichier. Dans un ``tout``,
    le décompte est fait une fois pour l'activité, les actions collectives et
    l'obligation de formation (:func:`gipkit.io.reader.shared_count` ; à l'échelle
    nationale, 21 M événements : ~0,4 s chacun)."""
    dated = frame.with_columns(year_column("date"))
    counts = shared_count(
        path,
        ML_EVENTS,
        options,
        "événements par année, type et statut",
        lambda: count_rows(dated, [YEAR, "type_evenement", "statut"]),
    )
    return dated, counts


def load_activity(
    youths_path: Path,
    events_path: Path,
    config: Config,
    options: ReadOptions,
    *,
    year: int | None,
) -> Activity:
    """Lit jeunes et événements ; écarte, avec leur motif, ce qui ne sert pas à N-1 et N."""
    settings = config.ml
    events, events_source = scan_export(
        events_path, ML_EVENTS, columns=["statut", "physique"], config=config, options=options
    )
    # un passage pour les années présentes et le bilan des exclusions
    events, counts = dated_events(events_path, events, options)
    present = years_counted(counts, YEAR)
    if not present:
        raise InvalidDataError(f"{events_path} : aucun événement sous l'en-tête.")
    year = choose_year(present, year, events_path)
    qualifies = ind.accompanying_event(
        settings.accompagnement_evenements, settings.accompagnement_statuts
    )
    kept_events, excluded = apply_exclusions(
        events,
        [
            (f"événement hors de {year - 1}-{year}", ~pl.col(YEAR).is_between(year - 1, year)),
            ("événement qui ne fait pas un accompagnement (type ou statut)", ~qualifies),
        ],
        counted=counts,
    )
    for reason, count in excluded.items():
        events_source.exclude(reason, count)
    # les jeunes accompagnés (année, jeune) et leurs événements physiques
    visits = ind.accompanied_with_physical(
        kept_events.drop(LINE),
        kinds=settings.accompagnement_evenements,
        statuses=settings.accompagnement_statuts,
    ).collect()
    pairs = visits.select(YEAR, "jeune")
    youths, youths_source = scan_export(
        youths_path,
        ML_YOUTHS,
        columns=[
            "sexe",
            "date_naissance",
            "ville",
            "quartier",
            "qpv",
            "niveau",
            "date_premier_accueil",
            "origine",
            "handicap",
            "justice",
            "modalite_accompagnement",
        ],
        config=config,
        options=options,
    )
    reception_year = year_of(pl.col("date_premier_accueil"))
    useful = pl.col("jeune").is_in(pairs["jeune"].implode()) | reception_year.is_between(
        year - 1, year
    )
    # en mémoire avant les exclusions : leurs règles (un jeune répété, un jeune ni
    # accompagné ni accueilli) ne sont évaluées qu'une fois, pour le bilan et pour les
    # jeunes gardés, au lieu d'une fois pour chacun
    everyone = youths.collect()
    # tous les identifiants du fichier : ceux que cherche un jeune accompagné absent
    # (:func:`say_unmatched`), écrit autrement d'un fichier à l'autre
    registered = everyone.select("jeune")
    kept_youths, excluded = apply_exclusions(
        everyone,
        [
            *_repeated_youth(youths_source),
            (f"jeune ni accompagné ni accueilli en {year - 1}-{year}", ~useful.fill_null(False)),
        ],
    )
    del everyone
    for reason, count in excluded.items():
        youths_source.exclude(reason, count)
    people = kept_youths.drop(LINE)
    say_unmatched(
        unmatched(pairs.lazy(), people, [YEAR, "jeune"]).collect(),
        pairs.lazy(),
        keys=[YEAR, "jeune"],
        who="jeunes accompagnés",
        source=str(events_path),
        register=f"l'extraction des jeunes ({youths_path})",
        lost=YOUTH_LOST,
        known=registered,
    )
    del registered
    profile = (
        visits.join(people, on="jeune", how="left")
        .select(
            YEAR,
            "jeune",
            *(c for c in people.columns if c != "jeune"),
            "nb_evenements_physiques",
        )
        .with_columns(
            (pl.col(YEAR) - year_of(pl.col("date_naissance"))).cast(pl.Int64).alias("age")
        )
    )
    receptions = ind.first_receptions(people)
    previous = year - 1 if (pairs[YEAR] == year - 1).any() else None
    return Activity(profile, receptions, people, [youths_source, events_source], year, previous)


def modalities(data: Activity, programmes: pl.DataFrame | None, config: Config) -> list[Result]:
    """Jeunes accompagnés par modalité d'accompagnement (accueil, information,
    orientation 4 % ; appui ponctuel 5 % ; accompagnement renforcé 91 %).

    La colonne « Modalité d'accompagnement » de l'extraction des jeunes, si elle est
    renseignée, donne la modalité de N (une donnée du jour de l'extraction : pas de N-1) ;
    sinon la règle :func:`ind.modality_by_rule` sur les venues et les dispositifs, pour N
    et N-1, et c'est dit ; sans l'une ni les autres, le tableau manque, et c'est dit.
    """
    labels = {c.code: c.label for c in ACCOMPANIMENT_MODALITIES}
    profile = data.profile
    this_year = profile.filter(pl.col(YEAR) == data.year)
    declared = this_year["modalite_accompagnement"].is_not_null().any()
    if declared:
        frame = this_year.select(YEAR, "jeune", pl.col("modalite_accompagnement").alias("modalite"))
        notes = [
            "colonne « Modalité d'accompagnement » de l'extraction des jeunes (modalité à "
            "la date de l'extraction : année N seulement)"
        ]
    elif programmes is not None:
        # la colonne renseignée pour d'autres jeunes du fichier, pour aucun accompagné :
        # ils manquent sans doute à l'extraction des jeunes (:func:`say_unmatched`)
        why = (
            f"aucun jeune accompagné en {data.year} n'a de modalité dans la colonne "
            "« Modalité d'accompagnement » de l'extraction des jeunes"
            if data.people["modalite_accompagnement"].is_not_null().any()
            else "l'extraction des jeunes n'a pas de colonne « Modalité d'accompagnement » "
            "renseignée"
        )
        years = [y for y in (data.previous, data.year) if y is not None]
        kinds = config.ml.dispositifs_renforces
        reinforced = ind.programme_years(programmes, years=years, kinds=kinds)
        frame = ind.modality_by_rule(
            profile.select(YEAR, "jeune", "nb_evenements_physiques"), reinforced
        )
        notes = [
            f"règle de gipkit ({why}) : "
            "renforcé = "
            "dans un dispositif de ml.dispositifs_renforces en cours dans l'année ; sinon "
            "accueil, information, orientation = au plus une venue (événement physique "
            "honoré) ; sinon appui ponctuel"
        ]
        journal.current().warn(
            f"Modalités d'accompagnement déduites par une règle (dispositifs et venues) : {why}"
        )
    else:
        journal.current().lack(
            Missing(
                "colonne",
                "ml.jeunes.modalite_accompagnement",
                ("ml.activite.modalites",),
                "ni colonne « Modalité d'accompagnement » dans l'extraction des jeunes, ni "
                "extraction des dispositifs pour la déduire",
            )
        )
        return []
    counts = frame.group_by(YEAR, "modalite").agg(pl.len().cast(pl.Int64).alias("n"))

    def one(year: int) -> Table:
        part = counts.filter(pl.col(YEAR) == year)
        found = {r["modalite"]: r["n"] for r in part.iter_rows(named=True)}
        total = int(part["n"].sum())
        rows = [
            [label, found.get(code, 0), found.get(code, 0) / total if total else None]
            for code, label in labels.items()
        ]
        if found.get(None):
            rows.append(["Non renseigné", found[None], found[None] / total])
        return Table(
            "ml.activite.modalites",
            "Jeunes accompagnés par modalité d'accompagnement",
            year,
            [
                Column("modalite", "Modalité d'accompagnement", "texte"),
                Column("jeunes", "Jeunes accompagnés", additive=True),
                Column("part", "Part", "part"),
            ],
            rows,
            ["Total", total, 1.0 if total else None],
            notes,
        )

    # la modalité déclarée est celle du jour de l'extraction : pas de N-1
    return [one(data.year) if declared else with_previous(data, one)]


def _repeated_youth(source: SourceReport) -> list[tuple[str, pl.Expr]]:
    """La règle « un jeune compte une fois » (sa première ligne) :
    :func:`~gipkit.reports.common.first_of_each_key`."""
    return first_of_each_key(source, "jeune déjà présent plus haut dans le fichier", ["jeune"])


def load_youths(
    path: Path, columns: list[str], config: Config, options: ReadOptions
) -> tuple[pl.DataFrame, SourceReport]:
    """Lit l'extraction des jeunes (colonnes ``columns``) ; un jeune compte une fois."""
    people, source = scan_export(path, ML_YOUTHS, columns=columns, config=config, options=options)
    # en mémoire d'abord : les jeunes répétés ne sont cherchés qu'une fois, pour le bilan
    # et pour les jeunes gardés (:func:`apply_exclusions` sur un tableau en mémoire)
    kept, excluded = apply_exclusions(people.collect(), _repeated_youth(source))
    for reason, count in excluded.items():
        source.exclude(reason, count)
    return kept.drop(LINE), source


def no_diploma_note(levels: Sequence[str]) -> str:
    """La note d'une part « sans diplôme » : ce qu'elle compte, selon ``ml.bac_non_valide``."""
    if BAC_NOT_PASSED in levels:
        return 'niveau « sans diplôme » ou bac non validé (ml.bac_non_valide = "infra_bac")'
    return "niveau « sans diplôme » (infra niveau 3) ; le bac non validé n'y est pas"


def activity(data: Activity, config: Config) -> list[Result]:
    """Activité générale : jeunes accompagnés, premiers accueils, profil (QPV, âge, niveau…).

    Infra-bac : les niveaux de ``config.ml.infra_bac_levels()`` (le bac non validé selon
    ``ml.bac_non_valide``)."""
    infra_levels = config.ml.infra_bac_levels()
    no_diploma_levels = config.ml.no_diploma_levels()
    profile = data.profile.with_columns(
        age_band(pl.col("age"), AGE_BOUNDS, AGE_LABELS).alias("tranche_age"),
        pl.col("niveau").is_in(infra_levels).alias("infra_bac"),
        pl.col("qpv").fill_null(False).alias("qpv"),
    )
    accompanied_n = by_year(profile.group_by(YEAR).len(), "len")
    receptions = by_year(data.receptions, "nb_premiers_accueils")
    flags = profile.group_by(YEAR).agg(
        pl.col("qpv").sum(),
        pl.col("infra_bac").sum(),
        pl.col("niveau").is_in(no_diploma_levels).fill_null(False).sum().alias("sans_diplome"),
        pl.col("handicap").fill_null(False).sum(),
        pl.col("justice").fill_null(False).sum(),
        (pl.col("age") < MAJORITY_AGE).fill_null(False).sum().alias("mineurs"),
    )
    qpv, infra, no_diploma = (by_year(flags, k) for k in ("qpv", "infra_bac", "sans_diplome"))

    def rate(values: dict[int, Any]) -> dict[int, Any]:
        return {y: v / accompanied_n[y] for y, v in values.items() if accompanied_n.get(y)}

    now = accompanied_n.get(data.year, 0)

    def share(ident: str, label: str, counts: dict[int, Any], **extra: Any) -> Result:
        """La part des jeunes accompagnés que ``counts`` compte, année par année."""
        numerator = counts.get(data.year, 0)
        return scalar(
            data, ident, label, "taux", rate(counts), numerator=numerator, denominator=now, **extra
        )

    results: list[Result] = [
        scalar(
            data,
            "ml.activite.jeunes_accompagnes",
            "Jeunes accompagnés",
            "nombre",
            accompanied_n,
            note="présents à au moins un rendez-vous dans l'année",
        ),
        scalar(data, "ml.activite.premiers_accueils", "Premiers accueils", "nombre", receptions),
        share(
            "ml.activite.part_premiers_accueils",
            "Premiers accueils rapportés aux jeunes accompagnés",
            receptions,
            note="premiers accueils de l'année / jeunes accompagnés",
        ),
        share("ml.activite.part_qpv", "Part des jeunes accompagnés résidant en QPV", qpv),
        share(
            "ml.activite.part_infra_bac",
            "Part des jeunes accompagnés infra-bac",
            infra,
            note=(
                'sans diplôme, CAP-BEP ou bac non validé (ml.bac_non_valide = "infra_bac")'
                if BAC_NOT_PASSED in infra_levels
                else "sans diplôme ou CAP-BEP ; le bac non validé est au niveau du bac "
                "(ml.bac_non_valide)"
            ),
        ),
        share(
            "ml.activite.part_sans_diplome",
            "Part des jeunes accompagnés sans diplôme",
            no_diploma,
            note=no_diploma_note(no_diploma_levels),
        ),
    ]
    # une colonne facultative absente (ou vide) ne donne pas un faux zéro : pas de résultat
    if data.people["date_naissance"].is_not_null().any():
        minors = by_year(flags, "mineurs")
        note = "moins de 18 ans au 31 décembre, « moins de 16 ans » compris"
        results += [
            scalar(
                data,
                "ml.activite.jeunes_mineurs",
                "Jeunes accompagnés mineurs",
                "nombre",
                minors,
                note=note,
            ),
            share(
                "ml.activite.part_mineurs", "Part des jeunes accompagnés mineurs", minors, note=note
            ),
        ]
    known = {k for k in ("handicap", "justice", "origine") if data.people[k].is_not_null().any()}
    for key, label, column in (
        ("handicap", "Jeunes accompagnés en situation de handicap", "Handicap"),
        ("justice", "Jeunes accompagnés sous main de justice", "Sous main de justice"),
    ):
        if key in known:
            results.append(
                scalar(
                    data,
                    f"ml.activite.jeunes_{key}",
                    label,
                    "nombre",
                    by_year(flags, key),
                    note=f"colonne « {column} » de l'extraction des jeunes",
                )
            )
    if "origine" in known:
        results.append(_receptions_by_origin(data))
    levels = {c.code: c.label for c in ML_YOUTHS.column("niveau").categories}
    sexes = {"F": "Femmes", "H": "Hommes"}
    views = (
        ("tranche_age", "par_age", "Tranche d'âge", list(AGE_LABELS), lambda v: v),
        ("sexe", "par_sexe", "Sexe", list(sexes), lambda v: sexes.get(v, v)),
        ("niveau", "par_niveau", "Niveau de formation", list(levels), lambda v: levels.get(v, v)),
        ("ville", "par_ville", "Commune", None, lambda v: v),
    )
    for key, suffix, label, order, rename in views:
        grouped = distribution(profile, key)

        def one(
            year: int,
            key: str = key,
            label: str = label,
            suffix: str = suffix,
            order: list[str] | None = order,
            rename: Any = rename,
            grouped: pl.DataFrame = grouped,
        ) -> Table:
            part = grouped.filter(pl.col(YEAR) == year)
            if order is not None:
                part = part.sort(
                    declared_order(key, order),
                    nulls_last=True,
                )
            else:
                part = part.sort(pl.col(key), nulls_last=True)
            items = [
                ("Non renseigné" if r[key] is None else rename(r[key]), r["nb"])
                for r in part.iter_rows(named=True)
            ]
            return share_table(
                f"ml.activite.{suffix}",
                f"Jeunes accompagnés par {label.lower()}",
                year,
                (key, label),
                ("jeunes", "Jeunes"),
                items,
                ["âge au 31 décembre" if key == "tranche_age" else "jeunes accompagnés de l'année"],
            )

        results.append(with_previous(data, one))
    return results


def _receptions_by_origin(data: Activity) -> Table:
    """Premiers accueils de l'année par origine (« recommandations … 50 % »)."""
    arrivals = data.people.filter(pl.col("date_premier_accueil").is_not_null()).with_columns(
        year_column("date_premier_accueil")
    )
    grouped = distribution(arrivals, "origine")
    origins = ML_YOUTHS.column("origine")
    codes = [c.code for c in origins.categories]

    def one(year: int) -> Table:
        part = grouped.filter(pl.col(YEAR) == year).sort(
            declared_order("origine", codes), nulls_last=True
        )
        items = [
            ("Non renseigné" if r["origine"] is None else origins.label_of(r["origine"]), r["nb"])
            for r in part.iter_rows(named=True)
        ]
        return share_table(
            "ml.activite.premiers_accueils_par_origine",
            "Premiers accueils par origine",
            year,
            ("origine", "Origine"),
            ("premiers_accueils", "Premiers accueils"),
            items,
            ["premiers accueils de l'année, accompagnés ou non"],
        )

    return with_previous(data, one)


# --- dispositifs --------------------------------------------------------------------------


@dataclass
class Programmes:
    """Entrées et sorties des dispositifs, profil des jeunes (si l'extraction est donnée)."""

    frame: pl.DataFrame
    youths: pl.DataFrame | None
    sources: list[SourceReport]
    year: int
    previous: int | None


def load_programmes(
    path: Path,
    youths_path: Path | None,
    config: Config,
    options: ReadOptions,
    *,
    year: int | None,
) -> Programmes:
    """Lit les dispositifs (et les jeunes, pour le profil des entrants en CEJ)."""
    frame, source = scan_export(
        path,
        ML_PROGRAMMES,
        columns=[
            "date_sortie",
            "situation_sortie",
            "allocation",
            "date_allocation",
            "milieu",
            "intitule",
        ],
        config=config,
        options=options,
    )
    entry_year = year_of(pl.col("date_entree"))
    present = present_years(frame.with_columns(entry_year.alias(YEAR)), YEAR)
    if not present:
        raise InvalidDataError(f"{path} : aucune entrée en dispositif sous l'en-tête.")
    year = choose_year(present, year, path)
    kept, excluded = apply_exclusions(
        frame,
        [
            (f"entrée après {year}", entry_year > year),
            (f"sortie avant {year - 1}", year_of(pl.col("date_sortie")) < year - 1),
        ],
    )
    for reason, count in excluded.items():
        source.exclude(reason, count)
    sources = [source]
    youths = None
    if youths_path is not None:
        youths, youths_source = load_youths(
            youths_path, ["qpv", "niveau", "sexe", "date_naissance"], config, options
        )
        sources.append(youths_source)
    collected = kept.drop(LINE).collect()
    previous = year - 1 if year - 1 in present else None
    return Programmes(collected, youths, sources, year, previous)


def _allowances(data: Programmes, config: Config) -> tuple[dict[int, Any], str]:
    """Allocations PACEA demandées par année (:func:`ind.allowances_by_year`) et la note
    qui dit à quelle année chacune compte."""
    source = data.sources[0]  # les dispositifs (les jeunes suivent, s'ils sont lus)
    rule = config.ml.annee_allocations
    if rule == "demande" and "date_allocation" not in source.found:
        title = ML_PROGRAMMES.column("date_allocation").title
        journal.current().warn(
            f"{source.path} : {source.lacking('date_allocation', title)} ; "
            "les allocations PACEA comptent l'année d'entrée du jeune en PACEA, pas celle "
            "de leur demande"
        )
        rule = "entree"
    frame = data.frame.filter(pl.col("dispositif") == "PACEA")
    counts = ind.allowances_by_year(frame, by_request=rule == "demande")
    undated = by_year(counts, "sans_date")
    if rule == "demande" and undated.get(data.year):
        journal.current().warn(
            f"{source.path} : {undated[data.year]} allocation(s) PACEA sans date de "
            "demande comptent l'année d'entrée du jeune"
        )
    note = (
        "allocations demandées dans l'année (date de la demande), quelle que soit l'année "
        "d'entrée du jeune en PACEA"
        if rule == "demande"
        else "allocations des jeunes entrés en PACEA dans l'année (année d'entrée)"
    )
    return by_year(counts, "allocation"), note


def programmes(data: Programmes, config: Config) -> list[Result]:
    """Entrées par dispositif, PACEA, CEJ (entrées, profil, sorties positives)."""
    entries = ind.programme_entries(data.frame)

    def entries_of(programme: str) -> dict[int, Any]:
        return by_year(entries.filter(pl.col("dispositif") == programme), "nb_entrees")

    years = [y for y in (data.previous, data.year) if y is not None]
    pacea_active = by_year(
        ind.programme_active(data.frame, programme="PACEA", years=years), "nb_jeunes"
    )
    allowances, allowance_note = _allowances(data, config)
    positive = config.ml.cej_sorties_positives
    exits = ind.cej_positive_exits(data.frame, positive=positive)
    exit_counts = by_year(exits, "nb_sorties")
    positives = by_year(exits, "nb_sorties_positives")
    labels = {c.code: c.label for c in ML_PROGRAMME_EXITS}
    definition = ", ".join(labels[c] for c in positive)
    by_programme = ind.youths_by_programme(data.frame, years=years)
    order = [c.code for c in ML_PROGRAMMES.column("dispositif").categories]
    names = {c.code: c.label for c in ML_PROGRAMMES.column("dispositif").categories}

    def one(year: int) -> Table:
        part = by_programme.filter(pl.col(YEAR) == year)
        each = part.filter(pl.col("dispositif").is_not_null()).sort(
            declared_order("dispositif", order), "dispositif"
        )
        rows = [
            [names.get(code, code), n] for code, n in each.select("dispositif", "nb_jeunes").rows()
        ]
        anyone = part.filter(pl.col("dispositif").is_null())["nb_jeunes"]
        return Table(
            "ml.dispositifs.jeunes_par_dispositif",
            "Jeunes accompagnés dans l'année par dispositif",
            year,
            [
                Column("dispositif", "Dispositif", "texte"),
                Column("jeunes", "Jeunes accompagnés dans l'année"),
            ],
            rows,
            ["Tous dispositifs (jeunes distincts)", int(anyone.sum())],
            [
                "jeunes entrés au plus tard le 31 décembre et pas sortis avant le 1er janvier, "
                "entrées des années antérieures comprises",
                "un jeune dans deux dispositifs compte dans chacun ; le total le compte une fois",
            ],
        )

    results: list[Result] = [
        with_previous(data, one),
        scalar(
            data, "ml.dispositifs.pacea_entrees", "Entrées en PACEA", "nombre", entries_of("PACEA")
        ),
        scalar(
            data,
            "ml.dispositifs.pacea_accompagnes",
            "Jeunes accompagnés en PACEA",
            "nombre",
            pacea_active,
            note="entrés au plus tard dans l'année, sortis après son début",
        ),
        scalar(
            data,
            "ml.dispositifs.pacea_allocations",
            "Allocations PACEA demandées",
            "euros",
            allowances,
            note=allowance_note,
        ),
        scalar(data, "ml.dispositifs.cej_entrees", "Entrées en CEJ", "nombre", entries_of("CEJ")),
        scalar(
            data,
            "ml.dispositifs.cej_sorties",
            "Sorties du CEJ",
            "nombre",
            exit_counts,
            note="sorties de l'année, quelle que soit l'année d'entrée",
        ),
        scalar(
            data,
            "ml.dispositifs.cej_sorties_positives",
            "Sorties positives du CEJ",
            "nombre",
            positives,
            note=f"sortie positive : {definition}",
        ),
        scalar(
            data,
            "ml.dispositifs.cej_taux_sorties_positives",
            "Taux de sorties positives du CEJ",
            "taux",
            by_year(exits, "taux_sorties_positives"),
            numerator=positives.get(data.year, 0),
            denominator=exit_counts.get(data.year, 0),
            note="sorties positives / sorties",
        ),
    ]
    if data.youths is not None:
        cej = data.frame.filter(
            (pl.col("dispositif") == "CEJ") & (year_of(pl.col("date_entree")) == data.year)
        ).join(data.youths, on="jeune", how="left")
        qpv = int(cej["qpv"].fill_null(False).sum())
        no_diploma_levels = config.ml.no_diploma_levels()
        no_diploma = int(cej["niveau"].is_in(no_diploma_levels).fill_null(False).sum())
        results += [
            Scalar(
                "ml.dispositifs.cej_part_qpv",
                "Entrants en CEJ résidant en QPV",
                "taux",
                data.year,
                qpv / cej.height if cej.height else None,
                numerator=qpv,
                denominator=cej.height,
            ),
            Scalar(
                "ml.dispositifs.cej_part_sans_diplome",
                "Entrants en CEJ sans diplôme",
                "taux",
                data.year,
                no_diploma / cej.height if cej.height else None,
                numerator=no_diploma,
                denominator=cej.height,
                note=no_diploma_note(no_diploma_levels) + " (extraction des jeunes)",
            ),
        ]
    codes = [c.code for c in ML_PROGRAMMES.column("dispositif").categories]

    reinforced = config.ml.dispositifs_renforces

    def per_programme(year: int) -> Table:
        part = entries.filter((pl.col(YEAR) == year) & pl.col("dispositif").is_in(reinforced)).sort(
            declared_order("dispositif", codes)
        )
        spec = ML_PROGRAMMES.column("dispositif")
        rows = [
            [spec.label_of(r["dispositif"]), r["nb_entrees"]] for r in part.iter_rows(named=True)
        ]
        return Table(
            "ml.dispositifs.entrees",
            "Entrées par dispositif",
            year,
            [
                Column("dispositif", "Dispositif", "texte"),
                Column("entrees", "Entrées", additive=True),
            ],
            rows,
            ["Total", int(part["nb_entrees"].sum())],
            [
                "entrées de l'année, par date d'entrée",
                "dispositifs d'accompagnement renforcé (ml.dispositifs_renforces) ; les "
                "actions locales ont leur tableau",
            ],
        )

    exit_codes = [c.code for c in ML_PROGRAMME_EXITS]

    def cej_exits(year: int) -> Table:
        part = (
            data.frame.filter(
                (pl.col("dispositif") == "CEJ") & (year_of(pl.col("date_sortie")) == year)
            )
            .group_by("situation_sortie")
            .len()
            .sort(
                declared_order("situation_sortie", exit_codes),
                nulls_last=True,
            )
        )
        rows = [
            [
                "Non renseigné" if r["situation_sortie"] is None else labels[r["situation_sortie"]],
                "oui" if r["situation_sortie"] in positive else "non",
                r["len"],
            ]
            for r in part.iter_rows(named=True)
        ]
        return Table(
            "ml.dispositifs.cej_sorties_par_situation",
            "Situations à la sortie du CEJ",
            year,
            [
                Column("situation", "Situation à la sortie", "texte"),
                Column("positive", "Sortie positive", "texte"),
                Column("jeunes", "Jeunes", additive=True),
            ],
            rows,
            ["Total", "", int(part["len"].sum())],
            [f"sortie positive : {definition}"],
        )

    results += [with_previous(data, per_programme), with_previous(data, cej_exits)]
    return results + justice(data) + local_actions(data)


#: intitulé d'une action locale sans intitulé dans l'extraction
UNNAMED_ACTION = "Action locale (sans intitulé)"


def local_actions(data: Programmes) -> list[Result]:
    """Les actions locales (dispositif « Action locale », par intitulé) : jeunes en cours,
    entrées, sorties et situations à la sortie ; avec l'extraction des jeunes, leur
    profil. Rapport 2025, « Lutte contre le décrochage, financée par la Politique de la
    ville » : 30 jeunes, 43 % de femmes, 46 % de 18-19 ans, tous en QPV, 70 % sans
    certification ; 6 en alternance, 13 en emploi, 5 en formation, 6 projets validés."""
    frame = data.frame.filter(pl.col("dispositif") == "action_locale").with_columns(
        pl.col("intitule").fill_null(UNNAMED_ACTION)
    )
    if frame.is_empty():
        return []
    years = [y for y in (data.previous, data.year) if y is not None]
    active = ind.programme_active_by(frame, programme="action_locale", years=years, by="intitule")
    entries = frame.group_by(year_column("date_entree"), "intitule").len()
    exits = (
        frame.filter(pl.col("date_sortie").is_not_null())
        .group_by(
            year_column("date_sortie"),
            "intitule",
            "situation_sortie",
        )
        .len()
    )
    labels = {c.code: c.label for c in ML_PROGRAMME_EXITS}
    exit_codes = list(labels)

    def counts(year: int) -> Table:
        part = active.filter(pl.col(YEAR) == year).sort("intitule")
        n_in = {
            a: n for a, n in entries.filter(pl.col(YEAR) == year).select("intitule", "len").rows()
        }
        n_out = exits.filter(pl.col(YEAR) == year).group_by("intitule").agg(pl.col("len").sum())
        out = dict(n_out.select("intitule", "len").rows())
        rows = [
            [a, n, n_in.get(a, 0), out.get(a, 0)]
            for a, n in part.select("intitule", "nb_jeunes").rows()
        ]
        return Table(
            "ml.actions_locales.par_action",
            "Actions locales : jeunes, entrées, sorties",
            year,
            [
                Column("action", "Action", "texte"),
                Column("jeunes", "Jeunes accompagnés dans l'année", additive=True),
                Column("entrees", "Entrées", additive=True),
                Column("sorties", "Sorties", additive=True),
            ],
            rows,
            ["Total", *(sum(r[i] for r in rows) for i in (1, 2, 3))],
            [
                "jeunes en cours dans l'action dans l'année (entrés au plus tard le 31 "
                "décembre, pas sortis avant le 1er janvier) ; un jeune compte dans chaque "
                "action où il est",
            ],
        )

    def situations(year: int) -> Table:
        part = exits.filter(pl.col(YEAR) == year).sort(
            "intitule", declared_order("situation_sortie", exit_codes), nulls_last=True
        )
        # une ligne par action et situation, son libellé les joignant par « / » : le
        # libellé d'une ligne (première colonne) est unique, ce qui nomme chaque case
        # (``ml.actions_locales.situations[Action / Formation].jeunes``) et apparie N-1
        rows = [
            [f"{a} / {labels[s] if s is not None else 'Non renseignée'}", n]
            for a, s, n in part.select("intitule", "situation_sortie", "len").rows()
        ]
        return Table(
            "ml.actions_locales.situations",
            "Actions locales : situations à la sortie",
            year,
            [
                Column("action_situation", "Action / situation à la sortie", "texte"),
                Column("jeunes", "Jeunes sortis", additive=True),
            ],
            rows,
            ["Total", int(part["len"].sum())],
            ["sorties de l'année, quelle que soit l'année d'entrée"],
        )

    results: list[Result] = [with_previous(data, counts), with_previous(data, situations)]
    if data.youths is not None:
        results.append(with_previous(data, _local_profile(frame, data.youths, years)))
    return results


def _local_profile(
    frame: pl.DataFrame, youths: pl.DataFrame, years: Sequence[int]
) -> Callable[[int], Table]:
    """Le profil des jeunes de chaque action locale dans l'année : femmes, QPV, sans
    diplôme, moins de 20 ans à l'entrée (parts des jeunes dont la donnée est connue)."""
    people = ind.programme_years(frame, years=years, kinds=["action_locale"])
    first = (
        frame.sort("date_entree")
        .group_by("jeune", "intitule", maintain_order=True)
        .agg(pl.col("date_entree").first())
    )
    detail = (
        first.join(people, on="jeune", how="inner")
        .join(youths, on="jeune", how="left")
        .with_columns(
            (age_on(pl.col("date_naissance"), pl.col("date_entree")) < 20).alias("moins_20"),
            (pl.col("sexe") == "F").alias("femme"),
            (pl.col("niveau") == "sans_diplome").alias("sans_diplome"),
        )
        .group_by(YEAR, "intitule")
        .agg(
            pl.len().alias("jeunes"),
            *(pl.col(c).mean().alias(c) for c in ("femme", "qpv", "sans_diplome", "moins_20")),
        )
    )

    def one(year: int) -> Table:
        part = detail.filter(pl.col(YEAR) == year).sort("intitule")
        rows = [
            [r["intitule"], r["jeunes"], r["femme"], r["qpv"], r["sans_diplome"], r["moins_20"]]
            for r in part.iter_rows(named=True)
        ]
        return Table(
            "ml.actions_locales.profil",
            "Actions locales : profil des jeunes",
            year,
            [
                Column("action", "Action", "texte"),
                Column("jeunes", "Jeunes accompagnés dans l'année", additive=True),
                Column("part_femmes", "Part des femmes", "taux", base="jeunes"),
                Column("part_qpv", "Part en QPV", "taux", base="jeunes"),
                Column("part_sans_diplome", "Part sans diplôme", "taux", base="jeunes"),
                Column(
                    "part_moins_20", "Part des moins de 20 ans à l'entrée", "taux", base="jeunes"
                ),
            ],
            rows,
            None,
            [
                "profil de l'extraction des jeunes ; parts sur les jeunes dont la donnée est "
                "connue ; âge à la première entrée dans l'action",
            ],
        )

    return one


#: milieu d'une mesure de justice sans valeur dans l'extraction
UNKNOWN_SETTING = "Milieu non renseigné"


def justice(data: Programmes) -> list[Result]:
    """Les jeunes sous main de justice, comptés **dans leurs dispositifs** (JSMJ,
    UEMO-FIPD) : les mêmes jeunes que les lignes du tableau des jeunes par dispositif.
    Rapport 2025 : « 84 jeunes dans le dispositif JSMJ dont 10 en milieu fermé et 74 en
    milieu ouvert » ; la permanence UEMO-FIPD, « 15 jeunes sous mains de justice »."""
    years = [y for y in (data.previous, data.year) if y is not None]
    note = "jeunes en cours dans le dispositif dans l'année (entrées antérieures comprises)"
    settings = ind.programme_active_by(data.frame, programme="JSMJ", years=years, by="milieu")
    labels = {c.code: c.label for c in JUSTICE_SETTINGS}

    def one(year: int) -> Table:
        part = settings.filter(pl.col(YEAR) == year).sort(
            declared_order("milieu", list(labels)), nulls_last=True
        )
        rows = [
            [labels[m] if m is not None else UNKNOWN_SETTING, n]
            for m, n in part.select("milieu", "nb_jeunes").rows()
        ]
        return Table(
            "ml.justice.par_milieu",
            "Jeunes du dispositif JSMJ par milieu",
            year,
            [
                Column("milieu", "Milieu", "texte"),
                Column("jeunes", "Jeunes", additive=True),
            ],
            rows,
            ["Total", int(part["nb_jeunes"].sum())],
            [
                note,
                "un jeune compte une fois, dans le milieu de sa dernière entrée en cours",
            ],
        )

    return [
        scalar(
            data,
            "ml.justice.jsmj",
            "Jeunes accompagnés dans le dispositif JSMJ",
            "nombre",
            by_year(ind.programme_active(data.frame, programme="JSMJ", years=years), "nb_jeunes"),
            note=note,
        ),
        with_previous(data, one),
        scalar(
            data,
            "ml.justice.uemo",
            "Jeunes accompagnés à la permanence UEMO-FIPD",
            "nombre",
            by_year(
                ind.programme_active(data.frame, programme="UEMO-FIPD", years=years), "nb_jeunes"
            ),
            note=note,
        ),
    ]


# --- demandes et propositions -------------------------------------------------------------


@dataclass
class Dated:
    """Une extraction datée (demandes ou propositions) restreinte à N-1 et N."""

    frame: pl.DataFrame
    source: SourceReport
    year: int
    previous: int | None


def load_dated(
    path: Path,
    schema: Any,
    config: Config,
    options: ReadOptions,
    *,
    year: int | None,
    columns: Sequence[str] = (),
) -> Dated:
    """Lit une extraction dont chaque ligne a une date ; garde N-1 et N (``columns`` : les
    colonnes facultatives à lire)."""
    frame, source = scan_export(path, schema, columns=list(columns), config=config, options=options)
    frame = frame.with_columns(year_column("date"))
    counts = count_rows(frame, [YEAR])
    present = years_counted(counts, YEAR)
    if not present:
        raise InvalidDataError(f"{path} : aucune ligne de données sous l'en-tête.")
    year = choose_year(present, year, path)
    kept, excluded = apply_exclusions(
        frame,
        [
            (f"date hors de {year - 1}-{year}", ~pl.col(YEAR).is_between(year - 1, year)),
        ],
        counted=counts,
    )
    for reason, count in excluded.items():
        source.exclude(reason, count)
    collected = kept.drop(LINE).collect()
    previous = year - 1 if (collected[YEAR] == year - 1).any() else None
    return Dated(collected, source, year, previous)


def _theme_order(frame: pl.DataFrame) -> pl.DataFrame:
    codes = [c.code for c in THEMES]
    return frame.sort(declared_order("theme", codes))


THEME_LABELS = {c.code: c.label for c in THEMES}
#: thèmes de l'emploi et de l'alternance (séparés ou non par l'extraction) et la ligne
#: qui les rassemble (« 36 % des demandes portent sur l'emploi ou l'alternance »)
EMPLOYMENT_THEMES = ("emploi", "alternance", "emploi_alternance")
EMPLOYMENT_GROUP = "Emploi et alternance (ensemble)"


def _with_employment_group(table: Table, themes: list[str], row: list[Any] | None = None) -> Table:
    """Ajoute, après le dernier thème de l'emploi ou de l'alternance, la ligne de sous-total
    qui les rassemble, quand l'extraction en sépare au moins deux (sinon la ligne du thème
    suffit). ``row`` : la ligne à ajouter ; par défaut, la somme des effectifs et des
    parts des lignes rassemblées (un tableau de répartition)."""
    where = [i for i, t in enumerate(themes) if t in EMPLOYMENT_THEMES]
    if len(where) < 2:
        return table
    if row is None:
        parts = [table.rows[i] for i in where]
        row = [EMPLOYMENT_GROUP, *(sum(r[k] for r in parts) for k in range(1, len(parts[0])))]
    table.rows.insert(where[-1] + 1, row)
    table.subtotals.append(EMPLOYMENT_GROUP)
    table.notes.append(
        f"« {EMPLOYMENT_GROUP} » : sous-total des thèmes de l'emploi et de l'alternance"
    )
    return table


def requests(data: Dated) -> list[Result]:
    """Demandes de l'année : nombre et part par thème."""
    grouped = distribution(data.frame, "theme")
    totals = by_year(data.frame.group_by(YEAR).len(), "len")
    results: list[Result] = [
        scalar(data, "ml.demandes.total", "Demandes exprimées", "nombre", totals),
    ]

    def one(year: int) -> Table:
        part = _theme_order(grouped.filter(pl.col(YEAR) == year))
        items = [(THEME_LABELS[r["theme"]], r["nb"]) for r in part.iter_rows(named=True)]
        table = share_table(
            "ml.demandes.par_theme",
            "Demandes par thème",
            year,
            ("theme", "Thème"),
            ("demandes", "Demandes"),
            items,
            ["demandes datées de l'année"],
        )
        return _with_employment_group(table, [r["theme"] for r in part.iter_rows(named=True)])

    results.append(with_previous(data, one))
    return results


UNKNOWN_AGE = "âge inconnu"


def requests_by_age(data: Dated, youths: pl.DataFrame) -> Table:
    """Demandes de chaque thème selon l'âge du jeune **à la date de la demande** (« les
    jeunes de 18 à 21 ans sont ceux qui ont le plus formulé de demandes d'emploi ou
    d'alternance (52 %) ») : nombre de demandes du thème, puis la part de chaque tranche
    d'âge (16-17, 18-21, 22-25, 26 ans et plus ; « moins de 16 ans » s'il y en a ;
    « âge inconnu » si le jeune n'est pas dans l'extraction des jeunes ou sans date de
    naissance). Les parts d'un thème font 100 %. ``youths`` : une ligne par jeune
    (:func:`load_youths`)."""
    if "date_naissance" not in youths.columns:  # colonne absente : tout « âge inconnu »
        youths = youths.with_columns(pl.lit(None, dtype=pl.Date).alias("date_naissance"))
    # une ligne par jeune (:func:`load_youths` ne garde que la première de chacun) : la
    # jointure ne répète aucune demande ; ``unique`` sur les 2,1 M jeunes de l'échelle
    # nationale coûtait 0,8 s pour ne rien enlever
    births = youths.select("jeune", "date_naissance")
    say_absent_youths(
        data.frame.lazy().select(YEAR, "jeune"),
        births,
        who="jeunes des demandes",
        source=data.source.path,
        lost="leurs demandes sont comptées « âge inconnu »",
    )
    # les demandes comptées par âge (un entier), puis les âges rangés en tranches dans ce
    # petit tableau : écrire le libellé de la tranche sur chaque demande coûtait deux fois
    # plus (2,6 M demandes, 2,1 M jeunes : 1,06 → 0,56 s)
    ages = (
        data.frame.lazy()
        .join(births.lazy(), on="jeune", how="left")
        .group_by(YEAR, "theme", age_on(pl.col("date_naissance"), pl.col("date")).alias("age"))
        .len()
        .collect()
    )
    band = pl.coalesce(age_band(pl.col("age"), AGE_BOUNDS, AGE_LABELS), pl.lit(UNKNOWN_AGE))
    counts = (
        ages.with_columns(band.alias("tranche_age"))
        .group_by(YEAR, "theme", "tranche_age")
        .agg(pl.col("len").sum())
    )
    unknown = int(counts.filter(pl.col("tranche_age") == UNKNOWN_AGE)["len"].sum())
    under = int(counts.filter(pl.col("tranche_age") == UNDER_16)["len"].sum())
    bands = [
        *(b for b in AGE_LABELS if b != UNDER_16 or under),
        *([UNKNOWN_AGE] if unknown else []),
    ]

    def one(year: int) -> Table:
        part = counts.filter(pl.col(YEAR) == year)
        n = {(r["theme"], r["tranche_age"]): r["len"] for r in part.iter_rows(named=True)}
        themes = [c.code for c in THEMES if any(t == c.code for t, _ in n)]
        rows: list[list[Any]] = []
        for theme in themes:
            total = sum(n.get((theme, b), 0) for b in bands)
            shares = [n.get((theme, b), 0) / total if total else None for b in bands]
            rows.append([THEME_LABELS[theme], total, *shares])
        columns = [
            Column("theme", "Thème", "texte"),
            Column("demandes", "Demandes", additive=True),
            *(
                # part dans la ligne (le thème) : unité « taux » avec sa base, comme les
                # autres parts de ligne (une « part » se lit dans la colonne)
                Column(f"part_{normalize_label(b)}", f"Part des {b}", "taux", base="demandes")
                for b in bands
            ),
        ]
        group = [t for t in themes if t in EMPLOYMENT_THEMES]
        group_n = sum(n.get((t, b), 0) for t in group for b in bands)
        group_row = [
            EMPLOYMENT_GROUP,
            group_n,
            *(sum(n.get((t, b), 0) for t in group) / group_n if group_n else None for b in bands),
        ]
        all_requests = sum(r[1] for r in rows)
        everyone = [
            sum(n.get((t, b), 0) for t in themes) / all_requests if all_requests else None
            for b in bands
        ]
        table = Table(
            "ml.demandes.par_age",
            "Demandes par thème et âge du jeune",
            year,
            columns,
            rows,
            ["Total", all_requests, *everyone],
            [
                "âge à la date de la demande (date de naissance de l'extraction des jeunes) ; "
                "parts des demandes du thème"
            ],
        )
        return _with_employment_group(table, themes, group_row)

    return with_previous(data, one)


def proposals(data: Dated) -> list[Result]:
    """Propositions par thème : jeunes, propositions, prescriptions, entrées."""
    funnel = ind.proposals_funnel(data.frame)

    def one(year: int) -> Table:
        part = _theme_order(funnel.filter(pl.col(YEAR) == year))
        rows = [
            [
                THEME_LABELS[r["theme"]],
                r["nb_jeunes"],
                r["nb_propositions"],
                r["nb_prescriptions"],
                r["nb_entrees"],
            ]
            for r in part.iter_rows(named=True)
        ]
        return Table(
            "ml.propositions.par_theme",
            "Propositions, prescriptions et entrées par thème",
            year,
            [
                Column("theme", "Thème", "texte"),
                Column("jeunes", "Jeunes"),
                Column("propositions", "Propositions", additive=True),
                Column("prescriptions", "Prescriptions", additive=True),
                Column("entrees", "Entrées", additive=True),
            ],
            rows,
            None,
            ["jeunes : jeunes distincts ayant au moins une étape du thème dans l'année"],
        )

    return [with_previous(data, one)]


#: colonnes facultatives des propositions (partenaires de santé)
PROPOSAL_COLUMNS = ("partenaire", "suite")


def health_partners(data: Dated, youths: pl.DataFrame | None) -> Table:
    """Propositions de santé par partenaire (« Permanences d'écoute à Vitry-sur-Seine […]
    56 jeunes […] 200 propositions de rendez-vous, 25 % n'ont pas été honorées […] 65 % de
    femmes » ; à Ivry, 20 jeunes, 101 propositions, 12 femmes et 8 hommes) : propositions,
    jeunes distincts, part non honorée (sur les propositions dont la suite est connue) et,
    avec l'extraction des jeunes, part des femmes (sur les jeunes dont le sexe est
    connu). Étape « proposition » du thème santé, par date de proposition."""
    sexes = (
        youths.select("jeune", "sexe")
        if youths is not None and "sexe" in youths.columns
        else pl.DataFrame(schema={"jeune": data.frame.collect_schema()["jeune"], "sexe": pl.String})
    )
    frame = data.frame.filter(
        (pl.col("theme") == "sante")
        & (pl.col("etape") == "proposition")
        & pl.col("partenaire").is_not_null()
    )
    people = frame.select(YEAR, "partenaire", "jeune").unique().join(sexes, on="jeune", how="left")
    if youths is not None:
        say_absent_youths(
            frame.lazy().select(YEAR, "jeune"),
            youths,
            who="jeunes des propositions de santé",
            source=data.source.path,
            lost="leur sexe est inconnu (part des femmes)",
        )
    summary = (
        frame.group_by(YEAR, "partenaire")
        .agg(
            pl.len().alias("propositions"),
            pl.col("jeune").n_unique().alias("jeunes"),
            (pl.col("suite") == "non_honoree").sum().alias("non_honorees"),
            pl.col("suite").is_in(["honoree", "non_honoree"]).sum().alias("connues"),
        )
        .join(
            people.group_by(YEAR, "partenaire").agg(
                (pl.col("sexe") == "F").sum().alias("femmes"),
                pl.col("sexe").is_not_null().sum().alias("sexe_connu"),
            ),
            on=[YEAR, "partenaire"],
            how="left",
        )
    )
    with_sex = youths is not None

    def share(k: int, n: int) -> float | None:
        return k / n if n else None

    def one(year: int) -> Table:
        part = summary.filter(pl.col(YEAR) == year).sort(
            "propositions", "partenaire", descending=[True, False]
        )
        rows = [
            [
                r["partenaire"],
                r["propositions"],
                r["jeunes"],
                share(r["non_honorees"], r["connues"]),
                *([share(r["femmes"], r["sexe_connu"])] if with_sex else []),
            ]
            for r in part.iter_rows(named=True)
        ]
        columns = [
            Column("partenaire", "Partenaire", "texte"),
            Column("propositions", "Propositions", additive=True),
            Column("jeunes", "Jeunes"),
            Column("part_non_honorees", "Part non honorée", "taux", base="propositions"),
        ]
        if with_sex:
            columns.append(Column("part_femmes", "Part des femmes", "taux", base="jeunes"))
        return Table(
            "ml.sante.par_partenaire",
            "Propositions de santé par partenaire",
            year,
            columns,
            rows,
            ["Total", int(part["propositions"].sum()), *([None] * (len(columns) - 2))],
            [
                "propositions de santé de l'année qui nomment un partenaire (colonne "
                "« Partenaire ») ; jeunes distincts par partenaire",
                "part non honorée : sur les propositions dont la « Suite donnée » est "
                "honorée ou non honorée",
                *(
                    ["part des femmes : jeunes de l'extraction des jeunes dont le sexe est connu"]
                    if with_sex
                    else []
                ),
            ],
        )

    return with_previous(data, one)


DATED_IDS = ("ml.demandes.total", "ml.demandes.par_theme", "ml.propositions.par_theme")


#: thème de demande -> natures de situation qui y répondent
THEME_SITUATIONS = {
    "emploi": (("emploi",), ("emploi",)),
    "alternance": (("alternance",), ("alternance",)),
    "emploi_alternance": (EMPLOYMENT_THEMES, ("emploi", "alternance")),
    "formation": (("formation",), ("formation",)),
}


def requests_vs_situations(requests_data: Dated, situations_data: Situations) -> Table:
    """Pour chaque thème : demandes, situations créées qui y répondent, leur rapport, et
    l'évolution de ce rapport sur un an.

    Rapport = situations ÷ demandes (1,0 : autant de situations que de demandes) ;
    évolution = rapport de N ÷ rapport de N-1 − 1 (« une poursuite de l'évolution du taux
    de l'emploi proche des 100 % de plus », « l'alternance +21 % », « la formation
    −6 % »). L'emploi et l'alternance ont chacun leur ligne quand l'extraction des
    demandes les sépare ; la ligne « ensemble » les rassemble toujours.
    """
    demands = requests_data.frame.group_by(YEAR, "theme").len()
    kinds = situations_data.frame.group_by(YEAR, "type_situation").len()
    split = demands.filter(pl.col("theme").is_in(["emploi", "alternance"])).height > 0
    keys = [k for k in THEME_SITUATIONS if split or k not in ("emploi", "alternance")]

    def counts(year: int, key: str) -> tuple[int, int]:
        themes, situation_kinds = THEME_SITUATIONS[key]
        asked = demands.filter((pl.col(YEAR) == year) & pl.col("theme").is_in(themes))
        made = kinds.filter(
            (pl.col(YEAR) == year) & pl.col("type_situation").is_in(situation_kinds)
        )
        return int(asked["len"].sum()), int(made["len"].sum())

    def ratio(year: int, key: str) -> float | None:
        n_demands, n_situations = counts(year, key)
        return n_situations / n_demands if n_demands else None

    def one(year: int) -> Table:
        rows = []
        for key in keys:
            n_demands, n_situations = counts(year, key)
            now, before = ratio(year, key), ratio(year - 1, key)
            change = now / before - 1 if now is not None and before else None
            label = EMPLOYMENT_GROUP if key == "emploi_alternance" else THEME_LABELS[key]
            rows.append([label, n_demands, n_situations, now, change])
        return Table(
            "ml.demandes.rapport_situations",
            "Demandes et situations créées",
            year,
            [
                Column("theme", "Thème", "texte"),
                Column("demandes", "Demandes"),
                Column("situations", "Situations créées"),
                Column("rapport", "Situations par demande", "ratio"),
                Column("evolution", "Évolution du rapport sur un an", "taux"),
            ],
            rows,
            None,
            [
                "emploi : situations d'emploi ; alternance : situations d'alternance ; "
                "ensemble : les deux, pour toutes les demandes d'emploi ou d'alternance ; "
                "formation : situations de formation",
                "évolution = rapport de l'année ÷ rapport de l'année précédente − 1",
            ],
        )

    return with_previous(requests_data, one)
