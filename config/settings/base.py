"""Gonghui settings: everything lives here; environment variables decide the rest.

Environment variables (all optional in development):
- ``DATABASE_URL``: defaults to an embedded SQLite file ``var/gonghui.sqlite3``.
- ``SECRET_KEY``: the development default is refused by ``check --deploy``.
- ``ALLOWED_HOSTS``: comma separated.
- ``REDIS_URL``: when set, the cache uses Redis.
- ``SMS_BACKEND``: dotted path of the SMS backend class (production refuses the file backend).
- ``API_THROTTLE_ANON`` / ``API_THROTTLE_USER``: API request rates (``60/min`` per anonymous address, ``1200/min``
  per signed-in account by default; ``gonghui.api.throttling``).
- ``TRUSTED_PROXIES``: comma-separated addresses or networks of the reverse proxies in front of the application;
  the client address is then read from ``X-Forwarded-For`` (``gonghui.common.middleware.client_ip``).
- ``LOG_FORMAT``: ``json`` (structured, one object per line) or ``plain``; ``LOG_LEVEL``.
- ``METRICS_TOKEN`` / ``METRICS_ALLOWED_NETWORKS``: who may scrape ``/metrics``.
- ``SENTRY_DSN``, ``SENTRY_ENVIRONMENT``, ``SENTRY_RELEASE``, ``SENTRY_TRACES_SAMPLE_RATE``: optional error reporting.

docs/deploy.md lists every variable.
"""

from pathlib import Path
from typing import Any

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEV_SECRET_KEY = "django-insecure-gonghui-development-only-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "js_lib_htmx",
    "treebeard",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "gonghui.common",
    "gonghui.ops",
    "gonghui.accounts",
    "gonghui.orgs",
    "gonghui.authz",
    "gonghui.audit",
    "gonghui.attachments",
    "gonghui.policy",
    "gonghui.workdays",
    "gonghui.review",
    "gonghui.notifications",
    "gonghui.ratings",
    "gonghui.overview",
    "gonghui.members",
    "gonghui.finance",
    "gonghui.assistance",
    "gonghui.mutual_aid",
    "gonghui.honors",
    "gonghui.recuperation",
    "gonghui.congress",
    "gonghui.bargaining",
    "gonghui.legal_aid",
    "gonghui.contests",
    "gonghui.worker_services",
    "gonghui.retirees",
    "gonghui.console",
    "gonghui.portal",
    "gonghui.api",
    "gonghui.demo",
]

MIDDLEWARE = [
    "gonghui.ops.middleware.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gonghui.common.middleware.RequestContextMiddleware",
    "gonghui.ops.middleware.RequestLogMiddleware",
    "gonghui.common.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gonghui.common.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After the CSRF check (which reads the form anyway): NUL bytes in a query or a form are refused with 400.
    "gonghui.common.middleware.RefuseNulBytesMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gonghui.ops.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last: runs the views of REPLICA_VIEWS with lag-tolerant reads (gonghui.ops.routers).
    "gonghui.ops.routers.ReplicaReadsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gonghui" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.console.context_processors.console_nav",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gonghui.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A PostgreSQL streaming replica for lag-tolerant reads (statistics, exports): gonghui.ops.routers.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["gonghui.ops.routers.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=10.0)
REPLICA_LAG_CHECK_SECONDS = env.float("REPLICA_LAG_CHECK_SECONDS", default=5.0)
REPLICA_VIEWS: list[str] = env.list(
    "REPLICA_VIEWS",
    default=[
        "members:stats",
        "members:stats_export",
        "members:export",
        "finance:dues_export",
        "finance:allocation_arrears_export",
        "finance:report_rollup_xlsx",
    ],
)
# Never read from the replica: sign-in, sessions, grants, OTP devices, lockouts, task rows, scheduler rows.
REPLICA_EXCLUDED_APPS = {
    "auth",
    "accounts",
    "authz",
    "sessions",
    "contenttypes",
    "otp_totp",
    "otp_static",
    "axes",
    "django_tasks_database",
    "common",
}

