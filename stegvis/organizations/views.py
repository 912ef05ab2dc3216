"""Administration pages: organisations, projects with their need groups, staff accounts and roles.

Administrators (Rule.ADMIN) manage everything. A project leader reaches the project pages too
(Rule.PERSONAL_DATA, then ``Project.objects.restrict(user, "change")`` picks the projects) and
may change only their project's partners, need groups and threshold; the actions check the
same again. Every write goes through :mod:`stegvis.organizations.actions`.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_tables2 import RequestConfig

from stegvis.core.access import CHANGE, Rule, access_rule, scope_of
from stegvis.core.errors import ActionError
from stegvis.core.views_helpers import action_form_page, run_action_form
from stegvis.organizations import actions
from stegvis.organizations.access import administered_project_or_404, require_project_admin
from stegvis.organizations.filters import OrganizationFilter, StaffFilter
from stegvis.organizations.forms import (
    GrantRoleForm,
    NeedGroupForm,
    OrganizationForm,
    ProjectForm,
    RenameNeedGroupForm,
    StaffCreateForm,
    StaffNameForm,
    StaffPasswordForm,
)
from stegvis.organizations.models import DEFAULT_MIN_CELL, NeedGroup, Organization, Project, StaffRole
from stegvis.organizations.tables import OrganizationTable, ProjectTable, StaffTable, role_badge

PER_PAGE = 50


def _list_page(request, filterset, table, template, context):
    """A filtered, sortable, paginated list; HTMX swaps only the table region."""
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    context = {"filter": filterset, "table": table, "total": table.paginator.count, **context}
    if request.htmx and request.htmx.target == "list-region":
        return render(request, "organizations/_list_region.html", context)
    return render(request, template, context)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _run_button(request, perform, success_message, next_url):
    """A one-button POST (remove, revoke, deactivate): the action's refusal becomes an error message."""
    try:
        with transaction.atomic():
            perform()
    except ActionError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success_message)
    return redirect(next_url)


# --- Overview ------------------------------------------------------------------------------------


@access_rule(Rule.ADMIN)
def index(request):
    """The start of administration: counts and links to the three registers."""
    User = get_user_model()
    counts = {
        "organizations": Organization.objects.count(),
        "projects": Project.objects.count(),
        "staff": User.objects.filter(is_active=True).count(),
    }
    return render(request, "organizations/index.html", {"counts": counts})


# --- Organisations -------------------------------------------------------------------------------


@access_rule(Rule.ADMIN)
@vary_on_headers("HX-Request")
def organization_list(request):
    queryset = Organization.objects.annotate(
        project_count=Count("owned_projects", distinct=True) + Count("partner_projects", distinct=True),
        staff_count=Count("staff_roles__user", distinct=True),
    )
    filterset = OrganizationFilter(request.GET or None, queryset=queryset)
    table = OrganizationTable(filterset.qs, order_by=("name",))
    return _list_page(request, filterset, table, "organizations/organization_list.html", {})


def _organization_form_page(request, form, organization=None):
    title = _("Ändra %(name)s") % {"name": organization.name} if organization else _("Ny organisation")
    return render(
        request,
        "organizations/simple_form.html",
        {
            "form": form,
            "title": title,
            "submit": _("Spara") if organization else _("Skapa organisation"),
            "cancel_url": reverse("organizations:organization_list"),
            "section": "organizations",
        },
    )


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def organization_create(request):
    form = OrganizationForm(request.POST or None)

    def perform(data):
        org, _created, _changes = actions.save_organization(
            request.user, code=data["code"], name=data["name"].strip(), kind=data["kind"], new=True
        )
        actions.set_two_factor_requirement(request.user, org, required=data["require_two_factor"])
        actions.set_minsida_eid(request.user, org, enabled=data["minsida_eid"])
        actions.set_min_cell(request.user, org, min_cell=data["min_cell"] or DEFAULT_MIN_CELL)
        return org

    done = run_action_form(
        request,
        form,
        perform,
        lambda org: _("Organisationen %(name)s är skapad.") % {"name": org.name},
        lambda org: reverse("organizations:organization_list"),
    )
    return done or _organization_form_page(request, form)


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def organization_edit(request, code):
    organization = get_object_or_404(Organization, code=code)
    form = OrganizationForm(
        request.POST or None,
        organization=organization,
        initial={
            "code": organization.code,
            "name": organization.name,
            "kind": organization.kind,
            "require_two_factor": organization.require_two_factor,
            "minsida_eid": organization.minsida_eid,
            "min_cell": organization.min_cell,
            "token": actions.token_of(organization),
        },
    )

    def perform(data):
        org, _created, _changes = actions.save_organization(
            request.user,
            code=organization.code,
            name=data["name"].strip(),
            kind=data["kind"],
            token=data["token"] or None,
        )
        # The token was checked once, above; this is part of the same save.
        actions.set_two_factor_requirement(request.user, org, required=data["require_two_factor"])
        actions.set_minsida_eid(request.user, org, enabled=data["minsida_eid"])
        actions.set_min_cell(request.user, org, min_cell=data["min_cell"] or DEFAULT_MIN_CELL)
        return org

    done = run_action_form(
        request,
        form,
        perform,
        _("Organisationen är sparad."),
        lambda org: reverse("organizations:organization_list"),
    )
    return done or _organization_form_page(request, form, organization)


