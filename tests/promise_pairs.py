"""Plan / programme pairs with known answers, for the promise matcher's precision and recall.

Two sources: the sample corpus (every municipality, both programme years, both epochs, and the
activity report: the designed changes included), built from the truth objects in
``muniwatch.sampleweb.corpus``; and hand-written pairs where the wording changed between the plan
and the programme: synonyms, reordering, abbreviations ("Md." / "Müdürlüğü", "YEEP", "SYDV"),
suffix changes, renumbering after a plan revision, and traps (twin indicators for women and men,
two nurseries in two neighbourhoods, a centre replaced by a hotline) where a naive matcher pairs
things that are not the same promise. All text is ours (fictional municipalities).

A case is (name, plan items, programme items, truth): truth maps a plan code to the programme code
it is, or None when the programme does not have it.
"""

from __future__ import annotations

import dataclasses
import re

from muniwatch import constants as C
from muniwatch.sampleweb import corpus
from watch.promise_match import Item

F, H, G, A = C.SEG_ACTIVITY, C.SEG_OBJECTIVE, C.SEG_INDICATOR, C.SEG_GOAL


@dataclasses.dataclass
class Case:
    name: str
    plan: list[Item]
    other: list[Item]
    truth: dict[str, str | None]
    handwritten: bool = True


def _key(code: str) -> str:
    m = re.search(r"\d+(?:\.\d+)*", code)
    return m.group(0) if m else code


def _items(rows: list[tuple[str, str, str]]) -> list[Item]:
    out = []
    for kind, code, title in rows:
        key = _key(code)
        parent = key.rsplit(".", 1)[0] if "." in key else None
        out.append(Item(kind, key, code, title, parent, ref=code))
    return out


def case(name: str, plan: list[tuple[str, str, str]], other: list[tuple[str, str, str]],
         truth: dict[str, str | None]) -> Case:
    plan_items = _items(plan)
    missing = {i.code for i in plan_items} ^ set(truth)
    if missing:
        raise ValueError(f"{name}: truth and plan disagree on {sorted(missing)}")
    return Case(name, plan_items, _items(other), truth)


