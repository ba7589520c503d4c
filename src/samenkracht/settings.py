"""The one settings module of Samenkracht.

Every value that may differ between machines comes from the environment through the strict helpers
in ``samenkracht.env``; each variable is documented in docs/configuration.md. Defaults are the safe
production values; ``python3 dev.py`` sets the development ones.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from samenkracht.env import env_bool, env_int, env_list, env_secret, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
REPOSITORY_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(env_str("SAMENKRACHT_DATA_DIR", str(REPOSITORY_DIR / "var")))

# Running under pytest: test-only conveniences below are keyed on this and on nothing else.
TESTING = "pytest" in sys.modules

DEBUG = env_bool("SAMENKRACHT_DEBUG", False)

if TESTING:
    SECRET_KEY = env_secret("SAMENKRACHT_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
else:
    SECRET_KEY = env_secret("SAMENKRACHT_SECRET_KEY")
if len(SECRET_KEY) < 50 and not DEBUG and not TESTING:
    raise ImproperlyConfigured("SAMENKRACHT_SECRET_KEY must be at least 50 characters long.")

ALLOWED_HOSTS = env_list("SAMENKRACHT_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env_list("SAMENKRACHT_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "samenkracht.accounts",
    "samenkracht.network",
    "samenkracht.socialmap",
    "samenkracht.privacy",
    "samenkracht.plans",
    "samenkracht.frontdoor",
    "samenkracht.referrals",
    "samenkracht.volunteers",
    "samenkracht.rights",
    "samenkracht.agreements",
    "samenkracht.reports",
    "samenkracht.web",
    "samenkracht.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "samenkracht.accounts.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "samenkracht.accounts.middleware.SessionLimitsMiddleware",
    "samenkracht.accounts.middleware.RequireSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "samenkracht.web.idempotency.IdempotencyKeyMiddleware",
]

ROOT_URLCONF = "samenkracht.urls"
WSGI_APPLICATION = "samenkracht.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samenkracht.web.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
# SQLite is the embedded default. WAL lets readers work beside one writer; IMMEDIATE transactions take
# the write lock at BEGIN, so concurrent writers queue for up to the busy timeout instead of failing
# with "database is locked" half-way through a transaction.
SQLITE_BUSY_TIMEOUT_S = env_int("SAMENKRACHT_SQLITE_BUSY_TIMEOUT", 20, minimum=1, maximum=600)
_database_url = env_str("DATABASE_URL", "")
if _database_url:
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url,
            conn_max_age=env_int("SAMENKRACHT_DB_CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "samenkracht.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": SQLITE_BUSY_TIMEOUT_S,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000};"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and authentication ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Personas are created in nearly every test; a deliberately slow hash there only costs minutes.
    # tests/accounts/test_security_baseline.py checks that the real setting leads with Argon2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("SAMENKRACHT_PASSWORD_MIN_LENGTH", 12, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brute-force protection: failures are counted per (username, IP address) pair, so an attacker who
# guesses a colleague's password from elsewhere locks only their own pair, never the real user.
AXES_FAILURE_LIMIT = env_int("SAMENKRACHT_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SAMENKRACHT_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("SAMENKRACHT_PROXY_COUNT", 0, minimum=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

OTP_TOTP_ISSUER = env_str("SAMENKRACHT_OTP_ISSUER", "Samenkracht")

# Sessions: 30 minutes idle (the expiry slides with every request), 12 hours absolute (enforced by
# SessionLimitsMiddleware), a new session id at login (Django's login() cycles the key).
SESSION_COOKIE_AGE = env_int("SAMENKRACHT_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_ABSOLUTE_SECONDS = env_int("SAMENKRACHT_SESSION_ABSOLUTE_HOURS", 12, minimum=1) * 3600
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
_secure_default = not DEBUG
SESSION_COOKIE_SECURE = env_bool("SAMENKRACHT_SECURE_COOKIES", _secure_default)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_NAME = "__Host-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"

# --- Transport and browser security ---------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SAMENKRACHT_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = env_int("SAMENKRACHT_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SAMENKRACHT_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SAMENKRACHT_HSTS_PRELOAD", True)
if env_bool("SAMENKRACHT_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict Content-Security-Policy: only this origin, no inline script or style, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}

# --- Cache ----------------------------------------------------------------------------------------
# A database cache: shared by every worker and machine without another service. The table is created by
# the web app's migration. (django-ratelimit was considered for the public forms but only accepts
# memcached or Redis; the embedded set-up has neither, so frontdoor counts public submissions in the
# database instead: see frontdoor/services.py.)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "samenkracht_cache",
    }
}
PUBLIC_FORM_RATE = env_str("SAMENKRACHT_PUBLIC_FORM_RATE", "5/h")

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Resident data: encryption at rest -----------------------------------------------------------
# Fernet keys (comma-separated; the first encrypts, all decrypt, so keys can be rotated) and the secret
# of the keyed hashes used to look up BSN and name + birth date. Test runs use fixed, test-only keys.
if TESTING:
    FIELD_ENCRYPTION_KEYS = env_list("SAMENKRACHT_FIELD_KEYS", ["dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LTAwMDA="])
    FIELD_HASH_KEY = env_secret("SAMENKRACHT_HASH_KEY", "test-only-hash-key")
else:
    FIELD_ENCRYPTION_KEYS = [k.strip() for k in env_secret("SAMENKRACHT_FIELD_KEYS").split(",") if k.strip()]
    FIELD_HASH_KEY = env_secret("SAMENKRACHT_HASH_KEY")
    if len(FIELD_HASH_KEY) < 32:
        raise ImproperlyConfigured("SAMENKRACHT_HASH_KEY must be at least 32 characters long.")
EMERGENCY_ACCESS_HOURS = env_int("SAMENKRACHT_EMERGENCY_ACCESS_HOURS", 4, minimum=1, maximum=72)
# A sent referral expires (and its sender is alerted) when not answered within this many working days.
REFERRAL_ANSWER_WORKING_DAYS = env_int("SAMENKRACHT_REFERRAL_ANSWER_WORKING_DAYS", 5, minimum=1, maximum=60)
# Retention overrides per kind of record, "kind=years,..." (defaults and kinds: samenkracht/rights/retention.py).
RETENTION_YEARS = env_list("SAMENKRACHT_RETENTION_YEARS", [])

# --- Social map -----------------------------------------------------------------------------------
SOCIALMAP_STALE_MONTHS = env_int("SAMENKRACHT_SOCIALMAP_STALE_MONTHS", 6, minimum=1, maximum=60)
SOCIALMAP_REVIEW_REQUIRED = env_bool("SAMENKRACHT_SOCIALMAP_REVIEW_REQUIRED", True)

# --- API ------------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_MAX_PER_PAGE_SIZE = 200
API_TOKEN_LAST_USED_RESOLUTION_S = 60
# How long an API client's Idempotency-Key (and the response kept for it) stays valid.
IDEMPOTENCY_KEY_HOURS = env_int("SAMENKRACHT_IDEMPOTENCY_KEY_HOURS", 24, minimum=1, maximum=720)

# --- Logging --------------------------------------------------------------------------------------
LOG_LEVEL = env_str("SAMENKRACHT_LOG_LEVEL", "INFO")
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"SAMENKRACHT_LOG_LEVEL={LOG_LEVEL!r} is not a logging level.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"axes": {"level": "WARNING"}},
}
