"""The timetable files: what every framework must carry, and how a broken file is reported."""

from __future__ import annotations

import os
import re
from datetime import date, time
from pathlib import Path

import pytest

from inspectcal.errors import MalformedDataFile, UnknownFramework
from inspectcal.frameworks import SHARED_IDS, TIMETABLE_DIR, list_frameworks, load_framework

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FRAMEWORK_IDS = sorted(path.stem for path in TIMETABLE_DIR.glob("*.toml"))


# -- invariants every shipped timetable keeps, checked once for all of them ------------------
# (python-holidays' CommonCountryTests is the model: a timetable's own test file then holds
# only dates counted by hand on a calendar.)


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_every_framework_defines_the_shared_steps_in_order(framework_id: str) -> None:
    framework = load_framework(framework_id)
    missing = [mid for mid in SHARED_IDS if mid not in framework.ids]
    assert not missing, f"{framework_id} lacks {missing}"
    # The chain runs forward through the report stages (setup may come before or after the
    # start of fieldwork).
    order = [framework.ids.index(mid) for mid in SHARED_IDS if mid != "setup"]
    assert order == sorted(order)


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_every_framework_hangs_from_one_root_and_names_only_earlier_steps(
    framework_id: str,
) -> None:
    framework = load_framework(framework_id)
    roots = [s.id for s in framework.milestones if s.after is None]
    assert roots == ["notification"]
    position = {mid: i for i, mid in enumerate(framework.ids)}
    later = [
        f"{s.id} -> {ref}"
        for i, s in enumerate(framework.milestones)
        for ref in [
            *([s.after] if s.after else []),
            *(s.span or ()),
            *(b.after for b in s.not_before),
        ]
        if position[ref] >= i
    ]
    assert not later, f"references to a step that is not earlier: {later}"


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_every_alias_resolves_to_its_framework_in_any_case(framework_id: str) -> None:
    framework = load_framework(framework_id)
    for alias in framework.aliases:
        assert load_framework(alias).id == framework_id
        assert load_framework(alias.upper()).id == framework_id


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_every_label_is_unique_and_every_clock_time_has_the_sources_words(
    framework_id: str,
) -> None:
    framework = load_framework(framework_id)
    labels = [s.label for s in framework.milestones]
    assert len(set(labels)) == len(labels)
    unlabelled = [s.id for s in framework.milestones if s.time is not None and not s.time_label]
    assert not unlabelled, f"a clock time needs the source's words: {unlabelled}"


# "9.30am", "9.30 am", "5pm", "3.00pm", "12 noon", "midday": the clock words sources print.
_CLOCK = re.compile(r"\b(\d{1,2})(?:[.:](\d{2}))?\s*([ap])m\b|\b(noon|midday)\b", re.I)


def _clock_times(text: str) -> set[time]:
    found: set[time] = set()
    for hour, minute, half, noon in _CLOCK.findall(text):
        if noon:
            found.add(time(12, 0))
        else:
            h = int(hour) % 12 + (12 if half.lower() == "p" else 0)
            found.add(time(h, int(minute or 0)))
    return found


def test_clock_words_are_read_as_a_person_reads_them() -> None:
    assert _clock_times("By 9.30 am - notified by 9.30am") == {time(9, 30)}
    assert _clock_times("after 12 noon; by 5pm; at 3.00pm") == {
        time(12, 0),
        time(17, 0),
        time(15, 0),
    }
    assert _clock_times("by the end of day 33, 10 working days") == set()


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_every_clock_time_is_the_one_its_label_and_quote_give(framework_id: str) -> None:
    """`time` is typed by hand from the source: the label's clock words and the quote's must
    both say the same time, so a typo in either shows."""
    framework = load_framework(framework_id)
    wrong = [
        f"{s.id}: {s.time} against {s.time_label!r} / {s.quote[:60]!r}"
        for s in framework.milestones
        if s.time is not None
        and not (_clock_times(s.time_label or "") == {s.time} and s.time in _clock_times(s.quote))
    ]
    assert not wrong, wrong
    # Where the quote gives a clock time, a label that gives one gives the same.
    disagree = [
        s.id
        for s in framework.milestones
        if _clock_times(s.quote)
        and _clock_times(s.time_label or "")
        and not _clock_times(s.time_label or "") <= _clock_times(s.quote)
    ]
    assert not disagree, disagree


_CITED_DAYS = re.compile(r"\bdays?\s+(-?\d+)(?:\s*[-–]\s*(-?\d+))?", re.I)


