"""Child process for test_robots_race: several requests wait on one host's robots.txt at once."""

import json
import sys

import scrapy
from scrapy.crawler import CrawlerProcess

url_base, middleware = sys.argv[1], sys.argv[2]
paths = ["/", "/iletisim/", "/arsiv-eski/x.pdf", "/arsiv-eski/y.pdf"]
seen: dict[str, str] = {}


class RaceSpider(scrapy.Spider):
    name = "race"

    async def start(self):
        for path in paths:
            yield scrapy.Request(url_base + path, callback=self.parse, errback=self.failed, dont_filter=True)

    def parse(self, response):
        seen[response.url] = f"fetched {response.status}"

    def failed(self, failure):
        seen[failure.request.url] = failure.value.__class__.__name__


middlewares = {} if middleware == "scrapy" else {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.SafeRobotsTxtMiddleware": 100,
}
process = CrawlerProcess({"ROBOTSTXT_OBEY": True, "LOG_LEVEL": "ERROR", "HTTPERROR_ALLOW_ALL": True,
                          "DOWNLOADER_MIDDLEWARES": middlewares, "TELNETCONSOLE_ENABLED": False})
process.crawl(RaceSpider)
process.start()
print(json.dumps(seen))
