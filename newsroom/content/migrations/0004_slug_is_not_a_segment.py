"""Pages below the home pages keep their source's slug: drop the slug segments already stored.

Sources extracted before the slug became a synchronised field still list it as a string to
translate, so their translations could never be complete. The home pages keep theirs (two
home pages are siblings under the root and cannot share a slug).

These migrations add no field, so sources up to date before them stay up to date:
wagtail-localize would otherwise warn on every translation that the model changed.
"""

from django.db import migrations

SHARED_SLUG_APPS = ["content", "events"]
OWN_SLUG_MODELS = ["homepage"]
# app label → (its latest migration before, its latest migration after this change)
SCHEMA_VERSIONS = {
    "content": ("0002_initial", "0004_slug_is_not_a_segment"),
    "events": ("0003_registration", "0004_topics_verbose_name"),
}


def drop_slug_segments(apps, schema_editor):
    StringSegment = apps.get_model("wagtail_localize", "StringSegment")
    StringSegment.objects.filter(
        context__path="slug",
        source__specific_content_type__app_label__in=SHARED_SLUG_APPS,
    ).exclude(source__specific_content_type__model__in=OWN_SLUG_MODELS).delete()

    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    for app_label, (before, after) in SCHEMA_VERSIONS.items():
        TranslationSource.objects.filter(
            specific_content_type__app_label=app_label, schema_version=before
        ).update(schema_version=after)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_topics_verbose_name"),
        ("events", "0004_topics_verbose_name"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(drop_slug_segments, migrations.RunPython.noop)]
