"""Framework timetables as data: loading and validating the TOML files in `timetables/`.

The engine knows no framework by name. Everything a framework says - its day numbers, who
acts, the paragraph each step comes from - lives in its data file, so adding a framework is
adding a file and a reader can audit every date against the document it cites.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, Literal, TypedDict, TypeVar

from inspectcal.errors import ISO_DATE, BadInput, MalformedDataFile, UnknownFramework

Unit = Literal["working-days", "calendar-days", "months"]
Audience = Literal["la", "inspectorate", "all"]
Side = Literal["la", "inspectorate"]

UNITS: tuple[Unit, ...] = ("working-days", "calendar-days", "months")
# Day numbers and offsets beyond this (forty years of working days) are typos, and would
# overflow date arithmetic rather than give a plan.
MAX_DAY_NUMBER = 10_000
# A calendar's month view shows about this much of a label after the framework's short name.
LABEL_MAX = 40
AUDIENCES: tuple[Audience, ...] = ("la", "inspectorate", "all")
SIDES: tuple[Side, ...] = ("la", "inspectorate")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Ids that mean the same step in every framework (docs/timetables.md, "Shared ids"): the
# engine and check name these and no other ids. Every shipped framework defines the first
# nine; the rest only where the source defines the step.
NOTIFICATION = "notification"
COMPLAINT_DEADLINE = "complaint-deadline"
# The day a complaint is made: complaints are optional, so the steps timed from it exist only
# once one is made.
COMPLAINT_MADE = "complaint-made"
SHARED_IDS: tuple[str, ...] = (
    NOTIFICATION, "setup", "fieldwork-start", "fieldwork-end", "feedback", "draft-report",
    "factual-accuracy-deadline", "final-report", "publication",
)  # fmt: skip
OPTIONAL_SHARED_IDS: tuple[str, ...] = (
    COMPLAINT_DEADLINE, "action-plan-deadline", "fieldwork", "factual-accuracy-check",
    COMPLAINT_MADE,
)  # fmt: skip

TIMETABLE_DIR = Path(__file__).parent / "timetables"
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True, kw_only=True)
class Bound:
    """A second lower limit on a due date: `offset` units after `after`.

    Sources sometimes give one step two limits ("within five days (10 working days after the
    end of the inspection)"); the later of the rule's date and every bound is the due date.
    """

    after: str
    offset: int
    unit: Unit


@dataclass(frozen=True, kw_only=True)
class MilestoneSpec:
    """One row of a framework timetable, before it meets a calendar."""

    id: str
    title: str
    label: str
    party: str
    audience: Audience
    side: Side | None
    day: int | None
    end_day: int | None
    span: tuple[str, str] | None
    after: str | None
    offset: int
    unit: Unit
    not_before: tuple[Bound, ...]
    rule: str
    time: time | None
    time_label: str | None
    weekday: str | None
    deadline: bool
    cite: str
    document: str | None
    quote: str
    source: str | None
    notes: tuple[str, ...]
    line: int

    @property
    def is_phase(self) -> bool:
        """A phase runs over days (a span or a day range) and is drawn and exported as a range,
        not a single day."""
        return self.span is not None or self.end_day is not None


@dataclass(frozen=True, kw_only=True)
class Framework:
    """One framework's timetable as its data file states it, with the provenance a reader needs
    to audit each date against the document."""

    id: str
    aliases: tuple[str, ...]
    title: str
    short: str
    year: int
    document: str
    source: str
    cite_as: str
    notification_day: int
    usual_notification_weekday: str | None
    applies_from: date | None
    predecessor: str | None
    notes: tuple[str, ...]
    milestones: tuple[MilestoneSpec, ...]
    path: Path

    def milestone(self, milestone_id: str) -> MilestoneSpec:
        """The row with this id; a KeyError, since callers check ids against `ids` first and
        name the framework in their own error."""
        return self._by_id[milestone_id]

    @cached_property
    def _by_id(self) -> dict[str, MilestoneSpec]:
        # Built once per framework: planning ten thousand inspections looks steps up by id
        # millions of times.
        return {spec.id: spec for spec in self.milestones}

    def has(self, milestone_id: str) -> bool:
        """Whether the timetable has this row, asked for every pin and actual of every
        inspection in a programme: one look-up, not a list built each time."""
        return milestone_id in self._by_id

    @cached_property
    def complaint_steps(self) -> frozenset[str]:
        """The complaint window and every step timed, however indirectly, from it: they exist
        only once a complaint is made."""
        steps = {COMPLAINT_DEADLINE, COMPLAINT_MADE} & set(self._by_id)
        for spec in self.milestones:  # file order: a step's `after` is listed before it
            if spec.after in steps:
                steps.add(spec.id)
        return frozenset(steps)

    @property
    def ids(self) -> list[str]:
        """Ids in file order: the order the source prints its rows in."""
        return [spec.id for spec in self.milestones]

    def citation(self, spec: MilestoneSpec) -> str:
        """Where a step comes from; a milestone sourced from another document names it."""
        return f"{spec.document or self.cite_as}, {spec.cite}"


# How a person reads each audience: a feed's title, the index page's "For" column.
AUDIENCE_LABEL: dict[str, str] = {
    "la": "local area",
    "inspectorate": "inspectorate",
    "all": "everyone",
}
# What one audience's calendar holds, for the calendar's own description.
AUDIENCE_SCOPE: dict[str, str] = {
    "all": "every milestone",
    "la": "the milestones the local area acts on or must know",
    "inspectorate": "the milestones internal to the inspectorate",
}


def validate_audience(audience: str) -> None:
    """Refuse an audience no timetable uses before anything is planned for it."""
    if audience not in AUDIENCES:
        raise BadInput(f"unknown audience {audience!r}; choose one of: {', '.join(AUDIENCES)}")


def validate_side(side: str | None) -> Side | None:
    """Refuse a side no timetable uses: judging for it would silently judge nothing."""
    for known in SIDES:
        if side == known:
            return known
    if side is not None:
        raise BadInput(f"unknown side {side!r}; choose one of: {', '.join(SIDES)}")
    return None


def shown_to(milestone_audience: str, audience: str) -> bool:
    """Whose calendar carries a milestone: a feed for one side carries its own and the shared
    ones. This is not who must meet it (`judged_for`): the inspectors' feed shows the council's
    deliverables they act on next, without the inspectors answering for them."""
    return audience == "all" or milestone_audience in (audience, "all")


def judged_for(milestone_side: str | None, side: str | None) -> bool:
    """Whether `check --side` judges a deadline: the side that must meet it, or both sides for
    a deadline nobody in particular owns (`side` None). The default side is the audience when
    that is one side, so a file without `side` keys judges as it always did."""
    return side is None or milestone_side in (None, side)


def _packaged() -> dict[str, Path]:
    return {path.stem: path for path in sorted(TIMETABLE_DIR.glob("*.toml"))}


_ALIASES = re.compile(r"^\s*aliases\s*=\s*\[(?P<names>[^\]]*)\]", re.MULTILINE)


def _aliases(paths: dict[str, Path]) -> dict[str, str]:
    """Aliases, read with a regex rather than a full parse: resolving `jtai` at start-up
    should not cost a TOML parse of every framework. Two files claiming one alias is an error,
    not a silent last-one-wins."""
    table: dict[str, str] = {}
    for fid, path in paths.items():
        match = _ALIASES.search(path.read_text(encoding="utf-8"))
        names = re.findall(r"[\"']([^\"']+)[\"']", match["names"]) if match else []
        for alias in names:
            if alias in table or alias in paths:
                other = table.get(alias, alias)
                raise MalformedDataFile(
                    str(path), None, f"alias {alias!r} is already taken by {other}"
                )
            table[alias] = fid
    return table


def _shipped_names(paths: dict[str, Path]) -> dict[str, Path]:
    return {**paths, **{alias: paths[fid] for alias, fid in _aliases(paths).items()}}


def known_frameworks() -> list[str]:
    """Ids and aliases, for error messages and shell completion."""
    from inspectcal.usertimetables import user_timetables

    paths = _packaged()
    names = list(paths)
    names += [f"{alias} (= {fid})" for alias, fid in sorted(_aliases(paths).items())]
    names += [f"{t.name} ({t.path})" for t in user_timetables(_shipped_names(paths))[0]]
    return names


def list_frameworks() -> list[Framework]:
    """Every shipped framework, loaded: `frameworks` lists them and tests walk them."""
    return [load_framework(fid) for fid in _packaged()]


def list_all_frameworks() -> tuple[list[tuple[Framework, str]], list[str]]:
    """Shipped and user timetables with where each came from, and the shadowing warnings."""
    from inspectcal.usertimetables import user_timetables

    paths = _packaged()
    found, notes = user_timetables(_shipped_names(paths))
    listed = [(parse_framework_file(path), "shipped") for path in paths.values()]
    for timetable in found:
        # One user file being edited must not hide the list: it is named, with the fix.
        try:
            listed.append((parse_framework_file(timetable.path), timetable.origin))
        except MalformedDataFile as err:
            notes.append(f"{err}; left out of the list (`inspectcal frameworks lint` finds it all)")
    return listed, notes


def timetable_file(name: str) -> Path | None:
    """The file a framework name points at, when it is a path rather than an id or alias:
    the one rule `resolve_path` loads by and `-o` protects by."""
    return Path(name) if name.endswith(".toml") else None


def resolve_path(name: str) -> Path:
    """The file a name means: a shipped id, a path to a .toml, an alias (case-insensitive) or a
    user timetable, in that order: a shipped name keeps meaning the shipped file, and a user
    file of the same name gets a warning rather than silently replacing it."""
    from inspectcal.usertimetables import find, warn_if_shadowed

    paths = _packaged()
    if name in paths:
        warn_if_shadowed(name, paths[name])
        return paths[name]
    candidate = timetable_file(name)
    if candidate is not None:
        if candidate.is_file():
            return candidate
        raise UnknownFramework(name, known_frameworks())
    lowered = name.lower()
    if lowered in paths:
        return paths[lowered]
    aliases = _aliases(paths)
    if lowered in aliases:
        warn_if_shadowed(lowered, paths[aliases[lowered]])
        return paths[aliases[lowered]]
    user = find(name)
    if user is not None:
        return user
    raise UnknownFramework(name, known_frameworks())


T = TypeVar("T")


class PerFramework(Generic[T]):
    """What is worked out once per timetable object (and per a detail of it) and asked for
    again by every plan, check or page of a run.

    Keyed by the framework's identity, which is cheap where its hash is not, and kept with it,
    so its id cannot be reused for another framework while the answer is held; bounded, for a
    long-running server that reloads users' timetables.
    """

    def __init__(self, *, kept: int = 256) -> None:
        self._found: dict[tuple[int, Hashable], tuple[Framework, T]] = {}
        self._kept = kept

    def get(self, framework: Framework, detail: Hashable, make: Callable[[], T]) -> T:
        """The answer for `framework` and `detail`, made by `make` the first time."""
        key = (id(framework), detail)
        found = self._found.get(key)
        if found is not None and found[0] is framework:
            return found[1]
        if len(self._found) >= self._kept:
            self._found.clear()
        made = make()
        self._found[key] = (framework, made)
        return made


def load_framework(name: str) -> Framework:
    """Load a packaged framework by id or alias, or a timetable file by path."""
    return parse_framework_file(resolve_path(name))


def parse_framework_file(path: Path) -> Framework:
    """Load and validate one timetable file; every problem is a MalformedDataFile naming the
    file and line, because a plan from a broken file is worthless."""
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise MalformedDataFile(label, None, f"cannot read it ({err.strerror})") from err
    except UnicodeDecodeError as err:
        raise MalformedDataFile(label, None, "not UTF-8 text; save the timetable as UTF-8") from err
    try:
        return _build(_parse_toml(text, label), text=text, path=path)
    except MalformedDataFile:
        # The cache is an optimisation only: a damaged entry must not blame a good file.
        return _build(_parse_toml(text, label, cached=False), text=text, path=path)


def _cache_file(text: str) -> Path:
    # CPython's own BLAKE2 (what `hashlib.blake2b` is): `import hashlib` loads OpenSSL first,
    # 2.3 ms of every cold start, for a digest it then does not use.
    try:
        from _blake2 import blake2b
    except ImportError:  # another Python
        from hashlib import blake2b

    digest = blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "inspectcal" / f"timetable-{digest}.json"


def _parse_toml(text: str, label: str, *, cached: bool = True) -> dict[str, Any]:
    """Parse a timetable, through a cache keyed by the file's content.

    Importing `tomllib` and parsing a large timetable costs ~12 ms, a sixth of the whole
    start-up budget; the JSON of the same data loads in a tenth of a millisecond. Like a .pyc,
    the cache is an optimisation only: any failure to read or write it falls back to parsing.
    """
    cache = _cache_file(text)
    try:
        held = json.loads(cache.read_text(encoding="utf-8")) if cached else None
        if isinstance(held, dict):
            return held
    except (OSError, ValueError):
        pass
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"line (\d+)", str(err))
        line = int(match.group(1)) if match else None
        raise MalformedDataFile(label, line, f"not valid TOML ({err})") from err
    try:
        from inspectcal.files import write_atomic

        write_atomic(cache, json.dumps(data), parents=True)
    except (OSError, TypeError, ValueError, BadInput):
        pass  # a read-only home or a TOML date value: parse every time instead
    return data


_ID_LINE = re.compile(r"^\s*id\s*=\s*[\"']([^\"']*)[\"']", re.MULTILINE)


def _id_lines(text: str) -> dict[str, int]:
    """Line number of each `id = "..."`, found in one pass: error messages point at it."""
    lines: dict[str, int] = {}
    for match in _ID_LINE.finditer(text):
        lines.setdefault(match.group(1), text.count("\n", 0, match.start()) + 1)
    return lines


class _Reader:
    """One TOML table, checked by `value_problems` first, with errors that point at the file
    and line: after the checks, a present value has its right type."""

    def __init__(
        self,
        table: dict[str, Any],
        *,
        path: Path,
        line: int | None,
        what: str,
        checks: dict[str, _Check],
        required: tuple[str, ...],
    ):
        self.table = table
        self.path = path
        self.line = line
        self.what = what
        for _, problem in value_problems(table, checks):
            raise self.fail(problem)
        for key in required:
            if key not in table:
                raise self.fail(f"missing {key!r}")

    def fail(self, problem: str) -> MalformedDataFile:
        return MalformedDataFile(str(self.path), self.line, f"{self.what}: {problem}")

    def get(self, key: str) -> Any:
        return self.table.get(key)


_FRAMEWORK_KEYS = {
    "id", "aliases", "title", "short", "year", "document", "source", "cite_as",
    "notification_day", "usual_notification_weekday", "applies_from", "predecessor", "notes",
}  # fmt: skip
_MILESTONE_KEYS = {
    "id", "title", "label", "party", "audience", "day", "end_day", "span", "after", "offset",
    "unit", "not_before", "side", "rule", "time", "time_label", "weekday", "deadline", "cite",
    "document", "source", "quote", "notes",
}  # fmt: skip
_BOUND_KEYS = {"after", "offset", "unit"}

# -- one set of value checks, for the loader (first problem) and the linter (every problem) --

_Check = Callable[[str, Any], "str | None"]


def _text(key: str, value: Any) -> str | None:
    return (
        None if isinstance(value, str) and value.strip() else f"{key!r} must be a non-empty string"
    )


def _whole(key: str, value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{key!r} must be a whole number"
    if abs(value) > MAX_DAY_NUMBER:
        return f"{key!r} = {value} is out of range; keep it within ±{MAX_DAY_NUMBER}"
    return None


def _strings(key: str, value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return None
    return f"{key!r} must be a list of strings"


def _one_of(choices: tuple[str, ...]) -> _Check:
    def check(key: str, value: Any) -> str | None:
        return None if value in choices else f"{key!r} must be one of {', '.join(choices)}"

    return check


def _matching(pattern: re.Pattern[str], form: str) -> _Check:
    def check(key: str, value: Any) -> str | None:
        if isinstance(value, str) and pattern.fullmatch(value):
            return None
        if not isinstance(value, str):  # a TOML date, time or number where text belongs
            return f"{key!r} must be {form}, in quotes, not {value}"
        return f"{key!r} must be {form}, not {value!r}"

    return check


def _label_value(key: str, value: Any) -> str | None:
    if _text(key, value) or len(value) <= LABEL_MAX:
        return _text(key, value)
    return f"{key!r} is for a month view: at most {LABEL_MAX} characters"


def _weekday(key: str, value: Any) -> str | None:
    if value in WEEKDAYS:
        return None
    return f"{key!r} must be an English weekday name, not {value!r}"


def _flag(key: str, value: Any) -> str | None:
    return None if isinstance(value, bool) else f"{key!r} must be true or false"


def _pair(key: str, value: Any) -> str | None:
    if isinstance(value, list) and len(value) == 2 and all(_text(key, v) is None for v in value):
        return None
    return f'{key!r} must name two earlier milestones, e.g. ["a", "b"]'


# Keys whose value can be judged alone, in the order the loader reports them. Keys absent
# here (`not_before`) or relations between keys and rows are checked where they are read.
HEAD_CHECKS: dict[str, _Check] = {
    "id": _text, "aliases": _strings, "title": _text, "short": _text, "year": _whole,
    "document": _text, "source": _text, "cite_as": _text, "notification_day": _whole,
    "usual_notification_weekday": _one_of(WEEKDAYS[:5]),
    "applies_from": _matching(ISO_DATE, "a date, YYYY-MM-DD"),
    "predecessor": _text, "notes": _strings,
}  # fmt: skip
ROW_CHECKS: dict[str, _Check] = {
    "id": _matching(_ID, "lower-case words joined by hyphens"),
    "title": _text, "label": _label_value, "party": _text,
    "audience": _one_of(AUDIENCES), "side": _one_of(SIDES), "unit": _one_of(UNITS),
    "day": _whole, "end_day": _whole, "offset": _whole, "span": _pair, "after": _text,
    "rule": _text, "time": _matching(_TIME, "HH:MM (24-hour)"), "time_label": _text,
    "weekday": _weekday, "deadline": _flag, "cite": _text, "document": _text, "source": _text,
    "quote": _text, "notes": _strings,
}  # fmt: skip
REQUIRED_HEAD = (
    "id",
    "title",
    "short",
    "year",
    "document",
    "source",
    "cite_as",
    "notification_day",
)
REQUIRED_ROW = ("id", "title", "party", "audience", "cite", "quote")


def bound_problems(raw: Any) -> Iterator[tuple[str, str]]:
    """(lint code, problem) for a `not_before` value judged alone; whether each bound names an
    earlier milestone is a question about the rows around it, asked where they are known."""
    example = '[{ after = "fieldwork-end", offset = 15 }]'
    if not isinstance(raw, list) or not raw or not all(isinstance(e, dict) for e in raw):
        yield "K002", f"'not_before' must be a list of tables, e.g. {example}"
        return
    for entry in raw:
        for key in sorted(set(entry) - _BOUND_KEYS):
            yield "K001", f"'not_before' has an unknown key {key!r}"
        if _text("after", entry.get("after")) is not None:
            yield "K003", "each 'not_before' entry needs 'after', an earlier milestone's id"
        if _whole("offset", entry.get("offset")) is not None:
            yield "K003", "each 'not_before' entry needs a whole-number 'offset'"
        if entry.get("unit", "working-days") not in UNITS:
            yield "K002", f"'not_before' unit must be one of {', '.join(UNITS)}"


def value_problems(table: dict[str, Any], checks: dict[str, _Check]) -> Iterator[tuple[str, str]]:
    """(key, problem) for each key present whose value is wrong on its own: the loader stops
    at the first, the linter reports them all, and both say it in the same words."""
    for key, check in checks.items():
        if key in table:
            problem = check(key, table[key])
            if problem is not None:
                yield key, problem


# -- one set of timing checks: how rows name each other, and their day numbers -------------

# Findings that describe the source rather than break the plan: the linter reports them (and
# they can be waived there), the loader still loads the file.
ADVICE_CODES = frozenset({"D002", "D003"})


@dataclass(frozen=True, kw_only=True)
class TimingProblem:
    """One problem with how a timetable's rows are timed, found by one function for both of its
    readers: the loader refuses the file at the first that is not advice, the linter reports
    every one under its code, and both say it in the same words."""

    code: str
    row: int | None  # index of the row it concerns; None for the file as a whole
    key: str | None  # the key to point at, where one is to blame
    message: str

    @property
    def advice(self) -> bool:
        """Whether a plan survives it (the source contradicts itself), so only lint says so."""
        return self.code in ADVICE_CODES


def timing_problems(
    head: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]
) -> Iterator[TimingProblem]:
    """Every reference and day-number problem, row by row in file order.

    Rows are raw tables: a value of the wrong type is `ROW_CHECKS`' finding, so it is passed
    over here rather than trusted, and the linter can ask before the values are clean.
    """
    position: dict[str, int] = {}
    for i, row in enumerate(rows):
        if isinstance(row.get("id"), str):
            position.setdefault(row["id"], i)
    parents = {
        row["id"]: [ref for _, ref in _references(row)]
        for row in rows
        if isinstance(row.get("id"), str)
    }
    chain = _DayChain(head, set(position))
    rooted = False
    for i, row in enumerate(rows):
        what = f"milestone {row.get('id')!r}"
        rooted = rooted or (row.get("id") == NOTIFICATION and not {"after", "span"} & set(row))
        found = [
            *_reference_problems(i, row, position, parents),
            *_shape_problems(row),
            *chain.problems(row),
        ]
        for code, key, message in found:
            yield TimingProblem(code=code, row=i, key=key, message=f"{what}: {message}")
    if not rooted:
        yield TimingProblem(
            code="R004",
            row=None,
            key=None,
            message=f"no milestone {NOTIFICATION!r} without 'after' to time the rest from; "
            "give the file one",
        )


_Found = tuple[str, str | None, str]  # (code, key, message)


def _references(row: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key, id) of every milestone this row is timed from or bounded by."""
    found: list[tuple[str, str]] = []
    after = row.get("after")
    if isinstance(after, str):
        found.append(("after", after))
    span = row.get("span")
    if isinstance(span, list):
        found += [("span", s) for s in span if isinstance(s, str)]
    bounds = row.get("not_before")
    if isinstance(bounds, list):
        for bound in bounds:
            if isinstance(bound, dict) and isinstance(bound.get("after"), str):
                found.append(("not_before", bound["after"]))
    return found


