"""The rows every Wagtail site stands on, recreated if a database was flushed."""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, Locale, Page


def ensure_wagtail_roots():
    """Return (default locale, root page, root collection), creating any that are missing.

    Wagtail's and wagtail-localize's data migrations create these rows (and the
    "submit translation" permission), but ``manage.py flush`` (and transactional tests)
    delete them; loading content into such a database must still work.
    """
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root_page = Page.get_first_root_node()
    if root_page is None:
        root_page = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    root_collection = Collection.get_first_root_node()
    if root_collection is None:
        root_collection = Collection.add_root(name="Root")
    # Mirrors wagtail_localize migration 0006, which hangs the permission on a model-less type.
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    return locale, root_page, root_collection
