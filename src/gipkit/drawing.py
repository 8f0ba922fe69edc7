"""Dessin des graphiques du rapport par matplotlib, à partir de leurs seules données.

Ce module n'importe rien d'autre de gipkit, ni polars : les processus qui dessinent les
graphiques d'un rapport en parallèle (:func:`gipkit.io.charts.render_charts`) ne chargent
que lui et matplotlib. Ce qu'il dessine (libellés, valeurs, titres) est préparé par
:mod:`gipkit.io.charts` depuis les tableaux : chaque barre vient d'une case publiée.

Rendus hors ligne en SVG (texte vectoriel, inclus tel quel dans le HTML) ou en PNG à
200 dpi (Word n'insère pas le SVG) ; palette Okabe-Ito (lisible par les daltoniens),
nombres à la française sur les axes, un titre toujours. Sorties déterministes : mêmes
données, mêmes octets, quel que soit le processus qui dessine (pas de date, identifiants
internes du SVG fixés).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, overload

#: palette Okabe-Ito (bleu, orange, vert bleuté, vermillon, bleu ciel, pourpre, jaune)
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442")
#: au-delà de ce nombre d'années, leurs étiquettes sont écrites verticalement
YEARS_UPRIGHT = 10
#: part de la largeur d'un graphique en barres laissée aux libellés des lignes : au-delà,
#: un libellé est coupé en lignes (un nom de maître d'ouvrage de 100 caractères prenait
#: toute la largeur, et le dessin s'arrêtait : « left cannot be >= right »)
LABEL_ROOM = 0.45
#: hauteur ajoutée à un graphique en barres par ligne de libellé en plus (pouces)
LABEL_LINE = 0.16

Format = Literal["svg", "png"]


@dataclass(frozen=True)
class Bars:
    """Barres horizontales de l'effectif de chaque ligne (N, et N-1 à côté s'il existe)."""

    labels: tuple[str, ...]
    values: tuple[float, ...]
    title: str
    year: str
    previous: tuple[float, ...] | None = None
    previous_year: str = "N-1"
    #: lignes masquées par le secret statistique, non dessinées (dit sous l'axe)
    hidden: int = 0
    #: lignes sans valeur de N (un chiffre qui n'a pas pu être calculé, ``nan`` dans
    #: ``values``) : aucune barre, ce qui est dit sous l'axe
    missing: int = 0
    #: lignes sans valeur de N-1 publiée (absentes du tableau de N-1 ou masquées, ``nan``
    #: dans ``previous``) : aucune barre de N-1, ce qui est dit sous l'axe — une barre
    #: absente se verrait comme une barre nulle
    missing_previous: int = 0


@dataclass(frozen=True)
class History:
    """Des barres par année (une série d'années)."""

    years: tuple[str, ...]
    values: tuple[float, ...]
    title: str
    #: années sans valeur (``nan`` dans ``values``) : aucune barre, ce qui est dit sous l'axe
    missing: int = 0


Drawing = Bars | History


def french(value: float, _pos: Any = None) -> str:
    """Un nombre entier à la française, espace fine insécable entre les milliers.

    >>> french(12345.4)
    '12\u202f345'
    """
    return f"{value:,.0f}".replace(",", "\u202f")


@overload
def draw(drawing: Drawing, fmt: Literal["svg"]) -> str: ...
@overload
def draw(drawing: Drawing, fmt: Literal["png"]) -> bytes: ...
def draw(drawing: Drawing, fmt: Format) -> str | bytes:
    """Le graphique ``drawing`` en SVG (texte, à partir de la balise ``<svg``) ou en PNG."""
    figure = figure_of(drawing)
    if fmt == "svg":
        text = io.StringIO()
        figure.savefig(text, format="svg", metadata={"Date": None, "Creator": "gipkit"})
        svg = text.getvalue()
        return svg[svg.index("<svg") :]
    data = io.BytesIO()
    figure.savefig(data, format="png", dpi=200, metadata={"Software": None})
    return data.getvalue()


def figure_of(drawing: Drawing) -> Any:
    """La figure matplotlib du graphique, mise en page, avant d'être écrite."""
    return _bars(drawing) if isinstance(drawing, Bars) else _history(drawing)


def draw_many(drawings: Sequence[Drawing], fmt: Format) -> list[str | bytes]:
    """:func:`draw` de chaque graphique, dans l'ordre : la part d'un processus."""
    return [draw(d, fmt) for d in drawings]


#: seuil de la plus jeune génération du ramasse-miettes d'un processus de dessin (700 par
#: défaut en Python) : un graphique crée des dizaines de milliers d'objets, qui tous
#: déclenchaient des collectes (0,35 s sur 3 s de dessin des graphiques des fixtures ;
#: 0,12 à 0,19 s ainsi, avec les objets des modules gelés)
DRAWING_GC_THRESHOLD = 50_000


def prepare_process(fmt: Format) -> None:
    """Prépare un processus qui ne fait que dessiner (au lancement de chaque processus de
    :class:`gipkit.io.charts.DrawnCharts`) : matplotlib importé, puis les objets de ses
    modules gelés (:func:`gc.freeze` : ils vivent jusqu'à la fin, le ramasse-miettes ne
    les parcourt plus), et la collecte des objets jeunes espacée
    (:data:`DRAWING_GC_THRESHOLD`). Le dessin n'en change pas : mêmes octets."""
    import gc

    from matplotlib.backends import backend_svg  # noqa: F401
    from matplotlib.figure import Figure  # noqa: F401

    if fmt == "png":
        from matplotlib.backends import backend_agg  # noqa: F401
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(DRAWING_GC_THRESHOLD, older, oldest)


def _figure(width: float, height: float) -> Any:
    """Une figure matplotlib sans pyplot (ni état global ni fenêtre), style du rapport.

    Son canevas est celui du SVG, quel que soit le format écrit : la mise en page
    (:func:`_layout`) mesure les textes avec son moteur, et le PNG a la même que le SVG."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(
        {
            "svg.hashsalt": "gipkit",
            "svg.fonttype": "none",
            # un libellé est du texte, jamais une formule : « Atelier $budget$ » tel quel
            # (mathtext l'aurait mis en italique, et « $\foo$ » arrêtait le rapport)
            "text.parse_math": False,
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    figure = Figure(figsize=(width, height))
    FigureCanvasSVG(figure)
    return figure


def _bars(spec: Bars) -> Any:
    from matplotlib import rcParams
    from matplotlib.font_manager import FontProperties
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    rows = len(spec.labels) * (2 if spec.previous is not None else 1)
    width = 7.5
    figure = _figure(width, 1.8)
    font = FontProperties(size=rcParams["ytick.labelsize"])
    room = LABEL_ROOM * width * 72
    texts = [_wrapped(label, font, room, figure._get_renderer()) for label in spec.labels]
    extra = sum(t.count("\n") for t in texts)
    figure.set_size_inches(width, max(0.6 + 0.32 * rows + LABEL_LINE * extra, 1.8))
    ax = figure.subplots()
    positions = list(range(len(spec.labels)))
    if spec.previous is not None:
        ax.barh(
            [p + 0.2 for p in positions],
            spec.previous,
            height=0.4,
            color=PALETTE[4],
            label=spec.previous_year,
        )
        ax.barh(
            [p - 0.2 for p in positions],
            spec.values,
            height=0.4,
            color=PALETTE[0],
            label=spec.year,
        )
        ax.legend(frameon=False, loc="lower right", bbox_to_anchor=(1, 1.0), ncol=2)
    else:
        ax.barh(positions, spec.values, color=PALETTE[0])
    ax.set_yticks(positions, texts)
    # la première ligne en haut ; l'axe borné aux barres (chacune occupe sa place ± 0,4) :
    # la marge de 5 % de matplotlib laissait en haut et en bas une place vide, d'une
    # demi-ligne à partir d'une dizaine de lignes
    ax.set_ylim(len(positions) - 0.5, -0.5)
    ax.xaxis.set_major_formatter(FuncFormatter(french))
    # des effectifs ou des heures, écrits en entiers : des graduations entières (celles
    # de matplotlib, 0,5 en 0,5 pour de petits nombres, s'écrivaient « 0 0 1 2 2 ») ;
    # l'axe part de 0, même quand toutes les barres sont nulles (il allait de -0,05 à
    # 0,05, écrit « -0 -0 0 0 »)
    ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True))
    drawn = [v for v in (*spec.values, *(spec.previous or ())) if v == v]  # sans les NaN
    ax.set_xlim(0, None if any(v > 0 for v in drawn) else 1)
    # y donné : matplotlib ne replace plus le titre au dessin (:func:`_title_and_legend`)
    title = ax.set_title(spec.title, loc="left", fontsize=10, fontweight="bold", y=1.0)
    said = []
    if spec.hidden:
        said.append(f"{spec.hidden} ligne(s) masquée(s) par le secret statistique, non dessinée(s)")
    if spec.missing:
        said.append(f"{spec.missing} ligne(s) sans valeur en {spec.year} : sans barre")
    if spec.missing_previous:
        said.append(
            f"{spec.missing_previous} ligne(s) sans valeur en {spec.previous_year} : "
            f"sans barre de {spec.previous_year}"
        )
    if said:
        ax.set_xlabel("\n".join(said))
    _layout(figure, ax, title)
    return figure


def _history(spec: History) -> Any:
    from matplotlib.ticker import FuncFormatter

    figure = _figure(7.5, 2.8)
    ax = figure.subplots()
    ax.bar(spec.years, spec.values, color=PALETTE[0])
    ax.yaxis.set_major_formatter(FuncFormatter(french))
    upright = len(spec.years) > YEARS_UPRIGHT
    if upright:
        # une longue série (l'histoire d'une structure) : les années se chevaucheraient
        ax.tick_params(axis="x", labelrotation=90, labelsize=8)
    if spec.missing:
        ax.set_xlabel(f"{spec.missing} année(s) sans valeur : sans barre")
    # y donné : matplotlib ne replace plus le titre au dessin (:func:`_title_and_legend`)
    title = ax.set_title(spec.title, loc="left", fontsize=10, fontweight="bold", y=1.0)
    _layout(figure, ax, title, upright_x=upright)
    return figure


def _title_and_legend(
    ax: Any, title: Any, renderer: Any, *, start: float, under: float | None
) -> None:
    """Le titre au bord gauche de la figure (``start`` points avant l'axe : au-dessus des
    étiquettes, non de l'axe seul), au-dessus de ``under`` (le haut de la plus haute
    étiquette de l'axe vertical, en points, qui peut dépasser le haut de l'axe : « 1 500 »
    touchait le titre) ; la légende au-dessus de l'axe, à droite — et, si le titre la
    toucherait, au-dessus du titre. Un axe étroit à côté de longues étiquettes les
    faisait se chevaucher (« Nb d'heures réalisées (2025) » sous « 2024 ■ 2025 »)."""
    box = ax.bbox
    title.set_position((start / float(box.width), 1.0))
    if under is not None:
        lift = under + 2 - float(title.get_window_extent(renderer).y0)
        if lift > 0:
            title.set_y(1.0 + lift / float(box.height))
    legend = ax.get_legend()
    if legend is None:
        return
    legend.set_bbox_to_anchor((1, 1.0), transform=ax.transAxes)
    if not title.get_text():
        return
    named, keys = title.get_window_extent(renderer), legend.get_window_extent(renderer)
    if float(named.x1) + 6 > float(keys.x0) and float(keys.y0) < float(named.y1):
        lift = (float(named.y1) - float(box.y1) + 2) / float(box.height)
        legend.set_bbox_to_anchor((1, 1.0 + lift), transform=ax.transAxes)


def _wrapped(text: str, font: Any, room: float, renderer: Any) -> str:
    """``text`` coupé entre les mots en lignes d'au plus ``room`` points (mesurées comme
    le moteur les écrit) ; un mot plus long que ``room`` est coupé lui-même
    (:func:`_pieces`)."""

    def fits(line: str) -> bool:
        return float(renderer.get_text_width_height_descent(line, font, ismath=False)[0]) <= room

    if all(fits(paragraph) for paragraph in text.split("\n")):
        return text  # d'ordinaire : une mesure par libellé
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in _pieces(paragraph.split(" "), fits):
            candidate = f"{line} {word}" if line else word
            if line and not fits(candidate):
                out.append(line)
                line = word
            else:
                line = candidate
        out.append(line)
    return "\n".join(out)


def _pieces(words: list[str], fits: Callable[[str], bool]) -> Iterator[str]:
    """Les mots, un mot trop long pour une ligne coupé en morceaux qui y tiennent (au
    moins un caractère chacun)."""
    for word in words:
        while not fits(word) and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and not fits(word[:cut]):
                cut = max(1, cut * 3 // 4)
            yield word[:cut]
            word = word[cut:]
        yield word


def _layout(figure: Any, ax: Any, title: Any, *, upright_x: bool = False) -> None:
    """Les marges de la figure : juste la place des étiquettes des axes, du titre, de la
    légende et du nom de l'axe horizontal, plus une marge de 1,08 fois la taille du texte
    — ce que fait ``tight_layout`` de matplotlib, sans mettre en page chaque graduation
    pour le savoir (il en mesurait chaque étiquette plusieurs fois : 43 % du dessin des
    58 graphiques du rapport). Les étiquettes sont mesurées comme le moteur les écrit
    (même police, même taille) ; le titre, la légende et le nom de l'axe, par leur
    propre boîte (``title`` : le titre de l'axe). ``upright_x`` : étiquettes
    horizontales écrites verticalement (leur hauteur est leur longueur)."""
    from matplotlib import rcParams

    renderer = figure._get_renderer()
    width, height = (float(v) * 72 for v in figure.get_size_inches())
    pad = 1.08 * float(rcParams["font.size"])
    x_ticks, y_ticks = ax.xaxis.get_major_ticks(1)[0], ax.yaxis.get_major_ticks(1)[0]

    def tick_room(tick: Any) -> float:
        return float(tick.get_tick_padding() + tick.get_pad())

    def labels(axis: Any) -> list[tuple[float, float]]:
        """(position, largeur) des étiquettes des graduations visibles de ``axis`` (celle
        d'une étiquette sur plusieurs lignes : sa plus longue ligne)."""
        low, high = sorted(axis.get_view_interval())
        locs = [v for v in axis.get_majorticklocs() if low <= v <= high]
        font = axis.get_major_ticks(1)[0].label1.get_fontproperties()
        texts = axis.get_major_formatter().format_ticks(locs)
        return [
            (
                v,
                max(
                    float(renderer.get_text_width_height_descent(line, font, ismath=False)[0])
                    for line in t.split("\n")
                ),
            )
            for v, t in zip(locs, texts, strict=True)
        ]

    def line_height(axis: Any) -> float:
        """La hauteur d'une ligne d'étiquette telle que le moteur la compte (ascendantes
        et descendantes de la police, non celles du seul texte)."""
        font = axis.get_major_ticks(1)[0].label1.get_fontproperties()
        probe = figure.text(0, 0, "0", fontproperties=font)
        line = float(probe.get_window_extent(renderer).height)
        probe.remove()
        return line

    def label_top(axis: Any) -> float | None:
        """Le haut (en points) de la plus haute étiquette visible de l'axe vertical,
        mesurée là où le dessin la mettra (graduations placées comme au dessin)."""
        low, high = sorted(axis.get_view_interval())
        tops = [
            float(tick.label1.get_window_extent(renderer).y1)
            for tick in axis._update_ticks()
            if tick.label1.get_visible()
            and tick.label1.get_text()
            and low <= tick.get_loc() <= high
        ]
        return max(tops, default=None)

    def place(right: float, top: float) -> None:
        figure.subplots_adjust(
            left=left / width, right=1 - right / width, bottom=bottom / height, top=1 - top / height
        )

    left = pad + tick_room(y_ticks) + max((w for _, w in labels(ax.yaxis)), default=0.0)
    if ax.get_xlabel():
        # le nom de l'axe horizontal est centré sous l'axe : plus large que lui (un axe
        # étroit à côté de longues étiquettes), il sortait de la figure ; coupé en lignes
        # à la largeur de l'axe
        named = ax.xaxis.label
        room = width - left - 2 * pad
        named.set_text(_wrapped(named.get_text(), named.get_fontproperties(), room, renderer))
    x_labels = labels(ax.xaxis)
    if upright_x:
        tallest = max((w for _, w in x_labels), default=0.0)
    else:
        tallest = line_height(ax.xaxis) if x_labels else 0.0
    bottom = pad + tick_room(x_ticks) + tallest
    if ax.get_xlabel():
        bottom += ax.xaxis.labelpad + float(ax.xaxis.label.get_window_extent(renderer).height)
    right, top = pad, pad
    parts = [title if title.get_text() else None, ax.get_legend()]
    for _ in range(2):  # la droite dépend des graduations, qui dépendent de la largeur
        place(right, top)
        box = ax.bbox
        _title_and_legend(ax, title, renderer, start=pad - left, under=None)
        above = [t.get_window_extent(renderer) for t in parts if t is not None]
        top = pad + max((float(b.y1 - box.y1) for b in above), default=0.0)
        beyond = [float(b.x1 - box.x1) for b in above]
        if not upright_x:
            for v, w in labels(ax.xaxis):
                x = float(ax.transData.transform((v, 0))[0])
                beyond.append(x + w / 2 - float(box.x1))
        right = pad + max([0.0, *beyond])
    place(right, top)
    # le titre relevé au-dessus des étiquettes de l'axe vertical, pour l'axe final ; s'il
    # dépasse alors le haut, la marge du haut suit (d'ordinaire, une passe suffit)
    for _ in range(4):
        _title_and_legend(ax, title, renderer, start=pad - left, under=label_top(ax.yaxis))
        rise = max(
            (float(t.get_window_extent(renderer).y1) for t in parts if t is not None),
            default=0.0,
        )
        if rise <= height - pad + 0.25:
            break
        top += rise - (height - pad)
        place(right, top)
