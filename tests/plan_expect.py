"""What the plan-parser tests compare: one item per (kind, key), and a readable per-item diff."""

from __future__ import annotations

Item = dict  # {"code", "parent", "title", **fields}
Key = tuple  # (kind, key)

# Fields each comparison looks at: an expected item lists those it expects; any other of these
# fields present in the parse is a difference too.
CHECKED = ("responsible", "cooperating", "risks", "findings", "needs", "unit", "baseline", "targets",
           "realised", "rate", "kind", "cost", "costs", "spent", "status", "year")


def diff(expected: dict[Key, Item], actual: dict[Key, Item]) -> list[str]:
    lines = []
    for k in sorted(expected.keys() - actual.keys()):
        lines.append(f"MISSING {k}: {expected[k]}")
    for k in sorted(actual.keys() - expected.keys()):
        lines.append(f"EXTRA   {k}: {actual[k]}")
    for k in sorted(expected.keys() & actual.keys()):
        e, a = expected[k], actual[k]
        for f in sorted(e.keys() | a.keys()):
            if e.get(f) != a.get(f):
                lines.append(f"DIFF    {k} {f}: expected {e.get(f)!r}, got {a.get(f)!r}")
    return lines
