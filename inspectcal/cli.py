"""The `inspectcal` command line: parse, call one library function, render.

Every error a user can cause surfaces as one line on stderr and exit status 2, never a
traceback: the library raises typed errors and `user_errors` translates them here. Anything
else (a full disk, a bug) is caught in `run` and gets its own status, never 1, which `check`
keeps for "a deadline was missed". Heavy modules (icalendar, holidays) are imported only by
the commands that need them.
"""

from __future__ import annotations

import copy
import functools
import inspect
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import MISSING, dataclass, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar, get_type_hints

import typer
from typer._click import Context
from typer._click.exceptions import UsageError
from typer.core import TyperCommand

from inspectcal.dates import optional_date, parse_actuals, parse_date, parse_pins
from inspectcal.errors import (
    BadInput,
    BadReminder,
    EmptyName,
    FutureActual,
    InspectcalError,
    MissingNotification,
)
from inspectcal.render import (
    CHECK_FORMATS,
    FRAMEWORKS_FORMATS,
    HOLIDAYS_FORMATS,
    PLAN_FORMATS,
    TIMETABLE_FORMATS,
    Style,
    choose,
    format_help,
)

if TYPE_CHECKING:
    from inspectcal.plan import PlanRequest
    from inspectcal.programme import Inspection
    from inspectcal.publish import PublishResult
# Exit statuses (README, "Errors and exit status"): 1 is a finding (a missed deadline, a clash).
EXIT_MISSED = 1
EXIT_BAD_INPUT = 2
EXIT_SYSTEM = 3
EXIT_BUG = 4
EXIT_INTERRUPTED = 130


class SingleValueCommand(TyperCommand):
    """Refuses a single-value option given twice: click would silently keep the last one, and
    `--notify A --notify B` is more likely a pasting slip than a correction."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        _, _, order = self.make_parser(ctx).parse_args(args=list(args))
        seen: set[str | None] = set()
        for param in order:
            if param.param_type_name != "option" or param.multiple:
                continue
            if getattr(param, "count", False) or getattr(param, "is_flag", False):
                continue
            if param.name in seen:
                raise UsageError(f"{param.opts[0]} is given twice; give it once", ctx)
            seen.add(param.name)
        return super().parse_args(ctx, args)


app = typer.Typer(
    name="inspectcal",
    help="Inspection timetables as real English working days, with the rule behind each date.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
frameworks_app = typer.Typer(
    help="List the frameworks, or show one timetable in day numbers.",
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(frameworks_app, name="frameworks")


# -- shared parsing and output ------------------------------------------------------------


def fail(message: str, status: int = EXIT_BAD_INPUT) -> NoReturn:
    """One line on stderr and the contract's exit status: what a script and a person both read."""
    typer.echo(f"inspectcal: error: {message}", err=True)
    raise typer.Exit(status)


@contextmanager
def user_errors(
    flags: Mapping[type[InspectcalError], str] | None = None,
) -> Iterator[None]:
    """Turn the library's typed errors into the one-line message and their exit status.

    The library speaks of dates and names; `flags` says, per error type, which of this
    command's options gave them, so the line names what to type.

    The library's warnings (a user timetable shadowed by a shipped one) become
    `inspectcal: warning:` lines; any other warning is passed on untouched.
    """
    import warnings

    from inspectcal.usertimetables import ShadowedTimetable

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ShadowedTimetable)
        try:
            yield
        except InspectcalError as err:
            hint = next((h for t, h in (flags or {}).items() if isinstance(err, t)), None)
            fail(str(err) if hint is None else f"{err} ({hint})", err.exit_status)
        finally:
            said: set[str] = set()
            for item in caught:
                if issubclass(item.category, ShadowedTimetable):
                    if str(item.message) not in said:
                        said.add(str(item.message))
                        typer.echo(f"inspectcal: warning: {item.message}", err=True)
                else:
                    warnings.showwarning(item.message, item.category, item.filename, item.lineno)


_debug = False


@app.callback()
def options(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="On an unexpected failure, print the Python traceback (for a bug report); "
            "INSPECTCAL_DEBUG=1 does the same.",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print inspectcal's version (for a bug report) and stop.",
            is_eager=True,
            callback=lambda wanted: _print_version() if wanted else None,
        ),
    ] = False,
) -> None:
    """Inspection timetables as real English working days, with the rule behind each date."""
    global _debug
    _debug = debug


def _print_version() -> None:
    """Runs while the options are read, so `inspectcal --version` needs no command."""
    from importlib.metadata import version

    typer.echo(f"inspectcal {version('inspectcal')}")
    raise typer.Exit(0)


def inputs(framework: str | None, *paths: Path | None) -> tuple[Path | None, ...]:
    """Every input file of a run, so that `-o` can refuse to overwrite any of them."""
    from inspectcal.frameworks import timetable_file

    return (timetable_file(framework) if framework else None, *paths)


def terminal_style(output: Path | None) -> Style:
    """Colour and the terminal's width only when the text goes to a terminal, not a file."""
    color = plain_style(output).color
    return Style(color=color, width=terminal_width() if color else None)