# --- Projects ------------------------------------------------------------------------------------


@access_rule(Rule.PERSONAL_DATA)
@vary_on_headers("HX-Request")
def project_list(request):
    """Projects the user may change: every project for an administrator, their own for a leader."""
    require_project_admin(request.user)
    queryset = (
        Project.objects.restrict(request.user, CHANGE)
        .select_related("owner")
        .annotate(
            partner_count=Count("partners", distinct=True),
            need_group_count=Count("need_groups", distinct=True),
        )
    )
    table = ProjectTable(queryset, order_by=("name",))
    return _list_page(
        request,
        None,
        table,
        "organizations/project_list.html",
        {
            "can_create": scope_of(request.user).is_admin,
        },
    )


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def project_create(request):
    form = ProjectForm(request.POST or None, initial={"progression_threshold": 0})

    def perform(data):
        project, _created, _changes = actions.save_project(
            request.user,
            code=data["code"],
            name=data["name"].strip(),
            owner=data["owner"],
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            funder=data.get("funder") or "",
            new=True,
        )
        actions.set_project_partners(request.user, project, partners=data["partners"])
        actions.update_project_settings(
            request.user, project, progression_threshold=data["progression_threshold"]
        )
        return project

    done = run_action_form(
        request,
        form,
        perform,
        lambda p: _("Projektet %(name)s är skapat.") % {"name": p.name},
        lambda p: reverse("organizations:project_edit", args=[p.code]),
    )
    return done or render(
        request,
        "organizations/project_form.html",
        {
            "form": form,
            "title": _("Nytt projekt"),
            "submit": _("Skapa projekt"),
            "full": True,
        },
    )


def _save_project(user, project, data, full):
    """The main project form: administrators save every field, a leader partners and threshold."""
    token = data["token"] or None
    if full:
        project, _created, _changes = actions.save_project(
            user,
            code=project.code,
            name=data["name"].strip(),
            owner=data["owner"],
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            funder=data.get("funder") or "",
            token=token,
        )
        token = None  # checked once; the writes below are part of the same save
    actions.set_project_partners(user, project, partners=data["partners"], token=token)
    actions.update_project_settings(user, project, progression_threshold=data["progression_threshold"])
    return project


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def project_edit(request, code):
    """One project's settings and need groups; which form was sent is named by ``form`` in the POST."""
    project = administered_project_or_404(request.user, code, Project.objects.select_related("owner"))
    full = scope_of(request.user).is_admin
    sent = request.POST.get("form", "project") if request.method == "POST" else None
    next_url = reverse("organizations:project_edit", args=[project.code])
    groups = project.need_groups.annotate(enrollment_count=Count("enrollments")).order_by("name")

    form = ProjectForm(
        request.POST if sent == "project" else None,
        project=project,
        full=full,
        initial=ProjectForm.initial_for(project),
    )
    add_form = NeedGroupForm(request.POST if sent == "add_group" else None, prefix="add")
    rename_form = RenameNeedGroupForm(request.POST if sent == "rename_group" else None, prefix="rename")

    if sent == "project":
        done = run_action_form(
            request,
            form,
            lambda data: _save_project(request.user, project, data, full),
            _("Projektet är sparat."),
            lambda _p: next_url,
        )
    elif sent == "add_group":
        done = run_action_form(
            request,
            add_form,
            lambda data: actions.add_need_group(request.user, project, name=data["name"]),
            lambda g: _("Behovsgruppen %(name)s är tillagd.") % {"name": g.name},
            lambda _g: next_url,
        )
    elif sent == "rename_group":

        def rename(data):
            group = groups.filter(pk=data["group"]).first()
            if group is None:
                raise ActionError({"name": [_("Behovsgruppen finns inte längre.")]})
            return actions.rename_need_group(request.user, group, name=data["name"])

        done = run_action_form(
            request, rename_form, rename, _("Behovsgruppen har bytt namn."), lambda _g: next_url
        )
    elif sent == "remove_group":
        group = NeedGroup.objects.filter(project=project, pk=_int_or_none(request.POST.get("group"))).first()
        if group is None:
            messages.error(request, _("Behovsgruppen finns inte längre."))
            return redirect(next_url)
        return _run_button(
            request,
            lambda: actions.remove_need_group(request.user, group),
            _("Behovsgruppen %(name)s är borttagen.") % {"name": group.name},
            next_url,
        )
    else:
        done = None
    if done:
        return done
    renaming = _int_or_none(rename_form.data.get("rename-group")) if rename_form.is_bound else None
    if rename_form.errors and not any(group.pk == renaming for group in groups):
        messages.error(request, _("Behovsgruppen finns inte längre."))
    return render(
        request,
        "organizations/project_form.html",
        {
            "form": form,
            "project": project,
            "full": full,
            "groups": groups,
            "add_form": add_form,
            "rename_form": rename_form,
            "renaming": renaming,
            "title": _("Projektet %(name)s") % {"name": project.name},
            "submit": _("Spara projektet"),
        },
    )


