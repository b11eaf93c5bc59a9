"""Every problem in a timetable file at once, as `path:line:col: CODE message` lines.

The loader stops at the first error because a plan from a broken file is worthless; a person
writing a timetable wants the whole list, in the format editors and CI annotate. The linter
reads the file through the loader's own parser (and its cache) and asks the loader's own
checks (`value_problems`, `bound_problems`, `timing_problems`), locating keys with a line
index of the text, so both agree on what the file says and say it in the same words. Codes
are stable: tools and waivers name them, so a code is never reused for another check.

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
    _parse_toml,
    bound_problems,
    timing_problems,
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
    for timing in timing_problems(head, [row for row, _ in valid]):
        block = head_block if timing.row is None else valid[timing.row][1]
        report.add(block, timing.key, timing.code, timing.message)
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
    if "not_before" in row:
        for code, problem in bound_problems(row["not_before"]):
            report.add(block, "not_before", code, f"{what}: {problem}")


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
