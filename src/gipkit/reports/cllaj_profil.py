"""Profil du CLLAJ en début d'accompagnement (``cllaj.profil.*``).

Sexe, âge au premier accueil, situation professionnelle, niveau, logement, composition
familiale, et parts au sein de sous-groupes, de populations côte à côte : nouveaux
jeunes, jeunes accompagnés, demandeurs de chaque type (parc social, logement temporaire,
parc privé).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from gipkit import journal
from gipkit.config import Config
from gipkit.indicators.common import age_band, age_band_labels, age_on
from gipkit.io.exports.cllaj import (
    CLLAJ_YOUTHS,
    HOUSEHOLDS,
    HOUSINGS,
    WORK_GROUPS,
    WORK_SITUATIONS,
)
from gipkit.io.exports.ml import EDUCATION_LEVELS, HIGHER_EDUCATION
from gipkit.reports.cllaj_activite import REQUEST_CODES, UNKNOWN, Activity
from gipkit.reports.common import with_previous
from gipkit.results import Column, Result, Table

# --- profil en début d'accompagnement -----------------------------------------------------

LEVEL_GROUPS = {
    "Niveau bac ou moins": ("sans_diplome", "cap_bep", "bac_non_valide", "bac"),
    "Bac+2 et plus": HIGHER_EDUCATION,
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
#: code d'une ligne de sous-total qui résume des modalités détaillées ailleurs
SUMMARY = "="


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
    ]
    work.append(
        (
            SUMMARY,
            "En emploi ou en alternance",
            (*WORK_GROUPS["emploi"], *WORK_GROUPS["alternance"]),
        )
    )
    work += [(c.code, c.label, ()) for c in WORK_SITUATIONS if c.code not in work_groups]
    levels: Rows = [(g, g, codes) for g, codes in LEVEL_GROUPS.items()]
    housing_grouped = {c for codes in HOUSING_GROUPS.values() for c in codes}
    housing: Rows = [(c.code, c.label, ()) for c in HOUSINGS if c.code not in housing_grouped]
    housing += [(g, g, codes) for g, codes in HOUSING_GROUPS.items()]
    households: Rows = [(c.code, c.label, ()) for c in HOUSEHOLDS]
    sexes: Rows = [("F", "Femmes", ()), ("H", "Hommes", ())]
    return [
        ("sexe", "cllaj.profil.sexe", "Sexe", sexes),
        ("tranche_age", "cllaj.profil.age", "Tranche d'âge en début d'accompagnement", ages),
        ("situation", "cllaj.profil.situation", "Situation professionnelle", work),
        ("niveau", "cllaj.profil.niveau", "Niveau de formation", levels),
        ("logement", "cllaj.profil.logement", "Situation de logement", housing),
        ("menage", "cllaj.profil.menage", "Composition familiale", households),
    ]


def _populations(
    data: Activity, year: int, basis: str = "nouvelles_demandes"
) -> list[tuple[str, str, pl.DataFrame]]:
    """(identifiant, libellé, jeunes) : nouveaux, accompagnés, demandeurs de chaque type.

    Demandeurs d'un type : jeunes distincts ayant ouvert une demande de ce type dans
    l'année (``basis`` = ``nouvelles_demandes``, le défaut : le rapport décrit « les
    nouvelles demandes »), ou ayant une demande de ce type ouverte à un moment de l'année
    (``demandes_de_l_annee``).
    """
    youths = data.of_year("youths", year)
    assert youths is not None
    out = [
        ("nouveaux", "Nouveaux jeunes", youths.filter(pl.col("nouveau"))),
        ("accompagnes", "Jeunes accompagnés", youths),
    ]
    requests = data.of_year("requests", year)
    if requests is not None:
        if basis == "nouvelles_demandes":
            requests = requests.filter(pl.col("nouvelle"))
        for code in REQUEST_CODES[:3]:
            asked = requests.filter(pl.col("type_demande") == code).select("jeune").unique()
            out.append((code, SHORT_LABELS[code], youths.join(asked, on="jeune", how="semi")))
    return out


#: parts au sein d'un sous-groupe : (libellé, colonnes lues, comptés, sous-groupe)
Within = tuple[str, tuple[str, ...], pl.Expr, pl.Expr]


def _within(label: str, column: str, counted: Sequence[str], base: Sequence[str]) -> Within:
    return (label, (column,), pl.col(column).is_in(counted), pl.col(column).is_in(base))


def _part_time(kind: str, label: str) -> Within:
    contract = pl.col("situation") == kind
    return (
        f"Temps partiel parmi les {label}",
        ("situation", "temps_travail"),
        contract & (pl.col("temps_travail") == "partiel"),
        contract & pl.col("temps_travail").is_not_null(),
    )


DE = WORK_GROUPS["demandeur_emploi"]
WITHIN: tuple[Within, ...] = (
    _within(
        "CDI à temps plein parmi les CDI", "situation", ["cdi_plein"], ["cdi_plein", "cdi_partiel"]
    ),
    _part_time("cdd_durable", "CDD durables"),
    _part_time("cdd_non_durable", "CDD non durables"),
    _within(
        "Hébergés par les parents parmi l'entourage", "logement", ["parents"], ["parents", "tiers"]
    ),
    _within("Hébergés par un tiers parmi l'entourage", "logement", ["tiers"], ["parents", "tiers"]),
    _within(
        "Non inscrits à France Travail parmi les demandeurs d'emploi",
        "situation",
        ["de_non_inscrit"],
        DE,
    ),
    _within(
        "Inscrits non indemnisés parmi les demandeurs d'emploi",
        "situation",
        ["de_non_indemnise"],
        DE,
    ),
    _within(
        "Sans allocation chômage parmi les demandeurs d'emploi",
        "situation",
        ["de_non_inscrit", "de_non_indemnise"],
        DE,
    ),
    _within(
        "CDI à temps plein parmi les jeunes en emploi",
        "situation",
        ["cdi_plein"],
        WORK_GROUPS["emploi"],
    ),
    _within(
        "Personnes seules parmi les jeunes sans enfant", "menage", ["seul"], ["seul", "couple"]
    ),
    _within(
        "Parents isolés parmi les jeunes avec enfants",
        "menage",
        ["parent_isole"],
        ["parent_isole", "couple_enfants"],
    ),
)


def _requesters_note(basis: str) -> str:
    what = (
        "ayant ouvert une demande de ce type dans l'année (nouvelles demandes)"
        if basis == "nouvelles_demandes"
        else "ayant une demande de ce type ouverte dans l'année"
    )
    return f"demandeurs : jeunes distincts {what} (clé cllaj.profil_demandeurs)"


def shares_within(
    data: Activity,
    basis: str,
    populations_of: Callable[[int], list[tuple[str, str, pl.DataFrame]]] | None = None,
) -> Table:
    """Parts au sein de sous-groupes, par population (« près de 85 % des jeunes en CDI
    bénéficient d'un contrat à temps plein », « 52 % chez leurs parents et 48 % chez un
    tiers », « parmi [les sans enfant], 85 % sont célibataires », « 53 % [des demandeurs
    d'emploi] ne sont pas inscrits à France Travail », « les jeunes en CDD durable […] et
    non durable sont souvent en temps partiel (respectivement 31 % et 50 %) »). Une ligne
    dont une colonne manque à l'extraction n'est pas donnée. ``populations_of`` : les
    populations d'une année, si elles sont déjà faites (:func:`profile`)."""

    def one(year: int) -> Table:
        populations = populations_of(year) if populations_of else _populations(data, year, basis)
        rows: list[list[Any]] = []
        source = data.sources[0]
        absent = set(source.absent)
        shown = []
        for label, needed, counted, base in WITHIN:
            if absent & set(needed):  # colonne absente de l'extraction : pas de ligne, et dit
                lacking = (
                    source.lacking(c, CLLAJ_YOUTHS.column(c).title)
                    for c in sorted(absent & set(needed))
                )
                journal.current().warn(
                    f"« {label} » non calculée : {', '.join(lacking)} dans l'extraction des jeunes"
                )
                continue
            shown.append((label, counted, base))
        # tous les comptes d'une population en un passage (un par sous-groupe et
        # population sinon : 110 petits calculs par `cllaj tout`)
        sums = [
            expr.fill_null(False).sum().alias(f"{kind}{i}")
            for i, (_, counted, base) in enumerate(shown)
            for kind, expr in (("n", counted), ("base", base))
        ]
        tallies = (
            [frame.select(sums).row(0, named=True) for _, _, frame in populations] if sums else []
        )
        for i, (label, _, _) in enumerate(shown):
            for (_, plabel, _), tally in zip(populations, tallies, strict=True):
                n, n_base = int(tally[f"n{i}"]), int(tally[f"base{i}"])
                rows.append([f"{label} / {plabel}", n, n_base, n / n_base if n_base else None])
        return Table(
            "cllaj.profil.parts_sous_groupes",
            "Parts au sein de sous-groupes : nouveaux jeunes, accompagnés et demandeurs",
            year,
            [
                Column("sous_groupe", "Sous-groupe / population", "texte"),
                Column("jeunes", "Jeunes"),
                Column("base", "Jeunes du sous-groupe"),
                Column("part", "Part", "part", base="base"),
            ],
            rows,
            None,
            [
                "situation à l'entrée au CLLAJ ; une ligne par sous-groupe et population ; "
                + _requesters_note(basis)
            ],
        )

    return with_previous(data, one)


def profile(data: Activity, config: Config) -> list[Result]:
    """Profil en début d'accompagnement, par population, en effectifs et parts."""
    bounds = config.cllaj.tranches_age
    labels = age_band_labels(bounds)
    data_aged = data.with_columns(
        "youths",
        age_band(
            age_on(pl.col("date_naissance"), pl.col("date_premier_accueil")), bounds, labels
        ).alias("tranche_age"),
    )
    basis = config.cllaj.profil_demandeurs
    made: dict[int, list[tuple[str, str, pl.DataFrame]]] = {}

    def populations_of(year: int) -> list[tuple[str, str, pl.DataFrame]]:
        """Les populations d'une année, faites une fois pour tous les tableaux du profil
        (six dimensions et les parts : 14 fois sinon)."""
        if year not in made:
            made[year] = _populations(data_aged, year, basis)
        return made[year]

    results: list[Result] = []
    for key, ident, label, rows_spec in _dimensions(config):

        def one(
            year: int,
            key: str = key,
            ident: str = ident,
            label: str = label,
            rows_spec: list[tuple[str, str, tuple[str, ...]]] = rows_spec,
        ) -> Table:
            populations = populations_of(year)
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
                if code == SUMMARY:
                    rows.append(line(name, children))
                    subtotals.append(name)
                elif children:
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
                ["situation à l'entrée au CLLAJ ; " + _requesters_note(basis)],
                subtotals=subtotals,
            )

        results.append(with_previous(data, one))
    results.append(shares_within(data, basis, populations_of))
    return results
