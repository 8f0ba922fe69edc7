"""Trouver les extractions d'une commande : options nommées, ou dossier et noms conventionnels.

Une commande qui lit plusieurs extractions les prend par options nommées (``--jeunes
FICHIER``) ou dans un dossier (``--dossier``) sous leur nom conventionnel (``jeunes.csv``,
``.xlsx``, ``.xls`` ou ``.txt``). L'erreur d'une extraction manquante dit laquelle et par
quelle option la donner.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from gipkit.errors import InputUnreadableError

SUFFIXES = (".csv", ".xlsx", ".xls", ".txt")
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def path_option(name: str, help_text: str, dest: str | None = None) -> Decorator:
    """L'option ``--NAME FICHIER`` d'une extraction."""
    args = [f"--{name}"] + ([dest] if dest else [])
    return click.option(*args, type=click.Path(path_type=Path), help=help_text)


def folder_option(names: str) -> Decorator:
    """L'option ``--dossier`` ; ``names`` : les noms conventionnels, pour l'aide."""
    return click.option(
        "--dossier",
        type=click.Path(path_type=Path, file_okay=False),
        help=f"Dossier contenant les extractions sous leurs noms conventionnels ({names}).",
    )


def find(name: str, folder: Path | None) -> Path | None:
    """``name.csv`` (ou ``.xlsx``…) du dossier, s'il existe."""
    if folder is None:
        return None
    return next(
        (folder / f"{name}{s}" for s in SUFFIXES if (folder / f"{name}{s}").is_file()), None
    )


def required(name: str, given: Path | None, folder: Path | None) -> Path:
    """Le fichier d'une extraction : donné par son option, ou trouvé dans le dossier."""
    if given is not None:
        return given
    found = find(name, folder)
    if found is not None:
        return found
    option = f"--{name}"
    if folder is not None:
        raise InputUnreadableError(
            f"Extraction « {name} » introuvable dans {folder} ({name}.csv ou {name}.xlsx).",
            details=[f"renommez le fichier, ou donnez-le avec {option} FICHIER"],
        )
    raise InputUnreadableError(
        f"Extraction « {name} » manquante : donnez {option} FICHIER, ou --dossier DOSSIER "
        f"qui contient {name}.csv."
    )


def optional(name: str, given: Path | None, folder: Path | None) -> Path | None:
    """Comme :func:`required`, mais ``None`` si l'extraction n'est ni donnée ni dans le dossier."""
    return given if given is not None else find(name, folder)
