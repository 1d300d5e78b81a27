"""Personas used across the suite: an administrator, an editor, a correspondent with an account,
a correspondent of another unit, and an anonymous visitor."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from correspondents import roles
from correspondents.network import root_office

from .factories import CorrespondentFactory, UnitFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # The real hasher takes a third of a second per password; tests make many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # A cache of this process, emptied for each test: throttles and cached numbers belong to one test.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "tests"}}
    from django.core.cache import cache

    from datacache.cache import forget_local

    cache.clear()
    forget_local()

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin-persona", role=roles.ADMINISTRATOR, office=root_office())


@pytest.fixture
def editor(db):
    return UserFactory(username="editor-persona", role=roles.EDITOR, office=root_office())


@pytest.fixture
def desk(client, editor):
    """The test client, signed in as the editor."""
    client.force_login(editor)
    return client


@pytest.fixture
def home_unit(db):
    return UnitFactory(name="枝江市人大常委会")


@pytest.fixture
def correspondent(db, home_unit):
    """A Correspondent with a portal account; `.user` is the account."""
    user = UserFactory(username="tongxun-persona", role=roles.CORRESPONDENT)
    return CorrespondentFactory(name="张晓明", unit=home_unit, user=user)


@pytest.fixture
def other_correspondent(db):
    user = UserFactory(username="other-persona", role=roles.CORRESPONDENT)
    return CorrespondentFactory(name="李建国", unit=UnitFactory(name="宜都市人大常委会"), user=user)


@pytest.fixture
def anonymous_client():
    return Client()


@pytest.fixture
def admin_client_persona(client, administrator):
    client.force_login(administrator)
    return client


@contextmanager
def queries_pinned_at(expected: int, what: str):
    """Pin the queries of the block to an exact number (not only "does not grow"), listing them when
    the number moves. Content types are cached per process, so the block starts with that cache cold."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as captured:
        yield captured
    count = len(captured.captured_queries)
    listing = "\n".join(f"  {query['sql'][:160]}" for query in captured.captured_queries)
    assert count == expected, f"{what}: {count} queries, pinned at {expected}:\n{listing}"


def page_text(response) -> str:
    """A response's HTML, read to its end when it streams (an import's progress page)."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()
