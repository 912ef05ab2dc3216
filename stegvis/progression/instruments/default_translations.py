"""Draft translations of the default ``progressionskort`` into the participant languages.

Written from the plain Swedish in :mod:`stegvis.progression.defaults`, keeping the same short
sentences and everyday words, but without a native speaker of each language checking them.
They are therefore installed with ``needs_review=True`` and the pages say so, until someone who
has the language as mother tongue has read them and ticked the box on the translation page.

Only participant-facing texts are translated (``PARTICIPANT_INSTRUMENT_FIELDS``, the item fields
of ``PARTICIPANT_ITEM_FIELDS`` and each item's step words); the staff question stays Swedish
because staff pages are Swedish. Tigrinya and Arabic address the reader in the masculine
singular, as printed forms usually do.

The step words follow the Swedish ladders of :mod:`stegvis.progression.defaults` (``LADDERS``
below, one per kind of question, in each language), so every step of every item reads
differently in every language too. Plain Swedish (``sv-enkel``) has texts only where the
default wording could be made simpler (``PLAIN_SWEDISH``); everything else falls back to the
Swedish text.

Kept as data so the migrations that install them and the tests read the same rows.
"""

from stegvis.progression.defaults import HELP_TEXTS as SWEDISH_HELP_TEXTS
from stegvis.progression.defaults import ITEM_LADDERS, step_labels

INSTRUMENT_CODE = "progressionskort"
FIRST_STEP = 2  # the ladders give the words of steps 2–9 of the 1–10 scale

# The order of the tuples in ``items`` below.
ITEM_FIELDS = ("dimension", "text", "low_label", "high_label")

