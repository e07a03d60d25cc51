"""The facts store the year of their date, and their title terms and topic slugs with a space
at each end: every search groups its matches by year and finds whole terms in titles, and
building those from each row cost more than reading them."""

from django.db import migrations, models
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat, ExtractYear, Trim


def pad(apps, schema_editor):
    apps.get_model("search", "PageFacts").objects.update(
        year=ExtractYear("published"),
        title_terms=_padded("title_terms"),
        topics=_padded("topics"),
    )


def _padded(field):
    return Concat(Value(" "), F(field), Value(" "), output_field=TextField())


def unpad(apps, schema_editor):
    apps.get_model("search", "PageFacts").objects.update(
        title_terms=Trim("title_terms"), topics=Trim("topics")
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0006_postgresql_terms_beside_the_facts")]

    operations = [
        migrations.AddField(
            model_name="pagefacts",
            name="year",
            field=models.PositiveSmallIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.RunPython(pad, unpad),
    ]
