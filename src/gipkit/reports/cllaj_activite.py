"""Documents d'activité du CLLAJ (``cllaj.activite.*``, ``cllaj.profil.*``, ``cllaj.lrj.*``).

Activité : nouveaux jeunes, jeunes accompagnés, demandes et propositions (par ville, par
type de demande), dossiers constitués, heures d'entretiens, relogements par type et par
ville. Profil en début d'accompagnement : âge, situation, niveau, logement, ménage, des
nouveaux jeunes, des accompagnés et des demandeurs de chaque type. Logement Relais
Jeunes : places, jeunes accompagnés, sorties et où, ménages au 31 décembre.

Les chiffres par ville suivent la commune du jeune (extraction des jeunes de l'année).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from gipkit.config import Config
from gipkit.errors import InvalidDataError
from gipkit.indicators import cllaj_activite as act
from gipkit.indicators.common import age_band, age_band_labels
from gipkit.io.exports.cllaj import (
    CLLAJ_INTERVIEWS,
    CLLAJ_LRJ,
    CLLAJ_PROPOSALS,
    CLLAJ_REHOUSINGS,
    CLLAJ_REQUESTS,
    HOUSEHOLDS,
    HOUSINGS,
    LRJ_EXITS,
    PROPOSAL_GROUPS,
    PROPOSAL_KINDS,
    REHOUSING_KINDS,
    REQUEST_KINDS,
    WORK_GROUPS,
    WORK_SITUATIONS,
)
from gipkit.io.exports.ml import EDUCATION_LEVELS
from gipkit.io.reader import LINE, ReadOptions, SourceReport, scan_export
from gipkit.io.schema import ExportSchema
from gipkit.reports.cllaj import scan_youths, threshold_of
from gipkit.reports.common import (
    choose_year,
    declared_order,
    present_years,
    scalar,
    with_previous,
)
from gipkit.results import Column, Result, Scalar, Table
from gipkit.selection import apply_exclusions

YEAR = "annee"
UNKNOWN = "Non renseigné"
REQUEST_CODES = [c.code for c in REQUEST_KINDS]
REQUEST_LABELS = {c.code: c.label for c in REQUEST_KINDS}
#: type de relogement qui répond à un type de demande
ANSWERS = {"parc_social": "parc_social", "temporaire": "temporaire", "parc_prive": "parc_prive"}


@dataclass
class Activity:
    """Les extractions du CLLAJ restreintes à N-1 et N, commune du jeune jointe."""

    youths: pl.DataFrame
    requests: pl.DataFrame | None
    proposals: pl.DataFrame | None
    rehousings: pl.DataFrame | None
    interviews: pl.DataFrame | None
    sources: list[SourceReport]
    year: int
    previous: int | None


def _dated(
    path: Path,
    schema: ExportSchema,
    columns: list[str],
    config: Config,
    options: ReadOptions,
    year: int,
    date: str = "date",
) -> tuple[pl.LazyFrame, SourceReport]:
    frame, source = scan_export(path, schema, columns=columns, config=config, options=options)
    frame = frame.with_columns(pl.col(date).dt.year().cast(pl.Int64).alias(YEAR))
    kept, excluded = apply_exclusions(
        frame, [(f"date hors de {year - 1}-{year}", ~pl.col(YEAR).is_between(year - 1, year))]
    )
    for reason, count in excluded.items():
        source.exclude(reason, count)
    return kept.drop(LINE), source


def load_activity(
    youths_path: Path,
    paths: dict[str, Path | None],
    config: Config,
    options: ReadOptions,
    *,
    year: int | None,
) -> Activity:
    """Lit les jeunes (obligatoires) et les extractions données de ``paths`` (demandes,
    propositions, relogements, entretiens)."""
    youths, source, year = scan_youths(youths_path, config, options, year=year)
    youths = youths.with_columns(
        (pl.col("date_premier_accueil").dt.year() == pl.col(YEAR)).fill_null(False).alias("nouveau")
    )
    sources = [source]
    residence = youths.select(YEAR, "jeune", "ville", "ressources")
    frames: dict[str, pl.LazyFrame] = {}
    for name, schema, columns in (
        ("demandes", CLLAJ_REQUESTS, []),
        ("propositions", CLLAJ_PROPOSALS, []),
        ("relogements", CLLAJ_REHOUSINGS, []),
        ("entretiens", CLLAJ_INTERVIEWS, ["duree"]),
    ):
        path = paths.get(name)
        if path is None:
            continue
        frame, extra = _dated(path, schema, columns, config, options, year)
        frames[name] = frame.join(residence, on=[YEAR, "jeune"], how="left")
        sources.append(extra)
    names = list(frames)
    collected = pl.collect_all([youths, *frames.values()])
    people, dated = collected[0], dict(zip(names, collected[1:], strict=True))
    if people.is_empty():
        raise InvalidDataError(f"{youths_path} : aucun jeune accompagné en {year - 1}-{year}.")
    previous = year - 1 if (people[YEAR] == year - 1).any() else None
    return Activity(
        people,
        dated.get("demandes"),
        dated.get("propositions"),
        dated.get("relogements"),
        dated.get("entretiens"),
        sources,
        year,
        previous,
    )


def _count(frame: pl.DataFrame | None, year: int, condition: pl.Expr | None = None) -> int:
    if frame is None:
        return 0
    part = frame.filter(pl.col(YEAR) == year)
    return part.height if condition is None else int(part.select(condition.sum()).item())


def _values(
    data: Activity, frame: pl.DataFrame | None, condition: pl.Expr | None = None
) -> dict[int, int]:
    years = [y for y in (data.previous, data.year) if y is not None]
    return {y: _count(frame, y, condition) for y in years}


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
            _values(data, data.youths),
            note="jeunes de l'extraction pour l'année (nouveaux et déjà suivis)",
        ),
        scalar(
            data,
            "cllaj.activite.nouveaux_jeunes",
            "Nouveaux jeunes accueillis",
            "nombre",
            _values(data, data.youths, new),
            note="premier accueil dans l'année",
        ),
        scalar(
            data,
            "cllaj.activite.nouveaux_sans_abri",
            "Nouveaux jeunes sans abri",
            "nombre",
            _values(data, data.youths, new & (pl.col("logement") == "sans_abri")),
        ),
        scalar(
            data,
            "cllaj.activite.nouveaux_structure_temporaire",
            "Nouveaux jeunes hébergés en structure temporaire",
            "nombre",
            _values(data, data.youths, new & (pl.col("logement") == "structure_temporaire")),
            note="CHU, FJT, CHRS, résidence sociale ou étudiante",
        ),
        scalar(
            data,
            "cllaj.activite.nouveaux_sortants_ase",
            "Nouveaux jeunes sortants de l'ASE",
            "nombre",
            _values(data, data.youths, new & pl.col("sortant_ase").fill_null(False)),
        ),
    ]
    for key, ident, label in (
        ("requests", "cllaj.activite.demandes", "Demandes"),
        ("proposals", "cllaj.activite.propositions", "Propositions"),
        ("rehousings", "cllaj.activite.relogements", "Jeunes relogés"),
    ):
        frame = getattr(data, key)
        if frame is not None:
            results.append(scalar(data, ident, label, "nombre", _values(data, frame)))
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
    if data.proposals is not None:
        results.append(with_previous(data, lambda y: _proposals(data, y, dossiers=False)))
        results.append(with_previous(data, lambda y: _proposals(data, y, dossiers=True)))
    return results


def _city_counts(frame: pl.DataFrame | None, year: int, name: str) -> pl.DataFrame:
    if frame is None:
        return pl.DataFrame(schema={"ville": pl.String, name: pl.Int64})
    return (
        frame.filter(pl.col(YEAR) == year)
        .group_by("ville")
        .agg(pl.len().cast(pl.Int64).alias(name))
    )


def _by_city(data: Activity, year: int) -> Table:
    youths = data.youths.filter(pl.col(YEAR) == year)
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
        ("rehousings", "relogements", "Jeunes relogés"),
    ):
        frame = getattr(data, key)
        if frame is None:
            continue
        table = table.join(_city_counts(frame, year, name), on="ville", how="full", coalesce=True)
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
        ("rehousings", "relogements", "Jeunes relogés", "type_logement"),
    ):
        frame = getattr(data, key)
        if frame is None:
            continue
        grouped = frame.filter(pl.col(YEAR) == year).group_by(by).len()
        found = dict(zip(grouped[by].to_list(), grouped["len"].to_list(), strict=True))
        if key == "rehousings":
            found = {kind: found.get(answer, 0) for kind, answer in ANSWERS.items()}
        counts[name] = {k: int(v) for k, v in found.items() if k is not None}
        columns.append(Column(name, label, additive=key != "rehousings"))
        if key == "requests":
            columns.append(Column("part_demandes", "Part des demandes", "part"))
    total_requests = sum(counts.get("demandes", {}).values())
    rows = []
    for code in REQUEST_CODES:
        row: list[Any] = [REQUEST_LABELS[code]]
        for column in columns[1:]:
            if column.id == "part_demandes":
                n = counts["demandes"].get(code, 0)
                row.append(n / total_requests if total_requests else None)
            else:
                row.append(counts[column.id].get(code, 0))
        rows.append(row)
    total: list[Any] = ["Total"]
    for column in columns[1:]:
        if column.id == "part_demandes":
            total.append(1.0 if total_requests else None)
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
    frame = data.rehousings
    assert frame is not None
    part = frame.filter(pl.col(YEAR) == year)
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
        "Jeunes relogés par type de logement et par ville",
        year,
        [
            Column("type_logement", "Type de logement / ville du jeune", "texte"),
            Column("relogements", "Jeunes relogés", additive=True),
        ],
        rows,
        ["Total", part.height],
        ["ville du jeune (extraction des jeunes de l'année)"],
        subtotals=subtotals,
    )


def _proposals(data: Activity, year: int, *, dossiers: bool) -> Table:
    frame = data.proposals
    assert frame is not None
    part = frame.filter(pl.col(YEAR) == year).with_columns(
        pl.col("type_proposition")
        .replace_strict(PROPOSAL_GROUPS, default="information", return_dtype=pl.String)
        .alias("groupe")
    )
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
        part = data.requests.filter(  # type: ignore[union-attr]
            (pl.col(YEAR) == year) & pl.col("ressources").is_not_null()
        )
        grouped = part.group_by("type_demande").agg(
            pl.len().cast(pl.Int64).alias("nb"),
            (pl.col("ressources") < threshold).sum().cast(pl.Int64).alias("sous"),
            *[
                (pl.col("ressources") >= b).sum().cast(pl.Int64).alias(f"plus_{i}")
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
            (pl.col("ressources") < threshold).sum().alias("sous"),
            *[(pl.col("ressources") >= b).sum().alias(f"plus_{i}") for i, b in enumerate(bounds)],
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
            [f"seuil : {threshold:g} € par mois ; une ligne par demande"],
        )

    return with_previous(data, one)


# --- profil en début d'accompagnement -----------------------------------------------------

LEVEL_GROUPS = {
    "Niveau bac ou moins": ("sans_diplome", "cap_bep", "bac_non_valide", "bac"),
    "Bac+2 et plus": ("bac_2", "bac_3_plus"),
}
HOUSING_GROUPS = {"Hébergé par l'entourage": ("parents", "tiers")}
SHORT_LABELS = {
    "parc_social": "Parc social",
    "temporaire": "Logement temporaire",
    "parc_prive": "Parc privé",
}
WORK_LABELS = {
    "emploi": "En emploi",
    "alternance": "En alternance",
    "demandeur_emploi": "Demandeur d'emploi",
}


Rows = list[tuple[str, str, tuple[str, ...]]]


def _dimensions(config: Config) -> list[tuple[str, str, str, Rows]]:
    """(clé, identifiant, libellé, [(code, libellé, sous-codes)]) ; des sous-codes font un
    sous-total."""
    bounds = config.cllaj.tranches_age
    ages: Rows = [(label, label, ()) for label in age_band_labels(bounds)]
    work_groups = {code for codes in WORK_GROUPS.values() for code in codes}
    work: Rows = [
        (codes[0], WORK_LABELS[group], ())
        if len(codes) == 1
        else (group, WORK_LABELS[group], codes)
        for group, codes in WORK_GROUPS.items()
    ] + [(c.code, c.label, ()) for c in WORK_SITUATIONS if c.code not in work_groups]
    levels: Rows = [(g, g, codes) for g, codes in LEVEL_GROUPS.items()]
    housing_grouped = {c for codes in HOUSING_GROUPS.values() for c in codes}
    housing: Rows = [(c.code, c.label, ()) for c in HOUSINGS if c.code not in housing_grouped]
    housing += [(g, g, codes) for g, codes in HOUSING_GROUPS.items()]
    households: Rows = [(c.code, c.label, ()) for c in HOUSEHOLDS]
    return [
        ("tranche_age", "cllaj.profil.age", "Tranche d'âge en début d'accompagnement", ages),
        ("situation", "cllaj.profil.situation", "Situation professionnelle", work),
        ("niveau", "cllaj.profil.niveau", "Niveau de formation", levels),
        ("logement", "cllaj.profil.logement", "Situation de logement", housing),
        ("menage", "cllaj.profil.menage", "Composition familiale", households),
    ]


def _populations(data: Activity, year: int) -> list[tuple[str, str, pl.DataFrame]]:
    """(identifiant, libellé, jeunes) : nouveaux, accompagnés, demandeurs de chaque type."""
    youths = data.youths.filter(pl.col(YEAR) == year)
    out = [
        ("nouveaux", "Nouveaux jeunes", youths.filter(pl.col("nouveau"))),
        ("accompagnes", "Jeunes accompagnés", youths),
    ]
    if data.requests is not None:
        requests = data.requests.filter(pl.col(YEAR) == year)
        for code in REQUEST_CODES[:3]:
            asked = requests.filter(pl.col("type_demande") == code).select("jeune").unique()
            out.append((code, SHORT_LABELS[code], youths.join(asked, on="jeune", how="semi")))
    return out


def profile(data: Activity, config: Config) -> list[Result]:
    """Profil en début d'accompagnement, par population, en effectifs et parts."""
    bounds = config.cllaj.tranches_age
    labels = age_band_labels(bounds)
    with_age = data.youths.with_columns(
        age_band(
            act.age_on(pl.col("date_naissance"), pl.col("date_premier_accueil")), bounds, labels
        ).alias("tranche_age")
    )
    data_aged = replace(data, youths=with_age)
    results: list[Result] = []
    for key, ident, label, rows_spec in _dimensions(config):

        def one(
            year: int,
            key: str = key,
            ident: str = ident,
            label: str = label,
            rows_spec: list[tuple[str, str, tuple[str, ...]]] = rows_spec,
        ) -> Table:
            populations = _populations(data_aged, year)
            columns = [Column(key, label, "texte")]
            for pid, plabel, _ in populations:
                columns += [
                    Column(pid, plabel, additive=True),
                    Column(f"part_{pid}", f"Part ({plabel})", "part"),
                ]
            counts = [
                dict(
                    zip(
                        *frame.group_by(key)
                        .len()
                        .select(key, "len")
                        .to_dict(as_series=False)
                        .values(),
                        strict=True,
                    )
                )
                for _, _, frame in populations
            ]
            sizes = [frame.height for _, _, frame in populations]
            rows: list[list[Any]] = []
            subtotals: list[str] = []
            listed: set[Any] = set()

            def line(name: str, codes: Sequence[Any]) -> list[Any]:
                out: list[Any] = [name]
                for found, size in zip(counts, sizes, strict=True):
                    n = sum(found.get(c, 0) for c in codes)
                    out += [n, n / size if size else None]
                return out

            for code, name, children in rows_spec:
                if children:
                    rows.append(line(name, children))
                    subtotals.append(name)
                    names = {
                        c.code: c.label for c in (*WORK_SITUATIONS, *EDUCATION_LEVELS, *HOUSINGS)
                    }
                    for child in children:
                        rows.append(line(f"{name} / {names.get(child, child)}", [child]))
                        listed.add(child)
                else:
                    rows.append(line(name, [code]))
                    listed.add(code)
            others = {k for found in counts for k in found} - listed
            if others:
                rows.append(line(UNKNOWN, sorted(others, key=str)))
            total: list[Any] = ["Total"]
            for size in sizes:
                total += [size, 1.0 if size else None]
            return Table(
                ident,
                f"{label} : nouveaux jeunes, accompagnés et demandeurs",
                year,
                columns,
                rows,
                total,
                [
                    "situation à l'entrée au CLLAJ ; demandeurs : jeunes accompagnés ayant fait "
                    "une demande de ce type dans l'année"
                ],
                subtotals=subtotals,
            )

        results.append(with_previous(data, one))
    return results


