"""The answer key of the sample web: registry, expected documents, traps, changed documents.

- :func:`registry_yaml` - the sample registry (four municipalities + the national sp.gov.tr source).
- :func:`expected_documents` - every document published in an epoch, with canonical URL, sha256 and
  whether a correct crawl can reach it in that epoch (``reachable``; False for the failing CMS and
  for the XLSX behind the hanging page, assuming the crawler's timeout is shorter than the hang).
- :func:`traps` / :func:`trap_urls` - URLs that must never be archived (and the outcome expected).
- :func:`failures` - URLs that fail in an epoch (5xx, hang) and must not count as change or deletion.
- :func:`changed_documents` / :func:`new_documents` - identities whose bytes differ / that appear.
- ``changes.DESIGNED_CHANGES`` - what those differences mean.
"""

from __future__ import annotations

import hashlib

import yaml

from muniwatch import constants as C
from muniwatch.sampleweb import catalog, corpus, site_cms, site_council, site_js, site_camliova, web
from muniwatch.sampleweb.catalog import HOSTS, Doc
from muniwatch.sampleweb.html import href
from muniwatch.sampleweb.changes import DESIGNED_CHANGES
from muniwatch.sampleweb.routes import http_date

__all__ = ["DESIGNED_CHANGES", "registry_yaml", "expected_documents", "traps", "trap_urls", "failures",
           "changed_documents", "new_documents", "removed_documents"]

Identity = tuple[str, str, str, str]


def _url(port: int, site: str, path: str) -> str:
    host = HOSTS.get(site, site)
    return f"http://{host}:{port}{href(path)}"


