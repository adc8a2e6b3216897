"""Settings for Harcèlement Zéro.

Every value comes from the environment (see ``.env.example``); the defaults are for development, so
a fresh checkout runs on SQLite with no configuration. Production differs only by environment.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("HZ_VAR_DIR", str(BASE_DIR / "var")))

# Off unless asked for: `make run` (and the test settings) set DEBUG=true for development.
DEBUG = env_bool("DEBUG", False)

_DEV_SECRET = "dev-only-insecure-secret-key-change-me-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured(
        "SECRET_KEY doit être défini (50 caractères au moins) lorsque DEBUG=false."
    )

# The audit chain's HMAC key: kept outside the database (environment or AUDIT_CHAIN_KEY_FILE), so
# whoever holds the database alone cannot rewrite the log and recompute its chain.
_DEV_AUDIT_KEY = "dev-only-audit-chain-key-change-me-in-production-0123456789"
AUDIT_CHAIN_KEY = env_str("AUDIT_CHAIN_KEY", _DEV_AUDIT_KEY if DEBUG else "")
if not DEBUG and (len(AUDIT_CHAIN_KEY) < 32 or AUDIT_CHAIN_KEY in {_DEV_AUDIT_KEY, SECRET_KEY}):
    raise ImproperlyConfigured(
        "AUDIT_CHAIN_KEY doit être défini (32 caractères au moins, distinct de SECRET_KEY) "
        "lorsque DEBUG=false."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS doit être défini lorsque DEBUG=false.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dsfr",
    "django.forms",
    "crispy_forms",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "directory",
    "prevention",
    "resources_hub",
    "training",
    "outreach",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files served by each app server itself (hashed names, gzip/brotli, cached for ever).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "directory.middleware.RejectNulBytesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "directory.middleware.SessionTimeoutMiddleware",
    "directory.middleware.TwoFactorRequiredMiddleware",
    "directory.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "directory.context_processors.portal",
            ],
            "builtins": ["directory.templatetags.french"],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CRISPY_ALLOWED_TEMPLATE_PACKS = ("dsfr_crispy",)
CRISPY_TEMPLATE_PACK = "dsfr_crispy"
CRISPY_FAIL_SILENTLY = not DEBUG

# Database: SQLite file under var/ by default, PostgreSQL when DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("CONN_MAX_AGE", 60),
            conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "db.sqlite3")),
            # WAL + IMMEDIATE + busy timeout: no "database is locked" under concurrent writers.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: per process by default; shared (Redis) when REDIS_URL is set, which several app servers
# need for rate limits and the dashboard's figures to agree (see the README's production section).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_PREFIX": "hz",
        "TIMEOUT": 300,
    }
}
if env_str("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL"),
            "KEY_PREFIX": "hz",
            "TIMEOUT": 300,
        }
    }

# Authentication
AUTH_USER_MODEL = "directory.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "directory.auth.EmailOrUsernameBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "directory.auth.CommonPasswordStemValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brute force: 5 failures lock the account (normalised: email and username count together) for
# AXES_COOLOFF; the per-IP limit against credential stuffing is in directory.auth.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "directory.auth.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_IPWARE_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    if env_int("TRUSTED_PROXY_COUNT", 0)
    else ("REMOTE_ADDR",)
)
# axes.W006: the per-address limit is ours (directory.auth.ip_is_blocked), with a higher threshold
# than the per-account one, because a whole school signs in from one address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
HZ_LOGIN_FAILURES_PER_IP = env_int("LOGIN_FAILURES_PER_IP", 50)
HZ_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Two-factor authentication (TOTP): required for these roles when TWO_FACTOR_REQUIRED=true.
HZ_TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEBUG)
HZ_TWO_FACTOR_ROLES = env_list(
    "TWO_FACTOR_ROLES",
    ["inspector", "admin", "district_team", "pole_member", "pole_seat", "director"],
)
OTP_TOTP_ISSUER = "Harcèlement Zéro"

# Sessions: 30 minutes idle, 10 hours at most. Stored in the database (read through the cache),
# so they survive a restart and any app server behind the load balancer reads them.
SESSION_ENGINE = env_str("SESSION_ENGINE", "django.contrib.sessions.backends.cached_db")
SESSION_COOKIE_AGE = 10 * 3600
HZ_SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "directory.errors.csrf_failure"

# Internationalisation
LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production: ``collectstatic`` writes hashed, compressed copies that WhiteNoise serves. In
# development (and tests, whose runner turns DEBUG off later) it reads the source folders.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: printed to the console in development, SMTP in production (Django 6.1 MAILERS).
_SMTP = "django.core.mail.backends.smtp.EmailBackend"
_MAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG else _SMTP
)
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        }
        if _MAIL_BACKEND == _SMTP
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Harcèlement Zéro <ne-pas-repondre@localhost>")

# Background tasks (Django's task framework): stored in the database, run by ``db_worker``.
# Notification e-mails, yearly reports and other slow work go through it.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# The portal's own address, for links in e-mails (never the request's Host header).
HZ_PUBLIC_URL = env_str("PUBLIC_URL", "http://127.0.0.1:8000")

# Security headers. Production values come with DEBUG=false; check --deploy is clean then.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The load balancer's probe speaks plain HTTP to each app server: it must get its 200, not a 301.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs on stdout, one JSON object per line in production (LOG_FORMAT=json|plain).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.logging.JsonFormatter"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": env_str("LOG_FORMAT", "plain" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["stdout"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}

# Portal
HZ_SITE_NAME = "Harcèlement Zéro"
# Mentions légales and the accessibility statement: who publishes, who hosts, whom to write to.
HZ_LEGAL_PUBLISHER = env_str(
    "LEGAL_PUBLISHER",
    "Direction des services départementaux de l'Éducation nationale (DSDEN)",
)
HZ_LEGAL_HOST = env_str(
    "LEGAL_HOST", "Hébergement à préciser par l'académie qui déploie le portail"
)
HZ_CONTACT_EMAIL = env_str("CONTACT_EMAIL", "")
HZ_PDF_MAX_TEXT = 10_000
HZ_PDF_BASE_URL = "https://portail.invalid/"
HZ_PDF_PER_MINUTE = env_int("PDF_PER_MINUTE", 20)
# The anonymous pupil form: per address and school (a whole class shares one school address), per
# school and per district. Over a limit, reports are kept « à vérifier » (never refused); only an
# address over 5 times its limit is refused (resources_hub/services/pupil.py).
HZ_PUPIL_REPORTS_PER_IP = env_int("PUPIL_REPORTS_PER_IP", 20)
HZ_PUPIL_REPORTS_PER_IP_WINDOW = 600
HZ_PUPIL_REPORTS_PER_SCHOOL_HOUR = env_int("PUPIL_REPORTS_PER_SCHOOL_HOUR", 60)
HZ_PUPIL_REPORTS_PER_DISTRICT_HOUR = env_int("PUPIL_REPORTS_PER_DISTRICT_HOUR", 300)
HZ_PUPIL_FORM_MIN_SECONDS = env_int("PUPIL_FORM_MIN_SECONDS", 3)
# Retention (DOMAIN.md: to confirm with the DPO): closed cases anonymised after N days (≤ 3 years).
HZ_CASE_RETENTION_DAYS = min(env_int("CASE_RETENTION_DAYS", 365), 3 * 365)
# The audit log: 6 to 12 months (the database refuses to delete rows younger than 180 days).
HZ_AUDIT_RETENTION_DAYS = max(min(env_int("AUDIT_RETENTION_DAYS", 365), 365), 180)
HZ_ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 10) * 1024 * 1024
# Climate surveys: no figure or cross-tab is shown for fewer respondents than this.
HZ_SURVEY_MIN_GROUP = max(env_int("SURVEY_MIN_GROUP", 10), 5)
# Unusual access: an account opening more than N sensitive records within the window alerts the
# district's inspector (an audit row and an e-mail that carries no case content).
HZ_UNUSUAL_ACCESS_COUNT = env_int("UNUSUAL_ACCESS_COUNT", 20)
HZ_UNUSUAL_ACCESS_WINDOW_MINUTES = env_int("UNUSUAL_ACCESS_WINDOW_MINUTES", 10)
# The bench (bench/bench_pages.py) routes a baseline page; only ever on a local machine.
HZ_BENCH = env_bool("HZ_BENCH", False)
if HZ_BENCH and not set(ALLOWED_HOSTS) <= {"127.0.0.1", "localhost", "[::1]"}:
    raise ImproperlyConfigured("HZ_BENCH=true n'est permis que sur une machine locale.")
HZ_TRAINING_OFFER_HOURS = env_int("TRAINING_OFFER_HOURS", 48)  # a freed seat waits this long
HZ_SENSITIVE_TYPES = ["resources_hub.case", "resources_hub.report", "resources_hub.fichebilan"]
