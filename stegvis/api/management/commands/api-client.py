"""``stegvis api-client``: OAuth 2 clients (client credentials) for machine clients of the API."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from oauth2_provider.models import Application

from stegvis.api.actions import create_client, delete_client
from stegvis.core.errors import ActionError


class Command(BaseCommand):
    help = (
        "OAuth 2 clients of the API (docs/api.md). 'api-client create USERNAME --name NAME' makes a "
        "client that acts as the user, with the user's full rights (or only reading them, with "
        "--read-only), and prints its client id and secret once: only the secret's hash is kept. 'api-client list' shows the clients; "
        "'api-client delete CLIENT_ID' removes one, and its access tokens stop working at once."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        create = sub.add_parser("create", help="Make a client for a user and print its id and secret once.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="what the client is, e.g. 'Power BI'")
        create.add_argument(
            "--read-only", action="store_true", help="the client may ask for the read scope only"
        )
        sub.add_parser("list", help="List the clients (never their secrets).")
        delete = sub.add_parser("delete", help="Remove a client and its access tokens.")
        delete.add_argument("client_id")

    def handle(self, *args, **options):
        command = options["command"]
        if command == "create":
            self._create(options["username"], options["name"], options["read_only"])
        elif command == "list":
            self._list()
        else:
            self._delete(options["client_id"])

    def _create(self, username, name, read_only):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("Det finns ingen användare '%(name)s'.") % {"name": username})
        try:
            application, secret = create_client(None, user, name=name, read_only=read_only)
        except ActionError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stderr.write(
            _("OAuth 2-klient för %(user)s. Spara hemligheten nu: den visas inte igen.")
            % {"user": user.get_username()}
        )
        self.stdout.write(f"client_id={application.client_id}")
        self.stdout.write(f"client_secret={secret}")

    def _list(self):
        applications = Application.objects.select_related("user", "stegvis_limit").order_by(
            "user__username", "name"
        )
        for application in applications:
            owner = application.user.get_username() if application.user else "-"
            limit = getattr(application, "stegvis_limit", None)
            scopes = "read" if limit is not None and limit.read_only else "read,write"
            self.stdout.write(
                f"{application.client_id}  {owner:<20} {application.authorization_grant_type:<20} {scopes:<10} "
                f"{application.created.isoformat(timespec='minutes')}  {application.name}"
            )

    def _delete(self, client_id):
        application = Application.objects.filter(client_id=client_id).first()
        if application is None:
            raise CommandError(_("Det finns ingen klient '%(id)s'.") % {"id": client_id})
        delete_client(None, application)
        self.stdout.write(_("Klienten %(id)s är borttagen.") % {"id": client_id})
