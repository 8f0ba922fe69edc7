"""Identifiants de personnes, et codes de quelques libellés, lus en catégories : comparés
exactement, en entiers.

Une colonne déclarée ``encoded`` (l'identifiant du jeune dans les extractions de la
Mission Locale et du CLLAJ) est lue comme du texte, sans les espaces autour, puis rangée
dans une catégorie polars commune au processus, :data:`IDENTIFIER` : chaque texte
distinct y reçoit un entier de 32 bits, le même dans tous les fichiers lus par le
processus. Les jointures, appartenances et regroupements qui suivent (des dizaines par
``ml tout``, sur des millions d'événements à l'échelle nationale) comparent ces entiers
au lieu des textes ; c'est **exact** : deux textes égaux ont le même entier, deux
textes différents deux entiers différents (pas d'empreinte, donc pas de collision
possible).

La correspondance a un prix, payé par identifiant distinct et gardé toute la vie du
processus (plus bas) : ~105 octets (6 M identifiants de 8 caractères : 634 Mo, et
2,1 s pour les ranger), quand le texte d'un identifiant court (12 octets au plus) tient
dans les 16 octets de sa vue polars, par ligne. Elle ne vaut que pour un identifiant
qui revient sur beaucoup de lignes (le jeune : ses événements, ses propositions, ses
entretiens) ; le participant du PLIE (une ligne par parcours, presque un participant
par ligne) et les identifiants du SERCI restent du texte.

Rien d'autre ne change pour qui lit ces colonnes : une catégorie se compare à un texte
(``pl.col("jeune") == "J000123"``), se trie dans l'ordre du texte et redevient du texte
par ``cast(pl.String)``. Seul le Parquet temporaire de la lecture (:func:`to_codes`,
:func:`from_codes`) garde les entiers eux-mêmes.

Les **codes des libellés** d'une colonne de catégorie déclarée ``coded`` (les
catégories des événements, des situations et des jeunes de la Mission Locale — 21 M
événements et 2 M jeunes à l'échelle nationale —, que chaque tableau filtre ou
regroupe, les types des demandes et des propositions du CLLAJ et les modalités de ses
jeunes) sont de même
rangés dans une autre catégorie commune au processus, :data:`CODE` : la lecture y
range chaque libellé par son code sans construire de texte, le Parquet temporaire en
écrit les entiers, et les filtres (``is_in``) et regroupements comparent des entiers ;
``pl.col("statut") == "present"`` et ``pl.col("statut").is_in([...])`` s'écrivent comme
sur du texte.

La correspondance texte ↔ entier vit tant qu'une colonne de ce type existe (les
catégories nommées de polars ne sont qu'une référence faible) : :data:`_KEEP` la garde
pour toute la vie du processus, sans quoi un entier écrit dans le Parquet temporaire
pourrait, relu après que toute colonne de ce type a disparu, désigner un autre texte.
"""

from __future__ import annotations

import polars as pl

#: le type des colonnes d'identifiants lues : une catégorie nommée, commune au processus
IDENTIFIER = pl.Categorical(pl.Categories("identifiants", "gipkit"))

#: le type des codes des libellés des colonnes déclarées ``coded`` : une autre catégorie
#: nommée, commune au processus
CODE = pl.Categorical(pl.Categories("codes", "gipkit"))
#: les types de ce module, que le Parquet temporaire écrit en entiers (:func:`to_codes`)
CATEGORIES = (IDENTIFIER, CODE)

#: garde la correspondance texte ↔ entier de :data:`IDENTIFIER` et :data:`CODE` en vie
#: (voir plus haut)
_KEEP = (pl.Series("identifiants", [], dtype=IDENTIFIER), pl.Series("codes", [], dtype=CODE))


def encoded(text: pl.Expr) -> pl.Expr:
    """``text`` (texte) rangé dans la catégorie des identifiants.

    >>> a = pl.select(encoded(pl.lit(pl.Series(["J2", "J1", None])))).to_series()
    >>> b = pl.select(encoded(pl.lit(pl.Series(["J1", "J3"])))).to_series()
    >>> a.to_physical()[1] == b.to_physical()[0], a.to_physical()[0] != b.to_physical()[1]
    (True, True)
    >>> a.sort().cast(pl.String).to_list()
    [None, 'J1', 'J2']
    """
    return text.cast(IDENTIFIER)


def to_codes(column: pl.Expr) -> pl.Expr:
    """Les entiers d'une colonne d'un type de :data:`CATEGORIES` (``UInt32``), pour
    l'écrire dans le Parquet temporaire sans son texte."""
    return column.to_physical()


def from_codes(codes: pl.Expr, dtype: pl.DataType = IDENTIFIER) -> pl.Expr:
    """Les identifiants (ou, ``dtype`` = :data:`CODE`, les codes) que désignent des
    entiers rendus par :func:`to_codes`.

    >>> s = pl.select(encoded(pl.lit(pl.Series(["J7", "J8"])))).to_series()
    >>> pl.select(from_codes(to_codes(pl.lit(s)))).to_series().cast(pl.String).to_list()
    ['J7', 'J8']
    >>> c = pl.Series(["present", "absent"], dtype=CODE)
    >>> pl.select(from_codes(to_codes(pl.lit(c)), CODE)).to_series().to_list()
    ['present', 'absent']
    """
    return codes.cat.to(dtype)
