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
    # un axe étroit à côté d'une longue étiquette, et un nom d'axe (le secret statistique)
    # plus large que lui : il sortait de la figure (trouvé par hypothesis)
    Bars(("0" * 48,), (0.0,), "Titre", "2025", hidden=1),
    # le titre du rapport des fixtures que la légende recouvrait (types d'employeurs)
    Bars(
        ("GEIQ Groupement d'Employeurs pour l'Insertion et la Qualification", "AI"),
        (55000.0, 300.0),
        "Nb d'heures réalisées (2025)",
        "2025",
        (60000.0, 800.0),
        "2024",
    ),
    Bars(
        ("a" * 70,),
        (1.0,),
        "Un titre long qui irait jusque sous la légende",
        "2025",
        (2.0,),
        "2024",
    ),
    # des libellés plus longs que la place des libellés, coupés en lignes (entre les mots,
    # ou dans un mot sans espace) : le dessin s'arrêtait, « left cannot be >= right »
    Bars(("mot " * 60, "b"), (2.0, 1.0), "Un libellé de huit lignes en haut", "2025"),
    Bars(
        (
            "Office Public de l'Habitat de la Ville d'Ivry-sur-Seine, direction de la "
            "maîtrise d'ouvrage et du patrimoine",
            "x" * 300,
            "Court",
        ),
        (5.0, 3.0, 1.0),
        "Heures par maître d'ouvrage",
        "2025",
        (4.0, 2.0, 2.0),
        "2024",
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
        # le titre, au bord gauche de la figure, au-dessus des étiquettes de l'axe
        # vertical, ne touche aucune (une étiquette de plusieurs lignes en haut de l'axe
        # dépasse le haut de l'axe)
        low, high = sorted(ax.get_ylim())
        for label in ax.get_yticklabels():
            if label.get_text() and low <= label.get_position()[1] <= high:
                named = ax._left_title.get_window_extent(renderer)
                assert not named.overlaps(label.get_window_extent(renderer)), label.get_text()
        # le titre et la légende (années) ne se chevauchent pas : un axe étroit, à côté
        # de longues étiquettes, mettait l'un sous l'autre
        legend = ax.get_legend()
        if legend is not None:
            keys = legend.get_window_extent(renderer)
            for title in (ax.title, ax._left_title, ax._right_title):
                if title.get_text():
                    named = title.get_window_extent(renderer)
                    assert not named.overlaps(keys), (title.get_text(), named, keys)


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
        max_size=160,
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


def _visible_ticks(spec: Drawing) -> list[str]:
    """Les graduations écrites de l'axe des valeurs d'un graphique en barres."""
    figure = drawing.figure_of(spec)
    figure.savefig(io.StringIO(), format="svg")
    ax = figure.axes[0]
    low, high = ax.get_xlim()
    return [t.get_text() for t in ax.get_xticklabels() if low <= t.get_position()[0] <= high]


def test_graduations_entieres_depuis_zero() -> None:
    """Des effectifs écrits en entiers : des graduations entières, chacune écrite une
    fois (de 0,5 en 0,5, de petits nombres s'écrivaient « 0 0 1 2 2 3 »), depuis 0 ;
    des barres toutes nulles ont un axe de 0 à 1 (il allait de -0,05 à 0,05, écrit
    « -0 -0 0 0 »)."""
    small = _visible_ticks(Bars(("a", "b"), (1.0, 3.0), "Petits", "2025", (2.0, 0.0), "2024"))
    assert small[0] == "0" and len(small) == len(set(small)) >= 3, small
    assert _visible_ticks(Bars(("a",), (0.0,), "Nuls", "2025")) == ["0", "1"]
    big = _visible_ticks(Bars(("a", "b"), (150000.0, 36000.0), "Grands", "2025"))
    assert big[0] == "0" and "100\u202f000" in big, big


def test_axe_vertical_borne_aux_barres() -> None:
    """Chaque ligne a sa place, la première en haut, sans place vide au-dessus ni
    au-dessous (la marge de 5 % de matplotlib en laissait une demi-ligne à 12 lignes)."""
    for spec in (
        Bars(tuple("abcdefghijkl"), tuple(float(k) for k in range(12)), "Douze", "2025"),
        Bars(("a", "b"), (1.0, 2.0), "Deux", "2025", (2.0, 1.0), "2024"),
    ):
        figure = drawing.figure_of(spec)
        figure.savefig(io.StringIO(), format="svg")
        ax = figure.axes[0]
        rows = len(spec.labels)
        assert ax.get_ylim() == (rows - 0.5, -0.5)
        ticks = {t.get_text(): t.get_position()[1] for t in ax.get_yticklabels()}
        assert ticks[spec.labels[0]] == 0 and ticks[spec.labels[-1]] == rows - 1
