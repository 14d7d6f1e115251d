"""The one item spiders yield: what happened to one URL, for the pipelines to validate and record.

Spiders never write to the database: a page crawled for links, a downloaded document and a failed
request all become a :class:`Fetched` item, and the pipelines (validate, then record) decide what is
stored. That keeps parse methods pure and puts every write in one ordered place.
"""

from __future__ import annotations

import dataclasses
from typing import Any

KIND_DOCUMENT = "document"   # bytes meant for the archive
KIND_PAGE = "page"           # an HTML page crawled for its links
KIND_FAILURE = "failure"     # nothing usable came back (outcome says why)


@dataclasses.dataclass
class Fetched:
    kind: str
    source_id: str
    url: str
    municipality_id: str | None = None
    final_url: str | None = None
    http_status: int | None = None        # what the server really answered (304 for a revalidation)
    network_bytes: int | None = None      # body bytes that crossed the network
    content_type: str | None = None
    body: bytes | None = None
    doc_type: str | None = None
    period: str | None = None
    variant: str = ""
    title: str | None = None
    link_text: str | None = None
    found_on: str | None = None
    expect: str | None = None             # "pdf", "doc", "xls", ... from the link; None if unknown
    etag: str | None = None
    last_modified: str | None = None
    filename: str | None = None
    duration_ms: int | None = None
    outcome: str | None = None            # set for failures (constants.FETCH_*)
    error: str | None = None
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)