def _waived(path: Path, code: str) -> set[str]:
    """Ids of the milestones whose table carries a `# lint: allow CODE` waiver."""
    waived: set[str] = set()
    for block in path.read_text(encoding="utf-8").split("[[milestone]]")[1:]:
        match = re.search(r'^id\s*=\s*"([^"]+)"', block, re.M)
        if match and re.search(rf"#\s*lint:\s*allow\s+{code}\s+\S", block):
            waived.add(match.group(1))
    return waived


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_every_day_number_lies_in_the_days_its_citation_names(framework_id: str) -> None:
    framework = load_framework(framework_id)
    waived = _waived(framework.path, "D003")
    outside = []
    for s in framework.milestones:
        ranges = [(int(a), int(b or a)) for a, b in _CITED_DAYS.findall(s.cite)]
        if s.day is None or not ranges or s.id in waived:
            continue
        if not any(first <= s.day <= last for first, last in ranges):
            outside.append(f"{s.id}: day {s.day}, cite {s.cite!r}")
    assert not outside, outside


def test_the_day_check_reads_the_citations_and_the_waivers(tmp_path: Path) -> None:
    assert _CITED_DAYS.findall("para 9, timeline table, days 24-33") == [("24", "33")]
    assert _CITED_DAYS.findall("Table 1, row 'Day 25'") == [("25", "")]
    path = tmp_path / "w.toml"
    path.write_text(
        '[[milestone]]\nid = "a"\n# lint: allow D003 the table says so\n'
        '[[milestone]]\nid = "b"\n# lint: allow D003\n'
    )
    assert _waived(path, "D003") == {"a"}


