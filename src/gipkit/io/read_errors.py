"""Les messages d'erreur d'une lecture d'export : valeurs invalides ou manquantes,
lignes à champs en trop, CSV illisible.

Chemins d'erreur seulement : ils relisent ce qu'il faut pour nommer le fichier, la ligne,
la colonne et ce qui était attendu, **sans jamais recopier une valeur** (données
personnelles), sauf à la demande (``--montrer-valeurs``) ; un libellé inconnu est cité,
avec la correspondance à déclarer dans ``gipkit.toml``.
"""

from __future__ import annotations

import codecs
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from gipkit.config import Config
from gipkit.errors import InvalidDataError, cited, count_text
from gipkit.io import separators, sniff, values
from gipkit.io.normalize import normalize_label
from gipkit.io.schema import ColumnType, ExportSchema
from gipkit.io.source import LINE, RAGGED, Layout, ReadOptions, configured_labels


def value_problems(
    frame: pl.LazyFrame,
    failing: Sequence[str],
    schema: ExportSchema,
    wanted: Sequence[str],
    config: Config,
    options: ReadOptions,
) -> list[str]:
    """Une phrase par colonne fautive : combien de lignes, lesquelles, ce qui était attendu.

    Chemin d'erreur seulement : on relit les lignes fautives de chaque drapeau levé.
    """
    shown = config.limites.erreurs_affichees
    out: list[str] = []
    for name in wanted:
        spec = schema.column(name)
        for flag, what in (
            (f"__missing_{name}", "valeur manquante"),
            (f"__bad_{name}", f"attendu : {values.expected(spec)}"),
            (f"__ambiguous_{name}", separators.refused(schema.kind, name)),
        ):
            if flag not in failing:
                continue
            hits = frame.filter(pl.col(flag))
            total, lines = _lines(hits, shown)
            text = (
                f"colonne `{name}` (« {spec.title} ») : {count_text(total)} ligne(s), {what} ; "
                f"lignes {lines}"
            )
            if flag.startswith(("__bad", "__ambiguous")):
                raw = pl.col(f"__raw_{name}").str.strip_chars()
                if spec.type in (ColumnType.CATEGORY, ColumnType.MULTI_CATEGORY):
                    counts = hits.group_by(raw).len().collect()
                    labels, _ = configured_labels(schema, name, config)
                    text += _unknown_labels(counts.rows(), schema, name, labels)
                else:
                    if spec.type is ColumnType.DATE and flag.startswith("__bad"):
                        text += date_hint(hits.select(raw.unique()).collect().to_series())
                    if options.show_values:
                        sample = hits.select(raw).head(shown).collect().to_series().to_list()
                        cells = " | ".join(f"« {cited(str(v))} »" for v in sample)
                        text += f" ; valeurs : {cells}"
            out.append(text)
    return out


def date_hint(written: pl.Series) -> str:
    """Ce que les cellules illisibles d'une colonne de dates (``written`` : leurs textes
    distincts, sans espaces autour) ont toutes en commun, quand cela explique l'erreur :
    des dates écrites mois/jour/année (un export réglé en anglais, ``12/31/2025``), ou
    des nombres de jours d'Excel (``45657``, une colonne non formatée en date). Rien
    sinon. Aucune valeur n'est citée.

    >>> date_hint(pl.Series(["12/31/2025", "1/13/2024"]))[:40]
    ' ; toutes se lisent mois/jour/année (MM/'
    >>> date_hint(pl.Series(["45657", "45292,5"]))[:40]
    ' ; toutes sont des nombres, comme les jo'
    >>> date_hint(pl.Series(["12/31/2025", "x"])), date_hint(pl.Series(["01/01/1850"]))
    ('', '')
    """
    texts = written.drop_nulls().unique()
    if texts.is_empty():
        return ""
    # illisibles jour/mois (non seulement hors des années plausibles), lisibles mois/jour
    us = texts.str.strptime(pl.Date, "%m/%d/%Y", strict=False)
    dm = texts.str.strptime(pl.Date, "%d/%m/%Y", strict=False)
    if us.is_not_null().all() and dm.is_null().all():
        return (
            " ; toutes se lisent mois/jour/année (MM/JJ/AAAA) : un export réglé en anglais ? "
            "gipkit lit JJ/MM/AAAA ; les autres dates de la colonne, lues jour/mois, sont "
            "peut-être inversées aussi"
        )
    serial = texts.str.contains(r"^\d{5}(?:[.,]\d+)?$")
    if serial.all():
        return (
            " ; toutes sont des nombres, comme les jours d'Excel (45657 : 31/12/2024) : "
            "formatez la colonne en date JJ/MM/AAAA avant d'exporter"
        )
    return ""


