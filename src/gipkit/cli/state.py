"""État partagé par les commandes : configuration effective et mode de débogage.

La configuration est trouvée au premier besoin, quand l'option ``--dossier`` de la
sous-commande est connue, dans cet ordre (le premier trouvé s'applique seul) :

1. ``--config FICHIER`` (avant ou après la sous-commande) ;
2. la variable d'environnement ``GIPKIT_CONFIG`` ;
3. ``gipkit.toml`` du dossier donné par ``--dossier``, sinon de ses dossiers parents (le
   dossier d'exercice au-dessus d'un sous-dossier de structure) ;
4. ``gipkit.toml`` du dossier courant, puis de ses dossiers parents.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from gipkit.config import CONFIG_FILENAME, Config, load_config
from gipkit.errors import ConfigError
from gipkit.io.sniff import sha256_of

#: variable d'environnement qui désigne le fichier de configuration
CONFIG_VARIABLE = "GIPKIT_CONFIG"


def discover(explicit: Path | None, folder: Path | None, cwd: Path | None = None) -> Path | None:
    """Le fichier de configuration qui s'applique, selon l'ordre du module (ou ``None``)."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"Fichier de configuration introuvable : {explicit} (--config).")
        return explicit
    env = os.environ.get(CONFIG_VARIABLE, "").strip()
    if env:
        path = Path(env)
        if not path.is_file():
            raise ConfigError(
                f"Fichier de configuration introuvable : {path} (variable {CONFIG_VARIABLE})."
            )
        return path
    if folder is not None:
        # le dossier donné, puis ses parents : « --dossier rapport-2025/serci » trouve la
        # configuration du dossier d'exercice rapport-2025
        start = folder.resolve()
        for candidate in (start, *start.parents):
            if (candidate / CONFIG_FILENAME).is_file():
                return candidate / CONFIG_FILENAME
    here = (cwd or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / CONFIG_FILENAME).is_file():
            return candidate / CONFIG_FILENAME
    return None


@dataclass
class AppState:
    """Ce que le groupe racine transmet aux sous-commandes."""

    explicit_config: Path | None
    debug: bool
    #: ``--ecarter-invalides`` : lignes fautives écartées et comptées au lieu d'arrêter
    skip_invalid: bool = False
    _config: Config | None = field(default=None, repr=False)
    config_path: Path | None = None
    #: fichiers de configuration lus : (chemin, sha256), pour le document JSON
    config_files: tuple[tuple[str, str], ...] = ()

    def resolve(self, folder: Path | None) -> Config:
        """Trouve et lit la configuration (une fois par commande)."""
        if self._config is None:
            path = discover(self.explicit_config, folder)
            config, origin = load_config(path) if path is not None else (Config(), None)
            self._config = config
            self.config_path = origin
            if config.exercice is not None:
                from gipkit import journal

                journal.current().exercise_year = config.exercice
            if origin is not None:
                self.config_files = ((str(origin), sha256_of(origin)),)
        return self._config

    def override(self, config: Config) -> None:
        """Remplace la configuration effective (ex. le secret statistique relève le seuil
        des employeurs nommés)."""
        self._config = config

    @property
    def exercise_root(self) -> Path | None:
        """Le dossier d'exercice : celui du gipkit.toml qui déclare ``exercice``."""
        config = self.config
        if config.exercice is None or self.config_path is None:
            return None
        return self.config_path.parent

    @property
    def config(self) -> Config:
        """La configuration effective (trouvée sans ``--dossier`` si rien ne l'a encore lue)."""
        return self.resolve(None)
