"""The bundled sample municipal web: the ground for the demo and every crawler/extraction/diff test.

Five fictional sites (and one "private" trap target) on loopback addresses, documents rendered
deterministically from the structured data in :mod:`corpus`, two switchable epochs whose
differences are listed in :data:`DESIGNED_CHANGES`. See README.md in this folder.

    with SampleWeb(hang_seconds=3) as sw:
        sw.url("camliova", "/")            # http://127.0.0.11:<port>/
        sw.set_epoch(2)
"""

from muniwatch.sampleweb.catalog import EXTERNAL_HOST, HOSTS, TRUSTED_NETWORK
from muniwatch.sampleweb.changes import DESIGNED_CHANGES, DesignedChange
from muniwatch.sampleweb.server import SampleWeb, SampleWebError
from muniwatch.sampleweb.truth import (
    changed_documents, expected_documents, failures, new_documents, registry_yaml, removed_documents, trap_urls,
    traps,
)

__all__ = [
    "DESIGNED_CHANGES", "DesignedChange", "EXTERNAL_HOST", "HOSTS", "SampleWeb", "SampleWebError",
    "TRUSTED_NETWORK", "changed_documents", "expected_documents", "failures", "new_documents", "registry_yaml",
    "removed_documents", "trap_urls", "traps",
]
