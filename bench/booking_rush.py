"""P3: a booking rush — thousands of members book one 50-place recuperation trip at once, over HTTP on loopback
against gunicorn on PostgreSQL; the same requests then go to a naive booking path (count, then insert) for a second
50-place trip in the same run, to show what it gets wrong. With ``--target activity`` the same rush goes to a
worker-service activity's sign-ups (``POST /api/v1/worker-services/signups/``, the same kernel mechanism
``gonghui/common/rush.py``), without the naive baseline.

    .venv/bin/python bench/booking_rush.py [--pg postgresql://postgres@127.0.0.1:5432/postgres] [--db gh_recbook_rush]
        [--members 5000] [--duplicates 500] [--places 50] [--clients 200] [--workers 6] [--seconds 120]
        [--target trip|activity]

Creates (each run, afresh) the PostgreSQL database ``--db`` (migrate only), a province federation with a grassroots
union of ``--members`` members, each with a portal account and an API token, and two trips published with
``--places`` places, booking open now. Starts gunicorn (production settings, ``--workers`` sync workers) on
loopback. Builds the requests — one per member plus ``--duplicates`` more from some of them (half a retry with the
same ``Idempotency-Key``, half a second device with a new key) — in a shuffled order, and sends them from
``--clients`` concurrent keep-alive clients (threads) to ``POST /api/v1/recuperation/bookings/``, bounded by
``--seconds``. Then the same to the naive path. Prints per path: requests, confirmed bookings (must equal the
places), whether the confirmed are the first arrivals in accepted order, members booked twice (live bookings, or
different booking ids returned to one member), server errors, other refusals, and p50/p95/max latency.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.http_load import environment, free_port  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DB = "gh_recbook_rush"

SETUP = r"""
import json, sys
from datetime import timedelta
from decimal import Decimal
import django
django.setup()
from django.utils import timezone
from rest_framework.authtoken.models import Token
from gonghui.accounts.models import User
from gonghui.authz.models import Role, RoleGrant, RolePermission
from gonghui.members.roster import keys
from gonghui.members.models import Member
from gonghui.members.tests.factories import resident_id, store_id, store_name, name_for
from gonghui.orgs.models import OrgUnit, UnitKind
from gonghui.recuperation.permissions import MANAGE_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.trips.services import TripInput, trip_create, trip_publish

members, places, target = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
top = OrgUnit(name="压测省总工会", kind=UnitKind.FEDERATION, region_code="330000")
province = OrgUnit.objects.add_root(instance=top)
union = OrgUnit.objects.add_child(
    OrgUnit.objects.get(pk=province.pk),
    instance=OrgUnit(name="压测基层工会", kind=UnitKind.GRASSROOTS, region_code="330106"),
)
clerk = User.objects.create_user(username="rush_clerk", name="压测经办人")
role = Role.objects.create(code="rush_clerk", name="压测经办")
RolePermission.objects.bulk_create([RolePermission(role=role, permission=p) for p in (VIEW_RECUPERATION, MANAGE_TRIPS)])
RoleGrant.objects.create(user=clerk, role=role, unit=province)
users = []
for n in range(members):
    phone = f"177{n:08d}"
    u = User(username=phone, phone=phone, name=f"压测职工{n}")
    u.set_unusable_password()
    users.append(u)
User.objects.bulk_create(users, batch_size=1000)
users = list(User.objects.filter(username__startswith="177").order_by("username"))
rows = []
for n, u in enumerate(users):
    m = Member(unit=union, user=u, member_no=f"YC{n:09d}", phone=u.phone, joined_on=timezone.localdate(), gender="F")
    store_name(m, name_for(n + 1))
    store_id(m, resident_id(n + 1))
    m.phone_rev = keys.phone_rev(u.phone)
    rows.append(m)
Member.objects.bulk_create(rows, batch_size=1000)
Token.objects.bulk_create([Token(user=u, key=Token.generate_key()) for u in users], batch_size=1000)
trips = []
start = timezone.localdate() + timedelta(days=30)
for title in ("压测线路（本平台预订）", "压测线路（朴素实现）"):
    data = TripInput(
        title=title, destination="杭州", starts_on=start, ends_on=start + timedelta(days=3), places=places,
        price_per_day=Decimal("500"), booking_opens_at=timezone.now() - timedelta(minutes=1),
    )
    trips.append(trip_publish(actor=clerk, trip=trip_create(actor=clerk, unit=province, data=data)).pk)
