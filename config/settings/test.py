"""Test settings: fast hashing, in-memory caches, immediate tasks."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SMS_OUTBOX_FILE = BASE_DIR / "var" / f"sms-outbox-test-{env.str('PYTEST_XDIST_WORKER', default='main')}.log"
AXES_ENABLED = True
# Throttling stays on, with rates no test reaches by accident (the throttle tests set their own).
API_THROTTLE_RATES = {"anon": "100000/min", "user": "100000/min"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            # PRIVATE_ROOT when given (the backup test runs manage.py on its own directories), else one per worker.
            "location": env.str(
                "PRIVATE_ROOT",
                default=str(BASE_DIR / "var" / f"private-test-{env.str('PYTEST_XDIST_WORKER', default='main')}"),
            ),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# WhiteNoise serves from the finders here; an existing (empty) STATIC_ROOT keeps it quiet.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# WhiteNoise lists every static file when a request handler starts, and every test client starts one: that listing
# was about a seventh of the suite's time. In autorefresh mode it looks a file up when it is asked for instead.
WHITENOISE_AUTOREFRESH = True
