"""Documents du SERCI : heures, participants, contrats, sorties.

Identifiants stables des résultats (contrat JSON, voir ``docs/indicateurs/serci.md``) :
``serci.heures.*``, ``serci.participants.*``, ``serci.contrats.*``, ``serci.sorties.*``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from gipkit import journal
from gipkit.config import Config, SerciSettings
from gipkit.errors import InvalidDataError
from gipkit.indicators import serci as ind
from gipkit.indicators.common import age_band_labels, etp, on_distinct
from gipkit.io.exports.serci import SERCI_HOURS
from gipkit.io.reader import scan_export
from gipkit.io.source import LINE, ReadOptions, SourceReport
from gipkit.reports.common import (
    as_categories,
    as_enums,
    by_year,
    choose_year,
    declared_order,
    dense_rank,
    narrow_integers,
    present_years,
    scalar,
    with_previous,
    with_shares,
)
from gipkit.results import Column, Result, Scalar, Table
from gipkit.selection import apply_exclusions, kept_by

SCHEMA = SERCI_HOURS
UNKNOWN = "Non renseigné"
BASE_COLUMNS = ("annee", "contrat", "marche", "territoire", "heures", "participant")

#: vues de ``serci participants --par`` : colonne du profil, libellé, colonnes lues
PARTICIPANT_VIEWS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "age": ("tranche_age", "Tranche d'âge", ("date_naissance", "age", "date_debut")),
    "statut": ("statut", "Statut entrée", ("statuts_entree", "date_debut")),
    "prescripteur": ("prescripteur", "Prescripteur", ("prescripteur", "date_debut")),
    "niveau": ("niveau_formation", "Niveau de formation", ("niveau_formation", "date_debut")),
    "domiciliation": (
        "domiciliation",
        "Origine géographique",
        ("ville_domicile", "qpv", "quartier", "date_debut"),
    ),
    "sexe": ("sexe", "Sexe", ("sexe", "date_debut")),
    "commune": ("commune_domicile", "Commune de domicile", ("ville_domicile", "date_debut")),
    "ressources": (
        "ressources_entree",
        "Ressources à l'entrée",
        ("ressources_entree", "date_debut"),
    ),
    "groupe_prescripteur": (
        "groupe_prescripteur",
        "Groupe de prescripteurs",
        ("prescripteur", "date_debut"),
    ),
}
#: les colonnes que lisent les sorties (situation et durée du contrat de sortie, et la date
#: de début qui désigne la ligne la plus récente du participant)
EXIT_COLUMNS = ("situation_sortie", "duree_contrat_sortie", "date_debut")
#: les colonnes du profil des participants (:func:`_profile`) : attributs des vues, des
#: parts et des sorties ; les colonnes des contrats et des marchés n'y entrent pas
PROFILE_COLUMNS = tuple(
    dict.fromkeys([*(c for _, _, read in PARTICIPANT_VIEWS.values() for c in read), *EXIT_COLUMNS])
)
CONTRACT_VIEWS: dict[str, tuple[str, str]] = {
    "type": ("type_contrat", "Type de contrat"),
    "modalite": ("modalite_embauche", "Type d'entreprise"),
}


#: les colonnes d'identifiants, gardées en mémoire comme leur rang (:func:`load`)
IDENTIFIERS = ("contrat", "participant", "marche")


@dataclass(frozen=True)
class History:
    """Ce que la commande lit des années d'avant N-1 : des chiffres par année, calculés
    au chargement sur toutes les années de l'export (:func:`load`)."""

    #: :func:`ind.activity_by_year`
    activity: pl.DataFrame
    #: :func:`ind.new_participants_by_year`
    news: pl.DataFrame
    #: heures du territoire par année et par ville de l'opération, sur les
    #: ``serci.annees_historique`` dernières années (:func:`hours_by_city_history`), si
    #: la commande a lu la ville de l'opération
    cities: pl.DataFrame | None
    #: contrats de N-1 ou N comptés à leur première année d'activité (avertissement de
    #: :func:`load`)
    fallbacks: int = 0


@dataclass
class SerciData:
    """Lignes utilisées de l'export, son bilan, l'année N et N-1 si présente."""

    frame: pl.LazyFrame
    source: SourceReport
    year: int
    previous: int | None
    #: règle qui place chaque contrat dans une année (``serci.annee_des_contrats``, ou
    #: « activite » faute de date de début)
    contract_rule: str = "signature"
    #: profils des participants déjà calculés (un par périmètre et configuration) : les
    #: tableaux, parts et sorties d'une même commande les partagent
    profiles: dict[tuple[str, str], pl.DataFrame] = field(default_factory=dict, repr=False)
    #: les chiffres par année de toutes les années de l'export quand la commande lit le
    #: passé (``frame`` ne garde alors que N-1 et N, :func:`load`) : la synthèse, le
    #: bilan chiffré et les heures par ville les lisent
    history: History | None = field(default=None, repr=False)

    @property
    def years(self) -> list[int]:
        """N-1 (si présente) et N."""
        return [y for y in (self.previous, self.year) if y is not None]

    @property
    def contract_note(self) -> str:
        """Comment les contrats sont placés dans les années, pour les notes."""
        if self.contract_rule == "signature":
            return "contrats comptés l'année de leur signature (date de début)"
        return "contrats comptés chaque année où ils ont des heures"


