"""How current a response is: its Last-Modified date.

A list changes when any page enters or leaves it, and an item changes when its translation
or a topic's name does, so the newest date among the pages shown is not enough. Every change
readers can see moves the content version, which records when it moved
(``newsroom.core.content_version.changed_at``, read with the version itself: no query of its
own), so that moment bounds the last change to public content. The dates of the pages shown are
added for content written without signals (bulk loads).
"""

from newsroom.core import content_version


def mark(request, *stamps):
    """Record the response's Last-Modified for the HTTP layer (newsroom.api.http)."""
    moments = filter(None, [content_version.changed_at(), *stamps])
    request.api_last_modified = max(moments, default=None)
