"""Council material of the sample web: decision bundles, one agenda, one committee report.

Altınkoru (the council site) publishes monthly bundles for 2025-05..07 in epoch 1 and 2025-08 in
epoch 2 (with the shelter decision, 2025/97); an older scanned bundle (2024-12) sits on a legacy
windows-1254 archive page. Mavikıyı's CMS lists one bundle (2025-07). All text is ours.
"""

from __future__ import annotations

from datetime import date

from muniwatch.sampleweb.data_others import ALTINKORU, MAVIKIYI
from muniwatch.sampleweb.model import (
    Agenda, AgendaItem, CommitteeReport, CouncilMonth, Decision,
)

KAD = "Kadın ve Aile Hizmetleri Müdürlüğü"
MALI = "Mali Hizmetler Müdürlüğü"
FEN = "Fen İşleri Müdürlüğü"
IMAR = "İmar ve Şehircilik Müdürlüğü"
EMLAK = "Emlak ve İstimlak Müdürlüğü"
KEFE = "Kadın-Erkek Fırsat Eşitliği Komisyonu"
PB = "Plan ve Bütçe Komisyonu"
IMARK = "İmar Komisyonu"
EKS = "Eğitim, Kültür ve Sosyal İşler Komisyonu"

SHELTER_DECISION = "2025/97"


def _d(number: str, when: date, subject: str, summary: str, directorate: str, letter: date,
       letter_no: str, proposal: tuple[str, ...], committee: str, opinion: str, outcome: str,
       text: str, theme: str | None = None) -> Decision:
    return Decision(number=number, date=when, subject=subject, summary=summary,
                    directorate=directorate, letter_date=letter, letter_no=letter_no,
                    proposal=proposal, committee=committee, committee_opinion=opinion,
                    outcome=outcome, decision_text=text, theme=theme)


def _altinkoru_2024_12() -> CouncilMonth:
    m = date(2024, 12, 4)
    return CouncilMonth(ALTINKORU, 2024, 12, m, (
        _d("2024/141", m, "2025 Yılı Ücret Tarifesi", "2025 yılı ücret tarifesinin kabulü", MALI,
           date(2024, 11, 18), "E-38740165-105.02-2231",
           ("Belediyemizce verilen hizmetlere ait 2025 yılında uygulanacak ücret tarifesi ekte "
            "sunulmuştur.",),
           PB, "Tarifenin ekli liste halinde uygun olduğu görüşüne varılmıştır.", "oy çokluğu",
           "Plan ve Bütçe Komisyonu raporu doğrultusunda 2025 yılı ücret tarifesinin kabulüne"),
        _d("2024/142", m, "Eşitlik Biriminin Kurulması",
           "Kadın ve Aile Hizmetleri Müdürlüğü bünyesinde Eşitlik Birimi kurulması", KAD,
           date(2024, 11, 20), "E-38740165-105.04-2260",
           ("Kadın ve erkeklerin belediye hizmetlerinden eşit biçimde yararlanmasını izlemek üzere "
            "müdürlüğümüz bünyesinde bir Eşitlik Birimi kurulması önerilmektedir.",
            "Birim, hizmet verilerini cinsiyete göre ayrıştırarak yılda bir rapor hazırlayacaktır."),
           KEFE, "Birimin kurulmasının yerinde olacağı görüşüne oy birliği ile varılmıştır.",
           "oy birliği", "Eşitlik Biriminin kurulmasına ve çalışma esaslarının kabulüne",
           theme="esitlik"),
        _d("2024/143", m, "Kardeş Şehir Protokolü", "Bir yurt dışı belediyesi ile kardeş şehir olunması",
           "Basın Yayın ve Halkla İlişkiler Müdürlüğü", date(2024, 11, 22), "E-38740165-105.01-2277",
           ("Kültürel ve ekonomik işbirliğini geliştirmek amacıyla kardeş şehir protokolü "
            "imzalanması teklif edilmektedir.",),
           "", "", "oy birliği", "Kardeş şehir protokolünün imzalanması için Belediye Başkanına yetki verilmesine"),
    ))


