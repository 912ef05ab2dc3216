"""The final report's texts: written per chapter in Stegvis, filled into the Word draft."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.narratives.actions import save_texts
from stegvis.narratives.models import ChapterText
from stegvis.reports.exports.chapters import CHAPTERS
from stegvis.reports.exports.tests.helpers import document

pytestmark = pytest.mark.django_db


def _post(**texts):
    data = {f"text_{c.key}": "" for c in CHAPTERS}
    data.update({f"text_{key}": text for key, text in texts.items()})
    return data


def test_a_leader_writes_chapters_and_the_draft_takes_them(world, login_as):
    project = world.projects["helhetslyftet"]
    client = login_as(world.users["leader"])
    url = reverse("narratives:texts", args=[project.code])
    page = client.get(url).content.decode()
    assert "Framgångsfaktorer" in page and "Kommentarer och tips" in page
    response = client.post(
        url, _post(framgangsfaktorer="Samverkan med AF.\n\nTidig kontakt.", deltagare="Många unga.")
    )
    assert response.status_code == 302
    assert dict(ChapterText.objects.values_list("chapter", "text"))["framgangsfaktorer"].startswith(
        "Samverkan"
    )
    doc = document(client.get(reverse("reports:final_report_docx", args=[project.code])).content)
    texts = [p.text for p in doc.paragraphs]
    assert "Samverkan med AF." in texts and "Tidig kontakt." in texts and "Många unga." in texts
    # The chapters without text keep their placeholders.
    assert sum(t.startswith("[Skriv här:") for t in texts) == len(CHAPTERS) - 2
    assert AuditEntry.objects.filter(
        object_type="narratives.chaptertext", detail="Framgångsfaktorer"
    ).exists()


def test_someone_elses_newer_text_is_a_conflict_naming_the_chapter(world):
    project = world.projects["helhetslyftet"]
    save_texts(None, project, {"utmaningar": ("Första texten", 0)})
    save_texts(None, project, {"utmaningar": ("Andra texten", 1)})
    with pytest.raises(ActionError) as error:
        save_texts(None, project, {"utmaningar": ("Min text", 1)})
    assert "Utmaningar: någon annan har sparat" in error.value.message_dict["utmaningar"][0]
    assert ChapterText.objects.get(chapter="utmaningar").text == "Andra texten"
    # Unchanged chapters are not saved again.
    assert save_texts(None, project, {"utmaningar": ("Andra texten", 2)}) == []


def test_readers_read_and_coordinators_may_not_write(world, login_as):
    project = world.projects["helhetslyftet"]
    save_texts(None, project, {"resultat": ("Projektet nådde sina mål.", 0)})
    with pytest.raises(NotAllowed):
        save_texts(world.users["coord_kba"], project, {"resultat": ("Nej", 1)})
    evaluator = login_as(world.users["evaluator"])
    url = reverse("narratives:texts", args=[project.code])
    page = evaluator.get(url).content.decode()
    assert "Projektet nådde sina mål." in page and "<textarea" not in page
    assert evaluator.post(url, _post(resultat="x")).status_code == 403
    assert ChapterText.objects.get(chapter="resultat").text == "Projektet nådde sina mål."


def test_the_page_is_a_fixed_number_of_queries(world, login_as):
    project = world.projects["helhetslyftet"]
    client = login_as(world.users["leader"])
    url = reverse("narratives:texts", args=[project.code])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for chapter in CHAPTERS:
        save_texts(None, project, {chapter.key: ("Text", 0)})
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
