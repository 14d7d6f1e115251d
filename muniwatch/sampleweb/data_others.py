"""The other sample municipalities' plans (all fictional; text written for this project).

- Mavikıyı (İzmir, CMS site): almost nothing gender-relevant, a realistic contrast; it uses
  "bakım onarım" and "çeşitli" so a naive lexicon trips.
- Ilgınpınar (Eskişehir, JavaScript site): some care and employment content; its plan is published
  only on sp.gov.tr.
- Altınkoru (Balıkesir, council site): a women- and child-friendly city goal with a counselling
  centre (dropped from the 2026 programme in epoch 2).
- Güneyyaka (Konya): listed on the sp.gov.tr mock only; not in the sample registry.
"""

from __future__ import annotations

from datetime import date

from muniwatch.sampleweb.model import CodeStyle, Municipality, Plan
from muniwatch.sampleweb.plans import act, build_plan, goal, ind, obj

MAVIKIYI = Municipality(
    id="mavikiyi", name="Mavikıyı Belediyesi", short="Mavikıyı", province="İzmir", kind="ilçe",
    equality_unit=None, mayor="Kemal Tunaboylu", population=96_450, women_share="%49,8",
)
ILGINPINAR = Municipality(
    id="ilginpinar", name="Ilgınpınar Belediyesi", short="Ilgınpınar", province="Eskişehir",
    kind="ilçe", equality_unit=None, mayor="Sevgi Oraloğlu", population=71_930, women_share="%50,9",
)
ALTINKORU = Municipality(
    id="altinkoru", name="Altınkoru Belediyesi", short="Altınkoru", province="Balıkesir", kind="ilçe",
    equality_unit="Eşitlik Birimi", mayor="Nermin Çağlayan", population=128_775, women_share="%50,2",
)
GUNEYYAKA = Municipality(
    id="guneyyaka", name="Güneyyaka Belediyesi", short="Güneyyaka", province="Konya", kind="ilçe",
    equality_unit=None, mayor="Hasan Ekinci", population=58_210, women_share="%49,5",
)

MAVIKIYI_STYLE = CodeStyle(goal="A{n}", objective="H{g}.{o}", indicator="PG {g}.{o}.{i}",
                           activity="FP{g}.{o}.{i}")
ILGINPINAR_STYLE = CodeStyle(goal="AMAÇ {n:02d}", objective="HEDEF {g}.{o}",
                             indicator="PERFORMANS {g}.{o}.{i}", activity="FAALİYET {g}.{o}.{i}")
ALTINKORU_STYLE = CodeStyle(goal="Stratejik Amaç {n}", objective="Stratejik Hedef {g}.{o}",
                            indicator="G{g}.{o}.{i}", activity="Faaliyet {g}.{o}.{i}")
GUNEYYAKA_STYLE = CodeStyle(goal="A{n}", objective="H{g}.{o}", indicator="PG{g}.{o}.{i}",
                            activity="F{g}.{o}.{i}")

ALTINKORU_COUNSELLING_KEY = "1.1.1"

FEN = "Fen İşleri Müdürlüğü"
IMAR = "İmar ve Şehircilik Müdürlüğü"


