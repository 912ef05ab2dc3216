"""Row rules of persons and enrolments (registered in ``ParticipantsConfig.ready``).

An enrolment is seen by the users who work on its project for its organisation
(:func:`stegvis.organizations.access.works_on_q`); a person by everyone who sees one of their
enrolments, and, before their first enrolment, by the coordinators of the organisation that
registered them (intake). Enrolment and person rows are personal data: reports never list
them (``REPORT`` grants nothing here; figures aggregate through the project).

Models that belong to an enrolment or a person reuse these rules through
:func:`enrollment_rule` and :func:`person_rule`.
"""

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from stegvis.core.access import (
    CHANGE,
    NOTHING,
    REPORT,
    VIEW,
    RowRule,
    UserScope,
    get_restricted_or_404,
    register_rule,
    scope_of,
)
from stegvis.organizations.access import works_on_q
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment, Person

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet

    from stegvis.core.access import Actor
    from stegvis.organizations.models import Organization


def enrollment_q(scope: UserScope, action: str, prefix: str = "") -> Q:
    """The enrolment rule for rows that reach their enrolment's fields through ``prefix``.

    ``prefix`` is ``""`` for a model that carries ``project`` and ``organization`` itself (as an
    enrolment does), or e.g. ``"enrollment__"``.
    """
    if scope.is_admin:
        return Q()
    if action == REPORT:
        return NOTHING  # Enrolment rows are personal data; reports aggregate through Project.
    return works_on_q(scope, prefix)


def person_q(scope: UserScope, action: str) -> Q:
    if scope.is_admin:
        return Q()
    if action == REPORT or not scope.has_personal_data_access:
        return NOTHING
    visible = Enrollment.objects.filter(enrollment_q(scope, action)).order_by().values("person_id")
    orgs = scope.coordinator_organizations
    if orgs:
        # Registered by their organisation but not enrolled anywhere yet (intake). NOT EXISTS
        # rather than a join, so a person with several enrolments is not repeated. The two sets
        # are one subquery (UNION ALL) rather than two conditions joined by OR: an OR with a
        # subquery makes PostgreSQL read every person, the union lets it look the few ids up.
        # ``not_yet_enrolled`` narrows the candidates to the few in the partial index
        # ``person_intake`` (an organisation registered thousands, nearly all enrolled); it is only
        # a hint, True until the first enrolment, so NOT EXISTS still decides.
        enrolled = Enrollment.objects.filter(person_id=OuterRef("pk"))
        intake = (
            Person.objects.filter(registered_by_id__in=orgs, not_yet_enrolled=True)
            .filter(~Exists(enrolled))
            .order_by()
            .values("pk")
        )
        visible = visible.union(intake, all=True)
    return Q(pk__in=visible)


def may_register_for(user: "Actor", organization: "Organization") -> bool:
    """Whether ``user`` may register a new person on behalf of ``organization``.

    Administrators and project leaders may; a coordinator only for their own organisation.
    The person is then visible to them through :func:`person_q` (registered, not yet enrolled).
    """
    scope = scope_of(user)
    return scope.is_admin or bool(scope.leader_projects) or organization.pk in scope.coordinator_organizations


def person_or_404(user: "Actor", pk: int | str, action: str = VIEW) -> Person:
    """The person a participant page is about, if ``user`` may ``action`` them; else 404."""
    return get_restricted_or_404(
        Person.objects.select_related("registered_by"),  # the page names the registering organisation
        user,
        action,
        pk=pk,
        not_found=_("Deltagaren finns inte eller så saknar du behörighet."),
    )


def enrollment_or_404(user: "Actor", pk: int | str, action: str = CHANGE) -> Enrollment:
    """The enrolment a participant page works on, with what those pages show loaded; else 404.

    Shared by every app's pages about one enrolment (plans, contacts, interventions, consent,
    outcomes, measuring), so they all refuse the same rows in the same way.
    """
    return get_restricted_or_404(
        Enrollment.objects.select_related("person", "project", "organization", "coordinator", "need_group"),
        user,
        action,
        pk=pk,
        not_found=_("Inskrivningen finns inte eller så saknar du behörighet."),
    )


def projects_with_visible_enrollments(user: "Actor") -> "QuerySet[Project]":
    """The projects of the enrolments ``user`` may see, by name: the project filter of a list."""
    visible = Enrollment.objects.restrict(user, VIEW)
    return Project.objects.filter(pk__in=visible.values("project_id")).order_by("name")


def with_may_change(rows: "QuerySet[Enrollment]", user: "Actor") -> "QuerySet[Enrollment]":
    """Enrolment rows annotated ``may_change``, for lists that link only what the user may edit."""
    changeable = Enrollment.objects.restrict(user, CHANGE).filter(pk=OuterRef("pk"))
    return rows.annotate(may_change=Exists(changeable))


def changeable_ids(user: "Actor", enrollments: "Iterable[Enrollment]") -> set[int]:
    """The ids of ``enrollments`` that ``user`` may change (a section offers its forms for those).

    The participant page reads its enrolments once, annotated by :func:`with_may_change`, and
    hands them to every section: then this is no query at all, rather than one per section.
    Enrolments without the annotation are asked about in one query.
    """
    rows = list(enrollments)
    if all(hasattr(e, "may_change") for e in rows):
        return {e.pk for e in rows if getattr(e, "may_change")}  # noqa: B009 (an annotation)
    changeable = Enrollment.objects.restrict(user, CHANGE).filter(pk__in=[e.pk for e in rows])
    return set(changeable.values_list("pk", flat=True))


def enrollment_rule(path: str) -> RowRule:
    """A rule for a model that belongs to an enrolment through ``path`` (e.g. ``"enrollment"``)."""

    def rule(scope: UserScope, action: str) -> Q:
        return enrollment_q(scope, action, prefix=f"{path}__")

    return rule


def person_rule(path: str) -> RowRule:
    """A rule for a model that belongs to a person through ``path`` (e.g. ``"person"``)."""

    def rule(scope: UserScope, action: str) -> Q:
        if scope.is_admin:
            return Q()
        return Q(**{f"{path}__in": Person.objects.filter(person_q(scope, action)).values("pk")})

    return rule


def register() -> None:
    register_rule("participants.Enrollment", enrollment_q)
    register_rule("participants.Person", person_q)
    # An organisation's own reference for a person, and who coordinated an enrolment when.
    register_rule("participants.ParticipantRef", person_rule("person"))
    register_rule("participants.CoordinatorAssignment", enrollment_rule("enrollment"))
    register_rule("participants.ExitOutcome", enrollment_rule("enrollment"))
