"""Administration of instruments: list, detail, create, edit (or new version), translations.

Administrators only (Rule.ADMIN). Pages never write: they shape input with the forms in
:mod:`.forms` and call one action in :mod:`.actions`, which also decides whether a change may be
made in place or needs a new version. Measurement counts go through ``restrict`` like every
other read of measurements.
"""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stegvis.core.access import VIEW, Rule, access_rule
from stegvis.core.errors import ActionError
from stegvis.core.views_helpers import apply_action_error
from stegvis.progression.instruments import actions
from stegvis.progression.instruments.forms import InstrumentForm, ItemFormSet, NewItemFormSet, TranslationForm
from stegvis.progression.instruments.texts import (
    PARTICIPANT_INSTRUMENT_FIELDS,
    inner_values,
    is_rtl,
    item_fields,
    load_texts,
    participant_languages,
    step_label,
)
from stegvis.progression.models import Instrument, InstrumentText, Measurement

ITEM_PREFIX = "items"


def _measurement_counts(user, instrument_ids=None):
    """``{instrument_id: number of measurements}`` in one aggregate query."""
    queryset = Measurement.objects.restrict(user, VIEW)
    if instrument_ids is not None:
        queryset = queryset.filter(instrument_id__in=instrument_ids)
    return dict(
        queryset.order_by()
        .values_list("instrument_id")
        .annotate(n=Count("pk"))
        .values_list("instrument_id", "n")
    )


@access_rule(Rule.ADMIN)
def instrument_list(request):
    """Every instrument and version, with its size, how much it is used and its translations."""
    instruments = list(
        Instrument.objects.annotate(
            item_count=Count("items", distinct=True),
            language_count=Count("texts__language", distinct=True),
            draft_count=Count("texts", filter=Q(texts__needs_review=True), distinct=True),
        ).order_by("code", "-version")
    )
    counts = _measurement_counts(request.user)
    for instrument in instruments:
        instrument.measurement_count = counts.get(instrument.pk, 0)
    return render(request, "progression/instruments/list.html", {"instruments": instruments})


def _language_status(instrument, items):
    """Per participant language: how many texts are translated, and how many are drafts (one query)."""
    total = sum(1 for f in PARTICIPANT_INSTRUMENT_FIELDS if getattr(instrument, f))
    total += sum(len(item_fields(item)) for item in items)
    stats = {
        row["language"]: row
        for row in InstrumentText.objects.filter(instrument=instrument)
        .exclude(text="")
        .values("language")
        .annotate(n=Count("pk"), drafts=Count("pk", filter=Q(needs_review=True)))
    }
    result = []
    for code, name in participant_languages():
        row = stats.get(code, {"n": 0, "drafts": 0})
        result.append(
            {"code": code, "name": name, "translated": row["n"], "total": total, "drafts": row["drafts"]}
        )
    return result


def _steps_of(item):
    """The item's words per step for the detail page, and the steps that lack words of their own."""
    item.steps = [(value, step_label(item, value)) for value in inner_values(item)]
    item.steps_without_words = [value for value, words in item.steps if not words]
    return item


@access_rule(Rule.ADMIN)
def instrument_detail(request, code, version):
    instrument = get_object_or_404(Instrument, code=code, version=version)
    items = [_steps_of(item) for item in instrument.items.all()]
    versions = list(
        Instrument.objects.filter(code=code).order_by("-version").values("version", "is_active", "name")
    )
    return render(
        request,
        "progression/instruments/detail.html",
        {
            "instrument": instrument,
            "items": items,
            "versions": versions,
            "languages": _language_status(instrument, items),
            "measurement_count": _measurement_counts(request.user, [instrument.pk]).get(instrument.pk, 0),
            "has_answers": actions.has_answers(instrument),
        },
    )


def _item_formset(request, initial=None, creating=False):
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and data.get("action") == "add_row":
        key = f"{ITEM_PREFIX}-TOTAL_FORMS"
        try:
            data[key] = str(min(int(data.get(key, 0)) + 1, 60))
        except ValueError:
            data[key] = "1"
    formset_class = NewItemFormSet if creating else ItemFormSet
    return formset_class(data, initial=initial, prefix=ITEM_PREFIX)


