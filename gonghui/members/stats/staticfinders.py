"""Serve the charting library that the PyPI ``plotly`` wheel ships, as ``vendor/plotly.min.js``.

The statistics page draws its charts with plotly.js. The JavaScript comes from the pinned ``plotly`` package
(``plotly/package_data/plotly.min.js``), installed by pip like every other dependency: no npm, no CDN.
Enable with ``STATICFILES_FINDERS += ["gonghui.members.stats.staticfinders.PlotlyFinder"]``; ``collectstatic`` and
WhiteNoise (which lists finders in development) then pick the file up under ``STATIC_URL``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, overload

from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage

PREFIX = "vendor"
FILENAME = "plotly.min.js"
STATIC_PATH = f"{PREFIX}/{FILENAME}"


def plotly_js_dir() -> Path | None:
    """The ``package_data`` folder of the installed ``plotly`` package, without importing plotly itself."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "package_data"
    return folder if (folder / FILENAME).is_file() else None


class PlotlyFinder(BaseFinder):
    """Finds exactly one file: ``vendor/plotly.min.js``."""

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        if plotly_js_dir() is None:
            return [
                Error(
                    "plotly.min.js not found: install the pinned 'plotly' package (requirements/base.txt).",
                    id="members.E001",
                )
            ]
        return []

    @overload
    def find(self, path: str, find_all: Literal[False] = False) -> str | None: ...

    @overload
    def find(self, path: str, find_all: Literal[True]) -> list[str]: ...

    def find(self, path: str, find_all: bool = False) -> str | list[str] | None:
        folder = plotly_js_dir()
        found = str(folder / FILENAME) if path == STATIC_PATH and folder is not None else None
        if find_all:
            return [found] if found else []
        return found

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        folder = plotly_js_dir()
        if folder is None:
            return
        storage = FileSystemStorage(location=str(folder))
        storage.prefix = PREFIX  # type: ignore[attr-defined]
        yield FILENAME, storage


def plotly_css(js: str) -> str:
    """plotly.js's own style rules (which it would inject as an inline ``<style>``: blocked by our CSP), as a
    stylesheet. Served as ``members/plotly.css`` with ``<link id="plotly.js-style-global"
    class="no-inline-styles">``, which tells plotly.js not to inject them. Regenerate after upgrading plotly:
    ``python -c "from gonghui.members.stats.staticfinders import write_plotly_css; write_plotly_css()"``."""
    import re

    start = js.index('{"X,X div"')
    end = js.index("};for(", start)
    body = js[start + 1 : end]
    pairs = re.findall(r'"([^"]+)":(?:"([^"]*)"|\'([^\']*)\')', body)
    lines = ["/* Generated from plotly.js's built-in rules by gonghui.members.stats.staticfinders.plotly_css. */"]
    for key, double, single in pairs:
        selector = key.replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        if selector.startswith(","):
            selector = " " + selector
        lines.append(f"{selector} {{{double or single}}}")
    return "\n".join(lines) + "\n"


PLOTLY_CSS = Path(__file__).resolve().parents[1] / "static" / "members" / "plotly.css"  # the app's static folder


def write_plotly_css() -> None:
    folder = plotly_js_dir()
    if folder is None:
        raise RuntimeError("plotly is not installed")
    PLOTLY_CSS.write_text(plotly_css((folder / FILENAME).read_text(encoding="utf-8")), encoding="utf-8")