def _altinkoru_2025_05() -> CouncilMonth:
    m = date(2025, 5, 7)
    return CouncilMonth(ALTINKORU, 2025, 5, m, (
        _d("2025/61", m, "Kadın Danışma Merkezi Çalışma Yönergesi",
           "Kadın Danışma Merkezi çalışma yönergesinin kabulü", KAD, date(2025, 4, 21),
           "E-38740165-105.04-1187",
           ("Kadın Danışma Merkezinde sunulacak psikolojik, hukuki ve sosyal destek hizmetlerinin "
            "usul ve esaslarını belirleyen yönerge taslağı hazırlanmıştır.",
            "Başvuruların gizliliği ve kayıtların korunması yönergede ayrıca düzenlenmiştir."),
           KEFE, "Yönerge taslağının aynen kabulünün uygun olduğu görüşüne varılmıştır.",
           "oy birliği", "Kadın Danışma Merkezi çalışma yönergesinin kabulüne", theme="siddet"),
        _d("2025/62", m, "Ödenek Aktarımı", "Yol bakım onarım işleri için ödenek aktarımı", FEN,
           date(2025, 4, 23), "E-38740165-105.02-1203",
           ("Çeşitli mahallelerde yapılacak yol bakım onarım işleri için ödenek yetersiz kaldığından "
            "yedek ödenekten aktarma yapılması gerekmektedir.",),
           PB, "Aktarmanın uygun olduğu görüşüne varılmıştır.", "oy birliği",
           "Yedek ödenekten Fen İşleri Müdürlüğü bütçesine 1.250.000,00 TL aktarılmasına"),
        _d("2025/63", m, "İmar Planı Değişikliği",
           "Sarıkaya Mahallesi 214 ada 6 parselde uygulama imar planı değişikliği", IMAR,
           date(2025, 4, 24), "E-38740165-115.01-1211",
           ("Sarıkaya Mahallesi 214 ada 6 parselde yapı yaklaşma mesafelerinin yeniden düzenlenmesi "
            "talep edilmektedir.",),
           IMARK, "Plan değişikliğinin uygun olduğu görüşüne oy çokluğu ile varılmıştır.", "oy çokluğu",
           "1/1000 ölçekli uygulama imar planı değişikliğinin kabulüne"),
        _d("2025/64", m, "Sokak Adı Verilmesi", "Yeni açılan bir sokağa ad verilmesi", IMAR,
           date(2025, 4, 25), "E-38740165-115.02-1219",
           ("Zeytinli Mahallesinde yeni açılan sokağa \"Öğretmen Gülten Sokak\" adının verilmesi "
            "önerilmektedir.",),
           EKS, "Önerinin uygun olduğu görüşüne varılmıştır.", "oy birliği",
           "Sokağa \"Öğretmen Gülten Sokak\" adının verilmesine"),
    ))


