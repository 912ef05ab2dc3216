"""``/api/v1/``: the documentation page, the schema, and the resources; ``/api/oauth/token/`` for
OAuth 2 clients; ``/api/nycklar/``: the administrators' pages for API tokens (a browser login)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from stegvis.api import catalog, oauth, people, reports, schema, views

app_name = "api"

router = SimpleRouter()
router.register("organizations", catalog.OrganizationViewSet, basename="organization")
router.register("projects", catalog.ProjectViewSet, basename="project")
router.register("need-groups", catalog.NeedGroupViewSet, basename="need-group")
router.register("persons", people.PersonViewSet, basename="person")
router.register("enrollments", people.EnrollmentViewSet, basename="enrollment")

urlpatterns = [
    path("v1/", schema.docs, name="docs"),
    path("v1/schema/", schema.SchemaView.as_view(), name="schema"),
    path("v1/referrers/", catalog.ReferrerList.as_view(), name="referrers"),
    path("v1/projects/<slug:code>/report/", reports.ProjectReportView.as_view(), name="project-report"),
    path("v1/", include(router.urls)),
    path("oauth/token/", oauth.TokenView.as_view(), name="oauth-token"),
    path("nycklar/", views.token_list, name="token-list"),
    path("nycklar/ny/", views.token_create, name="token-create"),
    path("nycklar/<int:pk>/aterkalla/", views.token_revoke, name="token-revoke"),
]
