"""The identity provider's WSGI app (see the package docstring)."""

import html
import json
import shutil
import threading
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, xmldsig
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import AUTHN_PASSWORD_PROTECTED, NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

COOKIE = "idp_user"

LOGIN_PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Testkommunens IdP</title></head><body>
<h1>Testkommunens IdP</h1>{error}
<form method="post" action="/login">
<input type="hidden" name="request" value="{request}">
<p><label for="u">Användarnamn</label> <input id="u" name="username"></p>
<p><label for="p">Lösenord</label> <input id="p" name="password" type="password"></p>
<p><button type="submit">Logga in hos IdP:n</button></p>
</form></body></html>"""


class IdentityProvider:
    def __init__(self, base_url: str, config: dict[str, Any]) -> None:
        self.base_url = base_url
        self.config = config
        self.entity_id = base_url + "/metadata"
        self._server: Server | None = None
        self._lock = threading.Lock()

    def saml_config(self, metadata: dict[str, Any] | None = None) -> IdPConfig:
        settings = {
            "entityid": self.entity_id,
            "service": {
                "idp": {
                    "name": "Testkommunens IdP",
                    "endpoints": {
                        "single_sign_on_service": [(self.base_url + "/sso", BINDING_HTTP_REDIRECT)]
                    },
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 15},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_URI,
                        }
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "want_authn_requests_signed": True,
                }
            },
            "key_file": self.config["key_file"],
            "cert_file": self.config["cert_file"],
            "xmlsec_binary": shutil.which("xmlsec1"),
        }
        if metadata:
            settings["metadata"] = metadata
        return IdPConfig().load(settings)

    def server(self) -> Server:
        """pysaml2's IdP, made at the first login with the service provider's published metadata."""
        with self._lock:
            if self._server is None:
                self._server = Server(
                    config=self.saml_config({"remote": [{"url": self.config["sp_metadata_url"]}]})
                )
            return self._server

    def people(self) -> dict[str, dict[str, Any]]:
        return json.loads(Path(self.config["people_file"]).read_text())

    # --- WSGI ------------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        try:
            if path == "/metadata":
                return self.metadata(start_response)
            if path == "/sso" and method == "GET":
                return self.sso(environ["QUERY_STRING"], self.logged_in(environ), start_response)
            if path == "/login" and method == "POST":
                return self.login(environ, start_response)
        except Exception as error:  # shown to the test, which fails on it
            return self.respond(
                start_response, "400 Bad Request", f"{type(error).__name__}: {error}", "text/plain"
            )
        return self.respond(start_response, "404 Not Found", "not found", "text/plain")

    @staticmethod
    def respond(
        start_response: Any, status: str, body: str, content_type: str, headers: Any = ()
    ) -> list[bytes]:
        start_response(status, [("Content-Type", f"{content_type}; charset=utf-8"), *headers])
        return [body.encode()]

    def metadata(self, start_response: Any) -> list[bytes]:
        xml = create_metadata_string(None, config=self.saml_config(), sign=False).decode()
        return self.respond(start_response, "200 OK", xml, "application/samlmetadata+xml")

    def logged_in(self, environ: dict[str, Any]) -> str | None:
        cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
        return cookie[COOKIE].value if COOKIE in cookie else None

    def sso(self, query: str, username: str | None, start_response: Any, headers: Any = ()) -> list[bytes]:
        """Check the request (and its signature); ask who it is, or answer for whoever is logged in."""
        params = {key: values[0] for key, values in parse_qs(query, keep_blank_values=True).items()}
        request = self.server().parse_authn_request(
            params["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=params.get("RelayState"),
            sigalg=params.get("SigAlg"),
            signature=params.get("Signature"),
        )
        if username is None:
            page = LOGIN_PAGE.format(error="", request=html.escape(query))
            return self.respond(start_response, "200 OK", page, "text/html")
        args = self.server().response_args(request.message, [BINDING_HTTP_POST])
        person = self.people()[username]
        identity = {
            "mail": [person["email"]],
            "givenName": [person.get("given_name", username)],
            "eduPersonPrincipalName": [f"{username}@testkommun.se"],
            "isMemberOf": person.get("groups", []),
        }
        response = self.server().create_authn_response(
            {name: values for name, values in identity.items() if values},
            in_response_to=args["in_response_to"],
            destination=args["destination"],
            sp_entity_id=args["sp_entity_id"],
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=f"id-{username}"),
            authn={"class_ref": AUTHN_PASSWORD_PROTECTED, "authn_auth": self.entity_id},
            sign_assertion=True,
            sign_response=False,
            sign_alg=xmldsig.SIG_RSA_SHA256,
            digest_alg=xmldsig.DIGEST_SHA256,
        )
        answer = self.server().apply_binding(
            BINDING_HTTP_POST, str(response), args["destination"], params.get("RelayState", ""), response=True
        )
        return self.respond(start_response, "200 OK", answer["data"], "text/html", headers)

    def login(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = {
            key: values[0] for key, values in parse_qs(environ["wsgi.input"].read(length).decode()).items()
        }
        person = self.people().get(form.get("username", ""))
        if person is None or person["password"] != form.get("password"):
            page = LOGIN_PAGE.format(
                error="<p>Fel användarnamn eller lösenord.</p>", request=html.escape(form["request"])
            )
            return self.respond(start_response, "200 OK", page, "text/html")
        cookie = f"{COOKIE}={form['username']}; Path=/; HttpOnly"
        return self.sso(form["request"], form["username"], start_response, [("Set-Cookie", cookie)])
