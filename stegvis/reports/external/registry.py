"""Plugs the SUS list and the ESF+ and AMIF indicators into the seams of the report, and the menus.

Called from :meth:`stegvis.reports.apps.ReportsConfig.ready`. The figures count the participants
app's enrolment fields, but the participants app is below reports and never imports it. The
``esf`` section keeps its place first among the sections other apps add (``order``), where the
report JSON has always had it.
"""

from django.utils.translation import gettext_lazy as _

# Before the sections registered at the default order (language, after_exit, consent, ...).
ESF_SECTION_ORDER = 50


def register():
    from stegvis.core.sections import register_project_page
    from stegvis.reports.external.amif import amif_figures, amif_tables
    from stegvis.reports.external.esf import esf_indicators, esf_tables
    from stegvis.reports.project_report import register_report_section
    from stegvis.reports.tables import register_tables

    register_report_section("esf", esf_indicators, order=ESF_SECTION_ORDER)
    register_tables("esf", esf_tables, order=90)
    register_report_section("amif", amif_figures)
    register_tables("amif", amif_tables, order=91)
    register_project_page("sus", label=_("SUS-lista"), url_name="reports:sus_list", order=40)
    register_project_page("esf", label=_("ESF+-indikatorer"), url_name="reports:esf_indicators", order=50)
