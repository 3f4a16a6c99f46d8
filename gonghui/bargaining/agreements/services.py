"""A signed agreement's life: the employers it covers, filing with the labour department, effect, publication to
workers, expiry and renewal.

- Coverage (``coverage_add`` / ``coverage_remove``): a regional or industry agreement lists the employers it covers
  (active employers of the case's union's subtree), with their staff count when listed; until it is filed.
- Filing (``agreement_file``): due within ``bargaining.filing_days`` calendar days of signing. The objection window
  (``bargaining.objection_days`` calendar days from filing) starts; an objection received (``agreement_objection``)
  sends the case back to the talks; with none, the agreement takes effect on the day after the window
  (``agreements_take_effect``, a daily job), and the publication period (``bargaining.publish_working_days``
  working days) and the renewal reminder (``bargaining.renewal_notice_days`` before the end) start.
- Publication (``agreement_publish``): workers of the covered employers see it on the portal from then on.
- ``agreements_expire`` (daily): reminders once from the notice day, expiry after the last day.
- Renewal (``agreement_renew``): a new request with the same parties and coverage; the old agreement becomes
  "renewed" when the new one is signed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.authz.access import Actor
from gonghui.bargaining.models import (
    BargainingCase,
    BargainingLevel,
    CaseDeadline,
    CaseStatus,
    CoveredEmployer,
    DeadlineKind,
    Side,
)
from gonghui.bargaining.negotiations import rules
from gonghui.bargaining.negotiations.services import (
    CASE,
    audit,
    case_request,
    clean_text,
    deadline_start,
    event,
    lock,
    move,
    require_manage,
)
from gonghui.orgs.models import Employer
from gonghui.policy.selectors import policy_get

S = CaseStatus
COVERAGE_OPEN = (S.REQUESTED, S.REPLIED, S.NEGOTIATING, S.DRAFT, S.VOTED, S.SIGNED)
RENEWABLE = (S.IN_FORCE, S.PUBLISHED, S.EXPIRED)


def coverage_add(*, actor: Actor, case: BargainingCase, employer: Employer) -> CoveredEmployer:
    require_manage(actor, case)
    if case.level == BargainingLevel.EMPLOYER:
        raise ValidationError(_("企业集体合同只覆盖本企业。"), code="level")
    if not employer.is_active or not employer.unit.path.startswith(case.unit.path):
        raise ValidationError({"employer": _("该企业不在本工会的范围内。")}, code="employer")
    try:
        with transaction.atomic():
            locked = lock(case)
            if locked.status not in COVERAGE_OPEN:
                raise ValidationError(_("集体合同已报送，覆盖企业不能再变更。"), code="stale")
            row = CoveredEmployer.objects.create(case=locked, employer=employer, staff_count=employer.staff_count)
            audit(actor, locked, "coverage_add", {"employer": employer.pk, "staff": employer.staff_count})
    except IntegrityError:
        raise ValidationError({"employer": _("该企业已在覆盖范围内。")}, code="duplicate") from None
    return row


def coverage_remove(*, actor: Actor, covered: CoveredEmployer) -> None:
    case = covered.case
    require_manage(actor, case)
    if case.level == BargainingLevel.EMPLOYER:
        raise ValidationError(_("企业集体合同只覆盖本企业。"), code="level")
    with transaction.atomic():
        locked = lock(case)
        if locked.status not in COVERAGE_OPEN:
            raise ValidationError(_("集体合同已报送，覆盖企业不能再变更。"), code="stale")
        CoveredEmployer.objects.filter(pk=covered.pk).delete()
        audit(actor, locked, "coverage_remove", {"employer": covered.employer_id})


def agreement_file(*, actor: Actor, case: BargainingCase, filed_on: date, labour_department: str) -> BargainingCase:
    """Filed with the labour department: the objection window starts."""
    require_manage(actor, case)
    labour_department = clean_text(
        labour_department, field="labour_department", label=_("受理的劳动保障行政部门"), limit=120, required=True
    )
    if filed_on > timezone.localdate():
        raise ValidationError({"filed_on": _("日期不能晚于今天。")}, code="future")
    with transaction.atomic():
        locked = lock(case)
        CASE.check(locked.status, "file")
        if locked.signed_on and filed_on < locked.signed_on:
            raise ValidationError({"filed_on": _("报送日期不能早于签订日期。")}, code="date")
        locked.filed_on, locked.labour_department = filed_on, labour_department
        locked.save(update_fields=["filed_on", "labour_department"])
        move(locked, "file", actor, on=filed_on, comment=labour_department)
        window = deadline_start(
            locked, DeadlineKind.OBJECTION, key="bargaining.objection_days", day_unit=rules.CALENDAR, start=filed_on
        )
        audit(actor, locked, "agreement_file", {"filed_on": str(filed_on), "objection_until": str(window.due_on)})
    return locked


def agreement_objection(*, actor: Actor, case: BargainingCase, text: str, on: date | None = None) -> BargainingCase:
    """The labour department objected within its window: back to the talks (the draft is revised, voted and signed
    again)."""
    require_manage(actor, case)
    text = clean_text(text, field="text", label=_("审查意见"), limit=5000, required=True)
    day = on or timezone.localdate()
    with transaction.atomic():
        locked = lock(case)
        move(locked, "objection", actor, on=day, comment=text)
        locked.filed_on = None
        locked.save(update_fields=["filed_on"])
        audit(actor, locked, "agreement_objection")
    return locked


def _take_effect(case: BargainingCase, window: CaseDeadline) -> None:
    effective = window.due_on + timedelta(days=1)
    case.in_force_on = effective
    case.save(update_fields=["in_force_on"])
    move(case, "take_effect", None, on=effective)
    deadline_start(
        case, DeadlineKind.PUBLISH, key="bargaining.publish_working_days", day_unit=rules.WORKING, start=effective
    )
    if case.ends_on is not None:
        notice = policy_get("bargaining.renewal_notice_days", case.unit, on=effective)
        days = int(notice.value)
        CaseDeadline.objects.update_or_create(
            case=case,
            kind=DeadlineKind.RENEWAL,
            defaults={
                "starts_on": max(effective, case.ends_on - timedelta(days=days)),
                "due_on": case.ends_on,
                "amount": days,
                "day_unit": rules.CALENDAR,
                "policy_key": "bargaining.renewal_notice_days",
                "policy": notice.to_trace(),
                "escalates": False,
                "met_on": None,
                "escalated_at": None,
                "reminded_at": None,
            },
        )


def agreements_take_effect(*, today: date) -> int:
    """Filed agreements whose objection window ended before ``today`` without an objection take effect on the day
    after the window (a daily job: no actor). Returns how many."""
    done = 0
    with transaction.atomic():
        windows = list(
            CaseDeadline.objects.select_for_update(of=("self",))
            .filter(kind=DeadlineKind.OBJECTION, met_on__isnull=True, due_on__lt=today, case__status=S.FILED)
            .order_by("pk")
        )
        for window in windows:
            case = lock(BargainingCase(pk=window.case_id))
            if case.status != S.FILED:
                continue
            _take_effect(case, window)
            done += 1
    return done


def agreement_publish(*, actor: Actor, case: BargainingCase, published_on: date, how: str = "") -> BargainingCase:
    """Published to the workers (notice board, intranet, ...): the covered employers' workers see it on the portal."""
    require_manage(actor, case)
    how = clean_text(how, field="how", label=_("公布方式"), limit=200)
    if published_on > timezone.localdate():
        raise ValidationError({"published_on": _("日期不能晚于今天。")}, code="future")
    with transaction.atomic():
        locked = lock(case)
        CASE.check(locked.status, "publish")
        if locked.in_force_on and published_on < locked.in_force_on:
            raise ValidationError({"published_on": _("公布日期不能早于生效日期。")}, code="date")
        locked.published_on = published_on
        locked.save(update_fields=["published_on"])
        move(locked, "publish", actor, on=published_on, comment=how)
        audit(actor, locked, "agreement_publish", {"published_on": str(published_on)})
    return locked