def repeated_header(
    frame: pl.LazyFrame,
    failing: Sequence[str],
    schema: ExportSchema,
    layout: Layout,
    wanted: Sequence[str],
    config: Config,
) -> list[str]:
    """La phrase qui nomme les lignes fautives qui **répètent la ligne d'en-tête** (deux
    exports mis bout à bout, le BOM du second compris), ou rien. Une telle ligne : chaque
    valeur illisible y est l'en-tête de sa colonne, et au moins deux de ses cellules lues
    (valeurs illisibles ou textes) le sont — une seule cellule égale à son en-tête est
    une faute de saisie ordinaire (sauf si la commande ne lit qu'une colonne). Seuls les
    numéros de ligne sont dits.

    Chemin d'erreur seulement, sur les colonnes dont le drapeau ``__bad_`` est levé."""
    bad_flags: list[pl.Expr] = []
    agree: list[pl.Expr] = []
    disagree: list[pl.Expr] = []
    for name in wanted:
        title = layout.header(name)
        if title is None:
            continue
        if f"__bad_{name}" in failing:
            bad = pl.col(f"__bad_{name}")
            same = (_bare(pl.col(f"__raw_{name}")) == title).fill_null(False)
            bad_flags.append(bad)
            agree.append(bad & same)
            disagree.append(bad & ~same)
        elif schema.column(name).type is ColumnType.TEXT:
            agree.append((_bare(pl.col(name).cast(pl.String)) == title).fill_null(False))
    if not bad_flags:
        return []
    header_like = (
        pl.any_horizontal(bad_flags)
        & ~pl.any_horizontal(disagree)
        & (pl.sum_horizontal(agree) >= min(2, len(agree)))
    )
    total, listed = _lines(frame.filter(header_like), config.limites.erreurs_affichees)
    if not total:
        return []
    where = "à la ligne" if total == 1 else "aux lignes"
    them = "la" if total == 1 else "les"
    return [
        f"la ligne d'en-tête est répétée {where} {listed} : deux exports mis bout "
        f"à bout ? Retirez-{them} du fichier (et les lignes en double, s'ils se recouvrent)"
    ]


def _lines(hits: pl.LazyFrame, shown: int) -> tuple[int, str]:
    """Le nombre de lignes de ``hits`` et leurs numéros tels qu'un message les cite : les
    ``shown`` premiers, puis « (et N autres) »."""
    summary = hits.select(pl.len(), pl.col(LINE).head(shown).implode()).collect()
    total, first = int(summary.item(0, 0)), summary.item(0, 1).to_list()
    more = f" (et {count_text(total - shown)} autres)" if total > shown else ""
    return total, ", ".join(str(v) for v in first) + more


def _bare(text: pl.Expr) -> pl.Expr:
    """Un texte sans espaces ni BOM autour (celui d'un second export collé au premier)."""
    return text.str.strip_chars().str.strip_chars("\ufeff").str.strip_chars()


#: ce qui annonce, dans la phrase d'une colonne, ses libellés de catégorie inconnus
UNKNOWN_LABELS = " ; libellés inconnus : "


def values_note(found: Sequence[str], options: ReadOptions) -> list[str]:
    """Ce que les phrases ``found`` de :func:`value_problems` recopient du fichier, dit
    tel quel : rien, ou les seuls libellés de catégorie inconnus (une nomenclature, à
    déclarer dans la configuration) — ou les valeurs fautives, que l'utilisateur a
    demandées (``--montrer-valeurs``), et qu'il n'y a pas à lui annoncer."""
    if options.show_values:
        return []
    if any(UNKNOWN_LABELS in sentence for sentence in found):
        return [
            "seuls les libellés de catégorie inconnus sont cités (une nomenclature, à "
            "déclarer) : aucune autre valeur n'est recopiée ici (données personnelles) ; "
            "--montrer-valeurs les affiche"
        ]
    return [
        "aucune valeur n'est recopiée ici (données personnelles) ; --montrer-valeurs les affiche"
    ]


