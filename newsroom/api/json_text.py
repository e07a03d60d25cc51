"""JSON as the API writes it, for the views and for the representations kept ready-written.

Arabic as UTF-8, not \\u escapes (half the bytes, and readable in a terminal); dates and times
by django-ninja's encoder. A representation kept in the cache is kept as this text, so a list
of kept items is written by joining them rather than validated and encoded again.
"""

from django.http import HttpResponse
from ninja.renderers import JSONRenderer


class UTF8JSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


RENDERER = UTF8JSONRenderer()
CONTENT_TYPE = f"{RENDERER.media_type}; charset={RENDERER.charset}"


def write(data):
    return RENDERER.render(None, data, response_status=200)


def validated(schema, data):
    """``data`` checked against ``schema`` and written as django-ninja writes a response."""
    return write(schema.model_validate(data).model_dump())


def response(text):
    return HttpResponse(text, content_type=CONTENT_TYPE)


def list_response(meta, item_texts):
    """A list (the ListMeta fields, then ``results``) of items already written as JSON."""
    head = write(meta)  # '{..., "previous": null}': the results go before the last brace
    return response(f'{head[:-1]}, "results": [{", ".join(item_texts)}]}}')