def _reaches(parents: dict[str, list[str]], start: str, goal: str) -> bool:
    """Whether `goal` is among the milestones `start` is timed from, however indirectly: a
    reference forward to it is then a cycle (R002), not merely out of order (R003)."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo += parents.get(node, [])
    return False


def _reference_problems(
    i: int, row: Mapping[str, Any], position: dict[str, int], parents: dict[str, list[str]]
) -> Iterator[_Found]:
    """A row may be timed only from rows above it: the plan is worked out top to bottom."""
    for key, ref in _references(row):
        named = f"{key!r} names {ref!r}"
        if ref not in position:
            yield "R001", key, f"{named}, which is not a milestone; use an earlier milestone's id"
        elif ref == row.get("id"):
            yield "R002", key, f"{named}, the milestone itself; use an earlier milestone's id"
        elif position[ref] >= i and _reaches(parents, ref, str(row.get("id"))):
            fix = "time one of them from an earlier milestone"
            yield "R002", key, f"{named}, which depends on it in turn; {fix}"
        elif position[ref] >= i:
            yield "R003", key, f"{named}, which comes later in the file; move {ref!r} above it"
    if "after" not in row and "span" not in row and row.get("id") != NOTIFICATION:
        yield "R004", "id", "needs 'after' (or 'span'); only 'notification' has none"


def _shape_problems(row: Mapping[str, Any]) -> Iterator[_Found]:
    """Timing keys that cannot go together on one row."""
    day, end_day = _number(row.get("day")), _number(row.get("end_day"))
    if "span" in row and any(key in row for key in ("after", "day", "end_day", "offset")):
        fix = "remove its 'after', 'day', 'end_day' and 'offset'"
        yield "K002", "span", f"a 'span' phase takes its dates from its two milestones only; {fix}"
    elif end_day is not None and "day" not in row:
        yield "K003", "end_day", "'end_day' needs 'day', the first day of the phase"
    elif end_day is not None and day is not None and end_day < day:
        yield "K002", "end_day", f"'end_day' {end_day} is before 'day' {day}; swap them"


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class _DayChain:
    """Day numbers worked out along each row's `after` (not the row order) from the
    notification, so that a stated day can be held against its parent's day and its offset."""

    def __init__(self, head: Mapping[str, Any], ids: set[str]) -> None:
        self.start = _number(head.get("notification_day")) or 0
        usual = head.get("usual_notification_weekday")
        self.usual = usual if usual in WEEKDAYS[:5] else None
        self.ids = ids
        self.effective: dict[str, int] = {}  # stated or worked out
        self.stated: dict[str, int] = {}

    def problems(self, row: Mapping[str, Any]) -> Iterator[_Found]:
        """This row's day problems; its day is then known to the rows timed from it."""
        mid, day, after = row.get("id"), _number(row.get("day")), row.get("after")
        working = row.get("unit", "working-days") == "working-days"
        found: int | None = day
        if "span" in row:
            span = row["span"]
            first = span[0] if isinstance(span, list) and span else None
            found = self.stated.get(first) if isinstance(first, str) else None
        elif after is None:
            found = day if day is not None else self.start
            if mid == NOTIFICATION and day is not None and day != self.start:
                problem = f"day {day}, but 'notification_day' is {self.start}"
                yield "D001", "day", f"{problem}; make them agree"
        elif isinstance(after, str):
            offset = _number(row.get("offset"))
            if offset is None and ("day" not in row or after not in self.stated):
                if after in self.ids:
                    found = None
                    yield "K003", None, f"give 'offset', or day numbers on both it and {after!r}"
            elif offset is not None and working and after in self.effective:
                expected = self.effective[after] + offset
                if day is not None and day != expected:
                    chain = f"{after!r} is day {self.effective[after]} and the offset is {offset}"
                    problem = f"day {day}, but {chain}, which makes day {expected}"
                    yield "D001", "day", f"{problem}; correct one of them"
                found = day if day is not None else expected
        if isinstance(mid, str):
            if day is not None:
                self.stated[mid] = day
            if found is not None:
                self.effective[mid] = found
        yield from _cited_day_problems(row, day)
        if self.usual is not None and found is not None and working:
            yield from _weekday_problems(row, found=found, start=self.start, usual=self.usual)


