"""Numbers in segment fields, compared as numbers: costs, targets, baselines, realisations, budget values.

Parsers store amounts as Decimal strings ("3200000.00") or per year ({"2026": "3200000.00"}); an older
parser version, a hand-made fixture or a spreadsheet may give "3.200.000,00 TL", an int or a float.
All of them become ``Decimal`` here, so "3200000.00", "3200000" and "3.200.000,00" are one value and a
re-parse never shows up as a budget change.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from watch.turkish import parse_money, parse_number, parse_percent

__all__ = ["NUMERIC_FIELDS", "NumericChange", "numeric_changes", "numeric_fingerprint", "numeric_items",
           "to_decimal", "year_slice", "decimal_str"]

#: Fields compared as numbers, in the order changes are listed. A value is a number or {key: number};
#: the key is a year for costs/targets/baseline/realised, a column name for a budget line's "values".
NUMERIC_FIELDS = ("cost", "costs", "baseline", "targets", "realised", "values")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_YEAR_IN_KEY_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_PLAIN_RE = re.compile(r"[-+]?\d+(?:\.\d+)?")


@dataclasses.dataclass(frozen=True)
class NumericChange:
    """One number that differs. ``year`` is the key inside a per-year field ("2026"; a column name for
    "values"; None for a single number). In a successor diff it is this year's year, and ``before`` is
    the value last year's document gave for its own year. None means "not given" on that side."""
    field: str
    year: str | None
    before: Decimal | None
    after: Decimal | None

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "year": self.year,
                "before": decimal_str(self.before), "after": decimal_str(self.after)}


def decimal_str(d: Decimal | None) -> str | None:
    """Canonical text of a number: no exponent, no trailing zeros ("3200000.00" → "3200000")."""
    if d is None:
        return None
    s = format(d, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def to_decimal(value: Any) -> Decimal | None:
    """A field value as a Decimal: Decimal strings, Turkish-formatted numbers, money ("3.200.000,00 TL"),
    percentages ("%12,5" → 12.5), ints and floats. Text that is not a number ("Artırılacak"), blanks,
    booleans and infinities → None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        d: Decimal | None = value
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))
    elif isinstance(value, str):
        s = value.strip()
        if not s:
            return None
        if _PLAIN_RE.fullmatch(s):
            try:
                d = Decimal(s)
            except InvalidOperation:
                d = None
        else:
            d = parse_number(s)
            if d is None:
                d = parse_percent(s)
            if d is None:
                d = parse_money(s)
    else:
        return None
    return d if d is not None and d.is_finite() else None


def numeric_items(fields: Mapping[str, Any] | None) -> dict[tuple[str, str | None], Decimal | None]:
    """{(field, key): value} for every numeric field present (value None when given but not a number)."""
    out: dict[tuple[str, str | None], Decimal | None] = {}
    for name in NUMERIC_FIELDS:
        value = (fields or {}).get(name)
        if value is None:
            continue
        if isinstance(value, Mapping):
            for k, v in value.items():
                out[(name, str(k))] = to_decimal(v)
        elif not isinstance(value, (list, tuple, set)):
            out[(name, None)] = to_decimal(value)
    return out


def _order(item: tuple[str, str | None]) -> tuple[int, int, str]:
    name, key = item
    return (NUMERIC_FIELDS.index(name), 0 if key is None else 1, key or "")


def numeric_changes(old_fields: Mapping[str, Any] | None,
                    new_fields: Mapping[str, Any] | None) -> list[NumericChange]:
    """Every numeric value that differs between two segments' fields, compared as Decimals, in
    NUMERIC_FIELDS order then key order. A value given on one side only is a change (None ↔ value)."""
    before, after = numeric_items(old_fields), numeric_items(new_fields)
    out = []
    for item in sorted(before.keys() | after.keys(), key=_order):
        b, a = before.get(item), after.get(item)
        if b != a:
            out.append(NumericChange(item[0], item[1], b, a))
    return out


def numeric_fingerprint(fields: Mapping[str, Any] | None) -> tuple:
    """Hashable, order-free form of the numeric fields: equal exactly when ``numeric_changes`` is []."""
    return tuple(sorted(((n, k or "", decimal_str(v)) for (n, k), v in numeric_items(fields).items()
                         if v is not None)))


def year_slice(fields: Mapping[str, Any], year: int, label: int) -> dict[str, Any]:
    """``fields`` as seen from ``label``'s point of view, for the successor diff. A per-year numeric field
    is cut to ``year``'s value, filed under ``label`` (last year's programme is cut to 2025, this
    year's to 2026, both filed as "2026", so 2025's cost of an activity meets 2026's). A key that
    names years ("butce_2021", "gerceklesme_2020" in a financial report's budget lines) has them
    shifted by label − year, so last year's report's "butce_2021" meets this year's "butce_2022"."""
    shift = label - year
    out = dict(fields)
    for name in NUMERIC_FIELDS:
        value = fields.get(name)
        if not isinstance(value, Mapping):
            continue
        if any(_YEAR_RE.fullmatch(str(k)) for k in value):
            kept = {str(k): v for k, v in value.items() if not _YEAR_RE.fullmatch(str(k))}
            own = [v for k, v in value.items() if str(k) == str(year)]
            if own:
                kept[str(label)] = own[0]
            value = kept
        if shift:
            value = {k if _YEAR_RE.fullmatch(str(k)) else
                     _YEAR_IN_KEY_RE.sub(lambda m: str(int(m.group(0)) + shift), str(k)): v
                     for k, v in value.items()}
        out[name] = value
    return out
