"""La lecture typée et contrôlée d'un tableau brut (les cellules d'un CSV ou d'une
feuille, en texte) : :func:`checked_frame` type les colonnes voulues et calcule les
drapeaux de contrôle et l'empreinte de chaque ligne en une requête, gardée en mémoire ou
écrite dans un Parquet temporaire ; :func:`finish` compte les lignes lues, signale ou
écarte les valeurs invalides, écarte lignes vides et doublons exacts et complète les
colonnes absentes.

Le lecteur (:mod:`gipkit.io.reader`) choisit la source et s'il faut passer par le
Parquet ; la recherche des doublons est dans :mod:`gipkit.io.duplicates`, les messages
d'erreur dans :mod:`gipkit.io.read_errors`.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from gipkit import journal
from gipkit.config import Config
from gipkit.errors import InvalidDataError, cited, count_text
from gipkit.io import identifiers, separators, values
from gipkit.io.duplicates import exact_duplicates, key_conflicts
from gipkit.io.headers import suggestion
from gipkit.io.read_errors import (
    SKIP_HINT,
    date_hint,
    ragged_error,
    repeated_header,
    value_problems,
    values_note,
)
from gipkit.io.schema import ColumnSpec, ColumnType, ExportSchema
from gipkit.io.source import (
    BLANK_REASON,
    CHECKS_ENGINE,
    DUPLICATE_REASON,
    EXTRA,
    FINGERPRINT,
    LINE,
    RAGGED,
    Layout,
    ReadOptions,
    SourceReport,
    configured_labels,
)


def checked_frame(
    lf: pl.LazyFrame,
    schema: ExportSchema,
    wanted: Sequence[str],
    layout: Layout,
    config: Config,
    *,
    stage: bool = True,
    csv_path: Path | None = None,
) -> pl.LazyFrame:
    """Type les colonnes voulues et calcule les drapeaux de contrôle, en une requête.

    La requête est construite par étapes nommées (texte de la cellule, :func:`_cell`,
    puis valeur typée, puis drapeaux) : chaque expression coûteuse n'est évaluée
    qu'une fois, au lieu d'être recopiée dans chaque expression qui l'utilise. Une
    cellule de texte faite d'espaces devient ``""`` à la première étape et compte comme
    absente ; dans une colonne typée, elle l'est par la voie complète.

    Les valeurs sont typées en deux voies : pendant la lecture en flux, leur forme
    courante seulement, en expressions polars pures (:func:`values.common_form`) ;
    ensuite, les valeurs distinctes restées non lues passent par la voie complète
    (:func:`_retyped`). L'empreinte de chaque ligne (:func:`_row_print`), pour les
    doublons exacts, porte sur les valeurs lues : le texte sans espaces autour d'une
    colonne de texte, la valeur typée d'une autre — deux cellules au même texte sans
    espaces autour ont la même valeur (propriété testée), donc deux lignes aux mêmes
    champs la même empreinte.

    ``csv_path`` : le CSV dont ``lf`` lit les cellules ; ses nombres ambigus (``1.234`` :
    1,234 ou 1 234 ?) sont jugés d'après leur colonne (:func:`_judged_numbers`). Un
    classeur (``None``) n'en a pas : ses nombres sont des cellules typées, mises en texte
    avec un point décimal.
    """
    present = [n for n in wanted if n in layout.positions]
    stripped = [
        _cell(pl.col(layout.raw_columns[layout.positions[n]]), schema.column(n)).alias(f"__r_{n}")
        for n in present
    ]
    typed: list[pl.Expr] = []
    checked: list[pl.Expr] = []
    flags: list[pl.Expr] = []
    #: colonne typée -> (libellés normalisés -> codes, libellés écrits -> codes)
    lookups: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
    keep: list[str] = [LINE, "__blank", *present]

    def empty(name: str) -> pl.Expr:
        return pl.col(f"__r_{name}").str.len_bytes().fill_null(0) == 0

    for name in present:
        spec = schema.column(name)
        raw = pl.col(f"__r_{name}")
        if spec.type is ColumnType.TEXT:
            text = pl.when(~empty(name)).then(raw)
            typed.append((identifiers.encoded(text) if spec.encoded else text).alias(name))
        else:
            labels, forms = lookups[name] = configured_labels(schema, name, config)
            typed.append(values.common_form(raw, spec, labels, forms).alias(name))
            checked.append(values.plausible(pl.col(name), spec, _years(config)).alias(name))
            bad = ~empty(name) & pl.col(name).is_null()
            kept = bad
            if csv_path is not None and spec.type is ColumnType.NUMBER:
                # la forme courante d'un nombre ambigu ; une autre (« 1.234 € ») est
                # reconnue par la voie complète (:func:`_retyped`)
                ambiguous = separators.ambiguous(raw).fill_null(False)
                flags.append(ambiguous.alias(f"__amb_{name}"))
                keep.append(f"__amb_{name}")
                kept = bad | ambiguous
            flags += [bad.alias(f"__bad_{name}"), pl.when(kept).then(raw).alias(f"__raw_{name}")]
            keep += [f"__bad_{name}", f"__raw_{name}"]
        if spec.required:
            flags.append(empty(name).alias(f"__missing_{name}"))
            keep.append(f"__missing_{name}")
    if EXTRA in lf.collect_schema().names():
        # des champs vides en trop (« ;; » d'Excel en fin de ligne) sont tolérés
        extra = pl.col(EXTRA).str.strip_chars().str.len_bytes().fill_null(0) > 0
        stripped.append(extra.alias(RAGGED))
        keep.append(RAGGED)
    frame = (
        layout.numbered(lf)
        .select(LINE, *stripped)
        .with_columns(
            # ligne vide : aucune valeur dans les colonnes lues (regarder toutes les
            # colonnes obligerait polars à construire chaque champ du fichier)
            pl.all_horizontal([empty(n) for n in present]).alias("__blank"),
            *typed,
        )
        .with_columns(*checked)
        .with_columns(
            *flags,
            _values_print(present),
        )
        .select(*keep, FINGERPRINT)
        .pipe(_stage if stage else _in_memory)
    )
    fixed = _retyped(frame, schema, present, lookups, config, staged=stage)
    if csv_path is not None:
        fixed = _judged_numbers(fixed, schema, present, lf, layout, config, csv_path)
    if stage or fixed is frame:
        return fixed
    # en mémoire, les valeurs reprises par la voie complète posées une fois : les
    # contrôles, les doublons et la mise au propre (:func:`finish`) les recalculaient
    # chacun (300 fois les propositions du CLLAJ, 2,3 M lignes : 200 Mo de plus pour
    # chacune de ces trois requêtes)
    return _in_memory(fixed)


def _cell(raw: pl.Expr, spec: ColumnSpec) -> pl.Expr:
    """Le texte d'une cellule tel que la voie rapide le lit : sans espaces autour pour
    une colonne de texte (sa valeur), tel qu'écrit pour une colonne typée.

    Retirer les espaces de chaque cellule coûtait la moitié d'une lecture nue (3,5 M
    événements, neuf colonnes : 0,71 → 1,19 s) ; pour une colonne typée, c'est inutile :
    la forme courante (:func:`values.common_form`) n'a pas d'espaces autour, et une
    cellule qui en a échoue à la voie rapide puis passe par la voie complète, qui les
    retire (:func:`_retyped`), comme une cellule faite d'espaces, rendue à l'absence.
    """
    return raw.str.strip_chars() if spec.type is ColumnType.TEXT else raw


def _values_print(present: Sequence[str]) -> pl.Expr:
    """La colonne ``FINGERPRINT`` : l'empreinte (:func:`_row_print`) des valeurs lues des
    colonnes ``present`` — la même pendant la lecture et après la voie complète
    (:func:`_retyped`), qui la met à jour pour les valeurs reprises
    (:func:`_adjusted_print`)."""
    return _row_print([pl.col(n) for n in present]).alias(FINGERPRINT)


def _adjusted_print(present: Sequence[str], names: Sequence[str], *, sign: int) -> pl.Expr:
    """``FINGERPRINT`` sans (``sign`` = -1) ou avec (+1) l'empreinte des champs des
    colonnes ``names`` (parmi ``present``, chacune avec sa graine de :func:`_row_print`) :
    la somme, modulo 2⁶⁴, ôte puis rajoute une colonne dont la voie complète a repris des
    valeurs, sans relire les autres. Recalculer l'empreinte entière lisait toutes les
    colonnes typées : un export qui a une colonne de liste (toute passée par la voie
    complète), 2 M lignes par le Parquet temporaire, chargeait 1,5 Go pour cette seule
    empreinte.

    >>> df = pl.DataFrame({"a": ["x", "y"], "b": [1, None]})
    >>> before = df.with_columns(_values_print(["a", "b"]))
    >>> after = (
    ...     before.with_columns(_adjusted_print(["a", "b"], ["b"], sign=-1))
    ...     .with_columns(pl.col("b").fill_null(7))
    ...     .with_columns(_adjusted_print(["a", "b"], ["b"], sign=1))
    ... )
    >>> after.equals(after.with_columns(_values_print(["a", "b"])))
    True
    """
    fields = _row_print([pl.col(n) for n in names], seeds=[present.index(n) for n in names])
    prints = pl.col(FINGERPRINT)
    return (prints + fields if sign > 0 else prints - fields).alias(FINGERPRINT)


def _row_print(fields: Sequence[pl.Expr], seeds: Sequence[int] | None = None) -> pl.Expr:
    """L'empreinte de 64 bits d'une ligne, sur les valeurs de ses colonnes lues
    (``fields`` ; ``seeds`` : la graine de chacun, par défaut sa position — celle de sa
    colonne parmi les colonnes lues, que :func:`_adjusted_print` redonne pour une partie
    d'entre elles), calculée pendant la lecture : deux lignes aux mêmes champs ont la
    même ; deux lignes différentes peuvent la partager — elle ne fait que désigner les
    candidates aux doublons exacts, comparées ensuite (:func:`exact_duplicates`).

    La somme (modulo 2⁶⁴) des empreintes de chaque champ, chacune avec sa propre graine :
    la même valeur dans deux colonnes ne compte pas pareil, et deux lignes différentes
    ne la partagent qu'avec une probabilité de l'ordre de 2⁻⁶⁴. Mesuré (3,5 M
    événements, neuf colonnes, en mémoire, sept lancements alternés) : lecture 1,19 →
    1,13 s en médiane, contre l'empreinte d'une structure des champs, qui les
    assemblait d'abord.

    Une seule empreinte pendant la lecture, non deux : la seconde, qui confirmait les
    candidates, coûtait 1,2 s sur les 21 M événements de l'échelle nationale pour des
    lignes d'ordinaire toutes différentes ; elle est maintenant calculée pour les seules
    candidates, à leur relecture.

    >>> df = pl.DataFrame({"a": ["x", "y", "x"], "b": ["y", "x", "y"]})
    >>> prints = df.select(_row_print([pl.col("a"), pl.col("b")])).to_series()
    >>> prints[0] == prints[2], prints[0] != prints[1]
    (True, True)
    """
    chosen = range(len(fields)) if seeds is None else seeds
    return pl.sum_horizontal(field.hash(seed=i) for field, i in zip(fields, chosen, strict=True))


def _retyped(
    frame: pl.LazyFrame,
    schema: ExportSchema,
    present: Sequence[str],
    lookups: Mapping[str, tuple[dict[str, str], dict[str, str]]],
    config: Config,
    *,
    staged: bool = False,
) -> pl.LazyFrame:
    """La voie complète (:func:`values.typed` : ``1 234,5``, ``2025-03-14``, libellé
    sans accents ni casse, espaces autour…) pour les cellules que la voie rapide n'a pas
    lues.

    Elle ne travaille que sur leurs **valeurs distinctes**, puis les rapporte aux
    cellules ; drapeaux et valeurs non lues sont recalculés, et l'empreinte des lignes
    (:func:`_row_print`, sur les valeurs lues) aussi. Une cellule d'une colonne typée
    faite d'espaces (la voie rapide lit ces colonnes telles qu'écrites, :func:`_cell`)
    redevient absente : ni invalide, ni valeur, manquante si la colonne est obligatoire,
    et une ligne sans autre valeur est vide. Les colonnes dont la voie rapide a tout lu
    (d'ordinaire la plupart) sont reconnues à leurs drapeaux, un booléen par cellule :
    leurs valeurs non lues, toutes vides, ne sont pas relues (à l'échelle nationale,
    21 M événements : 0,9 s de relecture évitée). Aucune valeur distincte à reprendre :
    le tableau est rendu tel quel. ``staged`` : le tableau est lu dans le Parquet
    temporaire ; les valeurs reprises y sont rapportées lot par lot
    (:func:`values.recovered`), pour que les filtres des calculs descendent dans sa
    lecture.
    """
    if not lookups:
        return frame
    flagged = frame.select(pl.col(f"__bad_{n}").any() for n in lookups).collect(
        engine=CHECKS_ENGINE
    )
    names = [n for n in lookups if flagged[f"__bad_{n}"].item()]
    if not names:
        return frame
    left = frame.select(
        pl.col(f"__raw_{n}").filter(pl.col(f"__bad_{n}")).drop_nulls().unique().implode()
        for n in names
    ).collect(engine="streaming")
    fixes: list[str] = []
    recovered: list[pl.Expr] = []
    spaces: list[str] = []  # colonnes où une cellule n'est faite que d'espaces
    names_in = set(frame.collect_schema().names())
    for name in names:
        labels, forms = lookups[name]
        written = left[f"__raw_{name}"][0]
        if (written.str.strip_chars().str.len_bytes() == 0).any():
            spaces.append(name)
        if f"__amb_{name}" in names_in:  # un nombre ambigu d'une autre forme : « 1.234 € »
            text = values.number_text(pl.lit(written))
            odd = written.filter(pl.select(separators.ambiguous(text)).to_series().fill_null(False))
            if not odd.is_empty():
                amb = pl.col(f"__amb_{name}") | pl.col(f"__raw_{name}").is_in(odd.implode())
                recovered.append(amb.fill_null(False).alias(f"__amb_{name}"))
        expr = values.recovered(
            pl.col(f"__raw_{name}"),
            written,
            schema.column(name),
            labels,
            separator=schema.multi_value_separator,
            forms=forms,
            years=_years(config),
            by_batch=staged,
        )
        if expr is not None:
            fixes.append(name)
            recovered.append(pl.coalesce(pl.col(name), expr).alias(name))
    if not recovered and not spaces:
        return frame
    blank = {
        n: pl.col(f"__raw_{n}").str.strip_chars().str.len_bytes().eq(0).fill_null(False)
        for n in spaces
    }
    missing = [n for n in spaces if f"__missing_{n}" in names_in]
    touched = list(dict.fromkeys([*fixes, *spaces]))  # dans l'ordre des colonnes
    if fixes:  # l'empreinte des lignes sans les valeurs d'avant, puis avec les reprises
        frame = frame.with_columns(_adjusted_print(present, fixes, sign=-1))
    out = (
        frame.with_columns(*recovered)
        .with_columns(
            (pl.col(f"__bad_{n}") & pl.col(n).is_null() & ~blank.get(n, pl.lit(False))).alias(
                f"__bad_{n}"
            )
            for n in touched
        )
        .with_columns(
            *(
                pl.when(
                    pl.col(f"__bad_{n}") | pl.col(f"__amb_{n}")
                    if f"__amb_{n}" in names_in
                    else pl.col(f"__bad_{n}")
                )
                .then(pl.col(f"__raw_{n}"))
                .alias(f"__raw_{n}")
                for n in touched
            ),
            *((pl.col(f"__missing_{n}") | blank[n]).alias(f"__missing_{n}") for n in missing),
        )
    )
    if spaces:  # une valeur absente, sauf une valeur illisible : signalée
        out = out.with_columns(
            pl.all_horizontal(
                pl.col(n).is_null() & ~pl.col(f"__bad_{n}") if n in lookups else pl.col(n).is_null()
                for n in present
            ).alias("__blank")
        )
    if fixes:
        out = out.with_columns(_adjusted_print(present, fixes, sign=1))
    return out


def _judged_numbers(
    frame: pl.LazyFrame,
    schema: ExportSchema,
    present: Sequence[str],
    cells: pl.LazyFrame,
    layout: Layout,
    config: Config,
    path: Path,
) -> pl.LazyFrame:
    """Les nombres ambigus (``1.234`` : 1,234 ou 1 234 ?), lus décimaux cellule par
    cellule, jugés d'après leur colonne (:mod:`gipkit.io.separators`) : gardés, lus en
    milliers (dit sur la sortie d'erreur), ou refusés (drapeau ``__ambiguous_`` : une
    erreur qui nomme lignes et colonne, ou des lignes écartées avec
    ``--ecarter-invalides``).

    Une écriture déclarée pour la colonne (``[nombres.EXPORT] colonne = "1.234,5"``)
    tient lieu des autres cellules : la lecture qu'elle donne n'est pas redite.

    D'ordinaire aucune cellule n'est ambiguë : le seul coût est alors le drapeau posé à
    la lecture et une requête qui le somme. Sinon, ``cells`` (les cellules du fichier,
    en texte) est relu pour la seule colonne en cause, ses valeurs distinctes, pour
    savoir ce que ses autres cellules font du point et de la virgule.
    """
    names = [n for n in present if f"__amb_{n}" in frame.collect_schema().names()]
    if not names:
        return frame
    dot = {n: pl.col(f"__raw_{n}").str.contains(".", literal=True).fill_null(False) for n in names}
    seen = {n: pl.col(f"__amb_{n}") & ~pl.col(f"__bad_{n}") for n in names}
    counts = frame.select(
        *((seen[n] & dot[n]).sum().alias(f"{n}.") for n in names),
        *((seen[n] & ~dot[n]).sum().alias(f"{n},") for n in names),
    ).collect(engine=CHECKS_ENGINE)
    scaled: dict[str, list[pl.Expr]] = {}
    refused: dict[str, list[pl.Expr]] = {}
    for name in names:
        found = {
            sep: int(counts[f"{name}{sep}"].item()) for sep in ".," if counts[f"{name}{sep}"].item()
        }
        if not found:
            continue
        declared = config.nombres.get(schema.kind, {}).get(name)
        if declared is None:
            column = layout.raw_columns[layout.positions[name]]
            written = cells.select(pl.col(column).unique()).collect(engine="streaming")
            roles = separators.separators(written.to_series())
        else:  # l'écriture déclarée dans la configuration, à la place des autres cellules
            roles = separators.separators(pl.Series([declared]))
        for sep, n in found.items():
            reading = roles.reading(sep)
            which = dot[name] if sep == "." else ~dot[name]
            if reading is separators.Reading.THOUSANDS:
                scaled.setdefault(name, []).append(seen[name] & which)
                if declared is None:  # une lecture déclarée n'est pas redite
                    journal.current().warn(
                        f"{path} : colonne « {_written(name, schema, layout)} » : "
                        f"{count_text(n)} nombre(s) écrits avec {separators.NAMES[sep]} "
                        f"de trois chiffres (comme {separators.EXAMPLES[sep]}) lus en "
                        "milliers, comme ce signe les sépare ailleurs dans la colonne"
                    )
            elif reading is separators.Reading.REFUSED:
                refused.setdefault(name, []).append(seen[name] & which)
    changed = list(dict.fromkeys([*scaled, *refused]))
    if not changed:
        return frame
    years = _years(config)
    values_now: list[pl.Expr] = []
    for name in changed:
        up = pl.any_horizontal(scaled.get(name, [pl.lit(False)]))
        out = pl.any_horizontal(refused.get(name, [pl.lit(False)]))
        thousands = values.plausible((pl.col(name) * 1000).round(0), schema.column(name), years)
        values_now += [
            pl.when(up).then(thousands).when(out).then(None).otherwise(pl.col(name)).alias(name),
            (pl.col(f"__bad_{name}") | (up & thousands.is_null())).alias(f"__bad_{name}"),
            out.alias(f"__ambiguous_{name}"),
        ]
    return (
        frame.with_columns(_adjusted_print(present, changed, sign=-1))
        .with_columns(values_now)
        .with_columns(_adjusted_print(present, changed, sign=1))
    )


def _years(config: Config) -> tuple[int, int]:
    return (config.limites.annee_min, config.limites.annee_max)


_STAGING: list[tempfile.TemporaryDirectory[str]] = []
_STAGING_LOCK = threading.Lock()


def _in_memory(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Un petit fichier : ses colonnes typées tiennent en mémoire, sans aller-retour par
    un Parquet temporaire (qui coûte plus que la lecture elle-même)."""
    return lf.collect().lazy()


def _stage(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Exécute ``lf`` en flux vers un Parquet temporaire et rend sa relecture paresseuse."""
    with _STAGING_LOCK:  # des lectures lancées d'avance peuvent arriver ensemble
        if not _STAGING:
            # dossier privé (droits 0700), supprimé à la fin du processus
            _STAGING.append(tempfile.TemporaryDirectory(prefix="gipkit-"))
    fd, name = tempfile.mkstemp(suffix=".parquet", dir=_STAGING[0].name)
    os.close(fd)
    # identifiants et codes des libellés écrits en entiers, sans leur texte
    # (:mod:`gipkit.io.identifiers`)
    kinds = {n: t for n, t in lf.collect_schema().items() if t in identifiers.CATEGORIES}
    lf.with_columns(identifiers.to_codes(pl.col(n)) for n in kinds).sink_parquet(
        name, compression="lz4"
    )
    return pl.scan_parquet(name).with_columns(
        identifiers.from_codes(pl.col(n), t) for n, t in kinds.items()
    )


def finish(
    frame: pl.LazyFrame,
    schema: ExportSchema,
    wanted: Sequence[str],
    layout: Layout,
    report: SourceReport,
    config: Config,
    options: ReadOptions,
    path: Path,
    *,
    full_rows: Callable[[], pl.LazyFrame],
    raw_lines: Callable[[], pl.LazyFrame] | None = None,
    in_memory: bool = False,
) -> tuple[pl.LazyFrame, SourceReport]:
    """Signale les valeurs invalides, écarte lignes vides et doublons exacts, complète les
    colonnes absentes.

    ``full_rows`` relit toutes les colonnes brutes du fichier, ``raw_lines`` ses lignes
    telles qu'écrites (:func:`gipkit.io.duplicates.written_lines`) : ils ne servent que si
    des lignes ont la même empreinte sur les colonnes lues (d'ordinaire aucune).

    ``in_memory`` : ``frame`` est en mémoire (non relu d'un Parquet temporaire) ; les
    lignes gardées y sont alors calculées une fois, sans les colonnes de contrôle
    (empreinte, drapeaux, valeurs brutes), au lieu de l'être par chaque calcul qui les
    lit : la mémoire de ces colonnes est rendue, et les valeurs reprises par la voie
    complète (:func:`_retyped`) ne sont reprises qu'une fois. Sans ligne écartée, aucun
    filtre : les colonnes gardées sont celles du tableau lu, sans copie.
    """
    names = frame.collect_schema().names()
    flags = [c for c in names if c.startswith(("__bad_", "__missing_", "__ambiguous_"))]
    used = ~pl.col("__blank")
    ragged = [pl.col(RAGGED).sum().alias(RAGGED)] if RAGGED in names else []
    counts = frame.select(
        pl.len().alias("__rows"),
        pl.col("__blank").sum().alias("__blanks"),
        *ragged,
        *(pl.col(f).filter(used).sum().alias(f) for f in flags),
    ).collect(engine=CHECKS_ENGINE)
    report.rows_read = int(counts["__rows"].item())
    n_ragged = int(counts[RAGGED].item() or 0) if ragged else 0
    failing = [f for f in flags if counts[f].item()]
    if options.skip_invalid and (failing or n_ragged):
        reason = _invalid_reason(failing, n_ragged > 0, schema, wanted)
        tallies = (
            frame.filter(used)
            .select(reason.alias("__motif"))
            .drop_nulls()
            .group_by("__motif")
            .len()
            .collect(engine=CHECKS_ENGINE)
        )
        skipped = 0
        for motif, n in tallies.iter_rows():
            report.exclude(str(motif), int(n))
            skipped += int(n)
        used = used & reason.is_null()
        journal.current().warn(
            f"{path} : {count_text(skipped)} ligne(s) invalides écartées "
            "(--ecarter-invalides) ; leurs motifs sont dans le bilan de lecture"
        )
        # des dates écartées toutes mois/jour : les dates gardées sont peut-être
        # inversées — dit ici aussi, le message d'erreur ne l'étant pas
        for name in wanted:
            if f"__bad_{name}" in failing and schema.column(name).type is ColumnType.DATE:
                written = frame.filter(used.not_() & pl.col(f"__bad_{name}"))
                texts = written.select(pl.col(f"__raw_{name}").str.strip_chars().unique())
                hint = date_hint(texts.collect(engine=CHECKS_ENGINE).to_series())
                if hint:
                    column = _written(name, schema, layout)
                    journal.current().warn(f"{path} : colonne « {column} », dates écartées{hint}")
        failing, n_ragged = [], 0
    if n_ragged:
        raise ragged_error(frame, n_ragged, layout, path, config)
    if failing:
        kept = frame.filter(used)
        found = value_problems(kept, failing, schema, wanted, config, options)
        raise InvalidDataError(
            f"{path} : {len(found)} problème(s) de valeurs.",
            details=[
                *found,
                *repeated_header(kept, failing, schema, layout, wanted, config),
                *values_note(found, options),
                SKIP_HINT,
            ],
        )
    report.exclude(BLANK_REASON, int(counts["__blanks"].item() or 0))
    duplicates = exact_duplicates(
        frame.filter(used), full_rows, layout, raw_lines, rows=report.rows_read
    )
    if schema.row_key:
        report.exclude(DUPLICATE_REASON, duplicates.len())
        if not duplicates.is_empty():
            used = used & ~pl.col(LINE).is_in(duplicates.implode())
        report.unique_key = key_conflicts(frame.filter(used), schema, layout, path)
    elif not duplicates.is_empty():
        journal.current().warn(
            f"{path} : {count_text(duplicates.len())} ligne(s) identiques à une autre "
            "ligne, gardées : "
            f"l'export « {schema.title} » n'a pas d'identifiant de ligne, et deux faits "
            "réels peuvent s'y écrire à l'identique"
        )
    keep = [LINE, *(n for n in wanted if n in layout.positions)]
    out = (frame.filter(used) if report.excluded else frame).select(keep)
    if in_memory:
        out = out.collect(engine=CHECKS_ENGINE).lazy()
    missing = [n for n in wanted if n not in layout.positions]
    present = [n for n in wanted if n in layout.positions]
    dated = schema.activity_date if schema.activity_date in present else None
    empty, report.latest, report.earliest = _column_facts(
        out, [n for n in present if n not in schema.required], dated
    )
    report.empty = {n: _written(n, schema, layout) for n in empty}
    report.found = tuple(n for n in present if n not in report.empty)
    report.absent = (*missing, *empty)
    for name in missing:
        close = suggestion(schema.column(name).spellings(), layout.headers)
        if close is not None:
            report.near[name] = close
    if missing:
        out = out.with_columns(pl.lit(None, dtype=_dtype(schema, n)).alias(n) for n in missing)
    return out.select([LINE, *wanted]), report


def _written(name: str, schema: ExportSchema, layout: Layout) -> str:
    """L'en-tête de la colonne ``name`` tel que le fichier l'écrit (son titre dans le
    schéma s'il n'en a pas)."""
    header = layout.header(name)
    return schema.column(name).title if header is None else cited(header)


def _column_facts(
    frame: pl.LazyFrame, optional: Sequence[str], dated: str | None
) -> tuple[tuple[str, ...], tuple[date, int] | None, tuple[date, int] | None]:
    """Ce que la lecture dit de ses colonnes, en un passage sur ``frame`` (les lignes
    gardées ; en mémoire, les valeurs manquantes d'une colonne sont comptées à son
    écriture) :

    - les colonnes facultatives sans aucune valeur : un logiciel qui écrit l'en-tête d'un
      champ qu'il ne remplit pas. Elles sont tenues pour absentes, sans quoi une part en
      QPV ou sans diplôme vaudrait 0 %. Un tableau sans ligne n'en a pas ;
    - la date la plus récente de la colonne ``dated`` et le nombre de lignes de son
      année, puis la plus ancienne et le nombre de lignes de la sienne (jusqu'où
      l'extraction couvre ses années, :mod:`gipkit.coverage`).

    >>> frame = pl.LazyFrame({"a": [1, None], "b": [None, None],
    ...                       "d": [date(2024, 5, 1), date(2025, 3, 2)]})
    >>> _column_facts(frame, ["a", "b"], "d")  # doctest: +NORMALIZE_WHITESPACE
    (('b',), (datetime.date(2025, 3, 2), 1), (datetime.date(2024, 5, 1), 1))
    """
    ends: list[pl.Expr] = []
    if dated is not None:
        for name, end in (("last", pl.col(dated).max()), ("first", pl.col(dated).min())):
            same_year = pl.col(dated).dt.year() == end.dt.year()
            ends += [
                end.alias(f"__{name}"),
                pl.col(dated).filter(same_year).len().alias(f"__n{name}"),
            ]
    counts = frame.select(pl.len().alias("__rows"), *(pl.col(n).count() for n in optional), *ends)
    row = counts.collect(engine=CHECKS_ENGINE).row(0, named=True)
    empty = tuple(n for n in optional if not row[n]) if row["__rows"] else ()
    last, first = (
        None if row.get(f"__{n}") is None else (row[f"__{n}"], int(row[f"__n{n}"]))
        for n in ("last", "first")
    )
    return empty, last, first


def _invalid_reason(
    failing: Sequence[str], ragged: bool, schema: ExportSchema, wanted: Sequence[str]
) -> pl.Expr:
    """Le motif d'exclusion d'une ligne fautive (``None`` pour une ligne saine) : un seul
    par ligne, le premier dans l'ordre des colonnes, pour que lues = utilisées + écartées."""
    cases: list[tuple[pl.Expr, str]] = []
    if ragged:
        cases.append((pl.col(RAGGED), "ligne à champs en trop (cellules décalées)"))
    for name in wanted:
        spec = schema.column(name)
        if f"__missing_{name}" in failing:
            cases.append((pl.col(f"__missing_{name}"), f"valeur manquante, colonne `{name}`"))
        if f"__bad_{name}" in failing:
            cases.append(
                (pl.col(f"__bad_{name}"), f"valeur invalide, colonne `{name}` ({spec.title})")
            )
        if f"__ambiguous_{name}" in failing:
            cases.append(
                (pl.col(f"__ambiguous_{name}"), f"nombre ambigu, colonne `{name}` ({spec.title})")
            )
    expr: Any = pl.when(cases[0][0]).then(pl.lit(cases[0][1]))
    for condition, text in cases[1:]:
        expr = expr.when(condition).then(pl.lit(text))
    result: pl.Expr = expr.otherwise(pl.lit(None, dtype=pl.String))
    return result


def _dtype(schema: ExportSchema, name: str) -> pl.DataType:
    spec = schema.column(name)
    if spec.encoded:
        return identifiers.IDENTIFIER
    if spec.type is ColumnType.CATEGORY:
        return values.category_type(spec)
    kind = spec.type
    return {
        ColumnType.TEXT: pl.String(),
        ColumnType.INTEGER: pl.Int64(),
        ColumnType.NUMBER: pl.Float64(),
        ColumnType.DATE: pl.Date(),
        ColumnType.BOOLEAN: pl.Boolean(),
        ColumnType.MULTI_CATEGORY: pl.List(pl.String()),
    }[kind]
