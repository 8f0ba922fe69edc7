"""Indicateurs du Service Clauses Insertion (SERCI), chapitre « Le Service Clauses Insertion ».

Toutes les fonctions prennent l'export des heures d'insertion aux colonnes
canoniques (voir ``docs/formats/serci-heures.md``) : une ligne par contrat et
par année, avec ``annee``, ``contrat``, ``marche``, ``territoire``, ``heures``,
``participant`` et les attributs utiles à chaque indicateur. Chaque résultat
est donné par année (colonne ``annee``), pour que N et N-1 sortent du même
calcul.

Contrats : si la colonne ``contrat_compte`` est là (voir :func:`contract_year_flag`),
un contrat ne compte que sur sa ligne marquée (l'année de sa signature) ; sans elle, il
compte chaque année où il a des heures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from gipkit.indicators.common import (
    YEAR,
    FrameT,
    age_band,
    age_band_labels,
    label_by_patterns,
    on_distinct,
    same_kind,
    year_of,
)

HOURS = "heures"
ACTIVITY = ("nb_marches", "nb_contrats", "nb_participants", HOURS)
COUNTED = "contrat_compte"
FALLBACK = "contrat_repli"
#: décalage des années travaillées sans signature dans le code de
#: :func:`contract_year_flag` (plus grand que tout écart entre deux années plausibles)
SIGNED_FIRST = 100_000


def contract_year_flag(
    frame: FrameT, rule: str = "signature", *, rows: FrameT | None = None
) -> FrameT:
    """Marque la ligne où chaque contrat compte (colonne ``contrat_compte``).

    L'export a une ligne par contrat et par année d'activité : un contrat commencé en
    2024 et poursuivi en 2025 y est deux fois. Règles :

    - ``"signature"`` (défaut) : un contrat compte **l'année de sa signature**, lue dans
      sa date de début (l'export ne donne pas la date de signature ; un contrat de
      travail est signé au plus tard le jour où il commence), sur sa ligne de cette
      année-là. Un contrat sans ligne avec des heures l'année de sa date de début (date
      absente, ou contrat commencé avant la première année de l'export) compte à sa
      première année d'activité, et ``contrat_repli`` le dit ;
    - ``"activite"`` : un contrat compte chaque année où il a des heures.

    Colonnes requises : ``annee``, ``contrat``, ``heures`` et, pour ``"signature"``,
    ``date_debut``. Rapport 2025, « Le Service Clauses Insertion » (« 450 contrats en
    intérim », « 4 CDI ont été signés »).

    ``rows`` : les lignes à marquer, parmi celles de ``frame`` (par défaut toutes) —
    celles qu'une commande garde après ses exclusions ; chaque contrat se reconnaît
    toujours sur **toutes** ses lignes de ``frame``. Marquer les lignes gardées plutôt
    que filtrer des lignes marquées évite à la commande de calculer deux fois l'année
    des contrats (une fois pour compter les exclusions, une fois pour les lignes
    gardées : 2 M lignes, 0,5 s de plus).

    >>> from datetime import date
    >>> df = pl.DataFrame({"annee": [2024, 2025, 2025], "contrat": ["a", "a", "b"],
    ...     "heures": [100.0, 40.0, 70.0],
    ...     "date_debut": [date(2024, 11, 4), date(2024, 11, 4), date(2025, 2, 3)]})
    >>> contract_year_flag(df)["contrat_compte"].to_list()
    [True, False, True]
    >>> contract_year_flag(df, "activite")["contrat_compte"].to_list()
    [True, True, True]
    >>> contract_year_flag(df, rows=df.filter(pl.col("annee") == 2025))["contrat_compte"].to_list()
    [False, True]
    """
    if rule not in ("signature", "activite"):
        raise ValueError(f"règle inconnue : {rule!r} (signature ou activite)")

    every_line = frame.lazy()
    worked = pl.col(HOURS).fill_null(0) != 0
    signed = (pl.col(YEAR) == year_of(pl.col("date_debut"))) & worked
    # l'année où chaque contrat compte, en un seul entier par contrat : l'année d'une
    # ligne signée, sinon l'année d'une ligne travaillée décalée de SIGNED_FIRST (le
    # minimum donne ainsi la ligne signée s'il y en a une, sinon la première année
    # travaillée) ; un seul agrégat par contrat au lieu de deux ; en 32 bits, l'année
    # pouvant être lue sur 16
    year = pl.col(YEAR).cast(pl.Int32)
    code = pl.when(signed).then(year).when(worked).then(year + SIGNED_FIRST)
    fallback = (
        (pl.col("__code") >= SIGNED_FIRST) & (year == pl.col("__code") - SIGNED_FIRST) & worked
    )
    marks = [(signed | fallback).alias(COUNTED), fallback.fill_null(False).alias(FALLBACK)]

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        if rule == "activite":
            return lf.with_columns(pl.lit(True).alias(COUNTED), pl.lit(False).alias(FALLBACK))
        # une ligne signée compte sans regarder les autres lignes de son contrat, une
        # ligne sans heures ne compte pas : seuls les contrats des lignes travaillées non
        # signées (le repli possible : d'ordinaire les lignes d'un contrat poursuivi d'une
        # année sur l'autre, non tous) ont besoin de toutes leurs lignes, regroupées pour
        # trouver l'année où ils comptent (`serci heures --par-maitre-ouvrage`, 5 M
        # lignes : 3,6 -> 3,1 s ; `serci tout`, la marque de toutes les lignes, par une
        # fenêtre sur tous les contrats : 0,82 -> 0,60 s)
        undecided = lf.filter(worked & ~signed.fill_null(False)).select("contrat")
        lines = every_line.join(undecided, on="contrat", how="semi", nulls_equal=True)
        per_contract = lines.group_by("contrat").agg(code.min().alias("__code"))
        if rows is None:
            # toutes les lignes : la jointure à gauche de toutes leurs colonnes (les
            # marques calculées à part puis posées à côté : 0,60 -> 0,86-0,93 s)
            return (
                lf.join(
                    per_contract, on="contrat", how="left", nulls_equal=True, maintain_order="left"
                )
                .with_columns(marks)
                .drop("__code")
            )
        # faite sur les seuls contrats des lignes à marquer (toutes leurs lignes),
        # l'agrégation ne regroupe pas les contrats des années qu'une commande a écartées
        # (5 M lignes sur six ans, N-1 et N gardées : pointe de 1,06 à 0,97-0,98 Go) ; les
        # marques calculées sur les seules colonnes qu'elles lisent, puis posées à côté
        # des lignes (une ligne de marques par ligne, dans le même ordre : la jointure à
        # gauche sur des contrats distincts garde l'ordre et le nombre des lignes) ; une
        # jointure de toutes les colonnes en faisait une copie entière (2 M lignes :
        # pointe de la lecture 1,04 -> 0,93 Go)
        flags = (
            lf.select("contrat", YEAR, HOURS, "date_debut")
            .join(per_contract, on="contrat", how="left", nulls_equal=True, maintain_order="left")
            .select(marks)
        )
        return pl.concat([lf, flags], how="horizontal")

    return same_kind(frame if rows is None else rows, build)


def counted_contracts(on: pl.Expr | None = None) -> pl.Expr:
    """Contrats distincts des lignes marquées ``contrat_compte`` (voir
    :func:`contract_year_flag` ; le cadre doit avoir la colonne) et de ``on``."""
    keep = pl.col(COUNTED) if on is None else pl.col(COUNTED) & on
    return pl.col("contrat").filter(keep).n_unique()


def _with_flag(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Sans marque de l'année des contrats, chaque ligne compte (année d'activité)."""
    if COUNTED in lf.collect_schema().names():
        return lf
    return lf.with_columns(pl.lit(True).alias(COUNTED))


