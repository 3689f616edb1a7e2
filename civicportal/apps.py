from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _

from civicportal.core import privacy_registry


class CivicportalConfig(AppConfig):
    default = True  # not PortalAdminConfig below
    name = "civicportal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from civicportal import audit_hooks  # noqa: PLC0415 – imports models: apps must be ready

        audit_hooks.connect_signals()  # moderation and funding transitions into the audit

        from civicportal import privacy  # noqa: PLC0415 – imports models: apps must be ready

        privacy_registry.register(
            privacy_registry.PrivacyPart(
                "civicportal", privacy.export_user_data, privacy.erase_user_data, order=10
            )
        )


class PortalAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with the portal's site (``civicportal.admin_site``)."""

    default = False
    default_site = "civicportal.admin_site.PortalAdminSite"