HANDWRITTEN = [
    case("eş anlamlılar ve sıra / synonyms and reordering", [
        (H, "H1.1", "Kadına yönelik şiddetin önlenmesi için destek hizmetlerini güçlendirmek"),
        (F, "F1.1.1", "Kadın konukevinin inşası ve donatılması"),
        (F, "F1.1.2", "Şiddet önleme konusunda farkındalık seminerleri"),
        (F, "F1.1.3", "Kadın danışma merkezinin işletilmesi"),
        (G, "PG1.1.1", "Danışma merkezine başvuran kadın sayısı"),
        (H, "H1.2", "Çocuk bakım hizmetlerini yaygınlaştırmak"),
        (F, "F1.2.1", "Mahalle kreşlerinin açılması ve işletilmesi"),
        (F, "F1.2.2", "Yaşlılara evde bakım hizmeti verilmesi"),
        (G, "PG1.2.1", "Kreşlerden yararlanan çocuk sayısı"),
    ], [
        (H, "PH1.1", "Kadına yönelik şiddeti önlemeye dönük destek hizmetlerinin güçlendirilmesi"),
        (F, "F1.1.1", "Kadın konukevi binasının yapımı ve donatılması"),
        (F, "F1.1.2", "Şiddetin önlenmesine yönelik bilinçlendirme seminerleri"),
        (F, "F1.1.3", "Kadın Danışma Merkezi hizmetlerinin yürütülmesi"),
        (G, "PG1.1.1", "Danışma merkezine başvuran kadınların sayısı"),
        (H, "PH1.2", "Çocuk bakım hizmetlerinin yaygınlaştırılması"),
        (F, "F1.2.1", "Kreşlerin mahallelerde açılması ve işletilmesi"),
        (F, "F1.2.2", "Evde yaşlı bakım hizmetinin sunulması"),
        (G, "PG1.2.1", "Kreş hizmetinden yararlanan çocuk sayısı"),
    ], {"H1.1": "PH1.1", "F1.1.1": "F1.1.1", "F1.1.2": "F1.1.2", "F1.1.3": "F1.1.3", "PG1.1.1": "PG1.1.1",
        "H1.2": "PH1.2", "F1.2.1": "F1.2.1", "F1.2.2": "F1.2.2", "PG1.2.1": "PG1.2.1"}),

    case("plan güncellemesi numaraları kaydırdı / a revision renumbered", [
        (H, "H2.1", "Kadınların istihdamını artırmak"),
        (F, "F2.1.1", "Kadın kooperatiflerine satış noktası tahsisi"),
        (F, "F2.1.2", "Meslek edindirme kurslarının düzenlenmesi"),
        (F, "F2.1.3", "Kadın girişimcilere mentorluk programı"),
        (G, "PG2.1.1", "Kurs bitiren kadın sayısı"),
        (G, "PG2.1.2", "Kurs bitiren erkek sayısı"),
    ], [
        (H, "H2.1", "Kadınların istihdamını artırmak"),
        (F, "F2.1.1", "Meslek edindirme kurslarının düzenlenmesi"),
        (F, "F2.1.2", "Kadın girişimcilere yönelik mentorluk programı"),
        (G, "PG2.1.1", "Kurs bitiren kadın sayısı"),
    ], {"H2.1": "H2.1", "F2.1.1": None, "F2.1.2": "F2.1.1", "F2.1.3": "F2.1.2", "PG2.1.1": "PG2.1.1",
        "PG2.1.2": None}),

    case("kısaltmalar / abbreviations", [
        (H, "H3.1", "Kadın ve Aile Hizmetleri Müdürlüğünün hizmet kapasitesini geliştirmek"),
        (F, "F3.1.1", "Kadın ve Aile Hizmetleri Müdürlüğü personeline toplumsal cinsiyet eğitimi"),
        (F, "F3.1.2", "Zabıta Müdürlüğü ile ortak gece denetimleri"),
        (F, "F3.1.3", "Yerel Eşitlik Eylem Planının hazırlanması"),
        (F, "F3.1.4", "Sosyal Yardımlaşma ve Dayanışma Vakfı ile ortak gıda yardımı"),
        (F, "F3.1.5", "Kent Konseyi Kadın Meclisi toplantılarının desteklenmesi"),
    ], [
        (H, "H3.1", "Kadın ve Aile Hiz. Md. hizmet kapasitesinin geliştirilmesi"),
        (F, "F3.1.1", "Kadın ve Aile Hiz. Md. personeline toplumsal cinsiyet eğitimleri"),
        (F, "F3.1.2", "Zabıta Md. ile ortak gece denetimi"),
        (F, "F3.1.3", "YEEP hazırlık çalışmaları"),
        (F, "F3.1.4", "SYDV ile ortak gıda yardımı"),
        (F, "F3.1.5", "KKKM toplantılarına destek"),
    ], {"H3.1": "H3.1", "F3.1.1": "F3.1.1", "F3.1.2": "F3.1.2", "F3.1.3": "F3.1.3", "F3.1.4": "F3.1.4",
        "F3.1.5": "F3.1.5"}),

    case("ekler değişti, kodlar farklı / suffixes changed, other codes", [
        (A, "A4", "Güvenli ve yaşanabilir bir kent"),
        (H, "H4.1", "Parkları güvenli hale getirmek"),
        (F, "F4.1.1", "Parklara aydınlatma ve acil çağrı butonu kurulması"),
        (F, "F4.1.2", "Park ve oyun gruplarının bakım onarımı"),
        (G, "PG4.1.1", "Güvenlik aydınlatması denetlenen park sayısı"),
        (H, "H4.2", "Toplu ulaşımı kadınlar için güvenli kılmak"),
        (F, "F4.2.1", "Durakların aydınlatılması"),
        (F, "F4.2.2", "Gece otobüslerinde istek durak uygulaması"),
    ], [
        (A, "A7", "Güvenli ve yaşanabilir bir kent"),
        (H, "H7.2", "Parkların güvenli hale getirilmesi"),
        (F, "F7.2.1", "Parkların ve oyun gruplarının bakım ve onarımı"),
        (F, "F7.2.2", "Park aydınlatmalarının ve acil çağrı butonlarının kurulumu"),
        (G, "PG7.2.1", "Güvenlik aydınlatması denetimi yapılan parkların sayısı"),
        (H, "H7.1", "Toplu ulaşımın kadınlar için güvenli kılınması"),
        (F, "F7.1.1", "Gece otobüslerinde istek durak uygulaması"),
        (F, "F7.1.2", "Otobüs duraklarının aydınlatılması"),
    ], {"A4": "A7", "H4.1": "H7.2", "F4.1.1": "F7.2.2", "F4.1.2": "F7.2.1", "PG4.1.1": "PG7.2.1",
        "H4.2": "H7.1", "F4.2.1": "F7.1.2", "F4.2.2": "F7.1.1"}),

    case("benzer ama başka / alike but not the same", [
        (H, "H5.1", "Kırsal mahallelerde sosyal hizmetlere erişimi artırmak"),
        (F, "F5.1.1", "Çınarlı Mahallesi gündüz bakımevi yapımı"),
        (F, "F5.1.2", "Karşıyaka Mahallesi gündüz bakımevi yapımı"),
        (F, "F5.1.3", "Gezici sağlık taraması"),
        (G, "PG5.1.1", "Gündüz bakımevinden yararlanan kadın sayısı"),
        (G, "PG5.1.2", "Gündüz bakımevinden yararlanan erkek sayısı"),
        (F, "F5.1.4", "Kadın danışma merkezinin işletilmesi"),
    ], [
        (H, "H5.1", "Kırsal mahallelerde sosyal hizmetlere erişimi artırmak"),
        (F, "F5.1.1", "Karşıyaka Mahallesi gündüz bakımevi yapımı"),
        (F, "F5.1.2", "Gezici sağlık taraması"),
        (G, "PG5.1.1", "Gündüz bakımevinden yararlanan erkek sayısı"),
        (F, "F5.1.3", "Kadın danışma hattının kurulması"),
    ], {"H5.1": "H5.1", "F5.1.1": None, "F5.1.2": "F5.1.1", "F5.1.3": "F5.1.2", "PG5.1.1": None,
        "PG5.1.2": "PG5.1.1", "F5.1.4": None}),

    case("etaplar ve yıllar / phases and numbers", [
        (H, "H6.1", "Kreş kapasitesini artırmak"),
        (F, "F6.1.1", "Kreş binası yapımı 1. etap"),
        (F, "F6.1.2", "Kreş binası yapımı 2. etap"),
        (G, "PG6.1.1", "Kreşlerdeki toplam çocuk kapasitesi"),
    ], [
        (H, "H6.1", "Kreş kapasitesinin artırılması"),
        (F, "F6.1.1", "Kreş binası yapımı 2. etap"),
        (G, "PG6.1.1", "Kreşlerdeki toplam çocuk kapasitesi"),
    ], {"H6.1": "H6.1", "F6.1.1": None, "F6.1.2": "F6.1.1", "PG6.1.1": "PG6.1.1"}),

    case("hedefler yeniden gruplandı / objectives regrouped", [
        (H, "H1.1", "Kadınların karar alma süreçlerine katılımını artırmak"),
        (F, "F1.1.1", "Mahalle meclislerinde kadın kotası uygulaması"),
        (F, "F1.1.2", "Kadın meclisi üyelerine liderlik eğitimi"),
        (H, "H1.2", "Eşitlik mekanizmalarını kurumsallaştırmak"),
        (F, "F1.2.1", "Eşitlik biriminin kurulması"),
        (F, "F1.2.2", "Toplumsal cinsiyete duyarlı bütçeleme pilot uygulaması"),
    ], [
        (H, "H2.1", "Eşitlik mekanizmalarının kurumsallaştırılması"),
        (F, "F2.1.1", "Eşitlik Biriminin oluşturulması"),
        (F, "F2.1.2", "Toplumsal cinsiyete duyarlı bütçeleme için pilot uygulama"),
        (F, "F2.1.3", "Kadın meclisi üyelerine yönelik liderlik eğitimleri"),
        (H, "H2.2", "Kadınların karar alma süreçlerine katılımının artırılması"),
        (F, "F2.2.1", "Mahalle meclislerinde kadın kotasının uygulanması"),
    ], {"H1.1": "H2.2", "F1.1.1": "F2.2.1", "F1.1.2": "F2.1.3", "H1.2": "H2.1", "F1.2.1": "F2.1.1",
        "F1.2.2": "F2.1.2"}),

    case("büyük harfli program / a programme in capitals", [
        (H, "HEDEF 3.2", "Engelli bireylerin kent yaşamına katılımını artırmak"),
        (F, "FAALİYET 3.2.1", "Engelli bireylere ulaşım desteği"),
        (F, "FAALİYET 3.2.2", "Engelli çocukların ailelerine yönelik danışmanlık"),
        (G, "PERFORMANS 3.2.1", "Ulaşım desteği verilen engelli kadın ve erkek sayısı"),
    ], [
        (H, "PH3.2", "ENGELLİ BİREYLERİN KENT YAŞAMINA KATILIMININ ARTIRILMASI"),
        (F, "F3.2.1", "ENGELLİ BİREYLERİN ULAŞIMINA DESTEK"),
        (F, "F3.2.2", "ENGELLİ ÇOCUĞU OLAN AİLELERE DANIŞMANLIK HİZMETİ"),
        (G, "PG3.2.1", "ULAŞIM DESTEĞİ VERİLEN ENGELLİ KADIN VE ERKEK SAYISI"),
    ], {"HEDEF 3.2": "PH3.2", "FAALİYET 3.2.1": "F3.2.1", "FAALİYET 3.2.2": "F3.2.2",
        "PERFORMANS 3.2.1": "PG3.2.1"}),
]


