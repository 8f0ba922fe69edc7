"""Interface en ligne de commande ``gipkit`` : elle relie lecture, indicateurs et rendu.

Aucune arithmétique ici : les commandes appellent :mod:`gipkit.reports`, puis
rendent le document dans le format demandé.
"""

from __future__ import annotations

import codecs
import gc
import importlib
import io
import sys
import traceback
from pathlib import Path
from typing import Any

import click

import gipkit.cli.allocator  # noqa: F401 (règle l'allocateur de polars avant son import)
from gipkit import __version__, journal
from gipkit.cli import french
from gipkit.cli.state import AppState
from gipkit.errors import ExitCode, GipkitError

french.install()


class GipkitGroup(click.Group):
    """Groupe racine : traduit les erreurs de gipkit en message français et code de sortie."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Les sous-commandes, sans les importer."""
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """La sous-commande ``cmd_name``, importée à la demande."""
        target = LAZY_COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module, attr = target.split(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """``--config`` est accepté avant ou après la sous-commande : on le ramène devant."""
        return super().parse_args(ctx, _config_first(args))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with journal.opened():
                return super().invoke(ctx)
        except GipkitError as exc:
            click.echo(f"Erreur : {exc.render()}", err=True)
            ctx.exit(int(exc.exit_code))
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception:
            if ctx.params.get("debug"):
                raise
            click.echo(
                "Erreur interne de gipkit. Relancez avec --debug pour le détail, et signalez-la.",
                err=True,
            )
            ctx.exit(int(ExitCode.INTERNAL))


@click.group(
    cls=GipkitGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    subcommand_metavar=french.SUBCOMMAND,
)
@click.version_option(__version__, "--version", prog_name="gipkit", message="%(prog)s %(version)s")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help=(
        "Fichier de configuration, avant ou après la sous-commande (par défaut : "
        "GIPKIT_CONFIG, puis gipkit.toml du --dossier, du dossier courant ou d'un parent)."
    ),
)
@click.option(
    "--debug",
    is_flag=True,
    help="Affiche le détail technique (trace) des erreurs. Avant ou après la sous-commande.",
)
@click.option(
    "--ecarter-invalides",
    "skip_invalid",
    is_flag=True,
    help="Écarte les lignes fautives (valeur illisible, champs en trop) au lieu de s'arrêter ; "
    "elles sont comptées par motif et par colonne dans le bilan, jamais recopiées. "
    "Avant ou après la sous-commande.",
)
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, debug: bool, skip_invalid: bool) -> None:
    """gipkit calcule les indicateurs du rapport d'activité d'un GIP emploi-insertion
    (Mission Locale, PLIE, SERCI, CLLAJ) à partir des exports de vos logiciels.

    Exemple :

        gipkit serci heures fixtures/serci/heures-insertion-2020-2025.csv --par-maitre-ouvrage
    """
    _tolerant_console()
    ctx.obj = AppState(explicit_config=config_path, debug=debug, skip_invalid=skip_invalid)


#: options générales sans valeur acceptées aussi après la sous-commande
#: (« Relancez avec --debug » : on l'ajoute d'ordinaire à la fin de la commande)
GLOBAL_FLAGS = ("--ecarter-invalides", "--debug")


def _config_first(args: list[str]) -> list[str]:
    """Déplace ``--config X`` (ou ``--config=X``) et les options générales placés après la
    sous-commande en tête."""
    moved: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg == "--config" and i + 1 < len(args):
            moved += args[i : i + 2]
            i += 2
            continue
        if arg.startswith("--config=") or arg in GLOBAL_FLAGS:
            moved.append(arg)
        else:
            rest.append(arg)
        i += 1
    return moved + rest


#: ce qu'écrit une sortie qui ne sait pas écrire un caractère (Windows-1252 ou la page
#: de code 850 d'une sortie redirigée sous Windows) : son équivalent lisible, « ? » sinon
CONSOLE_FALLBACK = {
    "≥": ">=",
    "≤": "<=",
    "±": "+/-",
    "−": "-",
    "–": "-",
    "—": "-",
    "…": "...",
    "’": "'",
    "«": '"',
    "»": '"',
    "€": "EUR",
    "\u202f": " ",  # espace fine insécable
    "\u2009": " ",  # espace fine
    "\u00a0": " ",  # espace insécable
}
FALLBACK_ERRORS = "gipkit-console"


def _console_fallback(error: UnicodeError) -> tuple[str, int]:
    """Gestionnaire d'erreurs d'encodage : :data:`CONSOLE_FALLBACK`, « ? » pour le reste.

    >>> "≥ 150 000 ; ± 5,0 % — ok…".encode("cp1252", FALLBACK_ERRORS)
    b'>= 150 000 ; \\xb1 5,0 % \\x97 ok\\x85'
    >>> "≥ 1 — « ok » ✓".encode("ascii", FALLBACK_ERRORS)
    b'>= 1 - " ok " ?'
    """
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(CONSOLE_FALLBACK.get(c, "?") for c in text), error.end


codecs.register_error(FALLBACK_ERRORS, _console_fallback)


def _tolerant_console() -> None:
    """Un caractère que la sortie ne sait pas écrire (« ≥ » en Windows-1252, sortie
    redirigée sous Windows) s'écrit comme on l'écrirait à la main (« >= ») ou « ? », au
    lieu de faire échouer la commande ; les formats pour les machines (JSON, CSV) sont,
    eux, toujours écrits en UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=FALLBACK_ERRORS)


#: les sous-commandes, importées seulement quand on s'en sert : un lancement ne paie que
#: les modules de sa structure (le démarrage compte pour les petits fichiers)
LAZY_COMMANDS = {
    "cllaj": "gipkit.cli.cllaj:cllaj",
    "comparer": "gipkit.cli.checks_cmd:comparer",
    "config": "gipkit.cli.config_cmd:config_command",
    "init": "gipkit.cli.init_cmd:init_command",
    "ml": "gipkit.cli.ml:ml",
    "plie": "gipkit.cli.plie:plie",
    "rapport": "gipkit.cli.report_cmd:rapport",
    "serci": "gipkit.cli.serci:serci",
    "verifier": "gipkit.cli.checks_cmd:verifier",
}


def main(argv: list[str] | None = None) -> None:
    """Point d'entrée de la commande ``gipkit`` : il termine le processus (``SystemExit``).

    Les objets Python des modules importés (des dizaines de milliers pour polars) vivent
    jusqu'à la fin : gelés (:func:`gc.freeze`) après les imports puis à la sortie, le
    ramasse-miettes ne les parcourt plus, ni pendant la commande ni à l'arrêt de
    l'interpréteur, dont la dernière collecte coûtait 0,05 à 0,07 s à chaque lancement
    (docs/performance.md). Rien n'est perdu : les fichiers écrits sont fermés par la
    commande, et les fonctions de sortie (``atexit``) s'exécutent toujours.
    """
    args = sys.argv[1:] if argv is None else argv
    gc.freeze()
    try:
        cli.main(args=args, prog_name="gipkit")
    except Exception:  # pragma: no cover - filet de sécurité hors du groupe
        if "--debug" in args:
            traceback.print_exc()
        click.echo("Erreur interne de gipkit. Relancez avec --debug.", err=True)
        sys.exit(int(ExitCode.INTERNAL))
    finally:
        gc.freeze()
