"""The open data page, its dumps and descriptors."""

from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from core.pagecache import CONTENT, cache_for_visitors, cached
from core.structured_data import page_data

from . import dumps, structured_data
from .api import DETAILED, MAX_LIMIT
from .filters import FILTERS
from .resources import RESOURCES


def _path_for(request):
    return lambda name, fmt: request.build_absolute_uri(
        reverse("opendata:dump", args=[name, fmt])
    )


@cache_for_visitors(scopes=(CONTENT,))
def index(request):
    context = {
        "resources": [
            {
                "resource": resource,
                "downloads": [
                    (fmt.upper(), reverse("opendata:dump", args=[resource.name, fmt]))
                    for fmt in dumps.FORMATS
                ],
            }
            for resource in RESOURCES.values()
        ],
        "licence": dumps.licence(),
        "structured_data": page_data(
            structured_data.catalogue(
                request.build_absolute_uri(reverse("opendata:index")),
                _path_for(request),
            )
        ),
    }
    return render(request, "opendata/index.html", context)


def dump(request, name: str, fmt: str):
    if name not in RESOURCES or fmt not in dumps.FORMATS:
        raise Http404
    response = StreamingHttpResponse(
        dumps.lines(name, fmt, request.build_absolute_uri),
        content_type=dumps.FORMATS[fmt],
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def data_package(request):
    descriptor = cached(
        "datapackage",
        (request.get_host(),),
        lambda: dumps.data_package(_path_for(request)),
        scopes=(CONTENT,),
    )
    response = JsonResponse(descriptor, json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def catalogue(request):
    response = JsonResponse(
        dumps.catalogue(
            site_url=request.build_absolute_uri("/"),
            page_url=request.build_absolute_uri(reverse("opendata:index")),
            path_for=_path_for(request),
        ),
        content_type="application/ld+json",
        json_dumps_params={"indent": 2},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cache_for_visitors(scopes=(CONTENT,))
def api_docs(request):
    """The API's documentation, from the same definitions as its schema."""
    context = {
        "resources": [
            {
                "resource": resource,
                "url": reverse("api:list", args=[resource.name]),
                "filters": FILTERS.get(resource.name, (None, None, ()))[2],
                "detailed": resource.name in DETAILED,
            }
            for resource in RESOURCES.values()
        ],
        "max_limit": MAX_LIMIT,
        "licence": dumps.licence(),
    }
    return render(request, "opendata/api_docs.html", context)
