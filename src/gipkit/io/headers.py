"""Correspondance entre les en-têtes d'un fichier et les colonnes canoniques."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from gipkit.errors import InvalidDataError
from gipkit.io.normalize import normalize_label
from gipkit.io.schema import ExportSchema


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
            cols = ", ".join(f"« {headers[i]} » (colonne {i + 1})" for i in hits)
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
                f"« {headers[idx]} » correspond à plusieurs colonnes : {', '.join(names)}"
            )
    if ambiguous:
        raise InvalidDataError(
            f"{path} : en-têtes ambigus.",
            details=[*ambiguous, "renommez la colonne en trop ou retirez-la du fichier"],
        )
    missing = [name for name in wanted if name not in found and schema.column(name).required]
    if missing:
        raise missing_columns_error(path, schema, missing, headers)
    return found


def missing_columns_error(
    path: Path, schema: ExportSchema, missing: Sequence[str], headers: Sequence[str]
) -> InvalidDataError:
    """Erreur « colonne absente » : en-têtes trouvés et exemple de configuration."""
    shown = ", ".join(f"« {h} »" for h in headers if h) or "(aucun)"
    details = []
    for name in missing:
        spec = schema.column(name)
        accepted = ", ".join(f"« {s} »" for s in spec.spellings()[1:4])
        details.append(f"colonne `{name}` ({spec.description}) : en-têtes acceptés {accepted}…")
    details.append(f"en-têtes trouvés : {shown}")
    example = "\n".join(f'    {name} = ["Votre en-tête"]' for name in missing)
    details.append(
        "si la colonne existe sous un autre nom, déclarez-le dans gipkit.toml :\n"
        f'    [entetes."{schema.kind}"]\n{example}'
    )
    plural = "s" if len(missing) > 1 else ""
    names = ", ".join(f"`{m}`" for m in missing)
    return InvalidDataError(f"{path} : colonne{plural} absente{plural} : {names}.", details=details)
