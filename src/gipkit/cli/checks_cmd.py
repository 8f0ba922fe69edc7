"""Commandes ``gipkit comparer`` et ``gipkit verifier`` : d'une année sur l'autre, pour la CI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from gipkit import journal
from gipkit.chapters import STRUCTURES
from gipkit.checks.compare import Change, compare
from gipkit.checks.consistency import consistency
from gipkit.checks.flatten import base_id, check_document, flatten, settings
from gipkit.checks.rules import (
    POINTS,
    RELATIVE,
    Check,
    closest,
    evaluate,
    load_rules,
    selects,
)
from gipkit.cli.options import make_document, output_options
from gipkit.errors import (
    ExitCode,
    InputUnreadableError,
    InvalidDataError,
    ParameterError,
    count_text,
)
from gipkit.io import sniff
from gipkit.io.render import french_number
from gipkit.io.source import SourceReport
from gipkit.results import Column, Document, Protection, Table

#: les identifiants de tous les résultats déclarés (gipkit.chapters)
KNOWN_IDS = tuple(ident for s in STRUCTURES.values() for ident in s.result_ids())


def _read_document(path: Path) -> tuple[dict[str, Any], SourceReport]:
    try:
        raw = path.read_bytes()
    except OSError:
        raise InputUnreadableError(f"{path} : fichier introuvable ou illisible.") from None
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidDataError(f"{path} : JSON illisible.") from None
    doc = check_document(doc, str(path))
    count = len(flatten(doc))
    source = SourceReport(str(path), sniff.sha256_of(path), "resultats", "json", count)
    return doc, source


def _same_protection(old: dict[str, Any], new: dict[str, Any], names: tuple[Path, Path]) -> None:
    """Un document protégé par le secret statistique ne se compare qu'à un document protégé
    au même seuil : la différence avec un document non protégé révélerait ses cases."""
    a, b = old.get("secret_statistique"), new.get("secret_statistique")
    if (a is None) != (b is None) or (a and b and a.get("seuil") != b.get("seuil")):

        def state(doc: Any) -> str:
            return f"protégé (seuil {doc['seuil']})" if doc else "non protégé"

        raise ParameterError(
            "Comparaison refusée : un document protégé par le secret statistique ne se "
            "compare qu'à un document protégé au même seuil (la différence révélerait les "
            "cases masquées).",
            details=[f"{names[0]} : {state(a)}", f"{names[1]} : {state(b)}"],
        )


#: réglages propres à l'année de chaque document, comme l'année elle-même : le seuil de
#: pauvreté est celui de l'année du document (paramètres.seuils_pauvrete) ; qu'il change
#: d'un document à l'autre est attendu
OWN_YEAR_SETTINGS = frozenset({"cllaj.seuil_pauvrete"})


def _same_conventions(old: dict[str, Any], new: dict[str, Any], names: tuple[Path, Path]) -> None:
    """Deux documents calculés sous des réglages différents (``parametres`` : une
    convention, une liste de statuts, un périmètre) ne comptent pas la même chose : la
    comparaison se fait, mais chaque différence est dite (sortie d'erreur et
    avertissements du document). Un réglage absent d'un des deux (autre commande, autre
    version de gipkit, autre structure) n'est pas comparé, ni l'année (propre à chaque
    document). Les réglages sont nommés par leur structure (``serci.base_taux_sorties``) :
    un rapport se compare ainsi à un rapport ou au ``tout`` d'une de ses structures."""
    a, b = settings(old), settings(new)
    for key in sorted(set(a) & set(b)):
        if a[key] == b[key] or key in OWN_YEAR_SETTINGS:
            continue
        journal.current().warn(
            f"Réglage « {key} » différent : {json.dumps(a[key], ensure_ascii=False)} dans "
            f"{names[0]}, {json.dumps(b[key], ensure_ascii=False)} dans {names[1]} ; les "
            "chiffres qui en dépendent ne se comparent pas d'un document à l'autre"
        )


