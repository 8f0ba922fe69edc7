"""Messages de click en français.

click traduit ses messages par ``gettext`` ; sans catalogue installé ils restent en
anglais. On remplace la fonction de traduction des modules de click par une table
française : aide, erreurs d'usage et suggestions se lisent en français.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable

import click

FRENCH = {
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Show the version and exit.": "Affiche la version et quitte.",
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "default: {default}": "défaut : {default}",
    "required": "obligatoire",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Essayez « {command} {option} » pour l'aide.",
    "No such option: {name}": "Option inconnue : {name}",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "Missing command.": "Commande manquante.",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing {param_type}": "{param_type} manquant",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Option {name!r} requires an argument.": "L'option {name!r} attend une valeur.",
    "Option {name!r} requires {nargs} arguments.": "L'option {name!r} attend {nargs} valeurs.",
    "Got unexpected extra argument ({args})": "Argument inattendu ({args})",
    "Got unexpected extra arguments ({args})": "Arguments inattendus ({args})",
    "{value!r} is not {choice}.": "{value!r} n'est pas {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} n'est pas parmi {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un {number_type} valide.",
    "integer": "entier",
    "float": "nombre",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility} ?",
    "(Did you mean one of: {possibilities}?)": "(Vouliez-vous dire : {possibilities} ?)",
    "Aborted!": "Interrompu.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} illisible (droits).",
    "{name} {filename!r} is not writable.": "{name} {filename!r} : écriture refusée (droits).",
    "{name} {filename!r} is not executable.": "{name} {filename!r} n'est pas exécutable.",
    "Could not open file {filename!r}: {message}": (
        "Impossible d'ouvrir le fichier {filename!r} : {message}"
    ),
    "Choose from:\n\t{choices}": "Valeurs possibles :\n\t{choices}",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} n'est pas une valeur oui/non. Valeurs reconnues : {states}"
    ),
    "{value!r} does not match the format {format}.": ("{value!r} ne suit pas le format {format}."),
    "{value!r} does not match the formats {formats}.": (
        "{value!r} ne suit aucun des formats {formats}."
    ),
    "{value!r} is not a valid UUID.": "{value!r} n'est pas un UUID valide.",
    "{len_type} values are required, but {len_value} was given.": (
        "{len_type} valeurs attendues, {len_value} donnée."
    ),
    "{len_type} values are required, but {len_value} were given.": (
        "{len_type} valeurs attendues, {len_value} données."
    ),
    "Takes {nargs} values but 1 was given.": "Attend {nargs} valeurs, 1 donnée.",
    "Takes {nargs} values but {len} were given.": "Attend {nargs} valeurs, {len} données.",
    "Argument {name!r} takes {nargs} values.": "L'argument {name!r} attend {nargs} valeurs.",
    "Value must be an iterable.": "La valeur doit être une liste.",
    "Do you want to continue?": "Continuer ?",
    "Confirm the action without prompting.": "Confirme l'action sans la demander.",
    "env var: {var}": "variable d'environnement : {var}",
    "deprecated": "obsolète",
    "unknown error": "erreur inconnue",
    "file": "fichier",
    "path": "chemin",
    "directory": "dossier",
}

#: messages de click qu'aucun utilisateur ne voit : erreurs de programmation dans la
#: déclaration des commandes, représentation d'un type, avertissements de commandes
#: obsolètes (gipkit n'en a pas), version (gipkit donne son propre message)
DEVELOPER_ONLY = frozenset(
    {
        "(dynamic)",
        "Arguments take exactly one parameter declaration, got {length}: {decls}.",
        "Boolean option {decl!r} cannot use the same flag for true/false.",
        "Could not determine name for option with declarations {decls!r}",
        "DeprecationWarning: The command {name!r} is deprecated.{extra_message}",
        "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}",
        "Name '{name}' defined twice",
        "No options defined but a name was passed ({name}). Did you mean to declare an "
        "argument instead? Did you mean to pass '--{name}'?",
        "%(prog)s, version %(version)s",
        "Invalid start character for option ({option})",
        "Choice({choices})",
        "Unknown standard stream '{name}'",
    }
)

#: ce que l'aide d'un groupe écrit après ses options (click : « COMMAND [ARGS]... »,
#: sans passer par sa traduction) : à donner à chaque groupe (``subcommand_metavar``)
SUBCOMMAND = "COMMANDE [ARGUMENTS]..."

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils")


class FrenchHelpFormatter(click.HelpFormatter):
    """L'aide de click, typographie française : « Options : », non « Options: » ; et ses
    exemples (un paragraphe dont chaque ligne est une commande ``gipkit …``) jamais
    recoupés : click coupait « --par-maitre-ouvrage » en « --par- » / « maitre-ouvrage »,
    une commande qui ne se copie plus."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading} :\n")

    def write_text(self, text: str) -> None:
        super().write_text(keep_examples(text))


def keep_examples(text: str) -> str:
    """Marque de ``\\b`` (que click ne recoupe pas) chaque paragraphe d'exemples.

    >>> keep_examples("Calcule.\\n\\n    gipkit serci heures x.csv\\n")
    'Calcule.\\n\\n\\x08\\n    gipkit serci heures x.csv\\n'
    """
    parts = re.split(r"(\n[ \t]*\n)", text)
    for k, part in enumerate(parts):
        lines = [line.strip() for line in part.splitlines() if line.strip()]
        if lines and lines[0] != "\b" and all(line.startswith("gipkit ") for line in lines):
            parts[k] = "\b\n" + part.lstrip("\n")
    return "".join(parts)


def _gettext(message: str) -> str:
    return FRENCH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


#: le nom de chaque type de valeur de click, qu'il écrit tel quel (sans traduction) dans
#: ses erreurs (« 'abc' is not a valid integer ») et, en capitales, dans l'aide
#: (« --top INTEGER RANGE »)
TYPE_NAMES = {
    "IntParamType": "entier",
    "IntRange": "entier",
    "FloatParamType": "nombre",
    "FloatRange": "nombre",
    "BoolParamType": "oui/non",
    "StringParamType": "texte",
    "DateTime": "date",
}


def install() -> None:
    """Remplace ``_`` et ``ngettext`` dans les modules de click, et le nom de ses types de
    valeurs (idempotent)."""
    click.Context.formatter_class = FrenchHelpFormatter
    types = importlib.import_module("click.types")
    for kind, french in TYPE_NAMES.items():
        getattr(types, kind).name = french
    for name in _MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # pragma: no cover - module absent d'une version de click
            continue
        replacements: dict[str, Callable[..., str]] = {"_": _gettext, "ngettext": _ngettext}
        for attr, func in replacements.items():
            if hasattr(module, attr):
                setattr(module, attr, func)
