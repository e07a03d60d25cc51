"""Wagtail edit panels of our own (an inline panel for a relation that holds one row), and
form ids that do not depend on who opened a form first."""

from django.conf import settings
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.admin.panels import InlinePanel

# Wagtail's inline panel heads each row "<label> <n>" by filling this element from its script;
# a row that is the only one there can be needs no number.
ROW_NUMBER = "<span data-inline-panel-child-count></span>"


class SingleInlinePanel(InlinePanel):
    """An ``InlinePanel`` of at most one row (``max_num=1``), headed by its label alone.

    Wagtail numbers every row of an inline panel, so a one-row relation read "Sign-ups 1". The
    row keeps Wagtail's markup, scripts and "Add" button; only the number is left out (also
    from the template a new row is made from).
    """

    def __init__(self, relation_name, **kwargs):
        kwargs["max_num"] = 1
        super().__init__(relation_name, **kwargs)

    class BoundPanel(InlinePanel.BoundPanel):
        def render_html(self, parent_context=None):
            html = super().render_html(parent_context)
            return mark_safe(html.replace(ROW_NUMBER, ""))


def settle_identifiers(panel):
    """Fix the identifiers of ``panel``'s groups (tabs, sections) in the site's first language.

    Wagtail makes a group's child identifiers (the HTML ids of tabs, sections and fields, and
    the tab named in the address, ``#tab-promote``) from the children's translated headings, once
    per process: whoever opened a page type's form first chose them for everyone. After an editor
    working in Arabic, English editors' forms had ids of escaped Arabic and a link to a tab
    missed it (the editor journeys found it when a test in Arabic ran first)."""
    with translation.override(settings.LANGUAGE_CODE):
        _settle(panel)


def _settle(panel):
    # Reading the cached property (groups have one) computes and keeps it.
    getattr(panel, "child_identifiers", None)
    for child in getattr(panel, "children", ()):
        _settle(child)
