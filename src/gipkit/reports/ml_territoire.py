"""Documents « Territoire » de la Mission Locale (``ml.territoire.*``).

Par commune et par quartier de résidence : jeunes accompagnés et leur part dans la
commune, événements physiques et événements par jeune, niveaux de formation avec les
seuils de mise en évidence du rapport, contrats et parts de CDI et de CDD.

Les tableaux ont une ligne par commune (sous-total, dans ``sous_totaux``) suivie d'une
ligne par quartier, libellée « Commune / Quartier » : l'identifiant d'une cellule reste
unique quand deux communes ont un quartier du même nom (« Centre-ville »).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from gipkit.config import Config
from gipkit.indicators import ml as ind
from gipkit.indicators import ml_territoire as terr
from gipkit.indicators.common import YEAR
from gipkit.io.exports.ml import EDUCATION_LEVELS
from gipkit.reports.common import with_previous
from gipkit.reports.ml import Activity, Situations
from gipkit.results import Column, Result, Table

UNKNOWN = "Non renseigné"
UNKNOWN_CITY = "Commune non renseignée"
CITY, QUARTER = "ville", "quartier"


def area_rows(
    by_quarter: pl.DataFrame,
    by_city: pl.DataFrame,
    values: Callable[[dict[str, Any]], list[Any]],
) -> tuple[list[list[Any]], list[str]]:
    """Les lignes d'un tableau par zone : commune (sous-total) puis ses quartiers.

    Une commune dont aucun jeune n'a de quartier renseigné n'a qu'une ligne, qui n'est
    pas un sous-total. Communes et quartiers dans l'ordre alphabétique, non renseigné en
    dernier. Rend les lignes et les libellés des sous-totaux.
    """
    rows: list[list[Any]] = []
    subtotals: list[str] = []
    quarters: dict[str | None, list[dict[str, Any]]] = {}
    for r in by_quarter.sort(CITY, QUARTER, nulls_last=True).iter_rows(named=True):
        quarters.setdefault(r[CITY], []).append(r)
    for city_row in by_city.sort(CITY, nulls_last=True).iter_rows(named=True):
        city = city_row[CITY]
        label = UNKNOWN_CITY if city is None else str(city)
        parts = quarters.get(city, [])
        rows.append([label, *values(city_row)])
        if all(q[QUARTER] is None for q in parts):
            continue
        subtotals.append(label)
        for q in parts:
            name = UNKNOWN if q[QUARTER] is None else str(q[QUARTER])
            rows.append([f"{label} / {name}", *values(q)])
    return rows, subtotals


def _for_year(frame: pl.DataFrame, year: int) -> pl.DataFrame:
    return frame.filter(pl.col(YEAR) == year)


def territory(data: Activity, config: Config, contracts: Situations | None) -> list[Result]:
    """Jeunes et événements par quartier, niveaux par quartier, contrats par quartier."""
    profile = data.profile
    by_quarter = terr.area_summary(profile, by=(CITY, QUARTER))
    by_city = terr.area_summary(profile, by=(CITY,))
    by_year = terr.area_summary(profile, by=())

    def density(year: int) -> Table:
        rows, subtotals = area_rows(
            _for_year(by_quarter, year),
            _for_year(by_city, year),
            lambda r: [
                r["nb_jeunes"],
                r["part_commune"],
                r["nb_evenements_physiques"],
                r["evenements_par_jeune"],
            ],
        )
        total = _for_year(by_year, year)
        t = total.row(0, named=True) if total.height else None
        return Table(
            "ml.territoire.quartiers",
            "Jeunes accompagnés et événements physiques par quartier",
            year,
            [
                Column("zone", "Commune / quartier", "texte"),
                Column("jeunes", "Jeunes accompagnés", additive=True),
                Column("part_commune", "Part dans la commune", "taux"),
                Column("evenements_physiques", "Événements physiques", additive=True),
                Column("evenements_par_jeune", "Événements par jeune", "ratio"),
            ],
            rows,
            [
                "Total",
                t["nb_jeunes"] if t else 0,
                None,
                t["nb_evenements_physiques"] if t else 0,
                t["evenements_par_jeune"] if t else None,
            ],
            [
                "jeunes accompagnés de l'année, par commune et quartier de résidence",
                "événements physiques : rendez-vous honorés en présence (entretiens, "
                "informations collectives, ateliers)",
            ],
            subtotals=subtotals,
        )

    results: list[Result] = [with_previous(data, density)]
    groups = config.ml.level_groups()
    mapping = {g.code: g.niveaux for g in groups}
    thresholds = {g.code: g.seuil for g in groups}
    labels = {g.code: g.libelle for g in groups}

    def levels_of(by: Sequence[str]) -> pl.DataFrame:
        return terr.highlights(terr.level_groups(profile, mapping, by=by), thresholds)

    levels_quarter, levels_city, levels_all = (
        levels_of((CITY, QUARTER)),
        levels_of((CITY,)),
        levels_of(()),
    )

    def level_values(r: dict[str, Any]) -> list[Any]:
        shown = r["mise_en_evidence"] or []
        text = ", ".join(labels[c] for c in shown) if shown else "dans la moyenne"
        return [r["nb_jeunes"], *[r[f"part_{g.code}"] for g in groups], text]

    def levels(year: int) -> Table:
        rows, subtotals = area_rows(
            _for_year(levels_quarter, year), _for_year(levels_city, year), level_values
        )
        total = _for_year(levels_all, year)
        return Table(
            "ml.territoire.niveaux",
            "Niveaux de formation par quartier",
            year,
            [
                Column("zone", "Commune / quartier", "texte"),
                Column("jeunes", "Jeunes accompagnés", additive=True),
                *[Column(f"part_{g.code}", g.libelle, "taux", base="jeunes") for g in groups],
                Column("mise_en_evidence", "Au-dessus du seuil", "texte"),
            ],
            rows,
            ["Total", *level_values(total.row(0, named=True))[:-1], ""] if total.height else None,
            [
                "seuils de mise en évidence : "
                + ", ".join(f"{g.libelle} plus de {round(g.seuil * 100)} %" for g in groups),
                "part parmi les jeunes accompagnés de la zone (niveau non renseigné compris)",
            ],
            subtotals=subtotals,
        )

    results.append(with_previous(data, levels))
    results.append(with_previous(data, _detailed_levels(profile)))
    if contracts is not None:
        results.append(contracts_by_area(data, config, contracts))
    return results


def _detailed_levels(profile: pl.DataFrame) -> Callable[[int], Table]:
    """Chaque niveau de formation de l'extraction par quartier, sans regroupement (« le
    quartier Moulin-Vert passe de 3 à 7 % de jeunes de niveau BAC+3 », « Ivry-Port […]
    le plus fort taux de jeunes de niveau BAC+5 (5 %) ») ; les niveaux absents des deux
    années n'ont pas de colonne."""
    present = set(profile["niveau"].drop_nulls().unique().to_list())
    levels = [c for c in EDUCATION_LEVELS if c.code in present]
    mapping = {c.code: [c.code] for c in levels}
    by_quarter, by_city, by_all = (
        terr.level_groups(profile, mapping, by=by) for by in ((CITY, QUARTER), (CITY,), ())
    )

    def values(r: dict[str, Any]) -> list[Any]:
        return [r["nb_jeunes"], *[r[f"part_{c.code}"] for c in levels]]

    def one(year: int) -> Table:
        rows, subtotals = area_rows(_for_year(by_quarter, year), _for_year(by_city, year), values)
        total = _for_year(by_all, year)
        return Table(
            "ml.territoire.niveaux_detail",
            "Niveaux de formation détaillés par quartier",
            year,
            [
                Column("zone", "Commune / quartier", "texte"),
                Column("jeunes", "Jeunes accompagnés", additive=True),
                *[Column(f"part_{c.code}", c.label, "taux", base="jeunes") for c in levels],
            ],
            rows,
            ["Total", *values(total.row(0, named=True))] if total.height else None,
            [
                "part parmi les jeunes accompagnés de la zone (niveau non renseigné compris) ; "
                "chaque niveau de l'extraction, sans regroupement",
            ],
            subtotals=subtotals,
        )

    return one