def _activity_aggs() -> list[pl.Expr]:
    return [
        pl.col("marche").n_unique().alias("nb_marches"),
        counted_contracts().alias("nb_contrats"),
        pl.col("participant").n_unique().alias("nb_participants"),
        pl.col(HOURS).sum().alias(HOURS),
    ]


def activity_by_year(frame: FrameT) -> FrameT:
    """Heures, marchés, contrats et participants par année, sur et hors territoire.

    Définitions (rapport 2025, « La synthèse des heures d'insertion ») :

    - ``heures_territoire`` : heures des opérations du territoire (162 246 h) ;
    - ``heures_hors_territoire`` : heures réalisées par des habitants du
      territoire sur des chantiers extérieurs (36 660 h) ;
    - ``heures`` : leur somme (198 906 h, base des ETP) ;
    - ``nb_marches``, ``nb_contrats`` : marchés et contrats distincts du territoire ;
    - ``nb_contrats_hors_territoire`` : contrats distincts hors territoire ;
    - ``nb_participants`` : personnes distinctes ayant des heures dans l'année,
      où qu'elles soient réalisées ;
    - ``nb_participants_territoire`` : personnes distinctes ayant des heures sur
      le territoire.

    >>> df = pl.DataFrame({"annee": [2025, 2025, 2025], "contrat": ["a", "b", "c"],
    ...     "marche": ["m1", "m1", "m2"], "territoire": [True, True, False],
    ...     "heures": [100.0, 50.0, 10.0], "participant": ["p1", "p2", "p1"]})
    >>> activity_by_year(df).select("heures_territoire", "heures", "nb_participants").row(0)
    (150.0, 160.0, 2)

    Calculé par :func:`activity_queries` et :func:`activity_from` : chaque compte
    distinct par les paires (année, valeur) distinctes.
    """
    return same_kind(frame, lambda lf: activity_from(activity_queries(lf)))


