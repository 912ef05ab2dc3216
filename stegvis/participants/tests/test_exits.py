"""Exits as projects describe them: own reasons, registrations in error, next actor, more outcomes."""

import datetime

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.core.errors import ActionError, ConflictError
from stegvis.participants import actions, exit_reasons
from stegvis.participants.models import Enrollment, ExitOutcome, ProjectExitReason
from stegvis.reports.project_report import build_report
from stegvis.reports.tests.helpers import enrol, make_project, person

D = datetime.date
ON = D(2024, 12, 31)


@pytest.fixture
def project(world):
    return make_project(world)


@pytest.fixture
def back_to_fk(world, project):
    return exit_reasons.add_exit_reason(
        world.users["admin"], project, label="Åter till Försäkringskassan", standard_reason="annat"
    )


def _exit(world, enrollment, **fields):
    fields.setdefault("end_date", D(2024, 6, 30))
    fields.setdefault("exit_reason", None)
    return actions.register_exit(world.users["admin"], enrollment, version=enrollment.version, **fields)


def test_a_project_reason_sets_the_standard_reason_every_figure_counts(world, project, back_to_fk):
    assert back_to_fk.code == "ater-till-forsakringskassan"
    e = _exit(world, enrol(world, project, person(world), D(2024, 1, 1)), project_exit_reason=back_to_fk)
    assert (e.exit_reason, e.project_exit_reason) == ("annat", back_to_fk)
    report = build_report(project, on=ON)
    assert report["exits"]["by_reason"]["annat"] == 1
    assert report["exits"]["by_project_reason"] == {"ater-till-forsakringskassan": 1}
    assert report["exits"]["project_reasons"] == {
        "ater-till-forsakringskassan": {"label": "Åter till Försäkringskassan", "standard_reason": "annat"}
    }


def test_a_reason_of_another_project_or_retired_is_refused(world, project, back_to_fk):
    other = make_project(world, code="annat-projekt")
    e = enrol(world, other, person(world), D(2024, 1, 1))
    with pytest.raises(ActionError) as error:
        _exit(world, e, project_exit_reason=back_to_fk)
    assert "exit_reason" in error.value.message_dict
    exit_reasons.update_exit_reason(
        world.users["admin"], back_to_fk, label=back_to_fk.label, standard_reason="annat", active=False
    )
    mine = enrol(world, project, person(world), D(2024, 1, 1))
    with pytest.raises(ActionError, match="används inte längre"):
        _exit(world, mine, project_exit_reason=back_to_fk)


def test_remapping_a_reason_recounts_its_exits_and_audits_each(world, project, back_to_fk):
    exited = [
        _exit(world, enrol(world, project, person(world), D(2024, 1, 1)), project_exit_reason=back_to_fk)
        for _i in range(3)
    ]
    moved = exit_reasons.update_exit_reason(
        world.users["admin"], back_to_fk, label="Åter till FK", standard_reason="sjukdom_vard"
    )
    assert moved == 3
    assert set(
        Enrollment.objects.filter(pk__in=[e.pk for e in exited]).values_list("exit_reason", flat=True)
    ) == {"sjukdom_vard"}
    report = build_report(project, on=ON)
    assert report["exits"]["by_reason"]["sjukdom_vard"] == 3 and report["exits"]["by_reason"]["annat"] == 0
    entries = AuditEntry.objects.filter(detail="avslutsorsak räknas om")
    assert entries.count() == 3
    assert entries.first().changes == {"exit_reason": ["annat", "sjukdom_vard"]}
    # An exit form opened before the remapping no longer saves over it.
    stale = exited[0]
    with pytest.raises(ConflictError):
        actions.correct_exit(
            world.users["admin"], stale, version=stale.version, end_date=stale.end_date, exit_reason="arbete"
        )


def test_a_reason_in_use_cannot_be_removed(world, project, back_to_fk):
    _exit(world, enrol(world, project, person(world), D(2024, 1, 1)), project_exit_reason=back_to_fk)
    with pytest.raises(ActionError, match="används i 1 avslut"):
        exit_reasons.remove_exit_reason(world.users["admin"], back_to_fk)
    unused = exit_reasons.add_exit_reason(
        world.users["admin"], project, label="Till annan insats", standard_reason="annan_insats"
    )
    exit_reasons.remove_exit_reason(world.users["admin"], unused)
    assert not ProjectExitReason.objects.filter(pk=unused.pk).exists()


