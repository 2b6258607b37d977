from django.apps import AppConfig


class LiaisonConfig(AppConfig):
    name = "grassroots.liaison"
    label = "liaison"