if target == "activity":
    from gonghui.worker_services.activities.services import ActivityInput, activity_create, activity_publish
    from gonghui.worker_services.permissions import MANAGE_ACTIVITIES, VIEW_ACTIVITIES
    perms = (VIEW_ACTIVITIES, MANAGE_ACTIVITIES)
    RolePermission.objects.bulk_create([RolePermission(role=role, permission=p) for p in perms])
    clerk = User.objects.get(pk=clerk.pk)  # a fresh object: the permissions read so far are memoised on the old one
    now = timezone.now()
    data = ActivityInput(
        title="压测活动", category="文体活动", place="杭州", places=places,
        signup_opens_at=now - timedelta(minutes=1), signup_closes_at=now + timedelta(days=5),
        starts_at=now + timedelta(days=6), ends_at=now + timedelta(days=6, hours=2),
    )
    trips = [activity_publish(actor=clerk, activity=activity_create(actor=clerk, unit=province, data=data)).pk]
tokens = dict(Token.objects.values_list("user_id", "key"))
out = {"trips": trips, "tokens": [tokens[u.pk] for u in users]}
print(json.dumps(out))
"""

CHECK = r"""
import json, sys
import django
django.setup()
from django.db.models import Count
from gonghui.recuperation.models import Booking
from gonghui.worker_services.models import SignUp
trip, places, target = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
if target == "activity":
    rows = list(SignUp.objects.filter(activity_id=trip).order_by("seq").values_list("status", "member_id", "seq"))
else:
    rows = list(Booking.objects.filter(trip_id=trip).order_by("seq").values_list("status", "member_id", "seq"))
confirmed = [r for r in rows if r[0] == "confirmed"]
live = [r for r in rows if r[0] in ("confirmed", "waiting")]
counts = {}
for r in live:
    counts[r[1]] = counts.get(r[1], 0) + 1
