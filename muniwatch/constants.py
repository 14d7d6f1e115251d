"""Document types, segment kinds, change kinds, fetch outcomes: one set of names, used everywhere."""

from __future__ import annotations

# Document types (the `doc_type` column everywhere).
STRATEGIC_PLAN = "stratejik_plan"
PERFORMANCE_PROGRAMME = "performans_programi"
ACTIVITY_REPORT = "faaliyet_raporu"
COUNCIL_AGENDA = "meclis_gundemi"
COUNCIL_DECISIONS = "meclis_kararlari"
COMMITTEE_REPORT = "komisyon_raporu"
FINANCIAL_REPORT = "mali_durum_raporu"
OTHER = "diger"

DOC_TYPES = {
    STRATEGIC_PLAN: ("Stratejik Plan", "Strategic plan"),
    PERFORMANCE_PROGRAMME: ("Performans Programı", "Performance programme"),
    ACTIVITY_REPORT: ("Faaliyet Raporu", "Activity report"),
    COUNCIL_AGENDA: ("Meclis Gündemi", "Council agenda"),
    COUNCIL_DECISIONS: ("Meclis Kararları", "Council decisions"),
    COMMITTEE_REPORT: ("Komisyon Raporu", "Committee report"),
    FINANCIAL_REPORT: ("Kurumsal Mali Durum ve Beklentiler Raporu", "Financial situation report"),
    OTHER: ("Diğer", "Other"),
}

# Municipality kinds.
MUNICIPALITY_KINDS = ("büyükşehir", "il", "ilçe", "belde")

# Source kinds (which spider handles a source).
SOURCE_DISCOVERY = "discovery"
SOURCE_LISTING = "listing"
SOURCE_SPGOV = "spgov"
SOURCE_KINDS = (SOURCE_DISCOVERY, SOURCE_LISTING, SOURCE_SPGOV)

# Source health.
HEALTH_UNKNOWN = "unknown"
HEALTH_OK = "ok"
HEALTH_FAILING = "failing"          # answered, but with errors (5xx, soft-404 listing, ...)
HEALTH_UNREACHABLE = "unreachable"  # no answer at all (timeout, refused, DNS)
HEALTH_STATES = (HEALTH_UNKNOWN, HEALTH_OK, HEALTH_FAILING, HEALTH_UNREACHABLE)

# What one fetch ended in (the `fetches.outcome` column).
FETCH_NEW_DOCUMENT = "new_document"     # first version of a document
FETCH_NEW_VERSION = "new_version"       # bytes differ from the current version
FETCH_UNCHANGED = "unchanged"           # downloaded, same sha256 as the current version
FETCH_NOT_MODIFIED = "not_modified"     # 304 answer to a conditional request
FETCH_PAGE = "page"                     # an HTML page crawled for links (not a document)
FETCH_HTTP_ERROR = "http_error"         # 4xx/5xx
FETCH_TIMEOUT = "timeout"
FETCH_UNREACHABLE = "unreachable"       # connection refused, DNS failure
FETCH_SOFT_404 = "soft_404"             # status 200 but a "not found" page
FETCH_WRONG_TYPE = "wrong_type"         # e.g. HTML served where a PDF was linked
FETCH_TOO_LARGE = "too_large"
FETCH_REFUSED_REDIRECT = "refused_redirect"  # redirect into a private address or non-http scheme
FETCH_ROBOTS = "robots_disallowed"
FETCH_OUTCOMES = (
    FETCH_NEW_DOCUMENT, FETCH_NEW_VERSION, FETCH_UNCHANGED, FETCH_NOT_MODIFIED, FETCH_PAGE,
    FETCH_HTTP_ERROR, FETCH_TIMEOUT, FETCH_UNREACHABLE, FETCH_SOFT_404, FETCH_WRONG_TYPE,
    FETCH_TOO_LARGE, FETCH_REFUSED_REDIRECT, FETCH_ROBOTS,
)
FETCH_FAILURES = frozenset({
    FETCH_HTTP_ERROR, FETCH_TIMEOUT, FETCH_UNREACHABLE, FETCH_SOFT_404, FETCH_WRONG_TYPE,
    FETCH_TOO_LARGE, FETCH_REFUSED_REDIRECT,
})
FETCH_UNREACHABLE_OUTCOMES = frozenset({FETCH_TIMEOUT, FETCH_UNREACHABLE})

# Document status.
DOC_ACTIVE = "active"
DOC_MISSING = "missing"

# Segment kinds (watch/structure).
SEG_GOAL = "amac"
SEG_OBJECTIVE = "hedef"
SEG_INDICATOR = "gosterge"
SEG_ACTIVITY = "faaliyet"
SEG_DECISION = "karar"
SEG_AGENDA_ITEM = "gundem_maddesi"
SEG_COMMITTEE_REPORT = "komisyon_raporu"
SEG_BUDGET_LINE = "butce_kalemi"
SEG_SECTION = "bolum"
SEGMENT_KINDS = (SEG_GOAL, SEG_OBJECTIVE, SEG_INDICATOR, SEG_ACTIVITY, SEG_DECISION,
                 SEG_AGENDA_ITEM, SEG_COMMITTEE_REPORT, SEG_BUDGET_LINE, SEG_SECTION)

