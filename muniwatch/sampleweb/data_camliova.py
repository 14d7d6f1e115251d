"""Çamlıova Belediyesi (fictional, Ankara): the gender-rich plan of the sample web.

Its plan has a goal on equality, sex-split indicators, a women's counselling centre, a shelter
(konukevi) and nurseries (kreş). The revision ("Güncelleme 1", epoch 2) adds an objective on a
local equality action plan (YEEP). All text written for this project.
"""

from __future__ import annotations

from datetime import date

from muniwatch.sampleweb.model import CodeStyle, Municipality, Plan
from muniwatch.sampleweb.plans import act, build_plan, goal, ind, obj

MUNI = Municipality(
    id="camliova", name="Çamlıova Belediyesi", short="Çamlıova", province="Ankara", kind="ilçe",
    equality_unit="Eşitlik Birimi (Kadın ve Aile Hizmetleri Müdürlüğü)", mayor="Derya Akman",
    population=184_320, women_share="%50,6",
)

STYLE = CodeStyle(goal="Amaç {n}", objective="Hedef {g}.{o}", indicator="PG{g}.{o}.{i}",
                  activity="F{g}.{o}.{i}")

KAD = "Kadın ve Aile Hizmetleri Müdürlüğü"
SOS = "Sosyal Destek Hizmetleri Müdürlüğü"
FEN = "Fen İşleri Müdürlüğü"
PARK = "Park ve Bahçeler Müdürlüğü"
STR = "Strateji Geliştirme Müdürlüğü"
IK = "İnsan Kaynakları ve Eğitim Müdürlüğü"
KUL = "Kültür ve Sosyal İşler Müdürlüğü"

# Activity keys the designed changes refer to (see changes.py).
COUNSELLING_KEY = "1.1.1"
NURSERY_KEY = "1.3.1"
NURSERY_2026_CUT = 1_900_000.0

INTRO = (
    "Çamlıova, Ankara'nın batı aksında hızla büyüyen bir ilçedir. 2024 yılı adrese dayalı nüfus "
    "kayıtlarına göre ilçede 184.320 kişi yaşamaktadır; bunların 93.266'sı kadın, 91.054'ü erkektir "
    "(kadınların payı %50,6).",
    "Durum analizi çalışmalarında hizmet verileri mümkün olan her yerde cinsiyete göre ayrıştırılmıştır. "
    "Meslek kurslarına katılanların yüzde altmışı kadın iken, mahalle istişare toplantılarına katılanların "
    "yalnızca üçte biri kadındır. Çalışan annelerin en sık dile getirdiği ihtiyaç, mahalleye yakın ve "
    "uygun fiyatlı kreş hizmetidir.",
    "Plan hazırlık sürecinde muhtarlar, meslek odaları, Kent Konseyi Kadın Meclisi ve ilçede çalışan "
    "kadın dernekleriyle ayrı ayrı çalıştaylar düzenlenmiştir.",
)

STAKEHOLDERS = (
    "Kent Konseyi Kadın Meclisi", "Çamlıova Kadın Dayanışma Derneği", "Mahalle muhtarlıkları",
    "İlçe Milli Eğitim Müdürlüğü", "Esnaf ve Sanatkârlar Odası", "Çamlıova Gençlik Merkezi",
)