TRANSLATIONS = {
    "en": {
        "name": "Progress card",
        "description": (
            "Ten questions about how close you feel to work or studies. "
            "Answer from 1 to 10. "
            "There are no right or wrong answers. "
            "We ask again after three months and see what has changed."
        ),
        "items": {
            "q1": (
                "Knowing the way to a job",
                "Do you know what you can do to get a job?",
                "I do not know at all",
                "I know exactly what to do",
            ),
            "q2": (
                "My skills",
                "Do you think that what you know is needed at a workplace?",
                "No, not at all",
                "Yes, absolutely",
            ),
            "q3": (
                "Managing a job",
                "Do you think you can manage to work?",
                "No, not at all",
                "Yes, completely sure",
            ),
            "q4": (
                "Time in daily life",
                "Do you have time in your daily life to look for work, study or take part in activities?",
                "No, no time",
                "Yes, plenty of time",
            ),
            "q5": (
                "Health",
                "How do you feel in your body and in your mind when you think about working?",
                "I feel very bad",
                "I feel very good",
            ),
            "q6": (
                "Support from others",
                "Do you get help from family, friends or others when you need it?",
                "No, never",
                "Yes, always",
            ),
            "q7": (
                "Talking to new people",
                "Is it easy for you to talk to people you do not know?",
                "No, very hard",
                "Yes, very easy",
            ),
            "q8": (
                "Working together",
                "Are you good at working together with others?",
                "No, not at all",
                "Yes, very good",
            ),
            "q9": (
                "Managing studies",
                "Do you think you could manage to study or do something else every day?",
                "No, not at all",
                "Yes, completely sure",
            ),
            "q10": (
                "Knowing what work I want",
                "Do you know what work you want to do?",
                "No, no idea",
                "Yes, I know exactly",
            ),
        },
    },
    "ar": {
        "name": "بطاقة التقدّم",
        "description": (
            "عشرة أسئلة عن مدى قربك من العمل أو الدراسة. "
            "أجب من 1 إلى 10. "
            "لا توجد إجابات صحيحة أو خاطئة. "
            "سنسألك مرة أخرى بعد ثلاثة أشهر لنرى ما الذي تغيّر."
        ),
        "items": {
            "q1": (
                "معرفة الطريق إلى العمل",
                "هل تعرف ما يمكنك فعله للحصول على عمل؟",
                "لا أعرف أبدًا",
                "أعرف تمامًا ما يجب أن أفعله",
            ),
            "q2": (
                "معارفي",
                "هل تعتقد أن ما تعرفه مطلوب في مكان العمل؟",
                "لا، أبدًا",
                "نعم، بالتأكيد",
            ),
            "q3": (
                "القدرة على العمل",
                "هل تعتقد أنك تستطيع أن تعمل؟",
                "لا، أبدًا",
                "نعم، متأكد تمامًا",
            ),
            "q4": (
                "الوقت في الحياة اليومية",
                "هل لديك وقت في حياتك اليومية للبحث عن عمل أو للدراسة أو للمشاركة في الأنشطة؟",
                "لا، ليس لدي وقت",
                "نعم، لدي وقت كثير",
            ),
            "q5": (
                "الصحة",
                "كيف تشعر في جسمك وفي نفسك عندما تفكر في العمل؟",
                "أشعر بسوء شديد",
                "أشعر أنني بخير تمامًا",
            ),
            "q6": (
                "الدعم من الآخرين",
                "هل تحصل على مساعدة من العائلة أو الأصدقاء أو غيرهم عندما تحتاجها؟",
                "لا، أبدًا",
                "نعم، دائمًا",
            ),
            "q7": (
                "التحدث مع أشخاص جدد",
                "هل من السهل عليك أن تتحدث مع أشخاص لا تعرفهم؟",
                "لا، صعب جدًا",
                "نعم، سهل جدًا",
            ),
            "q8": (
                "التعاون",
                "هل أنت جيد في التعاون مع الآخرين؟",
                "لا، أبدًا",
                "نعم، جيد جدًا",
            ),
            "q9": (
                "القدرة على الدراسة",
                "هل تعتقد أنك تستطيع أن تدرس أو تقوم بنشاط آخر كل يوم؟",
                "لا، أبدًا",
                "نعم، متأكد تمامًا",
            ),
            "q10": (
                "معرفة العمل الذي أريده",
                "هل تعرف ما العمل الذي تريد أن تعمل فيه؟",
                "لا، ليست لدي أي فكرة",
                "نعم، أعرف تمامًا",
            ),
        },
    },
    "prs": {
        "name": "کارت پیشرفت",
        "description": (
            "ده سوال در باره اینکه خود را چقدر به کار یا تحصیل نزدیک احساس می‌کنید. "
            "از 1 تا 10 جواب بدهید. "
            "جواب درست یا غلط وجود ندارد. "
            "بعد از سه ماه دوباره می‌پرسیم و می‌بینیم که چه چیزی تغییر کرده است."
        ),
        "items": {
            "q1": (
                "دانستن راه رسیدن به کار",
                "آیا می‌دانید برای پیدا کردن کار چه کاری می‌توانید بکنید؟",
                "اصلاً نمی‌دانم",
                "دقیقاً می‌دانم که چه کار کنم",
            ),
            "q2": (
                "دانش من",
                "آیا فکر می‌کنید چیزهایی که بلد هستید در محل کار به درد می‌خورد؟",
                "نه، اصلاً",
                "بلی، حتماً",
            ),
            "q3": (
                "توانایی کار کردن",
                "آیا فکر می‌کنید که می‌توانید کار کنید؟",
                "نه، اصلاً",
                "بلی، کاملاً مطمئن هستم",
            ),
            "q4": (
                "وقت در زندگی روزمره",
                "آیا در زندگی روزمره وقت دارید که دنبال کار بگردید، درس بخوانید یا در فعالیت‌ها شرکت کنید؟",
                "نه، هیچ وقت ندارم",
                "بلی، وقت زیاد دارم",
            ),
            "q5": (
                "صحت",
                "وقتی به کار کردن فکر می‌کنید، از نظر جسمی و روحی چطور هستید؟",
                "خیلی بد هستم",
                "خیلی خوب هستم",
            ),
            "q6": (
                "کمک از دیگران",
                "آیا وقتی به کمک ضرورت دارید، از خانواده، دوستان یا دیگران کمک می‌گیرید؟",
                "نه، هرگز",
                "بلی، همیشه",
            ),
            "q7": (
                "صحبت با آدم‌های نو",
                "آیا برای شما آسان است که با کسانی که نمی‌شناسید صحبت کنید؟",
                "نه، خیلی سخت است",
                "بلی، خیلی آسان است",
            ),
            "q8": (
                "همکاری",
                "آیا در همکاری با دیگران خوب هستید؟",
                "نه، اصلاً",
                "بلی، خیلی خوب",
            ),
            "q9": (
                "توانایی درس خواندن",
                "آیا فکر می‌کنید که می‌توانید هر روز درس بخوانید یا کار دیگری انجام بدهید؟",
                "نه، اصلاً",
                "بلی، کاملاً مطمئن هستم",
            ),
            "q10": (
                "دانستن کاری که می‌خواهم",
                "آیا می‌دانید که چه کاری می‌خواهید بکنید؟",
                "نه، هیچ نظری ندارم",
                "بلی، دقیقاً می‌دانم",
            ),
        },
    },
    "so": {
        "name": "Kaarka horumarka",
        "description": (
            "Toban su'aalood oo ku saabsan sida aad ugu dhow tahay shaqo ama waxbarasho. "
            "Ka jawaab 1 ilaa 10. "
            "Ma jiraan jawaabo sax ah ama khalad ah. "
            "Saddex bilood kadib ayaan mar kale ku weydiin doonnaa si aan u aragno waxa isbeddelay."
        ),
        "items": {
            "q1": (
                "Garashada jidka shaqada",
                "Ma taqaannaa waxa aad samayn karto si aad shaqo u hesho?",
                "Gabi ahaanba ma garanayo",
                "Si fiican ayaan u garanayaa waxa aan samaynayo",
            ),
            "q2": (
                "Aqoontayda",
                "Ma u malaynaysaa in waxa aad taqaanno loogu baahan yahay goob shaqo?",
                "Maya, gabi ahaanba",
                "Haa, hubaal",
            ),
            "q3": (
                "Awoodda shaqada",
                "Ma u malaynaysaa inaad shaqayn karto?",
                "Maya, gabi ahaanba",
                "Haa, waan hubaa",
            ),
            "q4": (
                "Waqtiga nolol maalmeedka",
                "Ma haysataa waqti aad ku raadiso shaqo, wax ku barato ama uga qayb gasho hawlo?",
                "Maya, waqti ma haysto",
                "Haa, waqti badan",
            ),
            "q5": (
                "Caafimaadka",
                "Sidee tahay jir ahaan iyo maskax ahaan, markaad ka fikirto shaqo?",
                "Aad baan u xumahay",
                "Aad baan u fiicanahay",
            ),
            "q6": (
                "Taageerada dadka kale",
                "Ma ka heshaa caawimaad qoyska, saaxiibada ama dad kale markaad u baahato?",
                "Maya, marna",
                "Haa, had iyo jeer",
            ),
            "q7": (
                "La hadlidda dad cusub",
                "Ma kuu fududahay inaad la hadasho dad aadan aqoon?",
                "Maya, aad bay u adag tahay",
                "Haa, aad bay u fududahay",
            ),
            "q8": (
                "Wada shaqaynta",
                "Ma ku fiican tahay inaad la shaqayso dadka kale?",
                "Maya, gabi ahaanba",
                "Haa, aad baan ugu fiicanahay",
            ),
            "q9": (
                "Awoodda waxbarashada",
                "Ma u malaynaysaa inaad maalin kasta wax baran karto ama wax kale samayn karto?",
                "Maya, gabi ahaanba",
                "Haa, waan hubaa",
            ),
            "q10": (
                "Garashada shaqada aan rabo",
                "Ma taqaannaa shaqada aad rabto inaad qabato?",
                "Maya, wax fikrad ah ma haysto",
                "Haa, si fiican ayaan u garanayaa",
            ),
        },
    },
    "ti": {
        "name": "ካርድ ምዕባለ",
        "description": (
            "ክንደይ ንስራሕ ወይ ንትምህርቲ ቀረባ ከም ዝኾንካ ዝሓትቱ ዓሰርተ ሕቶታት። "
            "ካብ 1 ክሳብ 10 መልሲ ሃብ። "
            "ቅኑዕ ወይ ጌጋ መልሲ የለን። "
            "ድሕሪ ሰለስተ ወርሒ ደጊምና ክንሓተካን እንታይ ከም ዝተቐየረ ክንርኢን ኢና።"
        ),
        "items": {
            "q1": (
                "መንገዲ ናብ ስራሕ ምፍላጥ",
                "ስራሕ ንምርካብ እንታይ ክትገብር ከም እትኽእል ትፈልጥ ዶ?",
                "ፈጺመ ኣይፈልጥን",
                "እንታይ ክገብር ከም ዘለኒ ብልክዕ እፈልጥ",
            ),
            "q2": (
                "ፍልጠተይ",
                "እቲ እትፈልጦ ኣብ ቦታ ስራሕ የድሊ እዩ ኢልካ ትሓስብ ዶ?",
                "ኣይፋል፣ ፈጺሙ",
                "እወ፣ ብርግጽ",
            ),
            "q3": (
                "ስራሕ ምኽኣል",
                "ክትሰርሕ ከም እትኽእል ትሓስብ ዶ?",
                "ኣይፋል፣ ፈጺሙ",
                "እወ፣ ርግጸኛ እየ",
            ),
            "q4": (
                "ግዜ ኣብ መዓልታዊ ናብራ",
                "ኣብ መዓልታዊ ናብራኻ ስራሕ ንምድላይ፣ ንምምሃር ወይ ኣብ ንጥፈታት ንምስታፍ ግዜ ኣለካ ዶ?",
                "ኣይፋል፣ ግዜ የብለይን",
                "እወ፣ ብዙሕ ግዜ ኣለኒ",
            ),
            "q5": (
                "ጥዕና",
                "ብዛዕባ ምስራሕ ክትሓስብ ከለኻ፣ ብኣካልን ብኣእምሮን ከመይ ኣለኻ?",
                "ኣዝየ ሕማቕ እየ",
                "ኣዝየ ጽቡቕ እየ",
            ),
            "q6": (
                "ደገፍ ካብ ካልኦት",
                "ኣብ ዘድልየካ ግዜ ካብ ስድራ፣ ኣዕሩኽ ወይ ካልኦት ሓገዝ ትረክብ ዶ?",
                "ኣይፋል፣ ፈጺሙ",
                "እወ፣ ኩሉ ግዜ",
            ),
            "q7": (
                "ምስ ሓደስቲ ሰባት ምዝራብ",
                "ምስ ዘይትፈልጦም ሰባት ምዝራብ ቀሊል ድዩ ንዓኻ?",
                "ኣይፋል፣ ኣዝዩ ከቢድ",
                "እወ፣ ኣዝዩ ቀሊል",
            ),
            "q8": (
                "ምትሕብባር",
                "ምስ ካልኦት ኣብ ምትሕብባር ጽቡቕ ዲኻ?",
                "ኣይፋል፣ ፈጺሙ",
                "እወ፣ ኣዝየ ጽቡቕ",
            ),
            "q9": (
                "ትምህርቲ ምኽኣል",
                "መዓልታዊ ክትመሃር ወይ ካልእ ነገር ክትገብር ከም እትኽእል ትሓስብ ዶ?",
                "ኣይፋል፣ ፈጺሙ",
                "እወ፣ ርግጸኛ እየ",
            ),
            "q10": (
                "ዝደልዮ ስራሕ ምፍላጥ",
                "ኣብ እንታይ ክትሰርሕ ከም እትደሊ ትፈልጥ ዶ?",
                "ኣይፋል፣ ዋላ ሓንቲ ሓሳብ የብለይን",
                "እወ፣ ብልክዕ እፈልጥ",
            ),
        },
    },
    "sw": {
        "name": "Kadi ya maendeleo",
        "description": (
            "Maswali kumi kuhusu jinsi unavyojisikia kuwa karibu na kazi au masomo. "
            "Jibu kuanzia 1 hadi 10. "
            "Hakuna jibu sahihi wala jibu baya. "
            "Tutauliza tena baada ya miezi mitatu na kuona kilichobadilika."
        ),
        "items": {
            "q1": (
                "Kujua njia ya kupata kazi",
                "Je, unajua unachoweza kufanya ili kupata kazi?",
                "Sijui kabisa",
                "Najua hasa cha kufanya",
            ),
            "q2": (
                "Ujuzi wangu",
                "Je, unafikiri unachokijua kinahitajika mahali pa kazi?",
                "Hapana, hata kidogo",
                "Ndiyo, kabisa",
            ),
            "q3": (
                "Kuweza kufanya kazi",
                "Je, unafikiri unaweza kufanya kazi?",
                "Hapana, hata kidogo",
                "Ndiyo, nina uhakika kabisa",
            ),
            "q4": (
                "Muda katika maisha ya kila siku",
                "Je, una muda katika maisha yako ya kila siku wa kutafuta kazi, kusoma au kushiriki katika shughuli?",
                "Hapana, sina muda",
                "Ndiyo, nina muda mwingi",
            ),
            "q5": (
                "Afya",
                "Unajisikiaje mwilini na akilini unapofikiria kufanya kazi?",
                "Najisikia vibaya sana",
                "Najisikia vizuri sana",
            ),
            "q6": (
                "Msaada kutoka kwa wengine",
                "Je, unapata msaada kutoka kwa familia, marafiki au wengine unapouhitaji?",
                "Hapana, kamwe",
                "Ndiyo, kila wakati",
            ),
            "q7": (
                "Kuongea na watu wapya",
                "Je, ni rahisi kwako kuongea na watu usiowajua?",
                "Hapana, ni vigumu sana",
                "Ndiyo, ni rahisi sana",
            ),
            "q8": (
                "Kushirikiana",
                "Je, wewe ni hodari wa kushirikiana na wengine?",
                "Hapana, hata kidogo",
                "Ndiyo, hodari sana",
            ),
            "q9": (
                "Kuweza kusoma",
                "Je, unafikiri ungeweza kusoma au kufanya jambo lingine kila siku?",
                "Hapana, hata kidogo",
                "Ndiyo, nina uhakika kabisa",
            ),
            "q10": (
                "Kujua kazi ninayotaka",
                "Je, unajua kazi unayotaka kufanya?",
                "Hapana, sina wazo",
                "Ndiyo, najua hasa",
            ),
        },
    },
}