def load(
    path: Path,
    config: Config,
    options: ReadOptions,
    *,
    columns: Sequence[str],
    year: int | None,
    earliest: Callable[[int], int | None],
    contracts: bool = True,
    compact_ids: bool = False,
    keep_rows: bool = True,
) -> SerciData:
    """Lit l'export et écarte, avec leur motif, les lignes que la commande n'utilise pas.

    ``earliest(N)`` donne la première année utile (``None`` : toutes les années
    antérieures, nécessaires pour reconnaître les nouveaux participants).
    ``contracts`` : la commande compte-t-elle des contrats ? Sinon, l'année de chaque
    contrat (``serci.annee_des_contrats``) n'est ni calculée ni annoncée : une commande
    qui ne compte que des participants et des heures ne lit pas la date de début pour
    cela, et n'avertit pas d'une règle qu'elle n'applique pas.
    ``compact_ids`` : les identifiants (:data:`IDENTIFIERS`) sont remplacés par leur
    rang dans l'ordre du texte — mêmes égalités, même ordre, comptes distincts,
    regroupements et tris plus rapides — et les autres textes par des catégories (même
    texte, même ordre ; un entier par ligne en mémoire) ; le rang coûte un passage
    (2 M lignes : ~0,1 s par colonne), que seule une commande qui calcule plusieurs
    tableaux regagne. Les modalités sont toujours rangées en ``Enum`` de leurs codes
    (:func:`as_enums` : mêmes codes, même ordre), les entiers bornés sur 8 ou 16 bits.
    ``keep_rows`` : la commande lit-elle les lignes de N-1 et N ? Une commande qui lit
    le passé (``earliest`` rend ``None``) reçoit ses chiffres de chaque année
    (:class:`History`) calculés ici sur toutes les lignes gardées ; seules les lignes de
    N-1 et N sont mises en mémoire, et aucune si elle ne lit que ces chiffres (synthèse,
    bilan chiffré : elles restent alors dans le Parquet temporaire, relues par un calcul
    qui les demanderait).
    """
    rule = config.serci.annee_des_contrats if contracts else "activite"
    wanted = [*BASE_COLUMNS, *columns, *(("date_debut",) if rule == "signature" else ())]
    frame, source = scan_export(path, SCHEMA, columns=wanted, config=config, options=options)
    present = present_years(frame)
    if not present:
        raise InvalidDataError(f"{path} : aucune ligne de données sous l'en-tête.")
    year = choose_year(present, year, path)
    if rule == "signature" and "date_debut" not in source.found:
        journal.current().warn(
            f"{path} : {source.lacking('date_debut', SCHEMA.column('date_debut').title)} ; "
            "les contrats "
            "comptent chaque année où ils ont des heures (serci.annee_des_contrats = "
            '"activite"), non l\'année de leur signature'
        )
        rule = "activite"
    first = earliest(year)
    rules: list[tuple[str, pl.Expr]] = [(f"année postérieure à {year}", pl.col("annee") > year)]
    if first is not None:
        rules.append((f"année antérieure à {first}", pl.col("annee") < first))
    rules += [
        ("heures nulles", pl.col("heures") == 0),
    ]
    names = frame.collect_schema().names()

    def compact(rows: pl.LazyFrame) -> pl.LazyFrame:
        # les entiers que le format borne sur 8 ou 16 bits (5 M lignes : l'année, l'âge
        # et la durée du contrat de sortie gardés en 25 Mo au lieu de 120 ; pointe de la
        # lecture 1,32 -> 1,14 Go) ; les modalités en Enum de leurs codes (un octet par
        # ligne ; 5 M lignes, lignes gardées 246 -> 180 Mo), même pour un seul tableau :
        # un libellé de plus de 12 octets (« Bailleurs sociaux ») vit dans les tampons de
        # texte, que le filtre d'un tableau recopie (`serci heures --par-maitre-ouvrage`,
        # 10 M lignes : pointe 1,25-1,31 -> 1,12 Go, même durée)
        rows = rows.with_columns(*narrow_integers(SCHEMA, names), *as_enums(SCHEMA, names))
        if compact_ids:
            # les autres textes sauf les identifiants en catégories (un entier par ligne
            # au lieu d'une vue de 16 octets : 2 M lignes, 650 -> 370 Mo), dès la lecture
            # en flux, avant que l'année des contrats ne rassemble les lignes
            rows = rows.with_columns(as_categories(keep=IDENTIFIERS))
        return rows

    # les filtres sur l'année posés sous la conversion de l'année (qui la redéfinit) :
    # ils descendent ainsi dans la lecture du Parquet temporaire
    kept_read, excluded = apply_exclusions(frame, rules)
    frame, kept = compact(frame), compact(kept_read)

    def flagged(rows: pl.LazyFrame) -> pl.LazyFrame:
        # un contrat se reconnaît sur toutes ses lignes, écartées comprises ; les lignes
        # à marquer choisies avant (la marque est jointe aux lignes : un filtre posé
        # après ne descend pas sous la jointure)
        return ind.contract_year_flag(frame, rule, rows=rows) if contracts else rows

    shown = pl.col("annee").is_in([year - 1, year])
    fallbacks = (
        pl.col("contrat").filter(shown & pl.col(ind.FALLBACK)).n_unique()
        if contracts
        else pl.lit(0)
    ).alias("repli")  # un contrat compté à sa première année, faute de date de début
    history = None
    marks: pl.DataFrame | None = None
    if first is None:
        # les années d'avant N-1 ne servent qu'à des chiffres par année (activité,
        # nouveaux participants, heures par ville) : calculés ici sur toutes les lignes
        # gardées, lues dans le Parquet temporaire (5 M lignes sur six ans, `serci tout` :
        # 2,6 M lignes mises en mémoire au lieu de 5 M). Toutes les lignes gardées y
        # sont marquées : l'année des contrats posée sur toutes les lignes (les seuls
        # contrats des lignes non signées regroupés, :func:`ind.contract_year_flag`),
        # puis les lignes gardées choisies. Les marques de N-1 et N sortent du même
        # calcul pour les lignes mises en mémoire plus bas ; une commande qui ne lit que
        # N-1 et N les pose sur ses lignes (``flagged`` : marquer toutes les lignes y
        # prenait +170 Mo à 2 M lignes, quand l'année des contrats était une fenêtre sur
        # tous les contrats)
        marked = ind.contract_year_flag(frame, rule).filter(kept_by(rules)) if contracts else kept
        recent = pl.col("annee") >= year - 1
        history, marks = _history(
            marked, kept, year, config, fallbacks, marks=recent if contracts and keep_rows else None
        )
        kept = compact(kept_read.filter(recent))
    for reason, count in excluded.items():
        source.exclude(reason, count)
    kept = _in_memory(kept, flagged, compact_ids, marks=marks) if keep_rows else flagged(kept)
    if history is not None:
        has_previous, fallback = year - 1 in history.activity["annee"], history.fallbacks
    else:
        has_previous, fallback = (
            kept.select((pl.col("annee") == year - 1).any(), fallbacks).collect().row(0)
        )
    previous = year - 1 if has_previous else None
    if fallback:
        journal.current().warn(
            f"{path} : {fallback} contrat(s) de {year - 1} ou {year} sans heures l'année de "
            "leur date de début (date absente, ou contrat commencé avant la première année "
            "de l'export) : comptés à leur première année d'activité"
        )
    return SerciData(kept, source, year, previous, rule, history=history)


def _in_memory(
    kept: pl.LazyFrame,
    flagged: Callable[[pl.LazyFrame], pl.LazyFrame],
    compact_ids: bool,
    *,
    marks: pl.DataFrame | None = None,
) -> pl.LazyFrame:
    """Les lignes gardées (colonnes utiles) mises en mémoire une fois : l'année des
    contrats et le tri des lignes ne sont pas recalculés sur le Parquet temporaire par
    chaque tableau de la commande.

    La marque de l'année des contrats est posée sur les lignes déjà en mémoire : posée
    dans la requête qui les lit, elle lui faisait garder une copie de toutes ses colonnes
    pour l'y joindre (`serci tout`, 5 M lignes : pointe du chargement 0,82-0,93 ->
    0,59-0,70 Go). ``marks`` : les marques déjà calculées de ces lignes (numéro de ligne,
    ``contrat_compte``, ``contrat_repli``, dans l'ordre du fichier), posées telles
    quelles ; sinon ``flagged`` les calcule."""
    if marks is None:
        rows = flagged(kept.drop(LINE).collect().lazy()).collect()
    else:
        # les marques déjà calculées (``marks`` : numéro de ligne et marques des mêmes
        # lignes, dans le même ordre, celui du fichier), posées à côté des lignes
        rows = kept.collect()
        if not rows[LINE].equals(marks[LINE]):  # l'ordre du fichier, sauf défaut de polars
            raise RuntimeError("année des contrats : lignes marquées dans un autre ordre")
        rows = rows.drop(LINE).hstack(marks.drop(LINE).get_columns())
    if compact_ids:
        # les identifiants par leur rang : des entiers exacts, mêmes égalités, même ordre
        # que le texte, que comptes distincts, regroupements et tris lisent plus vite
        # (aucun identifiant n'est écrit) ; sur les lignes gardées en mémoire (un rang
        # dans la requête de lecture lui faisait rassembler toutes les colonnes en texte :
        # 5 M lignes, pointe de 1,0 à 1,8 Go) ; ceux qui se répètent par leurs valeurs
        # distinctes, les contrats (presque tous distincts) par ``rank``
        rows = rows.with_columns(
            pl.col("contrat").rank("dense"),
            *(dense_rank(rows[c]) for c in ("participant", "marche") if c in rows.columns),
        )
    return rows.lazy()


