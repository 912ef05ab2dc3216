"""``/api/v1/``: the documentation page, the schema, and the resources."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from stegvis.api import catalog, consents, people, reports, schema

app_name = "api"

router = SimpleRouter()
router.register("organizations", catalog.OrganizationViewSet, basename="organization")
router.register("projects", catalog.ProjectViewSet, basename="project")
router.register("need-groups", catalog.NeedGroupViewSet, basename="need-group")
router.register("persons", people.PersonViewSet, basename="person")
router.register("enrollments", people.EnrollmentViewSet, basename="enrollment")

# An enrolment's consents, under the enrolment they belong to.
consent_list = consents.ConsentViewSet.as_view({"get": "list", "post": "create"})
consent_detail = consents.ConsentViewSet.as_view({"get": "retrieve"})
consent_withdraw = consents.ConsentViewSet.as_view({"post": "withdraw"})

urlpatterns = [
    path("v1/", schema.docs, name="docs"),
    path("v1/schema/", schema.SchemaView.as_view(), name="schema"),
    path("v1/referrers/", catalog.ReferrerList.as_view(), name="referrers"),
    path("v1/projects/<slug:code>/report/", reports.ProjectReportView.as_view(), name="project-report"),
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
]
