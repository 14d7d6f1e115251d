"""robots.txt holds for every request that waited on it, not only the first (Scrapy 2.19 race)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from muniwatch.sampleweb.server import SampleWeb

CHILD = Path(__file__).with_name("robots_race_child.py")
ROOT = Path(__file__).resolve().parents[2]


def _crawl(middleware: str) -> tuple[dict, list]:
    with SampleWeb(port=0) as web:
        out = subprocess.run([sys.executable, str(CHILD), web.url("camliova", "").rstrip("/"), middleware],
                             capture_output=True, text=True, timeout=120, cwd=ROOT, check=True)
        paths = [path for _, path, _ in web.stats()["log"]]
    return json.loads(out.stdout.strip().splitlines()[-1]), paths


def test_every_waiter_on_robots_txt_is_checked():
    seen, paths = _crawl("ours")
    assert not any(p.startswith("/arsiv-eski/") for p in paths), paths
    disallowed = {u: v for u, v in seen.items() if "/arsiv-eski/" in u}
    assert set(disallowed.values()) == {"IgnoreRequest"}, seen


@pytest.mark.slow
def test_scrapys_own_middleware_still_has_the_race():
    """When this starts failing, Scrapy fixed the race and SafeRobotsTxtMiddleware can go."""
    _, paths = _crawl("scrapy")
    assert any(p.startswith("/arsiv-eski/") for p in paths)
