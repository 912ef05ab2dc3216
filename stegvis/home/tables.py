"""The caseload table of the start page: one row per enrolment, its state in words and badges.

Every state is told in words (a badge's colour only repeats it), and each column sorts on a
value of its own (a date, a number), so "sort by next step" puts undated steps last.
"""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tables2 import RequestConfig

from stegvis.core.tables import DirectTable, date_text
from stegvis.home import caseload


def enrolled_for(start, on):
    """How long from ``start`` to ``on`` in words: "12 dagar", "5 mån", "2 år 3 mån".

    Not Django's ``timesince``: in Swedish it writes "5 månader" and "2 år, 2 månader", and
    these short forms fit a table cell. The project's one helper for a duration in words.
    """
    months = (on.year - start.year) * 12 + on.month - start.month - (on.day < start.day)
    if months < 1:
        days = (on - start).days
        return ngettext("%(n)s dag", "%(n)s dagar", days) % {"n": days}
    years, months = divmod(months, 12)
    if not years:
        return _("%(m)s mån") % {"m": months}
    if not months:
        return ngettext("%(n)s år", "%(n)s år", years) % {"n": years}
    return _("%(y)s år %(m)s mån") % {"y": years, "m": months}


def ago(days):
    """How long ago, ``days`` in words: "i dag", "för 3 dagar sedan"."""
    if days == 0:
        return _("i dag")
    return ngettext("för %(n)s dag sedan", "för %(n)s dagar sedan", days) % {"n": days}


def _badge(text, kind="warn"):
    return format_html('<span class="badge badge--{}">{}</span>', kind, text)


def _day(day):
    """A date that never breaks at its hyphens."""
    return format_html('<span class="date">{}</span>', date_text(day))


def _dated(day, text, late):
    """A date with a text under it, marked late (in words) when it has passed."""
    note = _badge(_("försenad")) if late else ""
    return format_html('{} {}<br><span class="small">{}</span>', _day(day), note, text)


def _flag_label(row, flag):
    weeks = row.days_without_contact // 7
    return {
        caseload.NO_CONTACT: ngettext("Ingen kontakt på %(n)s vecka", "Ingen kontakt på %(n)s veckor", weeks)
        % {"n": weeks},
        caseload.STEP_OVERDUE: _("Steg i planen försenat"),
        caseload.MEASUREMENT_DUE: _("Mätning försenad") if row.measurement_overdue else _("Dags för mätning"),
        caseload.CONSENT_MISSING: _("Samtycke saknas"),
        caseload.FOLLOW_UP_DUE: _("Uppföljning efter avslut"),
    }[flag]


class CaseloadTable(DirectTable):
    """My participants, needing action first; sortable by every column."""

    caption = _("Mina deltagare och vad som behöver göras")

    name = tables.Column(verbose_name=_("Namn"), empty_values=(), order_by=("name_sort",))
    needs = tables.Column(verbose_name=_("Behöver göras"), empty_values=(), order_by=("-attention",))
    enrolled = tables.Column(verbose_name=_("Inskriven"), empty_values=(), order_by=("start_sort",))
    contact = tables.Column(
        verbose_name=_("Senaste kontakt"), empty_values=(), order_by=("-days_without_contact",)
    )
    step = tables.Column(verbose_name=_("Nästa steg i planen"), empty_values=(), order_by=("step_sort",))
    measurement = tables.Column(
        verbose_name=_("Nästa mätning"), empty_values=(), order_by=("measurement_sort",)
    )
    follow_up = tables.Column(
        verbose_name=_("Uppföljning efter avslut"), empty_values=(), order_by=("follow_up_sort",)
    )

    class Meta:
        empty_text = _("Du har inga aktiva deltagare.")
        attrs = {"class": "table caseload", "id": "caseload-table"}
        row_attrs = {"class": lambda record: "needs-action" if record.attention else ""}

    def render_name(self, record):
        url = reverse("participants:detail", args=[record.enrollment.person_id])
        return format_html(
            '<a href="{}">{}</a><br><span class="small muted">{}</span>',
            url,
            record.person.display_name,
            record.enrollment.project.name,
        )

    def render_needs(self, record):
        if not record.flags:
            return format_html('<span class="muted">{}</span>', _("Inget just nu"))
        return format_html(
            '<ul class="badge-list">{}</ul>',
            format_html_join("", "<li>{}</li>", ((_badge(_flag_label(record, f)),) for f in record.flags)),
        )

    def render_enrolled(self, record):
        start = record.enrollment.start_date
        if record.ended:
            return format_html(
                '{}<br><span class="small">{} {}</span>',
                _day(start),
                _("avslutad"),
                _day(record.enrollment.end_date),
            )
        return format_html('{}<br><span class="small">{}</span>', _day(start), enrolled_for(start, record.on))

    def render_contact(self, record):
        if record.ended:
            return "–"
        if record.last_contact_on is None:
            return format_html('<span class="muted">{}</span>', _("Ingen kontakt registrerad"))
        return format_html(
            '{}<br><span class="small">{}</span>',
            _day(record.last_contact_on),
            ago((record.on - record.last_contact_on).days),
        )

    def render_step(self, record):
        if record.ended:
            return "–"
        if not record.step_what:
            return format_html('<span class="muted">{}</span>', _("Inga öppna steg"))
        if record.step_due is None:
            return format_html(
                '<span class="small">{}</span> <span class="muted">({})</span>',
                record.step_what,
                _("inget datum"),
            )
        return _dated(record.step_due, record.step_what, record.step_overdue)

    def render_measurement(self, record):
        if record.measurement_due is None:
            return "–"
        text = _("dags nu") if record.measurement_now else _("enligt mätplanen")
        return _dated(record.measurement_due, text, record.measurement_overdue)

    def render_follow_up(self, record):
        if record.follow_up_due is None:
            return "–"
        text = _("%(n)s månader efter avslut") % {"n": record.follow_up_months}
        return _dated(record.follow_up_due, text, record.follow_up_overdue)


def caseload_table(rows, request=None):
    """The table of ``rows`` ordered as the request asks (``caseload-sort``), needing action first."""
    table = CaseloadTable(rows, prefix="caseload-")
    if request is not None:
        RequestConfig(request, paginate=False).configure(table)
    return table
