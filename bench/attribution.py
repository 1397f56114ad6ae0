"""Where a compile's own time goes, output by output: the real compile's functions wrapped in timers for the
duration of one compile, each moment counted once (a call inside another timed call is taken out of the outer).

    tally     MonthPeriod.add and close_month (the figures)
    words     narrate.narrated: the narrative, written once from the figures
    row       MonthFiles.row: a report as its 台账 row, which the XLSX and the CSV share
    xlsx      MonthFiles.write less the CSV's part, the sheets filled from the summary, the workbook saved
    csv       the CSV writer's rows
    docx      the DOCX draft
    json      summary.json
    upload    the files' PUTs to the bucket (moto)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class Stopwatch:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._running: list[tuple[str, float]] = []

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            now = time.perf_counter()
            if self._running:  # pause the outer timer
                outer, since = self._running[-1]
                self.seconds[outer] = self.seconds.get(outer, 0.0) + now - since
            self._running.append((name, now))
            try:
                return function(*args, **kwargs)
            finally:
                end = time.perf_counter()
                _, since = self._running.pop()
                self.seconds[name] = self.seconds.get(name, 0.0) + end - since
                if self._running:  # resume it
                    self._running[-1] = (self._running[-1][0], end)

        return timed


@contextmanager
def outputs() -> Iterator[Stopwatch]:
    """Time the compile's parts while inside; the functions are put back on leaving."""
    from chalicelib.files.bucket import Bucket
    from chalicelib.summaries import month_files, narrate, period_tallies
    from chalicelib.summaries.month_files import MonthFiles

    watch = Stopwatch()
    writer = month_files.csv_writer
    patches: list[tuple[Any, str, Callable[..., Any]]] = [
        (period_tallies.MonthPeriod, "add", watch.wrap("tally", period_tallies.MonthPeriod.add)),
        (period_tallies.MonthPeriod, "close_month", watch.wrap("tally", period_tallies.MonthPeriod.close_month)),
        (narrate, "narrated", watch.wrap("words", narrate.narrated)),
        (MonthFiles, "row", watch.wrap("row", MonthFiles.row)),
        (MonthFiles, "write", watch.wrap("xlsx", MonthFiles.write)),
        (MonthFiles, "_fill", watch.wrap("xlsx", MonthFiles._fill)),
        (month_files, "save_workbook", watch.wrap("xlsx", month_files.save_workbook)),
        (month_files, "csv_writer", lambda *a: watch.wrap("csv", writer(*a))),
        (MonthFiles, "_docx", watch.wrap("docx", MonthFiles._docx)),
        (month_files, "dumps", watch.wrap("json", month_files.dumps)),
        (Bucket, "put", watch.wrap("upload", Bucket.put)),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    try:
        for owner, name, replacement in patches:
            setattr(owner, name, replacement)
        yield watch
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)