def test_labels_are_unique_per_project_and_need_a_standard_reason(world, project, back_to_fk):
    with pytest.raises(ActionError) as error:
        exit_reasons.add_exit_reason(
            world.users["admin"],
            project,
            label="åter till försäkringskassan",
            standard_reason="felregistrering",
        )
    assert set(error.value.message_dict) == {"label", "standard_reason"}


def test_a_coordinator_may_not_change_the_list(world, project):
    with pytest.raises(ActionError):
        exit_reasons.add_exit_reason(world.users["coord_kba"], project, label="X", standard_reason="annat")


def test_a_registration_in_error_is_kept_audited_and_left_out_of_every_figure(world, project):
    counted = enrol(world, project, person(world), D(2024, 1, 1))
    wrong = enrol(world, project, person(world, gender="M"), D(2024, 2, 1))
    before = build_report(project, on=ON)
    assert before["enrollments"] == 2
    _exit(world, wrong, end_date=D(2024, 2, 2), exit_reason="felregistrering")
    report = build_report(project, on=ON)
    assert report["enrollments"] == report["active"] == report["unique_persons"] == 1
    assert report["by_gender"] == {"K": 1, "M": 0, "X": 0}
    assert report["exits"]["total"] == 0 and "felregistrering" not in report["exits"]["by_reason"]
    assert sum(m["new"] for m in report["monthly"]) == 1
    # Also on a date before it was found out, and in the breakdowns and per coordinator.
    assert build_report(project, on=D(2024, 2, 1))["enrollments"] == 1
    assert report["breakdowns"]["organization"]["kungsbacka"]["enrollments"] == 1
    assert Enrollment.objects.filter(pk=wrong.pk).exists() and counted.pk != wrong.pk
    entry = AuditEntry.objects.filter(object_id=str(wrong.pk), detail="avslut").get()
    assert entry.changes["exit_reason"] == ["", "felregistrering"]


def test_an_ended_enrolment_found_to_be_in_error_is_corrected(world, project):
    e = _exit(
        world, enrol(world, project, person(world), D(2024, 1, 1)), exit_reason="arbete", next_actor="af"
    )
    actions.correct_exit(
        world.users["admin"], e, version=e.version, end_date=e.end_date, exit_reason="felregistrering"
    )
    assert build_report(project, on=ON)["enrollments"] == 0
    entry = AuditEntry.objects.filter(object_id=str(e.pk), detail="rättat avslut").get()
    assert entry.changes["exit_reason"] == ["arbete", "felregistrering"]
    assert entry.changes["next_actor"] == ["af", ""]


def test_correcting_needs_an_ended_enrolment(world, project):
    e = enrol(world, project, person(world), D(2024, 1, 1))
    with pytest.raises(ActionError, match="inte avslutad"):
        actions.correct_exit(
            world.users["admin"], e, version=e.version, end_date=D(2024, 2, 1), exit_reason="arbete"
        )


def test_next_actor_and_other_outcomes_are_counted(world, project):
    _exit(
        world,
        enrol(world, project, person(world), D(2024, 1, 1)),
        exit_reason="arbete",
        other_outcomes=["studier"],
        next_actor="af",
    )
    _exit(world, enrol(world, project, person(world), D(2024, 1, 1)), exit_reason="studier")
    _exit(world, enrol(world, project, person(world), D(2024, 1, 1)), exit_reason="flytt", next_actor="fk")
    exits = build_report(project, on=ON)["exits"]
    assert exits["by_reason"]["arbete"] == exits["by_reason"]["studier"] == 1
    assert exits["by_outcome"]["arbete"] == 1 and exits["by_outcome"]["studier"] == 2
    assert (
        exits["by_next_actor"]["af"] == exits["by_next_actor"]["fk"] == exits["by_next_actor"]["okand"] == 1
    )
    assert sum(exits["by_next_actor"].values()) == exits["total"] == 3
    assert ExitOutcome.objects.count() == 1
    # Before the exits happened nothing of this counts.
    before = build_report(project, on=D(2024, 3, 1))["exits"]
    assert sum(before["by_outcome"].values()) == sum(before["by_next_actor"].values()) == 0


