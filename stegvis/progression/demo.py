"""Demo progression data: self-assessments every three months and SFI/CEFR levels.

Shaped after what the seeds report (SPiK): about four in ten enrolments reach two or more
measurements of the project's primary instrument; of those about two thirds move up, a quarter
down and one in ten not at all; women aged 40–49 move most, people aged 50–59 are more often
negative. Some enrolments also get the coordinator's assessment (``handlaggare``) on the same days.
In Helhetslyftet a share of the participants who do not speak Swedish at home get language
levels, and about half of those with two levels move a step, as Kungsbacka reported.

Everything is drawn from the extension's own ``rng`` in the enrolments' id order and written with
``bulk_create`` in batches; the enrolments are read in one streamed query.
"""

import datetime

from django.db.models import F

from stegvis.audit.log import AuditAction, record_many
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment
from stegvis.progression.measuring.schedule import add_months, settings_for
from stegvis.progression.models import (
    LEVELS,
    Answer,
    Framework,
    Instrument,
    LanguageLevel,
    Measurement,
    Respondent,
    Source,
)
from stegvis.progression.scoring import refresh_scores
from stegvis.reports.project_report import with_age

BATCH = 2000
BASELINE_SHARE = 0.8  # a baseline within the first weeks
CONTINUE_SHARE = 0.66  # of those, how many go on to be measured again (when the enrolment lasts)
KEEP_LATER = 0.85  # each later due date is met this often
STAFF_SHARE = 0.3  # enrolments where the coordinator also fills in the staff card
DONT_KNOW = 0.03

# (positive, negative, unchanged) by group; the overall mix lands near SPiK's 66/24/10.
CLASS_WEIGHTS = {
    "women_40_49": (85, 8, 7),
    "age_50_59": (50, 38, 12),
    "other": (70, 20, 10),
}
CHANGE = {  # the change of the mean score, first to latest, drawn uniformly in these bounds
    "women_40_49": (1.2, 3.0),
    "other": (0.5, 2.0),
    "negative": (0.4, 1.6),
}
LANGUAGE_SHARE = 0.6
CEFR_SHARE = 0.2
MOVED_A_STEP = 0.45
FIRST_LEVEL = {Framework.SFI: (3, 4, 3, 0), Framework.CEFR: (4, 4, 2, 0, 0, 0)}


def _group(gender, age):
    if gender == "K" and age is not None and 40 <= age <= 49:
        return "women_40_49"
    if age is not None and 50 <= age <= 59:
        return "age_50_59"
    return "other"


def _dates(rng, start, last):
    """The days this enrolment could be measured: a baseline, then about every three months."""
    days = []
    first = start + datetime.timedelta(days=rng.randint(0, 20))
    if first > last:
        return days
    days.append(first)
    k = 1
    while True:
        day = add_months(start, 3 * k) + datetime.timedelta(days=rng.randint(-10, 10))
        if day > last:
            return days
        if day > days[-1]:
            days.append(day)
        k += 1


def _clip(value, low, high):
    return max(low, min(high, int(round(value))))


def _answer_series(rng, items, count, cls, group, threshold):
    """``count`` lists of answers (one value or None per item), drifting as ``cls`` says."""
    base = rng.gauss(4.8, 1.2)
    offsets = [rng.gauss(0, 1.2) for _ in items]
    if cls == "positive":
        delta = rng.uniform(*CHANGE["women_40_49" if group == "women_40_49" else "other"])
    elif cls == "negative":
        delta = -rng.uniform(*CHANGE["negative"])
    else:
        delta = 0.0
    series = []
    for k in range(count):
        share = k / (count - 1) if count > 1 else 0
        answers = [
            None
            if rng.random() < DONT_KNOW
            else _clip(base + o + delta * share + rng.gauss(0, 0.6), i.scale_min, i.scale_max)
            for i, o in zip(items, offsets, strict=False)
        ]
        if all(a is None for a in answers):
            answers[0] = _clip(base, items[0].scale_min, items[0].scale_max)
        series.append(answers)
    if count > 1:
        series[-1] = _settle(rng, items, series[0], series[-1], cls, threshold)
    return series


def _mean(answers):
    values = [a for a in answers if a is not None]
    return sum(values) / len(values)


def _settle(rng, items, first, last, cls, threshold):
    """Nudge the latest answers until first-to-latest is of class ``cls`` under the project's threshold."""
    if cls == "unchanged":
        values = list(first)
        rng.shuffle(values)  # same answers in other places: some items up, some down, mean unchanged
        return values
    step = 1 if cls == "positive" else -1
    last = list(last)
    for _attempt in range(60):
        change = _mean(last) - _mean(first)
        if (change > threshold) if step > 0 else (change < -threshold):
            break
        movable = [
            n
            for n, (a, item) in enumerate(zip(last, items, strict=False))
            if a is not None and item.scale_min <= a + step <= item.scale_max
        ]
        if not movable:
            break
        n = rng.choice(movable)
        last[n] += step
    return last


