"""A static folder of subscribable feeds that any web server can host.

Layout (URLs stay stable, so subscribers never need to resubscribe):

    DIR/index.html                  every feed with its subscribe links, and each plan as a table
    DIR/all.ics                     every milestone of every inspection
    DIR/<inspection>/all.ics        one inspection, every milestone
    DIR/<inspection>/la.ics         what the local area acts on or must know
    DIR/<inspection>/inspectorate.ics

The published feeds are their own history: re-publishing reads SEQUENCE and LAST-MODIFIED back
from them, so an event is revised only when its dates, times or title changed, and a feed whose
bytes would not change is not rewritten at all (its ETag and Last-Modified stay put).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from inspectcal.errors import BadInput, InspectcalError
from inspectcal.files import folder_lock, make_folder, remove_stale_temporaries, write_atomic
from inspectcal.frameworks import AUDIENCE_LABEL, AUDIENCES
from inspectcal.ical import (
    DEFAULT_REMINDER,
    PRODID,
    Reminder,
    Revision,
    build_events,
    calendar_description,
    calendar_name,
    default_stamp,
    render_calendar,
    schedule,
    slug,
    uid_for,
)
from inspectcal.programme import Inspection, read_inspections

__all__ = ["Inspection", "publish", "read_inspections"]

if TYPE_CHECKING:
    from inspectcal.plan import Plan

GENERATOR = '<meta name="generator" content="inspectcal">'
COMBINED = "all.ics"
INDEX = "index.html"
GOOGLE_MAX_URL = 256
# How long a publish waits for another one into the same folder (a cron job overlapping a
# manual run) before giving up: far longer than any publish takes.
LOCK_WAIT = 120.0


@dataclass(frozen=True, kw_only=True)
class Feed:
    path: str  # relative to the folder, with forward slashes
    title: str
    audience: str
    events: int


@dataclass(frozen=True, kw_only=True)
class PublishResult:
    folder: Path
    feeds: tuple[Feed, ...]
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    revised: tuple[str, ...]  # UIDs whose SEQUENCE went up
    warnings: tuple[str, ...]


# -- publishing ---------------------------------------------------------------------------


def publish(
    *,
    inspections: Sequence[Inspection],
    folder: Path,
    base_url: str | None = None,
    reminder: Reminder | None = DEFAULT_REMINDER,
    calendar: str = "england-and-wales",
    closures: Path | None = None,
    holidays_file: Path | None = None,
    now: datetime | None = None,
    protect: tuple[Path, ...] = (),
    lock_wait: float = LOCK_WAIT,
) -> PublishResult:
    """Write (or refresh) the feed folder; the one call behind `inspectcal publish`.

    New events get `export`'s reproducible stamp, so publishing into a fresh folder twice
    gives identical bytes. `now` stamps revised events; it defaults to SOURCE_DATE_EPOCH, else
    the clock. Unrevised events keep the stamp they were published with.

    Everything from reading the old feeds to the last rename happens under the folder's lock,
    so concurrent publishes queue instead of reusing one SEQUENCE for different dates.
    """

    if not inspections:
        raise BadInput("no inspections to publish; give --framework/--notify or --inspections")
    base = _base_url(base_url)
    _check_folder(folder)
    make_folder(folder)
    with folder_lock(folder, wait=lock_wait):
        remove_stale_temporaries(folder)
        return _publish_locked(
            inspections=inspections,
            folder=folder,
            base=base,
            reminder=reminder,
            calendar=calendar,
            closures=closures,
            holidays_file=holidays_file,
            now=now,
            protect=protect,
        )


def _publish_locked(
    *,
    inspections: Sequence[Inspection],
    folder: Path,
    base: str,
    reminder: Reminder | None,
    calendar: str,
    closures: Path | None,
    holidays_file: Path | None,
    now: datetime | None,
    protect: tuple[Path, ...],
) -> PublishResult:
    from inspectcal.plan import make_plan

    _check_folder(folder)
    stamp = (now or _now()).astimezone(UTC).replace(microsecond=0)
    plans: list[tuple[Inspection, Plan, str]] = []
    seen: dict[str, str] = {}
    for item in inspections:
        key = slug(item.name)
        if key in seen or key == Path(COMBINED).stem:
            other = seen.get(key, "the combined feed")
            raise BadInput(
                f"inspections {other!r} and {item.name!r} would share the folder {key}/; "
                "give them more distinct names"
            )
        seen[key] = item.name
        try:
            plan = make_plan(
                framework=item.framework,
                notify=item.notify,
                pins=item.pins,
                calendar=item.calendar or calendar,
                closures=item.closures if item.closures is not None else closures,
                holidays_file=holidays_file,
            )
        except InspectcalError as err:
            if item.origin is None:
                raise
            raise BadInput(f"{item.origin} ({item.name}): {err}") from err
        plans.append((item, plan, key))

    previous = _read_previous(folder, [key for _, _, key in plans])
    revisions: dict[str, Revision] = {}
    revised: list[str] = []
    for item, plan, _ in plans:
        for milestone in plan.milestones:
            uid = uid_for(item.name, milestone.id)
            when = schedule(plan, milestone)
            held = previous.get(uid)
            if held is None:
                # A first publish is reproducible, like `export`: only a revision is news.
                revisions[uid] = Revision(sequence=0, modified=default_stamp(plan))
            elif held.fingerprint == (when.start, when.end, when.summary):
                revisions[uid] = held.revision
            else:
                revisions[uid] = Revision(sequence=held.revision.sequence + 1, modified=stamp)
                revised.append(uid)

    outputs: dict[str, bytes] = {}
    feeds: list[Feed] = []
    combined: list[Any] = []
    for item, plan, key in plans:
        for audience in ("all", "la", "inspectorate"):
            path = f"{key}/{audience}.ics"
            events = build_events(
                plan=plan,
                name=item.name,
                audience=audience,
                reminder=reminder,
                stamp=stamp,
                revisions=revisions,
            )
            outputs[path] = render_calendar(
                name=calendar_name(item.name, audience),
                description=calendar_description(plan, name=item.name, audience=audience),
                events=events,
            )
            feeds.append(
                Feed(
                    path=path,
                    title=item.name if audience == "all" else AUDIENCE_LABEL[audience],
                    audience=audience,
                    events=len(events),
                )
            )
            if audience == "all":
                combined.extend(events)
    names = [item.name for item, _, _ in plans]
    outputs[COMBINED] = render_calendar(
        name="All inspections" if len(names) > 1 else names[0],
        description="Every milestone of: " + "; ".join(names) + ". Generated by inspectcal.",
        events=combined,
    )
    feeds.insert(
        0, Feed(path=COMBINED, title="All inspections", audience="all", events=len(combined))
    )
    outputs[INDEX] = render_index(
        plans=[(item, plan, key) for item, plan, key in plans], feeds=feeds, base_url=base
    ).encode("utf-8")

    written: list[str] = []
    unchanged: list[str] = []
    for rel, data in outputs.items():
        target = folder / rel
        if target.is_file() and target.read_bytes() == data:
            unchanged.append(rel)
            continue
        write_atomic(target, data, protect=protect, parents=True)
        written.append(rel)
    warnings = [
        f"{url} is longer than {GOOGLE_MAX_URL} characters; Google Calendar silently "
        "ignores such subscriptions: use a shorter --base-url or inspection name"
        for url in (base + f.path for f in feeds if base)
        if len(url) > GOOGLE_MAX_URL
    ]
    return PublishResult(
        folder=folder,
        feeds=tuple(feeds),
        written=tuple(written),
        unchanged=tuple(unchanged),
        revised=tuple(revised),
        warnings=tuple(warnings),
    )


def _now() -> datetime:
    """When a revision is stamped: the reproducible-builds clock if set, else now."""
    from inspectcal.ical import source_date_epoch

    return source_date_epoch() or datetime.now(UTC)


def _base_url(text: str | None) -> str:
    if text is None or not text.strip():
        return ""
    url = text.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise BadInput(
            f"--base-url {text!r} must be the http(s) address the folder is served at, "
            "e.g. https://intranet.example.org/inspections/"
        )
    return url if url.endswith("/") else url + "/"


def _check_folder(folder: Path) -> None:
    """Refuse to write into a folder that holds someone else's index.html or calendars."""
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"{folder} is a file, not a folder; give the feed folder's path")
    index = folder / INDEX
    if index.is_file() and GENERATOR not in index.read_text(encoding="utf-8", errors="replace"):
        raise BadInput(
            f"{index} was not written by inspectcal; publish into an empty or new folder"
        )
    combined = folder / COMBINED
    if combined.is_file() and f"PRODID:{PRODID}" not in combined.read_text(
        encoding="utf-8", errors="replace"
    ):
        raise BadInput(
            f"{combined} was not written by inspectcal; publish into an empty or new folder"
        )


