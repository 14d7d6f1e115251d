"""Small HTML helpers shared by the sample sites (no template engine: pages are short)."""

from __future__ import annotations

from html import escape
from urllib.parse import quote


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def href(path: str) -> str:
    """Percent-encode a path for an href (keeps / + ? = & as they are)."""
    return quote(path, safe="/+?=&:%#;,")


def a(path: str, label: str, **attrs: str) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return f'<a href="{esc(href(path))}"{extra}>{esc(label)}</a>'


def document(title: str, body: str, *, head: str = "", body_class: str = "", charset: str = "utf-8",
             lang: str = "tr") -> str:
    cls = f' class="{esc(body_class)}"' if body_class else ""
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="{charset}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n{head}</head>\n<body{cls}>\n{body}\n</body>\n</html>\n")


def ul(items: list[str], cls: str = "") -> str:
    c = f' class="{esc(cls)}"' if cls else ""
    return f"<ul{c}>\n" + "\n".join(f"<li>{i}</li>" for i in items) + "\n</ul>"