@click.command("comparer")
@click.argument("ancien", type=click.Path(path_type=Path))
@click.argument("nouveau", type=click.Path(path_type=Path), required=False)
@click.option(
    "--indicateurs",
    "patterns",
    multiple=True,
    metavar="MOTIF",
    help="Ne compare que les indicateurs visés (* et ? seuls jokers ; un tableau nommé, ou "
    "visé par un motif sans crochet, l'est avec toutes ses cases). Répétable.",
)
@click.option(
    "--sans-inchanges", is_flag=True, help="N'écrit pas les indicateurs dont la valeur est la même."
)
@output_options
def comparer(
    ancien: Path, nouveau: Path | None, patterns: tuple[str, ...], sans_inchanges: bool
) -> Document:
    """Compare deux documents de résultats, ou, avec un seul, l'année N à N-1.

    Un document de résultats : le JSON d'une commande (--format json), ou celui de
    gipkit rapport, dont les chapitres sont réunis.

    Une ligne par indicateur présent d'un côté ou de l'autre (chaque cellule d'un
    tableau compte) : valeur ancienne, nouvelle, écart et évolution relative. Un taux
    se compare en points, un effectif ou des heures en évolution relative ; les
    indicateurs apparus ou disparus sont signalés.

    --indicateurs et --sans-inchanges ne gardent qu'une partie des lignes (un rapport
    complet en compte plusieurs milliers) ; le tableau dit combien. Un motif qui ne vise
    aucun indicateur des documents est une erreur (code 2) qui propose les plus proches.

    Exemples :

        gipkit comparer serci-2024.json serci-2025.json --format markdown
        gipkit comparer r-2024.json r-2025.json --sans-inchanges --indicateurs "serci.*"
    """
    old_doc, old_source = _read_document(ancien)
    if nouveau is None:
        old, new, sources = flatten(old_doc, previous=True), flatten(old_doc), [old_source]
    else:
        new_doc, new_source = _read_document(nouveau)
        _same_protection(old_doc, new_doc, (ancien, nouveau))
        _same_conventions(old_doc, new_doc, (ancien, nouveau))
        old, new, sources = flatten(old_doc), flatten(new_doc), [old_source, new_source]
    changes = compare(old, new)
    kept = _selected(changes, patterns, sans_inchanges)
    rows: list[list[Any]] = []
    units: list[list[str]] = []
    hidden: list[tuple[int, int]] = []
    text = "texte"
    for change in kept:
        # une case masquée s'écrit « s », comme dans les tableaux du document
        hidden += [(len(rows), 2)] if change.old_secret else []
        hidden += [(len(rows), 3)] if change.new_secret else []
        gap = change.points if change.points is not None else change.absolute
        rows.append(
            [change.id, change.unit, change.old, change.new, gap, change.relative, change.status]
        )
        # chaque nombre dans l'unité de son indicateur ; l'écart d'un taux en points
        gap_unit = POINTS if change.points is not None else change.unit
        units.append([text, text, change.unit, change.unit, gap_unit, RELATIVE, text])
    years = sorted({i.year for i in new.values() if i.year is not None}) or [0]
    table = Table(
        "gipkit.comparaison",
        "Comparaison des indicateurs",
        years[-1],
        [
            Column("indicateur", "Indicateur", "texte"),
            Column("unite", "Unité", "texte"),
            Column("ancien", "Ancien", "valeur"),
            Column("nouveau", "Nouveau", "valeur"),
            Column("ecart", "Écart (points pour un taux)", "valeur"),
            Column("evolution", "Évolution relative", "ratio"),
            Column("statut", "Statut", "texte"),
        ],
        rows,
        None,
        [
            "un taux se compare en points ; un effectif ou des heures en évolution relative",
            *_selection_notes(len(kept), len(changes), patterns, sans_inchanges),
        ],
        secret=hidden,
        cell_units=units,
    )
    params: dict[str, Any] = {"ancien": str(ancien), "nouveau": str(nouveau) if nouveau else None}
    if patterns:
        params["indicateurs"] = list(patterns)
    if sans_inchanges:
        params["sans_inchanges"] = True
    document = make_document("comparer", params, sources, [table])
    protected = old_doc.get("secret_statistique")  # le même des deux côtés (_same_protection)
    if protected:
        # la comparaison de documents protégés l'est au même seuil : ses cases masquées
        # sont celles des documents
        document.protection = Protection(int(protected["seuil"]), len(hidden))
    return document


def _selected(
    changes: list[Change], patterns: tuple[str, ...], without_unchanged: bool
) -> list[Change]:
    """Les lignes de la comparaison que ``--indicateurs`` et ``--sans-inchanges`` gardent ;
    un motif qui ne vise rien est refusé (une faute de frappe ne doit pas rendre une
    comparaison vide)."""
    idents = [c.id for c in changes]
    for pattern in patterns:
        if not any(selects(pattern, i) for i in idents):
            near = closest(pattern, [*idents, *(base_id(i) for i in idents)])
            raise ParameterError(
                f"--indicateurs {pattern} : aucun indicateur des documents n'est visé.",
                details=[f"identifiants proches : {', '.join(near)}"] if near else [],
            )
    return [
        c
        for c in changes
        if (not patterns or any(selects(p, c.id) for p in patterns))
        and not (without_unchanged and c.status == "inchangé")
    ]


def _selection_notes(
    kept: int, total: int, patterns: tuple[str, ...], without_unchanged: bool
) -> list[str]:
    """Ce que le tableau ne montre pas, dit dans ses notes."""
    if not patterns and not without_unchanged:
        return []
    how = []
    if patterns:
        how.append("indicateurs visés par " + ", ".join(f"« {p} »" for p in patterns))
    if without_unchanged:
        how.append("sans les inchangés")
    return [f"{count_text(kept)} ligne(s) sur {count_text(total)} : {' ; '.join(how)}"]


