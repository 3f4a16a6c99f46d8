"""The project's URLs. This is the one place that lists every app's pages: a new app adds its console pages, its
portal pages and its API module here (and itself to ``INSTALLED_APPS``); everything else it contributes (menu
entries, portal tiles, recurring jobs, review outcome handlers) it registers in its own ``AppConfig.ready()``."""

from django.urls import include, path

from gonghui.accounts import api as accounts_api
from gonghui.api.urls import api_urlpatterns
from gonghui.assistance import api as assistance_api
from gonghui.audit import api as audit_api
from gonghui.authz import api as authz_api
from gonghui.bargaining import api as bargaining_api
from gonghui.congress import api as congress_api
from gonghui.contests import api as contests_api
from gonghui.finance import api as finance_api
from gonghui.honors import api as honors_api
from gonghui.legal_aid import api as legal_aid_api
from gonghui.members import api as members_api
from gonghui.mutual_aid import api as mutual_aid_api
from gonghui.notifications import api as notifications_api
from gonghui.orgs import api as orgs_api
from gonghui.overview import api as overview_api
from gonghui.policy import api as policy_api
from gonghui.ratings import api as ratings_api
from gonghui.recuperation import api as recuperation_api
from gonghui.retirees import api as retirees_api
from gonghui.review import api as review_api
from gonghui.workdays import api as workdays_api
from gonghui.worker_services import api as worker_services_api

API = [
    accounts_api,
    orgs_api,
    authz_api,
    audit_api,
    policy_api,
    workdays_api,
    review_api,
    notifications_api,
    ratings_api,
    overview_api,
    members_api,
    finance_api,
    assistance_api,
    mutual_aid_api,
    honors_api,
    recuperation_api,
    congress_api,
    bargaining_api,
    legal_aid_api,
    contests_api,
    worker_services_api,
    retirees_api,
]

urlpatterns = [
    path("", include("gonghui.ops.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("files/", include("gonghui.attachments.urls")),
    path("console/", include("gonghui.console.urls")),
    path("console/orgs/", include("gonghui.orgs.urls")),
    path("console/access/", include("gonghui.authz.urls")),
    path("console/audit/", include("gonghui.audit.urls")),
    path("console/policy/", include("gonghui.policy.urls")),
    path("console/review/", include("gonghui.review.urls")),
    path("console/calendar/", include("gonghui.workdays.urls")),
    path("console/ratings/", include("gonghui.ratings.urls")),
    path("console/overview/", include("gonghui.overview.urls")),
    path("console/members/", include("gonghui.members.urls")),
    path("console/finance/", include("gonghui.finance.urls")),
    path("console/assistance/", include("gonghui.assistance.urls")),
    path("console/mutual-aid/", include("gonghui.mutual_aid.urls")),
    path("console/honors/", include("gonghui.honors.urls")),
    path("console/recuperation/", include("gonghui.recuperation.urls")),
    path("console/congress/", include("gonghui.congress.urls")),
    path("console/bargaining/", include("gonghui.bargaining.urls")),
    path("console/legal-aid/", include("gonghui.legal_aid.urls")),
    path("console/contests/", include("gonghui.contests.urls")),
    path("console/services/", include("gonghui.worker_services.urls")),
    path("console/retirees/", include("gonghui.retirees.urls")),
    path("api/", include(api_urlpatterns(API))),
    path("", include("gonghui.members.portal_urls")),
    path("", include("gonghui.finance.portal_urls")),
    path("", include("gonghui.assistance.portal_urls")),
    path("", include("gonghui.mutual_aid.portal_urls")),
    path("", include("gonghui.honors.portal_urls")),
    path("", include("gonghui.recuperation.portal_urls")),
    path("", include("gonghui.congress.portal_urls")),
    path("", include("gonghui.bargaining.portal_urls")),
    path("", include("gonghui.legal_aid.portal_urls")),
    path("", include("gonghui.contests.portal_urls")),
    path("", include("gonghui.worker_services.portal_urls")),
    path("", include("gonghui.retirees.portal_urls")),
    path("", include("gonghui.notifications.portal_urls")),
    path("", include("gonghui.ratings.portal_urls")),
    path("", include("gonghui.portal.urls")),
]