# --- Staff ---------------------------------------------------------------------------------------


def _staff_queryset():
    roles = StaffRole.objects.select_related("organization", "project").order_by(
        "role", "organization__name", "project__name"
    )
    return get_user_model().objects.prefetch_related(Prefetch("staff_roles", queryset=roles))


@access_rule(Rule.ADMIN)
@vary_on_headers("HX-Request")
def staff_list(request):
    filterset = StaffFilter(request.GET or None, queryset=_staff_queryset())
    table = StaffTable(filterset.qs, order_by=("username",))
    return _list_page(request, filterset, table, "organizations/staff_list.html", {})


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def staff_create(request):
    form = StaffCreateForm(request.POST or None)

    def perform(data):
        return actions.create_staff_user(
            request.user,
            username=data["username"],
            password=data["password"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
        )

    return action_form_page(
        request,
        form,
        perform,
        success=lambda account: (
            _("Kontot %(name)s är skapat. Ge det en roll nedan.") % {"name": account.username}
        ),
        next_url=lambda account: reverse("organizations:staff_detail", args=[account.pk]),
        template="organizations/simple_form.html",
        title=_("Nytt konto"),
        submit=_("Skapa konto"),
        cancel_url=reverse("organizations:staff_list"),
        section="staff",
    )


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def staff_detail(request, pk):
    """One account: its roles (grant, revoke) and whether it may log in."""
    account = get_object_or_404(_staff_queryset(), pk=pk)
    next_url = reverse("organizations:staff_detail", args=[account.pk])
    sent = request.POST.get("form") if request.method == "POST" else None
    grant_form = GrantRoleForm(request.POST if sent == "grant" else None)
    if sent == "grant":

        def grant(data):
            organization, project = grant_form.scope()
            return actions.grant_role(
                request.user, account, role=data["role"], organization=organization, project=project
            )

        done = run_action_form(
            request,
            grant_form,
            grant,
            lambda role: _("Rollen %(role)s är tilldelad.") % {"role": role},
            lambda _r: next_url,
        )
        if done:
            return done
    elif sent == "revoke":
        role = (
            StaffRole.objects.filter(user=account, pk=_int_or_none(request.POST.get("role")))
            .select_related("user", "organization", "project")
            .first()
        )
        if role is None:
            messages.error(request, _("Rollen finns inte längre."))
            return redirect(next_url)
        return _run_button(
            request,
            lambda: actions.revoke_role(request.user, role),
            _("Rollen %(role)s är borttagen.") % {"role": role},
            next_url,
        )
    elif sent in ("deactivate", "activate"):
        active = sent == "activate"
        return _run_button(
            request,
            lambda: actions.set_staff_active(request.user, account, active=active),
            _("Kontot är aktiverat.") if active else _("Kontot är inaktiverat och kan inte logga in."),
            next_url,
        )
    roles = [(role, role_badge(role)) for role in account.staff_roles.all()]
    return render(
        request,
        "organizations/staff_detail.html",
        {
            "account": account,
            "roles": roles,
            "grant_form": grant_form,
            "is_self": account.pk == request.user.pk,
        },
    )


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def staff_edit(request, pk):
    account = get_object_or_404(_staff_queryset(), pk=pk)
    form = StaffNameForm(
        request.POST or None,
        initial={
            "first_name": account.first_name,
            "last_name": account.last_name,
            "email": account.email,
        },
    )

    def perform(data):
        return actions.update_staff_user(
            request.user,
            account,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
        )

    return action_form_page(
        request,
        form,
        perform,
        success=_("Uppgifterna är sparade."),
        next_url=lambda a: reverse("organizations:staff_detail", args=[a.pk]),
        template="organizations/simple_form.html",
        title=_("Ändra %(name)s") % {"name": account.username},
        submit=_("Spara"),
        cancel_url=reverse("organizations:staff_detail", args=[account.pk]),
        section="staff",
    )


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def staff_password(request, pk):
    account = get_object_or_404(_staff_queryset(), pk=pk)
    form = StaffPasswordForm(request.POST or None)

    def perform(data):
        return actions.set_staff_password(request.user, account, password=data["password"])

    return action_form_page(
        request,
        form,
        perform,
        success=_("Det nya lösenordet är sparat."),
        next_url=lambda a: reverse("organizations:staff_detail", args=[a.pk]),
        template="organizations/simple_form.html",
        title=_("Nytt lösenord för %(name)s") % {"name": account.username},
        submit=_("Spara lösenordet"),
        section="staff",
        cancel_url=reverse("organizations:staff_detail", args=[account.pk]),
    )
