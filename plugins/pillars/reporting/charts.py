"""Charts for the report, as PNG data URIs so the HTML file opens offline with nothing beside it.

Every chart must read in black and white (the report is printed and photocopied): series differ by
hatching, marker and line style, never by colour alone. A suppressed value is drawn as a labelled gap,
never as zero.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # before pyplot: no display on a server
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

HATCHES = ("", "///", "...", "xxx", "\\\\\\", "ooo", "---", "+++")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", ":", "-.")
GREYS = ("#222222", "#777777", "#bbbbbb", "#ffffff")
INK = "#1b3a5c"  # one accent colour; everything also carries a pattern or marker

plt.rcParams.update(
    {
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "hatch.linewidth": 0.6,
        "svg.hashsalt": "pillars",
    }
)


def to_data_uri(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def sparkline(values: Sequence[float | None]) -> str:
    """A small trend line; hidden quarters are gaps marked with an open circle on the axis."""
    fig, ax = plt.subplots(figsize=(1.6, 0.45))
    xs = list(range(len(values)))
    ys = [math.nan if v is None else float(v) for v in values]
    ax.plot(xs, ys, color=INK, linewidth=1.2, marker="o", markersize=2.5)
    known = [y for y in ys if not math.isnan(y)]
    floor = min(known) if known else 0.0
    gaps = [x for x, v in zip(xs, values, strict=True) if v is None]
    if gaps:
        ax.plot(gaps, [floor] * len(gaps), linestyle="none", marker="o", markersize=3, fillstyle="none", color="#555")
    ax.set_axis_off()
    ax.set_xlim(-0.5, max(len(values) - 0.5, 0.5))
    return to_data_uri(fig)


def bars(
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    title: str,
    value_label: str,
    horizontal: bool = False,
) -> str:
    """Grouped bars, one hatch per series; a hidden value is an empty slot labelled 'suppressed'."""
    n = max(len(labels), 1)
    size = (7.0, max(2.2, 0.32 * n * len(series) + 0.8)) if horizontal else (7.0, 3.0)
    fig, ax = plt.subplots(figsize=size)
    width = 0.8 / max(len(series), 1)
    positions = list(range(len(labels)))
    for i, (name, values) in enumerate(series.items()):
        offsets = [p - 0.4 + width * (i + 0.5) for p in positions]
        heights = [0.0 if v is None else float(v) for v in values]
        face = GREYS[i % len(GREYS)] if i else INK
        draw = ax.barh if horizontal else ax.bar
        draw(offsets, heights, width * 0.95, label=name, color=face, edgecolor="black", linewidth=0.6,
             hatch=HATCHES[i % len(HATCHES)])  # fmt: skip
        for offset, value in zip(offsets, values, strict=True):
            if value is None:
                xy = (0, offset) if horizontal else (offset, 0)
                ax.annotate("suppressed", xy, fontsize=7, style="italic", rotation=0 if horizontal else 90,
                            va="center" if horizontal else "bottom", ha="left" if horizontal else "center")  # fmt: skip
    counts = all(isinstance(v, int) for values in series.values() for v in values if v is not None)
    if counts:
        (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.set_xlabel(value_label)
    else:
        ax.set_xticks(positions, labels, rotation=30 if n > 6 else 0, ha="right" if n > 6 else "center")
        ax.set_ylabel(value_label)
    ax.set_title(title, loc="left", fontsize=10)
    if len(series) > 1:
        ax.legend(frameon=False, fontsize=8)
    return to_data_uri(fig)


def lines(x_labels: Sequence[str], series: dict[str, Sequence[float | None]], title: str, value_label: str) -> str:
    """Trend lines told apart by marker and line style; a hidden point breaks its line."""
    fig, ax = plt.subplots(figsize=(7.0, 3.0))
    xs = list(range(len(x_labels)))
    for i, (name, values) in enumerate(series.items()):
        ys = [math.nan if v is None else float(v) for v in values]
        ax.plot(xs, ys, label=name, color="black" if i else INK, marker=MARKERS[i % len(MARKERS)],
                linestyle=LINESTYLES[i % len(LINESTYLES)], linewidth=1.4, markersize=5)  # fmt: skip
    ax.set_xticks(xs, x_labels)
    ax.set_ylabel(value_label)
    ax.set_title(title, loc="left", fontsize=10)
    ax.legend(frameon=False, fontsize=8)
    return to_data_uri(fig)


def network(edges: Sequence[dict], title: str) -> str:
    """Organisations on a circle, grouped by kind (marker shape), joined by their partnerships.

    Line width grows with the number of partnerships; cross-sector links are solid, same-sector dashed.
    """
    kinds: dict[str, str] = {}
    for edge in edges:
        kinds[edge["organisation_a"]] = edge["organisation_a_kind"] or "other"
        kinds[edge["organisation_b"]] = edge["organisation_b_kind"] or "other"
    nodes = sorted(kinds, key=lambda name: (kinds[name], name))
    fig, ax = plt.subplots(figsize=(7.0, 6.2))
    angle = {name: 2 * math.pi * i / max(len(nodes), 1) for i, name in enumerate(nodes)}
    pos = {name: (math.cos(a), math.sin(a)) for name, a in angle.items()}
    for edge in edges:
        (x1, y1), (x2, y2) = pos[edge["organisation_a"]], pos[edge["organisation_b"]]
        ax.plot([x1, x2], [y1, y2], color="#444", zorder=1,
                linewidth=0.6 + 0.5 * math.log1p(edge.get("partnerships") or 1),
                linestyle="-" if edge.get("is_cross_sector") else "--")  # fmt: skip
    kind_names = sorted(set(kinds.values()))
    for i, kind in enumerate(kind_names):
        members = [n for n in nodes if kinds[n] == kind]
        ax.scatter([pos[n][0] for n in members], [pos[n][1] for n in members], s=70, zorder=2,
                   marker=MARKERS[i % len(MARKERS)], facecolor=GREYS[i % 3] if i % 2 else "white",
                   edgecolor="black", linewidths=0.9, label=kind.replace("_", " "))  # fmt: skip
    for name, (x, y) in pos.items():
        ax.annotate(name, (x, y), xytext=(x * 1.08, y * 1.08), fontsize=6.5,
                    ha="left" if x >= 0 else "right", va="center")  # fmt: skip
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title, loc="left", fontsize=10)
    ax.legend(frameon=False, fontsize=7, loc="lower left", bbox_to_anchor=(-0.05, -0.08), ncol=3)
    return to_data_uri(fig)
