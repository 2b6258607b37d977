from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "grassroots.portal"
    label = "portal"
