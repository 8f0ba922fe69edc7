"""Régénère la documentation dérivée du code : référence CLI, plan du rapport, formats
d'entrée, Table Schema.

Usage : ``python scripts/generate_docs.py`` (``--check`` : échoue si un fichier n'est
pas à jour ; c'est ce que vérifie ``tests/test_docs.py``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from gipkit.cli import cli
from gipkit.io.exports import EXPORTS
from gipkit.io.schema import ColumnType, ExportSchema
from gipkit.io.tableschema import to_table_schema
from gipkit.io.values import expected

ROOT = Path(__file__).resolve().parents[1]


def _commands(group: click.Group, prefix: list[str]) -> list[tuple[list[str], click.Command]]:
    out: list[tuple[list[str], click.Command]] = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        out.append(([*prefix, name], command))
        if isinstance(command, click.Group):
            out += _commands(command, [*prefix, name])
    return out


COMMON = ("--dossier", "--feuille", "--montrer-valeurs", "--annee", "--format", "--sortie")


def _options_table() -> list[str]:
    """Un tableau : comment chaque commande de calcul désigne ses entrées, et ses options."""
    from gipkit.chapters import STRUCTURES

    lines = [
        "## Une seule façon de désigner les entrées",
        "",
        "Toutes les commandes de calcul acceptent "
        + ", ".join(f"`{o}`" for o in COMMON)
        + ", `--bom`, `--secret-statistique` et `--seuil-secret`, et les options générales "
        "`--config`, `--ecarter-invalides` (avant ou après la sous-commande). L'extraction "
        "principale se donne en argument ou par son option nommée ; chaque extraction a la "
        "même option partout (`--jeunes`, `--situations`…) ; sans chemin, elle est prise dans "
        "`--dossier`, puis dans le dossier d'exercice (`gipkit init`).",
        "",
        "| commande | argument | extractions (options) | options propres |",
        "|---|---|---|---|",
    ]
    for path, command in _commands(cli, ["gipkit"]):
        if isinstance(command, click.Group) or len(path) < 3:
            continue
        structure = STRUCTURES.get(path[1])
        names = {f"--{e.name}" for e in structure.extractions} if structure else set()
        opts = [o for p in command.params for o in p.opts if o.startswith("--")]
        args = [p.name.upper() for p in command.params if isinstance(p, click.Argument)]
        extractions = sorted(o for o in opts if o in names)
        general = {*COMMON, "--bom", "--secret-statistique", "--seuil-secret", "--help"}
        own = sorted(o for o in opts if o not in names and o not in general)
        lines.append(
            f"| `{' '.join(path[1:])}` | {' '.join(args) or '—'} | "
            f"{', '.join(f'`{o}`' for o in extractions) or '—'} | "
            f"{', '.join(f'`{o}`' for o in own) or '—'} |"
        )
    lines.append("")
    return lines


def cli_reference() -> str:
    """Le texte de ``docs/reference-cli.md`` : l'aide de chaque commande."""
    lines = [
        "# Référence de la ligne de commande",
        "",
        "Ce fichier est généré par `python scripts/generate_docs.py` à partir de l'aide "
        "(`--help`) de chaque commande ; un test vérifie qu'il est à jour.",
        "",
        *_options_table(),
    ]
    for path, command in [(["gipkit"], cli), *_commands(cli, ["gipkit"])]:
        ctx = click.Context(
            command,
            info_name=" ".join(path),
            terminal_width=100,
            help_option_names=["-h", "--help"],
        )
        lines += [f"## `{' '.join(path)}`", "", "```", command.get_help(ctx).rstrip(), "```", ""]
    return "\n".join(lines)


