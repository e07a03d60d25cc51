"""The interactive docs (Swagger UI) at /api/v1/docs, with no third-party host.

Swagger UI's files ship inside django-ninja. Ninja serves them through staticfiles only
when "ninja" is an installed app, and from a CDN otherwise; this serves them itself, so the
docs work offline and the site's INSTALLED_APPS stay as they are.
"""

import mimetypes
from pathlib import Path

import ninja
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from ninja.openapi.docs import Swagger

ASSETS_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {
    "css": "swagger-ui.css",
    "bundle": "swagger-ui-bundle.js",
    "init": "swagger-ui-init.js",
    "icon": "favicon.png",
}


class LocalSwagger(Swagger):
    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(
            request,
            "api/docs.html",
            {
                "title": api.title,
                "swagger_settings": settings,
                "asset": {
                    key: reverse("api-docs-asset", args=[name]) for key, name in ASSETS.items()
                },
            },
        )


def asset(request, name):
    if name not in ASSETS.values():
        raise Http404(name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse((ASSETS_DIR / name).open("rb"), content_type=content_type)
    patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    return response
