"""Demo news items and reports. Written for this project; organisations and people are fictional."""

from .text import PageSpec, T, heading, image, key_figures, paragraph, quote, table

ILLUSTRATION = T("Illustration.", "رسم توضيحي.")

NEWS = [
    PageSpec(
        # The one page without an Arabic version: its "available in" shows English only.
        key="call-for-applications-geneva-internship",
        model="content.NewsPage",
        title=T("Call for applications: advocacy internship in Geneva", ""),
        fields={
            "subtitle": T(
                "A six-month paid internship supporting our work with the UN human rights "
                "bodies. This notice is published in English only.",
                "",
            ),
        },
        days_ago=5,
        image="columns",
        topics=("accountability",),
        english_only=True,
        body=[
            paragraph(
                T(
                    "The intern will follow sessions of the Human Rights Council, help prepare "
                    "written submissions and organise side events with our partners. Fluent "
                    "English is required; Arabic or French is an advantage.",
                    "",
                )
            ),
            heading(T("How to apply", "")),
            paragraph(
                T(
                    "Send a CV and a one-page letter explaining your interest to "
                    "jobs@example.org before the end of next month.",
                    "",
                )
            ),
        ],
    ),
    PageSpec(
        key="legal-aid-desk-tunis",
        model="content.NewsPage",
        title=T(
            "Coalition opens a legal aid desk in Tunis",
            "التحالف يفتتح مكتبًا للمساعدة القانونية في تونس",
        ),
        fields={
            "subtitle": T(
                "Lawyers will give free advice to migrants, journalists and relatives of "
                "detainees three days a week.",
                "سيقدّم محامون استشارات مجانية للمهاجرين والصحفيين وأقارب المحتجزين ثلاثة "
                "أيام في الأسبوع.",
            ),
        },
        days_ago=60,
        image="circles-dusk",
        topics=("refugees-and-migration", "detention"),
        related=("stop-forced-returns-at-sea",),
        body=[
            paragraph(
                T(
                    "The desk, run with the Mediterranean Forum for Migrant Rights, is open on "
                    "Mondays, Wednesdays and Thursdays. Appointments can be made by phone or in "
                    "person, and interpreters are available for Arabic, French and English.",
                    "يعمل المكتب بالشراكة مع المنتدى المتوسطي لحقوق المهاجرين، ويفتح أبوابه "
                    "أيام الاثنين والأربعاء والخميس. ويمكن حجز المواعيد هاتفيًا أو بالحضور "
                    "شخصيًا، مع توفير الترجمة الشفوية بالعربية والفرنسية والإنجليزية.",
                )
            ),
            quote(
                T(
                    "Legal advice should not depend on what you can afford.",
                    "لا ينبغي أن يتوقف الحصول على المشورة القانونية على قدرتك على الدفع.",
                ),
                T("Sami Ben Ammar, coordinator of the desk", "سامي بن عمار، منسّق المكتب"),
            ),
        ],
    ),
    PageSpec(
        key="womens-justice-network-joins",
        model="content.NewsPage",
        title=T(
            "Women's Justice Network joins the Coalition",
            "شبكة العدالة للنساء تنضم إلى التحالف",
        ),
        fields={
            "subtitle": T(
                "The network brings ten years of experience supporting women before family and "
                "criminal courts.",
                "تحمل الشبكة معها عشر سنوات من الخبرة في دعم النساء أمام محاكم الأسرة والمحاكم "
                "الجزائية.",
            ),
        },
        days_ago=130,
        image="rose-arcs",
        topics=("womens-rights",),
        body=[
            paragraph(
                T(
                    "Members voted unanimously to admit the network, which becomes the "
                    "Coalition's ninth member organisation.",
                    "صوّت الأعضاء بالإجماع على قبول الشبكة، لتصبح المنظمة العضو التاسعة في التحالف.",
                ),
                T(
                    "Its lawyers will lead our work on women in detention and on the protection "
                    "of women human rights defenders.",
                    "وستتولّى محاميات الشبكة قيادة عملنا المتعلق بالنساء المحتجزات وبحماية "
                    "المدافعات عن حقوق الإنسان.",
                ),
            ),
        ],
    ),
    PageSpec(
        key="submission-committee-against-torture",
        model="content.NewsPage",
        title=T(
            "Our submission to the UN Committee against Torture",
            "تقريرنا الموازي إلى لجنة الأمم المتحدة لمناهضة التعذيب",
        ),
        fields={
            "subtitle": T(
                "Ahead of the Committee's review, we set out twelve questions the government "
                "should be asked.",
                "قبيل مراجعة اللجنة، نطرح اثني عشر سؤالًا ينبغي توجيهها إلى الحكومة.",
            ),
        },
        days_ago=200,
        image="threshold",
        topics=("detention", "accountability"),
        related=("accountability-for-torture",),
        body=[
            paragraph(
                T(
                    "The submission draws on interviews with former detainees, their lawyers "
                    "and forensic doctors. It focuses on the first hours of custody, when the "
                    "risk of ill-treatment is highest.",
                    "يستند التقرير إلى مقابلات مع محتجزين سابقين ومحاميهم وأطباء شرعيين، "
                    "ويركّز على الساعات الأولى من الاحتجاز، حين يبلغ خطر سوء المعاملة ذروته.",
                )
            ),
            heading(T("Main questions", "أبرز الأسئلة")),
            paragraph(
                T(
                    "Among other things, we ask how many complaints of torture were received, "
                    "how many were investigated, and why detainees are still questioned "
                    "without a lawyer.",
                    "ونسأل، من بين أمور أخرى، عن عدد شكاوى التعذيب التي وردت، وعدد ما جرى "
                    "التحقيق فيه منها، وعن سبب استمرار استجواب المحتجزين دون حضور محامٍ.",
                )
            ),
        ],
    ),
    PageSpec(
        key="members-meet-in-beirut",
        model="content.NewsPage",
        title=T(
            "Members meet in Beirut to set the year's priorities",
            "الأعضاء يجتمعون في بيروت لتحديد أولويات العام",
        ),
        fields={
            "subtitle": T(
                "Protecting defenders and the right to a lawyer from the first hour top the "
                "agenda.",
                "حماية المدافعين والحق في الاستعانة بمحامٍ منذ الساعة الأولى في صدارة جدول الأعمال.",
            ),
        },
        days_ago=330,
        image="lanterns",
        topics=("human-rights-defenders",),
        body=[
            paragraph(
                T(
                    "Representatives of all member organisations spent two days reviewing the "
                    "past year's work and agreed on three priorities: the protection of human "
                    "rights defenders, an end to incommunicado detention, and safe routes for "
                    "refugees.",
                    "أمضى ممثلو جميع المنظمات الأعضاء يومين في مراجعة عمل العام الماضي، "
                    "واتفقوا على ثلاث أولويات: حماية المدافعين عن حقوق الإنسان، وإنهاء "
                    "الاحتجاز بمعزل عن العالم الخارجي، وتأمين مسارات آمنة للاجئين.",
                )
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
]

REPORTS = [
    PageSpec(
        key="behind-closed-doors-pre-trial-detention",
        model="content.ReportPage",
        title=T(
            "Behind closed doors: pre-trial detention in the region",
            "خلف الأبواب المغلقة: الحبس الاحتياطي في المنطقة",
        ),
        fields={
            "subtitle": T(
                "Our two-year study of 300 case files shows that pre-trial detention has become "
                "the rule rather than the exception.",
                "تُظهر دراستنا التي استمرت عامين وشملت 300 ملف قضائي أن الحبس الاحتياطي بات "
                "القاعدة لا الاستثناء.",
            ),
            "key_findings": T(
                "<ul><li>Two thirds of the people in our sample were held before trial for "
                "longer than the legal maximum.</li><li>Nearly half met a lawyer for the first "
                "time at their first hearing.</li><li>In one case out of three, judges extended "
                "detention without hearing the detainee.</li></ul>",
                "<ul><li>احتُجز ثلثا الأشخاص في العيّنة قبل المحاكمة مدةً تتجاوز الحد "
                "الأقصى القانوني.</li><li>التقى نحو نصفهم محاميًا للمرة الأولى في أول جلسة "
                "لهم.</li><li>في حالة من كل ثلاث حالات، مدّد القضاة الاحتجاز دون الاستماع إلى "
                "المحتجز.</li></ul>",
            ),
        },
        days_ago=30,
        image="threshold",
        topics=("detention", "accountability"),
        related=("release-detained-journalists",),
        document=True,
        body=[
            paragraph(
                T(
                    "Pre-trial detention should be a last resort. Our review of 300 case files "
                    "from four countries shows that it is used routinely, for long periods and "
                    "often without effective judicial control.",
                    "يُفترض أن يكون الحبس الاحتياطي الملاذ الأخير. غير أن مراجعتنا لثلاثمئة "
                    "ملف قضائي من أربعة بلدان تُظهر أنه يُستخدم بصورة روتينية ولفترات طويلة، "
                    "وغالبًا دون رقابة قضائية فعلية.",
                )
            ),
            key_figures(
                T("The study in numbers", "الدراسة بالأرقام"),
                [
                    ("300", T("case files reviewed", "ملف قضائي خضع للمراجعة")),
                    (
                        "67%",
                        T(
                            "held for longer than the legal maximum",
                            "احتُجزوا مدةً تتجاوز الحد الأقصى القانوني",
                        ),
                    ),
                    (
                        "48%",
                        T(
                            "met a lawyer only at their first hearing",
                            "لم يلتقوا محاميًا إلا في أول جلسة",
                        ),
                    ),
                ],
                T("Coalition review of case files", "مراجعة التحالف للملفات القضائية"),
            ),
            table(
                T(
                    "Average time in pre-trial detention, by type of charge",
                    "متوسط مدة الحبس الاحتياطي بحسب نوع التهمة",
                ),
                [
                    ("text", T("Charge", "التهمة")),
                    ("number", T("Average months", "متوسط عدد الأشهر")),
                ],
                [
                    [T("Terrorism-related", "تهم متعلقة بالإرهاب"), "19"],
                    [T("Publishing or speech offences", "جرائم النشر والتعبير"), "8"],
                    [T("Public order", "الإخلال بالنظام العام"), "6"],
                    [T("Other charges", "تهم أخرى"), "4"],
                ],
            ),
            heading(T("Recommendations", "التوصيات")),
            paragraph(
                T(
                    "Set strict time limits and enforce them, guarantee access to a lawyer from "
                    "the moment of arrest, and require judges to hear every detainee in person "
                    "before extending detention.",
                    "وضع حدود زمنية صارمة وإنفاذها، وضمان حق الاستعانة بمحامٍ منذ لحظة "
                    "التوقيف، وإلزام القضاة بالاستماع إلى كل محتجز شخصيًا قبل تمديد احتجازه.",
                )
            ),
        ],
    ),
    PageSpec(
        key="silenced-online",
        model="content.ReportPage",
        title=T(
            "Silenced online: the digital repression of journalists",
            "إسكات على الإنترنت: القمع الرقمي للصحفيين",
        ),
        fields={
            "subtitle": T(
                "Surveillance, hacking and prosecutions over social media posts are changing "
                "what journalists dare to publish.",
                "المراقبة والاختراق والملاحقات القضائية بسبب منشورات على مواقع التواصل "
                "الاجتماعي تغيّر ما يجرؤ الصحفيون على نشره.",
            ),
            "key_findings": T(
                "<ul><li>Most of the journalists we interviewed had stopped covering at least "
                "one subject out of fear.</li><li>One in five had found evidence that their "
                "phone had been compromised.</li><li>Prosecutions over posts rose in every "
                "country we studied.</li></ul>",
                "<ul><li>توقّف معظم الصحفيين الذين قابلناهم عن تغطية موضوع واحد على الأقل "
                "خوفًا.</li><li>عثر واحد من كل خمسة منهم على أدلة على اختراق هاتفه.</li><li>"
                "ارتفع عدد الملاحقات القضائية بسبب المنشورات في جميع البلدان التي شملتها "
                "الدراسة.</li></ul>",
            ),
        },
        days_ago=180,
        image="signal-lines",
        topics=("freedom-of-expression",),
        related=("cybercrime-law-threatens-online-speech",),
        document=True,
        body=[
            paragraph(
                T(
                    "We interviewed 62 journalists working for local and international media. "
                    "Their accounts describe a newsroom culture in which self-censorship has "
                    "become a daily routine.",
                    "أجرينا مقابلات مع 62 صحفيًا وصحفيةً يعملون لدى وسائل إعلام محلية ودولية. "
                    "وتصف شهاداتهم بيئة عمل صارت فيها الرقابة الذاتية ممارسة يومية.",
                )
            ),
            key_figures(
                T("Key figures", "أرقام رئيسية"),
                [
                    ("62", T("journalists interviewed", "صحفيًا وصحفيةً قابلناهم")),
                    (
                        T("1 in 5", "1 من كل 5"),
                        T(
                            "found signs that their phone had been hacked",
                            "عثروا على مؤشرات على اختراق هواتفهم",
                        ),
                    ),
                ],
                T("Coalition interviews", "مقابلات أجراها التحالف"),
            ),
            heading(T("Recommendations", "التوصيات")),
            paragraph(
                T(
                    "Governments should stop prosecuting people for what they post, disclose "
                    "which surveillance tools they have bought, and allow independent "
                    "oversight of their use.",
                    "على الحكومات أن تكفّ عن ملاحقة الناس بسبب ما ينشرونه، وأن تكشف عن أدوات "
                    "المراقبة التي اشترتها، وأن تسمح برقابة مستقلة على استخدامها.",
                )
            ),
            image(
                "signal-lines",
                T(
                    "Abstract pattern of fine diagonal lines and a violet glow.",
                    "نمط تجريدي من خطوط مائلة رفيعة وهالة بنفسجية.",
                ),
                ILLUSTRATION,
            ),
        ],
    ),
    PageSpec(
        key="safe-passage-denied",
        model="content.ReportPage",
        title=T(
            "Safe passage denied: returns at sea",
            "العبور الآمن ممنوع: الإعادة القسرية في البحر",
        ),
        fields={
            "subtitle": T(
                "Based on 85 testimonies, this report documents how people intercepted at sea "
                "are returned to detention.",
                "يوثّق هذا التقرير، استنادًا إلى 85 شهادة، كيف يُعاد الأشخاص الذين يُعترضون "
                "في البحر إلى الاحتجاز.",
            ),
            "key_findings": T(
                "<ul><li>Most interviewees were detained on the day they were returned.</li>"
                "<li>Many said they were asked for money in exchange for their release.</li>"
                "<li>None was given a chance to explain why they feared return.</li></ul>",
                "<ul><li>احتُجز معظم من قابلناهم في يوم إعادتهم نفسه.</li><li>أفاد كثيرون "
                "منهم بأنهم طولبوا بدفع المال مقابل إطلاق سراحهم.</li><li>لم تُتح لأيٍّ منهم "
                "فرصة لشرح أسباب خوفه من الإعادة.</li></ul>",
            ),
        },
        days_ago=400,
        image="sea-horizon",
        topics=("refugees-and-migration",),
        document=True,
        body=[
            paragraph(
                T(
                    "Between them, the 85 people we interviewed had been intercepted at sea "
                    "more than 200 times. Their accounts show a cycle of interception, "
                    "detention, payment and new departures.",
                    "اعتُرض الأشخاص الخمسة والثمانون الذين قابلناهم في البحر أكثر من 200 مرة "
                    "مجتمعين. وتكشف شهاداتهم عن حلقة مفرغة من الاعتراض والاحتجاز والدفع "
                    "ومحاولات الرحيل من جديد.",
                )
            ),
            heading(T("What must change", "ما يجب أن يتغيّر")),
            paragraph(
                T(
                    "Rescue at sea must end in a place of safety. States that fund interceptions "
                    "share responsibility for what happens to the people returned.",
                    "يجب أن تنتهي عمليات الإنقاذ في البحر في مكان آمن. والدول التي تموّل عمليات "
                    "الاعتراض تتحمّل جزءًا من المسؤولية عمّا يلحق بالأشخاص الذين يُعادون.",
                )
            ),
            image(
                "sea-horizon",
                T(
                    "Abstract seascape with bands of teal under a low orange sun.",
                    "منظر بحري تجريدي بأشرطة فيروزية تحت شمس برتقالية منخفضة.",
                ),
                ILLUSTRATION,
            ),
        ],
    ),
]
