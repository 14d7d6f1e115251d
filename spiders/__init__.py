"""Scrapy spiders: discovery, config-driven listings, sp.gov.tr.

``SPIDERS`` maps a registry source kind (``constants.SOURCE_KINDS``) to the spider that crawls it.
"""

from __future__ import annotations

from muniwatch import constants as C
from spiders.discovery import DiscoverySpider
from spiders.listing import ListingSpider
from spiders.spgov import SpgovSpider

SPIDERS = {
    C.SOURCE_DISCOVERY: DiscoverySpider,
    C.SOURCE_LISTING: ListingSpider,
    C.SOURCE_SPGOV: SpgovSpider,
}
