"""Commandes ``gipkit plie`` : le chapitre PLIE du rapport (pour l'instant, les SIAE)."""

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
from gipkit.reports import plie as rep
from gipkit.results import Document


@click.group()
def plie() -> None:
    """PLIE : parcours des participants et étapes en SIAE."""


@plie.command("siae")
@input_file
@year_option
@click.option(
    "--cle",
    type=click.Choice(tuple(rep.KEYS)),
    default="email",
    show_default=True,
    help="Ce qui identifie une personne dans l'export : courriel, nom + prénom + "
    "date de naissance, ou numéro de PASS IAE.",
)
@click.option(
    "--sans-en-cours",
    is_flag=True,
    help="Retire du dénominateur les candidatures encore à l'étude.",
)
@output_options
def siae(
    fichier: Path,
    feuille: str | None,
    montrer_valeurs: bool,
    annee: int | None,
    cle: str,
    sans_en_cours: bool,
) -> Document:
    """Étapes en SIAE à partir de l'export des candidatures de « les emplois de l'inclusion » :
    personnes ayant eu une étape, taux d'intégration global et par type, recrutements.

    Le taux d'intégration et les personnes portent sur les candidatures déposées en N-1
    ou N, comme le rapport ; la répartition des recrutements sur celles de N.

    Exemple :

        gipkit plie siae candidatures.xlsx --annee 2025
    """
    config = state().config
    data = rep.load(fichier, config, read_options(feuille, montrer_valeurs), year=annee, key=cle)
    params = {"annee": data.year, "cle": cle, "candidatures_a_l_etude": not sans_en_cours}
    return make_document(
        "plie siae", params, [data.source], rep.siae(data, include_pending=not sans_en_cours)
    )


@plie.command("tout")
@click.option(
    "--candidatures",
    type=click.Path(path_type=Path),
    required=True,
    help="Export des candidatures de « les emplois de l'inclusion ».",
)
@click.option("--feuille", metavar="NOM", help="Feuille à lire dans un classeur.")
@year_option
@click.option(
    "--cle",
    type=click.Choice(tuple(rep.KEYS)),
    default="email",
    show_default=True,
    help="Ce qui identifie une personne dans l'export des candidatures.",
)
@output_options
def tout(candidatures: Path, feuille: str | None, annee: int | None, cle: str) -> Document:
    """Tous les indicateurs du PLIE calculables à partir des exports donnés (pour l'instant :
    les étapes en SIAE), en un document pour gipkit comparer et verifier.

    Exemple :

        gipkit plie tout --candidatures candidatures.xlsx --format json > plie-2025.json
    """
    config = state().config
    data = rep.load(candidatures, config, read_options(feuille, False), year=annee, key=cle)
    params = {"annee": data.year, "cle": cle}
    return make_document("plie tout", params, [data.source], rep.siae(data, include_pending=True))
