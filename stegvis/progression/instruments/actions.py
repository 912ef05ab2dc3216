"""Every write of instruments, items and translations: validate, write, audit, in one transaction.

The versioning rule lives here, not in the pages: once an instrument has answers, a change that
would alter what those answers mean (an item added or removed, an item's scale, its question or
what its low or high end means) is refused on that instrument; :func:`new_version` makes version
n+1 of the same code with the change instead, and retires the old one. Cosmetic changes (names,
description, area names, the middle label, the words of the steps between the ends, the
explanation under a question, order, translations and their review flag) are made in place,
because they do not change what a given number meant to the person who gave it: the ends keep
their meaning, and the words in between describe places on the same scale.
"""

import re
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record
from stegvis.core.access import scope_of
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.progression.instruments.texts import (
    PARTICIPANT_INSTRUMENT_FIELDS,
    item_fields,
    participant_languages,
    source_text,
)
from stegvis.progression.models import Instrument, InstrumentText, Item, Measurement

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from stegvis.core.access import Actor

#: Field name → messages, as :class:`ActionError` takes them.
Errors = dict[str, list["StrOrPromise"]]

ITEM_KEYS = (
    "code",
    "dimension",
    "text",
    "help_text",
    "staff_text",
    "scale_min",
    "scale_max",
    "low_label",
    "mid_label",
    "high_label",
    "step_labels",
)
# Changing one of these on an item that has answers would change what the answers mean.
BREAKING_ITEM_FIELDS = ("text", "staff_text", "scale_min", "scale_max", "low_label", "high_label")
MAX_SCALE_STEPS = 20
MAX_TRANSLATION_LENGTH = 2000
MAX_STEP_LABEL_LENGTH = 200
MAX_HELP_TEXT_LENGTH = 500
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class NeedsNewVersion(ActionError):
    """The change would alter what earlier answers mean; ``changes`` says which, in Swedish."""

    def __init__(self, changes: list[str]) -> None:
        self.changes = changes
        super().__init__(
            _(
                "Instrumentet har redan svar, så den här ändringen skulle ändra vad tidigare svar betyder: %(list)s. "
                "Ändringen gjordes inte. Skapa en ny version i stället."
            )
            % {"list": "; ".join(changes)},
            code="needs_new_version",
        )


def _check_admin(user: "Actor") -> None:
    if user is not None and not scope_of(user).is_admin:
        raise NotAllowed()


def has_answers(instrument: Instrument) -> bool:
    """Whether any measurement uses the instrument.

    An integrity check over all rows (not restricted to a user): the rule must hold even when
    the answers belong to projects the administrator's session would not list.
    """
    return Measurement.objects.filter(instrument=instrument).exists()


def _clean_header(name: str | None, description: str | None) -> tuple[Errors, str, str]:
    errors: Errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Ange ett namn.")]
    elif len(name) > 200:
        errors["name"] = [_("Namnet får vara högst 200 tecken.")]
    return errors, name, (description or "").strip()


