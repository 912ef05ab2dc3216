"""Loading the demo: the organisations, projects and staff, then the generated participants.

Two writers read the same rows from :class:`~stegvis.demo.generator.DemoGenerator`:

- :func:`write_with_actions` calls the ordinary actions row by row (register, enrol, change
  coordinator, exit), exactly what the pages do; used for the default few hundred people.
- :func:`write_in_bulk` hands whole batches to
  :func:`stegvis.participants.bulk_actions.bulk_register_and_enroll`; used for large volumes.

Safety: demo data only goes into an empty database, which is then marked with a
:class:`~stegvis.demo.models.DemoDataset` row listing everything the generator created.
:func:`reset` empties the database only when that marker is there and nothing else is.
"""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, reset_queries, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record
from stegvis.demo import content
from stegvis.demo.generator import project_periods
from stegvis.demo.models import DemoDataset
from stegvis.organizations.actions import grant_role, save_organization, save_project
from stegvis.organizations.models import NeedGroup, Organization, Project
from stegvis.participants import actions, bulk_actions
from stegvis.participants.models import Person

# Apps whose rows are about logins (sessions, lock-outs) and go with the demo accounts.
_LOGIN_APPS = {"sessions", "axes"}


class DemoRefused(Exception):
    """The database is not one the demo may write to or empty; the message says why (in Swedish)."""


def demo_codes():
    return (
        sorted(code for code, *_rest in content.ORGANIZATIONS),
        sorted(spec["code"] for spec in content.PROJECTS),
        sorted(user["username"] for user in content.USERS),
    )


def current_dataset():
    return DemoDataset.objects.order_by("-pk").first()


def foreign_data(dataset):
    """What in the database the demo generator did not create (empty when it holds only demo data)."""
    User = get_user_model()
    orgs = dataset.organizations if dataset else []
    projects = dataset.projects if dataset else []
    usernames = dataset.usernames if dataset else []
    found = []
    other_orgs = list(Organization.objects.exclude(code__in=orgs).values_list("code", flat=True)[:5])
    if other_orgs:
        found.append(_("organisationer: %(list)s") % {"list": ", ".join(other_orgs)})
    other_projects = list(Project.objects.exclude(code__in=projects).values_list("code", flat=True)[:5])
    if other_projects:
        found.append(_("projekt: %(list)s") % {"list": ", ".join(other_projects)})
    other_users = list(User.objects.exclude(username__in=usernames).values_list("username", flat=True)[:5])
    if other_users:
        found.append(_("användarkonton: %(list)s") % {"list": ", ".join(other_users)})
    if dataset is None and Person.objects.exists():
        found.append(_("deltagare"))
    return found


def check_may_load():
    """Refuse to put demo data into a database that already holds something else."""
    found = foreign_data(None)
    if found:
        raise DemoRefused(
            _(
                "Databasen innehåller redan data som inte är demodata (%(what)s). Demodata läses bara in i en "
                "tom databas. Använd en egen databas för demon, t.ex. STEGVIS_VAR_DIR=/en/annan/mapp."
            )
            % {"what": "; ".join(found)}
        )


def reset():
    """Empty the demo database, after making sure it holds demo data and nothing else.

    The marker must be there, and every organisation, project and user account must be one the
    generator created. Then the tables of :func:`demo_tables` are emptied. An empty database is
    accepted (there is nothing to remove).
    """
    dataset = current_dataset()
    if dataset is None:
        found = foreign_data(None)
        if found:
            raise DemoRefused(
                _(
                    "Databasen är inte en demodatabas (ingen demomarkering finns) och innehåller data (%(what)s). "
                    "--reset tar inte bort något."
                )
                % {"what": "; ".join(found)}
            )
        return False
    found = foreign_data(dataset)
    if found:
        raise DemoRefused(
            _(
                "Databasen innehåller data som demogeneratorn inte har skapat (%(what)s). --reset tar inte bort "
                "något. Ta bort databasen för hand om den verkligen bara är en demo."
            )
            % {"what": "; ".join(found)}
        )
    tables = demo_tables()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # PostgreSQL refuses TRUNCATE while deferred foreign-key checks of rows written
            # earlier in the same transaction are pending; run those checks now.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=False)
        connection.ops.execute_sql_flush(statements)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        record(
            None,
            AuditAction.DELETE,
            object_type="demo.demodataset",
            object_id=str(dataset.pk),
            detail=_("Tidigare demodata borttagen (stegvis demo-data --reset)."),
        )
    return True


def demo_tables():
    """The tables a reset empties: the demo's own and every table that refers to them, however indirectly.

    Starting from organisations, projects, participants, user accounts and the audit log, any model
    with a foreign key or many-to-many link into the set joins it, so records other apps hang on
    demo people (plans, measurements, import runs) go too. Tables that refer to none of them
    (content types, permissions, reference data other apps load in their migrations) are kept.
    """
    from django.apps import apps

    from stegvis.audit.models import AuditEntry, AuditThinning

    models = {Organization, Project, Person, get_user_model(), AuditEntry, AuditThinning, DemoDataset}
    models |= {m for m in apps.get_models(include_auto_created=True) if m._meta.app_label in _LOGIN_APPS}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models(include_auto_created=True):
            if model in models:
                continue
            if any(
                field.is_relation and field.concrete and field.related_model in models
                for field in model._meta.get_fields(include_hidden=True)
            ):
                models.add(model)
                changed = True
    existing = set(connection.introspection.table_names())
    return sorted(m._meta.db_table for m in models if m._meta.db_table in existing and m._meta.managed)


