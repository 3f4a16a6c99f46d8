"""Production settings: everything secure by default; secrets come only from the environment."""

from .base import *  # noqa: F403
from .base import DEFAULT_STORAGE, env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Structured logs by default in production (LOG_FORMAT=plain to opt out); the access log follows them.
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT == "json" else "plain"  # noqa: F405
LOGGING["loggers"]["gonghui.access"]["level"] = (  # noqa: F405
    "INFO" if env.bool("LOG_ACCESS", default=LOG_FORMAT == "json") else "WARNING"
)
