"""Production settings plus one bare view, for bench/http_load.py only (never deployed)."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.http_urls"