def _altinkoru_2025_06() -> CouncilMonth:
    m = date(2025, 6, 4)
    return CouncilMonth(ALTINKORU, 2025, 6, m, (
        _d("2025/75", m, "Kent Konseyi Kadın Meclisi ile İşbirliği Protokolü",
           "Kent Konseyi Kadın Meclisi ile işbirliği protokolü imzalanması", KAD, date(2025, 5, 19),
           "E-38740165-105.04-1402",
           ("Kadınların yerel karar alma süreçlerine katılımını güçlendirmek amacıyla Kent Konseyi "
            "Kadın Meclisi ile ortak çalışma protokolü hazırlanmıştır.",),
           KEFE, "Protokolün imzalanmasının uygun olduğu görüşüne varılmıştır.", "oy birliği",
           "Protokolün imzalanması için Belediye Başkanına yetki verilmesine", theme="katilim"),
        _d("2025/76", m, "Kreş Amaçlı Taşınmaz Tahsisi",
           "Çınarlı Mahallesi 88 ada 3 parselin mahalle kreşi olarak kullanılmak üzere tahsisi", EMLAK,
           date(2025, 5, 20), "E-38740165-105.03-1410",
           ("Mülkiyeti belediyemize ait Çınarlı Mahallesi 88 ada 3 parseldeki binanın mahalle kreşi "
            "olarak Kadın ve Aile Hizmetleri Müdürlüğüne tahsis edilmesi önerilmektedir.",
            "Bölgede çalışan annelerin çocuklarını bırakabileceği bir kreş bulunmamaktadır."),
           PB, "Tahsisin uygun olduğu görüşüne varılmıştır.", "oy birliği",
           "Taşınmazın mahalle kreşi olarak kullanılmak üzere tahsisine", theme="bakim"),
        _d("2025/77", m, "2024 Yılı Kesin Hesabı", "2024 yılı kesin hesap cetvellerinin kabulü", MALI,
           date(2025, 5, 21), "E-38740165-105.02-1418",
           ("2024 yılı bütçesinin uygulama sonuçlarını gösteren kesin hesap cetvelleri ekte sunulmuştur.",),
           PB, "Kesin hesabın kabulü uygun görülmüştür.", "oy çokluğu",
           "2024 yılı kesin hesabının kabulüne"),
        _d("2025/78", m, "Fazla Çalışma Ücreti", "Zabıta personeline fazla çalışma ücreti ödenmesi",
           "Zabıta Müdürlüğü", date(2025, 5, 22), "E-38740165-105.05-1425",
           ("Yaz döneminde artan denetimler nedeniyle zabıta personelinin fazla çalışma ücretlerinin "
            "belirlenmesi gerekmektedir.",),
           PB, "Saat ücretinin teklif edildiği şekilde belirlenmesi uygun görülmüştür.", "oy birliği",
           "Fazla çalışma saat ücretinin belirlenmesine"),
        _d("2025/79", m, "Hal Kira Bedelleri", "Sebze hali dükkan kira bedellerinin belirlenmesi", EMLAK,
           date(2025, 5, 23), "E-38740165-105.03-1431",
           ("Sebze halindeki dükkanların 2025-2026 dönemi kira bedellerinin belirlenmesi "
            "gerekmektedir.",),
           PB, "Kira bedellerinin ekli listedeki gibi belirlenmesi uygun görülmüştür.", "oy birliği",
           "Kira bedellerinin ekli listedeki şekliyle belirlenmesine"),
    ))


def _altinkoru_2025_07() -> CouncilMonth:
    m = date(2025, 7, 2)
    return CouncilMonth(ALTINKORU, 2025, 7, m, (
        _d("2025/88", m, "Toplumsal Cinsiyete Duyarlı Bütçeleme Pilot Çalışması",
           "Toplumsal cinsiyete duyarlı bütçeleme pilot çalışması yapılması",
           "Strateji Geliştirme Müdürlüğü", date(2025, 6, 16), "E-38740165-105.02-1620",
           ("2026 yılı bütçe hazırlıklarında üç müdürlükte toplumsal cinsiyete duyarlı bütçeleme "
            "yöntemiyle pilot çalışma yapılması önerilmektedir.",),
           KEFE, "Pilot çalışmanın Kadın ve Aile Hizmetleri, Fen İşleri ve Park ve Bahçeler "
           "müdürlüklerinde yapılması uygun görülmüştür.", "oy birliği",
           "Pilot çalışmanın komisyon raporu doğrultusunda yapılmasına", theme="esitlik"),
        _d("2025/89", m, "Kırsal Yol Yapım Protokolü",
           "Kırsal mahallelerde stabilize yol yapımı için protokol", FEN, date(2025, 6, 17),
           "E-38740165-105.01-1627",
           ("Kırsal mahallelerde stabilize yol yapımı için Köylere Hizmet Götürme Birliği ile "
            "protokol yapılması gerekmektedir.",),
           "", "", "oy birliği", "Protokolün imzalanması için Belediye Başkanına yetki verilmesine"),
        _d("2025/90", m, "Amatör Spor Kulüplerine Ayni Yardım",
           "Amatör spor kulüplerine malzeme yardımı yapılması", "Kültür ve Sosyal İşler Müdürlüğü",
           date(2025, 6, 18), "E-38740165-105.06-1633",
           ("İlçemizdeki amatör spor kulüplerine forma ve top yardımı yapılması önerilmektedir.",),
           EKS, "Yardımın uygun olduğu görüşüne varılmıştır.", "oy birliği",
           "Amatör spor kulüplerine ayni yardım yapılmasına"),
        _d("2025/91", m, "Otopark Yönetmeliği Değişikliği", "Otopark yönetmeliğinde değişiklik", IMAR,
           date(2025, 6, 19), "E-38740165-115.03-1640",
           ("Otopark bedellerinin hesaplanmasına ilişkin yönetmelik maddelerinin güncellenmesi "
            "önerilmektedir.",),
           IMARK, "Değişikliğin uygun olduğu görüşüne oy çokluğu ile varılmıştır.", "oy çokluğu",
           "Otopark yönetmeliği değişikliğinin kabulüne"),
    ))


