"""Indicateurs de la Mission Locale (chapitre « Activité générale » et suivants).

Pour l'instant : les situations créées (extraction des situations). Les fonctions
prennent le tableau des situations aux colonnes canoniques
(``docs/formats/ml.situations.md``) avec une colonne ``annee`` (année de début).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from gipkit.indicators.common import YEAR, FrameT, open_during, same_kind, year_column, year_of

CONTRACT_KINDS = ("emploi", "alternance")


def situations_by_kind(situations: FrameT) -> FrameT:
    """Situations créées par année et par nature, et leur part dans l'année.

    Définition (rapport 2025, « Les situations ») : une situation est « créée » l'année
    de sa date de début. ``part`` = situations de la nature / situations de l'année ;
    les parts d'une année font 100 %.

    >>> df = pl.DataFrame({"annee": [2025, 2025, 2025], "type_situation": ["emploi",
    ...     "emploi", "formation"]})
    >>> situations_by_kind(df).rows()
    [(2025, 'emploi', 2, 0.6666666666666666), (2025, 'formation', 1, 0.3333333333333333)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.group_by(YEAR, "type_situation")
            .agg(pl.len().cast(pl.Int64).alias("nb_situations"))
            .with_columns(
                (pl.col("nb_situations") / pl.col("nb_situations").sum().over(YEAR)).alias("part")
            )
            .sort(YEAR, "type_situation")
        )

    return same_kind(situations, build)


def durable_employment(
    situations: FrameT,
    *,
    always: Sequence[str] = ("cdi",),
    if_long: Sequence[str] = ("cdd", "interim"),
    min_months: int = 6,
) -> FrameT:
    """Emplois et emplois durables par année.

    Définition (rapport 2025 ; configurable) : parmi les situations de nature
    « emploi », est durable un contrat de type ``always`` (CDI), ou de type
    ``if_long`` (CDD, intérim) dont la fin est au moins ``min_months`` mois après le
    début. Sans date de fin, la durée est inconnue : l'emploi n'est pas compté durable.
    ``part_durable`` = emplois durables / emplois (778 / 2 609 = 30 % en 2025).
    Les emplois durables sont toujours un sous-ensemble des emplois.

    >>> from datetime import date
    >>> df = pl.DataFrame({"annee": [2025] * 3, "type_situation": ["emploi"] * 3,
    ...     "type_contrat": ["cdi", "cdd", "cdd"],
    ...     "date_debut": [date(2025, 1, 1)] * 3,
    ...     "date_fin": [None, date(2025, 7, 1), date(2025, 3, 1)]})
    >>> durable_employment(df).row(0)
    (2025, 3, 2, 0.6666666666666666)
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        jobs = lf.filter(pl.col("type_situation") == "emploi")
        long_enough = pl.col("date_fin") >= pl.col("date_debut").dt.offset_by(f"{min_months}mo")
        durable = pl.col("type_contrat").is_in(list(always)) | (
            pl.col("type_contrat").is_in(list(if_long)) & long_enough.fill_null(False)
        )
        return (
            jobs.group_by(YEAR)
            .agg(
                pl.len().cast(pl.Int64).alias("nb_emplois"),
                durable.fill_null(False).sum().cast(pl.Int64).alias("nb_emplois_durables"),
            )
            .with_columns(
                (pl.col("nb_emplois_durables") / pl.col("nb_emplois")).alias("part_durable")
            )
            .sort(YEAR)
        )

    return same_kind(situations, build)


def youths_with_contract(situations: FrameT) -> FrameT:
    """Jeunes ayant au moins un contrat (emploi ou alternance) et nombre de contrats, par année.

    >>> df = pl.DataFrame({"annee": [2025] * 3, "jeune": ["a", "a", "b"],
    ...     "type_situation": ["emploi", "alternance", "formation"]})
    >>> youths_with_contract(df).row(0)
    (2025, 1, 2)
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        contracts = lf.filter(pl.col("type_situation").is_in(list(CONTRACT_KINDS)))
        return (
            contracts.group_by(YEAR)
            .agg(
                pl.col("jeune").n_unique().cast(pl.Int64).alias("nb_jeunes"),
                pl.len().cast(pl.Int64).alias("nb_contrats"),
            )
            .sort(YEAR)
        )

    return same_kind(situations, build)


