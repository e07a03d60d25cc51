"""What `make bench` measured, in one place: each benchmark records a number next to the line
it prints, and the run ends with one table of them all and var/bench/report.html (the table,
a chart of every ratio against its target, latency distributions against their baselines).

    from bench.report import at_most, record
    record("pages", "Arabic home p50", 38.0, 0.27, "ms", target=at_most(10),
           samples=seconds, baseline_samples=bare_seconds)

The ratio is value / baseline. A target bounds the ratio (``at_most(10)``: at most 10 times
the baseline) or, given a unit, the value itself (``at_most(1, "s")``: a rebuild in at most
1 s). Samples are latencies in seconds, as time.perf_counter() differences give them.
"""

import base64
import html
import io
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    bound: float
    at_least: bool  # the number must be >= bound (a rate); otherwise <= bound (a latency)
    unit: str | None = None  # None: the bound is on the ratio; else on the value, in this unit

    def holds(self, number):
        return number >= self.bound if self.at_least else number <= self.bound

    def __str__(self):
        suffix = f" {self.unit}" if self.unit else "x"
        return f"{'≥' if self.at_least else '≤'} {self.bound:g}{suffix}"


def at_least(bound, unit=None):
    return Target(bound, True, unit)


def at_most(bound, unit=None):
    return Target(bound, False, unit)


@dataclass
class Measurement:
    benchmark: str
    label: str
    value: float
    baseline: float | None
    unit: str
    target: Target | None = None
    samples: list = field(default_factory=list)
    baseline_samples: list = field(default_factory=list)

    @property
    def ratio(self):
        return self.value / self.baseline if self.baseline else None

    @property
    def holds(self):
        """True or False against the target; None without one."""
        if self.target is None:
            return None
        return self.target.holds(self.value if self.target.unit else self.ratio)


MEASUREMENTS = []


def record(
    benchmark, label, value, baseline, unit, target=None, samples=None, baseline_samples=None
):
    if target is not None and target.unit is None and not baseline:
        raise ValueError(f"{benchmark}, {label}: a target on the ratio needs a baseline")
    if target is not None and target.unit not in (None, unit):
        raise ValueError(f"{benchmark}, {label}: the target is in {target.unit}, not {unit}")
    measurement = Measurement(
        benchmark,
        label,
        float(value),
        None if baseline is None else float(baseline),
        unit,
        target,
        list(samples or ()),
        list(baseline_samples or ()),
    )
    MEASUREMENTS.append(measurement)
    return measurement


# --- the table ---------------------------------------------------------------------------

COLUMNS = ("benchmark", "measurement", "value", "baseline", "ratio", "target", "holds")
NUMERIC = {2, 3, 4}  # right-aligned


def _number(number):
    if abs(number) >= 100:
        return f"{number:,.0f}"
    if abs(number) >= 1:
        return f"{number:.2f}"
    return f"{number:.3g}"


def _verdict(measurement):
    return {None: "", True: "yes", False: "NO"}[measurement.holds]


def rows(measurements):
    """The table's cells, as text: one tuple per measurement, in COLUMNS' order."""
    for m in measurements:
        unit = f" {m.unit}" if m.unit else ""
        yield (
            m.benchmark,
            m.label,
            _number(m.value) + unit,
            "" if m.baseline is None else _number(m.baseline) + unit,
            "" if m.ratio is None else f"{_number(m.ratio)}x",
            "" if m.target is None else str(m.target),
            _verdict(m),
        )


def summary(measurements):
    checked = [m for m in measurements if m.holds is not None]
    missed = sum(1 for m in checked if not m.holds)
    return f"{len(checked) - missed} of {len(checked)} targets hold" + (
        f"; {missed} missed" if missed else ""
    )


