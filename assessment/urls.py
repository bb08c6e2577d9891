from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("assessment/", views.index, name="index"),
    path("assessment/start/", views.start, name="start"),
    path("assessment/benchmark/", views.benchmark, name="benchmark"),
    path("assessment/<int:pk>/", views.detail, name="detail"),
    path("assessment/<int:pk>/results.csv", views.export, name="export"),
    path(
        "institutions/<slug:slug>/assessments/",
        views.institution_assessments,
        name="institution",
    ),
]
