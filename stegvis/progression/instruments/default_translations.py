"""Draft translations of the default ``progressionskort`` into the participant languages.

Written from the plain Swedish in :mod:`stegvis.progression.defaults`, keeping the same short
sentences and everyday words, but without a native speaker of each language checking them.
They are therefore installed with ``needs_review=True`` and the pages say so, until someone who
has the language as mother tongue has read them and ticked the box on the translation page.

Only participant-facing texts are translated (``PARTICIPANT_INSTRUMENT_FIELDS`` and
``PARTICIPANT_ITEM_FIELDS``); the staff question stays Swedish because staff pages are Swedish.
Tigrinya and Arabic address the reader in the masculine singular, as printed forms usually do.

Kept as data so the migration that installs them and the tests read the same rows.
"""

INSTRUMENT_CODE = "progressionskort"

# The order of the tuples in ``items`` below.
ITEM_FIELDS = ("dimension", "text", "low_label", "mid_label", "high_label")

TRANSLATIONS = {
    "en": {
        "name": "Progress card",
        "description": (
            "Ten questions about how close you feel to work or studies. Answer from 1 to 10. "
            "There are no right or wrong answers. We ask again after three months and see what has changed."
        ),
        "items": {
            "q1": (
                "Knowing the way to a job",
                "Do you know what you can do to get a job?",
                "I do not know at all",
                "I know a little",
                "I know exactly what to do",
            ),
            "q2": (
                "My skills",
                "Do you think that what you know is needed at a workplace?",
                "No, not at all",
                "Yes, a little",
                "Yes, absolutely",
            ),
            "q3": (
                "Managing a job",
                "Do you think you can manage to work?",
                "No, not at all",
                "Maybe",
                "Yes, completely sure",
            ),
            "q4": (
                "Time in daily life",
                "Do you have time in your daily life to look for work, study or take part in activities?",
                "No, no time",
                "A little time",
                "Yes, plenty of time",
            ),
            "q5": (
                "Health",
                "How do you feel in your body and in your mind when you think about working?",
                "I feel very bad",
                "It is okay",
                "I feel very good",
            ),
            "q6": (
                "Support from others",
                "Do you get help from family, friends or others when you need it?",
                "No, never",
                "Sometimes",
                "Yes, always",
            ),
            "q7": (
                "Talking to new people",
                "Is it easy for you to talk to people you do not know?",
                "No, very hard",
                "Sometimes",
                "Yes, very easy",
            ),
            "q8": (
                "Working together",
                "Are you good at working together with others?",
                "No, not at all",
                "Quite good",
                "Yes, very good",
            ),
            "q9": (
                "Managing studies",
                "Do you think you could manage to study or do something else every day?",
                "No, not at all",
                "Maybe",
                "Yes, completely sure",
            ),
            "q10": (
                "Knowing what work I want",
                "Do you know what work you want to do?",
                "No, no idea",
                "I have some ideas",
                "Yes, I know exactly",
            ),
        },
    },
    "ar": {
        "name": "بطاقة التقدّم",
        "description": (
            "عشرة أسئلة عن مدى قربك من العمل أو الدراسة. أجب من 1 إلى 10. "
            "لا توجد إجابات صحيحة أو خاطئة. سنسألك مرة أخرى بعد ثلاثة أشهر لنرى ما الذي تغيّر."
        ),
        "items": {
            "q1": (
                "معرفة الطريق إلى العمل",
                "هل تعرف ما يمكنك فعله للحصول على عمل؟",
                "لا أعرف أبدًا",
                "أعرف قليلًا",
                "أعرف تمامًا ما يجب أن أفعله",
            ),
            "q2": (
                "معارفي",
                "هل تعتقد أن ما تعرفه مطلوب في مكان العمل؟",
                "لا، أبدًا",
                "نعم، قليلًا",
                "نعم، بالتأكيد",
            ),
            "q3": (
                "القدرة على العمل",
                "هل تعتقد أنك تستطيع أن تعمل؟",
                "لا، أبدًا",
                "ربما",
                "نعم، متأكد تمامًا",
            ),
            "q4": (
                "الوقت في الحياة اليومية",
                "هل لديك وقت في حياتك اليومية للبحث عن عمل أو للدراسة أو للمشاركة في الأنشطة؟",
                "لا، ليس لدي وقت",
                "قليل من الوقت",
                "نعم، لدي وقت كثير",
            ),
            "q5": (
                "الصحة",
                "كيف تشعر في جسمك وفي نفسك عندما تفكر في العمل؟",
                "أشعر بسوء شديد",
                "لا بأس",
                "أشعر أنني بخير تمامًا",
            ),
            "q6": (
                "الدعم من الآخرين",
                "هل تحصل على مساعدة من العائلة أو الأصدقاء أو غيرهم عندما تحتاجها؟",
                "لا، أبدًا",
                "أحيانًا",
                "نعم، دائمًا",
            ),
            "q7": (
                "التحدث مع أشخاص جدد",
                "هل من السهل عليك أن تتحدث مع أشخاص لا تعرفهم؟",
                "لا، صعب جدًا",
                "أحيانًا",
                "نعم، سهل جدًا",
            ),
            "q8": (
                "التعاون",
                "هل أنت جيد في التعاون مع الآخرين؟",
                "لا، أبدًا",
                "جيد إلى حد ما",
                "نعم، جيد جدًا",
            ),
            "q9": (
                "القدرة على الدراسة",
                "هل تعتقد أنك تستطيع أن تدرس أو تقوم بنشاط آخر كل يوم؟",
                "لا، أبدًا",
                "ربما",
                "نعم، متأكد تمامًا",
            ),
            "q10": (
                "معرفة العمل الذي أريده",
                "هل تعرف ما العمل الذي تريد أن تعمل فيه؟",
                "لا، ليست لدي أي فكرة",
                "لدي بعض الأفكار",
                "نعم، أعرف تمامًا",
            ),
        },
    },
    "prs": {
        "name": "کارت پیشرفت",
        "description": (
            "ده سوال در باره اینکه خود را چقدر به کار یا تحصیل نزدیک احساس می‌کنید. از 1 تا 10 جواب بدهید. "
            "جواب درست یا غلط وجود ندارد. بعد از سه ماه دوباره می‌پرسیم و می‌بینیم که چه چیزی تغییر کرده است."
        ),
        "items": {
            "q1": (
                "دانستن راه رسیدن به کار",
                "آیا می‌دانید برای پیدا کردن کار چه کاری می‌توانید بکنید؟",
                "اصلاً نمی‌دانم",
                "کمی می‌دانم",
                "دقیقاً می‌دانم که چه کار کنم",
            ),
            "q2": (
                "دانش من",
                "آیا فکر می‌کنید چیزهایی که بلد هستید در محل کار به درد می‌خورد؟",
                "نه، اصلاً",
                "بلی، کمی",
                "بلی، حتماً",
            ),
            "q3": (
                "توانایی کار کردن",
                "آیا فکر می‌کنید که می‌توانید کار کنید؟",
                "نه، اصلاً",
                "شاید",
                "بلی، کاملاً مطمئن هستم",
            ),
            "q4": (
                "وقت در زندگی روزمره",
                "آیا در زندگی روزمره وقت دارید که دنبال کار بگردید، درس بخوانید یا در فعالیت‌ها شرکت کنید؟",
                "نه، هیچ وقت ندارم",
                "کمی وقت دارم",
                "بلی، وقت زیاد دارم",
            ),
            "q5": (
                "صحت",
                "وقتی به کار کردن فکر می‌کنید، از نظر جسمی و روحی چطور هستید؟",
                "خیلی بد هستم",
                "بد نیستم",
                "خیلی خوب هستم",
            ),
            "q6": (
                "کمک از دیگران",
                "آیا وقتی به کمک ضرورت دارید، از خانواده، دوستان یا دیگران کمک می‌گیرید؟",
                "نه، هرگز",
                "گاهی",
                "بلی، همیشه",
            ),
            "q7": (
                "صحبت با آدم‌های نو",
                "آیا برای شما آسان است که با کسانی که نمی‌شناسید صحبت کنید؟",
                "نه، خیلی سخت است",
                "گاهی",
                "بلی، خیلی آسان است",
            ),
            "q8": ("همکاری", "آیا در همکاری با دیگران خوب هستید؟", "نه، اصلاً", "نسبتاً خوب", "بلی، خیلی خوب"),
            "q9": (
                "توانایی درس خواندن",
                "آیا فکر می‌کنید که می‌توانید هر روز درس بخوانید یا کار دیگری انجام بدهید؟",
                "نه، اصلاً",
                "شاید",
                "بلی، کاملاً مطمئن هستم",
            ),
            "q10": (
                "دانستن کاری که می‌خواهم",
                "آیا می‌دانید که چه کاری می‌خواهید بکنید؟",
                "نه، هیچ نظری ندارم",
                "چند فکر دارم",
                "بلی، دقیقاً می‌دانم",
            ),
        },
    },
    "so": {
        "name": "Kaarka horumarka",
        "description": (
            "Toban su'aalood oo ku saabsan sida aad ugu dhow tahay shaqo ama waxbarasho. Ka jawaab 1 ilaa 10. "
            "Ma jiraan jawaabo sax ah ama khalad ah. Saddex bilood kadib ayaan mar kale ku weydiin doonnaa "
            "si aan u aragno waxa isbeddelay."
        ),
        "items": {
            "q1": (
                "Garashada jidka shaqada",
                "Ma taqaannaa waxa aad samayn karto si aad shaqo u hesho?",
                "Gabi ahaanba ma garanayo",
                "Wax yar ayaan garanayaa",
                "Si fiican ayaan u garanayaa waxa aan samaynayo",
            ),
            "q2": (
                "Aqoontayda",
                "Ma u malaynaysaa in waxa aad taqaanno loogu baahan yahay goob shaqo?",
                "Maya, gabi ahaanba",
                "Haa, wax yar",
                "Haa, hubaal",
            ),
            "q3": (
                "Awoodda shaqada",
                "Ma u malaynaysaa inaad shaqayn karto?",
                "Maya, gabi ahaanba",
                "Laga yaabee",
                "Haa, waan hubaa",
            ),
            "q4": (
                "Waqtiga nolol maalmeedka",
                "Ma haysataa waqti aad ku raadiso shaqo, wax ku barato ama uga qayb gasho hawlo?",
                "Maya, waqti ma haysto",
                "Waqti yar",
                "Haa, waqti badan",
            ),
            "q5": (
                "Caafimaadka",
                "Sidee tahay jir ahaan iyo maskax ahaan, markaad ka fikirto shaqo?",
                "Aad baan u xumahay",
                "Caadi",
                "Aad baan u fiicanahay",
            ),
            "q6": (
                "Taageerada dadka kale",
                "Ma ka heshaa caawimaad qoyska, saaxiibada ama dad kale markaad u baahato?",
                "Maya, marna",
                "Mararka qaarkood",
                "Haa, had iyo jeer",
            ),
            "q7": (
                "La hadlidda dad cusub",
                "Ma kuu fududahay inaad la hadasho dad aadan aqoon?",
                "Maya, aad bay u adag tahay",
                "Mararka qaarkood",
                "Haa, aad bay u fududahay",
            ),
            "q8": (
                "Wada shaqaynta",
                "Ma ku fiican tahay inaad la shaqayso dadka kale?",
                "Maya, gabi ahaanba",
                "Si dhexdhexaad ah",
                "Haa, aad baan ugu fiicanahay",
            ),
            "q9": (
                "Awoodda waxbarashada",
                "Ma u malaynaysaa inaad maalin kasta wax baran karto ama wax kale samayn karto?",
                "Maya, gabi ahaanba",
                "Laga yaabee",
                "Haa, waan hubaa",
            ),
            "q10": (
                "Garashada shaqada aan rabo",
                "Ma taqaannaa shaqada aad rabto inaad qabato?",
                "Maya, wax fikrad ah ma haysto",
                "Fikrado yar ayaan haystaa",
                "Haa, si fiican ayaan u garanayaa",
            ),
        },
    },
    "ti": {
        "name": "ካርድ ምዕባለ",
        "description": (
            "ክንደይ ንስራሕ ወይ ንትምህርቲ ቀረባ ከም ዝኾንካ ዝሓትቱ ዓሰርተ ሕቶታት። ካብ 1 ክሳብ 10 መልሲ ሃብ። "
            "ቅኑዕ ወይ ጌጋ መልሲ የለን። ድሕሪ ሰለስተ ወርሒ ደጊምና ክንሓተካን እንታይ ከም ዝተቐየረ ክንርኢን ኢና።"
        ),
        "items": {
            "q1": (
                "መንገዲ ናብ ስራሕ ምፍላጥ",
                "ስራሕ ንምርካብ እንታይ ክትገብር ከም እትኽእል ትፈልጥ ዶ?",
                "ፈጺመ ኣይፈልጥን",
                "ቁሩብ እፈልጥ",
                "እንታይ ክገብር ከም ዘለኒ ብልክዕ እፈልጥ",
            ),
            "q2": ("ፍልጠተይ", "እቲ እትፈልጦ ኣብ ቦታ ስራሕ የድሊ እዩ ኢልካ ትሓስብ ዶ?", "ኣይፋል፣ ፈጺሙ", "እወ፣ ቁሩብ", "እወ፣ ብርግጽ"),
            "q3": ("ስራሕ ምኽኣል", "ክትሰርሕ ከም እትኽእል ትሓስብ ዶ?", "ኣይፋል፣ ፈጺሙ", "ምናልባት", "እወ፣ ርግጸኛ እየ"),
            "q4": (
                "ግዜ ኣብ መዓልታዊ ናብራ",
                "ኣብ መዓልታዊ ናብራኻ ስራሕ ንምድላይ፣ ንምምሃር ወይ ኣብ ንጥፈታት ንምስታፍ ግዜ ኣለካ ዶ?",
                "ኣይፋል፣ ግዜ የብለይን",
                "ቁሩብ ግዜ",
                "እወ፣ ብዙሕ ግዜ ኣለኒ",
            ),
            "q5": ("ጥዕና", "ብዛዕባ ምስራሕ ክትሓስብ ከለኻ፣ ብኣካልን ብኣእምሮን ከመይ ኣለኻ?", "ኣዝየ ሕማቕ እየ", "ደሓን እየ", "ኣዝየ ጽቡቕ እየ"),
            "q6": (
                "ደገፍ ካብ ካልኦት",
                "ኣብ ዘድልየካ ግዜ ካብ ስድራ፣ ኣዕሩኽ ወይ ካልኦት ሓገዝ ትረክብ ዶ?",
                "ኣይፋል፣ ፈጺሙ",
                "ሓደ ሓደ ግዜ",
                "እወ፣ ኩሉ ግዜ",
            ),
            "q7": (
                "ምስ ሓደስቲ ሰባት ምዝራብ",
                "ምስ ዘይትፈልጦም ሰባት ምዝራብ ቀሊል ድዩ ንዓኻ?",
                "ኣይፋል፣ ኣዝዩ ከቢድ",
                "ሓደ ሓደ ግዜ",
                "እወ፣ ኣዝዩ ቀሊል",
            ),
            "q8": ("ምትሕብባር", "ምስ ካልኦት ኣብ ምትሕብባር ጽቡቕ ዲኻ?", "ኣይፋል፣ ፈጺሙ", "ብመጠኑ ጽቡቕ", "እወ፣ ኣዝየ ጽቡቕ"),
            "q9": (
                "ትምህርቲ ምኽኣል",
                "መዓልታዊ ክትመሃር ወይ ካልእ ነገር ክትገብር ከም እትኽእል ትሓስብ ዶ?",
                "ኣይፋል፣ ፈጺሙ",
                "ምናልባት",
                "እወ፣ ርግጸኛ እየ",
            ),
            "q10": (
                "ዝደልዮ ስራሕ ምፍላጥ",
                "ኣብ እንታይ ክትሰርሕ ከም እትደሊ ትፈልጥ ዶ?",
                "ኣይፋል፣ ዋላ ሓንቲ ሓሳብ የብለይን",
                "ገለ ሓሳባት ኣለዉኒ",
                "እወ፣ ብልክዕ እፈልጥ",
            ),
        },
    },
    "sw": {
        "name": "Kadi ya maendeleo",
        "description": (
            "Maswali kumi kuhusu jinsi unavyojisikia kuwa karibu na kazi au masomo. Jibu kuanzia 1 hadi 10. "
            "Hakuna jibu sahihi wala jibu baya. Tutauliza tena baada ya miezi mitatu na kuona kilichobadilika."
        ),
        "items": {
            "q1": (
                "Kujua njia ya kupata kazi",
                "Je, unajua unachoweza kufanya ili kupata kazi?",
                "Sijui kabisa",
                "Najua kidogo",
                "Najua hasa cha kufanya",
            ),
            "q2": (
                "Ujuzi wangu",
                "Je, unafikiri unachokijua kinahitajika mahali pa kazi?",
                "Hapana, hata kidogo",
                "Ndiyo, kidogo",
                "Ndiyo, kabisa",
            ),
            "q3": (
                "Kuweza kufanya kazi",
                "Je, unafikiri unaweza kufanya kazi?",
                "Hapana, hata kidogo",
                "Labda",
                "Ndiyo, nina uhakika kabisa",
            ),
            "q4": (
                "Muda katika maisha ya kila siku",
                "Je, una muda katika maisha yako ya kila siku wa kutafuta kazi, kusoma au kushiriki katika shughuli?",
                "Hapana, sina muda",
                "Muda kidogo",
                "Ndiyo, nina muda mwingi",
            ),
            "q5": (
                "Afya",
                "Unajisikiaje mwilini na akilini unapofikiria kufanya kazi?",
                "Najisikia vibaya sana",
                "Si mbaya",
                "Najisikia vizuri sana",
            ),
            "q6": (
                "Msaada kutoka kwa wengine",
                "Je, unapata msaada kutoka kwa familia, marafiki au wengine unapouhitaji?",
                "Hapana, kamwe",
                "Wakati mwingine",
                "Ndiyo, kila wakati",
            ),
            "q7": (
                "Kuongea na watu wapya",
                "Je, ni rahisi kwako kuongea na watu usiowajua?",
                "Hapana, ni vigumu sana",
                "Wakati mwingine",
                "Ndiyo, ni rahisi sana",
            ),
            "q8": (
                "Kushirikiana",
                "Je, wewe ni hodari wa kushirikiana na wengine?",
                "Hapana, hata kidogo",
                "Kiasi",
                "Ndiyo, hodari sana",
            ),
            "q9": (
                "Kuweza kusoma",
                "Je, unafikiri ungeweza kusoma au kufanya jambo lingine kila siku?",
                "Hapana, hata kidogo",
                "Labda",
                "Ndiyo, nina uhakika kabisa",
            ),
            "q10": (
                "Kujua kazi ninayotaka",
                "Je, unajua kazi unayotaka kufanya?",
                "Hapana, sina wazo",
                "Nina mawazo machache",
                "Ndiyo, najua hasa",
            ),
        },
    },
}