def accompanied(events: FrameT, *, kinds: Sequence[str], statuses: Sequence[str]) -> FrameT:
    """Les jeunes accompagnés : un couple (année, jeune) par jeune présent à un événement.

    Définition (rapport 2025, note de bas de page : « présent à au moins un rendez-vous
    dans l'année ») : au moins un événement de l'année d'un type de ``kinds`` (entretien
    individuel, information collective, atelier) au statut de ``statuses`` (présent) ; un
    événement sans statut (extraction sans la colonne) compte comme honoré.
    Configurable, comme la définition régionale qui l'inspire.

    Une ligne par couple, dans l'ordre où il apparaît pour la première fois dans
    ``events`` : un ordre stable (mêmes fichiers, mêmes lignes, même ordre), sans tri —
    trier par le texte de l'identifiant les 2,6 M couples des jeunes accompagnés de
    l'échelle nationale coûtait 0,25 s (journal des performances, vingt-huitième
    séance).

    >>> from datetime import date
    >>> ev = pl.DataFrame({"jeune": ["a", "a", "b", "c"],
    ...     "date": [date(2025, 1, 2), date(2025, 3, 1), date(2025, 5, 5), date(2025, 6, 1)],
    ...     "type_evenement": ["entretien_individuel", "atelier", "telephone", "atelier"],
    ...     "statut": ["present", "present", "present", "absent"]})
    >>> accompanied(ev, kinds=["entretien_individuel", "atelier"], statuses=["present"]).rows()
    [(2025, 'a')]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.filter(accompanying_event(kinds, statuses))
            .select(year_column("date"), "jeune")
            .unique(maintain_order=True)
        )

    return same_kind(events, build)


def accompanying_event(kinds: Sequence[str], statuses: Sequence[str]) -> pl.Expr:
    """Vrai pour un événement qui fait un jeune accompagné (:func:`accompanied`) : d'un type
    de ``kinds``, au statut de ``statuses`` ou sans statut (colonne absente ou vide : compte
    comme honoré)."""
    return pl.col("type_evenement").is_in(list(kinds)) & (
        pl.col("statut").is_in(list(statuses)) | pl.col("statut").is_null()
    )


def in_person() -> pl.Expr:
    """Vrai pour un événement qui n'a pas eu lieu à distance : ``physique`` vrai, ou non
    renseigné (des types qui se tiennent en présence)."""
    return pl.col("physique").fill_null(True)


def accompanied_with_physical(
    events: FrameT, *, kinds: Sequence[str], statuses: Sequence[str]
) -> FrameT:
    """Les jeunes accompagnés et leurs événements physiques : les couples (année, jeune)
    de :func:`accompanied`, chacun avec ``nb_evenements_physiques``, le nombre de ses
    événements de :func:`gipkit.indicators.ml_territoire.physical_events` (0 s'il n'en a
    aucun : tous ses rendez-vous ont eu lieu à distance).

    Un événement physique est un événement qui fait un jeune accompagné et n'a pas eu lieu
    à distance (``physique`` vrai ou non renseigné) : les deux se comptent dans le même
    regroupement, au lieu de deux regroupements des événements et d'une jointure
    (à l'échelle nationale, 21 M événements : 1,6-1,8 s au lieu de 3,4-4,0 s ;
    docs/performance-journal.md).

    Une ligne par couple, dans l'ordre de sa première apparition dans ``events``, sans
    tri (voir :func:`accompanied`).

    >>> from datetime import date
    >>> ev = pl.DataFrame({"jeune": ["a", "a", "a", "b", "c"],
    ...     "date": [date(2025, 1, 2), date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 5),
    ...         date(2025, 6, 1)],
    ...     "type_evenement": ["entretien_individuel", "atelier", "entretien_individuel",
    ...         "entretien_individuel", "telephone"],
    ...     "statut": ["present"] * 5, "physique": [True, None, False, False, True]})
    >>> accompanied_with_physical(ev, kinds=["entretien_individuel", "atelier"],
    ...     statuses=["present"]).rows()
    [(2025, 'a', 2), (2025, 'b', 0)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.filter(accompanying_event(kinds, statuses))
            .group_by(year_column("date"), "jeune", maintain_order=True)
            .agg(in_person().sum().cast(pl.Int64).alias("nb_evenements_physiques"))
        )

    return same_kind(events, build)


