from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "stegvis.backup"
    label = "backup"
