"""Charts for the Word and PDF reports, drawn with matplotlib in Noto CJK fonts.

Fonts are looked up by family name through ``matplotlib.font_manager`` (Debian's
fonts-noto-cjk installs them); a missing font is a clear error, not boxes in place of
Chinese characters. The figure is drawn without pyplot (no global state, thread-safe).
"""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .content import Chart

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans CJK JP", "Noto Sans CJK")
COLOURS = ["#c8161d", "#e8833a", "#f2c14e", "#5b8e7d", "#3d5a80", "#8e6c8a", "#999999"]


class MissingFontError(RuntimeError):
    pass


@functools.cache
def cjk_font() -> Any:
    """The first installed CJK family of :data:`CJK_FAMILIES` as ``FontProperties``."""
    from matplotlib import font_manager

    for family in CJK_FAMILIES:
        props = font_manager.FontProperties(family=family)
        try:
            path = font_manager.findfont(props, fallback_to_default=False)
        except ValueError:
            continue
        return font_manager.FontProperties(fname=path)
    raise MissingFontError(
        "找不到中文字体（需要 Noto CJK：" + "、".join(CJK_FAMILIES) + "）。"
        "请安装 Debian 软件包 fonts-noto-cjk（make system-deps）。"
    )


def render_chart(chart: Chart, *, width_mm: float = 150, height_mm: float = 80) -> bytes:
    """The chart as a PNG (200 dpi)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    font = cjk_font()
    fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=200)
    FigureCanvasAgg(fig)
    cats = chart.categories
    if chart.kind == "trend":
        axes = _trend(fig, chart, font)
    else:
        ax = fig.add_subplot(1, 1, 1)
        axes = [ax]
    if chart.kind == "hbar":
        data = chart.series[0][1]
        positions = list(range(len(cats)))[::-1]
        bars = ax.barh(positions, data, color=COLOURS[0], height=0.6)
        ax.set_yticks(positions, cats, fontproperties=font, fontsize=9)
        ax.bar_label(bars, labels=[f"{v:g}" for v in data], padding=3, fontsize=8)
        ax.margins(x=0.15)
    elif chart.kind != "trend":
        data = chart.series[0][1]
        bars = ax.bar(range(len(cats)), data, color=COLOURS[0], width=0.6)
        ax.set_xticks(range(len(cats)), cats, fontproperties=font, fontsize=9)
        ax.bar_label(bars, labels=[f"{v:g}" for v in data], padding=2, fontsize=8)
        ax.margins(y=0.15)
    for each in axes:
        legend = each.get_legend()
        for label in legend.get_texts() if legend is not None else []:
            label.set_fontproperties(font)
        each.tick_params(labelsize=8)
        each.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _trend(fig: Any, chart: Chart, font: Any) -> list[Any]:
    """Totals (a line) above the yearly flows (grouped bars), each panel with its own
    scale and its labels clear of the other's: one twin-axis panel made the line's
    labels collide with the bars'."""
    xs = list(range(len(chart.categories)))
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1, 1.5]})
    handles = []
    for name, data in chart.line_series:
        (line,) = top.plot(xs, data, color=COLOURS[0], marker="o", label=name)
        handles.append(line)
        for x, v in zip(xs, data, strict=True):
            top.annotate(f"{v:g}", (x, v), textcoords="offset points", xytext=(0, 7),
                         ha="center", va="bottom", fontsize=8, color=COLOURS[0])  # fmt: skip
    top.margins(y=0.6)
    top.yaxis.set_major_locator(_integer_locator(4))
    n = len(chart.series)
    width = 0.7 / max(n, 1)
    for i, (name, data) in enumerate(chart.series):
        offs = [x - 0.35 + width * (i + 0.5) for x in xs]
        bars = bottom.bar(offs, data, width=width, color=COLOURS[i + 1], label=name)
        handles.append(bars)
        bottom.bar_label(bars, labels=[f"{v:g}" for v in data], padding=2, fontsize=8)
    bottom.margins(y=0.25)
    bottom.set_ylim(bottom=0)
    bottom.set_xticks(xs, chart.categories, fontproperties=font, fontsize=9)
    bottom.set_xlim(-0.6, len(xs) - 0.4)
    top.legend(handles, [h.get_label() for h in handles], prop=font, loc="lower center",
               bbox_to_anchor=(0.5, 1.02), ncol=len(handles), frameon=False)  # fmt: skip
    return [top, bottom]


def _integer_locator(n: int) -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=n, integer=True)