# Redis (REDIS_URL) for the cache and the sessions, so that any web process can serve any request.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        # Sessions in their own key space; run that Redis with maxmemory-policy noeviction (or volatile-lru).
        "sessions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "s",
        },
    }
    SESSION_ENGINE = env.str("SESSION_ENGINE", default="django.contrib.sessions.backends.cache")
    SESSION_CACHE_ALIAS = "sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = env.str("SESSION_ENGINE", default="django.contrib.sessions.backends.db")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "gonghui.accounts.backends.SmsCodeBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "console:home"

# Sessions: short-lived, HTTP-only; secure flags come from the production settings. A signed-in session ends after
# SESSION_COOKIE_AGE from sign-in (absolute) or SESSION_IDLE_SECONDS without a request (0: no idle limit), whichever
# comes first (gonghui.ops.middleware.SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, e.g. "10.0.0.5,10.1.0.0/16").
TRUSTED_PROXIES: list[str] = env.list("TRUSTED_PROXIES", default=[])

# Staff sign-in throttling (django-axes): 5 failures lock the username from that address for 15 minutes, and
# 20 failures from one address (whatever the usernames: password spraying) lock that address for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "gonghui.common.middleware.client_ip"
STAFF_SIGNIN_MAX_FAILURES_PER_ADDRESS = env.int("STAFF_SIGNIN_MAX_FAILURES_PER_ADDRESS", default=20)
STAFF_SIGNIN_ADDRESS_WINDOW_SECONDS = env.int("STAFF_SIGNIN_ADDRESS_WINDOW_SECONDS", default=15 * 60)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Gonghui 工会"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "gonghui" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
# Uploads and attachments: local disk by default; STORAGE_BACKEND=s3 puts them in an S3-compatible bucket (MinIO,
# Ceph, OSS, COS, S3) through django-storages, private, served by short-lived signed URLs.
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="local")
DEFAULT_STORAGE: dict[str, Any]
if STORAGE_BACKEND == "s3":
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path"),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "file_overwrite": False,
            "location": env.str("AWS_LOCATION", default=""),
        },
    }
elif STORAGE_BACKEND == "local":
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ValueError(f"STORAGE_BACKEND must be 'local' or 's3', not {STORAGE_BACKEND!r}")
# Private attachments (gonghui.attachments: certificates, invoices, visit photos, signed records) have a storage
# of their own, never served as media: on disk under PRIVATE_ROOT (outside MEDIA_ROOT and STATIC_ROOT, files 0600,
# directories 0700), or with STORAGE_BACKEND=s3 under the prefix AWS_PRIVATE_LOCATION of the same private bucket.
# Only the attachment view streams them, after asking the owning record whether the user may see it.
PRIVATE_ROOT = Path(env.str("PRIVATE_ROOT", default=str(VAR_DIR / "private")))
PRIVATE_STORAGE: dict[str, Any]
if STORAGE_BACKEND == "s3":
    PRIVATE_STORAGE = {
        "BACKEND": DEFAULT_STORAGE["BACKEND"],
        "OPTIONS": {
            **DEFAULT_STORAGE["OPTIONS"],
            "location": env.str("AWS_PRIVATE_LOCATION", default="private"),
            "querystring_expire": 60,
        },
    }
else:
    PRIVATE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(PRIVATE_ROOT),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
STORAGES = {
    "default": DEFAULT_STORAGE,
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Attachments: the largest upload taken (bytes, checked before the file is read), the longest side an image is
# scaled down to, and the most pixels an image may declare before it is decoded (a decompression bomb is refused).
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
ATTACHMENT_MAX_IMAGE_SIDE = env.int("ATTACHMENT_MAX_IMAGE_SIDE", default=2000)
ATTACHMENT_MAX_PIXELS = env.int("ATTACHMENT_MAX_PIXELS", default=50_000_000)
# A removed attachment's file is deleted from storage this many days after its removal (its row stays).
ATTACHMENT_PURGE_AFTER_DAYS = env.int("ATTACHMENT_PURGE_AFTER_DAYS", default=90)
WHITENOISE_USE_FINDERS = True
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]

