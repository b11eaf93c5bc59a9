"""`inspectcal frameworks lint`: one fixture per finding, each asserting its exact line.

Fixtures are tests/fixtures/lint/clean.toml with one thing broken (its first line says what).
Line numbers below were counted in the fixture files by hand.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from inspectcal.cli import app
from inspectcal.errors import MalformedDataFile
from inspectcal.frameworks import TIMETABLE_DIR, parse_framework_file
from inspectcal.lint import CODES, lint_file, lint_text

LINT = Path(__file__).parent / "fixtures" / "lint"
runner = CliRunner()

EXPECTED = {
    "k001-unknown-key": "30:1: K001 milestone 'fieldwork-start': unknown key 'colour'",
    "k002-wrong-type": "39:1: K002 milestone 'draft-report': 'day' must be a whole number",
    "k003-missing-key": "45:1: K003 milestone 'complaint-deadline': missing 'audience'",
    "r001-unknown-reference": "40:1: R001 milestone 'draft-report': 'after' names "
    "'fieldwork-begins', which is not a milestone; use an earlier milestone's id",
    "r002-cycle": "28:1: R002 milestone 'fieldwork-start': 'after' names 'draft-report', "
    "which depends on it in turn; time one of them from an earlier milestone",
    "r003-later-reference": "40:1: R003 milestone 'draft-report': 'after' names "
    "'complaint-deadline', which comes later in the file; move 'complaint-deadline' above it",
    "r004-second-root": "46:1: R004 milestone 'complaint-deadline': needs 'after' (or 'span'); "
    "only 'notification' has none",
    "u001-duplicate-id": "46:1: U001 milestone 'fieldwork-start': id already used on line 23",
    "u002-duplicate-label": "37:1: U002 milestone 'draft-report': label 'Fieldwork starts' is "
    "already used by 'fieldwork-start'",
    # fieldwork-start is day 5; 5 + 4 = 9, not the 8 the row gives.
    "d001-day-against-chain": "39:1: D001 milestone 'draft-report': day 8, but "
    "'fieldwork-start' is day 5 and the offset is 4, which makes day 9; correct one of them",
    # Notified Monday (day 0); working days 1-4 are Tue-Fri, day 5 is the next Monday.
    "d002-weekday": "30:1: D002 milestone 'fieldwork-start': the source says Tuesday, but day 5 "
    "after a Monday notification is a Monday",
    "d003-cited-day": "39:1: D003 milestone 'draft-report': day 8, but 'cite' names "
    "'para 3, days 6-7'",
    "s001-no-cite": "22:1: S001 milestone 'fieldwork-start': no 'cite' (where in the source)",
    "s002-no-quote": "34:1: S002 milestone 'draft-report': no 'quote' from the source",
    "p001-deadline-without-party": "45:1: P001 milestone 'complaint-deadline': a deadline with "
    "no 'party' to meet it",
    "n001-calendar-days-without-reason": "52:1: N001 milestone 'complaint-deadline': "
    "calendar-days are not working days; say why in 'rule' or 'notes'",
    "l001-waiver-without-reason": "30:1: L001 waiver 'D002' has no reason; write "
    "'# lint: allow CODE reason'",
    "l002-stale-waiver": "30:1: L002 waiver for D002 waives nothing here; remove it",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_reports_its_one_finding(name: str) -> None:
    path = LINT / f"{name}.toml"
    assert [str(f) for f in lint_file(path)] == [f"{path}:{EXPECTED[name]}"]


# The loader refuses these findings at the milestone's `id` line (counted in the fixtures by
# hand); the linter points at the key to blame.
REFUSED_AT = {
    "r001-unknown-reference": 35,
    "r002-cycle": 23,
    "r003-later-reference": 35,
    "r004-second-root": 46,
    "d001-day-against-chain": 35,
}


@pytest.mark.parametrize("name", sorted(REFUSED_AT))
def test_the_loader_refuses_what_lint_finds_in_the_same_words(name: str) -> None:
    path = LINT / f"{name}.toml"
    with pytest.raises(MalformedDataFile) as err:
        parse_framework_file(path)
    message = EXPECTED[name].split(" ", 2)[2]
    assert str(err.value) == f"{path}, line {REFUSED_AT[name]}: {message}"


@pytest.mark.parametrize("name", ["d002-weekday", "d003-cited-day"])
def test_the_source_contradicting_itself_is_advice_the_loader_accepts(name: str) -> None:
    assert parse_framework_file(LINT / f"{name}.toml").id == "mini"


def test_every_code_has_a_fixture() -> None:
    assert {line.split()[1] for line in EXPECTED.values()} == set(CODES)


def test_clean_and_waived_fixtures_lint_clean() -> None:
    assert lint_file(LINT / "clean.toml") == []
    assert lint_file(LINT / "waived.toml") == []


def test_five_problems_are_five_findings_in_one_run() -> None:
    findings = lint_file(LINT / "five-problems.toml")
    assert [(f.line, f.code) for f in findings] == [
        (30, "K001"),
        (35, "S002"),
        (41, "R001"),
        (45, "P001"),
        (51, "N001"),
    ]


def test_not_before_references_must_exist_and_be_earlier() -> None:
    codes = [(f.line, f.code) for f in lint_file(LINT / "not-before.toml")]
    assert codes == [(41, "R001"), (41, "R002")]


@pytest.mark.parametrize("path", sorted(TIMETABLE_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_shipped_timetables_lint_clean(path: Path) -> None:
    assert lint_file(path) == []


def test_cli_exit_statuses_and_json() -> None:
    clean = runner.invoke(app, ["frameworks", "lint", str(LINT / "clean.toml")])
    assert (clean.exit_code, clean.stdout) == (0, "")
    bad = str(LINT / "k001-unknown-key.toml")
    found = runner.invoke(app, ["frameworks", "lint", str(LINT / "clean.toml"), bad])
    assert found.exit_code == 1
    assert found.stdout == f"{bad}:{EXPECTED['k001-unknown-key']}\n"
    as_json = runner.invoke(app, ["frameworks", "lint", "--format", "json", bad])
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == [
        {
            "path": bad,
            "line": 30,
            "col": 1,
            "code": "K001",
            "message": "milestone 'fieldwork-start': unknown key 'colour'",
        }
    ]


def test_cli_unreadable_file_is_one_line_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    result = runner.invoke(app, ["frameworks", "lint", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"inspectcal: error: {missing}: cannot read it (No such file or directory)\n"
    )
    broken = tmp_path / "broken.toml"
    broken.write_text("[framework\n", encoding="utf-8")
    result = runner.invoke(app, ["frameworks", "lint", str(broken)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"inspectcal: error: {broken}, line 1: not valid TOML")
    assert result.stderr.count("\n") == 1


# -- property: a perturbed timetable lints with a finding, or plans the same dates ---------

SHIPPED = sorted(TIMETABLE_DIR.glob("*.toml"))
_DAY = re.compile(r"^day = (-?\d+)$", re.MULTILINE)
_AFTER = re.compile(r'^after = "([^"]+)"', re.MULTILINE)
_ID = re.compile(r'^id = "([^"]+)"', re.MULTILINE)


def _dates(text: str, tmp: Path) -> dict[str, date] | None:
    """The plan's dates, or None when the loader refuses the file."""
    from inspectcal.plan import make_plan

    path = tmp / "perturbed.toml"
    path.write_text(text, encoding="utf-8")
    try:
        parse_framework_file(path)
    except MalformedDataFile:
        return None
    plan = make_plan(framework=str(path), notify=date(2016, 9, 13))
    return {m.id: m.date for m in plan.milestones}