def _as_int(value: Any) -> int | None:
    """A whole number from form or JSON input (any type), or ``None``; booleans are not numbers."""
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _clean_items(items: list[dict[str, Any]] | None) -> tuple[Errors, list[dict[str, Any]]]:
    """A list of item dicts (in order) → cleaned dicts, or errors keyed ``items.<index>.<field>``."""
    errors: Errors = {}
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, raw in enumerate(items or []):
        key = f"items.{index}."
        item: dict[str, Any] = {}
        for name in ITEM_KEYS:
            value = raw.get(name)
            item[name] = "" if value is None else value.strip() if isinstance(value, str) else value
        item["step_labels"] = _as_labels(raw.get("step_labels"))
        code = str(item["code"]).lower()
        if not code:
            errors[key + "code"] = [_("Ange en kod, t.ex. q1.")]
        elif len(code) > 32 or not _CODE.match(code):
            errors[key + "code"] = [
                _("Koden får bara innehålla små bokstäver a–z, siffror, - och _ (högst 32 tecken).")
            ]
        elif code in seen:
            errors[key + "code"] = [_("Koden %(code)s finns redan på en annan fråga.") % {"code": code}]
        seen.add(code)
        item["code"] = code
        for name, label, limit in [
            ("dimension", _("Ange ett kort namn på området."), 60),
            ("text", _("Skriv frågan till deltagaren."), None),
            ("low_label", _("Skriv vad det lägsta värdet betyder."), 200),
            ("high_label", _("Skriv vad det högsta värdet betyder."), 200),
        ]:
            if not item[name]:
                errors[key + name] = [label]
            elif limit and len(item[name]) > limit:
                errors[key + name] = [_("Högst %(n)s tecken.") % {"n": limit}]
        if len(item["mid_label"]) > 200:
            errors[key + "mid_label"] = [_("Högst %(n)s tecken.") % {"n": 200}]
        if len(item["help_text"]) > MAX_HELP_TEXT_LENGTH:
            errors[key + "help_text"] = [_("Högst %(n)s tecken.") % {"n": MAX_HELP_TEXT_LENGTH}]
        low, high = _as_int(item["scale_min"]), _as_int(item["scale_max"])
        if low is None:
            errors[key + "scale_min"] = [_("Ange skalans minsta värde som ett heltal.")]
        if high is None:
            errors[key + "scale_max"] = [_("Ange skalans största värde som ett heltal.")]
        if low is not None and high is not None:
            if high <= low:
                errors[key + "scale_max"] = [_("Skalans största värde måste vara större än det minsta.")]
            elif high - low > MAX_SCALE_STEPS or low < -100 or high > 100:
                errors[key + "scale_max"] = [
                    _("Skalan får ha högst %(n)s steg.") % {"n": MAX_SCALE_STEPS + 1}
                ]
        item["scale_min"], item["scale_max"] = low, high
        if key + "scale_max" not in errors and low is not None and high is not None:
            step_errors = _step_label_errors(item, high - low - 1)
            errors.update({key + name: messages for name, messages in step_errors.items()})
        cleaned.append(item)
    if not cleaned and not errors:
        errors["items"] = [_("Ett instrument behöver minst en fråga.")]
    return errors, cleaned


def _as_labels(value: Any) -> list[str]:
    """Step words as a list: from a list (an import, a test) or text with one step per line (the form)."""
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple):
        return []
    return [str(line).strip() for line in value if str(line).strip()]


def _step_label_errors(item: dict[str, Any], inner: int) -> Errors:
    """The rules of step words: none, or one per step between the ends, all different from each other
    and from the ends, and then no middle label (the step words say what the middle means)."""
    labels = item["step_labels"]
    if not labels:
        return {}
    if len(labels) != inner:
        return {
            "step_labels": [
                _(
                    "Skriv ord för vart och ett av de %(n)s stegen mellan ändarna, ett steg per rad "
                    "(eller lämna rutan tom)."
                )
                % {"n": inner}
            ]
        }
    errors: Errors = {}
    too_long = [label for label in labels if len(label) > MAX_STEP_LABEL_LENGTH]
    if too_long:
        errors["step_labels"] = [_("Högst %(n)s tecken per steg.") % {"n": MAX_STEP_LABEL_LENGTH}]
    seen: set[str] = {str(item["low_label"]).casefold(), str(item["high_label"]).casefold()}
    repeated = []
    for label in labels:
        if label.casefold() in seen:
            repeated.append(label)
        seen.add(label.casefold())
    if repeated:
        errors.setdefault("step_labels", []).append(
            _("Varje steg behöver egna ord. Samma ord finns på flera steg: %(list)s.")
            % {"list": ", ".join(f"”{label}”" for label in repeated)}
        )
    if item["mid_label"]:
        errors["mid_label"] = [
            _("Lämna rutan tom när stegen har egna ord: orden för stegen säger vad mitten betyder.")
        ]
    return errors


