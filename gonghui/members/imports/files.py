"""The uploaded roster file of an import job: it holds full ID numbers and phones, so it is kept encrypted and
private, read through a copy that has no name on disk, and removed as soon as it is no longer needed.

- **At rest**: :func:`store` streams the upload through ``common.crypto.encrypt_file`` (AES-256-GCM in 1 MiB
  chunks, the PII keys) into ``MEDIA_ROOT/imports/<yyyymm>/<uuid>.<ext>``, mode 0600, in directories of mode
  0700. The sha256 recorded on the job is the plaintext's (what the clerk uploaded).
- **Reading**: :func:`plain` decrypts into an unnamed temporary file (``O_TMPFILE``: it has no directory entry,
  and the kernel frees it when the last descriptor closes, even after a ``kill -9``) and yields a path to it
  through ``/proc/self/fd`` (forked reader processes inherit the descriptor). Files stored before encryption
  (no ``GHENC1`` header) are read as they are.
- **Removal**: when the import finishes or the job is cancelled (services), and at the latest
  ``members.import_file_retention_days`` after the job's last activity (``purge.import_files_purge``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from gonghui.common import crypto
from gonghui.members.models import ImportJob

IMPORT_DIR = "imports"
FILE_MODE = 0o600
DIR_MODE = 0o700


def stored_path(job: ImportJob) -> Path:
    """Where the job's file is stored; for a job whose file was removed (``file_path`` emptied), a path that never
    exists."""
    return Path(settings.MEDIA_ROOT) / (job.file_path or f"{IMPORT_DIR}/removed/{job.pk}")


def _private_dir(folder: Path) -> None:
    root = Path(settings.MEDIA_ROOT) / IMPORT_DIR
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    for each in (root, folder):
        each.chmod(DIR_MODE)  # also when it existed before (mkdir's mode is masked by the umask)


def store(upload: UploadedFile, ext: str) -> tuple[str, str, int]:
    """Encrypt the upload under ``MEDIA_ROOT/imports/``; return (relative path, plaintext sha256, plaintext size)."""
    relative = f"{IMPORT_DIR}/{timezone.now():%Y%m}/{uuid.uuid4().hex}.{ext}"
    target = Path(settings.MEDIA_ROOT) / relative
    _private_dir(target.parent)
    digest = hashlib.sha256()

    def chunks() -> Iterator[bytes]:
        for chunk in upload.chunks():
            digest.update(chunk)
            yield chunk

    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(descriptor, "wb") as fh:
            size = crypto.encrypt_file(chunks(), fh)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return relative, digest.hexdigest(), size


def _unnamed() -> IO[bytes]:
    return tempfile.TemporaryFile()  # noqa: SIM115 - closed by ``plain``; O_TMPFILE on Linux


@contextmanager
def plain(job: ImportJob) -> Iterator[Path]:
    """A path to the job's file in clear, valid inside the ``with`` (and in processes forked inside it).
    ``FileNotFoundError`` when the file is gone; ``crypto.DecryptionError`` when it was altered."""
    if not job.file_path:
        raise FileNotFoundError("the upload was removed")
    source = stored_path(job)
    with source.open("rb") as fh:
        encrypted = crypto.is_encrypted_file(fh.read(len(crypto.FILE_MAGIC)))
    if not encrypted:  # stored before files were encrypted
        yield source
        return
    proc = Path("/proc/self/fd")
    if proc.is_dir():
        with _unnamed() as copy, source.open("rb") as fh:
            crypto.decrypt_file(fh, copy)
            copy.flush()
            yield proc / str(copy.fileno())
        return
    with tempfile.TemporaryDirectory() as folder:  # no /proc: a named copy in a private directory
        path = Path(folder) / f"upload.{job.format}"
        with source.open("rb") as fh, path.open("wb") as out:
            crypto.decrypt_file(fh, out)
        yield path


def remove(job: ImportJob) -> bool:
    """Delete the job's file; whether there was one."""
    if not job.file_path:
        return False
    path = stored_path(job)
    existed = path.exists()
    path.unlink(missing_ok=True)
    return existed
