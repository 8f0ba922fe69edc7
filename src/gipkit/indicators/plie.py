"""Indicateurs du PLIE : étapes en SIAE à partir des candidatures de « les emplois de l'inclusion ».

Les fonctions prennent le tableau des candidatures aux colonnes canoniques
(``docs/formats/plie.candidatures.md``) : ``type_employeur`` (code : ACI, AI, EI,
EITI, ETTI, EA…), ``statut`` (code : ``acceptee``, ``declinee``, ``nouvelle``…),
``date_candidature`` et, pour compter des personnes, une colonne de clé
pseudonyme choisie par l'utilisateur.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from gipkit.indicators.common import FrameT, same_kind

#: les types d'employeurs de l'insertion par l'activité économique (IAE)
SIAE_KINDS = ("ACI", "AI", "EI", "EITI", "ETTI")
ACCEPTED = ("acceptee",)
#: candidatures encore à l'étude : dans le dénominateur par défaut, comme les tableaux
#: de bord nationaux de la plateforme
PENDING = ("nouvelle", "a_l_etude", "en_attente")


def integration_rate(
    applications: FrameT,
    *,
    by: str | None = None,
    kinds: Sequence[str] = SIAE_KINDS,
    include_pending: bool = True,
) -> FrameT:
    """Taux d'intégration : candidatures acceptées / candidatures déposées, en SIAE.

    Définition (rapport 2025, PLIE, « Focus sur les SIAE » ; tableaux de bord de la
    plateforme) : parmi les candidatures déposées auprès d'une SIAE (``kinds``), la
    part de celles au statut « Candidature acceptée ». Une candidature encore à
    l'étude compte au dénominateur, sauf ``include_pending=False``. Par ``by``
    (``type_employeur`` : 22 % pour les ACI, 38 % pour les AI en 2025) ou en tout
    (25 %). 0/0 donne ``null``.

    Colonnes rendues : ``by`` (si donné), ``nb_candidatures``, ``nb_acceptees``,
    ``taux_integration``.

    >>> df = pl.DataFrame({"type_employeur": ["ACI", "ACI", "AI", "GEIQ"],
    ...                    "statut": ["acceptee", "declinee", "nouvelle", "acceptee"]})
    >>> integration_rate(df).row(0)
    (3, 1, 0.3333333333333333)
    >>> integration_rate(df, include_pending=False).row(0)
    (2, 1, 0.5)
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        selected = lf.filter(pl.col("type_employeur").is_in(list(kinds)))
        if not include_pending:
            selected = selected.filter(~pl.col("statut").is_in(list(PENDING)))
        aggs = [
            pl.len().cast(pl.Int64).alias("nb_candidatures"),
            pl.col("statut").is_in(list(ACCEPTED)).sum().cast(pl.Int64).alias("nb_acceptees"),
        ]
        grouped = selected.group_by(by).agg(aggs).sort(by) if by else selected.select(aggs)
        rate = pl.when(pl.col("nb_candidatures") > 0).then(
            pl.col("nb_acceptees") / pl.col("nb_candidatures")
        )
        return grouped.with_columns(rate.alias("taux_integration"))

    return same_kind(applications, build)


def recruitments_by_kind(applications: FrameT, *, kinds: Sequence[str] = SIAE_KINDS) -> FrameT:
    """Répartition des recrutements en SIAE : candidatures acceptées par type, et leur part.

    Définition (rapport 2025, « Répartition des recrutements des publics PLIE en SIAE ») :
    ``part`` = acceptées du type / acceptées de tous les types SIAE ; les parts font 100 %.

    >>> df = pl.DataFrame({"type_employeur": ["ACI", "ACI", "AI", "EI"],
    ...                    "statut": ["acceptee", "acceptee", "acceptee", "declinee"]})
    >>> recruitments_by_kind(df).rows()
    [('ACI', 2, 0.6666666666666666), ('AI', 1, 0.3333333333333333)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        hired = lf.filter(
            pl.col("type_employeur").is_in(list(kinds)) & pl.col("statut").is_in(list(ACCEPTED))
        )
        return (
            hired.group_by("type_employeur")
            .agg(pl.len().cast(pl.Int64).alias("nb_recrutements"))
            .with_columns(
                (pl.col("nb_recrutements") / pl.col("nb_recrutements").sum()).alias("part")
            )
            .sort("type_employeur")
        )

    return same_kind(applications, build)


def people_with_siae_step(
    applications: FrameT, *, key: str, kinds: Sequence[str] = SIAE_KINDS
) -> FrameT:
    """Personnes distinctes ayant eu une étape en SIAE : au moins une candidature acceptée.

    Le rapport 2025 en compte 89, « que la candidature ait été déposée en 2024 ou
    2025 » : la période est celle des candidatures reçues. ``key`` est la colonne qui
    identifie une personne (clé pseudonyme) ; une clé absente n'est pas comptée.

    >>> df = pl.DataFrame({"type_employeur": ["ACI", "AI", "ACI"], "cle": ["a", "a", "b"],
    ...                    "statut": ["acceptee", "acceptee", "declinee"]})
    >>> people_with_siae_step(df, key="cle").item()
    1
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        hired = lf.filter(
            pl.col("type_employeur").is_in(list(kinds)) & pl.col("statut").is_in(list(ACCEPTED))
        )
        return hired.select(
            pl.col(key).drop_nulls().n_unique().cast(pl.Int64).alias("nb_personnes")
        )

    return same_kind(applications, build)