def breaking_changes(instrument: Instrument, items: list[dict[str, Any]]) -> list[str]:
    """Swedish descriptions of the changes in ``items`` (cleaned) that would alter earlier answers."""
    labels = {
        "text": _("frågan till deltagaren"),
        "staff_text": _("frågan till handläggaren"),
        "scale_min": _("skalans minsta värde"),
        "scale_max": _("skalans största värde"),
        "low_label": _("vad det lägsta värdet betyder"),
        "high_label": _("vad det högsta värdet betyder"),
    }
    old = {item.code: item for item in instrument.items.all()}
    new = {item["code"]: item for item in items}
    changes = []
    for code in [c for c in new if c not in old]:
        changes.append(_("fråga %(code)s läggs till") % {"code": code})
    for code in [c for c in old if c not in new]:
        changes.append(_("fråga %(code)s tas bort") % {"code": code})
    for code in sorted(new.keys() & old.keys(), key=lambda c: old[c].position):
        changed = [labels[f] for f in BREAKING_ITEM_FIELDS if getattr(old[code], f) != new[code][f]]
        if changed:
            changes.append(
                _("fråga %(code)s: %(fields)s ändras") % {"code": code, "fields": ", ".join(changed)}
            )
    return changes


def _item_row(instrument: Instrument, position: int, data: dict[str, Any]) -> Item:
    return Item(instrument=instrument, position=position, **data)


def _raise(errors: Errors) -> None:
    if errors:
        raise ActionError(errors)


@transaction.atomic
def create_instrument(
    user: "Actor",
    *,
    code: str | None,
    name: str | None,
    description: str | None = "",
    allow_dont_know: bool = True,
    items: list[dict[str, Any]] | None,
) -> Instrument:
    """A new instrument, version 1, with its items in the given order."""
    _check_admin(user)
    errors, name, description = _clean_header(name, description)
    code = (code or "").strip().lower()
    if not code:
        errors["code"] = [_("Ange en kod, t.ex. skapa-kort.")]
    elif len(code) > 64 or not _CODE.match(code):
        errors["code"] = [
            _("Koden får bara innehålla små bokstäver a–z, siffror, - och _ (högst 64 tecken).")
        ]
    elif Instrument.objects.filter(code=code).exists():
        errors["code"] = [
            _("Det finns redan ett instrument med koden %(code)s. Skapa en ny version av det i stället.")
            % {"code": code}
        ]
    item_errors, items = _clean_items(items)
    errors.update(item_errors)
    _raise(errors)
    instrument = Instrument.objects.create(
        code=code,
        version=1,
        name=name,
        description=description,
        allow_dont_know=bool(allow_dont_know),
        is_active=True,
    )
    Item.objects.bulk_create([_item_row(instrument, pos, data) for pos, data in enumerate(items, start=1)])
    record(
        user,
        AuditAction.CREATE,
        instrument,
        changes={
            "code": [None, code],
            "version": [None, 1],
            "name": [None, name],
            "items": [None, [item["code"] for item in items]],
        },
    )
    return instrument


def _lock(instrument: Instrument, updated_at: object) -> Instrument:
    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if updated_at is not None and locked.updated_at.isoformat() != str(updated_at):
        raise ConflictError()
    return locked


def _stale_translations(
    instrument: Instrument,
    old_values: dict[str, Any],
    new_values: dict[str, Any],
) -> None:
    """Swedish text of the instrument changed: its translations describe the old text, so they need review again."""
    changed = [f for f in PARTICIPANT_INSTRUMENT_FIELDS if old_values.get(f) != new_values.get(f)]
    if changed:
        InstrumentText.objects.filter(instrument=instrument, item=None, field__in=changed).update(
            needs_review=True
        )


def _item_texts(item: Item) -> dict[str, str]:
    """``{field: Swedish text}`` of the item's participant-facing texts (step words included)."""
    return {name: source_text(item, name) for name in item_fields(item)}


def _update_item_translations(instrument: Instrument, item: Item, before: dict[str, str]) -> None:
    """After an item changed in place: translations of a changed Swedish text need review again,
    and translations of a text the item no longer has (a removed step, say) go."""
    after = _item_texts(item)
    changed = [name for name, text in after.items() if name in before and before[name] != text]
    if changed:
        InstrumentText.objects.filter(instrument=instrument, item=item, field__in=changed).update(
            needs_review=True
        )
    InstrumentText.objects.filter(instrument=instrument, item=item).exclude(field__in=list(after)).delete()