def table(measurements):
    """A Markdown table (readable as is in a terminal, and pasted into the README)."""
    body = list(rows(measurements))
    widths = [max(len(cell) for cell in column) for column in zip(COLUMNS, *body, strict=True)]

    def line(cells):
        padded = (
            cell.rjust(width) if index in NUMERIC else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (width + 1) + ":" if index in NUMERIC else "-" * (width + 2)
            for index, width in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([line(COLUMNS), rule, *(line(cells) for cells in body)])


# --- the page ----------------------------------------------------------------------------


def _png(figure):
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def ratio_chart(measurements):
    """Every ratio on a log scale, green where its target holds, red where it does not, with
    the target as a black tick. None when nothing has a baseline."""
    from matplotlib.figure import Figure  # reason: only the report needs matplotlib

    shown = [m for m in measurements if m.ratio]  # a target on the value is in the table only
    if not shown:
        return None
    figure = Figure(figsize=(9, 0.3 * len(shown) + 1.2))
    axes = figure.subplots()
    positions = range(len(shown))
    colours = [{None: "tab:grey", True: "tab:green", False: "tab:red"}[m.holds] for m in shown]
    axes.barh(positions, [m.ratio for m in shown], color=colours)
    for position, m in zip(positions, shown, strict=True):
        if m.target is not None and m.target.unit is None:
            axes.plot([m.target.bound] * 2, [position - 0.4, position + 0.4], color="black")
    axes.set_yticks(list(positions), [f"{m.benchmark}: {m.label}" for m in shown])
    axes.invert_yaxis()
    axes.set_xscale("log")
    axes.set_xlabel("value / baseline (black: target)")
    axes.axvline(1, color="grey", linewidth=0.5)
    return _png(figure)


def latency_chart(benchmark, measurements):
    """The distribution (cumulative) of each measurement's latencies, solid, against its
    baseline's, dashed, on a log scale. None when the benchmark kept no samples."""
    from matplotlib.figure import Figure  # reason: only the report needs matplotlib

    shown = [m for m in measurements if m.benchmark == benchmark and m.samples]
    if not shown:
        return None
    figure = Figure(figsize=(9, 4.5))
    axes = figure.subplots()
    for index, m in enumerate(shown):
        colour = f"C{index % 10}"
        for samples, style, label in [
            (m.samples, "-", m.label),
            (m.baseline_samples, "--", "_nolegend_"),  # the colour names it
        ]:
            if samples:
                ordered = sorted(seconds * 1000 for seconds in samples)
                fractions = [(rank + 1) / len(ordered) for rank in range(len(ordered))]
                axes.step(ordered, fractions, style, color=colour, where="post", label=label)
    axes.set_xscale("log")
    axes.set_xlabel("latency, ms (log)")
    axes.set_ylabel("fraction of requests")
    axes.set_title(f"{benchmark}: latency against the baseline (dashed)")
    axes.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
    axes.grid(True, which="both", linewidth=0.3)
    return _png(figure)


STYLE = """
body { font: 15px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border-bottom: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
tr.missed td { background: #fde8e8; }
img { max-width: 100%; height: auto; }
"""


def _table_html(measurements):
    head = "".join(f"<th scope='col'>{html.escape(name)}</th>" for name in COLUMNS)
    lines = []
    for m, cells in zip(measurements, rows(measurements), strict=True):
        tds = "".join(
            f"<td class='number'>{html.escape(cell)}</td>"
            if index in NUMERIC
            else f"<td>{html.escape(cell)}</td>"
            for index, cell in enumerate(cells)
        )
        row_class = " class='missed'" if m.holds is False else ""
        lines.append(f"<tr{row_class}>{tds}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"


def _figure_html(png, caption):
    return (
        f"<figure><img src='data:image/png;base64,{png}' alt='{html.escape(caption)}'>"
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def page(measurements, context=()):
    """report.html: one self-contained document (the plots are inline PNGs)."""
    parts = [
        "<!DOCTYPE html>",
        "<html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>make bench</title><style>{STYLE}</style></head><body>",
        "<h1>make bench</h1>",
    ]
    if context:
        items = "".join(
            f"<dt>{html.escape(key)}</dt><dd>{html.escape(str(value))}</dd>"
            for key, value in context
        )
        parts.append(f"<dl>{items}</dl>")
    parts.append(f"<p>{html.escape(summary(measurements))}.</p>")
    parts.append(_table_html(measurements))
    chart = ratio_chart(measurements)
    if chart:
        parts.append("<h2>Ratios against their targets</h2>")
        parts.append(_figure_html(chart, "Every ratio (log scale) with its target"))
    benchmarks = list(dict.fromkeys(m.benchmark for m in measurements))
    charts = [(name, latency_chart(name, measurements)) for name in benchmarks]
    if any(png for _name, png in charts):
        parts.append("<h2>Latency distributions</h2>")
    for name, png in charts:
        if png:
            parts.append(_figure_html(png, f"{name}: latency, solid, against the baseline, dashed"))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write(path, measurements, context=()):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page(measurements, context), encoding="utf-8")
    return path
