"""What a file is comes from its bytes: refusals, polyglots, bombs, and the cleaned image that is stored."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from PIL import Image

from gonghui.attachments.content import clean
from gonghui.attachments.registry import Kind
from gonghui.attachments.tests.conftest import PDF, image_bytes

BOTH = frozenset({Kind.IMAGE, Kind.PDF})


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width``×``height`` pixels of 1 bit, with a tiny (wrong) image body."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200, "type"),  # a Windows program
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "type"),  # HTML
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "type"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,", "type"),  # GIF
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 100, "type"),  # a zip / Office file
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64, "type"),  # HEIC (not accepted)
        (b"hello %PDF-1.4 not at the start\n%%EOF", "type"),
        (b"", "empty"),
        (b"%PDF-1.4\n1 0 obj\n", "damaged"),  # a truncated PDF (no trailer)
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00<script>alert(1)</script>", "type"),  # JPEG magic, HTML body
    ],
)
def test_anything_but_a_real_image_or_pdf_is_refused_whatever_its_name(data, code):
    with pytest.raises(ValidationError) as info:
        clean(data, kinds=BOTH)
    assert info.value.code == code


def test_the_refusal_names_the_kinds_the_owner_accepts():
    with pytest.raises(ValidationError) as info:
        clean(PDF, kinds=frozenset({Kind.IMAGE}))
    message = info.value.messages[0]
    assert "只接受" in message
    assert "JPG、PNG、WebP" in message
    assert "PDF 文件" not in message
    with pytest.raises(ValidationError) as info:
        clean(image_bytes(), kinds=frozenset({Kind.PDF}))
    assert "只接受：PDF 文件" in info.value.messages[0]


def test_a_polyglot_image_is_stored_as_its_pixels_alone():
    """A PNG with an HTML page and a zip archive appended is accepted as the image it is; nothing else is kept."""
    payload = b"<html><script>alert(document.cookie)</script></html>PK\x03\x04evil"
    cleaned = clean(image_bytes(fmt="PNG") + payload, kinds=BOTH)
    assert cleaned.kind == Kind.IMAGE
    assert cleaned.mime == "image/png"
    assert b"<script>" not in cleaned.data
    assert b"PK\x03\x04" not in cleaned.data
    assert Image.open(io.BytesIO(cleaned.data)).size == (40, 30)


def test_a_pdf_is_kept_as_uploaded():
    cleaned = clean(PDF, kinds=BOTH)
    assert cleaned.data == PDF
    assert (cleaned.kind, cleaned.mime) == (Kind.PDF, "application/pdf")


@override_settings(ATTACHMENT_MAX_PIXELS=10_000_000)
def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    bomb = _png_header_only(20_000, 20_000)  # 400 megapixels declared in 100 bytes
    assert len(bomb) < 200
    with pytest.raises(ValidationError) as info:
        clean(bomb, kinds=BOTH)
    assert info.value.code in ("pixels", "type")

    buf = io.BytesIO()
    Image.new("1", (4000, 3000)).save(buf, format="PNG")  # 12 MP of one colour: a few KB
    with pytest.raises(ValidationError) as info:
        clean(buf.getvalue(), kinds=BOTH)
    assert info.value.code == "pixels"
    assert "4000×3000" in info.value.messages[0]


@override_settings(ATTACHMENT_MAX_IMAGE_SIDE=500)
def test_a_photo_is_turned_upright_scaled_down_and_stripped_of_exif_and_gps():
    photo = Image.new("RGB", (1200, 600), (10, 200, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (30.0, 15.0, 0.0), 3: "E", 4: (120.0, 10.0, 0.0)})
    buf = io.BytesIO()
    photo.save(buf, format="JPEG", exif=exif.tobytes(), comment=b"shot at home")
    original = buf.getvalue()
    assert b"PhoneMaker" in original

    cleaned = clean(original, kinds=BOTH)
    stored = Image.open(io.BytesIO(cleaned.data))
    assert stored.format == "JPEG"
    assert stored.size == (250, 500)  # upright (portrait), longer side 500
    assert (cleaned.width, cleaned.height) == (250, 500)
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert "comment" not in stored.info
    assert b"PhoneMaker" not in cleaned.data
    assert b"shot at home" not in cleaned.data


def test_webp_and_small_images_keep_their_format_and_size():
    cleaned = clean(image_bytes((300, 200), fmt="WEBP"), kinds=BOTH)
    assert cleaned.mime == "image/webp"
    assert Image.open(io.BytesIO(cleaned.data)).size == (300, 200)


def test_png_text_chunks_are_dropped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "home address 123")
    buf = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buf, format="PNG", pnginfo=info)
    cleaned = clean(buf.getvalue(), kinds=BOTH)
    assert b"home address" not in cleaned.data
