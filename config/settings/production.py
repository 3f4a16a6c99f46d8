"""Production settings: everything secure by default; secrets come only from the environment."""

from .base import *  # noqa: F403
from .base import DEFAULT_STORAGE, PRIVATE_STORAGE, env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Persistent database connections (P4): each worker keeps its connection for CONN_MAX_AGE seconds instead of opening
# one per request (a new PostgreSQL backend costs ~5 ms of server CPU and ~2 ms here, more than most pages' queries).
# Django still closes a connection after an error or a broken transaction, and checks a reused one before the
# request's first query. One connection per gunicorn worker thread: size max_connections (or PgBouncer) for it.
for _alias in DATABASES:  # noqa: F405
    DATABASES[_alias].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=300))  # noqa: F405
    DATABASES[_alias].setdefault("CONN_HEALTH_CHECKS", True)  # noqa: F405

STORAGES = {
    "default": DEFAULT_STORAGE,
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Structured logs by default in production (LOG_FORMAT=plain to opt out); the access log follows them.
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT == "json" else "plain"  # noqa: F405
LOGGING["loggers"]["gonghui.access"]["level"] = (  # noqa: F405
    "INFO" if env.bool("LOG_ACCESS", default=LOG_FORMAT == "json") else "WARNING"
)
