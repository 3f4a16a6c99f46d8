"""Roster import end to end through the services: dry run, errors with row numbers, idempotence, resume."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.audit.models import AuditEvent
from gonghui.members.imports import pipeline
from gonghui.members.imports.services import import_cancel, import_confirm, import_upload
from gonghui.members.imports.synthetic import resident_id
from gonghui.members.models import ImportJob, ImportRowError, ImportStatus, Member, MemberEvent, MemberNameGram
from gonghui.members.permissions import IMPORT_MEMBER

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "公民身份号码", "联系电话", "性别", "入会日期", "工作单位"]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def ids(n: int, start: int = 100) -> list[str]:
    from datetime import date

    return [resident_id("330106", date(1980, 1, 1), start + i) for i in range(n)]


def csv_upload(rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8-sig") -> SimpleUploadedFile:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile("名册.csv", buf.getvalue().encode(encoding), content_type="text/csv")


def good_rows(numbers: list[str], name: str = "王兰芳") -> list[list[str]]:
    return [[f"{name}", n, "13800000001", "", "2020-01-02", "示例公司"] for n in numbers]


def clerk(world: Any) -> Any:
    return world.actor("same_with", IMPORT_MEMBER)


def upload(world: Any, rows: list[list[str]], **kwargs: Any) -> ImportJob:
    return import_upload(actor=clerk(world), unit=world.child, upload=csv_upload(rows, **kwargs))


def errors(job: ImportJob) -> list[tuple[int, str, str, str]]:
    return list(ImportRowError.objects.filter(job=job).values_list("row", "column", "code", "reason"))


def test_dry_run_counts_and_changes_nothing(world: Any) -> None:
    job = upload(world, good_rows(ids(3)))
    assert job.status == ImportStatus.VALIDATED
    assert (job.total, job.valid, job.invalid) == (3, 3, 0)
    assert Member.objects.count() == 0
    assert job.encoding == "utf-8-sig"
    assert len(job.sha256) == 64


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_encodings_detected(world: Any, encoding: str) -> None:
    job = upload(world, good_rows(ids(2)), encoding=encoding)
    assert job.encoding == encoding
    assert job.valid == 2
    confirm = import_confirm(actor=clerk(world), job=job)
    assert confirm.status == ImportStatus.DONE
    assert set(Member.objects.values_list("name", flat=True)) == {"王兰芳"}


def test_each_bad_row_reported_with_row_number_and_reason(world: Any) -> None:
    good = ids(3)
    bad_check = good[0][:17] + ("0" if good[0][17] != "0" else "1")
    rows = [
        good_rows([good[0]])[0],  # row 2 ok
        ["张三", bad_check, "13800000002", "", "2020-01-01", ""],  # row 3 checksum
        ["李四", "3.30106E+17", "13800000003", "", "2020-01-01", ""],  # row 4 scientific
        ["赵五", resident_id("330106", __import__("datetime").date(2099, 1, 1), 1), "", "", "2020-01-01", ""],  # 5
        ["钱六", good[1], "123", "", "2020-01-01", ""],  # row 6 bad phone
        ["孙七", good[0], "", "", "2020-01-01", ""],  # row 7 duplicate of row 2
        ["周八", good[2], "", "女" if int(good[2][16]) % 2 else "男", "2020-01-01", ""],  # row 8 gender conflict
        ["吴九", good[2][:-1] + good[2][-1].lower(), "", "", "", ""],  # row 9 missing join date (and dup of row 8)
    ]
    job = upload(world, rows)
    found = {(row, code) for row, _col, code, _reason in errors(job)}
    assert (3, "checksum") in found
    assert (4, "scientific") in found
    assert (5, "birth_future") in found
    assert (6, "invalid") in found
    assert (7, "duplicate") in found
    assert (8, "gender_conflict") in found
    assert (9, "required") in found
    assert (job.valid, job.invalid) == (1, 7)
    reasons = {row: reason for row, _c, code, reason in errors(job) if code == "duplicate"}
    assert "与第 2 行身份证号重复" in reasons[7]
    assert "科学计数法" in next(r for row, _c, code, r in errors(job) if row == 4)
    columns = {row: col for row, col, _code, _r in errors(job)}
    assert columns[3] == "公民身份号码"
    assert columns[6] == "联系电话"
    # ID values are masked in the report
    value = ImportRowError.objects.get(job=job, row=3).value
    assert value.startswith("330")
    assert "*" in value
    assert Member.objects.count() == 0


def test_member_of_another_union_is_an_error_without_naming_it(world: Any) -> None:
    number = ids(1)[0]
    first = import_upload(
        actor=world.actor("ancestor", IMPORT_MEMBER), unit=world.sibling, upload=csv_upload(good_rows([number]))
    )
    import_confirm(actor=world.actor("ancestor", IMPORT_MEMBER), job=first)
    assert Member.objects.get().unit == world.sibling
    job = upload(world, good_rows([number]))
    ((row, _col, code, reason),) = errors(job)
    assert (row, code) == (2, pipeline.ELSEWHERE)
    assert "其他工会会员" in reason
    assert "接转" in reason
    assert world.sibling.name not in reason
    assert job.valid == 0


def test_import_then_reimport_is_idempotent_and_updates(world: Any) -> None:
    numbers = ids(5)
    job = upload(world, good_rows(numbers))
    job = import_confirm(actor=clerk(world), job=job)
    assert (job.status, job.created, job.updated, job.unchanged) == (ImportStatus.DONE, 5, 0, 0)
    assert Member.objects.filter(unit=world.child).count() == 5
    assert MemberNameGram.objects.filter(rk__lt=3).count() == 10  # bigrams
    assert MemberNameGram.objects.filter(rk=3, gram="lanfang").count() == 5  # the given name alone (issue 12)
    member = Member.objects.first()
    assert member is not None
    assert member.name_pinyin == "wanglanfang"
    assert member.id_masked.startswith("330")
    assert numbers[0] not in member.id_cipher
    assert MemberEvent.objects.filter(kind="joined").count() == 5
    assert AuditEvent.objects.filter(action="members.import_batch").count() == 1

    again = import_confirm(actor=clerk(world), job=upload(world, good_rows(numbers)))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert Member.objects.count() == 5

    changed = good_rows(numbers)
    changed[1][0] = "王兰"
    changed[2][2] = "+86 139-0000-0002"
    third = import_confirm(actor=clerk(world), job=upload(world, changed))
    assert (third.created, third.updated, third.unchanged) == (0, 2, 3)
    renamed = Member.objects.get(member_no__isnull=False, name="王兰")
    assert renamed.name_pinyin == "wanglan"
    assert sorted(
        MemberNameGram.objects.filter(member=renamed).values_list("gram", "rk", "name_pinyin", "unit_id")
    ) == [
        ("lan", 3, "wanglan", world.child.pk),  # the given name's key (issue 12)
        ("王兰", 0, "wanglan", world.child.pk),  # the search's copies of rank, pinyin and union follow the rename
    ]
    assert Member.objects.filter(phone="13900000002").count() == 1
    event = MemberEvent.objects.filter(kind="updated", changes__has_key="phone").get()
    assert event.changes["phone"] == ["138****0001", "139****0002"]


def test_cancel_imports_nothing(world: Any) -> None:
    job = upload(world, good_rows(ids(2)))
    job = import_cancel(actor=clerk(world), job=job)
    assert job.status == ImportStatus.CANCELLED
    assert Member.objects.count() == 0
    with pytest.raises(Exception, match="状态"):
        import_confirm(actor=clerk(world), job=job)


class Crash(RuntimeError):
    pass


def test_resume_after_crash_writes_every_row_once(world: Any, monkeypatch: Any) -> None:
    numbers = ids(25)
    rows = good_rows(numbers)
    rows.insert(7, ["坏行", "123", "", "", "2020-01-01", ""])
    job = import_upload(actor=clerk(world), unit=world.child, upload=csv_upload(rows), batch_size=10)
    assert (job.valid, job.invalid) == (25, 1)
    # The import task crashes after its first committed batch (as a killed worker would stop there).
    real_run = pipeline.run_job

    def crash(n: int) -> None:
        raise Crash

    monkeypatch.setattr(pipeline, "run_job", lambda job_id: real_run(job_id, after_batch=crash))
    job = import_confirm(actor=clerk(world), job=job)
    assert job.status == ImportStatus.FAILED
    assert job.last_committed_row == 11  # rows 2..11 (10 data rows, one of them bad)
    assert Member.objects.count() == 9

    # A crash inside a batch (before its commit) leaves nothing of that batch.
    monkeypatch.setattr(pipeline, "run_job", real_run)
    real = pipeline._write_batch

    def broken(*args: Any, **kwargs: Any) -> Any:
        from django.db import transaction

        with transaction.atomic():
            real(*args, **kwargs)
            raise Crash

    monkeypatch.setattr(pipeline, "_write_batch", broken)
    job = import_confirm(actor=clerk(world), job=job)
    assert job.status == ImportStatus.FAILED
    assert Member.objects.count() == 9
    monkeypatch.setattr(pipeline, "_write_batch", real)

    # Running it again resumes after row 11 and finishes.
    import_confirm(actor=clerk(world), job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert (job.created, job.updated, job.unchanged, job.invalid) == (25, 0, 0, 1)
    assert Member.objects.count() == 25
    assert MemberEvent.objects.filter(kind="joined").count() == 25
    assert job.progress == 26
    assert AuditEvent.objects.filter(action="members.import_batch").count() == 3
    assert not (Path(job_path := pipeline.job_path(job))).exists(), job_path


def test_header_variants_and_xlsx(world: Any, tmp_path: Path) -> None:
    from openpyxl import Workbook

    numbers = ids(2)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(
        ["身份证号码", " 姓 名 ", "手机号码", "入会时间", "证件类型", "岗位", "新就业形态类型", "民族", "学历"]
    )
    sheet.append([numbers[0], "王　兰芳", "138 0000 0001", 43831, "居民身份证", "骑手", "外卖骑手", "汉族", "本科"])
    sheet.append([float(numbers[1][:17] + "0"), "李四", 13800000002, "2020年1月2日", "", "", "", "", ""])
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    upload_file = SimpleUploadedFile("r.xlsx", path.read_bytes())
    job = import_upload(actor=clerk(world), unit=world.child, upload=upload_file)
    assert (job.total, job.valid, job.invalid) == (2, 1, 1)
    assert errors(job)[0][:3] == (3, "身份证号码", "scientific")
    import_confirm(actor=clerk(world), job=job)
    member = Member.objects.get()
    assert (member.name, member.phone, str(member.joined_on), member.gig_type) == (
        "王兰芳",
        "13800000001",
        "2020-01-01",
        "rider",
    )


def test_missing_required_header_fails_the_job(world: Any) -> None:
    job = upload(world, [["王兰芳", "x"]], header=["姓名", "备注"])
    assert job.status == ImportStatus.FAILED
    assert "身份证号" in job.message


def test_generated_roster_round_trip(world: Any, tmp_path: Path) -> None:
    from gonghui.members.management.commands.gen_roster import write_roster

    out = tmp_path / "gen.csv"
    kinds = write_roster(out, 300, error_rate=0.2, seed=7)
    job = import_upload(
        actor=clerk(world), unit=world.child, upload=SimpleUploadedFile("gen.csv", out.read_bytes()), batch_size=64
    )
    bad = sum(v for k, v in kinds.items() if k != "ok")
    assert job.total == 300
    assert job.invalid == bad
    job = import_confirm(actor=clerk(world), job=job)
    assert job.created == kinds["ok"] == Member.objects.count()
