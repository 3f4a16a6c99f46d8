"""Console pages of workers' congresses: the list (filters, "overdue" filter, sort, pages), a new congress, a
congress's page (its terms, a new term), a term's page (the quota with its calculation, the composition check,
sections, representatives: elect, substitute, end) and the representatives' ``.xlsx`` (names masked, audited)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.congress.congresses import selectors, services
from gonghui.congress.congresses.forms import CongressForm, ElectForm, EndForm, SectionForm, SubstituteForm, TermForm
from gonghui.congress.models import CongressSection, CongressTerm, Representative, RepStatus
from gonghui.congress.permissions import MANAGE_CONGRESS, VIEW_CONGRESS
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.orgs.picker import bind_unit_pickers, unit_filter
from gonghui.policy.trace import Trace


def invalid(request: HttpRequest, form: object) -> None:
    """A form that did not parse: its errors as the page's message."""
    from django.contrib import messages

    errors = getattr(form, "errors", {})
    fields = getattr(form, "fields", {})
    parts = [
        f"{fields[name].label if name in fields else ''}：{' '.join(str(e) for e in errs)}"
        for name, errs in errors.items()
    ]
    messages.error(request, "；".join(parts) or _("请检查填写的内容。"))


@staff_required
def congress_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_CONGRESS)
    picked = unit_filter(request, perm=VIEW_CONGRESS, search_url="congress:congress_unit_search")
    filters = {"q": (request.GET.get("q") or "").strip()[:50], "overdue": request.GET.get("overdue") == "1"}
    qs = selectors.congress_list(actor=request.user, unit=picked.unit, **filters)  # type: ignore[arg-type]
    listing = paginate(request, qs, sorts=selectors.CONGRESS_SORTS, default_sort="name")
    return render(
        request,
        "congress/congresses/list.html",
        {
            "listing": listing,
            "filters": filters,
            "unit_filter": picked,
            "can_add": access.check_anywhere(request.user, MANAGE_CONGRESS),
        },
    )


@staff_required
def congress_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_CONGRESS)
    form = CongressForm(request.POST or None)
    bind_unit_pickers(form, request.user)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.congress_create(
                actor=request.user, unit=form.cleaned_data["unit"], name=form.cleaned_data["name"]
            ),
            form=form,
            success=_("职工代表大会已建立，请登记届次。"),
        )
        if done and done.value is not None:
            return redirect("congress:congress_detail", congress_id=done.value.pk)
    return render(request, "congress/congresses/new.html", {"form": form})


