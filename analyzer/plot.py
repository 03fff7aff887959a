"""Figures of ``analyzer stats`` (optional: needs matplotlib, the ``plot`` extra).

One PNG with two panels over the documents in results order: directives by
category (stacked bars), and directive density (directives per 1,000
characters).
"""
from __future__ import annotations

import importlib.util

from .stats import CATEGORIES

COLORS = {"ideology": "#d62728", "system": "#1f77b4", "work_style": "#ff7f0e", "discipline": "#2ca02c",
          "other": "#bbbbbb"}


def available() -> bool:
    """Whether matplotlib (the plot extra) is installed, without importing it."""
    return importlib.util.find_spec("matplotlib") is not None


def plot_rows(rows: list[dict], fh) -> None:
    """Draw the figure of per-document ``rows`` (from stats.row) as PNG into ``fh``."""
    import matplotlib

    matplotlib.use("Agg")  # no display needed, and no GUI toolkit imported
    import matplotlib.pyplot as plt

    n = len(rows)
    xs = list(range(n))
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(max(6.0, min(24.0, 0.25 * n + 4)), 7), sharex=True)
    base = [0] * n
    for cat in CATEGORIES:
        values = [r[f"directives_{cat}"] for r in rows]
        top.bar(xs, values, bottom=base, color=COLORS[cat], label=cat, width=0.8)
        base = [b + v for b, v in zip(base, values)]
    top.set_ylim(0, max([1, *base]) * 1.3)  # room for the legend above the bars
    top.set_ylabel("directives")
    top.set_title("Directives by category, per document")
    top.legend(loc="upper right", fontsize="small", ncol=len(CATEGORIES))
    bottom.bar(xs, [r["directive_density"] for r in rows], color="#555555", width=0.8)
    bottom.set_ylabel("per 1,000 characters")
    bottom.set_title("Directive density")
    bottom.set_xlabel("document (in results order)")
    if n <= 40:
        # Ids are often Chinese file names, which the default font cannot draw: show numbers.
        bottom.set_xticks(xs, [str(i + 1) for i in xs])
    fig.tight_layout()
    fig.savefig(fh, format="png", dpi=100)
    plt.close(fig)
