"""Two tiny views for the read-replica tests: one reads, one writes then reads."""

from django.http import JsonResponse
from django.urls import path

from members.models import Institution


def read(request):
    return JsonResponse({"institutions": Institution.objects.count()})


def write(request):
    Institution.objects.create(
        name=request.POST["name"], slug=request.POST["name"].lower(), kind="programme"
    )
    return JsonResponse({"institutions": Institution.objects.count()})


urlpatterns = [path("read/", read), path("write/", write)]