@transaction.atomic
def update_instrument(
    user: "Actor",
    instrument: Instrument,
    *,
    name: str | None,
    description: str | None = "",
    allow_dont_know: bool = True,
    is_active: bool = True,
    items: list[dict[str, Any]] | None,
    updated_at: object = None,
) -> Instrument:
    """Change an instrument in place; refused with :class:`NeedsNewVersion` if it would alter answers.

    ``updated_at`` (the ISO time the page was opened with) makes a concurrent edit a conflict.
    """
    _check_admin(user)
    instrument = _lock(instrument, updated_at)
    errors, name, description = _clean_header(name, description)
    item_errors, items = _clean_items(items)
    errors.update(item_errors)
    _raise(errors)
    if has_answers(instrument):
        changes = breaking_changes(instrument, items)
        if changes:
            raise NeedsNewVersion(changes)

    audit: dict[str, Any] = {}
    header_before = {
        "name": instrument.name,
        "description": instrument.description,
        "allow_dont_know": instrument.allow_dont_know,
        "is_active": instrument.is_active,
    }
    header_after = {
        "name": name,
        "description": description,
        "allow_dont_know": bool(allow_dont_know),
        "is_active": bool(is_active),
    }
    for key, value in header_after.items():
        if header_before[key] != value:
            audit[key] = [header_before[key], value]
            setattr(instrument, key, value)
    _stale_translations(instrument, header_before, header_after)
    instrument.save()

    old = {item.code: item for item in instrument.items.all()}
    new_codes = [item["code"] for item in items]
    removed = [code for code in old if code not in new_codes]
    if removed:
        Item.objects.filter(instrument=instrument, code__in=removed).delete()
        audit["removed_items"] = [removed, None]
    # Positions are unique only by convention; shift the kept items out of the way first so a
    # reorder never collides halfway.
    Item.objects.filter(instrument=instrument).update(position=0)
    for position, data in enumerate(items, start=1):
        existing = old.get(data["code"])
        if existing is None:
            Item.objects.create(instrument=instrument, position=position, **data)
            audit[f"item {data['code']}"] = [None, "ny"]
            continue
        before = {key: getattr(existing, key) for key in ITEM_KEYS}
        texts_before = _item_texts(existing)
        diff = {key: [before[key], data[key]] for key in ITEM_KEYS if before[key] != data[key]}
        for key, value in data.items():
            setattr(existing, key, value)
        existing.position = position
        existing.save()
        _update_item_translations(instrument, existing, texts_before)
        if diff:
            audit[f"item {data['code']}"] = diff
    record(user, AuditAction.UPDATE, instrument, changes=audit)
    return instrument


@transaction.atomic
def new_version(
    user: "Actor",
    instrument: Instrument,
    *,
    name: str | None,
    description: str | None = "",
    allow_dont_know: bool = True,
    items: list[dict[str, Any]] | None,
) -> Instrument:
    """Copy ``instrument`` to the next version of its code with the given texts and items.

    Translations whose Swedish text is unchanged are carried over with their review flag; the
    other versions of the code are marked inactive, so new measurements use the new version
    while earlier answers keep pointing at the version they were given on.
    """
    _check_admin(user)
    errors, name, description = _clean_header(name, description)
    item_errors, items = _clean_items(items)
    errors.update(item_errors)
    _raise(errors)
    source = Instrument.objects.select_for_update().get(pk=instrument.pk)
    number = (Instrument.objects.filter(code=source.code).aggregate(n=Max("version"))["n"] or 0) + 1
    created = Instrument.objects.create(
        code=source.code,
        version=number,
        name=name,
        description=description,
        allow_dont_know=bool(allow_dont_know),
        is_active=True,
    )
    new_items = Item.objects.bulk_create(
        [_item_row(created, pos, data) for pos, data in enumerate(items, start=1)]
    )
    by_code = {item.code: item for item in new_items}

    old_items = {item.pk: item for item in source.items.all()}
    copies = []
    for text in InstrumentText.objects.filter(instrument=source):
        if text.item_id is None:
            if getattr(source, text.field, None) != getattr(created, text.field, None):
                continue
            target_item = None
        else:
            old_item = old_items.get(text.item_id)
            target_item = by_code.get(old_item.code) if old_item else None
            if (
                target_item is None
                or text.field not in item_fields(target_item)
                or source_text(old_item, text.field) != source_text(target_item, text.field)
            ):
                continue
        copies.append(
            InstrumentText(
                instrument=created,
                item=target_item,
                field=text.field,
                language=text.language,
                text=text.text,
                needs_review=text.needs_review,
            )
        )
    InstrumentText.objects.bulk_create(copies)

    retired = list(Instrument.objects.filter(code=source.code, is_active=True).exclude(pk=created.pk))
    Instrument.objects.filter(pk__in=[i.pk for i in retired]).update(is_active=False)
    for old in retired:
        record(
            user,
            AuditAction.UPDATE,
            old,
            changes={"is_active": [True, False]},
            detail=f"Ersatt av version {number}",
        )
    record(
        user,
        AuditAction.CREATE,
        created,
        changes={
            "code": [None, created.code],
            "version": [None, number],
            "name": [None, name],
            "items": [None, [item["code"] for item in items]],
            "copied_from_version": [None, source.version],
            "translations_copied": [None, len(copies)],
        },
        detail=f"Ny version av {source.code} (från version {source.version})",
    )
    return created


