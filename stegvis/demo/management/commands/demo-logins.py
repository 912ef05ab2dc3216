"""``stegvis demo-logins``: where the demo runs and how to log in to it, one account per role."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from stegvis.demo import content, loader
from stegvis.organizations.models import StaffRole


def role_text(staff_role):
    scope = staff_role.project or staff_role.organization
    if staff_role.organization and staff_role.project:
        scope = f"{staff_role.organization}, {staff_role.project}"
    elif staff_role.organization:
        scope = _("%(org)s, alla dess projekt") % {"org": staff_role.organization}
    label = staff_role.get_role_display()
    return f"{label} ({scope})" if scope else label


class Command(BaseCommand):
    help = "Print the demo's address, its login accounts (one per role) and the shared demo password."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="the address the server runs on")
        parser.add_argument("--all", action="store_true", help="also list the colleagues' accounts")

    def handle(self, *args, **options):
        if loader.current_dataset() is None:
            self.stdout.write(_("Ingen demodata finns i databasen. Kör 'stegvis demo-data' först."))
            return
        specs = [spec for spec in content.USERS if options["all"] or spec.get("login")]
        usernames = [spec["username"] for spec in specs]
        present = set(
            get_user_model().objects.filter(username__in=usernames).values_list("username", flat=True)
        )
        roles = {}
        for staff_role in StaffRole.objects.filter(user__username__in=usernames).select_related(
            "user", "organization", "project"
        ):
            roles.setdefault(staff_role.user.username, []).append(role_text(staff_role))
        rows = [
            (
                spec["username"],
                f"{spec['first_name']} {spec['last_name']}",
                "; ".join(roles.get(spec["username"], [])),
                str(spec["sees"]),
            )
            for spec in specs
            if spec["username"] in present
        ]
        header = (_("Användarnamn"), _("Namn"), _("Roll"), _("Ser"))
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(3)]

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Stegvis demo: %(url)s") % {"url": options["url"]}))
        self.stdout.write("")
        line = "  ".join(f"{header[i]:<{widths[i]}}" for i in range(3)) + f"  {header[3]}"
        self.stdout.write(line)
        self.stdout.write("-" * min(len(line) + 30, 160))
        for row in rows:
            self.stdout.write("  ".join(f"{row[i]:<{widths[i]}}" for i in range(3)) + f"  {row[3]}")
        self.stdout.write("")
        self.stdout.write(
            _("Lösenord för alla demokonton: %(password)s") % {"password": content.DEMO_PASSWORD}
        )
        if not options["all"]:
            self.stdout.write(_("Fler handläggarkonton (samma lösenord): stegvis demo-logins --all"))
        self.stdout.write("")