def _history(
    marked: pl.LazyFrame,
    kept: pl.LazyFrame,
    year: int,
    config: Config,
    fallbacks: pl.Expr,
    *,
    marks: pl.Expr | None = None,
) -> tuple[History, pl.DataFrame | None]:
    """Les chiffres par année de toutes les lignes gardées ``kept`` (:class:`History`),
    l'activité sur les mêmes lignes marquées (``marked`` : l'année des contrats), et
    ``fallbacks`` (les contrats de N-1 ou N comptés à leur première année d'activité)
    sur celles-ci ; et, dans le même calcul, le numéro de ligne et les marques des lignes
    de ``marks`` (un filtre), s'il est donné."""
    first = year - config.serci.annees_historique + 1
    # d'abord ce qui lit la marque de l'année des contrats (qui ne tient que les
    # colonnes des contrats), puis le reste, une requête après
    # l'autre, les comptes distincts en flux : `serci tout` sur 5 M lignes, tout en une
    # fois (les marchés et les participants passés par la marque), +0,67 Go ; ainsi,
    # +0,47 Go au plus (journal, vingt-deuxième séance)
    parts = ind.activity_queries(kept, marked=marked)
    contracts = ("nb_contrats", "nb_contrats_hors_territoire")
    marked_queries = [*(parts.pop(n) for n in contracts), marked.select(fallbacks)]
    if marks is not None:
        marked_queries.append(marked.filter(marks).select(LINE, ind.COUNTED, ind.FALLBACK))
    got = pl.collect_all(marked_queries)
    done = dict(zip(contracts, got, strict=False))
    repli = got[len(contracts)]
    flags = got[-1] if marks is not None else None
    # les sommes d'heures par le moteur en mémoire (trois colonnes étroites) : chaque
    # somme y suit l'ordre des lignes, son dernier chiffre ne dépend pas de l'ordre où
    # les lots d'un moteur en flux se rejoignent ; les comptes, entiers, n'en dépendent pas
    done[ind.HOURS] = parts.pop(ind.HOURS).collect(engine="in-memory")
    done |= {name: query.collect(engine="streaming") for name, query in parts.items()}
    news = ind.new_participants_by_year(kept).collect()
    cities = None
    if "ville_operation" in kept.collect_schema().names():
        cities = (
            kept.filter(pl.col("territoire") & (pl.col("annee") >= first))
            .group_by("annee", "ville_operation")
            .agg(pl.col("heures").sum())
            .collect()
        )
    history = History(ind.activity_from(done), news, cities, repli.item())
    return history, flags


# --- heures -------------------------------------------------------------------------------


def history(data: SerciData) -> History:
    """Les chiffres par année de toutes les années de l'export (:class:`History`) ;
    seulement pour des données chargées avec toutes les années passées (``earliest``
    rendant ``None`` : les nouveaux participants de N sont ceux qu'aucune année
    antérieure ne connaît)."""
    if data.history is None:
        raise ValueError("données chargées sans les années antérieures à N-1")
    return data.history


def yearly(data: SerciData) -> tuple[pl.DataFrame, pl.DataFrame]:
    """L'activité (:func:`ind.activity_by_year`) et les nouveaux participants
    (:func:`ind.new_participants_by_year`) de chaque année."""
    return history(data).activity, history(data).news


def hours_summary(data: SerciData, config: Config) -> list[Result]:
    """Chiffres clés : heures (territoire, hors territoire, total), ETP, marchés, contrats…"""
    activity, news = yearly(data)
    per_etp = config.parametres.heures_par_etp
    hours = by_year(activity, "heures")
    etps = {y: etp(h, hours_per_etp=per_etp) for y, h in hours.items()}
    return [
        scalar(
            data,
            "serci.heures.territoire",
            "Heures réalisées sur le territoire",
            "heures",
            by_year(activity, "heures_territoire"),
        ),
        scalar(
            data,
            "serci.heures.hors_territoire",
            "Heures réalisées hors territoire",
            "heures",
            by_year(activity, "heures_hors_territoire"),
        ),
        scalar(data, "serci.heures.total", "Heures réalisées (total)", "heures", hours),
        scalar(
            data,
            "serci.heures.etp",
            f"Équivalents temps plein ({per_etp:g} h)",
            "etp",
            etps,
            note=f"heures totales / {per_etp:g}",
        ),
        scalar(
            data,
            "serci.heures.marches",
            "Marchés",
            "nombre",
            by_year(activity, "nb_marches"),
            note="marchés du territoire",
        ),
        scalar(
            data,
            "serci.heures.contrats",
            "Contrats",
            "nombre",
            by_year(activity, "nb_contrats"),
            note=f"contrats du territoire ; {data.contract_note}",
        ),
        scalar(
            data,
            "serci.heures.contrats_hors_territoire",
            "Contrats hors territoire",
            "nombre",
            by_year(activity, "nb_contrats_hors_territoire"),
            note=data.contract_note,
        ),
        scalar(
            data,
            "serci.heures.participants",
            "Participants",
            "nombre",
            by_year(activity, "nb_participants"),
            note="personnes distinctes ayant des heures dans l'année",
        ),
        scalar(
            data,
            "serci.heures.nouveaux_participants",
            "Nouveaux participants",
            "nombre",
            by_year(news, "nb_nouveaux_participants"),
            note="aucune heure une année antérieure de l'export",
        ),
    ]


ACTIVITY_COLUMNS = [
    Column("marches", "Marchés", additive=True),
    Column("contrats", "Contrats", additive=True),
    Column("participants", "Participants"),
    Column("heures", "Heures réalisées", "heures", additive=True),
]


def _activity_table(
    data: SerciData,
    frame: pl.LazyFrame,
    *,
    ident: str,
    label: str,
    key: str,
    key_label: str,
    order: Callable[[pl.DataFrame], pl.DataFrame],
    rename: Callable[[Any], str],
    notes: list[str],
    with_total: bool = True,
) -> Table:
    grouped, totals = _grouped_and_total(frame, key, data.years)

    def one(year: int) -> Table:
        rows_df = order(grouped.filter(pl.col("annee") == year))
        rows = [
            [rename(r[key]), r["nb_marches"], r["nb_contrats"], r["nb_participants"], r["heures"]]
            for r in rows_df.iter_rows(named=True)
        ]
        tot = totals.filter(pl.col("annee") == year)
        total: list[Any] | None = None
        columns = [Column(key, key_label, "texte"), *ACTIVITY_COLUMNS]
        if with_total:
            total = ["Total", *tot.row(0)[1:]] if tot.height else ["Total", 0, 0, 0, 0]
            # parts des marchés, contrats et heures (pas des participants : un participant
            # peut compter dans plusieurs lignes)
            columns, rows, total = with_shares(
                columns, rows, total, ["marches", "contrats", "heures"]
            )
        return Table(ident, label, year, columns, rows, total, [*notes, data.contract_note])

    return with_previous(data, one)


