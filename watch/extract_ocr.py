"""Tesseract OCR for pages without a text layer.

We call the ``tesseract`` CLI (no Python binding to install) with ``--psm 3`` and TSV output: the TSV
gives a confidence per word, and its block/paragraph/line numbers let us rebuild the text with line
and paragraph breaks. ``--psm 3`` (automatic page segmentation) was chosen over ``--psm 6`` (one
uniform block) on the Gebze 2025-05 scan: psm 6 read the QR code and stamps at the foot of each
decision as lines of garbage ("Ee El", "mma R BAE e") and dropped the page's mean confidence from
92 to 85, while psm 3 set them aside and kept the two-column signature blocks apart.

Each Tesseract process runs with ``OMP_THREAD_LIMIT=1``: on the 2-core machines its OpenMP threads
fought each other (1.6 s a page instead of 0.56 s), so parallelism comes from running
``Limits.ocr_workers`` single-threaded processes at once instead.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass

from watch.extract import Deadline, ExtractionError

PSM = 3
# What Leptonica/Tesseract print when an allocation fails (RLIMIT_AS is inherited from the worker).
_MEMORY_SIGNS = ("malloc fail", "bad_alloc", "Cannot allocate memory", "out of memory")


@dataclass
class OcrResult:
    text: str
    confidence: float | None  # mean word confidence 0-100; None when no words were found
    words: int


@functools.lru_cache(maxsize=None)
def tesseract_languages() -> frozenset[str]:
    """Installed Tesseract languages; raises ``unsupported`` when Tesseract is missing."""
    exe = shutil.which("tesseract")
    if not exe:
        raise ExtractionError("unsupported", "a page needs OCR but the tesseract program is not "
                              "installed (apt-get install tesseract-ocr tesseract-ocr-tur)")
    proc = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    langs = proc.stdout.splitlines()[1:]
    return frozenset(x.strip() for x in langs if x.strip())


def check_language(lang: str) -> None:
    missing = [x for x in lang.split("+") if x not in tesseract_languages()]
    if missing:
        raise ExtractionError("unsupported", f"Tesseract has no language data for {'+'.join(missing)}"
                              f" (apt-get install tesseract-ocr-{missing[0]})")


def ocr_image(pgm: bytes, *, lang: str, dpi: int, deadline: Deadline) -> OcrResult:
    """OCR one page image (PGM/PNG bytes); the call is killed when the shared deadline passes."""
    remaining = deadline.remaining()
    if remaining <= 0:
        deadline.check("OCR")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    cmd = ["tesseract", "stdin", "stdout", "-l", lang, "--psm", str(PSM), "--dpi", str(dpi), "tsv"]
    try:
        proc = subprocess.run(cmd, input=pgm, capture_output=True, timeout=remaining, env=env)
    except subprocess.TimeoutExpired:
        raise ExtractionError("timeout", f"OCR took longer than {deadline.seconds:g} s") from None
    if proc.returncode != 0:
        stderr = proc.stderr.decode("utf-8", "replace")
        if any(sign in stderr for sign in _MEMORY_SIGNS):
            raise ExtractionError("memory", "Tesseract ran out of memory on a page image of "
                                  f"{len(pgm) / 1e6:.0f} MB (it shares the extraction's memory limit)")
        err = stderr.strip().splitlines()
        raise OcrFailed(f"tesseract exited with status {proc.returncode}: {err[-1] if err else ''}")
    return parse_tsv(proc.stdout.decode("utf-8", "replace"))


class OcrFailed(Exception):
    """Tesseract failed on one page (recorded as a warning; the other pages go on)."""


def parse_tsv(tsv: str) -> OcrResult:
    """Rebuild text from Tesseract TSV: words joined by spaces, lines by newlines, blocks by a blank line."""
    lines: list[str] = []
    current: list[str] = []
    key = None
    confs: list[float] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        word = cols[11].strip()
        if not word:
            continue
        block, par, line = cols[2], cols[3], cols[4]
        if key is not None and (block, par, line) != key:
            lines.append(" ".join(current))
            if (block, par) != key[:2]:
                lines.append("")
            current = []
        key = (block, par, line)
        current.append(word)
        conf = float(cols[10])
        if conf >= 0:
            confs.append(conf)
    if current:
        lines.append(" ".join(current))
    confidence = round(sum(confs) / len(confs), 2) if confs else None
    return OcrResult("\n".join(lines), confidence, len(confs))
