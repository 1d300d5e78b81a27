"""The benchmark's servers report how many cached numbers a page found and how many it computed."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db

COUNTS = re.compile(r'datacache;desc="hit=(\d+) miss=(\d+)"')


def test_a_page_says_how_many_numbers_were_warm_when_asked_to(settings, editor):
    settings.DATACACHE_SERVER_TIMING = True
    PlacementFactory()
    client = Client()
    client.force_login(editor)
    url = reverse("desk:statistics")
    first = COUNTS.fullmatch(client.get(url)["Server-Timing"])
    second = COUNTS.fullmatch(client.get(url)["Server-Timing"])
    assert int(first[2]) > 0  # computed on the cold cache
    assert int(second[1]) > 0 and second[2] == "0"  # then every number found


def test_the_header_is_off_unless_asked_for(editor):
    client = Client()
    client.force_login(editor)
    assert "Server-Timing" not in client.get(reverse("desk:statistics"))
