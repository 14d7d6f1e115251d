"""The registry: which municipalities we follow and where their documents are found.

Why it is built this way: the registry is edited by hand, often by people who are not programmers,
so every mistake must come back as one line naming the file, the line of the offending field and the
field ("municipalities.yml:42: field 'kind': 'metropol' is not one of büyükşehir, il, ilçe, belde"),
and one bad entry must not stop the others from loading. PyYAML's node tree (``yaml.compose``) keeps
the position of every key and value, so validation walks nodes rather than plain dicts.

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
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from apscheduler.triggers.cron import CronTrigger
from cssselect import SelectorError
from parsel.csstranslator import HTMLTranslator
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from muniwatch.constants import (DOC_TYPES, METROPOLITAN_PROVINCES, MUNICIPALITY_KINDS, OTHER,
                                 PROVINCES, SOURCE_KINDS, SOURCE_LISTING, SOURCE_SPGOV)

BUNDLED_REGISTRY_DIR = Path(__file__).resolve().parent / "data" / "registry"
DEFAULT_DOC_TYPES: tuple[str, ...] = tuple(t for t in DOC_TYPES if t != OTHER)
CRON_FIELDS = ("month", "day", "week", "day_of_week", "hour", "minute")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")
_TOP_FIELDS = ("municipalities", "sources")
_MUNICIPALITY_FIELDS = ("id", "name", "province", "kind", "homepage", "homepage_verified",
                        "equality_unit", "population", "notes", "sources")
_SOURCE_FIELDS = ("id", "municipality", "municipality_id", "kind", "start_urls", "doc_types", "js",
                  "max_depth", "allowed_domains", "listing", "schedule", "trusted")
_LISTING_FIELDS = ("pages", "link_selector", "row_selector", "title_selector", "next_selector",
                   "max_pages", "doc_type")
_CSS = HTMLTranslator()


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
# Reading YAML nodes with their positions


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _value(node: Node) -> Any:
    """The plain Python value of a node (scalars resolved the way yaml.safe_load would).

    An unknown tag ("!foo x") gives the raw text, which then fails the field's own checks.
    """
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:
        return node.value if isinstance(node, ScalarNode) else None


_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp",
                                                  "seq", "map", "merge")}


def _foreign_tag(node: Node) -> bool:
    """True for application tags ("!!python/object:...", "!foo"): the registry is plain data."""
    return node.tag not in _PLAIN_TAGS


def _describe(node: Node) -> str:
    if _foreign_tag(node):
        return f"a value tagged {node.tag!r}"
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    try:
        value = _value(node)
    except yaml.YAMLError:
        return repr(node.value)
    return "nothing" if value is None else f"{value!r} ({type(value).__name__})"


class _Entry:
    """One YAML mapping being validated; collects its own issues so the caller can skip it."""

    def __init__(self, node: MappingNode, file: str, allowed: Sequence[str], free_prefix: str | None = None):
        self.node, self.file, self.issues = node, file, []
        self.fields: dict[str, tuple[Node, Node]] = {}
        self.rejected: set[str] = set()  # reported already; not "missing" as well
        own = {id(k) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"}
        yaml.constructor.SafeConstructor().flatten_mapping(node)  # "<<: *anchor" pairs come first
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str) or not key:
                self.error(None, key_node, "field names must be plain words")
            elif free_prefix and key.startswith(free_prefix):
                continue  # a holder for YAML anchors, e.g. "x-varsayilan: &v {...}"
            elif key in self.fields and id(self.fields[key][0]) in own:
                first = _line(self.fields[key][0])
                self.error(key, key_node, f"appears twice (first at line {first})")
            elif key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else f"; known fields: {', '.join(allowed)}"
                self.error(key, key_node, f"unknown field{hint}")
            elif _foreign_tag(value_node):
                self.error(key, key_node, f"YAML tag {value_node.tag!r} is not allowed here")
                self.rejected.add(key)
            else:
                self.fields[key] = (key_node, value_node)  # an explicit key overrides a merged one

    def error(self, name: str | None, node: Node, message: str) -> None:
        self.issues.append(RegistryIssue(self.file, _line(node), name, message))

    def line_of(self, name: str) -> int:
        return _line(self.fields[name][0]) if name in self.fields else _line(self.node)

    def scalar(self, name: str, kinds: tuple[type, ...], what: str, required: bool = False,
               default: Any = None) -> Any:
        """A scalar field of one of ``kinds`` (bool never counts as int); reports and returns default."""
        if name not in self.fields:
            if required and name not in self.rejected:
                self.error(name, self.node, "required field is missing")
            return default
        key_node, node = self.fields[name]
        value = _value(node) if isinstance(node, ScalarNode) else node
        if value is None:
            if required:
                self.error(name, key_node, "required field is empty")
            return default
        if (not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)
                or (isinstance(value, str) and not value.strip())):
            self.error(name, key_node, f"expected {what}, got {_describe(node)}")
            return default
        return value

    def text(self, name: str, required: bool = False) -> str | None:
        return self.scalar(name, (str,), "text", required)

    def flag(self, name: str, default: bool = False) -> bool:
        return self.scalar(name, (bool,), "true or false", default=default)

    def integer(self, name: str, minimum: int, default: int | None = None) -> int | None:
        value = self.scalar(name, (int,), f"a whole number ≥ {minimum}", default=default)
        if value is not None and value < minimum:
            self.error(name, self.fields[name][0], f"expected a whole number ≥ {minimum}, got {value}")
            return default
        return value

    def choice(self, name: str, options: Sequence[str], required: bool = False) -> str | None:
        value = self.text(name, required)
        if value is not None and value not in options:
            self.error(name, self.fields[name][0], f"{value!r} is not one of {', '.join(options)}")
            return None
        return value

    def slug(self, name: str) -> str | None:
        value = self.text(name, required=True)
        if value is not None and not _SLUG.fullmatch(value):
            self.error(name, self.fields[name][0], f"{value!r} is not an ascii slug "
                       "(lowercase a-z, digits and single hyphens, e.g. 'izmir-bb')")
            return None
        return value

    def url(self, name: str, required: bool = False) -> str | None:
        value = self.text(name, required)
        if value is not None and not _is_web_url(value):
            self.error(name, self.fields[name][0], f"{value!r} is not an http(s) URL with a host")
            return None
        return value

    def items(self, name: str, required: bool = False) -> list[tuple[Node, Any]] | None:
        """The elements of a non-empty list field as (node, value) pairs; None if absent or invalid."""
        if name not in self.fields:
            if required and name not in self.rejected:
                self.error(name, self.node, "required field is missing")
            return None
        key_node, node = self.fields[name]
        if not isinstance(node, SequenceNode) or not node.value:
            self.error(name, key_node, f"expected a non-empty list, got {_describe(node)}")
            return None
        return [(item, _value(item) if isinstance(item, ScalarNode) and not _foreign_tag(item) else None)
                for item in node.value]

    def url_list(self, name: str, required: bool = False) -> list[str] | None:
        pairs = self.items(name, required)
        if pairs is None:
            return None
        bad = [(n, v) for n, v in pairs if not (isinstance(v, str) and _is_web_url(v))]
        for node, _ in bad:
            self.error(name, node, f"{_describe(node)} is not an http(s) URL with a host")
        return None if bad else [v for _, v in pairs]

    def choice_list(self, name: str, options: Sequence[str]) -> list[str] | None:
        pairs = self.items(name)
        if pairs is None:
            return None
        seen: list[str] = []
        for node, value in pairs:
            if value not in options:
                self.error(name, node, f"{_describe(node)} is not one of {', '.join(options)}")
            elif value in seen:
                self.error(name, node, f"{value!r} is listed twice")
            else:
                seen.append(value)
        return seen if len(seen) == len(pairs) else None

    def css(self, name: str, required: bool = False) -> str | None:
        value = self.text(name, required)
        if value is None:
            return None
        try:
            _CSS.css_to_xpath(value)
        except SelectorError as exc:
            self.error(name, self.fields[name][0], f"{value!r} is not a valid CSS selector ({exc})")
            return None
        return value

    def mapping(self, name: str) -> MappingNode | None:
        if name not in self.fields:
            return None
        key_node, node = self.fields[name]
        if isinstance(node, ScalarNode) and _value(node) is None:
            return None
        if not isinstance(node, MappingNode):
            self.error(name, key_node, f"expected a mapping, got {_describe(node)}")
            return None
        return node


def _is_web_url(value: str) -> bool:
    if any(ch.isspace() for ch in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _default_domains(urls: Iterable[str]) -> list[str]:
    """Hosts of ``urls`` without a leading "www.", so documents on other subdomains are allowed too."""
    domains: list[str] = []
    for url in urls:
        host = urlsplit(url).hostname or ""
        host = host[4:] if host.startswith("www.") else host
        if host and host not in domains:
            domains.append(host)
    return domains


# ---------------------------------------------------------------------------------------------
# Entries


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
    e = _Entry(node, file, _MUNICIPALITY_FIELDS)
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
                           file, _line(node))
    draft = _Draft("municipality", mid, file, _line(node), obj, id_line=e.line_of("id"))
    drafts.append(draft)
    issues.extend(e.issues)
    children = e.fields.get("sources")
    if children is not None:
        _each_mapping(children[1], children[0], file, issues, "sources",
                      lambda n: _source(n, file, issues, drafts, parent=draft))


def _source(node: MappingNode, file: str, issues: list[RegistryIssue], drafts: list[_Draft],
            parent: _Draft | None = None) -> None:
    e = _Entry(node, file, _SOURCE_FIELDS)
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
    domains = _domain_list(e)
    obj = None
    if not e.issues:
        urls = list(start_urls or []) + (list(listing.pages) if listing else [])
        obj = Source(sid, mid, kind, list(start_urls or []), doc_types or list(DEFAULT_DOC_TYPES), js,
                     max_depth, domains or _default_domains(urls), listing, schedule, trusted,
                     file, _line(node))
    drafts.append(_Draft("source", sid, file, _line(node), obj, parent, e.line_of(ref_field), ref_field,
                         e.line_of("id")))
    issues.extend(e.issues)


def _listing(e: _Entry, start_urls: list[str], kind: str | None) -> ListingConfig | None:
    before = len(e.issues)
    node = e.mapping("listing")
    if node is None:
        if kind == SOURCE_LISTING and len(e.issues) == before:
            e.error("listing", e.fields["listing"][0] if "listing" in e.fields else e.node,
                    "required for a 'listing' source")
        return None
    if kind != SOURCE_LISTING:
        e.error("listing", e.fields["listing"][0], "only sources of kind 'listing' take a listing block")
    sub = _Entry(node, e.file, _LISTING_FIELDS)
    pages = sub.url_list("pages") or start_urls
    config = ListingConfig(pages=list(pages), link_selector=sub.css("link_selector", required=True) or "",
                           row_selector=sub.css("row_selector"), title_selector=sub.css("title_selector"),
                           next_selector=sub.css("next_selector"),
                           max_pages=sub.integer("max_pages", 1, default=20) or 20,
                           doc_type=sub.choice("doc_type", tuple(DOC_TYPES)))
    e.issues.extend(_prefixed(sub.issues, "listing."))
    return config


def _schedule(e: _Entry) -> dict[str, Any]:
    node = e.mapping("schedule")
    if node is None:
        return {}
    sub = _Entry(node, e.file, ("interval_hours",) + CRON_FIELDS)
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
    e.issues.extend(_prefixed(sub.issues, "schedule."))
    return result


def _domain_list(e: _Entry) -> list[str] | None:
    pairs = e.items("allowed_domains")
    if pairs is None:
        return None
    for node, value in pairs:
        if not (isinstance(value, str) and _DOMAIN.fullmatch(value)):
            e.error("allowed_domains", node, f"{_describe(node)} is not a host name like 'gebze.bel.tr'")
    return [v for _, v in pairs]


def _prefixed(issues: list[RegistryIssue], prefix: str) -> list[RegistryIssue]:
    return [dataclasses.replace(i, field=f"{prefix}{i.field}" if i.field else prefix.rstrip("."))
            for i in issues]


def _each_mapping(node: Node, key_node: Node | None, file: str, issues: list[RegistryIssue],
                  name: str, handle: Callable[[MappingNode], None]) -> None:
    """Run ``handle`` on each mapping in the list ``node``; anything else is one issue."""
    if isinstance(node, ScalarNode) and _value(node) is None:
        return
    if not isinstance(node, SequenceNode):
        issues.append(RegistryIssue(file, _line(key_node or node), name, f"expected a list, got {_describe(node)}"))
        return
    for item in node.value:
        if isinstance(item, MappingNode):
            handle(item)
        else:
            issues.append(RegistryIssue(file, _line(item), name, f"each entry must be a mapping, got {_describe(item)}"))


# ---------------------------------------------------------------------------------------------
# Files, registries


def _parse(text: str, file: str, issues: list[RegistryIssue], drafts: list[_Draft]) -> None:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"YAML syntax error: {exc.problem or exc.context or 'cannot be read'}"
        if exc.problem and exc.context and exc.context_mark and exc.context_mark.line != mark.line:
            message += f" ({exc.context} at line {exc.context_mark.line + 1})"
        issues.append(RegistryIssue(file, mark.line + 1 if mark else None, None, message))
        return
    except yaml.YAMLError as exc:  # e.g. a reader error: control characters
        issues.append(RegistryIssue(file, None, None, f"YAML error: {exc}"))
        return
    if root is None or (isinstance(root, ScalarNode) and _value(root) is None):
        return
    if not isinstance(root, MappingNode):
        issues.append(RegistryIssue(file, _line(root), None,
                                    "the file must be a mapping with 'municipalities' and/or 'sources' lists"))
        return
    top = _Entry(root, file, _TOP_FIELDS, free_prefix="x-")
    issues.extend(top.issues)
    for name, handler in (("municipalities", _municipality), ("sources", _source)):
        if name in top.fields:
            key_node, node = top.fields[name]
            _each_mapping(node, key_node, file, issues, name, lambda n, h=handler: h(n, file, issues, drafts))


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


def _display_name(path: Path) -> str:
    """A short name for messages: relative to the working directory when under it, else the basename."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name


def _registry_files(path: Path, issues: list[RegistryIssue]) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
        if not files:
            issues.append(RegistryIssue(_display_name(path), None, None, "folder holds no *.yml or *.yaml files"))
        return files
    if not path.is_file():
        issues.append(RegistryIssue(_display_name(path), None, None, "no such file or folder"))
        return []
    return [path]


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
        for file in _registry_files(path, issues):
            name = _display_name(file)
            data = file.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = data[:exc.start].count(b"\n") + 1
                issues.append(RegistryIssue(name, line, None, "not valid UTF-8 (save the file as UTF-8)"))
                continue
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
