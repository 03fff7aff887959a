"""The figures of ``analyzer compare`` (needs matplotlib, the ``plot`` extra).

Three figures over the groups, each as PNG and SVG: category shares of the
directives (stacked bars, the count of directives above each bar), deadline
horizons (box plots of days from the document's date, with how many deadlines
each box holds), and the top parties (a grid: parties by groups, counts in the
cells).  Party names are Chinese: a CJK font is used when one is installed.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..messages import MESSAGES
from ..plot import COLORS
from ..stats import CATEGORIES

INSTALL_HINT = MESSAGES["en"]["figures_missing"]  # the library says it in English; the CLI in the user's language
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
             "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "Noto Serif CJK SC")
FIGURES = ("category_shares", "deadline_horizons", "top_parties")
TOP_PARTIES = 12


def available() -> bool:
    """Whether matplotlib can be imported."""
    import importlib.util

    return importlib.util.find_spec("matplotlib") is not None


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # no display needed, and no GUI toolkit imported
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    cjk = [f for f in CJK_FONTS if f in installed]
    plt.rcParams["font.sans-serif"] = cjk + list(plt.rcParams["font.sans-serif"])
    plt.rcParams["svg.fonttype"] = "none"  # text stays text in the SVG: searchable, and small
    plt.rcParams["axes.unicode_minus"] = False  # the CJK fonts lack U+2212
    return plt


def _labels(groups) -> list[str]:
    return [str(g) for g in groups]


def category_shares(plt, rows: list[dict], by: str):
    """Stacked bars: each group's directive category shares."""
    labels = _labels(r[by] for r in rows)
    xs = range(len(rows))
    fig, ax = plt.subplots(figsize=(max(6.0, 0.7 * len(rows) + 3), 4.5))
    base = [0.0] * len(rows)
    for cat in CATEGORIES:
        values = [r[f"directives_share_{cat}"] or 0.0 for r in rows]
        ax.bar(xs, values, bottom=base, color=COLORS[cat], label=cat, width=0.75)
        base = [b + v for b, v in zip(base, values)]
    for x, r in zip(xs, rows):
        ax.text(x, 1.02, f"n={r['directives']}", ha="center", fontsize="small")
    ax.set_ylim(0, 1.25)
    ax.set_xticks(list(xs), labels, rotation=30 if len(rows) > 8 else 0, ha="right" if len(rows) > 8 else "center")
    ax.set_ylabel("share of directives")
    ax.set_xlabel(by)
    ax.set_title(f"Directive categories by {by}")
    ax.legend(loc="upper center", fontsize="small", ncol=len(CATEGORIES), bbox_to_anchor=(0.5, 1.0))
    return fig


def deadline_horizons(plt, rows: list[dict], horizons: dict, by: str):
    """Box plots of days from the document's date to each dated deadline."""
    keys = [r[by] for r in rows]
    data = [horizons.get(k) or [] for k in keys]
    fig, ax = plt.subplots(figsize=(max(6.0, 0.7 * len(rows) + 3), 4.5))
    shown = [(k, d) for k, (d) in enumerate(data) if d]
    if shown:
        ax.boxplot([d for _, d in shown], positions=[k for k, _ in shown], widths=0.6)
    for k, d in enumerate(data):
        ax.annotate(f"n={len(d)}", (k, 0), xycoords=("data", "axes fraction"), xytext=(0, 3),
                    textcoords="offset points", ha="center", fontsize="small")
    ax.set_xlim(-0.5, len(rows) - 0.5)
    ax.set_xticks(range(len(rows)), _labels(keys), rotation=30 if len(rows) > 8 else 0)
    ax.set_ylabel("days from the document's date")
    ax.set_xlabel(by)
    ax.set_title("Deadline horizons" + ("" if shown else " (no dated deadline in any group)"))
    return fig


def top_parties(plt, rows: list[dict], parties: dict, by: str):
    """A grid of the most frequent parties overall by group, counts in the cells."""
    keys = [r[by] for r in rows]
    total = Counter()
    for k in keys:
        total.update(parties.get(k) or {})
    names = [n for n, _ in total.most_common(TOP_PARTIES)]
    grid = [[(parties.get(k) or {}).get(n, 0) for k in keys] for n in names]
    fig, ax = plt.subplots(figsize=(max(6.0, 0.8 * len(keys) + 4), max(3.0, 0.4 * len(names) + 1.5)))
    if names:
        ax.imshow(grid, cmap="Blues", aspect="auto")
        top = max(max(line) for line in grid)
        for i, line in enumerate(grid):
            for j, v in enumerate(line):
                if v:  # white on the dark cells, or the count cannot be read
                    ax.text(j, i, str(v), ha="center", va="center", fontsize="small",
                            color="white" if v > top / 2 else "black")
        ax.set_yticks(range(len(names)), names)
    ax.set_xticks(range(len(keys)), _labels(keys), rotation=30 if len(keys) > 8 else 0)
    ax.set_xlabel(by)
    ax.set_title(f"Top parties by {by} (directive parties)" + ("" if names else ": none found"))
    return fig


def draw(rows: list[dict], groups: dict, by: str, folder: str | Path, force: bool = False) -> list[Path]:
    """Write the three figures as PNG and SVG into ``folder``; returns the paths."""
    from ..output import atomic_write

    plt = _pyplot()
    folder = Path(folder)
    horizons = {k: g.horizons for k, g in groups.items()}
    parties = {k: g.parties for k, g in groups.items()}
    figs = {"category_shares": category_shares(plt, rows, by),
            "deadline_horizons": deadline_horizons(plt, rows, horizons, by),
            "top_parties": top_parties(plt, rows, parties, by)}
    written = []
    for name, fig in figs.items():
        fig.tight_layout()
        for ext in ("png", "svg"):
            path = folder / f"{name}.{ext}"
            with atomic_write(path, force=force, mode="wb") as fh:
                fig.savefig(fh, format=ext, dpi=110)
            written.append(path)
        plt.close(fig)
    return written
