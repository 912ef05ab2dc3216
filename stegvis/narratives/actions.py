"""Saving the final report's texts: all chapters in one save, each checked against a concurrent edit."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record
from stegvis.core.access import CHANGE, acting_user, may
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.narratives.models import ChapterText
from stegvis.organizations.models import Project
from stegvis.reports.exports.chapters import CHAPTER_KEYS, CHAPTERS

if TYPE_CHECKING:
    from stegvis.core.access import Actor

MAX_LENGTH = 20000


def may_write(user: "Actor", project: Project) -> bool:
    """Administrators and the project's leaders write the report; ``None`` (the command line) always."""
    return user is None or may(user, CHANGE, project)


@transaction.atomic
def save_texts(user: "Actor", project: Project, texts: dict[str, tuple[str, int]]) -> list[str]:
    """Save the chapters whose text changed (``{chapter: (text, version it was opened at)}``).

    Returns the chapters saved. A chapter someone else saved since the page was opened is a
    conflict: nothing is saved, and the message names the chapter, so no text is lost.
    """
    if not may_write(user, project):
        raise NotAllowed(_("Bara projektledare och administratörer kan skriva slutrapportens texter."))
    titles = {c.key: str(c.title) for c in CHAPTERS}
    current = {t.chapter: t for t in ChapterText.objects.select_for_update().filter(project=project)}
    saved, errors = [], {}
    for chapter, (text, version) in texts.items():
        if chapter not in CHAPTER_KEYS:
            raise ValueError(f"Unknown chapter: {chapter}")
        text = (text or "").strip()
        existing = current.get(chapter)
        if len(text) > MAX_LENGTH:
            errors[chapter] = [
                _("%(chapter)s: högst %(n)d tecken.") % {"chapter": titles[chapter], "n": MAX_LENGTH}
            ]
            continue
        if text == (existing.text if existing else ""):
            continue
        if existing is not None and existing.version != int(version or 0):
            errors[chapter] = [
                _(
                    "%(chapter)s: någon annan har sparat en ny text sedan du öppnade sidan. Kopiera din text, ladda "
                    "om sidan och för in den igen."
                )
                % {"chapter": titles[chapter]}
            ]
            continue
        before = existing.text if existing else ""
        if existing is None:
            existing = ChapterText(project=project, chapter=chapter)
        else:
            existing.version += 1
        existing.text = text
        existing.updated_by = acting_user(user)
        existing.save()
        record(user, AuditAction.UPDATE, existing, changes={"text": [before, text]}, detail=titles[chapter])
        saved.append(chapter)
    if errors:
        raise ActionError(errors)
    return saved
