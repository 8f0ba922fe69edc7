"""gipkit : indicateurs reproductibles du rapport d'activité d'un GIP emploi-insertion."""

#: version du paquet, source unique (pyproject.toml la lit : ``[tool.setuptools.dynamic]``) ;
#: écrite ici plutôt que lue par importlib.metadata, qui coûte 40 ms à chaque lancement
__version__ = "0.1.0"

__all__ = ["__version__"]