def create_world(*, seed, participants, today):
    """Organisations, projects with need groups, staff and their roles, and the marker. Returns the marker."""
    orgs, project_codes, usernames = demo_codes()
    with transaction.atomic():
        dataset = DemoDataset.objects.create(
            seed=seed,
            participants=participants,
            as_of=today,
            organizations=orgs,
            projects=project_codes,
            usernames=usernames,
        )
        for code, name, kind, _municipality, _prefix in content.ORGANIZATIONS:
            save_organization(None, code=code, name=name, kind=kind)
        by_code = {org.code: org for org in Organization.objects.all()}
        periods = project_periods(today)
        for spec in content.PROJECTS:
            period = periods[spec["code"]]
            project, _c, _ch = save_project(
                None,
                code=spec["code"],
                name=spec["name"],
                owner=by_code[spec["owner"]],
                start_date=period.start,
                end_date=period.end,
                funder=spec["funder"],
            )
            for partner in spec["partners"]:
                actions.add_project_partner(None, project, organization=by_code[partner])
            for name in spec["need_groups"]:
                actions.need_group_named(project, name)
        projects = {p.code: p for p in Project.objects.all()}
        User = get_user_model()
        # One hash for all demo accounts: hashing is deliberately slow and the password is public anyway.
        password = make_password(content.DEMO_PASSWORD)
        for spec in content.USERS:
            user = User.objects.create(
                username=spec["username"],
                first_name=spec["first_name"],
                last_name=spec["last_name"],
                email=f"{spec['username']}@example.org",
                password=password,
            )
            for role, org, project in spec["roles"]:
                grant_role(
                    None, user, role=role, organization=by_code.get(org), project=projects.get(project)
                )
    return dataset


def mark_complete(dataset):
    DemoDataset.objects.filter(pk=dataset.pk).update(complete=True, completed_at=timezone.now())


class Resolver:
    """Turns the generator's codes into the objects the actions take, each looked up once."""

    def __init__(self):
        self.orgs = {o.code: o for o in Organization.objects.all()}
        self.projects = {p.code: p for p in Project.objects.all()}
        self.need_groups = {(g.project.code, g.name): g for g in NeedGroup.objects.select_related("project")}
        usernames = [u["username"] for u in content.USERS]
        self.users = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}

    def row(self, row):
        person = dict(row["person"])
        person["organization"] = self.orgs[person["organization"]]
        enrollments = []
        for data in row["enrollments"]:
            data = dict(data)
            project = data["project"] = self.projects[data["project"]]
            data["organization"] = self.orgs[data["organization"]]
            data["coordinator"] = self.users[data["coordinator"]] if data["coordinator"] else None
            data["need_group"] = (
                self.need_groups[(project.code, data["need_group"])] if data["need_group"] else None
            )
            data["coordinator_changes"] = [
                (day, self.users[name]) for day, name in data["coordinator_changes"]
            ]
            enrollments.append(data)
        return {"person": person, "enrollments": enrollments}


def batches(rows, size):
    iterator = iter(rows)
    while True:
        batch = list(itertools.islice(iterator, size))
        if not batch:
            return
        yield batch


def write_with_actions(rows, resolver):
    """Write one batch through the ordinary actions, in one transaction. Returns the number of enrolments."""
    count = 0
    with transaction.atomic():
        for row in rows:
            row = resolver.row(row)
            data = dict(row["person"])
            organization = data.pop("organization")
            person = actions.register_person(None, organization=organization, **data)
            for enrolment in row["enrollments"]:
                enrolment = dict(enrolment)
                project, org = enrolment.pop("project"), enrolment.pop("organization")
                changes, exit_data = enrolment.pop("coordinator_changes"), enrolment.pop("exit")
                enrollment = actions.enroll_participant(
                    None, person, project=project, organization=org, **enrolment
                )
                for from_date, coordinator in changes:
                    actions.change_coordinator(
                        None,
                        enrollment,
                        coordinator=coordinator,
                        version=enrollment.version,
                        from_date=from_date,
                    )
                if exit_data:
                    actions.register_exit(None, enrollment, version=enrollment.version, **exit_data)
                count += 1
    return count


def write_in_bulk(rows, resolver, first_row_number=1):
    """Write one batch through the bulk actions (one transaction). Returns the number of enrolments."""
    result = bulk_actions.bulk_register_and_enroll(
        None,
        [resolver.row(row) for row in rows],
        first_row_number=first_row_number,
        detail=_("demodata"),
    )
    return result.enrollments


def load(generator, *, bulk, batch_size, progress=None):
    """Create the world and write every generated row, batch by batch. Returns (persons, enrolments)."""
    dataset = create_world(seed=generator.seed, participants=generator.participants, today=generator.today)
    resolver = Resolver()
    persons = enrolments = 0
    for batch in batches(generator, batch_size):
        if bulk:
            enrolments += write_in_bulk(batch, resolver, first_row_number=persons + 1)
        else:
            enrolments += write_with_actions(batch, resolver)
        persons += len(batch)
        # With DEBUG on, Django keeps the last queries in memory; a bulk batch's SQL is large.
        reset_queries()
        if progress is not None:
            progress.update(len(batch))
    from stegvis.demo.extensions import run_extensions

    run_extensions(dataset, progress=progress)
    mark_complete(dataset)
    return persons, enrolments


def summary():
    """Counts for the command's closing line, computed in the database."""
    from django.db.models import Count, Q

    from stegvis.participants.models import Enrollment

    figures = Enrollment.objects.aggregate(
        enrolments=Count("pk"),
        exited=Count("pk", filter=Q(end_date__isnull=False)),
    )
    figures["persons"] = Person.objects.count()
    figures["users"] = get_user_model().objects.count()
    return figures
