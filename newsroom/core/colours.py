"""The organisation's accent colour: what an editor may choose, and the shades the pages use.

The accent colours links and buttons on a white page, so a colour is refused unless its text
stays readable there: a WCAG contrast ratio of at least 4.5 to 1 against white (the AA level
for body text). The darker shade (hover, pressed) and the pale tint (highlighted rows) are
mixed from it, so an editor sets one colour and the whole palette follows.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX = re.compile(r"#[0-9a-fA-F]{6}")
MINIMUM_CONTRAST = 4.5
DARK_SHARE = 0.22  # of black in the darker shade
TINT_SHARE = 0.92  # of white in the tint


def parse(value):
    """(r, g, b) in 0–255 of ``#rrggbb``."""
    return tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))


def to_hex(rgb):
    return "#" + "".join(f"{round(channel):02x}" for channel in rgb)


def _linear(channel):
    channel /= 255
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(rgb):
    """WCAG relative luminance."""
    r, g, b = (_linear(channel) for channel in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(value):
    return 1.05 / (luminance(parse(value)) + 0.05)


def validate_accent_colour(value):
    if not HEX.fullmatch(value or ""):
        raise ValidationError(
            _("Give the colour as # and six hexadecimal digits, for example #1f5f8b."),
            code="invalid_colour",
        )
    ratio = contrast_with_white(value)
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            _(
                "This colour is too light to read on white (contrast %(ratio).1f to 1; at "
                "least %(minimum).1f to 1 is needed): choose a darker one."
            ),
            code="low_contrast",
            params={"ratio": ratio, "minimum": MINIMUM_CONTRAST},
        )


def _mix(rgb, towards, share):
    pairs = zip(rgb, towards, strict=True)
    return tuple(channel + (target - channel) * share for channel, target in pairs)


def palette(value):
    """The CSS custom properties of accent ``value`` (``#rrggbb``, lower case)."""
    rgb = parse(value)
    return {
        "--accent": value.lower(),
        "--accent-dark": to_hex(_mix(rgb, (0, 0, 0), DARK_SHARE)),
        "--accent-tint": to_hex(_mix(rgb, (255, 255, 255), TINT_SHARE)),
    }