# Steps 2–9 of each kind of question (see ``defaults.STEP_LADDERS``), lowest first.
LADDERS = {
    "en": {
        "know": [
            "I know almost nothing",
            "I know very little",
            "I know a little",
            "I know some",
            "I know quite a lot",
            "I know a lot",
            "I know most of it",
            "I know almost everything",
        ],
        "belief": [
            "No, hardly",
            "No, probably not",
            "Maybe not",
            "Maybe",
            "Yes, a little",
            "Yes, probably",
            "Yes, quite sure",
            "Yes, almost completely sure",
        ],
        "time": [
            "Almost no time",
            "Very little time",
            "A little time",
            "Some time",
            "Quite a lot of time",
            "A lot of time",
            "Yes, mostly plenty of time",
            "Yes, almost always plenty of time",
        ],
        "health": [
            "I feel bad",
            "I feel quite bad",
            "I feel a little bad",
            "So-so",
            "I feel okay",
            "I feel quite good",
            "I feel good",
            "I feel really good",
        ],
        "often": [
            "Almost never",
            "Rarely",
            "Not very often",
            "Sometimes",
            "Quite often",
            "Often",
            "Very often",
            "Almost always",
        ],
        "easy": [
            "No, hard",
            "Quite hard",
            "A little hard",
            "Sometimes",
            "Quite easy",
            "Yes, easy",
            "Yes, really easy",
            "Yes, almost always easy",
        ],
        "good_at": [
            "No, hardly",
            "Not so good",
            "So-so",
            "Quite good",
            "Yes, good",
            "Yes, really good",
            "Yes, mostly very good",
            "Yes, almost always very good",
        ],
        "ideas": [
            "I have almost no idea",
            "I have a small idea",
            "I have some ideas",
            "I have several ideas",
            "I know roughly",
            "I know quite well",
            "I know well",
            "I know almost exactly",
        ],
    },
    "ar": {
        "know": [
            "لا أعرف شيئًا تقريبًا",
            "أعرف قليلًا جدًا",
            "أعرف قليلًا",
            "أعرف بعض الشيء",
            "أعرف كثيرًا إلى حد ما",
            "أعرف كثيرًا",
            "أعرف معظم الأشياء",
            "أعرف كل شيء تقريبًا",
        ],
        "belief": [
            "لا، بالكاد",
            "لا، على الأرجح لا",
            "ربما لا",
            "ربما",
            "نعم، قليلًا",
            "نعم، على الأرجح",
            "نعم، متأكد إلى حد ما",
            "نعم، متأكد تقريبًا",
        ],
        "time": [
            "ليس لدي وقت تقريبًا",
            "وقت قليل جدًا",
            "قليل من الوقت",
            "بعض الوقت",
            "وقت كثير إلى حد ما",
            "وقت كثير",
            "نعم، غالبًا لدي وقت كثير",
            "نعم، دائمًا تقريبًا لدي وقت كثير",
        ],
        "health": [
            "أشعر بسوء",
            "أشعر بسوء إلى حد ما",
            "أشعر بسوء قليلًا",
            "لا بأس",
            "حالتي مقبولة",
            "أنا بخير إلى حد ما",
            "أنا بخير",
            "أنا بخير جدًا",
        ],
        "often": [
            "نادرًا جدًا",
            "نادرًا",
            "ليس كثيرًا",
            "أحيانًا",
            "في كثير من الأحيان",
            "غالبًا",
            "في أغلب الأحيان",
            "دائمًا تقريبًا",
        ],
        "easy": [
            "لا، صعب",
            "صعب إلى حد ما",
            "صعب قليلًا",
            "أحيانًا",
            "سهل إلى حد ما",
            "نعم، سهل",
            "نعم، سهل حقًا",
            "نعم، سهل دائمًا تقريبًا",
        ],
        "good_at": [
            "لا، بالكاد",
            "لست جيدًا جدًا",
            "بين بين",
            "جيد إلى حد ما",
            "نعم، جيد",
            "نعم، جيد حقًا",
            "نعم، غالبًا جيد جدًا",
            "نعم، دائمًا تقريبًا جيد جدًا",
        ],
        "ideas": [
            "ليست لدي فكرة تقريبًا",
            "لدي فكرة صغيرة",
            "لدي بعض الأفكار",
            "لدي عدة أفكار",
            "أعرف تقريبًا",
            "أعرف جيدًا إلى حد ما",
            "أعرف جيدًا",
            "أعرف بدقة تقريبًا",
        ],
    },
    "prs": {
        "know": [
            "تقریباً هیچ چیز نمی‌دانم",
            "خیلی کم می‌دانم",
            "کمی می‌دانم",
            "تا اندازه‌ای می‌دانم",
            "نسبتاً زیاد می‌دانم",
            "زیاد می‌دانم",
            "بیشترش را می‌دانم",
            "تقریباً همه چیز را می‌دانم",
        ],
        "belief": [
            "نه، تقریباً نه",
            "نه، احتمالاً نه",
            "شاید نه",
            "شاید",
            "بلی، کمی",
            "بلی، احتمالاً",
            "بلی، نسبتاً مطمئن هستم",
            "بلی، تقریباً کاملاً مطمئن هستم",
        ],
        "time": [
            "تقریباً هیچ وقت ندارم",
            "خیلی کم وقت دارم",
            "کمی وقت دارم",
            "تا اندازه‌ای وقت دارم",
            "نسبتاً زیاد وقت دارم",
            "زیاد وقت دارم",
            "بلی، اکثراً وقت زیاد دارم",
            "بلی، تقریباً همیشه وقت زیاد دارم",
        ],
        "health": [
            "بد هستم",
            "نسبتاً بد هستم",
            "کمی بد هستم",
            "بد نیستم",
            "کمی خوب هستم",
            "نسبتاً خوب هستم",
            "خوب هستم",
            "واقعاً خوب هستم",
        ],
        "often": [
            "تقریباً هرگز",
            "به ندرت",
            "نه زیاد",
            "گاهی",
            "نسبتاً زیاد",
            "زیاد",
            "اکثراً",
            "تقریباً همیشه",
        ],
        "easy": [
            "نه، سخت است",
            "نسبتاً سخت است",
            "کمی سخت است",
            "گاهی",
            "نسبتاً آسان است",
            "بلی، آسان است",
            "بلی، واقعاً آسان است",
            "بلی، تقریباً همیشه آسان است",
        ],
        "good_at": [
            "نه، تقریباً نه",
            "نه چندان خوب",
            "متوسط",
            "نسبتاً خوب",
            "بلی، خوب",
            "بلی، واقعاً خوب",
            "بلی، اکثراً خیلی خوب",
            "بلی، تقریباً همیشه خیلی خوب",
        ],
        "ideas": [
            "تقریباً هیچ نظری ندارم",
            "یک فکر کوچک دارم",
            "چند فکر دارم",
            "فکرهای بیشتری دارم",
            "تقریباً می‌دانم",
            "نسبتاً خوب می‌دانم",
            "خوب می‌دانم",
            "تقریباً دقیقاً می‌دانم",
        ],
    },
    "so": {
        "know": [
            "Ku dhawaad waxba ma garanayo",
            "Wax aad u yar ayaan garanayaa",
            "Wax yar ayaan garanayaa",
            "Waxoogaa ayaan garanayaa",
            "Wax fiican ayaan garanayaa",
            "Wax badan ayaan garanayaa",
            "Inta badan ayaan garanayaa",
            "Ku dhawaad wax walba ayaan garanayaa",
        ],
        "belief": [
            "Maya, ku dhawaad maya",
            "Maya, malaha maya",
            "Laga yaabee maya",
            "Laga yaabee",
            "Haa, wax yar",
            "Haa, malaha",
            "Haa, xoogaa waan hubaa",
            "Haa, ku dhawaad waan hubaa",
        ],
        "time": [
            "Ku dhawaad waqti ma haysto",
            "Waqti aad u yar",
            "Waqti yar",
            "Xoogaa waqti ah",
            "Waqti fiican",
            "Waqti ku filan",
            "Haa, inta badan waqti badan",
            "Haa, ku dhawaad had iyo jeer waqti badan",
        ],
        "health": [
            "Waan xumahay",
            "Xoogaa waan xumahay",
            "Wax yar baan xumahay",
            "Caadi",
            "Waan ladnahay",
            "Xoogaa waan fiicanahay",
            "Waan fiicanahay",
            "Runtii waan fiicanahay",
        ],
        "often": [
            "Ku dhawaad marna",
            "Dhif",
            "Marar aan badnayn",
            "Mararka qaarkood",
            "Marar badan",
            "Badanaa",
            "Inta badan",
            "Ku dhawaad had iyo jeer",
        ],
        "easy": [
            "Maya, way adag tahay",
            "Xoogaa way adag tahay",
            "Wax yar bay adag tahay",
            "Mararka qaarkood",
            "Xoogaa way fududahay",
            "Haa, way fududahay",
            "Haa, runtii way fududahay",
            "Haa, ku dhawaad had iyo jeer way fududahay",
        ],
        "good_at": [
            "Maya, ku dhawaad maya",
            "Aad uma fiicni",
            "Caadi",
            "Si dhexdhexaad ah",
            "Haa, waan fiicanahay",
            "Haa, runtii waan fiicanahay",
            "Haa, inta badan aad baan ugu fiicanahay",
            "Haa, ku dhawaad had iyo jeer aad baan ugu fiicanahay",
        ],
        "ideas": [
            "Ku dhawaad fikrad ma haysto",
            "Hal fikrad ayaan haystaa",
            "Fikrado yar ayaan haystaa",
            "Fikrado badan ayaan haystaa",
            "Qiyaas ahaan waan garanayaa",
            "Si dhexdhexaad ah ayaan u garanayaa",
            "Waan garanayaa",
            "Ku dhawaad si fiican ayaan u garanayaa",
        ],
    },
    "ti": {
        "know": [
            "ዳርጋ ዋላ ሓንቲ ኣይፈልጥን",
            "ኣዝዩ ቁሩብ እፈልጥ",
            "ቁሩብ እፈልጥ",
            "ገለ እፈልጥ",
            "ብመጠኑ ብዙሕ እፈልጥ",
            "ብዙሕ እፈልጥ",
            "መብዛሕትኡ እፈልጥ",
            "ዳርጋ ኩሉ እፈልጥ",
        ],
        "belief": [
            "ኣይፋል፣ ዳርጋ ኣይኮነን",
            "ኣይፋል፣ ኣይመስለንን",
            "ምናልባት ኣይኮነን",
            "ምናልባት",
            "እወ፣ ቁሩብ",
            "እወ፣ ይመስለኒ",
            "እወ፣ ብመጠኑ ርግጸኛ እየ",
            "እወ፣ ዳርጋ ርግጸኛ እየ",
        ],
        "time": [
            "ዳርጋ ግዜ የብለይን",
            "ኣዝዩ ቁሩብ ግዜ",
            "ቁሩብ ግዜ",
            "ገለ ግዜ",
            "ብመጠኑ ብዙሕ ግዜ",
            "ብዙሕ ግዜ",
            "እወ፣ መብዛሕትኡ ግዜ ብዙሕ ግዜ ኣለኒ",
            "እወ፣ ዳርጋ ኩሉ ግዜ ብዙሕ ግዜ ኣለኒ",
        ],
        "health": [
            "ሕማቕ እየ",
            "ብመጠኑ ሕማቕ እየ",
            "ቁሩብ ሕማቕ እየ",
            "ደሓን እየ",
            "ኣይሕመቐንን",
            "ብመጠኑ ጽቡቕ እየ",
            "ጽቡቕ እየ",
            "ብሓቂ ጽቡቕ እየ",
        ],
        "often": [
            "ዳርጋ ፈጺሙ",
            "ሳሕቲ",
            "ብዙሕ ኣይኮነን",
            "ሓደ ሓደ ግዜ",
            "ብመጠኑ ብዙሕ ግዜ",
            "ብዙሕ ግዜ",
            "መብዛሕትኡ ግዜ",
            "ዳርጋ ኩሉ ግዜ",
        ],
        "easy": [
            "ኣይፋል፣ ከቢድ",
            "ብመጠኑ ከቢድ",
            "ቁሩብ ከቢድ",
            "ሓደ ሓደ ግዜ",
            "ብመጠኑ ቀሊል",
            "እወ፣ ቀሊል",
            "እወ፣ ብሓቂ ቀሊል",
            "እወ፣ ዳርጋ ኩሉ ግዜ ቀሊል",
        ],
        "good_at": [
            "ኣይፋል፣ ዳርጋ ኣይኮነን",
            "ኣዝየ ጽቡቕ ኣይኮንኩን",
            "ማእከላይ",
            "ብመጠኑ ጽቡቕ",
            "እወ፣ ጽቡቕ",
            "እወ፣ ብሓቂ ጽቡቕ",
            "እወ፣ መብዛሕትኡ ግዜ ኣዝየ ጽቡቕ",
            "እወ፣ ዳርጋ ኩሉ ግዜ ኣዝየ ጽቡቕ",
        ],
        "ideas": [
            "ዳርጋ ሓሳብ የብለይን",
            "ሓንቲ ንእሽቶ ሓሳብ ኣላትኒ",
            "ገለ ሓሳባት ኣለዉኒ",
            "ብዙሕ ሓሳባት ኣለዉኒ",
            "ብግምት እፈልጥ",
            "ብመጠኑ ጽቡቕ እፈልጥ",
            "ጽቡቕ እፈልጥ",
            "ዳርጋ ብልክዕ እፈልጥ",
        ],
    },
    "sw": {
        "know": [
            "Sijui karibu chochote",
            "Najua kidogo sana",
            "Najua kidogo",
            "Najua kiasi",
            "Najua mengi kiasi",
            "Najua mengi",
            "Najua sehemu kubwa",
            "Najua karibu kila kitu",
        ],
        "belief": [
            "Hapana, karibu hapana",
            "Hapana, pengine hapana",
            "Labda hapana",
            "Labda",
            "Ndiyo, kidogo",
            "Ndiyo, pengine",
            "Ndiyo, nina uhakika kiasi",
            "Ndiyo, nina uhakika karibu kabisa",
        ],
        "time": [
            "Sina muda karibu kabisa",
            "Muda kidogo sana",
            "Muda kidogo",
            "Muda fulani",
            "Muda mwingi kiasi",
            "Muda mwingi",
            "Ndiyo, mara nyingi nina muda mwingi",
            "Ndiyo, karibu kila wakati nina muda mwingi",
        ],
        "health": [
            "Najisikia vibaya",
            "Najisikia vibaya kiasi",
            "Najisikia vibaya kidogo",
            "Si mbaya",
            "Niko sawa",
            "Najisikia vizuri kiasi",
            "Najisikia vizuri",
            "Najisikia vizuri kweli",
        ],
        "often": [
            "Karibu kamwe",
            "Mara chache",
            "Si mara nyingi",
            "Wakati mwingine",
            "Mara nyingi kiasi",
            "Mara nyingi",
            "Mara nyingi sana",
            "Karibu kila wakati",
        ],
        "easy": [
            "Hapana, ni vigumu",
            "Ni vigumu kiasi",
            "Ni vigumu kidogo",
            "Wakati mwingine",
            "Ni rahisi kiasi",
            "Ndiyo, ni rahisi",
            "Ndiyo, ni rahisi kweli",
            "Ndiyo, karibu kila wakati ni rahisi",
        ],
        "good_at": [
            "Hapana, karibu hapana",
            "Si hodari sana",
            "Wastani",
            "Kiasi",
            "Ndiyo, hodari",
            "Ndiyo, hodari kweli",
            "Ndiyo, mara nyingi hodari sana",
            "Ndiyo, karibu kila wakati hodari sana",
        ],
        "ideas": [
            "Sina wazo karibu kabisa",
            "Nina wazo dogo",
            "Nina mawazo machache",
            "Nina mawazo kadhaa",
            "Najua kwa kukadiria",
            "Najua vizuri kiasi",
            "Najua vizuri",
            "Najua karibu hasa",
        ],
    },
}