def format_doc(schema: ExportSchema) -> str:
    """Le texte de ``docs/formats/<export>.md`` : colonnes, types, orthographes acceptées."""
    lines = [
        f"# Format d'entrée : {schema.title} (`{schema.kind}`)",
        "",
        "Fichier généré par `python scripts/generate_docs.py` à partir de la déclaration du "
        "format dans le code ; un test vérifie qu'il est à jour.",
        "",
        schema.description,
        "",
        f"Table Schema (format de schema.data.gouv.fr) : "
        f"[`schemas/{schema.kind}.json`](../schemas/{schema.kind}.json).",
        "",
        "| colonne | en-tête conseillé | obligatoire | type attendu | description | exemple |",
        "|---|---|---|---|---|---|",
    ]
    for col in schema.columns:
        lines.append(
            f"| `{col.name}` | {col.title} | {'oui' if col.required else 'non'} | "
            f"{expected(col)} | {col.description} | `{col.example}` |"
        )
    lines += [
        "",
        "## Exemple",
        "",
        "```",
        ";".join(col.title for col in schema.columns),
        ";".join(col.example for col in schema.columns),
        "```",
    ]
    lines += [
        "",
        "## En-têtes acceptés",
        "",
        "La casse, les accents, les espaces et la ponctuation sont ignorés. D'autres "
        'orthographes se déclarent dans `gipkit.toml` (section `[entetes."EXPORT"]`).',
        "",
    ]
    for col in schema.columns:
        spellings = ", ".join(f"« {s} »" for s in col.spellings())
        lines.append(f"- `{col.name}` : {spellings}")
    if schema.row_key:
        keys = ", ".join(f"`{k}`" for k in schema.row_key)
        lines += [
            "",
            "## Lignes identiques",
            "",
            f"Une ligne est identifiée par {keys} : une ligne identique à une autre est un "
            "doublon, écarté et compté ; un identifiant répété avec d'autres valeurs est "
            "signalé.",
        ]
    else:
        lines += [
            "",
            "## Lignes identiques",
            "",
            "L'export n'a pas d'identifiant de ligne : deux lignes identiques peuvent être "
            "deux faits réels ; elles sont gardées, et leur nombre est signalé.",
        ]
    if schema.needs:
        lines += [
            "",
            "## Colonnes facultatives et indicateurs qui en dépendent",
            "",
            "Sans ces colonnes (absentes, ou présentes sans aucune valeur), les indicateurs "
            "listés ne sont pas calculés : ils manquent au document et sont listés dans "
            "`manquants`, jamais écrits 0. Une colonne de tableau (`ID[*].COLONNE`) est "
            "vidée, le reste du tableau gardé ; une note du tableau et un avertissement le "
            "disent.",
            "",
            "| colonne(s) (une suffit) | indicateurs |",
            "|---|---|",
        ]
        for columns, ids in schema.needs:
            names = " ou ".join(f"`{c}`" for c in columns)
            lines.append(f"| {names} | {', '.join(f'`{i}`' for i in ids)} |")
    cats = [c for c in schema.columns if c.categories]
    if cats:
        lines += [
            "",
            "## Libellés reconnus",
            "",
            "Chaque libellé est reconnu sous son code, son libellé ou un synonyme (sans "
            "casse ni accents). D'autres libellés se déclarent dans `gipkit.toml` "
            '(section `[categories."EXPORT".colonne]`).',
        ]
        for col in cats:
            multi = (
                " (plusieurs valeurs séparées par « | » ; la première est le statut principal)"
                if col.type is ColumnType.MULTI_CATEGORY
                else ""
            )
            lines += [
                "",
                f"### `{col.name}`{multi}",
                "",
                "| code | libellé | synonymes |",
                "|---|---|---|",
            ]
            for cat in col.categories:
                lines.append(f"| `{cat.code}` | {cat.label} | {', '.join(cat.synonyms)} |")
    return "\n".join(lines) + "\n"


