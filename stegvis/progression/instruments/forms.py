"""Forms of the instrument pages. They only shape input; the actions decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.progression.instruments.texts import (
    PARTICIPANT_INSTRUMENT_FIELDS,
    is_rtl,
    item_fields,
    source_text,
    step_value,
)


class InstrumentForm(forms.Form):
    code = forms.SlugField(
        label=_("Kod"),
        max_length=64,
        help_text=_("Små bokstäver, siffror och bindestreck, t.ex. skapa-kort. Kan inte ändras senare."),
    )
    name = forms.CharField(label=_("Namn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning till deltagaren"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    allow_dont_know = forms.BooleanField(
        label=_("Tillåt ”vet inte / vill inte svara” (räknas som obesvarat)"), required=False, initial=True
    )
    is_active = forms.BooleanField(
        label=_("I bruk (kan väljas för nya mätningar)"), required=False, initial=True
    )
    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["is_active"]
            del self.fields["updated_at"]
        else:
            del self.fields["code"]


class ItemForm(forms.Form):
    code = forms.CharField(label=_("Kod"), max_length=32, widget=forms.TextInput(attrs={"size": 5}))
    dimension = forms.CharField(label=_("Område (kort namn)"), max_length=60)
    text = forms.CharField(label=_("Fråga till deltagaren"), widget=forms.Textarea(attrs={"rows": 2}))
    help_text = forms.CharField(
        label=_("Förklaring under frågan"),
        required=False,
        max_length=500,
        help_text=_("Bara om frågan behöver förklaras. Korta meningar, en sak per mening."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    staff_text = forms.CharField(
        label=_("Fråga till handläggaren"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    scale_min = forms.IntegerField(
        label=_("Skala från"),
        initial=1,
        min_value=-100,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "narrow"}),
    )
    scale_max = forms.IntegerField(
        label=_("Skala till"),
        initial=10,
        min_value=-100,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "narrow"}),
    )
    low_label = forms.CharField(label=_("Lägsta värdet betyder"), max_length=200)
    mid_label = forms.CharField(
        label=_("Mitten betyder"),
        max_length=200,
        required=False,
        help_text=_("Bara för frågor utan ord för stegen."),
    )
    high_label = forms.CharField(label=_("Högsta värdet betyder"), max_length=200)
    step_labels = forms.CharField(
        label=_("Ord för stegen mellan ändarna"),
        required=False,
        help_text=_(
            "En rad per steg, från lägst till högst: 8 rader för skalan 1–10 (steg 2 till 9). "
            "Alla steg ska ha olika ord. Korta vardagliga ord som svarar på frågan."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_step_labels(self):
        """One step per line, blank lines dropped; the action checks the count and the words."""
        return [line.strip() for line in self.cleaned_data["step_labels"].splitlines() if line.strip()]


class BaseItemFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        """Name the order and remove fields the way the page's help text does."""
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = _("Ordning")
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Ta bort frågan")


def _item_formset(extra: int) -> type[forms.BaseFormSet[ItemForm]]:
    """The questions of an instrument: up to 60, each can be removed and moved."""
    return forms.formset_factory(
        ItemForm,
        formset=BaseItemFormSet,
        extra=extra,
        can_delete=True,
        can_order=True,
        max_num=60,
        absolute_max=60,
        validate_max=True,
    )


ItemFormSet = _item_formset(extra=1)
# A new instrument starts with a few empty rows; "Lägg till fråga" adds more.
NewItemFormSet = _item_formset(extra=3)


FIELD_LABELS = {
    "name": _("Namn"),
    "description": _("Beskrivning"),
    "dimension": _("Område"),
    "text": _("Fråga"),
    "help_text": _("Förklaring under frågan"),
    "low_label": _("Lägsta värdet betyder"),
    "mid_label": _("Mitten betyder"),
    "high_label": _("Högsta värdet betyder"),
}


def field_label(name):
    """What the translation page calls a text: its field's name, or "Steg 3" for step words."""
    value = step_value(name)
    return _("Steg %(value)s") % {"value": value} if value is not None else FIELD_LABELS[name]


def text_key(item, field):
    return f"{item.code if item else 'instrument'}__{field}"


class TranslationForm(forms.Form):
    """One input per participant-facing text of the instrument, in ``language``."""

    reviewed = forms.BooleanField(label=_("Granskad av någon som har språket som modersmål"), required=False)

    def __init__(self, *args, instrument, items, texts, language_name, **kwargs):
        super().__init__(*args, **kwargs)
        attrs = {"lang": texts.language, "dir": "rtl" if is_rtl(texts.language) else "ltr"}
        self.rows = []
        for item in [None, *items]:
            obj = item or instrument
            for field in item_fields(item) if item else PARTICIPANT_INSTRUMENT_FIELDS:
                swedish = source_text(obj, field)
                if not swedish:
                    continue  # nothing to translate
                long = field in ("description", "text", "help_text")
                key = text_key(item, field)
                widget = forms.Textarea(attrs={**attrs, "rows": 2}) if long else forms.TextInput(attrs=attrs)
                widget.attrs["aria-describedby"] = f"sv-{key}"
                row = texts.row(obj, field)
                self.fields[key] = forms.CharField(
                    label=f"{field_label(field)} ({language_name})",
                    required=False,
                    widget=widget,
                    max_length=2000,
                    initial=row.text if row else "",
                )
                self.rows.append(
                    {
                        "item": item,
                        "field": field,
                        "label": field_label(field),
                        "swedish": swedish,
                        "key": key,
                        "bound": self[key],
                        "draft": bool(row and row.needs_review),
                    }
                )
        self.order_fields([*[r["key"] for r in self.rows], "reviewed"])

    def texts(self):
        """``{(item_code or None, field): text}`` for :func:`save_translation`."""
        result = {}
        for row in self.rows:
            result[(row["item"].code if row["item"] else None, row["field"])] = self.cleaned_data.get(
                row["key"], ""
            )
        return result
