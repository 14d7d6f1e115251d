"""Shared fixtures: tiny, real (a SQLite file in tmp_path, a real archive folder)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from muniwatch import settings as settings_mod

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REALDATA = PROJECT_ROOT.parent / "shared" / "realdata"


@pytest.fixture
def settings(tmp_path: Path) -> settings_mod.Settings:
    """Settings pointing at a fresh data folder, with fast, test-friendly politeness."""
    return settings_mod.load(environ={}, data_dir=str(tmp_path / "data"), download_delay=0.0,
                             download_timeout=5, retry_times=0)


@pytest.fixture
def store(settings):
    from db.store import open_store
    return open_store(settings)


@pytest.fixture
def fresh_db(store):
    return store[0]


@pytest.fixture(scope="session")
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.skip(f"real municipal files not found at {REALDATA} (they live in ../shared/realdata, beside the project)")
    return REALDATA


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def gebze_scan(realdata):
    """The scanned May 2025 Gebze bundle, OCR'd once per test session (44 pages, about a minute)."""
    import time

    from watch.extract import Limits, extract_file

    start = time.monotonic()
    # A generous timeout: on a loaded 2-core machine the 44 pages have taken up to 100 s.
    result = extract_file(realdata / "gebze_meclis-kararlari_2025-05.pdf", limits=Limits(timeout_s=900))
    elapsed = time.monotonic() - start
    print(f"\nGebze 2025-05 scan: 44 pages OCR'd in {elapsed:.1f} s ({44 / elapsed:.2f} pages/s)")
    return result