@staff_required
def congress_detail(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = selectors.congress_get(actor=request.user, congress_id=congress_id)
    form = TermForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            done = attempt(
                request,
                lambda: services.term_create(actor=request.user, congress=congress, **form.cleaned_data),
                form=form,
                success=_("届次已登记，代表名额已按政策计算。"),
            )
            if done and done.value is not None:
                return redirect("congress:term_detail", term_id=done.value.pk)
        else:
            access.require_action(request.user, view_perm=VIEW_CONGRESS, perm=MANAGE_CONGRESS, unit=congress.unit)
    return render(
        request,
        "congress/congresses/detail.html",
        {
            "congress": congress,
            "terms": list(selectors.term_list(actor=request.user, congress=congress).order_by("-number")),
            "term_form": form,
            "can_manage": access.check(request.user, MANAGE_CONGRESS, congress.unit),
            "overdue": selectors.is_overdue(congress, timezone.localdate()),
        },
    )


def _rep(term: CongressTerm, value: object) -> Representative:
    pk = int_param(value, min_value=1)
    rep = (
        Representative.objects.select_related("member", "term__congress__unit", "section")
        .filter(pk=pk or 0, term=term)
        .first()
    )
    if rep is None:
        raise access.NotVisible
    return rep


def _term_action(request: HttpRequest, term: CongressTerm) -> None:
    actor = request.user
    action = request.POST.get("action", "")
    access.require_action(actor, view_perm=VIEW_CONGRESS, perm=MANAGE_CONGRESS, unit=term.congress.unit)
    if action == "section":
        form = SectionForm(request.POST)
        if not form.is_valid():
            return invalid(request, form)
        attempt(
            request,
            lambda: services.section_add(actor=actor, term=term, **form.cleaned_data),
            success=_("选区已添加。"),
        )
    elif action == "elect":
        elect = ElectForm(request.POST, sections=_sections(term))
        if not elect.is_valid():
            return invalid(request, elect)
        data = elect.cleaned_data

        def go() -> Representative:
            member = services.member_for_term(actor=actor, term=term, member_no=data["member_no"])
            section = CongressSection.objects.filter(term=term, pk=data["section"]).first()
            if section is None:
                raise access.NotVisible
            return services.representative_elect(
                actor=actor,
                term=term,
                section=section,
                member=member,
                category=data["category"],
                woman=data["woman"],
                elected_on=data["elected_on"],
            )

        attempt(request, go, success=_("代表已登记。"))
    elif action == "substitute":
        sub = SubstituteForm(request.POST)
        if not sub.is_valid():
            return invalid(request, sub)
        data = sub.cleaned_data
        rep = _rep(term, data["rep"])

        def swap() -> Representative:
            member = services.member_for_term(actor=actor, term=term, member_no=data["member_no"])
            return services.representative_substitute(
                actor=actor,
                rep=rep,
                member=member,
                category=data["category"],
                woman=data["woman"],
                elected_on=data["elected_on"],
                reason=data["reason"],
            )

        attempt(request, swap, success=_("已补选替换。"))
    elif action == "end":
        end = EndForm(request.POST)
        if not end.is_valid():
            return invalid(request, end)
        rep = _rep(term, end.cleaned_data["rep"])
        attempt(
            request,
            lambda: services.representative_end(actor=actor, rep=rep, reason=end.cleaned_data["reason"]),
            success=_("代表资格已终止。"),
        )
    return None


def _sections(term: CongressTerm) -> list[tuple[int, str]]:
    return [(s.pk, s.name) for s in CongressSection.objects.filter(term=term).order_by("pk")]


@staff_required
def term_detail(request: HttpRequest, term_id: int) -> HttpResponse:
    term = selectors.term_get(actor=request.user, term_id=term_id)
    if request.method == "POST":
        _term_action(request, term)
        return redirect("congress:term_detail", term_id=term.pk)
    status = request.GET.get("status", RepStatus.ACTIVE)
    reps = selectors.representatives(term, status=status if status in RepStatus.values else "")
    listing = paginate(request, reps, sorts=selectors.REP_SORTS, default_sort="section")
    return render(
        request,
        "congress/congresses/term.html",
        {
            "term": term,
            "trace": Trace.from_json(term.quota_trace),
            "composition": selectors.term_composition(term),
            "active": selectors.active_count(term),
            "sections": CongressSection.objects.filter(term=term).order_by("pk"),
            "listing": listing,
            "status": status,
            "statuses": RepStatus.choices,
            "can_manage": access.check(request.user, MANAGE_CONGRESS, term.congress.unit),
            "section_form": SectionForm(),
            "elect_form": ElectForm(sections=_sections(term)),
            "sessions": term.sessions.order_by("-held_on")[:20],
        },
    )


@staff_required
@require_GET
def representatives_export(request: HttpRequest, term_id: int) -> HttpResponse:
    """The term's representatives as ``.xlsx``: names masked, no ID or phone number; audited."""
    term = selectors.term_get(actor=request.user, term_id=term_id)
    reps = list(selectors.representatives(term)[:5000])
    book = XlsxWriter(title=_("职工代表"))
    sheet = book.sheet(_("职工代表"), widths=(12, 16, 16, 18, 10, 12, 12, 12))
    sheet.row(
        [_("姓名"), _("会员编号"), _("选区"), _("代表类别"), _("女职工代表"), _("当选日期"), _("状态"), _("替补")],
        bold=True,
    )
    for rep in reps:
        sheet.row(
            [
                mask_name(rep.member.name),
                rep.member.member_no,
                rep.section.name,
                rep.get_category_display(),
                _("是") if rep.woman else _("否"),
                rep.elected_on,
                rep.get_status_display(),
                mask_name(rep.replaces.member.name) if rep.replaces else "",
            ]
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename=f"representatives-{term.pk}.xlsx",
        action="congress.representatives_export",
        target=term,
        target_repr=str(term),
        unit=term.congress.unit,
        data={"rows": len(reps)},
    )
