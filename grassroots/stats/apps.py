from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "grassroots.stats"
    label = "stats"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from grassroots.core.models import LogEntry

        from .cache import on_log_entry_saved

        post_save.connect(on_log_entry_saved, sender=LogEntry, dispatch_uid="stats.data_version")
