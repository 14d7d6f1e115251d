"""The registry: which municipalities we follow and where their documents are found.

Why it is built this way: the registry is edited by hand, often by people who are not programmers,
so every mistake must come back as one line naming the file, the line of the offending field and the
field ("municipalities.yml:42: field 'kind': 'metropol' is not one of büyükşehir, il, ilçe, belde"),
and one bad entry must not stop the others from loading. PyYAML's node tree (``yaml.compose``) keeps
the position of every key and value, so validation walks nodes rather than plain dicts. How a
mapping is read and its fields checked lives in ``registry_yaml``; what the entries must hold (the
rules below) and the public API live here.

File format (a registry folder holds any number of ``*.yml`` / ``*.yaml`` files)::

    municipalities:
      - id: gebze                      # ascii slug, unique
        name: Gebze Belediyesi         # official Turkish name
        province: Kocaeli              # one of constants.PROVINCES
        kind: ilçe                     # büyükşehir | il | ilçe | belde
        homepage: https://www.gebze.bel.tr/
        homepage_verified: false       # true only when the URL was seen, not guessed
        equality_unit: false           # had an equality unit (eşitlik birimi), seed 000
        population: 123456             # optional
        notes: free text               # optional
        sources:                       # optional; these belong to the entry above
          - {id: gebze-site, kind: discovery, start_urls: ["https://www.gebze.bel.tr/"]}
    sources:                           # top-level sources name their municipality; spgov may not
      - id: spgov
        kind: spgov
        start_urls: ["https://www.sp.gov.tr/tr/stratejik-plan"]
        doc_types: [stratejik_plan]

Source fields: ``municipality``, ``kind`` (constants.SOURCE_KINDS), ``start_urls``, ``doc_types``
(default: every type but ``diger``), ``js``, ``max_depth``, ``allowed_domains`` (default: the hosts
of the start and listing URLs without a leading ``www.``, so subdomains count), ``listing`` (kind
``listing`` only: ``pages``, ``link_selector``, ``row_selector``, ``title_selector``,
``next_selector``, ``max_pages``, ``doc_type``), ``schedule`` (``interval_hours: N`` or cron fields
``month day week day_of_week hour minute``), ``trusted`` (sample-web sources only).

YAML anchors and merge keys work (``<<: *varsayilan``); top-level keys starting with ``x-`` are
ignored so they can hold anchors. Application tags (``!!python/...``) are refused.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from apscheduler.triggers.cron import CronTrigger
from yaml.nodes import MappingNode

from muniwatch.constants import (DOC_TYPES, METROPOLITAN_PROVINCES, MUNICIPALITY_KINDS, OTHER,
                                 PROVINCES, SOURCE_KINDS, SOURCE_LISTING, SOURCE_SPGOV)
from muniwatch.registry_yaml import (Entry, compose_document, display_name, each_mapping, node_line, prefixed,
                                     read_utf8, yaml_files)

BUNDLED_REGISTRY_DIR = Path(__file__).resolve().parent / "data" / "registry"
DEFAULT_DOC_TYPES: tuple[str, ...] = tuple(t for t in DOC_TYPES if t != OTHER)
CRON_FIELDS = ("month", "day", "week", "day_of_week", "hour", "minute")
_TOP_FIELDS = ("municipalities", "sources")
_MUNICIPALITY_FIELDS = ("id", "name", "province", "kind", "homepage", "homepage_verified",
                        "equality_unit", "population", "notes", "sources")
_SOURCE_FIELDS = ("id", "municipality", "municipality_id", "kind", "start_urls", "doc_types", "js",
                  "max_depth", "allowed_domains", "listing", "schedule", "trusted")
_LISTING_FIELDS = ("pages", "link_selector", "row_selector", "title_selector", "next_selector",
                   "max_pages", "doc_type")


class RegistryError(Exception):
    """Raised by ``strict=True`` loads when the registry has any issue; ``issues`` lists them."""

    def __init__(self, issues: Sequence[RegistryIssue]):
        self.issues = list(issues)
        super().__init__(format_issues(self.issues))


@dataclass(frozen=True)
class RegistryIssue:
    """One problem in a registry file, located at the line of the offending node (1-based)."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: field '{self.field}': {self.message}" if self.field else f"{where}: {self.message}"


@dataclass(frozen=True)
class ListingConfig:
    """How a listing spider reads one paginated list of documents."""

    pages: list[str]
    link_selector: str
    row_selector: str | None = None
    title_selector: str | None = None
    next_selector: str | None = None
    max_pages: int = 20
    doc_type: str | None = None


