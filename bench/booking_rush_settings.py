"""Production settings plus the naive booking view, for bench/booking_rush.py only (never deployed)."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.booking_rush_urls"