def plain_style(output: Path | None) -> Style:
    """Colour only for a terminal, and no width: these tables size their own columns."""
    return Style(color=output is None and stdout_is_terminal())


def emit(
    content: str | bytes, output: Path | None, *, protect: tuple[Path | None, ...] = ()
) -> None:
    """Print, or write `output` atomically (never over one of the user's input files).

    Bytes (a calendar, with its CRLF line ends) go to stdout unchanged.
    """
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(content)
        return
    from inspectcal.files import write_atomic

    write_atomic(output, content, protect=tuple(p for p in protect if p is not None))


def stdout_is_terminal() -> bool:
    """Colour and the terminal's width only for a person at a terminal, never into a pipe."""
    return sys.stdout.isatty()


def terminal_width() -> int:
    """The terminal's width, but never so narrow that the plan table cannot be read."""
    import shutil

    return max(100, shutil.get_terminal_size((120, 24)).columns)


FrameworkOpt = Annotated[
    str,
    typer.Option(
        "--framework", "-f", help="Framework id or alias (see `inspectcal frameworks`), or a .toml"
    ),
]
NotifyOpt = Annotated[
    str | None,
    typer.Option("--notify", "-n", help="Notification date, YYYY-MM-DD.", show_default=False),
]
AtOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--at", help="Pin a milestone: ID=YYYY-MM-DD (repeatable). Later steps follow it."
    ),
]
CalendarOpt = Annotated[
    str,
    typer.Option("--calendar", "-c", help="england-and-wales, scotland or northern-ireland."),
]
ClosuresOpt = Annotated[
    Path | None,
    typer.Option(
        "--closures",
        help="Extra closed days: a text file (one date or FIRST..LAST a line, # comments) "
        "or an .ics of all-day events.",
    ),
]
HolidaysFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--holidays-file",
        help="gov.uk's bank-holidays.json: its list for the years it covers, the shipped "
        "calendar beyond them.",
        show_default=False,
    ),
]
FormatOpt = Annotated[str, typer.Option("--format", help="table, json or csv.")]
PlanFormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        help=format_help(PLAN_FORMATS).removesuffix(".") + " (one page with a timeline).",
    ),
]
CheckFormatOpt = Annotated[str, typer.Option("--format", help=format_help(CHECK_FORMATS))]
FrameworksFormatOpt = Annotated[str, typer.Option("--format", help=format_help(FRAMEWORKS_FORMATS))]
TimetableFormatOpt = Annotated[str, typer.Option("--format", help=format_help(TIMETABLE_FORMATS))]
HolidaysFormatOpt = Annotated[str, typer.Option("--format", help=format_help(HOLIDAYS_FORMATS))]
FrameworkOrProgrammeOpt = Annotated[
    str | None,
    typer.Option(
        "--framework",
        "-f",
        help="Framework id or alias (see `inspectcal frameworks`), or a .toml; "
        "not with --inspections.",
        show_default=False,
    ),
]
InspectionsOpt = Annotated[
    Path | None,
    typer.Option(
        "--inspections",
        "-i",
        help="A programme: CSV with header name,framework,notify[,pins,authority,people,"
        "calendar,closures].",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (atomically).")
]


def quiet(*names: str, help: str, **extra: Any) -> Any:
    """An option whose default is "not given": --help would print it as `None`, so it says
    nothing."""
    return typer.Option(*names, help=help, show_default=False, **extra)


# -- groups of options several commands share ----------------------------------------------

Result = TypeVar("Result")


def option_groups(command: Callable[..., Result]) -> Callable[..., Result]:
    """Lets a command take options it shares with other commands as one frozen dataclass.

    Each parameter typed with a dataclass is replaced, in its place, by the dataclass's
    fields (their `typer.Option`s and defaults), so `--help` lists them where they always
    stood; the command gets them back as one value. This is click's shared-options decorator
    for typer, which reads `inspect.signature` and the type hints: an option shared by six
    commands is declared once, and a seventh cannot drift from it.
    """
    hints = get_type_hints(command, include_extras=True)
    params: list[inspect.Parameter] = []
    groups: dict[str, tuple[type[Any], list[str]]] = {}
    for param in inspect.signature(command).parameters.values():
        group = hints[param.name]
        if not (isinstance(group, type) and is_dataclass(group)):
            params.append(param.replace(annotation=group, kind=inspect.Parameter.KEYWORD_ONLY))
            continue
        types = get_type_hints(group, include_extras=True)
        groups[param.name] = (group, [field.name for field in fields(group)])
        params += [
            inspect.Parameter(
                field.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=inspect.Parameter.empty if field.default is MISSING else field.default,
                annotation=types[field.name],
            )
            for field in fields(group)
        ]

    @functools.wraps(command)
    def expanded(**given: Any) -> Result:
        for name, (group, names) in groups.items():
            given[name] = group(**{field: given.pop(field) for field in names})
        return command(**given)

    expanded.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    expanded.__annotations__ = {param.name: param.annotation for param in params}
    return expanded


@dataclass(frozen=True, kw_only=True)
class WorkingDays:
    """Which days count as working days: the calendar, and the closures and gov.uk file that
    amend it."""

    calendar: CalendarOpt = "england-and-wales"
    closures: ClosuresOpt = None
    holidays_file: HolidaysFileOpt = None


@dataclass(frozen=True, kw_only=True)
class Named:
    """One inspection named on the command line, by its framework and notification date;
    the commands that take one also take a programme file instead (`--inspections`)."""

    framework: FrameworkOrProgrammeOpt = None
    notify: NotifyOpt = None


@dataclass(frozen=True, kw_only=True)
class Planned(Named):
    """What `plan` and `timeline` draw: the named inspection with its pins, or a programme."""

    at: AtOpt = None
    inspections: InspectionsOpt = None


def plan_request(
    framework: str, notify: str | None, at: list[str] | None, working: WorkingDays
) -> PlanRequest:
    """The options that name one inspection's plan, parsed the same way for every command
    that builds one (`plan`, `timeline`, `export`)."""
    from inspectcal.plan import PlanRequest

    return PlanRequest(
        framework=framework,
        notify=optional_date(notify, "notification date"),
        pins=parse_pins(at or [], what="--at"),
        calendar=working.calendar,
        closures=working.closures,
        holidays_file=working.holidays_file,
    )


# -- plan -----------------------------------------------------------------------------------


@app.command(cls=SingleValueCommand)
@option_groups
def plan(
    planned: Planned, working: WorkingDays, fmt: PlanFormatOpt = "table", output: OutputOpt = None
) -> None:
    """Every milestone of one inspection as a real working day, with its source.

    With -i FILE: one row per inspection of a programme with its key dates.
    """
    with user_errors({MissingNotification: "--notify DATE, or --at ID=DATE"}):
        if planned.inspections is not None:
            one_source(framework=planned.framework, notify=planned.notify, at=planned.at)
            plan_programme_command(planned.inspections, working, fmt, output)
            return
        framework = one_inspection(planned)
        renderer = choose(PLAN_FORMATS, fmt)
        from inspectcal.plan import make_plan

        result = make_plan(**plan_request(framework, planned.notify, planned.at, working))
        rendered = renderer(result, terminal_style(output))
        emit(rendered, output, protect=inputs(framework, working.closures, working.holidays_file))


def one_inspection(planned: Planned) -> str:
    """The framework of the one inspection `plan` or `timeline` draws, when no programme
    is given."""
    if planned.framework is None:
        raise BadInput("give --framework (with --notify or --at), or --inspections FILE")
    return planned.framework


# -- timeline -------------------------------------------------------------------------------

TIMELINE_FORMATS = ("text", "svg")
WeekFromOpt = Annotated[
    str | None, quiet("--from", help="Start at the week of this date, YYYY-MM-DD.")
]
WeekToOpt = Annotated[str | None, quiet("--to", help="End with the week of this date, YYYY-MM-DD.")]


@dataclass(frozen=True, kw_only=True)
class Weeks:
    """The weeks a timeline shows: from the week of one date to the week of another, each
    end the plan's own when not given."""

    start: WeekFromOpt = None
    end: WeekToOpt = None

    def window(self) -> tuple[date | None, date | None]:
        """The two dates, parsed; None where the picture ends where the plan does."""
        return (
            parse_date(self.start, "--from date") if self.start else None,
            parse_date(self.end, "--to date") if self.end else None,
        )


WidthOpt = Annotated[
    int | None,
    quiet(
        "--width",
        help="Characters per line (default: the terminal's width, or 100 into a pipe).",
        min=40,
    ),
]
WithWhoOpt = Annotated[
    str | None, quiet("--who", help="With -i: only inspections this person is booked on.")
]
WithAuthorityOpt = Annotated[
    str | None, quiet("--authority", help="With -i: only this authority's inspections.")
]
WithTodayOpt = Annotated[
    str | None, quiet("--today", help="With -i: mark this date as today, YYYY-MM-DD.")
]
WithMaxOnsiteOpt = Annotated[
    int | None,
    quiet("--max-onsite", help="With -i: flag weeks with more than N inspections on site.", min=0),
]


@app.command(cls=SingleValueCommand)
@option_groups
def timeline(
    planned: Planned,
    working: WorkingDays,
    weeks: Weeks,
    width: WidthOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="text or svg.")] = "text",
    who: WithWhoOpt = None,
    authority: WithAuthorityOpt = None,
    today: WithTodayOpt = None,
    max_onsite: WithMaxOnsiteOpt = None,
    output: OutputOpt = None,
) -> None:
    """One inspection's plan as a picture: weeks across, a line per milestone.

    With -i FILE: the programme, a line per inspection (on site, draft, factual accuracy,
    publication) and the number on site each week.
    """
    with user_errors():
        if fmt not in TIMELINE_FORMATS:
            raise BadInput(f"unknown format {fmt!r}; choose one of: {', '.join(TIMELINE_FORMATS)}")
        window = weeks.window()
        if planned.inspections is not None:
            one_source(framework=planned.framework, notify=planned.notify, at=planned.at)
            if working.holidays_file is not None:
                raise BadInput("--holidays-file is not taken with --inspections")
            timeline_programme_command(
                planned.inspections,
                working=working,
                window=window,
                who=who,
                authority=authority,
                today=parse_date(today, "--today date") if today else date.today(),
                max_onsite=max_onsite,
                fmt=fmt,
                width=width,
                output=output,
            )
            return
        framework = one_inspection(planned)
        if who is not None or authority is not None or today or max_onsite is not None:
            raise BadInput("--who, --authority, --today and --max-onsite go with --inspections")
        timeline_plan_command(planned, framework, working, window, fmt, width, output)


