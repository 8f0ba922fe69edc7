"""Correspondance entre les en-têtes d'un fichier et les colonnes canoniques."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path

from gipkit.errors import InvalidDataError, cited
from gipkit.io.normalize import normalize_label
from gipkit.io.schema import ColumnSpec, ExportSchema
from gipkit.io.sniff import first_best


def known_headers(schema: ExportSchema, extra: Mapping[str, Sequence[str]]) -> frozenset[str]:
    """Toutes les orthographes d'en-tête connues de ``schema``, normalisées."""
    return frozenset(
        normalize_label(s)
        for col in schema.columns
        for s in (*col.spellings(), *extra.get(col.name, ()))
    )


def recognised(
    headers: Sequence[str],
    schema: ExportSchema,
    extra: Mapping[str, Sequence[str]],
    known: frozenset[str] | None = None,
) -> int:
    """Combien de cellules de ``headers`` sont des en-têtes connus de ``schema`` : sert à
    reconnaître la ligne d'en-tête (sous un titre ou des lignes vides) et un fichier sans
    en-tête. ``known`` : :func:`known_headers`, calculé une fois pour plusieurs lignes."""
    known = known if known is not None else known_headers(schema, extra)
    return sum(1 for h in headers if h and normalize_label(str(h)) in known)


def header_row(
    rows: Sequence[Sequence[str]], schema: ExportSchema, extra: Mapping[str, Sequence[str]]
) -> int | None:
    """L'indice de la première ligne qui a le plus d'en-têtes connus (``None`` si aucune)."""
    known = known_headers(schema, extra)
    return first_best(rows, lambda cells: recognised(cells, schema, extra, known))


def match_headers(
    headers: Sequence[str],
    schema: ExportSchema,
    wanted: Sequence[str],
    *,
    extra_spellings: Mapping[str, Sequence[str]],
    path: Path,
) -> dict[str, int]:
    """Indice, dans ``headers``, de chaque colonne canonique de ``wanted`` présente.

    La comparaison ignore casse, accents, espaces et ponctuation. Une colonne
    obligatoire (ou demandée par la commande) absente est une erreur qui liste
    les en-têtes trouvés et la façon de la déclarer dans ``gipkit.toml``.
    """
    normalized = [normalize_label(h) for h in headers]
    found: dict[str, int] = {}
    ambiguous: list[str] = []
    for name in wanted:
        spec = schema.column(name)
        spellings = {
            normalize_label(s) for s in (*spec.spellings(), *extra_spellings.get(name, ()))
        }
        hits = [i for i, h in enumerate(normalized) if h and h in spellings]
        if len(hits) > 1:
            cols = ", ".join(f"« {cited(headers[i])} » (colonne {i + 1})" for i in hits)
            ambiguous.append(f"`{name}` correspond à plusieurs colonnes : {cols}")
        elif hits:
            found[name] = hits[0]
    # une même colonne du fichier ne peut servir deux colonnes canoniques
    by_index: dict[int, list[str]] = {}
    for name, idx in found.items():
        by_index.setdefault(idx, []).append(name)
    for idx, names in by_index.items():
        if len(names) > 1:
            ambiguous.append(
                f"« {cited(headers[idx])} » correspond à plusieurs colonnes : {', '.join(names)}"
            )
    if ambiguous:
        raise InvalidDataError(
            f"{path} : en-têtes ambigus.",
            details=[*ambiguous, "renommez la colonne en trop ou retirez-la du fichier"],
        )
    missing = [name for name in wanted if name not in found and schema.column(name).required]
    if missing:
        other = looks_like(headers, schema)
        if other is not None:
            raise InvalidDataError(
                f"{path} : ce n'est pas un export « {schema.title} ».", details=[other]
            )
        if not recognised(headers, schema, extra_spellings):
            raise no_header_error(path, schema)
        error = missing_columns_error(path, schema, missing, headers)
        alike = looks_like(headers, schema, ties=True)
        if alike is not None:  # autant de colonnes reconnues : les deux lectures se valent
            error.details.append(alike.replace("ressemble", "ressemble aussi", 1))
        raise error
    return found


def no_header_error(path: Path, schema: ExportSchema) -> InvalidDataError:
    """Aucune ligne d'en-tête reconnue : la première ligne n'est jamais recopiée (ce peut
    être une ligne de données, donc des données personnelles)."""
    expected = ", ".join(f"« {c.title} »" for c in schema.columns if c.required)
    return InvalidDataError(
        f"{path} : aucune ligne d'en-tête reconnue pour un export « {schema.title} ».",
        details=[
            f"en-têtes attendus au moins : {expected}",
            "le fichier a-t-il été exporté sans sa ligne d'en-tête, ou est-ce un autre export ?",
        ],
    )


