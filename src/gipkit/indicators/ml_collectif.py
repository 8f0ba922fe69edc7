"""Actions collectives de la Mission Locale : ateliers et événements emploi.

Une **inscription** est une ligne de l'extraction des événements d'une action
collective (atelier, événement emploi) dont le statut dit que le jeune était attendu
(présent, absent, prescrit, planifié, non précisé) ; une inscription annulée, reportée
ou refusée n'en est pas une. Une **séance** est l'identifiant de séance de l'extraction
quand elle en a un, sinon une action, un jour, un site.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from gipkit.indicators.common import YEAR, FrameT, same_kind, year_column

#: colonne de la clé de séance (identifiant, sinon action + jour + site)
SESSION = "cle_seance"


def monday_of(date: pl.Expr) -> pl.Expr:
    """Le lundi de la semaine d'une date (``dt.truncate("1w")``), par le calcul sur le
    nombre de jours depuis le 1er janvier 1970 (un jeudi ; le lundi 5 janvier 1970 est le
    jour 4) : dix fois plus rapide que ``truncate`` (6,4 M dates : 0,05 -> 0,005 s), même
    résultat (un test le compare jour par jour de 1900 à 2100).

    >>> from datetime import date
    >>> s = pl.Series([date(2025, 1, 5), date(2025, 1, 6), date(2025, 1, 12), None])
    >>> pl.select(monday_of(pl.lit(s))).to_series().to_list()  # doctest: +NORMALIZE_WHITESPACE
    [datetime.date(2024, 12, 30), datetime.date(2025, 1, 6), datetime.date(2025, 1, 6), None]
    """
    days = date.cast(pl.Int32)
    return ((days - 4) // 7 * 7 + 4).cast(pl.Date)


def session_key() -> pl.Expr:
    """La séance d'une inscription : la colonne « Séance » si renseignée, sinon l'action,
    le jour et le site (deux séances d'un même atelier le même jour au même site n'en
    font qu'une sans la colonne).

    Une structure, pas un texte : compter les séances distinctes ne construit aucune
    chaîne (mesuré seul, 6 M inscriptions : 0,4 s au lieu de 1,4 s ; dans ``ml
    ateliers`` à l'échelle nationale, noyé dans la lecture : 21 à 23 s avant comme
    après), et un identifiant de séance ne peut pas se confondre avec un triplet
    action, jour, site.

    >>> from datetime import date
    >>> df = pl.DataFrame({"seance": [None, None, "S1"], "action": ["CV", "CV", "CV"],
    ...     "date": [date(2025, 1, 6)] * 3, "site": ["Vitry", "Ivry", "Vitry"]})
    >>> for key in df.select(session_key()).to_series().to_list():
    ...     print(key)
    {'seance': None, 'action': 'CV', 'date': datetime.date(2025, 1, 6), 'site': 'Vitry'}
    {'seance': None, 'action': 'CV', 'date': datetime.date(2025, 1, 6), 'site': 'Ivry'}
    {'seance': 'S1', 'action': None, 'date': None, 'site': None}
    """
    without_id = pl.col("seance").is_null()
    return pl.struct(
        pl.col("seance"),
        *(pl.when(without_id).then(pl.col(c)).alias(c) for c in ("action", "date", "site")),
    ).alias(SESSION)


def collective_summary(
    registrations: FrameT,
    by: Sequence[str],
    *,
    present: Sequence[str],
    retained: Sequence[str],
) -> FrameT:
    """Par année (et par ``by``) : séances, semaines, inscriptions, jeunes inscrits,
    présences, jeunes présents, jeunes retenus et taux de présence.

    Définition (rapport 2025, « Préparer les jeunes au rôle de demandeur d'emploi » :
    « 1 282 jeunes se sont inscrits aux 7 ateliers hebdomadaires, avec un taux de
    présence moyen de 41 % » ; « 18 événements emplois […] 240 jeunes inscrits, 149
    présents, 74 retenus ») :

    - ``nb_seances`` : séances distinctes (:func:`session_key`) ;
    - ``nb_semaines`` : semaines civiles (du lundi au dimanche) où l'action a eu au moins
      une séance ;
    - ``nb_inscriptions`` : lignes ; ``nb_jeunes`` : jeunes distincts inscrits ;
    - ``nb_presences`` : inscriptions au statut ``present`` ; ``nb_jeunes_presents`` :
      jeunes présents au moins une fois ; ``nb_jeunes_retenus`` : jeunes retenus au moins
      une fois (suite donnée dans ``retained``) ;
    - ``taux_presence`` = présences ÷ inscriptions (toutes séances confondues, pas la
      moyenne des taux de chaque séance : une séance de 2 inscrits ne pèse pas autant
      qu'une de 30).

    ``registrations`` : une ligne par inscription (colonnes ``jeune``, ``date``,
    ``statut``, ``suite`` et celles de :func:`session_key`), déjà restreinte aux
    inscriptions.

    >>> from datetime import date
    >>> df = pl.DataFrame({"jeune": ["a", "b", "a", "c"],
    ...     "date": [date(2025, 1, 6), date(2025, 1, 6), date(2025, 1, 13), date(2025, 1, 13)],
    ...     "statut": ["present", "absent", "present", "absent"], "suite": [None] * 4,
    ...     "action": ["CV"] * 4, "site": ["Vitry"] * 4, "seance": [None] * 4})
    >>> row = collective_summary(df, ["action"], present=["present"], retained=[]).row(
    ...     0, named=True)
    >>> row["nb_seances"], row["nb_semaines"], row["nb_jeunes"], row["taux_presence"]
    (2, 2, 3, 0.5)
    """
    is_present = pl.col("statut").is_in(list(present)).fill_null(False)
    is_retained = pl.col("suite").is_in(list(retained)).fill_null(False)

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        lf = lf.with_columns(year_column("date"))
        keys = [YEAR, *by]
        counts = (
            lf.with_columns(session_key(), monday_of(pl.col("date")).alias("semaine"))
            .group_by(keys)
            .agg(
                pl.col(SESSION).n_unique().cast(pl.Int64).alias("nb_seances"),
                pl.col("semaine").n_unique().cast(pl.Int64).alias("nb_semaines"),
                pl.len().cast(pl.Int64).alias("nb_inscriptions"),
                is_present.sum().cast(pl.Int64).alias("nb_presences"),
            )
        )
        # les jeunes distincts : un regroupement par (année, groupe, jeune), puis un
        # compte, au lieu de trois ``n_unique`` de texte dans chaque groupe (à l'échelle
        # nationale, 5,8 M inscriptions aux ateliers : 1,7 → 1,3 s par action)
        youths = (
            lf.group_by(*keys, "jeune")
            .agg(is_present.any().alias("__present"), is_retained.any().alias("__retenu"))
            .group_by(keys)
            .agg(
                pl.len().cast(pl.Int64).alias("nb_jeunes"),
                pl.col("__present").sum().cast(pl.Int64).alias("nb_jeunes_presents"),
                pl.col("__retenu").sum().cast(pl.Int64).alias("nb_jeunes_retenus"),
            )
        )
        return (
            counts.join(youths, on=keys, how="left", nulls_equal=True)
            .select(
                *keys,
                "nb_seances",
                "nb_semaines",
                "nb_inscriptions",
                "nb_jeunes",
                "nb_presences",
                "nb_jeunes_presents",
                "nb_jeunes_retenus",
                (pl.col("nb_presences") / pl.col("nb_inscriptions")).alias("taux_presence"),
            )
            .sort(keys)
        )

    return same_kind(registrations, build)


def main_theme(registrations: FrameT) -> FrameT:
    """Le thème de chaque action, par année : (année, action, ``theme``), le thème le plus
    fréquent de ses inscriptions (colonne « Thème de l'action ») ; à égalité, le premier
    dans l'ordre des codes ; une action dont aucune ligne n'a de thème n'y est pas.

    Compté par un regroupement (année, action, thème) : sur les ateliers de 50 fois les
    fixtures (960 000 inscriptions), ``mode()`` dans un regroupement par action gardait
    toutes les valeurs de chaque groupe (+130 Mo) ; le comptage, quelques Mo.

    >>> from datetime import date
    >>> df = pl.DataFrame({"date": [date(2025, 1, 6)] * 5, "action": ["CV"] * 4 + ["CEJ"],
    ...     "theme_action": ["sante", "emploi", "emploi", "sante", None]})
    >>> main_theme(df).rows()
    [(2025, 'CV', 'emploi')]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.filter(pl.col("theme_action").is_not_null())
            .group_by(year_column("date"), "action", "theme_action")
            .len()
            .group_by(YEAR, "action")
            .agg(
                pl.col("theme_action")
                .sort_by("len", "theme_action", descending=[True, False])
                .first()
                .alias("theme")
            )
            .sort(YEAR, "action")
        )

    return same_kind(registrations, build)


def regular_actions(registrations: FrameT, *, themes: Sequence[str], min_weeks: int) -> FrameT:
    """Les actions régulières d'un thème, par année : (année, action).

    Une action est **hebdomadaire** quand elle a eu une séance au moins ``min_weeks``
    semaines de l'année (26 par défaut : une semaine sur deux, congés compris — un atelier
    tenu chaque semaine hors vacances en compte plus de 40 ; un atelier mis en place pour
    un trimestre n'y est pas). Son thème est le plus fréquent de ses lignes
    (:func:`main_theme`) ; elle compte si ce thème est dans ``themes``.

    >>> from datetime import date, timedelta
    >>> days = [date(2025, 1, 6) + timedelta(weeks=k) for k in range(30)]
    >>> df = pl.DataFrame({"jeune": ["a"] * 30 + ["b"] * 3, "date": days + days[:3],
    ...     "action": ["CV"] * 30 + ["CEJ"] * 3, "theme_action": ["emploi_alternance"] * 33})
    >>> regular_actions(df, themes=["emploi_alternance"], min_weeks=26).rows()
    [(2025, 'CV')]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        lf = lf.filter(pl.col("action").is_not_null())
        return (
            lf.group_by(year_column("date"), "action")
            .agg(monday_of(pl.col("date")).n_unique().alias("semaines"))
            .filter(pl.col("semaines") >= min_weeks)
            .join(
                main_theme(lf).filter(pl.col("theme").is_in(list(themes))),
                on=[YEAR, "action"],
                how="semi",
            )
            .select(YEAR, "action")
            .sort(YEAR, "action")
        )

    return same_kind(registrations, build)