def chapters_doc() -> str:
    """docs/chapitres.md : le plan du rapport tel que déclaré dans ``gipkit.chapters``."""
    from gipkit.chapters import STRUCTURES

    lines = [
        "# Plan du rapport : chapitres, sections, résultats",
        "",
        "<!-- Généré par scripts/generate_docs.py depuis gipkit/chapters.py : ne pas modifier"
        " à la main. -->",
        "",
        "Chaque structure du GIP est déclarée **une fois** dans `src/gipkit/chapters.py` : ses",
        "extractions, puis ses sections dans l'ordre du rapport 2025 (titres de son sommaire),",
        "avec pour chacune les résultats qu'elle publie, le graphique qui montre chaque",
        "tableau et les totaux qui doivent égaler une valeur publiée ailleurs, et ses calculs :",
        "les extractions dont chacun a besoin et sa fonction (`gipkit.steps`). De cette",
        "déclaration viennent : les commandes de chaque structure, `tout` compris (leurs",
        "options d'extraction et leur aide, leur argument, ce qui manque, leurs calculs,",
        "faits chacun quand ses extractions sont là, chaque extraction chargée une fois et",
        "seulement avec les colonnes des calculs prévus), l'ordre des résultats de `tout`,",
        "les identifiants connus de `gipkit verifier`, les contrôles de cohérence",
        "interne (colonne « contrôle » ci-dessous), le plan de `gipkit rapport` (chapitres,",
        "sections, graphiques, dans tous les formats), les sections du document Word et cette",
        "page. Un test vérifie que chaque `tout` produit exactement ces résultats, dans cet",
        "ordre.",
        "",
        "Ajouter un tableau : une fonction qui le calcule à partir des extractions chargées",
        "(un calcul déclaré de plus, dans `gipkit.steps.<structure>`, ou une ligne d'un",
        "calcul existant) et une ligne dans la section qui le publie ; pour qu'une commande",
        "autre que `tout` le donne aussi, le nom du calcul dans la liste de la commande. Rien",
        "d'autre : `tout`, le rapport, les contrôles, le classeur et cette page suivent (un",
        "test le vérifie en déclarant un tableau d'essai). Les commandes du SERCI autres que",
        "`tout` sont des vues : une fonction déclarée (« vue » ci-dessous) choisit leurs",
        "calculs d'après les options données (`--par-maitre-ouvrage`, `--par age`…), et",
        "l'extraction n'est lue qu'avec les colonnes de ces calculs. Une commande autre que",
        "`tout` dit, par un avertissement (sortie d'erreur et JSON), chaque calcul prévu",
        "qu'elle n'a pas fait faute d'une extraction facultative, sauf si une option la",
        "remplace (`--file-attente` pour les pré-inscriptions) ; `tout` liste ses manques",
        "avec les indicateurs non calculés, et rend 3 sans `--partiel`.",
        "",
    ]
    for structure in STRUCTURES.values():
        lines += [f"## {structure.title}", "", "Extractions :", ""]
        lines += ["| option | format | d'où elle vient |", "|---|---|---|"]
        for ext in structure.extractions:
            lines.append(f"| `--{ext.name}` | [{ext.kind}](formats/{ext.kind}.md) | {ext.origin} |")
        lines += ["", "Calculs, dans l'ordre où `tout` les fait :", ""]
        lines += ["| calcul | extractions nécessaires | lues si elles sont là | fonction |"]
        lines.append("|---|---|---|---|")
        for step in structure.steps:
            needs = ", ".join(f"`{n}`" for n in step.needs) or "—"
            uses = ", ".join(f"`{n}`" for n in step.uses) or "—"
            lines.append(f"| {step.key} | {needs} | {uses} | `{step.function}` |")
        lines += ["", "Commandes (chacune engendrée de ses calculs : `gipkit.cli.declared`) :", ""]
        lines += ["| commande | calculs | extractions obligatoires | facultatives |"]
        lines.append("|---|---|---|---|")
        for command in (*structure.commands, structure.command("tout")):
            needed, others = structure.inputs_of(command.name)
            near = " (cherchées aussi à côté du fichier principal)" if command.beside else ""
            if command.select:
                near += f" ; vue : `{command.select}`"
            lines.append(
                f"| `{structure.key} {command.name}` | {', '.join(command.steps)} | "
                f"{', '.join(f'`{n}`' for n in needed) or '—'} | "
                f"{', '.join(f'`{n}`' for n in others) or '—'}{near} |"
            )
        lines += ["", "Chiffres clés (première page du rapport) : "]
        lines[-1] += ", ".join(f"`{k}`" for k in structure.key_figures) + "."
        lines.append("")
        for section in structure.sections:
            lines += [f"### {section.title}", ""]
            lines += ["| résultat | sorte | graphique | contrôle |", "|---|---|---|---|"]
            for output in section.outputs:
                kind = "tableau" if output.table else "valeur"
                chart = output.chart or ("—" if output.table else "")
                check = "<br>".join(f"Total `{c}` = `{t}`" for c, t in output.equals)
                lines.append(f"| `{output.id}` | {kind} | {chart} | {check} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def outputs() -> dict[Path, str]:
    """Chaque fichier généré et son contenu attendu."""
    files = {
        ROOT / "docs" / "reference-cli.md": cli_reference(),
        ROOT / "docs" / "chapitres.md": chapters_doc(),
    }
    for kind, schema in EXPORTS.items():
        files[ROOT / "docs" / "formats" / f"{kind}.md"] = format_doc(schema)
        files[ROOT / "docs" / "schemas" / f"{kind}.json"] = (
            json.dumps(to_table_schema(schema), ensure_ascii=False, indent=2) + "\n"
        )
    return files


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    for path, text in outputs().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'périmé' if check else 'écrit'} : {path.relative_to(ROOT)}")
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    raise SystemExit(main())
