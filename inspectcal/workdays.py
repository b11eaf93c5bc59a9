"""Working-day arithmetic over an indexed set of days off.

A working day is a Monday-to-Friday that is neither a bank holiday nor a closure day. Every
operation costs the same whether it moves 10 or 10,000 working days: weekdays are counted in
closed form and days off by binary search, never by walking the calendar a day at a time.

Counting convention: W(d) is the number of working days on or before d (from an arbitrary
origin). `add_working_days(d, n)` is the n-th working day after d; `working_days_between(a, b)`
is W(b) - W(a), the number of working days in (a, b], so that adding the count to a working
day a gives b back.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from inspectcal.errors import OutsideCalendar

# Loads the named days off of one calendar year: [(date, name), ...].
YearLoader = Callable[[int], Iterable[tuple[date, str]]]


def _weekdays_through(ordinal: int) -> int:
    """Mondays to Fridays with ordinal in [1, ordinal]; ordinal 1 (0001-01-01) is a Monday."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _nth_weekday(count: int) -> int:
    """The smallest ordinal o with `_weekdays_through(o) == count` (always a weekday)."""
    weeks, rest = divmod(count, 5)
    if rest == 0:
        return weeks * 7 - 2  # the Friday that completes `weeks` full weeks
    return weeks * 7 + rest