def mavikiyi_plan() -> Plan:
    goals = [
        goal("Kıyı ve turizm altyapısını güçlendirmek", [
            obj("Sahil bandını düzenlemek", FEN, ("Park ve Bahçeler Müdürlüğü", IMAR),
                [ind("Düzenlenen sahil bandı uzunluğu", "km", 3.2, (4, 5, 6.5, 7.5, 8), 3.9),
                 ind("Engelsiz plaj giriş noktası sayısı", "adet", 2, (3, 4, 5, 6, 6), 3)],
                [act("Sahil yürüyüş yolu projesi", "Proje",
                     (6_800_000, 7_200_000, 5_400_000, 2_000_000, 1_000_000), 6_455_000,
                     "Devam Ediyor"),
                 act("İskele bakım onarım çalışmaları", "Faaliyet",
                     (850_000, 880_000, 910_000, 940_000, 970_000), 833_100, "Tamamlandı")],
                risks="Kıyı kenar çizgisi izin süreçlerinin uzaması."),
            obj("Turizm tanıtım faaliyetlerini artırmak", "Kültür ve Turizm Müdürlüğü",
                ("Basın Yayın ve Halkla İlişkiler Müdürlüğü",),
                [ind("Katılım sağlanan tanıtım fuarı sayısı", "adet", 3, (4, 4, 5, 5, 6), 4)],
                [act("Çeşitli yurt içi ve yurt dışı tanıtım fuarlarına katılım", "Faaliyet",
                     (540_000, 560_000, 600_000, 620_000, 650_000), 528_300, "Tamamlandı")]),
        ]),
        goal("Altyapı ve ulaşım hizmetlerini iyileştirmek", [
            obj("Yol ağını iyileştirmek", FEN, (IMAR,),
                [ind("Serilen asfalt miktarı", "ton", 9_500, (10_000, 10_500, 11_000, 11_000, 11_500),
                     10_120),
                 ind("Döşenen parke taşı yol", "m²", 21_000, (24_000, 24_000, 26_000, 26_000, 28_000),
                     23_400)],
                [act("Asfalt serim çalışmaları", "Faaliyet",
                     (7_400_000, 7_800_000, 8_200_000, 8_600_000, 9_000_000), 7_512_000,
                     "Tamamlandı"),
                 act("Parke taşı döşenmesi", "Faaliyet",
                     (2_900_000, 3_000_000, 3_150_000, 3_300_000, 3_450_000), 2_874_000,
                     "Tamamlandı")]),
            obj("Yağmur suyu altyapısını genişletmek", FEN, ("İZSU Genel Müdürlüğü",),
                [ind("Yapılan yağmur suyu hattı", "m", 1_800, (2_500, 3_000, 3_000, 3_500, 3_500),
                     2_240)],
                [act("Yağmur suyu hattı yapımı", "Proje",
                     (3_600_000, 4_100_000, 4_100_000, 4_600_000, 4_600_000), 3_310_000,
                     "Devam Ediyor")]),
        ]),
        goal("Kurumsal kapasiteyi ve mali yapıyı güçlendirmek", [
            obj("Öz gelirleri artırmak", "Mali Hizmetler Müdürlüğü", ("Emlak ve İstimlak Müdürlüğü",),
                [ind("Emlak vergisi tahsilat oranı", "%", 71, (74, 77, 80, 82, 85), 75)],
                [act("Tahakkuk ve tahsilat sisteminin güncellenmesi", "Faaliyet",
                     (320_000, 150_000, 150_000, 150_000, 150_000), 311_000, "Tamamlandı")]),
            obj("Dijital belediyecilik hizmetlerini yaygınlaştırmak", "Bilgi İşlem Müdürlüğü", (),
                [ind("e-Belediye üzerinden yapılan işlem sayısı", "adet", 41_000,
                     (48_000, 55_000, 62_000, 70_000, 78_000), 50_310)],
                [act("e-Belediye uygulamasının yenilenmesi", "Proje",
                     (1_250_000, 400_000, 300_000, 300_000, 300_000), 1_198_000, "Tamamlandı")]),
        ]),
    ]
    return build_plan(
        MAVIKIYI, MAVIKIYI_STYLE, goals, approved=date(2024, 10, 3),
        intro=("Mavikıyı, turizm ve balıkçılıkla geçinen bir kıyı ilçesidir; yaz aylarında nüfusu "
               "iki katına çıkmaktadır.",
               "Plan, birimlerden gelen önerilerin ve vatandaş anketinin sonuçlarına göre hazırlanmıştır."),
        stakeholders=("Mahalle muhtarlıkları", "Turizm işletmecileri derneği", "Balıkçılar kooperatifi"),
    )


