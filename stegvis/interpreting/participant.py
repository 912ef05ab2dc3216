"""The "Med tolk" section of the participant page: interpreter mode for each enrolment the user may see.

No queries: the enrolments come from the participant page with whether the user may change them
(the self-assessment screen registers answers, so it is offered only then).
"""

from stegvis.participants.access import changeable_ids
from stegvis.participants.languages import preferred_language, swedish_name


def section_context(user, person, enrollments):
    enrollments = list(enrollments)
    language = preferred_language(person, swedish=False)
    changeable = changeable_ids(user, enrollments)
    return {
        "interpreting": {
            "language": language,
            "language_name": swedish_name(language),
            "rows": [{"enrollment": e, "can_change": e.pk in changeable} for e in enrollments],
        }
    }
