"""Django settings for Stegvis.

Everything that differs between a laptop, CI and production comes from the environment:

- ``DATABASE_URL``: ``sqlite:///path`` (default: ``var/stegvis.sqlite3`` in the checkout)
  or ``postgres://user@host:port/name``.
- ``STEGVIS_SECRET_KEY``: else a key is generated once into ``var/secret_key``.
- ``STEGVIS_DEBUG``: ``1`` for development and the demo.
- ``STEGVIS_ALLOWED_HOSTS``: comma separated host names.
- ``STEGVIS_HTTPS``: ``1`` behind a TLS reverse proxy (secure cookies, HSTS, redirect to HTTPS).

``docs/deployment.md`` lists every variable.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("STEGVIS_VAR_DIR", BASE_DIR / "var"))


def _env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


def _env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key():
    """The key from the environment, or one generated once and kept in the var folder.

    A self-hosted install then works without configuration and keeps its sessions across
    restarts; a multi-server deployment sets ``STEGVIS_SECRET_KEY`` on every server.
    """
    if os.environ.get("STEGVIS_SECRET_KEY"):
        return os.environ["STEGVIS_SECRET_KEY"]
    import secrets

    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        # Written beside and renamed into place, so parallel processes never read a half-written key.
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        partial = VAR_DIR / f"secret_key.{os.getpid()}"
        partial.write_text(secrets.token_urlsafe(50))
        partial.chmod(0o600)
        try:
            os.link(partial, key_file)  # fails if another process was first; its key wins
        except FileExistsError:
            pass
        finally:
            partial.unlink()
    return key_file.read_text().strip()


DEBUG = _env_bool("STEGVIS_DEBUG", False)
SECRET_KEY = _secret_key()

ALLOWED_HOSTS = _env_list("STEGVIS_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "django_countries",  # the countries' Swedish names (ESF+ country of birth and citizenship)
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "stegvis.core",
    "stegvis.accounts",
    "stegvis.organizations",
    "stegvis.participants",
    "stegvis.employers",
    "stegvis.progression",
    "stegvis.outcomes",
    "stegvis.goals",
    "stegvis.casework",
    "stegvis.interventions",
    "stegvis.cohorts",
    "stegvis.timereports",
    "stegvis.budget",
    "stegvis.contacts",
    "stegvis.transfers",
    "stegvis.narratives",
    "stegvis.steering",
    "stegvis.worklist",
    "stegvis.consent",
    "stegvis.principles",
    "stegvis.intake",
    "stegvis.surveys",
    "stegvis.interpreting",
    "stegvis.minsida",
    "stegvis.quality",
    "stegvis.notifications",
    "stegvis.audit",
    "stegvis.reports",
    "stegvis.home",
    "stegvis.api",
    "stegvis.exchange",
    "stegvis.backup",
    "stegvis.privacy",
    "stegvis.demo",
    # After the Stegvis apps, so the Swedish templates in stegvis/accounts override allauth's own.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # After the Stegvis apps too: their translations must not replace the project's own wording
    # (Django's "This field is required." in plain Swedish, say).
    "rest_framework",
    "drf_spectacular",
    "oauth2_provider",  # OAuth 2 client credentials for machine clients of the API (docs/api.md)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # One database routing state per request: reads after a write stay on the primary (core/routers.py).
    "stegvis.core.routers.ReplicaRoutingMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files stay cacheable, every page behind a login is no-store.
    "stegvis.core.headers.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "stegvis.core.access.AccessRuleMiddleware",
    # Users who must use two-factor login and have not set it up reach only the set-up pages.
    "stegvis.accounts.middleware.TwoFactorRequiredMiddleware",
    # Axes must be last: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stegvis.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stegvis.core.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "stegvis.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'stegvis.sqlite3'}",
        conn_max_age=int(os.environ.get("STEGVIS_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several server processes write to one file (docs/deployment.md, "SQLite in production"):
    # - WAL lets readers go on while one connection writes;
    # - the busy timeout makes a writer wait for the one before it instead of failing at once;
    # - IMMEDIATE takes the write lock when a transaction begins. A transaction that read first and
    #   then asked for the lock (SQLite's default) cannot wait for it and fails with "database is
    #   locked" at once whenever another process wrote in between, busy timeout or not.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": float(os.environ.get("STEGVIS_SQLITE_TIMEOUT", "20")),
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
else:
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("STEGVIS_TEST_DB_NAME", "test_stegvis")}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The report's statements are large (many conditional aggregates); PostgreSQL's JIT spent
        # most of the time compiling them in BENCHMARKS.md, and they run fast without it.
        DATABASES["default"].setdefault("OPTIONS", {})
        DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

# A read replica (docs/deployment.md, "A read replica"): reports, exports and the comparison read
# from it inside ``stegvis.core.routers.reading_from_replica()``; everything else, every write and
# every read after a write stays on the primary (stegvis/core/routers.py). In tests the replica is
# the test database itself (TEST MIRROR), so the routing runs in every test without a second server.
STEGVIS_REPLICA_DATABASE_URL = os.environ.get("STEGVIS_REPLICA_DATABASE_URL", "")
if STEGVIS_REPLICA_DATABASE_URL:
    DATABASES["replica"] = dj_database_url.parse(
        STEGVIS_REPLICA_DATABASE_URL, conn_max_age=DATABASES["default"].get("CONN_MAX_AGE", 0)
    )
    if DATABASES["replica"]["ENGINE"] == DATABASES["default"]["ENGINE"]:
        DATABASES["replica"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {})}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["stegvis.core.routers.ReplicaRouter"]
# After a request wrote, the same browser reads from the primary for this many seconds, so a page
# shown right after a change never misses it while the replica catches up.
STEGVIS_REPLICA_STICKY_SECONDS = float(os.environ.get("STEGVIS_REPLICA_STICKY_SECONDS", "10"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache every web process shares (the database), so limits such as the self-referral form's
# submissions per address hold across processes. Django's test runner creates the table; a
# deployment runs ``stegvis createcachetable`` once (``make demo`` does).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "stegvis_cache",
    }
}

# The REST API (stegvis/api, docs/api.md): bearer tokens, the page rules, problem details, cursor
# pages, a rate limit per token, and an OpenAPI 3.1 schema.
STEGVIS_API_RATE = os.environ.get("STEGVIS_API_RATE", "1200/min")
REST_FRAMEWORK = {
    # Stegvis' own tokens first; any other bearer token is tried as an OAuth 2 access token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "stegvis.api.authentication.TokenAuthentication",
        "stegvis.api.authentication.OAuthClientAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "stegvis.api.permissions.FollowsRule",
        "stegvis.api.permissions.TokenMayWrite",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["stegvis.api.throttling.PerTokenThrottle"],
    "DEFAULT_PAGINATION_CLASS": "stegvis.api.pagination.IdCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "stegvis.api.problems.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Stegvis API",
    "DESCRIPTION": "Deltagarregistret, ärendearbetet och rapportsiffrorna för andra system (docs/api.md).",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SECURITY": [{"bearer": []}, {"oauth2": []}],
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "oauth2": {
                "type": "oauth2",
                "flows": {
                    "clientCredentials": {
                        "tokenUrl": "/api/oauth/token/",
                        "scopes": {"read": "Läsa", "write": "Läsa och ändra"},
                    }
                },
            },
        }
    },
    "AUTHENTICATION_WHITELIST": [],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "stegvis.api.schema.add_problem_responses",
    ],
    # Choice sets used by more than one field get one name each in the schema.
    "ENUM_NAME_OVERRIDES": {
        "IncomeSourceEnum": "stegvis.participants.models.IncomeSource",
        "OccupationEnum": "stegvis.participants.models.Occupation",
        "EducationLevelEnum": "stegvis.participants.models.EducationLevel",
        "GoalStatusEnum": "stegvis.casework.models.GoalStatus",
        "StepStatusEnum": "stegvis.casework.models.StepStatus",
        "ConsentKindEnum": "stegvis.consent.models.ConsentKind",
        "ConsentMethodEnum": "stegvis.consent.models.ConsentMethod",
    },
}

# OAuth 2 for machine clients of the API: only the client-credentials grant is used (an
# application made with `stegvis api-client create` acts as its user). Access tokens live an hour
# and are stored hashed; without a scope a token may only read.
# The toolkit's own application model (named, so a migration can depend on it as on the user model).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "SCOPES": {"read": "Läsa", "write": "Läsa och ändra"},
    "DEFAULT_SCOPES": ["read"],
    # A read-only client is offered "read" alone (stegvis/api/scopes.py).
    "SCOPES_BACKEND_CLASS": "stegvis.api.scopes.ClientScopes",
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "PKCE_REQUIRED": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,  # never a token in the query string
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
}

# Self-referral form submissions allowed per client address (django-ratelimit notation). Behind a
# reverse proxy set RATELIMIT_IP_META_KEY (e.g. "HTTP_X_FORWARDED_FOR"), or every visitor
# shares the proxy's address.
STEGVIS_INTAKE_RATE = os.environ.get("STEGVIS_INTAKE_RATE", "5/h")
STEGVIS_IP_META_KEY = os.environ.get("STEGVIS_IP_META_KEY", "")
if STEGVIS_IP_META_KEY:
    RATELIMIT_IP_META_KEY = STEGVIS_IP_META_KEY

# Background tasks (reminders, messages, retention): Django's tasks API (the django-tasks
# backport until Django 6) with the database backend, so the queue lives in the same database
# on SQLite and PostgreSQL. ``stegvis worker`` runs them; ``make demo`` starts one.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
    }
}

# Each running worker writes a heartbeat this often (seconds). A worker not heard from for
# STEGVIS_WORKER_STALE_SECONDS counts as gone: /halsa/ says so, and a periodic run it held is
# handed to another worker (docs/worker.md).
STEGVIS_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("STEGVIS_WORKER_HEARTBEAT_SECONDS", "15"))
STEGVIS_WORKER_STALE_SECONDS = float(os.environ.get("STEGVIS_WORKER_STALE_SECONDS", "120"))

# Optional error reporting to Sentry or a compatible service (GlitchTip, ...): on only when a DSN
# is set, and never with personal data: no user, cookies, request bodies or query strings, and
# personnummer scrubbed from every text (stegvis/core/error_reporting.py, docs/worker.md).
STEGVIS_SENTRY_DSN = os.environ.get("STEGVIS_SENTRY_DSN", "")
if STEGVIS_SENTRY_DSN:
    from stegvis.core.error_reporting import init_error_reporting

    init_error_reporting(STEGVIS_SENTRY_DSN, environment=os.environ.get("STEGVIS_SENTRY_ENVIRONMENT", ""))

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after two idle hours and when the browser closes: staff machines are shared.
SESSION_COOKIE_AGE = 2 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Refused form posts (CSRF) get a page in Swedish that says how to go on.
CSRF_FAILURE_VIEW = "stegvis.core.views.csrf_failure"

# HTTPS behind a reverse proxy that ends TLS and says so in X-Forwarded-Proto (docs/deployment.md,
# "HTTPS behind a reverse proxy"). The proxy must set that header on every request and strip any
# the client sent.
HTTPS = _env_bool("STEGVIS_HTTPS", False)
# Cookies only over HTTPS: always with STEGVIS_HTTPS; otherwise STEGVIS_SECURE_COOKIES decides,
# on by default when DEBUG is off (set it to 0 only to try a production setup over plain HTTP).
SESSION_COOKIE_SECURE = HTTPS or _env_bool("STEGVIS_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The report's covering indexes carry extra columns (INCLUDE) on PostgreSQL; SQLite builds them
# on their key columns only, which is all it needs at the sizes it serves.
SILENCED_SYSTEM_CHECKS: list[str] = ["models.W040"]
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # A load balancer or monitor may ask the server for its health directly, over HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^halsa/$"]
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Not preloaded: a preload list entry is made for a whole registrable domain (the
    # municipality's, not Stegvis's host name) by its owner, and is hard to undo. Hence the
    # deployment check that asks for it is silenced.
    SECURE_HSTS_PRELOAD = False
    SILENCED_SYSTEM_CHECKS.append("security.W021")


def _trusted_origins(hosts):
    """``https://`` origins of the allowed host names (``.example.se`` covers its subdomains)."""
    return [
        f"https://*{host}" if host.startswith(".") else f"https://{host}" for host in hosts if host != "*"
    ]


