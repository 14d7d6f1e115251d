"""Scrapy settings, middlewares, pipelines and the one-process-per-crawl runner."""
