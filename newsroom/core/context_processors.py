from django.conf import settings
from django.utils.translation import get_language

from .i18n import text_direction


def newsroom(request):
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "LANGUAGE_DIRECTION": text_direction(language),
        "SITE_URL": settings.SITE_URL,
    }
