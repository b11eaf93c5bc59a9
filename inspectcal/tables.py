"""The one CSV reader behind every table a user gives: programmes and actuals files.

Spreadsheets save a BOM and CRLF line ends; people annotate files with `#` lines and leave
blank ones; a header names the columns in any order and case. Each file kind once had its own
reader with its own rules (only one allowed comments; an unreadable file was a different error
in each), so the rules live here and every problem is one `MalformedDataFile` with the line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from pathlib import Path

from inspectcal.errors import MalformedDataFile

# A cell longer than this is almost certainly a missing closing quote swallowing the rest of
# the file, not a note anybody wrote.
CELL_LIMIT = 1 << 20


@dataclass(frozen=True, kw_only=True)
class Row:
    """One data row: its first line in the file and its cells by (lower-case) column."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The cell, or "" for an optional column the file leaves out or a short row."""
        return self.cells.get(column, "")


@dataclass(frozen=True, kw_only=True)
class Table:
    """A whole file read and checked; `fail` words an error at a line of it.

    The rows are kept as the csv module gives them, each with the line it starts on, and
    cells are stripped when asked for: a national programme's files have tens of thousands
    of rows, and a `Row` with its dictionary per row was a third of reading them.
    """

    path: Path
    columns: tuple[str, ...]
    lines: tuple[int, ...]  # the line each data row starts on
    raw: tuple[list[str], ...]  # each data row's cells, unstripped, at most one per column

    @cached_property
    def rows(self) -> tuple[Row, ...]:
        """Each row's stripped cells by column (a short row lacks the columns it leaves out)."""
        columns = self.columns
        return tuple(
            Row(line=line, cells=dict(zip(columns, map(str.strip, row), strict=False)))
            for line, row in zip(self.lines, self.raw, strict=True)
        )

    def select(self, *columns: str) -> list[tuple[str, ...]]:
        """The stripped cells of `columns` in every row, in the order asked: "" for a column
        the file leaves out or a short row leaves blank. One comprehension over the rows, for
        a reader that unpacks its cells instead of asking a `Row` column by column."""
        width = len(self.columns)
        at = {column: i for i, column in enumerate(self.columns)}
        index = [at.get(column, width) for column in columns]  # `width`: always blank
        need, blank, strip = max(index) + 1, [""] * (width + 1), str.strip
        if len(index) == 1:  # itemgetter of one index gives the cell, not a tuple
            (i,) = index
            return [(strip(row[i] if len(row) > i else ""),) for row in self.raw]
        pick = itemgetter(*index)
        return [
            tuple(map(strip, pick(row if len(row) >= need else row + blank[len(row) :])))
            for row in self.raw
        ]

    def fail(self, line: int | None, problem: str) -> MalformedDataFile:
        """Every reader's error names this file, so a caller gives only the line and problem."""
        return MalformedDataFile(str(self.path), line, problem)


def read_table(
    path: Path,
    *,
    what: str,
    required: Sequence[str],
    optional: Sequence[str] | None = None,
) -> Table:
    """Read a CSV whose header has every `required` column, each once.

    With `optional` given, those are the only other columns allowed (a misspelt column is
    refused rather than ignored); with None, other columns (a note, a source) are kept for
    the reader and ignored. `what` ("actuals file") names the file when it cannot be read.
    """
    text = _text(path, what)
    # The csv module's own limit raises an error without a line; this one is checked per cell.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    hint = ",".join(required) + (f"[,{','.join(optional)}]" if optional else "")
    lines, raw, stopped = _rows(path, text)
    if not raw:
        if stopped is not None:
            raise stopped
        raise MalformedDataFile(str(path), None, f"empty; expected the header '{hint}'")
    header = raw[0]
    columns = tuple(cell.strip().lower() for cell in header)
    unknown = optional is not None and any(c not in (*required, *optional) for c in columns)
    missing = any(c not in columns for c in required)
    if missing or unknown or len(set(columns)) != len(columns):
        found = ",".join(cell.strip() for cell in header)
        problem = f"expected the header '{hint}', found {found!r}; give each column once"
        raise MalformedDataFile(str(path), lines[0], problem)
    width = len(columns)
    for number, row in zip(lines, raw, strict=True):
        if len(row) > width:
            raise MalformedDataFile(
                str(path), number, f"{len(row)} cells for {width} columns; quote any comma"
            )
    if stopped is not None:
        raise stopped
    return Table(path=path, columns=columns, lines=tuple(lines[1:]), raw=tuple(raw[1:]))


def _text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise MalformedDataFile(str(path), None, f"no such {what}; check the path") from None
    except IsADirectoryError:
        raise MalformedDataFile(str(path), None, f"a folder, not the {what}") from None
    except OSError as err:
        raise MalformedDataFile(str(path), None, f"cannot read it ({err.strerror})") from err
    except UnicodeDecodeError as err:
        raise MalformedDataFile(str(path), None, "not UTF-8 text; save it as CSV UTF-8") from err


def _rows(path: Path, text: str) -> tuple[list[int], list[list[str]], MalformedDataFile | None]:
    """Each row with the line it starts on, less blank and `#` comment lines, and the error
    that stopped the reading, if one did: the caller raises it after the problems of the
    rows before it, so a file with two problems is told the first.

    Strict: a quote left open to the end of the file is an error, not one last huge cell.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines: list[int] = []
    rows: list[list[str]] = []
    # No cell is longer than the file, so a file under the limit needs no cell measured.
    measure = len(text) > CELL_LIMIT
    line = 1
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            first = row[0][:1] if row else ""
            # Most rows start with a letter or a digit: only the others can be blank or a
            # comment, so only they are joined and stripped.
            if (not first or first == "#" or first.isspace()) and (
                not "".join(row).strip() or row[0].lstrip().startswith("#")
            ):
                continue  # blank (every cell only spaces) or a comment
            if measure and max(map(len, row)) > CELL_LIMIT:
                size = next(len(cell) for cell in row if len(cell) > CELL_LIMIT)
                problem = (
                    f"a cell of {size} characters, over the limit of {CELL_LIMIT}; "
                    "is a closing quote missing?"
                )
                return lines, rows, MalformedDataFile(str(path), start, problem)
            lines.append(start)
            rows.append(row)
    except csv.Error as err:
        problem = f"not readable as CSV ({err})"
        return lines, rows, MalformedDataFile(str(path), reader.line_num, problem)
    return lines, rows, None
