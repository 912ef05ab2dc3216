"""Demo data for the ESF+ fields of the enrolments: time without work, the voluntary questions, countries, qualifications.

The generated enrolments already have SUS status at start and exit and the education snapshot
(the bulk actions copy it from the person). This adds what ESF+ asks beyond that, with shares
that look like the seeds' target groups (many newly arrived, many long-term unemployed, few who
decline). Values are drawn in enrolment order with the extension's own random generator, so the
same demo gives the same answers, and written with one UPDATE per value and chunk of ids.
"""

from stegvis.participants.models import ESF_UNEMPLOYED, ESF_VOLUNTARY_FIELDS, Enrollment, Occupation

CHUNK = 900  # ids per UPDATE: below SQLite's parameter limit
DECLINES = 0.15  # share who do not answer the voluntary questions
# Share answering "yes" (among those who answer), for a person with Swedish and with another language.
YES_SHARE = {
    "disability": (0.25, 0.12),
    "third_country_national": (0.01, 0.55),
    "foreign_origin": (0.12, 0.97),
    "minority": (0.04, 0.06),
    "housing_exclusion": (0.06, 0.08),
    "rural_area": (0.18, 0.10),
}
# Whole months without work for job seekers: (upper bound, weight) bands.
UNEMPLOYED_MONTHS = ((3, 20), (6, 15), (12, 20), (24, 25), (60, 20))
# Share gaining a qualification, by the occupation at exit (studies lead to certificates more often).
QUALIFICATION_SHARE = {Occupation.STUDIER: 0.45, Occupation.ARBETE: 0.25}
QUALIFICATION_OTHERWISE = 0.08


def _months(rng):
    total = sum(weight for _upper, weight in UNEMPLOYED_MONTHS)
    draw, lower = rng.uniform(0, total), 0
    for upper, weight in UNEMPLOYED_MONTHS:
        if draw <= weight:
            return rng.randint(lower, upper)
        draw -= weight
        lower = upper + 1
    return UNEMPLOYED_MONTHS[-1][0]


# Where a person speaking each language was most likely born, for the demo (no draw: the other
# answers stay as they were).
BIRTH_COUNTRY = {"ar": "SY", "so": "SO", "prs": "AF", "ti": "ER", "sw": "TZ", "en": "GB", "fa": "IR"}


def _countries(language, foreign_origin, third_country):
    """Country of birth and citizenship that agree with the answers (citizenship decides "third country")."""
    birth = BIRTH_COUNTRY.get(language, "IQ") if foreign_origin and language not in ("", "sv") else "SE"
    if not third_country:
        return {"country_of_birth": birth, "citizenship": "SE"}
    return {"country_of_birth": birth, "citizenship": birth if birth != "SE" else "IQ"}


def _draw(rng, row):
    """The ESF+ values of one enrolment (``None`` where nothing is stored)."""
    _pk, occupation_start, language, end_date, occupation_exit = row
    values = {}
    if occupation_start in ESF_UNEMPLOYED:
        values["unemployed_months_start"] = _months(rng)
    if rng.random() >= DECLINES:
        other = language not in ("", "sv")
        for name in ESF_VOLUNTARY_FIELDS:
            values[name] = rng.random() < YES_SHARE[name][1 if other else 0]
        values.update(_countries(language, values["foreign_origin"], values["third_country_national"]))
    if end_date is not None:
        share = QUALIFICATION_SHARE.get(occupation_exit, QUALIFICATION_OTHERWISE)
        values["gained_qualification"] = rng.random() < share
    return values


#: Runs early: other apps' demo data does not depend on these fields.
DEMO_ORDER = 5


def demo_data(dataset, rng):
    """Fill the ESF+ fields of every demo enrolment that has none yet (see the module docstring)."""
    rows = (
        Enrollment.objects.filter(
            unemployed_months_start__isnull=True, gained_qualification__isnull=True, disability__isnull=True
        )
        .order_by("pk")
        .values_list("pk", "occupation_start", "person__language", "end_date", "occupation_exit")
    )
    groups = {}  # (field, value) -> [pk]
    for row in rows.iterator(chunk_size=5000):
        for name, value in _draw(rng, row).items():
            groups.setdefault((name, value), []).append(row[0])
    for (name, value), ids in sorted(groups.items(), key=lambda item: (item[0][0], str(item[0][1]))):
        for start in range(0, len(ids), CHUNK):
            Enrollment.objects.filter(pk__in=ids[start : start + CHUNK]).update(**{name: value})
