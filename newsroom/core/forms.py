"""Form fields for what visitors type in the public forms (newsletter, registrations).

Text is cleaned of control characters (newsroom.core.sanitise.clean_visitor_text) before it
is validated, stored, mailed or exported; an email address holding one is refused, because
Django's validator accepts control characters inside a quoted local part ("a\x0bb"@x.org),
which would then break the headers of every email sent to it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .sanitise import clean_visitor_text, has_controls

# Characters that have no business in a one-line field and that smuggle headers into an email.
FORBIDDEN = ("\r", "\n", "\x00")


def refuse_line_breaks(form, names):
    """Give each field of ``names`` whose submitted text holds a FORBIDDEN character an error.

    Checked on what was submitted: a field's cleaning could strip them, and an address or a
    name that arrived with a line break is a header injection attempt, not a typing slip."""
    for name in names:
        data = form.data
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name, "")]
        if any(isinstance(value, str) and char in value for value in values for char in FORBIDDEN):
            form.add_error(name, _("Line breaks are not allowed here."))


class VisitorTextField(forms.CharField):
    """A CharField whose value is cleaned of control characters (``multiline``: keeps line
    breaks and tabs)."""

    def __init__(self, *args, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value not in self.empty_values:
            value = clean_visitor_text(value, multiline=self.multiline)
        return super().to_python(value)


class VisitorEmailField(forms.EmailField):
    def run_validators(self, value):
        if has_controls(value):
            raise ValidationError(
                _("This address contains a character that is not allowed in an email address."),
                code="control_character",
            )
        super().run_validators(value)
