"""A user's own timetables: where they live, and a starting file to write one from.

Frameworks change every few years and councils add their own steps, so users write
timetables the package does not ship. They are found by name in the folders of
`INSPECTCAL_TIMETABLES` (os.pathsep-separated) and then in the user config folder. A shipped
timetable always wins over a user file of the same name: a plan that says `jtai-2016` must
mean the cited, tested timetable for every reader, so the user file is reported, not used.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from inspectcal.errors import BadInput

if TYPE_CHECKING:
    from inspectcal.frameworks import Framework, MilestoneSpec

ENV = "INSPECTCAL_TIMETABLES"
SHARED_IDS = (
    "notification", "setup", "fieldwork-start", "fieldwork-end", "fieldwork", "feedback",
    "draft-report", "factual-accuracy-check", "factual-accuracy-deadline", "final-report",
    "publication", "complaint-deadline", "complaint-made", "action-plan-deadline",
)  # fmt: skip


class ShadowedTimetable(UserWarning):
    """A user timetable with the name of a shipped one (or of an earlier user one)."""


def default_dir() -> Path:
    """The platform's per-user config folder, as the usual conventions place it.

    `XDG_CONFIG_HOME` is honoured everywhere when set (tests and many Unix users set it);
    otherwise macOS and Windows get their native folders. Six lines instead of a dependency.
    """
    xdg = os.environ.get("XDG_CONFIG_HOME")
    if xdg:
        base = Path(xdg)
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    elif os.name == "nt":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        base = Path.home() / ".config"
    return base / "inspectcal" / "timetables"


def user_dirs() -> list[tuple[Path, str]]:
    """(folder, where it came from), in the order names are looked up."""
    listed = os.environ.get(ENV, "")
    found = [(Path(p).expanduser(), ENV) for p in listed.split(os.pathsep) if p.strip()]
    return [*found, (default_dir(), "user config folder")]


@dataclass(frozen=True, kw_only=True)
class UserTimetable:
    """A timetable found in a user's folders, with the folder it came from, so listings and
    shadowing warnings can say where a name resolves."""

    name: str
    path: Path
    origin: str


def _shadow_note(path: Path, name: str, shipped: Path) -> str:
    return (
        f"{path} has the name of the shipped timetable {name!r} ({shipped}), which wins; "
        "rename your file to use it"
    )


def user_timetables(shipped: dict[str, Path]) -> tuple[list[UserTimetable], list[str]]:
    """The user timetables usable by name, and a warning for each one that is not.

    `shipped` maps every shipped id and alias to its file.
    """
    found: dict[str, UserTimetable] = {}
    notes: list[str] = []
    for folder, origin in user_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            name = path.stem
            if name in shipped:
                notes.append(_shadow_note(path, name, shipped[name]))
            elif name in found:
                notes.append(f"{path} is not used: {found[name].path} has the same name")
            else:
                found[name] = UserTimetable(name=name, path=path, origin=f"{origin} {folder}")
    return list(found.values()), notes


def warn_if_shadowed(name: str, shipped: Path) -> None:
    """A shipped timetable is being used by a name a user file also has: say so."""
    for folder, _ in user_dirs():
        candidate = folder / f"{name}.toml"
        if candidate.is_file():
            warnings.warn(_shadow_note(candidate, name, shipped), ShadowedTimetable, stacklevel=2)


def find(name: str) -> Path | None:
    """The user timetable called `name` (the first folder that has one wins)."""
    for folder, _ in user_dirs():
        candidate = folder / f"{name}.toml"
        if candidate.is_file():
            return candidate
    return None


# -- `inspectcal frameworks new` ------------------------------------------------------------


def _toml(value: object) -> str:
    """A TOML value; JSON's string escapes are valid in TOML basic strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def starting_file(name: str, source: str) -> str:
    """A timetable for a user to edit: header, the source's conventions, its shared steps.

    The `#:schema` line names the schema of the installed package as a file:// URI, so an
    editor (Taplo, Even Better TOML) validates against the version that will load the file,
    offline.

    Only the shared ids are copied; a step timed from a left-out one is re-timed from its
    nearest shared ancestor (day numbers, or the sum of its working-day offsets), so the
    copy plans the shared steps on the same dates as its source. Each copied step names the
    source's document, so its citation stays true until the user rewrites it.
    """
    from inspectcal.frameworks import _ID, load_framework
    from inspectcal.lint import SCHEMA, _index

    if not _ID.match(name):
        raise BadInput(f"{name!r} is not a timetable name: use lower-case words joined by -")
    framework = load_framework(source)
    text = framework.path.read_text(encoding="utf-8")
    conventions = text[: text.find("[framework]")].rstrip()
    _, blocks = _index(text)
    waivers = {
        spec.id: block.waivers for spec, block in zip(framework.milestones, blocks, strict=False)
    }
    keep = {spec.id for spec in framework.milestones if spec.id in SHARED_IDS}
    lines = [
        f"#:schema {SCHEMA.as_uri()}",
        f"# {name}: a timetable written with `inspectcal frameworks new {name} --from "
        f"{framework.id}`.",
        "#",
        "# To do: give [framework] your source's title, document, year and cite_as; for every",
        f"# milestone, replace the {framework.id} cite, quote and day numbers with your source's",
        "# (and drop its `document` line), add your own steps with `after` and `offset`, then run",
        f"#   inspectcal frameworks lint {name}.toml",
        "# The format: docs/timetables.md, or `inspectcal frameworks schema`.",
        "#",
        f"# The conventions {framework.id} follows, to adapt to your source:",
        "#",
        *(f"# {line.lstrip('#').rstrip()}".rstrip() for line in conventions.splitlines()),
        "",
        "[framework]",
        f"id = {_toml(name)}",
        "aliases = []",
        f"title = {_toml(framework.title + ' (adapted)')}",
        f"short = {_toml(framework.short)}",
        f"year = {framework.year}",
        f"document = {_toml(framework.document)}",
        f"source = {_toml(framework.source)}",
        f"cite_as = {_toml(framework.cite_as)}",
        f"notification_day = {framework.notification_day}",
    ]
    if framework.usual_notification_weekday:
        lines.append(f"usual_notification_weekday = {_toml(framework.usual_notification_weekday)}")
    for spec in framework.milestones:
        if spec.id not in keep or (spec.span and not set(spec.span) <= keep):
            continue
        lines += ["", "[[milestone]]", *_row(framework, spec, keep)]
        lines += [f"# lint: allow {w.code} {w.reason}" for w in waivers.get(spec.id, [])]
    return "\n".join(lines) + "\n"