_CITED_DAYS = re.compile(r"\bdays?\s+(?P<first>-?\d+)(?:\s*[-–]\s*(?P<last>-?\d+))?", re.I)


def _cited_days(cite: str) -> list[tuple[int, int]]:
    return [(int(m["first"]), int(m["last"] or m["first"])) for m in _CITED_DAYS.finditer(cite)]


def _cited_day_problems(row: Mapping[str, Any], day: int | None) -> Iterator[_Found]:
    """A day number outside the days its own citation names is a copying slip, or the source
    disagreeing with itself."""
    cite = row.get("cite")
    cited = _cited_days(cite) if isinstance(cite, str) else []
    if day is not None and cited and not any(a <= day <= b for a, b in cited):
        yield "D003", "day", f"day {day}, but 'cite' names {cite!r}"


def _weekday_problems(
    row: Mapping[str, Any], *, found: int, start: int, usual: str
) -> Iterator[_Found]:
    """The weekday a source prints against a row, against the one its day number `found`
    falls on after a notification on the usual weekday (day `start`)."""
    weekday = row.get("weekday")
    if weekday not in WEEKDAYS:
        return
    expected = WEEKDAYS[(WEEKDAYS.index(usual) + found - start) % 5]
    if weekday != expected:
        after = f"day {found} after a {usual} notification is a {expected}"
        yield "D002", "weekday", f"the source says {weekday}, but {after}"


