from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("console/", include("gonghui.console.urls")),
    path("console/orgs/", include("gonghui.orgs.urls")),
    path("console/access/", include("gonghui.authz.urls")),
    path("console/audit/", include("gonghui.audit.urls")),
    path("console/policy/", include("gonghui.policy.urls")),
    path("console/review/", include("gonghui.review.urls")),
    path("console/calendar/", include("gonghui.workdays.urls")),
    path("console/members/", include("gonghui.members.urls")),
    path("console/finance/", include("gonghui.finance.urls")),
    path("api/", include("gonghui.api.urls")),
    path("", include("gonghui.members.portal_urls")),
    path("", include("gonghui.finance.portal_urls")),
    path("", include("gonghui.portal.urls")),
]
