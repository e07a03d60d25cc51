"""Stable ids derived from translation keys: feed item guids, calendar UIDs, feed ids.

A page keeps its translation key through slug changes, moves and translations, so an id made
from it (and the language) names the same item for ever; readers and calendar apps that saw
it once update their copy instead of showing a second one.
"""

import uuid

# The namespace of every id derived here. Changing it changes every id ever published.
NAMESPACE = uuid.UUID("6f3d6c1e-5b0a-4f7e-9a59-2c3f1f1e8b4d")


def stable_uuid(*parts):
    return uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts))


def item_guid(translation_key, language):
    """The id of a page in feeds: survives slug changes and moves."""
    return f"urn:uuid:{stable_uuid(translation_key, language)}"


def event_uid(translation_key):
    """The UID of an event in every calendar: both languages' public calendars and each
    attendee's invitation. Per iTIP the organiser's UID names the event for everyone, so a
    calendar app that holds the event from several of them shows it once."""
    return str(stable_uuid(translation_key, "event"))
