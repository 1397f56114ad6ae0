"""`make bench`: every figure of the benchmark suite with its floor and ratio.

Prints a table and writes the figures to out/bench.json. Timings never go into tests;
each figure is a ratio to a floor measured in the same run, since absolute times on a
shared machine drift. `make bench LARGE=1` adds a compile of 100,000 reports to check
that memory stays flat (memory only: see bench/compile_month.py).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path
from typing import Any

from bench import api, compile_month, cost, province

OUT = Path(__file__).resolve().parent.parent / "out" / "bench.json"


def _row(figure: str, value: str, floor: str, ratio: float | None, target: float | None) -> str:
    verdict = "" if target is None or ratio is None else ("ok" if ratio <= target else "MISSED")
    ratio_text = "" if ratio is None else f"{ratio:.2f}x"
    target_text = "" if target is None else f"<= {target}x"
    return f"{figure:<44} {value:>12} {floor:>12} {ratio_text:>8} {target_text:>9} {verdict}"


def _spread(measured: dict[str, Any]) -> str:
    low, high = (t * 1000 for t in measured["value_range_s"])
    floor_low, floor_high = (t * 1000 for t in measured["floor_range_s"])
    ratio_low, ratio_high = measured["paired_ratio_range"]
    q1, q3 = measured["paired_ratio_quartiles"]
    return (
        f"{'':<4}{measured['runs']} runs: {low:.0f}-{high:.0f} ms, floor {floor_low:.0f}-{floor_high:.0f} ms; "
        f"ratio of each pair {ratio_low:.2f}-{ratio_high:.2f}x (middle half {q1:.2f}-{q3:.2f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--large", action="store_true", help="also compile 100,000 reports")
    parser.add_argument("--reports", type=int, default=2000, help="submissions to time")
    arguments = parser.parse_args()

    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]  # each figure as soon as measured
    results: dict[str, Any] = {"machine": platform.platform(), "python": platform.python_version()}
    print(f"{'figure':<44} {'value':>12} {'floor':>12} {'ratio':>8} {'target':>9}")
    start = results["cold_start"] = api.cold_start()
    print(
        _row(
            start["figure"],
            f"{start['value_s'] * 1000:.0f} ms",
            f"{start['floor_s'] * 1000:.0f} ms",
            start["ratio"],
            start["target"],
        )
    )
    print(_spread(start))
    print(f"{'':<4}heavy modules loaded by `import app`: {start['heavy_modules_loaded'] or 'none'}")
    bare = start["bare_floor_s"] * 1000
    print(
        f"{'':<4}against `import chalice, boto3, pydantic` alone ({bare:.0f} ms): {start['ratio_to_bare_floor']:.2f}x"
    )
    first = results["first_request"] = api.first_request()
    print(
        _row(
            first["figure"],
            f"{first['value_s'] * 1000:.0f} ms",
            f"{first['floor_s'] * 1000:.0f} ms",
            first["ratio"],
            first["target"],
        )
    )
    print(_spread(first))
    calls = ", ".join(first["dynamodb_calls"])
    print(f"{'':<4}floor: the same runtime + one PutItem; the request's DynamoDB calls: {calls}")
    submit, read, per_request = api.submit_and_read(arguments.reports)
    results["submit"], results["read"], results["per_request"] = submit, read, per_request
    print(
        _row(
            submit["figure"],
            f"{submit['value_s'] * 1000:.2f} ms",
            f"{submit['floor_s'] * 1000:.2f} ms",
            submit["ratio"],
            submit["target"],
        )
    )
    same = submit["same_calls_s"] * 1000
    print(
        f"    the same DynamoDB calls made directly: {same:.2f} ms; the app adds {submit['ratio_to_same_calls']:.2f}x"
    )
    kinds = ", ".join(submit["dynamodb_call_kinds"])
    print(f"    DynamoDB round trips per accepted report: {submit['dynamodb_calls_per_report']:.3f} ({kinds})")
    print(
        _row(
            read["figure"],
            f"{read['value_s'] * 1000:.2f} ms",
            f"{read['floor_s'] * 1000:.2f} ms",
            read["ratio"],
            read["target"],
        )
    )
    print("per request (reporter's token, or the public), each kind timed over 100 requests:")
    print(f"    {'request':<44} {'ms':>8} {'DynamoDB calls':>15}  kinds")
    same = [
        {**submit, "figure": "submit: POST /reports", "dynamodb_calls": submit["dynamodb_calls_per_report"]},
        *per_request,
    ]
    for measured in same:
        kinds = ", ".join(measured["dynamodb_call_kinds"])
        ms, count = measured["value_s"] * 1000, measured["dynamodb_calls"]
        print(f"    {measured['figure']:<44} {ms:>8.2f} {count:>15.2f}  {kinds}")
    results["compile"] = [compile_month.measure_apart(20_000)]
    measured = results["compile"][0]
    print(
        _row(
            f"compile: {measured['reports']:,} reports, every format",
            f"{measured['compile_seconds']:.1f} s",
            f"{measured['floor_seconds']:.1f} s",
            measured["ratio"],
            1.5,
        )
    )
    own = measured["compile_less_query_seconds"]
    print(
        f"    peak Python memory during the compile: {measured['peak_mib']:.1f} MiB (the process's peak resident"
        f" memory, seeding included: {measured['max_rss_mib']:.0f} MiB); own work {own:.1f} s"
    )
    parts = measured["own_seconds"]
    each = "; ".join(f"{name} {seconds / measured['reports'] * 1e6:.0f}" for name, seconds in parts.items())
    rest = (own - sum(parts.values())) / measured["reports"] * 1e6
    print(f"    own work per report, µs: {each}; the rest {rest:.0f}")
    if arguments.large:  # memory only: moto's Query time grows with the square of the table (bench/compile_month.py)
        large = compile_month.measure_apart(100_000, timed=False)
        results["compile"].append(large)
        growth = large["peak_mib"] - measured["peak_mib"]
        results["compile_memory_growth_mib"] = growth
        verdict = "ok" if growth < 100 else "MISSED"
        print(
            f"compile: 100,000 reports, peak Python memory {large['peak_mib']:.1f} MiB, peak resident"
            f" {large['max_rss_mib']:.0f} MiB (compiled once, not timed)"
        )
        print(f"    peak memory growth 20,000 -> 100,000 reports: {growth:.1f} MiB (target < 100 MiB) {verdict}")
    # 250 reports a county: at 1,000 moto's server grew past 16 GB (its Query copies the table for each page); the
    # province's own calls do not depend on how many reports its counties hold
    level = results["province"] = province.measure(20, 250, 10)
    print(
        _row(
            "province: a year of 20 counties × 250 reports",
            f"{level['province_compile_seconds']:.1f} s",
            f"{level['counties_compile_seconds']:.1f} s",
            level["ratio"],
            None,
        )
    )
    calls = ", ".join(f"{name} {count}" for name, count in {**level["dynamodb_calls"], **level["s3_calls"]}.items())
    print(
        f"{'':<4}floor: the 20 counties' own year compiles; the province's calls: {calls}; peak Python memory"
        f" {level['peak_mib']:.1f} MiB; it reads no report"
    )
    per_report_compile = measured["compile_less_query_seconds"] / measured["reports"]
    results["cost_per_million_reports"] = cost.per_million_reports(submit)
    results["cost_per_county_month"] = cost.per_county_month(submit, read, per_report_compile)
    for key in ("cost_per_million_reports", "cost_per_county_month"):
        figure = results[key]
        print(f"{figure['figure']:<44} {'$' + format(figure['value'], '.4f'):>12}")
        print(f"{'':<4}{figure['arithmetic']}")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    print(f"figures written to {OUT.relative_to(OUT.parent.parent)}")


if __name__ == "__main__":
    main()
