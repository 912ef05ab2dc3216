"""The staff page of the register extract, for administrators.

One address: the form (GET), the summary of what is held (POST with ``show``), and the file
(POST with ``format``). The identifier travels in the body of a POST, never in the address, so
a personnummer does not end up in browser history or server logs. Showing the summary is a read
of personal data and is audited as one; the download is audited as an export.

The page is for administrators (``Rule.ADMIN``) and the person must be among those the
administrator may see (``restrict``, through :func:`~.produce.find_for`). The summary names the
person so the administrator can tell they found the right one, except for a protected identity,
whose name stays off the screen (it is in the file, which goes to the person).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from stegvis.audit.models import AuditAction
from stegvis.core.access import Rule, access_rule
from stegvis.core.errors import ActionError
from stegvis.organizations.models import Organization
from stegvis.privacy.extract.collect import collect
from stegvis.privacy.extract.formats import FORMATS
from stegvis.privacy.extract.forms import ExtractForm
from stegvis.privacy.extract.produce import audit, find_for, made_by, make_extract, normalised_identifier
from stegvis.privacy.lookup import AmbiguousReference

VIA = "webben"


def _form_error(form: ExtractForm, exc: Exception) -> None:
    if isinstance(exc, AmbiguousReference):
        form.add_error(
            "organization",
            _("Referensen %(ref)s används av flera organisationer. Välj vilken organisation som menas.")
            % {"ref": exc},
        )
    elif isinstance(exc, (ValidationError, ActionError)):
        for message in exc.messages:
            form.add_error("identifier", message)


def _summary(request: HttpRequest, identifier: str, organization: Organization | None) -> dict[str, object]:
    with transaction.atomic():
        person = find_for(request.user, identifier, organization)
        audit(request.user, AuditAction.VIEW, person, identifier, f"{VIA}: registerutdrag, sammanfattning")
        extract = collect(person, normalised_identifier(identifier), made_by(request.user))
    return {"person": person, "extract": extract}


@access_rule(Rule.ADMIN)
def extract_page(request: HttpRequest) -> HttpResponse:
    """Find a person by number or reference, see what is held, download the extract."""
    form = ExtractForm(request.POST if request.method == "POST" else None)
    context: dict[str, object] = {"form": form, "formats": FORMATS.values()}
    if form.is_bound and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        organization = form.cleaned_data["organization"]
        fmt = request.POST.get("format", "")
        try:
            if fmt in FORMATS:
                made = make_extract(request.user, identifier, fmt, organization=organization, via=VIA)
                response = HttpResponse(made.content, content_type=made.content_type)
                response["Content-Disposition"] = f'attachment; filename="{made.name}"'
                return response
            context.update(_summary(request, identifier, organization))
        except (AmbiguousReference, ValidationError, ActionError) as exc:
            _form_error(form, exc)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "privacy/extract.html", context, status=status)
