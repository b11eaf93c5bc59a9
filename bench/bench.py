"""`make bench`: start-up and arithmetic cost, measured in one run on this machine.

Each measure against the target of the issue that set it:
- cold `inspectcal plan` wall time beside `python -c "import typer, rich.table"`, the floor any
  typer+rich command pays (target: at most 1.5 times that baseline);
- adding 1000 working days against adding 10 (target ratio at most 2: the cost must not grow
  with the distance);
- a timeline of a 1,000-inspection programme under 1 s: 1,000 single-plan layouts (66 JTAI
  milestones each, notified on 1,000 successive working days), and one programme-shaped layout
  of the same 1,000 inspections, one row each with every milestone as a span on it;
- the programme view of 1,000 inspections (2009-2027) under 1 s: cold `timeline -i` as text
  and as SVG, and, in one process, its layout alone and the whole text picture;
- `publish -i` of 1,000 inspections into a fresh folder (target <= 5 s), re-published
  unchanged (target <= 1 s), medians of 3, and of 10,000 fresh once (target <= 60 s, peak
  memory <= 500 MB); the index page of 1,000 inspections (target < 5 MB); each beside the
  seconds it took before publish reused icalendar's lines and flushed to disk once;
- cold `plan -i`, `agenda`, `clashes` and bulk `check` over a generated programme of 10,000
  inspections (target: each at most 2 s and 10 times the baseline), and their cost per
  inspection at 1,000 against 10,000 (target ratio at most 1.2: linear);
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


def compile_package() -> None:
    """Write the package's .pyc files, as installing a wheel does: the baseline's typer and rich
    have theirs, and with PYTHONDONTWRITEBYTECODE set (as in some shells and CI) a checkout
    would otherwise compile every module on every run, timing the compiler, not the tool."""
    import inspectcal

    package = Path(inspectcal.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def startup() -> tuple[float, float]:
    compile_package()
    wall(PLAN)  # warm the file cache, not the interpreter
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


# -- programmes ------------------------------------------------------------------------------

PROGRAMME_FRAMEWORKS = ("jtai", "cp", "slac-2009", "slac-2010")
PEOPLE = [f"Inspector {n:02d}" for n in range(1, 51)]
PROGRAMME_RUNS = 3
TARGET_SECONDS = 2.0
TARGET_BASE = 10.0
TARGET_LINEAR = 1.2
# Seconds over 10,000 inspections on this machine before this round of speed work (main at
# ed10fd0, medians of 3), printed beside each measure.
PROGRAMME_BEFORE = {"plan -i": 1.54, "agenda": 1.45, "clashes": 1.87, "check -i": 3.45}


def write_programme(folder: Path, count: int) -> tuple[Path, Path]:
    """`count` inspections, frameworks in turn, notified 2009-2027 on the framework's usual
    weekday (any working day where it has none), two or three of 50 people each; and an
    actuals file recording a draft and a publication for each, some late."""
    import random

    from inspectcal.bankholidays import load_calendar
    from inspectcal.frameworks import load_framework

    rng = random.Random(count)
    calendar = load_calendar("england-and-wales")
    days, day = [], date(2009, 1, 5)
    while day <= date(2027, 6, 30):
        if calendar.is_working_day(day):
            days.append(day)
        day = date.fromordinal(day.toordinal() + 1)
    usual = {name: load_framework(name).usual_notification_weekday for name in PROGRAMME_FRAMEWORKS}
    by_weekday = {
        weekday: [d for d in days if f"{d:%A}" == weekday]
        for weekday in set(usual.values())
        if weekday
    }
    programme = folder / f"programme-{count}.csv"
    actuals = folder / f"actuals-{count}.csv"
    rows = ["name,framework,notify,authority,people"]
    facts = ["inspection,id,date"]
    for n in range(count):
        framework = PROGRAMME_FRAMEWORKS[n % len(PROGRAMME_FRAMEWORKS)]
        weekday = usual[framework]
        notify = rng.choice(by_weekday[weekday] if weekday else days)
        people = ";".join(rng.sample(PEOPLE, rng.choice((2, 3))))
        name = f"Inspection {n:05d}"
        rows.append(
            f"{name},{framework},{notify.isoformat()},"
            f"Authority {rng.randrange(150):03d},lead:{people}"
        )
        late = rng.choice((0, 0, 0, 1, 2))
        facts.append(f"{name},notification,{notify.isoformat()}")
        facts.append(
            f"{name},publication,{calendar.add_working_days(notify, 45 + late).isoformat()}"
        )
    programme.write_text("\n".join(rows) + "\n", encoding="utf-8")
    actuals.write_text("\n".join(facts) + "\n", encoding="utf-8")
    return programme, actuals


def programme_commands(programme: Path, actuals: Path) -> dict[str, list[str]]:
    cli = str(Path(sys.executable).parent / "inspectcal")
    source = ["-i", str(programme)]
    return {
        "plan -i": [cli, "plan", *source],
        "agenda": [cli, "agenda", *source, "--from", "2016-12-12", "--days", "10"],
        "clashes": [cli, "clashes", *source, "--max-onsite", "40"],
        "check -i": [cli, "check", *source, "--actuals", str(actuals), "--today", "2028-01-01"],
    }


def timed(command: list[str]) -> float:
    """Wall time of a command whose exit status may be 1 (a clash, a missed deadline)."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()}")
    return time.perf_counter() - start