# The explanations under the questions that have one (``defaults.HELP_TEXTS``).
HELP_TEXTS = {
    "en": {
        "q2": "Think of everything you can do. It can be from school, from a job or from life at home.",
        "q5": "Your mind means how you feel. For example happy, worried or tired.",
        "q9": "Something else can be a course, a work placement or a job.",
    },
    "ar": {
        "q2": "فكّر في كل ما تعرفه. قد يكون من المدرسة أو من عمل أو من الحياة في البيت.",
        "q5": "نفسك تعني كيف تشعر. مثلًا سعيد أو قلق أو متعب.",
        "q9": "شيء آخر قد يكون دورة أو تدريبًا عمليًا أو عملًا.",
    },
    "prs": {
        "q2": "به همه چیزهایی که بلد هستید فکر کنید. می‌تواند از مکتب، از کار یا از زندگی در خانه باشد.",
        "q5": "روحی یعنی اینکه چه احساسی دارید. مثلاً خوشحال، نگران یا خسته.",
        "q9": "کار دیگر می‌تواند یک کورس، کارآموزی یا یک وظیفه باشد.",
    },
    "so": {
        "q2": "Ka fikir wax kasta oo aad taqaanno. Waxay ka iman karaan iskuulka, shaqo ama nolosha guriga.",
        "q5": "Maskaxda waxay ka dhigan tahay sida aad dareemayso. Tusaale ahaan faraxsan, walwalsan ama daallan.",
        "q9": "Wax kale waxay noqon karaan koorso, tababar shaqo ama shaqo.",
    },
    "ti": {
        "q2": "ብዛዕባ ኩሉ እትፈልጦ ሕሰብ። ካብ ቤት ትምህርቲ፣ ካብ ስራሕ ወይ ካብ ናብራ ገዛ ክኸውን ይኽእል።",
        "q5": "ኣእምሮ ማለት ከመይ ከም ዝስምዓካ እዩ። ንኣብነት ሕጉስ፣ ሻቑሉ ወይ ዝደኸመ።",
        "q9": "ካልእ ነገር ኮርስ፣ ልምምድ ስራሕ ወይ ስራሕ ክኸውን ይኽእል።",
    },
    "sw": {
        "q2": "Fikiria kila kitu unachojua. Inaweza kuwa kutoka shuleni, kazini au maisha ya nyumbani.",
        "q5": "Akilini maana yake ni jinsi unavyojisikia. Kwa mfano furaha, wasiwasi au uchovu.",
        "q9": "Jambo lingine linaweza kuwa kozi, mafunzo kazini au kazi.",
    },
}

