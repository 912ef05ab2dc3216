from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "stegvis.demo"
    label = "demo"
