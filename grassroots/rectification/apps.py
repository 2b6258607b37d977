from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "grassroots.rectification"
    label = "rectification"