@dataclass(frozen=True)
class Municipality:
    id: str
    name: str
    province: str
    kind: str
    homepage: str
    homepage_verified: bool = False
    equality_unit: bool = False
    population: int | None = None
    notes: str | None = None
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Source:
    id: str
    municipality_id: str | None
    kind: str
    start_urls: list[str]
    doc_types: list[str] = field(default_factory=lambda: list(DEFAULT_DOC_TYPES))
    js: bool = False
    max_depth: int | None = None
    allowed_domains: list[str] = field(default_factory=list)
    listing: ListingConfig | None = None
    schedule: dict[str, Any] = field(default_factory=dict)
    trusted: bool = False
    file: str = ""
    line: int = 0


@dataclass
class Registry:
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    issues: list[RegistryIssue] = field(default_factory=list)

    def sources_for(self, municipality_id: str) -> list[Source]:
        """The sources of one municipality, by id."""
        return sorted((s for s in self.sources.values() if s.municipality_id == municipality_id),
                      key=lambda s: s.id)

    def national_sources(self) -> list[Source]:
        return sorted((s for s in self.sources.values() if s.municipality_id is None), key=lambda s: s.id)


# ---------------------------------------------------------------------------------------------
# Entries


def _entry(node: MappingNode, file: str, allowed: Sequence[str],
           free_prefix: str | None = None) -> Entry[RegistryIssue]:
    """A registry mapping being checked field by field, its issues being ``RegistryIssue``s."""
    return Entry(node, file, allowed, RegistryIssue, free_prefix)


def _default_domains(urls: Iterable[str]) -> list[str]:
    """Hosts of ``urls`` without a leading "www.", so documents on other subdomains are allowed too."""
    domains: list[str] = []
    for url in urls:
        host = urlsplit(url).hostname or ""
        host = host[4:] if host.startswith("www.") else host
        if host and host not in domains:
            domains.append(host)
    return domains


@dataclass
class _Draft:
    """An entry as found in a file, valid (``obj`` set) or not, kept for duplicate/reference checks."""

    what: str  # "municipality" | "source"
    id: str | None
    file: str
    line: int
    obj: Municipality | Source | None
    parent: _Draft | None = None  # the municipality a nested source sits under
    ref_line: int = 0  # line of the source's municipality field
    ref_field: str = "municipality"
    id_line: int = 0
    accepted: bool = False


