"""Distances on the earth, in one place: the haversine great-circle distance, the bounding box of a radius that a
query prefilters on (an index on latitude and longitude), and the exact nearest-first sort of what the box found.

Coordinates are WGS-84 degrees (what a browser's geolocation gives). Chinese web maps publish GCJ-02 (高德,
腾讯) offset by up to about 600 m; :func:`gcj02_to_wgs84` converts a point copied from one of them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)
T = TypeVar("T")


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in metres between two WGS-84 points (a sphere of the mean radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Box:
    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float


def bounding_box(lat: float, lon: float, radius_m: float) -> Box:
    """A latitude/longitude box holding every point within ``radius_m`` of ``(lat, lon)``. Sound away from the
    poles and the antimeridian (China lies well within both); near a pole the box takes every longitude."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    if max_lat >= 89.9 or min_lat <= -89.9:
        return Box(min_lat, max_lat, -180.0, 180.0)
    # The widest longitude span of the circle is at the latitude of the box's edge nearest the pole.
    widest = max(abs(min_lat), abs(max_lat))
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * math.cos(math.radians(widest))))
    return Box(min_lat, max_lat, max(-180.0, lon - dlon), min(180.0, lon + dlon))


def nearest(items: Iterable[T], lat: float, lon: float) -> list[tuple[T, float]]:
    """``items`` (each with ``latitude`` and ``longitude``) with their distance in metres, nearest first (ties by
    the order given). The exact sort of what a bounding-box query found."""
    rows = [(item, haversine_m(lat, lon, float(item.latitude), float(item.longitude))) for item in items]  # type: ignore[attr-defined]
    return sorted(rows, key=lambda row: row[1])


def valid_position(lat: object, lon: object) -> tuple[float, float] | None:
    """``(lat, lon)`` as floats from query parameters, or ``None`` when either is missing or out of range."""
    try:
        la, lo = float(str(lat)), float(str(lon))
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(la) and math.isfinite(lo)) or not (-90 <= la <= 90 and -180 <= lo <= 180):
        return None
    return la, lo


def in_china(lat: float, lon: float) -> bool:
    """Roughly within China's extent (where GCJ-02 applies)."""
    return 0.8293 <= lat <= 55.8271 and 72.004 <= lon <= 137.8347


def _transform(x: float, y: float) -> tuple[float, float]:
    lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    lat += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    lat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    lat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    lon += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    lon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    lon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return lat, lon


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """The published GCJ-02 obfuscation of a WGS-84 point (unchanged outside China)."""
    if not in_china(lat, lon):
        return lat, lon
    a, ee = 6378245.0, 0.00669342162296594323
    dlat, dlon = _transform(lon - 105.0, lat - 35.0)
    rad = math.radians(lat)
    magic = 1 - ee * math.sin(rad) ** 2
    sq = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((a * (1 - ee)) / (magic * sq) * math.pi)
    dlon = (dlon * 180.0) / (a / sq * math.cos(rad) * math.pi)
    return lat + dlat, lon + dlon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """The WGS-84 point whose GCJ-02 form is ``(lat, lon)``, by fixed-point iteration (under a centimetre)."""
    wlat, wlon = lat, lon
    for _ in range(30):
        glat, glon = wgs84_to_gcj02(wlat, wlon)
        dlat, dlon = glat - lat, glon - lon
        wlat, wlon = wlat - dlat, wlon - dlon
        if abs(dlat) < 1e-9 and abs(dlon) < 1e-9:
            break
    return wlat, wlon


def degrees(value: float) -> Decimal:
    """A coordinate as stored: six decimal places."""
    return Decimal(f"{value:.6f}")