@pytest.mark.parametrize(
    "reason,outcomes,message",
    [
        ("flytt", ["arbete"], "ska avslutsorsaken"),
        ("arbete", ["arbete"], "en gång till"),
        ("felregistrering", ["annat"], "felregistrering"),
        ("arbete", ["semester"], "Okänt utfall"),
    ],
)
def test_other_outcomes_that_would_tell_another_story_are_refused(world, project, reason, outcomes, message):
    e = enrol(world, project, person(world), D(2024, 1, 1))
    with pytest.raises(ActionError, match=message) as error:
        _exit(world, e, exit_reason=reason, other_outcomes=outcomes)
    assert "other_outcomes" in error.value.message_dict


def test_the_exit_form_offers_the_projects_reasons_and_saves_one(world, project, back_to_fk, login_as):
    e = enrol(world, project, person(world), D(2024, 1, 1))
    client = login_as(world.users["admin"])
    url = reverse("participants:exit", args=[e.pk])
    page = client.get(url).content.decode()
    assert "Projektets orsaker" in page and "Åter till Försäkringskassan (räknas som annat)" in page
    response = client.post(
        url,
        {
            "end_date": "2024-06-30",
            "exit_reason": "projekt:ater-till-forsakringskassan",
            "other_outcomes": [],
            "next_actor": "fk",
            "version": e.version,
        },
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert (e.exit_reason, e.project_exit_reason_id, e.next_actor) == ("annat", back_to_fk.pk, "fk")
    detail = client.get(reverse("participants:detail", args=[e.person_id])).content.decode()
    assert "Åter till Försäkringskassan" in detail and "Rätta avslutet" in detail
    # The same page now corrects the exit, filled in with it.
    correction = client.get(url).content.decode()
    assert (
        "Rätta avslutet" in correction
        and 'value="projekt:ater-till-forsakringskassan" selected' in correction
    )


def test_a_bad_exit_gets_a_swedish_message_at_the_field(world, project, login_as):
    e = enrol(world, project, person(world), D(2024, 1, 1))
    client = login_as(world.users["admin"])
    response = client.post(
        reverse("participants:exit", args=[e.pk]),
        {
            "end_date": "2024-06-30",
            "exit_reason": "flytt",
            "other_outcomes": ["arbete"],
            "version": e.version,
        },
    )
    assert response.status_code == 200
    assert "Andra utfall" in response.content.decode()
    assert "ska avslutsorsaken" in response.content.decode()


def test_the_exit_reasons_page_adds_and_remaps(world, project, login_as):
    client = login_as(world.users["admin"])
    url = reverse("exit_reasons:list", args=[project.code])
    response = client.post(url, {"label": "Till annan insats", "standard_reason": "annan_insats"})
    assert response.status_code == 302
    reason = ProjectExitReason.objects.get(project=project)
    assert reason.label == "Till annan insats"
    assert "Till annan insats" in client.get(url).content.decode()
    missing = client.post(url, {"label": "", "standard_reason": ""})
    assert missing.status_code == 200 and "Benämning" in missing.content.decode()
    edit = reverse("exit_reasons:edit", args=[project.code, reason.pk])
    response = client.post(
        edit, {"label": "Till annan insats", "standard_reason": "annat", "position": 1, "active": ""}
    )
    assert response.status_code == 302
    reason.refresh_from_db()
    assert (reason.standard_reason, reason.active, reason.position) == ("annat", False, 1)
    assert client.post(edit, {"form": "remove"}).status_code == 302
    assert not ProjectExitReason.objects.filter(pk=reason.pk).exists()


def test_small_numbers_of_next_actors_and_outcomes_are_hidden_with_their_twins(world, project):
    from stegvis.reports.suppression import suppress

    for i in range(9):
        e = enrol(world, project, person(world), D(2024, 1, 1))
        _exit(world, e, exit_reason="arbete", next_actor="af" if i < 6 else "fk")
    exits = suppress(build_report(project, on=ON), 5)["exits"]
    # Three to FK is hidden; the six to AF would give it back from the total of nine: hidden too.
    assert exits["by_next_actor"]["fk"] == exits["by_next_actor"]["af"] == "<5"
    assert exits["total"] == 9 and exits["by_next_actor"]["okand"] == 0