def rows(language):
    """``(item_code or None, field, text)`` for every translated text of one language."""
    data = TRANSLATIONS[language]
    yield None, "name", data["name"]
    yield None, "description", data["description"]
    for code, texts in data["items"].items():
        for field, text in zip(ITEM_FIELDS, texts, strict=False):
            yield code, field, text


def install(Instrument, Item, InstrumentText):
    """Add the draft translations to version 1 of the default card where they are missing.

    Takes the models as arguments so a migration can pass its historical ones. Existing rows
    (for instance a translation already reviewed and corrected) are never overwritten.
    """
    instrument = Instrument.objects.filter(code=INSTRUMENT_CODE, version=1).first()
    if instrument is None:
        return
    items = {item.code: item for item in Item.objects.filter(instrument=instrument)}
    existing = set(
        InstrumentText.objects.filter(instrument=instrument).values_list("item_id", "field", "language")
    )
    new = []
    for language in TRANSLATIONS:
        for code, field, text in rows(language):
            item = items.get(code) if code else None
            if code and item is None:
                continue
            key = (item.pk if item else None, field, language)
            if key in existing:
                continue
            new.append(
                InstrumentText(
                    instrument=instrument,
                    item=item,
                    field=field,
                    language=language,
                    text=text,
                    needs_review=True,
                )
            )
    InstrumentText.objects.bulk_create(new)
