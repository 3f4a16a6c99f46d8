"""The staff journey of a visit to a retiree in Debian's chromium: the union's clerk opens the overdue visits from the
list, records the visit as done with the visitors, notes, a gift value and a photo, and the visit's page shows it
done with the photo."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.urls import reverse

from gonghui.common.testing.browser import BROWSER_MARKS, signed_in_context
from gonghui.retirees.models import Visit, VisitStatus
from gonghui.retirees.tests import factories as f

pytestmark = BROWSER_MARKS


def _page(chromium: Any, live_server: Any, user: Any, errors: list[str]) -> Any:
    page = signed_in_context(chromium, live_server, user, viewport={"width": 1280, "height": 900}).new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page


def test_staff_record_a_visit_with_a_photo(chromium, live_server, world, tmp_path: Path):
    from PIL import Image

    member = f.retiree(world, name="吴秀兰")
    visit = f.visit(member, planned_on=date.today() - timedelta(days=2))
    photo = tmp_path / "visit.png"
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (180, 40, 40)).save(buffer, format="PNG")
    photo.write_bytes(buffer.getvalue())
    errors: list[str] = []
    page = _page(chromium, live_server, f.staff(world), errors)
    page.goto(live_server.url + reverse("retirees:visit_list") + "?overdue=1")
    page.click(f"a[href='{reverse('retirees:visit_detail', args=[visit.pk])}']")
    page.wait_for_selector("#visit-overdue")
    page.fill("#done-form #id_done_on", date.today().isoformat())
    page.fill("#done-form #id_visitors", "区总工会副主席")
    page.fill("#done-form #id_notes", "老人术后恢复良好。")
    page.fill("#done-form #id_gift_value", "200")
    page.set_input_files("#done-form input[type=file]", str(photo))
    page.click("#done-save")
    page.wait_for_selector("#visit-done-on")
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.DONE
    assert page.query_selector("#visit-files a") is not None
    assert errors == []
