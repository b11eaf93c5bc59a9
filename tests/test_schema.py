"""The shipped JSON Schema: it accepts every shipped timetable, refuses each malformed fixture
at the key path the loader names, and lists exactly the keys the loader knows."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from inspectcal.cli import app
from inspectcal.errors import MalformedDataFile
from inspectcal.frameworks import TIMETABLE_DIR, parse_framework_file
from inspectcal.lint import FRAMEWORK_KEYS, MILESTONE_KEYS, SCHEMA

MALFORMED = sorted((Path(__file__).parent / "fixtures" / "timetables").glob("*.toml"))


def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return loaded


def _errors(data: dict[str, Any]) -> list[Any]:
    from jsonschema import Draft202012Validator

    return list(Draft202012Validator(_schema()).iter_errors(data))


def test_schema_is_valid_draft_2020_12() -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(_schema())
    assert _schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_keys_are_the_loaders_keys() -> None:
    """A key added to the loader (or the linter) without the schema fails here."""
    schema = _schema()
    assert set(schema["properties"]["framework"]["properties"]) == FRAMEWORK_KEYS
    assert set(schema["$defs"]["milestone"]["properties"]) == MILESTONE_KEYS


@pytest.mark.parametrize("path", sorted(TIMETABLE_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_shipped_timetables_validate(path: Path) -> None:
    assert _errors(tomllib.loads(path.read_text(encoding="utf-8"))) == []


def _schema_key_path(error: Any) -> str:
    parts = list(error.absolute_path)
    if error.validator in ("required", "additionalProperties"):
        parts.append(re.findall(r"'([^']+)'", error.message)[0])
    return ".".join(str(p) for p in parts)


def _loader_key_path(path: Path, data: dict[str, Any]) -> str:
    with pytest.raises(MalformedDataFile) as raised:
        parse_framework_file(path)
    message = str(raised.value)
    match = re.search(r"(\[framework\]|milestone '([^']+)'): .*?'([a-z_]+)'", message)
    assert match, message
    if match[2] is None:
        return f"framework.{match[3]}"
    index = [row["id"] for row in data["milestone"]].index(match[2])
    return f"milestone.{index}.{match[3]}"


@pytest.mark.parametrize("path", MALFORMED, ids=lambda p: p.stem)
def test_malformed_fixture_fails_at_the_key_the_loader_names(path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    errors = _errors(data)
    assert [_schema_key_path(e) for e in errors] == [_loader_key_path(path, data)]


def test_cli_prints_the_schema() -> None:
    result = CliRunner().invoke(app, ["frameworks", "schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == _schema()
