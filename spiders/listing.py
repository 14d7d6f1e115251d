"""Listing: read a configured list of documents (CSS selectors from the registry), page by page.

For sites whose document index is a table or card list that discovery cannot read well (links
that say only "İndir", periods only in a neighbouring cell, pagination, JavaScript rendering), the
registry gives the listing pages and selectors::

    listing:
      pages: ["https://www.ornek.bel.tr/meclis/kararlar"]
      row_selector: "table.kararlar tbody tr"     # one row per document (optional)
      link_selector: "a.indir"                    # the link, inside the row
      title_selector: "td.baslik"                 # the row's title cell (optional)
      next_selector: "a.sonraki"                  # the "next page" link (optional)
      max_pages: 10
      doc_type: meclis_kararlari                  # every document here has this type (optional)

The row's text is the context: "Haziran 2025" in one cell and "İndir" in the link is enough. When
``doc_type`` is given it wins over what the words suggest; the period is still read from the words.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

from parsel import Selector
from scrapy.http import Response, TextResponse

from crawler.classify import Classification, classify, committee_slug, find_period, url_text
from muniwatch import constants as C
from spiders.base import (MuniSpider, SourceError, answered, canonical_url, host_allowed, link_text,
                          skippable_href, text_of)


class ListingSpider(MuniSpider):
    name = "listing"
    source_kind = C.SOURCE_LISTING

    def __init__(self, source: Any, run_id: int, **kwargs: Any):
        super().__init__(source, run_id, **kwargs)
        if source.listing is None:
            raise SourceError(f"listing source {source.id!r} has no listing block")
        self.listing = source.listing

    async def start(self) -> Any:
        for url in self.listing.pages:
            yield self.page_request(url, self.parse_listing, listing_page=1)

    @answered
    def parse_listing(self, response: Response) -> Iterator[Any]:
        yield self.page_item(response)
        if not isinstance(response, TextResponse):
            return
        cfg = self.listing
        rows: list[Selector] = response.css(cfg.row_selector) if cfg.row_selector else [response.selector]
        for row in rows:
            title = " ".join(text_of(t) for t in row.css(cfg.title_selector)) if cfg.title_selector else ""
            context = text_of(row) if cfg.row_selector else ""
            for href, text in _links(row, cfg.link_selector):
                if skippable_href(href):
                    continue
                url = canonical_url(urljoin(response.url, href.strip()))
                if not host_allowed(url, self.allowed_domains):
                    continue
                found = self.classify_listed(title or text, url, context)
                if self.wants(found):
                    yield self.document_request(url, found, link_text=title or text, found_on=response.url,
                                                context=context)
        page = response.meta.get("listing_page", 1)
        if cfg.next_selector and page < cfg.max_pages:
            for href, text in _links(response.selector, cfg.next_selector)[:1]:
                if not skippable_href(href):
                    url = canonical_url(urljoin(response.url, href.strip()))
                    if host_allowed(url, self.allowed_domains):
                        yield self.page_request(url, self.parse_listing, listing_page=page + 1,
                                                link_text=text, found_on=response.url)

    def classify_listed(self, text: str, url: str, context: str) -> Classification | None:
        """``classify``, with the listing's ``doc_type`` (when configured) taking precedence."""
        found = classify(text, url, context)
        forced = self.listing.doc_type
        if forced is None or (found is not None and found.doc_type == forced):
            return found
        for where, words in (("link text", text), ("URL", url_text(url)), ("context", context)):
            period = find_period(words, forced)
            if period:
                break
        else:
            where, period = "nothing", None
        variant = committee_slug(f"{text} {context}") if forced == C.COMMITTEE_REPORT else ""
        return Classification(forced, period, variant, 0.7 if period else 0.4,
                              f"listing doc_type {forced}; period from {where}")


def _links(root: Selector, selector: str) -> list[tuple[str, str]]:
    """(href, text) for what ``selector`` picks: <a> elements, or attribute strings (``::attr(href)``)."""
    result = []
    for node in root.css(selector):
        root_el = node.root
        if isinstance(root_el, str):
            result.append((root_el, ""))
            continue
        href = node.attrib.get("href")
        if href is None:
            inner = node.css("a[href]")
            if not inner:
                continue
            node, href = inner[0], inner[0].attrib.get("href")
        result.append((href, link_text(node)))
    return result
