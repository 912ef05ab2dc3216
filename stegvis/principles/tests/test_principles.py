import datetime

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.principles import actions
from stegvis.principles.models import Adaptation, Checklist
from stegvis.principles.testing import anna_adaptation
from stegvis.reports.project_report import build_report
from stegvis.reports.suppression import suppress
from stegvis.reports.tables import tables_of

pytestmark = pytest.mark.django_db
D = datetime.date


def test_an_adaptation_is_validated_audited_and_removed(world):
    with pytest.raises(ActionError) as error:
        anna_adaptation(world, kind="annat", given_on=D(2020, 1, 1))
    assert set(error.value.message_dict) == {"description", "given_on"}
    with pytest.raises(NotAllowed):
        actions.add_adaptation(
            world.users["coord_mdl"], world.enrollments["anna"], kind="tolk", given_on=D(2023, 2, 1)
        )
    adaptation = anna_adaptation(world, kind="annat", description="Hörselslinga")
    assert (
        AuditEntry.objects.filter(object_type="principles.adaptation", person=world.persons["anna"]).count()
        == 1
    )
    actions.remove_adaptation(world.users["coord_kba"], adaptation)
    assert not Adaptation.objects.exists()
    assert AuditEntry.objects.filter(object_type="principles.adaptation", action="delete").exists()


def test_the_participant_page_shows_the_adaptations(world, client):
    anna_adaptation(world, kind="lattlast")
    client.force_login(world.users["coord_kba"])
    page = client.get(reverse("participants:detail", args=[world.persons["anna"].pk])).content.decode()
    assert (
        "Lättläst material" in page
        and reverse("principles:adaptation_create", args=[world.enrollments["anna"].pk]) in page
    )


def test_the_report_counts_enrolments_per_kind_as_of_the_date(world, django_assert_num_queries):
    from stegvis.participants.models import Enrollment
    from stegvis.principles.report import adaptation_figures

    anna_adaptation(world, kind="tolk", given_on=D(2023, 2, 1))
    anna_adaptation(world, kind="tolk", given_on=D(2023, 3, 1))  # the same enrolment counts once
    actions.add_adaptation(None, world.enrollments["bo"], kind="fysisk", given_on=D(2023, 6, 1))
    project = world.projects["helhetslyftet"]
    with django_assert_num_queries(1):
        section = adaptation_figures(project, Enrollment.objects.filter(project=project), D(2023, 12, 31))
    assert section == {
        "by_kind": {"tolk": 1, "lattlast": 0, "fysisk": 1, "digital": 0, "annat": 0},
        "any": 2,
    }
    report = build_report(project, on=D(2023, 4, 1))
    assert report["adaptations"]["by_kind"]["fysisk"] == 0 and report["adaptations"]["any"] == 1
    hidden = suppress(report, 5)["adaptations"]
    assert hidden["by_kind"]["tolk"] == "<5" and hidden["by_kind"]["lattlast"] == 0
    (table,) = tables_of(report, "adaptations")
    assert table.rows[0] == ["Tolk", 1] and table.rows[-1] == ["Minst en anpassning", 1]


def test_the_checklist_keeps_dates_versions_and_the_audit(world, client):
    project = world.projects["helhetslyftet"]
    answers = {
        "jamstalldhet_analys": ("ja", "Könsuppdelad statistik varje månad."),
        "kompetens": ("delvis", ""),
    }
    checklist = actions.save_checklist(world.users["leader"], project, version=None, answers=answers)
    row = checklist.answers.get(item="jamstalldhet_analys")
    assert row.answer == "ja" and row.changed_on == datetime.date.today()
    with pytest.raises(ConflictError):
        actions.save_checklist(world.users["leader"], project, version=99, answers=answers)
    with pytest.raises(NotAllowed):
        actions.save_checklist(world.users["coord_kba"], project, version=1, answers=answers)
    entry = AuditEntry.objects.get(object_type="principles.checklist")
    assert entry.changes["jamstalldhet_analys.answer"] == ["", "ja"]
    client.force_login(world.users["leader"])
    response = client.post(
        reverse("principles:checklist_edit", args=[project.code]),
        {"version": Checklist.objects.get().version, "answer_spridning": "kanske"},
    )
    assert response.status_code == 200  # not a choice: the form says so at the field
    response = client.post(
        reverse("principles:checklist_edit", args=[project.code]),
        {
            "version": Checklist.objects.get().version,
            "answer_jamstalldhet_analys": "ja",
            "text_jamstalldhet_analys": "Könsuppdelad statistik varje månad.",
            "answer_spridning": "nej",
            "text_spridning": "Inte ännu.",
        },
    )
    assert response.status_code == 302
    client.force_login(world.users["evaluator"])
    page = client.get(reverse("principles:checklist", args=[project.code])).content.decode()
    assert "Inte ännu." in page and "Könsuppdelad statistik" in page
    # The unchanged answer keeps its date; "kompetens", left empty in the form, is no longer answered.
    assert Checklist.objects.get().answers.get(item="kompetens").answer == ""


def test_the_checklist_and_the_adaptations_are_in_the_final_reports_principles_chapter(world, login_as):
    from django.urls import reverse

    from stegvis.principles.actions import save_checklist
    from stegvis.principles.testing import anna_adaptation
    from stegvis.reports.exports.tests.helpers import document, table_texts

    project = world.projects["helhetslyftet"]
    save_checklist(
        None, project, version=None, answers={"kompetens": ("ja", "Utbildning för all personal hösten 2023.")}
    )
    anna_adaptation(world)
    doc = document(
        login_as(world.users["leader"])
        .get(reverse("reports:final_report_docx", args=["helhetslyftet"]))
        .content
    )
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    chapter = headings.index("Horisontella principer och förändringsteori")
    assert (
        chapter
        < headings.index("Checklista för horisontella principer")
        < headings.index("Uppföljning och utvärdering")
    )
    assert (
        chapter
        < headings.index("Anpassningar för tillgänglighet")
        < headings.index("Uppföljning och utvärdering")
    )
    checklist = next(t for t in table_texts(doc) if t[0][0] == "Fråga")
    rows = {row[0]: row[1:] for row in checklist[1:]}
    assert len(rows) == 7
    answered = next(r for q, r in rows.items() if q.startswith("Har projektets personal fått kunskap"))
    assert answered[:2] == ["Ja", "Utbildning för all personal hösten 2023."]
