"""No account takeover: one rule for who is office staff, and staff credentials that only a superuser or
the person themselves (with their password) change."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from correspondents import roles
from tests.factories import UserFactory

from .test_accounts_admin import change_form

pytestmark = pytest.mark.django_db


def test_an_administrator_cannot_change_an_editors_email_username_or_roles(admin_client_persona, editor):
    data = change_form(admin_client_persona, editor) | {
        "email": "attacker@example.org", "username": "taken-over", "is_active": "on",
        "groups": [Group.objects.get(name=roles.CORRESPONDENT).pk if Group.objects.filter(
            name=roles.CORRESPONDENT).exists() else Group.objects.create(name=roles.CORRESPONDENT).pk]}
    admin_client_persona.post(reverse("admin:auth_user_change", args=[editor.pk]), data)
    editor.refresh_from_db()
    assert (editor.email, editor.username) == ("editor-persona@example.org", "editor-persona")
    assert list(editor.groups.values_list("name", flat=True)) == [roles.EDITOR]
    page = admin_client_persona.get(reverse("admin:auth_user_change", args=[editor.pk])).content.decode()
    assert 'name="email"' not in page and 'name="username"' not in page


def test_an_administrator_still_manages_a_correspondents_account(admin_client_persona, correspondent):
    user = correspondent.user
    data = change_form(admin_client_persona, user) | {"email": "new@example.org", "is_active": "on"}
    admin_client_persona.post(reverse("admin:auth_user_change", args=[user.pk]), data)
    user.refresh_from_db()
    assert user.email == "new@example.org"


def test_a_superuser_changes_a_staff_members_email(client, editor):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    data = change_form(client, editor) | {"email": "moved@example.org", "is_active": "on"}
    client.post(reverse("admin:auth_user_change", args=[editor.pk]), data)
    editor.refresh_from_db()
    assert editor.email == "moved@example.org"


def test_staff_change_their_own_email_with_their_password(client, editor):
    client.force_login(editor)
    url = reverse("email_change")
    refused = client.post(url, {"email": "mine@example.org", "password": "wrong"})
    assert "密码不正确" in refused.content.decode()
    editor.refresh_from_db()
    assert editor.email == "editor-persona@example.org"
    client.post(url, {"email": "mine@example.org", "password": "secret-pass-2026"})
    editor.refresh_from_db()
    assert editor.email == "mine@example.org"


def test_an_email_in_use_by_another_account_is_refused(client, editor, administrator):
    client.force_login(editor)
    response = client.post(reverse("email_change"), {"email": administrator.email, "password": "secret-pass-2026"})
    assert "已被其他账号使用" in response.content.decode()


@pytest.mark.parametrize(("groups", "is_staff", "is_superuser", "office"), [
    ([roles.EDITOR], False, False, True),      # an editor whose is_staff flag was never set
    ([roles.ADMINISTRATOR], False, False, True),
    ([], True, False, False),                  # is_staff alone opens nothing
    ([roles.CORRESPONDENT], True, False, False),
    ([], False, True, True),                   # a superuser
])
def test_one_rule_for_who_is_office_staff_opens_the_desk_and_the_admin_alike(groups, is_staff, is_superuser,
                                                                             office):
    user = UserFactory(username="someone", is_staff=is_staff, is_superuser=is_superuser)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    client = Client()
    client.force_login(user)
    desk = client.get(reverse("desk:review-queue"))
    admin_page = client.get(reverse("admin:index"))
    assert (desk.status_code == 200) is office
    assert (admin_page.status_code == 200) is office
    assert list(roles.office_staff().filter(pk=user.pk)) == ([user] if office else [])


def test_the_admin_login_lets_in_exactly_office_staff(client):
    editor = UserFactory(username="no-flag-editor", is_staff=False)
    editor.groups.add(Group.objects.get_or_create(name=roles.EDITOR)[0])
    response = client.post(reverse("admin:login"), {"username": "no-flag-editor", "password": "secret-pass-2026",
                                                    "next": "/admin/"})
    assert response.status_code == 302 and response.wsgi_request.user.is_authenticated
    flag_only = UserFactory(username="flag-only", is_staff=True)
    other = Client()
    refused = other.post(reverse("admin:login"), {"username": "flag-only", "password": "secret-pass-2026"})
    assert refused.status_code == 200 and not refused.wsgi_request.user.is_authenticated
    assert User.objects.get(pk=flag_only.pk).is_staff  # nothing changed on the account


def test_a_correspondent_never_sees_the_desks_menu(client, correspondent):
    client.force_login(correspondent.user)
    page = client.get(reverse("password_change")).content.decode()
    assert reverse("desk:review-queue") not in page and "后台管理" not in page
    assert reverse("portal:home") in page
