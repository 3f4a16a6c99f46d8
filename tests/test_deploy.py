"""The deployment files: the compose file has the platform's services, the systemd units run the right commands, and
gunicorn starts with the production settings on loopback and answers /healthz (the systemd-style path; no container
engine runs on the development machines)."""

from __future__ import annotations

import base64
import configparser
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def test_compose_has_every_service():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"web", "worker", "scheduler", "postgres", "redis", "minio", "migrate"} <= set(services)
    assert services["web"]["command"][0] == "gunicorn"
    assert "GUNICORN_WORKERS" in services["web"]["environment"]
    assert "rqworker" in services["worker"]["command"]
    assert services["worker"]["environment"]["TASKS_BACKEND"] == "django_tasks_rq.RQBackend"
    assert services["scheduler"]["command"][-1] == "run_periodic"
    for name in ("web", "worker", "scheduler"):
        env = services[name]["environment"]
        assert env["STORAGE_BACKEND"] == "s3", name
        assert env["REDIS_URL"].startswith("redis://"), name
        assert services[name]["build"]["dockerfile"] == "deploy/Dockerfile"
    # Secrets come from the environment file, never from the compose file itself.
    text = (DEPLOY / "compose.yaml").read_text()
    assert "SECRET_KEY" not in text
    assert "PII_KEYS" not in text


def test_dockerfile_is_multistage_nonroot_and_pinned():
    text = (DEPLOY / "Dockerfile").read_text()
    assert text.count("FROM ") >= 2
    assert "USER gonghui" in text
    assert "requirements/base.txt" in text
    assert ":latest" not in text
    for line in (ROOT / "requirements" / "base.txt").read_text().splitlines():
        if line and not line.startswith(("#", "-r")):
            assert "==" in line, line


def test_systemd_units():
    expected = {
        "gonghui-web.service": "gunicorn -c deploy/gunicorn.conf.py config.wsgi",
        "gonghui-worker@.service": "manage.py db_worker",
        "gonghui-scheduler.service": "manage.py run_periodic",
    }
    for name, command in expected.items():
        unit = configparser.ConfigParser(strict=False, interpolation=None)
        unit.optionxform = str  # type: ignore[assignment,method-assign]
        unit.read(DEPLOY / "systemd" / name)
        service = unit["Service"]
        assert command in service["ExecStart"], name
        assert service["User"] == "gonghui"
        assert service["EnvironmentFile"] == "/etc/gonghui/gonghui.env"
        assert (
            "Environment=DJANGO_SETTINGS_MODULE=config.settings.production" in (DEPLOY / "systemd" / name).read_text()
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def test_gunicorn_with_production_settings_serves_healthz(tmp_path):
    port = _free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PII_KEYS": json.dumps({"k1": _key()}),
        "PII_ACTIVE_KEY_ID": "k1",
        "PII_INDEX_KEY": _key(),
        "MEMBER_CARD_SIGNING_KEY": _key(),
        "ALLOWED_HOSTS": "gonghui.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    (tmp_path / "prometheus").mkdir()
    # As the image build and the systemd install do: hashed static files for WhiteNoise's manifest storage.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen(
        [str(gunicorn), "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=10) as response:  # noqa: S310
                    assert response.status == 200
                    assert json.loads(response.read()) == {"status": "ok"}
                    break
            except OSError:  # refused while booting, or a first request slower than the timeout
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.monotonic() < deadline, "gunicorn did not answer /healthz within 30 s"
                time.sleep(0.3)
        with urllib.request.urlopen(base + "/metrics", timeout=5) as response:  # noqa: S310
            assert b"gonghui_task_queue_up" in response.read()
        # Everything else is production: the host check refuses a loopback Host header.
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "/login/", timeout=5)  # noqa: S310
        assert refused.value.code == 400
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
