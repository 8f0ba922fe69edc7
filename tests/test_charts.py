"""Graphiques du rapport dessinés en parallèle : mêmes octets qu'un dessin ici, repli sans
processus, pas de processus pour quelques graphiques."""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from gipkit.io import charts
from gipkit.io.charts import chart_key, render_charts
from gipkit.results import Column, Table

#: identifiants déclarés avec un graphique (gipkit.chapters)
BARS_ID = "ml.activite.par_sexe"
HISTORY_ID = "serci.heures.historique"


def _bars(year: int, scale: int) -> Table:
    previous = Table(
        BARS_ID,
        "Jeunes par sexe",
        year - 1,
        [Column("sexe", "Sexe", "texte"), Column("jeunes", "Jeunes", additive=True)],
        [["Femme", 10 * scale], ["Homme", 12 * scale]],
        ["Total", 22 * scale],
    )
    return Table(
        BARS_ID,
        "Jeunes par sexe",
        year,
        [Column("sexe", "Sexe", "texte"), Column("jeunes", "Jeunes", additive=True)],
        [["Femme", 11 * scale], ["Homme", 13 * scale]],
        ["Total", 24 * scale],
        previous=previous,
    )


def _tables() -> list[Table]:
    history = Table(
        HISTORY_ID,
        "Heures par année",
        2025,
        [Column("annee", "Année", "texte"), Column("heures", "Heures", "heures", additive=True)],
        [[str(y), 1000.0 * (y - 2018)] for y in range(2019, 2026)],
    )
    undeclared = Table("x.sans_graphique", "Autre", 2025, [Column("a", "A", "texte")], [["x"]])
    return [*(_bars(year, k + 1) for k, year in enumerate(range(2021, 2026))), history, undeclared]


class _Refused:
    """Un ``ProcessPoolExecutor`` qui ne peut pas lancer de processus."""

    calls = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        type(self).calls += 1
        raise OSError("processus interdits")


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_dessin_en_parallele_identique_au_dessin_ici(fmt: Any) -> None:
    tables = _tables()
    here = render_charts(tables, fmt, workers=1)
    assert set(here) == {chart_key(t) for t in tables[:-1]}  # pas le tableau sans graphique
    assert render_charts(tables, fmt, workers=2) == here  # mêmes octets, mêmes clés
    image, alt = here[(BARS_ID, 2025)]
    assert alt.startswith("Graphique en barres : jeunes par sexe, Femme 55")
    assert image.startswith("<svg") if fmt == "svg" else image[:4] == b"\x89PNG"


