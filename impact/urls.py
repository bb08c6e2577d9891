from django.urls import path

from . import views

app_name = "impact"

urlpatterns = [
    path("impact/", views.index, name="index"),
    path("impact/flows/", views.flows, name="flows"),
    path("impact/data.csv", views.data_csv, name="csv"),
    path("impact/adapt/<slug:slug>/", views.adopt, name="adopt"),
    path("impact/adoptions/<int:pk>/edit/", views.edit, name="edit"),
    path("impact/adoptions/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("impact/adoptions/<int:pk>/hide/", views.hide, name="hide"),
    path("impact/adoptions/<int:pk>/restore/", views.restore, name="restore"),
    path("institutions/<slug:slug>/impact/", views.report, name="report"),
]
