"""The network guard's decisions (pure: names resolve through a fake resolver)."""

from __future__ import annotations

import pytest

from crawler.netguard import address_kind, is_refused, parse_networks

SAMPLE = "127.0.0.8/29"
DNS = {
    "www.ornek.bel.tr": ["93.184.216.34"],
    "intranet.ornek.local": ["10.0.0.5"],
    "sinsi.example": ["127.0.0.1"],
    "karisik.example": ["93.184.216.35", "192.168.1.10"],
    "v6.example": ["::ffff:127.0.0.1"],
    "metadata.example": ["169.254.169.254"],
}


def resolve(host: str) -> list[str]:
    return DNS.get(host, [])


def refused(source, target, trusted=SAMPLE):
    return is_refused(source, target, trusted, resolve=resolve)


PUBLIC = "https://www.ornek.bel.tr/"


@pytest.mark.parametrize("target,word", [
    ("http://127.0.0.1:8765/admin/secret", "loopback"),
    ("http://localhost.localdomain.invalid/", None),   # does not resolve: left to fail as unreachable
    ("http://sinsi.example/", "loopback"),              # a name that resolves to loopback
    ("http://10.1.2.3/", "private"),
    ("http://192.168.0.1/router", "private"),
    ("http://172.16.5.4/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://metadata.example/", "link-local"),
    ("http://224.0.0.1/", "multicast"),
    ("http://0.0.0.0:8080/", "unspecified"),
    ("http://[::1]/", "loopback"),
    ("http://v6.example/", "loopback"),                 # IPv4-mapped IPv6
    ("http://karisik.example/", "private"),             # any private address is enough
    ("http://240.0.0.1/", "reserved"),
    ("file:///etc/passwd", "scheme"),
    ("ftp://ftp.ornek.bel.tr/a.pdf", "scheme"),
    ("gopher://www.ornek.bel.tr/", "scheme"),
])
def test_public_source_cannot_reach_private(target, word):
    reason = refused(PUBLIC, target)
    if word is None:
        assert reason is None
    else:
        assert reason and word in reason, reason


@pytest.mark.parametrize("target", [
    "https://www.ornek.bel.tr/belgeler/plan.pdf",
    "http://93.184.216.34/a.pdf",
    "http://127.0.0.12:8765/stratejik-plan",       # a sample site: trusted networks count as public
    "http://127.0.0.15:8765/",
])
def test_public_targets_pass(target):
    assert refused(PUBLIC, target) is None


def test_sample_web_behaves_like_a_public_site():
    sample_site = "http://127.0.0.11:8765/"
    assert refused(sample_site, "http://127.0.0.13:8765/belgeler") is None
    assert "loopback" in refused(sample_site, "http://127.0.0.1:8765/admin/secret")
    assert "loopback" in refused(sample_site, "http://127.0.0.99/")   # outside 127.0.0.8/29
    # without the trusted network the sample site is itself "private", and may reach its neighbours
    assert refused(sample_site, "http://127.0.0.1:8765/admin/secret", trusted="") is None


def test_public_flag_and_intranet_source():
    assert "loopback" in refused(True, "http://127.0.0.1/")
    assert refused(False, "http://127.0.0.1/") is None                  # an intranet source
    assert "scheme" in refused(False, "file:///etc/passwd")
    assert refused("http://intranet.ornek.local/", "http://10.0.0.9/belge.pdf") is None
    assert "private" in refused(PUBLIC, "http://10.0.0.9/belge.pdf")


def test_registry_trusted_source_is_guarded_like_a_public_one():
    """A ``trusted: true`` source may live on loopback; its host joins the trusted networks (no exemption)."""
    from crawler.middlewares import source_networks
    from muniwatch.registry import Source
    src = Source("ornek", "ornek", "discovery", ["http://127.0.0.11:8765/"], allowed_domains=["127.0.0.11"],
                 trusted=True)
    nets = source_networks(src, "", resolve)
    assert refused(src.start_urls[0], "http://127.0.0.11:8765/belge.pdf", nets) is None
    assert "loopback" in refused(src.start_urls[0], "http://127.0.0.1:8765/admin/secret", nets)
    untrusted = Source("ornek", "ornek", "discovery", ["http://127.0.0.11:8765/"], allowed_domains=["127.0.0.11"])
    assert source_networks(untrusted, "", resolve) == ()


def test_parse_networks():
    nets = parse_networks(" 127.0.0.8/29, 10.1.0.0/16 ,")
    assert [str(n) for n in nets] == ["127.0.0.8/29", "10.1.0.0/16"]
    assert parse_networks("") == ()
    with pytest.raises(ValueError, match="not a network"):
        parse_networks("127.0.0.300/8")
    import ipaddress
    assert address_kind(ipaddress.ip_address("127.0.0.9"), nets) is None
    assert address_kind(ipaddress.ip_address("127.0.0.16"), nets) == "loopback"
