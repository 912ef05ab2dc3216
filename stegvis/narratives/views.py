"""The page where the project writes its final report's texts, chapter by chapter."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stegvis.core.access import REPORT, Rule, access_rule, get_restricted_or_404
from stegvis.core.errors import ActionError
from stegvis.core.views_helpers import run_action_form
from stegvis.narratives import actions
from stegvis.narratives.forms import ChapterTextsForm, field_name
from stegvis.narratives.models import ChapterText
from stegvis.organizations.models import Project
from stegvis.reports.exports.chapters import CHAPTERS


@access_rule(Rule.STAFF)
@require_http_methods(["GET", "POST"])
def texts(request, code):
    """Everyone who sees the project's report reads the texts; its leaders and administrators write them."""
    project = get_restricted_or_404(Project, request.user, REPORT, code=code)
    writes = actions.may_write(request.user, project)
    saved = {t.chapter: t for t in ChapterText.objects.filter(project=project).select_related("updated_by")}
    initial = {field_name(key): t.text for key, t in saved.items()}
    form = ChapterTextsForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        versions={key: t.version for key, t in saved.items()},
    )
    if request.method == "POST" and not writes:
        raise PermissionDenied(_("Bara projektledare och administratörer kan skriva slutrapportens texter."))

    def perform(_data):
        try:
            return actions.save_texts(request.user, project, form.texts())
        except ActionError as error:  # keyed by chapter: put each message at its text box
            raise ActionError(
                {field_name(key): messages for key, messages in error.message_dict.items()}
            ) from None

    done = run_action_form(
        request,
        form,
        perform,
        lambda chapters: _("Texterna är sparade (%(n)d kapitel ändrade).") % {"n": len(chapters)},
        lambda _c: reverse("narratives:texts", args=[project.code]),
    )
    if done:
        return done
    return render(
        request,
        "narratives/texts.html",
        {
            "project": project,
            "form": form,
            "writes": writes,
            "read": [(c, saved[c.key].text if c.key in saved else "") for c in CHAPTERS],
            "docx_url": reverse("reports:final_report_docx", args=[project.code]),
        },
    )