def agreements_expire(*, today: date, now: datetime | None = None) -> dict[str, int]:
    """Daily: a renewal reminder once from the notice day (an event on the case), expiry after the last day."""
    stamp = now or timezone.now()
    with transaction.atomic():
        due = list(
            CaseDeadline.objects.select_for_update(of=("self",))
            .filter(
                kind=DeadlineKind.RENEWAL,
                met_on__isnull=True,
                reminded_at__isnull=True,
                starts_on__lte=today,
                case__status__in=(S.IN_FORCE, S.PUBLISHED),
            )
            .select_related("case")
            .order_by("pk")
        )
        CaseDeadline.objects.filter(pk__in=[d.pk for d in due]).update(reminded_at=stamp)
        for deadline in due:
            event(deadline.case, "remind", deadline.case.status, deadline.case.status, None, str(deadline.due_on))
        ended = list(
            BargainingCase.objects.select_for_update()
            .filter(status__in=(S.IN_FORCE, S.PUBLISHED), ends_on__lt=today)
            .order_by("pk")
        )
        for case in ended:
            move(case, "expire", None, on=today)
    return {"reminded": len(due), "expired": len(ended)}


def agreement_renew(*, actor: Actor, case: BargainingCase, requested_on: date | None = None) -> BargainingCase:
    """Start the renewal talks: a new request by the union with the same parties and coverage."""
    require_manage(actor, case)
    if case.status not in RENEWABLE:
        raise ValidationError(_("只有已生效或已到期的集体合同可以续签。"), code="stale")
    if BargainingCase.objects.filter(renews=case).exclude(status=S.REFUSED).exists():
        raise ValidationError(_("该集体合同已在续签中。"), code="duplicate")
    day = requested_on or timezone.localdate()
    return case_request(
        actor=actor,
        unit=case.unit,
        level=case.level,
        kind=case.kind,
        title=_("%(title)s（续签）") % {"title": case.title},
        initiated_by=Side.UNION,
        requested_on=day,
        employer=case.employer,
        employer_party=case.employer_party,
        request_text=_("原集体合同将于 %(d)s 期满，提出续签协商。") % {"d": case.ends_on},
        renews=case,
    )