# Change kinds (watch/diff).
CHANGE_ADDED = "added"
CHANGE_REMOVED = "removed"
CHANGE_MODIFIED = "modified"
CHANGE_MOVED = "moved"
CHANGE_NEW_DOCUMENT = "new_document"
CHANGE_NEW_DECISION = "new_decision"
CHANGE_DOCUMENT_MISSING = "document_missing"
CHANGE_TEXT = "text_changed"
CHANGE_PROMISE_DROPPED = "promise_dropped"
CHANGE_PROMISE_CUT = "promise_budget_cut"
CHANGE_KINDS = (CHANGE_ADDED, CHANGE_REMOVED, CHANGE_MODIFIED, CHANGE_MOVED, CHANGE_NEW_DOCUMENT,
                CHANGE_NEW_DECISION, CHANGE_DOCUMENT_MISSING, CHANGE_TEXT, CHANGE_PROMISE_DROPPED,
                CHANGE_PROMISE_CUT)

# Provinces (il) of Turkey, by licence-plate code order (01 Adana ... 81 Düzce); the registry
# checks `province` against this list so a typo ("Istanbul", "Izmir") is caught on load.
PROVINCES = (
    "Adana", "Adıyaman", "Afyonkarahisar", "Ağrı", "Amasya", "Ankara", "Antalya", "Artvin", "Aydın",
    "Balıkesir", "Bilecik", "Bingöl", "Bitlis", "Bolu", "Burdur", "Bursa", "Çanakkale", "Çankırı",
    "Çorum", "Denizli", "Diyarbakır", "Edirne", "Elazığ", "Erzincan", "Erzurum", "Eskişehir",
    "Gaziantep", "Giresun", "Gümüşhane", "Hakkari", "Hatay", "Isparta", "Mersin", "İstanbul", "İzmir",
    "Kars", "Kastamonu", "Kayseri", "Kırklareli", "Kırşehir", "Kocaeli", "Konya", "Kütahya", "Malatya",
    "Manisa", "Kahramanmaraş", "Mardin", "Muğla", "Muş", "Nevşehir", "Niğde", "Ordu", "Rize",
    "Sakarya", "Samsun", "Siirt", "Sinop", "Sivas", "Tekirdağ", "Tokat", "Trabzon", "Tunceli",
    "Şanlıurfa", "Uşak", "Van", "Yozgat", "Zonguldak", "Aksaray", "Bayburt", "Karaman", "Kırıkkale",
    "Batman", "Şırnak", "Bartın", "Ardahan", "Iğdır", "Yalova", "Karabük", "Kilis", "Osmaniye", "Düzce",
)

# The 30 provinces with a metropolitan municipality (büyükşehir belediyesi, law 6360 of 2012).
# In these provinces there is no "il" municipality: the büyükşehir covers the whole province.
METROPOLITAN_PROVINCES = (
    "Adana", "Ankara", "Antalya", "Aydın", "Balıkesir", "Bursa", "Denizli", "Diyarbakır", "Erzurum",
    "Eskişehir", "Gaziantep", "Hatay", "İstanbul", "İzmir", "Kahramanmaraş", "Kayseri", "Kocaeli",
    "Konya", "Malatya", "Manisa", "Mardin", "Mersin", "Muğla", "Ordu", "Sakarya", "Samsun",
    "Şanlıurfa", "Tekirdağ", "Trabzon", "Van",
)

# Promise tracker statuses (watch/promises.py): did a plan item reach year Y's programme, and did
# year Y's activity report say it was done?
PROMISE_PROGRAMMED = "programmed"                  # in the programme, same budget and target
PROMISE_PROGRAMMED_CHANGED = "programmed_changed"  # in the programme, budget or target differs
PROMISE_NOT_PROGRAMMED = "not_programmed"          # due in Y by the plan, missing from the programme
PROMISE_NOT_DUE = "not_due"                        # the plan gives it no budget/target for Y, and it is absent
PROMISE_NO_PROGRAMME = "no_programme"              # no (readable) programme for Y is archived
PROGRAMME_STATUSES = (PROMISE_PROGRAMMED, PROMISE_PROGRAMMED_CHANGED, PROMISE_NOT_PROGRAMMED, PROMISE_NOT_DUE,
                      PROMISE_NO_PROGRAMME)
PROMISE_REPORTED_DONE = "reported_done"            # status Tamamlandı, or realised >= target
PROMISE_REPORTED_NOT_DONE = "reported_not_done"    # status Devam Ediyor / Başlanmadı..., or realised < target
PROMISE_REPORTED = "reported"                      # in the report, which says nothing about completion
PROMISE_NOT_REPORTED = "not_reported"              # the report for Y does not mention it
PROMISE_NO_REPORT = "no_report"                    # no (readable) activity report for Y is archived
REPORT_STATUSES = (PROMISE_REPORTED_DONE, PROMISE_REPORTED_NOT_DONE, PROMISE_REPORTED, PROMISE_NOT_REPORTED,
                   PROMISE_NOT_DUE, PROMISE_NO_REPORT)
