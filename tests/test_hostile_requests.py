"""What a hostile tester tried: parameters nobody types by hand answer 400/404 or a form error,
never a traceback; the password-reset limit holds however many requests arrive at once; a load
balancer's health check is answered over plain HTTP in production."""

import datetime
import os
import subprocess
import sys
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from correspondents.models import RequestCount
from correspondents.network import root_office
from correspondents.services import request_counted
from journal.models import JournalIssue
from outlets.models import Outlet
from tests.factories import UserFactory

from .test_production import ROOT, production_env


@pytest.fixture
def root_client(db):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_a_journal_item_with_a_made_up_contribution_or_column_is_a_bad_request(root_client):
    journal = Outlet.objects.create(name="《宜昌人大》", level="municipal", medium="magazine", owner=root_office())
    issue = JournalIssue.objects.create(outlet=journal, number="第1期", issue_date=datetime.date(2025, 3, 31))
    url = reverse("desk:issue-item-add", args=[issue.pk])
    assert root_client.post(url, {"contribution": "abc"}).status_code == 400
    assert root_client.post(url, {"contribution": "1", "column": "zz"}).status_code == 400
    assert root_client.post(url, {"contribution": "999999"}).status_code == 404


@pytest.mark.parametrize("url", [
    "/admin/contributions/placement/?year=0",
    "/admin/contributions/placement/?year=99999",
    "/admin/contributions/placement/?year=abc",
])
def test_the_admins_year_filter_refuses_years_it_does_not_offer_as_the_admin_does(root_client, url):
    response = root_client.get(url)
    assert response.status_code == 302 and response["Location"].endswith("?e=1")


@pytest.mark.parametrize("url", [
    "/admin/correspondents/correspondent/add/?unit=abc",
    "/admin/contributions/placement/add/?contribution=abc&outlet=zz",
    "/admin/awards/award/add/?unit=x&correspondent=%00",
    "/admin/planning/assignment/add/?unit=1.5",
])
def test_an_add_page_with_a_made_up_id_in_its_query_string_opens_empty(root_client, url):
    assert root_client.get(url).status_code == 200


@pytest.mark.parametrize("url", [
    "/admin/correspondents/correspondent/export/?foo=bar",
    "/admin/outlets/outlet/export/?level__exact=x&unknown=1",
    "/admin/correspondents/unit/export/?parent__id__exact=abc",
])
def test_an_export_page_with_a_query_it_cannot_use_is_a_bad_request(root_client, url):
    response = root_client.get(url)
    assert response.status_code == 400


@pytest.mark.django_db
def test_the_request_counter_counts_each_request_and_starts_a_new_window():
    window = datetime.timedelta(hours=1)
    assert [request_counted(key="k", window=window) for _ in range(3)] == [1, 2, 3]
    RequestCount.objects.filter(key="k").update(window_started=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert request_counted(key="k", window=window) == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_password_resets_at_once_from_twenty_addresses_accept_exactly_the_limit(settings, mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("同时到达的请求只在 PostgreSQL 上测试（make test-postgres）；SQLite 的测试库在内存中，不能跨线程共享。")
    settings.DJANGO_PROXY_COUNT = 0
    UserFactory(username="target", email="target@example.org")
    start = threading.Barrier(20)
    answers, lock = [], threading.Lock()

    def ask(number):
        client = Client(REMOTE_ADDR=f"198.51.100.{number + 1}")
        start.wait()
        try:
            status = client.post(reverse("password_reset"), {"email": "target@example.org"}).status_code
        finally:
            connections.close_all()
        with lock:
            answers.append(status)

    threads = [threading.Thread(target=ask, args=(number,)) for number in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(answers) == [302] * settings.PASSWORD_RESET_LIMIT + [429] * (20 - settings.PASSWORD_RESET_LIMIT)
    assert len(mailoutbox) == settings.PASSWORD_RESET_LIMIT


def test_the_health_check_answers_over_plain_http_in_production(tmp_path):
    """Served by the production settings (SSL redirect on): /healthz is 200 over HTTP, a page redirects."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='renda.example.gov.cn')\n"
        "print(client.get('/healthz').status_code, client.get('/accounts/login/').status_code)\n"
    )
    env = production_env(tmp_path) | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.stdout.split() == ["200", "301"], result.stdout + result.stderr
    assert os.environ.get("DJANGO_DEBUG") is None  # the suite's own process stayed in development
