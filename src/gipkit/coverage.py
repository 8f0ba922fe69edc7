"""Une année N que l'extraction ne couvre pas jusqu'au bout : c'est dit.

Une extraction faite le 15 décembre pour préparer le rapport, relue en janvier, donne une
année « terminée » (son 31 décembre est passé) mais des chiffres qui s'arrêtent au 15 :
deux semaines d'activité manquent sans un mot. La colonne d'activité de chaque export
(``ExportSchema.activity_date`` : date de l'événement, de la demande, d'entrée…) dit
jusqu'où va l'extraction (:attr:`gipkit.io.source.SourceReport.latest`). Si sa date la
plus récente est dans N, assez loin du 31 décembre, et qu'à son rythme de l'année
l'activité aurait dû y laisser des lignes, la commande l'annonce (sortie d'erreur et
JSON ``avertissements``) ; elle ne change aucun chiffre.

Les seuils évitent les fausses alertes : la fermeture de fin d'année d'une structure
(une à deux semaines) reste sous ``MIN_GAP_DAYS`` ; un export clairsemé (les entrées du
LRJ, une douzaine par an) n'a pas assez de lignes attendues (``MIN_EXPECTED_ROWS``) pour
que leur absence dise quoi que ce soit. Un fichier qui a des dates après N couvre N
jusqu'au bout ; une année N qui n'est pas terminée est déjà dite partielle au choix de
l'année (:func:`gipkit.reports.common.choose_year`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from gipkit.errors import count_text
from gipkit.io.exports import EXPORTS
from gipkit.io.source import SourceReport
from gipkit.journal import YearChoice

#: jours sans ligne avant le 31 décembre à partir desquels l'arrêt se remarque
MIN_GAP_DAYS: Final = 14
#: lignes attendues dans ces jours, au rythme de l'année, pour que leur absence compte
MIN_EXPECTED_ROWS: Final = 20


def cut_short(
    sources: Sequence[SourceReport], years: Sequence[YearChoice], today: date
) -> list[str]:
    """Les phrases à dire des fichiers dont l'année N s'arrête avant la fin.

    Le rythme de l'année : les lignes de N jusqu'à la date la plus récente, rapportées
    aux jours écoulés depuis le 1er janvier ; les lignes attendues : ce rythme fois les
    jours qui restent jusqu'au 31 décembre.

    >>> src = SourceReport("evenements.csv", "", "ml.evenements", "csv", 36_000,
    ...                    latest=(date(2025, 12, 1), 33_000))
    >>> choice = YearChoice("evenements.csv", 2025, "demandee", "", 0)
    >>> cut_short([src], [choice], date(2026, 1, 15))  # doctest: +NORMALIZE_WHITESPACE
    ["evenements.csv : les dates de « Date » s'arrêtent au 01/12/2025 : au rythme de
    2025, environ 2 955 lignes manqueraient jusqu'au 31 décembre ; l'extraction a-t-elle
    été faite avant la fin de l'année ? Les chiffres de 2025 seraient partiels."]

    Une fermeture de fin d'année, un export clairsemé, une année encore en cours : rien.

    >>> closed = SourceReport("e.csv", "", "ml.evenements", "csv", 1,
    ...                       latest=(date(2025, 12, 22), 33_000))
    >>> sparse = SourceReport("l.csv", "", "cllaj.lrj", "csv", 1,
    ...                       latest=(date(2025, 10, 1), 12))
    >>> chosen = [YearChoice(s.path, 2025, "demandee", "", 0) for s in (closed, sparse)]
    >>> cut_short([closed, sparse], chosen, date(2026, 1, 15))
    []
    >>> cut_short([src], [choice], date(2025, 12, 20))
    []
    """
    chosen = {c.source: c.year for c in years}
    said = []
    for source in sources:
        year = chosen.get(source.path)
        if source.latest is None or year is None or year >= today.year:
            continue
        last, rows = source.latest
        if last.year != year:
            continue
        gap = (date(year, 12, 31) - last).days
        elapsed = (last - date(year, 1, 1)).days + 1
        expected = round(rows * gap / elapsed)
        if gap < MIN_GAP_DAYS or expected < MIN_EXPECTED_ROWS:
            continue
        column = EXPORTS[source.kind].activity_date
        title = EXPORTS[source.kind].column(column).title if column else "date"
        said.append(
            f"{source.path} : les dates de « {title} » s'arrêtent au "
            f"{last.strftime('%d/%m/%Y')} : au rythme de {year}, environ "
            f"{count_text(expected)} lignes manqueraient jusqu'au 31 décembre ; "
            "l'extraction a-t-elle été faite avant la fin de l'année ? Les chiffres de "
            f"{year} seraient partiels."
        )
    return said
