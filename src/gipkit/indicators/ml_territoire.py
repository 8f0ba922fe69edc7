"""Indicateurs du territoire de la Mission Locale : quartiers, densité, niveaux, contrats.

Chapitre « Où vivent les Vitriots / les Ivryens qui fréquentent la Mission locale ? » du
rapport 2025 : jeunes accompagnés par quartier et leur part dans la commune, événements
physiques et événements moyens par jeune, niveaux les plus représentés par quartier
(seuils de mise en évidence), contrats par quartier et parts de CDI et de CDD.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from gipkit.indicators.common import YEAR, FrameT, same_kind, year_column
from gipkit.indicators.ml import accompanying_event, in_person

AREA = ("ville", "quartier")


def physical_events(events: FrameT, *, kinds: Sequence[str], statuses: Sequence[str]) -> FrameT:
    """Événements physiques de chaque jeune, par année.

    Définition (rapport 2025 : « 18 167 événements physiques de type entretiens,
    informations collectives ou encore ateliers ») : événements d'un type de ``kinds``,
    au statut de ``statuses`` (ceux qui font un jeune accompagné), qui n'ont pas eu lieu
    à distance (``physique`` faux). Un événement sans ``physique`` renseigné compte :
    ce sont des types qui se tiennent en présence.

    Colonnes rendues : ``annee``, ``jeune``, ``nb_evenements_physiques``.

    Une ligne par couple, dans l'ordre de sa première apparition dans ``events``, sans
    tri (voir :func:`gipkit.indicators.ml.accompanied`).

    >>> from datetime import date
    >>> ev = pl.DataFrame({"jeune": ["a", "a", "a", "b"],
    ...     "date": [date(2025, 1, 2), date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 5)],
    ...     "type_evenement": ["entretien_individuel", "atelier", "entretien_individuel",
    ...         "telephone"], "statut": ["present"] * 4, "physique": [True, None, False, False]})
    >>> physical_events(ev, kinds=["entretien_individuel", "atelier"],
    ...     statuses=["present"]).rows()
    [(2025, 'a', 2)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        qualifying = lf.filter(accompanying_event(kinds, statuses) & in_person())
        return qualifying.group_by(year_column("date"), "jeune", maintain_order=True).agg(
            pl.len().cast(pl.Int64).alias("nb_evenements_physiques")
        )

    return same_kind(events, build)


def area_summary(profile: FrameT, *, by: Sequence[str] = AREA) -> FrameT:
    """Jeunes accompagnés et événements physiques par zone (commune, quartier), par année.

    ``profile`` : une ligne par (année, jeune accompagné), avec ``by`` et
    ``nb_evenements_physiques`` (0 ou absent : aucun). Rend ``nb_jeunes``,
    ``part_commune`` (jeunes de la zone / jeunes de sa commune, la première colonne de
    ``by`` ; 1 si ``by`` est vide), ``nb_evenements_physiques`` et
    ``evenements_par_jeune`` (événements / jeunes).

    >>> df = pl.DataFrame({"annee": [2025] * 3, "ville": ["V", "V", "V"],
    ...     "quartier": ["A", "A", "B"], "nb_evenements_physiques": [3, 5, None]})
    >>> for row in area_summary(df).rows():
    ...     print(row)
    (2025, 'V', 'A', 2, 0.6666666666666666, 8, 4.0)
    (2025, 'V', 'B', 1, 0.3333333333333333, 0, 0.0)
    """
    keys = list(by)

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.group_by(YEAR, *keys)
            .agg(
                pl.len().cast(pl.Int64).alias("nb_jeunes"),
                pl.col("nb_evenements_physiques").fill_null(0).sum().cast(pl.Int64),
            )
            .with_columns(
                (pl.col("nb_jeunes") / pl.col("nb_jeunes").sum().over(YEAR, *keys[:1])).alias(
                    "part_commune"
                ),
                (pl.col("nb_evenements_physiques") / pl.col("nb_jeunes")).alias(
                    "evenements_par_jeune"
                ),
            )
            .select(
                YEAR,
                *keys,
                "nb_jeunes",
                "part_commune",
                "nb_evenements_physiques",
                "evenements_par_jeune",
            )
            .sort(YEAR, *keys, nulls_last=True)
        )

    return same_kind(profile, build)


