"""Every test runs in the same world, whatever the developer's shell and home folder hold.

`SOURCE_DATE_EPOCH` changes the stamps in every feed, the timetable cache lives in the
user's home, and user timetables are found in the user's config folder: a test suite that
reads any of them depends on who runs it. Each test gets none of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests judge answers, not speed (that is `make bench`): a slow example on a busy
# 2-core CI machine must not fail a run, so no per-example deadline anywhere.
settings.register_profile("inspectcal", deadline=None)
settings.load_profile("inspectcal")


@pytest.fixture(autouse=True)
def hermetic_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("INSPECTCAL_TIMETABLES", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(_cache_dir(tmp_path_factory)))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    yield


def _cache_dir(factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the whole session: the cache is content-keyed, so tests share it
    safely, and a fresh folder per test would parse every timetable again."""
    base = factory.getbasetemp() / "xdg-cache"
    base.mkdir(exist_ok=True)
    return base