def _goals(revised: bool) -> list:
    equality = [
        obj("Kadına yönelik şiddetle mücadelede destek mekanizmalarını güçlendirmek", KAD,
            (SOS, "Hukuk İşleri Müdürlüğü", "Zabıta Müdürlüğü"),
            [ind("Kadın danışma merkezine başvuran kadın sayısı", "kişi", 0,
                 (350, 450, 550, 600, 650), 372, sex="kadın", theme="siddet"),
             ind("Konukevinde barınma hizmeti alan kadın ve çocuk sayısı", "kişi", 0,
                 (0, 40, 60, 80, 80), 0, theme="siddet")],
            [act("Kadın danışma merkezinin kurulması ve işletilmesi", "Proje",
                 (925_000, 950_000, 980_000, 1_010_000, 1_040_000), 905_400, "Tamamlandı",
                 theme="siddet"),
             act("Kadın konukevi binasının yapımı ve donatılması", "Proje",
                 (2_500_000, 4_000_000, 500_000, 0, 0), 2_310_000, "Devam Ediyor",
                 theme="siddet", directorate=FEN)],
            theme="siddet",
            risks="Nitelikli sosyal çalışmacı bulunamaması; konukevi inşaatında gecikme.",
            findings="İlçede şiddete uğrayan kadınların başvurabileceği yerel bir birim bulunmamaktadır.",
            needs="Psikolog ve sosyal çalışmacı istihdamı; gizlilik esaslı başvuru sistemi."),
        obj("Kadınların ekonomik hayata katılımını artırmak", KAD,
            (KUL, "Kent Konseyi Kadın Meclisi"),
            [ind("Meslek edindirme kurslarına katılan kadın sayısı", "kişi", 640,
                 (700, 760, 820, 880, 940), 731, sex="kadın", theme="istihdam"),
             ind("Meslek edindirme kurslarına katılan erkek sayısı", "kişi", 410,
                 (420, 430, 440, 450, 460), 402, sex="erkek"),
             ind("Kadın kooperatiflerine tahsis edilen satış noktası sayısı", "adet", 2,
                 (3, 4, 5, 6, 6), 3, theme="istihdam")],
            [act("Beceri kazandırma ve meslek edindirme kursları", "Faaliyet",
                 (1_150_000, 1_200_000, 1_260_000, 1_320_000, 1_380_000), 1_098_750, "Tamamlandı",
                 theme="istihdam", directorate=KUL),
             act("Kadın üretici pazarının kurulması", "Proje",
                 (600_000, 350_000, 150_000, 150_000, 150_000), 575_000, "Tamamlandı",
                 theme="istihdam")],
            theme="istihdam",
            findings="Kurs bitiren kadınların ürünlerini satabilecekleri kalıcı bir alan yoktur."),
        obj("Çocuk bakım hizmetlerini yaygınlaştırarak bakım yükünü hafifletmek", KAD,
            (FEN, "İmar ve Şehircilik Müdürlüğü", "Emlak ve İstimlak Müdürlüğü"),
            [ind("Belediye kreşlerinde hizmet alan çocuk sayısı", "kişi", 120,
                 (160, 220, 260, 300, 320), 158, theme="bakim"),
             ind("Açılan çocuk oyun odası sayısı", "adet", 1, (3, 5, 7, 8, 9), 3, theme="bakim")],
            [act("Mahalle kreşlerinin açılması ve işletilmesi", "Proje",
                 (2_400_000, 3_200_000, 3_400_000, 3_500_000, 3_600_000), 2_388_000, "Devam Ediyor",
                 theme="bakim"),
             act("Hizmet binalarında çocuk oyun odalarının kurulması", "Faaliyet",
                 (300_000, 300_000, 250_000, 150_000, 150_000), 296_500, "Tamamlandı",
                 theme="bakim")],
            theme="bakim",
            needs="Kreşe uygun kamu taşınmazlarının belirlenmesi."),
    ]
    if revised:
        equality.append(
            obj("Yerel eşitlik eylem planını hazırlamak ve uygulamak", KAD,
                (STR, "Kent Konseyi Kadın Meclisi", IK),
                [ind("Yerel eşitlik eylem planında tamamlanan eylem oranı", "%", 0,
                     (0, 20, 45, 70, 100), 0, theme="esitlik")],
                [act("Yerel Eşitlik Eylem Planının (YEEP) hazırlanması ve izlenmesi", "Faaliyet",
                     (0, 450_000, 150_000, 150_000, 150_000), 0, "Başlanmadı", theme="esitlik")],
                theme="esitlik",
                findings="Eşitlik Birimi kurulmuş, ancak birimler arası bir eylem planı henüz yoktur."))
    return [
        goal("Toplumsal cinsiyet eşitliğini gözeten, kapsayıcı sosyal hizmetler sunmak", equality,
             theme="esitlik"),
        goal("Kentsel yaşam kalitesini ve güvenliğini artırmak", [
            obj("Park ve yeşil alanları güvenli ve erişilebilir hale getirmek", PARK,
                (FEN, "Zabıta Müdürlüğü"),
                [ind("Güvenlik aydınlatması denetimi yapılmış park sayısı", "adet", 12,
                     (20, 30, 40, 50, 60), 22, theme="guvenlik"),
                 ind("Yenilenen park alanı", "m²", 0, (15_000, 15_000, 20_000, 20_000, 20_000),
                     14_200)],
                [act("Parklara aydınlatma ve acil çağrı butonu kurulması", "Proje",
                     (780_000, 820_000, 640_000, 500_000, 500_000), 801_200, "Tamamlandı",
                     theme="guvenlik"),
                 act("Park ve oyun gruplarının bakım onarım çalışmaları", "Faaliyet",
                     (1_900_000, 2_000_000, 2_100_000, 2_200_000, 2_300_000), 1_874_300,
                     "Tamamlandı")],
                theme="guvenlik"),
            obj("Yol ve kaldırım altyapısını iyileştirmek", FEN,
                ("İmar ve Şehircilik Müdürlüğü",),
                [ind("Serilen sıcak asfalt miktarı", "ton", 18_000,
                     (20_000, 21_000, 22_000, 22_000, 23_000), 19_450),
                 ind("Engelli erişimine uygun hale getirilen kaldırım uzunluğu", "km", 4,
                     (6, 8, 10, 12, 14), 5.5)],
                [act("Asfalt serim ve yama çalışmaları", "Faaliyet",
                     (12_500_000, 13_000_000, 13_600_000, 14_200_000, 14_800_000), 12_940_000,
                     "Tamamlandı"),
                 act("Kaldırımların yeniden düzenlenmesi", "Faaliyet",
                     (3_750_000, 3_900_000, 4_050_000, 4_200_000, 4_350_000), 3_120_000,
                     "Devam Ediyor")]),
        ]),
        goal("Katılımcı, şeffaf ve etkin bir yönetim anlayışını yerleştirmek", [
            obj("Karar alma süreçlerine halkın ve sivil toplumun katılımını artırmak", STR,
                ("Kent Konseyi", "Basın Yayın ve Halkla İlişkiler Müdürlüğü"),
                [ind("Mahalle istişare toplantılarına katılan kadın sayısı", "kişi", 310,
                     (400, 480, 560, 640, 700), 428, sex="kadın", theme="katilim"),
                 ind("Mahalle istişare toplantılarına katılan erkek sayısı", "kişi", 620,
                     (640, 660, 680, 700, 720), 651, sex="erkek")],
                [act("Mahalle istişare toplantılarının düzenlenmesi", "Faaliyet",
                     (180_000, 190_000, 200_000, 210_000, 220_000), 176_000, "Tamamlandı"),
                 act("Kent Konseyi Kadın Meclisi çalışmalarının desteklenmesi", "Faaliyet",
                     (250_000, 260_000, 270_000, 280_000, 290_000), 244_600, "Tamamlandı",
                     theme="katilim")],
                theme="katilim"),
            obj("Personelin kurumsal kapasitesini geliştirmek", IK, (STR,),
                [ind("Toplumsal cinsiyet eşitliği eğitimi alan personel sayısı", "kişi", 45,
                     (120, 200, 280, 350, 420), 131, theme="esitlik"),
                 ind("Ebeveyn izni kullanan erkek personel sayısı", "kişi", 3, (6, 9, 12, 15, 18), 7,
                     sex="erkek", theme="esitlik")],
                [act("Hizmet içi eğitim programlarının yürütülmesi", "Faaliyet",
                     (420_000, 440_000, 460_000, 480_000, 500_000), 417_900, "Tamamlandı")]),
        ]),
        goal("Çevreyi koruyan, iklime duyarlı bir ilçe oluşturmak", [
            obj("Atık yönetimini geliştirmek", "Temizlik İşleri Müdürlüğü", ("Zabıta Müdürlüğü",),
                [ind("Ayrı toplanan ambalaj atığı miktarı", "ton", 2_300,
                     (2_600, 2_900, 3_200, 3_500, 3_800), 2_710)],
                [act("Sıfır atık bilgilendirme ve toplama çalışmaları", "Faaliyet",
                     (1_350_000, 1_400_000, 1_450_000, 1_500_000, 1_550_000), 1_322_000,
                     "Tamamlandı")]),
            obj("Enerji verimliliğini artırmak", "Destek Hizmetleri Müdürlüğü", (FEN,),
                [ind("Güneş enerjisinden üretilen elektrik", "MWh", 0, (250, 600, 900, 1_100, 1_200),
                     212)],
                [act("Hizmet binalarına güneş paneli kurulması", "Proje",
                     (4_625_000, 3_100_000, 1_800_000, 0, 0), 4_210_000, "Devam Ediyor")]),
        ]),
    ]


def plan(revised: bool = False) -> Plan:
    """The approved plan; ``revised=True`` gives "Güncelleme 1" with the YEEP objective (Hedef 1.4)."""
    return build_plan(
        MUNI, STYLE, _goals(revised),
        approved=date(2026, 3, 4) if revised else date(2024, 10, 7),
        intro=INTRO, stakeholders=STAKEHOLDERS,
        revision="Güncelleme 1" if revised else "",
    )