def _build(data: dict[str, Any], *, text: str, path: Path) -> Framework:
    """Each table's own values first, then how the rows are timed (`timing_problems`), and only
    then the records: the first problem found is the one raised."""
    head = data.get("framework")
    if not isinstance(head, dict):
        raise MalformedDataFile(str(path), 1, "missing the [framework] table")
    id_lines = _id_lines(text)
    line = id_lines.get(str(head.get("id", "")))
    unknown = sorted(set(head) - _FRAMEWORK_KEYS)
    if unknown:
        raise MalformedDataFile(str(path), line, f"[framework]: unknown key {unknown[0]!r}")
    r = _Reader(
        head, path=path, line=line, what="[framework]", checks=HEAD_CHECKS, required=REQUIRED_HEAD
    )
    applies = r.get("applies_from")
    if r.get("predecessor") is not None and applies is None:
        raise r.fail("'predecessor' needs 'applies_from', the date this framework replaced it")
    rows = data.get("milestone")
    if not isinstance(rows, list) or not rows:
        raise r.fail("no [[milestone]] tables")
    readers: list[_Reader] = []
    ids: set[str] = set()
    for row in rows:
        readers.append(_row_reader(row, seen=ids, id_lines=id_lines, path=path))
        ids.add(readers[-1].get("id"))
    for problem in timing_problems(head, rows):
        if not problem.advice:
            at = line if problem.row is None else readers[problem.row].line
            raise MalformedDataFile(str(path), at, problem.message)
    specs: dict[str, MilestoneSpec] = {}
    labels: dict[str, str] = {}
    for reader in readers:
        spec = _milestone(reader, specs)
        if spec.label in labels:
            # Two rows a month view cannot tell apart are a data error, not a style issue.
            raise reader.fail(f"label {spec.label!r} is already used by {labels[spec.label]!r}")
        labels[spec.label] = spec.id
        specs[spec.id] = spec
    return Framework(
        id=r.get("id"),
        aliases=tuple(r.get("aliases") or ()),
        title=r.get("title"),
        short=r.get("short"),
        year=r.get("year"),
        document=r.get("document"),
        source=r.get("source"),
        cite_as=r.get("cite_as"),
        notification_day=r.get("notification_day"),
        usual_notification_weekday=r.get("usual_notification_weekday"),
        applies_from=_applies_from(r, applies),
        predecessor=r.get("predecessor"),
        notes=tuple(r.get("notes") or ()),
        milestones=tuple(specs.values()),
        path=path,
    )


