"""``/api/v1/``: the documentation page, the schema, and the resources; ``/api/oauth/token/`` for
OAuth 2 clients; ``/api/nycklar/``: the administrators' pages for API tokens (a browser login)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from stegvis.api import (
    catalog,
    consents,
    contacts,
    figures,
    imports,
    interventions,
    measurements,
    oauth,
    people,
    plans,
    reports,
    schema,
    views,
)

app_name = "api"

router = SimpleRouter()
router.register("organizations", catalog.OrganizationViewSet, basename="organization")
router.register("projects", catalog.ProjectViewSet, basename="project")
router.register("need-groups", catalog.NeedGroupViewSet, basename="need-group")
router.register("persons", people.PersonViewSet, basename="person")
router.register("enrollments", people.EnrollmentViewSet, basename="enrollment")
router.register("imports", imports.ImportViewSet, basename="import")
router.register("measurements", measurements.MeasurementViewSet, basename="measurement")
router.register("interventions", interventions.ParticipantInterventionViewSet, basename="intervention")
router.register("contacts", contacts.ContactViewSet, basename="contact")
router.register("plan-goals", plans.PlanGoalViewSet, basename="plan-goal")
router.register("plan-steps", plans.PlanStepViewSet, basename="plan-step")

# An enrolment's consents, under the enrolment they belong to.
consent_list = consents.ConsentViewSet.as_view({"get": "list", "post": "create"})
consent_detail = consents.ConsentViewSet.as_view({"get": "retrieve"})
consent_withdraw = consents.ConsentViewSet.as_view({"post": "withdraw"})

urlpatterns = [
    path("v1/", schema.docs, name="docs"),
    path("v1/schema/", schema.SchemaView.as_view(), name="schema"),
    path("v1/referrers/", catalog.ReferrerList.as_view(), name="referrers"),
    path("v1/projects/<slug:code>/report/", reports.ProjectReportView.as_view(), name="project-report"),
    path("v1/comparison/", figures.ComparisonView.as_view(), name="comparison"),
    path("v1/projects/<slug:code>/follow-up/", figures.FollowUpView.as_view(), name="project-follow-up"),
    path("v1/projects/<slug:code>/sus/", figures.SusListView.as_view(), name="project-sus"),
    path(
        "v1/projects/<slug:code>/data-quality/",
        figures.ProjectDataQualityView.as_view(),
        name="project-data-quality",
    ),
    path(
        "v1/organizations/<slug:code>/data-quality/",
        figures.OrganizationDataQualityView.as_view(),
        name="organization-data-quality",
    ),
    path("v1/enrollments/<int:enrollment_pk>/consents/", consent_list, name="enrollment-consent-list"),
    path(
        "v1/enrollments/<int:enrollment_pk>/consents/<int:pk>/",
        consent_detail,
        name="enrollment-consent-detail",
    ),
    path(
        "v1/enrollments/<int:enrollment_pk>/consents/<int:pk>/withdraw/",
        consent_withdraw,
        name="enrollment-consent-withdraw",
    ),
    path("v1/", include(router.urls)),
    path("oauth/token/", oauth.TokenView.as_view(), name="oauth-token"),
    path("nycklar/", views.token_list, name="token-list"),
    path("nycklar/ny/", views.token_create, name="token-create"),
    path("nycklar/<int:pk>/aterkalla/", views.token_revoke, name="token-revoke"),
]
