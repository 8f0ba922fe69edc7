"""gipkit : indicateurs reproductibles du rapport d'activité d'un GIP emploi-insertion."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("gipkit")
except PackageNotFoundError:  # pragma: no cover - source checkout without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
