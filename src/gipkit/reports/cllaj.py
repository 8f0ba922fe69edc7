"""Documents du CLLAJ (``cllaj.*``) : pour l'instant, ressources et seuil de pauvreté."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from gipkit import journal
from gipkit.config import Config
from gipkit.errors import InvalidDataError, ParameterError
from gipkit.indicators import cllaj as ind
from gipkit.indicators.common import year_column
from gipkit.io.exports.cllaj import CLLAJ_INTERVIEWS, CLLAJ_YOUTHS
from gipkit.io.reader import scan_export
from gipkit.io.source import LINE, ReadOptions, SourceReport
from gipkit.reports.common import (
    as_enums,
    choose_year,
    first_of_each_key,
    narrow_integers,
    present_years,
    scalar,
    with_previous,
)
from gipkit.results import Column, Result, Table
from gipkit.selection import apply_exclusions

SCHEMA = CLLAJ_YOUTHS
UNKNOWN = "Non renseigné"


@dataclass
class Youths:
    """Jeunes de N-1 et N aux ressources utilisables (les colonnes :data:`RESOURCE_COLUMNS`),
    bilan, année N, N-1 si présente."""

    frame: pl.DataFrame
    source: SourceReport
    year: int
    previous: int | None


YOUTH_COLUMNS = [
    "annee",
    "sexe",
    "ville",
    "ressources",
    "date_naissance",
    "date_premier_accueil",
    "situation",
    "temps_travail",
    "niveau",
    "logement",
    "menage",
    "nb_enfants",
    "sortant_ase",
    "ressources_menage",
]


#: les colonnes des jeunes que lisent les tableaux des ressources (:func:`resources`) :
#: l'année, le sexe et la ville (parts par sexe et par ville), les ressources, et ce que
#: lit le seuil par unité de consommation (:func:`poverty_frame`)
RESOURCE_COLUMNS = [
    "annee",
    "sexe",
    "ville",
    "ressources",
    "menage",
    "nb_enfants",
    "ressources_menage",
]


def scan_youths(
    path: Path,
    config: Config,
    options: ReadOptions,
    *,
    year: int | None,
    seen: pl.LazyFrame | None = None,
) -> tuple[pl.LazyFrame, SourceReport, int, pl.LazyFrame]:
    """Les lignes de N-1 et N de l'extraction des jeunes (une par jeune et par année).

    Écarte, avec leur motif, les autres années et un jeune compté deux fois la même année.
    Sans colonne « Année », tout le fichier est l'année ``year`` (obligatoire alors).
    ``seen`` (``cllaj.jeune_accompagne = "entretien"``, voir :func:`interviewed`) : les
    entretiens ; les lignes d'un jeune sans entretien dans l'année sont écartées, avec
    leur motif. Rend aussi toutes les lignes de N-1 et N, celles-ci comprises : le profil
    (commune, ressources) qu'une demande, une proposition ou un relogement d'un jeune
    sans entretien trouve dans l'extraction (sans elles, il était « non renseigné »).
    """
    frame, source = scan_export(path, SCHEMA, columns=YOUTH_COLUMNS, config=config, options=options)
    present = present_years(frame)
    if not present:
        if year is None:
            raise ParameterError(
                f"{path} n'a pas de colonne « Année » renseignée : précisez --annee N."
            )
        journal.current().warn(
            f"{path} : pas de colonne « Année » renseignée : chaque ligne est comptée pour "
            f"{year} (--annee) ; l'extraction ne doit contenir que cette année"
        )
        frame = frame.with_columns(pl.col("annee").fill_null(year))
        present = {year: 0}
    year = choose_year(present, year, path)
    kept, excluded = apply_exclusions(
        frame,
        [
            (f"année hors de {year - 1}-{year}", ~pl.col("annee").is_between(year - 1, year)),
            *first_of_each_key(source, "jeune déjà compté dans l'année", ["jeune", "annee"]),
        ],
    )
    for reason, count in excluded.items():
        source.exclude(reason, count)
    everyone = kept
    if seen is not None:
        keys = seen.select("jeune", year_column("date")).unique()
        flagged = kept.join(
            keys.with_columns(pl.lit(True).alias("entretien_vu")), on=["jeune", "annee"], how="left"
        )
        kept, excluded = apply_exclusions(
            flagged,
            [
                (
                    "sans entretien dans l'année (cllaj.jeune_accompagne)",
                    pl.col("entretien_vu").is_null(),
                )
            ],
        )
        kept = kept.drop("entretien_vu")
        for reason, count in excluded.items():
            source.exclude(reason, count)
    # gardés pour plusieurs calculs (ressources, activité, profil) : les modalités en Enum
    # de leurs codes, un octet par valeur au lieu des 4 du code que rend la lecture (et
    # des 16 d'une vue de texte avant elle : 1 300 fois les fixtures, 2 M jeunes, six
    # colonnes, 280 → 12 Mo), les entiers que le format borne (l'année, le nombre
    # d'enfants, recopié sur chaque demande) sur 8 ou 16 bits
    names = kept.collect_schema().names()
    compact = [*as_enums(SCHEMA, names), *narrow_integers(SCHEMA, names)]
    return (
        kept.drop(LINE).with_columns(compact),
        source,
        year,
        everyone.drop(LINE).with_columns(compact),
    )


def interviewed(
    config: Config, interviews: Path | None, options: ReadOptions
) -> tuple[pl.LazyFrame, SourceReport] | None:
    """L'extraction des entretiens lue (avec les durées, pour qu'une commande qui compte
    aussi les heures ne la relise pas), quand un jeune accompagné est un jeune qui a eu
    un entretien dans l'année (``cllaj.jeune_accompagne = "entretien"``) ; sinon None :
    un jeune accompagné est une ligne de l'extraction des jeunes."""
    if config.cllaj.jeune_accompagne == "extraction":
        return None
    if interviews is None:
        raise ParameterError(
            'cllaj.jeune_accompagne = "entretien" : un jeune accompagné a eu un entretien '
            "dans l'année ; donnez l'extraction des entretiens (--entretiens ou --dossier)."
        )
    return scan_export(
        interviews, CLLAJ_INTERVIEWS, columns=["duree"], config=config, options=options
    )