def _instruments():
    """Per project id: (instrument, its items, the threshold), looked up once per project."""
    result = {}
    for project in Project.objects.all():
        code = settings_for(project).primary_instrument_code
        instrument = Instrument.objects.filter(code=code, is_active=True).order_by("-version").first()
        if instrument is not None:
            result[project.pk] = (
                instrument,
                list(instrument.items.order_by("position")),
                float(project.progression_threshold or 0),
            )
    return result


#: Runs after the apps with a lower order (see stegvis.demo.extensions).
DEMO_ORDER = 10


def demo_data(dataset, rng):
    """Measurements and language levels for the demo's enrolments, up to ``dataset.as_of``."""
    instruments = _instruments()
    today = dataset.as_of
    enrollments = (
        with_age(Enrollment.objects.filter(project__code__in=dataset.projects, start_date__lte=today))
        .order_by("pk")
        .values_list(
            "pk",
            "project_id",
            "project__code",
            "start_date",
            "end_date",
            "gender",
            "_age",
            "coordinator_id",
            "person_id",
            F("person__language"),
        )
    )
    writer = _Writer()
    languages = {}
    for (
        pk,
        project_id,
        code,
        start,
        end,
        gender,
        age,
        coordinator_id,
        person_id,
        language,
    ) in enrollments.iterator(chunk_size=BATCH):
        last = min(end, today) if end else today
        if project_id in instruments:
            _measure(rng, writer, instruments[project_id], pk, start, last, gender, age, coordinator_id)
        if code == "helhetslyftet" and language and language != "sv" and person_id not in languages:
            languages[person_id] = True
            _language(rng, writer, person_id, start, last, coordinator_id)
    writer.flush()


def _measure(rng, writer, plan, pk, start, last, gender, age, coordinator_id):
    instrument, items, threshold = plan
    days = _dates(rng, start, last)
    if not days or rng.random() >= BASELINE_SHARE:
        return
    taken = days[:1]
    if len(days) > 1 and rng.random() < CONTINUE_SHARE:
        later = [d for d in days[1:] if rng.random() < KEEP_LATER] or [days[-1]]
        taken += later
    group = _group(gender, age)
    weights = CLASS_WEIGHTS[group]
    cls = rng.choices(("positive", "negative", "unchanged"), weights=weights)[0]
    series = _answer_series(rng, items, len(taken), cls, group, threshold)
    staff = rng.random() < STAFF_SHARE
    for day, answers in zip(taken, series, strict=False):
        source = Source.PAPER if rng.random() < 0.2 else Source.MEETING
        writer.measurement(
            Measurement(
                enrollment_id=pk,
                instrument=instrument,
                respondent=Respondent.PARTICIPANT,
                date=day,
                source=source,
                registered_by_id=coordinator_id,
            ),
            items,
            answers,
        )
        if staff:
            # The coordinator's view: close to the participant's, a little more cautious.
            staff_answers = [
                None if a is None else _clip(a + rng.gauss(-0.3, 0.8), i.scale_min, i.scale_max)
                for a, i in zip(answers, items, strict=False)
            ]
            writer.measurement(
                Measurement(
                    enrollment_id=pk,
                    instrument=instrument,
                    respondent=Respondent.STAFF,
                    date=day,
                    source=Source.MEETING,
                    registered_by_id=coordinator_id,
                ),
                items,
                staff_answers,
            )


def _language(rng, writer, person_id, start, last, coordinator_id):
    if rng.random() >= LANGUAGE_SHARE:
        return
    framework = Framework.CEFR if rng.random() < CEFR_SHARE else Framework.SFI
    levels = LEVELS[framework]
    rank = rng.choices(range(len(levels)), weights=FIRST_LEVEL[framework])[0]
    first = start + datetime.timedelta(days=rng.randint(0, 30))
    if first > last:
        return
    writer.level(
        LanguageLevel(
            person_id=person_id,
            date=first,
            framework=framework,
            level=levels[rank],
            registered_by_id=coordinator_id,
        )
    )
    span = (last - first).days
    if span < 120:
        return
    second = first + datetime.timedelta(days=rng.randint(120, min(span, 300)))
    if rng.random() < MOVED_A_STEP and rank + 1 < len(levels):
        rank += 1
    writer.level(
        LanguageLevel(
            person_id=person_id,
            date=second,
            framework=framework,
            level=levels[rank],
            registered_by_id=coordinator_id,
        )
    )


class _Writer:
    """Collects rows and writes them in batches: measurements first (for their ids), then answers."""

    def __init__(self):
        self.measurements = []
        self.levels = []

    def measurement(self, measurement, items, answers):
        self.measurements.append((measurement, list(zip(items, answers, strict=False))))
        if len(self.measurements) >= BATCH:
            self.flush()

    def level(self, level):
        self.levels.append(level)

    def flush(self):
        if self.measurements:
            created = Measurement.objects.bulk_create([m for m, _a in self.measurements], batch_size=1000)
            Answer.objects.bulk_create(
                [
                    Answer(measurement=m, item=item, value=value)
                    for m, answers in self.measurements
                    for item, value in answers
                ],
                batch_size=5000,
            )
            refresh_scores([m.pk for m in created])
            record_many(None, AuditAction.CREATE, created, detail="demodata")
            self.measurements = []
        if self.levels:
            LanguageLevel.objects.bulk_create(self.levels, batch_size=1000)
            self.levels = []
