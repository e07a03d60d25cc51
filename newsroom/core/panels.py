"""Wagtail edit panels of our own: an inline panel for a relation that holds one row."""

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
