"""`make bench`: start-up and arithmetic cost, measured in one run on this machine.

Three measures, each against a target from the issue that set them:
- cold `inspectcal plan` wall time beside `python -c "import typer, rich.table"`, the floor any
  typer+rich command pays (target: at most 1.5 times that baseline);
- adding 1000 working days against adding 10 (target ratio at most 2: the cost must not grow
  with the distance);
- closures that reach to year 9999 or repeat without end: each plan with them takes at most
  6 s and 200 MB (before they were clipped to the years with bank-holiday data, a DTEND in
  9999 took minutes and 775 MB).
Medians of interleaved runs, so a busy moment on the machine hits both sides alike.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from datetime import date
from pathlib import Path

RUNS = 21
PLAN = [str(Path(sys.executable).parent / "inspectcal"), "plan", "-f", "jtai"]
PLAN += ["--notify", "2016-09-13"]
BASELINE = [sys.executable, "-c", "import typer, rich.table"]


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def startup() -> tuple[float, float]:
    wall(PLAN)  # warm the file cache and the .pyc files, not the interpreter
    wall(BASELINE)
    plans, bases = [], []
    for _ in range(RUNS):
        plans.append(wall(PLAN))
        bases.append(wall(BASELINE))
    return statistics.median(plans), statistics.median(bases)


def arithmetic() -> tuple[float, float]:
    from inspectcal.bankholidays import load_calendar

    calendar = load_calendar("england-and-wales")
    start = date(2016, 9, 13)
    calendar.add_working_days(start, 1000)  # load the years both measures touch
    number = 20_000
    short = min(
        timeit.repeat(lambda: calendar.add_working_days(start, 10), number=number, repeat=5)
    )
    long = min(
        timeit.repeat(lambda: calendar.add_working_days(start, 1000), number=number, repeat=5)
    )
    return short / number, long / number


FAR_SECONDS = 6.0
FAR_MB = 200.0


def _ics(*lines: str) -> str:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//bench//EN", "BEGIN:VEVENT"]
    return "\r\n".join([*head, "UID:1@bench", "SUMMARY:far", *lines, "END:VEVENT", "END:VCALENDAR"])


FAR_CASES = {
    "ics RRULE:FREQ=MINUTELY, no end (refused)": (
        "far.ics",
        _ics("DTSTART;VALUE=DATE:20160914", "RRULE:FREQ=MINUTELY"),
    ),
    "ics RRULE:FREQ=DAILY from 1900, no end": (
        "far.ics",
        _ics("DTSTART;VALUE=DATE:19000102", "RRULE:FREQ=DAILY;INTERVAL=2"),
    ),
    "ics DTSTART 2016-12-27, DTEND in 9999": (
        "far.ics",
        _ics("DTSTART;VALUE=DATE:20161227", "DTEND;VALUE=DATE:99991231"),
    ),
    "ics DURATION:P9999999D": (
        "far.ics",
        _ics("DTSTART;VALUE=DATE:20161227", "DURATION:P9999999D"),
    ),
    "text 0001-01-01..9999-12-31": ("far.txt", "0001-01-01..9999-12-31 everything\n"),
    "text 2016-12-27..9999-12-31": ("far.txt", "2016-12-27..9999-12-31 from Christmas on\n"),
}


def far_reaching() -> list[tuple[str, int, float, float]]:
    """Each case as a whole `plan` run: (case, exit status, seconds, peak MB of the process)."""
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for case, (name, text) in FAR_CASES.items():
            path = Path(folder) / name
            path.write_text(text)
            start = time.perf_counter()
            proc = subprocess.Popen(
                [*PLAN, "--closures", str(path)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            results.append(
                (case, os.waitstatus_to_exitcode(status), seconds, usage.ru_maxrss / 1024)
            )
    return results


def main() -> int:
    plan, base = startup()
    ratio = plan / base
    print(f"cold `inspectcal plan -f jtai --notify 2016-09-13`: {plan * 1000:6.1f} ms", end="")
    print(f" (median of {RUNS})")
    print(f"cold `python -c 'import typer, rich.table'`:        {base * 1000:6.1f} ms")
    print(f"start-up ratio: {ratio:.2f} (target <= 1.50) {'ok' if ratio <= 1.5 else 'OVER TARGET'}")
    short, long = arithmetic()
    cost = long / short
    print(f"add 10 working days:   {short * 1e6:6.2f} µs a call")
    print(f"add 1000 working days: {long * 1e6:6.2f} µs a call")
    print(f"cost ratio 1000/10: {cost:.2f} (target <= 2.00) {'ok' if cost <= 2 else 'OVER TARGET'}")
    far_ok = True
    for case, status, seconds, megabytes in far_reaching():
        ok = status in (0, 2) and seconds <= FAR_SECONDS and megabytes <= FAR_MB
        far_ok = far_ok and ok
        print(
            f"plan with closures {case}: exit {status}, {seconds:5.2f} s, {megabytes:5.0f} MB "
            f"(target <= {FAR_SECONDS:g} s, {FAR_MB:g} MB) {'ok' if ok else 'OVER TARGET'}"
        )
    return 0 if ratio <= 1.5 and cost <= 2 and far_ok else 1


if __name__ == "__main__":
    sys.exit(main())
