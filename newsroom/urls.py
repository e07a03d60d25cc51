from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from newsroom.core import health, page_passwords, sitemap, views
from newsroom.search import views as search_views

# A database outage answers 503 "we'll be right back" (with Retry-After), not a 500.
handler500 = "newsroom.core.unavailable.server_error"

urlpatterns = [
    path("", views.root_redirect, name="root"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap.sitemap_root, name="sitemap"),
    path("sitemaps/index.xml", sitemap.sitemap_index, name="sitemap-index"),
    re_path(
        r"^sitemaps/(?P<language>[a-z]{2,3})/(?P<group>[a-z]+)-(?P<number>[1-9][0-9]{0,5})\.xml$",
        sitemap.sitemap,
        name="sitemap-part",
    ),
    path("robots.txt", sitemap.robots_txt, name="robots"),
    path("healthz", health.healthz, name="healthz"),
    re_path(
        r"^accent/(?P<colour>[0-9a-fA-F]{6})\.css$",
        views.accent_stylesheet,
        name="accent-stylesheet",
    ),
    path("anymail/", include("newsletter.webhooks")),
    path("api/v1/", include("newsroom.api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", search_views.search_page, name="search"),
    path("feeds/", include("newsroom.feeds.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("registrations/", include("newsroom.registrations.urls")),
    # Wagtail's own URL for the password form of protected pages, throttled.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        page_passwords.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
