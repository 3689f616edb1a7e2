"""The URL map of the portal (German slugs; see the URL contract in docs/)."""

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from civicportal import media, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("suche/", views.search, name="search"),
    path("impressum/", views.legal_page, {"page": "imprint"}, name="imprint"),
    path("datenschutz/", views.legal_page, {"page": "privacy"}, name="privacy"),
    path("barrierefreiheit/", views.accessibility_statement, name="accessibility"),
    path("leichte-sprache/", views.easy_language, name="easy_language"),
    path("gebaerdensprache/", views.sign_language, name="sign_language"),
    path("sprache/<slug:code>/", views.switch_language, name="switch_language"),
    # GDPR self-service (civicportal/account_data.py); before allauth's konto/ include
    path("konto/daten/", include("civicportal.account_data")),
    # settings, list and one-click unsubscribe of notifications (civicportal/notification_pages.py)
    path("konto/benachrichtigungen/", include("civicportal.notification_pages")),
    # "continue where you left off": discard kept form input (civicportal/continuity.py)
    path("", include("civicportal.continuity")),
    # „Mein Konto“: overview, names, my contributions, my organisations (civicportal/accounts)
    path("konto/", include("civicportal.accounts.urls")),
    # staff invitations; allauth's TOTP set-up keeping `next` (civicportal/staff_onboarding.py)
    path("konto/", include("civicportal.staff_onboarding")),
    path("konto/", include("allauth.urls")),
    # Each app owns its full paths (see the URL contract in DESIGN.md / docs):
    # initiatives: initiativen/, termine/, termine.ics, feeds; organisations:
    # organisationen/ (volunteering adds organisationen/<slug>/neues-angebot/);
    # volunteering: engagement/; funding: foerderung/.
    path("", include("initiatives.urls")),
    path("", include("organisations.urls")),
    path("", include("volunteering.urls")),
    path("", include("funding.urls")),
    path("admin/", admin.site.urls),
]

if settings.MEDIA_SERVE and settings.MEDIA_URL.startswith("/"):
    # Public uploads when no web server serves them (civicportal/media.py).
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", media.serve, name="media")
    )

if apps.is_installed("bench"):
    # `make bench` only (BENCH=1): the empty-view baseline; never in production.
    urlpatterns.append(path("", include("bench.urls")))

# Error pages (civicportal/errors.py, templates/4xx.html/500.html); allauth's rate limits
# answer through handler429 with the same friendly page as the portal's own limits.
handler500 = "civicportal.errors.server_error"
handler429 = "civicportal.security.handler429"
