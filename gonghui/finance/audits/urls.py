"""Console pages of the funds audit under ``/console/finance/audits/``."""

from __future__ import annotations

from django.urls import path

from gonghui.finance.audits import views

urlpatterns = [
    path("audits/", views.audit_list, name="audit_list"),
    path("audits/dashboard/", views.audit_dashboard, name="audit_dashboard"),
    path("audits/new/", views.audit_new, name="audit_new"),
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
