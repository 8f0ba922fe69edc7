"""Des indicateurs qui manquent plutôt que des zéros faux : exigences en colonnes.

Chaque export déclare, dans son schéma (``ExportSchema.needs``), les colonnes
facultatives sans lesquelles un résultat n'a pas de sens (les emplois durables sans le
type de contrat, les sorties du LRJ sans la date de sortie…). Un résultat dont aucune
des colonnes exigées n'est dans le fichier lu est retiré du document et listé dans
``manquants`` (nature « colonne »), avec l'en-tête proche du fichier s'il y en a un.

Une colonne présente mais sans aucune valeur dans les lignes utilisées (un logiciel qui
écrit l'en-tête d'un champ qu'il ne remplit pas) compte comme absente : sans elle, les
parts en QPV ou sans diplôme vaudraient 0 %, les emplois durables 0.
"""

from __future__ import annotations

from collections.abc import Sequence

from gipkit.io.exports import EXPORTS
from gipkit.io.source import SourceReport
from gipkit.journal import Missing
from gipkit.results import Result


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
) -> tuple[list[Result], list[Missing]]:
    """Les résultats dont les colonnes exigées sont là, et les manques à dire.

    >>> from gipkit.results import Scalar
    >>> src = SourceReport("s.csv", "", "ml.situations", "csv", 1,
    ...                    found=("date_fin",), absent=("type_contrat",))
    >>> kept, missing = drop_unmet(
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
    >>> kept, missing = drop_unmet(
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
    for source, columns, ids in unmet(sources):
        lost = tuple(i for i in ids if i in produced or i.rsplit(".", 1)[0] in sections)
        if not lost:
            continue
        dropped.update(lost)
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
        missing.append(Missing("colonne", f"{source.kind}.{'|'.join(columns)}", lost, reason))
    return [r for r in results if r.id not in dropped], missing