#: les comptes distincts de :func:`activity_by_year`, dans l'ordre de ses colonnes
ACTIVITY_COUNTS = (
    "nb_marches",
    "nb_contrats",
    "nb_contrats_hors_territoire",
    "nb_participants",
    "nb_participants_territoire",
)


def activity_queries(
    frame: pl.LazyFrame, *, marked: pl.LazyFrame | None = None
) -> dict[str, pl.LazyFrame]:
    """Les requêtes dont :func:`activity_from` réunit :func:`activity_by_year` : les
    heures de chaque année (``"heures"``), puis chaque compte distinct de
    :data:`ACTIVITY_COUNTS`, une requête chacun : les paires (année, valeur) distinctes
    des lignes comptées, puis leur nombre par année (une valeur absente compte pour une,
    comme ``n_unique``).

    ``marked`` : les mêmes lignes que ``frame``, marquées de l'année des contrats
    (:func:`contract_year_flag`) ; les contrats y sont comptés, le reste dans ``frame``.
    La marque tient alors les seules colonnes des contrats : `serci tout` sur 5 M lignes,
    les marchés et les participants passés par la marque (alors une fenêtre sur tous les
    contrats) la faisaient monter de +0,39 à +0,58 Go. Séparées, les
    requêtes peuvent aussi se faire l'une après l'autre, et en flux (les paires
    distinctes : +0,29 Go au lieu de +0,44 pour les six comptes dans un seul
    regroupement).

    >>> lf = pl.LazyFrame({"annee": [2025, 2025, 2024], "marche": ["m1", None, "m1"],
    ...     "contrat": ["a", "b", "a"], "territoire": [True, True, False],
    ...     "heures": [1.0, 2.0, 3.0], "participant": ["p", "p", "p"]})
    >>> queries = activity_queries(lf)
    >>> sorted(queries["nb_marches"].collect().rows())
    [(2025, 2)]
    >>> list(queries) == ["heures", *ACTIVITY_COUNTS]
    True
    """
    on = pl.col("territoire")
    counted = _with_flag(frame if marked is None else marked)
    queries = {
        HOURS: frame.group_by(YEAR).agg(
            pl.col(HOURS).filter(on).sum().alias("heures_territoire"),
            pl.col(HOURS).filter(~on).sum().alias("heures_hors_territoire"),
            pl.col(HOURS).sum().alias(HOURS),
        )
    }
    rows: dict[str, tuple[pl.LazyFrame, str, pl.Expr | None]] = {
        "nb_marches": (frame, "marche", on),
        "nb_contrats": (counted, "contrat", pl.col(COUNTED) & on),
        "nb_contrats_hors_territoire": (counted, "contrat", pl.col(COUNTED) & ~on),
        "nb_participants": (frame, "participant", None),
        "nb_participants_territoire": (frame, "participant", on),
    }
    for name in ACTIVITY_COUNTS:
        source, column, kept = rows[name]
        chosen = source if kept is None else source.filter(kept)
        queries[name] = chosen.select(YEAR, column).unique().group_by(YEAR).len(name=name)
    return queries


