"""sp.gov.tr: the national strategic-plan portal, mapped back to the municipalities we follow.

The portal lists plans of every public body: a list page links plan pages
``/tr/stratejik-plan/s/<id>/<Kurum+Adı+_İl_+YYYY-YYYY>``, and each plan page links its files
(``/upload/xSPStratejikPlan/files/...pdf``). The institution, its province and the plan period are
read from the slug, the link text and the surrounding row, and the institution is matched to a
registry municipality by Turkish-folded name (rapidfuzz) *and* province, so "Çamlıova Belediyesi"
in Burdur never lands on a Çamlıova elsewhere.

Decision on unmatched plans: they are **not archived**. A plan whose institution is a municipality
("... Belediyesi") but matches no registry entry is named in the ``error`` column of the list page's
fetch row ("unmatched municipal plans: Güneyyaka Belediyesi (Burdur, 2025-2029), ..."), so a
registry maintainer can see what the portal has that we do not follow, without one request (or one
bogus "municipality: none" document) per plan. Plans of ministries, universities and other bodies
are skipped silently (counted in the crawl stats).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote_plus, urlsplit

from rapidfuzz import fuzz
from scrapy.http import Response, TextResponse

from crawler.classify import Classification, find_period, norm
from muniwatch import constants as C
from spiders.base import MuniSpider, answered, file_kind, host_allowed

PLAN_PAGE = re.compile(r"/stratejik-plan/s/(\d+)/([^/?#]+)")
SLUG = re.compile(r"^(?P<name>.*?)\s*_\s*(?P<province>[^_]+?)\s*_\s*(?P<period>\d{4}\s*-\s*\d{4})?\s*$")
MATCH_MIN = 90.0


def parse_plan_slug(url: str) -> tuple[str, str | None, str | None] | None:
    """(institution, province, period) from a plan page URL; None if the URL is not a plan page."""
    m = PLAN_PAGE.search(urlsplit(url).path)
    if not m:
        return None
    slug = " ".join(unquote_plus(m.group(2)).split())
    parts = SLUG.match(slug)
    if parts:
        period = parts.group("period")
        return (parts.group("name").strip(), parts.group("province").strip(),
                period.replace(" ", "") if period else None)
    period = find_period(slug, C.STRATEGIC_PLAN)
    name = re.sub(r"\d{4}\s*-\s*\d{4}", " ", slug).replace("_", " ")
    return " ".join(name.split()), None, period


def is_municipality(name: str) -> bool:
    return " belediye" in f" {norm(name)}"


def match_municipality(name: str, province: str | None, municipalities: Iterable[Any]) -> Any | None:
    """The registry municipality an sp.gov.tr institution is, or None (province must agree when known)."""
    key = norm(name)
    best, best_score = None, 0.0
    for m in municipalities:
        if province and norm(province) != norm(m.province):
            continue
        score = fuzz.token_sort_ratio(key, norm(m.name))
        if score > best_score:
            best, best_score = m, score
    return best if best_score >= MATCH_MIN else None


class SpgovSpider(MuniSpider):
    name = "spgov"
    source_kind = C.SOURCE_SPGOV

    async def start(self) -> Any:
        for url in self.source.start_urls:
            yield self.page_request(url, self.parse_list, list_page=1)

    @answered
    def parse_list(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            yield self.page_item(response)
            return
        unmatched: list[str] = []
        seen: set[str] = set()
        requests = []
        for url, text, context in self.links(response):
            if not host_allowed(url, self.allowed_domains):
                continue
            parsed = parse_plan_slug(url)
            if parsed is None:
                if _is_next_page(text, url) and response.meta.get("list_page", 1) < 50:
                    requests.append(self.page_request(url, self.parse_list, found_on=response.url,
                                                      list_page=response.meta.get("list_page", 1) + 1))
                continue
            if url in seen:
                continue
            seen.add(url)
            name, province, period = parsed
            period = period or find_period(f"{text} {context}", C.STRATEGIC_PLAN)
            muni = match_municipality(name, province, self.municipalities)
            if muni is None:
                if is_municipality(name):
                    unmatched.append(f"{name} ({province or '?'}, {period or '?'})")
                crawler = getattr(self, "crawler", None)
                if crawler is not None:
                    crawler.stats.inc_value("muniwatch/spgov/skipped")
                continue
            requests.append(self.page_request(url, self.parse_plan, link_text=text, found_on=response.url,
                                              municipality_id=muni.id, plan_period=period, institution=name))
        page = self.page_item(response)
        if unmatched:
            page.error = "unmatched municipal plans (not archived): " + "; ".join(unmatched)
        yield page
        yield from requests

    @answered
    def parse_plan(self, response: Response) -> Iterator[Any]:
        yield self.page_item(response)
        if not isinstance(response, TextResponse):
            return
        period = response.meta.get("plan_period") or find_period(
            " ".join(response.css("h1 ::text, title::text").getall()), C.STRATEGIC_PLAN)
        if not period:
            return
        for url, text, context in self.links(response):
            if not file_kind(url) or not host_allowed(url, self.allowed_domains):
                continue
            found = Classification(C.STRATEGIC_PLAN, period, "", 0.9,
                                   f"sp.gov.tr plan page of {response.meta.get('institution')}")
            if self.wants(found):
                yield self.document_request(url, found, link_text=text or response.meta.get("link_text", ""),
                                            found_on=response.url, context=context,
                                            municipality_id=response.meta["municipality_id"])


def _is_next_page(text: str, url: str) -> bool:
    words = norm(text)
    if text.strip() in (">", ">>", "»", "›") or words.startswith(("sonraki", "ileri", "next")):
        return True
    return bool(re.search(r"[?&](page|sayfa|p)=\d+", url)) and "stratejik-plan" in url