def _category_order(column: str) -> Callable[[pl.DataFrame], pl.DataFrame]:
    codes = [c.code for c in SCHEMA.column(column).categories]

    def order(df: pl.DataFrame) -> pl.DataFrame:
        rank = declared_order(column, codes)
        return df.sort(rank, pl.col(column), nulls_last=True)

    return order


def _category_label(column: str) -> Callable[[Any], str]:
    spec = SCHEMA.column(column)
    return lambda code: UNKNOWN if code is None else spec.label_of(code)


def _text_label(value: Any) -> str:
    return UNKNOWN if value is None else str(value)


def _alphabetical(column: str) -> Callable[[pl.DataFrame], pl.DataFrame]:
    return lambda df: df.sort(
        pl.col(column).cast(pl.String).str.to_lowercase(), pl.col(column), nulls_last=True
    )


def _territory(data: SerciData) -> pl.LazyFrame:
    return data.frame.lazy().filter(pl.col("territoire"))


def _grouped_and_total(
    frame: pl.LazyFrame, key: str, years: Sequence[int]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Mesures par groupe et total distinct.

    L'un après l'autre : calculés ensemble, les deux ensembles d'identifiants distincts
    coexistent en mémoire (mesuré : 900 Mo de pointe contre 600 Mo sur 5 millions de
    lignes, pour un gain de temps minime).
    """
    frame = frame.filter(pl.col("annee").is_in(list(years)))  # N-1 et N seulement
    return _counted(ind.activity_by(frame, key)), _counted(ind.activity_total(frame))


def _counted(query: pl.LazyFrame) -> pl.DataFrame:
    """Les mesures d'activité par groupe (marchés, contrats et participants distincts,
    heures) sur les lignes gardées, déjà en mémoire, calculées par le moteur en mémoire
    de polars : il compte les distincts par groupe deux à trois fois plus vite que le
    moteur en flux, choix par défaut de polars 2.1 (`serci heures --par-maitre-ouvrage`,
    2 M lignes : 0,62 -> 0,30 s, mesuré appel par appel, les deux moteurs en alternance
    dans le même processus)."""
    return query.collect(engine="in-memory")


def hours_by_owner_type(data: SerciData) -> Table:
    """Le tableau « Nombre d'heures réalisées en 2025 sur notre territoire »."""
    return _activity_table(
        data,
        _territory(data),
        ident="serci.heures.par_maitre_ouvrage",
        label="Heures réalisées sur le territoire par type de maître d'ouvrage",
        key="type_maitre_ouvrage",
        key_label="Type de Maître d'Ouvrage",
        order=_category_order("type_maitre_ouvrage"),
        rename=_category_label("type_maitre_ouvrage"),
        notes=[
            "un participant peut avoir des contrats chez plusieurs types de maître "
            "d'ouvrage : la somme des lignes peut dépasser le total, qui compte les "
            "participants distincts",
            "heures du territoire seulement (hors heures réalisées hors territoire)",
        ],
    )


def hours_by_city(data: SerciData) -> Table:
    """Heures par ville de l'opération (territoire)."""
    return _activity_table(
        data,
        _territory(data),
        ident="serci.heures.par_ville",
        label="Heures réalisées par ville de l'opération",
        key="ville_operation",
        key_label="Ville",
        order=_alphabetical("ville_operation"),
        rename=_text_label,
        notes=["heures du territoire seulement"],
    )


def hours_by_owner(data: SerciData, top: int) -> Table:
    """Les plus gros commanditaires d'heures (maîtres d'ouvrage) du territoire."""
    recent = _territory(data).filter(pl.col("annee").is_in(data.years))
    grouped = _counted(ind.top_by_hours(recent, "maitre_ouvrage", n=top))

    def one(year: int) -> Table:
        rows = [
            [
                _text_label(r["maitre_ouvrage"]),
                r["nb_marches"],
                r["nb_contrats"],
                r["nb_participants"],
                r["heures"],
            ]
            for r in grouped.filter(pl.col("annee") == year).iter_rows(named=True)
        ]
        return Table(
            "serci.heures.par_commanditaire",
            f"Maîtres d'ouvrage commanditaires (les {top} premiers en heures)",
            year,
            [Column("maitre_ouvrage", "Maître d'ouvrage", "texte"), *ACTIVITY_COLUMNS],
            rows,
            None,
            ["heures du territoire ; classement par heures décroissantes", data.contract_note],
        )

    return with_previous(data, one)


#: secteur de chaque type de maître d'ouvrage : les SEM (capital majoritairement public),
#: les bailleurs sociaux et les communes passent des marchés publics (le rapport 2025 les
#: range en « maîtrise d'ouvrage public »)
SECTOR_OF_TYPE = {
    "bailleur_social": "public",
    "commune": "public",
    "sem": "public",
    "prive": "prive",
}
SECTOR_LABELS = {"public": "Maîtrise d'ouvrage publique", "prive": "Maîtrise d'ouvrage privée"}


def _sector_and_category(config: Config) -> tuple[pl.Expr, pl.Expr]:
    """(secteur, catégorie) de chaque ligne : la catégorie déclarée dans
    ``serci.categories_commanditaires`` qui reconnaît son maître d'ouvrage
    (:func:`~gipkit.indicators.common.label_by_patterns`), sinon le type de maître
    d'ouvrage de l'export et son secteur (:data:`SECTOR_OF_TYPE`)."""
    from gipkit.indicators.common import label_by_patterns

    declared = config.serci.categories_commanditaires
    labels = {c.code: c.label for c in SCHEMA.column("type_maitre_ouvrage").categories}
    kind = pl.col("type_maitre_ouvrage")
    named = label_by_patterns(
        pl.col("maitre_ouvrage"),
        {name: d.maitres_ouvrage for name, d in declared.items()},
        other=None,
    )
    sectors = {name: d.secteur for name, d in declared.items()}
    category = pl.coalesce(named, kind.replace_strict(labels, default=None, return_dtype=pl.String))
    sector = pl.coalesce(
        named.replace_strict(sectors, default=None, return_dtype=pl.String),
        kind.replace_strict(SECTOR_OF_TYPE, default=None, return_dtype=pl.String),
    )
    return sector.alias("secteur"), category.alias("categorie")