def level_groups(
    profile: FrameT, groups: Mapping[str, Sequence[str]], *, by: Sequence[str] = AREA
) -> FrameT:
    """Part de chaque groupe de niveaux parmi les jeunes de la zone, par année.

    ``groups`` : ``{code: niveaux}`` (par défaut, rapport 2025 : BAC+2 et plus, BAC,
    CAP/BEP, infra BEP et sans diplôme). Part = jeunes de la zone dont le niveau est dans
    le groupe / tous les jeunes de la zone (niveau non renseigné compris : il pèse dans
    le dénominateur, jamais dans un groupe). Colonnes ``part_<code>``.

    >>> df = pl.DataFrame({"annee": [2025] * 4, "ville": ["V"] * 4, "quartier": ["A"] * 4,
    ...     "niveau": ["bac", "bac", "cap_bep", None]})
    >>> level_groups(df, {"bac": ["bac"], "cap_bep": ["cap_bep"]}).rows()
    [(2025, 'V', 'A', 4, 0.5, 0.25)]
    """
    keys = list(by)

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.group_by(YEAR, *keys)
            .agg(
                pl.len().cast(pl.Int64).alias("nb_jeunes"),
                *[
                    pl.col("niveau")
                    .is_in(list(levels))
                    .fill_null(False)
                    .mean()
                    .alias(f"part_{code}")
                    for code, levels in groups.items()
                ],
            )
            .sort(YEAR, *keys, nulls_last=True)
        )

    return same_kind(profile, build)


def highlights(shares: FrameT, thresholds: Mapping[str, float]) -> FrameT:
    """Ajoute ``mise_en_evidence`` : les groupes dont la part dépasse strictement le seuil.

    Légende du rapport 2025 : « + de 13 % niveau BAC+2 et plus, + de 35 % niveau BAC,
    + de 11 % niveau CAP/BEP, + de 50 % niveau infra BEP et sans diplôme » ; une zone sans
    groupe au-dessus de son seuil est « dans la moyenne » (liste vide).

    >>> df = pl.DataFrame({"part_bac": [0.47, 0.2], "part_cap_bep": [0.12, 0.1]})
    >>> highlights(df, {"bac": 0.35, "cap_bep": 0.11})["mise_en_evidence"].to_list()
    [['bac', 'cap_bep'], []]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        flags = [
            pl.when(pl.col(f"part_{code}") > limit).then(pl.lit(code)).otherwise(None)
            for code, limit in thresholds.items()
        ]
        listed = (
            pl.concat_list(flags).list.drop_nulls()
            if flags
            else pl.lit([], dtype=pl.List(pl.String))
        )
        return lf.with_columns(listed.alias("mise_en_evidence"))

    return same_kind(shares, build)


def contract_mix(
    contracts: FrameT,
    *,
    cdi: Sequence[str],
    cdd: Sequence[str],
    by: Sequence[str] = AREA,
) -> FrameT:
    """Contrats par zone de résidence du jeune, et parts de CDI et de CDD, par année.

    ``contracts`` : une ligne par contrat (situation d'emploi ou d'alternance) avec
    ``type_contrat`` et les colonnes ``by``. Part de CDI = contrats dont le type est dans
    ``cdi`` / contrats de la zone ; part de CDD de même avec ``cdd`` (par défaut CDD,
    intérim, saisonnier, contrat aidé). Les deux parts font au plus 1 (alternances et
    types non renseignés hors des deux).

    >>> df = pl.DataFrame({"annee": [2025] * 4, "ville": ["V"] * 4, "quartier": ["A"] * 4,
    ...     "type_contrat": ["cdi", "cdd", "interim", "apprentissage"]})
    >>> contract_mix(df, cdi=["cdi"], cdd=["cdd", "interim"]).rows()
    [(2025, 'V', 'A', 4, 1, 2, 0.25, 0.5)]
    """
    keys = list(by)

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.group_by(YEAR, *keys)
            .agg(
                pl.len().cast(pl.Int64).alias("nb_contrats"),
                pl.col("type_contrat")
                .is_in(list(cdi))
                .fill_null(False)
                .sum()
                .cast(pl.Int64)
                .alias("nb_cdi"),
                pl.col("type_contrat")
                .is_in(list(cdd))
                .fill_null(False)
                .sum()
                .cast(pl.Int64)
                .alias("nb_cdd"),
            )
            .with_columns(
                (pl.col("nb_cdi") / pl.col("nb_contrats")).alias("part_cdi"),
                (pl.col("nb_cdd") / pl.col("nb_contrats")).alias("part_cdd"),
            )
            .sort(YEAR, *keys, nulls_last=True)
        )

    return same_kind(contracts, build)
