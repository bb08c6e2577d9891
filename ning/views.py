"""The old Ning addresses: 301 to where each item is now, 410 when it is gone."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views.decorators.http import require_safe

from . import querysets


@require_safe
def old_address(request, name: str = "", ning_id: str = ""):
    target = querysets.resolve(request.path, ning_id=ning_id)
    if target == querysets.GONE:
        return render(request, "ning/gone.html", status=410)
    if target is None:
        return _not_from_ning(request)
    return HttpResponsePermanentRedirect(target)


def _not_from_ning(request):
    """``/events/<slug>`` without the slash of a real event leads to it, as
    Django's APPEND_SLASH would; anything else was never here."""
    with_slash = request.path + "/"
    try:
        resolve(with_slash)
    except Resolver404:
        raise Http404 from None
    if with_slash.startswith("/events/"):
        return HttpResponsePermanentRedirect(with_slash)
    raise Http404
