"""Interface en ligne de commande ``gipkit`` : elle relie lecture, indicateurs et rendu.

Aucune arithmétique ici : les commandes appellent :mod:`gipkit.reports`, puis
rendent le document dans le format demandé.
"""

from __future__ import annotations

import io
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from gipkit import __version__
from gipkit.cli import french
from gipkit.cli.state import AppState
from gipkit.config import load_config
from gipkit.errors import ExitCode, GipkitError

french.install()


class GipkitGroup(click.Group):
    """Groupe racine : traduit les erreurs de gipkit en message français et code de sortie."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
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


@click.group(cls=GipkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="gipkit", message="%(prog)s %(version)s")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Fichier de configuration (par défaut : gipkit.toml du dossier courant, s'il existe).",
)
@click.option("--debug", is_flag=True, help="Affiche le détail technique (trace) des erreurs.")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, debug: bool) -> None:
    """gipkit calcule les indicateurs du rapport d'activité d'un GIP emploi-insertion
    (Mission Locale, PLIE, SERCI, CLLAJ) à partir des exports de vos logiciels.

    Exemple :

        gipkit serci heures fixtures/serci/heures-insertion-2020-2025.csv --par-maitre-ouvrage
    """
    _tolerant_console()
    if config_path is not None and not config_path.is_file():
        raise GipkitError(f"Fichier de configuration introuvable : {config_path}")
    config, origin = load_config(config_path)
    ctx.obj = AppState(config=config, config_path=origin, debug=debug)


def _tolerant_console() -> None:
    """Un caractère que la console ne sait pas écrire (« ≥ », espace fine sous Windows)
    devient « ? » au lieu de faire échouer la commande ; les formats pour les machines
    (JSON, CSV) sont, eux, toujours écrits en UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def _register() -> None:
    from gipkit.cli.checks_cmd import comparer, verifier
    from gipkit.cli.cllaj import cllaj
    from gipkit.cli.config_cmd import config_command
    from gipkit.cli.ml import ml
    from gipkit.cli.plie import plie
    from gipkit.cli.serci import serci

    cli.add_command(cllaj)
    cli.add_command(ml)
    cli.add_command(plie)
    cli.add_command(serci)
    cli.add_command(comparer)
    cli.add_command(verifier)
    cli.add_command(config_command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Point d'entrée de la commande ``gipkit``."""
    args = sys.argv[1:] if argv is None else argv
    try:
        cli.main(args=args, prog_name="gipkit")
    except Exception:  # pragma: no cover - filet de sécurité hors du groupe
        if "--debug" in args:
            traceback.print_exc()
        click.echo("Erreur interne de gipkit. Relancez avec --debug.", err=True)
        sys.exit(int(ExitCode.INTERNAL))
