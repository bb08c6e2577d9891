from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("datapackage.json", views.data_package, name="datapackage"),
    path("catalog.jsonld", views.catalogue, name="catalog"),
    path("<slug:name>.<str:fmt>", views.dump, name="dump"),
]
