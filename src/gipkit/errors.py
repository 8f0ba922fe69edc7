"""Erreurs de gipkit et codes de sortie.

La bibliothèque lève ces erreurs ; seule la couche CLI les traduit en message
et en code de sortie. Aucun message ne contient la valeur d'une cellule : les
fichiers traités contiennent des données personnelles.
"""

from __future__ import annotations

import unicodedata
from enum import IntEnum

#: la longueur au-delà de laquelle un texte venu d'un fichier est coupé dans un message
CITED_MAX = 60


def escaped(text: str) -> str:
    """``text`` avec ses caractères de contrôle échappés (``\\x1b``, ``\\r``, ``\\n``…,
    et les séparateurs de ligne Unicode) : écrits tels quels dans un terminal, ils
    déplaceraient le curseur, effaceraient l'écran ou changeraient le titre de la
    fenêtre. Les autres caractères, espaces insécables compris, restent.

    >>> escaped("Contrat\\u00a0aidé"), escaped("a\\x1b[2Jb\\tc\\u2028")
    ('Contrat\\xa0aidé', 'a\\\\x1b[2Jb\\\\tc\\\\u2028')
    """
    if text.isprintable():
        return text
    return "".join(
        repr(c)[1:-1] if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text
    )


def cited(text: str, limit: int = CITED_MAX) -> str:
    """Un texte venu d'un fichier (libellé de catégorie, en-tête, valeur demandée par
    ``--montrer-valeurs``) tel qu'un message le cite : caractères de contrôle échappés
    (:func:`escaped`), au plus ``limit`` caractères, sa longueur dite au-delà (une
    cellule de 20 000 caractères n'est pas un libellé, et ne remplit pas l'écran).

    >>> cited("Contrat maison"), cited("a\\x1b[2Jb\\tc")
    ('Contrat maison', 'a\\\\x1b[2Jb\\\\tc')
    >>> cited("x" * 1500, limit=5)
    'xxxxx… (1 500 caractères)'
    """
    shown = escaped(text[:limit])
    return shown if len(text) <= limit else f"{shown}… ({count_text(len(text))} caractères)"


def os_reason(exc: OSError) -> str:
    """La raison d'une erreur du système (lecture, écriture), en français : le système
    la donne dans sa langue (en anglais sur un serveur ou un conteneur), et gipkit parle
    français partout.

    >>> import errno
    >>> os_reason(PermissionError(errno.EACCES, "Permission denied"))
    'accès refusé'
    >>> os_reason(OSError(errno.ELOOP, "Too many levels of symbolic links"))
    'Too many levels of symbolic links'
    """
    import errno

    reasons = {
        errno.EACCES: "accès refusé",
        errno.EPERM: "opération non permise",
        errno.ENOENT: "introuvable",
        errno.ENOSPC: "plus de place sur le disque",
        errno.EROFS: "support en lecture seule",
        errno.EISDIR: "c'est un dossier",
        errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
        errno.ENAMETOOLONG: "nom trop long",
        errno.EIO: "erreur d'entrée-sortie du support",
        errno.EBUSY: "fichier occupé",
        errno.EDQUOT: "quota disque dépassé",
    }
    return reasons.get(exc.errno or 0) or exc.strerror or "erreur du système"


def count_text(n: int) -> str:
    """Un nombre de lignes ou de cases dans un message, à la française.

    >>> count_text(36444), count_text(7)
    ('36 444', '7')
    """
    return f"{n:,}".replace(",", " ")


class ExitCode(IntEnum):
    """Codes de sortie documentés dans ``docs/codes-de-sortie.md``."""

    OK = 0
    CHECK_FAILED = 1
    USAGE = 2
    INCOMPLETE = 3
    INVALID_DATA = 65
    INPUT_UNREADABLE = 66
    INTERNAL = 70
    CANT_CREATE = 73
    CONFIG = 78


class GipkitError(Exception):
    """Erreur attendue, expliquée à l'utilisateur en français."""

    exit_code: ExitCode = ExitCode.INVALID_DATA

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def render(self) -> str:
        """Message complet : une ligne de résumé puis les détails indentés."""
        lines = [self.message, *(f"  - {d}" for d in self.details)]
        return "\n".join(lines)


class InputUnreadableError(GipkitError):
    """Fichier absent, illisible ou d'un format non pris en charge."""

    exit_code = ExitCode.INPUT_UNREADABLE


class InvalidDataError(GipkitError):
    """Fichier lisible mais dont le contenu est invalide (colonnes, valeurs, taille)."""

    exit_code = ExitCode.INVALID_DATA


class OutputError(GipkitError):
    """Fichier de sortie impossible à écrire (dossier absent, fichier ouvert dans Excel…)."""

    exit_code = ExitCode.CANT_CREATE


class ConfigError(GipkitError):
    """Fichier de configuration ``gipkit.toml`` invalide."""

    exit_code = ExitCode.CONFIG


class ParameterError(GipkitError):
    """Paramètre d'appel impossible (année absente des données, option incohérente)."""

    exit_code = ExitCode.USAGE
