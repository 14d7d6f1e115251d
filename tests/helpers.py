"""Helpers several test modules share: a hand-written PDF and a running Datasette."""

from __future__ import annotations

import io
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from muniwatch.publish import start_datasette
from muniwatch.settings import Settings
from tests.conftest import free_port


def http_get(url: str, timeout: float = 10.0):
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.status, resp.headers, resp.read()


def wait_until_up(url: str, proc, deadline_s: float = 30.0) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"datasette exited with {proc.returncode}")
        try:
            http_get(url, timeout=2)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"datasette did not answer {url} within {deadline_s:.0f} s")


@contextmanager
def running_datasette(settings: Settings) -> Iterator[str]:
    """A real Datasette over ``settings.database`` on a free loopback port; yields its base URL."""
    port = free_port()
    proc, _ = start_datasette(settings, "127.0.0.1", port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/-/versions.json", proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def raw_pdf(pages: list[tuple[str, bytes | None, dict]], size=(595, 842)) -> bytes:
    """A minimal PDF written by hand: a text line per page and optionally one image (no encoding cost)."""
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page_objs = []
    for text, stream, info in pages:
        res = f"/Font << /F1 {font} 0 R >>".encode()
        draw = b""
        if stream is not None:
            entries = " ".join(f"/{k} {v}" for k, v in info.items()).encode()
            img = add(b"<< /Type /XObject /Subtype /Image " + entries + b" /Length "
                      + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
            res += f" /XObject << /Im1 {img} 0 R >>".encode()
            draw = f"q {size[0]} 0 0 {size[1]} 0 0 cm /Im1 Do Q\n".encode()
        content = draw + f"BT /F1 11 Tf 40 40 Td ({text}) Tj ET".encode()
        page_objs.append((add(b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content
                              + b"\nendstream"), res))
    pages_id = len(objs) + len(page_objs) + 1
    kids = [add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {size[0]} {size[1]}] "
                f"/Contents {cont} 0 R /Resources << ".encode() + res + b" >> >>") for cont, res in page_objs]
    add(f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode())
    catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    out.writelines(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
