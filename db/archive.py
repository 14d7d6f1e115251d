"""Content-addressed archive of original files: ``<root>/ab/cd/<sha256><ext>``.

Bytes are written once, atomically (temp file in the same folder, fsync, ``os.replace``), so a crash
never leaves a half-written file under a final name, and the same bytes fetched twice are stored once.
Paths are derived only from the hash and a whitelisted extension: nothing a site sends can choose
where a file lands.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

EXTENSIONS = {
    "application/pdf": ".pdf",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "text/plain": ".txt",
    "application/json": ".json",
}
_ALLOWED_SUFFIXES = set(EXTENSIONS.values())


class ArchiveError(Exception):
    """The archive could not store or find a file."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extension_for(content_type: str | None, filename: str | None = None) -> str:
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in EXTENSIONS:
        return EXTENSIONS[mime]
    suffix = Path(filename or "").suffix.lower()
    return suffix if suffix in _ALLOWED_SUFFIXES else ".bin"


class Archive:
    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)

    def relative_path(self, sha256: str, ext: str) -> str:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ArchiveError(f"not a sha256 hex digest: {sha256!r}")
        if ext not in _ALLOWED_SUFFIXES and ext != ".bin":
            raise ArchiveError(f"extension not allowed in the archive: {ext!r}")
        return f"{sha256[:2]}/{sha256[2:4]}/{sha256}{ext}"

    def path(self, relative: str) -> Path:
        full = (self.root / relative).resolve()
        if self.root.resolve() not in full.parents:
            raise ArchiveError(f"path outside the archive: {relative!r}")
        return full

    def store(self, data: bytes, content_type: str | None = None, filename: str | None = None) -> tuple[str, str]:
        """Store bytes; return (sha256, path relative to the archive root). Idempotent."""
        digest = sha256_hex(data)
        relative = self.relative_path(digest, extension_for(content_type, filename))
        final = self.root / relative
        if final.exists() and final.stat().st_size == len(data):
            return digest, relative
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=".tmp-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
        return digest, relative

    def read(self, relative: str) -> bytes:
        try:
            return self.path(relative).read_bytes()
        except FileNotFoundError as exc:
            raise ArchiveError(f"archived file missing: {relative}") from exc