# --- Logement Relais Jeunes ---------------------------------------------------------------


@dataclass
class Stays:
    """Les séjours au LRJ qui touchent N-1 ou N."""

    frame: pl.DataFrame
    source: SourceReport
    year: int
    previous: int | None


def load_lrj(path: Path, config: Config, options: ReadOptions, *, year: int | None) -> Stays:
    """Lit les séjours ; écarte, avec leur motif, ceux finis avant N-1 ou commencés après N."""
    frame, source = scan_export(
        path,
        CLLAJ_LRJ,
        columns=["residence", "sexe", "date_sortie", "logement_sortie", "menage"],
        config=config,
        options=options,
    )
    entry = frame.with_columns(pl.col("date_entree").dt.year().cast(pl.Int64).alias(YEAR))
    present = present_years(entry)
    if not present:
        raise InvalidDataError(f"{path} : aucun séjour sous l'en-tête.")
    years = present_years(frame.select(pl.col("date_sortie").dt.year().cast(pl.Int64).alias(YEAR)))
    # une année n'apparaissant que par des sorties compte, sans ligne commencée après N
    year = choose_year(dict.fromkeys(years, 0) | present, year, path)
    kept, excluded = apply_exclusions(
        frame,
        [
            (f"séjour commencé après {year}", pl.col("date_entree").dt.year() > year),
            (f"séjour fini avant {year - 1}", pl.col("date_sortie").dt.year() < year - 1),
        ],
    )
    for reason, count in excluded.items():
        source.exclude(reason, count)
    collected = kept.drop(LINE).collect()
    previous = year - 1 if (collected["date_entree"].dt.year() <= year - 1).any() else None
    return Stays(collected, source, year, previous)


