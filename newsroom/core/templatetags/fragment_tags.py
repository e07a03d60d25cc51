"""``{% fragment name part… %}…{% endfragment %}``: the enclosed HTML, rendered once per
content version and set of parts (``newsroom.core.content_version.fragment``).

The parts name everything the HTML depends on besides the published content: the language,
the page it marks as current, the minute for a list that time changes. Nothing personal goes
inside one (a form's CSRF token, a reader's choices): every reader gets the same copy.
"""

import time

from django import template
from django.utils import timezone

from newsroom.core import content_version

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, parts, nodelist):
        self.name = name
        self.parts = parts
        self.nodelist = nodelist

    def render(self, context):
        if getattr(context.get("request"), "is_preview", False):
            return self.nodelist.render(context)  # an editor's draft, not the published page
        parts = [str(part.resolve(context)) for part in self.parts]
        return content_version.fragment(
            f"html-{self.name}", parts, lambda: self.nodelist.render(context)
        )


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("fragment needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )


@register.filter
def pks(pages):
    """A list of pages as a fragment part: the same pages in the same order, the same HTML."""
    return "-".join(str(page.pk) for page in pages)


@register.simple_tag
def this_minute():
    """A fragment part for HTML that time changes (an event leaves "upcoming" when it ends)."""
    return int(time.time() // 60)


@register.simple_tag
def this_year():
    """The year in the site's time zone: the footer's copyright line, and its fragment's part.
    (``{% now "Y" %}`` ran Django's date formatter, a tenth of a millisecond, for four digits.)"""
    return timezone.localdate().year
