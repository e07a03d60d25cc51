"""Feed URLs, under each language prefix (``/en/feeds/…``, ``/ar/feeds/…``); keep them stable.

Mounted before Wagtail's catch-all in ``newsroom/urls.py``, so no page can shadow them.
"""

from django.urls import path, re_path

from . import views
from .catalogue import SECTIONS, SLUG, TRANSLATION_KEY

app_name = "feeds"

FORMAT = r"(?P<fmt>rss|atom|json)"

urlpatterns = [
    path("", views.index, name="index"),
    re_path(rf"^(?P<name>all|{'|'.join(SECTIONS)})\.{FORMAT}$", views.feed, name="feed"),
    re_path(rf"^topics/(?P<slug>{SLUG})\.{FORMAT}$", views.topic_feed, name="topic"),
    path("events.ics", views.calendar, name="calendar"),
    re_path(rf"^events/(?P<key>{TRANSLATION_KEY})\.ics$", views.event_calendar, name="event"),
]