def _say_unused(
    data: SerciData,
    key: str,
    column: str,
    noun: str,
    groups: dict[str, list[str]],
    checked: set[str] | None = None,
) -> None:
    """Dit chaque groupe de ``serci.KEY`` (motifs sur ``column``, dans l'ordre où ils
    s'appliquent) qui ne reçoit aucune valeur de N-1 ni de N (:func:`unused_groups`) :
    sa ligne manque aux tableaux ; un motif mal écrit ne passe pas en silence.
    ``checked`` : les seuls groupes à dire (tous par défaut). Les motifs, écrits par
    l'utilisateur, sont cités ; les valeurs de l'export, jamais."""
    from gipkit.indicators.common import unused_groups

    if not groups or column not in data.source.found or checked == set():
        return
    values = data.frame.select(pl.col(column).unique()).collect().to_series()
    years = " ni de ".join(str(y) for y in data.years)
    unused = unused_groups(values, groups)
    for name in unused if checked is None else [n for n in unused if n in checked]:
        patterns = ", ".join(f"« {p} »" for p in groups[name])
        journal.current().warn(
            f"{data.source.path} : serci.{key} : « {name} » (motifs {patterns}) ne "
            f"s'applique à aucun {noun} de {years} — ou seulement à ceux d'un groupe "
            "déclaré avant lui ; vérifiez ses motifs : il n'a pas de ligne dans les tableaux"
        )


def hours_by_sector(data: SerciData, config: Config) -> Table:
    """Heures du territoire par secteur (maîtrise d'ouvrage publique ou privée) et par
    catégorie de commanditaires : marchés, contrats, participants distincts, heures et
    parts. Les catégories déclarées (``serci.categories_commanditaires`` : « Aménageurs
    publics »…) passent avant le type de maître d'ouvrage de l'export."""
    sector, category = _sector_and_category(config)
    declared_categories = {
        name: d.maitres_ouvrage for name, d in config.serci.categories_commanditaires.items()
    }
    _say_unused(
        data, "categories_commanditaires", "maitre_ouvrage", "maître d'ouvrage",
        declared_categories,
    )  # fmt: skip
    # secteur et catégorie de chaque couple distinct (maître d'ouvrage, type), non de
    # chaque ligne : les motifs des catégories sont des expressions régulières
    frame = on_distinct(
        _territory(data).filter(pl.col("annee").is_in(list(data.years))),
        ["maitre_ouvrage", "type_maitre_ouvrage"],
        [sector, category],
    )
    by_category = (
        frame.group_by("annee", "secteur", "categorie")
        .agg(
            pl.col("marche").n_unique().alias("nb_marches"),
            ind.counted_contracts().alias("nb_contrats"),
            pl.col("participant").n_unique().alias("nb_participants"),
            pl.col("heures").sum(),
        )
        .pipe(_counted)
    )
    by_sector = _counted(ind.activity_by(frame, "secteur"))
    totals = _counted(ind.activity_total(frame))
    declared = [*config.serci.categories_commanditaires]
    declared += [c.label for c in SCHEMA.column("type_maitre_ouvrage").categories]

    def values(row: dict[str, Any]) -> list[Any]:
        return [row["nb_marches"], row["nb_contrats"], row["nb_participants"], row["heures"]]

    def one(year: int) -> Table:
        rows: list[list[Any]] = []
        subtotals: list[str] = []
        for code in [*SECTOR_LABELS, None]:
            head = SECTOR_LABELS.get(code or "", UNKNOWN)
            block = by_sector.filter((pl.col("annee") == year) & pl.col("secteur").eq_missing(code))
            if not block.height:
                continue
            subtotals.append(head)
            rows.append([head, *values(block.row(0, named=True))])
            children = by_category.filter(
                (pl.col("annee") == year) & pl.col("secteur").eq_missing(code)
            ).sort(declared_order("categorie", declared), nulls_last=True)
            rows += [
                [f"{head} / {_text_label(r['categorie'])}", *values(r)]
                for r in children.iter_rows(named=True)
            ]
        tot = totals.filter(pl.col("annee") == year)
        total: list[Any] | None = ["Total", *tot.row(0)[1:]] if tot.height else None
        columns, rows, total = with_shares(
            [
                Column("secteur", "Secteur / catégorie de commanditaires", "texte"),
                *ACTIVITY_COLUMNS,
            ],
            rows,
            total,
            ["marches", "contrats", "heures"],
        )
        notes = [
            "heures du territoire ; participants distincts par ligne (un participant peut "
            "travailler pour plusieurs secteurs)",
            "secteur public : SEM, bailleurs sociaux, communes et catégories déclarées "
            "publiques (serci.categories_commanditaires)",
            data.contract_note,
        ]
        return Table(
            "serci.heures.par_secteur",
            "Heures par secteur et catégorie de commanditaires",
            year,
            columns,
            rows,
            total,
            notes,
            subtotals=subtotals,
        )

    return with_previous(data, one)


def hours_history(data: SerciData, config: Config) -> Table:
    """Le tableau « Bilan chiffré » : heures, bénéficiaires, nouveaux, sur plusieurs années."""
    first = data.year - config.serci.annees_historique + 1
    activity, news = yearly(data)
    joined = (
        activity.join(news.drop("nb_participants"), on="annee")
        .filter(pl.col("annee") >= first)
        .sort("annee")
    )
    rows = [
        [r["annee"], r["heures"], r["nb_participants"], r["nb_nouveaux_participants"]]
        for r in joined.iter_rows(named=True)
    ]
    return Table(
        "serci.heures.historique",
        "Bilan chiffré",
        data.year,
        [
            Column("annee", "Année", "texte"),
            Column("heures", "Heures d'insertion", "heures"),
            Column("participants", "Bénéficiaires"),
            Column("nouveaux", "Nouveaux bénéficiaires"),
        ],
        rows,
        None,
        [
            "heures sur et hors territoire ; bénéficiaires : personnes distinctes ayant des "
            "heures dans l'année ; nouveaux : aucune heure une année antérieure de l'export"
        ],
    )


def hours_by_city_history(data: SerciData, config: Config) -> Table:
    """Heures du territoire par ville de l'opération et par année, sur
    ``serci.annees_historique`` années : une colonne par ville de ``serci.villes_territoire``
    (une ville sans heure une année y vaut 0 : « la ville de Choisy-le-Roi, comme les trois
    dernières années, n'a aucunement fait appel au SERCI »), puis les autres villes."""
    from gipkit.io.normalize import normalize_label
    from gipkit.io.values import normalized

    first = data.year - config.serci.annees_historique + 1
    cities = list(config.serci.villes_territoire)
    keys = {normalize_label(c): c for c in cities}
    city = normalized(pl.col("ville_operation")).replace_strict(
        keys, default=ind.OTHER_CITIES, return_dtype=pl.String
    )
    cities_hours = history(data).cities
    if cities_hours is None:
        raise ValueError("données chargées sans la ville de l'opération")
    # les heures par année et par valeur de la ville dans l'export, rassemblées par ville
    # du territoire (la ville de chaque valeur distincte, non de chaque ligne)
    grouped = (
        on_distinct(cities_hours.lazy(), ["ville_operation"], [city.alias("ville")])
        .group_by("annee", "ville")
        .agg(pl.col("heures").sum())
        .collect()
    )
    years = [y for y in history(data).activity["annee"] if first <= y <= data.year]
    others = grouped.filter(pl.col("ville") == ind.OTHER_CITIES).height > 0
    shown = cities + ([ind.OTHER_CITIES] if others else [])
    hours = {(r["annee"], r["ville"]): r["heures"] for r in grouped.iter_rows(named=True)}
    rows = [
        [
            str(year),
            sum(hours.get((year, c), 0) for c in shown),
            *(hours.get((year, c), 0) for c in shown),
        ]
        for year in years
    ]
    columns = [
        Column("annee", "Année", "texte"),
        Column("heures", "Total du territoire", "heures"),
        *(Column(f"heures_{normalize_label(c)}", c, "heures") for c in shown),
    ]
    return Table(
        "serci.heures.par_ville_historique",
        "Heures du territoire par ville de l'opération, par année",
        data.year,
        columns,
        rows,
        None,
        [
            "heures des opérations du territoire ; une ville sans opération une année "
            "vaut 0 ; villes de serci.villes_territoire"
        ],
    )


