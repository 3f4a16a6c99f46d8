"""What an uploaded file is, decided from its bytes, and the clean copy that is stored.

- **PDF**: the file starts with ``%PDF-1.`` or ``%PDF-2.`` and ends with ``%%EOF`` (within its last 1 KB). It is
  stored as uploaded (size-capped); it is served with ``Content-Security-Policy: sandbox`` and ``nosniff``.
- **Images**: Pillow must identify the file as JPEG, PNG or WebP from its content (no other decoder is tried). Its
  declared size is checked against ``ATTACHMENT_MAX_PIXELS`` before a single pixel is decoded; it is then decoded,
  turned upright by its EXIF orientation, scaled down to ``ATTACHMENT_MAX_IMAGE_SIDE`` on its longer side and
  re-encoded in its own format without any metadata (EXIF with GPS, XMP, comments, colour profiles). What is stored is
  only the re-encoded pixels: anything appended to or hidden in the upload (a script, an archive) is dropped.
- Anything else (HTML, SVG, executables, GIF, HEIC, Office files, an empty file) is refused with a message naming
  the kinds the owner accepts.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from gonghui.attachments.registry import KIND_WORDS, Kind

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PDF_MAGIC = (b"%PDF-1.", b"%PDF-2.")


@dataclass(frozen=True)
class Clean:
    """The bytes to store and what they are."""

    data: bytes
    kind: str
    mime: str
    width: int | None = None
    height: int | None = None


def refusal(kinds: frozenset[str]) -> ValidationError:
    accepted = "、".join(str(KIND_WORDS[k]) for k in (Kind.IMAGE, Kind.PDF) if k in kinds)
    return ValidationError(
        _("无法识别该文件，或其类型不被接受。只接受：%(kinds)s。") % {"kinds": accepted}, code="type"
    )


def _pdf(data: bytes, kinds: frozenset[str]) -> Clean:
    if Kind.PDF not in kinds:
        raise refusal(kinds)
    if b"%%EOF" not in data[-1024:]:
        raise ValidationError(_("PDF 文件不完整或已损坏，请重新导出后上传。"), code="damaged")
    return Clean(data=data, kind=Kind.PDF, mime="application/pdf")


def _image(data: bytes, kinds: frozenset[str]) -> Clean:
    max_pixels = int(settings.ATTACHMENT_MAX_PIXELS)
    max_side = int(settings.ATTACHMENT_MAX_IMAGE_SIDE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
            fmt = image.format or ""
            if Kind.IMAGE not in kinds or fmt not in IMAGE_FORMATS:
                raise refusal(kinds)
            if image.width * image.height > max_pixels:
                raise ValidationError(
                    _("图片像素过多（%(w)s×%(h)s），请缩小后再上传。") % {"w": image.width, "h": image.height},
                    code="pixels",
                )
            image.load()
            image = ImageOps.exif_transpose(image) or image
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refusal(kinds) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(_("图片文件已损坏，无法读取，请重新拍摄或导出后上传。"), code="damaged") from None
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if fmt == "JPEG":
        image = image.convert("L" if image.mode in ("L", "1") else "RGB")
    else:
        image = image.convert("RGBA" if has_alpha else ("L" if image.mode in ("L", "1") else "RGB"))
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    image.info = {}  # nothing of the upload's metadata (EXIF, GPS, XMP, text chunks, profiles) is written back
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, format="JPEG", quality=85, optimize=True, exif=b"")
    elif fmt == "PNG":
        image.save(out, format="PNG", optimize=True)
    else:
        image.save(out, format="WEBP", quality=85, exif=b"")
    return Clean(data=out.getvalue(), kind=Kind.IMAGE, mime=IMAGE_FORMATS[fmt], width=image.width, height=image.height)


def clean(data: bytes, *, kinds: frozenset[str]) -> Clean:
    """Identify ``data`` by its content and give what to store; ``ValidationError`` (in Chinese) otherwise."""
    if not data:
        raise ValidationError(_("文件是空的，请重新选择。"), code="empty")
    if data.startswith(PDF_MAGIC):
        return _pdf(data, kinds)
    return _image(data, kinds)
