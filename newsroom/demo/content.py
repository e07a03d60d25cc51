"""The organisation, its partners, the topics and the skeleton of the site, in both languages.

All organisations and people are fictional; example.org addresses are reserved for examples.
"""

from .text import PageSpec, T

ISSUER = "crd"

# The organisation that publishes the site (Settings → Organisation): the issuer above.
PROFILE = {
    "name": T("Coalition for Rights and Dignity", "تحالف الحقوق والكرامة"),
    "short_description": T(
        "Lawyers, researchers and reporters who record abuses, stand by the people who expose "
        "them and press for accountability across the region.",
        "محامون وباحثون وصحفيون يوثّقون الانتهاكات ويقفون إلى جانب من يكشفونها ويطالبون "
        "بالمساءلة في أنحاء المنطقة.",
    ),
    "contact_address": T(
        "27 Olive Tree Street, third floor\nHarbour District\nExample City 10500",
        "٢٧ شارع شجرة الزيتون، الطابق الثالث\nحي الميناء\nمدينة المثال ١٠٥٠٠",
    ),
    "footer_text": T(
        "A registered non-profit association. Everything on this site is invented for the "
        "demonstration.",
        "جمعية غير ربحية مسجَّلة. كل ما في هذا الموقع مُتخيَّل لغرض العرض.",
    ),
}
PROFILE_SETTINGS = {
    "accent_colour": "#0f5c6e",
    "website_url": "https://crd.example.org/",
    "mastodon_url": "https://social.example.org/@crd",
    "contact_email": "press@crd.example.org",
}
# The Arabic profile links to the Arabic half of the website (an overridden link).
PROFILE_ARABIC_LINKS = {"website_url": "https://crd.example.org/ar/"}
PROFILE_LOGO_TITLE = "Coalition for Rights and Dignity: logo"

# key -> name, short name, website
ORGANISATIONS = {
    "crd": (
        T("Coalition for Rights and Dignity", "تحالف الحقوق والكرامة"),
        T("CRD", "التحالف"),
        "https://crd.example.org/",
    ),
    "mfmr": (
        T("Mediterranean Forum for Migrant Rights", "المنتدى المتوسطي لحقوق المهاجرين"),
        T("MFMR", "المنتدى المتوسطي"),
        "https://mfmr.example.org/",
    ),
    "pfo": (
        T("Press Freedom Observatory", "مرصد حرية الصحافة"),
        T("PFO", "مرصد الصحافة"),
        "https://pfo.example.org/",
    ),
    "wjn": (
        T("Women's Justice Network", "شبكة العدالة للنساء"),
        T("WJN", "شبكة العدالة"),
        "https://wjn.example.org/",
    ),
    "cds": (
        T("Centre for Detainee Support", "مركز دعم المحتجزين"),
        T("CDS", "مركز الدعم"),
        "https://cds.example.org/",
    ),
}

# slug (shared by both languages) -> name, description
TOPICS = {
    "freedom-of-expression": (
        T("Freedom of expression", "حرية التعبير"),
        T(
            "The right to speak, publish and report without fear, online and offline.",
            "الحق في التعبير والنشر ونقل الأخبار دون خوف، على الإنترنت وخارجه.",
        ),
    ),
    "detention": (
        T("Arbitrary detention", "الاحتجاز التعسفي"),
        T(
            "Detention without legal basis or fair trial, and the treatment of detainees.",
            "الاحتجاز دون سند قانوني أو محاكمة عادلة، ومعاملة المحتجزين.",
        ),
    ),
    "refugees-and-migration": (
        T("Refugees and migration", "اللاجئون والهجرة"),
        T(
            "Protection for people who flee, at borders, at sea and in host countries.",
            "حماية الفارّين على الحدود وفي البحر وفي بلدان الاستقبال.",
        ),
    ),
    "womens-rights": (
        T("Women's rights", "حقوق المرأة"),
        T(
            "Equality before the law and protection from violence and discrimination.",
            "المساواة أمام القانون والحماية من العنف والتمييز.",
        ),
    ),
    "accountability": (
        T("Accountability", "المساءلة"),
        T(
            "Truth, justice and reparation for victims of serious violations.",
            "الحقيقة والعدالة وجبر الضرر لضحايا الانتهاكات الجسيمة.",
        ),
    ),
    "human-rights-defenders": (
        T("Human rights defenders", "المدافعون عن حقوق الإنسان"),
        T(
            "The people who document abuses and speak up for others, and the risks they run.",
            "من يوثّقون الانتهاكات ويرفعون الصوت دفاعًا عن غيرهم، والمخاطر التي يواجهونها.",
        ),
    ),
}

# Oldest publication date in the demo: the skeleton pages are "published" then.
SITE_AGE_DAYS = 430

HOME = PageSpec(
    key="home",
    model="content.HomePage",
    title=T("Newsroom", "المركز الإعلامي"),
    fields={
        "introduction": T(
            "Statements, news, reports and events from the Coalition for Rights and Dignity "
            "and its partner organisations across the region.",
            "بيانات تحالف الحقوق والكرامة وأخباره وتقاريره وفعالياته، ومعها أعمال "
            "المنظمات الشريكة في أنحاء المنطقة.",
        ),
        "search_description": T(
            "The newsroom of the Coalition for Rights and Dignity, in English and Arabic.",
            "المركز الإعلامي لتحالف الحقوق والكرامة، بالعربية والإنجليزية.",
        ),
    },
    days_ago=SITE_AGE_DAYS,
)

SECTIONS = [
    PageSpec(
        key="statements",
        model="content.StatementIndexPage",
        title=T("Statements", "البيانات"),
        fields={
            "introduction": T(
                "Our public positions, issued alone or jointly with partner organisations. "
                "Each statement links to its full signed text.",
                "مواقفنا العلنية، الصادرة باسمنا أو بالاشتراك مع منظمات شريكة. "
                "ويُرفق بكل بيان نصُّه الكامل الموقَّع.",
            )
        },
        days_ago=SITE_AGE_DAYS,
    ),
    PageSpec(
        key="news",
        model="content.NewsIndexPage",
        title=T("News", "الأخبار"),
        fields={
            "introduction": T(
                "What the Coalition and its members are doing, from new projects to meetings.",
                "آخر ما يقوم به التحالف وأعضاؤه، من المشاريع الجديدة إلى الاجتماعات.",
            )
        },
        days_ago=SITE_AGE_DAYS,
    ),
    PageSpec(
        key="reports",
        model="content.ReportIndexPage",
        title=T("Reports", "التقارير"),
        fields={
            "introduction": T(
                "In-depth research based on case files, interviews and official data.",
                "أبحاث معمّقة تستند إلى الملفات القضائية والمقابلات والبيانات الرسمية.",
            )
        },
        days_ago=SITE_AGE_DAYS,
    ),
    PageSpec(
        key="events",
        model="events.EventIndexPage",
        title=T("Events", "الفعاليات"),
        fields={
            "introduction": T(
                "Discussions, side events and workshops, in person and online.",
                "نقاشات وفعاليات جانبية وورش عمل، حضوريًا وعبر الإنترنت.",
            )
        },
        days_ago=SITE_AGE_DAYS,
    ),
]
