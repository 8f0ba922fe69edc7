"""Documents du PLIE : étapes en SIAE (``plie.siae.*``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from gipkit import journal
from gipkit.config import Config
from gipkit.errors import InvalidDataError, ParameterError
from gipkit.indicators import plie as ind
from gipkit.indicators.common import year_column, year_of
from gipkit.io.exports.plie import PLIE_APPLICATIONS
from gipkit.io.reader import scan_export
from gipkit.io.source import LINE, ReadOptions, SourceReport
from gipkit.io.values import normalized
from gipkit.reports.common import choose_year, declared_order, present_years, scalar, with_previous
from gipkit.results import Column, Result, Table
from gipkit.selection import apply_exclusions

SCHEMA = PLIE_APPLICATIONS
KEY = "__personne"

#: clés possibles pour reconnaître une personne : colonnes lues et expression
KEYS: dict[str, tuple[tuple[str, ...], Callable[[], pl.Expr]]] = {
    "email": (("email",), lambda: pl.col("email").str.to_lowercase()),
    "identite": (
        ("nom", "prenom", "date_naissance"),
        lambda: pl.concat_str(
            [
                normalized(pl.col("nom")),
                normalized(pl.col("prenom")),
                pl.col("date_naissance").cast(pl.String),
            ],
            separator="|",
        ),
    ),
    "pass": (
        ("numero_pass",),
        lambda: pl.col("numero_pass").str.replace_all(r"\s", "").replace("", None),
    ),
}


@dataclass
class PlieApplications:
    """Candidatures utilisées, bilan, année N, et N-1 si la période N-2..N-1 est couverte."""

    frame: pl.LazyFrame
    source: SourceReport
    year: int
    previous: int | None
    #: la clé qui reconnaît une personne, après détection d'un export masqué
    key: str = "email"


KEY_LABELS = {
    "email": "courriel",
    "identite": "nom, prénom et date de naissance",
    "pass": "numéro de PASS IAE",
}


def effective_key(frame: pl.LazyFrame, key: str, path: Path, absent: Sequence[str] = ()) -> str:
    """La clé qui peut reconnaître une personne dans l'export des candidatures.

    Un PLIE qui n'est pas prescripteur habilité télécharge un export **masqué** : noms
    réduits à des initiales, courriel, téléphone et date de naissance vides (c'est ce
    qu'écrit la plateforme, ``itou/job_applications/export.py``). La clé demandée y est
    vide partout : on reconnaît alors les personnes à leur numéro de PASS IAE s'il est
    là, et on le dit ; sinon on s'arrête. Jamais une jointure ni un décompte sur des
    valeurs vides. Une clé dont une colonne manque au fichier (``absent`` : en-tête
    renommé, colonne retirée) est dite absente, non vide : ce n'est pas un export masqué.
    """
    counts = frame.select(
        pl.len().alias("lignes"),
        KEYS[key][1]().is_not_null().sum().alias("cle"),
        KEYS["pass"][1]().is_not_null().sum().alias("pass"),
    ).collect()
    rows, with_key, with_pass = (int(counts[c].item() or 0) for c in ("lignes", "cle", "pass"))
    log = journal.current()
    missing = [column for column in KEYS[key][0] if column in absent]
    if rows and not with_key:
        if missing:  # un en-tête renommé ou une colonne retirée : pas un export masqué
            plural = "s" if len(missing) > 1 else ""
            names = ", ".join(f"`{c}`" for c in missing)
            cause = f"colonne{plural} {names} ({KEY_LABELS[key]}) absente{plural} du fichier"
            masked = stopped = cause
            remedy = (
                "si la colonne existe sous un autre en-tête, déclarez-le dans gipkit.toml : "
                f'[entetes."{SCHEMA.kind}"] {missing[0]} = ["Votre en-tête"]'
            )
        else:
            empty = f"{KEY_LABELS[key]} vide sur toutes les lignes"
            masked = (
                f"export masqué ({empty}, ce que la plateforme écrit pour un compte qui n'est "
                "pas prescripteur habilité)"
            )
            stopped = f"export masqué ou sans identité : {empty}"
            remedy = (
                "téléchargez l'export depuis un compte de prescripteur habilité (identités "
                "visibles)"
            )
        if with_pass and key != "pass":
            log.warn(
                f"{path} : {masked} : les personnes sont reconnues par leur numéro de PASS IAE"
            )
            return effective_key(frame, "pass", path, absent)
        no_pass = (
            "pas de colonne de numéro de PASS IAE"
            if "numero_pass" in absent
            else "aucun numéro de PASS IAE"
        )
        raise ParameterError(
            f"{path} : {stopped}, et {no_pass} ; les personnes ne peuvent pas être reconnues.",
            details=[
                f"{remedy}, ou choisissez une autre clé : --cle "
                + " | ".join(k for k in KEYS if k != key)
            ],
        )
    if rows and with_key < rows:
        log.warn(
            f"{path} : {rows - with_key} candidature(s) sans {KEY_LABELS[key]} : elles comptent "
            "dans les candidatures et les taux, mais leur personne n'est pas identifiable et "
            "n'est pas comptée parmi les personnes"
        )
    return key


def load(
    path: Path, config: Config, options: ReadOptions, *, year: int | None, key: str
) -> PlieApplications:
    """Lit l'export des candidatures et écarte, avec leur motif, celles hors période."""
    key_columns = KEYS[key][0]
    frame, source = scan_export(
        path,
        SCHEMA,
        columns=list(
            dict.fromkeys(
                [
                    "type_employeur",
                    "statut",
                    "date_candidature",
                    "debut_embauche",
                    *key_columns,
                    "numero_pass",
                ]
            )
        ),
        config=config,
        options=options,
    )
    key = effective_key(frame, key, path, source.not_in_file)
    frame = frame.with_columns(
        year_column("date_candidature"),
        KEYS[key][1]().alias(KEY),
    )
    present = present_years(frame)
    if not present:
        raise InvalidDataError(f"{path} : aucune candidature sous l'en-tête.")
    year = choose_year(present, year, path)
    first = year - 2 if year - 2 in present else year - 1
    rules = [
        (f"candidature déposée après {year}", pl.col("annee") > year),
        (f"candidature déposée avant {first}", pl.col("annee") < first),
        ("employeur hors IAE (EA, GEIQ…)", ~pl.col("type_employeur").is_in(ind.SIAE_KINDS)),
    ]
    kept, excluded = apply_exclusions(frame, rules)
    for reason, count in excluded.items():
        source.exclude(reason, count)
    previous = year - 1 if first == year - 2 else None
    return PlieApplications(kept.drop(LINE), source, year, previous, key)


def _period(data: PlieApplications, year: int) -> pl.LazyFrame:
    return data.frame.filter(pl.col("annee").is_between(year - 1, year))


def _one_or_none(frame: pl.DataFrame, column: str) -> Any:
    return frame[column].item() if frame.height else None


def siae(data: PlieApplications, *, include_pending: bool, base: str = "embauche") -> list[Result]:
    """Personnes avec une étape en SIAE, taux d'intégration global et par type, recrutements
    (``base`` : année du début d'embauche, ou de la candidature)."""
    years = [y for y in (data.previous, data.year) if y is not None]
    overall = {
        y: ind.integration_rate(_period(data, y), include_pending=include_pending).collect()
        for y in years
    }
    people = {
        y: ind.people_with_siae_step(_period(data, y), key=KEY).collect().item() for y in years
    }

    period = f"candidatures déposées en {data.year - 1} ou {data.year}"
    now = overall[data.year]
    results: list[Result] = [
        scalar(
            data,
            "plie.siae.personnes",
            "Personnes ayant eu une étape en SIAE",
            "nombre",
            people,
            note=f"au moins une candidature acceptée ; {period}",
        ),
        scalar(
            data,
            "plie.siae.candidatures",
            "Candidatures déposées en SIAE",
            "nombre",
            {y: _one_or_none(f, "nb_candidatures") for y, f in overall.items()},
            note=period,
        ),
        scalar(
            data,
            "plie.siae.acceptees",
            "Candidatures acceptées en SIAE",
            "nombre",
            {y: _one_or_none(f, "nb_acceptees") for y, f in overall.items()},
            note=period,
        ),
        scalar(
            data,
            "plie.siae.taux_integration",
            "Taux d'intégration en SIAE",
            "taux",
            {y: _one_or_none(f, "taux_integration") for y, f in overall.items()},
            numerator=_one_or_none(now, "nb_acceptees"),
            denominator=_one_or_none(now, "nb_candidatures"),
            note="candidatures acceptées / candidatures déposées"
            + ("" if include_pending else " (hors candidatures à l'étude)"),
        ),
    ]
    decided = {
        y: ind.integration_rate(_period(data, y), include_pending=False).collect() for y in years
    }
    latest = data.frame.select(pl.col("date_candidature").max()).collect().item()
    cutoff = latest.strftime("%d/%m/%Y") if latest is not None else "inconnue"
    pending = {
        y: _one_or_none(overall[y], "nb_candidatures") - _one_or_none(decided[y], "nb_candidatures")
        for y in years
        if overall[y].height and decided[y].height
    }
    results += [
        scalar(
            data,
            "plie.siae.taux_integration_decidees",
            "Taux d'intégration en SIAE, candidatures décidées",
            "taux",
            {y: _one_or_none(f, "taux_integration") for y, f in decided.items()},
            numerator=_one_or_none(decided[data.year], "nb_acceptees"),
            denominator=_one_or_none(decided[data.year], "nb_candidatures"),
            note="candidatures acceptées / candidatures décidées (hors candidatures encore à "
            f"l'étude à la date de l'extraction, la plus récente candidature du fichier : "
            f"{cutoff})",
        ),
        scalar(
            data,
            "plie.siae.candidatures_a_l_etude",
            "Candidatures encore à l'étude à la date de l'extraction",
            "nombre",
            pending,
            note=f"{period} ; statuts « à l'étude » ou équivalents au {cutoff}",
        ),
    ]
    results.append(_by_kind(data, years, include_pending))
    results.append(_recruitments(data, years, base))
    return results


def _kind_order(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(declared_order("type_employeur", ind.SIAE_KINDS))


def _by_kind(data: PlieApplications, years: list[int], include_pending: bool) -> Table:
    def one(year: int) -> Table:
        period = _period(data, year)
        parts = _kind_order(
            ind.integration_rate(
                period, by="type_employeur", include_pending=include_pending
            ).collect()
        )
        total = ind.integration_rate(period, include_pending=include_pending).collect()
        rows = [
            [r["type_employeur"], r["nb_candidatures"], r["nb_acceptees"], r["taux_integration"]]
            for r in parts.iter_rows(named=True)
        ]
        return Table(
            "plie.siae.par_type",
            "Taux d'intégration par type de SIAE",
            year,
            [
                Column("type_employeur", "Type de SIAE", "texte"),
                Column("candidatures", "Candidatures déposées", additive=True),
                Column("acceptees", "Candidatures acceptées", additive=True),
                Column("taux_integration", "Taux d'intégration", "taux"),
            ],
            rows,
            ["Total", *total.row(0)],
            [f"candidatures déposées en {year - 1} ou {year}"],
        )

    return with_previous(data, one)


def _recruitments(data: PlieApplications, years: list[int], base: str) -> Table:
    """Recrutements de l'année par type de SIAE. Un recrutement compte l'année de son début
    d'embauche (``base="embauche"``, par défaut : une candidature de décembre suivie d'une
    embauche en janvier est un recrutement de janvier), à défaut de date l'année de sa
    candidature (dit dans la note) ; ou toujours l'année de la candidature
    (``base="candidature"``, celle du rapport 2025)."""
    frame = data.frame
    has_start = "debut_embauche" in frame.collect_schema().names()
    if base == "embauche" and not has_start:
        journal.current().warn(
            "Recrutements en SIAE : l'export n'a pas de « Dates de début d’embauche » ; ils "
            "comptent l'année de la candidature."
        )
    by_start = base == "embauche" and has_start
    if by_start:
        hire_year = pl.coalesce(year_of(pl.col("debut_embauche")).cast(pl.Int64), pl.col("annee"))
        frame = frame.with_columns(hire_year.alias("annee_recrutement"))
    else:
        frame = frame.with_columns(pl.col("annee").alias("annee_recrutement"))

    def one(year: int) -> Table:
        chosen = frame.filter(pl.col("annee_recrutement") == year)
        hired = _kind_order(ind.recruitments_by_kind(chosen).collect())
        rows = [
            [r["type_employeur"], r["nb_recrutements"], r["part"]]
            for r in hired.iter_rows(named=True)
        ]
        total = ["Total", int(hired["nb_recrutements"].sum()), 1.0 if hired.height else None]
        if by_start:
            undated = (
                chosen.filter(
                    pl.col("statut").is_in(list(ind.ACCEPTED)) & pl.col("debut_embauche").is_null()
                )
                .select(pl.len())
                .collect()
                .item()
            )
            note = f"candidatures acceptées dont l'embauche commence en {year}"
            if undated:
                note += f" ; {undated} sans date d'embauche, comptée(s) à l'année de candidature"
        else:
            note = (
                f"candidatures acceptées déposées en {year} (base du rapport 2025, "
                'plie.base_recrutements = "candidature")'
            )
        return Table(
            "plie.siae.recrutements",
            "Répartition des recrutements en SIAE",
            year,
            [
                Column("type_employeur", "Type de SIAE", "texte"),
                Column("recrutements", "Recrutements", additive=True),
                Column("part", "Part", "part"),
            ],
            rows,
            total,
            [note],
        )

    return with_previous(data, one)
