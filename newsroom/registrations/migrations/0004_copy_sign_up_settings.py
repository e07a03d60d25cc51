"""Copy each event page's sign-up settings from its own columns into SignUpSettings.

The live values go into a row; a draft with unpublished changes gets the draft's values as a
``sign_up_settings`` child in its revision, so publishing it later keeps what the editor set.
Events with every setting at its default get no row (no row means sign-ups off, as before).
"""

from django.db import migrations

# Old EventPage column -> SignUpSettings field, and the column's default.
FIELDS = {
    "registration_enabled": ("enabled", False),
    "registration_opens_at": ("opens_at", None),
    "registration_closes_at": ("closes_at", None),
    "capacity": ("capacity", None),
    "invitation_only": ("invitation_only", False),
    "offer_hold_hours": ("offer_hold_hours", None),
}


def is_default(values):
    return all(values[new] == default for new, default in FIELDS.values())


def copy_forward(apps, schema_editor):
    EventPage = apps.get_model("events", "EventPage")
    SignUpSettings = apps.get_model("registrations", "SignUpSettings")
    Revision = apps.get_model("wagtailcore", "Revision")
    for page in EventPage.objects.all():
        values = {new: getattr(page, old) for old, (new, _default) in FIELDS.items()}
        if not is_default(values):
            SignUpSettings.objects.create(page_id=page.pk, **values)
        if not (page.has_unpublished_changes and page.latest_revision_id):
            continue
        revision = Revision.objects.filter(pk=page.latest_revision_id).first()
        if revision is None or "registration_enabled" not in revision.content:
            continue
        content = dict(revision.content)
        draft = {new: content.pop(old, default) for old, (new, default) in FIELDS.items()}
        content["sign_up_settings"] = (
            [] if is_default(draft) else [{"pk": None, "page": page.pk, **draft}]
        )
        revision.content = content
        revision.save(update_fields=["content"])


def copy_back(apps, schema_editor):
    EventPage = apps.get_model("events", "EventPage")
    SignUpSettings = apps.get_model("registrations", "SignUpSettings")
    Revision = apps.get_model("wagtailcore", "Revision")
    for row in SignUpSettings.objects.order_by("pk"):
        EventPage.objects.filter(pk=row.page_id).update(
            **{old: getattr(row, new) for old, (new, _default) in FIELDS.items()}
        )
    for revision in Revision.objects.filter(content__has_key="sign_up_settings"):
        content = dict(revision.content)
        rows = content.pop("sign_up_settings") or [{}]
        content.update({old: rows[0].get(new, default) for old, (new, default) in FIELDS.items()})
        revision.content = content
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_topics_verbose_name"),
        ("registrations", "0003_sign_up_settings"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(copy_forward, copy_back)]
