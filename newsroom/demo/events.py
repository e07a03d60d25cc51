"""Demo events and an invitation. Dates are relative to the day the demo is loaded.

``schedule`` is (days from today, local start time, duration in minutes, time zone): two
events lie ahead, two in the past.
"""

from .text import PageSpec, T, heading, paragraph

INVITATION = PageSpec(
    key="invitation",
    model="events.InvitationPage",
    title=T("Invitation: Civic space under pressure", "دعوة: الفضاء المدني تحت الضغط"),
    fields={
        "subtitle": T(
            "You are invited to our side event at the Brussels pledging conference.",
            "يسرّنا أن ندعوكم إلى فعاليتنا الجانبية على هامش مؤتمر بروكسل للمانحين.",
        ),
        "invitation_text": T(
            "<p>The Coalition for Rights and Dignity and the Mediterranean Forum for Migrant "
            "Rights request the pleasure of your company at a side event on the protection of "
            "civic space.</p><p>Light refreshments will be served after the discussion. Please "
            "bring an identity document to enter the building.</p>",
            "<p>يتشرّف تحالف الحقوق والكرامة والمنتدى المتوسطي لحقوق المهاجرين بدعوتكم إلى "
            "حضور فعالية جانبية حول حماية الفضاء المدني.</p><p>ستُقدَّم ضيافة خفيفة بعد "
            "النقاش. يُرجى إحضار وثيقة هوية لدخول المبنى.</p>",
        ),
        "hosts": T(
            "Coalition for Rights and Dignity and Mediterranean Forum for Migrant Rights",
            "تحالف الحقوق والكرامة والمنتدى المتوسطي لحقوق المهاجرين",
        ),
    },
    days_ago=8,
    image="departure",
    topics=("human-rights-defenders",),
    body=[
        paragraph(
            T(
                "Places are limited. Please register with the form on this page: we confirm "
                "each seat by email, with a calendar invitation.",
                "عدد المقاعد محدود. يُرجى التسجيل عبر الاستمارة في هذه الصفحة، وسنؤكّد كل "
                "مقعد بالبريد الإلكتروني مع دعوة تقويم.",
            )
        ),
    ],
)

