"""Settings of the Mobilex platform, read from the environment.

With nothing configured the platform runs in debug on embedded services (mobilex/embedded.py);
production behaviour is chosen by variables (README, "Configuration")."""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from mobilex.embedded import embedded_database_url, filesystem_broker
from mobilex.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for origin in CSRF_TRUSTED_ORIGINS:
    if not origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS entries must start with http:// or https://, not {origin!r}."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "mobilex",
    "antennas",
    "beneficiaries",
    "services",
    "indicators",
    "billing",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "mobilex.middleware.AdminTwoFactorMiddleware",
    "csp.middleware.CSPMiddleware",
    "mobilex.middleware.PermissionsPolicyMiddleware",
    "mobilex.tenancy.TenancyMiddleware",
]

ROOT_URLCONF = "mobilex.urls"
WSGI_APPLICATION = "mobilex.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mobilex.tenancy.memberships",
            ],
            "builtins": ["mobilex.templatetags.french"],
        },
    },
]

# Widgets render through TEMPLATES, so templates/django/forms/ can lighten Django's own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: DATABASE_URL, or the embedded PostgreSQL.
DATABASE_URL = env_url("DATABASE_URL", ("postgres", "postgresql"))
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or embedded_database_url(), conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
    )
}
# No JIT: PostgreSQL compiles a query whose estimated cost is high, which for a page's short
# query costs more than it runs (0,6 s of compiling on a 5 ms query of the today page at 1 M
# people); the reports, which read compact rollups, meet their goals without it (bench/large.py).
NO_JIT = {"options": "-c jit=off"}
DATABASES["default"]["OPTIONS"] = NO_JIT
# No server-side cursors: a select's choices (iterated by Django) cost a DECLARE, a FETCH and a
# CLOSE, 1,6 ms on the people list; and PgBouncer in transaction mode cannot keep them.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

# Scale-out (docs/scaling.md): reports read from a read replica when DATABASE_REPLICA_URL is set.
DATABASE_REPLICA_URL = env_url("DATABASE_REPLICA_URL", ("postgres", "postgresql"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
    )
    DATABASES["replica"]["OPTIONS"] = NO_JIT
    DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["mobilex.routers.ReplicaRouter"]

AUTH_USER_MODEL = "antennas.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): e-mail login, no open sign-up (people join by invitation).
ACCOUNT_ADAPTER = "antennas.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mobilex] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mobilex"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# E-mail: console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Mobilex <ne-pas-repondre@mobilex.localhost>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# SMS: printed in development; Brevo's transactional SMS API when SMS_BACKEND says so.
SMS_BACKEND = env_str("SMS_BACKEND", "notifications.sms.ConsoleBackend")
SMS_API_URL = env_url("SMS_API_URL", ("https", "http")) or "https://api.brevo.com"
SMS_API_KEY = env_str("SMS_API_KEY", "")
SMS_SENDER = env_str("SMS_SENDER", "Mobilex")
SMS_TIMEOUT = env_int("SMS_TIMEOUT", 10)
SMS_WEBHOOK_SECRET = env_str("SMS_WEBHOOK_SECRET", "")
if SMS_BACKEND == "notifications.sms.BrevoBackend" and not SMS_API_KEY:
    raise ImproperlyConfigured("SMS_API_KEY must be set when SMS_BACKEND is the Brevo backend.")
NOTIFICATIONS_DAILY_CAP = env_int("NOTIFICATIONS_DAILY_CAP", 4)  # SMS per person and day
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 6)
NOTIFICATIONS_BATCH = 500

# Redis: broker and cache when REDIS_URL is set; otherwise a file-system broker.
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss"))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CACHES = {
        # Degrades to a local cache when Redis is away: login keeps working (mobilex/cache.py).
        "default": {"BACKEND": "mobilex.cache.DegradingRedisCache", "LOCATION": REDIS_URL}
    }
else:
    CELERY_BROKER_URL, CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker()
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Queues, so that workers can be given to each kind of work on several machines:
# `celery -A mobilex worker -Q reports` (docs/scaling.md). A task not routed goes to "celery".
CELERY_TASK_ROUTES = {
    "indicators.tasks.*": {"queue": "reports"},
    "notifications.tasks.*": {"queue": "notifications"},
    "*.tasks.import_*": {"queue": "imports"},
}
# Redis gives an unacknowledged message (acks_late) to another worker after this long: it must
# exceed the longest task, or a report still being compiled would be compiled twice.
if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * CELERY_TASK_TIME_LIMIT}
# Stateless web processes: sessions in the database, shared by every gunicorn worker and host.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BEAT_SCHEDULE = {
    "fail-stale-reports": {
        "task": "indicators.tasks.fail_stale_reports",
        "schedule": crontab(minute="*/5"),
    },
    "purge-audit-events": {
        "task": "beneficiaries.tasks.purge_old_audit_events",
        "schedule": crontab(hour=3, minute=10),
    },
    "purge-import-jobs": {
        "task": "beneficiaries.tasks.purge_old_import_jobs",
        "schedule": crontab(hour=3, minute=20),
    },
    "anonymise-inactive-beneficiaries": {
        "task": "beneficiaries.tasks.anonymise_inactive_beneficiaries",
        "schedule": crontab(hour=3, minute=30),
    },
    "booking-reminders": {
        "task": "services.tasks.send_booking_reminders",
        "schedule": crontab(hour=17, minute=0),
    },
    "deliver-outbox": {"task": "mobilex.tasks.deliver_outbox", "schedule": 60.0},
    "notification-reminders": {
        "task": "notifications.tasks.send_reminders",
        "schedule": crontab(minute=5, hour="8-19"),
    },
    "notifications-due": {
        "task": "notifications.tasks.send_due",
        "schedule": crontab(minute="*/10"),
    },
    "late-returns-digest": {
        "task": "notifications.tasks.late_returns_digest",
        "schedule": crontab(hour=8, minute=15),
    },
    "yearly-reports": {
        "task": "indicators.tasks.compile_previous_year_reports",
        "schedule": crontab(month_of_year=1, day_of_month=15, hour=4, minute=0),
    },
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Generated reports: never served as static media, only by views that check the membership.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
# Media on S3-compatible storage (django-storages) when AWS_STORAGE_BUCKET_NAME is set.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL")  # MinIO, Scaleway, OVH…
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME")
    AWS_DEFAULT_ACL = None  # private objects, served through signed URLs
    AWS_QUERYSTRING_AUTH = True
    MEDIA_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mobilex API",
    "DESCRIPTION": "API of the solidarity-mobility antennas, scoped to the caller's memberships.",
    "VERSION": "1.0.0",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# Security of the deployment (issue 10): `check --deploy` is clean with production variables.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]  # probed over plain HTTP inside the network
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Behind N reverse proxies, the client is the N-th address from the right of X-Forwarded-For:
# allauth's rate limits then count per person, not per proxy (README, "Configuration").
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# No inline script or style anywhere (htmx is told not to inject its indicator style in
# base.html); the TOTP QR code is a data: image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "object-src": [CSP_NONE],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["hide_search_terms"]}},
    "filters": {"hide_search_terms": {"()": "mobilex.log_privacy.HideSearchTerms"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # pgserver reports every start and stop of the embedded server at INFO.
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},  # logs every layout step at INFO
        "fontTools": {"level": "WARNING"},
    },
}
