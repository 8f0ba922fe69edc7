"""Assemblage des documents de résultats : lecture, sélection, indicateurs, libellés.

Ce niveau relie les fonctions pures de :mod:`gipkit.indicators` aux libellés
du rapport et aux identifiants stables des résultats ; la CLI ne fait que
l'appeler et rendre le document.
"""
