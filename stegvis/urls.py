"""URL map. Every view must declare an access rule (see stegvis.core.access)."""

from django.urls import include, path

urlpatterns = [
    path("", include("stegvis.core.urls")),
    path("", include("stegvis.accounts.urls")),  # login, logout, password, two-factor login
    path("", include("stegvis.home.urls")),
    path("deltagare/", include("stegvis.participants.urls")),
    path("projekt/", include("stegvis.reports.urls")),
    path("projekt/", include("stegvis.goals.urls")),
    path("projekt/", include("stegvis.budget.urls")),
    path("efter-avslut/", include("stegvis.outcomes.urls")),
    path("arbete/", include("stegvis.casework.urls")),
    path("insatser/", include("stegvis.interventions.urls")),
    path("arbetsgivare/", include("stegvis.employers.urls")),
    path("startgrupper/", include("stegvis.cohorts.urls")),
    path("tidrapporter/", include("stegvis.timereports.urls")),
    path("kontakter/", include("stegvis.contacts.urls")),
    path("arbetslista/", include("stegvis.worklist.urls")),
    path("", include("stegvis.intake.urls")),  # public /anmalan/... and staff /intag/...
    path("", include("stegvis.surveys.urls")),  # public /e/<token>/ and staff /enkater/...
    path("samtycken/", include("stegvis.consent.urls")),
    path("tolk/", include("stegvis.interpreting.urls")),  # interpreter mode
    path("principer/", include("stegvis.principles.urls")),
    path("overforingar/", include("stegvis.transfers.urls")),
    path("projekt/", include("stegvis.narratives.urls")),
    path("projekt/", include("stegvis.steering.urls")),
    path("kvalitet/", include("stegvis.quality.urls")),
    path("meddelanden/", include("stegvis.notifications.urls")),
    path("import/", include("stegvis.exchange.urls")),
    path("logg/", include("stegvis.audit.urls")),
    path("administration/", include("stegvis.organizations.urls")),
    path("administration/", include("stegvis.participants.exit_reason_urls")),  # a project's exit reasons
    path("integritet/", include("stegvis.privacy.urls")),  # retention, register extract, erasure
    path("progression/", include("stegvis.progression.urls")),
    path("s/", include("stegvis.progression.selfassessment.urls")),
    path("min-sida/", include("stegvis.minsida.urls")),  # the participant's own page
    path("api/", include("stegvis.api.urls")),  # the REST API (/api/v1/) and its documentation
]

# Under /api/v1/ a program reads the errors: problem details there, the usual pages elsewhere.
handler404 = "stegvis.api.problems.page_not_found"
handler500 = "stegvis.api.problems.server_error"
