"""The follow-up's keys as tables for the XLSX and DOCX exports (:mod:`stegvis.reports.tables`).

Only the keys the follow-up adds to the report: gender balance per referrer, enrolled 11 months
or more, coordinator caseloads, continuity and the month-by-month trend. Numbers stay numbers;
shares are 0..1 floats named in ``percent_columns``; the balance flag is the words "Ja"/"Nej".
"""

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from stegvis.participants.models import Referrer
from stegvis.reports.followup_figures import CHANGE_BUCKETS, FEW, TOTAL
from stegvis.reports.labels import label_for
from stegvis.reports.tables import Table, register_tables

CHANGE_LABELS = (_("Inget byte"), _("Ett byte"), _("Två eller fler byten"))


def _yes_no(flag):
    return None if flag is None else (_t("Ja") if flag else _t("Nej"))


def balance_tables(report):
    balance = report.get("gender_balance_by_referrer")
    if balance is None:
        return []
    rows = []
    for code, values in balance.items():
        label = _t("Totalt") if code == TOTAL else label_for(Referrer, code)
        rows.append(
            [
                label,
                values["K"],
                values["M"],
                values["X"],
                values["women_share"],
                _yes_no(values["balanced"]),
                _yes_no(values["few"]),
            ]
        )
    return [
        Table(
            key="gender_balance_by_referrer",
            title=_t("Kvinnor och män per anvisare (jämn fördelning 40–60 %)"),
            columns=[
                _t("Anvisare"),
                _t("Kvinnor"),
                _t("Män"),
                _t("Annat/ej angivet"),
                _t("Andel kvinnor"),
                _t("Jämn fördelning (40–60 %)"),
                _t("Färre än %(n)s kvinnor och män") % {"n": FEW},
            ],
            rows=rows,
            percent_columns={4},
            note=_t(
                "Andel kvinnor av kvinnor och män; annat/ej angivet räknas inte in. Bara anvisare med inskrivningar."
            ),
        )
    ]


def long_enrollment_tables(report):
    long = report.get("enrolled_11_months_or_more")
    if long is None:
        return []
    return [
        Table(
            key="enrolled_11_months",
            title=_t("Inskrivna 11 månader eller längre"),
            columns=[_t("Inskrivningar"), _t("11 månader eller längre"), _t("Andel")],
            rows=[[report["enrollments"], long["count"], long["share"]]],
            percent_columns={2},
            note=_t(
                "Från startdatum till slutdatum, eller till rapportdatumet för aktiva: minst 11 kalendermånader."
            ),
        )
    ]


def coordinator_tables(report):
    coordinators = report.get("coordinators")
    if coordinators is None:
        return []
    caseload = [[row["name"], row["active"]] for row in coordinators["caseload"]]
    caseload.append([_t("Utan koordinator"), coordinators["without_coordinator"]])
    continuity = [
        [str(label), coordinators["changes"][bucket]]
        for label, bucket in zip(CHANGE_LABELS, CHANGE_BUCKETS, strict=False)
    ]
    continuity.append([_t("Har bytt koordinator"), coordinators["changed"]])
    if coordinators["changed_in_period"] is not None:
        continuity.append([_t("Bytte koordinator under perioden"), coordinators["changed_in_period"]])
    return [
        Table(
            key="coordinator_caseload",
            title=_t("Aktiva inskrivningar per koordinator"),
            columns=[_t("Koordinator"), _t("Aktiva inskrivningar")],
            rows=caseload,
            note=_t("Koordinatorn på rapportdatumet enligt historiken över koordinatorbyten."),
        ),
        Table(
            key="coordinator_continuity",
            title=_t("Kontinuitet: byten av koordinator"),
            columns=[_t("Byten"), _t("Inskrivningar")],
            rows=continuity,
            note=_t("Varje ny koordinator efter den första, fram till rapportdatumet."),
        ),
    ]


def monthly_tables(report):
    monthly = report.get("monthly")
    if monthly is None:
        return []
    return [
        Table(
            key="monthly",
            title=_t("Månad för månad"),
            columns=[
                _t("Månad"),
                _t("Nya"),
                _t("Nya kvinnor"),
                _t("Nya män"),
                _t("Nya annat/ej angivet"),
                _t("Avslutade"),
                _t("Aktiva vid månadens slut"),
            ],
            rows=[
                [m["month"], m["new"], m["new_K"], m["new_M"], m["new_X"], m["exited"], m["active_at_end"]]
                for m in monthly
            ],
            note=_t(
                "Alla inskrivningar i projektet (eller organisationen), högst 36 månader bakåt från rapportdatumet."
            ),
        )
    ]


def register():
    """Called from the reports app's ``ready()``."""
    register_tables("followup_balance", balance_tables, order=50)
    register_tables("followup_long", long_enrollment_tables, order=52)
    register_tables("followup_coordinators", coordinator_tables, order=54)
    register_tables("followup_monthly", monthly_tables, order=56)
