from django.apps import AppConfig


class MobilexConfig(AppConfig):
    name = "mobilex"
    verbose_name = "Mobilex"
