"""R7: a populated database, its media and its private attachments, backed up with ``scripts/backup.sh``
(pg_dump), restored with ``scripts/restore.sh`` (pg_restore) into a fresh database, hold every record; the audit
chain and the ledgers verify on the restored copy; a private attachment comes back intact, with its file modes
(0600 files, 0700 directories). PostgreSQL only (the server of the test database), in ``make test``'s PostgreSQL run."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = "/usr/lib/postgresql/15/bin"


def _server_url(dbname: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{dbname}"


def _admin(sql: str) -> None:
    with psycopg.connect(_server_url(settings.DATABASES["default"]["NAME"]), autocommit=True) as conn:
        conn.execute(sql)


def _run(args: list[str], env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent digest of every table's rows."""
    out = {}
    with psycopg.connect(url) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        for table in tables:
            row = conn.execute(
                f"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t"  # noqa: S608
            ).fetchone()
            assert row is not None
            out[table] = (row[0], row[1])
    return out


def _media_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


# A voucher scan added through the kernel's service (kind sniffed, hash kept, file stored under a random name).
ADD_PRIVATE_ATTACHMENT = """
from django.core.files.uploadedfile import SimpleUploadedFile
from gonghui.attachments.services import attachment_add
from gonghui.finance.models import Voucher, VoucherStatus
voucher = Voucher.objects.exclude(status__in=[VoucherStatus.POSTED, VoucherStatus.VOIDED]).order_by("pk").first()
body = b"%PDF-1.4\\n" + bytes(range(256)) * 40 + b"\\n%%EOF\\n"
upload = SimpleUploadedFile("发票.pdf", body, content_type="application/pdf")
attachment = attachment_add(actor=voucher.prepared_by, owner=voucher, upload=upload, purpose="invoice")
print(attachment.pk)
"""


def _modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mode & 0o777 for p in [root, *root.rglob("*")]}


def test_dump_restore_keeps_every_record_and_verifies(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")
    tag = uuid.uuid4().hex[:8]
    source_db, restored_db = f"gonghui_bk_src_{tag}", f"gonghui_bk_dst_{tag}"
    _admin(f'CREATE DATABASE "{source_db}"')
    _admin(f'CREATE DATABASE "{restored_db}"')
    try:
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
        base_env.update(DJANGO_SETTINGS_MODULE="config.settings.test", PY=sys.executable, PG_BIN=PG_BIN)
        media, private = tmp_path / "media", tmp_path / "private"
        source = dict(base_env, DATABASE_URL=_server_url(source_db), MEDIA_ROOT=str(media), PRIVATE_ROOT=str(private))
        python = sys.executable
        _run([python, "manage.py", "migrate", "--noinput", "-v", "0"], source)
        _run([python, "manage.py", "seed_demo"], source)
        # Files in the default storage (an uploaded roster while its import runs; scans from before the private
        # storage, kept there until their copy is checked).
        for rel, body in {
            "finance/attachments/2026/12/凭证-0001.pdf": b"%PDF-1.4 voucher scan\n" * 50,
            "finance/audits/2026/12/evidence.png": os.urandom(4096),
        }.items():
            (media / rel).parent.mkdir(parents=True, exist_ok=True)
            (media / rel).write_bytes(body)
        added = _run([python, "manage.py", "shell", "--no-imports", "-c", ADD_PRIVATE_ATTACHMENT], source)
        attachment_id = int(added.stdout.strip().splitlines()[-1])
        assert any(p.is_file() for p in private.rglob("*")), "the attachment was not stored under PRIVATE_ROOT"

        backup = tmp_path / "backup"
        _run(["bash", "scripts/backup.sh", str(backup)], source)
        assert (backup / "db.dump").stat().st_size > 0
        assert (backup / "media.tar.gz").exists()
        assert (backup / "private.tar.gz").stat().st_mode & 0o777 == 0o600

        restored_media, restored_private = tmp_path / "media-restored", tmp_path / "private-restored"
        restored = dict(
            base_env,
            DATABASE_URL=_server_url(restored_db),
            MEDIA_ROOT=str(restored_media),
            PRIVATE_ROOT=str(restored_private),
        )
        done = _run(["bash", "scripts/restore.sh", str(backup)], restored)
        assert "audit_verify" in done.stdout or "chain" in done.stdout.lower(), done.stdout
        assert "ledger_verify:" in done.stdout
        assert "restore verified" in done.stdout

        before, after = _fingerprint(_server_url(source_db)), _fingerprint(_server_url(restored_db))
        assert before == after
        populated = {t: n for t, (n, _digest) in before.items() if n}
        for table in ("accounts_user", "orgs_orgunit", "audit_auditevent", "members_member", "finance_voucher"):
            assert populated.get(table, 0) > 0, f"{table} was not populated by the demo seed"
        assert _media_digest(media) == _media_digest(restored_media)
        assert _media_digest(private) == _media_digest(restored_private)

        # The private attachment: its row names a file that is there, unchanged, and as private as it was stored.
        with psycopg.connect(_server_url(restored_db)) as conn:
            row = conn.execute(
                "SELECT file, sha256, size, status FROM attachments_attachment WHERE id = %s", [attachment_id]
            ).fetchone()
        assert row is not None
        name, sha256, size, status = row
        assert status == "active"
        restored_file = restored_private / name
        assert hashlib.sha256(restored_file.read_bytes()).hexdigest() == sha256
        assert restored_file.stat().st_size == size
        modes = _modes(restored_private)
        assert modes == _modes(private)
        assert modes[name] == 0o600
        assert modes["."] == 0o700
        assert {mode for rel, mode in modes.items() if (restored_private / rel).is_dir()} == {0o700}
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{source_db}" WITH (FORCE)')
        _admin(f'DROP DATABASE IF EXISTS "{restored_db}" WITH (FORCE)')