def _altinkoru_2025_08() -> CouncilMonth:
    m = date(2025, 8, 6)
    return CouncilMonth(ALTINKORU, 2025, 8, m, (
        _d(SHELTER_DECISION, m, "Kadın Konukevi Açılması",
           "Kadın konukevi açılması ve konukevi işletme yönergesinin kabulü", KAD, date(2025, 7, 21),
           "E-38740165-105.04-1893",
           ("Şiddete uğrayan kadınların ve beraberindeki çocukların güvenli biçimde barınabilmesi "
            "için ilçemizde bir kadın konukevi açılması önerilmektedir.",
            "Konukevinin adresi gizli tutulacak, işletme yönergesi ekte sunulmuştur."),
           KEFE, "Konukevinin açılmasının ve yönergenin kabulünün uygun olduğu görüşüne oy birliği "
           "ile varılmıştır.", "oy birliği",
           "Kadın konukevi açılmasına ve konukevi işletme yönergesinin kabulüne", theme="siddet"),
        _d("2025/98", m, "Hizmet Binası Çatı Onarımı", "Hizmet binası çatı bakım onarım işi için ödenek",
           "Destek Hizmetleri Müdürlüğü", date(2025, 7, 22), "E-38740165-105.02-1901",
           ("Belediye hizmet binasının çatısında oluşan hasar nedeniyle bakım onarım işi için ödenek "
            "ayrılması gerekmektedir.",),
           PB, "Ödenek ayrılması uygun görülmüştür.", "oy birliği",
           "Çatı bakım onarım işi için 680.000,00 TL ödenek ayrılmasına"),
        _d("2025/99", m, "Zeytinyağı Festivali", "Altınkoru Zeytinyağı Festivali düzenlenmesi",
           "Kültür ve Sosyal İşler Müdürlüğü", date(2025, 7, 23), "E-38740165-105.06-1908",
           ("Yerel üreticileri tanıtmak amacıyla ekim ayında zeytinyağı festivali düzenlenmesi "
            "önerilmektedir.",),
           EKS, "Festivalin düzenlenmesi uygun görülmüştür.", "oy birliği",
           "Festivalin düzenlenmesine"),
        _d("2025/100", m, "Taşınmaz Satışı", "Sanayi sitesindeki bir taşınmazın satışı", EMLAK,
           date(2025, 7, 24), "E-38740165-105.03-1915",
           ("Sanayi sitesinde bulunan ve hizmette kullanılmayan bir dükkanın ihale ile satılması "
            "önerilmektedir.",),
           PB, "Satışın uygun olduğu görüşüne oy çokluğu ile varılmıştır.", "oy çokluğu",
           "Taşınmazın ihale yoluyla satılmasına"),
    ))


def _mavikiyi_2025_07() -> CouncilMonth:
    m = date(2025, 7, 3)
    return CouncilMonth(MAVIKIYI, 2025, 7, m, (
        _d("2025/54", m, "Ödenek Aktarımı", "İskele bakım onarım işi için ödenek aktarımı", FEN,
           date(2025, 6, 16), "E-55120931-105.02-0988",
           ("Balıkçı barınağı iskelesinde yapılacak bakım onarım işi için ödenek aktarılması "
            "gerekmektedir.",),
           PB, "Aktarmanın uygun olduğu görüşüne varılmıştır.", "oy birliği",
           "Fen İşleri Müdürlüğü bütçesine 420.000,00 TL aktarılmasına"),
        _d("2025/55", m, "Plaj Kira Bedelleri", "Plaj işletmelerinin kira bedellerinin belirlenmesi",
           EMLAK, date(2025, 6, 17), "E-55120931-105.03-0994",
           ("Belediyemize ait plaj alanlarının 2025 sezonu kira bedellerinin belirlenmesi "
            "gerekmektedir.",),
           PB, "Kira bedellerinin ekli listedeki gibi belirlenmesi uygun görülmüştür.", "oy çokluğu",
           "Kira bedellerinin ekli listedeki şekliyle belirlenmesine"),
        _d("2025/56", m, "Sokak Adı Verilmesi", "Çeşitli sokaklara ad verilmesi", IMAR,
           date(2025, 6, 18), "E-55120931-115.02-1002",
           ("Liman Mahallesinde yeni açılan üç sokağa ad verilmesi önerilmektedir.",),
           IMARK, "Önerilen adların uygun olduğu görüşüne varılmıştır.", "oy birliği",
           "Sokaklara ekli listedeki adların verilmesine"),
    ))