def _row(text: str, at: int) -> str:
    """The [[milestone]] table around position `at`."""
    start = text.rfind("[[milestone]]", 0, at)
    end = text.find("[[milestone]]", at)
    return text[start : end if end != -1 else len(text)]


def _checked(row: str) -> bool:
    """A row whose timing the file states twice: day number and offset, or a single cited day.

    A day number that is a row's only timing (offset implied, cited as a range or not at all)
    can be changed without contradicting anything, so no linter can catch it; the property
    is claimed for the rows where the file gives the linter something to compare.
    """
    day = _DAY.search(row)
    if day is None:
        return False
    cite = re.search(r"^cite = (.*)$", row, re.MULTILINE)
    single = rf"\bday {day.group(1)}\b(?!\s*-)"
    cited = cite is not None and re.search(single, cite[1], re.I) is not None
    return "\noffset = " in row or cited


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_perturbed_timetable_lints_or_plans_the_same(data: st.DataObject, tmp_path: Path) -> None:
    path = data.draw(st.sampled_from(SHIPPED), label="timetable")
    text = path.read_text(encoding="utf-8")
    ids = _ID.findall(text)
    kind = data.draw(st.sampled_from(["day", "after"]), label="kind")
    pattern = _DAY if kind == "day" else _AFTER
    spots = [m for m in pattern.finditer(text) if _checked(_row(text, m.start()))]
    assume(spots)
    spot = data.draw(st.sampled_from(spots), label=kind)
    if kind == "day":
        value = str(int(spot.group(1)) + data.draw(st.integers(-3, 3).filter(bool)))
    else:
        value = data.draw(st.sampled_from([*ids, "no-such-step"]), label="new after")
    start, end = spot.span(1)
    perturbed = text[:start] + value + text[end:]
    if lint_text(perturbed, str(path)):
        return
    assert _dates(perturbed, tmp_path) == _dates(text, tmp_path)