def load(
    path: Path,
    config: Config,
    options: ReadOptions,
    *,
    year: int | None,
    missing_as_zero: bool,
    seen: pl.LazyFrame | None = None,
) -> Youths:
    """Lit les jeunes ; écarte, avec leur motif, autres années, doublons, jeunes sans
    entretien (``seen``, si donné), ressources absentes."""
    frame, source, year, _ = scan_youths(path, config, options, year=year, seen=seen)
    if missing_as_zero:
        frame = frame.with_columns(pl.col("ressources").fill_null(0.0))
    kept, excluded = apply_exclusions(
        frame, [("ressources non renseignées", pl.col("ressources").is_null())]
    )
    for reason, count in excluded.items():
        source.exclude(reason, count)
    # les seules colonnes que lisent les tableaux des ressources (:func:`resources`) : le
    # tableau est recopié année par année, et l'extraction des jeunes reste en mémoire à
    # côté pour l'activité (1 300 fois les fixtures, 2 M jeunes : ~140 → ~70 Mo pour les
    # deux copies)
    collected = kept.select(RESOURCE_COLUMNS).collect()
    if collected.is_empty():
        raise InvalidDataError(f"{path} : aucun jeune aux ressources renseignées en {year}.")
    previous = year - 1 if (collected["annee"] == year - 1).any() else None
    return Youths(collected, source, year, previous)


def threshold_of(config: Config, year: int) -> tuple[float, str]:
    """Le seuil de pauvreté de l'année de rapport, et sa source."""
    entry = config.parametres.seuils_pauvrete.get(year)
    if entry is None:
        raise ParameterError(
            f"Aucun seuil de pauvreté pour {year}.",
            details=[
                f"ajoutez-le dans gipkit.toml : [parametres.seuils_pauvrete.{year}] "
                "montant = … et source = …"
            ],
        )
    return entry.montant, entry.source