# --- participants -------------------------------------------------------------------------


#: les colonnes de ligne que lit le profil : l'année, le participant, ses heures, le
#: contrat (second critère de la ligne la plus récente)
PROFILE_KEYS = ("annee", "participant", "heures", "contrat")


def _profile(data: SerciData, config: Config, scope: str) -> pl.DataFrame:
    """Une ligne par participant et par année (:func:`ind.participant_profile`), calculée
    une fois par commande pour un périmètre et une configuration donnés."""
    key = (scope, repr(config.serci))
    if key not in data.profiles:
        frame = _territory(data) if scope == "territoire" else data.frame.lazy()
        # N-1 et N, que montrent ses tableaux, parts et sorties, et les seules colonnes
        # qu'ils lisent : le tri qui désigne la ligne la plus récente de chaque
        # participant ne déplace ni les autres années ni les colonnes des contrats
        names = frame.collect_schema().names()
        frame = frame.filter(pl.col("annee").is_in(data.years)).select(
            c for c in names if c in (*PROFILE_KEYS, *PROFILE_COLUMNS)
        )
        profile = ind.participant_profile(
            frame,
            age_bounds=config.serci.tranches_age,
            cities=config.serci.villes_territoire,
            prescriber_groups=config.serci.groupes_prescripteurs,
        )
        # gardé pour tous les tableaux de la commande : ses textes, libellés calculés
        # compris, en catégories (5 M lignes : 1,55 -> 1,44 Go pour `serci tout`)
        data.profiles[key] = profile.with_columns(as_categories()).collect()
    return data.profiles[key]


PARTICIPANT_COLUMNS = [
    Column("participants", "Nb participants", additive=True),
    Column("heures", "Nb heures réalisées", "heures", additive=True),
]


def participants_table(data: SerciData, config: Config, view: str, scope: str) -> Table:
    """Participants et heures par âge, statut, prescripteur, niveau, domiciliation ou sexe."""
    profile = _profile(data, config, scope)
    key, key_label, _ = PARTICIPANT_VIEWS[view]
    ident = f"serci.participants.par_{view}"
    scope_note = (
        "heures du territoire seulement"
        if scope == "territoire"
        else "heures sur et hors territoire"
    )
    if view == "statut":
        return _status_table(data, profile, ident, scope_note, config.serci.heures_par_statut)
    if view == "domiciliation":
        return _domicile_table(data, profile, ident, scope_note)
    grouped = ind.participants_by(profile, key)
    if view == "age":
        labels = age_band_labels(config.serci.tranches_age)
        order: Callable[[pl.DataFrame], pl.DataFrame] = lambda df: df.sort(  # noqa: E731
            declared_order(key, labels),
            nulls_last=True,
        )
        rename: Callable[[Any], str] = _text_label
    elif view == "prescripteur":
        order, rename = _alphabetical(key), _text_label
    elif view in ("commune", "groupe_prescripteur"):
        if view == "groupe_prescripteur":
            # les groupes par défaut valent pour toutes les structures : seuls ceux que
            # l'utilisateur déclare ou change sont dits, jugés après les groupes qui
            # passent avant eux (un groupe par défaut peut prendre toutes leurs valeurs)
            groups = config.serci.groupes_prescripteurs
            defaults = SerciSettings().groupes_prescripteurs
            changed = {name for name, patterns in groups.items() if defaults.get(name) != patterns}
            _say_unused(
                data, "groupes_prescripteurs", "prescripteur", "prescripteur", groups, changed
            )
        declared = (
            [*config.serci.villes_territoire, ind.OTHER_CITIES]
            if view == "commune"
            else [*config.serci.groupes_prescripteurs, ind.OTHER_PRESCRIBERS]
        )
        order = lambda df: df.sort(  # noqa: E731
            declared_order(key, declared), nulls_last=True
        )
        rename = _text_label
    else:
        order, rename = _category_order(key), _category_label(key)

    def one(year: int) -> Table:
        part = order(grouped.filter(pl.col("annee") == year))
        rows = [
            [rename(r[key]), r["nb_participants"], r["heures"]] for r in part.iter_rows(named=True)
        ]
        total: list[Any] | None = [
            "Total",
            int(part["nb_participants"].sum()),
            part["heures"].sum(),
        ]
        columns, rows, total = with_shares(
            [Column(key, key_label, "texte"), *PARTICIPANT_COLUMNS],
            rows,
            total,
            ["participants", "heures"],
        )
        return Table(
            ident, f"Participants par {key_label.lower()}", year, columns, rows, total, [scope_note]
        )

    return with_previous(data, one)


def _status_table(
    data: SerciData, profile: pl.DataFrame, ident: str, scope_note: str, hours_under: str
) -> Table:
    grouped = ind.participants_by_status(profile, hours_under=hours_under)
    rename = _category_label("statuts_entree")
    codes = [c.code for c in SCHEMA.column("statuts_entree").categories]

    def one(year: int) -> Table:
        part = grouped.filter(pl.col("annee") == year)
        part = part.sort(
            declared_order("statut", codes),
            nulls_last=True,
        )
        rows = [
            [rename(r["statut"]), r["nb_participants"], r["heures"]]
            for r in part.iter_rows(named=True)
        ]
        distinct = profile.filter(pl.col("annee") == year)
        total: list[Any] | None = ["Total", distinct.height, part["heures"].sum()]
        if hours_under == "principal":
            note = (
                "chaque participant et toutes ses heures comptent sous son statut principal "
                "(le premier déclaré) : les lignes font le total"
            )
        else:
            note = (
                f'convention du rapport 2025 (serci.heures_par_statut = "tous_statuts") : '
                f"chaque participant compte une fois, sous son statut principal, mais ses "
                f"heures comptent sous chacun de ses statuts ; le total des heures "
                f"({_fmt(part['heures'].sum())}) dépasse donc les heures distinctes "
                f"({_fmt(distinct['heures'].sum())})"
            )
        columns, rows, total = with_shares(
            [Column("statut", "Statut entrée", "texte"), *PARTICIPANT_COLUMNS],
            rows,
            total,
            ["participants", "heures"],
        )
        if hours_under != "principal":
            # les heures ne s'additionnent plus : colonne non additive
            columns = [
                Column(c.id, c.label, c.unit, additive=False) if c.id == "heures" else c
                for c in columns
            ]
        return Table(
            ident,
            "Participants par statut d'entrée",
            year,
            columns,
            rows,
            total,
            [note, scope_note],
        )

    return with_previous(data, one)


