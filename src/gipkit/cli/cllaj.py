"""Commandes ``gipkit cllaj`` : le chapitre CLLAJ (pour l'instant, les ressources des jeunes)."""

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
from gipkit.reports import cllaj as rep
from gipkit.results import Document


@click.group()
def cllaj() -> None:
    """CLLAJ : logement des jeunes (demandes, propositions, relogements, ressources)."""


@cllaj.command("ressources")
@input_file
@year_option
@click.option(
    "--ressources-absentes-nulles",
    is_flag=True,
    help="Compte les ressources non renseignées comme nulles (0 €) au lieu d'écarter ces jeunes.",
)
@output_options
def ressources(
    fichier: Path,
    feuille: str | None,
    montrer_valeurs: bool,
    annee: int | None,
    ressources_absentes_nulles: bool,
) -> Document:
    """Ressources des jeunes : part sous le seuil de pauvreté (globale, par sexe, par ville),
    tranches de revenus, part ne pouvant louer un studio dans le parc privé.

    Le seuil est celui de l'année (parametres.seuils_pauvrete de gipkit.toml : 1 288 € en
    2025, 1 216 € en 2024) ; loyer et multiple exigé dans [cllaj].

    Exemple :

        gipkit cllaj ressources jeunes.csv --annee 2025
    """
    config = state().config
    data = rep.load(
        fichier,
        config,
        read_options(feuille, montrer_valeurs),
        year=annee,
        missing_as_zero=ressources_absentes_nulles,
    )
    params = {
        "annee": data.year,
        "seuil_pauvrete": rep.threshold_of(config, data.year)[0],
        "loyer_studio": config.cllaj.loyer_studio,
        "multiple_loyer": config.cllaj.multiple_loyer,
        "tranches_revenus": config.cllaj.tranches_revenus,
        "ressources_absentes_nulles": ressources_absentes_nulles,
    }
    return make_document("cllaj ressources", params, [data.source], rep.resources(data, config))


@cllaj.command("tout")
@click.option(
    "--jeunes",
    type=click.Path(path_type=Path),
    required=True,
    help="Extraction des jeunes accompagnés.",
)
@click.option("--feuille", metavar="NOM", help="Feuille à lire dans un classeur.")
@year_option
@output_options
def tout(jeunes: Path, feuille: str | None, annee: int | None) -> Document:
    """Tous les indicateurs du CLLAJ calculables à partir des extractions données (pour
    l'instant : les ressources des jeunes), en un document pour gipkit comparer et verifier.

    Exemple :

        gipkit cllaj tout --jeunes jeunes.csv --format json > cllaj-2025.json
    """
    config = state().config
    data = rep.load(jeunes, config, read_options(feuille, False), year=annee, missing_as_zero=False)
    params = {"annee": data.year, "seuil_pauvrete": rep.threshold_of(config, data.year)[0]}
    return make_document("cllaj tout", params, [data.source], rep.resources(data, config))