def poverty_frame(
    frame: pl.DataFrame, config: Config, *, warn: bool = True
) -> tuple[pl.DataFrame, str | None, str]:
    """Les jeunes prêts pour la part sous le seuil : (tableau, colonne des unités de
    consommation ou None, définition en clair).

    ``cllaj.pauvrete = "personne_seule"`` (défaut, le rapport) : ressources du jeune
    comparées au seuil d'une personne seule. ``"unites_consommation"`` (l'INSEE) :
    ressources du ménage (celles du jeune quand elles manquent) comparées au seuil × UC
    du ménage ; ce qui manque est dit (``warn``) sur stderr et dans les avertissements.
    ``frame`` : jeunes, ou demandes jointes aux jeunes (colonnes ``ressources``,
    ``menage``, ``nb_enfants``, ``ressources_menage``).
    """
    if config.cllaj.pauvrete == "personne_seule":
        return frame, None, "ressources du jeune sous le seuil d'une personne seule"
    log = journal.current() if warn else journal.Journal()
    with_children = pl.col("menage").is_in(["couple_enfants", "parent_isole"])
    guessed = with_children & pl.col("nb_enfants").is_null()
    borrowed = (pl.col("menage") != "seul") & pl.col("ressources_menage").is_null()
    counts = frame.select(
        guessed.sum().alias("guessed"),
        borrowed.sum().alias("borrowed"),
        pl.col("menage").is_null().sum().alias("unknown"),
    ).row(0, named=True)
    if counts["guessed"]:
        log.warn(
            f"seuil par unité de consommation : {counts['guessed']} ménage(s) avec enfants "
            "sans « Nombre d'enfants » : un enfant compté"
        )
    if counts["borrowed"]:
        log.warn(
            f"seuil par unité de consommation : {counts['borrowed']} jeune(s) en couple ou "
            "parent sans « Ressources du ménage » (N-1 et N) : leurs ressources sont prises "
            "pour celles du ménage (la part sous le seuil en est majorée)"
        )
    if counts["unknown"]:
        log.warn(
            f"seuil par unité de consommation : {counts['unknown']} jeune(s) sans composition "
            "familiale, hors de la part sous le seuil"
        )
    children = pl.col("nb_enfants").fill_null(with_children.cast(pl.Int64))
    frame = frame.with_columns(
        ind.consumption_units(pl.col("menage"), children).alias("uc"),
        pl.coalesce("ressources_menage", "ressources").alias("ressources"),
    )
    return (
        frame,
        "uc",
        "niveau de vie du ménage (ressources ÷ unités de consommation) sous le seuil",
    )