def timeline_plan_command(
    planned: Planned,
    framework: str,
    working: WorkingDays,
    window: tuple[date | None, date | None],
    fmt: str,
    width: int | None,
    output: Path | None,
) -> None:
    """`timeline -f`: one plan drawn in the terminal or as SVG."""
    from inspectcal.plan import make_plan

    result = make_plan(**plan_request(framework, planned.notify, planned.at, working))
    protect = inputs(framework, working.closures, working.holidays_file)
    first, last = window
    if fmt == "svg":
        from inspectcal.pictures import timeline_svg

        emit(timeline_svg(result, start=first, end=last), output, protect=protect)
        return
    from inspectcal.timeline import TimelineOptions, render_timeline

    color, width = picture_terminal(output, width)
    options = TimelineOptions(start=first, end=last, width=width)
    emit(render_timeline(result, options, color=color), output, protect=protect)


def picture_terminal(output: Path | None, width: int | None) -> tuple[bool, int]:
    """Colour only on a terminal without NO_COLOR; the terminal's width unless one is given,
    100 into a pipe or a file."""
    terminal = output is None and stdout_is_terminal()
    if width is None:
        import shutil

        width = shutil.get_terminal_size((100, 24)).columns if terminal else 100
    return terminal and not os.environ.get("NO_COLOR"), width


