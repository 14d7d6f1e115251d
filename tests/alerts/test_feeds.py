"""Atom feeds through a real Datasette (datasette-atom): per municipality, per category, per subscription."""

from __future__ import annotations

import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import quote

from tests.alerts.conftest import KRES_CUT, NOW
from tests.alerts_fixtures import add_change
from tests.helpers import running_datasette
from watch import alerts as A
from watch import calendar_rules as R
from watch import subscriptions as S

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(url: str) -> ET.Element:
    with urllib.request.urlopen(url, timeout=10) as resp:
        assert resp.status == 200 and resp.headers["content-type"].startswith("application/xml")
        root = ET.fromstring(resp.read())
    assert root.tag == f"{ATOM}feed"
    for child in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{child}") is not None, f"feed has no {child}"
    return root


def _entries(root: ET.Element) -> dict[str, ET.Element]:
    entries = {e.findtext(f"{ATOM}id"): e for e in root.findall(f"{ATOM}entry")}
    for entry in entries.values():
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}updated")
    return entries


def test_atom_feeds(db, alert_settings, changes):
    removed = add_change(db, **{**KRES_CUT, "kind": "removed", "code": "F1.3.4", "after_text": None,
                                "title": "Kadın kooperatiflerine destek", "categories": ["ekonomik_guclenme"],
                                "dedupe_key": "coop", "detected_at": "2026-01-10T10:00:00+00:00"})
    S.save(db, S.Subscription("altinkoru-akis", municipalities=["altinkoru"]), NOW)
    db.execute("update subscriptions set last_change_id = 0")
    db.conn.commit()
    R.record(db, [R.Occurrence("council_silence", "council_silence|altinkoru|2025-08", "altinkoru", None,
                               "meclis_kararlari", "2025-08", None,
                               {"months": 4, "explanation_tr": "4 tam aydır <yeni> karar yok.",
                                "explanation_en": "No new decisions for 4 months."})], NOW)
    A.queue_alerts(db, alert_settings, NOW)
    with running_datasette(alert_settings) as root:
        base = f"{root}/{alert_settings.database.stem}"

        municipality = _entries(_feed(f"{base}/belediye_akisi.atom?municipality=camliova"))
        assert sorted(municipality) == [f"tag:muniwatch,2026:change/{changes['kres']}",
                                        f"tag:muniwatch,2026:change/{removed}"]
        kres = municipality[f"tag:muniwatch,2026:change/{changes['kres']}"]
        assert kres.findtext(f"{ATOM}title") == ("Çamlıova Belediyesi · performans_programi 2026 · modified F1.3.1: "
                                                 "Mahalle kreşlerinin açılması ve işletilmesi")
        assert kres.find(f"{ATOM}link").get("href") == f"http://veri.example.org/muniwatch/changes/{changes['kres']}"
        content = kres.findtext(f"{ATOM}content")
        assert "3.200.000,00 TL" in content and "1.900.000,00 TL" in content and "<strong>Çamlıova Belediyesi</strong>" in content

        category = _entries(_feed(f"{base}/kategori_akisi.atom?category=siddet"))
        assert list(category) == [f"tag:muniwatch,2026:change/{changes['shelter']}"]

        subscription = _entries(_feed(f"{base}/abonelik_akisi.atom?subscription={quote('altinkoru-akis')}"))
        assert sorted(subscription) == ["tag:muniwatch,2026:change:shelter",
                                        "tag:muniwatch,2026:missing:council_silence|altinkoru|2025-08"]
        missing = subscription["tag:muniwatch,2026:missing:council_silence|altinkoru|2025-08"]
        assert "4 tam aydır &lt;yeni&gt; karar yok." in missing.findtext(f"{ATOM}content")

        empty = _entries(_feed(f"{base}/belediye_akisi.atom?municipality=hicbiri"))
        assert list(empty) == ["tag:muniwatch,2026:empty/municipality/hicbiri"]
