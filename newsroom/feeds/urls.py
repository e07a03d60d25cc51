"""Feed URLs, under each language prefix (``/en/feeds/…``, ``/ar/feeds/…``); keep them stable.

Mounted before Wagtail's catch-all in ``newsroom/urls.py``, so no page can shadow them.
"""

from django.urls import path, re_path

from newsroom.core.sections import keys as section_keys

from . import views
from .catalogue import SLUG, TRANSLATION_KEY

app_name = "feeds"

FORMAT = r"(?P<fmt>rss|atom|json)"

urlpatterns = [
    path("", views.index, name="index"),
    re_path(rf"^(?P<name>all|{'|'.join(section_keys())})\.{FORMAT}$", views.feed, name="feed"),
    re_path(rf"^topics/(?P<slug>{SLUG})\.{FORMAT}$", views.topic_feed, name="topic"),
    path("events.ics", views.calendar, name="calendar"),
    re_path(rf"^events/(?P<key>{TRANSLATION_KEY})\.ics$", views.event_calendar, name="event"),
]
