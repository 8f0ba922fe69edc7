"""État partagé par les commandes : configuration effective et mode de débogage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gipkit.config import Config


@dataclass(frozen=True)
class AppState:
    """Ce que le groupe racine transmet aux sous-commandes."""

    config: Config
    config_path: Path | None
    debug: bool
