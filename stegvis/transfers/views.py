"""Pages of case transfers, under /overforingar/.

The list shows the proposals waiting for the user's organisation, those it made, and the latest
answered ones. One transfer's page shows what the receiver needs to decide and the forms the
user may use. Every write is one action (:mod:`stegvis.transfers.actions`); its errors are shown
at the fields they name. Names shown are audited: the list with ``record_list``, one transfer's
page with a read entry tied to the person.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stegvis.audit.log import AuditAction, record, record_list
from stegvis.core.access import Rule, access_rule
from stegvis.core.views_helpers import run_action_form
from stegvis.participants.access import enrollment_or_404
from stegvis.transfers import actions
from stegvis.transfers.access import transfer_or_404
from stegvis.transfers.forms import AcceptForm, DeclineForm, ProposeForm, WithdrawForm
from stegvis.transfers.models import CaseTransfer
from stegvis.transfers.queries import decided_transfers, open_transfers, receiver_choices


@access_rule(Rule.PERSONAL_DATA)
def transfer_list(request):
    """Incoming proposals to answer, outgoing ones waiting, and the latest answered."""
    incoming, outgoing = open_transfers(request.user)
    decided = decided_transfers(request.user)
    shown = [*incoming, *outgoing, *decided]
    record_list(
        request.user,
        "transfers.casetransfer",
        detail=_("Överföringar"),
        params=request.GET,
        shown=len(shown),
        persons=[t.enrollment.person for t in shown],
    )
    return render(
        request,
        "transfers/list.html",
        {"incoming": incoming, "outgoing": outgoing, "decided": decided},
    )


@dataclass(frozen=True)
class _Answer:
    """One way to answer a proposal: who may (``side``), its form, its action, where to go next."""

    form: type[forms.Form]
    side: str
    perform: Callable[[Any, CaseTransfer, dict[str, Any]], CaseTransfer]
    success: Any
    to_person: bool  # next: the person's page (still, or now, the user's), else the list


ANSWERS = {
    "accept": _Answer(
        AcceptForm,
        "receiving",
        lambda user, t, data: actions.accept_transfer(
            user, t, version=data["version"], coordinator=data.get("coordinator")
        ),
        gettext_lazy("Överföringen är godkänd. Deltagaren är nu er."),
        to_person=True,
    ),
    "decline": _Answer(
        DeclineForm,
        "receiving",
        lambda user, t, data: actions.decline_transfer(
            user, t, version=data["version"], reason=data.get("decline_reason") or ""
        ),
        gettext_lazy("Förslaget är avböjt."),
        to_person=False,
    ),
    "withdraw": _Answer(
        WithdrawForm,
        "sending",
        lambda user, t, data: actions.withdraw_transfer(user, t, version=data["version"]),
        gettext_lazy("Förslaget är återkallat."),
        to_person=True,
    ),
}


def _form(name, transfer, data=None):
    kwargs = {"transfer": transfer} if name == "accept" else {}
    # Each form its own ids: the page may show two or three.
    return ANSWERS[name].form(data, initial={"version": transfer.version}, auto_id=f"id_{name}_%s", **kwargs)


def _detail_page(request, transfer, failed=None):
    """One transfer, with the forms the user may use (``failed``: ``(name, form)`` with its errors)."""
    record(
        request.user,
        AuditAction.VIEW,
        transfer,
        person=transfer.enrollment.person,
        detail="överföringsförslag",
    )
    context = {"transfer": transfer, "answers": []}
    if transfer.is_open:
        allowed = {"receiving": transfer.may_decide, "sending": transfer.may_withdraw}
        for name, answer in ANSWERS.items():
            if allowed[answer.side]:
                form = failed[1] if failed and failed[0] == name else _form(name, transfer)
                context["answers"].append((name, form))
    return render(request, "transfers/detail.html", context)


def _answer_page(request, pk, name):
    """The POST of one answer (GET shows the transfer's page); 404 for the other side's users."""
    answer = ANSWERS[name]
    transfer = transfer_or_404(request.user, pk, side=answer.side)
    form = _form(name, transfer, request.POST or None)

    def next_url(result):
        if answer.to_person:
            return reverse("participants:detail", args=[result.enrollment.person_id])
        return reverse("transfers:list")

    done = run_action_form(
        request,
        form,
        lambda data: answer.perform(request.user, transfer, data),
        str(answer.success),
        next_url,
    )
    return done or _detail_page(request, transfer, failed=(name, form))


@access_rule(Rule.PERSONAL_DATA)
def transfer_detail(request, pk):
    return _detail_page(request, transfer_or_404(request.user, pk))


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def transfer_accept(request, pk):
    return _answer_page(request, pk, "accept")


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def transfer_decline(request, pk):
    return _answer_page(request, pk, "decline")


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def transfer_withdraw(request, pk):
    return _answer_page(request, pk, "withdraw")


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def propose(request, pk):
    """The proposal form of one enrolment (the participant page shows it too, and posts here)."""
    enrollment = enrollment_or_404(request.user, pk)
    choices = receiver_choices([enrollment])[enrollment.pk]
    form = ProposeForm(request.POST or None, choices=choices)

    def perform(data):
        return actions.propose_transfer(
            request.user, enrollment, to_organization=data.get("to_organization"), note=data.get("note") or ""
        )

    done = run_action_form(
        request,
        form,
        perform,
        lambda t: _("Förslaget är skickat till %(org)s.") % {"org": t.to_organization.name},
        lambda t: reverse("participants:detail", args=[enrollment.person_id]),
    )
    if done:
        return done
    return render(
        request,
        "transfers/propose.html",
        {"form": form, "enrollment": enrollment, "person": enrollment.person, "has_choices": bool(choices)},
    )