# Plain Swedish: only the texts that could be said more simply; the rest is the Swedish text.
# ``(item code or None, field): text``; step words as ``step_<value>``.
# "Tror du …?" questions: "nog" is the everyday word for "troligen".
_PLAIN_BELIEF_STEPS = {"step_3": "Nej, nog inte", "step_7": "Ja, nog"}
PLAIN_SWEDISH: dict[tuple[str | None, str], str] = {
    (None, "description"): (
        "Tio frågor om hur nära jobb eller studier du känner dig. Svara med en siffra från 1 till 10. "
        "Inga svar är fel. Vi frågar igen om tre månader."
    ),
    ("q2", "text"): "Tror du att du kan saker som behövs på ett jobb?",
    ("q3", "text"): "Tror du att du klarar att jobba?",
    ("q4", "text"): "Har du tid att söka jobb, plugga eller gå på aktiviteter?",
    ("q5", "text"): "Hur mår du i kroppen och i huvudet när du tänker på att jobba?",
    ("q9", "text"): "Tror du att du klarar att plugga eller göra något annat varje dag?",
    ("q10", "text"): "Vet du vilket jobb du vill ha?",
    **{
        (code, field): text
        for code, ladder in ITEM_LADDERS.items()
        if ladder == "belief"
        for field, text in _PLAIN_BELIEF_STEPS.items()
    },
}
PLAIN_SWEDISH_CODE = "sv-enkel"


