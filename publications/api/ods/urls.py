"""``/api/ods/v2/``: the paths of the ODS specification, without a trailing slash (with one too)."""

from django.urls import re_path

from . import views

app_name = "ods"

urlpatterns = [
    re_path(r"^$", views.Root.as_view(), name="root"),
    re_path(r"^vergaderingen/?$", views.MeetingList.as_view(), name="vergaderingen-list"),
    re_path(
        r"^vergaderingen/(?P<pk>[^/]+)/?$",
        views.MeetingDetail.as_view(),
        name="vergaderingen-detail",
    ),
    re_path(r"^agendapunten/?$", views.ItemList.as_view(), name="agendapunten-list"),
    re_path(
        r"^agendapunten/(?P<pk>[^/]+)/?$", views.ItemDetail.as_view(), name="agendapunten-detail"
    ),
    re_path(
        r"^informatieobjecten/?$",
        views.InformationObjectList.as_view(),
        name="informatieobjecten-list",
    ),
    re_path(
        r"^informatieobjecten/(?P<pk>[^/]+)/?$",
        views.InformationObjectDetail.as_view(),
        name="informatieobjecten-detail",
    ),
]
