"""Commande ``gipkit init`` : le dossier d'une année de rapport, prêt à remplir."""

from __future__ import annotations

from pathlib import Path

import click

from gipkit import journal
from gipkit.chapters import STRUCTURES, Structure
from gipkit.checks.rules import RULES_FILENAME, starter_rules
from gipkit.config import CONFIG_FILENAME
from gipkit.errors import ParameterError
from gipkit.io.exports import EXPORTS

CONFIG_TEMPLATE = """\
# Dossier d'exercice de gipkit : le rapport d'activité {annee}.
# Lancées dans ce dossier (ou un de ses sous-dossiers), les commandes de gipkit n'ont
# besoin d'aucun chemin : elles lisent les extractions de serci/, ml/, plie/ et cllaj/
# et prennent {annee} comme année N. Toutes les clés : gipkit config, ou la page
# docs/configuration.md de gipkit.

exercice = {annee}
nom = "{nom}"

[publication]
# true : chaque document est protégé par le secret statistique (pour publier)
secret_statistique = false
seuil_secret = 11

# --- Paramètres saisis à la main (aucune extraction ne les porte) -----------------------

[cllaj]
# Loyer mensuel de référence d'un studio (règle des bailleurs : revenus = 3 × loyer)
loyer_studio = 700

# Places du Logement Relais Jeunes, par résidence (décommentez et complétez)
# [cllaj.lrj_places]
# "Nom de la résidence" = 25

# [plie]
# capacite_par_referent = 80     # accompagnements maximum par référent
# postes_referents = 4           # postes de référents prévus
"""


def _readme(structure: Structure) -> str:
    lines = [
        f"# {structure.title} — extractions de l'exercice",
        "",
        "Déposez ici les extractions, sous ces noms (en `.csv`, `.xlsx`, `.xls`, `.ods` ou "
        "`.txt`, la casse ne compte pas ; un nom suivi d'une date, `demandes-2025.csv`, va "
        "aussi). Le dossier `modeles/` contient pour chacune un modèle vide : un CSV avec "
        "les en-têtes, et un classeur avec les en-têtes et une ligne d'exemple.",
        "",
        "| fichier | contenu | d'où il vient | colonnes obligatoires |",
        "|---|---|---|---|",
    ]
    for ext in structure.extractions:
        schema = EXPORTS[ext.kind]
        required = ", ".join(f"« {c.title} »" for c in schema.columns if c.required)
        lines.append(f"| `{ext.name}.csv` | {schema.title} | {ext.origin} | {required} |")
    lines += [
        "",
        "Le format complet de chaque extraction (toutes les colonnes, les orthographes "
        "d'en-têtes et les libellés reconnus) est décrit dans la documentation de gipkit, "
        "pages `docs/formats/"
        + "`, `docs/formats/".join(f"{e.kind}.md" for e in structure.extractions)
        + "`.",
        "",
    ]
    return "\n".join(lines)


def _templates(folder: Path, structure: Structure) -> None:
    import xlsxwriter

    folder.mkdir()
    for ext in structure.extractions:
        schema = EXPORTS[ext.kind]
        titles = [c.title for c in schema.columns]
        (folder / f"{ext.name}.csv").write_text(
            ";".join(titles) + "\r\n", encoding="utf-8-sig", newline=""
        )
        book = xlsxwriter.Workbook(
            str(folder / f"{ext.name}.xlsx"),
            {"strings_to_formulas": False, "strings_to_numbers": False},
        )
        sheet = book.add_worksheet(ext.name)
        bold = book.add_format({"bold": True})
        for c, column in enumerate(schema.columns):
            sheet.write_string(0, c, column.title, bold)
            sheet.write_string(1, c, column.example)
            sheet.set_column(c, c, max(len(column.title), len(column.example), 8) + 2)
        sheet.freeze_panes(1, 0)
        book.close()


@click.command("init")
@click.argument("dossier", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--annee",
    type=click.IntRange(2000, 2100),
    metavar="N",
    help="Année du rapport (par défaut : la dernière année terminée).",
)
@click.option("--nom", default="", metavar="TEXTE", help="Nom du GIP, pour les titres.")
def init_command(dossier: Path, annee: int | None, nom: str) -> None:
    """Crée le dossier d'une année de rapport : gipkit.toml commenté, un sous-dossier par
    structure (serci, ml, plie, cllaj) avec un README des extractions attendues et des
    modèles vides, et regles.toml, les règles de départ de gipkit verifier (chiffres clés
    présents, évolutions bornées). Dans ce dossier, les commandes n'ont plus besoin de
    chemin.

    Exemple :

        gipkit init rapport-2025 --annee 2025 --nom "GIP Ivry-Vitry"
    """
    if dossier.exists() and any(dossier.iterdir()):
        raise ParameterError(
            f"{dossier} existe déjà et n'est pas vide : gipkit init n'écrase rien.",
            details=["choisissez un nouveau dossier"],
        )
    if annee is None:
        annee = journal.today().year - 1
        click.echo(
            f"Année du rapport : {annee} (dernière année terminée ; --annee N sinon).", err=True
        )
    dossier.mkdir(parents=True, exist_ok=True)
    safe_name = nom.replace("\\", "\\\\").replace('"', '\\"')
    (dossier / CONFIG_FILENAME).write_text(
        CONFIG_TEMPLATE.format(annee=annee, nom=safe_name), encoding="utf-8"
    )
    for structure in STRUCTURES.values():
        folder = dossier / structure.key
        folder.mkdir()
        (folder / "README.md").write_text(_readme(structure), encoding="utf-8")
        _templates(folder / "modeles", structure)
    figures = [(s.title, s.key_figures) for s in STRUCTURES.values()]
    (dossier / RULES_FILENAME).write_text(starter_rules(annee, figures), encoding="utf-8")
    click.echo(
        f"Dossier d'exercice {annee} créé : {dossier}. Déposez les extractions dans "
        f"{', '.join(s.key + '/' for s in STRUCTURES.values())} puis lancez les commandes "
        "depuis ce dossier (ex. gipkit serci heures --par-maitre-ouvrage) ; "
        f"{RULES_FILENAME} : les règles de départ de gipkit verifier.",
        err=True,
    )
