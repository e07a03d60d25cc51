"""The site's URLs plus wagtail-localize's own update and convert views, mounted as Wagtail
mounts admin views but without the front views that refuse non-publishers: so a test can
prove the publish guard holds on a path nobody has fronted."""

from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail_localize.views import convert, update_translations

from newsroom.urls import urlpatterns as site

urlpatterns = [
    path(
        "unguarded/update/<int:translation_source_id>/",
        require_admin_access(update_translations.UpdateTranslationsView.as_view()),
        name="unguarded_update_translations",
    ),
    path(
        "unguarded/convert/<int:page_id>/",
        require_admin_access(convert.convert_to_alias),
        name="unguarded_convert_to_alias",
    ),
    *site,
]
