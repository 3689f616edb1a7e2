from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivicportalConfig(AppConfig):
    name = "civicportal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from civicportal import cache

        cache.connect_signals()  # the page cache drops pages when public content changes

        from civicportal import audit_hooks

        audit_hooks.connect_signals()  # moderation and funding transitions into the audit
