"""The read-only JSON API (``/api/v1/``): the open data's entities, with the
filters of the site's lists and cursor pagination.

Written with Django alone: every answer is a read of a queryset the dumps already
describe (``opendata.resources``), so a framework's serializers, routers and
permission classes would add weight and a second description of the same fields.
Answers are kept per content version (``core.pagecache``), carry an ``ETag`` and a
``Last-Modified`` derived from that version (so a client's conditional request is
answered ``304`` before anything is read), allow any origin to read, and are
rate-limited per client address.
"""

import datetime
import hashlib
import json
import re
from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import condition

from core.pagecache import CONTENT, cached, content_version
from core.ratelimit import over_limit

from .filters import apply_filters
from .openapi import CURSOR_PATTERN, DETAILED, openapi_schema
from .resources import RESOURCES

DEFAULT_LIMIT = 20
CURSOR = re.compile(CURSOR_PATTERN.strip("^$"))
MAX_LIMIT = 100
RATE_LIMIT = 300
RATE_PERIOD = 60
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified",
    "Access-Control-Max-Age": "86400",
}


class ApiError(Exception):
    def __init__(self, status: int, message: str, details=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details


def error_response(status: int, message: str, details=None) -> JsonResponse:
    body = {"error": message}
    if details:
        body["details"] = details
    return _with_cors(JsonResponse(body, status=status))


def _with_cors(response):
    for header, value in CORS.items():
        response[header] = value
    return response


def _version() -> str:
    return content_version((CONTENT,))


def _etag(request, *args, **kwargs) -> str:
    where = f"{request.get_host()}{request.get_full_path()}".encode()
    return f'"{_version()}-{hashlib.blake2b(where, digest_size=8).hexdigest()}"'


def _last_modified(request, *args, **kwargs) -> datetime.datetime:
    # A content version is the time of the last write, in nanoseconds (hex).
    nanoseconds = int(_version().split(".")[0], 16)
    return datetime.datetime.fromtimestamp(nanoseconds // 10**9, tz=datetime.UTC)


def endpoint(view):
    """GET and HEAD only (OPTIONS for a preflight), rate-limited, conditional,
    cached per content version, errors as JSON."""
    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(
        _cached(view)
    )

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return _with_cors(HttpResponse(status=204))
        if request.method not in ("GET", "HEAD"):
            response = error_response(405, "This API only reads.")
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        client = request.META.get("REMOTE_ADDR", "")
        if over_limit(f"api:{client}", limit=RATE_LIMIT, period=RATE_PERIOD):
            response = error_response(429, "Too many requests; slow down.")
            response["Retry-After"] = str(RATE_PERIOD)
            return response
        try:
            response = conditional(request, *args, **kwargs)
        except ApiError as error:
            return error_response(error.status, error.message, error.details)
        return _with_cors(response)

    return wrapper


def _cached(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        body = cached(
            "api",
            (request.get_full_path(), request.get_host()),
            lambda: json.dumps(view(request, *args, **kwargs), ensure_ascii=False),
            scopes=(CONTENT,),
        )
        return HttpResponse(body, content_type="application/json")

    return wrapper


@endpoint
def index(request) -> dict:
    return {
        "openapi": request.build_absolute_uri(reverse("api:openapi")),
        "documentation": request.build_absolute_uri(reverse("api:docs")),
        "resources": {
            name: request.build_absolute_uri(reverse("api:list", args=[name]))
            for name in RESOURCES
        },
    }


@endpoint
def resource_list(request, name: str) -> dict:
    if name not in RESOURCES:
        raise ApiError(404, "No such resource.")
    resource = RESOURCES[name]
    limit = _limit(request.GET.get("limit"))
    after = _decode_cursor(request.GET.get("cursor"))
    rows, errors = apply_filters(name, resource.rows(), request.GET)
    if errors:
        raise ApiError(400, "Invalid filter values.", errors)
    if after is not None:
        rows = rows.filter(pk__gt=after)
    page = list(resource.selected(rows.order_by("pk"))[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    next_url = None
    if more:
        query = request.GET.copy()
        query["cursor"] = _encode_cursor(resource.identifier(page[-1]))
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {
        "results": list(resource.records(page, request.build_absolute_uri)),
        "next": next_url,
    }


@endpoint
def resource_detail(request, name: str, slug: str) -> dict:
    if name not in DETAILED:
        raise ApiError(404, "No such resource.")
    resource = RESOURCES[name]
    row = resource.selected(resource.rows().filter(slug=slug)).first()
    if row is None:
        raise ApiError(404, "Not found.")
    return next(resource.records([row], request.build_absolute_uri))


@endpoint
def schema(request) -> dict:
    return openapi_schema(server=request.build_absolute_uri("/api/v1"))


def _limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    try:
        limit = int(value)
    except ValueError:
        raise ApiError(400, "limit must be a whole number.") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiError(400, f"limit must be between 1 and {MAX_LIMIT}.")
    return limit


def _encode_cursor(pk: int) -> str:
    return str(pk)


def _decode_cursor(value: str | None) -> int | None:
    """The identifier after which a page starts (see CURSOR in the schema)."""
    if value is None:
        return None
    if not CURSOR.fullmatch(value):
        raise ApiError(400, "Malformed cursor.")
    return int(value)
