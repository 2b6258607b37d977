from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "grassroots.stats"
    label = "stats"
