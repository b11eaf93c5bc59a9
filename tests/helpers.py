"""Domain helpers so that each test reads as a list of dates checked on a calendar."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from inspectcal.plan import Plan, make_plan

Expected = str | tuple[str, str]


def d(text: str) -> date:
    return date.fromisoformat(text)


def plan_for(
    framework: str,
    notify: str | None,
    calendar: str = "england-and-wales",
    **pins: str,
) -> Plan:
    """A plan from ISO strings; pins use underscores for hyphens (fieldwork_start=...)."""
    return make_plan(
        framework=framework,
        notify=d(notify) if notify else None,
        pins={key.replace("_", "-"): d(value) for key, value in pins.items()},
        calendar=calendar,
    )


def assert_plan_dates(plan: Plan, expected: Mapping[str, Expected]) -> None:
    """Every listed milestone falls on the given date (or, for a phase, the given range).

    All mismatches are reported at once, so a wrong convention shows its whole footprint.
    """
    wrong: list[str] = []
    for milestone_id, want in expected.items():
        got = plan.milestone(milestone_id)
        if isinstance(want, tuple):
            actual: Expected = (
                got.date.isoformat(),
                (got.end_date or got.date).isoformat(),
            )
        else:
            actual = got.date.isoformat()
            if got.end_date is not None:
                wrong.append(f"{milestone_id}: is a phase to {got.end_date}; expect a range")
        if actual != want:
            wrong.append(f"{milestone_id}: expected {want}, got {actual}")
    assert not wrong, "\n".join(wrong)


def assert_every_milestone_listed(plan: Plan, expected: Mapping[str, Expected]) -> None:
    """The golden test of a whole plan: every milestone is listed, none is missing."""
    missing = sorted({m.id for m in plan.milestones} - set(expected))
    assert not missing, f"milestones without a hand-checked date: {missing}"
    assert_plan_dates(plan, expected)


def cli(capsys: Any, *args: str) -> tuple[int, str, str]:
    """The console script in-process (`inspectcal.cli.run`, with its top-level handler, unlike
    typer's CliRunner): exit status, stdout, stderr."""
    from inspectcal.cli import run

    capsys.readouterr()
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err
