"""Fonctions d'indicateurs pures : tableaux polars et paramètres en entrée, tableau en sortie.

Conventions de nommage, tenues dans tout le paquet :

- ``nb_*`` : un effectif (lignes, contrats, personnes distinctes) ;
- ``heures*`` : une somme d'heures ;
- ``part_*`` : une part d'un tout, dans [0, 1] (le tout est dit dans la docstring) ;
- ``taux_*`` : un rapport numérateur / dénominateur dans [0, 1], dont les deux
  termes sont aussi rendus ;
- un rapport 0/0 vaut ``None`` (voir :func:`gipkit.indicators.common.ratio`).

Les fonctions ne lisent ni n'écrivent aucun fichier, n'affichent rien et ne
consultent aucune configuration globale : chaque paramètre est explicite.
Elles acceptent un ``DataFrame`` ou un ``LazyFrame`` et rendent le même genre.
"""

from gipkit.indicators.common import age_band, etp, ratio

__all__ = ["age_band", "etp", "ratio"]
