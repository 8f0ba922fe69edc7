"""Commandes ``gipkit ml`` : le chapitre Mission Locale (pour l'instant, les situations)."""

from __future__ import annotations

from pathlib import Path

import click

from gipkit.cli.options import (
    input_file,
    make_document,
    output_options,
    read_options,
    state,
    year_option,
)
from gipkit.reports import ml as rep
from gipkit.results import Document


@click.group()
def ml() -> None:
    """Mission Locale : jeunes accompagnés, situations, dispositifs."""


@ml.command("situations")
@input_file
@year_option
@output_options
def situations(
    fichier: Path, feuille: str | None, montrer_valeurs: bool, annee: int | None
) -> Document:
    """Situations créées dans l'année : par nature, emplois durables, jeunes en contrat.

    Lit l'extraction des situations seule (une ligne par situation) ; une situation
    compte l'année de sa date de début. Emploi durable par défaut : CDI, ou CDD et
    intérim de 6 mois ou plus (clés ml.* de gipkit.toml).

    Exemple :

        gipkit ml situations export.csv
    """
    config = state().config
    data = rep.load(fichier, config, read_options(feuille, montrer_valeurs), year=annee)
    params = {
        "annee": data.year,
        "emploi_durable_toujours": config.ml.emploi_durable_toujours,
        "emploi_durable_si_duree": config.ml.emploi_durable_si_duree,
        "duree_durable_mois": config.ml.duree_durable_mois,
    }
    return make_document("ml situations", params, [data.source], rep.situations(data, config))


@ml.command("tout")
@click.option(
    "--situations",
    "situations_file",
    type=click.Path(path_type=Path),
    required=True,
    help="Extraction des situations.",
)
@click.option("--feuille", metavar="NOM", help="Feuille à lire dans un classeur.")
@year_option
@output_options
def tout(situations_file: Path, feuille: str | None, annee: int | None) -> Document:
    """Tous les indicateurs de la Mission Locale calculables à partir des extractions données
    (pour l'instant : les situations), en un document pour gipkit comparer et verifier.

    Exemple :

        gipkit ml tout --situations situations.csv --format json > ml-2025.json
    """
    config = state().config
    data = rep.load(situations_file, config, read_options(feuille, False), year=annee)
    params = {"annee": data.year, "duree_durable_mois": config.ml.duree_durable_mois}
    return make_document("ml tout", params, [data.source], rep.situations(data, config))