def _row(framework: Framework, spec: MilestoneSpec, keep: set[str]) -> list[str]:
    out = [f"{key} = {_toml(value)}" for key, value in (
        ("id", spec.id), ("title", spec.title), ("label", spec.label), ("party", spec.party),
        ("audience", spec.audience),
    )]  # fmt: skip
    if spec.span is not None:
        out.append(f"span = {_toml(list(spec.span))}")
    else:
        if spec.day is not None:
            out.append(f"day = {spec.day}")
        if spec.end_day is not None:
            out.append(f"end_day = {spec.end_day}")
        if spec.after is not None:
            after, offset = spec.after, spec.offset
            while after not in keep:
                parent = framework.milestone(after)
                if parent.after is None or parent.unit != "working-days":
                    raise BadInput(f"cannot re-time {spec.id!r} from a shared step")
                after, offset = parent.after, offset + parent.offset
            out.append(f"after = {_toml(after)}")
            parent_day = framework.milestone(after).day
            if spec.day is None or parent_day is None or spec.unit != "working-days":
                out.append(f"offset = {offset}")
            if spec.unit != "working-days":
                out += [f"unit = {_toml(spec.unit)}", f"rule = {_toml(spec.rule)}"]
    if spec.time is not None:
        out.append(f"time = {_toml(f'{spec.time:%H:%M}')}")
    if spec.time_label is not None:
        out.append(f"time_label = {_toml(spec.time_label)}")
    if spec.weekday is not None:
        out.append(f"weekday = {_toml(spec.weekday)}")
    if spec.deadline:
        out.append("deadline = true")
    out += [
        f"cite = {_toml(spec.cite)}",
        f"document = {_toml(spec.document or framework.document)}",
        f"quote = {_toml(spec.quote)}",
    ]
    if spec.notes:
        out.append(f"notes = {_toml(list(spec.notes))}")
    return out


def write_starting_file(name: str, source: str, output: Path | None) -> Path:
    """Write the starting file, never over an existing one; returns where it went."""
    from inspectcal.files import write_atomic

    content = starting_file(name, source)
    target = output if output is not None else user_dirs()[0][0] / f"{name}.toml"
    if target.exists() or target.is_symlink():
        raise BadInput(f"{target} already exists; choose another name or -o path")
    write_atomic(target, content, parents=output is None)
    return target