@dataclass(frozen=True, kw_only=True)
class _Held:
    revision: Revision
    fingerprint: tuple[object, object, str]


def _read_previous(folder: Path, keys: Sequence[str]) -> dict[str, _Held]:
    """What subscribers already hold, by UID: the highest SEQUENCE found in any old feed."""
    from icalendar import Calendar

    paths = [folder / COMBINED] + [folder / k / f"{a}.ics" for k in keys for a in AUDIENCES]
    held: dict[str, _Held] = {}
    for path in paths:
        if not path.is_file():
            continue
        data = path.read_bytes()
        if f"PRODID:{PRODID}".encode() not in data:
            raise BadInput(f"{path} was not written by inspectcal; move it away and publish again")
        try:
            events = Calendar.from_ical(data).walk("VEVENT")
            for event in events:
                uid = str(event["UID"])
                sequence = int(event.get("SEQUENCE", 0))
                modified = event.decoded("LAST-MODIFIED", None) or event.decoded("DTSTAMP")
                item = _Held(
                    revision=Revision(sequence=sequence, modified=modified),
                    fingerprint=(
                        event.decoded("DTSTART"),
                        event.decoded("DTEND"),
                        str(event.get("SUMMARY", "")),
                    ),
                )
                earlier = held.get(uid)
                if earlier is None or sequence > earlier.revision.sequence:
                    held[uid] = item
                elif (
                    sequence == earlier.revision.sequence
                    and item.fingerprint != earlier.fingerprint
                ):
                    # One SEQUENCE already served with two contents (feeds split by a crash
                    # or by publishes of older versions racing): only a new number fixes it.
                    held[uid] = _Held(revision=earlier.revision, fingerprint=(None, None, ""))
        except (ValueError, KeyError, TypeError) as err:
            raise BadInput(
                f"cannot read the published feed {path} ({err}); delete it and publish again "
                "(UIDs are stable, so subscribers keep their events)"
            ) from err
    return held