# Form posts must come from these origins when they differ from the host the request names
# (a proxy that rewrites Host). Same-host posts need nothing here.
CSRF_TRUSTED_ORIGINS = _env_list("STEGVIS_CSRF_TRUSTED_ORIGINS") or (
    _trusted_origins(ALLOWED_HOSTS) if HTTPS else []
)

# Content-Security-Policy (django-csp): scripts, styles and everything else only from Stegvis
# itself, no inline script or style, no plugins, no framing, forms post only to Stegvis.
# A page's script is a static file wired by data attributes; docs/security.md says how.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}


# Login, logout, password change and reset, two-factor login (django-allauth; see docs/login.md).
# Staff accounts are made by administrators: no self-signup, log in with the user name.
ACCOUNT_ADAPTER = "stegvis.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "stegvis.accounts.forms.LoginForm",
    "reset_password": "stegvis.accounts.forms.ResetPasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False  # the session ends with the browser (see above)
ACCOUNT_PREVENT_ENUMERATION = True
# Before a change to how one logs in: the password, or a code from the authenticator app.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # a reset asked for an unknown address sends nothing
ACCOUNT_EMAIL_NOTIFICATIONS = True  # password changed, two-factor login turned on or off
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Stegvis: "
ACCOUNT_RATE_LIMITS = {
    # Failed passwords are counted by django-axes below (per user name and address, per user name,
    # per address); allauth's own "login_failed" limit stays for wrong two-factor codes.
    "login": False,
}
# How long the link in a password-reset e-mail works (seconds).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("STEGVIS_PASSWORD_RESET_TIMEOUT", str(60 * 60)))

