"""One formatting of a milestone: every output shows the same day, date and time text."""

from __future__ import annotations

import dataclasses
from datetime import date

from inspectcal.fields import (
    day_range,
    fields,
    index_row,
    long_date,
    short_date,
    time_text,
)
from inspectcal.ical import describe
from inspectcal.pictures import tooltip
from inspectcal.plan import Plan, PlannedMilestone
from inspectcal.render import plan_table
from tests.helpers import plan_for


def test_dates_are_never_zero_padded() -> None:
    # Wed 6 Jun 2012 and Fri 1 Mar 2024, as a letter writes them.
    assert long_date(date(2012, 6, 6)) == "Wednesday 6 June 2012"
    assert short_date(date(2024, 3, 1)) == "Fri 1 Mar 2024"


def test_day_ranges() -> None:
    assert (day_range(14, 16), day_range(14, 14), day_range(14, None)) == ("14–16", "14", "14")
    assert day_range(None, None) == ""


def _with_time_only(plan: Plan, milestone_id: str) -> PlannedMilestone:
    """The milestone with its clock time and without the source's words for it."""
    item = plan.milestone(milestone_id)
    return dataclasses.replace(item, spec=dataclasses.replace(item.spec, time_label=None))


def test_the_index_row_keeps_a_clock_time_that_has_no_words() -> None:
    # The published index once showed an empty Time cell where the table showed 09:30.
    plan = plan_for("jtai", "2016-09-13")
    bare = _with_time_only(plan, "notification")
    assert time_text(bare) == "09:30"
    assert index_row(plan.framework, bare)["time"] == "09:30"


def test_words_and_clock_together_everywhere() -> None:
    # JTAI's draft letter: Mon 17 Oct 2016, "by midday" (12:00).
    plan = plan_for("jtai", "2016-09-13")
    draft = plan.milestone("draft-report")
    f = fields(plan.framework, draft)
    assert (f.time, f.when, f.dates) == (
        "by midday (12:00)",
        "Monday 17 October 2016",
        "2016-10-17",
    )
    assert index_row(plan.framework, draft)["time"] == "by midday (12:00)"
    assert "When: Monday 17 October 2016, by midday (12:00 UK time)" in describe(
        plan, draft, name="Bedford"
    )
    assert "Mon 17 Oct 2016, by midday (12:00)" in tooltip(plan, draft)


def test_the_table_and_the_feed_spell_a_date_alike() -> None:
    # Notified Tue 5 Mar 2024: the table once said "05 March" where the feed said "5 March".
    plan = plan_for("jtai", "2024-03-05")
    table = plan_table(plan, color=False)
    assert "Notified Tuesday 5 March 2024;" in table
    assert "05 March" not in table
    assert "When: Tuesday 5 March 2024, by 9.30am (09:30 UK time)" in describe(
        plan, plan.milestone("notification"), name="x"
    )


def test_a_phase_reads_as_a_range_of_days_and_dates() -> None:
    # JTAI notified Tue 13 Sep 2016: fieldwork is days 9-13, Mon 26 to Fri 30 Sep 2016.
    plan = plan_for("jtai", "2016-09-13")
    f = fields(plan.framework, plan.milestone("fieldwork"))
    assert (f.days, f.weekday, f.dates, f.kind) == (
        "9–13",
        "Mon–Fri",
        "2016-09-26 – 2016-09-30",
        "phase",
    )
    assert f.when == "Monday 26 September 2016 to Friday 30 September 2016"


def test_source_is_derived_from_the_row_not_copied() -> None:
    plan = plan_for("jtai", "2016-09-13")
    item = plan.milestone("draft-report")
    assert item.source == plan.framework.citation(item.spec)
    assert item.cite == item.spec.cite  # the framework's own document goes without saying
