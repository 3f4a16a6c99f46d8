"""Every action the code base records has a Chinese label; labels resolve fields and choices."""

from __future__ import annotations

import re
from pathlib import Path

import gonghui
from gonghui.audit.labels import (
    ACTION_LABELS,
    action_choices,
    action_label,
    change_rows,
    data_rows,
    display_value,
    field_label,
    target_type_label,
)

ACTION_RE = re.compile(r"""\baction=["']([a-z_]+\.[a-z_]+)["']""")
PACKAGE = Path(gonghui.__file__).resolve().parent


def recorded_actions() -> dict[str, str]:
    """``{action: file}`` for every literal ``action="app.verb"`` outside tests."""
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "labels.py":
            continue
        for action in ACTION_RE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(action, str(path.relative_to(PACKAGE)))
    # Actions composed at run time: ``unit_update`` picks one of two, review cases record ``review.case_<action>``.
    found.setdefault("orgs.unit_rename", "orgs/services.py")
    from gonghui.review.models import EventAction

    for value in EventAction.values:
        found.setdefault(f"review.case_{value}", "review/transitions.py")
    return found


def test_every_recorded_action_has_a_label():
    missing = {action: where for action, where in recorded_actions().items() if action not in ACTION_LABELS}
    assert not missing, f"add these to gonghui/audit/labels.py ACTION_LABELS: {missing}"


def test_labels_and_fallback():
    assert action_label("orgs.unit_move") == "迁移组织"
    assert action_label("someapp.unknown_thing") == "someapp.unknown_thing"


def test_action_choices_group_by_app():
    choices = dict(action_choices())
    assert "orgs." in choices
    assert choices["orgs.unit_merge"].strip() == "合并组织（并出）"


def test_field_labels_and_values_come_from_the_model():
    assert target_type_label("orgs.orgunit") == "工会组织"
    assert target_type_label("nothing.here") == "nothing.here"
    assert field_label("orgs.orgunit", "region_code") == "行政区划代码"
    assert field_label("orgs.orgunit", "parent") == "上级组织"
    assert field_label("orgs.orgunit", "mystery") == "mystery"
    assert display_value("orgs.orgunit", "kind", "grassroots") == "基层工会"
    assert display_value("orgs.orgunit", "status", "dissolved") == "已撤销"
    assert display_value("orgs.orgunit", "name", "") == "—"
    assert display_value("", "active", False) == "否"
    assert display_value("", "children", [1, 2]) == "1、2"


def test_change_and_data_rows():
    rows = change_rows("orgs.orgunit", {"kind": ["grassroots", "joint"], "name": ["甲", "乙"]})
    assert [(r.label, r.before, r.after) for r in rows] == [("类型", "基层工会", "联合工会"), ("名称", "甲", "乙")]
    assert [(r.label, r.value) for r in data_rows({"reason": "企业关闭"})] == [("原因", "企业关闭")]


def test_iso_timestamps_are_shown_in_local_time():
    """Issue 13: no "2026-12-06T05:35:34+08:00" on an audit page."""
    from gonghui.audit.labels import display_value

    assert display_value("", "at", "2026-12-05T21:35:34+00:00") == "2026-12-06 05:35:34"
    assert display_value("", "at", "2026-12-06T05:35:34+08:00") == "2026-12-06 05:35:34"
    assert display_value("", "note", "2026-12-06 was a Sunday") == "2026-12-06 was a Sunday"
    assert display_value("", "code", "330106") == "330106"