def test_side_applies_from_and_predecessor_are_checked() -> None:
    clean = (LINT / "clean.toml").read_text(encoding="utf-8")
    broken = clean.replace(
        'usual_notification_weekday = "Monday"\n',
        'usual_notification_weekday = "Monday"\napplies_from = 2020-01-01\npredecessor = "old"\n',
    ).replace('cite = "para 2"\n', 'cite = "para 2"\nside = "council"\n')
    findings = [f"{f.line}:{f.code} {f.message}" for f in lint_text(broken, "x.toml")]
    # Two lines are inserted after line 10, so applies_from is line 12 (unquoted: a TOML date
    # the loader cannot read) and the side under cite (line 31 + 2) is line 34.
    assert findings == [
        "12:K002 [framework]: 'applies_from' must be a date, YYYY-MM-DD, in quotes, not 2020-01-01",
        "34:K002 milestone 'fieldwork-start': 'side' must be one of la, inspectorate",
    ]


def test_phase_ends_are_checked_as_the_loader_checks_them() -> None:
    clean = (LINT / "clean.toml").read_text(encoding="utf-8")
    # One line inserted after the fieldwork start's `day = 5` (line 27): the new line is 28.
    before = clean.replace("day = 5\n", "day = 5\nend_day = 3\n")
    unstarted = clean.replace("day = 5\n", "end_day = 7\n")
    assert [f"{f.line}:{f.code} {f.message}" for f in lint_text(before, "x.toml")] == [
        "28:K002 milestone 'fieldwork-start': 'end_day' 3 is before 'day' 5; swap them"
    ]
    # Replaced in place, `end_day` is line 27. Without its day, the draft report (whose
    # `[[milestone]]` is line 34) has nothing to imply its offset from.
    assert [f"{f.line}:{f.code} {f.message}" for f in lint_text(unstarted, "x.toml")] == [
        "27:K003 milestone 'fieldwork-start': 'end_day' needs 'day', the first day of the phase",
        "34:K003 milestone 'draft-report': give 'offset', or day numbers on both it and "
        "'fieldwork-start'",
    ]


def test_an_id_that_is_not_text_is_one_finding_not_a_crash() -> None:
    clean = (LINT / "clean.toml").read_text(encoding="utf-8")
    broken = clean.replace('id = "draft-report"', 'id = ["draft-report"]')
    findings = [f"{f.line}:{f.code}" for f in lint_text(broken, "x.toml")]
    # Line 35 is the id; the complaint deadline (after it, line 50) then names no milestone.
    assert findings == ["35:K002", "50:R001"]
