"""Console pages of the roster import (upload → dry-run preview → confirm or cancel → progress) and export."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.sheets.reading import ReadError
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.members.imports import exports, selectors, services
from gonghui.members.imports.forms import ExportForm, UploadForm
from gonghui.members.imports.headers import HeaderError
from gonghui.members.models import ImportStatus
from gonghui.members.permissions import EXPORT_FULL_ID, EXPORT_MEMBER, IMPORT_MEMBER
from gonghui.members.roster import exports as roster_exports
from gonghui.members.roster.exports import ExportFile

PREVIEW_ERRORS = 50


def _download(result: ExportFile) -> HttpResponseBase:
    if result.handle is not None:
        return FileResponse(
            result.handle, as_attachment=True, filename=result.filename, content_type=result.content_type
        )
    response = StreamingHttpResponse(result.chunks or iter(()), content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response


@staff_required
def import_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, IMPORT_MEMBER)
    listing = paginate(
        request,
        selectors.import_job_list(actor=request.user),
        sorts=selectors.JOB_SORTS,
        default_sort="created",
    )
    return render(request, "members/imports/job_list.html", {"listing": listing})


@staff_required
def import_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, IMPORT_MEMBER)
    form = UploadForm(request.POST or None, request.FILES or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        done = attempt(
            request,
            lambda: services.import_upload(
                actor=access.require_user(request.user), unit=unit, upload=form.cleaned_data["file"]
            ),
            form=form,
        )
        if done.value is not None:
            return redirect("members:import_detail", job_id=done.value.pk)
    return render(request, "members/imports/job_new.html", {"form": form})


@staff_required  # type: ignore[arg-type]
def import_template(request: HttpRequest) -> HttpResponseBase:
    access.require_anywhere(request.user, IMPORT_MEMBER)
    return FileResponse(
        exports.template_xlsx(),
        as_attachment=True,
        filename="会员导入模板.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@staff_required
def import_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    errors = selectors.import_error_list(actor=request.user, job=job)[:PREVIEW_ERRORS]
    return render(request, "members/imports/job_detail.html", {"job": job, "errors": errors, "Status": ImportStatus})


@staff_required
def import_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress fragment, polled by htmx every second while the job runs."""
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    response = render(request, "members/imports/_progress.html", {"job": job, "Status": ImportStatus})
    if (not job.is_running or job.is_stalled) and getattr(request, "htmx", False):
        response["HX-Refresh"] = "true"  # the job finished: reload the page to show the preview or the result
    return response


@staff_required
@require_POST
def import_confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    attempt(
        request,
        lambda: services.import_confirm(actor=access.require_user(request.user), job=job),
        success=_("已开始导入有效行。"),
    )
    return redirect("members:import_detail", job_id=job.pk)


@staff_required
@require_POST
def import_recheck(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    attempt(
        request,
        lambda: services.import_recheck(actor=access.require_user(request.user), job=job),
        success=_("已重新开始校验。"),
    )
    return redirect("members:import_detail", job_id=job.pk)


@staff_required
@require_POST
def import_cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    success = _("已取消；已提交的批次保留。") if job.created or job.updated else _("已取消，本次未导入任何数据。")
    attempt(request, lambda: services.import_cancel(actor=request.user, job=job), success=success)
    return redirect("members:import_detail", job_id=job.pk)


@staff_required  # type: ignore[arg-type]
def import_errors(request: HttpRequest, job_id: int) -> HttpResponseBase:
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    errors = selectors.import_error_list(actor=request.user, job=job)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return _download(exports.error_report(job=job, errors=errors, actor=request.user, fmt=fmt))


@staff_required  # type: ignore[arg-type]
def import_failed_rows(request: HttpRequest, job_id: int) -> HttpResponseBase:
    """The failed rows alone, as a workbook to fix and upload again (while the job keeps its uploaded file)."""
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    errors = selectors.import_error_list(actor=request.user, job=job)
    try:
        return _download(exports.failed_rows(job=job, errors=errors, actor=request.user))
    except (FileNotFoundError, HeaderError, ReadError):
        messages.error(
            request,
            _("上传的原文件已删除（已导入、已取消或已过保留期限），无法再导出需修正的行；请按错误报告修正原文件。"),
        )
        return redirect("members:import_detail", job_id=job.pk)


@staff_required  # type: ignore[arg-type]
def export(request: HttpRequest) -> HttpResponseBase:
    access.require_anywhere(request.user, EXPORT_MEMBER)
    form = ExportForm(request.GET or None, actor=request.user)
    if request.GET.get("download") and form.is_valid():
        result = roster_exports.export_members(
            actor=request.user,
            unit=form.cleaned_data["unit"],
            fmt=form.cleaned_data["format"],
            full_id=form.cleaned_data["full_id"],
        )
        return _download(result)
    can_full = access.check_anywhere(request.user, EXPORT_FULL_ID)
    return render(request, "members/imports/export.html", {"form": form, "can_full": can_full})