def bound_text(check: Check) -> str:
    """La borne d'un contrôle, à la française et dans l'unité de sa valeur.

    >>> from gipkit.checks.rules import POINTS, RELATIVE
    >>> def text(bound, relation, unit):
    ...     return bound_text(Check("r", "i", "k", None, bound, True, relation=relation,
    ...                             unit=unit))
    >>> text(150000.0, "≥", "heures"), text(0.25, "±", RELATIVE), text(10, "±", POINTS)
    ('≥ 150 000', '± 25,0 %', '± 10,0 pt')
    >>> text(1, "=", "part"), text(0.5, "≤", "taux"), text("entre 0 et 100 %", "", "taux")
    ('= 100,0 %', '≤ 50,0 %', 'entre 0 et 100 %')
    """
    if not check.relation:
        return str(check.bound)
    shown = french_number(check.bound, check.unit)
    if check.relation == "±":
        shown = shown.removeprefix("+").removeprefix("-")
    return f"{check.relation} {shown}"


def _check_rows(checks: list[Check]) -> tuple[list[list[Any]], list[list[str]]]:
    """Les lignes du relevé, échecs d'abord, et l'unité d'affichage de chaque case."""
    order = {"ÉCHEC": 0, "non vérifiable": 1, "ok": 2}
    ordered = sorted(checks, key=lambda c: (order[c.status], c.rule, c.id, c.kind))
    rows = [
        [
            c.rule,
            c.id,
            c.kind,
            c.value if not isinstance(c.value, bool) else "oui" if c.value else "non",
            bound_text(c),
            c.status,
            c.detail,
        ]
        for c in ordered
    ]
    text = "texte"
    units = [[text, text, text, c.unit, text, text, text] for c in ordered]
    return rows, units


@click.command("verifier")
@click.argument("resultats", type=click.Path(path_type=Path))
@click.option("--regles", type=click.Path(path_type=Path), help="Fichier de règles (TOML).")
@click.option(
    "--reference",
    type=click.Path(path_type=Path),
    help="Document de l'année précédente ; sans lui, N est comparé à N-1 du document.",
)
@click.option(
    "--sans-coherence", is_flag=True, help="Ne fait pas les contrôles de cohérence interne."
)
@click.option(
    "--echecs-seulement",
    is_flag=True,
    help="Ne liste que les contrôles qui échouent (le nombre de contrôles faits reste dit).",
)
@output_options
def verifier(
    resultats: Path,
    regles: Path | None,
    reference: Path | None,
    sans_coherence: bool,
    echecs_seulement: bool,
) -> tuple[Document, int]:
    """Vérifie un document de résultats : règles d'évolution et de bornes, cohérence interne.

    Le document : le JSON d'une commande (--format json), ou celui de gipkit
    rapport, dont les chapitres sont réunis.

    Code de sortie 0 si tout est respecté, 1 si un contrôle échoue (les échecs sont
    listés en premier), 65/66 si un fichier est invalide ou absent, 78 si les règles
    sont invalides.

    Exemple :

        gipkit verifier serci-2025.json --regles regles.toml --reference serci-2024.json
    """
    doc, source = _read_document(resultats)
    sources = [source]
    rules = load_rules(regles, KNOWN_IDS) if regles else None
    old = None
    if reference is not None:
        ref_doc, ref_source = _read_document(reference)
        _same_protection(ref_doc, doc, (reference, resultats))
        _same_conventions(ref_doc, doc, (reference, resultats))
        old = flatten(ref_doc)
        sources.append(ref_source)
    else:
        old = flatten(doc, previous=True) or None
    checks: list[Check] = []
    if rules is not None:
        checks += evaluate(rules.rules, flatten(doc), old, rules.lines)
    if not sans_coherence and (rules is None or rules.coherence):
        checks += consistency(doc)
    failures = sum(not c.ok for c in checks)
    unverifiable = sum(not c.verifiable for c in checks)
    listed = [c for c in checks if not c.ok] if echecs_seulement else checks
    rows, units = _check_rows(listed)
    summary = f"{count_text(len(checks))} contrôle(s), {count_text(failures)} échec(s)"
    if unverifiable:
        summary += f", {count_text(unverifiable)} non vérifiable(s)"
    table = Table(
        "gipkit.verification",
        "Vérification",
        int(doc.get("parametres", {}).get("annee") or 0),
        [
            Column("regle", "Règle", "texte"),
            Column("indicateur", "Indicateur", "texte"),
            Column("controle", "Contrôle", "texte"),
            Column("valeur", "Valeur", "valeur"),
            Column("borne", "Borne", "texte"),
            Column("statut", "Statut", "texte"),
            Column("detail", "Détail", "texte"),
        ],
        rows,
        None,
        [summary + (" ; seuls les échecs sont listés" if echecs_seulement else "")],
        listing=True,
        cell_units=units,
    )
    click.echo(
        f"Vérification : {summary}"
        + (
            " — ÉCHEC"
            if failures
            else " — le reste est respecté"
            if unverifiable
            else " — tout est respecté"
        ),
        err=True,
    )
    params = {
        "regles": str(regles) if regles else None,
        "reference": str(reference) if reference else None,
        "coherence": not sans_coherence and (rules is None or rules.coherence),
        **({"echecs_seulement": True} if echecs_seulement else {}),
    }
    code = int(ExitCode.CHECK_FAILED) if failures else 0
    return make_document("verifier", params, sources, [table]), code