#: Written after the matcher's thresholds were set and never tuned against (a check on overfitting).
BLIND = [
    case("kültür etkinlikleri ve özel günler / events and days", [
        (H, "H2.3", "Kültür ve sanat etkinliklerine katılımı artırmak"),
        (F, "F2.3.1", "Kadın kültür festivali düzenlenmesi"),
        (F, "F2.3.2", "Mahallelerde açık hava sinema gösterimleri"),
        (F, "F2.3.3", "8 Mart Dünya Kadınlar Günü etkinlikleri"),
        (F, "F2.3.4", "25 Kasım Kadına Yönelik Şiddete Karşı Uluslararası Mücadele Günü etkinlikleri"),
        (G, "PG2.3.1", "Etkinliklere katılan kadın sayısı"),
    ], [
        (H, "PH2.3", "Kültür-sanat etkinliklerine katılımın artırılması"),
        (F, "F2.3.1", "Açık hava sinema gösterimlerinin mahallelerde yapılması"),
        (F, "F2.3.2", "Dünya Kadınlar Günü (8 Mart) etkinlikleri"),
        (F, "F2.3.3", "25 Kasım etkinlikleri"),
        (G, "PG2.3.1", "Kültür etkinliklerine katılan kadınların sayısı"),
    ], {"H2.3": "PH2.3", "F2.3.1": None, "F2.3.2": "F2.3.1", "F2.3.3": "F2.3.2", "F2.3.4": "F2.3.3",
        "PG2.3.1": "PG2.3.1"}),

    case("sosyal destek, başka numaralar / social support, other numbers", [
        (H, "H1.4", "Dezavantajlı gruplara sosyal destek sağlamak"),
        (F, "F1.4.1", "Tek ebeveynli ailelere nakdi yardım"),
        (F, "F1.4.2", "Engelli bireylere tekerlekli sandalye dağıtımı"),
        (F, "F1.4.3", "Öğrencilere kırtasiye yardımı"),
        (G, "PG1.4.1", "Nakdi yardım alan tek ebeveynli aile sayısı"),
        (G, "PG1.4.2", "Kırtasiye yardımı alan kız öğrenci sayısı"),
        (G, "PG1.4.3", "Kırtasiye yardımı alan erkek öğrenci sayısı"),
    ], [
        (H, "PH5.1", "Dezavantajlı gruplara sosyal destek sağlanması"),
        (F, "F5.1.1", "Engelli bireylere akülü ve tekerlekli sandalye dağıtılması"),
        (F, "F5.1.2", "Tek ebeveynli ailelere yapılan nakdi yardımlar"),
        (G, "PG5.1.1", "Nakdi yardımdan yararlanan tek ebeveynli aile sayısı"),
        (G, "PG5.1.2", "Kırtasiye yardımı alan erkek öğrenci sayısı"),
        (G, "PG5.1.3", "Kırtasiye yardımı alan kız öğrenci sayısı"),
    ], {"H1.4": "PH5.1", "F1.4.1": "F5.1.2", "F1.4.2": "F5.1.1", "F1.4.3": None, "PG1.4.1": "PG5.1.1",
        "PG1.4.2": "PG5.1.3", "PG1.4.3": "PG5.1.2"}),

    case("kadın emeği / women's work", [
        (H, "H2.2", "Kadın emeğini görünür kılmak"),
        (F, "F2.2.1", "Kadın üretici pazarının kurulması"),
        (F, "F2.2.2", "Kadın kooperatiflerinin ürünleri için e-ticaret sitesi"),
        (F, "F2.2.3", "Kooperatif üyelerine muhasebe eğitimi"),
    ], [
        (H, "H2.2", "Kadın emeğinin görünür kılınması"),
        (F, "F2.2.1", "Kadın üreticiler pazarı açılması"),
        (F, "F2.2.2", "Kooperatif ürünleri için internet satış sitesi kurulması"),
        (F, "F2.2.3", "Kooperatiflere muhasebe ve pazarlama eğitimleri"),
    ], {"H2.2": "H2.2", "F2.2.1": "F2.2.1", "F2.2.2": "F2.2.2", "F2.2.3": "F2.2.3"}),

    case("hedefler yer değiştirdi, düz numaralar / objectives moved, flat numbers", [
        (H, "H3.1", "Sokak hayvanlarının bakımını iyileştirmek"),
        (F, "F3.1.1", "Geçici hayvan bakımevi yapımı"),
        (H, "H3.2", "Kadınların spor olanaklarını artırmak"),
        (F, "F3.2.1", "Kadınlara özel spor salonu saatleri"),
        (F, "F3.2.2", "Parklarda kadınlara yönelik ücretsiz pilates kursları"),
    ], [
        (H, "PH1", "Kadınların spor yapma olanaklarının artırılması"),
        (F, "F1.1", "Spor salonlarında kadınlara ayrılmış saatler"),
        (F, "F1.2", "Parklarda ücretsiz pilates kursu (kadınlar)"),
        (H, "PH2", "Sokak hayvanları bakımının iyileştirilmesi"),
        (F, "F2.1", "Geçici hayvan bakımevi inşaatı"),
    ], {"H3.1": "PH2", "F3.1.1": "F2.1", "H3.2": "PH1", "F3.2.1": "F1.1", "F3.2.2": "F1.2"}),

    case("çıkarılanlar ve komşuları / dropped items and their neighbours", [
        (H, "H4.3", "Kadınların kentte güvenle dolaşmasını sağlamak"),
        (F, "F4.3.1", "Kadın dostu kent güvenlik yürüyüşleri"),
        (F, "F4.3.2", "Alt geçitlerin aydınlatılması"),
        (F, "F4.3.3", "Üst geçitlere güvenlik kamerası konulması"),
        (F, "F4.3.4", "Taksi duraklarına acil çağrı butonu"),
        (G, "PG4.3.1", "Güvenlik yürüyüşü yapılan mahalle sayısı"),
        (G, "PG4.3.2", "Aydınlatılan alt geçit sayısı"),
    ], [
        (H, "PH4.3", "Kadınların kentte güvenle dolaşmasının sağlanması"),
        (F, "F4.3.1", "Alt geçitlerin aydınlatılması işi"),
        (F, "F4.3.2", "Taksi durakları için acil çağrı butonu"),
        (F, "F4.3.3", "Otobüs duraklarına bilgi ekranı konulması"),
        (G, "PG4.3.1", "Aydınlatılan alt geçitlerin sayısı"),
    ], {"H4.3": "PH4.3", "F4.3.1": None, "F4.3.2": "F4.3.1", "F4.3.3": None, "F4.3.4": "F4.3.2",
        "PG4.3.1": None, "PG4.3.2": "PG4.3.1"}),
]