def test_sans_processus_tout_est_dessine_ici(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = _tables()
    expected = render_charts(tables, "svg", workers=1)
    monkeypatch.setattr(charts, "ProcessPoolExecutor", _Refused)
    assert render_charts(tables, "svg", workers=2) == expected
    assert _Refused.calls == 1
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # application figée
    assert render_charts(tables, "svg", workers=2) == expected
    assert _Refused.calls == 1  # pas même essayé
    monkeypatch.delattr(sys, "frozen")
    daemon = types.SimpleNamespace(daemon=True)  # gipkit appelé depuis un processus démon
    monkeypatch.setattr(charts.multiprocessing, "current_process", lambda: daemon)
    assert render_charts(tables, "svg", workers=2) == expected
    assert _Refused.calls == 1


class _StopsMidway:
    """Un ``ProcessPoolExecutor`` dont les processus s'arrêtent après le premier lot."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.submitted = 0
        self.shut = False

    def submit(self, fn: Any, *args: Any) -> Any:
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        future: Future[Any] = Future()
        if self.submitted == 0:
            future.set_result(fn(*args))
        else:
            future.set_exception(BrokenProcessPool("processus arrêté"))
        self.submitted += 1
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        self.shut = True


def test_graphiques_attendus_au_fil_du_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pendant la construction du document, chaque graphique est attendu quand il est
    demandé ; des processus qui s'arrêtent en route font dessiner le reste ici, aux mêmes
    octets ; un tableau sans graphique n'en a pas ; en sortant, les processus sont
    arrêtés."""
    tables = _tables()
    expected = render_charts(tables, "svg", workers=1)
    pools: list[_StopsMidway] = []

    def pool(*args: Any, **kwargs: Any) -> _StopsMidway:
        pools.append(_StopsMidway())
        return pools[-1]

    monkeypatch.setattr(charts, "ProcessPoolExecutor", pool)
    with charts.DrawnCharts(tables, "svg", workers=2) as drawn:
        assert drawn.charted() == [chart_key(t) for t in tables[:-1]]  # ordre du document
        assert drawn.get(chart_key(tables[-1])) is None
        got = {key: drawn.get(key) for key in reversed(drawn.charted())}
    assert got == expected
    assert len(pools) == 1 and pools[0].submitted > 1 and pools[0].shut


@pytest.mark.parametrize("refused", [False, True], ids=["processus", "sans-processus"])
def test_graphiques_ajoutes_au_fil_du_calcul(
    monkeypatch: pytest.MonkeyPatch, refused: bool
) -> None:
    """Lancés d'avance (``early``), les processus reçoivent les graphiques à mesure qu'ils
    sont ajoutés (un chapitre, puis le suivant) : un tableau déjà ajouté ne l'est pas deux
    fois, l'ordre est celui des ajouts, et les images sont celles d'un dessin ici — que
    les processus se lancent ou non."""
    tables = _tables()
    expected = render_charts(tables, "svg", workers=1)
    if refused:
        monkeypatch.setattr(charts, "ProcessPoolExecutor", _Refused)
    with charts.DrawnCharts((), "svg", workers=2, early=True) as drawn:
        assert (drawn._pool is not None) is not refused  # lancés avant tout graphique
        drawn.add(tables[:3])
        drawn.add(tables[1:])  # les deux premiers déjà là
        assert drawn.charted() == [chart_key(t) for t in tables[:-1]]
        assert drawn.every() == expected


def test_rapport_envoie_chaque_chapitre_au_dessin_des_qu_il_est_calcule(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """``gipkit rapport`` lance les processus de dessin avant le premier chapitre et leur
    donne les graphiques de chaque chapitre dès qu'il est calculé, avant d'écrire le
    document ; un rapport sans graphique (JSON) n'en lance pas."""
    from conftest import ROOT, run

    made: list[tuple[bool, list[int]]] = []
    real = charts.DrawnCharts

    class Watched(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            made.append((bool(kwargs.get("early")), []))
            super().__init__(*args, **kwargs)

        def add(self, tables: Any) -> None:
            super().add(tables)
            made[-1][1].append(len(self.charted()))

    monkeypatch.setattr(charts, "DrawnCharts", Watched)
    folder = ROOT / "fixtures"
    out = run("rapport", "--dossier", folder, "--annee", "2025", "--sortie", tmp_path / "r.html")
    assert out.exit_code == 0, out.output
    (early, counts), *others = made
    assert early and not others
    # un ajout par chapitre (quatre), chacun avec des graphiques, puis celui du document,
    # qui n'en apporte aucun de plus
    assert len(counts) == 5 and counts[:4] == sorted(set(counts[:4])) and counts[4] == counts[3]
    made.clear()
    assert run("rapport", "--dossier", folder, "--annee", "2025", "--format", "json").exit_code == 0
    assert made == []


def test_quelques_graphiques_dessines_sans_processus(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sous :data:`charts.PARALLEL_MIN` graphiques, lancer un processus (et y importer
    matplotlib) coûterait plus que le dessin : rien n'est lancé."""

    def forbidden(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("aucun processus attendu")

    monkeypatch.setattr(charts, "ProcessPoolExecutor", forbidden)
    monkeypatch.setattr(charts.processes, "available_cores", lambda: 4)
    few = _tables()[: charts.PARALLEL_MIN - 1]
    assert len(render_charts(few, "svg")) == len(few)


def test_python_m_gipkit_reimporte_sans_relancer_la_commande(tmp_path: Any) -> None:
    """Un processus de dessin (« spawn ») réimporte le module principal sous le nom
    ``__mp_main__`` avec les arguments du parent : ``python -m gipkit`` ne doit pas y
    relancer la commande (le rapport serait recalculé, puis dessiné ici faute de
    processus)."""
    import subprocess

    code = (
        "import runpy, sys\n"
        "sys.argv = ['gipkit', 'config']\n"
        "runpy.run_module('gipkit', run_name='__mp_main__')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert out.stdout == "" and out.stderr == ""
    shown = subprocess.run(
        [sys.executable, "-m", "gipkit", "config"], capture_output=True, text=True, cwd=tmp_path
    )
    assert shown.returncode == 0 and "heures_par_etp" in shown.stdout


def test_la_commande_installee_ne_fait_pas_charger_polars_aux_processus_de_dessin(
    tmp_path: Path,
) -> None:
    """Un processus de dessin (« spawn ») réexécute le script de la commande installée
    sous le nom ``__mp_main__`` avant de dessiner : ce script, tel que pip l'écrit pour le
    point d'entrée de pyproject.toml, ne doit charger ni l'interface ni polars (~0,2 s et
    ~50 Mo par processus), ni relancer la commande ; lancé, il la lance."""
    import subprocess
    import tomllib

    root = Path(__file__).resolve().parents[1]
    target = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    module, attr = target["gipkit"].split(":")
    script = tmp_path / "gipkit"
    # le script d'un point d'entrée, tel que l'écrit pip
    script.write_text(
        f"import sys\nfrom {module} import {attr}\nif __name__ == '__main__':\n"
        f"    sys.argv[0] = sys.argv[0].removesuffix('.exe')\n    sys.exit({attr}())\n",
        "utf-8",
    )
    code = (
        "import runpy, sys\n"
        f"sys.argv = [{str(script)!r}, 'config']\n"
        f"runpy.run_path({str(script)!r}, run_name='__mp_main__')\n"
        "sys.stderr.write('polars' if 'polars' in sys.modules else 'sans polars')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert (out.stdout, out.stderr) == ("", "sans polars")
    shown = subprocess.run(
        [sys.executable, str(script), "config"], capture_output=True, text=True, cwd=tmp_path
    )
    assert shown.returncode == 0 and "heures_par_etp" in shown.stdout


def test_coeurs_de_l_affinite(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Les cœurs utilisables sont ceux de l'affinité du processus quand le système la
    donne (un conteneur peut en donner moins que la machine), sinon ceux de la machine ;
    la copie Windows-1252 et le dessin décident de la même façon."""
    from gipkit.io import processes, transcode

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert processes.available_cores() == 3
    seen: list[int | None] = []
    inner = transcode.cuts

    def spy(size: int, cores: int | None) -> list[int]:
        seen.append(cores)
        return inner(size, cores)

    monkeypatch.setattr(transcode, "cuts", spy)
    source = tmp_path / "export.csv"
    source.write_bytes("Année;Ville\n2025;Créteil\n".encode("cp1252"))
    transcode.utf8_copy(source, tmp_path / "copie.csv")
    assert seen == [3]
    assert (tmp_path / "copie.csv").read_text("utf-8") == "Année;Ville\n2025;Créteil\n"
    monkeypatch.delattr(os, "sched_getaffinity")
    assert processes.available_cores() == 64
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert processes.available_cores() == 1


def test_ligne_sans_valeur_de_n_moins_1_sans_barre_et_dite() -> None:
    """Une ligne de N absente du tableau de N-1 (une tranche dont le seuil a changé, un
    commanditaire nouveau) n'a pas de barre de N-1 — ni une barre nulle qui dirait 0 — et
    le graphique le dit sous l'axe et dans son texte de remplacement ; sans ligne
    absente, rien n'est dit."""
    import math

    from gipkit.drawing import Bars, draw

    table = _bars(2025, 1)
    assert table.previous is not None
    table.previous.rows = [["Femme", 10]]  # « Homme » absent de N-1
    found = charts.drawing_of(table)
    assert found is not None
    spec, alt = found
    assert isinstance(spec, Bars) and spec.previous is not None
    assert spec.previous[0] == 10 and math.isnan(spec.previous[1])
    assert spec.missing_previous == 1 and "1 ligne(s) sans valeur publiée en 2024" in alt
    svg = draw(spec, "svg")
    assert "sans barre de 2024" in svg
    complete = charts.drawing_of(_bars(2025, 1))
    assert complete is not None and "sans valeur" not in complete[1]
    assert "sans barre" not in draw(complete[0], "svg")


def test_ligne_de_n_moins_1_seulement_garde_sa_barre() -> None:
    """Une ligne de N-1 absente de N (la tranche « moins de 16 ans », vide en N) garde sa
    barre de N-1, à sa place : sans elle, les barres de N-1 ne faisaient plus leur
    total (98 jeunes de 2024 n'étaient pas dessinés). N n'y a pas de barre, et c'est dit."""
    import math

    from gipkit.drawing import Bars, draw

    table = _bars(2025, 1)
    assert table.previous is not None
    table.previous.rows = [["Autre", 3], ["Femme", 10], ["Homme", 12]]
    found = charts.drawing_of(table)
    assert found is not None
    spec, alt = found
    assert isinstance(spec, Bars) and spec.previous is not None
    assert spec.labels == ("Autre", "Femme", "Homme")
    assert spec.previous == (3, 10, 12) and math.isnan(spec.values[0])
    assert spec.values[1:] == (11, 13) and spec.missing == 1
    assert "Autre sans valeur" in alt
    assert "1 ligne(s) sans valeur en 2025 : sans barre" in draw(spec, "svg")


def test_valeur_de_n_absente_sans_barre_et_dite() -> None:
    """Une case d'effectif de N sans valeur (un chiffre qui n'a pas pu être calculé)
    n'est pas dessinée comme une barre nulle : pas de barre, et c'est dit sous l'axe et
    dans le texte de remplacement ; un tableau dont aucune case n'a de valeur n'a pas de
    graphique."""
    import math

    from gipkit.drawing import Bars, draw

    table = _bars(2025, 1)
    table.rows = [["Femme", 11], ["Homme", None]]
    found = charts.drawing_of(table)
    assert found is not None
    spec, alt = found
    assert isinstance(spec, Bars)
    assert spec.values[0] == 11 and math.isnan(spec.values[1]) and spec.missing == 1
    assert "Homme sans valeur" in alt and "Homme 0" not in alt
    assert "1 ligne(s) sans valeur en 2025 : sans barre" in draw(spec, "svg")
    table.rows = [["Femme", None], ["Homme", None]]
    assert charts.chart_kind(table) is None and charts.drawing_of(table) is None


def test_annee_sans_valeur_d_un_historique_sans_barre_et_dite() -> None:
    """Une année d'un historique sans valeur n'a pas de barre (ni de 0), et c'est dit."""
    import math

    from gipkit.drawing import History, draw

    history = _tables()[-2]
    history.rows[2][1] = None
    found = charts.drawing_of(history)
    assert found is not None
    spec, alt = found
    assert isinstance(spec, History) and spec.missing == 1 and math.isnan(spec.values[2])
    assert "2021 sans valeur" in alt
    assert "1 année(s) sans valeur : sans barre" in draw(spec, "svg")
    complete = charts.drawing_of(_tables()[-2])
    assert complete is not None and "sans valeur" not in draw(complete[0], "svg")
    for row in history.rows:
        row[1] = None
    assert charts.drawing_of(history) is None
