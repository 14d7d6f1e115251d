"""Reading hand-edited YAML with line numbers, and checking its fields one by one.

Why it is separate from ``registry.py``: that module says *what* a municipality or a source is; this
one says *how* a YAML mapping is read so that every mistake points at a line. PyYAML's node tree
(``yaml.compose``) keeps the position of every key and value, so checks walk nodes rather than plain
dicts, and each problem becomes one issue instead of an exception, letting the other entries load.

Nothing here knows the registry's issue type: callers pass ``issue``, a callable taking
``(file, line, field, message)`` (``registry.RegistryIssue`` itself), so this module does not import
``registry`` and the two cannot import each other in a loop. ``prefixed`` expects that type to be a
dataclass with a ``field`` attribute.

The loader is ``yaml.SafeLoader``: application tags (``!!python/...``, ``!foo``) are reported, never
constructed. Anchors and merge keys (``<<: *varsayilan``) work; explicit keys override merged ones.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

import yaml
from cssselect import SelectorError
from parsel.csstranslator import HTMLTranslator
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

IssueT = TypeVar("IssueT")
#: Builds one issue from ``(file, line, field, message)``; ``line`` is 1-based or None.
IssueFactory = Callable[[str, int | None, str | None, str], IssueT]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")
_CSS = HTMLTranslator()
_MERGE_TAG = "tag:yaml.org,2002:merge"
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp",
                                                  "seq", "map", "merge")}


def node_line(node: Node) -> int:
    """The 1-based line a node starts on (PyYAML marks count from 0)."""
    return node.start_mark.line + 1


def node_value(node: Node) -> Any:
    """The plain Python value of a node (scalars resolved the way yaml.safe_load would).

    An unknown tag ("!foo x") gives the raw text, which then fails the field's own checks.
    """
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:
        return node.value if isinstance(node, ScalarNode) else None


def foreign_tag(node: Node) -> bool:
    """True for application tags ("!!python/object:...", "!foo"): the registry is plain data."""
    return node.tag not in _PLAIN_TAGS


def describe(node: Node) -> str:
    """What a node holds, for messages such as "expected text, got 3 (int)"."""
    if foreign_tag(node):
        return f"a value tagged {node.tag!r}"
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    try:
        value = node_value(node)
    except yaml.YAMLError:
        return repr(node.value)
    return "nothing" if value is None else f"{value!r} ({type(value).__name__})"


def is_web_url(value: str) -> bool:
    """An http(s) URL with a host, no whitespace and a numeric port if any."""
    if any(ch.isspace() for ch in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def display_name(path: Path) -> str:
    """A short name for messages: relative to the working directory when under it, else the basename."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name


def yaml_files(path: Path, issues: list[IssueT], issue: IssueFactory[IssueT]) -> list[Path]:
    """``path`` itself, or the *.yml/*.yaml files of a folder, sorted; a missing or empty one is an issue."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
        if not files:
            issues.append(issue(display_name(path), None, None, "folder holds no *.yml or *.yaml files"))
        return files
    if not path.is_file():
        issues.append(issue(display_name(path), None, None, "no such file or folder"))
        return []
    return [path]


def read_utf8(file: Path, name: str, issues: list[IssueT], issue: IssueFactory[IssueT]) -> str | None:
    """The file's text, or None and one issue at the line of the first byte that is not UTF-8."""
    data = file.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        issues.append(issue(name, line, None, "not valid UTF-8 (save the file as UTF-8)"))
        return None