def ilginpinar_plan() -> Plan:
    sos = "Sosyal Yardım İşleri Müdürlüğü"
    goals = [
        goal("Sosyal dayanışmayı güçlendirmek", [
            obj("İhtiyaç sahibi hanelere sosyal yardım ulaştırmak", sos, ("Zabıta Müdürlüğü",),
                [ind("Sosyal yardım alan hane sayısı", "adet", 3_400, (3_500, 3_500, 3_600, 3_600, 3_700),
                     3_512),
                 ind("Sosyal yardım alan kadın hane reisi sayısı", "kişi", 1_150,
                     (1_200, 1_200, 1_250, 1_250, 1_300), 1_224, sex="kadın")],
                [act("Gıda ve yakacak yardımı", "Faaliyet",
                     (5_200_000, 5_500_000, 5_800_000, 6_100_000, 6_400_000), 5_168_000,
                     "Tamamlandı")]),
            obj("Yaşlı ve engelli bireylere evde bakım hizmeti sunmak", sos,
                ("Sağlık İşleri Müdürlüğü",),
                [ind("Evde bakım hizmeti verilen kişi sayısı", "kişi", 260, (300, 340, 380, 420, 460),
                     311, theme="bakim")],
                [act("Evde bakım ve temizlik hizmeti", "Faaliyet",
                     (1_600_000, 1_750_000, 1_900_000, 2_050_000, 2_200_000), 1_571_000,
                     "Tamamlandı", theme="bakim")],
                theme="bakim",
                findings="Evde bakım ihtiyacı olanların yakınlarının büyük çoğunluğu kadındır."),
            obj("Kadın girişimciliğini desteklemek", "Kültür ve Sosyal İşler Müdürlüğü",
                ("İlçe Tarım ve Orman Müdürlüğü",),
                [ind("Girişimcilik eğitimini tamamlayan kadın sayısı", "kişi", 45, (60, 75, 90, 100, 110),
                     63, sex="kadın", theme="istihdam")],
                [act("Kadın kooperatiflerine eğitim ve danışmanlık desteği", "Faaliyet",
                     (210_000, 220_000, 230_000, 240_000, 250_000), 204_500, "Tamamlandı",
                     theme="istihdam")],
                theme="istihdam"),
        ]),
        goal("Kültür, sanat ve sporla yaşam kalitesini yükseltmek", [
            obj("Kültür sanat etkinliklerini çeşitlendirmek", "Kültür ve Sosyal İşler Müdürlüğü", (),
                [ind("Düzenlenen kültür sanat etkinliği sayısı", "adet", 40, (45, 50, 55, 60, 60), 47)],
                [act("Ilgınpınar Kültür Festivali", "Faaliyet",
                     (1_100_000, 1_150_000, 1_200_000, 1_250_000, 1_300_000), 1_133_000,
                     "Tamamlandı")]),
            obj("Spor tesislerine erişimi artırmak", "Spor Hizmetleri Müdürlüğü", (FEN,),
                [ind("Spor tesislerini kullanan kadın sayısı", "kişi", 2_100,
                     (2_400, 2_800, 3_200, 3_600, 4_000), 2_455, sex="kadın"),
                 ind("Spor tesislerini kullanan erkek sayısı", "kişi", 4_900,
                     (5_000, 5_200, 5_400, 5_600, 5_800), 5_012, sex="erkek")],
                [act("Kapalı spor salonu yapımı", "Proje",
                     (8_500_000, 6_000_000, 0, 0, 0), 7_930_000, "Devam Ediyor", directorate=FEN)]),
        ]),
        goal("Planlı ve sürdürülebilir kentleşmeyi sağlamak", [
            obj("Uygulama imar planlarını güncellemek", IMAR, (FEN,),
                [ind("Revize edilen imar planı alanı", "hektar", 0, (120, 150, 150, 100, 80), 118)],
                [act("Uygulama imar planı revizyonu", "Faaliyet",
                     (900_000, 950_000, 950_000, 600_000, 500_000), 884_000, "Tamamlandı")]),
            obj("Kentsel dönüşümü hızlandırmak", IMAR, ("Emlak ve İstimlak Müdürlüğü",),
                [ind("Dönüşümü tamamlanan konut sayısı", "adet", 0, (80, 160, 240, 320, 400), 74)],
                [act("Dönüşüm alanında yıkım ve altyapı çalışmaları", "Proje",
                     (9_800_000, 10_400_000, 11_000_000, 11_600_000, 12_200_000), 9_250_000,
                     "Devam Ediyor")]),
            obj("Sokak aydınlatmasını ve kent mobilyasını yenilemek", FEN, ("UEDAŞ",),
                [ind("Aydınlatması yenilenen sokak sayısı", "adet", 35, (60, 90, 120, 150, 180), 64,
                     theme="guvenlik")],
                [act("Sokak aydınlatmalarının LED ile yenilenmesi", "Faaliyet",
                     (1_450_000, 1_500_000, 1_550_000, 1_600_000, 1_650_000), 1_402_000,
                     "Tamamlandı", theme="guvenlik")],
                theme="guvenlik"),
        ]),
    ]
    return build_plan(
        ILGINPINAR, ILGINPINAR_STYLE, goals, approved=date(2024, 10, 9),
        intro=("Ilgınpınar, tarım ve küçük sanayinin iç içe geçtiği, genç nüfusu artan bir ilçedir.",
               "Yaşlı nüfus oranı Türkiye ortalamasının üzerindedir; evde bakım talebi her yıl "
               "artmaktadır."),
        stakeholders=("Kent Konseyi", "Ilgınpınar Kadın Girişimciler Kooperatifi", "Muhtarlar"),
    )


