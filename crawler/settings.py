"""Scrapy settings, built from muniwatch's own :class:`~muniwatch.settings.Settings`.

Why the HTTP cache is set up this way: an unchanged site must cost almost nothing to re-crawl. The
cache keeps every page and document that came with a validator (ETag or Last-Modified) under
``<data_dir>/httpcache``; ``RFC2616Policy`` then sends ``If-None-Match`` / ``If-Modified-Since`` and,
on ``304 Not Modified``, hands the spider the stored body. Two traps, both avoided here:

* Scrapy's default ``DummyPolicy`` never revalidates: it would serve stale copies for ever;
* ``RFC2616Policy`` alone treats a file with an old ``Last-Modified`` as fresh for a tenth of its age
  (weeks, for a plan published last year) and would not ask the server at all. Every request our
  spiders make carries ``Cache-Control: max-age=0``, which forces the revalidation.

Scrapy's cache also answers a 5xx or a failed download with the stored copy ("error recovery");
``crawler.middlewares.HonestCacheMiddleware``/``HonestCachePolicy`` turn that off, so a hanging or
failing site is recorded as one (and retried first) instead of looking unchanged.

The asyncio reactor is required by scrapy-playwright; the Playwright download handler itself is
only switched on for the crawlers of ``js: true`` sources (:func:`source_settings`).
"""

from __future__ import annotations

import glob
import shutil
from pathlib import Path
from typing import Any

from muniwatch.settings import Settings

ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
PLAYWRIGHT_HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SYSTEM_CHROMIUM = "/usr/bin/chromium"


class ChromiumMissing(RuntimeError):
    """A JavaScript source is to be crawled but no Chromium executable was found."""


def chromium_executable(settings: Settings) -> str:
    """The browser for ``js`` sources: the setting, else Playwright's own download, else Debian's.

    Playwright's own browser is looked up on disk (its default cache folder) rather than by starting
    Playwright, which would cost a Node process just to learn a path.
    """
    if settings.chromium_path:
        path = Path(settings.chromium_path).expanduser()
        if not path.exists():
            raise ChromiumMissing(f"chromium_path {str(path)!r} does not exist; set MUNIWATCH_CHROMIUM_PATH "
                                  "to a Chromium executable")
        return str(path)
    cache = Path.home() / ".cache" / "ms-playwright"
    own = sorted(glob.glob(str(cache / "chromium-*" / "chrome-linux*" / "chrome")), reverse=True)
    if own:
        return own[0]
    for candidate in (SYSTEM_CHROMIUM, shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    raise ChromiumMissing("no Chromium found for a JavaScript source: install Debian's chromium "
                          "(apt-get install chromium), run 'playwright install chromium', or set "
                          "MUNIWATCH_CHROMIUM_PATH")


def scrapy_settings(settings: Settings, *, run_id: int, log_level: str = "WARNING") -> dict[str, Any]:
    """The settings every crawler of one run shares."""
    delay = float(settings.download_delay)
    return {
        "BOT_NAME": "muniwatch",
        "USER_AGENT": settings.user_agent,
        "ROBOTSTXT_OBEY": bool(settings.obey_robots),
        "ROBOTSTXT_USER_AGENT": "muniwatch",
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": int(settings.concurrency_per_domain),
        "DOWNLOAD_DELAY": delay,
        "DOWNLOAD_DELAY_JITTER": 0.5 if delay > 0 else 0.0,  # 0.5x-1.5x the delay
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": delay,
        "AUTOTHROTTLE_MAX_DELAY": float(settings.autothrottle_max_delay),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(settings.concurrency_per_domain),
        "DOWNLOAD_TIMEOUT": int(settings.download_timeout),
        "DOWNLOAD_MAXSIZE": int(settings.max_download_bytes),
        "DOWNLOAD_WARNSIZE": max(1, int(settings.max_download_bytes) // 4),
        "RETRY_ENABLED": int(settings.retry_times) > 0,
        "RETRY_TIMES": int(settings.retry_times),
        "HTTPCACHE_ENABLED": True,
        "HTTPCACHE_POLICY": "crawler.middlewares.HonestCachePolicy",  # RFC2616Policy, 304 only
        "HTTPCACHE_STORAGE": "scrapy.extensions.httpcache.FilesystemCacheStorage",
        "HTTPCACHE_DIR": str((settings.data_path / "httpcache").resolve()),
        "HTTPCACHE_EXPIRATION_SECS": 0,
        "HTTPCACHE_ALWAYS_STORE": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": log_level,
        "TWISTED_REACTOR": ASYNCIO_REACTOR,
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "crawler.middlewares.SafeRobotsTxtMiddleware": 100,
            "crawler.middlewares.HonestCacheMiddleware": 900,
            "crawler.middlewares.NetGuardMiddleware": 650,
            "crawler.middlewares.WireMiddleware": 950,
        },
        "ITEM_PIPELINES": {
            "crawler.pipelines.ValidatePipeline": 100,
            "crawler.pipelines.RecordPipeline": 200,
        },
        # Ours, read by the middlewares and pipelines.
        "MUNIWATCH_RUN_ID": run_id,
        "MUNIWATCH_DB_PATH": str(settings.database),
        "MUNIWATCH_ARCHIVE_DIR": str(settings.archive),
        "MUNIWATCH_TRUSTED_NETWORKS": settings.trusted_networks,
        "MUNIWATCH_MAX_BYTES": int(settings.max_download_bytes),
    }


def browser_timeout(settings: Settings) -> int:
    """Seconds a Chromium render may take: the download timeout, but never under 20 s (a render
    waits for scripts and their requests, on a machine that may be busy)."""
    return max(int(settings.download_timeout), 20)


def source_settings(source: Any, settings: Settings) -> dict[str, Any]:
    """Settings for one source's crawler on top of :func:`scrapy_settings` (Playwright for ``js``)."""
    if not getattr(source, "js", False):
        return {}
    from crawler.middlewares import BrowserGuard

    return {
        "DOWNLOAD_HANDLERS": {"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": chromium_executable(settings),
            "headless": True,
            "args": list(CHROMIUM_ARGS),
            "timeout": 60_000,
        },
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": browser_timeout(settings) * 1000,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": max(1, int(settings.concurrency_per_domain)),
        "PLAYWRIGHT_ABORT_REQUEST": BrowserGuard(source, settings.trusted_networks),
    }