def programmes() -> bool:
    """Cold programme commands over 10,000 inspections, and their cost per inspection."""
    import tempfile

    base = statistics.median(wall(BASELINE) for _ in range(PROGRAMME_RUNS))
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        costs: dict[int, dict[str, float]] = {}
        for count in (1_000, 10_000):
            commands = programme_commands(*write_programme(Path(folder), count))
            for command in commands.values():
                timed(command)  # warm the file cache and the timetable cache
            costs[count] = {
                label: statistics.median(timed(command) for _ in range(PROGRAMME_RUNS))
                for label, command in commands.items()
            }
        print(f"programme commands over 10,000 inspections (median of {PROGRAMME_RUNS}):")
        for label, seconds in costs[10_000].items():
            good = seconds <= TARGET_SECONDS and seconds <= TARGET_BASE * base
            ok = ok and good
            print(
                f"  {label:<9} {seconds:6.2f} s (before {PROGRAMME_BEFORE[label]:.2f} s; "
                f"{seconds / base:4.1f}x the import baseline; "
                f"target <= {TARGET_SECONDS:.0f} s and <= {TARGET_BASE:.0f}x) "
                f"{'ok' if good else 'OVER TARGET'}"
            )
        print("cost per inspection, 1,000 against 10,000 (start-up subtracted):")
        for label in costs[10_000]:
            small = (costs[1_000][label] - base) / 1_000
            large = (costs[10_000][label] - base) / 10_000
            ratio = large / small if small > 0 else float("inf")
            good = ratio <= TARGET_LINEAR
            ok = ok and good
            print(
                f"  {label:<9} {small * 1e3:6.3f} ms vs {large * 1e3:6.3f} ms: ratio {ratio:.2f} "
                f"(target <= {TARGET_LINEAR}) {'ok' if good else 'OVER TARGET'}"
            )
    return ok


def programme_timeline() -> bool:
    """`timeline -i` over a generated 1,000-inspection programme, cold and in process."""
    import tempfile

    from inspectcal.programme import load_programme
    from inspectcal.timeline import ProgrammeOptions, programme_geometry, render_programme_timeline

    cli = str(Path(sys.executable).parent / "inspectcal")
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        programme_file, _ = write_programme(Path(folder), 1_000)
        view = [cli, "timeline", "-i", str(programme_file), "--today", "2016-12-16"]
        commands = {"text": view, "svg": [*view, "--format", "svg"]}
        for command in commands.values():
            timed(command)  # warm the file cache and the timetable cache
        print(f"programme view of 1,000 inspections (median of {PROGRAMME_RUNS}):")
        for label, command in commands.items():
            seconds = statistics.median(timed(command) for _ in range(PROGRAMME_RUNS))
            good = seconds < 1
            ok = ok and good
            print(
                f"  cold `timeline -i` ({label}): {seconds * 1000:6.1f} ms (target < 1000 ms) "
                f"{'ok' if good else 'OVER TARGET'}"
            )
        programme = load_programme(programme_file)
        options = ProgrammeOptions(width=100, today=date(2016, 12, 16))
        alone = min(
            timeit.repeat(
                lambda: programme_geometry(programme, options, label_width=34), number=1, repeat=3
            )
        )
        whole = min(
            timeit.repeat(
                lambda: render_programme_timeline(programme, options, color=False),
                number=1,
                repeat=3,
            )
        )
        for label, seconds in (("layout alone", alone), ("text picture", whole)):
            good = seconds < 1
            ok = ok and good
            print(
                f"  {label}, in process: {seconds * 1000:6.1f} ms (target < 1000 ms) "
                f"{'ok' if good else 'OVER TARGET'}"
            )
    return ok


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


