"""Every test runs in the same world, whatever the developer's shell holds.

`SOURCE_DATE_EPOCH` changes the stamps in every feed, and the timetable cache lives in the
user's home: a test suite that reads either depends on who runs it. Each test gets neither.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def hermetic_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(_cache_dir(tmp_path_factory)))
    yield


def _cache_dir(factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the whole session: the cache is content-keyed, so tests share it
    safely, and a fresh folder per test would parse every timetable again."""
    base = factory.getbasetemp() / "xdg-cache"
    base.mkdir(exist_ok=True)
    return base
