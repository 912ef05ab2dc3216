"""The survey Stegvis ships: the exit survey (slutenkät) the seed projects asked on paper.

The five statements are the ones the final reports quote; their codes are stable, because goals
("90 % agree the support was useful") and results follow the code, not the wording. The two
free-text questions ask what was best and what could be better.

The translations are drafts written from the plain Swedish without a native speaker checking
them, so they are installed with ``needs_review=True`` and the participant's page says so until
someone who has the language as mother tongue has read them.

Kept as data so the installer and the tests read the same rows. :func:`install` is idempotent
and runs after every ``migrate`` (see ``apps.py``): it adds what is missing and never changes a
survey someone has edited.
"""

EXIT_SURVEY = {
    "code": "slutenkat",
    "name": "Slutenkät",
    "description": "Några frågor om hur du tycker att det har varit. Det tar några minuter. Dina svar hjälper oss att bli bättre.",
    "questions": [
        ("insatsen-till-hjalp", "statement", "Insatsen har varit till hjälp för mig"),
        ("mer-redo", "statement", "Jag känner mig mer redo att arbeta eller studera"),
        ("stod-till-nytta", "statement", "Jag har fått stöd som varit till stor nytta"),
        (
            "planering-efter",
            "statement",
            "Det finns en tillräcklig planering för vad som ska hända efter insatsen",
        ),
        ("integration", "statement", "Insatsen har varit till hjälp för min integration"),
        ("basta", "text", "Vad har varit bäst för dig?"),
        ("battre", "text", "Vad kan vi göra bättre?"),
    ],
}

