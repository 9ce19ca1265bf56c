"""Static SVG bar charts for /cijfers/, made at build time with matplotlib.

Why matplotlib (measured, see the commit that added it): import and four bar charts took
3.9-4.2 s with matplotlib and 2.7-4.3 s with vl-convert-python on this (shared) machine, the
SVGs were 11.2 KB and 10.1 KB: a wash. matplotlib won on what is left: 72 MB against 87 MB of
memory, deterministic output by documented settings (svg.hashsalt, no Date metadata), and no
JavaScript runtime with its own threads in the build process, which forks its workers after
the charts on `antwoord serve`'s next rebuild.

Deterministic: the same figures give the same bytes (fixed hash salt for ids, no date, text
kept as <text> with svg.fonttype "none" so it is real, selectable text). Imported only when a
chart is drawn, so a build whose figures did not change never imports it, and the workers
never do.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

TERM_DAYS_LINE = 21

# The site's colours (antwoord.css): the bars in the accent blue, the term in the notes' ochre.
BAR = "#154273"
TERM = "#a86a00"
TEXT = "#1c1c1e"
MUTED = "#595959"
RULE = "#d9d5cc"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float


def _settings() -> dict:
    return {
        "svg.hashsalt": "antwoord",
        "svg.fonttype": "none",
        # Measured with the font matplotlib ships; the SVG names it with the generic
        # sans-serif after it, so a reader without DejaVu Sans gets their own sans-serif.
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": 11,
        "axes.edgecolor": RULE,
        "axes.labelcolor": TEXT,
        "xtick.color": MUTED,
        "ytick.color": TEXT,
    }


def bar_chart_svg(bars: list[Bar], *, axis_label: str, term_label: str) -> str:
    """bar_chart (below), remembered in this process: `antwoord serve` rebuilds in one process,
    and most edits leave the figures as they were."""
    return _bar_chart_svg(tuple(bars), axis_label, term_label)


@lru_cache(maxsize=32)
def _bar_chart_svg(bars: tuple[Bar, ...], axis_label: str, term_label: str) -> str:
    """A horizontal bar chart of `bars` (top to bottom) with a dashed line at the three-week
    term; each bar carries its value as text, so the chart reads without the axis."""
    import matplotlib

    matplotlib.use("svg", force=True)
    from matplotlib.figure import Figure

    # Each label stands above its bar, across the width: long ministry names need no margin
    # and stay whole, and on a phone (the image scaled to ~350 px) the text stays readable.
    rows = max(1, len(bars))
    height = 0.75 + 0.55 * rows
    with matplotlib.rc_context(_settings()):
        figure = Figure(figsize=(5.2, height), facecolor="white")
        ax = figure.subplots()
        top = max([*(b.value for b in bars), TERM_DAYS_LINE]) * 1.12
        for i, bar in enumerate(bars):
            y = rows - 1 - i
            ax.barh(y, bar.value, color=BAR, height=0.42)
            ax.text(0, y + 0.27, _short(bar.label), va="bottom", ha="left", color=TEXT, zorder=3,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})  # fmt: skip
            inside = bar.value > 0.2 * top
            ax.text(
                bar.value - 0.01 * top if inside else bar.value + 0.01 * top,
                y,
                _number(bar.value),
                va="center",
                ha="right" if inside else "left",
                color="white" if inside else TEXT,
                fontsize=10,
                fontweight="bold" if inside else "normal",
            )
        ax.set_xlim(0, top)
        ax.set_ylim(-0.5, rows - 0.1)
        ax.axvline(TERM_DAYS_LINE, color=TERM, linestyle=(0, (4, 3)), linewidth=1.4, zorder=0)
        ax.text(TERM_DAYS_LINE, rows - 0.12, f" {term_label}", color=TERM, va="bottom",
                ha="left", fontsize=10)  # fmt: skip
        ax.set_xlabel(axis_label)
        ax.set_yticks([])
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        # Fixed margins instead of tight_layout, which draws the figure once more to measure
        # it (a third of a chart's time).
        figure.subplots_adjust(left=0.03, right=0.97, top=1 - 0.3 / height, bottom=0.62 / height)
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")


def _short(label: str, limit: int = 60) -> str:
    """A label that fits beside the bars; the table beside the chart has it in full."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
