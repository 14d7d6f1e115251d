"""``python -m muniwatch.sampleweb``: serve the sample web until interrupted (for the demo and bench)."""

from __future__ import annotations

import argparse
import sys
import threading

from muniwatch import settings
from muniwatch.sampleweb.server import SampleWeb, SampleWebError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m muniwatch.sampleweb", description=__doc__)
    parser.add_argument("--port", type=int, default=None, help="port for every address (default: setting sampleweb_port; 0 = any free)")
    parser.add_argument("--epoch", type=int, default=1, choices=(1, 2))
    parser.add_argument("--hang-seconds", type=float, default=60.0)
    parser.add_argument("--print-registry", action="store_true", help="print the registry YAML and exit")
    args = parser.parse_args(argv)
    port = settings.load().sampleweb_port if args.port is None else args.port
    web = SampleWeb(port=port, epoch=args.epoch, hang_seconds=args.hang_seconds)
    try:
        web.start()
    except SampleWebError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.print_registry:
        print(web.registry_yaml(), end="")
        web.stop()
        return 0
    print(f"sample web on port {web.port} (epoch {web.epoch}): {web.url('camliova', '/')} ...; Ctrl-C to stop",
          flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        web.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
