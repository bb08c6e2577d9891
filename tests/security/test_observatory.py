"""MDN's HTTP Observatory grades the portal A+.

The portal runs as in production: the production settings, gunicorn serving HTTPS
with a certificate made here for ``localhost``, and a second gunicorn on plain HTTP
whose only answer is Django's redirect to HTTPS. The scanner (npm
``@mdn/mdn-http-observatory``, pinned in ``tests/security/observatory/``) is installed
under ``var/observatory`` without its install scripts, which would download the HSTS
preload list: an empty list stands in for it, so no grade comes from a preload
entry. The scanner trusts the test's certificate (``NODE_EXTRA_CA_CERTS``) rather
than skipping verification, which it would mark down as an invalid certificate.
"""

import datetime
import errno
import hashlib
import ipaddress
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.deploy.prodenv import (
    CLEARED,
    PRODUCTION_ENV,
    ROOT,
    collect_static,
    database_url,
    free_port,
)

MISSING = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        bool(MISSING),
        reason=f"the Observatory scanner needs {' and '.join(MISSING)}, not found",
    ),
]

PINNED = Path(__file__).with_name("observatory")
INSTALL = ROOT / "var" / "observatory"
PACKAGE = INSTALL / "node_modules" / "@mdn" / "mdn-http-observatory"
HOST = "localhost"


def install_scanner() -> Path:
    """``npm ci --ignore-scripts`` from the pinned lock file, once per lock file;
    then the stub preload list. Returns the folder holding node_modules."""
    INSTALL.mkdir(parents=True, exist_ok=True)
    lock = (PINNED / "package-lock.json").read_bytes()
    stamp = INSTALL / ".installed"
    digest = hashlib.sha256(lock).hexdigest()
    if not (stamp.exists() and stamp.read_text() == digest and PACKAGE.is_dir()):
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(PINNED / name, INSTALL / name)
        subprocess.run(  # noqa: S603 — npm with fixed arguments
            [
                shutil.which("npm"),
                "ci",
                "--ignore-scripts",
                "--prefer-offline",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ],
            cwd=INSTALL,
            check=True,
            timeout=300,
        )
        stamp.write_text(digest)
    shutil.copyfile(PINNED / "scan-ports.mjs", INSTALL / "scan-ports.mjs")
    (PACKAGE / "conf" / "hsts-preload.json").write_text("{}\n")
    return INSTALL


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1, valid for a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName(HOST),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def _can_bind(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EPERM, errno.EADDRINUSE):
                return False
            raise
    return True


def choose_ports() -> tuple[int, int, bool]:
    """80 and 443 where they can be bound (as root, and free); else two free high
    ports. The last value says whether these are the standard ports."""
    if _can_bind(80) and _can_bind(443):
        return 80, 443, True
    return free_port(), free_port(), False


def origin(scheme: str, port: int) -> str:
    default = {"http": 80, "https": 443}[scheme]
    return f"{scheme}://{HOST}" + ("" if port == default else f":{port}")


def _wait_until_up(url: str, server, log: Path, context=None) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=5, context=context).close()  # noqa: S310
            return
        except urllib.error.HTTPError:
            return  # any HTTP answer means it is up
        except OSError as error:
            assert server.poll() is None, log.read_text()
            if time.monotonic() > deadline:
                pytest.fail(f"{url} did not answer: {error}")
            time.sleep(0.3)


@pytest.fixture
def production_site(tmp_path):
    """The portal on HTTPS and HTTP (redirecting) under the production settings."""
    cert_file, key_file = make_certificate(tmp_path)
    http_port, https_port, standard = choose_ports()
    if not standard:
        sys.stdout.write(
            "Ports 80/443 cannot be bound here: serving on "
            f"{http_port} (HTTP) and {https_port} (HTTPS) instead.\n"
        )
    env = {
        **{k: v for k, v in os.environ.items() if k not in CLEARED},
        **PRODUCTION_ENV,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DATABASE_URL": database_url(connection.settings_dict),
        "SECURE_SSL_REDIRECT": "true",
        "STATIC_ROOT": str(tmp_path / "static"),
        "WEB_CONCURRENCY": "1",
    }
    if not standard:
        env["SECURE_SSL_HOST"] = f"{HOST}:{https_port}"
    collect_static(env)
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    servers = []
    logs = {name: tmp_path / f"{name}.log" for name in ("https", "http")}
    try:
        for name, port, tls in (
            (
                "https",
                https_port,
                ["--certfile", str(cert_file), "--keyfile", str(key_file)],
            ),
            ("http", http_port, []),
        ):
            with logs[name].open("w") as log:
                servers.append(
                    subprocess.Popen(  # noqa: S603 — our own interpreter
                        [*gunicorn, "--no-control-socket", *tls],
                        cwd=ROOT,
                        env={**env, "BIND": f"127.0.0.1:{port}"},
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        trusting = ssl.create_default_context(cafile=str(cert_file))
        https_origin = origin("https", https_port)
        _wait_until_up(f"{https_origin}/healthz", servers[0], logs["https"], trusting)
        # Through the redirect, which keeps the Host header's port.
        http_origin = origin("http", http_port)
        _wait_until_up(f"{http_origin}/healthz", servers[1], logs["http"], trusting)
        yield {
            "http_port": http_port,
            "https_port": https_port,
            "standard": standard,
            "certificate": cert_file,
        }
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def run_scanner(install: Path, site: dict) -> dict:
    if site["standard"]:
        command = [
            shutil.which("node"),
            str(PACKAGE / "src" / "scan.js"),
            HOST,
        ]
    else:
        command = [
            shutil.which("node"),
            str(install / "scan-ports.mjs"),
            HOST,
            str(site["http_port"]),
            str(site["https_port"]),
        ]
    result = subprocess.run(  # noqa: S603 — node with fixed arguments
        command,
        cwd=install,
        env={**os.environ, "NODE_EXTRA_CA_CERTS": str(site["certificate"])},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_observatory_grades_the_production_site_a_plus(production_site):
    install = install_scanner()
    report = run_scanner(install, production_site)
    scan, tests = report["scan"], report["tests"]
    summary = "\n".join(
        [
            f"Observatory: grade {scan['grade']}, score {scan['score']}, "
            f"{scan['testsPassed']}/{scan['testsQuantity']} tests passed",
            *(
                f"  {'pass' if test['pass'] else 'FAIL'} {name}: {test['result']} "
                f"({test.get('scoreModifier', 0):+d})"
                for name, test in sorted(tests.items())
            ),
        ]
    )
    sys.stdout.write(summary + "\n")
    failed = {name: test["result"] for name, test in tests.items() if not test["pass"]}
    assert failed == {}, summary
    assert scan["grade"] == "A+", summary
    assert scan["score"] >= 100, summary
    # The grade is earned on a real redirect and a verified certificate.
    assert tests["redirection"]["result"] == "redirection-to-https"
    assert tests["redirection"]["route"][0].startswith("http://")
    assert tests["redirection"]["route"][-1].startswith("https://")
    assert tests["strict-transport-security"]["result"] == (
        "hsts-implemented-max-age-at-least-six-months"
    )
    assert tests["cookies"]["result"] == (
        "cookies-secure-with-httponly-sessions-and-samesite"
    )
