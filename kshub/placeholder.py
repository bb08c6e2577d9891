"""Temporary: answers routes whose real views are being built. Delete when empty."""

from django.http import HttpResponse


def placeholder(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)
