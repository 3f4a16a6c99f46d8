"""Every console and portal form survives hostile values (security finding: 500s from odd input).

For every registered page (the URL sweep's resolvers give each one its object) that renders a
``<form method="post">``, signed in as someone allowed to use it (province staff holding every role; a union's
own staff for pages local to a union; the worker for portal pages; nobody for public pages), each field in turn
is posted with hostile values while the other fields keep what the page offered: superscript digits, a huge
integer, a 50,000-character string, a NUL byte, formula prefixes, right-to-left marks, malformed dates and
months, negative and not-a-number decimals, and a list where a single value is expected. No answer may be a
server error; each is a redirect or a page (the form again, with its error), or a refusal (400/403/404/405).
Each post runs in a savepoint rolled back after its answer (and the cache is cleared), so posts never see each
other's changes. File inputs are left out: uploads are fuzzed by the import tests (``test_import_hostile.py``).
The values are fixed and each field gets four of them, the next four for the next field (every value reaches
dozens of fields of every kind, within about a minute): the run is deterministic.

It runs on PostgreSQL, the production database, once per CI run: that is where hostile text fails loudest (a NUL
byte in a string is an error there, and silently stored by SQLite), and a second walk on SQLite found nothing the
first did not while costing a minute and a half of the suite's budget.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client

from gonghui.authz.testing import World, login
from tests.test_url_sweep import _build_url, _collect, all_url_names

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

NUL = "\x00"
HOSTILE: tuple[Any, ...] = (
    "²",
    "99999999999999999999999999",
    "x" * 50_000,
    f"a{NUL}b",
    "=1+1",
    "@SUM(A1)",
    "\u202e\u200f王芳",
    "2026-13-45",
    "2026-00",
    "-1.5",
    "NaN",
    ["1", "2"],
)
# Pages whose forms only move between pages (language switch) or end the session.
NOT_FUZZED = {"set_language", "portal:logout", "console:logout"}
VALUES_PER_FIELD = 4


def _values_for(n: int) -> list[Any]:
    """The ``n``-th field's hostile values: ``VALUES_PER_FIELD`` of them, the next ones in turn for the next field,
    so that every value reaches many fields of every kind while the walk stays short."""
    return [HOSTILE[(n * VALUES_PER_FIELD + k) % len(HOSTILE)] for k in range(VALUES_PER_FIELD)]


@dataclass
class Form:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", "")) if a.get("method", "").lower() == "post" else None
            if self._form is not None:
                self.forms.append(self._form)
            return
        form, name = self._form, a.get("name", "")
        if form is None or not name or name == "csrfmiddlewaretoken":
            if tag == "option" and self._select and self._first_option is None:
                self._first_option = a.get("value", "")
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file":
                form.files.add(name)
            elif kind in ("checkbox", "radio"):
                form.fields.setdefault(name, [])
                if "checked" in a:
                    form.fields[name].append(a.get("value", "on"))
            elif kind not in ("submit", "button", "reset", "image"):
                form.fields.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select":
            self._select, self._first_option = name, None
            form.fields.setdefault(name, [])
        elif tag == "textarea":
            self._textarea = name
            form.fields.setdefault(name, [])
        elif tag == "button" and a.get("value"):
            form.fields.setdefault(name, []).append(a["value"])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form is not None:
            self._form.fields[self._textarea].append(data)
            self._textarea = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select and self._form is not None:
            if not self._form.fields[self._select] and self._first_option is not None:
                self._form.fields[self._select].append(self._first_option)
            self._select = None


class _FormsWithSelection(_Forms):
    """Also keeps the ``selected`` option of a select (else its first)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "option" and self._select and self._form is not None and any(k == "selected" for k, _ in attrs):
            self._form.fields[self._select] = [dict(attrs).get("value") or ""]
        super().handle_starttag(tag, attrs)


def forms_of(html: str) -> list[Form]:
    parser = _FormsWithSelection()
    parser.feed(html)
    return parser.forms


def _once(fn: Any) -> Any:
    """A sweep resolver called at most once: the walk builds every URL in one world, and some resolvers create
    their object on each call (a second review case of the same subject is refused)."""
    memo: list[Any] = []

    def resolve(world: World) -> Any:
        if not memo:
            memo.append(fn(world))
        return memo[0]

    return resolve


def _pages(world: World) -> Iterator[tuple[str, str, Client]]:
    resolvers, public, signed_in, local_only = _collect()
    resolvers = {key: _once(fn) for key, fn in resolvers.items()}
    clients: dict[str, Client] = {}

    def client_for(kind: str) -> Client:
        if kind not in clients:
            users = {
                "public": None,
                "member": world.member,
                "local": world.actor("same_with", "orgs.view_unit"),
                "staff": world.actor("ancestor", "orgs.view_unit"),
            }
            clients[kind] = login(Client(raise_request_exception=False), users[kind])
        return clients[kind]

    for name in all_url_names():
        if name in NOT_FUZZED or name.startswith(("v1:", "api-", "ops:")):
            continue
        url = _build_url(world, name, resolvers)
        if url.startswith("/api/"):
            continue
        if name in public:
            kind = "public"
        elif name in local_only:
            kind = "local"
        elif url.startswith("/console/"):
            kind = "staff"
        else:
            kind = "member"
        yield name, url, client_for(kind)


def _post(client: Client, action: str, data: dict[str, Any]) -> Any:
    cache.clear()
    with transaction.atomic():
        try:
            return client.post(action, data)
        finally:
            transaction.set_rollback(True)


def test_every_form_field_survives_hostile_values(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the form fuzz walks every form once per CI run, on PostgreSQL (see the module's docstring)")
    failures: list[str] = []
    fuzzed_forms = 0
    fuzzed_fields = 0
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for name, url, client in _pages(world):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in forms_of(response.content.decode(errors="replace")):
            action = urlsplit(urljoin(url, form.action or url))
            target = action.path + (f"?{action.query}" if action.query else "")
            key = (target, tuple(sorted(form.fields)))
            if key in seen or not action.path.startswith("/") or target.startswith("/api/"):
                continue
            seen.add(key)
            fuzzed_forms += 1
            base = {k: (v if len(v) != 1 else v[0]) for k, v in form.fields.items() if v}
            for field_name in form.fields:
                fuzzed_fields += 1
                for value in _values_for(fuzzed_fields):
                    answer = _post(client, target, {**base, field_name: value})
                    ok = answer.status_code in (200, 302, 303, 400, 403, 404, 405)
                    if answer.status_code == 200 and "html" in answer.get("Content-Type", ""):
                        ok = "<form" in answer.content.decode(errors="replace") or answer.headers.get("HX-Redirect")
                    if not ok:
                        shown = value if isinstance(value, list) else repr(value[:20])
                        failures.append(f"{name}: POST {target} {field_name}={shown} → {answer.status_code}")
    assert not failures, "\n".join(failures[:60])
    assert fuzzed_forms >= 30, fuzzed_forms  # the walk reaches the forms (not only sign-in pages)
