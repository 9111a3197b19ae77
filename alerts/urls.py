from django.urls import path

from . import views

urlpatterns = [
    path("volgen/<slug:kind>/<int:pk>/", views.follow, name="follow"),
    path("volgen/bevestigen/<str:token>/", views.confirm, name="alerts_confirm"),
    path("volgen/beheer/<str:token>/", views.manage, name="alerts_manage"),
    path("volgen/afmelden/<str:token>/", views.unsubscribe, name="alerts_unsubscribe"),
    path("volgen/overzicht-afmelden/<str:token>/", views.leave_digest, name="alerts_leave_digest"),
]
