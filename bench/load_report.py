"""The load run as a Markdown table (readable in a terminal, pasted in the README)."""

from __future__ import annotations

from bench.load import TARGETS
from bench.load_clients import OPERATIONS
from bench.report import _row


def header(result: dict) -> str:
    store, average = result["store"], result["load_average"]
    processes = result.get("processes", 1)
    return (f"{store['store']} {store['version']}: waitress ({processes} "
            f"process{'es' if processes > 1 else ''} × {result['threads']} threads) and "
            f"the external projector; {result['clients']} clients for {result['seconds']:g} s "
            f"(reference: {result['reference_seconds']:g} s), {result['communes']} communes; "
            f"load average (1 min) {average['before'][0]} before, {average['after'][0]} after")


def table(result: dict) -> str:
    load, reference, check = result["load"], result["reference"], result["check"]
    met = result["targets_met"]

    def ok(name):
        return "yes" if met[name] else "**no**"

    def times(summary):
        if not summary.get("n"):
            return "–"
        return f"{summary['p50_ms']:.1f} / {summary['p95_ms']:.1f} ms"

    ratio = f"{result['ratio']:.2f}" if result["ratio"] is not None else "–"
    rows = [
        ("throughput (the mix)", f"{load['requests_per_second']:,} requests/s "
         f"({load['requests']:,})", f"{reference['page']}: {reference['requests_per_second']:,}"
         f" requests/s", ratio, f"≥ {TARGETS['throughput_ratio']}", ok("throughput_ratio")),
        ("commands (raise, escalate, acknowledge), p50 / p95",
         times(load.get("commands", {})),
         f"{reference['page']}: {times(reference['operations']['reference'])}", "",
         f"p95 < {TARGETS['commands_p95_ms']} ms", ok("commands_p95_ms")),
    ]
    for name in OPERATIONS:
        figures = load["operations"][name]
        rows.append((f"   {name}, p50 / p95 ({figures['n']:,})", times(figures), "", "", "",
                     ""))
    answered = check["answered"]
    rows += [
        ("errors (non-2xx/3xx, no answer, wrong state)", f"{result['errors']}", "", "", "0",
         ok("errors")),
        ("lost / doubled in the log", f"{check['lost']} / {check['doubled']}",
         f"answered {answered['raise']:,} raises, {answered['escalate']:,} escalations, "
         f"{answered['acknowledge']:,} acknowledgements; events "
         + " / ".join(f"{check['events'][name]:,}" for name in answered), "", "0 / 0",
         ok("lost_or_doubled")),
        ("read side (regional lists): files / acknowledged",
         f"{result['read_side']['files']:,} / {result['read_side']['acknowledged']:,}",
         "", "", "= answered", ok("read_side")),
    ]
    header_cells = ("figure", "measured", "reference, same run", "ratio", "target", "met")
    lines = [_row(header_cells), _row(["---"] * len(header_cells))]
    lines += [_row(row) for row in rows]
    used = result["cpu"]
    lines += ["", f"Cores in use during the mix (of {used['cores']}): {used['busy']}, of which "
              + ", ".join(f"{name} {value}" for name, value in used.items()
                          if name not in ("cores", "busy")) + "."]
    examples = load["error_examples"] + reference["error_examples"]
    if examples:
        lines += ["", "First errors:", *[f"- {example}" for example in examples[:5]]]
    return "\n".join(lines)
