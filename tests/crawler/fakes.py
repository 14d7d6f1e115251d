"""Tiny stand-ins for Scrapy objects the crawler's components call (no crawler needed)."""

from __future__ import annotations


class Stats(dict):
    """The two calls our pipelines and middlewares make on Scrapy's stats collector."""

    def inc_value(self, key, count=1):
        self[key] = self.get(key, 0) + count

    def get_value(self, key):
        return self.get(key)
