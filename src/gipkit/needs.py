"""Des indicateurs qui manquent plutôt que des zéros faux : exigences en colonnes.

Chaque export déclare, dans son schéma (``ExportSchema.needs``), les colonnes
facultatives sans lesquelles un résultat n'a pas de sens (les emplois durables sans le
type de contrat, les sorties du LRJ sans la date de sortie…). Un résultat dont aucune
des colonnes exigées n'est dans le fichier lu est retiré du document et listé dans
``manquants`` (nature « colonne »), avec l'en-tête proche du fichier s'il y en a un.

Une colonne présente mais sans aucune valeur dans les lignes utilisées (un logiciel qui
écrit l'en-tête d'un champ qu'il ne remplit pas) compte comme absente : sans elle, les
parts en QPV ou sans diplôme vaudraient 0 %, les emplois durables 0.

Une exigence peut aussi viser une colonne d'un tableau (``ID[*].COLONNE``, la notation
des cases) : le tableau reste, ses autres colonnes justes, et celle-là est vidée (nulle
dans chaque ligne, le total et N-1), avec une note du tableau et un avertissement qui
disent pourquoi — la part des femmes de l'histoire du PLIE sans la colonne du sexe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from gipkit.io.exports import EXPORTS
from gipkit.io.source import SourceReport
from gipkit.journal import Missing
from gipkit.results import Result, Table

#: une exigence sur une colonne de tableau : ``plie.historique.par_annee[*].part_femmes``
TABLE_COLUMN = "[*]."


def unmet(
    sources: Sequence[SourceReport],
) -> list[tuple[SourceReport, tuple[str, ...], tuple[str, ...]]]:
    """Les exigences non remplies : (fichier, colonnes exigées, résultats qui en dépendent).

    Une exigence n'est pas remplie quand aucune de ses colonnes n'a été trouvée dans le
    fichier (une colonne vide ne l'est pas, :attr:`SourceReport.empty`) et qu'au moins
    une y a été cherchée (demandée par la commande).
    """
    out = []
    for source in sources:
        schema = EXPORTS.get(source.kind)
        if schema is None:
            continue
        for columns, ids in schema.needs:
            if not set(columns) & set(source.found) and set(columns) & set(source.absent):
                out.append((source, columns, ids))
    return out


def drop_unmet(
    results: Sequence[Result], sources: Sequence[SourceReport]
) -> tuple[list[Result], list[Missing], list[str]]:
    """Les résultats dont les colonnes exigées sont là, les manques à dire, et les
    colonnes de tableaux vidées (une phrase chacune, pour les avertissements).

    >>> from gipkit.results import Scalar
    >>> src = SourceReport("s.csv", "", "ml.situations", "csv", 1,
    ...                    found=("date_fin",), absent=("type_contrat",))
    >>> kept, missing, _ = drop_unmet(
    ...     [Scalar("ml.situations.total", "T", "nombre", 2025, 3),
    ...      Scalar("ml.situations.emplois_durables", "D", "nombre", 2025, 0)], [src])
    >>> [r.id for r in kept]
    ['ml.situations.total']
    >>> [(m.name, m.indicators) for m in missing]  # doctest: +NORMALIZE_WHITESPACE
    [('ml.situations.type_contrat',
      ('ml.situations.emplois_durables', 'ml.situations.part_emplois_durables'))]

    Une colonne trouvée mais vide vaut une colonne absente :

    >>> src = SourceReport("s.csv", "", "ml.situations", "csv", 1, found=("date_fin",),
    ...                    absent=("type_contrat",), empty={"type_contrat": "Contrat"})
    >>> kept, missing, _ = drop_unmet(
    ...     [Scalar("ml.situations.emplois_durables", "D", "nombre", 2025, 0)], [src])
    >>> kept, missing[0].reason
    ([], 'colonne « Type de contrat » vide dans s.csv (aucune valeur)')
    """
    produced = {r.id for r in results}
    # une partie du rapport que la commande produit (« plie.participants ») : ses
    # résultats que le calcul a déjà laissés de côté sont listés aussi
    sections = {i.rsplit(".", 1)[0] for i in produced}
    dropped: set[str] = set()
    missing: list[Missing] = []
    blanked: dict[str, dict[str, str]] = {}  # tableau -> colonne -> raison
    for source, columns, ids in unmet(sources):
        reason = _reason(source, columns)
        for ref in ids:
            if TABLE_COLUMN in ref:
                table, column = ref.split(TABLE_COLUMN)
                blanked.setdefault(table, {}).setdefault(column, reason)
        lost = tuple(
            i
            for i in ids
            if TABLE_COLUMN not in i and (i in produced or i.rsplit(".", 1)[0] in sections)
        )
        if lost:
            dropped.update(lost)
            missing.append(Missing("colonne", f"{source.kind}.{'|'.join(columns)}", lost, reason))
    kept: list[Result] = []
    said: list[str] = []
    for result in results:
        if result.id in dropped:
            continue
        if isinstance(result, Table) and result.id in blanked:
            result, lines = _blank(result, blanked[result.id])
            said += lines
        kept.append(result)
    return kept, missing, said


def _reason(source: SourceReport, columns: Sequence[str]) -> str:
    """Pourquoi une exigence n'est pas remplie : colonne absente ou vide, et l'en-tête
    proche du fichier s'il y en a un."""
    names = " ou ".join(f"« {EXPORTS[source.kind].column(c).title} »" for c in columns)
    near = [source.near[c] for c in columns if c in source.near]
    emptied = [c for c in columns if c in source.empty]
    if not emptied:
        reason = f"colonne {names} absente de {source.path}"
    elif len(emptied) == len(set(columns) & set(source.absent)):
        reason = f"colonne {names} vide dans {source.path} (aucune valeur)"
    else:
        reason = f"colonne {names} absente ou vide dans {source.path}"
    if near:
        reason += f" ; vouliez-vous dire « {near[0]} » ? (déclarez-le dans [entetes])"
    return reason


def _blank(table: Table, reasons: dict[str, str]) -> tuple[Table, list[str]]:
    """``table`` dont les colonnes de ``reasons`` sont vidées (lignes, total, N-1), avec
    une note par colonne ; et les phrases qui le disent.

    >>> from gipkit.results import Column
    >>> t = Table("t", "T", 2025, [Column("g", "Groupe", "texte"), Column("p", "Part", "taux")],
    ...           [["a", 0.0]], ["Total", 0.0])
    >>> blank, said = _blank(t, {"p": "colonne « Sexe » absente de s.csv"})
    >>> blank.rows, blank.total
    ([['a', None]], ['Total', None])
    >>> blank.notes
    ['colonne « Part » non calculée : colonne « Sexe » absente de s.csv']
    >>> said
    ['t : colonne « Part » non calculée : colonne « Sexe » absente de s.csv']
    """
    positions = {c.id: i for i, c in enumerate(table.columns)}
    unknown = set(reasons) - set(positions)
    if unknown:  # une déclaration fausse de gipkit, non des données
        raise ValueError(f"tableau {table.id} : colonnes inconnues {sorted(unknown)}")
    emptied = {positions[c] for c in reasons}

    def cleared(row: list[Any]) -> list[Any]:
        return [None if i in emptied else v for i, v in enumerate(row)]

    notes = [
        f"colonne « {table.columns[positions[c]].label} » non calculée : {r}"
        for c, r in reasons.items()
    ]
    previous = None if table.previous is None else _blank(table.previous, reasons)[0]
    blank = replace(
        table,
        rows=[cleared(r) for r in table.rows],
        total=None if table.total is None else cleared(table.total),
        notes=[*table.notes, *notes],
        previous=previous,
    )
    return blank, [f"{table.id} : {n}" for n in notes]
