"""Console pages of the funds audit under ``/console/finance/audits/``."""

from __future__ import annotations

from django.urls import path

from gonghui.finance.audits import views
from gonghui.finance.audits.forms import AUDITED_UNIT_KINDS
from gonghui.finance.permissions import MANAGE_AUDIT
from gonghui.orgs.models import UnitStatus
from gonghui.orgs.picker import unit_search_view

urlpatterns = [
    path("audits/", views.audit_list, name="audit_list"),
    path("audits/dashboard/", views.audit_dashboard, name="audit_dashboard"),
    path("audits/new/", views.audit_new, name="audit_new"),
    path("audits/units/", unit_search_view(MANAGE_AUDIT, status=UnitStatus.ACTIVE), name="audit_unit_search"),
    path(
        "audits/units/audited/",
        unit_search_view(MANAGE_AUDIT, status=UnitStatus.ACTIVE, kinds=AUDITED_UNIT_KINDS),
        name="audited_unit_search",
    ),
    path("audits/<int:audit_id>/", views.audit_detail, name="audit_detail"),
    path("audits/<int:audit_id>/transition/", views.audit_transition, name="audit_transition"),
    path("audits/<int:audit_id>/papers/", views.audit_paper_add, name="audit_paper_add"),
    path("audits/<int:audit_id>/findings/", views.audit_finding_add, name="audit_finding_add"),
    path("audits/<int:audit_id>/report/", views.audit_report, name="audit_report"),
    path("audits/<int:audit_id>/report.xlsx", views.audit_report_export, name="audit_report_export"),
    path("audits/findings/<int:finding_id>/rectify/", views.rectification_issue, name="rectification_issue"),
    path("audits/rectifications/<int:rectification_id>/reply/", views.rectification_reply, name="rectification_reply"),
    path(
        "audits/rectifications/<int:rectification_id>/decide/",
        views.rectification_decide,
        name="rectification_decide",
    ),
]