def lrj(data: Stays, config: Config) -> list[Result]:
    """Places, jeunes accompagnés, sorties, présents au 31 décembre ; tableaux."""
    years = [y for y in (data.previous, data.year) if y is not None]
    counts = act.lrj_stays(data.frame, years=years)

    def of(column: str) -> dict[int, Any]:
        return dict(zip(counts[YEAR].to_list(), counts[column].to_list(), strict=True))

    results: list[Result] = []
    places = config.cllaj.lrj_places
    if places:
        # donnée saisie pour l'année N seulement : pas de N-1 (jamais un faux 0 ni un faux
        # « +30 » d'évolution)
        results.append(
            Scalar(
                "cllaj.lrj.places",
                "Places du Logement Relais Jeunes",
                "nombre",
                data.year,
                sum(places.values()),
                note=", ".join(f"{k} : {v}" for k, v in places.items())
                + " (clé cllaj.lrj_places ; donnée saisie, sans N-1)",
            )
        )
    results += [
        scalar(
            data,
            "cllaj.lrj.jeunes_accompagnes",
            "Jeunes accompagnés au LRJ",
            "nombre",
            of("nb_jeunes"),
            note="séjour en cours à un moment de l'année",
        ),
        scalar(data, "cllaj.lrj.sorties", "Sorties du LRJ", "nombre", of("nb_sorties")),
        scalar(
            data,
            "cllaj.lrj.presents_31_12",
            "Présents au LRJ au 31 décembre",
            "nombre",
            of("nb_presents_31_12"),
        ),
    ]

    def active(year: int) -> pl.DataFrame:
        return data.frame.filter(
            (pl.col("date_entree").dt.year() <= year)
            & (pl.col("date_sortie").is_null() | (pl.col("date_sortie").dt.year() >= year))
        )

    def table(
        ident: str,
        label: str,
        key: str,
        pick: Callable[[int], pl.DataFrame],
        names: dict[str, str],
        note: str,
    ) -> Table:
        def one(year: int) -> Table:
            frame = pick(year)
            grouped = (
                frame.group_by(key).len().sort(declared_order(key, list(names)), nulls_last=True)
            )
            rows = [
                [UNKNOWN if r[key] is None else names.get(r[key], r[key]), int(r["len"])]
                for r in grouped.iter_rows(named=True)
            ]
            return Table(
                ident,
                label,
                year,
                [
                    Column(key, label.split(" par ")[-1].capitalize(), "texte"),
                    Column("jeunes", "Jeunes", additive=True),
                ],
                rows,
                ["Total", frame.height],
                [note],
            )

        return with_previous(data, one)

    sexes = {"F": "Femmes", "H": "Hommes"}
    results += [
        table(
            "cllaj.lrj.par_sexe",
            "Jeunes accompagnés au LRJ par sexe",
            "sexe",
            lambda y: active(y).unique("jeune", keep="last", maintain_order=True),
            sexes,
            "jeunes distincts dont un séjour touche l'année",
        ),
        table(
            "cllaj.lrj.sorties_par_logement",
            "Sorties du LRJ par logement",
            "logement_sortie",
            lambda y: data.frame.filter(pl.col("date_sortie").dt.year() == y),
            {c.code: c.label for c in LRJ_EXITS},
            "séjours terminés dans l'année",
        ),
        table(
            "cllaj.lrj.menages_31_12",
            "Ménages présents au 31 décembre par composition",
            "menage",
            lambda y: data.frame.filter(
                (pl.col("date_entree").dt.year() <= y)
                & (pl.col("date_sortie").is_null() | (pl.col("date_sortie").dt.year() > y))
            ),
            {c.code: c.label for c in HOUSEHOLDS},
            "séjours en cours au 31 décembre",
        ),
    ]
    return results