API_THROTTLE_RATES = {
    "anon": env.str("API_THROTTLE_ANON", default="60/min"),
    "user": env.str("API_THROTTLE_USER", default="1200/min"),
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # IsStaff first (403 before 400), then unknown query parameters refused on collection endpoints.
    "DEFAULT_PERMISSION_CLASSES": ["gonghui.api.permissions.IsStaff", "gonghui.api.query.KnownQueryParameters"],
    "DEFAULT_PAGINATION_CLASS": "gonghui.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "gonghui.api.schema.GonghuiAutoSchema",  # documents 400/403/404/409
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
    "EXCEPTION_HANDLER": "gonghui.api.exceptions.exception_handler",
    # Rates per client address (anonymous) and per account (signed in), counted in the default cache; the rates
    # are read from API_THROTTLE_RATES on every request (gonghui.api.throttling); 429 with Retry-After.
    "DEFAULT_THROTTLE_CLASSES": ["gonghui.api.throttling.AnonThrottle", "gonghui.api.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": API_THROTTLE_RATES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gonghui API",
    "DESCRIPTION": "工会数字化服务平台 JSON API (v1)",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "gonghui.orgs.models.UnitKind",
        "UnitStatusEnum": "gonghui.orgs.models.UnitStatus",
        "DayKindEnum": "gonghui.workdays.models.DayKind",
        "DaySourceEnum": "gonghui.workdays.models.DaySource",
        "StepLevelEnum": "gonghui.review.models.StepLevel",
        "StepKindEnum": "gonghui.review.models.StepKind",
        "CaseStatusEnum": "gonghui.review.models.CaseStatus",
        "ReviewEventActionEnum": "gonghui.review.models.EventAction",
        "ObjectionStatusEnum": "gonghui.review.models.ObjectionStatus",
        "FinanceAccountKindEnum": "gonghui.finance.models.AccountKind",
        "FinanceVoucherStatusEnum": "gonghui.finance.models.VoucherStatus",
        "FinancePaymentStatusEnum": "gonghui.finance.models.PaymentStatus",
        "FinanceBudgetStatusEnum": "gonghui.finance.models.BudgetStatus",
        "FinanceFindingStatusEnum": "gonghui.finance.models.FindingStatus",
        "FinanceRectificationStatusEnum": "gonghui.finance.models.RectificationStatus",
        "FinanceSeverityEnum": "gonghui.finance.models.Severity",
        "AssistanceHardshipStatusEnum": "gonghui.assistance.models.HardshipStatus",
        "AssistanceHardshipCategoryEnum": "gonghui.assistance.models.HardshipCategory",
        "AssistanceHardshipCauseEnum": "gonghui.assistance.models.HardshipCause",
        "AssistanceFileStatusEnum": "gonghui.assistance.models.FileStatus",
        "AssistanceSupportKindEnum": "gonghui.assistance.models.SupportKind",
        "AssistanceSupportStatusEnum": "gonghui.assistance.models.SupportStatus",
        "AssistanceAnnualReviewStatusEnum": "gonghui.assistance.models.ReviewStatus",
        "AssistanceLeaveReasonEnum": "gonghui.assistance.models.LeaveReason",
        "RetireesVisitReasonEnum": "gonghui.retirees.models.VisitReason",
        "RetireesCondolenceReasonEnum": "gonghui.retirees.models.CondolenceReason",
        "AssistanceCampaignKindEnum": "gonghui.assistance.models.CampaignKind",
        "AssistanceCampaignFormEnum": "gonghui.assistance.models.CampaignForm",
        "AssistanceSupportFormEnum": "gonghui.assistance.models.SupportForm",
        "AssistanceCampaignStatusEnum": "gonghui.assistance.models.CampaignStatus",
        "MutualAidBenefitKindEnum": "gonghui.mutual_aid.models.BenefitKind",
        "MutualAidClaimStatusEnum": "gonghui.mutual_aid.models.ClaimStatus",
        "HonorsCampaignStatusEnum": "gonghui.honors.models.CampaignStatus",
        "HonorsNominationStatusEnum": "gonghui.honors.models.NominationStatus",
        "HonorsLevelEnum": "gonghui.honors.models.HonorLevel",
        "HonorsTitleEnum": "gonghui.honors.models.HonorTitle",
        "MutualAidRelationEnum": "gonghui.mutual_aid.models.Relation",
        "HonorsStudioStatusEnum": "gonghui.honors.models.StudioStatus",
        "HonorsPraiseStatusEnum": "gonghui.honors.models.PraiseStatus",
        # worker_services ``points/``: two "kind" choice sets (a point's kind, a report's kind).
        "ServicePointKindEnum": "gonghui.worker_services.models.PointKind",
        "PointReportKindEnum": "gonghui.worker_services.models.ReportKind",
    },
}

