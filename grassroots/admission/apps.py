from django.apps import AppConfig


class AdmissionConfig(AppConfig):
    name = "grassroots.admission"
    label = "admission"
