"""The portal as production serves it, for `make lighthouse` and `make screenshots`:
gunicorn with the production settings (compressed pages, WhiteNoise's compressed
static files) on a free loopback port, over the database of DATABASE_URL, which
must hold the demo content (`manage.py load_demo`)."""

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
STATIC_ROOT = ROOT / "var" / "served-static"
MEMBER_EMAIL = "member@kshub.example"
# One key for the server and for the pages listed here: signed links (unsubscribe)
# must verify on the server that serves them.
SECRET_KEY = os.environ.get("SECRET_KEY", "local-measurement-only-" + "k" * 40)

from tests.machine import free_port  # noqa: E402


def production_env(port: int) -> dict:
    database = os.environ.get("DATABASE_URL")
    if not database:
        raise SystemExit("Set DATABASE_URL to a database with the demo content.")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kshub.settings.prod",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": database,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(STATIC_ROOT),
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }


@contextlib.contextmanager
def production_server():
    """Yield the base URL of gunicorn serving the portal; stop it afterwards."""
    port = free_port()
    env = production_env(port)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(  # noqa: S603 — gunicorn of our virtualenv
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def page_paths() -> dict[str, str]:
    """Every page type a visitor can open (the member's post too, which anyone
    may read), with its path in this database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kshub.settings.dev")
    os.environ["SECRET_KEY"] = SECRET_KEY
    django.setup()
    from tests.e2e.pages import resolve_page_types

    return {
        ("post" if name == "post-member" else name): page.path
        for name, page in resolve_page_types(member_email=MEMBER_EMAIL).items()
        # Lighthouse does not audit an error page (the 404).
        if not page.submit
        and page.status == 200
        and (page.user is None or name == "post-member")
    }
