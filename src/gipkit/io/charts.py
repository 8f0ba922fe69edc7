"""Graphiques du rapport : une fonction par sorte de graphique, nourrie par un résultat.

Rendus hors ligne par matplotlib en SVG (texte vectoriel, inclus tel quel dans le HTML),
palette Okabe-Ito (lisible par les daltoniens), nombres à la française sur les axes,
un titre toujours, et jamais de chiffre tapé à la main : chaque barre vient d'une case
du tableau, qui est publié juste à côté. Les cases masquées par le secret statistique
ne sont pas dessinées, et la légende le dit. SVG déterministe : mêmes données, mêmes
octets (pas de date, identifiants internes fixés).
"""

from __future__ import annotations

import io
from typing import Any

from gipkit.results import Table

#: palette Okabe-Ito (bleu, orange, vert bleuté, vermillon, bleu ciel, pourpre, jaune)
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442")
MAX_BARS = 15


def chart_kind(table: Table) -> str | None:
    """La sorte de graphique d'un tableau, déclarée avec sa section (``gipkit.chapters``) :
    « barres » pour une répartition, « historique » pour une série d'années ; ``None``
    pour un tableau déclaré sans graphique, non déclaré, ou que son contenu de l'année rend
    impropre aux barres (moins de 2 lignes, plus de :data:`MAX_BARS`, des sous-totaux, pas
    d'effectif)."""
    from gipkit.chapters import declared_outputs

    declared = declared_outputs().get(table.id)
    kind = declared.chart if declared is not None else None
    if kind == "historique":
        return kind if any(c.unit != "texte" for c in table.columns) and table.rows else None
    if kind == "barres":
        drawable = table.columns[0].unit == "texte" and count_column(table) is not None
        if drawable and 2 <= len(table.rows) <= MAX_BARS and not table.subtotals:
            return kind
    return None


def count_column(table: Table) -> int | None:
    """La colonne dessinée : les heures s'il y en a (ce que le rapport montre), sinon le
    premier effectif additif."""
    for unit in ("heures", "nombre"):
        for j, column in enumerate(table.columns):
            if column.unit == unit and column.additive and column.counts:
                return j
    return None


def _french(value: float, _pos: Any = None) -> str:
    text = f"{value:,.0f}".replace(",", "\u202f")
    return text


def _svg(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "gipkit"})
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _png(fig: Any) -> bytes:
    """L'image matricielle d'un graphique (pour Word, qui n'insère pas le SVG) : 200 dpi,
    sans métadonnée variable."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=200, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _setup() -> Any:
    import matplotlib

    matplotlib.use("svg")
    matplotlib.rcParams.update(
        {
            "svg.hashsalt": "gipkit",
            "svg.fonttype": "none",
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    return plt, FuncFormatter


def bar_chart(table: Table) -> tuple[str, str]:
    """Barres horizontales de l'effectif de chaque ligne (N, et N-1 à côté s'il existe).

    Rend (SVG, texte de remplacement).
    """
    fig, alt = _bar_figure(table)
    return _svg(fig), alt


def _bar_figure(table: Table) -> tuple[Any, str]:
    plt, formatter = _setup()
    j = count_column(table)
    assert j is not None
    secret = {i for i, _ in table.secret}
    labels = [str(r[0]) for i, r in enumerate(table.rows) if i not in secret]
    values = [float(r[j] or 0) for i, r in enumerate(table.rows) if i not in secret]
    previous: list[float] | None = None
    if table.previous is not None:
        prev_secret = {i for i, _ in table.previous.secret}
        by_label = {
            str(r[0]): r[j] for i, r in enumerate(table.previous.rows) if i not in prev_secret
        }
        previous = [float(by_label.get(label) or 0) for label in labels]
    height = 0.6 + 0.32 * len(labels) * (2 if previous else 1)
    fig, ax = plt.subplots(figsize=(7.5, max(height, 1.8)))
    positions = list(range(len(labels)))
    if previous is not None:
        ax.barh(
            [p + 0.2 for p in positions],
            previous,
            height=0.4,
            color=PALETTE[4],
            label=str(table.previous.year) if table.previous else "N-1",
        )
        ax.barh(
            [p - 0.2 for p in positions],
            values,
            height=0.4,
            color=PALETTE[0],
            label=str(table.year),
        )
        ax.legend(frameon=False, loc="lower right", bbox_to_anchor=(1, 1.0), ncol=2)
    else:
        ax.barh(positions, values, color=PALETTE[0])
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(formatter(_french))
    column = table.columns[j].label
    ax.set_title(f"{column} ({table.year})", loc="left", fontsize=10, fontweight="bold")
    if secret:
        ax.set_xlabel(
            f"{len(secret)} ligne(s) masquée(s) par le secret statistique, non dessinée(s)"
        )
    fig.tight_layout()
    alt = f"Graphique en barres : {column.lower()} par {table.columns[0].label.lower()}, " + (
        "; ".join(f"{lab} {_french(v)}" for lab, v in zip(labels, values, strict=True))
    )
    return fig, alt


#: au-delà de ce nombre d'années, leurs étiquettes sont écrites verticalement
YEARS_UPRIGHT = 10


def history_chart(table: Table) -> tuple[str, str]:
    """Des barres par année de la première colonne chiffrée d'une série d'années."""
    fig, alt = _history_figure(table)
    return _svg(fig), alt


def _history_figure(table: Table) -> tuple[Any, str]:
    plt, formatter = _setup()
    years = [str(r[0]) for r in table.rows]
    j = count_column(table)
    if j is None:
        j = next(i for i, c in enumerate(table.columns) if c.unit != "texte")
    values = [float(r[j] or 0) for r in table.rows]
    fig, ax = plt.subplots(figsize=(7.5, 2.8))
    ax.bar(years, values, color=PALETTE[0])
    ax.yaxis.set_major_formatter(formatter(_french))
    if len(years) > YEARS_UPRIGHT:
        # une longue série (l'histoire d'une structure) : les années se chevaucheraient
        ax.tick_params(axis="x", labelrotation=90, labelsize=8)
    column = table.columns[j].label
    ax.set_title(f"{column} par année", loc="left", fontsize=10, fontweight="bold")
    fig.tight_layout()
    alt = f"Histogramme : {column.lower()} par année, " + "; ".join(
        f"{y} {_french(v)}" for y, v in zip(years, values, strict=True)
    )
    return fig, alt


def chart(table: Table) -> tuple[str, str] | None:
    """Le graphique d'un tableau (SVG, texte de remplacement), ou ``None``."""
    kind = chart_kind(table)
    if kind == "barres":
        return bar_chart(table)
    if kind == "historique":
        return history_chart(table)
    return None


def chart_png(table: Table) -> tuple[bytes, str] | None:
    """Le même graphique que :func:`chart`, en PNG (image, texte de remplacement)."""
    kind = chart_kind(table)
    if kind is None:
        return None
    fig, alt = _bar_figure(table) if kind == "barres" else _history_figure(table)
    return _png(fig), alt
