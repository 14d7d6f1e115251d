"""Delivery channels: Apprise URLs with secrets kept out of files and the database.

Why Apprise: one library speaks mail (``mailto://``, ``mailtos://``), JSON webhooks (``json://``,
``jsons://``), Telegram (``tgram://``), Slack (``slack://``), Matrix (``matrix://``) and a hundred
more, so a monitor picks a channel by writing a URL. What we add:

- **Secrets**: a channel is stored as a template; ``{secret:SMTP_PASSWORD}`` is replaced at delivery
  time by ``MUNIWATCH_SECRET_SMTP_PASSWORD`` (``muniwatch.settings.secret``), URL-quoted. A password
  written in clear in a URL is refused when the subscription is saved.
- **Formats**: mail gets HTML (Apprise adds the plain-text alternative), JSON webhooks get our own
  JSON document as the message, everything else plain text.
- **Errors**: Apprise logs why a send failed instead of raising; the log is captured and the reason
  (with any secret value blanked out) becomes ``alerts.last_error``.
- A fresh ``Apprise`` object per message: Apprise throttles per object, and nothing is kept between
  messages (persistent storage is off, so nothing is written to the user's home).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import apprise

from muniwatch import settings as settings_mod

SECRET = re.compile(r"\{secret:([A-Za-z0-9_]+)\}")
HTML_SCHEMES = frozenset({"mailto", "mailtos"})
JSON_SCHEMES = frozenset({"json", "jsons"})
FEED = "atom"   # the pseudo-channel of a subscription without channels: its Atom feed


class ChannelError(ValueError):
    """A channel URL that cannot be used (unknown scheme, secret not set)."""


@dataclasses.dataclass(frozen=True)
class DeliveryResult:
    ok: bool
    error: str | None = None
    permanent: bool = False      # retrying cannot help (the URL is not one Apprise knows)


def scheme(url: str) -> str:
    return url.split("://", 1)[0].lower() if "://" in url else ""


def message_format(url: str) -> str:
    """``html`` for mail, ``json`` for JSON webhooks, ``text`` for every other channel."""
    s = scheme(url)
    return "html" if s in HTML_SCHEMES else "json" if s in JSON_SCHEMES else "text"


def secret_names(url: str) -> list[str]:
    return [m.group(1).upper() for m in SECRET.finditer(url)]


def _asset() -> apprise.AppriseAsset:
    return apprise.AppriseAsset(app_id="muniwatch", app_desc="muniwatch alerts",
                                app_url="https://github.com/muniwatch/muniwatch", storage_mode="memory")


def check_channel(url: str) -> str | None:
    """Why ``url`` cannot be a channel, or None. Secrets need not be set to pass this check."""
    if not isinstance(url, str) or "://" not in url:
        return f"{url!r} is not an Apprise URL (like mailtos://user:{{secret:SMTP_PASSWORD}}@host?to=a@b.org)"
    if url == FEED or scheme(url) == FEED:
        return "the Atom feed needs no channel: leave channels empty"
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    if password and not SECRET.fullmatch(password):
        return ("a password is written in the URL: set it as MUNIWATCH_SECRET_<NAME> in the environment and "
                "write {secret:<NAME>} instead")
    probe = SECRET.sub("placeholder", url)
    if apprise.Apprise.instantiate(probe, asset=_asset()) is None:
        return f"Apprise cannot use {scheme(url)!r} URLs like this one (see the Apprise wiki for the format)"
    return None


def resolve(url: str, settings: settings_mod.Settings, environ: dict[str, str] | None = None) -> str:
    """The URL to hand to Apprise: secrets filled in; mail gets ``from=`` (``MUNIWATCH_MAIL_FROM``)
    when it does not say it."""
    def fill(match: re.Match[str]) -> str:
        value = settings_mod.secret(match.group(1), environ)
        if value is None:
            raise ChannelError(f"secret MUNIWATCH_SECRET_{match.group(1).upper()} is not set")
        return quote(value, safe="")

    resolved = SECRET.sub(fill, url)
    if scheme(url) in HTML_SCHEMES:
        parts = urlsplit(resolved)
        query = parse_qsl(parts.query, keep_blank_values=True)
        if not any(k.lower() in {"from", "name"} for k, _ in query) and settings.mail_from:
            name, _, address = settings.mail_from.rpartition("<")
            query += [("from", address.rstrip("> ") or settings.mail_from)] + ([("name", name.strip())] if name.strip() else [])
        resolved = urlunsplit(parts._replace(query=urlencode(query, safe="@:<> ")))
    return resolved


def _with_header(url: str, header: str, value: str) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + [(f"+{header}", value)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="@:<> +")))


def _reason(log: str, secrets: list[str]) -> str:
    lines = []
    for line in log.splitlines():
        _, _, level_msg = line.partition(" - ")
        level, _, message = level_msg.partition(" - ")
        if level in {"WARNING", "ERROR", "CRITICAL"} or (level == "DEBUG" and "Exception" in message):
            lines.append(message.strip())
    reason = "; ".join(dict.fromkeys(lines)) or "Apprise reported a failure without a reason"
    for value in secrets:
        if value:
            reason = reason.replace(value, "***").replace(quote(value, safe=""), "***")
    return reason[:500]


def deliver(url: str, title: str, body: str, settings: settings_mod.Settings, *,
            alert_ids: list[int] | None = None, environ: dict[str, str] | None = None) -> DeliveryResult:
    """Send one message through one channel template; never raises for a delivery failure."""
    try:
        resolved = resolve(url, settings, environ)
    except ChannelError as exc:
        return DeliveryResult(False, str(exc))
    if alert_ids and scheme(url) in HTML_SCHEMES:
        # Lets a mail client (or a person) recognise the one duplicate the crash window allows.
        resolved = _with_header(resolved, "X-Muniwatch-Alert", ",".join(map(str, alert_ids)))
    fmt = {"html": apprise.NotifyFormat.HTML, "json": apprise.NotifyFormat.TEXT,
           "text": apprise.NotifyFormat.TEXT}[message_format(url)]
    notifier = apprise.Apprise(asset=_asset())
    secrets = [settings_mod.secret(n, environ) or "" for n in secret_names(url)]
    with apprise.LogCapture(level=logging.DEBUG) as captured:
        if not notifier.add(resolved):
            return DeliveryResult(False, f"Apprise cannot use this {scheme(url)}:// URL", permanent=True)
        ok = bool(notifier.notify(body=body, title=title, body_format=fmt))
        log = captured.getvalue()
    return DeliveryResult(True) if ok else DeliveryResult(False, _reason(log, secrets))