@dataclass(kw_only=True, eq=False)
class WorkingCalendar:
    """Bank holidays plus closures, indexed for constant-cost working-day arithmetic.

    `loader` supplies a year's days off on demand (the data file first, then the `holidays`
    package for years outside it), so a plan for 2016 never pays for 2090.
    """

    name: str
    loader: YearLoader
    closures: Mapping[date, str] = field(default_factory=dict)
    known_through: int | None = None
    # The years the loader has real data for: outside them it would answer "no bank holidays"
    # and every arithmetic result would be silently wrong, so they are refused instead.
    first_year: int | None = None
    last_year: int | None = None
    _names: dict[date, list[str]] = field(default_factory=dict)
    _off: list[int] = field(default_factory=list)  # sorted ordinals of weekday days off
    _years: set[int] = field(default_factory=set)
    # Answers already given: a programme of thousands of inspections asks the same few
    # thousand (day, offset) questions over and over. Loading a year never changes an answer.
    _added: dict[tuple[date, int], date] = field(default_factory=dict)
    _between: dict[tuple[date, date], int] = field(default_factory=dict)
    _late: dict[tuple[int, int], int] = field(default_factory=dict)
    _working: dict[date, bool] = field(default_factory=dict)
    _sorted: list[date] = field(default_factory=list)
    _spans: set[tuple[int, int]] = field(default_factory=set)
    _index: DayIndex | None = None

    def __post_init__(self) -> None:
        for day, label in self.closures.items():
            self._names.setdefault(day, []).append(label)

    # -- index maintenance -------------------------------------------------------------
    def _ensure(self, first: date, last: date) -> None:
        span = (first.year, last.year)
        if span in self._spans:
            return
        self._spans.add(span)
        lo = first.year if self.first_year is None else max(first.year, self.first_year)
        hi = last.year if self.last_year is None else min(last.year, self.last_year)
        missing = [y for y in range(lo, hi + 1) if y not in self._years]
        if not missing:
            return
        self._index = None  # its run of whole years may now extend further
        for year in missing:
            self._years.add(year)
            for day, name in self.loader(year):
                self._names.setdefault(day, []).insert(0, name)
        self._off = sorted(
            d.toordinal()
            for d, names in self._names.items()
            if d.weekday() < 5 and d.year in self._years
        )
        self._sorted = sorted(self._names)

    def _off_through(self, ordinal: int) -> int:
        return bisect_right(self._off, ordinal)

    def _worked_through(self, ordinal: int) -> int:
        return _weekdays_through(ordinal) - self._off_through(ordinal)

    def _nth_working(self, target: int) -> int:
        """The smallest working ordinal o with W(o) == target.

        Fixed-point iteration on the number of days off h: o = nth_weekday(target + h). Starting
        below the answer's h and rising monotonically, it settles in a few rounds whatever the
        distance, because each round only adds the days off inside the stretch it just extended.
        """
        h = self._off_through(_nth_weekday(target))
        while True:
            ordinal = _nth_weekday(target + h)
            again = self._off_through(ordinal)
            if again == h:
                return ordinal
            h = again

    def _span_for(self, start: date, n: int) -> tuple[date, date]:
        reach = abs(n) * 7 // 5 + 14 + abs(n) // 20
        here = start.toordinal()
        lo, hi = (here, here + reach) if n >= 0 else (here - reach, here)
        return _clamped(lo), _clamped(hi)

    def refuse_outside(self, *days: date) -> None:
        """Raise `OutsideCalendar` for a day in a year the calendar has no data for: a plan
        reaching it is refused when it is made, not later when a view lists its days off."""
        self._check(*days)

    def _check(self, *days: date) -> None:
        for day in days:
            if (self.first_year is not None and day.year < self.first_year) or (
                self.last_year is not None and day.year > self.last_year
            ):
                raise OutsideCalendar(day=day, name=self.name, years=self._bounds())

    def _bounds(self) -> tuple[int, int]:
        return (self.first_year or date.min.year, self.last_year or date.max.year)

    def _from_ordinal(self, ordinal: int) -> date:
        if not date.min.toordinal() <= ordinal <= date.max.toordinal():
            edge = date.max if ordinal > 0 else date.min
            raise OutsideCalendar(day=edge, name=self.name, years=self._bounds())
        day = date.fromordinal(ordinal)
        self._check(day)
        return day

    def day_index(self, day: date) -> DayIndex | None:
        """Every day of the run of loaded years around `day`, counted once; None while `day`'s
        year has not been loaded.

        It is built only from years the calendar has already loaded, never loading one itself,
        so asking for it changes nothing: an answer it cannot give (a count leaving the run)
        is the caller's cue to ask the methods below, which load what they need.
        """
        index = self._index
        if index is not None and index.first <= day.toordinal() <= index.last:
            return index
        if day.year not in self._years:
            return None
        lo = hi = day.year
        while lo - 1 in self._years:
            lo -= 1
        while hi + 1 in self._years:
            hi += 1
        first, last = date(lo, 1, 1).toordinal(), date(hi, 12, 31).toordinal()
        off = set(self._off[bisect_left(self._off, first) : bisect_right(self._off, last)])
        before, working = [0], []
        for ordinal in range(first, last + 1):
            if (ordinal + 6) % 7 < 5 and ordinal not in off:
                working.append(ordinal)
            before.append(len(working))
        days = [date.fromordinal(ordinal) for ordinal in range(first, last + 1)]
        self._index = index = DayIndex(
            first=first, last=last, before=before, working=working, days=days
        )
        return index

    # -- queries -----------------------------------------------------------------------
    def is_working_day(self, day: date) -> bool:
        """Whether anyone is at work that day: not a weekend, bank holiday or closure.
        Remembered per day, since plans ask about the same days again and again."""
        known = self._working.get(day)
        if known is not None:
            return known
        self._check(day)
        if day.weekday() >= 5:
            working = False
        else:
            self._ensure(day, day)
            ordinal = day.toordinal()
            i = bisect_left(self._off, ordinal)
            working = not (i < len(self._off) and self._off[i] == ordinal)
        self._working[day] = working
        return working

    def why_closed(self, day: date) -> str:
        """In words, why a day is not a working day (for error messages)."""
        self._ensure(day, day)
        names = self._names.get(day)
        if names:
            return f"{day:%A}, {' and '.join(names)}"
        if day.weekday() >= 5:
            return f"a {day:%A}"
        return "a working day"

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (before it, for negative n).

        `start` need not be a working day. With n == 0 the result is `start` itself when it
        is a working day, else the next working day: a step timed "the same day" as a
        weekend calendar-day deadline happens on the next day anyone is at work.
        """
        known = self._added.get((start, n))
        if known is not None:
            return known  # checked when it was first counted
        self._check(start)
        if n == 0:
            return self.roll_forward(start)
        first, last = self._span_for(start, n)
        while True:
            self._ensure(first, last)
            if n > 0:
                target = self._worked_through(start.toordinal()) + n
            else:
                target = self._worked_through(start.toordinal() - 1) + n + 1
            result = self._from_ordinal(self._nth_working(target))
            if first.year <= result.year <= last.year:
                self._added[start, n] = result
                return result
            # More days off than the estimate allowed for (a long closure list): widen, redo.
            first, last = min(first, result), max(last, result)

    def roll_forward(self, day: date) -> date:
        """`day` if it is a working day, else the first working day after it."""
        return day if self.is_working_day(day) else self.add_working_days(day, 1)

    def roll_back(self, day: date) -> date:
        """`day` if it is a working day, else the last working day before it."""
        return day if self.is_working_day(day) else self.add_working_days(day, -1)

    def next_working_day(self, day: date) -> date:
        """The first working day after `day`, the day a rule that falls on a day off is moved
        to."""
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: date) -> date:
        """The last working day before `day`: backward planning lands there."""
        return self.add_working_days(day, -1)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        known = self._between.get((start, end))
        if known is not None:
            return known  # checked when it was first counted
        lo, hi = min(start, end), max(start, end)
        self._check(lo, hi)
        self._ensure(lo, hi)
        count = self._worked_through(end.toordinal()) - self._worked_through(start.toordinal())
        self._between[start, end] = count
        return count

    def working_days_late(self, due: int, day: int) -> int:
        """`working_days_between(due, roll_forward(day))` for two dates given as ordinals
        (`date.toordinal()`): how late something done on `day` is, a day off counting as the
        next working day, the first on which anyone could act. Ordinals, and remembered as
        one question, since a bulk check asks the same (due, today) of thousands of
        deadlines that its plans keep as ordinals."""
        known = self._late.get((due, day))
        if known is None:
            known = self._late[due, day] = self._late_by(due, day)
        return known

    def _late_by(self, due: int, day: int) -> int:
        # On the day index: W(roll_forward(day)) is one more than the working days before
        # `day`, and W(due) the working days up to and including `due`.
        index = self._index
        if index is not None and index.first <= min(due, day) and max(due, day) < index.last:
            rolled = index.before[day - index.first]
            if rolled < len(index.working):
                return rolled + 1 - index.before[due - index.first + 1]
        start, end = date.fromordinal(due), date.fromordinal(day)
        return self.working_days_between(start, self.roll_forward(end))

    def days_off(self, start: date, end: date) -> list[tuple[date, str]]:
        """Named days off (bank holidays and closures) in [start, end], weekends included
        only when a bank holiday falls on them."""
        self._check(start, end)
        self._ensure(start, end)
        if len(self._sorted) != len(self._names):  # closures only, no year loaded yet
            self._sorted = sorted(self._names)
        days = self._sorted[bisect_left(self._sorted, start) : bisect_right(self._sorted, end)]
        return [(day, " and ".join(self._names[day])) for day in days]

    def horizon_warnings(self, start: date, end: date) -> list[str]:
        """Warn when a plan reaches years whose one-off bank holidays cannot be known yet."""
        if self.known_through is None or end.year <= self.known_through:
            return []
        return [
            f"the plan runs to {end.isoformat()}, past {self.known_through}: one-off bank "
            f"holidays announced after the {self.name} calendar was made are not counted"
        ]


@dataclass(frozen=True, kw_only=True, eq=False)
class DayIndex:
    """A run of whole years with every day's count of working days before it, so that adding
    working days is one list look-up: what planning ten thousand inspections does most.

    Days are ordinals in [first, last]. `before[o - first]` is the number of working days in
    [first, o), so the first working day on or after `o` is `working[before[o - first]]` and
    the n-th one after that `working[before[o - first] + n]`. A look-up outside the lists has
    no answer here (see `WorkingCalendar.day_index`): callers check the bounds, since a
    negative position would silently read from the other end.
    """

    first: int
    last: int
    before: list[int]  # len(days) + 1 entries
    working: list[int]  # the working days' ordinals, in order
    days: list[date]  # days[o - first] is the date of ordinal o


def _clamped(ordinal: int) -> date:
    return date.fromordinal(min(max(ordinal, 1), date.max.toordinal()))
