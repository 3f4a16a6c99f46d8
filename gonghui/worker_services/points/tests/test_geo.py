"""Distances: the haversine against an independent reference (3-D chord on the unit sphere), the bounding box
holding every point within its radius across China's range (pole-free, dateline-free), the nearest search equal to
a brute-force sort of every public point, and the GCJ-02 conversion's round trip."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.worker_services.models import ServicePoint
from gonghui.worker_services.points import geo, selectors
from gonghui.worker_services.points.tests import factories as f

# China's extent, as the register holds it.
LAT = st.floats(min_value=18.0, max_value=53.5, allow_nan=False)
LON = st.floats(min_value=73.5, max_value=135.0, allow_nan=False)


def reference_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance from the chord between the two unit vectors (a different formula)."""

    def vec(lat: float, lon: float) -> tuple[float, float, float]:
        p, lam = math.radians(lat), math.radians(lon)
        return (math.cos(p) * math.cos(lam), math.cos(p) * math.sin(lam), math.sin(p))

    a, b = vec(lat1, lon1), vec(lat2, lon2)
    chord = math.dist(a, b)
    return 2 * geo.EARTH_RADIUS_M * math.asin(min(1.0, chord / 2))


def test_known_distance_hangzhou_to_ningbo():
    # 武林广场 to 天一广场: about 145 km as the crow flies.
    assert 140_000 < geo.haversine_m(30.27207, 120.16228, 29.87068, 121.55262) < 150_000
    assert geo.haversine_m(30.0, 120.0, 30.0, 120.0) == 0


@settings(max_examples=60, deadline=None)
@given(LAT, LON, LAT, LON)
def test_haversine_matches_reference(lat1, lon1, lat2, lon2):
    assert geo.haversine_m(lat1, lon1, lat2, lon2) == pytest.approx(reference_m(lat1, lon1, lat2, lon2), abs=0.01)
    assert geo.haversine_m(lat1, lon1, lat2, lon2) == pytest.approx(geo.haversine_m(lat2, lon2, lat1, lon1))


@settings(max_examples=60, deadline=None)
@given(
    LAT,
    LON,
    st.floats(min_value=100, max_value=300_000),
    st.floats(min_value=0, max_value=360),
    st.floats(min_value=0, max_value=1),
)
def test_bounding_box_holds_the_circle(lat, lon, radius, bearing, share):
    # A point at ``share`` of the radius in direction ``bearing`` (the direct geodesic on the sphere).
    d = radius * share / geo.EARTH_RADIUS_M
    p1, l1, b = math.radians(lat), math.radians(lon), math.radians(bearing)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    lat2, lon2 = math.degrees(p2), math.degrees(l2)
    box = geo.bounding_box(lat, lon, radius)
    eps = 1e-9
    assert box.min_lat - eps <= lat2 <= box.max_lat + eps
    assert box.min_lon - eps <= lon2 <= box.max_lon + eps


def test_gcj02_round_trip_and_offset():
    lat, lon = 30.27207, 120.16228
    glat, glon = geo.wgs84_to_gcj02(lat, lon)
    assert 100 < geo.haversine_m(lat, lon, glat, glon) < 800  # the published offset in 杭州
    back = geo.gcj02_to_wgs84(glat, glon)
    assert geo.haversine_m(lat, lon, *back) < 0.05
    assert geo.wgs84_to_gcj02(48.85, 2.35) == (48.85, 2.35)  # outside China: unchanged


def test_valid_position():
    assert geo.valid_position("30.1", "120.2") == (30.1, 120.2)
    for lat, lon in (("", "120"), ("91", "0"), ("nan", "1"), ("x", "1"), (None, None), ("30", "181")):
        assert geo.valid_position(lat, lon) is None


@pytest.mark.django_db
def test_nearest_equals_a_brute_force_sort(world):
    """Points scattered from a few hundred metres to 400 km around 杭州: the search returns exactly the public points
    a brute-force sort finds within the largest radius, nearest first; hidden points never."""
    import random

    rnd = random.Random(20)
    made = []
    for i in range(24):
        lat = 30.27 + rnd.uniform(-3.5, 3.5) * (0.02 if i % 3 else 1)
        lon = 120.16 + rnd.uniform(-3.5, 3.5) * (0.02 if i % 3 else 1)
        made.append(f.point(world, latitude=f"{lat:.6f}", longitude=f"{lon:.6f}", published=i % 7 != 0))
    ServicePoint.objects.filter(pk=made[1].pk).update(status="closed")

    @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.floats(28.5, 32.0), st.floats(118.5, 122.0), st.integers(1, 26))
    def check(lat, lon, limit):
        got = selectors.nearest_points(lat=lat, lon=lon, limit=limit)
        public = [p for p in selectors.public_points()]
        ref = sorted(
            ((p, geo.haversine_m(lat, lon, float(p.latitude), float(p.longitude))) for p in public),
            key=lambda r: r[1],
        )
        ref = [r for r in ref if r[1] <= selectors.RADII_M[-1]]
        # The search stops widening at the first radius holding ``limit`` points: the ``limit`` nearest are the same.
        assert [n.point.pk for n in got] == [p.pk for p, _d in ref[:limit]]
        assert all(n.point.published and n.point.status != "closed" for n in got)

    check()
