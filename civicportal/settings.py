"""Settings of civicportal: one file, read from environment variables.

Every value comes from the environment through the small typed helpers below, which fail
loudly on a value they cannot read. There are no per-environment settings modules: tests
override only speed knobs (see ``tests/conftest.py``).
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false).")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Translate a ``postgres://user:password@host:port/name?opt=…`` URL for Django."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or postgresql:// (got {parts.scheme!r}); "
            "civicportal supports PostgreSQL only."
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    host = query.pop("host", None) or unquote(parts.hostname or "")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        "OPTIONS": {
            "pool": {
                "min_size": env_int("DATABASE_POOL_MIN", 2),
                "max_size": env_int("DATABASE_POOL_MAX", 4),
                "timeout": 10,
            },
            **query,
        },
        "CONN_MAX_AGE": 0,  # the pool reuses connections; Django forbids both at once
        "TEST": {"NAME": env_str("DATABASE_TEST_NAME", "") or None},
    }


# --- core ----------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. "
            "For local development run `make run` (it sets DEBUG=1)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])


def runserver_site_url(argv: list[str]) -> str:
    """The development server's own address from ``manage.py runserver [addr:]port``
    (``make run`` passes ``127.0.0.1:$(PORT)``); empty for any other command."""
    if len(argv) < 2 or argv[1] != "runserver":
        return ""
    addrport = next((arg for arg in argv[2:] if not arg.startswith("-")), "8000")
    host, _colon, port = addrport.rpartition(":")
    if not port.isdigit():
        return ""
    host = host.strip("[]") or "127.0.0.1"
    if host in ("0.0.0.0", "::"):  # noqa: S104 - only read, to name the local address
        host = "127.0.0.1"
    return f"http://{host}:{port}"


# The one origin of every absolute link (mails, feeds, calendars, PDFs). Production sets
# SITE_URL; in development (DEBUG, SITE_URL unset) it follows the runserver port, so
# `PORT=8123 make run` sends mails whose links open on port 8123.
SITE_URL = (
    os.environ.get("SITE_URL")
    or (runserver_site_url(sys.argv) if DEBUG else "")
    or "http://127.0.0.1:8000"
).rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])
SITE_NAME = env_str("SITE_NAME", "civicportal")
SITE_OPERATOR_NAME = env_str("SITE_OPERATOR_NAME", "Demo-Installation civicportal")
SITE_OPERATOR_ADDRESS = env_str("SITE_OPERATOR_ADDRESS", "Diese Installation dient der Vorführung.")
SITE_OPERATOR_EMAIL = env_str("SITE_OPERATOR_EMAIL", "kontakt@civicportal.invalid")
# Served over TLS? Production is: the secure defaults below follow the SITE_URL scheme.
HTTPS = SITE_URL.startswith("https://")

INSTALLED_APPS = [
    "civicportal.core",
    "civicportal",
    "initiatives",
    "organisations",
    "volunteering",
    "funding",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.syndication",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy, CORP, no-store for signed-in pages (static files included)
    "civicportal.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # HEAD answered like GET, body dropped (civicportal/continuity.py)
    "civicportal.continuity.HeadAsGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "civicportal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # branded 405; form input kept across an expired session or a language switch
    "civicportal.continuity.ResumeFormMiddleware",
    # security (civicportal/security.py): staff MFA gate and idle timeout, rate limits
    "civicportal.security.StaffSessionMiddleware",
    "civicportal.security.RateLimitMiddleware",
    "civicportal.security.RequestSanityMiddleware",  # NUL bytes in parameters: 400
    # accounts without names are asked for them once (civicportal/middleware.py)
    "civicportal.middleware.NamesGateMiddleware",
    # whole-page cache for anonymous GET pages (civicportal/cache.py); keep it last
    "civicportal.cache.AnonymousPageCacheMiddleware",
]

ROOT_URLCONF = "civicportal.urls"
WSGI_APPLICATION = "civicportal.wsgi.application"
AUTH_USER_MODEL = "core.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "civicportal.context_processors.portal",
            ],
        },
    },
]

FORM_RENDERER = "civicportal.forms.PortalFormRenderer"

# --- database ------------------------------------------------------------------------------

_database_url = os.environ.get("DATABASE_URL", "")
if not _database_url:
    _database_url = os.environ.get("CIVICPORTAL_EMBEDDED_DATABASE_URL", "")
if not _database_url:
    from civicportal.embedded_db import embedded_database_url

    _database_url = embedded_database_url(BASE_DIR / "var" / "pgdata")
DATABASES = {"default": database_from_url(_database_url)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(url: str) -> dict:
    """``CACHE_URL``: empty for the database cache table (one server, nothing to run),
    ``redis://host:6379/0`` (or ``rediss://``, ``unix://``) for Django's Redis backend,
    shared by several app servers. ``CACHE_KEY_PREFIX`` keeps installations apart on one
    Redis."""
    parts = urlsplit(url)
    if not url or parts.scheme in {"db", "database"}:
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": parts.netloc or "civicportal_cache",
            # Cached pages and allauth's rate limits share this table: with Django's
            # default of 300 entries, culling would drop live rate-limit counters.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 50_000)},
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", ""),
        }
    if parts.scheme in {"redis", "rediss", "unix"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", ""),
        }
    raise ImproperlyConfigured(
        f"CACHE_URL must be empty, db://<table> or redis://… (got {parts.scheme!r})."
    )


# The shared cache: whole anonymous pages and personal page parts (civicportal/cache.py,
# civicportal/core/content.py), allauth's rate limits.
CACHES = {"default": cache_from_url(env_str("CACHE_URL", ""))}

# --- accounts ------------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # German list + "Sommer2026!" rule (civicportal/accounts/passwords.py)
    {"NAME": "civicportal.accounts.passwords.GermanCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up asks for the full and the public name too (civicportal/accounts/forms.py).
ACCOUNT_SIGNUP_FORM_CLASS = "civicportal.accounts.forms.SignupNamesForm"
# allauth's pages name a person by their full name („eine E-Mail-Adresse von Anna Keller“).
ACCOUNT_USER_DISPLAY = "civicportal.core.adapters.user_display"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# Sensitive account actions ask for the password (or TOTP) again. Login by e-mail code is
# off, so reauthentication by code (allauth >= 65.22 offers it by default) stays off too:
# access to the mailbox alone must not be enough to change e-mail, password or MFA.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
ACCOUNT_ADAPTER = "civicportal.core.adapters.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

# --- internationalisation ------------------------------------------------------------------

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- static and media files ----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("kern", BASE_DIR / "node_modules" / "@kern-ux" / "native" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Public uploads served by Django itself (civicportal/media.py: images, video, captions
# only, nosniff, sandboxing CSP); switch off where nginx serves /media/ (docs/deploy.md).
MEDIA_SERVE = env_bool("MEDIA_SERVE", True)
# Private uploads (funding attachments): never served directly, only through views that
# check permissions.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# --- e-mail --------------------------------------------------------------------------------

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "civicportal <noreply@civicportal.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- background tasks ----------------------------------------------------------------------

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- security ------------------------------------------------------------------------------

SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
# The client's address for rate limits (allauth's and the portal's, civicportal.security
# .client_ip): behind the documented proxy (one nginx appending to X-Forwarded-For) the
# last entry; with more proxies in front set TRUSTED_PROXY_COUNT, or name a header the
# proxy sets to the client's address (TRUSTED_CLIENT_IP_HEADER, e.g. X-Real-IP).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER", "") or None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(timedelta(days=14).total_seconds())
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token
CSRF_FAILURE_VIEW = "civicportal.errors.csrf_failure"  # the portal's German 403 page
# Over HTTPS the session and CSRF cookies carry the __Host- prefix: the browser then only
# accepts them with Secure, Path=/ and no Domain (ASVS 3.3.1/3.3.3).
SESSION_COOKIE_NAME = "__Host-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"
X_FRAME_OPTIONS = "DENY"
# Staff sessions end after this many seconds without a request (residents: SESSION_COOKIE_AGE).
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_SECONDS", 30 * 60)
# The admin opens only after TOTP (allauth MFA) in the same session; see docs/security.md.
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", True)
# TOTP secrets and recovery-code seeds encrypted at rest (Fernet, key from SECRET_KEY).
MFA_ADAPTER = "civicportal.security.MFAAdapter"
# Per-URL limits on posting ideas, comments, sign-ups, bookings: civicportal.security.RATE_LIMITS.
PORTAL_RATE_LIMITS_ENABLED = env_bool("PORTAL_RATE_LIMITS_ENABLED", True)
# allauth's own limits (cache-backed: the database cache above, shared by all workers).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "20/m/ip,100/d/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
        "manifest-src": [SELF],
        "media-src": [SELF],
    }
}

# --- benchmark ---------------------------------------------------------------------------

# `make bench` (BENCH=1) installs the dev-only app in bench/: the data generator and the
# empty baseline view /bench/leer/. Never in production.
if env_bool("BENCH", False):
    INSTALLED_APPS.append("bench")
# Lifetime of a cached anonymous page or personal part in the shared cache (CACHE_URL;
# civicportal/cache.py); also its Cache-Control max-age. 0 switches the cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 30)
# How long an app server trusts the content version it read last before it asks the shared
# cache again (civicportal/core/content.py): with 1, a content change made on another
# server shows there within a second instead of on its very next request, and a repeated
# anonymous page costs no round trip to the shared cache (docs/decisions.md). 0: ask every time.
PAGE_CACHE_VERSION_SECONDS = env_int("PAGE_CACHE_VERSION_SECONDS", 1)

# --- logging -------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "pgserver": {"level": "WARNING"},
        # WeasyPrint logs each layout step of every PDF at INFO; its warnings still show.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
