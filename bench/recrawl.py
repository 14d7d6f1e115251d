"""Recrawl benchmark: what does crawling an unchanged web cost the second time?

Starts the bundled sample web, crawls it (epoch 1) into a temporary data folder, crawls it again
unchanged, and prints the second crawl's bytes as a share of the first, measured twice: by the
sample web's own counters (bytes it sent) and by ``crawl_runs.bytes_received`` (bytes our wire
middleware saw), plus the share of requests answered ``304 Not Modified``. Target: < 0.05.

    .venv/bin/python bench/recrawl.py [--delay 0] [--keep]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.run import run_crawl  # noqa: E402
from db.store import open_db  # noqa: E402
from muniwatch import settings as settings_mod  # noqa: E402
from muniwatch.registry import format_issues, load_registry_text  # noqa: E402
from muniwatch.sampleweb import TRUSTED_NETWORK, SampleWeb  # noqa: E402

TARGET = 0.05


def totals(stats: dict) -> dict[str, int]:
    return {k: sum(site[k] for site in stats["sites"].values()) for k in ("requests", "bytes", "not_modified")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.0, help="download_delay for the crawls (default 0)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    args = parser.parse_args(argv)

    data_dir = Path(tempfile.mkdtemp(prefix="muniwatch-recrawl-"))
    try:
        with SampleWeb(port=0, epoch=1, hang_seconds=10) as web:
            registry = load_registry_text(web.registry_yaml(), "sampleweb.yml")
            if registry.issues:
                print("registry issues (those entries are skipped):\n" + format_issues(registry.issues),
                      file=sys.stderr)
            settings = settings_mod.load(data_dir=str(data_dir), download_delay=args.delay,
                                         trusted_networks=TRUSTED_NETWORK, retry_times=0)
            web.expected_documents(1)  # render every document once, so timing is the crawl's
            results = []
            for label in ("first", "second (unchanged)"):
                web.reset_stats()
                started = time.monotonic()
                run_id = run_crawl(settings, registry)
                results.append((label, run_id, totals(web.stats()), time.monotonic() - started))
        db = open_db(settings.database)
        runs = {r["id"]: r for r in db.query("select * from crawl_runs")}
        db.close()
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)

    (_, run1, server1, secs1), (_, run2, server2, secs2) = results
    r1, r2 = runs[run1], runs[run2]
    report = {
        "first": {"server_requests": server1["requests"], "server_bytes": server1["bytes"],
                  "run_requests": r1["requests"], "run_bytes_received": r1["bytes_received"],
                  "seconds": round(secs1, 1)},
        "second": {"server_requests": server2["requests"], "server_bytes": server2["bytes"],
                   "server_304": server2["not_modified"], "run_requests": r2["requests"],
                   "run_bytes_received": r2["bytes_received"], "run_responses_304": r2["responses_304"],
                   "seconds": round(secs2, 1)},
        "bytes_ratio_server": round(server2["bytes"] / max(1, server1["bytes"]), 4),
        "bytes_ratio_crawl_runs": round(r2["bytes_received"] / max(1, r1["bytes_received"]), 4),
        "share_304_server": round(server2["not_modified"] / max(1, server2["requests"]), 3),
        "share_304_crawl_runs": round(r2["responses_304"] / max(1, r2["requests"]), 3),
        "target": TARGET,
    }
    print(json.dumps(report, indent=2))
    ok = report["bytes_ratio_server"] < TARGET and report["bytes_ratio_crawl_runs"] < TARGET
    print(("OK" if ok else "OVER TARGET") + f": second crawl = {report['bytes_ratio_server']:.2%} of the first's "
          f"bytes (server), {report['bytes_ratio_crawl_runs']:.2%} (crawl_runs); "
          f"{report['share_304_server']:.0%} of requests answered 304" + (f"; data kept in {data_dir}" if args.keep else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
