"""gunicorn settings for KS Hub: `gunicorn -c gunicorn.conf.py kshub.wsgi`.

Everything can be changed from the environment (see .env.example); the defaults fit
one small machine behind a reverse proxy on the same host.
"""

import gc
import os

wsgi_app = "kshub.wsgi:application"

# Where to listen: BIND wins ("unix:/run/kshub/gunicorn.sock" or "0.0.0.0:8000"),
# else PORT on the loopback, for a proxy on the same machine.
bind = [os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"]

# Sync workers: each request holds one worker; the proxy buffers slow clients.
# About (2 x cores) + 1 on a dedicated machine; 2 suits a small shared one.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))

# A request running longer than this is killed and logged; the proxy's timeout
# should be a little longer, so the member sees our error page, not the proxy's.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5

# Load the application once in the master, so workers start fast and share memory;
# a broken configuration then stops the master before any worker starts.
preload_app = True

# Recycle each worker after about this many requests (the jitter keeps them from
# restarting all at once), bounding any slow growth of memory.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

# Trust X-Forwarded-Proto/-For only from the reverse proxy's addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Errors to stderr, where the process manager (systemd's journal) keeps them. The
# reverse proxy already logs every request; set GUNICORN_ACCESS_LOG=- to log them
# here too (to stdout), or to a file path.
errorlog = "-"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client address as the proxy saw it, request, status, size, duration in ms.
access_log_format = (
    '%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s '
    '"%(f)s" "%(a)s" %(M)sms'
)


def pre_fork(server, worker):
    # What the preloaded application allocated lives as long as the worker: frozen,
    # the collector never walks it again, and forked pages stay shared.
    gc.freeze()