def _applies_from(r: _Reader, text: str | None) -> date | None:
    """Kept as a quoted ISO date: a TOML date value would defeat the JSON parse cache."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise r.fail(f"'applies_from' must be a date, YYYY-MM-DD, not {text!r}") from None


def _row_reader(row: Any, *, seen: set[str], id_lines: dict[str, int], path: Path) -> _Reader:
    """One row's own values (`ROW_CHECKS`, `bound_problems`); how it is timed from the rows
    around it is `timing_problems`' question."""
    if not isinstance(row, dict):
        raise MalformedDataFile(str(path), None, "[[milestone]] must be a table")
    mid = row.get("id")
    line = id_lines.get(mid) if isinstance(mid, str) else None
    what = f"milestone {mid!r}"
    if isinstance(mid, str) and mid in seen:
        raise MalformedDataFile(str(path), line, f"{what}: duplicate id")
    unknown = sorted(set(row) - _MILESTONE_KEYS)
    if unknown:
        raise MalformedDataFile(str(path), line, f"{what}: unknown key {unknown[0]!r}")
    r = _Reader(row, path=path, line=line, what=what, checks=ROW_CHECKS, required=REQUIRED_ROW)
    if "not_before" in row:
        for _, problem in bound_problems(row["not_before"]):
            raise r.fail(problem)
    return r