PUBLISH_TARGETS = {"1,000 fresh": 5.0, "1,000 unchanged": 1.0, "10,000 fresh": 60.0}
# Seconds before publish reused icalendar's bytes per line and flushed to disk once (main at
# ed10fd0 on this machine: medians of 3 at 1,000; 10,000 fresh once, under load), printed
# beside each measure.
PUBLISH_BEFORE = {"1,000 fresh": 20.2, "1,000 unchanged": 1.26, "10,000 fresh": 395.0}
PUBLISH_RUNS = 3  # of the 1,000-inspection measures; 10,000 fresh runs once
PUBLISH_MB = 500.0
INDEX_MB = 5.0


def measured(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of a command, measured in its own subprocess so the
    peak is the command's alone (getrusage of children keeps the largest child's peak)."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
        "print(time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, done.returncode)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *command], check=True, capture_output=True, text=True
    )
    seconds, megabytes, status = out.stdout.split()
    if status != "0":
        raise SystemExit(f"{' '.join(command)} failed with exit status {status}")
    return float(seconds), float(megabytes)


def _median_run(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """The run of median wall time, with its own peak memory."""
    return sorted(runs)[len(runs) // 2]


def publishing() -> bool:
    """`publish -i` fresh and unchanged at 1,000, fresh at 10,000, and the index's size."""
    import tempfile

    cli = str(Path(sys.executable).parent / "inspectcal")
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        results: dict[str, tuple[float, float]] = {}
        for count in (1_000, 10_000):
            programme, _ = write_programme(Path(folder), count)
            fresh, unchanged = [], []
            for run in range(PUBLISH_RUNS if count == 1_000 else 1):
                out = Path(folder) / f"feeds-{count}-{run}"
                fresh.append(measured([cli, "publish", "-i", str(programme), str(out)]))
                if count == 1_000:
                    unchanged.append(measured([cli, "publish", "-i", str(programme), str(out)]))
                    index = (out / "index.html").stat().st_size / 1e6
            results[f"{count:,} fresh"] = _median_run(fresh)
            if unchanged:
                results["1,000 unchanged"] = _median_run(unchanged)
        for label, (seconds, megabytes) in results.items():
            target = PUBLISH_TARGETS[label]
            good = seconds <= target and (not label.startswith("10,") or megabytes <= PUBLISH_MB)
            ok = ok and good
            print(
                f"publish -i, {label:<16} {seconds:6.2f} s, peak {megabytes:5.0f} MB "
                f"(before {PUBLISH_BEFORE[label]:g} s; "
                f"target <= {target:g} s{', 500 MB' if label.startswith('10,') else ''}) "
                f"{'ok' if good else 'OVER TARGET'}"
            )
        good = index < INDEX_MB
        ok = ok and good
        print(
            f"index.html of 1,000 inspections: {index:.2f} MB (target < {INDEX_MB:g} MB) "
            f"{'ok' if good else 'OVER TARGET'}"
        )
    return ok


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
    far_ok = True
    for case, status, seconds, megabytes in far_reaching():
        ok = status in (0, 2) and seconds <= FAR_SECONDS and megabytes <= FAR_MB
        far_ok = far_ok and ok
        print(
            f"plan with closures {case}: exit {status}, {seconds:5.2f} s, {megabytes:5.0f} MB "
            f"(target <= {FAR_SECONDS:g} s, {FAR_MB:g} MB) {'ok' if ok else 'OVER TARGET'}"
        )
    view_ok = programme_timeline()
    programmes_ok = programmes()
    publish_ok = publishing()
    ok = ratio <= 1.5 and cost <= 2 and single < 1 and far_ok and view_ok and programmes_ok
    return 0 if ok and publish_ok else 1


if __name__ == "__main__":
    sys.exit(main())