# Two-factor login: an authenticator app (TOTP) and single-use recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("STEGVIS_TOTP_ISSUER", "Stegvis")
MFA_TOTP_TOLERANCE = 1  # a code from the previous or next 30 seconds is accepted (phone clocks drift)
# Staff e-mail addresses are entered by administrators, not verified by a link.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Two-factor login is required for every role that sees personal data; on by default in
# production (DEBUG off). An organisation can require it for all its staff as well.
STEGVIS_REQUIRE_2FA = _env_bool("STEGVIS_REQUIRE_2FA", not DEBUG)

# Lock-out after repeated failed logins (django-axes), counted three ways within the cool-off:
# per user name and address (STEGVIS_LOGIN_FAILURE_LIMIT), per user name from any address
# (STEGVIS_LOGIN_USERNAME_FAILURE_LIMIT) and per address over all user names
# (STEGVIS_LOGIN_ADDRESS_FAILURE_LIMIT, against password spraying). Each has its own limit
# (stegvis.accounts.lockout).
AXES_FAILURE_LIMIT = int(os.environ.get("STEGVIS_LOGIN_FAILURE_LIMIT", "5"))
STEGVIS_LOGIN_USERNAME_FAILURE_LIMIT = int(os.environ.get("STEGVIS_LOGIN_USERNAME_FAILURE_LIMIT", "10"))
STEGVIS_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("STEGVIS_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_HANDLER = "stegvis.accounts.lockout.LockoutHandler"
AXES_USERNAME_CALLABLE = "stegvis.accounts.lockout.username_of"
AXES_CLIENT_IP_CALLABLE = "stegvis.core.client.client_address"
AXES_LOCKOUT_CALLABLE = "stegvis.accounts.views.locked_out"
AXES_COOLOFF_TIME = float(os.environ.get("STEGVIS_LOGIN_COOLOFF_MINUTES", "30")) / 60  # hours
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Single sign-on: OpenID Connect and SAML 2.0 (docs/login.md, "Single sign-on") ----------------
# One provider of each protocol, configured from the environment (STEGVIS_OIDC_*, STEGVIS_SAML_*;
# read in stegvis.accounts.sso_settings). Nobody signs up through them either: the adapter
# connects an identity to the staff account its configured claim names, or refuses.
from stegvis.accounts.sso_settings import from_environment as _sso_from_environment  # noqa: E402

_SSO = _sso_from_environment(os.environ)
INSTALLED_APPS += [
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
]
SOCIALACCOUNT_PROVIDERS = _SSO.providers
SOCIALACCOUNT_ADAPTER = "stegvis.accounts.sso.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # the adapter matches by the configured claim instead
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False  # Stegvis calls no API of the provider after the login
SOCIALACCOUNT_LOGIN_ON_GET = False  # the login buttons post, with the CSRF token
# The buttons' POST is answered with a redirect to the provider: browsers check it against form-action.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = [SELF, *_SSO.form_action]
# Sessions that logged in through the identity provider need no second factor from Stegvis: the
# organisation's provider decides how its staff log in (and most ask for a second factor).
STEGVIS_SSO_COUNTS_AS_2FA = _env_bool("STEGVIS_SSO_COUNTS_AS_2FA", True)

# --- Min sida: the participant's own page (docs/minsida.md) --------------------------------------
# E-legitimation (BankID, Freja eID) through the organisation's OpenID Connect broker, apart from
# the staff single sign-on (STEGVIS_MINSIDA_OIDC_*, read in stegvis.minsida.eid_settings).
from stegvis.minsida.eid_settings import from_environment as _minsida_eid  # noqa: E402

MINSIDA_OIDC = _minsida_eid(os.environ)
if MINSIDA_OIDC is not None and MINSIDA_OIDC.form_action not in _SSO.form_action:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(MINSIDA_OIDC.form_action)
# A participant's session ends after this many idle minutes; a link opens sessions for this many days.
MINSIDA_SESSION_IDLE_MINUTES = 30
MINSIDA_LINK_DAYS = 7

LANGUAGE_CODE = "sv"
# Staff pages are Swedish only. Offering a language without translations would label Swedish
# text as another language for screen readers. Participant-facing pages add their languages.
LANGUAGES = [
    ("sv", _("svenska")),
]
# Languages of the participant-facing pages (self-assessment, self-referral and surveys), each
# named in its own language. Arabic and Dari are written right to left. "sv-enkel" is plain
# Swedish (lätt svenska): its catalogue holds only the texts that differ, the rest is Swedish.
# Staff pages name these languages in Swedish: see stegvis/core/languages.py.
PARTICIPANT_LANGUAGES = [
    ("sv", "Svenska"),
    ("sv-enkel", "Lätt svenska"),
    ("en", "English"),
    ("ar", "العربية"),
    ("prs", "دری"),
    ("so", "Soomaali"),
    ("ti", "ትግርኛ"),
    ("sw", "Kiswahili"),
]
LANGUAGES_BIDI = ["he", "ar", "ar-dz", "ckb", "fa", "ug", "ur", "prs"]
LOCALE_PATHS = [BASE_DIR / "stegvis" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Static files are served by the application itself (WhiteNoise), no web server needed for them.
# In production (DEBUG off) ``stegvis serve`` collects them here at start, under names that carry
# a hash of their content (cached for a year by browsers) and compressed. In development WhiteNoise
# serves straight from the apps' static folders; the tests choose the same (conftest.py), so
# neither needs collectstatic.
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DJANGO_TABLES2_TEMPLATE = "core/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table"}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("STEGVIS_LOG_LEVEL", "WARNING")},
}

