from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "stegvis.exchange"
    label = "exchange"
