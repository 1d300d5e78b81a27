from django.apps import AppConfig


class MessagingConfig(AppConfig):
    """Messages to correspondents through the channels offices use (e-mail, WeCom and DingTalk group
    robots, a generic webhook), written to an outbox in the transaction of the event that causes them
    and delivered by `send_messages`. A leaf beside correspondents: contributions, planning and awards
    write to it; it knows only people, units, teams and offices."""

    name = "messaging"
    verbose_name = "消息"
