"""P4: member portal pages and API list endpoints under 32 concurrent clients, against a bare Django view on the same
server in the same run.

    .venv/bin/python bench/http_load.py [--pg postgres://postgres@127.0.0.1:5432/postgres] [--db gonghui_bench_http]
        [--clients 32] [--seconds 10] [--max-requests 4000] [--workers 4]

Creates (once) a PostgreSQL database ``--db`` (default ``gonghui_bench_http``, on the server of ``--pg``) with the demo
(migrate + seed_demo), collects static files, starts gunicorn with the production settings (``bench/http_settings.py``:
production + a bare view) on loopback, signs a demo member in (a session row) and gives the demo administrator an API
token, then for each target runs ``--clients`` keep-alive clients (threads) until ``--max-requests`` requests or
``--seconds`` have passed, whichever comes first. Prints req/s, the ratio to the bare view, p50/p95 latency and errors
per target.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DB = "gonghui_bench_http"  # the default of --db

PORTAL = ["/", "/me/", "/cases/", "/members/card/", "/finance/dues/", "/finance/payments/"]
API = ["/api/v1/units/", "/api/v1/members/", "/api/v1/review/cases/", "/api/v1/audit-events/", "/api/v1/roles/"]


def key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def environment(pg_server: str, db: str, tmp: Path) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "bench.http_settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        # The demo's data is encrypted under the development keys: keep them (a bench, not a deployment).
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"{pg_server.rsplit('/', 1)[0]}/{db}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp / "prometheus"),
        "LOG_FORMAT": "json",
        "LOG_ACCESS": "false",
        "LOG_LEVEL": "WARNING",
    }


def prepare_database(pg_server: str, db: str, env: dict[str, str]) -> None:
    with psycopg.connect(pg_server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{db}"')
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)


CREDENTIALS = """
import json, time
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.authtoken.models import Token
from gonghui.accounts.models import User
from gonghui.demo.data import DEMO_WORKER_PHONE
member = User.objects.get(phone=DEMO_WORKER_PHONE)
s = SessionStore()
s[SESSION_KEY] = str(member.pk)
s[BACKEND_SESSION_KEY] = "gonghui.accounts.backends.SmsCodeBackend"
s[HASH_SESSION_KEY] = member.get_session_auth_hash()
s["_gh_started"] = s["_gh_seen"] = int(time.time())
s.create()
token, _ = Token.objects.get_or_create(user=User.objects.get(username="admin"))
print(json.dumps({"session": s.session_key, "token": token.key}))
"""


def credentials(env: dict[str, str]) -> dict[str, str]:
    out = subprocess.run(
        [sys.executable, "-c", CREDENTIALS], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


TICK = os.sysconf("SC_CLK_TCK")
CPUS = os.cpu_count() or 1


def _stat(pid: int | str) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()  # fields from the 3rd (state) on


def server_cpu(master: int) -> float:
    """CPU seconds of gunicorn's workers: the live ones, plus the exited ones the master reaped (recycled workers)."""
    total = sum(int(x) for x in _stat(master)[13:15]) / TICK  # cutime, cstime
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat(entry.name)
        except OSError:
            continue
        if int(fields[1]) == master:
            total += (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
    return total


def postgres_cpu(db: str) -> dict[int, float]:
    """CPU seconds so far of each live PostgreSQL backend connected to ``db`` (by pid), when the server runs here."""
    found: dict[int, float] = {}
    marker = f" {db} ".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            if marker in cmdline and cmdline.startswith(b"postgres:"):
                found[int(entry.name)] = int((entry / "schedstat").read_text().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):
            continue
    return found


def postgres_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU the backends used between two snapshots (a backend that ended meanwhile is not counted: persistent
    connections end only with a recycled worker)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def machine_cpu() -> float:
    """CPU seconds all processes of the machine have used so far (``/proc/stat``), to see the other engineers' load."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy = sum(fields[:8]) - fields[3] - fields[4]  # all but idle and iowait
    return busy / TICK


def drive(port: int, path: str, headers: dict[str, str], clients: int, seconds: float, max_requests: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + seconds

    def take() -> bool:
        nonlocal issued
        with lock:
            if issued >= max_requests or time.monotonic() >= deadline:
                return False
            issued += 1
            return True

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        local: list[float] = []
        while take():
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                with lock:
                    errors.append(type(exc).__name__)
                continue
            local.append(time.perf_counter() - started)
            if status != 200:
                with lock:
                    errors.append(str(status))
        conn.close()
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else float("nan")
    return {
        "path": path,
        "requests": len(latencies) + len(errors),
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95_ms": p95 * 1000,
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        "elapsed": elapsed,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--db", default=DB, help="the bench database (created with the demo if missing)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="gonghui-http-bench-"))
    (tmp / "prometheus").mkdir()
    env = environment(args.pg, args.db, tmp)
    print(f"preparing the demo database {args.db} and static files ...", flush=True)
    prepare_database(args.pg, args.db, env)
    creds = credentials(env)
    port = free_port()
    # No worker recycling during the run (deploy/gunicorn.conf.py recycles a worker after ~2,000 requests): a
    # recycled worker's start-up (~1 s of CPU) would land on whichever target runs then and skew its ratio.
    server_env = dict(
        env, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(args.workers), GUNICORN_MAX_REQUESTS="0"
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=server_env,
    )
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        member = {"Cookie": f"sessionid={creds['session']}", "Host": "127.0.0.1"}
        staff = {"Authorization": f"Token {creds['token']}", "Host": "127.0.0.1", "Accept": "application/json"}
        targets = [("/bench/bare/", {"Host": "127.0.0.1"})]
        targets += [(p, member) for p in PORTAL] + [(p, staff) for p in API]
        # Warm every worker's caches on every target.
        for path, headers in targets:
            drive(port, path, headers, clients=args.workers, seconds=5, max_requests=args.workers * 4)
        rows = []
        for path, headers in targets:
            backends = postgres_cpu(args.db)
            before = (server_cpu(server.pid), 0.0, machine_cpu(), time.process_time())
            row = drive(port, path, headers, args.clients, args.seconds, args.max_requests)
            pg_used = postgres_used(backends, postgres_cpu(args.db))
            after = (server_cpu(server.pid), pg_used, machine_cpu(), time.process_time())
            used = [b - a for a, b in zip(before, after, strict=True)]
            done = max(row["requests"], 1)
            row["server_ms"], row["pg_ms"] = used[0] / done * 1000, used[1] / done * 1000
            # The machine's CPU not used by the server, its database backends or these clients: other engineers.
            row["others"] = max(used[2] - used[0] - used[1] - used[3], 0.0) / (row["elapsed"] * CPUS)
            rows.append(row)
        bare = rows[0]["rps"]
        print(
            f"\n{args.clients} clients, {args.workers} gunicorn workers (sync), <= {args.max_requests} requests or "
            f"{args.seconds:.0f} s per target, 2-core machine shared with the clients"
        )
        print(
            "srv ms: gunicorn workers' CPU per request; pg ms: its PostgreSQL backends' CPU per request; others: share "
            "of the machine's CPU used by other processes meanwhile"
        )
        print(
            f"{'target':28} {'req':>6} {'req/s':>8} {'vs bare':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} "
            f"{'srv ms':>7} {'pg ms':>6} {'others':>7}"
        )
        for row in rows:
            print(
                f"{row['path']:28} {row['requests']:>6} {row['rps']:>8.0f} {row['rps'] / bare:>8.0%} "
                f"{row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['errors']:>7} {row['server_ms']:>7.1f} "
                f"{row['pg_ms']:>6.1f} {row['others']:>7.0%} {' '.join(row['error_kinds'])}"
            )
        print(f"load average at the end: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
