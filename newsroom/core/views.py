from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_GET

from .colours import palette

# A year: the stylesheet's address holds its colour, so it never changes under one address.
STYLESHEET_SECONDS = 365 * 24 * 60 * 60


def preferred_language(request):
    """The first language in Accept-Language that the site speaks; English otherwise."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


@require_GET
def root_redirect(request):
    response = HttpResponseRedirect(f"/{preferred_language(request)}/")
    patch_vary_headers(response, ["Accept-Language"])
    return response


@require_GET
def accent_stylesheet(request, colour):
    """The accent colour's custom properties (``colours.palette``): a stylesheet of its own
    because the Content-Security-Policy allows no inline style, and addressed by the colour
    (``/accent/1f5f8b.css``) so that it needs no database and can be cached for ever."""
    rules = "".join(f"{name}:{value};" for name, value in palette(f"#{colour.lower()}").items())
    response = HttpResponse(f":root{{{rules}}}\n", content_type="text/css; charset=utf-8")
    patch_cache_control(response, public=True, max_age=STYLESHEET_SECONDS, immutable=True)
    return response
