"""Scrapy settings derived from muniwatch settings: politeness, the revalidating cache, the browser."""

from __future__ import annotations

import pytest

from crawler.settings import (CHROMIUM_ARGS, PLAYWRIGHT_HANDLER, ChromiumMissing, chromium_executable,
                              scrapy_settings, source_settings)
from muniwatch import settings as settings_mod
from muniwatch.registry import Source


@pytest.fixture
def conf(tmp_path):
    return settings_mod.load(environ={}, data_dir=str(tmp_path / "veri"), concurrency_per_domain=3,
                             download_delay=1.5, obey_robots=True, retry_times=4)


def test_polite_and_revalidating(conf, tmp_path):
    s = scrapy_settings(conf, run_id=7, log_level="INFO")
    assert s["ROBOTSTXT_OBEY"] is True and s["AUTOTHROTTLE_ENABLED"] is True
    assert (s["CONCURRENT_REQUESTS_PER_DOMAIN"], s["DOWNLOAD_DELAY"], s["RETRY_TIMES"]) == (3, 1.5, 4)
    assert "muniwatch" in s["USER_AGENT"] and s["TELNETCONSOLE_ENABLED"] is False and s["LOG_LEVEL"] == "INFO"
    assert s["HTTPCACHE_ENABLED"] and s["HTTPCACHE_STORAGE"].endswith("FilesystemCacheStorage")
    assert s["HTTPCACHE_POLICY"] == "crawler.middlewares.HonestCachePolicy"
    assert s["HTTPCACHE_DIR"] == str((tmp_path / "veri" / "httpcache").resolve())
    assert s["DOWNLOADER_MIDDLEWARES"]["scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware"] is None
    mws = s["DOWNLOADER_MIDDLEWARES"]
    # the guard sees 3xx before the redirect middleware (600); the wire sits below the cache (900)
    assert 600 < mws["crawler.middlewares.NetGuardMiddleware"] < 900 < mws["crawler.middlewares.WireMiddleware"]
    assert s["TWISTED_REACTOR"].endswith("AsyncioSelectorReactor")
    assert s["MUNIWATCH_RUN_ID"] == 7 and "DOWNLOAD_HANDLERS" not in s


def test_playwright_only_for_js_sources(conf, tmp_path):
    plain = Source("a", "a", "discovery", ["http://127.0.0.11/"])
    assert source_settings(plain, conf) == {}
    fake = tmp_path / "chrome"
    fake.write_text("#!/bin/sh\n")
    js = Source("b", "b", "discovery", ["http://127.0.0.13/"], js=True)
    s = source_settings(js, conf.replace(chromium_path=str(fake)))
    assert s["DOWNLOAD_HANDLERS"] == {"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER}
    launch = s["PLAYWRIGHT_LAUNCH_OPTIONS"]
    assert launch["executable_path"] == str(fake) and launch["headless"] is True
    assert launch["args"] == CHROMIUM_ARGS and "--no-sandbox" in CHROMIUM_ARGS
    assert callable(s["PLAYWRIGHT_ABORT_REQUEST"])


def test_missing_chromium_is_a_clear_error(conf, tmp_path):
    with pytest.raises(ChromiumMissing, match="MUNIWATCH_CHROMIUM_PATH"):
        chromium_executable(conf.replace(chromium_path=str(tmp_path / "yok" / "chromium")))
