"""The one shape every structure parser returns: a segment of a document.

A segment is a goal, objective, indicator, activity, council decision, agenda item, committee report
or budget line, with its code, its parent's code, the pages it spans, its text and the fields parsed
out of it (karar no, date, directorate, outcome, cost, targets...). Parsers return lists of these;
``db`` stores them in the ``segments`` table; the diff aligns them.
"""

from __future__ import annotations

import dataclasses
from typing import Any


@dataclasses.dataclass
class Segment:
    kind: str                      # one of muniwatch.constants.SEGMENT_KINDS
    code: str | None               # "A1", "H1.2", "PG1.2.1", "2025/123", agenda item number...
    title: str                     # one line: the goal/objective/activity name, decision subject
    text: str                      # the segment's own text (normalised, not folded)
    page_start: int | None = None  # 1-based page numbers in the source file
    page_end: int | None = None
    parent_code: str | None = None
    ordinal: int = 0               # position in document order
    fields: dict[str, Any] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
