"""Start the test SAML identity provider: ``python -m stegvis.accounts.tests.saml_idp CONFIG``.

CONFIG (JSON) names the IdP's key and certificate, the people file and the address of Stegvis'
service-provider metadata.
"""

import json
import sys
from pathlib import Path

from stegvis.accounts.tests.saml_idp.idp import IdentityProvider
from stegvis.accounts.tests.sso_process import base_url, bind, serve


def main(config_file: str) -> None:
    config = json.loads(Path(config_file).read_text())
    server = bind()
    serve(server, IdentityProvider(base_url(server), config))


if __name__ == "__main__":
    main(sys.argv[1])