# Uploads: form fields (not files) may be 10 MB at most; an uploaded file larger than 2.5 MB is
# spooled to a temporary file on disk instead of being held in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
# A file larger than STEGVIS_IMPORT_MAX_FILE_BYTES is dropped while it arrives, never stored.
FILE_UPLOAD_HANDLERS = [
    "stegvis.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# What an import (the page and `stegvis import`) may read, so no file or zip bomb can exhaust the
# server (stegvis/exchange/limits.py, docs/exchange.md). Sizes are given in MB, kept in bytes.
_MB = 1024 * 1024
STEGVIS_IMPORT_MAX_FILE_BYTES = int(float(os.environ.get("STEGVIS_IMPORT_MAX_FILE_MB", "50")) * _MB)
STEGVIS_IMPORT_MAX_UNPACKED_BYTES = int(float(os.environ.get("STEGVIS_IMPORT_MAX_UNPACKED_MB", "100")) * _MB)
STEGVIS_IMPORT_MAX_RATIO = int(os.environ.get("STEGVIS_IMPORT_MAX_RATIO", "100"))
STEGVIS_IMPORT_MAX_MEMBERS = int(os.environ.get("STEGVIS_IMPORT_MAX_MEMBERS", "50"))
STEGVIS_IMPORT_MAX_ROWS = int(os.environ.get("STEGVIS_IMPORT_MAX_ROWS", "100000"))
STEGVIS_IMPORT_MAX_ERRORS_SHOWN = int(os.environ.get("STEGVIS_IMPORT_MAX_ERRORS_SHOWN", "200"))

# Imports, checks and exports started in the browser run as background tasks (stegvis/exchange/jobs.py).
# Their files (the uploads, an export's zip) are kept here, outside anything the web server serves,
# and removed when the job is done with them: at once after an import or a failed check, after
# STEGVIS_JOB_FILES_HOURS for a check that went well (to import with one click) and for an export's
# file. The job rows, with their summary and error list, are removed after STEGVIS_JOB_KEEP_DAYS
# (docs/privacy.md). Every web server and worker must see the same folder.
STEGVIS_JOB_FILES_DIR = Path(os.environ.get("STEGVIS_JOB_FILES_DIR", VAR_DIR / "jobs"))
STEGVIS_JOB_FILES_HOURS = float(os.environ.get("STEGVIS_JOB_FILES_HOURS", "24"))
STEGVIS_JOB_KEEP_DAYS = float(os.environ.get("STEGVIS_JOB_KEEP_DAYS", "30"))
# A running job writes its counts at most this often (seconds).
STEGVIS_JOB_PROGRESS_SECONDS = float(os.environ.get("STEGVIS_JOB_PROGRESS_SECONDS", "1"))

# Where Stegvis answers, for absolute links in messages sent by the worker (survey links,
# reminder e-mails), which have no request to take the address from.
STEGVIS_BASE_URL = os.environ.get("STEGVIS_BASE_URL", "http://127.0.0.1:8000")
# Local hour of the morning reminder e-mail to staff.
STEGVIS_REMINDER_HOUR = int(os.environ.get("STEGVIS_REMINDER_HOUR", "7"))

# Messages to participants (stegvis.core.messaging): the SMS backend is "console", "file"
# (appends to VAR_DIR/outbox/sms.log) or the dotted path of a gateway class.
STEGVIS_SMS_BACKEND = os.environ.get("STEGVIS_SMS_BACKEND", "console")
DEFAULT_FROM_EMAIL = os.environ.get("STEGVIS_EMAIL_FROM", "Stegvis <stegvis@localhost>")
if DEBUG and not os.environ.get("STEGVIS_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("STEGVIS_EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("STEGVIS_EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("STEGVIS_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("STEGVIS_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("STEGVIS_EMAIL_TLS", False)