def resources(data: Youths, config: Config) -> list[Result]:
    """Part sous le seuil (globale, par sexe, par ville), tranches de revenus, accès au privé."""
    years = [y for y in (data.previous, data.year) if y is not None]
    thresholds = {y: threshold_of(config, y) for y in years}
    frames = {y: data.frame.filter(pl.col("annee") == y) for y in years}
    poor, units, definition = poverty_frame(data.frame, config)
    # le seuil d'une personne seule (défaut) lit les jeunes tels quels : leurs lignes de
    # chaque année, déjà découpées, ne sont pas filtrées une seconde fois
    poor_frames = (
        frames if poor is data.frame else {y: poor.filter(pl.col("annee") == y) for y in years}
    )
    settings = config.cllaj
    overall = {
        y: ind.poverty_share(f, threshold=thresholds[y][0], units=units)
        for y, f in poor_frames.items()
    }
    rent = {
        y: ind.rent_affordability(f, rent=settings.loyer_studio, multiple=settings.multiple_loyer)
        for y, f in frames.items()
    }

    amount, source = thresholds[data.year]
    now, rent_now = overall[data.year], rent[data.year]
    needed = settings.multiple_loyer * settings.loyer_studio
    results: list[Result] = [
        scalar(
            data,
            "cllaj.ressources.jeunes",
            "Jeunes aux ressources renseignées",
            "nombre",
            {y: f["nb_jeunes"].item() for y, f in overall.items()},
        ),
        scalar(
            data,
            "cllaj.ressources.part_sous_seuil",
            "Part sous le seuil de pauvreté"
            + (" (personne seule)" if units is None else " (par unité de consommation)"),
            "taux",
            {y: f["part_sous_seuil"].item() for y, f in overall.items()},
            numerator=now["nb_sous_seuil"].item(),
            denominator=now["nb_jeunes"].item(),
            note=f"{definition} : {amount:g} € par mois ({source or 'seuil configuré'}) ; "
            "clé cllaj.pauvrete",
        ),
        scalar(
            data,
            "cllaj.ressources.part_sans_acces_studio",
            f"Part ne pouvant louer un studio à {settings.loyer_studio:g} €",
            "taux",
            {y: f["part_sans_acces"].item() for y, f in rent.items()},
            numerator=rent_now["nb_sans_acces"].item(),
            denominator=rent_now["nb_jeunes"].item(),
            note=f"ressources < {settings.multiple_loyer:g} × {settings.loyer_studio:g} € "
            f"= {needed:g} € ({_rent_rule(settings.multiple_loyer)}, clé cllaj.multiple_loyer)",
        ),
    ]
    results.append(
        _share_table(
            data,
            poor_frames,
            thresholds,
            "sexe",
            "Sexe",
            lambda v: {"F": "Femmes", "H": "Hommes"}.get(v, UNKNOWN),
            units,
        )
    )
    results.append(
        _share_table(
            data,
            poor_frames,
            thresholds,
            "ville",
            "Ville",
            lambda v: UNKNOWN if v is None else str(v),
            units,
        )
    )

    def bands(year: int) -> Table:
        part = ind.income_bands(
            frames[year], threshold=thresholds[year][0], bounds=settings.tranches_revenus
        )
        rows = [[r["tranche"], r["nb_jeunes"], r["part"]] for r in part.iter_rows(named=True)]
        return Table(
            "cllaj.ressources.tranches",
            "Tranches de revenus",
            year,
            [
                Column("tranche", "Ressources nettes mensuelles", "texte"),
                Column("jeunes", "Jeunes", additive=True),
                Column("part", "Part", "part"),
            ],
            rows,
            ["Total", int(part["nb_jeunes"].sum()), 1.0],
            ["jeunes aux ressources renseignées"],
        )

    results.append(with_previous(data, bands))
    return results


def _rent_rule(multiple: float) -> str:
    """Le nom de la règle d'accès au parc privé que suit ``multiple``."""
    if multiple == 3:
        return "pratique des bailleurs privés, sans valeur légale"
    if multiple == 2:
        return "règle de la garantie VISALE : loyer au plus 50 % des ressources"
    return "multiple configuré"


def _share_table(
    data: Youths,
    frames: dict[int, pl.DataFrame],
    thresholds: dict[int, tuple[float, str]],
    key: str,
    label: str,
    rename: Callable[[Any], str],
    units: str | None,
) -> Table:
    def one(year: int) -> Table:
        threshold = thresholds[year][0]
        part = ind.poverty_share(frames[year], threshold=threshold, by=key, units=units)
        total = ind.poverty_share(frames[year], threshold=threshold, units=units)
        rows = [
            [rename(r[key]), r["nb_jeunes"], r["nb_sous_seuil"], r["part_sous_seuil"]]
            for r in part.iter_rows(named=True)
        ]
        return Table(
            f"cllaj.ressources.par_{key}",
            f"Sous le seuil de pauvreté, par {label.lower()}",
            year,
            [
                Column(key, label, "texte"),
                Column("jeunes", "Jeunes", additive=True),
                Column("sous_seuil", "Sous le seuil", additive=True),
                Column("part", "Part sous le seuil", "taux"),
            ],
            rows,
            ["Total", *total.row(0)],
            [
                f"seuil : {threshold:g} € par mois"
                + (" × unités de consommation du ménage" if units else ", personne seule")
            ],
        )

    return with_previous(data, one)
