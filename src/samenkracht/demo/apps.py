from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "samenkracht.demo"
    verbose_name = "Demo"