def compose_document(text: str, file: str, issues: list[IssueT], issue: IssueFactory[IssueT]) -> Node | None:
    """The root node of one YAML document, or None when it is empty or unreadable (then one issue)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"YAML syntax error: {exc.problem or exc.context or 'cannot be read'}"
        if exc.problem and exc.context and exc.context_mark and exc.context_mark.line != mark.line:
            message += f" ({exc.context} at line {exc.context_mark.line + 1})"
        issues.append(issue(file, mark.line + 1 if mark else None, None, message))
        return None
    except yaml.YAMLError as exc:  # e.g. a reader error: control characters
        issues.append(issue(file, None, None, f"YAML error: {exc}"))
        return None
    if root is None or (isinstance(root, ScalarNode) and node_value(root) is None):
        return None
    return root


def each_mapping(node: Node, key_node: Node | None, file: str, issues: list[IssueT], name: str,
                 handle: Callable[[MappingNode], None], issue: IssueFactory[IssueT]) -> None:
    """Run ``handle`` on each mapping in the list ``node``; anything else is one issue."""
    if isinstance(node, ScalarNode) and node_value(node) is None:
        return
    if not isinstance(node, SequenceNode):
        issues.append(issue(file, node_line(key_node or node), name, f"expected a list, got {describe(node)}"))
        return
    for item in node.value:
        if isinstance(item, MappingNode):
            handle(item)
        else:
            issues.append(issue(file, node_line(item), name, f"each entry must be a mapping, got {describe(item)}"))


def prefixed(issues: list[IssueT], prefix: str) -> list[IssueT]:
    """Issues of a nested block, renamed so they say where they are ("listing.max_pages")."""
    return [dataclasses.replace(i, field=f"{prefix}{i.field}" if i.field else prefix.rstrip("."))  # type: ignore[type-var, attr-defined]
            for i in issues]


class Entry(Generic[IssueT]):
    """One YAML mapping being validated; collects its own issues so the caller can skip it.

    Reading a field reports what is wrong with it and returns the default, so a caller reads every
    field, then builds its object only when ``issues`` is empty.
    """

    def __init__(self, node: MappingNode, file: str, allowed: Sequence[str], issue: IssueFactory[IssueT],
                 free_prefix: str | None = None):
        self.node, self.file, self.issue = node, file, issue
        self.issues: list[IssueT] = []
        self.fields: dict[str, tuple[Node, Node]] = {}
        self.rejected: set[str] = set()  # reported already; not "missing" as well
        own = {id(k) for k, _ in node.value if k.tag != _MERGE_TAG}
        yaml.constructor.SafeConstructor().flatten_mapping(node)  # "<<: *anchor" pairs come first
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str) or not key:
                self.error(None, key_node, "field names must be plain words")
            elif free_prefix and key.startswith(free_prefix):
                continue  # a holder for YAML anchors, e.g. "x-varsayilan: &v {...}"
            elif key in self.fields and id(self.fields[key][0]) in own:
                first = node_line(self.fields[key][0])
                self.error(key, key_node, f"appears twice (first at line {first})")
            elif key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else f"; known fields: {', '.join(allowed)}"
                self.error(key, key_node, f"unknown field{hint}")
            elif foreign_tag(value_node):
                self.error(key, key_node, f"YAML tag {value_node.tag!r} is not allowed here")
                self.rejected.add(key)
            else:
                self.fields[key] = (key_node, value_node)  # an explicit key overrides a merged one

    def error(self, name: str | None, node: Node, message: str) -> None:
        self.issues.append(self.issue(self.file, node_line(node), name, message))

    def line_of(self, name: str) -> int:
        return node_line(self.fields[name][0]) if name in self.fields else node_line(self.node)

    def scalar(self, name: str, kinds: tuple[type, ...], what: str, required: bool = False,
               default: Any = None) -> Any:
        """A scalar field of one of ``kinds`` (bool never counts as int); reports and returns default."""
        if name not in self.fields:
            if required and name not in self.rejected:
                self.error(name, self.node, "required field is missing")
            return default
        key_node, node = self.fields[name]
        value = node_value(node) if isinstance(node, ScalarNode) else node
        if value is None:
            if required:
                self.error(name, key_node, "required field is empty")
            return default
        if (not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)
                or (isinstance(value, str) and not value.strip())):
            self.error(name, key_node, f"expected {what}, got {describe(node)}")
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
        if value is not None and not is_web_url(value):
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
            self.error(name, key_node, f"expected a non-empty list, got {describe(node)}")
            return None
        return [(item, node_value(item) if isinstance(item, ScalarNode) and not foreign_tag(item) else None)
                for item in node.value]

    def url_list(self, name: str, required: bool = False) -> list[str] | None:
        pairs = self.items(name, required)
        if pairs is None:
            return None
        bad = [(n, v) for n, v in pairs if not (isinstance(v, str) and is_web_url(v))]
        for node, _ in bad:
            self.error(name, node, f"{describe(node)} is not an http(s) URL with a host")
        return None if bad else [v for _, v in pairs]

    def choice_list(self, name: str, options: Sequence[str]) -> list[str] | None:
        pairs = self.items(name)
        if pairs is None:
            return None
        seen: list[str] = []
        for node, value in pairs:
            if value not in options:
                self.error(name, node, f"{describe(node)} is not one of {', '.join(options)}")
            elif value in seen:
                self.error(name, node, f"{value!r} is listed twice")
            else:
                seen.append(value)
        return seen if len(seen) == len(pairs) else None

    def host_list(self, name: str) -> list[str] | None:
        """A list of host names ("gebze.bel.tr"); bad ones are reported but kept, as the entry is skipped."""
        pairs = self.items(name)
        if pairs is None:
            return None
        for node, value in pairs:
            if not (isinstance(value, str) and _DOMAIN.fullmatch(value)):
                self.error(name, node, f"{describe(node)} is not a host name like 'gebze.bel.tr'")
        return [v for _, v in pairs]

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
        if isinstance(node, ScalarNode) and node_value(node) is None:
            return None
        if not isinstance(node, MappingNode):
            self.error(name, key_node, f"expected a mapping, got {describe(node)}")
            return None
        return node