# -- index.html ---------------------------------------------------------------------------


def subscribe_links(base_url: str, path: str) -> dict[str, str]:
    """webcal:// opens Apple Calendar and Outlook; Google wants its own cid= link."""
    https = base_url + quote(path)
    webcal = "webcal://" + https.split("://", 1)[1]
    return {
        "webcal": webcal,
        "https": https,
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
    }


def render_index(
    *, plans: Sequence[tuple[Inspection, Plan, str]], feeds: Sequence[Feed], base_url: str
) -> str:
    """A page a planner can hand round: the feeds to subscribe to, and each plan as a table.

    No generation time in it: an unchanged plan gives an unchanged page.
    """
    e = html.escape
    out = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        GENERATOR,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Inspection timetables</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;"
        "padding:0 1rem}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid "
        "#ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}"
        "th{background:#f3f3f3}</style>",
        "</head>",
        "<body>",
        "<h1>Inspection timetables</h1>",
        "<p>Subscribe to a feed to see the dates in Outlook, Google Calendar, Apple Calendar or "
        "Thunderbird; it updates when the plan is republished. Updates are not instant: Google "
        "refreshes roughly once or twice a day, Outlook every few hours, so send urgent changes "
        "by email too.</p>",
    ]
    if not base_url:
        out.append(
            "<p>These links download the feed. Publish with <code>--base-url</code> to get "
            "subscribe links.</p>"
        )
    out.append(_feed_table([f for f in feeds if f.path == COMBINED], base_url))
    for item, plan, key in plans:
        fw = plan.framework
        out.append(f'<h2 id="{e(key)}">{e(item.name)}</h2>')
        out.append(
            f"<p>{e(fw.title)} ({e(fw.cite_as)}), notified "
            f"{plan.notification:%A} {plan.notification.day} {plan.notification:%B %Y}; "
            f"{e(plan.calendar.name)} working days.</p>"
        )
        out.append(_feed_table([f for f in feeds if f.path.startswith(f"{key}/")], base_url))
        out.append(_plan_table(plan))
        for warning in plan.warnings:
            out.append(f"<p><strong>Note:</strong> {e(warning)}</p>")
    out.extend(["</body>", "</html>", ""])
    return "\n".join(out)


def _feed_table(feeds: Sequence[Feed], base_url: str) -> str:
    e = html.escape
    rows = ["<table>", "<tr><th>Feed</th><th>Events</th><th>Subscribe</th></tr>"]
    for feed in feeds:
        if base_url:
            links = subscribe_links(base_url, feed.path)
            how = (
                f'<a href="{e(links["webcal"])}">Outlook / Apple (webcal)</a> · '
                f'<a href="{e(links["google"])}">Google Calendar</a> · '
                f'<a href="{e(links["https"])}">{e(links["https"])}</a>'
            )
        else:
            how = f'<a href="{e(quote(feed.path))}">{e(feed.path)}</a>'
        rows.append(f"<tr><td>{e(feed.title)}</td><td>{feed.events}</td><td>{how}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _plan_table(plan: Plan) -> str:
    e = html.escape
    rows = [
        "<table>",
        "<tr><th>Date</th><th>Day</th><th>Time</th><th>Milestone</th><th>Who acts</th>"
        "<th>For</th><th>Rule</th><th>Source</th></tr>",
    ]
    for m in plan.milestones:
        when = f"{m.date:%a} {m.date.isoformat()}"
        if m.end_date is not None:
            when += f" to {m.end_date:%a} {m.end_date.isoformat()}"
        day = "" if m.day is None else str(m.day)
        if m.end_day is not None and m.end_day != m.day:
            day += f"–{m.end_day}"
        clock = m.time_label or ""
        title = e(m.title) + (" <strong>(deadline)</strong>" if m.deadline else "")
        rows.append(
            f"<tr><td>{e(when)}</td><td>{e(day)}</td><td>{e(clock)}</td><td>{title}</td>"
            f"<td>{e(m.party)}</td><td>{e(AUDIENCE_LABEL[m.audience])}</td><td>{e(m.rule)}</td>"
            f"<td>{e(m.source)}</td></tr>"
        )
    rows.append("</table>")
    return "\n".join(rows)
