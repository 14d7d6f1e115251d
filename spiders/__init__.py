"""Scrapy spiders: discovery, config-driven listings, sp.gov.tr."""
