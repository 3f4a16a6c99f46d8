"""Business sources shown by name: the longest registered prefix wins, the link only for whom may see the record,
an unknown kind shows "其他业务" and the reference."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.utils import translation

from gonghui.common.sources import SOURCES, SourceKind, SourceRef, source_label, source_show


@pytest.fixture
def kinds():
    seen: list[tuple[str, object]] = []

    def url(ref: SourceRef, actor: object) -> str:
        seen.append((ref.key, actor))
        if actor == "outsider":
            raise Http404
        return f"/console/x/{ref.key}/"

    SOURCES.add(
        "testkinds",
        [SourceKind("testapp", "测试业务"), SourceKind("testapp.support", "测试帮扶", url=url)],
    )
    yield seen
    SOURCES.add("testkinds", [])


def test_the_exact_kind_wins_over_its_app_and_the_app_covers_its_other_kinds(kinds):
    assert source_label("testapp.support:12") == "测试帮扶 12"
    assert source_label("testapp.other:3") == "测试业务 3"
    assert source_label("testappx.support:1").startswith("其他业务")


def _url(raw: str, actor: object = None) -> str:
    shown = source_show(raw, actor=actor)
    assert shown is not None
    return shown.url


def test_the_link_is_looked_up_for_an_actor_and_dropped_when_the_record_is_out_of_sight(kinds):
    assert _url("testapp.support:12") == ""  # no actor: no lookup
    assert kinds == []
    assert _url("testapp.support:12", "staff") == "/console/x/12/"
    assert _url("testapp.support:12", "outsider") == ""
    assert _url("testapp.other:3", "staff") == ""  # a kind without pages


def test_an_unknown_or_malformed_reference_is_shown_neutrally_and_a_blank_one_not_at_all(kinds):
    shown = source_show("nowhere.thing:7", actor="staff")
    assert shown is not None
    assert not shown.known
    assert shown.url == ""
    assert shown.text == "其他业务（nowhere.thing:7）"
    assert source_label("no colon at all") == "其他业务（no colon at all）"
    assert source_label(":") == "其他业务（:）"
    assert source_show("") is None
    assert source_label("") == ""


def test_labels_follow_the_language(kinds):
    with translation.override("en"):
        assert source_label("nowhere:1") == "Other business (nowhere:1)"
        assert source_label("finance.duesreceipt:4") == "Dues collection 4"
        assert source_label("demo.recuperation:1") == "Recuperation (demo) 1"
