"""Demo statements. Written for this project; the organisations and people are fictional.

The statements do not name countries: the figures are the fictional coalition's own.
"""

from dataclasses import dataclass

from .text import PageSpec, T, heading, image, key_figures, paragraph, quote, table

GENEVA = T("Geneva", "جنيف")
BEIRUT = T("Beirut", "بيروت")
PARIS = T("Paris", "باريس")
TUNIS = T("Tunis", "تونس")

ILLUSTRATION = T("Illustration accompanying this statement.", "رسم توضيحي مرافق لهذا البيان.")

STATEMENTS = [
    PageSpec(
        key="release-detained-journalists",
        model="content.StatementPage",
        title=T(
            "Release all journalists held for their work",
            "أفرجوا عن جميع الصحفيين المحتجزين بسبب عملهم",
        ),
        fields={
            "subtitle": T(
                "The undersigned organisations call on the authorities across the region to "
                "free reporters held on vague security charges and to stop using pre-trial "
                "detention against the press.",
                "تدعو المنظمات الموقِّعة أدناه السلطات في أنحاء المنطقة إلى الإفراج عن "
                "الصحفيين المحتجزين بتهم أمنية فضفاضة، وإلى الكفّ عن استخدام الحبس "
                "الاحتياطي ضد الصحافة.",
            ),
            "dateline_place": BEIRUT,
        },
        days_ago=12,
        image="circles-dusk",
        topics=("freedom-of-expression", "detention"),
        issued_by="crd",
        co_signatories=("pfo", "cds", "wjn"),
        related=("behind-closed-doors-pre-trial-detention", "silenced-online"),
        document=True,
        body=[
            paragraph(
                T(
                    "Journalists should never go to prison for reporting the news. Yet our "
                    "organisations have documented a steady rise in the number of reporters, "
                    "photographers and bloggers held without trial, often for months, on "
                    "charges such as “spreading false news” or “harming national unity”.",
                    "لا ينبغي أن يدخل الصحفيون السجن بسبب نقل الأخبار. غير أن منظماتنا "
                    "وثّقت ارتفاعًا مطّردًا في عدد المراسلين والمصورين والمدونين المحتجزين "
                    "دون محاكمة، لأشهر في أحيان كثيرة، بتهم من قبيل «نشر أخبار كاذبة» أو "
                    "«المساس بالوحدة الوطنية».",
                ),
                T(
                    "Detention has become a punishment in itself. Many of those held are "
                    "eventually released without charge, but only after their work has been "
                    "interrupted and their sources frightened into silence.",
                    "لقد صار الاحتجاز عقوبةً في حد ذاته؛ إذ يُطلق سراح كثير من المحتجزين في "
                    "نهاية المطاف دون توجيه أي تهمة إليهم، ولكن بعد أن يكون عملهم قد توقّف "
                    "ومصادرهم قد لاذت بالصمت خوفًا.",
                ),
            ),
            key_figures(
                T("What we documented", "ما وثّقناه"),
                [
                    (
                        "37",
                        T(
                            "journalists in detention on the day of this statement",
                            "صحفيًا وصحفيةً قيد الاحتجاز يوم صدور هذا البيان",
                        ),
                    ),
                    (
                        T("214 days", "214 يومًا"),
                        T(
                            "average time held before a first hearing",
                            "متوسط مدة الاحتجاز قبل الجلسة الأولى",
                        ),
                    ),
                    (
                        T("9 in 10", "9 من كل 10"),
                        T(
                            "questioned for the first time without a lawyer",
                            "استُجوبوا للمرة الأولى دون حضور محامٍ",
                        ),
                    ),
                ],
                T(
                    "Documentation by the signatory organisations over the past twelve months",
                    "توثيق المنظمات الموقِّعة خلال الأشهر الاثني عشر الماضية",
                ),
            ),
            quote(
                T(
                    "Every week a journalist spends in a cell is a week in which the public "
                    "knows less.",
                    "كل أسبوع يقضيه صحفي في الزنزانة هو أسبوع يعرف فيه الناس أقل.",
                ),
                T(
                    "Leila Haddad, director of the Press Freedom Observatory",
                    "ليلى حداد، مديرة مرصد حرية الصحافة",
                ),
            ),
            image(
                "circles-dusk",
                T(
                    "Abstract composition of overlapping circles in dusk blue and sand.",
                    "تكوين تجريدي لدوائر متداخلة بلونَي الأزرق الداكن والرملي.",
                ),
                ILLUSTRATION,
            ),
            table(
                T(
                    "Journalists in detention, by time already spent in detention",
                    "الصحفيون المحتجزون بحسب المدة التي قضوها في الاحتجاز",
                ),
                [
                    ("text", T("Time in detention", "مدة الاحتجاز")),
                    ("number", T("Journalists", "عدد الصحفيين")),
                ],
                [
                    [T("Less than three months", "أقل من ثلاثة أشهر"), "11"],
                    [T("Three to twelve months", "من ثلاثة أشهر إلى اثني عشر شهرًا"), "17"],
                    [T("More than a year", "أكثر من سنة"), "9"],
                ],
            ),
            heading(T("Our demands", "مطالبنا")),
            paragraph(
                T(
                    "We call on the authorities to release, immediately and unconditionally, "
                    "every journalist held solely for their work.",
                    "ندعو السلطات إلى الإفراج الفوري وغير المشروط عن كل صحفي محتجز بسبب عمله فحسب.",
                ),
                T(
                    "We urge them to repeal or amend the false news and cybercrime laws so that "
                    "they can no longer be turned against the press, and to guarantee that "
                    "every detained person sees a lawyer from the first hour.",
                    "ونحثّها على إلغاء قوانين «الأخبار الكاذبة» والجرائم الإلكترونية أو "
                    "تعديلها بحيث لا يمكن توجيهها ضد الصحافة، وعلى ضمان حق كل محتجز في لقاء "
                    "محامٍ منذ الساعة الأولى.",
                ),
                T(
                    "Governments bear <b>full responsibility</b> for the safety of the "
                    "journalists in their custody.",
                    "وتتحمّل الحكوماتُ <b>المسؤوليةَ كاملةً</b> عن سلامة الصحفيين المحتجزين لديها.",
                ),
            ),
        ],
    ),
    PageSpec(
        key="stop-forced-returns-at-sea",
        model="content.StatementPage",
        title=T("Forced returns at sea must stop", "يجب وقف الإعادة القسرية في البحر"),
        fields={
            "subtitle": T(
                "People rescued in the Mediterranean are being handed back to places where they "
                "face detention and abuse. States must respect the principle of "
                "non-refoulement.",
                "يُعاد أشخاص أُنقذوا في البحر المتوسط إلى أماكن يتعرّضون فيها للاحتجاز وسوء "
                "المعاملة. وعلى الدول احترام مبدأ عدم الإعادة القسرية.",
            ),
            "dateline_place": GENEVA,
        },
        days_ago=40,
        image="sea-horizon",
        topics=("refugees-and-migration", "detention"),
        issued_by="crd",
        related=("safe-passage-denied",),
        document=True,
        body=[
            paragraph(
                T(
                    "Over the past months our partners have gathered the testimonies of people "
                    "who were intercepted at sea and taken back to ports where they were "
                    "detained on arrival. Several described overcrowded cells, beatings and "
                    "demands for money in exchange for their release.",
                    "خلال الأشهر الماضية، جمع شركاؤنا شهادات أشخاص اعتُرضوا في البحر وأُعيدوا "
                    "إلى موانئ احتُجزوا فيها فور وصولهم. ووصف عدد منهم زنازين مكتظة وضربًا "
                    "ومطالباتٍ بدفع المال مقابل إطلاق سراحهم.",
                )
            ),
            heading(T("What international law requires", "ما يقتضيه القانون الدولي")),
            paragraph(
                T(
                    "The principle of non-refoulement forbids returning anyone to a place where "
                    "they would face a real risk of torture, persecution or other serious harm. "
                    "It applies at sea as it does on land, whoever carries out the "
                    "interception.",
                    "يحظر مبدأ عدم الإعادة القسرية إعادة أي شخص إلى مكان يواجه فيه خطرًا "
                    "حقيقيًا بالتعرّض للتعذيب أو الاضطهاد أو غيرهما من الأذى الجسيم. وينطبق "
                    "هذا المبدأ في البحر كما ينطبق على البر، أيًّا كانت الجهة التي تنفّذ "
                    "عملية الاعتراض.",
                )
            ),
            quote(
                T(
                    "They pulled me out of the water, and two days later I was back in the "
                    "cell I had fled.",
                    "انتشلوني من الماء، وبعد يومين عدتُ إلى الزنزانة نفسها التي فررت منها.",
                ),
                T(
                    "A man returned after an interception at sea, interviewed by our partners",
                    "رجل أُعيد بعد اعتراضه في البحر، في مقابلة مع شركائنا",
                ),
            ),
            image(
                "sea-horizon",
                T(
                    "Abstract seascape with bands of teal under a low orange sun.",
                    "منظر بحري تجريدي بأشرطة فيروزية تحت شمس برتقالية منخفضة.",
                ),
                ILLUSTRATION,
            ),
            paragraph(
                T(
                    "We call on states to suspend cooperation agreements that lead to returns "
                    "to unsafe places, to publish the terms of those agreements, and to allow "
                    "independent monitors on board.",
                    "ندعو الدول إلى تعليق اتفاقيات التعاون التي تؤدي إلى الإعادة إلى أماكن غير "
                    "آمنة، وإلى نشر بنود هذه الاتفاقيات، والسماح لمراقبين مستقلين بالصعود على "
                    "متن السفن.",
                )
            ),
        ],
    ),
    PageSpec(
        key="cybercrime-law-threatens-online-speech",
        model="content.StatementPage",
        title=T(
            "A new cybercrime law threatens online speech",
            "قانون جديد للجرائم الإلكترونية يهدّد حرية التعبير على الإنترنت",
        ),
        fields={
            "subtitle": T(
                "The draft gives prosecutors broad powers to pursue posts deemed offensive to "
                "public officials. Parliament should reject it in its current form.",
                "يمنح المشروع النيابة العامة صلاحيات واسعة لملاحقة المنشورات التي تُعدّ "
                "مسيئة إلى الموظفين العموميين. وينبغي للبرلمان رفضه بصيغته الحالية.",
            ),
            "dateline_place": TUNIS,
        },
        days_ago=75,
        image="signal-lines",
        topics=("freedom-of-expression",),
        issued_by="crd",
        related=("silenced-online",),
        document=True,
        body=[
            paragraph(
                T(
                    "The draft defines offences in terms so broad that almost any critical "
                    "post could fall within them. It would let the authorities block websites "
                    "without a court order and require platforms to hand over users' data "
                    "within hours.",
                    "يعرّف المشروع الجرائم بعبارات فضفاضة إلى حدّ يجعل أي منشور ناقد تقريبًا "
                    "عرضةً للتجريم. كما يتيح للسلطات حجب المواقع دون إذن قضائي، ويُلزم "
                    "المنصات بتسليم بيانات المستخدمين في غضون ساعات.",
                )
            ),
            heading(T("Main concerns", "أبرز المخاوف")),
            table(
                T("Provisions of concern in the draft", "الأحكام المثيرة للقلق في المشروع"),
                [
                    ("text", T("Provision", "الحكم")),
                    ("text", T("Why it matters", "سبب القلق")),
                ],
                [
                    [
                        T(
                            "Article 5: insulting a public official online",
                            "المادة 5: إهانة موظف عمومي عبر الإنترنت",
                        ),
                        T(
                            "Up to two years in prison for criticism",
                            "السجن حتى سنتين بسبب الانتقاد",
                        ),
                    ],
                    [
                        T(
                            "Article 12: blocking without a court order",
                            "المادة 12: الحجب دون إذن قضائي",
                        ),
                        T("No independent review", "غياب أي رقابة مستقلة"),
                    ],
                    [
                        T(
                            "Article 19: user data handed over within 24 hours",
                            "المادة 19: تسليم بيانات المستخدمين خلال 24 ساعة",
                        ),
                        T("Exposes journalists' sources", "يكشف مصادر الصحفيين"),
                    ],
                ],
            ),
            image(
                "signal-lines",
                T(
                    "Abstract pattern of fine diagonal lines and a violet glow.",
                    "نمط تجريدي من خطوط مائلة رفيعة وهالة بنفسجية.",
                ),
                ILLUSTRATION,
            ),
            paragraph(
                T(
                    "We urge members of parliament to reject the draft and to open a genuine "
                    "consultation with journalists, lawyers and digital rights groups.",
                    "نحثّ أعضاء البرلمان على رفض المشروع وفتح باب تشاور حقيقي مع الصحفيين "
                    "والمحامين ومنظمات الحقوق الرقمية.",
                )
            ),
        ],
    ),
    PageSpec(
        key="smear-campaigns-against-women-defenders",
        model="content.StatementPage",
        title=T(
            "Smear campaigns against women defenders must end",
            "يجب وضع حدّ لحملات التشهير ضد المدافعات عن حقوق الإنسان",
        ),
        fields={
            "subtitle": T(
                "Women who document abuses are targeted by coordinated online attacks that "
                "question their morals rather than their evidence.",
                "تتعرّض النساء اللواتي يوثّقن الانتهاكات لهجمات منسّقة على الإنترنت تطعن في "
                "أخلاقهن بدلًا من مناقشة أدلّتهن.",
            ),
            "dateline_place": PARIS,
        },
        days_ago=110,
        image="rose-arcs",
        topics=("womens-rights", "human-rights-defenders"),
        issued_by="crd",
        document=True,
        body=[
            paragraph(
                T(
                    "Over the last year we have recorded dozens of coordinated campaigns "
                    "against women human rights defenders. The pattern rarely changes: private "
                    "photographs are leaked or fabricated, relatives are contacted, and the "
                    "defender is accused of betraying her country.",
                    "سجّلنا خلال العام الماضي عشرات الحملات المنسّقة ضد المدافعات عن حقوق "
                    "الإنسان. ونادرًا ما يتغيّر النمط: تُسرَّب صور خاصة أو تُفبرَك، ويُتّصل "
                    "بأفراد العائلة، وتُتّهم المدافعة بخيانة بلدها.",
                )
            ),
            key_figures(
                T("Campaigns we recorded", "الحملات التي سجّلناها"),
                [
                    (
                        "48",
                        T(
                            "coordinated campaigns against women defenders",
                            "حملة منسّقة ضد مدافعات عن حقوق الإنسان",
                        ),
                    ),
                    (
                        T("3 in 4", "3 من كل 4"),
                        T(
                            "used private or fabricated images",
                            "استُخدمت فيها صور خاصة أو مفبركة",
                        ),
                    ),
                    (
                        "0",
                        T(
                            "cases in which those responsible were prosecuted",
                            "قضية لوحق فيها المسؤولون عن الحملات",
                        ),
                    ),
                ],
                T(
                    "Coalition monitoring of social media over twelve months",
                    "رصد التحالف لمواقع التواصل الاجتماعي على مدى اثني عشر شهرًا",
                ),
            ),
            quote(
                T(
                    "They never answered what I wrote. They attacked who I am.",
                    "لم يردّوا قط على ما كتبت، بل هاجموا من أكون.",
                ),
                T(
                    "A woman defender targeted by an online campaign",
                    "مدافعة عن حقوق الإنسان استهدفتها حملة على الإنترنت",
                ),
            ),
            heading(T("What platforms and states should do", "ما ينبغي للمنصات والدول فعله")),
            paragraph(
                T(
                    "Platforms should act quickly on reports of coordinated harassment and "
                    "publish how they handle them. States should investigate campaigns that "
                    "come from official accounts or accounts linked to them.",
                    "ينبغي للمنصات أن تتعامل بسرعة مع البلاغات المتعلقة بالتحرّش المنسّق، وأن "
                    "تنشر الكيفية التي تعالجها بها. وعلى الدول التحقيق في الحملات الصادرة عن "
                    "حسابات رسمية أو حسابات مرتبطة بها.",
                ),
                T(
                    "Protecting women defenders is part of protecting women's rights as a whole.",
                    "إن حماية المدافعات جزء لا يتجزأ من حماية حقوق المرأة عمومًا.",
                ),
            ),
            image(
                "rose-arcs",
                T(
                    "Abstract composition of concentric arcs in rose and cream.",
                    "تكوين تجريدي من أقواس متّحدة المركز بلونَي الوردي والكريمي.",
                ),
                ILLUSTRATION,
            ),
        ],
    ),
    PageSpec(
        key="families-of-the-disappeared",
        model="content.StatementPage",
        title=T(
            "Families of the disappeared deserve answers",
            "من حق عائلات المفقودين أن تعرف الحقيقة",
        ),
        fields={
            "subtitle": T(
                "Years after their relatives vanished, thousands of families still do not know "
                "whether they are alive. An independent search body is long overdue.",
                "بعد سنوات من اختفاء ذويها، لا تزال آلاف العائلات لا تعرف إن كانوا على قيد "
                "الحياة. وقد طال انتظار إنشاء هيئة مستقلة للبحث عنهم.",
            ),
            "dateline_place": BEIRUT,
        },
        days_ago=160,
        image="lanterns",
        topics=("accountability", "detention"),
        issued_by="crd",
        related=("accountability-for-torture",),
        document=True,
        body=[
            paragraph(
                T(
                    "Mothers, wives and children of the disappeared have spent years going "
                    "from prison to prison and from office to office. They are owed the truth "
                    "about what happened, and the return of their relatives' remains where "
                    "they have died.",
                    "أمضت أمهات المفقودين وزوجاتهم وأبناؤهم سنوات يتنقّلون من سجن إلى سجن ومن "
                    "دائرة إلى أخرى. ومن حقهم معرفة الحقيقة بشأن ما جرى، واستعادة رفات ذويهم "
                    "إن كانوا قد فارقوا الحياة.",
                )
            ),
            heading(T("An independent search body", "هيئة مستقلة للبحث")),
            paragraph(
                T(
                    "We call for a body independent of the security services, with access to "
                    "every place of detention and every archive, in which families are "
                    "represented.",
                    "ندعو إلى إنشاء هيئة مستقلة عن الأجهزة الأمنية، تتمتّع بصلاحية الوصول إلى "
                    "جميع أماكن الاحتجاز وجميع الأرشيفات، وتُمثَّل فيها العائلات.",
                )
            ),
            quote(
                T(
                    "We are not asking for revenge. We are asking where our sons are.",
                    "لا نطلب انتقامًا، بل نسأل أين أبناؤنا.",
                ),
                T(
                    "A member of a families' association",
                    "عضوة في إحدى جمعيات العائلات",
                ),
            ),
            image(
                "lanterns",
                T(
                    "Abstract composition of glowing amber shapes on a deep indigo ground.",
                    "تكوين تجريدي لأشكال كهرمانية مضيئة على خلفية نيلية داكنة.",
                ),
                ILLUSTRATION,
            ),
        ],
    ),
    PageSpec(
        key="universal-periodic-review-commitments",
        model="content.StatementPage",
        title=T(
            "After the Universal Periodic Review, commitments must become action",
            "بعد الاستعراض الدوري الشامل: يجب أن تتحوّل الالتزامات إلى أفعال",
        ),
        fields={
            "subtitle": T(
                "The government accepted most recommendations on detention and free "
                "expression. We will track their implementation one by one.",
                "قبلت الحكومة معظم التوصيات المتعلقة بالاحتجاز وحرية التعبير، وسنتابع تنفيذها "
                "توصيةً توصية.",
            ),
            "dateline_place": GENEVA,
        },
        days_ago=220,
        image="columns",
        topics=("accountability",),
        issued_by="crd",
        document=True,
        body=[
            paragraph(
                T(
                    "When the outcome of its review was adopted in Geneva, the government "
                    "accepted 142 of the 210 recommendations it had received. Accepting a "
                    "recommendation is a promise, not an achievement.",
                    "عند اعتماد نتائج الاستعراض في جنيف، قبلت الحكومة 142 توصية من أصل 210 "
                    "توصيات تلقّتها. غير أن قبول التوصية وعدٌ وليس إنجازًا.",
                )
            ),
            table(
                T("Recommendations by theme", "التوصيات بحسب الموضوع"),
                [
                    ("text", T("Theme", "الموضوع")),
                    ("number", T("Received", "الواردة")),
                    ("number", T("Accepted", "المقبولة")),
                ],
                [
                    [T("Detention and torture", "الاحتجاز والتعذيب"), "48", "31"],
                    [T("Freedom of expression", "حرية التعبير"), "37", "19"],
                    [T("Women's rights", "حقوق المرأة"), "41", "33"],
                    [T("Other themes", "مواضيع أخرى"), "84", "59"],
                ],
            ),
            heading(T("How we will follow up", "كيف سنتابع التنفيذ")),
            paragraph(
                T(
                    "Every six months we will publish a table showing progress on each "
                    "accepted recommendation, based on official sources and on reports from "
                    "our partners.",
                    "سننشر كل ستة أشهر جدولًا يبيّن مدى التقدّم في تنفيذ كل توصية مقبولة، "
                    "استنادًا إلى المصادر الرسمية وإلى تقارير شركائنا.",
                )
            ),
            image(
                "columns",
                T(
                    "Abstract composition of soft columns of light on a green gradient.",
                    "تكوين تجريدي لأعمدة ضوء ناعمة على تدرّج أخضر.",
                ),
                ILLUSTRATION,
            ),
        ],
    ),
    PageSpec(
        key="lift-travel-bans-on-defenders",
        model="content.StatementPage",
        title=T(
            "Lift the travel bans on human rights defenders",
            "ارفعوا حظر السفر عن المدافعين عن حقوق الإنسان",
        ),
        fields={
            "subtitle": T(
                "At least fifteen defenders have been stopped at airports in recent months "
                "without any court decision. The bans are a punishment without trial.",
                "مُنع ما لا يقل عن خمسة عشر مدافعًا ومدافعة من السفر في المطارات خلال الأشهر "
                "الأخيرة دون أي قرار قضائي. وهذا الحظر عقوبة بلا محاكمة.",
            ),
            "dateline_place": PARIS,
        },
        days_ago=290,
        image="departure",
        topics=("human-rights-defenders",),
        issued_by="crd",
        document=True,
        body=[
            paragraph(
                T(
                    "Travel bans are rarely announced. Defenders discover them at the airport, "
                    "when an officer hands back their passport and tells them they cannot "
                    "board. Many are never told who issued the ban or how to challenge it.",
                    "نادرًا ما يُعلَن عن حظر السفر؛ إذ يكتشفه المدافعون في المطار حين يعيد "
                    "إليهم أحد الموظفين جوازات سفرهم ويبلغهم بأنه لا يمكنهم الصعود إلى الطائرة. "
                    "ولا يُبلَّغ كثيرون منهم أبدًا بالجهة التي أصدرت الحظر أو بسبل الطعن فيه.",
                )
            ),
            key_figures(
                T("Travel bans in recent months", "حظر السفر في الأشهر الأخيرة"),
                [
                    (
                        "15",
                        T(
                            "defenders stopped at airports",
                            "مدافعًا ومدافعةً مُنعوا من السفر في المطارات",
                        ),
                    ),
                    ("0", T("bans based on a court decision", "حالة حظر استندت إلى قرار قضائي")),
                ],
                T("Cases documented by the Coalition", "حالات وثّقها التحالف"),
            ),
            quote(
                T(
                    "I was on my way to a conference on women's health. I never found out why "
                    "I could not leave.",
                    "كنت متوجهةً إلى مؤتمر حول صحة المرأة، ولم أعرف قط لماذا مُنعت من المغادرة.",
                ),
                T("A lawyer banned from travelling", "محامية ممنوعة من السفر"),
            ),
            paragraph(
                T(
                    "We call on the authorities to lift every ban imposed without a judicial "
                    "decision and to tell each person concerned the legal basis of any "
                    "restriction.",
                    "ندعو السلطات إلى رفع كل حظر فُرض دون قرار قضائي، وإلى إبلاغ كل شخص معنيّ "
                    "بالأساس القانوني لأي قيد يُفرض عليه.",
                )
            ),
            image(
                "departure",
                T(
                    "Abstract composition of diagonal bands and small white circles.",
                    "تكوين تجريدي من أشرطة مائلة ودوائر بيضاء صغيرة.",
                ),
                ILLUSTRATION,
            ),
        ],
    ),
    PageSpec(
        key="accountability-for-torture",
        model="content.StatementPage",
        title=T(
            "Torture survivors are still waiting for justice",
            "لا يزال الناجون من التعذيب ينتظرون العدالة",
        ),
        fields={
            "subtitle": T(
                "Complaints of torture are rarely investigated and almost never reach a "
                "courtroom. Impunity tells those responsible that abuse is tolerated.",
                "نادرًا ما يُحقَّق في شكاوى التعذيب، ولا تكاد تصل إلى المحاكم. والإفلات من "
                "العقاب يقول للمسؤولين عن الانتهاكات إنها مقبولة.",
            ),
            "dateline_place": GENEVA,
        },
        days_ago=385,
        image="threshold",
        topics=("detention", "accountability"),
        issued_by="crd",
        related=("families-of-the-disappeared", "submission-committee-against-torture"),
        document=True,
        body=[
            paragraph(
                T(
                    "Of the 120 torture complaints our lawyers filed for their clients over "
                    "the past three years, fewer than one in ten led to an investigation, and "
                    "none has yet ended in a conviction.",
                    "من بين 120 شكوى تعذيب قدّمها محامونا نيابةً عن موكّليهم خلال السنوات "
                    "الثلاث الماضية، لم يُفضِ إلى تحقيق سوى أقل من واحدة من كل عشر، ولم تنتهِ "
                    "أيٌّ منها حتى الآن بإدانة.",
                ),
                T(
                    "The prohibition of torture is absolute: no emergency and no order from a "
                    "superior can justify it.",
                    "إنّ حظرَ التَّعذيبِ مُطلَقٌ، فلا حالةُ طوارئ ولا أمرٌ من رئيس يمكن أن يبرّره.",
                ),
            ),
            table(
                T(
                    "Outcome of the torture complaints filed by our lawyers",
                    "مآل شكاوى التعذيب التي قدّمها محامونا",
                ),
                [
                    ("text", T("Outcome", "المآل")),
                    ("number", T("Complaints", "عدد الشكاوى")),
                ],
                [
                    [T("No response", "لم يصدر أي رد"), "71"],
                    [T("Closed without investigation", "حُفظت دون تحقيق"), "38"],
                    [T("Investigation opened", "فُتح تحقيق"), "11"],
                    [T("Conviction", "صدر حكم بالإدانة"), "0"],
                ],
            ),
            heading(T("Ending impunity", "وضع حدّ للإفلات من العقاب")),
            paragraph(
                T(
                    "Prosecutors must open an investigation whenever there are reasonable "
                    "grounds to believe that torture took place, and forensic doctors must be "
                    "able to examine detainees without security officers in the room.",
                    "يجب على النيابة العامة فتح تحقيق كلما توافرت أسباب معقولة للاعتقاد بوقوع "
                    "التعذيب، ويجب تمكين الأطباء الشرعيين من فحص المحتجزين دون حضور عناصر "
                    "الأمن.",
                )
            ),
            quote(
                T(
                    "The marks on my body healed. What has not healed is knowing that the men "
                    "who did this still go to work every morning.",
                    "التأمت الجروح على جسدي، لكن ما لم يلتئم هو علمي بأن من فعلوا ذلك ما زالوا "
                    "يذهبون إلى عملهم كل صباح.",
                ),
                T(
                    "A survivor supported by the Centre for Detainee Support",
                    "ناجٍ يتلقّى الدعم من مركز دعم المحتجزين",
                ),
            ),
            image(
                "threshold",
                T(
                    "Abstract composition of a tall rectangle of warm light in a dark field.",
                    "تكوين تجريدي لمستطيل طويل من الضوء الدافئ في مساحة داكنة.",
                ),
                ILLUSTRATION,
            ),
        ],
    ),
]


@dataclass(frozen=True)
class Correction:
    key: str
    subtitle: str
    paragraph: str


# Published in English after the Arabic translation was made, so the demo has one outdated
# pair to try the translation workflow on (see DemoLoader.publish_correction).
CORRECTION = Correction(
    key="stop-forced-returns-at-sea",
    subtitle=(
        "People rescued in the Mediterranean are being handed back to places where they face "
        "detention and abuse. States must respect the principle of non-refoulement and let "
        "independent monitors on board."
    ),
    paragraph=(
        "Update: since this statement was issued, our partners have documented eleven more "
        "returns from the same stretch of sea."
    ),
)
