"""Commande ``gipkit config`` : la configuration effective."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import click
import tomli_w

from gipkit.cli.options import state


def _plain(value: Any) -> Any:
    """Valeurs prêtes pour TOML (qui n'a pas de valeur nulle : une clé non définie est omise)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@click.command("config")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("toml", "json")),
    default="toml",
    show_default=True,
    help="Format d'affichage.",
)
def config_command(fmt: str) -> None:
    """Affiche la configuration effective : valeurs par défaut complétées par gipkit.toml.

    La sortie TOML peut servir de point de départ à votre propre gipkit.toml.

    Exemple :

        gipkit --config gipkit.toml config
    """
    app = state()
    data = _plain(asdict(app.config))
    origin = str(app.config_path) if app.config_path else "aucun fichier : valeurs par défaut"
    if fmt == "json":
        click.echo(
            json.dumps(
                {"source": origin, "configuration": data},
                ensure_ascii=False,
                indent=2,
                sort_keys=True,
            )
        )
    else:
        click.echo(f"# Configuration effective de gipkit ({origin})")
        click.echo(tomli_w.dumps(data), nl=False)