def _municipality(node: MappingNode, file: str, issues: list[RegistryIssue], drafts: list[_Draft]) -> None:
    e = _entry(node, file, _MUNICIPALITY_FIELDS)
    mid, name = e.slug("id"), e.text("name", required=True)
    province = e.text("province", required=True)
    kind = e.choice("kind", MUNICIPALITY_KINDS, required=True)
    homepage = e.url("homepage", required=True)
    verified, equality = e.flag("homepage_verified"), e.flag("equality_unit")
    population, notes = e.integer("population", 1), e.text("notes")
    if name is not None and not name.endswith("Belediyesi"):
        e.error("name", e.fields["name"][0], f"{name!r} is not an official name (it should end in 'Belediyesi')")
    if province is not None and province not in PROVINCES:
        close = difflib.get_close_matches(province, PROVINCES, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        e.error("province", e.fields["province"][0], f"{province!r} is not a province of Turkey{hint}")
    elif province is not None and kind == "büyükşehir" and province not in METROPOLITAN_PROVINCES:
        e.error("kind", e.fields["kind"][0], f"{province} has no büyükşehir municipality")
    elif kind == "il" and province in METROPOLITAN_PROVINCES:
        e.error("kind", e.fields["kind"][0],
                f"{province} is a metropolitan province: its municipality is a büyükşehir, not an il")
    obj = None
    if not e.issues:
        obj = Municipality(mid, name, province, kind, homepage, verified, equality, population, notes,
                           file, node_line(node))
    draft = _Draft("municipality", mid, file, node_line(node), obj, id_line=e.line_of("id"))
    drafts.append(draft)
    issues.extend(e.issues)
    children = e.fields.get("sources")
    if children is not None:
        each_mapping(children[1], children[0], file, issues, "sources",
                     lambda n: _source(n, file, issues, drafts, parent=draft), RegistryIssue)


def _source(node: MappingNode, file: str, issues: list[RegistryIssue], drafts: list[_Draft],
            parent: _Draft | None = None) -> None:
    e = _entry(node, file, _SOURCE_FIELDS)
    sid = e.slug("id")
    kind = e.choice("kind", SOURCE_KINDS, required=True)
    ref_field = "municipality_id" if "municipality_id" in e.fields else "municipality"
    if "municipality" in e.fields and "municipality_id" in e.fields:
        e.error("municipality_id", e.fields["municipality_id"][0], "give either 'municipality' or 'municipality_id'")
    mid = e.text(ref_field)
    if parent is not None:
        if mid is not None and mid != parent.id:
            e.error(ref_field, e.fields[ref_field][0],
                    f"a source listed under municipality {parent.id!r} cannot belong to {mid!r}")
        mid = parent.id
    elif mid is None and kind is not None and kind != SOURCE_SPGOV and ref_field not in e.fields:
        e.error("municipality", node, f"required for a {kind!r} source (only spgov sources are national)")
    start_urls = e.url_list("start_urls", required=True)
    doc_types = e.choice_list("doc_types", tuple(DOC_TYPES))
    js, trusted = e.flag("js"), e.flag("trusted")
    max_depth = e.integer("max_depth", 0)
    listing = _listing(e, start_urls or [], kind)
    schedule = _schedule(e)
    domains = e.host_list("allowed_domains")
    obj = None
    if not e.issues:
        urls = list(start_urls or []) + (list(listing.pages) if listing else [])
        obj = Source(sid, mid, kind, list(start_urls or []), doc_types or list(DEFAULT_DOC_TYPES), js,
                     max_depth, domains or _default_domains(urls), listing, schedule, trusted,
                     file, node_line(node))
    drafts.append(_Draft("source", sid, file, node_line(node), obj, parent, e.line_of(ref_field), ref_field,
                         e.line_of("id")))
    issues.extend(e.issues)


def _listing(e: Entry[RegistryIssue], start_urls: list[str], kind: str | None) -> ListingConfig | None:
    before = len(e.issues)
    node = e.mapping("listing")
    if node is None:
        if kind == SOURCE_LISTING and len(e.issues) == before:
            e.error("listing", e.fields["listing"][0] if "listing" in e.fields else e.node,
                    "required for a 'listing' source")
        return None
    if kind != SOURCE_LISTING:
        e.error("listing", e.fields["listing"][0], "only sources of kind 'listing' take a listing block")
    sub = _entry(node, e.file, _LISTING_FIELDS)
    pages = sub.url_list("pages") or start_urls
    config = ListingConfig(pages=list(pages), link_selector=sub.css("link_selector", required=True) or "",
                           row_selector=sub.css("row_selector"), title_selector=sub.css("title_selector"),
                           next_selector=sub.css("next_selector"),
                           max_pages=sub.integer("max_pages", 1, default=20) or 20,
                           doc_type=sub.choice("doc_type", tuple(DOC_TYPES)))
    e.issues.extend(prefixed(sub.issues, "listing."))
    return config


def _schedule(e: Entry[RegistryIssue]) -> dict[str, Any]:
    node = e.mapping("schedule")
    if node is None:
        return {}
    sub = _entry(node, e.file, ("interval_hours",) + CRON_FIELDS)
    result: dict[str, Any] = {}
    interval = sub.integer("interval_hours", 1)
    if interval is not None:
        result["interval_hours"] = interval
    for name in CRON_FIELDS:
        value = sub.scalar(name, (str, int), "a cron expression")
        if value is None:
            continue
        try:
            CronTrigger(timezone="Europe/Istanbul", **{name: value})
        except ValueError as exc:
            sub.error(name, sub.fields[name][0], f"{value!r} is not a valid cron value ({exc})")
            continue
        result[name] = value
    if interval is not None and len(result) > 1:
        sub.error("interval_hours", sub.fields["interval_hours"][0],
                  "give either interval_hours or cron fields, not both")
    e.issues.extend(prefixed(sub.issues, "schedule."))
    return result


# ---------------------------------------------------------------------------------------------
# Files, registries


def _parse(text: str, file: str, issues: list[RegistryIssue], drafts: list[_Draft]) -> None:
    root = compose_document(text, file, issues, RegistryIssue)
    if root is None:
        return
    if not isinstance(root, MappingNode):
        issues.append(RegistryIssue(file, node_line(root), None,
                                    "the file must be a mapping with 'municipalities' and/or 'sources' lists"))
        return
    top = _entry(root, file, _TOP_FIELDS, free_prefix="x-")
    issues.extend(top.issues)
    for name, handler in (("municipalities", _municipality), ("sources", _source)):
        if name in top.fields:
            key_node, node = top.fields[name]
            each_mapping(node, key_node, file, issues, name, lambda n, h=handler: h(n, file, issues, drafts),
                         RegistryIssue)


def _finish(drafts: list[_Draft], issues: list[RegistryIssue]) -> Registry:
    """Resolve duplicates (the second is reported, pointing at the first) and municipality references."""
    registry = Registry(issues=issues)
    first: dict[tuple[str, str], _Draft] = {}
    for d in drafts:
        if d.id is None:
            continue
        key = (d.what, d.id)
        if key in first:
            f = first[key]
            issues.append(RegistryIssue(d.file, d.id_line, "id",
                                        f"duplicate {d.what} id {d.id!r} (first defined at {f.file}:{f.line})"))
            continue
        first[key] = d
        if d.what == "municipality" and d.obj is not None:
            d.accepted = True
            registry.municipalities[d.id] = d.obj
    for d in drafts:
        if d.what != "source" or d.obj is None or first.get(("source", d.id)) is not d:
            continue
        mid = d.obj.municipality_id
        if d.parent is not None:
            if not d.parent.accepted:
                continue  # the municipality's own issue explains why its sources are not loaded
        elif mid is not None and mid not in registry.municipalities:
            target = first.get(("municipality", mid))
            message = (f"municipality {mid!r} was not loaded (see {target.file}:{target.line})" if target
                       else f"no municipality with id {mid!r}")
            issues.append(RegistryIssue(d.file, d.ref_line, d.ref_field, message))
            continue
        d.accepted = True
        registry.sources[d.id] = d.obj
    issues.sort(key=lambda i: (i.file, i.line or 0))
    return registry


def load_registry(paths: Path | str | Sequence[Path | str], strict: bool = False) -> Registry:
    """Load registry files (a folder means every *.yml/*.yaml in it, sorted) as one registry.

    References between files resolve (a source file may name a municipality from another file).
    Invalid entries are reported in ``Registry.issues`` and skipped; ``strict=True`` raises instead.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    issues: list[RegistryIssue] = []
    drafts: list[_Draft] = []
    for path in map(Path, paths):
        for file in yaml_files(path, issues, RegistryIssue):
            name = display_name(file)
            text = read_utf8(file, name, issues, RegistryIssue)
            if text is not None:
                _parse(text, name, issues, drafts)
    return _checked(_finish(drafts, issues), strict)


def load_registry_text(text: str, filename: str, strict: bool = False) -> Registry:
    """Load one registry document given as text; ``filename`` is used in messages."""
    issues: list[RegistryIssue] = []
    drafts: list[_Draft] = []
    _parse(text, filename, issues, drafts)
    return _checked(_finish(drafts, issues), strict)


def _checked(registry: Registry, strict: bool) -> Registry:
    if strict and registry.issues:
        raise RegistryError(registry.issues)
    return registry


def merge(*registries: Registry) -> Registry:
    """Combine loaded registries; a later duplicate id is reported and the first one kept."""
    merged = Registry()
    for registry in registries:
        merged.issues.extend(registry.issues)
        for table, name in ((registry.municipalities, "municipality"), (registry.sources, "source")):
            target: dict[str, Any] = merged.municipalities if name == "municipality" else merged.sources
            for key, obj in table.items():
                if key in target:
                    f = target[key]
                    merged.issues.append(RegistryIssue(obj.file, obj.line, "id",
                                                       f"duplicate {name} id {key!r} (first defined at {f.file}:{f.line})"))
                else:
                    target[key] = obj
    return merged


def format_issues(issues: Iterable[RegistryIssue]) -> str:
    """One issue per line, as ``muniwatch sources validate`` prints them."""
    return "\n".join(str(issue) for issue in issues)


def registry_summary(registry: Registry) -> str:
    count = len(registry.issues)
    return (f"{len(registry.municipalities)} municipalities, {len(registry.sources)} sources, "
            f"{count} issue{'' if count == 1 else 's'}")


def source_table(registry: Registry) -> list[dict[str, Any]]:
    """Rows for ``muniwatch sources list``: id, municipality, kind, start URL, js (health is joined from the DB)."""
    rows = []
    for source in sorted(registry.sources.values(), key=lambda s: (s.municipality_id or "", s.id)):
        muni = registry.municipalities.get(source.municipality_id or "")
        extra = f" (+{len(source.start_urls) - 1})" if len(source.start_urls) > 1 else ""
        rows.append({"id": source.id, "municipality": muni.name if muni else "(ulusal / national)",
                     "kind": source.kind, "start_url": source.start_urls[0] + extra, "js": source.js})
    return rows


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def registry_rows(registry: Registry) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Plain rows for the ``municipalities`` and ``sources`` tables (lists are JSON strings)."""
    municipalities = [
        {"id": m.id, "name": m.name, "province": m.province, "kind": m.kind, "homepage": m.homepage,
         "homepage_verified": m.homepage_verified, "equality_unit": m.equality_unit,
         "population": m.population, "registry_file": m.file, "registry_line": m.line}
        for m in sorted(registry.municipalities.values(), key=lambda m: m.id)]
    sources = [
        {"id": s.id, "municipality_id": s.municipality_id, "kind": s.kind, "start_urls": _json(s.start_urls),
         "doc_types": _json(s.doc_types), "js": s.js,
         "config": _json({"listing": dataclasses.asdict(s.listing) if s.listing else None,
                          "max_depth": s.max_depth, "allowed_domains": s.allowed_domains,
                          "trusted": s.trusted}),
         "schedule": _json(s.schedule)}
        for s in sorted(registry.sources.values(), key=lambda s: s.id)]
    return municipalities, sources
