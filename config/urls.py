from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from advice.documents import serving as document_serving
from advice.letters import admin_urls as letter_admin_urls
from publications import views as public_views
from publications.api import api_router

urlpatterns = [
    # Before Wagtail's admin: a few of its URLs answer letters with their own reasons.
    path("beheer/", include(letter_admin_urls)),
    path("beheer/", include(wagtailadmin_urls)),
    # The same URL as Wagtail's serve view, answered ``Cache-Control: private``.
    path(
        "documenten/<int:document_id>/<str:document_filename>",
        document_serving.serve,
        name="document_serve_private",
    ),
    path("documenten/", include(wagtaildocs_urls)),
    path("sitemap.xml", public_views.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", public_views.sitemap_section, name="sitemap_section"),
    path("robots.txt", public_views.robots_txt, name="robots_txt"),
    path("api/v2/", api_router.urls),
    path("api/ods/v2/", include("publications.api.ods.urls")),
    # Follow, confirm, manage, unsubscribe (alerts): never cached, no Wagtail page.
    path("", include("alerts.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
