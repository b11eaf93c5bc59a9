"""The one CSV reader: the rules every table a user gives is read by."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspectcal.errors import MalformedDataFile
from inspectcal.tables import CELL_LIMIT, read_table


def table(tmp_path: Path, data: bytes | str, **kwargs: object) -> Path:
    path = tmp_path / "t.csv"
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def test_bom_crlf_comments_blank_lines_and_header_case(tmp_path: Path) -> None:
    path = table(
        tmp_path,
        '\ufeff# a note\r\nID, Date ,note\r\n\r\n# another\r\na,2016-09-13,"two\r\nlines"\r\n'
        "b,2016-09-14\r\n",
    )
    read = read_table(path, what="actuals file", required=("id", "date"))
    assert read.columns == ("id", "date", "note")
    # The quoted note spans lines 5 and 6: its row is numbered by the line it starts on.
    assert [(row.line, row.cells) for row in read.rows] == [
        (5, {"id": "a", "date": "2016-09-13", "note": "two\nlines"}),
        (7, {"id": "b", "date": "2016-09-14"}),
    ]


@pytest.mark.parametrize(
    ("text", "optional", "problem"),
    [
        ("", None, ": empty; expected the header 'id,date'"),
        ("# only a comment\n\n", None, ": empty; expected the header 'id,date'"),
        (
            "id\n",
            None,
            ", line 1: expected the header 'id,date', found 'id'; give each column once",
        ),
        (
            "id,date,date\n",
            None,
            ", line 1: expected the header 'id,date', found 'id,date,date'; give each column once",
        ),
        (
            "id,date,notes\n",
            ("note",),
            ", line 1: expected the header 'id,date[,note]', found 'id,date,notes'; give each "
            "column once",
        ),
        ("id,date\na,b,c\n", None, ", line 2: 3 cells for 2 columns; quote any comma"),
        ('id,date\n"a,2016\n', None, ", line 2: not readable as CSV (unexpected end of data)"),
    ],
)
def test_every_problem_is_one_line_with_the_file_and_line(
    tmp_path: Path, text: str, optional: tuple[str, ...] | None, problem: str
) -> None:
    path = table(tmp_path, text)
    with pytest.raises(MalformedDataFile) as caught:
        read_table(path, what="actuals file", required=("id", "date"), optional=optional)
    assert str(caught.value) == f"{path}{problem}"


def test_a_long_note_is_read_and_a_runaway_cell_is_refused(tmp_path: Path) -> None:
    note = "x" * 200_000  # over the csv module's own limit of 131072
    path = table(tmp_path, f"id,date,note\na,2016-09-13,{note}\n")
    assert read_table(path, what="actuals file", required=("id",)).rows[0].get("note") == note
    path = table(tmp_path, 'id,date\na,"2016-09-13\n' + "b,c\n" * (CELL_LIMIT // 4 + 1) + '"\n')
    with pytest.raises(MalformedDataFile) as caught:
        read_table(path, what="actuals file", required=("id",))
    assert str(caught.value).startswith(f"{path}, line 2: a cell of ")
    assert str(caught.value).endswith(
        f"over the limit of {CELL_LIMIT}; is a closing quote missing?"
    )


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: None, "no such actuals file; check the path"),
        (lambda p: p.mkdir(), "a folder, not the actuals file"),
        (lambda p: p.write_bytes(b"id,date\n\xff\xfe\n"), "not UTF-8 text; save it as CSV UTF-8"),
    ],
)
def test_an_unreadable_file_is_a_malformed_data_file(
    tmp_path: Path, make: object, problem: str
) -> None:
    path = tmp_path / "t.csv"
    make(path)  # type: ignore[operator]
    with pytest.raises(MalformedDataFile) as caught:
        read_table(path, what="actuals file", required=("id",))
    assert str(caught.value) == f"{path}: {problem}"


@settings(max_examples=200)
@given(
    st.lists(
        st.lists(st.text(alphabet=' ab#,"\n\t', max_size=5), min_size=0, max_size=4),
        max_size=6,
    )
)
def test_selected_cells_are_the_rows_cells(rows: list[list[str]]) -> None:
    """`select` (the readers' fast path) gives each row's cells exactly as `rows` does, for
    short rows, spaces, quotes, comments and blank lines alike; "" for a column not there."""
    body = io.StringIO()
    csv.writer(body).writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text("id,date,note,extra\n" + body.getvalue(), encoding="utf-8")
        read = read_table(path, what="actuals file", required=("id", "date"))
    columns = ("note", "id", "missing", "date")
    assert read.select(*columns) == [tuple(map(row.get, columns)) for row in read.rows]
    assert read.select("date") == [(row.get("date"),) for row in read.rows]
    assert read.lines == tuple(row.line for row in read.rows)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # The header's problem is told before a broken quote further down...
        ('id\na,b\n"c,d\n', ", line 1: expected the header 'id,date', found 'id'"),
        # ...and a row with too many cells before it, though the quote stops the reading.
        ('id,date\na,b\na,b,c\n"c,d\n', ", line 3: 3 cells for 2 columns; quote any comma"),
        ('id,date\na,b\n"c,d\n', ", line 3: not readable as CSV (unexpected end of data)"),
    ],
)
def test_the_first_problem_of_a_file_is_told(tmp_path: Path, text: str, problem: str) -> None:
    path = table(tmp_path, text)
    with pytest.raises(MalformedDataFile) as caught:
        read_table(path, what="actuals file", required=("id", "date"))
    assert str(caught.value).startswith(f"{path}{problem}")
