"""Language selection for requests (Django's LocaleMiddleware, with one exception)."""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

# Served outside i18n_patterns: a 404 there is final. Django's middleware would otherwise
# redirect it to /en/<path>, which Wagtail's catch-all accepts and then answers 404 to, so a
# client (the admin's own JavaScript, an API consumer) sees a redirect to a page that is not
# there instead of the 404 it should get.
UNPREFIXED = ("/admin/", "/api/", "/documents/", "/anymail/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)
