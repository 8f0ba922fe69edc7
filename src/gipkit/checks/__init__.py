"""Comparaison d'une année sur l'autre et vérification des résultats (pour la CI).

Tout part des documents JSON de résultats (``docs/schema-json.md``) : ces fonctions
ne relisent jamais les exports, elles comparent et contrôlent des chiffres déjà
calculés.
"""
