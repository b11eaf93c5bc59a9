"""Judging a whole programme's real dates: `inspectcal check -i programme.csv --actuals FILE`.

Each inspection is judged by `check.check`, exactly as a single `check` would judge it; this
module only reads the shared actuals file and sums the verdicts up per milestone, the view a
researcher auditing a decade of inspections needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from inspectcal.check import JUDGED, CheckReport, check
from inspectcal.dates import Actual, actuals_in_file
from inspectcal.programme import Inputs, Inspection, uncollected, within
from inspectcal.tables import read_table

ACTUALS_COLUMNS = ("inspection", "id", "date")


@dataclass(frozen=True, kw_only=True)
class Judged:
    """One inspection's verdicts."""

    inspection: Inspection
    report: CheckReport


@dataclass(frozen=True, kw_only=True)
class MilestoneSummary:
    """How one milestone fared across the programme.

    `on_time` is met / (met + missed + overdue): deadlines still due or pending have not been
    decided yet and are left out. Lateness is in working days of each inspection's calendar,
    over the missed and overdue deadlines only; a deadline missed by minutes on its due day is
    0 working days late.
    """

    id: str
    judged: int
    met: int
    missed: int
    overdue: int
    on_time: float | None
    median_late: float | None
    worst_late: int | None


@dataclass(frozen=True, kw_only=True)
class ProgrammeCheck:
    """The bulk check of a programme as of one date: each inspection's own report, and per
    milestone how the programme fared, which is what a timeliness study compares."""

    as_of: date
    judged: tuple[Judged, ...]
    milestones: tuple[MilestoneSummary, ...]

    @property
    def failed(self) -> bool:
        """Something was missed or is overdue somewhere: exit status 1, as for one check."""
        return any(j.report.failed for j in self.judged)

    @property
    def totals(self) -> dict[str, int]:
        """Counts summed over every inspection, one line a reader can quote: how many
        deadlines, how many met or missed."""
        summed: dict[str, int] = dict.fromkeys(JUDGED, 0)
        for item in self.judged:
            for status, count in item.report.counts.items():
                if status in summed:  # a judged status
                    summed[status] += count
        return {"inspections": len(self.judged), "deadlines": sum(summed.values()), **summed}


@uncollected()
def read_programme_actuals(path: Path, names: Sequence[str]) -> dict[str, dict[str, Actual]]:
    """`inspection,id,date` rows (other columns ignored), by inspection name, then milestone.

    An unknown inspection or a milestone given twice is refused with its line: in an audit of
    thousands of rows a silent skip would go unnoticed.
    """
    table = read_table(path, what="actuals file", required=ACTUALS_COLUMNS)
    known = {name.casefold(): name for name in names}
    found: dict[str, dict[str, Actual]] = {}
    spelt: dict[str, str | None] = {}  # each spelling of a name as given, to the name
    rows, actual = table.select(*ACTUALS_COLUMNS), actuals_in_file(path)
    for line, (given, key, stamp) in zip(table.lines, rows, strict=True):
        if not (given and key and stamp):
            raise table.fail(line, "expected an inspection, an id and a date")
        name = spelt.get(given)
        if name is None:
            name = spelt[given] = known.get(" ".join(given.split()).casefold())
        if name is None:
            raise table.fail(line, f"no inspection named {given!r} in the programme")
        record = found.get(name)
        if record is None:
            record = found[name] = {}
        elif key in record:
            # Rare, so the earlier line is looked for now rather than kept for every row.
            first = next(
                earlier
                for earlier, (other, other_key, _) in zip(table.lines, rows, strict=False)
                if other_key == key and spelt.get(other) == name
            )
            raise table.fail(
                line, f"{key} of {name!r} is already given on line {first}; keep one row"
            )
        record[key] = actual(stamp, line)
    return found


@uncollected()
def check_programme(
    inspections: Sequence[Inspection],
    actuals: Mapping[str, Mapping[str, Actual]],
    *,
    inputs: Inputs,
    as_of: date,
    side: str | None = None,
) -> ProgrammeCheck:
    """Judge every inspection with `check.check`, then sum up per milestone id.

    An inspection's notification is its programme row's `notify`, or its actual notification
    date; a row planned only from pins is planned once to find it.
    """
    from inspectcal.frameworks import validate_side
    from inspectcal.plan import build_plan

    judge = partial(check, as_of=as_of, side=validate_side(side))
    judged: list[Judged] = []
    for item in inspections:
        record = actuals.get(item.name, {})

        def run(item: Inspection = item, record: Mapping[str, Actual] = record) -> CheckReport:
            framework = inputs.framework(item.framework)
            calendar = inputs.calendar_for(item)
            notify = item.notify
            if notify is None and "notification" not in record:
                plan = build_plan(
                    framework=framework, calendar=calendar, notify=None, pins=item.pins
                )
                notify = plan.notification
            return judge(framework=framework, calendar=calendar, notify=notify, actuals=record)

        judged.append(Judged(inspection=item, report=within(item, run)))
    return ProgrammeCheck(as_of=as_of, judged=tuple(judged), milestones=_summaries(judged))


def _summaries(judged: Sequence[Judged]) -> tuple[MilestoneSummary, ...]:
    """Per milestone id, in the order the ids first come up: the counts per judged status and
    the lateness of what was missed or is overdue, in one pass over every verdict."""
    counts: dict[str, dict[str, int]] = {}
    lateness: dict[str, list[int]] = {}
    for item in judged:
        report = item.report
        for verdict in report.verdicts:
            _, key, _, status, late, unit = verdict
            if status not in JUDGED:
                continue
            count = counts.get(key)
            if count is None:
                count = counts[key] = dict.fromkeys(JUDGED, 0)
                lateness[key] = []
            count[status] += 1
            if late is not None:  # set for what was missed or is overdue, and only then
                # `working_days_late` answers the working-days case the same way; it is
                # written out here for the hundred thousand verdicts of a study.
                in_days = late if unit == "working-days" else report.working_days_late(verdict)
                lateness[key].append(in_days)
    return tuple(_summary(key, count, lateness[key]) for key, count in counts.items())


def _summary(key: str, count: Mapping[str, int], late: Sequence[int]) -> MilestoneSummary:
    decided = count["met"] + count["missed"] + count["overdue"]
    return MilestoneSummary(
        id=key,
        judged=sum(count.values()),
        met=count["met"],
        missed=count["missed"],
        overdue=count["overdue"],
        on_time=count["met"] / decided if decided else None,
        median_late=median(late) if late else None,
        worst_late=max(late) if late else None,
    )


def median(values: Sequence[int]) -> float:
    """The middle value, or the mean of the two middle ones for an even count: what
    `statistics.median` gives, without importing `statistics` (and with it `fractions`,
    `decimal` and `random`) into the start of every `check -i`."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
