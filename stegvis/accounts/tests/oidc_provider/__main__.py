"""Start the test OpenID Provider: ``python -m stegvis.accounts.tests.oidc_provider CONFIG``.

CONFIG (JSON) names the database file, the RSA key, the people file, and the client Stegvis is
registered as (id, secret, redirect URIs). The provider binds a free port, migrates its own
database, registers the client and then serves (see :mod:`stegvis.accounts.tests.sso_process`).
"""

import json
import os
import sys
from pathlib import Path

from stegvis.accounts.tests.sso_process import base_url, bind, serve


def main(config_file: str) -> None:
    config = json.loads(Path(config_file).read_text())
    server = bind()
    config["issuer"] = base_url(server) + "/o"
    Path(config_file).write_text(json.dumps(config))
    os.environ["OP_CONFIG"] = config_file
    os.environ["DJANGO_SETTINGS_MODULE"] = "stegvis.accounts.tests.oidc_provider.settings"
    os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http on 127.0.0.1, in the tests only

    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    Application.objects.create(
        name="Stegvis",
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(config["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    serve(server, get_wsgi_application())


if __name__ == "__main__":
    main(sys.argv[1])