# --------------------------------------------------------------------------------- sample corpus

def _plan_items(plan) -> list[Item]:
    out = []
    for g in plan.goals:
        out.append(Item(A, g.key, g.code, g.title, None, ref=g.code))
        for o in g.objectives:
            out.append(Item(H, o.key, o.code, o.title, o.parent_key, ref=o.code))
            out += [Item(G, i.key, i.code, i.name, o.key, ref=i.code) for i in o.indicators]
            out += [Item(F, a.key, a.code, a.name, o.key, ref=a.code) for a in o.activities]
    return out


def _programme_items(prog, *, report: bool) -> list[Item]:
    """What the programme (or the report) prints: see ``sampleweb.text.programme_blocks``."""
    with_acts = {pa.objective_key for pa in prog.activities}
    out = []
    for o in prog.objectives:
        if not report and o.key not in with_acts:
            continue
        out.append(Item(H, o.key, o.code, o.title, o.parent_key, ref=o.code))
        out += [Item(G, i.key, i.code, i.name, o.key, ref=i.code) for i in o.indicators]
        acts = o.activities if report else [pa.activity for pa in prog.activities if pa.objective_key == o.key]
        out += [Item(F, a.key, a.code, a.name, o.key, ref=a.code) for a in acts]
    return out


def sample_cases() -> list[Case]:
    """Each sample plan against each programme and the activity report, per epoch: a plan item is the
    programme item with its key when the programme prints it (codes are the municipality's style)."""
    cases = []
    for mid in corpus.MUNICIPALITIES:
        for epoch in (1, 2):
            plan_items = [i for i in _plan_items(corpus.plan(mid, epoch)) if i.kind != A]
            docs = [(f"{mid} {y} programme e{epoch}", corpus.programme(mid, y, epoch), False)
                    for y in corpus.PROGRAMME_YEARS]
            docs.append((f"{mid} {corpus.REPORT_YEAR} report e{epoch}", corpus.activity_report(mid), True))
            for name, prog, report in docs:
                other = _programme_items(prog, report=report)
                by_key = {(o.kind, o.key): o.code for o in other}
                truth = {p.code: by_key.get((p.kind, p.key)) for p in plan_items}
                cases.append(Case(name, plan_items, other, truth, handwritten=False))
    return cases
