"""Une année montrée que l'extraction ne couvre pas d'un bout à l'autre : c'est dit.

Une extraction faite le 15 décembre pour préparer le rapport, relue en janvier, donne une
année « terminée » (son 31 décembre est passé) mais des chiffres qui s'arrêtent au 15 :
deux semaines d'activité manquent sans un mot. Une extraction qui commence le 1er mars
de N-1 (une période mal choisie, un logiciel qui ne garde que 22 mois) ampute N-1, et
gonfle les évolutions de N. La colonne d'activité de chaque export
(``ExportSchema.activity_date`` : date de l'événement, de la demande, d'entrée…) dit
d'où à où va l'extraction (:attr:`gipkit.io.source.SourceReport.latest` et
``earliest``). Si sa date la plus récente est dans N, ou la plus ancienne dans N-1 ou
N, assez loin du 31 décembre ou du 1er janvier, et qu'au rythme de l'année l'activité
aurait dû y laisser des lignes, la commande l'annonce (sortie d'erreur et JSON
``avertissements``) ; elle ne change aucun chiffre.

Les seuils évitent les fausses alertes : la fermeture de fin d'année d'une structure
(une à deux semaines) reste sous ``MIN_GAP_DAYS`` ; un export clairsemé (les entrées du
LRJ, une douzaine par an) n'a pas assez de lignes attendues (``MIN_EXPECTED_ROWS``) pour
que leur absence dise quoi que ce soit. Un fichier qui a des dates après N couvre N
jusqu'au bout, et des dates avant N-1, N-1 depuis son début ; une année N qui n'est pas
terminée est déjà dite partielle au choix de l'année
(:func:`gipkit.reports.common.choose_year`).
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
    """Les phrases à dire des fichiers dont une année montrée est coupée : N qui
    s'arrête avant le 31 décembre, ou N-1 (ou N) qui commence après le 1er janvier.

    Le rythme d'une année : ses lignes rapportées aux jours qu'elles couvrent (du
    1er janvier à la date la plus récente, ou de la plus ancienne au 31 décembre) ; les
    lignes attendues : ce rythme fois les jours sans ligne.

    >>> src = SourceReport("evenements.csv", "", "ml.evenements", "csv", 36_000,
    ...                    latest=(date(2025, 12, 1), 33_000))
    >>> choice = YearChoice("evenements.csv", 2025, "demandee", "", 0)
    >>> cut_short([src], [choice], date(2026, 1, 15))  # doctest: +NORMALIZE_WHITESPACE
    ["evenements.csv : les dates de « Date » s'arrêtent au 01/12/2025 : au rythme de
    2025, environ 2 955 lignes manqueraient jusqu'au 31 décembre ; l'extraction a-t-elle
    été faite avant la fin de l'année ? Les chiffres de 2025 seraient partiels."]

    Une extraction qui commence le 1er mars de N-1 : N-1 et les évolutions faussées.

    >>> src = SourceReport("evenements.csv", "", "ml.evenements", "csv", 66_000,
    ...                    earliest=(date(2024, 3, 1), 30_000))
    >>> cut_short([src], [choice], date(2026, 1, 15))  # doctest: +NORMALIZE_WHITESPACE
    ["evenements.csv : les dates de « Date » commencent au 01/03/2024 : au rythme de
    2024, environ 5 882 lignes manqueraient depuis le 1er janvier ; l'extraction
    commence-t-elle après le début de l'année ? Les chiffres de 2024, et les évolutions
    de 2025, seraient faussés."]

    Une fermeture de fin d'année, un export clairsemé, une année encore en cours, une
    extraction qui commence avant N-1 : rien.

    >>> closed = SourceReport("e.csv", "", "ml.evenements", "csv", 1,
    ...                       latest=(date(2025, 12, 22), 33_000))
    >>> sparse = SourceReport("l.csv", "", "cllaj.lrj", "csv", 1,
    ...                       latest=(date(2025, 10, 1), 12), earliest=(date(2024, 6, 1), 7))
    >>> older = SourceReport("p.csv", "", "plie.participants", "csv", 1,
    ...                      earliest=(date(2004, 6, 1), 300))
    >>> chosen = [YearChoice(s.path, 2025, "demandee", "", 0) for s in (closed, sparse, older)]
    >>> cut_short([closed, sparse, older], chosen, date(2026, 1, 15))
    []
    >>> "commencent au 01/03/2024" in cut_short([src], [choice], date(2025, 12, 20))[0]
    True
    """
    chosen = {c.source: c.year for c in years}
    said = []
    for source in sources:
        year = chosen.get(source.path)
        schema = EXPORTS.get(source.kind)  # un document de résultats relu n'en a pas
        if year is None or schema is None or schema.activity_date is None:
            continue
        title = schema.column(schema.activity_date).title
        if source.earliest is not None and source.earliest[0].year in (year - 1, year):
            first, rows = source.earliest
            missed = _missed(rows, date(first.year, 1, 1), first, date(first.year, 12, 31))
            if missed is not None:
                spoilt = (
                    f"{first.year}, et les évolutions de {year},"
                    if first.year < year
                    else f"{year}"
                )
                said.append(
                    f"{source.path} : les dates de « {title} » commencent au "
                    f"{first.strftime('%d/%m/%Y')} : au rythme de {first.year}, environ "
                    f"{count_text(missed)} lignes manqueraient depuis le 1er janvier ; "
                    "l'extraction commence-t-elle après le début de l'année ? Les chiffres "
                    f"de {spoilt} seraient faussés."
                )
        if source.latest is None or year >= today.year or source.latest[0].year != year:
            continue
        last, rows = source.latest
        missed = _missed(rows, date(year, 12, 31), last, date(year, 1, 1))
        if missed is not None:
            said.append(
                f"{source.path} : les dates de « {title} » s'arrêtent au "
                f"{last.strftime('%d/%m/%Y')} : au rythme de {year}, environ "
                f"{count_text(missed)} lignes manqueraient jusqu'au 31 décembre ; "
                "l'extraction a-t-elle été faite avant la fin de l'année ? Les chiffres de "
                f"{year} seraient partiels."
            )
    return said


def _missed(rows: int, edge: date, reached: date, other_edge: date) -> int | None:
    """Les lignes qui manqueraient entre ``edge`` (1er janvier ou 31 décembre) et
    ``reached`` (la première ou la dernière date de l'année), au rythme des ``rows``
    lignes couvertes de ``reached`` à ``other_edge`` ; ``None`` sous les seuils
    (:data:`MIN_GAP_DAYS`, :data:`MIN_EXPECTED_ROWS`).

    >>> _missed(33_000, date(2025, 12, 31), date(2025, 12, 1), date(2025, 1, 1))
    2955
    >>> _missed(33_000, date(2025, 12, 31), date(2025, 12, 22), date(2025, 1, 1)) is None
    True
    """
    gap = abs((edge - reached).days)
    missed = round(rows * gap / (abs((reached - other_edge).days) + 1))
    return missed if gap >= MIN_GAP_DAYS and missed >= MIN_EXPECTED_ROWS else None