def _resemblance(headers: Sequence[str], schema: ExportSchema) -> tuple[float, int, int]:
    """À quel point ``headers`` ressemblent à ``schema`` : la part de ses colonnes
    obligatoires présentes, leur nombre, et le nombre de toutes ses colonnes présentes
    (un export qui n'exige que l'identifiant du jeune en a toujours toutes : à part
    égale, celui dont le fichier porte le plus de colonnes l'emporte)."""
    normalized = {normalize_label(h) for h in headers if h}

    def present(column: ColumnSpec) -> bool:
        return bool(normalized & {normalize_label(s) for s in column.spellings()})

    required = [c for c in schema.columns if c.required]
    hits = sum(present(c) for c in required)
    share = hits / len(required) if required else 0.0
    return share, hits, sum(present(c) for c in schema.columns)


def looks_like(headers: Sequence[str], schema: ExportSchema, *, ties: bool = False) -> str | None:
    """« Ce fichier ressemble à l'export … » : l'export connu dont les en-têtes
    obligatoires sont presque tous là, quand ce n'est pas celui attendu ; à part égale,
    celui qui en reconnaît le plus (les événements, non les jeunes, pour un fichier
    d'événements qui porte l'identifiant du jeune). L'autre export doit reconnaître au
    moins autant de colonnes du fichier que celui attendu : sinon, c'est bien le fichier
    attendu, auquel manque une colonne. ``ties`` : autant de colonnes suffisent (des
    propositions du CLLAJ sans leur colonne « Proposition » ont toutes les colonnes
    obligatoires des demandes : les deux se disent).

    >>> from gipkit.io.exports import EXPORTS
    >>> events = ["Identifiant jeune", "Date", "Type d'événement", "Statut", "Site"]
    >>> "(ml.evenements)" in looks_like(events, EXPORTS["ml.situations"])
    True
    >>> looks_like(["Identifiant jeune", "Thème"], EXPORTS["ml.demandes"]) is None
    True
    """
    from gipkit.io.exports import EXPORTS, READ_BY

    mine, _, mine_columns = _resemblance(headers, schema)
    best = max(
        (k for k in EXPORTS if k != schema.kind),
        key=lambda k: _resemblance(headers, EXPORTS[k]),
    )
    share, _, columns = _resemblance(headers, EXPORTS[best])
    # l'autre export doit aussi reconnaître plus de colonnes du fichier : un
    # export qui n'exige que l'identifiant (les jeunes) « ressemblait » à tout fichier
    # attendu auquel manque une colonne obligatoire (des demandes sans leur date)
    more = columns >= mine_columns if ties else columns > mine_columns
    if share >= 0.8 and share > mine and more:
        return (
            f"ce fichier ressemble à l'export « {EXPORTS[best].title} » ({best}), "
            f"qui se lit avec {READ_BY.get(best, best)}"
        )
    return None


def suggestion(spec_spellings: Sequence[str], headers: Sequence[str]) -> str | None:
    """L'en-tête du fichier le plus proche d'une orthographe attendue (« vouliez-vous
    dire »), s'il y en a un assez proche."""
    pool = {normalize_label(h): h for h in headers if h}
    for spelling in spec_spellings:
        close = difflib.get_close_matches(normalize_label(spelling), list(pool), n=1, cutoff=0.8)
        if close:
            return pool[close[0]]
    return None


def missing_columns_error(
    path: Path, schema: ExportSchema, missing: Sequence[str], headers: Sequence[str]
) -> InvalidDataError:
    """Erreur « colonne absente » : en-têtes trouvés et exemple de configuration."""
    shown = ", ".join(f"« {cited(h)} »" for h in headers if h) or "(aucun)"
    details = []
    for name in missing:
        spec = schema.column(name)
        accepted = ", ".join(f"« {s} »" for s in spec.spellings()[1:4])
        near = suggestion(spec.spellings(), headers)
        hint = f" ; vouliez-vous dire « {near} » ?" if near else ""
        details.append(
            f"colonne `{name}` ({spec.description}) : en-têtes acceptés {accepted}…{hint}"
        )
    details.append(f"en-têtes trouvés : {shown}")
    example = "\n".join(f'    {name} = ["Votre en-tête"]' for name in missing)
    details.append(
        "si la colonne existe sous un autre nom, déclarez-le dans gipkit.toml :\n"
        f'    [entetes."{schema.kind}"]\n{example}'
    )
    plural = "s" if len(missing) > 1 else ""
    names = ", ".join(f"`{m}`" for m in missing)
    return InvalidDataError(f"{path} : colonne{plural} absente{plural} : {names}.", details=details)
