"""Small helpers for interface text that mixes languages."""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def isolated(text):
    """``text`` in its own direction inside a sentence of another (an Arabic title in English)."""
    return format_html("<bdi>{}</bdi>", text)


def html_message(message, **params):
    """A translated %-style message with escaped parameters, as HTML (titles isolated)."""
    escaped = {key: conditional_escape(value) for key, value in params.items()}
    return mark_safe(conditional_escape(message) % escaped)  # everything is escaped
