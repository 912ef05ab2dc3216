"""The "Enkät" section of the participant page: per enrolment, was a survey sent, was it answered.

In anonymous mode staff see only *that* a link was answered, never what was answered; a named
answer is shown to those who may see the enrolment. Three queries however many enrolments.
"""

from django.utils import timezone

from stegvis.core.access import VIEW
from stegvis.core.languages import staff_name
from stegvis.participants.access import changeable_ids
from stegvis.surveys.forms import CreateLinkForm
from stegvis.surveys.models import SurveyAnswer, SurveyLink


def section_context(user, person, enrollments):
    ids = [e.pk for e in enrollments]
    if not ids:
        return {"survey_rows": []}
    links = {}
    for link in (
        SurveyLink.objects.restrict(user, VIEW).filter(enrollment_id__in=ids).order_by("-created_at", "-pk")
    ):
        links.setdefault(link.enrollment_id, []).append(link)
    changeable = changeable_ids(user, enrollments)
    named = {}
    answers = (
        SurveyAnswer.objects.restrict(user, VIEW)
        .filter(response__enrollment_id__in=ids)
        .select_related("question", "response")
        .order_by("question__position")
    )
    for answer in answers:
        named.setdefault(answer.response.enrollment_id, []).append(answer)
    now = timezone.now()
    rows = []
    for enrollment in enrollments:
        enrollment_links = links.get(enrollment.pk, [])
        for link in enrollment_links:
            link.language_name = staff_name(link.language)
            link.is_expired = link.expires_at <= now
        can_change = enrollment.pk in changeable
        rows.append(
            {
                "enrollment": enrollment,
                "links": enrollment_links,
                "answered": any(link.is_answered for link in enrollment_links),
                "named_answers": named.get(enrollment.pk, []),
                "can_change": can_change,
                "form": CreateLinkForm(person=person, auto_id=f"survey{enrollment.pk}_%s")
                if can_change
                else None,
            }
        )
    return {"survey_rows": rows}
