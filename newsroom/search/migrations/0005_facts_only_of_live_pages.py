"""Search's rows of a page now exist only while it is live (``facts.record`` removes them when
it is unpublished), so search reads them without the page's row: drop those of pages that
were unpublished before."""

from django.db import migrations


def forget_unpublished(apps, schema_editor):
    for name in ("PageFacts", "PageDocument"):
        apps.get_model("search", name).objects.filter(page__live=False).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0004_page_documents")]

    operations = [migrations.RunPython(forget_unpublished, migrations.RunPython.noop)]