def _milestone(r: _Reader, specs: dict[str, MilestoneSpec]) -> MilestoneSpec:
    """One checked row as a record, its timing read against the earlier rows it names."""
    audience = r.get("audience")
    clock = r.get("time")
    timing = _timing(r, specs)
    unit: Unit = r.get("unit") or "working-days"
    return MilestoneSpec(
        id=r.get("id"),
        title=r.get("title"),
        label=r.get("label") or r.get("title"),
        party=r.get("party"),
        audience=audience,
        side=r.table.get("side", audience if audience != "all" else None),
        **timing,
        unit=unit,
        not_before=tuple(
            Bound(after=b["after"], offset=b["offset"], unit=b.get("unit", "working-days"))
            for b in r.get("not_before") or ()
        ),
        rule=r.get("rule") or _describe(timing, unit=unit, specs=specs),
        time=time(int(clock[:2]), int(clock[3:])) if clock is not None else None,
        time_label=r.get("time_label"),
        weekday=r.get("weekday"),
        deadline=r.table.get("deadline", False),
        cite=r.get("cite"),
        document=r.get("document"),
        source=r.get("source"),
        quote=r.get("quote"),
        notes=tuple(r.get("notes") or ()),
        line=r.line or 0,
    )


class _Timing(TypedDict):
    """A row's timing by `MilestoneSpec`'s own field names, so it is passed on as `**timing`."""

    day: int | None
    end_day: int | None
    span: tuple[str, str] | None
    after: str | None
    offset: int


