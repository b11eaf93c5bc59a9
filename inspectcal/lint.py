"""Every problem in a timetable file at once, as `path:line:col: CODE message` lines.

The loader stops at the first error because a plan from a broken file is worthless; a person
writing a timetable wants the whole list, in the format editors and CI annotate. The linter
reads the file through the loader's own parser (and its cache) and locates keys with a line
index of the text, so both agree on what the file says. Codes are stable: tools and waivers
name them, so a code is never reused for another check.

A finding the source itself forces is waived with a comment inside the table it concerns:
`# lint: allow D002 the source prints Wednesday against day 12`. A waiver needs a reason,
and a waiver that waives nothing is itself a finding, so waivers cannot go stale unseen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspectcal.frameworks import (
    _FRAMEWORK_KEYS,
    _MILESTONE_KEYS,
    HEAD_CHECKS,
    REQUIRED_HEAD,
    REQUIRED_ROW,
    ROW_CHECKS,
    UNITS,
    WEEKDAYS,
    _parse_toml,
    bound_problems,
    value_problems,
)

FRAMEWORK_KEYS = frozenset(_FRAMEWORK_KEYS)
MILESTONE_KEYS = frozenset(_MILESTONE_KEYS)

CODES: dict[str, str] = {
    "K001": "unknown key",
    "K002": "wrong type or value",
    "K003": "missing required key",
    "R001": "reference to an unknown milestone",
    "R002": "references that form a cycle",
    "R003": "reference to a milestone that is not earlier in the file",
    "R004": "not exactly one milestone without 'after', or it is not 'notification'",
    "U001": "id used twice",
    "U002": "label used twice",
    "D001": "day number disagrees with the offset chain",
    "D002": "weekday label contradicted by the usual notification weekday",
    "D003": "day number outside the days its citation names",
    "S001": "milestone without a citation ('cite')",
    "S002": "milestone without a quote",
    "P001": "deadline without a party",
    "N001": "month or calendar-day rule without a stated reason ('rule' or 'notes')",
    "L001": "malformed waiver (unknown code or no reason)",
    "L002": "waiver that waives nothing",
}


@dataclass(frozen=True, kw_only=True, order=True)
class Finding:
    """One problem at a place in the file, printed as `path:line:col: CODE message`, the form
    editors and CI annotate."""

    path: str
    line: int
    col: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


# -- where things are in the text -----------------------------------------------------------

_TABLE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]")
_KEY = re.compile(r"^(\s*)([A-Za-z0-9_-]+)\s*=")
_WAIVER = re.compile(r"#\s*lint:\s*allow\b[ \t]*(?P<code>\S*)[ \t]*(?P<reason>.*)$")


@dataclass(kw_only=True)
class _Waiver:
    line: int
    col: int
    code: str
    reason: str
    used: bool = False


@dataclass(kw_only=True)
class _Block:
    """One table of the file: its header line, its keys' positions and its waivers."""

    line: int
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)
    waivers: list[_Waiver] = field(default_factory=list)


def _index(text: str) -> tuple[_Block, list[_Block]]:
    head = _Block(line=1)
    rows: list[_Block] = []
    current: _Block | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        table = _TABLE.match(line)
        if table:
            name = table.group(2)
            if table.group(1) == "[[" and name == "milestone":
                current = _Block(line=number)
                rows.append(current)
            elif name == "framework":
                head.line = number
                current = head
            else:
                current = None
            continue
        if current is None:
            continue
        key = _KEY.match(line)
        if key:
            current.keys.setdefault(key.group(2), (number, len(key.group(1)) + 1))
        waiver = _WAIVER.search(line)
        if waiver:
            current.waivers.append(
                _Waiver(
                    line=number,
                    col=waiver.start() + 1,
                    code=waiver["code"],
                    reason=waiver["reason"].strip(),
                )
            )
    return head, rows


class _Report:
    def __init__(self, path: str) -> None:
        self.path = path
        self.findings: list[Finding] = []

    def add(self, block: _Block, key: str | None, code: str, message: str) -> None:
        for waiver in block.waivers:
            if waiver.code == code and waiver.reason:
                waiver.used = True
                return
        line, col = block.keys.get(key, (block.line, 1)) if key else (block.line, 1)
        self.findings.append(
            Finding(path=self.path, line=line, col=col, code=code, message=message)
        )


# -- checks ---------------------------------------------------------------------------------


def lint_file(path: Path) -> list[Finding]:
    """All findings for one file; an unreadable file or invalid TOML raises MalformedDataFile."""
    from inspectcal.files import read_text

    return lint_text(read_text(path), str(path))