def timeline_programme_command(
    inspections: Path,
    *,
    working: WorkingDays,
    window: tuple[date | None, date | None],
    who: str | None,
    authority: str | None,
    today: date,
    max_onsite: int | None,
    fmt: str,
    width: int | None,
    output: Path | None,
) -> None:
    """`timeline -i`: the programme view in the terminal or as SVG."""
    from inspectcal.agenda import select
    from inspectcal.programme import load_programme

    programme = load_programme(inspections, calendar=working.calendar, closures=working.closures)
    chosen = select(programme, who=who, authority=authority)
    if not chosen.entries:
        raise BadInput("no inspection of the programme matches --who/--authority")
    first, last = window
    if fmt == "svg":
        from inspectcal.pictures import programme_svg

        drawn = programme_svg(
            chosen, today=today, start=first, end=last, max_onsite=max_onsite, standalone=True
        )
        emit(drawn, output, protect=(inspections, working.closures))
        return
    from inspectcal.timeline import ProgrammeOptions, render_programme_timeline

    color, width = picture_terminal(output, width)
    options = ProgrammeOptions(
        start=first, end=last, width=width, today=today, max_onsite=max_onsite
    )
    emit(
        render_programme_timeline(chosen, options, color=color),
        output,
        protect=(inspections, working.closures),
    )


# -- frameworks -----------------------------------------------------------------------------


@frameworks_app.callback()
def frameworks_list(
    ctx: typer.Context,
    fmt: FrameworksFormatOpt = "table",
) -> None:
    """List the frameworks (id, title, year, source)."""
    if ctx.invoked_subcommand is not None:
        return
    from inspectcal.frameworks import list_all_frameworks

    with user_errors():
        renderer = choose(FRAMEWORKS_FORMATS, fmt)
        listed, notes = list_all_frameworks()
        known = [fw for fw, _ in listed]
        origins = [origin for _, origin in listed]
        emit(renderer((known, origins), Style(color=stdout_is_terminal())), None)
    for note in notes:
        typer.echo(f"inspectcal: warning: {note}", err=True)


@frameworks_app.command("show", cls=SingleValueCommand)
def frameworks_show(
    framework: Annotated[str, typer.Argument(help="Framework id or alias.")],
    fmt: TimetableFormatOpt = "table",
) -> None:
    """Print one framework's timetable in day numbers, with the citation for every row."""
    from inspectcal.frameworks import load_framework

    with user_errors():
        renderer = choose(TIMETABLE_FORMATS, fmt)
        emit(renderer(load_framework(framework), Style(color=stdout_is_terminal())), None)


