"""Subscription files: YAML read with the position of every value, so each mistake is one line.

The format is described in :mod:`watch.subscriptions`. PyYAML's node tree (``yaml.compose``) keeps
the line of every key and value, so validation walks nodes rather than plain dicts; merge keys
(``<<: *ortak``) work, application tags are refused, and a file with any problem loads nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from watch.subscriptions import (BOOL_FIELDS, FIELDS, LIST_FIELDS, Known, Subscription, SubscriptionError,
                                 SubscriptionIssue, suggest, check)


def load_yaml(path: str | Path, known: Known, *, text: str | None = None) -> list[Subscription]:
    """Every subscription in a YAML file, validated; raises :class:`SubscriptionError` listing every
    problem (file, line, field) and loads nothing when there is one."""
    path = Path(path)
    name = path.name
    issues: list[SubscriptionIssue] = []
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SubscriptionError([SubscriptionIssue(name, 1, None, None, f"cannot read the file ({exc})")]) from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SubscriptionError([SubscriptionIssue(name, mark.line + 1 if mark else 1, None, None,
                                                   f"invalid YAML ({getattr(exc, 'problem', exc)})")]) from exc
    entries: list[Node] = []
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if key.value == "subscriptions" and isinstance(value, SequenceNode):
                entries = value.value
            elif key.value == "subscriptions":
                issues.append(SubscriptionIssue(name, value.start_mark.line + 1, None, "subscriptions",
                                                "expected a list of subscriptions"))
            elif not str(key.value).startswith("x-"):
                issues.append(SubscriptionIssue(name, key.start_mark.line + 1, None, str(key.value),
                                                "unknown top-level key (expected 'subscriptions')"))
    elif root is not None:
        issues.append(SubscriptionIssue(name, root.start_mark.line + 1, None, None,
                                        "expected a mapping with a 'subscriptions' list"))
    subs: list[Subscription] = []
    seen: dict[str, int] = {}
    for node in entries:
        sub = _entry(node, name, known, issues)
        if sub is None:
            continue
        if sub.name in seen:
            issues.append(SubscriptionIssue(name, sub.source_line or 0, sub.name, "name",
                                            f"duplicate name (first at line {seen[sub.name]})"))
        seen.setdefault(sub.name, sub.source_line or 0)
        subs.append(sub)
    if issues:
        raise SubscriptionError(sorted(issues, key=lambda i: i.line))
    return subs


def _plain(node: Node) -> Any:
    """The plain value of a node; application tags ("!!python/object") are refused."""
    if node.tag not in _PLAIN_TAGS:
        raise ValueError(f"a value tagged {node.tag!r} (subscriptions are plain data)")
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)


_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


def _entry(node: Node, file: str, known: Known, issues: list[SubscriptionIssue]) -> Subscription | None:
    line = node.start_mark.line + 1
    if not isinstance(node, MappingNode):
        issues.append(SubscriptionIssue(file, line, None, None, "each subscription must be a mapping"))
        return None
    try:
        yaml.constructor.SafeConstructor().flatten_mapping(node)   # merge keys: "<<: *ortak"
    except yaml.YAMLError as exc:
        issues.append(SubscriptionIssue(file, line, None, "<<", f"cannot merge ({getattr(exc, 'problem', exc)})"))
        return None
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    name = next((v.value for k, v in node.value if k.value == "name" and isinstance(v, ScalarNode)), None)
    for key, value in node.value:
        field_name, field_line = str(key.value), value.start_mark.line + 1
        if field_name not in FIELDS:
            issues.append(SubscriptionIssue(file, key.start_mark.line + 1, name, field_name,
                                            f"unknown field{suggest(field_name, FIELDS)}"))
            continue
        try:
            plain = _plain(value)
        except (ValueError, yaml.YAMLError) as exc:
            issues.append(SubscriptionIssue(file, field_line, name, field_name, str(exc)))
            continue
        lines[field_name] = field_line
        if field_name in LIST_FIELDS:
            if isinstance(plain, str):
                plain, item_lines[field_name] = [plain], [field_line]
            elif isinstance(plain, list) and all(isinstance(v, str) for v in plain):
                item_lines[field_name] = [v.start_mark.line + 1 for v in value.value]
            elif plain is None:
                plain = []
            else:
                issues.append(SubscriptionIssue(file, field_line, name, field_name, "expected a list of texts"))
                continue
        elif field_name in BOOL_FIELDS and not isinstance(plain, bool):
            issues.append(SubscriptionIssue(file, field_line, name, field_name, f"expected true or false, got {plain!r}"))
            continue
        elif field_name == "since" and isinstance(plain, (dt.date, dt.datetime)):
            plain = plain.isoformat()[:10]
        elif field_name not in BOOL_FIELDS and not isinstance(plain, str):
            issues.append(SubscriptionIssue(file, field_line, name, field_name, f"expected a text, got {plain!r}"))
            continue
        values[field_name] = plain
    if "name" not in values:
        issues.append(SubscriptionIssue(file, line, None, "name", "every subscription needs a name"))
        return None
    sub = Subscription(**values, source_file=file, source_line=line)
    for field_name, index, message in check(sub, known):
        at = item_lines.get(field_name, [])
        where = at[index] if index is not None and index < len(at) else lines.get(field_name, line)
        issues.append(SubscriptionIssue(file, where, sub.name, field_name, message))
    return sub