def lint_text(text: str, label: str) -> list[Finding]:
    """All findings for a timetable's text; `label` names it in the findings, so text from
    stdin or a test lints like a file."""
    data = _parse_toml(text, label)
    head_block, blocks = _index(text)
    report = _Report(label)
    head = data.get("framework")
    if not isinstance(head, dict):
        report.add(head_block, None, "K003", "missing the [framework] table")
        head = {}
    _check_head(head, head_block, report)
    rows = data.get("milestone")
    if not isinstance(rows, list) or not rows:
        report.add(head_block, None, "K003", "no [[milestone]] tables")
        rows = []
    pairs = [
        (row, blocks[i] if i < len(blocks) else _Block(line=head_block.line))
        for i, row in enumerate(rows)
    ]
    valid = [(row, block) for row, block in pairs if isinstance(row, dict)]
    for row, block in pairs:
        if not isinstance(row, dict):
            report.add(block, None, "K002", "[[milestone]] must be a table")
    _check_rows(valid, report)
    _check_references(valid, head_block, report)
    _check_days(head, valid, report)
    for block in [head_block, *(block for _, block in valid)]:
        for waiver in block.waivers:
            if waiver.code not in CODES or not waiver.reason:
                problem = "an unknown code" if waiver.code not in CODES else "no reason"
                code = "L001"
                message = f"waiver {waiver.code!r} has {problem}; write '# lint: allow CODE reason'"
            elif not waiver.used:
                code = "L002"
                message = f"waiver for {waiver.code} waives nothing here; remove it"
            else:
                continue
            report.findings.append(
                Finding(path=label, line=waiver.line, col=waiver.col, code=code, message=message)
            )
    return sorted(report.findings)


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_head(head: dict[str, Any], block: _Block, report: _Report) -> None:
    """The loader's own checks of the [framework] table (`HEAD_CHECKS`), every one reported."""
    for key in sorted(set(head) - FRAMEWORK_KEYS):
        report.add(block, key, "K001", f"[framework]: unknown key {key!r}")
    for key in REQUIRED_HEAD:
        if key not in head:
            report.add(block, None, "K003", f"[framework]: missing {key!r}")
    for key, problem in value_problems(head, HEAD_CHECKS):
        report.add(block, key, "K002", f"[framework]: {problem}")
    if "predecessor" in head and head.get("applies_from") is None:
        report.add(block, "predecessor", "K003", "[framework]: 'predecessor' needs 'applies_from'")


def _name(row: dict[str, Any]) -> str:
    return f"milestone {row.get('id')!r}"


def _check_rows(rows: list[tuple[dict[str, Any], _Block]], report: _Report) -> None:
    ids: dict[str, int] = {}
    labels: dict[str, str] = {}
    for row, block in rows:
        what = _name(row)
        for key in sorted(set(row) - MILESTONE_KEYS):
            report.add(block, key, "K001", f"{what}: unknown key {key!r}")
        mid = row.get("id")
        if isinstance(mid, str) and mid in ids:
            report.add(block, "id", "U001", f"{what}: id already used on line {ids[mid]}")
        elif isinstance(mid, str):
            ids[mid] = block.keys.get("id", (block.line, 1))[0]
        for key, problem in value_problems(row, ROW_CHECKS):
            report.add(block, key, "K002", f"{what}: {problem}")
        for key in REQUIRED_ROW:
            if key in row:
                continue
            if key == "cite":
                report.add(block, None, "S001", f"{what}: no 'cite' (where in the source)")
            elif key == "quote":
                report.add(block, None, "S002", f"{what}: no 'quote' from the source")
            elif key == "party" and row.get("deadline") is True:
                report.add(block, None, "P001", f"{what}: a deadline with no 'party' to meet it")
            else:
                report.add(block, None, "K003", f"{what}: missing {key!r}")
        _check_values(row, block, report, what)
        label = row.get("label", row.get("title"))
        if isinstance(label, str) and isinstance(mid, str):
            if label in labels:
                report.add(
                    block,
                    "label" if "label" in row else "title",
                    "U002",
                    f"{what}: label {label!r} is already used by {labels[label]!r}",
                )
            else:
                labels[label] = mid


def _check_values(row: dict[str, Any], block: _Block, report: _Report, what: str) -> None:
    """What the loader checks between keys of one row, and the linter's own advice."""
    unit = row.get("unit", "working-days")
    if unit in UNITS and unit != "working-days" and not row.get("rule") and not row.get("notes"):
        report.add(
            block,
            "unit",
            "N001",
            f"{what}: {unit} are not working days; say why in 'rule' or 'notes'",
        )
    if "span" in row and any(key in row for key in ("after", "end_day", "offset")):
        report.add(
            block,
            "span",
            "K002",
            f"{what}: a 'span' phase takes its dates from its two milestones only",
        )
    if "not_before" in row:
        for code, problem in bound_problems(row["not_before"]):
            report.add(block, "not_before", code, f"{what}: {problem}")


def _references(row: dict[str, Any]) -> list[tuple[str, str]]:
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