def contracts_by_area(data: Activity, config: Config, situations: Situations) -> Table:
    """Contrats (emploi et alternance) par quartier de résidence du jeune, CDI et CDD."""
    settings = config.ml
    residence = data.people.select("jeune", CITY, QUARTER)
    contracts = situations.frame.filter(pl.col("type_situation").is_in(ind.CONTRACT_KINDS)).join(
        residence, on="jeune", how="left"
    )

    def mix(by: Sequence[str]) -> pl.DataFrame:
        return terr.contract_mix(
            contracts, cdi=settings.contrats_cdi, cdd=settings.contrats_cdd, by=by
        )

    by_quarter, by_city, everything = mix((CITY, QUARTER)), mix((CITY,)), mix(())

    def values(r: dict[str, Any]) -> list[Any]:
        return [r["nb_contrats"], r["nb_cdi"], r["part_cdi"], r["nb_cdd"], r["part_cdd"]]

    def one(year: int) -> Table:
        rows, subtotals = area_rows(_for_year(by_quarter, year), _for_year(by_city, year), values)
        total = _for_year(everything, year)
        return Table(
            "ml.territoire.contrats",
            "Contrats par quartier de résidence, parts de CDI et de CDD",
            year,
            [
                Column("zone", "Commune / quartier", "texte"),
                Column("contrats", "Contrats", additive=True),
                Column("cdi", "CDI", additive=True),
                Column("part_cdi", "Part de CDI", "taux"),
                Column("cdd", "CDD", additive=True),
                Column("part_cdd", "Part de CDD", "taux"),
            ],
            rows,
            ["Total", *values(total.row(0, named=True))] if total.height else None,
            [
                "contrats : situations d'emploi et d'alternance commencées dans l'année, "
                "par lieu de résidence du jeune (extraction des jeunes)",
                f"CDI : {', '.join(settings.contrats_cdi)} ; CDD : "
                f"{', '.join(settings.contrats_cdd)} (clés ml.contrats_cdi, ml.contrats_cdd)",
            ],
            subtotals=subtotals,
        )

    year_data = situations if situations.year == data.year else data
    return with_previous(year_data, one)
