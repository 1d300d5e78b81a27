from django.apps import AppConfig


class CorrespondentsConfig(AppConfig):
    name = "correspondents"
    verbose_name = "单位与通讯员"