@frameworks_app.command("lint", cls=SingleValueCommand)
def frameworks_lint(
    files: Annotated[list[Path], typer.Argument(help="Timetable .toml files to check.")],
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Every problem in timetable files, as path:line:col: CODE message lines.

    Exit status 0 when clean, 1 with findings, 2 when a file cannot be read.
    """
    from inspectcal.lint import lint_file, lint_json

    with user_errors():
        if fmt not in ("text", "json"):
            raise BadInput(f"unknown format {fmt!r}; choose one of: text, json")
        findings = [finding for path in files for finding in lint_file(path)]
    if fmt == "json":
        emit(lint_json(findings), None)
    else:
        emit("".join(f"{finding}\n" for finding in findings), None)
    if findings:
        raise typer.Exit(1)


@frameworks_app.command("new", cls=SingleValueCommand)
def frameworks_new(
    name: Annotated[str, typer.Argument(help="The new timetable's id, e.g. my-council-jtai.")],
    source: Annotated[
        str, typer.Option("--from", help="The timetable to start from (id, alias or .toml).")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here instead of the first user timetable folder.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a starting timetable (header, conventions, the shared steps) for you to edit.

    It goes to the first folder of INSPECTCAL_TIMETABLES, else the user config folder, where
    `-f NAME` finds it; an existing file is never overwritten.
    """
    from inspectcal.usertimetables import write_starting_file

    with user_errors():
        written = write_starting_file(name, source, output)
    typer.echo(f"wrote {written}; edit it, then: inspectcal frameworks lint {written}")


@frameworks_app.command("schema", cls=SingleValueCommand)
def frameworks_schema() -> None:
    """Print the JSON Schema of the timetable format (for editors: Taplo, Even Better TOML)."""
    from inspectcal.lint import schema_text

    emit(schema_text(), None)


# -- holidays -------------------------------------------------------------------------------


@app.command(cls=SingleValueCommand)
@option_groups
def holidays(
    *,
    year: Annotated[
        int | None, typer.Argument(help="The year, e.g. 2012.", min=1, max=9999)
    ] = None,
    working: WorkingDays,
    compare: Annotated[
        Path | None,
        typer.Option(
            "--compare",
            help="gov.uk's bank-holidays.json: list where it and the shipped calendars differ "
            "(exit 1 when they do).",
            show_default=False,
        ),
    ] = None,
    fmt: HolidaysFormatOpt = "table",
) -> None:
    """Bank holidays of one year (substitute days labelled), plus any closures."""
    from inspectcal.bankholidays import load_calendar
    from inspectcal.render import HolidayList

    if compare is not None:
        from inspectcal.govuk import compare_file, render_differences

        with user_errors():
            if year is not None:
                raise BadInput("give a year or --compare FILE, not both")
            compared, found = compare_file(compare)
        emit(render_differences(compared, found), None)
        if found:
            raise typer.Exit(1)
        return
    with user_errors():
        if year is None:
            raise BadInput("give a year, e.g. `inspectcal holidays 2026`, or --compare FILE")
        renderer = choose(HOLIDAYS_FORMATS, fmt)
        loaded = load_calendar(
            working.calendar, closures=working.closures, holidays_file=working.holidays_file
        )
        listing = HolidayList(
            title=f"{loaded.name} bank holidays {year}",
            days=loaded.days_off(date(year, 1, 1), date(year, 12, 31)),
            closures=loaded.closures,
        )
        emit(renderer(listing, Style(color=stdout_is_terminal())), None)


# --- export, publish, serve ---

NameOpt = Annotated[
    str | None,
    typer.Option(
        "--name",
        help="The inspection's name, e.g. 'Bedford JTAI 2016'. Event UIDs come from it, so keep "
        "it fixed for a feed you re-export (default: framework and notification date).",
        show_default=False,
    ),
]
AudienceOpt = Annotated[
    str,
    typer.Option(
        "--audience",
        help="la (what the local area acts on or must know), inspectorate, or all.",
    ),
]
RemindOpt = Annotated[
    str,
    typer.Option(
        "--remind",
        help="Reminder on deadlines: 1wd (working days before, at 09:00 London time), 2d, 3h, "
        "30m, 1w, an ISO duration (P1D, PT2H) counted back from the start, or none.",
    ),
]


@app.command(cls=SingleValueCommand)
@option_groups
def export(
    *,
    framework: FrameworkOpt,
    notify: NotifyOpt = None,
    at: AtOpt = None,
    name: NameOpt = None,
    audience: AudienceOpt = "all",
    remind: RemindOpt = "1wd",
    working: WorkingDays,
    output: OutputOpt = None,
) -> None:
    """One inspection's plan as an iCalendar (.ics) file, for import or a subscribed feed."""
    from inspectcal.ical import export_calendar, parse_reminder

    with user_errors(
        {
            MissingNotification: "--notify DATE, or --at ID=DATE",
            BadReminder: "--remind",
            EmptyName: "--name",
        }
    ):
        result = export_calendar(
            **plan_request(framework, notify, at, working),
            name=name,
            audience=audience,
            reminder=parse_reminder(remind),
        )
        emit(
            result.data, output, protect=inputs(framework, working.closures, working.holidays_file)
        )
    for warning in result.warnings:
        typer.echo(f"inspectcal: warning: {warning}", err=True)


@contextmanager
def _progress_bar() -> Iterator[Callable[[int, int], None] | None]:
    """A rich bar on stderr for a long publish, only when stderr is a terminal: piped or
    logged output gets nothing extra."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("publishing", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


FolderOpt = Annotated[Path, typer.Argument(help="The feed folder to write (created if need be).")]
PublishFrameworkOpt = Annotated[
    str | None,
    typer.Option("--framework", "-f", help="Framework id or alias, or a .toml file."),
]
PublishInspectionsOpt = Annotated[
    Path | None,
    quiet(
        "--inspections",
        "-i",
        help="A programme CSV: name,framework,notify[,pins,authority,people,calendar,"
        "closures]; feeds per person and authority too.",
    ),
]
BaseUrlOpt = Annotated[
    str | None,
    quiet(
        "--base-url",
        help="The https:// address the folder will be served at, for subscribe links.",
    ),
]


@dataclass(frozen=True, kw_only=True)
class Feeds(Named):
    """What `publish` makes feeds for: the named inspection with its pins and name, or a
    programme."""

    framework: PublishFrameworkOpt = None  # in its place, with publish's own help
    at: AtOpt = None
    name: NameOpt = None
    inspections: PublishInspectionsOpt = None

    def items(self) -> tuple[Inspection, ...]:
        """The programme's inspections, or the one the options name; never a mix of both."""
        from inspectcal.programme import read_inspections
        from inspectcal.publish import single_inspection

        if self.inspections is None:
            return (
                single_inspection(
                    framework=self.framework,
                    name=self.name,
                    notify=optional_date(self.notify, "notification date"),
                    pins=parse_pins(self.at or [], what="--at"),
                ),
            )
        if self.framework or self.notify or self.at or self.name:
            raise BadInput(
                "give either --inspections FILE or --framework/--notify/--at/--name, not both"
            )
        return read_inspections(self.inspections)


@app.command(cls=SingleValueCommand)
@option_groups
def publish(
    *,
    folder: FolderOpt,
    feeds: Feeds,
    base_url: BaseUrlOpt = None,
    remind: RemindOpt = "1wd",
    working: WorkingDays,
) -> None:
    """A folder of feeds to host: one .ics per inspection and audience, all.ics, index.html.

    Re-publishing keeps UIDs, revises only events whose dates, times or titles changed, and
    leaves unchanged files untouched.
    """
    from inspectcal.ical import parse_reminder
    from inspectcal.programme import input_paths
    from inspectcal.publish import publish as publish_folder

    with user_errors({BadReminder: "--remind", EmptyName: "--name"}):
        items = feeds.items()
        with _progress_bar() as progress:
            result = publish_folder(
                inspections=items,
                folder=folder,
                base_url=base_url,
                reminder=parse_reminder(remind),
                calendar=working.calendar,
                closures=working.closures,
                holidays_file=working.holidays_file,
                protect=input_paths(
                    items, feeds.inspections, working.closures, working.holidays_file
                ),
                progress=progress,
            )
    say_published(result, folder)


def say_published(result: PublishResult, folder: Path) -> None:
    """What a publish run did, feed by feed, and what it warns about."""
    revised = len(result.revised)
    typer.echo(
        f"published {len(result.feeds)} feeds to {folder}: {len(result.written)} files written, "
        f"{len(result.unchanged)} unchanged; {revised} event{'s' if revised != 1 else ''} revised"
    )
    for feed in result.feeds:
        typer.echo(f"  {feed.path} ({feed.events} events)")
    for warning in result.warnings:
        typer.echo(f"inspectcal: warning: {warning}", err=True)


@app.command(cls=SingleValueCommand)
def serve(
    folder: Annotated[Path, typer.Argument(help="The folder `inspectcal publish` wrote.")],
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port (0 picks a free one).")] = 8080,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not log requests.")] = False,
) -> None:
    """Serve a feed folder over HTTP (intranet or testing); Ctrl-C stops it."""
    from inspectcal.serve import make_server

    def log(line: str) -> None:
        typer.echo(line, err=True)

    with user_errors():
        server = make_server(folder, host=host, port=port, log=None if quiet else log)
    typer.echo(f"serving {folder} at {server.url} (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
    finally:
        server.server_close()


# --- check ---

ActualOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--actual",
        "-a",
        help="When a milestone really happened: ID=YYYY-MM-DD or ID=YYYY-MM-DDTHH:MM "
        "(repeatable). Later due dates follow it.",
        show_default=False,
    ),
]
ActualsFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--actuals",
        help="CSV of actual dates: header 'id,date', then one row per milestone.",
        show_default=False,
    ),
]
SideOpt = Annotated[
    str | None,
    typer.Option(
        "--side",
        help="Judge only one side's deadlines (and the shared ones): la or inspectorate.",
        show_default=False,
    ),
]
TodayOpt = Annotated[
    str | None,
    typer.Option(
        "--today",
        help="Judge as of this date, YYYY-MM-DD (default: today).",
        show_default=False,
    ),
]


