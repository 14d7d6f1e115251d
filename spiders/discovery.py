"""Discovery: start at a municipality's homepage and find its documents by following what links say.

Most municipal sites have no stable document index; their plans and reports sit two or three clicks
from the homepage under menus called "Kurumsal", "Stratejik Yönetim", "Yayınlar", "Belgeler",
"Meclis", "Meclis Kararları"... The spider follows, within a bounded depth and the source's own
hosts, only links whose text or URL speaks of such things (``classify.mentions_documents``), and
requests as documents the file links that ``classify`` recognises as a type this source is for,
with a period. A same-site file whose link speaks of these topics without naming a type is probed
(downloaded once, classified by its server-given file name). An HTML page reached through a document-like link (a monthly council decisions page)
is archived as the document itself unless it links to a file of the same type and period.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response, TextResponse

from crawler.classify import classify, mentions_documents, url_text
from muniwatch import constants as C
from spiders.base import HTML_DOCUMENT_TYPES, MuniSpider, answered, file_kind, host_allowed


class DiscoverySpider(MuniSpider):
    name = "discovery"
    source_kind = C.SOURCE_DISCOVERY

    async def start(self) -> Any:
        for url in self.source.start_urls:
            yield self.page_request(url, self.parse_page, page_depth=0)

    @answered
    def parse_page(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            # A menu link that turned out to be a file: keep it if it is one of ours.
            found = classify(response.meta.get("link_text") or "", response.url)
            if self.wants(found):
                yield self.document_item(response, found)
            else:
                yield self.page_item(response)
            return
        yield self.page_item(response)
        yield from self.follow(response, response.meta.get("page_depth", 0))

    def more_links(self, response: TextResponse) -> Iterator[Any]:
        """A candidate document page may also link other months' pages or files: follow them too."""
        yield from self.follow(response, response.meta.get("page_depth", 0))

    def follow(self, response: TextResponse, depth: int) -> Iterator[Any]:
        """Requests for every document link on the page and every page worth reading next."""
        for url, text, context in self.links(response):
            if not host_allowed(url, self.allowed_domains):
                continue
            if file_kind(url):
                found = self.classify_link(url, text, context)
                if self.wants(found):
                    yield self.document_request(url, found, link_text=text, found_on=response.url, context=context)
                elif (found is None or not found.period) and (mentions_documents(text)
                                                              or mentions_documents(url_text(url))):
                    yield self.probe_request(url, link_text=text, found_on=response.url, context=context)
                continue
            if depth >= self.max_depth:
                continue
            found = classify(text, url)
            if self.wants(found) and found.doc_type in HTML_DOCUMENT_TYPES:
                yield self.document_request(url, found, link_text=text, found_on=response.url, context=context,
                                            page_depth=depth + 1)
            elif mentions_documents(text) or mentions_documents(url_text(url)):
                yield self.page_request(url, self.parse_page, page_depth=depth + 1, link_text=text,
                                        found_on=response.url)
