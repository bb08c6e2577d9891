"""Static files in production: hashed names from collectstatic, cached for years."""

import json

from tests.deploy.prodenv import run_python


def test_collectstatic_then_whitenoise_serves_hashed_files_for_a_year(tmp_path):
    result = run_python(
        """
        import json
        from django.core.management import call_command
        from django.templatetags.static import static
        from django.test import Client
        call_command("collectstatic", interactive=False, verbosity=0)
        url = static("css/site.css")
        response = Client().get(url, secure=True, headers={"host": "kshub.example"})
        compressed = Client().get(
            url,
            secure=True,
            headers={"host": "kshub.example", "accept-encoding": "gzip"},
        )
        print(json.dumps({
            "url": url,
            "status": response.status_code,
            "cache_control": response.headers.get("Cache-Control"),
            "body": b"".join(response.streaming_content).decode()[:200],
            "encoding": compressed.headers.get("Content-Encoding"),
        }))
        """,
        STATIC_ROOT=str(tmp_path / "static"),
    )
    assert result.returncode == 0, result.stderr
    served = json.loads(result.stdout.strip().splitlines()[-1])
    # The manifest storage names the file after its content.
    assert served["url"].startswith("/static/css/site.")
    assert served["url"] != "/static/css/site.css"
    assert (tmp_path / "static" / served["url"].removeprefix("/static/")).is_file()
    assert served["status"] == 200
    assert "max-age=315360000" in served["cache_control"]
    assert "immutable" in served["cache_control"]
    assert served["body"].strip()
    assert served["encoding"] in {"gzip", "br"}