# Background tasks: the database backend (manage.py db_worker) by default; TASKS_BACKEND=django_tasks_rq.RQBackend
# moves them to RQ on Redis (RQ_REDIS_URL, default REDIS_URL), run by
# ``manage.py rqworker --job-class django_tasks_rq.Job default`` on any number of machines.
TASKS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}
RQ_QUEUES = {
    "default": {
        "URL": env.str("RQ_REDIS_URL", default=REDIS_URL or "redis://127.0.0.1:6379/0"),
        "DEFAULT_TIMEOUT": env.int("RQ_DEFAULT_TIMEOUT", default=3600),
    }
}
if TASKS["default"]["BACKEND"].startswith("django_tasks_rq."):
    INSTALLED_APPS += ["django_rq"]
    TASKS["default"]["QUEUES"] = list(RQ_QUEUES)

# Roster import: on PostgreSQL, write each batch on a second connection while the next one is prepared
# (gonghui.members.imports.pipeline.pipelined).
MEMBER_IMPORT_PIPELINE = env.bool("MEMBER_IMPORT_PIPELINE", default=True)

# Finished background-task results kept in the database (pruned every 6 h by ``common.prune_task_results``).
TASK_RESULTS_KEEP_DAYS = env.int("TASK_RESULTS_KEEP_DAYS", default=1)
TASK_RESULTS_FAILED_KEEP_DAYS = env.int("TASK_RESULTS_FAILED_KEEP_DAYS", default=30)

# Member statistics (target P5): the refresh job recomputes only the groups whose members changed; a full
# recompute runs anyway at least this often (a safety net for a write that marked nothing) and on a new day.
MEMBER_STATS_FULL_REFRESH_MINUTES = env.int("MEMBER_STATS_FULL_REFRESH_MINUTES", default=60)

# Personal data encryption (gonghui.common.crypto). Production sets PII_KEYS as JSON {"key id": "base64 of 32
# bytes"}, PII_ACTIVE_KEY_ID and PII_INDEX_KEY; the development keys below are refused by ``check --deploy``.
DEV_PII_KEYS = {"dev1": "ZGV2LW9ubHktcGlpLWtleS0wMDAwMDAwMDAwMDAwMDA="}
DEV_PII_INDEX_KEY = "ZGV2LW9ubHktaW5kZXgta2V5LTAwMDAwMDAwMDAwMDAwMDA="
PII_KEYS: dict[str, str] = env.json("PII_KEYS", default=DEV_PII_KEYS)
PII_ACTIVE_KEY_ID = env.str("PII_ACTIVE_KEY_ID", default="dev1")
PII_INDEX_KEY = env.str("PII_INDEX_KEY", default=DEV_PII_INDEX_KEY)
# Ed25519 key signing member cards (base64 of the raw 32-byte private key); empty → the development key,
# which ``check --deploy`` refuses.
MEMBER_CARD_SIGNING_KEY = env.str("MEMBER_CARD_SIGNING_KEY", default="")

