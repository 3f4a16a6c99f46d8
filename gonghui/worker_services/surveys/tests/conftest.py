"""The cached digest of open surveys (the portal tile's first question) is emptied after each test here, so that no
test leaves surveys of its rolled-back database in the cache for the tests after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gonghui.worker_services.surveys import digest


@pytest.fixture(autouse=True)
def _no_open_survey_digest_left() -> Iterator[None]:
    digest.clear()
    yield
    digest.clear()