def _timing(r: _Reader, specs: dict[str, MilestoneSpec]) -> _Timing:
    """Day numbers, span, anchor and offset as the row states or implies them; every
    contradiction was refused by `timing_problems` before any row is read here."""
    day, end_day, after = r.get("day"), r.get("end_day"), r.get("after")
    raw_span = r.get("span")
    if raw_span is not None:
        first, last = raw_span
        return _Timing(
            day=specs[first].day, end_day=specs[last].day, span=(first, last), after=first, offset=0
        )
    offset = r.get("offset")
    if after is None:
        offset = 0
    elif offset is None:
        offset = day - specs[after].day
    return _Timing(day=day, end_day=end_day, span=None, after=after, offset=offset)


def _describe(timing: _Timing, *, unit: str, specs: dict[str, MilestoneSpec]) -> str:
    """A rule in words, for milestones whose data file does not spell one out."""
    span, after, offset = timing["span"], timing["after"], timing["offset"]
    if span is not None:
        return f"from {specs[span[0]].title.lower()} to {specs[span[1]].title.lower()}"
    if after is None:
        return "the day the inspection is notified"
    parent = specs[after].title
    noun = {"working-days": "working day", "calendar-days": "calendar day", "months": "month"}
    size = abs(offset)
    if offset == 0:
        return f"the same day as: {parent}"
    amount = f"{size} {noun[unit]}{'s' if size != 1 else ''}"
    return f"{amount} {'after' if offset > 0 else 'before'}: {parent}"
