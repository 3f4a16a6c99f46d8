"""The charting library (plotly.js from the pinned PyPI ``plotly`` wheel) is served locally as
``vendor/plotly.min.js`` through ``gonghui.members.stats.staticfinders.PlotlyFinder``."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import override_settings

from gonghui.members.stats.staticfinders import (
    FILENAME,
    PLOTLY_CSS,
    STATIC_PATH,
    PlotlyFinder,
    plotly_css,
    plotly_js_dir,
)

FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "gonghui.members.stats.staticfinders.PlotlyFinder",
]


def test_finder_finds_plotly_js() -> None:
    finder = PlotlyFinder()
    assert finder.check() == []
    found = finder.find(STATIC_PATH)
    assert isinstance(found, str)
    assert Path(found).read_bytes()[:200].find(b"plotly.js") >= 0
    assert finder.find(STATIC_PATH, find_all=True) == [found]
    assert finder.find("vendor/other.js") is None
    [(path, storage)] = list(finder.list(None))
    assert (storage.prefix, path) == ("vendor", "plotly.min.js")  # type: ignore[attr-defined]


def test_finder_through_django_finders() -> None:
    with override_settings(STATICFILES_FINDERS=FINDERS):
        finders.get_finder.cache_clear()  # type: ignore[attr-defined]
        try:
            assert finders.find(STATIC_PATH)
            assert finders.find("members/stats.js")
        finally:
            finders.get_finder.cache_clear()  # type: ignore[attr-defined]


def test_plotly_css_matches_the_installed_plotly() -> None:
    """``static/members/plotly.css`` holds plotly.js's built-in rules (CSP forbids their inline injection)."""
    folder = plotly_js_dir()
    assert folder is not None
    css = plotly_css((folder / FILENAME).read_text(encoding="utf-8"))
    assert ".js-plotly-plot .plotly .main-svg {position:absolute;" in css
    assert PLOTLY_CSS.read_text(encoding="utf-8") == css, "regenerate with staticfinders.write_plotly_css()"