def registry_yaml(port: int) -> str:
    """Registry YAML for the sample web on ``port`` (format of muniwatch/data/registry)."""
    def src(sid: str, kind: str, urls: list[str], js: bool = False, **extra) -> dict:
        return {"id": sid, "kind": kind, "start_urls": urls, "js": js, "trusted": True, **extra}

    sources = {
        "camliova": [src("camliova-web", C.SOURCE_DISCOVERY, [_url(port, "camliova", "/")])],
        "mavikiyi": [src("mavikiyi-belgeler", C.SOURCE_LISTING, [_url(port, "mavikiyi", "/Belgeler?sayfa=1")],
                         listing={"pages": [_url(port, "mavikiyi", f"/Belgeler?sayfa={n}")
                                            for n in range(1, site_cms.page_count() + 1)],
                                  **site_cms.LISTING})],
        "ilginpinar": [src("ilginpinar-web", C.SOURCE_DISCOVERY, [_url(port, "ilginpinar", "/")], js=True)],
        "altinkoru": [src("altinkoru-web", C.SOURCE_DISCOVERY, [_url(port, "altinkoru", "/")])],
    }
    data = {
        "municipalities": [
            {"id": m.id, "name": m.name, "province": m.province, "kind": m.kind,
             "homepage": _url(port, m.id, "/"), "homepage_verified": True,
             "equality_unit": m.equality_unit is not None, "population": m.population,
             "notes": "Kurgusal örnek belediye (muniwatch sampleweb)"
                      + (f"; eşitlik birimi: {m.equality_unit}" if m.equality_unit else ""),
             "sources": sources[m.id]}
            for m in corpus.MUNICIPALITIES.values()
        ],
        "sources": [src("spgov-sample", C.SOURCE_SPGOV, [_url(port, "spgov", "/tr/stratejik-plan")])],
    }
    header = (f"# Sample registry for the bundled sample web (muniwatch.sampleweb) on port {port}.\n"
              f"# Fictional municipalities on loopback addresses {catalog.TRUSTED_NETWORK}; generated, do not edit.\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


def _reachable(doc: Doc, epoch: int, port: int) -> bool:
    """Can a crawl starting from the registry fetch this document in ``epoch``?"""
    tables = web.tables(epoch, port)
    locations = [(doc.site, doc.path), *doc.alternates]
    served = any(tables[site].lookup(path, "").doc == doc for site, path in locations)
    behind_hang = doc.identity == ("camliova", C.FINANCIAL_REPORT, "2025", "") and \
        tables["camliova"].lookup(site_camliova.HANGING, "").hang
    return served and not behind_hang


def _other_urls(doc: Doc, epoch: int, port: int) -> list[str]:
    """Other URLs that lead to these bytes: query variants pages link, redirect-chain starts, an
    old URL that now redirects."""
    if doc.site != "camliova":
        return []
    u = lambda p: _url(port, "camliova", p)  # noqa: E731
    if doc.doc_type == C.STRATEGIC_PLAN:
        return [u(doc.path + ("?v=2" if epoch >= 2 else "?v=1")), u(doc.path + "?download=true")] + (
            [u(site_camliova.OLD_PLAN_V1)] if epoch >= 2 else [])
    if doc.identity == ("camliova", C.PERFORMANCE_PROGRAMME, "2025", ""):
        return [u(site_camliova.CHAIN_START), u(site_camliova.CHAIN_MIDDLE)]
    if doc.identity == ("camliova", C.PERFORMANCE_PROGRAMME, "2026", ""):
        return [u(doc.path + "?download=true")]
    return []


def expected_documents(epoch: int, port: int) -> list[dict]:
    """Every document of the registry's municipalities published in ``epoch`` (one dict each).

    Keys: municipality_id, doc_type, period, variant, title, url (canonical), alternate_urls (other
    locations serving the same bytes), other_urls (query/redirect variants), content_type (true
    type), served_content_type, format, filename, sha256, size, last_modified, reachable.
    """
    out = []
    for doc in catalog.documents(web.check_epoch(epoch)):
        data = catalog.render(doc)
        out.append({
            "municipality_id": doc.municipality_id, "doc_type": doc.doc_type, "period": doc.period,
            "variant": doc.variant, "title": doc.title,
            "url": _url(port, doc.site, doc.path),
            "alternate_urls": [_url(port, s, p) for s, p in doc.alternates],
            "other_urls": _other_urls(doc, epoch, port),
            "content_type": doc.content_type,
            "served_content_type": doc.served_type or doc.content_type,
            "format": doc.fmt, "filename": doc.filename,
            "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
            "last_modified": http_date(doc.last_modified),
            "reachable": _reachable(doc, epoch, port),
        })
    return out


def traps(epoch: int, port: int) -> list[dict]:
    """URLs that must never be archived (the same in both epochs): {url, reason, expect, never_request}.

    ``expect`` is the fetch outcome a correct crawler records (a constants.FETCH_* value) or None
    when nothing should be recorded; ``never_request`` means the URL must not even be requested.
    """
    web.check_epoch(epoch)
    ext = f"http://{catalog.EXTERNAL_HOST}:{port}"
    t = [{"url": _url(port, "camliova", p), "reason": r, "expect": e, "never_request": e == C.FETCH_ROBOTS}
         for p, r, e in site_camliova.trap_routes()]
    t += [
        {"url": _url(port, "internal", "/admin/secret"), "reason": "private address (redirect target)",
         "expect": None, "never_request": True},
        {"url": _url(port, "altinkoru", site_council.TO_PRIVATE), "reason": "302 to the private address",
         "expect": C.FETCH_REFUSED_REDIRECT, "never_request": False},
        {"url": _url(port, "mavikiyi", site_cms.DEAD_LINK), "reason": "listed download answering 404",
         "expect": C.FETCH_HTTP_ERROR, "never_request": False},
        {"url": _url(port, "ilginpinar", site_js.API_PATH), "reason": "JSON behind the JavaScript list",
         "expect": None, "never_request": False},
        {"url": _url(port, "ilginpinar", site_js.SCRIPT_PATH), "reason": "script, not a document",
         "expect": None, "never_request": False},
        {"url": _url(port, "camliova", "/__sampleweb/epoch"), "reason": "control endpoint (robots.txt)",
         "expect": None, "never_request": True},
    ]
    for path in ("/e-belediye/camliova", "/edevlet/giris", "/belgeler/camliova-stratejik-plan-2025-2029.pdf",
                 "/edevlet/altinkoru"):
        t.append({"url": ext + path, "reason": "another host outside the sample range", "expect": None,
                  "never_request": True})
    for scheme_url in ("mailto:bilgi@camliova-belediyesi.example", "tel:+903125550000", "javascript:void(0)",
                       "mailto:yaziisleri@altinkoru-belediyesi.example", "tel:+902665550000"):
        t.append({"url": scheme_url, "reason": "not an http(s) link", "expect": None, "never_request": True})
    for doc in catalog.unregistered_documents(epoch):
        t.append({"url": _url(port, doc.site, doc.path), "reason": "plan of a municipality not in the registry",
                  "expect": None, "never_request": False})
    return t


def trap_urls(epoch: int, port: int) -> list[str]:
    return [t["url"] for t in traps(epoch, port)]


def failures(epoch: int, port: int) -> list[dict]:
    """URLs that fail in ``epoch`` (5xx, hang): {url, reason, expect}. Documents behind them were
    archived in an earlier epoch and must stay active: a failure is never a change or a deletion."""
    if web.check_epoch(epoch) < 2:
        return []
    out = [{"url": _url(port, "camliova", site_camliova.HANGING), "reason": "hangs for hang_seconds",
            "expect": C.FETCH_TIMEOUT}]
    for n in range(1, site_cms.page_count() + 1):
        out.append({"url": _url(port, "mavikiyi", f"/Belgeler?sayfa={n}"), "reason": "source failing (500)",
                    "expect": C.FETCH_HTTP_ERROR})
    for doc in catalog.documents(epoch):
        if doc.site == "mavikiyi":
            out.append({"url": _url(port, "mavikiyi", doc.path), "reason": "source failing (500)",
                        "expect": C.FETCH_HTTP_ERROR})
    return out


def _shas(epoch: int) -> dict[Identity, str]:
    return {d.identity: catalog.sha256(d) for d in catalog.documents(epoch)}


def changed_documents(from_epoch: int = 1, to_epoch: int = 2) -> list[Identity]:
    """Identities present in both epochs whose bytes differ."""
    a, b = _shas(from_epoch), _shas(to_epoch)
    return sorted(k for k in a.keys() & b.keys() if a[k] != b[k])


def new_documents(from_epoch: int = 1, to_epoch: int = 2) -> list[Identity]:
    a, b = _shas(from_epoch), _shas(to_epoch)
    return sorted(b.keys() - a.keys())


def removed_documents(from_epoch: int = 1, to_epoch: int = 2) -> list[Identity]:
    a, b = _shas(from_epoch), _shas(to_epoch)
    return sorted(a.keys() - b.keys())
