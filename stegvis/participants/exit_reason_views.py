"""The page where a project leader keeps the project's own exit reasons (administration section).

Served under ``/administration/projekt/<code>/avslutsorsaker/`` beside the project's settings, but
kept in the participants app: the reasons map onto the exits this app owns.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stegvis.core.access import Rule, access_rule, scope_of
from stegvis.core.errors import ActionError
from stegvis.core.views_helpers import run_action_form
from stegvis.organizations.access import administered_project_or_404
from stegvis.participants import exit_reasons
from stegvis.participants.models import COUNTED_EXIT_REASONS, ExitReason, ProjectExitReason

_STANDARD = [("", gettext_lazy("Välj standardorsak"))] + [
    (value, label) for value, label in ExitReason.choices if value in COUNTED_EXIT_REASONS
]


class ExitReasonForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("Benämning"), max_length=100)
    standard_reason = forms.ChoiceField(
        label=gettext_lazy("Räknas som"),
        choices=_STANDARD,
        help_text=gettext_lazy("Standardorsaken som rapporterna, SUS och ESF+ räknar avslutet som."),
    )


class EditExitReasonForm(ExitReasonForm):
    position = forms.IntegerField(label=gettext_lazy("Ordning i listan"), min_value=0, max_value=999)
    active = forms.BooleanField(
        label=gettext_lazy("Används"),
        required=False,
        help_text=gettext_lazy("En orsak som inte används visas inte längre vid nya avslut."),
    )


def _list_url(project):
    return reverse("exit_reasons:list", args=[project.code])


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def exit_reason_list(request, code):
    """The project's reasons with how many exits each has, and a form to add one."""
    project = administered_project_or_404(request.user, code)
    form = ExitReasonForm(request.POST or None)
    done = run_action_form(
        request,
        form,
        lambda data: exit_reasons.add_exit_reason(
            request.user, project, label=data["label"], standard_reason=data["standard_reason"]
        ),
        lambda r: _("Avslutsorsaken %(name)s är tillagd.") % {"name": r.label},
        lambda _r: _list_url(project),
    )
    if done:
        return done
    reasons = project.exit_reasons.annotate(exits=Count("enrollments")).order_by("position", "label")
    return render(
        request,
        "participants/exit_reasons.html",
        {"project": project, "reasons": reasons, "form": form, "full": scope_of(request.user).is_admin},
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def exit_reason_edit(request, code, pk):
    """Rename, remap, reorder or retire one reason; remove it while no exit uses it."""
    project = administered_project_or_404(request.user, code)
    reason = get_object_or_404(
        ProjectExitReason.objects.annotate(exits=Count("enrollments")), project=project, pk=pk
    )
    removing = request.method == "POST" and request.POST.get("form") == "remove"
    form = EditExitReasonForm(
        request.POST if request.method == "POST" and not removing else None,
        initial={
            "label": reason.label,
            "standard_reason": reason.standard_reason,
            "position": reason.position,
            "active": reason.active,
        },
    )
    if removing:
        try:
            with transaction.atomic():
                exit_reasons.remove_exit_reason(request.user, reason)
        except ActionError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Avslutsorsaken %(name)s är borttagen.") % {"name": reason.label})
            return redirect(_list_url(project))

    def save(data):
        return exit_reasons.update_exit_reason(
            request.user,
            reason,
            label=data["label"],
            standard_reason=data["standard_reason"],
            position=data["position"],
            active=data["active"],
        )

    def saved(moved):
        if moved:
            return _("Avslutsorsaken är sparad. %(n)d avslut räknas nu som den nya standardorsaken.") % {
                "n": moved
            }
        return _("Avslutsorsaken är sparad.")

    done = None if removing else run_action_form(request, form, save, saved, lambda _m: _list_url(project))
    if done:
        return done
    return render(
        request,
        "participants/exit_reason_form.html",
        {"project": project, "reason": reason, "form": form, "full": scope_of(request.user).is_admin},
    )