first = sorted(r[2] for r in rows)[: len(confirmed)]
print(json.dumps({
    "bookings": len(rows),
    "confirmed": len(confirmed),
    "waiting": sum(1 for r in rows if r[0] == "waiting"),
    "in_order": sorted(r[2] for r in confirmed) == first,
    "twice": sum(1 for n in counts.values() if n > 1),
}))
"""


def django_run(env: dict[str, str], script: str, *args: object) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)], cwd=ROOT, env=env, check=False, capture_output=True, text=True
    )
    if out.returncode:
        sys.stderr.write(out.stderr[-3000:])
        raise SystemExit(out.returncode)
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepare(pg_server: str, db: str, env: dict[str, str], members: int, places: int, target: str) -> dict:
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
        conn.execute(f'CREATE DATABASE "{db}"')
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    return django_run(env, SETUP, members, places, target)


def requests_for(tokens: list[str], duplicates: int, seed: int = 7) -> list[tuple[int, str, str]]:
    """``(member index, token, key)``: one per member, then ``duplicates`` more (a retry with the same key or a
    second device with a new key), shuffled."""
    rng = random.Random(seed)
    out = [(i, t, f"rush-{i:06d}-a") for i, t in enumerate(tokens)]
    for n, i in enumerate(rng.sample(range(len(tokens)), min(duplicates, len(tokens)))):
        out.append((i, tokens[i], f"rush-{i:06d}-a" if n % 2 == 0 else f"rush-{i:06d}-b"))
    rng.shuffle(out)
    return out


def fire(
    port: int,
    path: str,
    prefix: str,
    trip: int,
    reqs: list[tuple[int, str, str]],
    clients: int,
    seconds: float,
    field: str = "trip",
) -> dict:
    lock = threading.Lock()
    queue = list(reversed(reqs))
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    returned: dict[int, set[int]] = {}
    deadline = time.monotonic() + seconds
    body = json.dumps({field: trip}).encode()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                if not queue or time.monotonic() >= deadline:
                    break
                who, token, key = queue.pop()
            headers = {
                "Authorization": f"Token {token}",
                "Idempotency-Key": f"{prefix}-{key}",
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Host": "127.0.0.1",
            }
            started = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    errors.append(type(exc).__name__)
                continue
            elapsed = time.perf_counter() - started
            booking = None
            if status in (200, 201):
                try:
                    booking = json.loads(payload)["id"]
                except (ValueError, KeyError):
                    booking = None
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
                if booking is not None:
                    returned.setdefault(who, set()).add(booking)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    latencies.sort()
    return {
        "sent": len(latencies) + len(errors),
        "unsent": len(queue),
        "wall": wall,
        "statuses": statuses,
        "transport_errors": len(errors),
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": latencies[max(int(len(latencies) * 0.95) - 1, 0)] if latencies else float("nan"),
        "max": latencies[-1] if latencies else float("nan"),
        "ids_twice": sum(1 for ids in returned.values() if len(ids) > 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--db", default=DB, help="the bench database (dropped and created afresh)")
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--duplicates", type=int, default=500)
    parser.add_argument("--places", type=int, default=50)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--workers", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--target", choices=("trip", "activity"), default="trip")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="gonghui-rush-bench-"))
    (tmp / "prometheus").mkdir()
    env = dict(environment(args.pg, args.db, tmp), DJANGO_SETTINGS_MODULE="bench.booking_rush_settings")
    env["API_THROTTLE_USER"] = "100000/min"  # 5,000 accounts: the per-account rate is not what is measured
    print(
        f"preparing {args.db}: {args.members} members with tokens, {args.places}-place {args.target}s ...", flush=True
    )
    made = prepare(args.pg, args.db, env, args.members, args.places, args.target)
    runs = (
        [("platform (rush.py)", "/api/v1/recuperation/bookings/", "p", made["trips"][0], "trip")]
        + [("naive count-then-insert", "/bench/naive-book/", "n", made["trips"][1], "trip")]
        if args.target == "trip"
        else [("activity (rush.py)", "/api/v1/worker-services/signups/", "a", made["trips"][0], "activity")]
    )
    reqs = requests_for(made["tokens"], args.duplicates)
    port = free_port()
    server_env = dict(
        env, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(args.workers), GUNICORN_MAX_REQUESTS="0"
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=server_env,
    )
    try:
        for _ in range(150):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        # Warm every worker (imports, first queries, connections) with reads, so that no booking pays for a
        # worker's start-up.
        warm = {"Authorization": f"Token {made['tokens'][0]}", "Host": "127.0.0.1", "Accept": "application/json"}
        for _ in range(args.workers * 4):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/api/v1/recuperation/my-bookings/", headers=warm)
            conn.getresponse().read()
            conn.close()
        results = []
        for label, path, prefix, trip, field in runs:
            print(f"firing {len(reqs)} requests at {label} ...", flush=True)
            fired = fire(port, path, prefix, trip, reqs, args.clients, args.seconds, field)
            fired.update(django_run(env, CHECK, trip, args.places, args.target))
            results.append((label, fired))
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(
        f"\n{args.members} members + {args.duplicates} duplicate requests (half same key, half a second device), "
        f"{args.places} places, {args.clients} concurrent clients, {args.workers} gunicorn sync workers, "
        f"PostgreSQL on loopback, 2-core machine shared with the clients"
    )
    head = (
        f"{'path':26} {'sent':>5} {'confirmed':>9} {'in order':>8} {'twice':>5} {'5xx':>5} {'4xx':>5} "
        f"{'waiting':>7} {'p50 s':>6} {'p95 s':>6} {'max s':>6} {'req/s':>6}"
    )
    print(head)
    for label, r in results:
        s5 = sum(n for code, n in r["statuses"].items() if code >= 500) + r["transport_errors"]
        s4 = sum(n for code, n in r["statuses"].items() if 400 <= code < 500)
        twice = max(r["twice"], r["ids_twice"])
        print(
            f"{label:26} {r['sent']:>5} {r['confirmed']:>9} {('yes' if r['in_order'] else 'NO'):>8} {twice:>5} "
            f"{s5:>5} {s4:>5} {r['waiting']:>7} {r['p50']:>6.2f} {r['p95']:>6.2f} {r['max']:>6.2f} "
            f"{r['sent'] / r['wall']:>6.0f}"
        )
    real = results[0][1]
    ok = (
        real["confirmed"] == args.places
        and real["in_order"]
        and real["twice"] == 0
        and real["ids_twice"] == 0
        and not any(code >= 500 for code in real["statuses"])
        and real["transport_errors"] == 0
        and real["unsent"] == 0
        and real["max"] <= 5.0
    )
    print(
        f"P3 target (exactly {args.places} confirmed in arrival order, 0 twice, 0 errors, max <= 5 s): "
        f"{'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
