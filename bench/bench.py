"""`make bench`: start-up and arithmetic cost, measured in one run on this machine.

Two measures, each against a target from the issue that set them:
- cold `inspectcal plan` wall time beside `python -c "import typer, rich.table"`, the floor any
  typer+rich command pays (target: at most 1.5 times that baseline);
- adding 1000 working days against adding 10 (target ratio at most 2: the cost must not grow
  with the distance).
- a timeline of a 1,000-inspection programme under 1 s. Programmes are not in the tool yet,
  so this times 1,000 single-plan layouts (66 JTAI milestones each, notified on 1,000
  successive working days), and one programme-shaped layout of the same 1,000 inspections,
  one row each with every milestone as a span on it.
Medians of interleaved runs, so a busy moment on the machine hits both sides alike.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
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


def timelines() -> tuple[float, float]:
    from datetime import timedelta

    from inspectcal.bankholidays import load_calendar
    from inspectcal.frameworks import load_framework
    from inspectcal.layout import Options, RowSpec, layout, plan_layout, plan_rows
    from inspectcal.plan import build_plan

    calendar = load_calendar("england-and-wales")
    framework = load_framework("jtai")
    days: list[date] = []
    day = date(2016, 1, 4)
    while len(days) < 1000:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    plans = [build_plan(framework=framework, calendar=calendar, notify=d, pins={}) for d in days]
    options = Options(weeks_per_band=5)
    single = min(
        timeit.repeat(lambda: [plan_layout(p, options) for p in plans], number=1, repeat=3)
    )
    rows = [
        RowSpec(
            key=str(i), label=str(i), who="", spans=tuple(s for r in plan_rows(p) for s in r.spans)
        )
        for i, p in enumerate(plans)
    ]
    off = calendar.days_off(days[0], days[-1] + timedelta(days=400))
    programme = min(
        timeit.repeat(
            lambda: layout(rows, days_off=off, closures={}, options=Options(weeks_per_band=8)),
            number=1,
            repeat=3,
        )
    )
    return single, programme


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
    single, programme = timelines()
    print(f"1,000 single-plan timeline layouts: {single * 1000:6.1f} ms (target < 1000 ms)", end="")
    print(f" {'ok' if single < 1 else 'OVER TARGET'}")
    print(f"one programme-shaped layout, 1,000 rows x 66 spans: {programme * 1000:6.1f} ms")
    return 0 if ratio <= 1.5 and cost <= 2 and single < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
