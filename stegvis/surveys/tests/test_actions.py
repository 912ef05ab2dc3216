"""The actions of the surveys app: settings, links (one use, expiry), answers, named mode."""

import datetime

import pytest
from django.utils import timezone

from stegvis.audit.models import AuditEntry
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.surveys import actions
from stegvis.surveys.defaults import STATEMENT_CODES
from stegvis.surveys.models import Mode, Occasion, Survey, SurveyLink, SurveyResponse, SurveyText
from stegvis.surveys.testing import make_link

pytestmark = pytest.mark.django_db

ALL_FIVE = {code: 5 for code in STATEMENT_CODES}


def test_the_default_exit_survey_is_installed_with_the_seed_statements_and_draft_translations():
    survey = Survey.objects.get(code="slutenkat", version=1)
    statements = list(
        survey.questions.filter(kind="statement").order_by("position").values_list("code", "text")
    )
    assert statements == [
        ("insatsen-till-hjalp", "Insatsen har varit till hjälp för mig"),
        ("mer-redo", "Jag känner mig mer redo att arbeta eller studera"),
        ("stod-till-nytta", "Jag har fått stöd som varit till stor nytta"),
        ("planering-efter", "Det finns en tillräcklig planering för vad som ska hända efter insatsen"),
        ("integration", "Insatsen har varit till hjälp för min integration"),
    ]
    assert survey.questions.filter(kind="text").count() == 2
    for language in ("en", "ar", "prs", "so", "ti", "sw"):
        texts = SurveyText.objects.filter(survey=survey, language=language)
        assert texts.count() == 2 + 7, language
        assert not texts.filter(needs_review=False).exists()
    # Idempotent: running the installer again adds nothing.
    from stegvis.surveys.defaults import install_defaults

    install_defaults()
    assert Survey.objects.filter(code="slutenkat").count() == 1


def test_settings_are_validated_versioned_and_audited(world):
    project = world.projects["helhetslyftet"]
    with pytest.raises(NotAllowed):
        actions.save_project_settings(
            world.users["coord_kba"],
            project,
            version=0,
            exit_survey=None,
            mode="named",
            send_at_exit=False,
            later_days=None,
        )
    with pytest.raises(ActionError) as error:
        actions.save_project_settings(
            world.users["leader"],
            project,
            version=0,
            exit_survey=None,
            mode="hemlig",
            send_at_exit=True,
            later_days=0,
        )
    assert set(error.value.message_dict) == {"mode", "later_days"}
    assert "1 till 365" in error.value.message_dict["later_days"][0]
    saved = actions.save_project_settings(
        world.users["leader"],
        project,
        version=0,
        exit_survey=None,
        mode="named",
        send_at_exit=True,
        later_days=90,
    )
    assert (saved.mode, saved.send_at_exit, saved.later_days, saved.version) == ("named", True, 90, 1)
    actions.save_project_settings(
        world.users["leader"],
        project,
        version=1,
        exit_survey=None,
        mode="anonymous",
        send_at_exit=True,
        later_days=None,
    )
    with pytest.raises(ConflictError):  # a second form opened at version 1
        actions.save_project_settings(
            world.users["admin"],
            project,
            version=1,
            exit_survey=None,
            mode="named",
            send_at_exit=False,
            later_days=None,
        )
    assert AuditEntry.objects.filter(object_type="surveys.projectsurveysettings").count() == 2


def test_link_is_made_only_by_staff_who_may_change_the_enrolment_and_stores_only_a_hash(world):
    enrollment = world.enrollments["anna"]
    with pytest.raises(NotAllowed):
        actions.create_link(world.users["coord_mdl"], enrollment, language="sv")
    with pytest.raises(ActionError) as error:
        actions.create_link(world.users["coord_kba"], enrollment, language="xx", valid_days=0, channel="sms")
    assert set(error.value.message_dict) == {"language", "valid_days", "channel"}
    link, raw = actions.create_link(world.users["coord_kba"], enrollment, language="ar")
    assert raw not in link.token_hash and len(link.token_hash) == 64
    assert link.mode == Mode.ANONYMOUS and link.occasion == Occasion.MANUAL
    entry = AuditEntry.objects.get(object_type="surveys.surveylink", action="create")
    assert entry.person_id == world.persons["anna"].pk and raw not in str(entry.changes)


def test_a_link_answers_once_and_expires(world):
    link, _raw = make_link(world)
    actions.submit_response(link, values=ALL_FIVE)
    with pytest.raises(actions.LinkUnusable) as used:
        actions.submit_response(link, values=ALL_FIVE)
    assert used.value.reason == "used"
    assert SurveyResponse.objects.count() == 1

    old, _raw = make_link(world, "bo", valid_days=1, now=timezone.now() - datetime.timedelta(days=2))
    with pytest.raises(actions.LinkUnusable) as expired:
        actions.submit_response(old, values=ALL_FIVE)
    assert expired.value.reason == "expired"
    assert not SurveyLink.objects.get(pk=old.pk).is_answered


def test_answers_are_validated_by_question(world):
    link, _raw = make_link(world)
    with pytest.raises(ActionError) as error:
        actions.submit_response(
            link, values={"insatsen-till-hjalp": 7, "mer-redo": "x"}, texts={"basta": "a" * 2001}
        )
    assert set(error.value.message_dict) == {"insatsen-till-hjalp", "basta"}
    with pytest.raises(ActionError) as nothing:
        actions.submit_response(link, values={}, texts={"basta": "   "})
    assert "minst en fråga" in nothing.value.messages[0]
    assert not SurveyResponse.objects.exists()
    response = actions.submit_response(
        link, values={"insatsen-till-hjalp": 4, "mer-redo": "x"}, texts={"basta": " Praktiken "}
    )
    stored = {
        (a.question.code, a.value, a.dont_know, a.text) for a in response.answers.select_related("question")
    }
    assert stored == {
        ("insatsen-till-hjalp", 4, False, ""),
        ("mer-redo", None, True, ""),
        ("basta", None, False, "Praktiken"),
    }


def test_named_mode_ties_the_response_to_the_enrolment(world):
    link, _raw = make_link(world, mode="named")
    response = actions.submit_response(link, values=ALL_FIVE)
    assert response.mode == Mode.NAMED and response.enrollment == world.enrollments["anna"]
    assert AuditEntry.objects.filter(
        object_type="surveys.surveyresponse", object_id=str(response.pk), person=world.persons["anna"]
    ).exists()
    # Changing the project's mode later does not change what the participant was promised.
    current = actions.settings_for(world.projects["helhetslyftet"])
    actions.save_project_settings(
        None,
        world.projects["helhetslyftet"],
        version=current.version,
        exit_survey=None,
        mode="anonymous",
        send_at_exit=False,
        later_days=None,
    )
    link2, _raw = actions.create_link(None, world.enrollments["bo"], language="sv")
    assert link2.mode == Mode.ANONYMOUS and SurveyLink.objects.get(pk=link.pk).mode == Mode.NAMED
