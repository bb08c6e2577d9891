"""Mail servers that fail the way real ones do, for the tests of mail outages."""

import socket
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_mailers(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }


@contextmanager
def silent_mail_server():
    """A server that accepts connections and never says a word; yields its port and
    a function that counts the connections it was offered so far."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.setblocking(False)
    accepted = []

    def connections() -> int:
        while True:
            try:
                accepted.append(server.accept()[0])
            except BlockingIOError:
                return len(accepted)

    try:
        yield server.getsockname()[1], connections
    finally:
        for connection in accepted:
            connection.close()
        server.close()
