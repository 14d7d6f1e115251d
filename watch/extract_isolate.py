"""Isolated extraction, the parent's side: run ``watch.extract_worker`` in its own process group.

The child caps its address space (``RLIMIT_AS``) and enforces ``timeout_s`` itself, cleaning up its
Tesseract processes; the parent waits ``HARD_KILL_GRACE_S`` longer and then kills the whole group
(for a child stuck inside C code). After every run the group is killed again, so Tesseract
processes orphaned by a crashed child never outlive the call. A child that dies without writing its
JSON result is classified from its exit status and the tail of its stderr.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from watch.extract import Extraction, ExtractionError, Limits

# Seconds the parent waits past ``timeout_s`` before killing the worker's process group: the worker
# enforces ``timeout_s`` itself (and cleans up its Tesseract children); the kill is for a worker
# stuck inside C code.
HARD_KILL_GRACE_S = 3.0


def extract_isolated(path: Path, content_type: str | None, limits: Limits) -> Extraction:
    """Extract a file in a child process with a memory limit and a wall-clock timeout."""
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise ExtractionError("too_large", f"file is {size:,} bytes, limit is {limits.max_bytes:,}")
    if size == 0:
        raise ExtractionError("empty", "file is empty (0 bytes)")
    with tempfile.TemporaryDirectory(prefix="muniwatch-extract-") as tmp:
        out = Path(tmp) / "result.json"
        cmd = [sys.executable, "-m", "watch.extract_worker", str(path.resolve()), "--out", str(out),
               "--limits", json.dumps(dataclasses.asdict(limits))]
        if content_type:
            cmd += ["--content-type", content_type]
        status = run_worker(cmd, Path(tmp) / "stderr.txt", limits.timeout_s + HARD_KILL_GRACE_S)
        if status.timed_out:
            raise ExtractionError("timeout", f"extraction of {path.name} took longer than "
                                  f"{limits.timeout_s:g} s (worker killed)")
        if out.exists():
            result = json.loads(out.read_text(encoding="utf-8"))
            if result.get("ok"):
                return Extraction.from_dict(result["extraction"])
            raise ExtractionError(result["kind"], result["message"])
        raise _death_error(status, limits)


@dataclasses.dataclass
class WorkerStatus:
    returncode: int | None
    timed_out: bool
    stderr_tail: str


def run_worker(cmd: list[str], stderr_path: Path, hard_timeout: float) -> WorkerStatus:
    """Run ``cmd`` in a new session; kill its whole process group on timeout and after it exits.

    The group kill after a normal exit removes Tesseract processes orphaned by a crashed worker.
    """
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    with open(stderr_path, "wb") as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                env=env, start_new_session=True)
        timed_out = False
        try:
            proc.wait(timeout=hard_timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:  # also on KeyboardInterrupt in the parent: never leave the group behind
            _kill_group(proc.pid)
            proc.wait()
    tail = stderr_path.read_bytes()[-4000:].decode("utf-8", "replace")
    return WorkerStatus(proc.returncode, timed_out, tail)


def _kill_group(pgid: int) -> None:
    """SIGKILL every process in the group and wait (briefly) until none is left running."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return
    members = group_members(pgid)
    end = time.monotonic() + 2.0
    while members and time.monotonic() < end:  # signal delivery is asynchronous: usually < 1 ms
        time.sleep(0.005)
        members = [pid for pid in members if _running(pid)]


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def group_members(pgid: int) -> list[int]:
    """Pids of the live (non-zombie) processes in process group ``pgid`` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.append(int(entry))
    return found


_MEMORY_SIGNS = ("MemoryError", "bad_alloc", "Cannot allocate memory", "out of memory",
                 "Out of memory", "OutOfMemory", "failed to map segment")


def _death_error(status: WorkerStatus, limits: Limits) -> ExtractionError:
    """Turn a worker that died without writing a result into the right error kind."""
    rc = status.returncode
    last = next((ln.strip() for ln in reversed(status.stderr_tail.splitlines()) if ln.strip()), "")
    if any(s in status.stderr_tail for s in _MEMORY_SIGNS):
        return ExtractionError("memory", f"extraction exceeded the {limits.memory_mb} MiB memory limit"
                               f" (exit {rc}: {last[:200]})")
    if rc is not None and rc < 0:
        name = signal.Signals(-rc).name if -rc in signal.Signals._value2member_map_ else str(-rc)
        if -rc == signal.SIGKILL:  # not our kill (that is timed_out): the kernel's OOM killer
            return ExtractionError("memory", f"extraction process was killed ({name}), most likely "
                                   "out of memory")
        return ExtractionError("crashed", f"extraction process died with signal {name}"
                               + (f": {last[:200]}" if last else ""))
    return ExtractionError("crashed", f"extraction process exited with status {rc} without a result"
                           + (f": {last[:200]}" if last else ""))
