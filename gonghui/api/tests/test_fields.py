"""ChoiceLabelField gives exactly what ``get_<field>_display()`` gives, in each language, for every choice and for a
value outside the choices; the units list shows the labels."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation
from rest_framework import serializers

from gonghui.api.fields import ChoiceLabelField
from gonghui.orgs.models import OrgUnit, UnitKind, UnitStatus
from gonghui.review.models import ProcessStep, StepKind, StepLevel


class UnitLabels(serializers.ModelSerializer[OrgUnit]):
    kind_display = ChoiceLabelField(source="kind")
    status_display = ChoiceLabelField(source="status")

    class Meta:
        model = OrgUnit
        fields = ["kind_display", "status_display"]


class StepLabels(serializers.ModelSerializer[ProcessStep]):
    level_display = ChoiceLabelField(source="level")
    kind_display = ChoiceLabelField(source="kind")

    class Meta:
        model = ProcessStep
        fields = ["level_display", "kind_display"]


def _rows(model: type[Any], field_a: str, values_a: list[Any], field_b: str, values_b: list[Any]) -> list[Any]:
    rows = [model(**{field_a: a, field_b: b}) for a in values_a for b in values_b]
    rows.append(model(**{field_a: "no-such-choice", field_b: ""}))  # outside the choices: the value itself
    return rows


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_labels_are_get_display_in_each_language(language):
    units = _rows(OrgUnit, "kind", list(UnitKind.values), "status", list(UnitStatus.values))
    steps = _rows(ProcessStep, "level", list(StepLevel.values), "kind", list(StepKind.values))
    with translation.override(language):
        unit_data = UnitLabels(units, many=True).data
        step_data = StepLabels(steps, many=True).data
        assert [dict(row) for row in unit_data] == [
            {"kind_display": u.get_kind_display(), "status_display": u.get_status_display()} for u in units
        ]
        assert [dict(row) for row in step_data] == [
            {"level_display": s.get_level_display(), "kind_display": s.get_kind_display()} for s in steps
        ]
    assert unit_data[-1]["kind_display"] == "no-such-choice"


def test_labels_follow_the_language_of_each_serializer():
    unit = OrgUnit(kind=UnitKind.GRASSROOTS, status=UnitStatus.values[0])
    with translation.override("zh-hans"):
        assert UnitLabels(unit).data["kind_display"] == "基层工会"
    with translation.override("en"):
        english = UnitLabels(unit).data["kind_display"]
        assert english == unit.get_kind_display() != "基层工会"
