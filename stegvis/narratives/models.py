"""The final report's texts, one per project and chapter (docs/exports.md, "Texts per chapter")."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import UpdatedAtModel, VersionedModel, staff_reference
from stegvis.organizations.models import Project
from stegvis.reports.exports.chapters import CHAPTERS


class ChapterText(UpdatedAtModel, VersionedModel):
    """What the project writes in one chapter of its final report; the figures come from the records."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="chapter_texts")
    chapter = models.CharField(_("kapitel"), max_length=32, choices=[(c.key, c.title) for c in CHAPTERS])
    text = models.TextField(_("text"), blank=True)
    updated_by = staff_reference(_("ändrad av"))

    class Meta:
        verbose_name = _("slutrapportens text")
        verbose_name_plural = _("slutrapportens texter")
        constraints = [
            models.UniqueConstraint(fields=["project", "chapter"], name="chapter_text_once_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.chapter}"


def texts_of_project(project_code: str) -> dict[str, str]:
    """``{chapter: text}`` of the project's written chapters (one query), for the final-report draft."""
    return dict(
        ChapterText.objects.filter(project__code=project_code).exclude(text="").values_list("chapter", "text")
    )
