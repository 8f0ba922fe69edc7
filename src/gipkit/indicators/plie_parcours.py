"""Indicateurs des parcours du PLIE : file active, sorties positives, durée, métiers.

Les fonctions prennent une ligne par parcours (``participant``, ``date_entree``,
``date_sortie`` vide si en cours, ``situation_sortie``…), comme l'extraction du
logiciel de parcours décrite dans ``docs/formats/plie.participants.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from gipkit.indicators.common import (
    YEAR,
    FrameT,
    grouped_in_parts,
    open_during,
    same_kind,
    year_column,
    year_of,
)

DAYS_PER_MONTH = 365.25 / 12
ROME = r"^\s*([A-Na-n])\d{4}"


def touches(year: int) -> pl.Expr:
    """Le parcours touche l'année : entré au plus tard le 31/12, pas sorti avant le 1/1."""
    return open_during("date_entree", "date_sortie", year)


def open_on_31_12(year: int) -> pl.Expr:
    """Le parcours est en cours le 31 décembre (une sortie ce jour-là est une sortie)."""
    return (pl.col("date_entree") <= date(year, 12, 31)) & (
        pl.col("date_sortie").is_null() | (pl.col("date_sortie") > date(year, 12, 31))
    )


def movements_by_quarter(pathways: FrameT, *, years: Sequence[int]) -> FrameT:
    """Entrées et sorties de parcours par trimestre civil (« sur le dernier trimestre …
    plus de sorties que d'entrées ») : une ligne par année de ``years`` et trimestre 1 à
    4, même sans mouvement ; ``solde`` = entrées − sorties.

    >>> df = pl.DataFrame({"date_entree": [date(2025, 2, 1), date(2024, 11, 3)],
    ...     "date_sortie": [None, date(2025, 12, 1)]})
    >>> movements_by_quarter(df, years=[2025]).rows()
    [(2025, 1, 1, 0, 1), (2025, 2, 0, 0, 0), (2025, 3, 0, 0, 0), (2025, 4, 0, 1, -1)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        grid = pl.LazyFrame(
            {
                YEAR: [y for y in years for _ in range(4)],
                "trimestre": [q for _ in years for q in range(1, 5)],
            },
            schema={YEAR: pl.Int64, "trimestre": pl.Int64},
        )
        parts = []
        for column, alias in (("date_entree", "entrees"), ("date_sortie", "sorties")):
            parts.append(
                lf.filter(pl.col(column).is_not_null())
                .group_by(
                    year_column(column),
                    pl.col(column).dt.quarter().cast(pl.Int64).alias("trimestre"),
                )
                .agg(pl.len().cast(pl.Int64).alias(alias))
            )
        return (
            grid.join(parts[0], on=[YEAR, "trimestre"], how="left")
            .join(parts[1], on=[YEAR, "trimestre"], how="left")
            .with_columns(pl.col("entrees").fill_null(0), pl.col("sorties").fill_null(0))
            .with_columns((pl.col("entrees") - pl.col("sorties")).alias("solde"))
            .sort(YEAR, "trimestre")
        )

    return same_kind(pathways, build)


def active_file(pathways: FrameT, *, years: Sequence[int]) -> FrameT:
    """File active par année : personnes suivies, entrées, sorties, en parcours au 31/12.

    Définitions (rapport 2025 : « 388 personnes suivies », « 130 entrées », « 127
    sorties », « au 31 décembre 2025, les trois référentes suivaient 261 personnes ») :
    suivies = personnes distinctes dont un parcours touche l'année ; entrées = parcours
    commencés dans l'année ; sorties = parcours finis dans l'année ; au 31/12 = personnes
    dont un parcours est en cours ce jour-là. Suivies = présentes au 1er janvier +
    entrées de l'année (à une personne revenue près).

    >>> df = pl.DataFrame({"participant": ["a", "b", "c"],
    ...     "date_entree": [date(2024, 3, 1), date(2025, 2, 1), date(2023, 1, 1)],
    ...     "date_sortie": [None, date(2025, 6, 1), date(2024, 2, 1)]})
    >>> active_file(df, years=[2025]).rows()
    [(2025, 2, 1, 1, 1)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        frames = [
            lf.select(
                pl.lit(year, dtype=pl.Int64).alias(YEAR),
                pl.col("participant")
                .filter(touches(year))
                .n_unique()
                .cast(pl.Int64)
                .alias("nb_suivis"),
                (year_of(pl.col("date_entree")) == year).sum().cast(pl.Int64).alias("nb_entrees"),
                (year_of(pl.col("date_sortie")) == year)
                .fill_null(False)
                .sum()
                .cast(pl.Int64)
                .alias("nb_sorties"),
                pl.col("participant")
                .filter(open_on_31_12(year))
                .n_unique()
                .cast(pl.Int64)
                .alias("nb_31_12"),
            )
            for year in years
        ]
        return pl.concat(frames)

    return same_kind(pathways, build)


def positive_exits(pathways: FrameT, *, positive: Sequence[str]) -> FrameT:
    """Sorties, sorties positives et taux de sorties positives, par année de sortie.

    Taux = sorties positives / sorties (rapport 2025 : 44 %, 53 % en 2024). Sortie
    positive par défaut (guide des PLIE, Alliance Villes Emploi) : emploi durable (CDI,
    CDD ou intérim de 6 mois ou plus, alternance), création d'entreprise, formation
    qualifiante validée. Une sortie sans situation renseignée n'est pas positive.

    >>> df = pl.DataFrame({"date_sortie": [date(2025, 2, 1), date(2025, 6, 1), None],
    ...     "situation_sortie": ["cdi", "abandon", None]})
    >>> positive_exits(df, positive=["cdi"]).rows()
    [(2025, 2, 1, 0.5)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return (
            lf.filter(pl.col("date_sortie").is_not_null())
            .group_by(year_column("date_sortie"))
            .agg(
                pl.len().cast(pl.Int64).alias("nb_sorties"),
                pl.col("situation_sortie")
                .is_in(list(positive))
                .fill_null(False)
                .sum()
                .cast(pl.Int64)
                .alias("nb_positives"),
            )
            .with_columns((pl.col("nb_positives") / pl.col("nb_sorties")).alias("taux"))
            .sort(YEAR)
        )

    return same_kind(pathways, build)


def pathway_months(year: int, *, exits_only: bool) -> pl.Expr:
    """Durée d'un parcours en mois : jusqu'à la sortie, ou au 31/12 s'il est en cours."""
    end = (
        pl.col("date_sortie")
        if exits_only
        else pl.min_horizontal(
            pl.col("date_sortie").fill_null(date(year, 12, 31)), pl.lit(date(year, 12, 31))
        )
    )
    return (end - pl.col("date_entree")).dt.total_days() / DAYS_PER_MONTH


def mean_duration(
    pathways: FrameT,
    *,
    years: Sequence[int],
    exits_only: bool = True,
    by: str | None = None,
) -> FrameT:
    """Durée moyenne des parcours en mois, par année (et par ``by`` si donné).

    ``exits_only`` (défaut, le rapport : « 21 mois en 2025 ») : parcours sortis dans
    l'année, de l'entrée à la sortie ; sinon tous les parcours suivis dans l'année, de
    l'entrée à la sortie ou au 31 décembre. Un mois = 365,25 / 12 jours.

    >>> df = pl.DataFrame({"date_entree": [date(2024, 1, 1), date(2025, 7, 1)],
    ...     "date_sortie": [date(2025, 1, 1), None]})
    >>> [round(v, 1) for v in mean_duration(df, years=[2025])["duree_mois"]]
    [12.0]
    >>> [round(v, 1) for v in mean_duration(df, years=[2025], exits_only=False)["duree_mois"]]
    [9.0]
    """
    keys = [by] if by else []

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        frames = []
        for year in years:
            chosen = (
                lf.filter(year_of(pl.col("date_sortie")) == year)
                if exits_only
                else lf.filter(touches(year))
            )
            months = pathway_months(year, exits_only=exits_only).alias("mois")
            frames.append(
                chosen.with_columns(months)
                .group_by(keys or pl.lit(0).alias("_tout"))
                .agg(
                    pl.len().cast(pl.Int64).alias("nb_parcours"),
                    pl.col("mois").mean().alias("duree_mois"),
                )
                .select(
                    pl.lit(year, dtype=pl.Int64).alias(YEAR), *keys, "nb_parcours", "duree_mois"
                )
            )
        return pl.concat(frames).sort(YEAR, *keys, nulls_last=True)

    return same_kind(pathways, build)


def by_band_and_sex(people: FrameT, *, band: str = "tranche_age") -> FrameT:
    """Personnes par tranche d'âge et par sexe, et la part des femmes de chaque tranche.

    Définition : une ligne par personne (``sexe`` codé ``F`` / ``H``, ``band`` la
    tranche) ; ``femmes`` et ``hommes`` comptent les personnes de la tranche dont le sexe
    est connu, ``part_femmes`` = femmes ÷ (femmes + hommes). Rapport 2025, « Le profil
    des publics » : « 55 % des nouveaux publics accompagnés en 2025 ont entre 26 et 44
    ans (65 % sont des femmes) », sur les entrants.

    >>> people = pl.DataFrame({"tranche_age": ["26 à 44 ans"] * 3 + ["45 à 54 ans"],
    ...     "sexe": ["F", "F", "H", None]})
    >>> by_band_and_sex(people).rows()
    [('26 à 44 ans', 3, 2, 1, 0.6666666666666666), ('45 à 54 ans', 1, 0, 0, None)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        women = (pl.col("sexe") == "F").fill_null(False).sum().cast(pl.Int64)
        men = (pl.col("sexe") == "H").fill_null(False).sum().cast(pl.Int64)
        return (
            lf.group_by(band)
            .agg(
                pl.len().cast(pl.Int64).alias("personnes"),
                women.alias("femmes"),
                men.alias("hommes"),
            )
            .with_columns(
                pl.when(pl.col("femmes") + pl.col("hommes") > 0)
                .then(pl.col("femmes") / (pl.col("femmes") + pl.col("hommes")))
                .alias("part_femmes")
            )
            .sort(band, nulls_last=True)
        )

    return same_kind(people, build)


def rome_sector(code: pl.Expr) -> pl.Expr:
    """Lettre du domaine ROME (A à N) d'un métier saisi comme code (« K2204 ») ou comme
    libellé précédé de son code ; null sinon.

    >>> s = pl.Series(["K2204", " n1103 cariste", "Aide", None])
    >>> pl.select(rome_sector(pl.lit(s))).to_series().to_list()
    ['K', 'N', None, None]
    """
    return code.str.extract(ROME, 1).str.to_uppercase()


def wished_sectors(people: FrameT, *, top: int) -> FrameT:
    """Poids de chaque domaine ROME dans les métiers souhaités, et part des femmes.

    Rapport 2025 : « 88 % des souhaits métiers (métiers demandés par les participants
    lors de leur entrée dans le parcours) sont concentrés dans 6 secteurs ». Une ligne par
    souhait (``secteur`` : lettre ROME, ``sexe`` de la personne). Les ``top`` domaines
    les plus demandés gardent leur lettre ; les autres domaines renseignés forment la
    ligne ``autres`` ; un souhait sans code ROME reconnu ne compte pas (le poids est
    rapporté aux souhaits reconnus). Colonnes : ``secteur``, ``nb``,
    ``poids``, ``nb_femmes``, ``part_femmes``, ``rang`` (null pour ``autres``).

    >>> df = pl.DataFrame({"secteur": ["K", "K", "N", "M", None],
    ...     "sexe": ["F", "F", "H", "F", "F"]})
    >>> wished_sectors(df, top=1).rows()
    [('K', 2, 0.5, 2, 1.0, 1), ('autres', 2, 0.5, 1, 0.5, None)]
    """

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        counts = (
            lf.filter(pl.col("secteur").is_not_null())
            .group_by("secteur")
            .agg(
                pl.len().cast(pl.Int64).alias("nb"),
                (pl.col("sexe") == "F").fill_null(False).sum().cast(pl.Int64).alias("nb_femmes"),
            )
            .with_columns(
                pl.struct(pl.col("nb").neg(), "secteur").rank("ordinal").cast(pl.Int64).alias("_r")
            )
        )
        named = pl.col("_r") <= top
        return (
            counts.with_columns(
                pl.when(named).then(pl.col("secteur")).otherwise(pl.lit("autres")).alias("secteur"),
                pl.when(named).then(pl.col("_r")).otherwise(None).alias("rang"),
            )
            .group_by("secteur", "rang")
            .agg(pl.col("nb").sum(), pl.col("nb_femmes").sum())
            .with_columns(
                (pl.col("nb") / pl.col("nb").sum()).alias("poids"),
                (pl.col("nb_femmes") / pl.col("nb")).alias("part_femmes"),
            )
            .select("secteur", "nb", "poids", "nb_femmes", "part_femmes", "rang")
            .sort(pl.col("rang").fill_null(10**6))
        )

    return same_kind(people, build)


def history(pathways: pl.LazyFrame, *, years: Sequence[int]) -> pl.LazyFrame:
    """L'histoire du PLIE année par année, depuis la première année de ``years``.

    Pour chaque année : ``personnes`` (personnes distinctes dont un parcours touche
    l'année), ``entrants`` (personnes dont un parcours commence dans l'année),
    ``cumul`` (personnes distinctes entrées au plus tard cette année-là : les personnes
    accompagnées depuis la création quand la première année est celle de la création),
    ``part_femmes`` (part des femmes parmi les personnes de l'année), ``age_moyen``
    (âge moyen au 31 décembre des personnes de l'année, comme ``plie.profil.age_moyen``)
    et ``part_sans_diplome`` (part des personnes de l'année au niveau « sans diplôme »,
    niveau non renseigné compris au dénominateur, comme le profil de l'année).
    Une personne suivie deux fois la même année compte une fois, avec son dernier parcours.

    Rapport 2025, PLIE : « le cap des 8 000 personnes accompagnées », « la part des femmes
    […] était de 42 % en 2005, de 55 % en 2015 », « une moyenne d'âge de 55 ans en 2004 et
    de 51 ans en 2014 », « le niveau de personnes sans diplôme reste stable en 2025 par
    rapport à 2024, avec 42 % (contre 31 % en 2023) ».

    Parmi les entrants de l'année (leur parcours commencé cette année-là), la part des
    accueils spontanés (``part_spontanes``), des orientés par France Travail ou le
    Département (``part_ft_departement``) et des bénéficiaires actuels ou anciens du RSA
    (``part_rsa``), sur les entrants dont la donnée est connue : « en 2023, 66 % des
    orientations provenaient de France Travail et du réseau de partenaires
    départementaux […], avec seulement 6 % d'accueils spontanés » ; « 32 % des nouveaux
    entrants étaient ARSA, contre 39 % en 2023 ».

    Calculée à l'appel, sur un tableau compact des parcours : les personnes d'un seul
    parcours, toutes les années d'un passage (sommes par année d'entrée et de sortie,
    cumulées) ; celles de plusieurs parcours, année par année (leur dernier parcours de
    l'année). La requête rendue ne relit pas ``pathways``.

    >>> from datetime import date
    >>> lf = pl.LazyFrame({"participant": ["a", "b", "a"], "sexe": ["F", "H", "F"],
    ...     "date_naissance": [date(1970, 1, 1), date(1980, 6, 1), date(1970, 1, 1)],
    ...     "date_entree": [date(2004, 3, 1), date(2005, 2, 1), date(2010, 1, 1)],
    ...     "date_sortie": [date(2005, 6, 1), None, None],
    ...     "prescripteur": ["spontane", "france_travail", None], "rsa": [True, False, True],
    ...     "niveau": ["sans_diplome", None, "bac"]})
    >>> out = history(lf, years=[2004, 2005]).collect()
    >>> out.drop("part_sans_diplome").rows()
    [(2004, 1, 1, 1, 1.0, 34.0, 1.0, 0.0, 1.0), (2005, 2, 1, 2, 0.5, 30.0, 0.0, 1.0, 0.0)]
    >>> out["part_sans_diplome"].to_list()
    [1.0, 0.5]
    """
    span = pl.LazyFrame({"annee": list(years)}, schema={"annee": pl.Int64})
    first_year, last_year = min(years), max(years)
    base = pathways.select(
        "participant",
        "sexe",
        "date_naissance",
        "date_entree",
        "date_sortie",
        "prescripteur",
        "rsa",
        "niveau",
    )
    entry, leave = year_of(pl.col("date_entree")), year_of(pl.col("date_sortie"))
    # ce que les chiffres lisent de chaque parcours : ses années (première et dernière
    # touchées, entrée, naissance), des oui/non (vides gardés : une moyenne les ignore) et
    # son rang (date d'entrée, puis ordre de l'export : deux entrées le même jour sont
    # départagées par leur ligne, comme le ferait ``rank("ordinal")``), non ses textes ni
    # ses dates. Calculé ici, une fois : laissé à la requête, polars le recalculait pour
    # chaque année (10 s au lieu de 1,8 pour 6 M parcours), ou, mis en cache dans la
    # requête, calculait les années en parallèle (pointe +0,6 Go au lieu de +0,3). Le rang
    # fait de la date et du numéro de ligne, non de ``rank`` (qui demande toute la
    # colonne), laisse le moteur en flux construire le tableau lot par lot : sans lui,
    # les huit colonnes lues de tous les parcours étaient montées en mémoire avant le
    # calcul (6 M parcours : +0,69 → +0,42 Go pendant la construction, pour un tableau
    # compact de 0,24 Go, dont 24 Mo de plus pour le rang sur 64 bits ; 48 Mo de moins
    # depuis que ses quatre années tiennent sur 16 bits — dans `plie tout`, l'histoire se
    # calcule pendant la lecture du classeur des candidatures : leurs pointes s'ajoutent)
    compact = (
        base.with_row_index("__ligne")
        .select(
            "participant",
            pl.max_horizontal(entry, pl.lit(first_year)).cast(pl.Int16).alias("__de"),
            pl.min_horizontal(leave.fill_null(last_year), pl.lit(last_year))
            .cast(pl.Int16)
            .alias("__a"),
            entry.cast(pl.Int16).alias("__entree"),
            year_of(pl.col("date_naissance")).cast(pl.Int16).alias("__naissance"),
            (pl.col("sexe") == "F").alias("__femme"),
            (pl.col("niveau") == "sans_diplome").fill_null(False).alias("__sans_diplome"),
            (pl.col("prescripteur") == "spontane").alias("__spontane"),
            pl.col("prescripteur").is_in(["france_travail", "departement"]).alias("__ft_dep"),
            "rsa",
            # jours depuis 1970 (sur 32 bits), puis la ligne (moins de 2³² lignes)
            (
                pl.col("date_entree").to_physical().cast(pl.Int64) * 2**32
                + pl.col("__ligne").cast(pl.Int64)
            ).alias("__rang"),
        )
        # filtré après le calcul : seules les colonnes compactes sont recopiées
        .filter(pl.col("__entree").is_not_null())
        .collect(engine="streaming")
    )
    # année par année, les parcours qui la touchent (de leur entrée, ou de la première
    # année, à leur sortie, ou à la dernière), une ligne par personne : son dernier
    # parcours (le plus haut rang). Le parcours d'une personne qui n'en a qu'un (presque
    # toutes) est le sien chaque année qu'il touche : ses chiffres de toutes les années
    # se comptent d'un passage (:func:`_yearly_sums`, sommes et effectifs par année
    # d'entrée et de sortie, cumulés) ; le dernier parcours de l'année n'est cherché
    # (une fenêtre sur la personne, année par année) que parmi les parcours des personnes
    # qui en ont plusieurs. Une fenêtre sur les 6 M parcours de 750 fois les fixtures
    # pour chacune des 22 années prenait 1,07-1,19 s ; ainsi, 0,3 s pour reconnaître les
    # personnes d'un seul parcours et quelques centièmes pour leurs chiffres. (Déplier
    # chaque parcours sur les années qu'il touche faisait 13,4 M lignes : pointe +0,85 Go,
    # 1,9 s ; réunir les années dans une requête les faisait calculer en parallèle :
    # +0,6 Go.)
    # les personnes de plusieurs parcours, regroupées par parts (une fenêtre sur les 6 M
    # parcours d'un coup : +0,93 Go ; par parts : +0,2 Go, 0,3 s)
    names = grouped_in_parts(
        compact,
        "participant",
        lambda part: part.group_by("participant").len().filter(pl.col("len") > 1),
    ).get_column("participant")
    # (les parcours sans identifiant vont ensemble, comme dans la fenêtre)
    alone = compact.select(
        ~pl.col("participant").is_in(names.implode(), nulls_equal=True)
    ).to_series()
    several = compact.filter(~alone)
    ones = compact.lazy().filter(alone)
    span_all = pl.LazyFrame({"annee": range(first_year, last_year + 1)}, schema={"annee": pl.Int64})
    shares_sums = _yearly_sums(
        ones.filter(pl.col("__de") <= pl.col("__a")),
        span_all,
        _SHARE_SUMS,
        start=pl.col("__de"),
        end=pl.col("__a"),
    )
    entrants_sums = _yearly_sums(
        ones.filter(pl.col("__entree").is_between(pl.col("__de"), pl.col("__a"))),
        span_all,
        _ENTRANT_SUMS,
        start=pl.col("__entree"),
        end=pl.col("__entree"),
    )
    last = pl.col("__rang") == pl.col("__rang").max().over("participant")
    shares, entrants = [shares_sums], [entrants_sums]
    for y in years if several.height else ():
        touching = several.lazy().filter((pl.col("__de") <= y) & (pl.col("__a") >= y))
        annee = pl.lit(y, dtype=pl.Int64).alias("annee")
        shares.append(touching.filter(last).select(annee, *_sums(_SHARE_SUMS, y)).collect())
        # les entrants parmi les parcours commencés dans l'année, leur dernier parcours
        entrants.append(
            touching.filter(pl.col("__entree") == y)
            .filter(last)
            .select(annee, *_sums(_ENTRANT_SUMS, y))
            .collect()
        )
    # cumul : personnes par année de leur première entrée (avant la première année :
    # comptées dès celle-ci), additionnées d'année en année
    # comptées par parts du tableau compact (:func:`grouped_in_parts` : un participant
    # dans une seule part), puis additionnées ; calculé ici aussi : la requête rendue ne
    # garde pas le tableau compact
    arrivals = (
        grouped_in_parts(
            compact,
            "participant",
            lambda part: (
                part.group_by("participant")
                .agg(pl.col("__entree").min().cast(pl.Int64).alias("premiere"))
                .filter(pl.col("premiere") <= last_year)
                .group_by(pl.max_horizontal("premiere", pl.lit(first_year)).alias("annee"))
                .len()
            ),
        )
        .group_by("annee")
        .agg(pl.col("len").sum())
        .lazy()
    )
    cumul = (
        span.join(arrivals, on="annee", how="left")
        .sort("annee")
        .select("annee", pl.col("len").fill_null(0).cum_sum().cast(pl.Int64).alias("cumul"))
    )
    return (
        span.join(cumul, on="annee", how="left")
        .join(_shares_of(shares, _SHARE_SUMS), on="annee", how="left")
        .join(_shares_of(entrants, _ENTRANT_SUMS), on="annee", how="left")
        .with_columns(pl.col("personnes", "entrants").fill_null(0))
        .select(
            "annee",
            "personnes",
            "entrants",
            "cumul",
            "part_femmes",
            "age_moyen",
            "part_sans_diplome",
            "part_spontanes",
            "part_ft_departement",
            "part_rsa",
        )
        .sort("annee")
    )


#: ce que l'histoire compte des personnes de l'année : (nom, colonne lue ; ``None`` pour
#: l'effectif) — la part est la somme sur les renseignés, l'âge moyen au 31 décembre
#: l'année moins la naissance, en moyenne
_SHARE_SUMS = (
    ("personnes", None),
    ("part_femmes", "__femme"),
    ("age_moyen", "__naissance"),
    ("part_sans_diplome", "__sans_diplome"),
)
#: de même, des entrants de l'année
_ENTRANT_SUMS = (
    ("entrants", None),
    ("part_spontanes", "__spontane"),
    ("part_ft_departement", "__ft_dep"),
    ("part_rsa", "rsa"),
)


def _sums(wanted: Sequence[tuple[str, str | None]], year: int | None = None) -> list[pl.Expr]:
    """Pour chaque chiffre de ``wanted``, la somme (``__s_`` + nom) et l'effectif des
    renseignés (``__n_`` + nom) de sa colonne, l'effectif des lignes pour ``None`` ;
    l'âge en ``year`` (``age_moyen``) sommé comme l'année moins la naissance, ou sans
    ``year`` comme la naissance seule (l'année est posée après, :func:`_yearly_sums`) —
    au 31 décembre, l'anniversaire est passé : l'âge est la différence des années."""
    out: list[pl.Expr] = []
    for name, column in wanted:
        if column is None:
            out.append(pl.len().cast(pl.Int64).alias(f"__n_{name}"))
            continue
        value = pl.col(column).cast(pl.Int64)
        if name == "age_moyen" and year is not None:
            value = pl.lit(year, dtype=pl.Int64) - value
        out += [value.sum().alias(f"__s_{name}"), value.count().cast(pl.Int64).alias(f"__n_{name}")]
    return out


def _yearly_sums(
    rows: pl.LazyFrame,
    span: pl.LazyFrame,
    wanted: Sequence[tuple[str, str | None]],
    *,
    start: pl.Expr,
    end: pl.Expr,
) -> pl.DataFrame:
    """Les sommes et effectifs (:func:`_sums`) de ``wanted``, pour chaque année de
    ``span``, des lignes de ``rows`` dont l'intervalle d'années ``start``–``end`` la
    contient : ajoutés l'année ``start``, retirés l'année qui suit ``end``, cumulés d'année
    en année (deux regroupements sur l'année, quel que soit le nombre d'années). L'âge
    est sommé comme l'année moins la naissance (``age_moyen``).

    >>> rows = pl.LazyFrame({"de": [2020, 2021], "a": [2021, 2022], "v": [True, None]})
    >>> span = pl.LazyFrame({"annee": [2020, 2021, 2022, 2023]})
    >>> out = _yearly_sums(rows, span, [("n", None), ("part", "v")],
    ...     start=pl.col("de"), end=pl.col("a"))
    >>> out.rows()
    [(2020, 1, 1, 1), (2021, 2, 1, 1), (2022, 1, 0, 0), (2023, 0, 0, 0)]
    """
    sums = _sums(wanted)
    names = [e.meta.output_name() for e in sums]
    added = rows.group_by(start.cast(pl.Int64).alias("annee")).agg(sums)
    removed = rows.group_by((end.cast(pl.Int64) + 1).alias("annee")).agg(sums)
    years = span.select(pl.col("annee").cast(pl.Int64))
    changes = (
        years.join(added, on="annee", how="left")
        .join(removed, on="annee", how="left", suffix="__retire")
        .sort("annee")
        .select(
            "annee",
            *(
                (pl.col(n).fill_null(0) - pl.col(f"{n}__retire").fill_null(0)).cum_sum().alias(n)
                for n in names
            ),
        )
    )
    out = changes.collect()
    if any(name == "age_moyen" for name, _ in wanted):
        # la somme des âges : l'année, autant de fois que de naissances, moins elles
        age = pl.col("annee") * pl.col("__n_age_moyen") - pl.col("__s_age_moyen")
        out = out.with_columns(age.alias("__s_age_moyen"))
    return out


def _shares_of(
    parts: Sequence[pl.DataFrame], wanted: Sequence[tuple[str, str | None]]
) -> pl.LazyFrame:
    """Les chiffres de chaque année : sommes et effectifs de ``parts`` additionnés par
    année, chaque part rapportée à son effectif de renseignés (vide sans renseigné, comme
    la moyenne de polars)."""
    total = pl.concat(parts).lazy().group_by("annee").agg(pl.all().sum())
    return total.select(
        "annee",
        *(
            (
                pl.col(f"__n_{name}")
                if column is None
                else pl.when(pl.col(f"__n_{name}") > 0).then(
                    pl.col(f"__s_{name}") / pl.col(f"__n_{name}")
                )
            ).alias(name)
            for name, column in wanted
        ),
    )


def waiting_on(frame: pl.DataFrame, day: date) -> pl.Series:
    """Vrai pour une pré-inscription en attente le jour ``day`` : pré-inscrite au plus
    tard ce jour-là, ni entrée en parcours ni partie de la liste à cette date (une entrée
    ou un abandon le jour même la fait sortir de la liste)."""
    return frame.select(
        (pl.col("date_preinscription") <= day)
        & (pl.col("date_entree").is_null() | (pl.col("date_entree") > day))
        & (pl.col("date_abandon").is_null() | (pl.col("date_abandon") > day))
    ).to_series()


def waiting_list(frame: pl.DataFrame, *, years: Sequence[int]) -> pl.DataFrame:
    """La file d'attente du PLIE par année.

    Colonnes : ``annee``, ``en_attente_31_12`` (pré-inscrites au 31 décembre, ni entrées
    ni parties de la liste ce jour-là), ``preinscriptions`` (faites dans l'année),
    ``entrees`` (entrées en parcours dans l'année depuis la liste), ``delai_moyen_jours``
    (de la pré-inscription à l'entrée, pour ces entrées ; ``null`` sans entrée).

    >>> df = pl.DataFrame({"date_preinscription": [date(2025, 3, 1), date(2025, 11, 2)],
    ...     "date_entree": [date(2025, 5, 30), None], "date_abandon": [None, None]})
    >>> waiting_list(df, years=[2025]).rows()
    [(2025, 1, 2, 1, 90.0)]
    """
    rows = []
    entry_year = year_of(pl.col("date_entree"))
    for year in years:
        entered = frame.filter(entry_year == year)
        waited = (entered["date_entree"] - entered["date_preinscription"]).dt.total_days()
        rows.append(
            {
                "annee": year,
                "en_attente_31_12": int(waiting_on(frame, date(year, 12, 31)).sum()),
                "preinscriptions": frame.filter(
                    year_of(pl.col("date_preinscription")) == year
                ).height,
                "entrees": entered.height,
                "delai_moyen_jours": float(waited.mean()) if entered.height else None,  # type: ignore[arg-type]
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "annee": pl.Int64,
            "en_attente_31_12": pl.Int64,
            "preinscriptions": pl.Int64,
            "entrees": pl.Int64,
            "delai_moyen_jours": pl.Float64,
        },
    )