def _items_from(formset):
    """The kept rows in the chosen order, and the forms they came from (for placing errors)."""
    forms = [f for f in formset.ordered_forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    return [{k: f.cleaned_data.get(k) for k in actions.ITEM_KEYS} for f in forms], forms


def _place_errors(form, item_forms, formset, error):
    """An action's errors: ``items.<i>.<field>`` to that row, the rest to the instrument form."""
    if not hasattr(error, "error_dict"):
        apply_action_error(form, error)
        return
    rest = {}
    for key, field_messages in error.message_dict.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "items" and parts[1].isdigit() and int(parts[1]) < len(item_forms):
            target = item_forms[int(parts[1])]
            for message in field_messages:
                target.add_error(parts[2] if parts[2] in target.fields else None, message)
        elif key == "items":
            formset._non_form_errors = formset.non_form_errors() + field_messages
        else:
            rest[key] = field_messages
    if rest:
        apply_action_error(form, ActionError(rest))


def _form_page(request, form, formset, **context):
    errors = bool(form.errors) or any(f.errors for f in formset.forms) or bool(formset.non_form_errors())
    return render(
        request,
        "progression/instruments/form.html",
        {
            "form": form,
            "formset": formset,
            "has_errors": errors,
            **context,
        },
    )


def _run(request, form, formset, perform):
    """Validate form and rows, call the action; the result or ``None`` with errors placed."""
    if request.method != "POST" or request.POST.get("action") == "add_row":
        return None
    if not (form.is_valid() & formset.is_valid()):
        return None
    items, item_forms = _items_from(formset)
    try:
        with transaction.atomic():
            return perform(form.cleaned_data, items)
    except actions.NeedsNewVersion as error:
        form.needs_new_version = error.changes
        apply_action_error(form, error)
    except ActionError as error:
        _place_errors(form, item_forms, formset, error)
    return None


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def instrument_create(request):
    form = InstrumentForm(request.POST or None, creating=True)
    formset = _item_formset(request, creating=True)

    def perform(data, items):
        return actions.create_instrument(
            request.user,
            code=data["code"],
            name=data["name"],
            description=data["description"],
            allow_dont_know=data["allow_dont_know"],
            items=items,
        )

    instrument = _run(request, form, formset, perform)
    if instrument is not None:
        messages.success(request, _("Instrumentet %(name)s är skapat.") % {"name": instrument.name})
        return redirect("progression:instrument_detail", code=instrument.code, version=instrument.version)
    return _form_page(
        request,
        form,
        formset,
        title=_("Nytt instrument"),
        creating=True,
        cancel_url=reverse("progression:instrument_list"),
    )


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def instrument_edit(request, code, version):
    instrument = get_object_or_404(Instrument, code=code, version=version)
    items = list(instrument.items.all())
    form = InstrumentForm(
        request.POST or None,
        initial={
            "name": instrument.name,
            "description": instrument.description,
            "allow_dont_know": instrument.allow_dont_know,
            "is_active": instrument.is_active,
            "updated_at": instrument.updated_at.isoformat(),
        },
    )
    formset = _item_formset(
        request,
        initial=[
            {
                "code": i.code,
                "dimension": i.dimension,
                "text": i.text,
                "help_text": i.help_text,
                "staff_text": i.staff_text,
                "scale_min": i.scale_min,
                "scale_max": i.scale_max,
                "low_label": i.low_label,
                "mid_label": i.mid_label,
                "high_label": i.high_label,
                "step_labels": "\n".join(i.step_labels or []),
                "ORDER": i.position,
            }
            for i in items
        ],
    )
    as_new_version = request.POST.get("action") == "new_version"

    def perform(data, new_items):
        if as_new_version:
            return actions.new_version(
                request.user,
                instrument,
                name=data["name"],
                description=data["description"],
                allow_dont_know=data["allow_dont_know"],
                items=new_items,
            )
        return actions.update_instrument(
            request.user,
            instrument,
            name=data["name"],
            description=data["description"],
            allow_dont_know=data["allow_dont_know"],
            is_active=data["is_active"],
            items=new_items,
            updated_at=data.get("updated_at") or None,
        )

    result = _run(request, form, formset, perform)
    if result is not None:
        if as_new_version:
            messages.success(
                request,
                _("Version %(v)s av %(name)s är skapad. Den tidigare versionen är inte längre i bruk.")
                % {"v": result.version, "name": result.name},
            )
        else:
            messages.success(request, _("Instrumentet är sparat."))
        return redirect("progression:instrument_detail", code=result.code, version=result.version)
    return _form_page(
        request,
        form,
        formset,
        title=_("Ändra %(name)s") % {"name": instrument},
        instrument=instrument,
        has_answers=actions.has_answers(instrument),
        needs_new_version=getattr(form, "needs_new_version", None),
        cancel_url=reverse("progression:instrument_detail", args=[code, version]),
    )


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def translation_edit(request, code, version, language):
    instrument = get_object_or_404(Instrument, code=code, version=version)
    names = dict(participant_languages())
    if language not in names:
        raise Http404(_("Språket finns inte bland deltagarspråken."))
    items = list(instrument.items.all())
    texts = load_texts(instrument, language)
    stored = texts.stored
    form = TranslationForm(
        request.POST or None,
        instrument=instrument,
        items=items,
        texts=texts,
        language_name=names[language],
        initial={"reviewed": stored and not texts.needs_review},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                actions.save_translation(
                    request.user,
                    instrument,
                    language=language,
                    texts=form.texts(),
                    reviewed=form.cleaned_data["reviewed"],
                )
        except ActionError as error:
            _place_translation_errors(form, error)
        else:
            messages.success(request, _("Översättningen är sparad."))
            return redirect("progression:instrument_detail", code=code, version=version)
    return render(
        request,
        "progression/instruments/translation.html",
        {
            "instrument": instrument,
            "form": form,
            "language": language,
            "language_name": names[language],
            "rtl": is_rtl(language),
            "needs_review": texts.needs_review,
            "stored": stored,
            "source_language": settings.LANGUAGE_CODE,
        },
    )


def _place_translation_errors(form, error):
    if not hasattr(error, "error_dict"):
        apply_action_error(form, error)
        return
    for key, field_messages in error.message_dict.items():
        target = key.replace(".", "__")
        for message in field_messages:
            form.add_error(target if target in form.fields else None, message)
