"""muniwatch: a scheduled scraper and change-watcher for Turkish municipal documents."""

__version__ = "0.1.0"
