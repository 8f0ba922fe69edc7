"""Trouver les extractions d'une commande : options nommées, ou dossier et noms conventionnels.

Une commande qui lit plusieurs extractions les prend par options nommées (``--jeunes
FICHIER``) ou dans un dossier (``--dossier``) sous leur nom conventionnel (``jeunes.csv``,
``.xlsx``, ``.xls``, ``.ods`` ou ``.txt``, quelle que soit la casse, éventuellement suivi
d'une date : ``Demandes-2025.csv``). Deux fichiers candidats pour une extraction sont une
erreur qui les nomme ; l'erreur d'une extraction manquante dit laquelle et par quelle
option la donner.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from gipkit import journal
from gipkit.errors import ExitCode, InputUnreadableError

SUFFIXES = (".csv", ".xlsx", ".xls", ".ods", ".txt")
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


_DATED = re.compile(r"[ _.-]*\d[\d _.-]*")


def candidates(name: str, folder: Path) -> list[Path]:
    """Les fichiers de ``folder`` qui peuvent être l'extraction ``name`` : ``name`` suivi
    d'un suffixe connu, sans égard à la casse, ou suivi d'une date (``demandes-2025.csv``).

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> for f in ("Situations.CSV", "demandes-2025.xlsx", "jeunes-lrj.csv", "notes.txt"):
    ...     _ = (d / f).write_text("")
    >>> [p.name for p in candidates("situations", d)], [p.name for p in candidates("demandes", d)]
    (['Situations.CSV'], ['demandes-2025.xlsx'])
    >>> candidates("jeunes", d)
    []
    """
    from gipkit.chapters import aliases_of

    names = (name, *aliases_of(name))
    out = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() not in SUFFIXES:
            continue
        stem = path.stem.lower()
        if any(
            stem == n or (stem.startswith(n) and _DATED.fullmatch(stem[len(n) :])) for n in names
        ):
            out.append(path)
    return out


def find(name: str, folder: Path | None) -> Path | None:
    """Le fichier de l'extraction ``name`` dans le dossier, s'il y en a un ; erreur s'il y
    en a deux."""
    if folder is None:
        return None
    if not folder.is_dir():
        raise InputUnreadableError(f"{folder} : dossier introuvable (--dossier).")
    found = candidates(name, folder)
    if len(found) > 1:
        listed = ", ".join(p.name for p in found)
        raise InputUnreadableError(
            f"Extraction « {name} » : plusieurs fichiers possibles dans {folder} ({listed}).",
            details=[f"gardez-en un seul, ou désignez-le avec --{name} FICHIER"],
        )
    return found[0] if found else None


def exercise_folder() -> Path | None:
    """Dans un dossier d'exercice (``gipkit init``), le sous-dossier de la structure de la
    commande en cours (``gipkit ml …`` -> ``ml/``), s'il existe."""
    from gipkit.cli.options import state
    from gipkit.cli.state import AppState

    ctx = click.get_current_context(silent=True)
    if ctx is None or not isinstance(ctx.find_root().obj, AppState):
        return None
    root = state().exercise_root
    parts = ctx.command_path.split()
    if root is None or len(parts) < 2:
        return None
    candidate = root / parts[1]
    return candidate if candidate.is_dir() else None


def required(name: str, given: Path | None, folder: Path | None) -> Path:
    """Le fichier d'une extraction : donné par son option, trouvé dans le dossier, ou dans
    le dossier d'exercice."""
    if given is not None:
        return given
    folder = folder if folder is not None else exercise_folder()
    found = find(name, folder)
    if found is not None:
        return found
    option = f"--{name}"
    if folder is not None:
        raise InputUnreadableError(
            f"Extraction « {name} » introuvable dans {folder} ({name}.csv, .xlsx, .ods…).",
            details=[f"renommez le fichier, ou donnez-le avec {option} FICHIER"],
        )
    raise InputUnreadableError(
        f"Extraction « {name} » manquante : donnez {option} FICHIER, ou --dossier DOSSIER "
        f"qui contient {name}.csv."
    )


def optional(name: str, given: Path | None, folder: Path | None) -> Path | None:
    """Comme :func:`required`, mais ``None`` si l'extraction n'est ni donnée ni dans le dossier."""
    if given is not None:
        return given
    return find(name, folder if folder is not None else exercise_folder())


def partial_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """L'option ``--partiel`` des commandes ``tout``."""
    return click.option(
        "--partiel",
        is_flag=True,
        help="Accepte un document auquel manquent des extractions (code de sortie 0 au "
        "lieu de 3) ; les indicateurs non calculés restent listés.",
    )(func)


def completeness(
    found: Mapping[str, Path | None],
    feeds: Mapping[str, Sequence[str]],
    produced: Iterable[str],
    expected: Iterable[str],
    *,
    partial: bool,
) -> int:
    """Consigne chaque extraction attendue et non trouvée, avec les indicateurs qu'elle
    aurait permis de calculer ; rend le code de sortie du ``tout`` (3 s'il en manque,
    sauf ``--partiel``).

    ``feeds`` : pour chaque extraction, les préfixes des identifiants qui en dépendent.
    """
    done = set(produced)
    absent = [name for name, path in found.items() if path is None]
    log = journal.current()
    for name in absent:
        left = tuple(
            i for i in expected if i not in done and any(i.startswith(p) for p in feeds[name])
        )
        log.lack(
            journal.Missing(
                "extraction", name, left, "ni donnée par son option, ni trouvée dans le dossier"
            )
        )
    if absent and partial:
        log.partial = True
    return int(ExitCode.INCOMPLETE) if absent and not partial else 0