def _unknown_labels(
    raw_counts: Sequence[tuple[Any, int]],
    schema: ExportSchema,
    name: str,
    labels: Mapping[str, str],
) -> str:
    """Libellés inconnus, comptés, avec l'exemple de correspondance à déclarer."""
    counts: Counter[str] = Counter()
    for value, n in raw_counts:
        for part in str(value).split(schema.multi_value_separator):
            if part.strip() and normalize_label(part) not in labels:
                counts[part.strip()] += n
    if not counts:
        return " ; liste vide (séparateur seul)"
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    label = ranked[0][0]
    codes = ", ".join(c.code for c in schema.column(name).categories)
    listing = "; ".join(f"« {cited(v)} » ×{n}" for v, n in ranked[:10])
    # l'exemple à recopier dans gipkit.toml : le libellé en chaîne TOML (les échappements
    # de JSON y valent), s'il a l'air d'un libellé
    key = json.dumps(label, ensure_ascii=False) if cited(label) == label else '"<libellé>"'
    return (
        f"{UNKNOWN_LABELS}{listing}"
        f' ; à déclarer dans gipkit.toml : [categories."{schema.kind}".{name}] '
        f'{key} = "<code>" (codes : {codes})'
    )


#: la sortie d'une erreur de valeurs ou de champs en trop, dite avec elle
SKIP_HINT = (
    "pour calculer sans ces lignes (écartées et comptées par motif dans le bilan) : "
    "gipkit --ecarter-invalides …"
)


def ragged_error(
    frame: pl.LazyFrame, count: int, layout: Layout, path: Path, config: Config
) -> InvalidDataError:
    """Chemin d'erreur : les lignes qui ont un champ non vide au-delà de l'en-tête, sans
    jamais citer de valeur (elles seraient décalées d'une colonne)."""
    shown = config.limites.erreurs_affichees
    lines = frame.filter(pl.col(RAGGED)).select(LINE).head(shown).collect().to_series().to_list()
    more = f" (et {count_text(count - shown)} autres)" if count > shown else ""
    listed = ", ".join(str(v) for v in lines)
    width = len(layout.raw_columns)
    return InvalidDataError(
        f"{path} : {count_text(count)} ligne(s) avec plus de champs que les {width} colonnes de "
        f"l'en-tête : {'ligne' if count == 1 else 'lignes'} {listed}{more}.",
        details=[
            "une valeur contient sans doute le séparateur sans guillemets : ses cellules "
            "sont décalées ; corrigez la ligne ou réexportez le fichier",
            SKIP_HINT,
        ],
    )


def polars_error(path: Path, utf8_path: Path, encoding: str) -> InvalidDataError:
    """Traduit une erreur polars (qui recopierait des valeurs) en message localisé."""
    if encoding == sniff.UTF8:
        line = _first_invalid_utf8_line(utf8_path)
        if line is not None:
            return InvalidDataError(
                f"{path}, ligne {line} : octets qui ne sont pas de l'UTF-8 alors que le début "
                "du fichier l'est (encodages mélangés).",
                details=["réenregistrez le fichier en « CSV UTF-8 » depuis votre tableur"],
            )
    opened = _unclosed_quote_line(utf8_path)
    if opened is not None:
        return InvalidDataError(
            f"{path}, ligne {opened} du fichier : un guillemet ouvre un champ qui n'est "
            "jamais refermé.",
            details=[
                "corrigez le guillemet de cette ligne (ou doublez-le s'il fait partie de la "
                "valeur), ou réenregistrez le fichier en CSV depuis votre tableur"
            ],
        )
    return InvalidDataError(
        f"{path} : structure CSV illisible (guillemets non refermés ou fichier tronqué ?).",
        details=["ouvrez le fichier dans un tableur et réenregistrez-le en CSV"],
    )


def _unclosed_quote_line(path: Path) -> int | None:
    """Chemin d'erreur seulement : la ligne physique où s'ouvre un champ entre guillemets
    jamais refermé (un nombre impair de guillemets fait basculer l'état ; ``""`` compte
    deux et ne change rien)."""
    opened: int | None = None
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.count(b'"') % 2:
                opened = None if opened is not None else number
    return opened


def _first_invalid_utf8_line(path: Path) -> int | None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(sniff.CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return lines + chunk.count(b"\n", 0, max(exc.start, 0)) + 1
            lines += chunk.count(b"\n")
    return None