def altinkoru_plan() -> Plan:
    kad = "Kadın ve Aile Hizmetleri Müdürlüğü"
    goals = [
        goal("Kadın ve çocuk dostu bir kent oluşturmak", [
            obj("Kadın danışma ve dayanışma hizmetlerini yaygınlaştırmak", kad,
                ("Sosyal Yardım İşleri Müdürlüğü", "Hukuk İşleri Müdürlüğü"),
                [ind("Danışma merkezinden hizmet alan kadın sayısı", "kişi", 180,
                     (240, 300, 360, 420, 480), 251, sex="kadın", theme="siddet")],
                [act("Kadın Danışma Merkezi hizmetlerinin yürütülmesi", "Faaliyet",
                     (640_000, 680_000, 720_000, 760_000, 800_000), 633_000, "Tamamlandı",
                     theme="siddet"),
                 act("Şiddeti önleme farkındalık eğitimleri ve 25 Kasım etkinlikleri", "Faaliyet",
                     (120_000, 130_000, 140_000, 150_000, 160_000), 118_400, "Tamamlandı",
                     theme="siddet")],
                theme="siddet",
                findings="Danışma merkezine başvuruların üçte biri kırsal mahallelerden gelmektedir."),
            obj("Gündüz bakımevi ve kreş kapasitesini artırmak", kad, (FEN, IMAR),
                [ind("Gündüz bakımevi kapasitesi", "kişi", 60, (60, 120, 120, 180, 180), 60,
                     theme="bakim")],
                [act("Çınarlı Mahallesi gündüz bakımevi yapımı", "Proje",
                     (1_800_000, 2_700_000, 0, 2_500_000, 0), 1_640_000, "Devam Ediyor",
                     theme="bakim", directorate=FEN)],
                theme="bakim"),
        ], theme="esitlik"),
        goal("Afetlere dirençli ve planlı bir kent kurmak", [
            obj("Riskli yapı stokunu azaltmak", IMAR, ("Kentsel Dönüşüm Müdürlüğü",),
                [ind("Deprem dayanıklılık analizi yapılan bina sayısı", "adet", 300,
                     (500, 700, 900, 1_100, 1_300), 522)],
                [act("Yapı envanteri ve risk tespiti", "Faaliyet",
                     (750_000, 780_000, 810_000, 840_000, 870_000), 741_000, "Tamamlandı")]),
            obj("Afet toplanma alanlarını düzenlemek", "Afet İşleri Müdürlüğü", (FEN,),
                [ind("Donatısı tamamlanan toplanma alanı sayısı", "adet", 8, (14, 20, 26, 30, 34), 15)],
                [act("Toplanma alanlarına tabela, su ve aydınlatma donatısı", "Faaliyet",
                     (560_000, 580_000, 600_000, 400_000, 400_000), 552_000, "Tamamlandı")]),
        ]),
        goal("Tarım ve kırsal kalkınmayı desteklemek", [
            obj("Üreticilerin gelirini artırmak", "Tarımsal Hizmetler Müdürlüğü",
                ("İlçe Tarım ve Orman Müdürlüğü",),
                [ind("Fide dağıtılan üretici sayısı", "kişi", 900, (1_000, 1_100, 1_200, 1_300, 1_400),
                     1_046),
                 ind("Fide dağıtılan kadın üretici sayısı", "kişi", 210, (260, 310, 360, 410, 460), 274,
                     sex="kadın", theme="istihdam")],
                [act("Yerel tohum ve fide dağıtımı", "Faaliyet",
                     (430_000, 450_000, 470_000, 490_000, 510_000), 426_000, "Tamamlandı")]),
            obj("Kırsal mahallelerin altyapısını iyileştirmek", FEN, (),
                [ind("Stabilize yapılan kırsal yol uzunluğu", "km", 18, (22, 26, 30, 34, 38), 21.5)],
                [act("Kırsal yolların bakım onarımı", "Faaliyet",
                     (2_200_000, 2_300_000, 2_400_000, 2_500_000, 2_600_000), 2_176_000,
                     "Tamamlandı")]),
        ]),
        goal("Hizmet kalitesini ve katılımı artırmak", [
            obj("Vatandaş memnuniyetini artırmak", "Basın Yayın ve Halkla İlişkiler Müdürlüğü", (),
                [ind("Vatandaş memnuniyet oranı", "%", 68, (71, 74, 76, 78, 80), 72)],
                [act("Çağrı merkezi ve çözüm masası hizmetleri", "Faaliyet",
                     (380_000, 395_000, 410_000, 425_000, 440_000), 372_000, "Tamamlandı")]),
            obj("Mahalle meclislerini işler hale getirmek", "Strateji Geliştirme Müdürlüğü",
                ("Kent Konseyi",),
                [ind("Mahalle meclisi toplantılarına katılan kadın sayısı", "kişi", 140,
                     (200, 260, 320, 380, 440), 214, sex="kadın", theme="katilim"),
                 ind("Mahalle meclisi toplantılarına katılan erkek sayısı", "kişi", 390,
                     (400, 410, 420, 430, 440), 404, sex="erkek")],
                [act("Mahalle meclislerinin kurulması ve toplantıları", "Faaliyet",
                     (95_000, 100_000, 105_000, 110_000, 115_000), 91_000, "Tamamlandı",
                     theme="katilim")],
                theme="katilim"),
        ]),
    ]
    return build_plan(
        ALTINKORU, ALTINKORU_STYLE, goals, approved=date(2024, 10, 2),
        intro=("Altınkoru, zeytincilik ve hayvancılığın önemli olduğu, kırsal mahalleleri geniş bir "
               "ilçedir; nüfusun %50,2'si kadındır.",
               "Kadın ve Aile Hizmetleri Müdürlüğü bünyesinde 2024 yılında bir Eşitlik Birimi "
               "kurulmuştur; meclisin Kadın-Erkek Fırsat Eşitliği Komisyonu her ay toplanmaktadır."),
        stakeholders=("Kent Konseyi Kadın Meclisi", "Altınkoru Kadın Kooperatifi", "Ziraat Odası",
                      "Muhtarlar Derneği"),
    )


