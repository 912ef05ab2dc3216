"""``stegvis serve``: the production web server (gunicorn, see :mod:`stegvis.core.server`)."""

from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from stegvis.core import server


class Command(BaseCommand):
    help = (
        "Run the production web server: gunicorn with Stegvis inside, static files served by the "
        "application. Refuses to start while migrations are unapplied; collects the static files "
        "first when DEBUG is off. SIGHUP restarts the workers gracefully with the code and settings "
        "on disk; SIGTERM stops. The access log on stdout has paths only, never query strings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            metavar="HOST:PORT",
            help=f"address to listen on, or unix:PATH (default: $STEGVIS_BIND or {server.DEFAULT_BIND})",
        )
        parser.add_argument(
            "--workers",
            type=int,
            metavar="N",
            help="number of web server processes (default: $STEGVIS_WORKERS or 2 per processor core, plus 1)",
        )

    def handle(self, *args: Any, bind: str | None, workers: int | None, **options: Any) -> None:
        try:
            serving = server.Options.from_environment(bind=bind, workers=workers)
        except server.ServeError as error:
            raise CommandError(
                _("%(name)s måste vara ett heltal, 1 eller mer (inte %(value)s).")
                % {"name": error.name, "value": error.value}
            ) from error
        self._refuse_unapplied_migrations()
        if isinstance(staticfiles_storage, ManifestFilesMixin):
            # Hashed names come from the files collected now, from the code being started.
            call_command("collectstatic", interactive=False, verbosity=0)
        if options["verbosity"] > 0:
            if settings.DEBUG:
                self.stderr.write(_("STEGVIS_DEBUG är på: använd inte det i produktion."))
            self.stdout.write(
                _("Stegvis startar på %(bind)s med %(workers)s processer.")
                % {"bind": serving.bind, "workers": serving.workers}
            )
        connections.close_all()
        server.replace_process(serving)

    def _refuse_unapplied_migrations(self) -> None:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(
                _(
                    "Databasen har ändringar som inte är gjorda (migreringar). Kör 'stegvis migrate' "
                    "först och starta sedan servern igen."
                )
            )