# SMS one-time codes for the member portal.
SMS_BACKEND = env.str("SMS_BACKEND", default="gonghui.accounts.sms.FileSmsBackend")
SMS_OUTBOX_FILE = Path(env.str("SMS_OUTBOX_FILE", default=str(VAR_DIR / "sms-outbox.log")))
SMS_CODE_TTL_SECONDS = 5 * 60
SMS_RESEND_INTERVAL_SECONDS = 60
# Sending codes (accounts.services.sms_code_request): a browser that signed in with the phone before (a signed
# cookie, SMS_DEVICE_COOKIE_DAYS) has its own daily allowance; other requests count per phone and address, and
# together against a per-phone ceiling that the device's requests never count against (docs/security.md).
SMS_MAX_PER_DEVICE_PER_DAY = env.int("SMS_MAX_PER_DEVICE_PER_DAY", default=10)
SMS_MAX_PER_PHONE_ADDRESS_PER_DAY = env.int("SMS_MAX_PER_PHONE_ADDRESS_PER_DAY", default=5)
SMS_MAX_PER_PHONE_PER_DAY = env.int("SMS_MAX_PER_PHONE_PER_DAY", default=20)
SMS_MAX_PER_IP_PER_HOUR = 30
SMS_DEVICE_COOKIE_DAYS = env.int("SMS_DEVICE_COOKIE_DAYS", default=180)
# Wrong codes back off per phone AND client address (never a lock of the phone): 3 free tries within the window,
# then a wait of 30 s, 60 s, 120 s, ... up to 15 minutes before the next try (docs/security.md).
SMS_FREE_WRONG_TRIES = env.int("SMS_FREE_WRONG_TRIES", default=3)
SMS_BACKOFF_BASE_SECONDS = env.int("SMS_BACKOFF_BASE_SECONDS", default=30)
SMS_BACKOFF_MAX_SECONDS = env.int("SMS_BACKOFF_MAX_SECONDS", default=15 * 60)
SMS_FAILURE_WINDOW_SECONDS = env.int("SMS_FAILURE_WINDOW_SECONDS", default=60 * 60)
# A code tried wrongly this often from addresses other than the one that asked for it is refused from them.
SMS_CODE_MAX_WRONG_ELSEWHERE = env.int("SMS_CODE_MAX_WRONG_ELSEWHERE", default=5)

# Logs: JSON lines with the request id (gonghui.ops.logs) or plain text; personal data is never logged (the access
# log names the URL pattern, not the path or query string) and ID and phone numbers are masked as a second defence.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "gonghui.ops.logs.RequestIdFilter"},
        # ID numbers and phones typed into searches travel in query strings: redacted in every line (common.logredact)
        "redact": {"()": "gonghui.common.logredact.RedactPersonalNumbers"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "gonghui.ops.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id", "redact"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per request: on with JSON logs, else only when LOG_ACCESS=true.
        "gonghui.access": {"level": "INFO" if env.bool("LOG_ACCESS", default=LOG_FORMAT == "json") else "WARNING"},
        # runserver's request lines: through the redacting handler instead of Django's own
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Operations (gonghui.ops): probes /healthz and /readyz, Prometheus /metrics.
# /metrics answers a bearer token (METRICS_TOKEN) or a client in METRICS_ALLOWED_NETWORKS (CIDR list).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS: list[str] = env.list("METRICS_ALLOWED_NETWORKS", default=["127.0.0.1/32", "::1/128"])
# /readyz fails when the oldest waiting task has waited longer than this (0: never).
OPS_TASK_QUEUE_MAX_LAG_SECONDS = env.int("OPS_TASK_QUEUE_MAX_LAG_SECONDS", default=300)

# Error reporting to the federation's own Sentry, when SENTRY_DSN is set (gonghui.ops.sentry: no personal data).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from gonghui.ops.sentry import init as _sentry_init

    _sentry_init(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default="") or None,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