def council_months(municipality_id: str) -> list[CouncilMonth]:
    """Every bundle ever published for a municipality (epoch filtering happens in catalog.py)."""
    if municipality_id == "altinkoru":
        return [_altinkoru_2024_12(), _altinkoru_2025_05(), _altinkoru_2025_06(),
                _altinkoru_2025_07(), _altinkoru_2025_08()]
    if municipality_id == "mavikiyi":
        return [_mavikiyi_2025_07()]
    return []


def altinkoru_agenda() -> Agenda:
    """The August 2025 agenda: published in epoch 1, its decisions arrive in epoch 2."""
    return Agenda(ALTINKORU, 2025, 8, date(2025, 8, 6), (
        AgendaItem(1, "Açılış ve yoklama", ""),
        AgendaItem(2, "Temmuz ayı birleşimine ait karar özetinin okunması", "Yazı İşleri Müdürlüğü"),
        AgendaItem(3, "Kadın konukevi açılması ve konukevi işletme yönergesi hakkında teklif", KAD,
                   theme="siddet"),
        AgendaItem(4, "Hizmet binası çatı bakım onarım işi için ödenek ayrılması hakkında teklif",
                   "Destek Hizmetleri Müdürlüğü"),
        AgendaItem(5, "Altınkoru Zeytinyağı Festivali düzenlenmesi hakkında teklif",
                   "Kültür ve Sosyal İşler Müdürlüğü"),
        AgendaItem(6, "Sanayi sitesindeki taşınmazın satışı hakkında teklif", EMLAK),
        AgendaItem(7, "İhtisas komisyonlarından gelen raporların görüşülmesi", "Yazı İşleri Müdürlüğü"),
        AgendaItem(8, "Dilek ve temenniler", ""),
    ))


def altinkoru_committee_report() -> CommitteeReport:
    return CommitteeReport(
        municipality=ALTINKORU, committee=KEFE, slug="kadin-erkek-firsat-esitligi-komisyonu",
        year=2025, month=6, report_date=date(2025, 6, 11),
        subject="Toplumsal cinsiyete duyarlı bütçeleme pilot çalışması hakkında",
        members=("Elif Sarıgül (Başkan)", "Murat Kocabey (Başkan Vekili)", "Hülya Demirkaya (Üye)",
                 "Cem Özbilgin (Üye)", "Zehra Aydoğan (Üye)"),
        paragraphs=(
            "Meclisimizin haziran ayı birleşiminde komisyonumuza havale edilen teklif, Strateji "
            "Geliştirme Müdürlüğü ve Kadın ve Aile Hizmetleri Müdürlüğü temsilcilerinin katılımıyla "
            "incelenmiştir.",
            "Komisyonumuz, belediye hizmetlerinden yararlananlara ilişkin verilerin çoğunun cinsiyete "
            "göre tutulmadığını tespit etmiştir. Pilot çalışmanın ilk adımı olarak başvuru ve hizmet "
            "kayıtlarına cinsiyet alanı eklenmesi gerekmektedir.",
            "Park ve Bahçeler Müdürlüğünün aydınlatma ve oyun alanı yatırımları ile Fen İşleri "
            "Müdürlüğünün kaldırım çalışmalarının kadınların ve bakım verenlerin güvenli ulaşımına "
            "etkisinin ölçülmesi önerilmiştir.",
        ),
        conclusion="Pilot çalışmanın Kadın ve Aile Hizmetleri, Fen İşleri ve Park ve Bahçeler "
                   "müdürlüklerinde yürütülmesi ve sonuçlarının 2026 yılı performans programına "
                   "yansıtılması komisyonumuzca oy birliği ile uygun görülmüştür.",
    )