def _squash(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("–", "-").replace("—", "-")
    return re.sub(r"[\s]+", " ", text).strip().lower()


def _seed(name: str) -> str:
    """A seed document's text. Beside a developer's checkout a missing seed skips; in CI it
    fails, so the quote check cannot silently stop running."""
    path = SEEDS / name
    if not path.is_file():
        message = f"seed {name} not found in {SEEDS}"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must check every quote against its document")
        pytest.skip(message)
    return _squash(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("framework_id", FRAMEWORK_IDS)
def test_every_quote_is_verbatim_in_the_document_it_cites(framework_id: str) -> None:
    """A citation a reader cannot find in the document it names is worse than none: each
    quote is looked for in its own document (the framework's `source`, or the milestone's
    `source` where the quote comes from another document), not in all the seeds pooled."""
    framework = load_framework(framework_id)
    unquoted = [
        f"{s.id} (in {s.source or framework.source})"
        for s in framework.milestones
        if _squash(s.quote) not in _seed(s.source or framework.source)
    ]
    assert not unquoted, f"quotes not found verbatim: {unquoted}"


def test_a_missing_seed_fails_in_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must check every quote"):
        _seed("no-such-seed.txt")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _seed("no-such-seed.txt")


def test_list_frameworks_reads_every_file() -> None:
    assert [fw.id for fw in list_frameworks()] == FRAMEWORK_IDS


def test_unknown_framework_lists_the_known_ones() -> None:
    with pytest.raises(UnknownFramework) as err:
        load_framework("ofsted-2099")
    assert str(err.value) == (
        "unknown framework 'ofsted-2099'; known frameworks: cp-2012, jtai-2016, slac-2009, "
        "slac-2010, cp (= cp-2012), jtai (= jtai-2016), slac (= slac-2010) "
        "(or give the path of a timetable .toml file)"
    )


MINIMAL = """\
[framework]
id = "mini"
title = "Mini inspection"
short = "MINI"
year = 2020
document = "Mini guidance"
source = "mini.txt"
cite_as = "Mini guidance 2020"
notification_day = 1

[[milestone]]
id = "notification"
title = "Notified"
party = "Inspectorate"
audience = "all"
day = 1
cite = "para 1"
quote = "notified"
"""


BASE = (
    '\n[[milestone]]\nid = "draft"\ntitle = "D"\nparty = "P"\naudience = "la"\n'
    'day = 5\nafter = "notification"\ncite = "c"\nquote = "q"\n'
)


def write(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "mini.toml"
    path.write_text(MINIMAL + extra)
    return path


def test_a_timetable_file_outside_the_package_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '\n[[milestone]]\nid = "draft-report"\ntitle = "Draft"\nparty = "Inspectorate"\n'
        'audience = "la"\nday = 11\nafter = "notification"\ncite = "para 2"\nquote = "q"\n',
    )
    framework = load_framework(str(path))
    assert framework.milestone("draft-report").offset == 10
    assert framework.milestone("draft-report").rule == "10 working days after: Notified"


@pytest.mark.parametrize(
    ("extra", "line", "problem"),
    [
        (
            '\n[[milestone]]\nid = "draft"\ntitle = "D"\nparty = "P"\naudience = "la"\n'
            'day = 5\nafter = "final"\ncite = "c"\nquote = "q"\n',
            21,
            "milestone 'draft': 'after' names 'final', which is not a milestone; use an earlier "
            "milestone's id",
        ),
        (
            '\n[[milestone]]\nid = "draft"\ntitle = "D"\nparty = "P"\naudience = "everyone"\n'
            'day = 5\nafter = "notification"\ncite = "c"\nquote = "q"\n',
            21,
            "milestone 'draft': 'audience' must be one of la, inspectorate, all",
        ),
        (
            '\n[[milestone]]\nid = "draft"\ntitle = "D"\nparty = "P"\naudience = "la"\n'
            'day = 5\nafter = "notification"\ntime = "9.30am"\ncite = "c"\nquote = "q"\n',
            21,
            "milestone 'draft': 'time' must be HH:MM (24-hour), not '9.30am'",
        ),
        (
            '\n[[milestone]]\nid = "draft"\ntitle = "D"\nparty = "P"\naudience = "la"\n'
            'day = 5\nafter = "notification"\noffset = 3\ncite = "c"\nquote = "q"\n',
            21,
            # notification is day 1, and 1 + 3 = 4, not the 5 the row gives.
            "milestone 'draft': day 5, but 'notification' is day 1 and the offset is 3, which "
            "makes day 4; correct one of them",
        ),
        (
            '\n[[milestone]]\nid = "draft"\ntitle = "D"\nlabel = "Notified"\nparty = "P"\n'
            'audience = "la"\nday = 5\nafter = "notification"\ncite = "c"\nquote = "q"\n',
            21,
            "milestone 'draft': label 'Notified' is already used by 'notification'",
        ),
        (
            BASE + 'not_before = [{ after = "publication", offset = 2 }]\n',
            21,
            "milestone 'draft': 'not_before' names 'publication', which is not a milestone; use "
            "an earlier milestone's id",
        ),
        (
            BASE + 'not_before = [{ after = "draft", offset = 2 }]\n',
            21,
            "milestone 'draft': 'not_before' names 'draft', the milestone itself; use an earlier "
            "milestone's id",
        ),
        (
            BASE + 'not_before = [{ after = "notification", offset = 2, side = "la" }]\n',
            21,
            "milestone 'draft': 'not_before' has an unknown key 'side'",
        ),
        (
            BASE + 'not_before = [{ after = "notification" }]\n',
            21,
            "milestone 'draft': each 'not_before' entry needs a whole-number 'offset'",
        ),
        (
            BASE + 'not_before = [{ after = "notification", offset = 2, unit = "weeks" }]\n',
            21,
            "milestone 'draft': 'not_before' unit must be one of working-days, calendar-days, "
            "months",
        ),
        (
            BASE + 'not_before = { after = "notification", offset = 2 }\n',
            21,
            "milestone 'draft': 'not_before' must be a list of tables, e.g. "
            '[{ after = "fieldwork-end", offset = 15 }]',
        ),
        (
            BASE + 'side = "council"\n',
            21,
            "milestone 'draft': 'side' must be one of la, inspectorate",
        ),
        (
            BASE + "end_day = 3\n",
            21,
            "milestone 'draft': 'end_day' 3 is before 'day' 5; swap them",
        ),
        (
            BASE.replace("day = 5", "offset = 4") + "end_day = 7\n",
            21,
            "milestone 'draft': 'end_day' needs 'day', the first day of the phase",
        ),
        (
            BASE + '\n[[milestone]]\nid = "phase"\ntitle = "Ph"\nparty = "P"\naudience = "la"\n'
            'span = ["notification", "draft"]\nday = 2\ncite = "c"\nquote = "q"\n',
            31,
            "milestone 'phase': a 'span' phase takes its dates from its two milestones only; "
            "remove its 'after', 'day', 'end_day' and 'offset'",
        ),
        (
            BASE.replace('after = "notification"\n', ""),
            21,
            "milestone 'draft': needs 'after' (or 'span'); only 'notification' has none",
        ),
        (
            # "draft" has no day number but is day 1 + 4 = 5 along the chain, so "reply",
            # 2 after it, is day 7: the 9 it states contradicts the chain.
            BASE.replace("day = 5", "offset = 4")
            + '\n[[milestone]]\nid = "reply"\ntitle = "R"\nparty = "P"\naudience = "la"\n'
            'day = 9\nafter = "draft"\noffset = 2\ncite = "c"\nquote = "q"\n',
            31,
            "milestone 'reply': day 9, but 'draft' is day 5 and the offset is 2, which makes "
            "day 7; correct one of them",
        ),
    ],
)
def test_a_malformed_timetable_names_file_and_line(
    tmp_path: Path, extra: str, line: int, problem: str
) -> None:
    path = write(tmp_path, extra)
    with pytest.raises(MalformedDataFile) as err:
        load_framework(str(path))
    assert str(err.value) == f"{path}, line {line}: {problem}"


def test_a_timetable_that_is_not_toml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "\n[[milestone]\n")
    with pytest.raises(MalformedDataFile) as err:
        load_framework(str(path))
    # MINIMAL is 18 lines, then a blank line 19 and the broken header on line 20, the line
    # tomllib names; its own wording follows in brackets.
    assert str(err.value).startswith(f"{path}, line 20: not valid TOML (")


def test_framework_dates_of_application_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "mini.toml"
    path.write_text(
        MINIMAL.replace("notification_day = 1", 'notification_day = 1\npredecessor = "old"')
    )
    with pytest.raises(MalformedDataFile, match="'predecessor' needs 'applies_from'"):
        load_framework(str(path))
    path.write_text(
        MINIMAL.replace("notification_day = 1", 'notification_day = 1\napplies_from = "Oct 2010"')
    )
    with pytest.raises(MalformedDataFile, match="'applies_from' must be a date, YYYY-MM-DD"):
        load_framework(str(path))


def test_two_limits_the_later_one_stands(tmp_path: Path) -> None:
    # Notified Mon 6 Jan 2020 (day 1). "draft" is day 5 = Fri 10 Jan; "reply" is 2 working
    # days after the draft (Tue 14 Jan) and not before 7 working days after the notification
    # (Wed 15 Jan): the later, Wed 15 Jan. A draft pinned to Wed 15 Jan moves the reply to
    # Fri 17 Jan; one pinned early, Wed 8 Jan, leaves Wed 15 Jan.
    path = write(
        tmp_path,
        BASE + '\n[[milestone]]\nid = "reply"\ntitle = "R"\nparty = "P"\naudience = "all"\n'
        'side = "la"\nafter = "draft"\noffset = 2\n'
        'not_before = [{ after = "notification", offset = 7 }]\ncite = "c"\nquote = "q"\n',
    )
    from inspectcal.bankholidays import load_calendar
    from inspectcal.plan import build_plan

    framework = load_framework(str(path))
    reply = framework.milestone("reply")
    assert reply.side == "la" and reply.audience == "all"
    assert framework.milestone("draft").side == "la"  # defaults to the audience
    calendar = load_calendar("england-and-wales")

    def due(**pins: date) -> date:
        plan = build_plan(
            framework=framework,
            calendar=calendar,
            notify=date(2020, 1, 6),
            pins={k: v for k, v in pins.items()},
        )
        return plan.milestone("reply").due

    assert due() == date(2020, 1, 15)
    assert due(draft=date(2020, 1, 15)) == date(2020, 1, 17)
    assert due(draft=date(2020, 1, 8)) == date(2020, 1, 15)


def test_an_answer_per_framework_is_kept_for_that_object_alone() -> None:
    """Plans, checks and pages ask the same timetable the same question many times: the answer
    is worked out once per framework object, never given for another object (a reloaded
    user timetable), and the memory is bounded."""
    from dataclasses import replace

    from inspectcal.frameworks import Framework, PerFramework

    jtai = load_framework("jtai")
    reloaded = replace(jtai)  # equal, but another object
    made: list[str] = []
    memo: PerFramework[str] = PerFramework(kept=2)

    def ask(framework: Framework, detail: str) -> str:
        def make() -> str:
            made.append(detail)
            return f"{detail}!"

        return memo.get(framework, detail, make)

    assert [ask(jtai, "a"), ask(jtai, "a"), ask(reloaded, "a"), ask(jtai, "b")] == ["a!"] * 3 + [
        "b!"
    ]
    assert made == ["a", "a", "b"]  # the reloaded object asked again; the third answer cleared
    assert ask(jtai, "a") == "a!" and made == ["a", "a", "b", "a"]
