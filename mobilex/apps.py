from django.apps import AppConfig


class MobilexConfig(AppConfig):
    name = "mobilex"
    verbose_name = "Mobilex"

    def ready(self):
        from mobilex import bounds, displays

        bounds.install()
        displays.install()
