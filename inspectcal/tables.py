"""The one CSV reader behind every table a user gives: programmes and actuals files.

Spreadsheets save a BOM and CRLF line ends; people annotate files with `#` lines and leave
blank ones; a header names the columns in any order and case. Each file kind once had its own
reader with its own rules (only one allowed comments; an unreadable file was a different error
in each), so the rules live here and every problem is one `MalformedDataFile` with the line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
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
    """A whole file read and checked; `fail` words an error at a line of it."""

    path: Path
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

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
    rows = _rows(path, text)
    first = next(rows, None)
    if first is None:
        raise MalformedDataFile(str(path), None, f"empty; expected the header '{hint}'")
    number, header = first
    columns = tuple(cell.strip().lower() for cell in header)
    unknown = optional is not None and any(c not in (*required, *optional) for c in columns)
    missing = any(c not in columns for c in required)
    if missing or unknown or len(set(columns)) != len(columns):
        found = ",".join(cell.strip() for cell in header)
        problem = f"expected the header '{hint}', found {found!r}; give each column once"
        raise MalformedDataFile(str(path), number, problem)
    found_rows: list[Row] = []
    for number, row in rows:
        if len(row) > len(columns):
            raise MalformedDataFile(
                str(path), number, f"{len(row)} cells for {len(columns)} columns; quote any comma"
            )
        cells = dict(zip(columns, map(str.strip, row), strict=False))
        found_rows.append(Row(line=number, cells=cells))
    return Table(path=path, columns=columns, rows=tuple(found_rows))


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


def _rows(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """Each row with the line it starts on, less blank and `#` comment lines.

    Strict: a quote left open to the end of the file is an error, not one last huge cell.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            if not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue  # blank (every cell only spaces) or a comment
            if max(map(len, row)) > CELL_LIMIT:
                size = next(len(cell) for cell in row if len(cell) > CELL_LIMIT)
                raise MalformedDataFile(
                    str(path),
                    start,
                    f"a cell of {size} characters, over the limit of {CELL_LIMIT}; "
                    "is a closing quote missing?",
                )
            yield start, row
    except csv.Error as err:
        raise MalformedDataFile(str(path), reader.line_num, f"not readable as CSV ({err})") from err
