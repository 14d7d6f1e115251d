"""Assemble every site's route table for one (epoch, port), with page dates that only move on change.

Pages get ``Last-Modified`` = the epoch-1 date unless their bytes differ from epoch 1, so an unchanged
page answers 304 to a conditional request made in an earlier epoch. Tables are built once per
(epoch, port) and cached (building is cheap: document bytes are rendered lazily on first request).
"""

from __future__ import annotations

import dataclasses
import threading

from muniwatch.sampleweb import catalog, site_cms, site_council, site_js, site_spgov, site_camliova
from muniwatch.sampleweb.routes import Ctx, SiteTable

EPOCHS = (1, 2)
PAGE_DATES = {1: catalog.utc(2026, 4, 25, 8), 2: catalog.utc(2026, 5, 6, 8)}

BUILDERS = {
    "internal": site_spgov.build_internal,
    "camliova": site_camliova.build,
    "mavikiyi": site_cms.build,
    "ilginpinar": site_js.build,
    "altinkoru": site_council.build,
    "spgov": site_spgov.build,
}

_tables: dict[tuple[int, int], dict[str, SiteTable]] = {}
_lock = threading.RLock()


class UnknownEpoch(ValueError):
    """The sample web has epochs 1 and 2 only."""


def check_epoch(epoch: int) -> int:
    if epoch not in EPOCHS:
        raise UnknownEpoch(f"unknown epoch {epoch!r}: the sample web has epochs {EPOCHS}")
    return epoch


def tables(epoch: int, port: int) -> dict[str, SiteTable]:
    check_epoch(epoch)
    with _lock:
        hit = _tables.get((epoch, port))
        if hit is not None:
            return hit
        ctx = Ctx(epoch, port, catalog.by_identity(epoch))
        built = {site: fn(ctx) for site, fn in BUILDERS.items()}
        base = tables(1, port) if epoch > 1 else built
        for site, table in built.items():
            for target, route in list(table.exact.items()):
                if route.doc is not None or not route.validators or route.last_modified is not None:
                    continue
                before = base[site].exact.get(target)
                same = before is not None and before.body == route.body
                when = PAGE_DATES[1] if same else PAGE_DATES[epoch]
                table.exact[target] = dataclasses.replace(route, last_modified=when)
        _tables[(epoch, port)] = built
        return built