def activity_from(parts: Mapping[str, FrameT]) -> FrameT:
    """:func:`activity_by_year` fait des résultats de :func:`activity_queries` (mêmes
    clés), paresseux ou calculés : une ligne par année des heures, un compte absent
    valant 0.

    >>> parts = {"heures": pl.DataFrame({"annee": [2024, 2025], "heures": [1.0, 2.0]})}
    >>> parts |= {n: pl.DataFrame({"annee": [2025], n: [3]}) for n in ACTIVITY_COUNTS}
    >>> activity_from(parts)["nb_marches"].to_list()
    [0, 3]
    """
    out = parts[HOURS]
    for name in ACTIVITY_COUNTS:
        out = out.join(parts[name], on=YEAR, how="left")
    return out.with_columns(pl.col(ACTIVITY_COUNTS).fill_null(0)).sort(YEAR)


def new_participants_by_year(frame: FrameT) -> FrameT:
    """Participants de l'année et nouveaux participants (aucune heure une année antérieure).

    Définition : un participant est nouveau l'année N s'il n'a d'heures dans
    aucune année antérieure présente dans l'export. Le rapport (« Bilan
    chiffré 2021-2025 ») en compte 165 en 2025. L'export doit donc contenir
    les années antérieures : un participant de la première année présente est
    toujours compté nouveau. Une ligne sans participant ne compte pas.

    >>> df = pl.DataFrame({"annee": [2024, 2025, 2025], "participant": ["p1", "p1", "p2"]})
    >>> new_participants_by_year(df).rows()
    [(2024, 1, 1), (2025, 2, 1)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        # un regroupement par participant (ses années distinctes, la première), dépliées
        # ensuite : les couples (année, participant) distincts joints à la première année
        # de chacun coûtaient trois fois plus (5 M lignes : 0,74 -> 0,25 s)
        return (
            lf.filter(pl.col("participant").is_not_null())
            .group_by("participant")
            .agg(pl.col(YEAR).unique())
            .with_columns(pl.col(YEAR).list.min().alias("premiere"))
            .explode(YEAR)
            .group_by(YEAR)
            .agg(
                pl.len().cast(pl.Int64).alias("nb_participants"),
                (pl.col(YEAR) == pl.col("premiere"))
                .sum()
                .cast(pl.Int64)
                .alias("nb_nouveaux_participants"),
            )
            .sort(YEAR)
        )

    return same_kind(frame, build)


def activity_by(frame: FrameT, by: str) -> FrameT:
    """Marchés, contrats, participants distincts et heures par année et par ``by``.

    Sert au tableau « Nombre d'heures réalisées sur notre territoire » par type de
    maître d'ouvrage, aux heures par ville et aux commanditaires. Un
    participant qui a des contrats dans plusieurs groupes compte dans chacun :
    la somme des lignes peut dépasser le total distinct (:func:`activity_total`).

    >>> df = pl.DataFrame({"annee": [2025] * 3, "contrat": ["a", "b", "c"],
    ...     "marche": ["m1", "m2", "m3"], "participant": ["p1", "p1", "p2"],
    ...     "heures": [10.0, 20.0, 5.0], "type": ["x", "y", "y"]})
    >>> activity_by(df, "type").rows()
    [(2025, 'x', 1, 1, 1, 10.0), (2025, 'y', 2, 2, 2, 25.0)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        grouped = _with_flag(lf).group_by(YEAR, by).agg(_activity_aggs())
        return grouped.sort(YEAR, by, nulls_last=True)

    return same_kind(frame, build)


def activity_total(frame: FrameT) -> FrameT:
    """Marchés, contrats, participants distincts et heures par année (ligne « Total »)."""

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return _with_flag(lf).group_by(YEAR).agg(_activity_aggs()).sort(YEAR)

    return same_kind(frame, build)


def top_by_hours(frame: FrameT, by: str, *, n: int = 10) -> FrameT:
    """Les ``n`` groupes ``by`` aux heures les plus nombreuses, par année.

    Ordre : heures décroissantes puis nom, pour un résultat stable. Sert aux
    « plus gros commanditaires d'heures » (maîtres d'ouvrage) du rapport.

    >>> df = pl.DataFrame({"annee": [2025] * 3, "contrat": ["a", "b", "c"],
    ...     "marche": ["m", "m", "n"], "participant": ["p", "q", "r"],
    ...     "heures": [5.0, 7.0, 9.0], "moa": ["A", "A", "B"]})
    >>> top_by_hours(df, "moa", n=1).select("moa", "heures").rows()
    [('A', 12.0)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        grouped = _with_flag(lf).group_by(YEAR, by).agg(_activity_aggs())
        return (
            grouped.sort([YEAR, HOURS, by], descending=[False, True, False], nulls_last=True)
            .group_by(YEAR, maintain_order=True)
            .head(n)
        )

    return same_kind(frame, build)


def participant_profile(
    frame: FrameT,
    *,
    age_bounds: Sequence[int] = (26, 41, 51),
    cities: Mapping[str, str] | None = None,
    prescriber_groups: Mapping[str, Sequence[str]] | None = None,
) -> FrameT:
    """Une ligne par participant et par année : ses heures et ses attributs.

    Les attributs sont ceux de sa ligne la plus récente de l'année (date de
    début de contrat la plus tardive, puis numéro de contrat) : l'export les
    répète sur chaque contrat. Colonnes ajoutées :

    - ``age`` : âge au 31 décembre de l'année (``annee`` − année de naissance),
      sinon la colonne ``age`` de l'export ;
    - ``tranche_age`` : tranches du rapport (− 26, 26–40, 41–50, 51 et plus
      pour ``age_bounds = (26, 41, 51)``) ;
    - ``statut_principal`` : le premier des ``statuts_entree`` ;
    - ``domiciliation`` et ``zone`` : voir :func:`domiciliation` (si ``cities`` est
      donné et que l'export a ``ville_domicile``, ``qpv`` et ``quartier``) ;
    - ``commune_domicile`` : la ville de ``cities`` où habite le participant, sinon
      « Autres villes » (si ``cities`` est donné et que l'export a ``ville_domicile``) ;
    - ``groupe_prescripteur`` : le groupe de ``prescriber_groups`` qui reconnaît son
      prescripteur, sinon « Autres prescripteurs » (:func:`label_by_patterns`).
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        names = lf.collect_schema().names()
        per_row = {YEAR, "participant", HOURS, "contrat", "marche", "ligne", COUNTED, FALLBACK}
        attributes = [c for c in names if c not in per_row]
        sort_keys: list[str] = [c for c in ("date_debut", "contrat") if c in names]
        profile = (
            lf.sort([YEAR, "participant", *sort_keys], nulls_last=False)
            .group_by(YEAR, "participant", maintain_order=True)
            .agg(pl.col(HOURS).sum(), *(pl.col(c).last() for c in attributes))
        )
        if "date_naissance" in names:
            birth_age = (pl.col(YEAR) - year_of(pl.col("date_naissance"))).cast(pl.Int64)
            age = pl.coalesce(birth_age, pl.col("age")) if "age" in names else birth_age
        elif "age" in names:
            age = pl.col("age")
        else:
            age = pl.lit(None, dtype=pl.Int64)
        labels = age_band_labels(age_bounds)
        profile = profile.with_columns(age.alias("age")).with_columns(
            age_band(pl.col("age"), age_bounds, labels).alias("tranche_age")
        )
        if "statuts_entree" in names:
            profile = profile.with_columns(
                pl.col("statuts_entree").list.first().alias("statut_principal")
            )
        # libellés tirés de colonnes de peu de valeurs : calculés par valeurs distinctes
        labels_from: list[str] = []
        labelled: list[pl.Expr] = []
        if cities is not None and {"ville_domicile", "qpv", "quartier"} <= set(names):
            labels_from += ["ville_domicile", "qpv", "quartier"]
            labelled += domiciliation(cities)
        if cities is not None and "ville_domicile" in names:
            labels_from.append("ville_domicile")
            labelled.append(home_city(cities))
        if prescriber_groups is not None and "prescripteur" in names:
            labels_from.append("prescripteur")
            labelled.append(
                label_by_patterns(
                    pl.col("prescripteur"), prescriber_groups, other=OTHER_PRESCRIBERS
                ).alias("groupe_prescripteur")
            )
        if labelled:
            profile = on_distinct(profile, list(dict.fromkeys(labels_from)), labelled)
        return profile.sort(YEAR, "participant")

    return same_kind(frame, build)


OTHER_CITIES = "Autres villes"
OTHER_PRESCRIBERS = "Autres prescripteurs"


def home_city(cities: Mapping[str, str]) -> pl.Expr:
    """``commune_domicile`` : la ville du territoire (nom complet de ``cities``) où habite
    le participant, « Autres villes » sinon, absente si la ville n'est pas renseignée.

    >>> df = pl.DataFrame({"ville_domicile": ["IVRY SUR SEINE", "Créteil", None]})
    >>> df.select(home_city({"Ivry-sur-Seine": "Ivry"}))["commune_domicile"].to_list()
    ['Ivry-sur-Seine', 'Autres villes', None]
    """
    from gipkit.io.normalize import normalize_label
    from gipkit.io.values import normalized

    full = {normalize_label(city): city for city in cities}
    key = normalized(pl.col("ville_domicile"))
    city = key.replace_strict(full, default=OTHER_CITIES, return_dtype=pl.String)
    return (
        pl.when(pl.col("ville_domicile").is_null())
        .then(pl.lit(None, dtype=pl.String))
        .otherwise(city)
        .alias("commune_domicile")
    )


def domiciliation(cities: Mapping[str, str]) -> list[pl.Expr]:
    """Expressions ``domiciliation`` et ``zone`` du tableau « Domiciliation des bénéficiaires ».

    ``cities`` associe chaque ville du territoire à son nom court
    (``{"Ivry-sur-Seine": "Ivry"}``). Libellés : « QPV Ivry (Monmousseau) » pour
    un résident d'un QPV d'une ville du territoire, « QPV autres villes »,
    « Quartier Ivry » hors QPV, « Quartier autres villes ». La zone reprend la
    ville (et le quartier pour un QPV), vide pour les autres villes.
    """
    from gipkit.io.normalize import normalize_label
    from gipkit.io.values import normalized

    keys = {normalize_label(city): short for city, short in cities.items()}
    full = {normalize_label(city): city for city in cities}
    city_key = normalized(pl.col("ville_domicile"))
    short = city_key.replace_strict(keys, default=None, return_dtype=pl.String)
    city = city_key.replace_strict(full, default=None, return_dtype=pl.String)
    qpv = pl.col("qpv").fill_null(False)
    quarter = pl.col("quartier")
    in_territory = short.is_not_null()
    label = (
        pl.when(qpv & in_territory & quarter.is_not_null())
        .then(pl.format("QPV {} ({})", short, quarter))
        .when(qpv & in_territory)
        .then(pl.format("QPV {}", short))
        .when(qpv)
        .then(pl.lit("QPV autres villes"))
        .when(in_territory)
        .then(pl.format("Quartier {}", short))
        .otherwise(pl.lit("Quartier autres villes"))
    )
    zone = (
        pl.when(in_territory & qpv & quarter.is_not_null())
        .then(pl.format("{} ({})", city, quarter))
        .when(in_territory)
        .then(city)
        .otherwise(pl.lit(""))
    )
    return [label.alias("domiciliation"), zone.alias("zone")]


def near_worksite(frame: FrameT, neighbours: Mapping[str, Sequence[str]] | None = None) -> FrameT:
    """Participants qui habitent à proximité de leur chantier, par année.

    Le chantier d'un participant est la ville de l'opération où il a fait le plus
    d'heures dans l'année (à égalité, la première dans l'ordre alphabétique) ; il habite
    « à proximité » si sa ville de domicile est cette ville, ou une des communes voisines
    déclarées pour elle dans ``neighbours`` (ville du chantier → communes voisines). Villes
    comparées sans casse, accents ni ponctuation. Un participant sans ville de domicile ou
    sans ville d'opération n'entre pas dans le calcul (``nb_participants`` : ceux dont on
    connaît les deux).

    >>> df = pl.DataFrame({"annee": [2025] * 4, "participant": ["a", "a", "b", "c"],
    ...     "ville_operation": ["Ivry", "Vitry", "Ivry", "Ivry"], "heures": [5.0, 9.0, 1.0, 2.0],
    ...     "ville_domicile": ["Vitry", "Vitry", "Orly", "Villejuif"]})
    >>> near_worksite(df, {"Ivry": ["Villejuif"]}).rows()
    [(2025, 3, 2, 0.6666666666666666)]
    """
    from gipkit.io.normalize import normalize_label
    from gipkit.io.values import normalized

    pairs = [
        f"{normalize_label(site)}|{normalize_label(town)}"
        for site, towns in (neighbours or {}).items()
        for town in towns
    ]

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        known = lf.filter(
            pl.col("ville_operation").is_not_null() & pl.col("ville_domicile").is_not_null()
        )
        site = (
            known.group_by(YEAR, "participant", "ville_operation")
            .agg(pl.col(HOURS).sum(), pl.col("ville_domicile").last())
            .sort(
                YEAR,
                "participant",
                HOURS,
                "ville_operation",
                descending=[False, False, True, False],
            )
            .group_by(YEAR, "participant", maintain_order=True)
            .first()
        )
        where, home = normalized(pl.col("ville_operation")), normalized(pl.col("ville_domicile"))
        near = (where == home) | pl.concat_str([where, home], separator="|").is_in(pairs)
        # villes comparées une fois par couple (chantier, domicile) distinct, pas par
        # participant : la normalisation du texte coûte
        cities = ["ville_operation", "ville_domicile"]
        return (
            on_distinct(site, cities, [near.alias("__proche")])
            .group_by(YEAR)
            .agg(
                pl.len().cast(pl.Int64).alias("nb_participants"),
                pl.col("__proche").sum().cast(pl.Int64).alias("nb_proximite"),
            )
            .with_columns(_rate("nb_proximite", "nb_participants").alias("part_proximite"))
            .sort(YEAR)
        )

    return same_kind(frame, build)


def participants_by(profile: FrameT, by: str | Sequence[str]) -> FrameT:
    """Participants distincts et leurs heures par année et par attribut ``by``.

    ``profile`` vient de :func:`participant_profile`. Chaque participant est
    dans un seul groupe : les participants et les heures des groupes
    s'additionnent au total (tableaux âge, prescripteur, niveau, domiciliation).

    >>> p = pl.DataFrame({"annee": [2025] * 3, "participant": ["a", "b", "c"],
    ...     "heures": [10.0, 20.0, 5.0], "sexe": ["F", "H", "H"]})
    >>> participants_by(p, "sexe").rows()
    [(2025, 'F', 1, 10.0), (2025, 'H', 2, 25.0)]
    """
    keys = [by] if isinstance(by, str) else list(by)

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.group_by(YEAR, *keys)
            .agg(pl.len().cast(pl.Int64).alias("nb_participants"), pl.col(HOURS).sum())
            .sort(YEAR, *keys, nulls_last=True)
        )

    return same_kind(profile, build)


def participants_by_status(profile: FrameT, *, hours_under: str = "principal") -> FrameT:
    """Participants et heures par statut d'entrée.

    Par défaut (``hours_under="principal"``), un participant **et toutes ses heures**
    comptent sous son statut principal (le premier déclaré) : le tableau est additif, ses
    lignes font les participants distincts et les heures distinctes (389 participants et
    162 246 h en 2025).

    ``hours_under="tous_statuts"`` est la convention du rapport 2025 (« Situation des
    participants avant emploi ») : le participant compte une fois, sous son statut
    principal, mais ses heures comptent sous **chaque** statut qu'il a ; la somme des
    heures dépasse alors le total distinct (182 895 h pour 162 246 h en 2025), ce que le
    rapport signale lui-même.

    >>> p = pl.DataFrame({"annee": [2025, 2025], "participant": ["a", "b"],
    ...     "heures": [10.0, 5.0], "statuts_entree": [["rsa", "qpv"], ["qpv"]]})
    >>> participants_by_status(p).rows()
    [(2025, 'qpv', 1, 5.0), (2025, 'rsa', 1, 10.0)]
    >>> participants_by_status(p, hours_under="tous_statuts").rows()
    [(2025, 'qpv', 1, 15.0), (2025, 'rsa', 1, 10.0)]
    """
    if hours_under not in ("principal", "tous_statuts"):
        raise ValueError(f"hours_under : « principal » ou « tous_statuts », pas {hours_under!r}")

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        principal = pl.col("statuts_entree").list.first().alias("statut")
        if hours_under == "principal":
            return (
                lf.group_by(YEAR, principal)
                .agg(pl.len().cast(pl.Int64).alias("nb_participants"), pl.col(HOURS).sum())
                .sort(YEAR, "statut", nulls_last=True)
            )
        main = lf.group_by(YEAR, principal).agg(pl.len().cast(pl.Int64).alias("nb_participants"))
        every = (
            lf.select(YEAR, pl.col("statuts_entree").alias("statut"), HOURS)
            .explode("statut")
            .group_by(YEAR, "statut")
            .agg(pl.col(HOURS).sum())
        )
        return (
            main.join(every, on=[YEAR, "statut"], how="full", coalesce=True, nulls_equal=True)
            .with_columns(pl.col("nb_participants").fill_null(0), pl.col(HOURS).fill_null(0.0))
            .sort(YEAR, "statut", nulls_last=True)
        )

    return same_kind(profile, build)


def exit_summary(
    profile: FrameT,
    *,
    positive: Sequence[str] = ("cdi", "cdd_plus_3_mois", "formation_qualifiante"),
    abandonment: Sequence[str] = ("abandon",),
    ongoing: Sequence[str] = ("en_parcours",),
    base: str = "sorties",
    timed: Sequence[str] = (),
    months: int = 6,
) -> FrameT:
    """Sorties de parcours, sorties positives et abandons par année, et leurs taux.

    - ``nb_sorties`` : participants **sortis** de leur parcours dans l'année, c'est-à-dire
      dont la situation de sortie est renseignée et n'est pas dans ``ongoing`` (« en
      parcours ») : 324 en 2025 ;
    - ``nb_sorties_positives`` : situation dans ``positive``, ou dans ``timed`` avec un
      contrat de sortie d'au moins ``months`` mois (colonne ``duree_contrat_sortie``) :
      l'emploi durable (la liste du rapport 2025 — CDI, CDD de plus de 3 mois, formation
      qualifiante, ``timed`` vide — donne 4 + 65 + 25 = 94 en 2025) ;
    - ``nb_abandons`` : situation dans ``abandonment`` (abandon ou départ volontaire) ;
    - taux = nombre ÷ base : ``base="sorties"`` (par défaut : on rapporte une issue de
      parcours aux parcours terminés, abandons 35 / 324 = 10,8 % en 2025) ou
      ``base="participants"`` (tous les participants de l'année, dont ceux encore en
      parcours : la base du rapport 2025, 35 / 389 = 9 %).

    0/0 donne ``null``.

    >>> p = pl.DataFrame({"annee": [2025] * 4, "participant": list("abcd"),
    ...     "situation_sortie": ["cdi", "abandon", "en_parcours", "interim"]})
    >>> exit_summary(p).row(0)
    (2025, 4, 3, 1, 0.3333333333333333, 1, 0.3333333333333333)
    >>> exit_summary(p, base="participants").row(0)
    (2025, 4, 3, 1, 0.25, 1, 0.25)
    >>> q = p.with_columns(duree_contrat_sortie=pl.Series([None, None, None, 7]))
    >>> exit_summary(q, positive=["cdi"], timed=["interim"]).row(0)[3]
    2
    """
    if base not in ("sorties", "participants"):
        raise ValueError(f"base : « sorties » ou « participants », pas {base!r}")
    denominator = "nb_sorties" if base == "sorties" else "nb_participants"

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        situation = pl.col("situation_sortie")
        n = pl.len().cast(pl.Int64)
        exited = (situation.is_not_null() & ~situation.is_in(list(ongoing))).sum()
        good = situation.is_in(list(positive))
        if timed:
            lasting = pl.col("duree_contrat_sortie").fill_null(0) >= months
            good = good | (situation.is_in(list(timed)) & lasting)
        pos = good.sum().cast(pl.Int64)
        ab = situation.is_in(list(abandonment)).sum().cast(pl.Int64)
        return (
            lf.group_by(YEAR)
            .agg(
                n.alias("nb_participants"),
                exited.cast(pl.Int64).alias("nb_sorties"),
                pos.alias("nb_sorties_positives"),
                ab.alias("nb_abandons"),
            )
            .with_columns(
                _rate("nb_sorties_positives", denominator).alias("taux_sorties_positives"),
                _rate("nb_abandons", denominator).alias("taux_abandons"),
            )
            .select(
                YEAR,
                "nb_participants",
                "nb_sorties",
                "nb_sorties_positives",
                "taux_sorties_positives",
                "nb_abandons",
                "taux_abandons",
            )
            .sort(YEAR)
        )

    return same_kind(profile, build)


def _rate(numerator: str, denominator: str) -> pl.Expr:
    den = pl.col(denominator)
    return pl.when(den > 0).then(pl.col(numerator) / den)
