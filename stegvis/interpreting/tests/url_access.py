"""Who may open the interpreter pages (merged into the URL walk).

All are about anna's enrolment: Kungsbacka's coordinator, the project leader and administrators;
Mölndal's and SPiK's coordinators get 404 (as if it did not exist), evaluators and users without
a role 403.
"""

from stegvis.core.tests.roles import ANNA, anna_enrollment


def anna_card(world):
    return {"pk": world.enrollments["anna"].pk, "language": "ar"}


EXPECTED = {
    "interpreting:selfassessment": (anna_enrollment, ANNA),
    "interpreting:card": (anna_card, ANNA),
    "interpreting:plan": (anna_enrollment, ANNA),
    "interpreting:survey": (anna_enrollment, ANNA),
}
