"""P4: CPU per request of each ``bench/http_load.py`` target, in-process, with the production-like settings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench_http \\
        .venv/bin/python bench/http_profile.py [--repeat 30] [--only PATH] [--profile PATH|all] [--cprofile PATH|all]

Runs each target through Django's WSGI handler (the whole middleware stack and the end-of-request signals, as gunicorn
calls it) with the settings of ``bench/http_settings.py`` on a database holding the demo (``manage.py seed_demo``;
``bench/http_load.py`` prepares one), with fixed headers like the load bench's clients (a member's session cookie, the
administrator's API token). Each target is requested twice to warm the caches, then ``--repeat`` times. Prints the SQL
queries of one request and, per request, the CPU time of this process (``cpu ms``), the CPU time of the PostgreSQL
backends serving it (``pg ms``, from ``/proc/PID/schedstat`` when the server runs on this machine; a backend started
during the run counts from its start, so a connection per request shows its cost) and the wall time.
``--profile PATH`` prints a pyinstrument profile of one warm request (``--profile-requests N``: of N; pyinstrument is a
bench tool: ``requirements/bench.txt``), ``--cprofile PATH`` a cProfile (CPU time) of 10 warm requests.
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.http_settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("LOG_FORMAT", "json")
os.environ.setdefault("LOG_ACCESS", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
_tmp = Path(tempfile.mkdtemp(prefix="gonghui-http-profile-"))
os.environ.setdefault("STATIC_ROOT", str(_tmp / "static"))
os.environ.setdefault("MEDIA_ROOT", str(_tmp / "media"))
(_tmp / "prometheus").mkdir()
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(_tmp / "prometheus"))

PORTAL = ["/", "/me/", "/cases/", "/members/card/", "/finance/dues/", "/finance/payments/"]
API = ["/api/v1/units/", "/api/v1/members/", "/api/v1/review/cases/", "/api/v1/audit-events/", "/api/v1/roles/"]


def backend_cpu_ns(pid: int) -> int:
    """CPU time so far of a PostgreSQL backend on this machine (``/proc/PID/schedstat``), 0 when unreadable."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", action="append", default=[], help="a target path, or 'all'")
    parser.add_argument("--profile-requests", type=int, default=1, help="requests in one pyinstrument profile")
    parser.add_argument("--cprofile", action="append", default=[], help="cProfile (CPU time) of 10 warm requests")
    parser.add_argument("--only", action="append", default=[], help="measure only these targets")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connection
    from django.test import RequestFactory
    from rest_framework.authtoken.models import Token

    from gonghui.accounts.models import User
    from gonghui.demo.data import DEMO_WORKER_PHONE

    if not Path(staticfiles_storage.location, "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", "-v", "0")

    member = User.objects.get(phone=DEMO_WORKER_PHONE)
    store = __import__(settings.SESSION_ENGINE, fromlist=["SessionStore"]).SessionStore()
    store[SESSION_KEY] = str(member.pk)
    store[BACKEND_SESSION_KEY] = "gonghui.accounts.backends.SmsCodeBackend"
    store[HASH_SESSION_KEY] = member.get_session_auth_hash()
    store["_gh_started"] = store["_gh_seen"] = int(time.time())
    store.create()
    token, _ = Token.objects.get_or_create(user=User.objects.get(username="admin"))

    handler = WSGIHandler()
    factory = RequestFactory()

    class WsgiClient:
        """Calls the WSGI handler as gunicorn does (the response closed: ``request_finished`` and its
        ``close_old_connections`` run), with fixed headers and no cookie jar, like the load bench's clients."""

        def __init__(self, **headers: str) -> None:
            self.headers = headers

        def get(self, path: str) -> SimpleNamespace:
            environ = factory._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", **self.headers)
            status: list[str] = []
            result = handler(environ, lambda s, h, exc_info=None: status.append(s))
            try:
                body = b"".join(result)
            finally:
                result.close()
            return SimpleNamespace(status_code=int(status[0].split()[0]), content=body)

    host = {"HTTP_HOST": "127.0.0.1", "SERVER_NAME": "127.0.0.1"}
    member_client = WsgiClient(HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={store.session_key}", **host)
    staff_client = WsgiClient(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT="application/json", **host)
    bare_client = WsgiClient(**host)
    targets = [("/bench/bare/", bare_client)]
    targets += [(p, member_client) for p in PORTAL] + [(p, staff_client) for p in API]
    if args.only:
        targets = [(p, c) for p, c in targets if p in args.only]
    profile_all = "all" in args.profile

    print(f"{'target':28} {'status':>6} {'queries':>7} {'cpu ms':>8} {'pg ms':>8} {'wall ms':>8}")
    for path, client in targets:
        for _ in range(2):
            response = client.get(path)
        queries: list[str] = []

        def count(execute: Any, sql: str, *rest: Any, log: list[str] = queries) -> Any:
            log.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            response = client.get(path)
        backends: dict[int, list[int]] = {}  # backend pid -> [CPU ns when first seen, CPU ns after its last query]
        if connection.connection is not None:  # a persistent connection: count from now
            pid = connection.connection.info.backend_pid
            backends[pid] = [backend_cpu_ns(pid)] * 2

        def backend_time(execute: Any, sql: str, *rest: Any, seen: dict[int, list[int]] = backends) -> Any:
            try:
                return execute(sql, *rest)
            finally:
                pid = connection.connection.info.backend_pid
                seen.setdefault(pid, [0, 0])[1] = backend_cpu_ns(pid)

        cpu0, wall0 = time.process_time(), time.perf_counter()
        with connection.execute_wrapper(backend_time):
            for _ in range(args.repeat):
                client.get(path)
        cpu = (time.process_time() - cpu0) / args.repeat * 1000
        wall = (time.perf_counter() - wall0) / args.repeat * 1000
        pg = sum(last - first for first, last in backends.values()) / args.repeat / 1e6
        print(f"{path:28} {response.status_code:>6} {len(queries):>7} {cpu:>8.1f} {pg:>8.1f} {wall:>8.1f}", flush=True)
        if profile_all or path in args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0001)
            with profiler:
                for _ in range(args.profile_requests):
                    client.get(path)
            out = io.StringIO()
            out.write(profiler.output_text(unicode=True, color=False, show_all=False))
            print(out.getvalue())
        if "all" in args.cprofile or path in args.cprofile:
            import cProfile
            import pstats

            cprofiler = cProfile.Profile(time.process_time)
            cprofiler.enable()
            for _ in range(10):
                client.get(path)
            cprofiler.disable()
            stats = pstats.Stats(cprofiler, stream=sys.stdout)
            stats.sort_stats("cumulative").print_stats(45)
    return 0


if __name__ == "__main__":
    sys.exit(main())
