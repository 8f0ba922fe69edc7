"""Mise en page des graphiques (:func:`gipkit.drawing._layout`) : chaque texte dans la
figure, et des marges ni plus serrées que celles de ``tight_layout`` de matplotlib (qui
mesure chaque graduation), ni beaucoup plus larges."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gipkit import drawing
from gipkit.drawing import Bars, Drawing, History

#: des graphiques de toutes les formes : libellés longs et courts, grands nombres, N-1 ou
#: non, lignes masquées (nom de l'axe horizontal), longue série d'années (verticales)
CASES: list[Drawing] = [
    Bars(("Femme", "Homme"), (11.0, 13.0), "Jeunes par sexe", "2025", (10.0, 12.0), "2024"),
    Bars(
        ("Mission locale de Choisy-le-Roi", "FRANCE TRAVAIL Ivry / Vitry / Choisy", "SERCI"),
        (162246.0, 36660.0, 8.0),
        "Heures réalisées par prescripteur (2025)",
        "2025",
    ),
    Bars(("a",), (1.0,), "Un seul", "2025", hidden=4),
    Bars(
        tuple(f"Quartier numéro {k}" for k in range(25)),
        tuple(float(1000 * k) for k in range(25)),
        "Beaucoup de lignes",
        "2025",
        tuple(float(900 * k) for k in range(25)),
        "2024",
        hidden=2,
    ),
    History(("2023", "2024", "2025"), (150000.0, 160000.0, 198906.0), "Heures par année"),
    History(tuple(str(y) for y in range(1990, 2026)), tuple(range(36)), "Histoire longue"),
]


def _margins(figure: Any) -> tuple[float, float, float, float]:
    """(gauche, droite, bas, haut) en points."""
    width, height = (float(v) * 72 for v in figure.get_size_inches())
    p = figure.subplotpars
    return p.left * width, (1 - p.right) * width, p.bottom * height, (1 - p.top) * height


def _texts_inside(figure: Any) -> None:
    """Tout ce qui est dessiné (graduations écrites, titre, légende, nom d'axe : la boîte
    de l'axe telle que matplotlib la mesure) tient dans la figure."""
    figure.savefig(io.StringIO(), format="svg")
    renderer = figure._get_renderer()
    box = figure.bbox
    for ax in figure.axes:
        extent = ax.get_tightbbox(renderer)
        assert extent.x0 >= box.x0 - 0.5 and extent.x1 <= box.x1 + 0.5, (extent, box)
        assert extent.y0 >= box.y0 - 0.5 and extent.y1 <= box.y1 + 0.5, (extent, box)


def _check(spec: Drawing) -> None:
    figure = drawing.figure_of(spec)
    ours = _margins(figure)
    figure.tight_layout()
    theirs = _margins(figure)
    for mine, reference in zip(ours, theirs, strict=True):
        # jamais plus serré que matplotlib ; plus large d'une demi-étiquette au plus (la
        # dernière graduation, mesurée ici après la mise en page, par lui avant)
        assert reference - 0.5 <= mine <= reference + 30, (ours, theirs)
    _texts_inside(drawing.figure_of(spec))


def test_marges_des_graphiques_de_toutes_formes() -> None:
    for spec in CASES:
        _check(spec)


labels = (
    st.text(
        alphabet=st.characters(codec="latin-1", categories=("L", "N", "Zs", "P", "S")),
        min_size=1,
        max_size=60,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=15, deadline=None)
@given(
    rows=st.lists(
        st.tuples(labels, st.integers(0, 10**7), st.integers(0, 10**7)),
        min_size=1,
        max_size=12,
        unique_by=lambda r: r[0],
    ),
    previous=st.booleans(),
    hidden=st.integers(0, 3),
)
def test_marges_de_barres_quelconques(
    rows: list[tuple[str, int, int]], previous: bool, hidden: int
) -> None:
    spec = Bars(
        tuple(r[0] for r in rows),
        tuple(float(r[1]) for r in rows),
        "Titre",
        "2025",
        tuple(float(r[2]) for r in rows) if previous else None,
        "2024",
        hidden=hidden,
    )
    _check(spec)


def test_un_libelle_n_est_jamais_une_formule() -> None:
    """Des « $ » dans un libellé ou un titre : écrits tels quels (mathtext les aurait
    lus comme une formule, et « $\\foo$ » arrêtait le rapport)."""
    spec = Bars(
        ("Atelier $\\foo$ budget", "Prime $5 et $6", "x^2_{a}"),
        (3.0, 4.0, 5.0),
        "Coût $x^2$",
        "2025",
    )
    svg = drawing.draw(spec, "svg")
    for text in ("Atelier $\\foo$ budget", "Prime $5 et $6", "Coût $x^2$"):
        assert f">{text}<" in svg, text
    _check(spec)
