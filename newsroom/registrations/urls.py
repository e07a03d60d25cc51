"""Under i18n_patterns: /en/registrations/…, /ar/registrations/…"""

from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("<int:page_id>/", views.signup, name="signup"),
    path("<int:page_id>/thanks/", views.done, name="done"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("cancel/<str:token>/", views.cancel, name="cancel"),
    path("seat/<str:token>/", views.claim, name="claim"),
]
