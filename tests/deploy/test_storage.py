"""Uploads in S3-compatible object storage when a bucket is configured."""

import json
import socket

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.deploy.prodenv import run_python

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_S3_REGION_NAME": "us-east-1",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def s3_endpoint():
    """A local S3-compatible server (moto) with an empty bucket ``kshub-media``."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket="kshub-media")
    try:
        yield endpoint, client
    finally:
        server.stop()


def test_uploads_go_to_the_bucket_when_one_is_configured(s3_endpoint):
    endpoint, client = s3_endpoint
    result = run_python(
        """
        import json
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage
        name = default_storage.save(
            "attachments/outcome.pdf", ContentFile(b"%PDF-1.4 Seoul Communique")
        )
        with default_storage.open(name) as stored:
            body = stored.read().decode()
        print(json.dumps({
            "backend": type(default_storage._wrapped).__name__,
            "name": name,
            "body": body,
            "url": default_storage.url(name),
        }))
        """,
        AWS_STORAGE_BUCKET_NAME="kshub-media",
        AWS_S3_ENDPOINT_URL=endpoint,
        **CREDENTIALS,
    )
    assert result.returncode == 0, result.stderr
    stored = json.loads(result.stdout.strip().splitlines()[-1])
    assert stored["backend"] == "S3Storage"
    assert stored["body"] == "%PDF-1.4 Seoul Communique"
    # Private objects: the link is signed and expires.
    assert stored["url"].startswith(f"{endpoint}/kshub-media/media/attachments/")
    assert "Signature=" in stored["url"] or "X-Amz-Signature=" in stored["url"]
    # The object is really in the bucket, under the configured folder.
    listed = client.list_objects_v2(Bucket="kshub-media")["Contents"]
    assert [item["Key"] for item in listed] == [f"media/{stored['name']}"]
    assert (
        client.get_object(Bucket="kshub-media", Key=f"media/{stored['name']}")[
            "Body"
        ].read()
        == b"%PDF-1.4 Seoul Communique"
    )
