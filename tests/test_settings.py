from pathlib import Path

from config.settings import database_from_url


def test_a_postgres_url_selects_postgresql_with_health_checks():
    config = database_from_url("postgres://renda:p%40ss@db.internal:5433/renda?sslmode=require")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("renda", "renda", "p@ss")
    assert (config["HOST"], config["PORT"]) == ("db.internal", "5433")
    assert config["OPTIONS"] == {"sslmode": "require"}
    assert config["CONN_HEALTH_CHECKS"] is True


def test_a_sqlite_url_uses_wal_and_immediate_transactions():
    config = database_from_url("sqlite:////var/lib/renda/db.sqlite3")
    assert config["NAME"] == Path("/var/lib/renda/db.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_the_defaults_speak_chinese_in_shanghai(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert "en" in dict(settings.LANGUAGES)


def test_the_logged_in_baseline_page_checks_the_login_and_the_role(client, editor, correspondent, db):
    from django.contrib.auth.models import User

    assert client.get("/ping").status_code == 302
    client.force_login(editor)
    assert client.get("/ping").status_code == 200
    client.force_login(correspondent.user)
    assert client.get("/ping").status_code == 200
    client.force_login(User.objects.create_user("nobody"))
    assert client.get("/ping").status_code == 403
