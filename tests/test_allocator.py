"""Le réglage de l'allocateur de polars par la ligne de commande (``gipkit.cli.allocator``)."""

from __future__ import annotations

import os
import subprocess
import sys

from gipkit.cli import allocator

PROBE = (
    "import os, gipkit.cli\n"
    "from gipkit.cli import allocator\n"
    "print(allocator.POLARS_ALREADY_LOADED)\n"
    "print(os.environ.get(allocator.VARIABLE, ''))\n"
)


def _probe(**extra: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != allocator.VARIABLE}
    env.update(extra)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def test_la_ligne_de_commande_regle_l_allocateur_avant_polars() -> None:
    """Importer la ligne de commande règle jemalloc avant que polars ne soit chargé :
    polars ajoute le réglage après le sien, et le dernier l'emporte."""
    loaded, setting = _probe()
    assert loaded == "False"
    assert setting.endswith(allocator.SETTING)


def test_le_reglage_de_l_utilisateur_est_garde() -> None:
    loaded, setting = _probe(**{allocator.VARIABLE: "dirty_decay_ms:1234"})
    assert loaded == "False"
    assert setting.endswith("dirty_decay_ms:1234")
    assert allocator.SETTING not in setting


def test_le_reglage_de_polars_herite_d_un_parent_n_est_pas_celui_de_l_utilisateur() -> None:
    """Un script Python qui a importé polars lance gipkit : l'enfant hérite du réglage que
    polars a posé dans le parent ; ce n'est pas un choix de l'utilisateur."""
    once = "dirty_decay_ms:500,muzzy_decay_ms:1000"
    for inherited in (once, f"{once},{once}", f"{once},thp:always,metadata_thp:always"):
        loaded, setting = _probe(**{allocator.VARIABLE: inherited})
        assert loaded == "False"
        assert setting.endswith(allocator.SETTING)


def test_le_reglage_de_polars_est_celui_que_gipkit_reconnait() -> None:
    """Si polars change le réglage qu'il pose, ce test le dit (l'enfant d'un script qui
    importe polars ne recevrait plus celui de gipkit)."""
    env = {k: v for k, v in os.environ.items() if k != allocator.VARIABLE}
    done = subprocess.run(
        [sys.executable, "-c", "import os, polars; print(os.environ['_RJEM_MALLOC_CONF'])"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert not allocator.chosen_by_user(done.stdout.strip())


def test_une_arene_par_coeur_de_polars() -> None:
    """Autant d'arènes que de cœurs dont polars se sert : ``POLARS_MAX_THREADS`` s'il est
    donné (un nombre), sinon les cœurs permis au processus."""
    _, setting = _probe(POLARS_MAX_THREADS="3")
    assert setting.endswith("muzzy_decay_ms:0,narenas:3")
    env = {k: v for k, v in os.environ.items() if k != "POLARS_MAX_THREADS"}
    done = subprocess.run(
        [sys.executable, "-c", "from gipkit.cli import allocator; print(allocator.SETTING)"],
        env={**env, "POLARS_MAX_THREADS": "beaucoup"},
        capture_output=True,
        text=True,
        check=True,
    )
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert done.stdout.strip().endswith(f"narenas:{expected}")
