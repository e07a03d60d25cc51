"""What a saved page chose in its many-to-many fields (topics, organisers, co-signatories),
read for all of them at once."""

from django.db import connection, models


def unsaved_choices(instance, field_name):
    """The objects chosen in ``field_name`` where modelcluster holds them on the instance (a
    preview, a page read from a revision), else None: the saved choices are the database's
    (``chosen_ids``). Asking the field's manager would build a queryset to tell them apart."""
    if field_name in getattr(instance, "_cluster_related_objects", {}):
        return list(getattr(instance, field_name).all())
    return None


def chosen_ids(instance, field_name):
    """The sorted ids chosen in ``field_name`` of the saved ``instance``.

    The first call reads every many-to-many field of the model in one query of plain SQL over
    the link tables: a page shows all its choices, and the ORM took longer to compile one
    query per field than the database took to answer them all. Later calls on the same
    instance answer from what that query read."""
    read = instance.__dict__.get("_chosen_ids")
    if read is None:
        read = instance.__dict__["_chosen_ids"] = _read_all(instance)
    return read[field_name]


def _read_all(instance):
    fields = [
        field for field in instance._meta.get_fields() if isinstance(field, models.ManyToManyField)
    ]
    quote = connection.ops.quote_name
    selects = [
        f"SELECT {number}, {quote(field.m2m_reverse_name())} "
        f"FROM {quote(field.remote_field.through._meta.db_table)} "
        f"WHERE {quote(field.m2m_column_name())} = %s"
        for number, field in enumerate(fields)
    ]
    read = {field.name: [] for field in fields}
    if fields:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), [instance.pk] * len(fields))
            for number, chosen in cursor.fetchall():
                read[fields[number].name].append(chosen)
    return {name: sorted(ids) for name, ids in read.items()}
