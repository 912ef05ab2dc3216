"""``stegvis staff``: create staff accounts and give them roles from the command line."""

import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from stegvis.organizations.actions import grant_role
from stegvis.organizations.models import Organization, Project, Role, StaffRole


class Command(BaseCommand):
    help = (
        "Manage staff accounts. 'staff add USERNAME --role ROLE [--organization CODE] [--project CODE]' "
        "creates the user if needed (asking for a password, or reading it from standard input with "
        "--password-stdin) and grants the role; 'staff list' shows every account and its roles. "
        "Roles: administrator (everything), project_leader (one project), coordinator (an organisation's "
        "participants, in one project or all), evaluator (aggregates only)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        add = sub.add_parser("add", help="Create a user (if new) and grant a role.")
        add.add_argument("username")
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument("--organization", help="organisation code (required for coordinator)")
        add.add_argument("--project", help="project code (required for project_leader)")
        add.add_argument("--first-name", default="")
        add.add_argument("--last-name", default="")
        add.add_argument("--email", default="")
        add.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )
        sub.add_parser("list", help="List staff accounts and roles.")

    def handle(self, *args, **options):
        if options["command"] == "list":
            return self._list()
        return self._add(options)

    def _list(self):
        rows = StaffRole.objects.select_related("user", "organization", "project").order_by(
            "user__username", "role"
        )
        for role in rows:
            scope = (
                role.project.code if role.project else (role.organization.code if role.organization else "*")
            )
            self.stdout.write(
                f"{role.user.username:<24} {role.role:<16} {role.organization.code if role.organization else '-':<16} {scope}"
            )

    def _add(self, options):
        org = project = None
        if options["organization"]:
            org = Organization.objects.filter(code=options["organization"]).first()
            if org is None:
                raise CommandError(f"Organisationen '{options['organization']}' finns inte.")
        if options["project"]:
            project = Project.objects.filter(code=options["project"]).first()
            if project is None:
                raise CommandError(f"Projektet '{options['project']}' finns inte.")
        User = get_user_model()
        user = User.objects.filter(username=options["username"]).first()
        with transaction.atomic():
            if user is None:
                password = (
                    sys.stdin.readline().rstrip("\n")
                    if options["password_stdin"]
                    else getpass.getpass("Lösenord: ")
                )
                user = User(
                    username=options["username"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                    email=options["email"],
                )
                try:
                    validate_password(password, user)
                except ValidationError as exc:
                    raise CommandError(" ".join(exc.messages)) from None
                user.set_password(password)
                user.save()
                self.stdout.write(f"Skapade användaren {user.username}.")
            try:
                grant_role(None, user, role=options["role"], organization=org, project=project)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"{user.username}: {Role(options['role']).label} tilldelad."))