def _check_references(
    rows: list[tuple[dict[str, Any], _Block]], head_block: _Block, report: _Report
) -> None:
    position: dict[str, int] = {}
    for i, (row, _) in enumerate(rows):
        if isinstance(row.get("id"), str):
            position.setdefault(row["id"], i)
    parents = {
        row["id"]: [ref for _, ref in _references(row)]
        for row, _ in rows
        if isinstance(row.get("id"), str)
    }

    roots: list[str] = []
    for i, (row, block) in enumerate(rows):
        what = _name(row)
        for key, ref in _references(row):
            if ref not in position:
                report.add(
                    block, key, "R001", f"{what}: {key!r} names {ref!r}, which is not a milestone"
                )
            elif position[ref] >= i:
                if _reaches(parents, ref, str(row.get("id"))):
                    report.add(
                        block,
                        key,
                        "R002",
                        f"{what}: {key!r} names {ref!r}, which depends on it in turn",
                    )
                else:
                    report.add(
                        block,
                        key,
                        "R003",
                        f"{what}: {key!r} names {ref!r}, which comes later in the file",
                    )
        if "after" not in row and "span" not in row:
            roots.append(str(row.get("id")))
            if row.get("id") != "notification":
                report.add(
                    block,
                    "id",
                    "R004",
                    f"{what}: needs 'after' (or 'span'); only 'notification' has none",
                )
    if "notification" not in roots:
        report.add(
            head_block,
            None,
            "R004",
            "no milestone 'notification' without 'after' to time the rest from",
        )


def _cited_days(cite: str) -> list[tuple[int, int]]:
    return [
        (int(m["first"]), int(m["last"] or m["first"]))
        for m in re.finditer(
            r"\bdays?\s+(?P<first>-?\d+)(?:\s*[-–]\s*(?P<last>-?\d+))?", cite, re.I
        )
    ]


def _check_days(
    head: dict[str, Any], rows: list[tuple[dict[str, Any], _Block]], report: _Report
) -> None:
    """Day numbers against the offsets, computed along each row's `after`, not the row order."""
    given = head.get("notification_day")
    start = given if isinstance(given, int) and not isinstance(given, bool) else 0
    usual = head.get("usual_notification_weekday")
    effective: dict[str, int] = {}
    raw: dict[str, int] = {}
    seen = {row.get("id") for row, _ in rows}
    for row, block in rows:
        mid, what = row.get("id"), _name(row)
        day = row.get("day") if _is_int(row.get("day")) else None
        offset = row.get("offset") if _is_int(row.get("offset")) else None
        unit = row.get("unit", "working-days")
        after = row.get("after")
        found: int | None = None
        if "span" in row:
            span = row["span"]
            found = raw.get(span[0]) if isinstance(span, list) and span else None
        elif after is None:
            found = day if day is not None else start
            if mid == "notification" and day is not None and day != start:
                report.add(
                    block, "day", "D001", f"{what}: day {day}, but 'notification_day' is {start}"
                )
        elif isinstance(after, str):
            parent = effective.get(after)
            if offset is None and ("day" not in row or after not in raw) and after in seen:
                report.add(
                    block,
                    None,
                    "K003",
                    f"{what}: give 'offset', or day numbers on both it and {after!r}",
                )
            elif offset is None or unit != "working-days":
                found = day
            elif parent is not None:
                expected = parent + offset
                if day is not None and day != expected:
                    report.add(
                        block,
                        "day",
                        "D001",
                        f"{what}: day {day}, but {after!r} is day {parent} and the offset "
                        f"is {offset}, which makes day {expected}",
                    )
                found = day if day is not None else expected
            else:
                found = day
        if isinstance(mid, str):
            if day is not None:
                raw[mid] = day
            if found is not None:
                effective[mid] = found
        cited = _cited_days(row["cite"]) if isinstance(row.get("cite"), str) else []
        if day is not None and cited and not any(a <= day <= b for a, b in cited):
            report.add(block, "day", "D003", f"{what}: day {day}, but 'cite' names {row['cite']!r}")
        if usual in WEEKDAYS[:5] and found is not None and unit == "working-days":
            _check_weekday(row, block, report, found=found, start=start, usual=usual)


def _check_weekday(
    row: dict[str, Any], block: _Block, report: _Report, *, found: int, start: int, usual: str
) -> None:
    """The weekday a source prints against a row, against the one its day number `found`
    falls on after a notification on the usual weekday (day `start`)."""
    weekday = row.get("weekday")
    if weekday not in WEEKDAYS:
        return
    expected = WEEKDAYS[(WEEKDAYS.index(usual) + found - start) % 5]
    if weekday != expected:
        report.add(
            block,
            "weekday",
            "D002",
            f"{_name(row)}: the source says {weekday}, but day {found} after "
            f"a {usual} notification is a {expected}",
        )


def lint_json(findings: list[Finding]) -> str:
    """Findings as JSON, for tools that would otherwise parse the text lines."""
    import json

    rows = [
        {"path": f.path, "line": f.line, "col": f.col, "code": f.code, "message": f.message}
        for f in findings
    ]
    return json.dumps(rows, indent=2) + "\n"


SCHEMA = Path(__file__).parent / "timetable.schema.json"


def schema_text() -> str:
    """The JSON Schema shipped in the package, for editors that validate TOML as typed."""
    return SCHEMA.read_text(encoding="utf-8")