# language -> (name, description, {question code: text})
TRANSLATIONS = {
    "en": (
        "Exit survey",
        "A few questions about what you think it has been like. It takes a few minutes. Your answers help us get better.",
        {
            "insatsen-till-hjalp": "The support has been helpful to me",
            "mer-redo": "I feel more ready to work or study",
            "stod-till-nytta": "I have received support that has been very useful",
            "planering-efter": "There is a good enough plan for what will happen after the support",
            "integration": "The support has helped my integration",
            "basta": "What has been best for you?",
            "battre": "What can we do better?",
        },
    ),
    "ar": (
        "استبيان النهاية",
        "بعض الأسئلة عن رأيك في التجربة. يستغرق ذلك بضع دقائق. إجاباتك تساعدنا على أن نصبح أفضل.",
        {
            "insatsen-till-hjalp": "كان البرنامج مفيدًا لي",
            "mer-redo": "أشعر أنني أكثر استعدادًا للعمل أو الدراسة",
            "stod-till-nytta": "حصلت على دعم كان مفيدًا جدًا",
            "planering-efter": "توجد خطة كافية لما سيحدث بعد البرنامج",
            "integration": "ساعدني البرنامج في الاندماج",
            "basta": "ما الذي كان أفضل شيء بالنسبة لك؟",
            "battre": "ما الذي يمكننا أن نفعله بشكل أفضل؟",
        },
    ),
    "prs": (
        "نظرسنجی پایانی",
        "چند سوال در مورد اینکه نظر شما چگونه بوده است. چند دقیقه وقت می‌گیرد. جواب‌های شما به ما کمک می‌کند که بهتر شویم.",
        {
            "insatsen-till-hjalp": "این برنامه برای من کمک‌کننده بوده است",
            "mer-redo": "احساس می‌کنم برای کار یا تحصیل آماده‌تر هستم",
            "stod-till-nytta": "حمایتی گرفته‌ام که بسیار مفید بوده است",
            "planering-efter": "برای اینکه بعد از برنامه چه می‌شود، برنامه‌ریزی کافی وجود دارد",
            "integration": "این برنامه به ادغام من در جامعه کمک کرده است",
            "basta": "چه چیزی برای شما بهترین بوده است؟",
            "battre": "چه کاری را می‌توانیم بهتر انجام دهیم؟",
        },
    ),
    "so": (
        "Sahan dhammaadka",
        "Su'aalo yar oo ku saabsan sida aad u aragtay. Waxay qaadanaysaa dhowr daqiiqo. Jawaabahaagu waxay naga caawinayaan inaan fiicnaanno.",
        {
            "insatsen-till-hjalp": "Barnaamijku wuu i caawiyay",
            "mer-redo": "Waxaan dareemayaa inaan u diyaarsanahay shaqo ama waxbarasho",
            "stod-till-nytta": "Waxaan helay taageero aad u faa'iido badan",
            "planering-efter": "Waxaa jira qorshe ku filan oo ku saabsan waxa dhici doona barnaamijka kadib",
            "integration": "Barnaamijku wuxuu i caawiyay inaan la qabsado bulshada",
            "basta": "Maxaa kuugu fiicnaa?",
            "battre": "Maxaan si fiican u samayn karnaa?",
        },
    ),
    "ti": (
        "ናይ መወዳእታ መጠይቕ",
        "ብዛዕባ ከመይ ከም ዝነበረ ዝምልከት ቁሩብ ሕቶታት። ቁሩብ ደቓይቕ ይወስድ። መልስታትካ ንኽንመሓየሽ ይሕግዘና።",
        {
            "insatsen-till-hjalp": "እቲ መደብ ሓጊዙኒ እዩ",
            "mer-redo": "ንስራሕ ወይ ትምህርቲ ዝያዳ ድሉው ኮይነ ይስምዓኒ",
            "stod-till-nytta": "ኣዝዩ ጠቓሚ ዝኾነ ደገፍ ረኺበ",
            "planering-efter": "ድሕሪ እቲ መደብ እንታይ ከም ዝኸውን እኹል መደብ ኣሎ",
            "integration": "እቲ መደብ ንምውህሃደይ ሓጊዙኒ እዩ",
            "basta": "እቲ ዝበለጸ ንዓኻ እንታይ ነይሩ?",
            "battre": "እንታይ ክንመሓይሽ ንኽእል?",
        },
    ),
    "sw": (
        "Utafiti wa mwisho",
        "Maswali machache kuhusu jinsi ulivyoona. Inachukua dakika chache. Majibu yako yanatusaidia kuwa bora zaidi.",
        {
            "insatsen-till-hjalp": "Msaada huu umenisaidia",
            "mer-redo": "Najisikia kuwa tayari zaidi kufanya kazi au kusoma",
            "stod-till-nytta": "Nimepata msaada ambao umekuwa wa manufaa makubwa",
            "planering-efter": "Kuna mpango wa kutosha kwa kile kitakachotokea baada ya msaada huu",
            "integration": "Msaada huu umenisaidia kujumuika katika jamii",
            "basta": "Ni nini kimekuwa bora zaidi kwako?",
            "battre": "Tunaweza kufanya nini vizuri zaidi?",
        },
    ),
}

STATEMENT_CODES = tuple(code for code, kind, _text in EXIT_SURVEY["questions"] if kind == "statement")


def install(Survey, Question, SurveyText):
    """Create the exit survey (version 1) and its draft translations if it is not there yet."""
    spec = EXIT_SURVEY
    survey, created = Survey.objects.get_or_create(
        code=spec["code"],
        version=1,
        defaults={"name": spec["name"], "description": spec["description"]},
    )
    if not created:
        return survey
    questions = Question.objects.bulk_create(
        [
            Question(survey=survey, code=code, position=position, kind=kind, text=text)
            for position, (code, kind, text) in enumerate(spec["questions"], start=1)
        ]
    )
    by_code = (
        {q.code: q for q in Question.objects.filter(survey=survey)}
        if questions and questions[0].pk is None
        else {q.code: q for q in questions}
    )
    texts = []
    for language, (name, description, question_texts) in TRANSLATIONS.items():
        texts.append(SurveyText(survey=survey, field="name", language=language, text=name))
        texts.append(SurveyText(survey=survey, field="description", language=language, text=description))
        for code, text in question_texts.items():
            texts.append(
                SurveyText(survey=survey, question=by_code[code], field="text", language=language, text=text)
            )
    SurveyText.objects.bulk_create(texts)
    return survey


def install_defaults(**_kwargs):
    """``post_migrate`` receiver: the default survey in every database, including the tests'."""
    from stegvis.surveys.models import Question, Survey, SurveyText

    install(Survey, Question, SurveyText)
