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
        if year is None:
            continue
        schema = EXPORTS[source.kind]
        column = schema.activity_date
        title = schema.column(column).title if column else "date"
        if source.earliest is not None and source.earliest[0].year in (year - 1, year):
            first, rows = source.earliest
            start = date(first.year, 1, 1)
            gap = (first - start).days
            expected = round(rows * gap / ((date(first.year, 12, 31) - first).days + 1))
            if gap >= MIN_GAP_DAYS and expected >= MIN_EXPECTED_ROWS:
                spoilt = (
                    f"{first.year}, et les évolutions de {year},"
                    if first.year < year
                    else f"{year}"
                )
                said.append(
                    f"{source.path} : les dates de « {title} » commencent au "
                    f"{first.strftime('%d/%m/%Y')} : au rythme de {first.year}, environ "
                    f"{count_text(expected)} lignes manqueraient depuis le 1er janvier ; "
                    "l'extraction commence-t-elle après le début de l'année ? Les chiffres "
                    f"de {spoilt} seraient faussés."
                )
        if source.latest is None or year >= today.year:
            continue
        last, rows = source.latest
        if last.year != year:
            continue
        gap = (date(year, 12, 31) - last).days
        expected = round(rows * gap / ((last - date(year, 1, 1)).days + 1))
        if gap >= MIN_GAP_DAYS and expected >= MIN_EXPECTED_ROWS:
            said.append(
                f"{source.path} : les dates de « {title} » s'arrêtent au "
                f"{last.strftime('%d/%m/%Y')} : au rythme de {year}, environ "
                f"{count_text(expected)} lignes manqueraient jusqu'au 31 décembre ; "
                "l'extraction a-t-elle été faite avant la fin de l'année ? Les chiffres de "
                f"{year} seraient partiels."
            )
    return said
