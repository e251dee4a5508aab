"""Settings for the Lamas LAP platform, all read from the environment.

With nothing set, the app runs on an SQLite file in the project folder with Celery tasks run
eagerly (`make run`). Production (DJANGO_DEBUG off) refuses to start without a secret key and
allowed hosts, on SQLite or with the in-process cache.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lap.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=True)
DEVELOPMENT_SECRET_KEY = "insecure-development-key-only-for-make-run-and-tests"  # noqa: S105
SECRET_KEY = env_str("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

if not DEBUG:
    if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "Production mode (DJANGO_DEBUG=false) needs DJANGO_SECRET_KEY: a random string of at "
            "least 50 characters."
        )
    if not env_str("DJANGO_ALLOWED_HOSTS"):
        raise ImproperlyConfigured(
            "Production mode (DJANGO_DEBUG=false) needs DJANGO_ALLOWED_HOSTS, e.g. lap.example.org."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "stakeholders",
    "territory",
    "lap",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the path, cookies (the session) or headers: a NUL is a 400.
    "lap.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files are precompressed); never for XLSX, PDF or images.
    "lap.compression.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "stakeholders.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "lap.urls"
WSGI_APPLICATION = "lap.wsgi.application"
ASGI_APPLICATION = "lap.asgi.application"

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
                "stakeholders.context_processors.acting_organization",
                "stakeholders.context_processors.display",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {
    "default": database_from_url(DATABASE_URL)
    if DATABASE_URL
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": str(BASE_DIR / "db.sqlite3")}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "stakeholders.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "stakeholders.lockout.LockoutModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Lock-out: this many failures per username and address lock that pair for the cool-off.
LOGIN_FAILURE_LIMIT = env_int("LAP_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_COOLOFF = timedelta(minutes=env_int("LAP_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
# Password reset requests allowed per client address and per e-mail address in each window.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("LAP_PASSWORD_RESET_LIMIT_PER_ADDRESS", 5, minimum=1)
PASSWORD_RESET_LIMIT_PER_EMAIL = env_int("LAP_PASSWORD_RESET_LIMIT_PER_EMAIL", 5, minimum=1)
PASSWORD_RESET_WINDOW = timedelta(
    minutes=env_int("LAP_PASSWORD_RESET_WINDOW_MINUTES", 60, minimum=1)
)
INVITATION_VALID_FOR = timedelta(days=env_int("LAP_INVITATION_DAYS", 14, minimum=1))
# Rounds with more scores than this compute their results in a Celery task.
LAP_ROUND_TASK_THRESHOLD = env_int("LAP_ROUND_TASK_THRESHOLD", 50000, minimum=1)
# An action in progress with no published update for this long is reminded (implementation),
# at most once an interval.
LAP_PROGRESS_STALE_AFTER = timedelta(days=env_int("LAP_PROGRESS_REMINDER_DAYS", 90, minimum=1))
LAP_PROGRESS_REMINDER_INTERVAL = timedelta(
    days=env_int("LAP_PROGRESS_REMINDER_INTERVAL_DAYS", 30, minimum=1)
)

LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "America/Lima"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG  # in development, serve straight from the apps and static/
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("LAP_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "LAP Lamas <no-reply@lap-lamas.local>")
SITE_URL = env_str("LAP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

CACHE_URL = env_str("CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Production needs what several processes can share: one SQLite file is no database for
# gunicorn's workers, Celery and beat together, and an in-process cache gives every web process
# its own throttles and password-reset limits (so N processes allow N times the rate).
if not DEBUG:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "Production mode (DJANGO_DEBUG=false) needs PostgreSQL, not SQLite: set "
            "DATABASE_URL=postgres://user:password@host:5432/name."
        )
    if CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache":
        raise ImproperlyConfigured(
            "Production mode (DJANGO_DEBUG=false) needs a shared cache, not the in-process one: "
            "set CACHE_URL=redis://host:6379/1."
        )

# Celery: with no broker the tasks run in-process, so `make run` needs nothing else.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# A worker killed at any moment loses nothing: a task is acknowledged only once it has run, a
# task whose worker died is handed back to the broker, and a worker holds one task at a time
# (so a death strands no reserved ones). Redis hands an unacknowledged task to another worker
# after the visibility timeout: longer than the longest task, or it would run twice (harmless,
# every task is idempotent, but wasted).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# On a lost broker connection, stop the tasks in flight: they are redelivered (Celery 6 default).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
LAP_BROKER_VISIBILITY_TIMEOUT_SECONDS = env_int(
    "LAP_BROKER_VISIBILITY_TIMEOUT_SECONDS", 60 * 60, minimum=1
)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": LAP_BROKER_VISIBILITY_TIMEOUT_SECONDS}
# The sweep re-queues what a dead worker or a lost message left undone (lap.tasks.sweep): round
# results pending, reminders, invitations and notifications not sent, for longer than
# LAP_SWEEP_PENDING.
LAP_SWEEP_INTERVAL = timedelta(seconds=env_int("LAP_SWEEP_INTERVAL_SECONDS", 5 * 60, minimum=1))
LAP_SWEEP_PENDING = timedelta(seconds=env_int("LAP_SWEEP_PENDING_SECONDS", 10 * 60, minimum=1))
CELERY_BEAT_SCHEDULE: dict = {
    "sweep-pending-work": {
        "task": "lap.tasks.sweep.sweep_pending_work",
        "schedule": LAP_SWEEP_INTERVAL.total_seconds(),
    },
    # Failed sign-ins past the cool-off lock nothing; keep the table small.
    "purge-old-login-failures": {
        "task": "stakeholders.tasks.purge_old_login_failures",
        "schedule": 60 * 60,
    },
    # Daily; each overdue pledge is reminded at most once a week (resources).
    "remind-overdue-pledges": {
        "task": "lap.tasks.resources.remind_overdue_pledges",
        "schedule": 24 * 60 * 60,
    },
    # Daily; each action in progress without news is reminded at most monthly (implementation).
    "remind-stale-actions": {
        "task": "lap.tasks.implementation.remind_stale_actions",
        "schedule": 24 * 60 * 60,
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its header makes unauthenticated API calls answer 401, not 403.
        "rest_framework.authentication.TokenAuthentication",
        "stakeholders.api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["lap.api.permissions.ReadOnlyForKeysAndAnonymous"],
    "DEFAULT_PAGINATION_CLASS": "lap.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Refuse JSON nested too deep, absurd numbers and NUL with a 400 (lap.api.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "lap.api.parsers.JSONParser",
        "lap.api.parsers.FormParser",
        "lap.api.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "lap.api.filtering.FilterBackend",
        "lap.api.ordering.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "lap.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "lap.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "stakeholders.api.throttling.AnonymousRateThrottle",
        "stakeholders.api.throttling.PersonRateThrottle",
        "stakeholders.api.throttling.ApiKeyRateThrottle",
    ],
    # Proxies in front of the app whose X-Forwarded-For may be trusted (0: use the peer address,
    # so a client cannot dodge throttling with a forged header).
    "NUM_PROXIES": env_int("LAP_NUM_PROXIES", 0, minimum=0),
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("LAP_THROTTLE_ANON", "120/minute"),
        "user": env_str("LAP_THROTTLE_USER", "600/minute"),
        "api_key": env_str("LAP_THROTTLE_API_KEY", "600/minute"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Lamas Landscape Action Plan API",
    "DESCRIPTION": "The plan, its stakeholders and the territory of Lamas province (San Martín, "
    "Peru). Authenticate with a session, `Authorization: Token <token>` or "
    "`Authorization: Api-Key <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name across apps get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "NeedKindEnum": "lap.models.resources.NeedKind",
        "ActionStateEnum": "lap.models.actions.ActionState",
        "ConsentStateEnum": "lap.models.actions.ConsentState",
        "VisionStateEnum": "lap.models.vision.VisionState",
        "CropEnum": "territory.models.Crop",
        "PopulationKindEnum": "territory.models.figures.PopulationKind",
    },
}

# Security: cookies and headers that `check --deploy` asks for, on in production.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LAP_LOG_LEVEL", "INFO")},
}