def _fmt(value: object) -> str:
    from gipkit.io.render import french_number

    return french_number(value, "heures") + " h"


def _domicile_table(data: SerciData, profile: pl.DataFrame, ident: str, scope_note: str) -> Table:
    grouped = ind.participants_by(
        profile.with_columns(pl.col("qpv").fill_null(False).alias("qpv_flag")),
        ["qpv_flag", "domiciliation", "zone"],
    )
    text = pl.col("domiciliation").cast(pl.String)  # en catégories dans le profil
    other_first = text.str.contains("autres villes").not_()

    def one(year: int) -> Table:
        part = grouped.filter(pl.col("annee") == year)
        rows: list[list[Any]] = []
        for flag in (True, False):
            block = part.filter(pl.col("qpv_flag") == flag).sort(
                other_first, text.str.to_lowercase()
            )
            rows += [
                [r["domiciliation"], r["zone"], r["nb_participants"], r["heures"]]
                for r in block.iter_rows(named=True)
            ]
            if flag:
                rows.append(
                    ["Total QPV", "", int(block["nb_participants"].sum()), block["heures"].sum()]
                )
        total: list[Any] | None = [
            "Total",
            "",
            int(part["nb_participants"].sum()),
            part["heures"].sum(),
        ]
        columns, rows, total = with_shares(
            [
                Column("domiciliation", "Origine géographique", "texte"),
                Column("zone", "Zone", "texte"),
                *PARTICIPANT_COLUMNS,
            ],
            rows,
            total,
            ["participants", "heures"],
        )
        return Table(
            ident,
            "Domiciliation des bénéficiaires",
            year,
            columns,
            rows,
            total,
            ["« Total QPV » est un sous-total des lignes QPV", scope_note],
            subtotals=["Total QPV"],
        )

    return with_previous(data, one)


def no_diploma_share(data: SerciData, config: Config, scope: str) -> Scalar:
    """Part des participants sans diplôme reconnu en France (« 56 % des bénéficiaires sont
    des personnes non diplômées ») : niveaux de ``serci.niveaux_sans_diplome``."""
    profile = _profile(data, config, scope)
    levels = config.serci.niveaux_sans_diplome
    counts = profile.group_by("annee").agg(
        pl.len().alias("n"), pl.col("niveau_formation").is_in(levels).sum().alias("k")
    )
    n, k = by_year(counts, "n"), by_year(counts, "k")
    rates = {year: k[year] / n[year] for year in n if n[year]}
    spec = SCHEMA.column("niveau_formation")
    return scalar(
        data,
        "serci.participants.part_sans_diplome",
        "Part des participants sans diplôme reconnu en France",
        "part",
        rates,
        numerator=k.get(data.year, 0),
        denominator=n.get(data.year, 0),
        note="niveaux : " + ", ".join(spec.label_of(c) for c in levels),
    )


def precarious_share(data: SerciData, config: Config, scope: str) -> Scalar:
    """Part des participants en fin de droits ou à faibles revenus à leur entrée (« 54 %
    sont des demandeurs d'emploi en fin de droit ou avec peu de revenus ») : ressources de
    ``serci.ressources_precaires``, sur les participants dont les ressources sont connues."""
    profile = _profile(data, config, scope)
    kinds = config.serci.ressources_precaires
    known = profile.filter(pl.col("ressources_entree").is_not_null())
    counts = known.group_by("annee").agg(
        pl.len().alias("n"), pl.col("ressources_entree").is_in(kinds).sum().alias("k")
    )
    n, k = by_year(counts, "n"), by_year(counts, "k")
    spec = SCHEMA.column("ressources_entree")
    return scalar(
        data,
        "serci.participants.part_ressources_faibles",
        "Part des participants en fin de droits ou à faibles revenus à l'entrée",
        "part",
        {year: k[year] / n[year] for year in n if n[year]},
        numerator=k.get(data.year, 0),
        denominator=n.get(data.year, 0),
        note="ressources : " + ", ".join(spec.label_of(c) for c in kinds) + " ; sur les "
        "participants dont les ressources à l'entrée sont renseignées",
    )


def near_worksite_share(data: SerciData, config: Config) -> Scalar:
    """Part des participants qui habitent à proximité de leur chantier (« 60 % des
    bénéficiaires habitent à proximité de leur chantier ») : :func:`ind.near_worksite`."""
    frame = _territory(data).filter(pl.col("annee").is_in(list(data.years)))
    neighbours = config.serci.communes_voisines
    summary = ind.near_worksite(frame, neighbours).collect()
    n, k = by_year(summary, "nb_participants"), by_year(summary, "nb_proximite")
    rule = (
        "même commune que le chantier principal, ou commune voisine déclarée "
        "(serci.communes_voisines)"
        if neighbours
        else "même commune que le chantier principal (aucune commune voisine déclarée dans "
        "serci.communes_voisines)"
    )
    if not neighbours:
        # un défaut qui change le chiffre : dit sur la sortie d'erreur, pas seulement en note
        journal.current().warn(
            "proximité du chantier : aucune commune voisine déclarée (serci.communes_voisines) "
            ": seule la même commune compte"
        )
    return scalar(
        data,
        "serci.participants.part_proximite",
        "Part des participants qui habitent à proximité de leur chantier",
        "part",
        by_year(summary, "part_proximite"),
        numerator=k.get(data.year, 0),
        denominator=n.get(data.year, 0),
        note=f"{rule} ; chantier principal : la ville de l'opération où le participant a "
        "fait le plus d'heures",
    )


# --- contrats -----------------------------------------------------------------------------


def contract_counts(data: SerciData, config: Config) -> list[Result]:
    """Contrats d'intérim (« 450 contrats en intérim », types de ``serci.types_interim``) et
    CDI (« 4 CDI ont été signés ») du territoire, contrats distincts placés dans une année
    par ``serci.annee_des_contrats`` (:func:`ind.contract_year_flag`)."""
    interim = config.serci.types_interim
    kind = pl.col("type_contrat")
    counts = (
        _territory(data)
        .filter(pl.col("annee").is_in(data.years))
        .group_by("annee")
        .agg(
            ind.counted_contracts(kind.is_in(interim)).alias("interim"),
            ind.counted_contracts(kind == "cdi").alias("cdi"),
        )
        .collect()
    )
    spec = SCHEMA.column("type_contrat")
    note = f"contrats du territoire ; {data.contract_note}"
    return [
        scalar(
            data,
            "serci.contrats.interim",
            "Contrats d'intérim",
            "nombre",
            by_year(counts, "interim"),
            note=f"{note} ; types : " + ", ".join(spec.label_of(c) for c in interim),
        ),
        scalar(data, "serci.contrats.cdi", "CDI", "nombre", by_year(counts, "cdi"), note=note),
    ]


