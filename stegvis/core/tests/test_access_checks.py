"""The system check stegvis.E001: no model with personal data without a row rule."""

from django.core import checks
from django.db import models
from django.test.utils import isolate_apps

from stegvis.core.access import RestrictedQuerySet
from stegvis.core.checks import check_row_rules, holds_personal_data
from stegvis.participants.models import Enrollment, Person


def test_the_project_has_a_rule_for_every_model_with_personal_data():
    assert check_row_rules() == []
    assert "stegvis.E001" not in {message.id for message in checks.run_checks()}


@isolate_apps("stegvis.core")
def test_a_model_linked_to_a_person_without_a_rule_is_an_error():
    class Diary(models.Model):  # noqa: DJ008 (a model for this test only)
        person = models.ForeignKey(Person, on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

    class Log(models.Model):  # noqa: DJ008 (a model for this test only)
        objects = RestrictedQuerySet.as_manager()

        class Meta:
            app_label = "core"

    class Label(models.Model):  # noqa: DJ008 (a model for this test only)
        # Links to an enrolment but only names a printed label's layout.
        holds_no_personal_data = True
        enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

    assert holds_personal_data(Diary) and holds_personal_data(Log)
    assert not holds_personal_data(Label)
    errors = check_row_rules(app_configs=[Diary._meta.app_config])
    assert {(error.id, error.obj) for error in errors} == {("stegvis.E001", Diary), ("stegvis.E001", Log)}
