"""Console pages of recuperation bookings: a trip's bookings (filters, pages, ``.xlsx`` export, masked and
audited), a booking for a member (a clerk within their quota), and cancellation."""

from __future__ import annotations

from secrets import token_urlsafe

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_name
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.recuperation.booking import eligibility, selectors, services
from gonghui.recuperation.booking.forms import CancelForm, OnBehalfForm
from gonghui.recuperation.models import BookingStatus
from gonghui.recuperation.permissions import BOOK_FOR_MEMBERS, VIEW_RECUPERATION
from gonghui.recuperation.trips import selectors as trip_selectors


def new_request_key() -> str:
    """A fresh request key for a booking form (one per page view: a double submit of the page sends it twice)."""
    return f"web-{token_urlsafe(18)}"


def _filters(request: HttpRequest) -> dict[str, object]:
    return {
        "status": request.GET.get("status", ""),
        "q": (request.GET.get("q") or "").replace("\x00", "").strip()[:50],
    }


@staff_required
def booking_list(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = trip_selectors.trip_get(actor=request.user, trip_id=trip_id)
    filters = _filters(request)
    qs = selectors.booking_list(actor=request.user, trip=trip, **filters)  # type: ignore[arg-type]
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="seq")
    return render(
        request,
        "recuperation/booking/list.html",
        {
            "trip": trip,
            "listing": listing,
            "filters": filters,
            "statuses": BookingStatus.choices,
            "positions": selectors.positions(list(listing.page)),
            "counts": selectors.trip_counts(trip),
            "can_book": access.check_anywhere(request.user, BOOK_FOR_MEMBERS),
            "priority_labels": eligibility.PRIORITY_LABELS,
        },
    )


@staff_required
@require_GET
def booking_export(request: HttpRequest, trip_id: int) -> HttpResponse:
    """A trip's bookings in the actor's scope as ``.xlsx``: names masked, no phone or ID number; audited."""
    trip = trip_selectors.trip_get(actor=request.user, trip_id=trip_id)
    rows = list(selectors.booking_list(actor=request.user, trip=trip, **_filters(request))[:20000])  # type: ignore[arg-type]
    book = XlsxWriter(title=_("疗休养预订"))
    sheet = book.sheet(_("预订名单"), widths=(10, 12, 14, 28, 10, 10, 20, 18))
    sheet.row(
        [
            _("到达顺序"),
            _("会员"),
            _("会员编号"),
            _("所在工会"),
            _("状态"),
            _("候补顺序"),
            _("优先条件"),
            _("预订时间"),
        ],
        bold=True,
    )
    for b in rows:
        sheet.row(
            [
                b.seq,
                mask_name(b.member.name),
                b.member.member_no,
                b.unit.name,
                b.get_status_display(),
                b.wait_seq or "",
                "、".join(_(eligibility.PRIORITY_LABELS.get(p, p)) for p in b.priority),
                b.booked_at.strftime("%Y-%m-%d %H:%M:%S"),
            ]
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename=f"recuperation-bookings-{trip.pk}.xlsx",
        action="recuperation.booking_export",
        target=trip,
        target_repr=trip.title,
        unit=trip.unit,
        data={"rows": len(rows), "status": _filters(request)["status"]},
    )


@staff_required
def booking_new(request: HttpRequest, trip_id: int) -> HttpResponse:
    """A clerk books the trip for a member of their subtree, within their quota (or the waiting list)."""
    trip = trip_selectors.trip_get(actor=request.user, trip_id=trip_id)
    access.require_anywhere(request.user, BOOK_FOR_MEMBERS)
    form = OnBehalfForm(request.POST or None, initial={"request_key": new_request_key()})
    if request.method == "POST" and form.is_valid():
        member = selectors.bookable_member_find(actor=request.user, member_no=form.cleaned_data["member_no"])
        if member is None:
            form.add_error("member_no", _("在您管理的范围内没有这个会员编号。"))
        else:
            key = form.cleaned_data["request_key"]
            done = attempt(
                request,
                lambda: services.booking_create(actor=request.user, trip=trip, member=member, request_key=key),
                form=form,
                success=lambda b: (
                    _("已确认预订。")
                    if b.booking.status == BookingStatus.CONFIRMED
                    else _("名额已满，已列入候补第 %(n)s 位。") % {"n": b.position}
                ),
            )
            if done:
                return redirect("recuperation:booking_list", trip_id=trip.pk)
    return render(request, "recuperation/booking/new.html", {"trip": trip, "form": form})


@staff_required
@require_POST
def booking_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = selectors.booking_get(actor=request.user, booking_id=booking_id)
    access.require(request.user, BOOK_FOR_MEMBERS, booking.unit)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    attempt(
        request,
        lambda: services.booking_cancel(actor=request.user, booking=booking, reason=reason or _("工会代为取消")),
        success=_("预订已取消。"),
    )
    return redirect("recuperation:booking_list", trip_id=booking.trip_id)


__all__ = ["VIEW_RECUPERATION", "booking_cancel", "booking_export", "booking_list", "booking_new", "new_request_key"]