EVENTS = [
    PageSpec(
        key="civic-space-side-event-brussels",
        model="events.EventPage",
        title=T(
            "Civic space under pressure: a side event at the Brussels pledging conference",
            "الفضاء المدني تحت الضغط: فعالية جانبية على هامش مؤتمر بروكسل للمانحين",
        ),
        fields={
            "subtitle": T(
                "Partners from the region discuss how donors can protect the organisations "
                "they fund.",
                "شركاء من المنطقة يناقشون كيف يمكن للمانحين حماية المنظمات التي يموّلونها.",
            ),
            "venue_name": T("Maison des Associations Internationales", "دار الجمعيات الدولية"),
            "venue_address": T(
                "Rue Washington 40, 1050 Brussels, Belgium",
                "40 شارع واشنطن، 1050 بروكسل، بلجيكا",
            ),
            "online_url": "https://events.example.org/civic-space",
        },
        # Open now, 40 seats, then a waiting list.
        sign_ups={"capacity": 40},
        questions=(
            {
                "label": T(
                    "In which language will you follow the discussion?",
                    "بأي لغة ستتابعون النقاش؟",
                ),
                "kind": "choice",
                "choices": T("Arabic\nEnglish\nFrench", "العربية\nالإنجليزية\nالفرنسية"),
                "required": True,
                "help_text": T(
                    "We book interpreters' headsets accordingly.",
                    "نحجز سماعات الترجمة الفورية على هذا الأساس.",
                ),
            },
            {
                "label": T(
                    "I need step-free access to the room",
                    "أحتاج إلى مدخل خالٍ من الدرج إلى القاعة",
                ),
                "kind": "checkbox",
                "required": False,
                "help_text": T("", ""),
                "choices": T("", ""),
            },
        ),
        days_ago=10,
        schedule=(24, "13:00", 90, "Europe/Brussels"),
        image="departure",
        topics=("human-rights-defenders", "accountability"),
        organisers=("crd", "mfmr"),
        children=[INVITATION],
        body=[
            paragraph(
                T(
                    "Donor conferences pledge large sums for humanitarian aid and recovery. Far "
                    "less attention goes to the local organisations that deliver much of that "
                    "aid and that face growing restrictions on registration, funding and "
                    "travel.",
                    "تتعهّد مؤتمرات المانحين بمبالغ كبيرة للمساعدات الإنسانية والتعافي، في حين لا "
                    "تحظى المنظمات المحلية إلا باهتمام أقل بكثير، مع أنها تتولّى إيصال جزء كبير "
                    "من هذه المساعدات وتواجه قيودًا متزايدة على التسجيل والتمويل والسفر.",
                )
            ),
            heading(T("Speakers", "المتحدثون")),
            paragraph(
                T(
                    "Speakers include representatives of the Coalition, the Mediterranean Forum "
                    "for Migrant Rights and the Women's Justice Network, and a representative "
                    "of a donor government. Interpretation between Arabic, English and French "
                    "will be provided.",
                    "ومن بين المتحدثين ممثلون عن التحالف والمنتدى المتوسطي لحقوق المهاجرين "
                    "وشبكة العدالة للنساء، إضافةً إلى ممثل عن إحدى الحكومات المانحة. وستتوفر "
                    "الترجمة الفورية بين العربية والإنجليزية والفرنسية.",
                )
            ),
        ],
    ),
    PageSpec(
        key="online-discussion-pre-trial-detention",
        model="events.EventPage",
        title=T(
            "Online discussion: what the pre-trial detention study tells us",
            "نقاش عبر الإنترنت: ماذا تكشف دراسة الحبس الاحتياطي؟",
        ),
        fields={
            "subtitle": T(
                "The authors of our report present their findings and answer questions from "
                "lawyers and journalists.",
                "يعرض معدّو تقريرنا نتائجهم ويجيبون عن أسئلة المحامين والصحفيين.",
            ),
            "online_url": "https://events.example.org/pre-trial-detention",
        },
        sign_ups={},
        questions=(
            {
                "label": T(
                    "What would you like to ask the authors?",
                    "ما السؤال الذي تودّون طرحه على معدّي التقرير؟",
                ),
                "kind": "text",
                "required": False,
                "help_text": T(
                    "Optional. We group similar questions before the discussion.",
                    "اختياري. نجمع الأسئلة المتشابهة قبل النقاش.",
                ),
                "choices": T("", ""),
            },
        ),
        days_ago=20,
        schedule=(45, "17:00", 75, "Asia/Beirut"),
        image="threshold",
        topics=("detention",),
        organisers=("crd", "cds"),
        related=("behind-closed-doors-pre-trial-detention",),
        body=[
            paragraph(
                T(
                    "The discussion will be held in Arabic with simultaneous interpretation into "
                    "English. Registration is free and open to all.",
                    "سيُعقد النقاش باللغة العربية مع ترجمة فورية إلى الإنجليزية، والتسجيل "
                    "مجاني ومفتوح للجميع.",
                )
            ),
        ],
    ),
    PageSpec(
        key="defenders-in-exile-panel-geneva",
        model="events.EventPage",
        title=T(
            "Panel at the Human Rights Council: defenders in exile",
            "ندوة على هامش مجلس حقوق الإنسان: المدافعون في المنفى",
        ),
        fields={
            "subtitle": T(
                "Defenders forced to leave their countries describe the pressure that follows "
                "them abroad.",
                "مدافعون ومدافعات اضطُرّوا إلى مغادرة بلدانهم يصفون الضغوط التي تلاحقهم في الخارج.",
            ),
            "venue_name": T("Palais des Nations, Room XXIV", "قصر الأمم، القاعة الرابعة والعشرون"),
            "venue_address": T(
                "Avenue de la Paix 8-14, 1211 Geneva, Switzerland",
                "8-14 جادة السلام، 1211 جنيف، سويسرا",
            ),
        },
        days_ago=180,
        schedule=(-150, "12:00", 60, "Europe/Zurich"),
        image="columns",
        topics=("human-rights-defenders",),
        organisers=("crd",),
        body=[
            paragraph(
                T(
                    "Leaving the country does not always mean leaving danger behind. Panellists "
                    "described surveillance, threats against relatives who stayed at home, and "
                    "requests for their extradition.",
                    "لا تعني مغادرة البلاد دائمًا النجاة من الخطر. فقد تحدّث المشاركون عن "
                    "المراقبة، والتهديدات التي تطال أقاربهم الذين بقوا في الوطن، وطلبات "
                    "تسليمهم.",
                )
            ),
        ],
    ),
    PageSpec(
        key="digital-safety-workshop-tunis",
        model="events.EventPage",
        title=T(
            "Workshop: digital safety for women journalists",
            "ورشة عمل: السلامة الرقمية للصحفيات",
        ),
        fields={
            "subtitle": T(
                "Two days of practical training on protecting accounts, devices and sources.",
                "يومان من التدريب العملي على حماية الحسابات والأجهزة والمصادر.",
            ),
            "venue_name": T("Coalition office, Tunis", "مكتب التحالف في تونس"),
            "venue_address": T(
                "Tunis city centre (the address is sent to participants)",
                "وسط مدينة تونس (يُرسَل العنوان إلى المشاركات)",
            ),
        },
        days_ago=300,
        schedule=(-270, "09:30", 1890, "Africa/Tunis"),
        image="rose-arcs",
        topics=("womens-rights", "freedom-of-expression"),
        organisers=("pfo", "wjn"),
        body=[
            paragraph(
                T(
                    "Twenty journalists took part. Trainers from the Press Freedom Observatory "
                    "covered secure messaging, two-step verification and how to recognise "
                    "targeted phishing.",
                    "شاركت في الورشة عشرون صحفية. وتناول مدرّبون من مرصد حرية الصحافة الرسائل "
                    "المشفّرة، والتحقق بخطوتين، وكيفية التعرّف على رسائل التصيّد الموجّهة.",
                )
            ),
        ],
    ),
]
