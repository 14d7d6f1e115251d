"""Every setting muniwatch has, declared once as data.

Nothing else in the project reads environment variables: modules call :func:`get` (or
:func:`load`) and receive a :class:`Settings` object. Each setting has a name, a default, a type and
a one-line description; ``muniwatch settings`` prints them and ``tests/test_docs.py`` checks that the
README documents every one.

An environment variable ``MUNIWATCH_<NAME>`` (upper case) overrides the default.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclasses.dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    type: type
    help: str


SETTINGS: list[Setting] = [
    # Where things live
    Setting("data_dir", "./muniwatch-data", str, "Folder for the database, the archive and the HTTP cache."),
    Setting("db_path", "", str, "SQLite database path (default: <data_dir>/muniwatch.db)."),
    Setting("archive_dir", "", str, "Content-addressed archive of original files (default: <data_dir>/archive)."),
    Setting("registry_dir", "", str, "Folder of registry YAML files (default: the bundled registry)."),
    # Politeness
    Setting("user_agent", "muniwatch/0.1 (+https://github.com/muniwatch/muniwatch; belediye belgeleri izleme)",
            str, "User-Agent sent with every request; names the project and a contact URL."),
    Setting("obey_robots", True, bool, "Respect robots.txt."),
    Setting("concurrency_per_domain", 2, int, "Requests at a time per site."),
    Setting("download_delay", 0.25, float, "Minimum seconds between requests to one site (AutoThrottle starts here)."),
    Setting("autothrottle_max_delay", 10.0, float, "Largest delay AutoThrottle may choose."),
    Setting("download_timeout", 30, int, "Seconds before a request is abandoned."),
    Setting("max_download_bytes", 200 * 1024 * 1024, int, "Largest response body accepted (bytes)."),
    Setting("retry_times", 2, int, "Retries for timeouts and 5xx answers."),
    Setting("discovery_depth", 3, int, "Link depth the discovery spider follows from a homepage."),
    Setting("trusted_networks", "", str,
            "Comma-separated CIDRs treated as public (the bundled sample web sets its own); "
            "redirects from them into loopback/private/link-local addresses are refused."),
    # Browser
    Setting("chromium_path", "", str, "Chromium executable for JavaScript sources (default: Playwright's own, else /usr/bin/chromium)."),
    # Extraction limits
    Setting("extract_timeout", 600, int, "Seconds one file's extraction may take (OCR of a scan runs at about one page a second)."),
    Setting("extract_memory_mb", 1536, int, "Address-space limit (MiB) of the extraction process."),
    Setting("extract_max_pages", 2000, int, "Pages beyond this are not extracted (recorded as truncated)."),
    Setting("ocr_language", "tur", str, "Tesseract language for pages without a text layer."),
    # Datasette
    Setting("datasette_host", "127.0.0.1", str, "Address Datasette listens on."),
    Setting("datasette_port", 8001, int, "Port Datasette listens on."),
    Setting("base_url", "http://127.0.0.1:8001", str, "Public URL of the Datasette instance (used in links and alerts)."),
    # Sample web
    Setting("sampleweb_port", 8765, int, "Port of the bundled sample municipal web."),
    # Alerts (#5)
    Setting("timezone", "Europe/Istanbul", str, "Time zone of the scheduler, the calendar rules and digest days."),
    Setting("mail_from", "muniwatch <muniwatch@localhost>", str,
            "Sender of alert emails when a mailto:// channel does not give from=."),
    Setting("alert_language", "tr", str, "Language of new subscriptions' messages when not given: tr or en."),
    Setting("alert_max_attempts", 8, int, "Delivery attempts before an alert is given up (status failed, no retry)."),
    Setting("alert_retry_seconds", 60, int, "Delay before the first retry of a failed delivery; doubles each attempt."),
    Setting("alert_retry_max_seconds", 21600, int, "Longest delay between two delivery attempts."),
    Setting("alert_lease_seconds", 600, int,
            "An alert left 'sending' longer than this (the sender crashed) is sent again."),
    Setting("digest_hour", 8, int, "Local hour after which daily and weekly digests are sent."),
    # Scheduler (#5)
    Setting("scheduler_db", "", str, "SQLite file of the scheduler's job store (default: <data_dir>/scheduler.db)."),
    Setting("scheduler_lock", "", str, "Lock file that keeps a second scheduler from starting (default: <data_dir>/scheduler.lock)."),
    Setting("scheduler_misfire_grace", 8 * 24 * 3600, int,
            "Seconds a run missed while the scheduler was stopped may be late and still run (once)."),
    # Expected-but-missing rules (#5)
    Setting("rule_programme_due", "02-15", str, "MM-DD by which year Y's performance programme must be published."),
    Setting("rule_activity_report_due", "05-31", str, "MM-DD by which the activity report for year Y-1 must be published."),
    Setting("rule_plan_period", "2025-2029", str, "The current strategic plan period."),
    Setting("rule_plan_due", "2024-09-30", str,
            "YYYY-MM-DD by which the current period's strategic plan must exist (six months after the local elections)."),
    Setting("rule_plan_population", 50000, int, "Population from which a municipality must make strategic plans and performance programmes."),
    Setting("rule_council_silence_months", 2, int, "Months without council decisions that raise an alert."),
    Setting("rule_source_failing_days", 7, int, "Days a source may fail before an alert is raised."),
    # Watching (#4)
    Setting("missing_after_runs", 2, int,
            "Successful crawls in a row in which a document is absent from its listing (or answers 404/410) "
            "before it is reported missing; a failed fetch never counts."),
]

_BY_NAME = {s.name: s for s in SETTINGS}


class SettingsError(ValueError):
    """A setting has a value that cannot be read as its type."""


def _coerce(setting: Setting, raw: Any) -> Any:
    if setting.type is bool and isinstance(raw, str):
        low = raw.strip().lower()
        if low in {"1", "true", "yes", "on", "evet"}:
            return True
        if low in {"0", "false", "no", "off", "hayır", "hayir"}:
            return False
        raise SettingsError(f"MUNIWATCH_{setting.name.upper()}: expected true/false, got {raw!r}")
    try:
        return setting.type(raw)
    except (TypeError, ValueError) as exc:
        raise SettingsError(
            f"MUNIWATCH_{setting.name.upper()}: expected {setting.type.__name__}, got {raw!r}"
        ) from exc


@dataclasses.dataclass(frozen=True)
class Settings:
    values: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def data_path(self) -> Path:
        return Path(self.values["data_dir"]).expanduser()

    @property
    def database(self) -> Path:
        return Path(self.values["db_path"]).expanduser() if self.values["db_path"] else self.data_path / "muniwatch.db"

    @property
    def archive(self) -> Path:
        return (Path(self.values["archive_dir"]).expanduser() if self.values["archive_dir"]
                else self.data_path / "archive")

    @property
    def registry(self) -> Path:
        return (Path(self.values["registry_dir"]).expanduser() if self.values["registry_dir"]
                else PACKAGE_DIR / "data" / "registry")

    def replace(self, **changes: Any) -> "Settings":
        unknown = set(changes) - set(_BY_NAME)
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        values = dict(self.values)
        for key, value in changes.items():
            values[key] = _coerce(_BY_NAME[key], value) if value is not None else _BY_NAME[key].default
        return Settings(values)


def load(environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Defaults, then ``MUNIWATCH_*`` environment variables, then explicit overrides."""
    env = os.environ if environ is None else environ
    values = {}
    for s in SETTINGS:
        raw = env.get(f"MUNIWATCH_{s.name.upper()}")
        values[s.name] = _coerce(s, raw) if raw is not None else s.default
    settings = Settings(values)
    return settings.replace(**{k: v for k, v in overrides.items() if v is not None}) if overrides else settings


def secret(name: str, environ: dict[str, str] | None = None) -> str | None:
    """A secret (SMTP password, webhook token) from the environment: ``MUNIWATCH_SECRET_<NAME>``.

    Secrets never live in committed config; a subscription names the secret, this resolves it.
    """
    env = os.environ if environ is None else environ
    return env.get(f"MUNIWATCH_SECRET_{name.upper()}")
