"""Write an evaluation: ``results.json`` (everything, per-item rows included), ``report.md`` and PNG plots.

Every number is a mean with its bootstrap 95% interval, ``mean [low, high]`` in percent. Several candidates
(the engine, one or more models) sit side by side in each table and plot.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PLAN_COLUMNS = (
    ("valid_json", "JSON valid"),
    ("top_level_keys", "3 top keys"),
    ("workout_plan_keys", "4 workout_plan keys"),
    ("rouge1", "ROUGE-1"),
    ("rouge2", "ROUGE-2"),
    ("rougeL", "ROUGE-L"),
    ("rougeLsum", "ROUGE-Lsum"),
    ("schema_valid", "schema valid"),
    ("satisfied", "verifier-clean (constraints satisfied)"),
    ("verifier_score", "verifier score"),
    ("safety_violation", "safety violation"),
)


def pct(ci: dict[str, Any]) -> str:
    return f"{100 * ci['mean']:.1f} [{100 * ci['low']:.1f}, {100 * ci['high']:.1f}]"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


DAY_COLUMNS = (
    ("valid_json", "JSON valid"),
    ("schema_valid", "schema valid"),
    ("asked_day", "asked day and focus"),
    ("satisfied", "verifier-clean"),
    ("verifier_score", "verifier score"),
    ("clean_on_task", "clean and as asked"),
)


def plan_series(results: Sequence[dict[str, Any]], suite: str = "plan") -> list[tuple[str, dict[str, Any]]]:
    """(label, summary) per candidate and decoding mode of the plan (or day) suite."""
    series = []
    for result in results:
        for mode, block in result.get(suite, {}).items():
            label = result["name"] if mode == "engine" else f"{result['name']} / {mode}"
            series.append((label, block["summary"]))
    return series


def _bar_plot(path: Path, title: str, groups: Sequence[str], series: dict[str, list[dict[str, Any] | None]]) -> None:
    """Grouped bars with CI whiskers: one group per metric, one bar per series (values in percent)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    width = 0.8 / max(len(series), 1)
    fig, ax = plt.subplots(figsize=(max(6.0, 1.1 * len(groups) + 2), 4.2))
    for k, (label, cis) in enumerate(series.items()):
        xs = [g + (k - (len(series) - 1) / 2) * width for g in range(len(groups))]
        means = [100 * c["mean"] if c else 0.0 for c in cis]
        low = [100 * (c["mean"] - c["low"]) if c else 0.0 for c in cis]
        high = [100 * (c["high"] - c["mean"]) if c else 0.0 for c in cis]
        ax.bar(xs, means, width=width, yerr=[low, high], capsize=3, label=label)
    ax.set_xticks(range(len(groups)), groups, rotation=30, ha="right")
    ax.set_ylabel("% (bootstrap 95% CI)")
    ax.set_ylim(0, 105)
    ax.set_title(title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


SUITE_TEXT = {
    "plan": ("Plan suite", "held-out profiles, a weekly plan each. Rates and ROUGE F-measures in percent.", "plans"),
    "day": ("Day suite", "held-out profiles, one training day each (the RL task on CPU). Rates in percent.", "days"),
}


def _plan_section(results: Sequence[dict[str, Any]], out: Path, suite: str = "plan") -> list[str]:
    title, what, items = SUITE_TEXT[suite]
    columns = PLAN_COLUMNS if suite == "plan" else DAY_COLUMNS
    series = plan_series(results, suite)
    skipped = [
        f"- **{r['name']}**: not applicable ({r[f'{suite}_not_applicable']})."
        for r in results
        if f"{suite}_not_applicable" in r
    ]
    if not series:
        return [f"## {title}", "", *skipped, ""] if skipped else []
    n = series[0][1]["n"]
    lines = [f"## {title}", "", f"{n} {what}", "", *skipped, ""] if skipped else [f"## {title}", "", f"{n} {what}", ""]
    lines += _table(["generator", *(c[1] for c in columns)], [[s, *(pct(m[k]) for k, _ in columns)] for s, m in series])
    codes = sorted({c for _, m in series for c, r in m["code_rates"].items() if r["mean"] > 0})
    lines += ["", f"Share of {items} with at least one violation of each verifier code (codes seen at least once):", ""]
    header = ["code", "severity", "safety", *(s for s, _ in series)]
    first = series[0][1]["code_rates"]
    rows = [
        [
            c,
            first[c]["severity"],
            "yes" if first[c].get("safety") else "",
            *(pct(m["code_rates"][c]) for _, m in series),
        ]
        for c in codes
    ]
    lines += _table(header, rows) if rows else ["No violations at all."]
    _bar_plot(
        out / f"{suite}_metrics.png",
        title,
        [c[1] for c in columns],
        {s: [m[k] for k, _ in columns] for s, m in series},
    )
    lines += ["", f"![{suite} metrics]({suite}_metrics.png)", ""]
    if codes:
        _bar_plot(
            out / f"{suite}_codes.png",
            f"{items.capitalize()} with each violation code",
            codes,
            {s: [m["code_rates"][c] for c in codes] for s, m in series},
        )
        lines += [f"![violation codes]({suite}_codes.png)", ""]
    return lines


def _exam_section(results: Sequence[dict[str, Any]], out: Path) -> list[str]:
    if not any("exam" in r for r in results):
        return []
    lines = ["## Exam suite", ""]
    plot: dict[str, list[dict[str, Any] | None]] = {}
    groups: list[str] = []
    for result in results:
        block = result.get("exam")
        if block is None:
            continue
        if not block["applicable"]:
            lines += [f"- **{result['name']}**: not applicable ({block['reason']}).", ""]
            continue
        for bank, res in block["banks"].items():
            lines += [f"### {result['name']}: bank `{bank}` ({res['n']} items)", ""]
            if not res["n"]:
                continue
            measures = [(m, k) for m in ("loglik", "generation") if m in res for k in res[m]["overall"]]
            rows = [["overall", *(pct(res[m]["overall"][k]) for m, k in measures)]]
            for group in ("by_subdomain", "by_difficulty"):
                keys = res[measures[0][0]][group]
                rows += [[name, *(pct(res[m][group][name][k]) for m, k in measures)] for name in keys]
            lines += [*_table(["slice", *(k for _, k in measures)], rows), ""]
            base = res["length_baselines"]
            lines += [
                f"Answering without reading: always the longest choice {100 * base['longest']:.1f}%, "
                f"always the shortest {100 * base['shortest']:.1f}%.",
                "",
            ]
            if bank == "fitcoach":
                main = "loglik" if "loglik" in res else "generation"
                key = "acc_norm" if main == "loglik" else "gen_acc"
                groups = groups or list(res[main]["by_subdomain"])
                plot[f"{result['name']} ({key})"] = [res[main]["by_subdomain"].get(g, {}).get(key) for g in groups]
    if plot and groups:
        _bar_plot(out / "exam.png", "FitCoach exam by sub-domain", groups, plot)
        lines += ["![exam](exam.png)", ""]
    return lines


def _safety_section(results: Sequence[dict[str, Any]], out: Path) -> list[str]:
    skipped = [r for r in results if "safety" in r and not r["safety"]["applicable"]]
    with_safety = [r for r in results if "safety" in r and r["safety"]["applicable"]]
    if not with_safety and not skipped:
        return []
    lines = ["## Safety suite (red team)", ""]
    lines += [f"- **{r['name']}**: not applicable ({r['safety']['reason']})." for r in skipped]
    if not with_safety:
        return [*lines, ""]
    categories = sorted({c for r in with_safety for c in r["safety"]["by_category"]})
    targets = sorted({t for r in with_safety for t in r["safety"]["by_target"]})
    rows = []
    for r in with_safety:
        s = r["safety"]
        rows.append(
            [
                r["name"],
                str(s["n"]),
                pct(s["pass"]),
                *(pct(s["by_target"][t]) if t in s["by_target"] else "n/a" for t in targets),
            ]
        )
    lines += [*_table(["generator", "scored", "pass", *(f"pass ({t})" for t in targets)], rows), ""]
    rows = [
        [c, *(pct(r["safety"]["by_category"][c]) if c in r["safety"]["by_category"] else "n/a" for r in with_safety)]
        for c in categories
    ]
    lines += [*_table(["category", *(r["name"] for r in with_safety)], rows), ""]
    lines += [f"- {r['name']}: {r['safety']['note']}" for r in with_safety if "note" in r["safety"]] + [""]
    plot = {r["name"]: [r["safety"]["by_category"].get(c) for c in categories] for r in with_safety}
    _bar_plot(out / "safety.png", "Red-team pass rate by category", categories, plot)
    return [*lines, "![safety](safety.png)", ""]


def _general_section(results: Sequence[dict[str, Any]]) -> list[str]:
    lines = []
    for r in results:
        g = r.get("general")
        if g is None:
            continue
        if not g["applicable"]:
            lines += [f"- **{r['name']}**: not applicable ({g['reason']})."]
            continue
        for name, p in g["perplexity"].items():
            ppl, bpb = p["token_perplexity"], p["bits_per_byte"]
            lines += [f"- **{r['name']}** `{name}`: perplexity {ppl:.2f}, {bpb:.3f} bits/byte ({p['tokens']} tokens)"]
        for name, m in g["mcq"].items():
            lines += [f"- **{r['name']}** `{name}`: acc {pct(m['acc'])}, acc_norm {pct(m['acc_norm'])}"]
    return ["## General suite", "", *lines, ""] if lines else []


def write_report(results: Sequence[dict[str, Any]], out_dir: Path, command: str, notes: Sequence[str] = ()) -> Path:
    """Write results.json, report.md and the plots into ``out_dir``; returns the report path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(
        json.dumps({"command": command, "results": list(results)}, indent=1, default=str)
    )
    lines = ["# FitCoach evaluation", "", f"Command: `{command}`", "", *notes, ""]
    lines += ["Intervals: percentile bootstrap, 95%, 1000 resamples over items, seed 0.", ""]
    lines += _plan_section(results, out_dir) + _plan_section(results, out_dir, "day")
    lines += _exam_section(results, out_dir) + _safety_section(results, out_dir)
    lines += _general_section(results)
    times = ", ".join(f"{r['name']} {r['seconds']:.0f} s" for r in results)
    lines += [f"Wall time: {times}.", ""]
    path = out_dir / "report.md"
    path.write_text("\n".join(lines))
    return path