def _check_language(language: str) -> None:
    if language not in dict(participant_languages()):
        raise ActionError({"language": [_("Okänt språk: %(language)s.") % {"language": language}]})


@transaction.atomic
def save_translation(
    user: "Actor",
    instrument: Instrument,
    *,
    language: str,
    texts: dict[tuple[str | None, str], str | None],
    reviewed: bool = False,
) -> Instrument:
    """Store the translations of one language: ``texts`` maps ``(item_code or None, field)`` to text.

    An empty text removes the translation (the Swedish text is shown instead). ``reviewed``
    says a native speaker has read the whole language; without it every text is a draft.
    """
    _check_admin(user)
    _check_language(language)
    items = {item.code: item for item in instrument.items.all()}
    existing = {
        (row.item_id, row.field): row
        for row in InstrumentText.objects.filter(instrument=instrument, language=language)
    }
    errors: Errors = {}
    changes: dict[str, list[Any]] = {}
    creates: list[InstrumentText] = []
    for (code, field), value in texts.items():
        item = items.get(code) if code else None
        allowed = item_fields(item) if item else () if code else PARTICIPANT_INSTRUMENT_FIELDS
        key = f"{code or 'instrument'}.{field}"
        if (code and item is None) or field not in allowed:
            errors.setdefault("texts", []).append(_("Okänd text: %(key)s.") % {"key": key})
            continue
        value = (value or "").strip()
        if len(value) > MAX_TRANSLATION_LENGTH:
            errors[key] = [_("Högst %(n)s tecken.") % {"n": MAX_TRANSLATION_LENGTH}]
            continue
        row = existing.get((item.pk if item else None, field))
        if not value:
            if row is not None:
                row.delete()
                changes[key] = [row.text, None]
            continue
        if row is None:
            creates.append(
                InstrumentText(
                    instrument=instrument,
                    item=item,
                    field=field,
                    language=language,
                    text=value,
                    needs_review=not reviewed,
                )
            )
            changes[key] = [None, value]
        elif row.text != value or row.needs_review == bool(reviewed):
            if row.text != value:
                changes[key] = [row.text, value]
            row.text = value
            row.needs_review = not reviewed
            row.save(update_fields=["text", "needs_review", "updated_at"])
    _raise(errors)
    InstrumentText.objects.bulk_create(creates)
    # Rows not on the form (none today) follow the same review flag, so the language has one state.
    InstrumentText.objects.filter(instrument=instrument, language=language).update(needs_review=not reviewed)
    changes["reviewed"] = [None, bool(reviewed)]
    record(user, AuditAction.UPDATE, instrument, changes=changes, detail=f"Översättning {language}")
    return instrument


@transaction.atomic
def mark_reviewed(user: "Actor", instrument: Instrument, *, language: str, reviewed: bool = True) -> int:
    """Set (or clear) the review flag of every translation of one language at once."""
    _check_admin(user)
    _check_language(language)
    count = InstrumentText.objects.filter(instrument=instrument, language=language).update(
        needs_review=not reviewed
    )
    if not count:
        raise ActionError({"language": [_("Det finns inga översättningar till det språket att granska.")]})
    record(
        user,
        AuditAction.UPDATE,
        instrument,
        changes={"reviewed": [not reviewed, bool(reviewed)]},
        detail=f"Översättning {language}: {count} texter",
    )
    return count
