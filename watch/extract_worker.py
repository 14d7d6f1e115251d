"""Child process of :func:`watch.extract.extract_file`: extract one file under a memory limit.

Run as ``python -m watch.extract_worker PATH --out RESULT.json --limits JSON [--content-type CT]``.
The parent started us in a new session (so it can kill us and our Tesseract children as a group).
We cap our own address space (``RLIMIT_AS``), switch off core dumps, extract, and write either
``{"ok": true, "extraction": {...}}`` or ``{"ok": false, "kind": ..., "message": ...}`` to RESULT
atomically. Anything we cannot write (a hard crash) the parent reads from our exit status and stderr.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import resource
import sys
from pathlib import Path

# Import the heavy libraries before the address-space limit: the limit is about the document,
# not about mapping PDFium and Pillow into the interpreter.
import pypdfium2  # noqa: F401
import PIL.Image  # noqa: F401

from watch import extract as ex


def _write(out: Path, payload: dict) -> None:
    tmp = out.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(payload, f, ensure_ascii=False)
    os.replace(tmp, out)


def _limit_memory(memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m watch.extract_worker")
    ap.add_argument("path")
    ap.add_argument("--out", required=True)
    ap.add_argument("--limits", required=True, help="Limits as JSON")
    ap.add_argument("--content-type", default=None)
    args = ap.parse_args(argv)
    out = Path(args.out)
    limits = ex.Limits(**json.loads(args.limits))
    from watch import turkish  # noqa: F401  (imported before the limit, like the libraries)

    _limit_memory(limits.memory_mb)
    try:
        result = ex.extract_path_inprocess(Path(args.path), args.content_type, limits)
        payload = {"ok": True, "extraction": result.to_dict()}
        del result
    except ex.ExtractionError as e:
        payload = {"ok": False, "kind": e.kind, "message": e.message}
    except MemoryError:
        payload = {"ok": False, "kind": "memory",
                   "message": f"extraction exceeded the {limits.memory_mb} MiB memory limit"}
    except OSError as e:
        if e.errno != errno.ENOMEM:
            payload = {"ok": False, "kind": "crashed", "message": f"{type(e).__name__}: {e}"}
        else:
            payload = {"ok": False, "kind": "memory", "message": f"extraction exceeded the "
                       f"{limits.memory_mb} MiB memory limit ({e.strerror})"}
    except Exception as e:  # isolation boundary: report any other failure as a crash, one line
        payload = {"ok": False, "kind": "crashed", "message": f"{type(e).__name__}: {e}"}
    try:
        _write(out, payload)
    except MemoryError:
        print("MemoryError while writing the extraction result", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
