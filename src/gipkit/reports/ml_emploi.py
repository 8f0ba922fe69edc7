"""Documents « Emploi et alternance » de la Mission Locale (``ml.emploi.*``).

Les contrats sont les situations d'emploi et d'alternance commencées dans l'année. Par
type de contrat (et temps de travail), par tranche d'âge, sexe et niveau du jeune (si
l'extraction des jeunes est donnée), principaux recruteurs, secteurs (part des premiers),
métiers et département de l'employeur.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from gipkit.config import Config
from gipkit.indicators import ml as ind
from gipkit.indicators import ml_emploi as emp
from gipkit.indicators.common import YEAR, age_band, distribution, on_distinct, year_of
from gipkit.io.exports.ml import CONTRACT_TYPES, EDUCATION_LEVELS, TRAINING_FUNDERS, WORKING_TIMES
from gipkit.reports.common import (
    by_year,
    declared_order,
    say_absent_youths,
    scalar,
    share_table,
    with_previous,
)
from gipkit.reports.ml import AGE_BOUNDS, AGE_LABELS, Situations
from gipkit.results import Column, Result, Table

UNKNOWN = "Non renseigné"
SEXES = {"F": "Femmes", "H": "Hommes"}
#: départements d'Île-de-France, nommés dans le tableau des employeurs
DEPARTMENTS = {
    "75": "Paris",
    "77": "Seine-et-Marne",
    "78": "Yvelines",
    "91": "Essonne",
    "92": "Hauts-de-Seine",
    "93": "Seine-Saint-Denis",
    "94": "Val-de-Marne",
    "95": "Val-d'Oise",
}


def contracts_of(data: Situations, youths: pl.DataFrame | None) -> pl.DataFrame:
    """Une ligne par contrat (emploi ou alternance), avec le profil du jeune si donné."""
    contracts = data.frame.filter(pl.col("type_situation").is_in(ind.CONTRACT_KINDS))
    if youths is None:
        return contracts
    wanted = ["jeune", "sexe", "date_naissance", "niveau", "ville"]
    people = youths.select(c for c in wanted if c in youths.columns)
    say_absent_youths(
        contracts.lazy().select(YEAR, "jeune"),
        people,
        who="jeunes en contrat",
        source=data.source.path,
        lost="leurs contrats sont comptés sans sexe, âge, niveau ni commune",
    )
    return contracts.join(people, on="jeune", how="left").with_columns(
        age_band(
            (pl.col(YEAR) - year_of(pl.col("date_naissance"))).cast(pl.Int64),
            AGE_BOUNDS,
            AGE_LABELS,
        ).alias("tranche_age")
    )


def _distribution_table(
    data: Situations,
    contracts: pl.DataFrame,
    key: str,
    ident: str,
    label: str,
    order: list[str],
    names: dict[str, str],
    note: str,
) -> Table:
    grouped = distribution(contracts, key)

    def one(year: int) -> Table:
        part = grouped.filter(pl.col(YEAR) == year).sort(
            declared_order(key, order), nulls_last=True
        )
        items = [
            (UNKNOWN if r[key] is None else names.get(r[key], r[key]), r["nb"])
            for r in part.iter_rows(named=True)
        ]
        return share_table(
            ident,
            f"Contrats par {label.lower()}",
            year,
            (key, label),
            ("contrats", "Contrats"),
            items,
            [note],
        )

    return with_previous(data, one)


def _ranking_table(
    data: Situations,
    ranked: pl.DataFrame,
    key: str,
    ident: str,
    label: str,
    notes: list[str],
    rename: dict[str, str] | None = None,
) -> Table:
    def name(value: Any) -> str:
        if value is None:
            return UNKNOWN
        return f"{value} {rename[value]}" if rename and value in rename else str(value)

    def one(year: int) -> Table:
        part = ranked.filter(pl.col(YEAR) == year)
        rows = [[name(r[key]), r["rang"], r["nb"], r["part"]] for r in part.iter_rows(named=True)]
        return Table(
            ident,
            label,
            year,
            [
                Column(key, label.split(" (")[0], "texte"),
                Column("rang", "Rang", counts=False),
                Column("contrats", "Contrats", additive=True),
                Column("part", "Part", "part"),
            ],
            rows,
            ["Total", None, int(part["nb"].sum()), 1.0 if part.height else None],
            notes,
        )

    return with_previous(data, one)


def employment(data: Situations, youths: pl.DataFrame | None, config: Config) -> list[Result]:
    """Contrats par type, profil du jeune, recruteurs, secteurs, métiers, départements."""
    settings = config.ml
    contracts = contracts_of(data, youths)
    results: list[Result] = [_types_table(data, contracts)]
    if youths is not None and "ville" in contracts.columns:
        results.append(_interim_by_city(data, contracts))
    results += _training_entrants(data, youths, settings.no_qualification_levels())
    results += _training_funding(data)
    results.append(_job_after_training(data))
    if youths is not None:
        levels = {c.code: c.label for c in EDUCATION_LEVELS}
        note = "âge au 31 décembre ; jeune absent de l'extraction des jeunes : non renseigné"
        results += [
            _distribution_table(
                data,
                contracts,
                "tranche_age",
                "ml.emploi.par_age",
                "Tranche d'âge",
                list(AGE_LABELS),
                {},
                note,
            ),
            _distribution_table(
                data, contracts, "sexe", "ml.emploi.par_sexe", "Sexe", list(SEXES), SEXES, note
            ),
            _distribution_table(
                data,
                contracts,
                "niveau",
                "ml.emploi.par_niveau",
                "Niveau de formation",
                list(levels),
                levels,
                note,
            ),
        ]
    top = settings.classements_taille
    head = emp.top_share(contracts, "secteur", k=settings.secteurs_tete)
    results.append(
        scalar(
            data,
            "ml.emploi.part_secteurs_tete",
            f"Part des contrats des {settings.secteurs_tete} premiers secteurs",
            "taux",
            by_year(head, "part_tete"),
            missing=None,
            numerator=by_year(head, "nb_tete").get(data.year, 0),
            denominator=by_year(head, "nb_total").get(data.year, 0),
            note="contrats des premiers secteurs / tous les contrats (clé ml.secteurs_tete)",
        )
    )
    # le département tiré de chaque code distinct une fois (expressions régulières)
    with_department = on_distinct(
        contracts.lazy(),
        ["departement_employeur"],
        [emp.department(pl.col("departement_employeur")).alias("departement")],
    ).collect()
    ranked: tuple[
        tuple[str, str, str, pl.DataFrame, int, list[str], dict[str, str] | None], ...
    ] = (
        (
            "employeur",
            "ml.emploi.recruteurs",
            "Principaux recruteurs",
            contracts,
            settings.recruteurs_min_contrats,
            [
                f"employeur nommé s'il a au moins {settings.recruteurs_min_contrats} contrats "
                "(clé ml.recruteurs_min_contrats) : un particulier employeur n'apparaît pas",
            ],
            None,
        ),
        ("secteur", "ml.emploi.secteurs", "Secteurs d'activité", contracts, 1, [], None),
        ("rome", "ml.emploi.metiers", "Métiers (ROME)", contracts, 1, [], None),
        (
            "departement",
            "ml.emploi.departements",
            "Département de l'employeur",
            with_department,
            1,
            ["département de domiciliation de l'employeur, pas forcément le lieu de travail"],
            DEPARTMENTS,
        ),
    )
    for key, ident, label, frame, minimum, notes, rename in ranked:
        ranking = emp.ranking(frame, key, top=top, min_count=minimum)
        results.append(
            _ranking_table(
                data,
                ranking,
                key,
                ident,
                label,
                [f"les {top} premiers (clé ml.classements_taille), les autres regroupés", *notes],
                rename,
            )
        )
    return results


def _training_entrants(
    data: Situations, youths: pl.DataFrame | None, levels: list[str]
) -> list[Result]:
    """Jeunes entrés en formation et, avec l'extraction des jeunes, part des sans
    qualification (:func:`emp.training_entrants`)."""
    levels_of = (
        youths.select("jeune", "niveau")
        if youths is not None
        else pl.DataFrame(
            schema={"jeune": data.frame.collect_schema()["jeune"], "niveau": pl.String}
        )
    )
    frame = data.frame.join(levels_of, on="jeune", how="left")
    counts = emp.training_entrants(frame, levels)
    results: list[Result] = [
        scalar(
            data,
            "ml.formation.jeunes_entres",
            "Jeunes entrés en formation",
            "nombre",
            by_year(counts, "jeunes"),
            note="jeunes distincts ayant une situation de formation commencée dans l'année",
        )
    ]
    if youths is None:
        return results
    names = {c.code: c.label for c in EDUCATION_LEVELS}
    n, k = by_year(counts, "niveau_connu"), by_year(counts, "sans_qualification")
    results.append(
        scalar(
            data,
            "ml.formation.part_sans_qualification",
            "Part des jeunes entrés en formation sans qualification",
            "part",
            by_year(counts, "part"),
            numerator=k.get(data.year, 0),
            denominator=n.get(data.year, 0),
            note="niveaux (clé ml.niveaux_sans_qualification) : "
            + ", ".join(names.get(c, c) for c in levels)
            + " ; sur les jeunes dont le niveau est connu",
        )
    )
    return results


def _interim_by_city(data: Situations, contracts: pl.DataFrame) -> Table:
    """Contrats et contrats d'intérim par commune du jeune (« un surcroît de contrats de
    travail en intérim de plus 20 % pour la ville de Vitry-sur-Seine et de 10 % pour la
    ville d'Ivry-sur-Seine »), la part d'intérim de chaque commune ; N-1 à côté."""
    grouped = emp.interim_by(contracts, "ville")

    def one(year: int) -> Table:
        part = grouped.filter(pl.col(YEAR) == year).sort(
            pl.col("ville").str.to_lowercase(), nulls_last=True
        )
        rows = [
            [UNKNOWN if r["ville"] is None else r["ville"], r["nb"], r["interim"], r["part"]]
            for r in part.iter_rows(named=True)
        ]
        n, k = int(part["nb"].sum()), int(part["interim"].sum())
        return Table(
            "ml.emploi.interim_par_ville",
            "Contrats d'intérim par commune du jeune",
            year,
            [
                Column("ville", "Commune", "texte"),
                Column("contrats", "Contrats", additive=True),
                Column("interim", "Dont intérim", additive=True),
                Column("part_interim", "Part d'intérim", "taux", base="contrats"),
            ],
            rows,
            ["Total", n, k, k / n if n else None],
            [
                "contrats : situations d'emploi et d'alternance commencées dans l'année ; "
                "commune de résidence dans l'extraction des jeunes",
                "jeune absent de l'extraction des jeunes ou sans commune : non renseigné",
            ],
        )

    return with_previous(data, one)


def _types_table(data: Situations, contracts: pl.DataFrame) -> Table:
    """Contrats par type ; un type dont le temps de travail est renseigné est détaillé."""
    grouped = contracts.group_by(YEAR, "type_contrat", "temps_travail").agg(
        pl.len().cast(pl.Int64).alias("nb")
    )
    types = [c.code for c in CONTRACT_TYPES]
    type_names = {c.code: c.label for c in CONTRACT_TYPES}
    times = [c.code for c in WORKING_TIMES]
    time_names = {c.code: c.label for c in WORKING_TIMES}

    def one(year: int) -> Table:
        part = grouped.filter(pl.col(YEAR) == year).sort(
            declared_order("type_contrat", types),
            declared_order("temps_travail", times),
            nulls_last=True,
        )
        total = int(part["nb"].sum())
        rows: list[list[Any]] = []
        subtotals: list[str] = []
        for (kind,), sub in part.group_by("type_contrat", maintain_order=True):
            name = UNKNOWN if kind is None else type_names.get(str(kind), str(kind))
            count = int(sub["nb"].sum())
            detailed = sub["temps_travail"].is_not_null().any()
            rows.append([name, count, count / total if total else None])
            if not detailed:
                continue
            subtotals.append(name)
            for r in sub.iter_rows(named=True):
                time = r["temps_travail"]
                time_name = UNKNOWN if time is None else time_names.get(time, time)
                rows.append([f"{name} / {time_name}", r["nb"], r["nb"] / total])
        return Table(
            "ml.emploi.par_type",
            "Contrats par type et temps de travail",
            year,
            [
                Column("type_contrat", "Type de contrat", "texte"),
                Column("contrats", "Contrats", additive=True),
                Column("part", "Part", "part"),
            ],
            rows,
            ["Total", total, 1.0 if total else None],
            ["contrats : situations d'emploi et d'alternance commencées dans l'année"],
            subtotals=subtotals,
        )

    return with_previous(data, one)


def _training_funding(data: Situations) -> list[Result]:
    """Formations commencées dans l'année par financeur, et la part des qualifiantes
    (colonnes facultatives « Financeur de la formation », « Formation qualifiante »)."""
    trainings = data.frame.filter(pl.col("type_situation") == "formation")
    funders = trainings.group_by(YEAR, "financeur").len()
    labels = {c.code: c.label for c in TRAINING_FUNDERS}
    order = list(labels)

    def one(year: int) -> Table:
        part = funders.filter(pl.col(YEAR) == year).sort(
            declared_order("financeur", order), nulls_last=True
        )
        items = [
            (labels[f] if f is not None else "Financeur non renseigné", n)
            for f, n in part.select("financeur", "len").rows()
        ]
        return share_table(
            "ml.formation.par_financeur",
            "Formations commencées par financeur",
            year,
            ("financeur", "Financeur"),
            ("formations", "Formations"),
            items,
            ["situations de formation commencées dans l'année, par financeur principal"],
        )

    shares = emp.qualifying_trainings(data.frame)
    known, qualifying = by_year(shares, "renseignees"), by_year(shares, "qualifiantes")
    return [
        with_previous(data, one),
        scalar(
            data,
            "ml.formation.part_qualifiantes",
            "Part des formations qualifiantes",
            "part",
            by_year(shares, "part"),
            numerator=qualifying.get(data.year, 0),
            denominator=known.get(data.year, 0),
            note="formations commencées dans l'année visant un diplôme, un titre ou une "
            "certification ; sur les formations dont la colonne est renseignée",
        ),
    ]


#: délai d'accès à l'emploi après une formation (mois)
JOB_DELAY_MONTHS = 6


def _job_after_training(data: Situations) -> Table:
    """Accès à l'emploi dans les six mois après une formation, qualifiante ou non
    (:func:`emp.job_after_training`) : formations finies du 1er juillet N-1 au 30 juin N,
    pour que chacune ait ses six mois avant le 31 décembre N. L'année N seulement : pour
    N-1, il faudrait les formations commencées en N-2, que la lecture écarte."""
    start, end = date(data.year - 1, 7, 1), date(data.year, 6, 30)
    counts = emp.job_after_training(
        data.frame, ended_from=start, ended_to=end, months=JOB_DELAY_MONTHS
    )
    names = {True: "Formations qualifiantes", False: "Formations non qualifiantes"}
    order = {True: 0, False: 1}
    rows = [
        [names.get(q, "Qualification non renseignée"), n, k, p]
        for q, n, k, p in sorted(
            counts.select("qualifiante", "formations", "suivies_emploi", "part").rows(),
            key=lambda r: order.get(r[0], 2),
        )
    ]
    total_n = int(counts["formations"].sum())
    total_k = int(counts["suivies_emploi"].sum())
    return Table(
        "ml.formation.emploi_6_mois",
        "Accès à l'emploi dans les six mois après une formation",
        data.year,
        [
            Column("formation", "Formations", "texte"),
            Column("formations", "Formations finies", additive=True),
            Column("suivies_emploi", "Suivies d'un emploi ou d'une alternance", additive=True),
            Column("part", "Part", "taux", base="formations"),
        ],
        rows,
        ["Ensemble", total_n, total_k, total_k / total_n if total_n else None],
        [
            f"formations commencées en {data.year - 1} ou {data.year} et finies du "
            f"{start:%d/%m/%Y} au {end:%d/%m/%Y} ; emploi ou alternance du même jeune "
            f"commencé après la fin et au plus tard {JOB_DELAY_MONTHS} mois après",
        ],
    )
