from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "grassroots.commitments"
    label = "commitments"
