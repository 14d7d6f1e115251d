"""Publishing the archive with Datasette.

The metadata lives in ``datasette_meta.yml`` at the project root, written for a database named
``muniwatch``; :func:`metadata_for` re-keys it to the actual database file's name so ``--db
anything.db`` keeps every description, canned query and facet.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from muniwatch.settings import PROJECT_ROOT, Settings

META_PATH = PROJECT_ROOT / "datasette_meta.yml"
META_DATABASE = "muniwatch"


def load_metadata() -> dict:
    return yaml.safe_load(META_PATH.read_text(encoding="utf-8"))


def metadata_for(database_path: Path) -> dict:
    meta = load_metadata()
    name = Path(database_path).stem
    databases = meta.get("databases", {})
    if name != META_DATABASE and META_DATABASE in databases:
        databases[name] = databases.pop(META_DATABASE)
    return meta


def datasette_command(settings: Settings, host: str, port: int, metadata_file: Path) -> list[str]:
    return [sys.executable, "-m", "datasette", "serve", str(settings.database), "-m", str(metadata_file),
            "--host", host, "--port", str(port), "--setting", "truncate_cells_html", "300",
            "--setting", "facet_time_limit_ms", "500", "--setting", "sql_time_limit_ms", "5000"]


def start_datasette(settings: Settings, host: str, port: int) -> tuple[subprocess.Popen, Path]:
    """Start Datasette in a child process; the caller stops it (tests use this)."""
    tmp = Path(tempfile.mkdtemp(prefix="muniwatch-meta-")) / "metadata.yml"
    tmp.write_text(yaml.safe_dump(metadata_for(settings.database), allow_unicode=True, sort_keys=False),
                   encoding="utf-8")
    proc = subprocess.Popen(datasette_command(settings, host, port, tmp))
    return proc, tmp


def serve_datasette(settings: Settings, host: str, port: int) -> int:
    """Serve until interrupted."""
    proc, _ = start_datasette(settings, host, port)
    print(f"Datasette: http://{host}:{port}/  (Ctrl-C stops)", flush=True)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()