@dataclass(frozen=True, kw_only=True)
class Judged(Named):
    """What `check` judges, as `Planned` is what `plan` draws: the named inspection with its
    actual dates, or a programme with its actuals file."""

    actual: ActualOpt = None
    actuals: ActualsFileOpt = None
    inspections: InspectionsOpt = None


@app.command("check", cls=SingleValueCommand)
@option_groups
def check_command(
    *,
    judged: Judged,
    today: TodayOpt = None,
    side: SideOpt = None,
    working: WorkingDays,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Was a deadline missed? Judge actual dates against the timetable.

    Exit status 0 when nothing is missed or overdue, 1 when something is, 2 for bad input.
    """
    from inspectcal.check import make_check

    with user_errors(
        {
            MissingNotification: "--notify DATE, --actual notification=DATE, or a "
            "'notification' row in the --actuals file",
            FutureActual: "--today",
        }
    ):
        framework, actuals = judged.framework, judged.actuals
        if judged.inspections is not None:
            one_source(framework=framework, notify=judged.notify, at=judged.actual, flag="--actual")
            failed = check_programme_command(
                judged.inspections, actuals, today, side, working, fmt, output
            )
            if failed:
                raise typer.Exit(1)
            return
        if framework is None:
            raise BadInput("give --framework (with --notify), or --inspections FILE")
        renderer = choose(CHECK_FORMATS, fmt)
        report = make_check(
            framework=framework,
            notify=optional_date(judged.notify, "notification date"),
            actuals=parse_actuals(judged.actual or [], what="--actual"),
            actuals_file=actuals,
            as_of=parse_date(today, "--today date") if today is not None else date.today(),
            side=side,
            calendar=working.calendar,
            closures=working.closures,
            holidays_file=working.holidays_file,
        )
        rendered = renderer(report, plain_style(output))
        protect = inputs(framework, working.closures, actuals, working.holidays_file)
        emit(rendered, output, protect=protect)
    if report.failed:
        raise typer.Exit(EXIT_MISSED)


# -- programmes: plan -i, agenda, clashes, check -i ---------------------------------------


def one_source(
    *, framework: str | None, notify: str | None, at: list[str] | None, flag: str = "--at"
) -> None:
    """A programme file already says each inspection's framework and dates: giving them on the
    command line too is ambiguous, so it is refused rather than one silently winning."""
    if framework or notify or at:
        raise BadInput(f"give either --inspections FILE or --framework/--notify/{flag}, not both")


def plan_programme_command(
    inspections: Path, working: WorkingDays, fmt: str, output: Path | None
) -> None:
    """`plan -i`: one row of key dates per inspection, for a planner's overview."""
    from inspectcal.programme import load_programme
    from inspectcal.render_programme import PLAN_PROGRAMME_FORMATS

    renderer = choose(PLAN_PROGRAMME_FORMATS, fmt)
    programme = load_programme(
        inspections,
        calendar=working.calendar,
        closures=working.closures,
        holidays_file=working.holidays_file,
    )
    emit(renderer(programme, plain_style(output)), output, protect=programme.input_paths())


def check_programme_command(
    inspections: Path,
    actuals: Path | None,
    today: str | None,
    side: str | None,
    working: WorkingDays,
    fmt: str,
    output: Path | None,
) -> bool:
    """`check -i`: every inspection of a programme judged; True when something failed."""
    from inspectcal.audit import check_programme, read_programme_actuals
    from inspectcal.programme import Inputs, input_paths, read_inspections
    from inspectcal.render_programme import CHECK_PROGRAMME_FORMATS

    renderer = choose(CHECK_PROGRAMME_FORMATS, fmt)
    items = read_inspections(inspections)
    found = read_programme_actuals(actuals, [i.name for i in items]) if actuals else {}
    result = check_programme(
        items,
        found,
        inputs=Inputs(
            calendar=working.calendar,
            closures=working.closures,
            holidays_file=working.holidays_file,
        ),
        as_of=parse_date(today, "--today date") if today else date.today(),
        side=side,
    )
    rendered = renderer(result, plain_style(output))
    protect = input_paths(items, inspections, working.closures, working.holidays_file, actuals)
    emit(rendered, output, protect=protect)
    return result.failed


ProgrammeOpt = Annotated[
    Path,
    typer.Option(
        "--inspections",
        "-i",
        help="A programme: CSV with header name,framework,notify[,pins,authority,people,"
        "calendar,closures].",
    ),
]


FirstDayOpt = Annotated[str | None, quiet("--from", help="First day, YYYY-MM-DD (default: today).")]
DaysOpt = Annotated[
    int | None, quiet("--days", help="Working days after the first day (default 10).")
]
LastDayOpt = Annotated[str | None, quiet("--to", help="Last day, YYYY-MM-DD (instead of --days).")]
WhoOpt = Annotated[str | None, quiet("--who", help="Only inspections this person is booked on.")]
AuthorityOpt = Annotated[
    str | None, quiet("--authority", help="Only this authority's inspections.")
]
OnlyAudienceOpt = Annotated[
    str | None,
    quiet("--audience", help="Only what this audience's feed carries: la, inspectorate or all."),
]
MaxOnsiteOpt = Annotated[
    int | None,
    quiet("--max-onsite", help="Report weeks with more than N inspections on site at once."),
]


@app.command(cls=SingleValueCommand)
def agenda(
    inspections: ProgrammeOpt,
    start: FirstDayOpt = None,
    days: DaysOpt = None,
    end: LastDayOpt = None,
    who: WhoOpt = None,
    authority: AuthorityOpt = None,
    audience: OnlyAudienceOpt = None,
    deadlines: Annotated[
        bool, typer.Option("--deadlines", help="Only deadlines.", show_default=False)
    ] = False,
    today: TodayOpt = None,
    calendar: CalendarOpt = "england-and-wales",
    closures: ClosuresOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json, csv or ics.")] = "table",
    output: OutputOpt = None,
) -> None:
    """What happens across a programme in a window, day by day (default: the next 10
    working days)."""
    from inspectcal.agenda import agenda as make_agenda
    from inspectcal.agenda import select, window
    from inspectcal.programme import load_programme
    from inspectcal.render_programme import AGENDA_FORMATS

    with user_errors():
        renderer = choose(AGENDA_FORMATS, fmt)
        programme = load_programme(inspections, calendar=calendar, closures=closures)
        first, last = window(
            programme.inputs.default,
            today=parse_date(today, "--today date") if today else date.today(),
            start=parse_date(start, "--from date") if start else None,
            end=parse_date(end, "--to date") if end else None,
            days=days,
        )
        chosen = select(programme, who=who, authority=authority)
        found = make_agenda(chosen, start=first, end=last, audience=audience, deadlines=deadlines)
        emit(renderer(found, plain_style(output)), output, protect=programme.input_paths())


@app.command(cls=SingleValueCommand)
def clashes(
    inspections: ProgrammeOpt,
    max_onsite: MaxOnsiteOpt = None,
    calendar: CalendarOpt = "england-and-wales",
    closures: ClosuresOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Double bookings: a person on two fieldworks at once, an authority inspected twice at
    once, too many inspections on site. Exit status 1 when there is any."""
    from inspectcal.agenda import clashes as find_clashes
    from inspectcal.programme import load_programme
    from inspectcal.render_programme import CLASHES_FORMATS

    with user_errors():
        renderer = choose(CLASHES_FORMATS, fmt)
        programme = load_programme(inspections, calendar=calendar, closures=closures)
        found = find_clashes(programme, max_onsite=max_onsite)
        emit(renderer(found, plain_style(output)), output, protect=programme.input_paths())
    if found:
        raise typer.Exit(1)


# -- entry point ----------------------------------------------------------------------------


def main() -> None:
    """Console-script entry."""
    sys.exit(run())


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command `args` name registered, where they name one.

    Typer builds a click command for every registered command on every run, reading each
    one's signature and type hints: 5 ms of an 85 ms start, for twelve commands the run never
    uses. With no command named (`--help`, a typo that wants a suggestion) it is the whole app.
    """
    from typer.main import get_command_name

    name = next((arg for arg in args if not arg.startswith("-")), None)
    commands = [
        info
        for info in app.registered_commands
        if info.callback is not None
        and (info.name or get_command_name(info.callback.__name__)) == name
    ]
    groups = [info for info in app.registered_groups if info.name == name]
    if not commands and not groups:
        return app
    one = copy.copy(app)
    one.registered_commands, one.registered_groups = commands, groups
    return one


def run(args: list[str] | None = None) -> int:
    """Run the command line and return its exit status; never lets a traceback out.

    Usage errors (a missing option...) become one line and 2. Failures outside the input
    (standard output on a full disk) become one line and 3, and anything else is a bug: one
    line and 4, with the traceback only under `--debug` or INSPECTCAL_DEBUG=1.
    """
    global _debug
    _debug = False
    try:
        given = sys.argv[1:] if args is None else args
        code = _app_for(given)(args=given, standalone_mode=False, prog_name="inspectcal")
        sys.stdout.flush()
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("inspectcal: interrupted", err=True)
        return EXIT_INTERRUPTED
    except typer.TyperException as err:
        ctx = getattr(err, "ctx", None)
        hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
        typer.echo(f"inspectcal: error: {err.format_message()}{hint}", err=True)
        return err.exit_code
    except BrokenPipeError:
        # The reader (`| head`) has all it wants: stop quietly, as other Unix tools do.
        _silence_stdout()
        return 0
    except OSError as err:
        _report(err, f"cannot write the output ({err.strerror or err})", hint=False)
        _silence_stdout()
        return EXIT_SYSTEM
    except Exception as err:
        _report(
            err, f"internal error ({type(err).__name__}: {_one_line(str(err))}); please report it"
        )
        return EXIT_BUG
    return code if isinstance(code, int) else 0


def _debugging() -> bool:
    return _debug or os.environ.get("INSPECTCAL_DEBUG", "") not in ("", "0")


def _report(err: BaseException, message: str, *, hint: bool = True) -> None:
    if _debugging():
        import traceback

        traceback.print_exception(err, file=sys.stderr)
    elif hint:
        message += " (run with --debug for the traceback)"
    typer.echo(f"inspectcal: error: {message}", err=True)


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 200 else flat[:197] + "..."


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