def guneyyaka_plan() -> Plan:
    goals = [
        goal("Temel altyapı hizmetlerini geliştirmek", [
            obj("İçme suyu şebekesini yenilemek", FEN, (),
                [ind("Yenilenen içme suyu şebekesi", "km", 6, (8, 10, 12, 14, 16), 8.4)],
                [act("İçme suyu şebeke yenileme çalışmaları", "Proje",
                     (2_100_000, 2_200_000, 2_300_000, 2_400_000, 2_500_000), 2_050_000,
                     "Tamamlandı")]),
        ]),
        goal("Sosyal ve kültürel hizmetleri artırmak", [
            obj("Gençlere yönelik etkinlikleri çoğaltmak", "Kültür ve Sosyal İşler Müdürlüğü", (),
                [ind("Gençlik etkinliklerine katılan kişi sayısı", "kişi", 800,
                     (900, 1_000, 1_100, 1_200, 1_300), 912)],
                [act("Gençlik kampları", "Faaliyet",
                     (300_000, 310_000, 320_000, 330_000, 340_000), 296_000, "Tamamlandı")]),
        ]),
    ]
    return build_plan(
        GUNEYYAKA, GUNEYYAKA_STYLE, goals, approved=date(2024, 10, 8),
        intro=("Güneyyaka, tahıl üretiminin ağırlıklı olduğu bir ilçedir.",),
        stakeholders=("Muhtarlar",),
    )