def rows(language):
    """``(item_code or None, field, text)`` for every translated text of one language."""
    if language == PLAIN_SWEDISH_CODE:
        for (code, field), text in PLAIN_SWEDISH.items():
            yield code, field, text
        return
    data = TRANSLATIONS[language]
    yield None, "name", data["name"]
    yield None, "description", data["description"]
    for code, texts in data["items"].items():
        for field, text in zip(ITEM_FIELDS, texts, strict=True):
            yield code, field, text
        for value, text in enumerate(LADDERS[language][ITEM_LADDERS[code]], start=FIRST_STEP):
            yield code, f"step_{value}", text
        if code in HELP_TEXTS[language]:
            yield code, "help_text", HELP_TEXTS[language][code]


def languages():
    """Every language with draft texts: the translations, then plain Swedish."""
    return [*TRANSLATIONS, PLAIN_SWEDISH_CODE]


def _translates_shipped_words(item, field):
    """Step words and explanations are translated only where the item still has the shipped Swedish.

    Before migration 0007 items have no step words at all (nothing to translate yet); an item an
    administrator worded differently keeps its own texts, untranslated, rather than getting
    translations of words it does not show.
    """
    if field.startswith("step_"):
        return getattr(item, "step_labels", None) == step_labels(item.code)
    if field == "help_text":
        return bool(getattr(item, "help_text", "")) and item.help_text == SWEDISH_HELP_TEXTS.get(item.code)
    return True


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
    for language in languages():
        for code, field, text in rows(language):
            item = items.get(code) if code else None
            if code and (item is None or not _translates_shipped_words(item, field)):
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
