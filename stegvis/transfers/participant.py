"""The "Överföring till annan organisation" section of the participant page.

Per enrolment the user may see: its transfers (proposed, answered), and for an active enrolment
the user may change with no proposal open, the form to propose one. Two queries however many
enrolments: the transfers, and the organisations of the projects (only when a form is shown).
"""

from stegvis.participants.access import changeable_ids
from stegvis.transfers.forms import ProposeForm
from stegvis.transfers.queries import history_by_enrollment, receiver_choices


def section_context(user, person, enrollments):
    enrollments = list(enrollments)
    if not enrollments:
        return {"transfer_rows": []}
    history = history_by_enrollment(user, [e.pk for e in enrollments])
    changeable = changeable_ids(user, enrollments)
    proposable = [
        e
        for e in enrollments
        if e.pk in changeable and e.end_date is None and not any(t.is_open for t in history.get(e.pk, []))
    ]
    choices = receiver_choices(proposable) if proposable else {}
    rows = []
    for enrollment in enrollments:
        form = None
        if enrollment.pk in choices and choices[enrollment.pk]:
            form = ProposeForm(choices=choices[enrollment.pk], auto_id=f"id_transfer_{enrollment.pk}_%s")
        transfers = history.get(enrollment.pk, [])
        if transfers or form:
            rows.append({"enrollment": enrollment, "transfers": transfers, "form": form})
    return {"transfer_rows": rows}
