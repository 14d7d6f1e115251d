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