def first_receptions(youths: FrameT) -> FrameT:
    """Premiers accueils par année : jeunes dont la date de premier accueil tombe dans l'année.

    >>> from datetime import date
    >>> df = pl.DataFrame({"jeune": ["a", "b"], "date_premier_accueil": [date(2025, 2, 1),
    ...     date(2024, 9, 1)]})
    >>> first_receptions(df).rows()
    [(2024, 1), (2025, 1)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.filter(pl.col("date_premier_accueil").is_not_null())
            .group_by(year_column("date_premier_accueil"))
            .agg(pl.col("jeune").n_unique().cast(pl.Int64).alias("nb_premiers_accueils"))
            .sort(YEAR)
        )

    return same_kind(youths, build)


def programme_entries(programmes: FrameT) -> FrameT:
    """Entrées par année (date d'entrée) et par dispositif.

    >>> from datetime import date
    >>> df = pl.DataFrame({"dispositif": ["CEJ", "CEJ", "PACEA"],
    ...     "date_entree": [date(2025, 1, 2), date(2024, 5, 1), date(2025, 3, 3)]})
    >>> programme_entries(df).rows()
    [(2024, 'CEJ', 1), (2025, 'CEJ', 1), (2025, 'PACEA', 1)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.group_by(year_column("date_entree"), "dispositif")
            .agg(pl.len().cast(pl.Int64).alias("nb_entrees"))
            .sort(YEAR, "dispositif")
        )

    return same_kind(programmes, build)


def programme_active(programmes: FrameT, *, programme: str, years: Sequence[int]) -> FrameT:
    """Jeunes accompagnés dans un dispositif au cours de chaque année de ``years``.

    Définition : entrés au plus tard le 31 décembre et pas sortis avant le 1er janvier
    (748 jeunes accompagnés en PACEA en 2025, entrées antérieures comprises).

    >>> from datetime import date
    >>> df = pl.DataFrame({"jeune": ["a", "b", "c"], "dispositif": ["PACEA"] * 3,
    ...     "date_entree": [date(2024, 3, 1), date(2025, 2, 1), date(2023, 1, 1)],
    ...     "date_sortie": [None, date(2025, 6, 1), date(2024, 2, 1)]})
    >>> programme_active(df, programme="PACEA", years=[2025]).rows()
    [(2025, 2)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            programme_years(lf, years=years, kinds=[programme])
            .group_by(YEAR)
            .agg(pl.len().cast(pl.Int64).alias("nb_jeunes"))
            .sort(YEAR)
        )

    return same_kind(programmes, build)


def cej_positive_exits(
    programmes: FrameT,
    *,
    positive: Sequence[str] = ("emploi_durable", "alternance", "formation_initiale"),
    programme: str = "CEJ",
) -> FrameT:
    """Sorties du CEJ, sorties positives et leur taux, par année de sortie.

    Définition (rapport 2025, « 708 jeunes sont sortis du dispositif (cumul des entrées
    2024 inclus), dont 213 sorties positives », note : « après avoir trouvé un emploi
    durable, une alternance ou être retournés en formation initiale ») : sorties = jeunes
    sortis dans l'année quelle que soit l'année d'entrée ; positives = situation de sortie
    dans ``positive`` ; ``taux_sorties_positives`` = positives / sorties (0/0 : null).

    >>> from datetime import date
    >>> df = pl.DataFrame({"dispositif": ["CEJ"] * 3,
    ...     "date_sortie": [date(2025, 2, 1), date(2025, 6, 1), None],
    ...     "situation_sortie": ["alternance", "abandon", None]})
    >>> cej_positive_exits(df).row(0)
    (2025, 2, 1, 0.5)
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        exits = lf.filter((pl.col("dispositif") == programme) & pl.col("date_sortie").is_not_null())
        return (
            exits.group_by(year_column("date_sortie"))
            .agg(
                pl.len().cast(pl.Int64).alias("nb_sorties"),
                pl.col("situation_sortie")
                .is_in(list(positive))
                .sum()
                .cast(pl.Int64)
                .alias("nb_sorties_positives"),
            )
            .with_columns(
                (pl.col("nb_sorties_positives") / pl.col("nb_sorties")).alias(
                    "taux_sorties_positives"
                )
            )
            .sort(YEAR)
        )

    return same_kind(programmes, build)


def proposals_funnel(proposals: FrameT) -> FrameT:
    """Par année et par thème : jeunes concernés, propositions, prescriptions, entrées.

    Définition (rapport 2025, « Orientation, formation, santé » : « 314 jeunes ont
    bénéficié de 542 propositions », 420 prescriptions, 297 entrées en formation) : une
    ligne de l'extraction par étape ; ``nb_jeunes`` compte les jeunes distincts ayant au
    moins une étape du thème dans l'année.

    >>> from datetime import date
    >>> df = pl.DataFrame({"jeune": ["a", "a", "b"], "date": [date(2025, 1, 1)] * 3,
    ...     "theme": ["formation"] * 3, "etape": ["proposition", "entree", "proposition"]})
    >>> proposals_funnel(df).row(0)
    (2025, 'formation', 2, 2, 0, 1)
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        step = pl.col("etape")
        return (
            lf.group_by(year_column("date"), "theme")
            .agg(
                pl.col("jeune").n_unique().cast(pl.Int64).alias("nb_jeunes"),
                (step == "proposition").sum().cast(pl.Int64).alias("nb_propositions"),
                (step == "prescription").sum().cast(pl.Int64).alias("nb_prescriptions"),
                (step == "entree").sum().cast(pl.Int64).alias("nb_entrees"),
            )
            .sort(YEAR, "theme")
        )

    return same_kind(proposals, build)


def _open_in(lf: pl.LazyFrame, years: Sequence[int], keep: Sequence[str] = ()) -> pl.LazyFrame:
    """Les lignes (année, jeune, dispositif, et les colonnes ``keep``) des dispositifs en
    cours dans chaque année de ``years`` : entrés au plus tard le 31 décembre, pas sortis
    avant le 1er janvier."""
    if not years:  # aucune ligne, les types de ``lf``
        return lf.select(
            pl.lit(0, dtype=pl.Int64).alias(YEAR), "jeune", "dispositif", *keep
        ).clear()
    parts = [
        lf.filter(open_during("date_entree", "date_sortie", year)).select(
            pl.lit(year, dtype=pl.Int64).alias(YEAR), "jeune", "dispositif", *keep
        )
        for year in years
    ]
    return pl.concat(parts)


def programme_active_by(
    programmes: FrameT, *, programme: str, years: Sequence[int], by: str
) -> FrameT:
    """Jeunes en cours dans un dispositif, par année et par la valeur de ``by``.

    Même définition que :func:`programme_active` (entré au plus tard le 31 décembre, pas
    sorti avant le 1er janvier) ; un jeune compte une fois par année, avec la valeur de
    ``by`` de son entrée la plus récente en cours cette année-là (un jeune passé du milieu
    fermé au milieu ouvert compte en milieu ouvert). Rapport 2025, « Les jeunes sous main
    de justice » : « 84 jeunes dans le dispositif JSMJ dont 10 en milieu fermé et 74 en
    milieu ouvert ».

    >>> from datetime import date
    >>> df = pl.DataFrame({"jeune": ["a", "a", "b"], "dispositif": ["JSMJ"] * 3,
    ...     "date_entree": [date(2024, 3, 1), date(2025, 2, 1), date(2025, 5, 1)],
    ...     "date_sortie": [date(2025, 1, 31), None, None],
    ...     "milieu": ["ferme", "ouvert", "ferme"]})
    >>> programme_active_by(df, programme="JSMJ", years=[2025], by="milieu").rows()
    [(2025, 'ferme', 1), (2025, 'ouvert', 1)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        mine = lf.filter(pl.col("dispositif") == programme).sort("date_entree", maintain_order=True)
        return (
            _open_in(mine, years, keep=[by])
            .group_by(YEAR, "jeune", maintain_order=True)
            .agg(pl.col(by).last())
            .group_by(YEAR, by)
            .agg(pl.len().cast(pl.Int64).alias("nb_jeunes"))
            .sort(YEAR, by, nulls_last=True)
        )

    return same_kind(programmes, build)


def programme_years(programmes: FrameT, *, years: Sequence[int], kinds: Sequence[str]) -> FrameT:
    """Les couples (année, jeune) d'un jeune dans un dispositif de ``kinds`` en cours dans
    l'année (entré au plus tard le 31 décembre, pas sorti avant le 1er janvier). Sert aux
    jeunes accompagnés par dispositif et à la règle des modalités d'accompagnement.

    Une ligne par couple, dans l'ordre de sa première apparition dans ``programmes``, sans
    tri (voir :func:`accompanied`).

    >>> from datetime import date
    >>> df = pl.DataFrame({"jeune": ["a", "b"], "dispositif": ["CEJ", "CEJ"],
    ...     "date_entree": [date(2024, 5, 1), date(2025, 2, 1)],
    ...     "date_sortie": [date(2024, 12, 1), None]})
    >>> programme_years(df, years=[2024, 2025], kinds=["CEJ"]).rows()
    [(2024, 'a'), (2025, 'b')]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        mine = lf.filter(pl.col("dispositif").is_in(list(kinds)))
        return _open_in(mine, years).select(YEAR, "jeune").unique(maintain_order=True)

    return same_kind(programmes, build)


def modality_by_rule(accompanied: FrameT, reinforced: FrameT) -> FrameT:
    """La modalité d'accompagnement de chaque jeune accompagné, par une règle sur ses
    venues et ses dispositifs, quand l'extraction des jeunes ne la donne pas.

    Définition (rapport 2025, « Les modalités d'accompagnement ») : accompagnement
    renforcé (``renforce``) si le jeune est dans un dispositif d'accompagnement renforcé
    dans l'année (``reinforced`` : couples année, jeune) ; sinon accueil, information,
    orientation (``aio``) s'il n'est venu qu'une fois (« un unique passage à la Mission
    locale » : au plus un événement physique honoré, ``nb_evenements_physiques``) ;
    sinon appui ponctuel (``appui_ponctuel``, « des entretiens sporadiques »).

    Une ligne par couple, dans l'ordre de sa première apparition dans ``accompanied``, sans
    tri (voir :func:`accompanied`).

    >>> acc = pl.DataFrame({"annee": [2025] * 3, "jeune": ["a", "b", "c"],
    ...     "nb_evenements_physiques": [1, 4, 6]})
    >>> ren = pl.DataFrame({"annee": [2025], "jeune": ["c"]})
    >>> modality_by_rule(acc, ren).rows()
    [(2025, 'a', 'aio'), (2025, 'b', 'appui_ponctuel'), (2025, 'c', 'renforce')]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        flagged = (
            reinforced.lazy()
            .select(YEAR, "jeune")
            .unique()
            .with_columns(pl.lit(True).alias("renforce"))
        )
        return lf.join(flagged, on=[YEAR, "jeune"], how="left", maintain_order="left").select(
            YEAR,
            "jeune",
            pl.when(pl.col("renforce").fill_null(False))
            .then(pl.lit("renforce"))
            .when(pl.col("nb_evenements_physiques").fill_null(0) <= 1)
            .then(pl.lit("aio"))
            .otherwise(pl.lit("appui_ponctuel"))
            .alias("modalite"),
        )

    return same_kind(accompanied, build)


def youths_by_programme(programmes: FrameT, *, years: Sequence[int]) -> FrameT:
    """Jeunes distincts en cours dans chaque dispositif, par année (``dispositif`` à
    ``None`` : dans au moins un dispositif, chaque jeune une fois).

    Définition : en cours dans l'année comme :func:`programme_years`, pour chaque
    dispositif ; un jeune dans deux dispositifs compte dans chacun, et une fois dans la
    ligne de tous les dispositifs.

    >>> from datetime import date
    >>> df = pl.DataFrame({"jeune": ["a", "a", "b"], "dispositif": ["CEJ", "PACEA", "CEJ"],
    ...     "date_entree": [date(2025, 1, 1)] * 3,
    ...     "date_sortie": [None, date(2025, 6, 1), None]})
    >>> youths_by_programme(df, years=[2025]).rows()
    [(2025, 'CEJ', 2), (2025, 'PACEA', 1), (2025, None, 2)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        each = _open_in(lf.filter(pl.col("dispositif").is_not_null()), years)
        by_kind = each.group_by(YEAR, "dispositif").agg(
            pl.col("jeune").n_unique().cast(pl.Int64).alias("nb_jeunes")
        )
        anyone = each.group_by(YEAR).agg(
            pl.lit(None, dtype=pl.String).alias("dispositif"),
            pl.col("jeune").n_unique().cast(pl.Int64).alias("nb_jeunes"),
        )
        return pl.concat([by_kind, anyone]).sort(YEAR, "dispositif", nulls_last=True)

    return same_kind(programmes, build)


def allowances_by_year(pacea: FrameT, *, by_request: bool = True) -> FrameT:
    """Allocations PACEA demandées, par année.

    Définition (rapport 2025, « Le PACEA » : « 169 849 € d'allocations ont été demandées
    au bénéfice des jeunes en PACEA en 2025 ») : somme de ``allocation`` des demandes
    faites dans l'année (``date_allocation``), quelle que soit l'année d'entrée du jeune
    en PACEA ; une allocation sans date de demande compte l'année d'entrée
    (``sans_date`` : leur nombre). ``by_request=False`` : toutes à l'année d'entrée
    (``date_entree``).

    >>> from datetime import date
    >>> df = pl.DataFrame({"date_entree": [date(2024, 11, 2), date(2025, 3, 1)],
    ...     "date_allocation": [date(2025, 1, 10), None], "allocation": [300.0, 200.0]})
    >>> allowances_by_year(df).rows()
    [(2025, 500.0, 1)]
    >>> allowances_by_year(df, by_request=False).rows()
    [(2024, 300.0, 0), (2025, 200.0, 0)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        entry = year_of(pl.col("date_entree"))
        undated = pl.col("date_allocation").is_null() & pl.col("allocation").fill_null(0).gt(0)
        when = pl.coalesce(year_of(pl.col("date_allocation")), entry) if by_request else entry
        missing = undated if by_request else pl.lit(False)
        return (
            lf.group_by(when.cast(pl.Int64).alias(YEAR))
            .agg(
                pl.col("allocation").sum(),
                missing.sum().cast(pl.Int64).alias("sans_date"),
            )
            .sort(YEAR)
        )

    return same_kind(pacea, build)
