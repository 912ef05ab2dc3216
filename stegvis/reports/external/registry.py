"""Plugs the SUS list and the ESF+ indicators into the seams of the report, and the menus.

Called from :meth:`stegvis.participants.apps.ParticipantsConfig.ready`: the fields these figures
count belong to the participants app, and keeping the registration next to them means the
``esf`` report section exists wherever the enrolment fields do.
"""

from django.utils.translation import gettext_lazy as _


def register():
    from stegvis.core.sections import register_project_page
    from stegvis.reports.external.esf import esf_indicators, esf_tables
    from stegvis.reports.project_report import register_report_section
    from stegvis.reports.tables import register_tables

    register_report_section("esf", esf_indicators)
    register_tables("esf", esf_tables, order=90)
    register_project_page("sus", label=_("SUS-lista"), url_name="reports:sus_list", order=40)
    register_project_page("esf", label=_("ESF+-indikatorer"), url_name="reports:esf_indicators", order=50)