def contracts_table(data: SerciData, view: str) -> Table:
    """Contrats et heures par type de contrat ou par modalité d'embauche (territoire)."""
    key, key_label = CONTRACT_VIEWS[view]
    grouped, totals = _grouped_and_total(_territory(data), key, data.years)
    order, rename = _category_order(key), _category_label(key)

    def one(year: int) -> Table:
        part = order(grouped.filter(pl.col("annee") == year))
        rows = [[rename(r[key]), r["nb_contrats"], r["heures"]] for r in part.iter_rows(named=True)]
        tot = totals.filter(pl.col("annee") == year)
        total: list[Any] | None = ["Total", int(tot["nb_contrats"].sum()), tot["heures"].sum()]
        label = "La nature des contrats" if view == "type" else "Modalités d'embauche"
        columns, rows, total = with_shares(
            [
                Column(key, key_label, "texte"),
                Column("contrats", "Nb de contrats", additive=True),
                Column("heures", "Nb d'heures réalisées", "heures", additive=True),
            ],
            rows,
            total,
            ["contrats", "heures"],
        )
        return Table(
            f"serci.contrats.par_{view}",
            label,
            year,
            columns,
            rows,
            total,
            ["contrats du territoire", data.contract_note],
        )

    return with_previous(data, one)


# --- sorties ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PositiveRule:
    """La définition d'une sortie positive appliquée : situations toujours positives,
    situations positives selon la durée du contrat, durée minimale, et sa phrase."""

    always: tuple[str, ...]
    timed: tuple[str, ...]
    months: int
    text: str
    name: str


def positive_rule(profile: pl.DataFrame, config: Config) -> PositiveRule:
    """La règle de ``serci.regle_sortie_positive``. « emploi_durable » demande la durée du
    contrat de sortie : si l'export ne la donne pas (aucune durée dans les années N-1 et
    N du profil), la liste ``serci.sorties_positives`` s'applique, et l'avertissement le
    dit (sortie d'erreur et JSON)."""
    settings = config.serci
    spec = SCHEMA.column("situation_sortie")

    def labels(codes: Sequence[str]) -> str:
        return ", ".join(spec.label_of(c) for c in codes)

    listed = PositiveRule(
        tuple(settings.sorties_positives),
        (),
        settings.duree_emploi_durable_mois,
        labels(settings.sorties_positives),
        "liste",
    )
    if settings.regle_sortie_positive == "liste":
        return listed
    column = "duree_contrat_sortie"
    if column not in profile.columns or profile[column].is_null().all():
        journal.current().warn(
            "Sorties positives : l'export ne donne pas la durée du contrat de sortie ; "
            "l'emploi durable (6 mois ou plus) ne peut pas être reconnu, la liste "
            f"serci.sorties_positives s'applique ({listed.text})."
        )
        return listed
    months = settings.duree_emploi_durable_mois
    timed = tuple(settings.sorties_emploi_a_duree)
    text = (
        f"emploi durable ou formation : {labels(settings.sorties_toujours_positives)}, et "
        f"{labels(timed)} d'au moins {months} mois"
    )
    return PositiveRule(
        tuple(settings.sorties_toujours_positives), timed, months, text, "emploi_durable"
    )


def exits(data: SerciData, config: Config, scope: str) -> list[Result]:
    """Sorties positives et abandons (scalaires) et répartition par situation de sortie."""
    profile = _profile(data, config, scope)
    rule = positive_rule(profile, config)
    positive, timed, months = rule.always, rule.timed, rule.months
    abandon = config.serci.sorties_abandon
    base = config.serci.base_taux_sorties
    summary = ind.exit_summary(
        profile,
        positive=positive,
        abandonment=abandon,
        ongoing=config.serci.sorties_en_parcours,
        base=base,
        timed=timed,
        months=months,
    )
    definition = rule.text
    n = by_year(summary, "nb_participants")
    exited = by_year(summary, "nb_sorties")
    denominator = exited if base == "sorties" else n
    base_text = (
        "sorties de parcours de l'année (participants dont la situation de sortie est "
        "renseignée et n'est pas « en parcours »)"
        if base == "sorties"
        else "participants de l'année, dont ceux encore en parcours (base du rapport 2025, "
        'serci.base_taux_sorties = "participants")'
    )

    def rate(column: str, count: str, ident: str, label: str, what: str) -> Scalar:
        values = by_year(summary, column)
        return scalar(
            data,
            ident,
            label,
            "taux",
            values,
            numerator=by_year(summary, count).get(data.year, 0),
            denominator=denominator.get(data.year, 0),
            note=f"{what} / {base_text}",
        )

    results: list[Result] = [
        scalar(data, "serci.sorties.participants", "Participants de l'année", "nombre", n),
        scalar(
            data,
            "serci.sorties.sorties",
            "Sorties de parcours",
            "nombre",
            exited,
            note="participants dont la situation de sortie est renseignée et n'est pas "
            "« en parcours »",
        ),
        scalar(
            data,
            "serci.sorties.positives",
            "Sorties positives",
            "nombre",
            by_year(summary, "nb_sorties_positives"),
            note=f"définition : {definition}",
        ),
        rate(
            "taux_sorties_positives",
            "nb_sorties_positives",
            "serci.sorties.taux_positives",
            "Taux de sorties positives",
            "sorties positives",
        ),
        scalar(
            data,
            "serci.sorties.abandons",
            "Abandons ou départs volontaires",
            "nombre",
            by_year(summary, "nb_abandons"),
        ),
        rate(
            "taux_abandons",
            "nb_abandons",
            "serci.sorties.taux_abandons",
            "Taux d'abandon",
            "abandons",
        ),
    ]
    grouped = ind.participants_by(profile, "situation_sortie")
    order, rename = _category_order("situation_sortie"), _category_label("situation_sortie")

    def one(year: int) -> Table:
        part = order(grouped.filter(pl.col("annee") == year))
        rows = [
            [
                rename(r["situation_sortie"]),
                "oui"
                if r["situation_sortie"] in positive
                else f"si {months} mois ou plus"
                if r["situation_sortie"] in timed
                else "non",
                r["nb_participants"],
            ]
            for r in part.iter_rows(named=True)
        ]
        total: list[Any] | None = ["Total", "", int(part["nb_participants"].sum())]
        columns, rows, total = with_shares(
            [
                Column("situation_sortie", "Situation de sortie", "texte"),
                Column("positive", "Sortie positive", "texte"),
                Column("participants", "Nb participants", additive=True),
            ],
            rows,
            total,
            ["participants"],
        )
        return Table(
            "serci.sorties.par_situation",
            "Situation de sortie de parcours",
            year,
            columns,
            rows,
            total,
            [f"sortie positive : {definition}"],
        )

    results.append(with_previous(data, one))
    return results


# --- tout ---------------------------------------------------------------------------------

#: colonnes lues par ``gipkit serci tout`` : celles de tous les indicateurs
ALL_COLUMNS = sorted(
    {c for _, _, cols in PARTICIPANT_VIEWS.values() for c in cols}
    | {key for key, _ in CONTRACT_VIEWS.values()}
    | {"type_maitre_ouvrage", "ville_operation", "maitre_ouvrage", "situation_sortie", "contrat"}
    | {"duree_contrat_sortie"}
)
