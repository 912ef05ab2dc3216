"""``stegvis api-token``: make, list and revoke API tokens from the command line."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from stegvis.api.actions import LONGEST_DAYS, create_token, revoke_token
from stegvis.api.models import ApiToken
from stegvis.core.errors import ActionError
from stegvis.organizations.models import Project


class Command(BaseCommand):
    help = (
        "API tokens (docs/api.md). 'api-token create USERNAME [--name TEXT] [--read-only] [--project CODE]... "
        "[--expires DAYS]' makes a token with the user's rights, or fewer, and prints it once: only its "
        "hash is kept. 'api-token list [USERNAME]' shows tokens (their first characters, limits, expiry, last "
        "use); 'api-token revoke PREFIX' revokes one at once. Every change is audited."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        create = sub.add_parser("create", help="Make a token for a user and print it once.")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for (default: 'Kommandoraden')")
        create.add_argument("--read-only", action="store_true", help="the token may only read")
        create.add_argument(
            "--project",
            action="append",
            default=[],
            metavar="CODE",
            help="limit the token to this project (repeatable; default: every project the user works on)",
        )
        create.add_argument(
            "--expires",
            type=int,
            metavar="DAYS",
            help=f"the token stops working after DAYS days (1-{LONGEST_DAYS})",
        )
        listing = sub.add_parser("list", help="List tokens (never the tokens themselves).")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="Revoke a token at once.")
        revoke.add_argument("prefix", help="the token's first characters, as 'list' shows them")

    def handle(self, *args, **options):
        command = options["command"]
        if command == "create":
            self._create(options)
        elif command == "list":
            self._list(options["username"])
        else:
            self._revoke(options["prefix"])

    def _user(self, username):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("Det finns ingen användare '%(name)s'.") % {"name": username})
        return user

    def _create(self, options):
        user = self._user(options["username"])
        codes = options["project"]
        projects = list(Project.objects.filter(code__in=codes))
        missing = sorted(set(codes) - {p.code for p in projects})
        if missing:
            raise CommandError(
                _("Det finns inget projekt med koden: %(codes)s.") % {"codes": ", ".join(missing)}
            )
        try:
            api_token, token = create_token(
                None,
                user,
                name=options["name"] or _("Kommandoraden"),
                read_only=options["read_only"],
                projects=projects,
                expires_in_days=options["expires"],
            )
        except ActionError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stderr.write(
            _("API-nyckel %(prefix)s… för %(user)s. Spara den nu: den visas inte igen.")
            % {"prefix": api_token.prefix, "user": user.get_username()}
        )
        self.stdout.write(token)

    def _list(self, username):
        tokens = (
            ApiToken.objects.select_related("user")
            .prefetch_related("projects")
            .order_by("user__username", "-created_at")
        )
        if username:
            tokens = tokens.filter(user=self._user(username))
        for t in tokens:
            state = _("återkallad") if t.revoked_at else _("utgången") if t.expired else _("gäller")
            projects = ",".join(p.code for p in t.projects.all()) or "*"
            self.stdout.write(
                f"{t.prefix}  {t.user.get_username():<20} {state:<10} "
                f"{'läsning' if t.read_only else 'läsning+ändring':<16} {projects:<20} "
                f"{t.expires_at.date().isoformat() if t.expires_at else '-':<10} "
                f"{t.last_used_at.isoformat(timespec='minutes') if t.last_used_at else '-':<22} {t.name}"
            )

    def _revoke(self, prefix):
        api_token = ApiToken.objects.filter(prefix=prefix).first()
        if api_token is None:
            raise CommandError(_("Det finns ingen nyckel som börjar med '%(prefix)s'.") % {"prefix": prefix})
        try:
            revoke_token(None, api_token)
        except ActionError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(_("Nyckeln %(prefix)s… är återkallad.") % {"prefix": prefix})
