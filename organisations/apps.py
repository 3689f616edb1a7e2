from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    """Organisation pages for every part of the portal: registration, the members' area,
    invitations and the participants' export. The parts that work with organisations
    (volunteering, funding) add their sections through ``organisations.registry``."""

    name = "organisations"
    verbose_name = _("Organisationen")
