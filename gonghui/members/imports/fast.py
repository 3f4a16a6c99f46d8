"""The hot path of the roster import: a fast normaliser for the common row, and cached key derivation.

``row_normalizer(headers, today)`` returns a function that normalises one row the way
:func:`gonghui.members.imports.normalize.normalize_row` does, but only for the common shape (a resident ID of 18
ASCII characters, a plain Chinese name, a plain 11-digit mobile, an ISO join date, short texts): for anything else,
and for every row with a problem, it returns ``None`` and the caller runs the full ``normalize_row`` (which gives
the reasons in Chinese). The two agree on every row the fast path accepts (``test_import_fast.py`` checks it).

``KeyMaker`` derives the stored keys of a row (ciphertext, blind index, masked form, keyed tails, pinyin and
bigrams) with the HMAC key schedule done once (``hmac`` objects copied per value), one ``AESGCM`` object and
bounded caches for values that repeat (pinyin of a name, the keyed digest of the last 4/5 characters).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Callable
from datetime import date

from django.conf import settings

from gonghui.common import crypto
from gonghui.common.masking import mask_id_number
from gonghui.common.sheets.cells import text
from gonghui.members.imports.headers import HeaderMap
from gonghui.members.imports.normalize import (
    EARLIEST_JOIN,
    GIG_TYPES,
    MAX_LEN,
    RowResult,
)
from gonghui.members.models import Gender, IdType
from gonghui.members.roster import keys

_NAME = re.compile(r"[\u4e00-\u9fff]{1,20}")
_ID = re.compile(r"\d{17}[\dX]")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_CHECK = "10X98765432"
CACHE_LIMIT = 200_000


def _check_char(body: str) -> str:
    """GB 11643 check character: weights 2^(17-i) mod 11; reading the 17 digits in base 13 (13 ≡ 2 mod 11) gives
    the weighted sum mod 11 in one C call."""
    return _CHECK[2 * int(body, 13) % 11]


class _Bounded(dict):  # type: ignore[type-arg]
    """A dict that empties itself when it grows past ``CACHE_LIMIT`` (memory stays flat on any file size)."""

    def put(self, key: object, value: object) -> None:
        if len(self) >= CACHE_LIMIT:
            self.clear()
        self[key] = value


_regions: dict[str, bool] = {}


def _known_region(code: str) -> bool:
    known = _regions.get(code)
    if known is None:
        from gonghui.orgs.codes import region_ever_issued

        known = _regions[code] = region_ever_issued(code)
    return known


def row_normalizer(headers: HeaderMap, *, today: date) -> Callable[[list[object]], RowResult | None]:
    cols = headers.columns
    width = max(cols.values()) + 1
    i_name, i_id, i_joined = cols["name"], cols["id_number"], cols["joined_on"]
    i_type = cols.get("id_type")
    i_gender, i_phone, i_gig = cols.get("gender"), cols.get("phone"), cols.get("gig_type")
    limited = [(key, target, cols.get(key), MAX_LEN[key]) for key, target in
               (("ethnicity", "ethnicity"), ("education", "education"), ("employer", "employer_name"),
                ("job", "job"))]  # fmt: skip
    texts: _Bounded = _Bounded()
    dates: _Bounded = _Bounded()
    gigs: dict[str, str | None] = {}
    male, female, resident = Gender.MALE, Gender.FEMALE, IdType.RESIDENT
    id_match, name_match, mobile_match, iso_match = _ID.fullmatch, _NAME.fullmatch, _MOBILE.fullmatch, _ISO.fullmatch

    def short_text(value: object, limit: int) -> str | None:
        if value is None:
            return ""
        if type(value) is not str:
            return None
        out = texts.get(value)
        if out is None:
            out = text(value)
            texts.put(value, out)
        return out if len(out) <= limit else None

    def normalize(cells: list[object]) -> RowResult | None:
        if len(cells) < width:
            cells = [*cells, *([None] * (width - len(cells)))]
        if i_type is not None and cells[i_type] not in (None, ""):
            return None
        name, number = cells[i_name], cells[i_id]
        if type(name) is not str or type(number) is not str or not name_match(name) or not id_match(number):
            return None
        if _check_char(number[:17]) != number[17]:
            return None
        try:
            born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            return None
        if born > today or born.year < 1900 or not _known_region(number[:6]):
            return None
        derived = male if int(number[16]) % 2 == 1 else female
        if i_gender is not None:
            raw_gender = cells[i_gender]
            if raw_gender not in (None, "") and not (
                (raw_gender == "男" and derived == male) or (raw_gender == "女" and derived == female)
            ):
                return None
        phone = ""
        if i_phone is not None:
            phone = cells[i_phone]  # type: ignore[assignment]
            if phone is None:
                phone = ""
            elif type(phone) is not str or (phone and not mobile_match(phone)):
                return None
        raw_joined = cells[i_joined]
        if type(raw_joined) is not str:
            return None
        joined = dates.get(raw_joined)
        if joined is None:
            if not iso_match(raw_joined):
                return None
            try:
                joined = date.fromisoformat(raw_joined)
            except ValueError:
                return None
            dates.put(raw_joined, joined)
        if joined > today or joined < EARLIEST_JOIN or joined < born:
            return None
        values: dict[str, object] = {
            "name": name,
            "id_type": resident,
            "birth_date": born,
            "gender": derived,
            "phone": phone,
            "joined_on": joined,
        }
        for _key, target, index, limit in limited:
            out = short_text(None if index is None else cells[index], limit)
            if out is None:
                return None
            values[target] = out
        gig: str | None = ""
        if i_gig is not None:
            raw_gig = cells[i_gig]
            if raw_gig is not None:
                if type(raw_gig) is not str:
                    return None
                if raw_gig in gigs:
                    gig = gigs[raw_gig]
                else:
                    key = text(raw_gig).replace(" ", "")
                    gig = gigs[raw_gig] = GIG_TYPES.get(key, GIG_TYPES.get(key.upper()))
                if gig is None:
                    return None
        values["gig_type"] = gig
        return RowResult(values=values, errors=[], id_number=number)

    return normalize


class KeyMaker:
    """Stored keys of a document number and a name, as ``keys.id_keys``/``keys.name_keys`` compute them."""

    def __init__(self) -> None:
        self._index_key = index_key = crypto._index_key()
        self._mac = hmac.new(index_key, digestmod=hashlib.sha256)
        self._kid = settings.PII_ACTIVE_KEY_ID
        self._aead = crypto._keys()[self._kid]
        self._tails: _Bounded = _Bounded()
        self._names: _Bounded = _Bounded()
        self._nonces = b""
        self._pos = 0

    def current(self) -> bool:
        """Whether the keys are still the configured ones (tests swap them and reset ``crypto``'s caches)."""
        kid = settings.PII_ACTIVE_KEY_ID
        return kid == self._kid and crypto._index_key() is self._index_key and crypto._keys()[kid] is self._aead

    def _digest(self, message: str) -> str:
        mac = self._mac.copy()
        mac.update(message.encode())
        return mac.hexdigest()

    def bidx(self, number: str) -> str:
        return self._digest(f"id\x00{number}")[:32]

    def tail(self, number: str, n: int) -> str:
        key = (n, number[-n:])
        out = self._tails.get(key)
        if out is None:
            out = self._digest(f"id-tail{n}\x00{number[-n:]}")[:16]
            if n < 6:
                self._tails.put(key, out)
        return out

    def cipher(self, number: str) -> str:
        pos = self._pos
        if pos >= len(self._nonces):
            self._nonces, pos = os.urandom(crypto.NONCE_BYTES * 4096), 0
        nonce = self._nonces[pos : pos + crypto.NONCE_BYTES]
        self._pos = pos + crypto.NONCE_BYTES
        sealed = self._aead.encrypt(nonce, number.encode(), b"member-id")
        return f"{self._kid}${base64.b64encode(nonce + sealed).decode()}"

    def id_keys(self, number: str) -> tuple[str, str, str, str, str]:
        """(cipher, masked, tail4, tail5, tail6)."""
        return (
            self.cipher(number),
            mask_id_number(number),
            self.tail(number, 4),
            self.tail(number, 5),
            self.tail(number, 6),
        )

    def name(self, name: str) -> tuple[str, str, list[str], str]:
        """(pinyin, initials, bigrams, sort key)."""
        out = self._names.get(name)
        if out is None:
            found = keys.name_keys(name)
            out = (found.pinyin[:128], found.initials[:32], keys.name_grams(name), found.sort)
            self._names.put(name, out)
        return out  # type: ignore[no-any-return]
