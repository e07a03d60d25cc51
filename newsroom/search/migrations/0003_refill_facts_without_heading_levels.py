from django.db import migrations


def forget_facts(apps, schema_editor):
    # Snippet texts written before heading levels left the searchable content hold "Section"
    # and "Subsection"; facts fill themselves again on the first search that needs them.
    apps.get_model("search", "PageFacts").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_entry_text_gin")]

    operations = [migrations.RunPython(forget_facts, migrations.RunPython.noop)]
