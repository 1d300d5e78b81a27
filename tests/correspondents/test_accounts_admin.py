"""Accounts in the admin: an administrator who is not a superuser cannot raise anyone's powers."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def change_form(client, user) -> dict:
    """What the browser posts back from the account's page, unchanged (with its inlines' forms)."""
    context = client.get(reverse("admin:auth_user_change", args=[user.pk])).context
    form = context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{name}": value for name, value in formset.management_form.initial.items()})
        for index, inline_form in enumerate(formset.forms):
            values = {name: inline_form[name].value() for name in inline_form.fields}
            data.update({f"{formset.prefix}-{index}-{name}": value for name, value in values.items()
                         if value is not None})
    data["groups"] = [group.pk for group in user.groups.all()]
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    data.update({"date_joined_0": "2026-01-01", "date_joined_1": "09:00:00"})
    return data


def test_an_administrator_cannot_make_themselves_superuser(admin_client_persona, administrator):
    data = change_form(admin_client_persona, administrator) | {"is_superuser": "on", "is_staff": "on", "is_active": "on"}
    admin_client_persona.post(reverse("admin:auth_user_change", args=[administrator.pk]), data)
    assert not User.objects.get(pk=administrator.pk).is_superuser


def test_an_administrator_cannot_set_another_staff_members_password(admin_client_persona, editor, administrator):
    url = reverse("admin:auth_user_password_change", args=[editor.pk])
    assert admin_client_persona.get(url).status_code == 403
    response = admin_client_persona.post(url, {"password1": "Another-pass-2026", "password2": "Another-pass-2026"})
    assert response.status_code == 403
    assert User.objects.get(pk=editor.pk).check_password("secret-pass-2026")
    own = reverse("admin:auth_user_password_change", args=[administrator.pk])
    assert admin_client_persona.get(own).status_code == 200


def test_an_administrator_cannot_touch_a_superusers_account(admin_client_persona):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    page = admin_client_persona.get(reverse("admin:auth_user_change", args=[root.pk]))
    assert 'name="_save"' not in page.content.decode()  # shown read-only
    response = admin_client_persona.post(reverse("admin:auth_user_change", args=[root.pk]),
                                         {"username": "root", "is_active": ""})
    assert response.status_code == 403 and User.objects.get(pk=root.pk).is_active
    admin_client_persona.post(reverse("admin:auth_user_delete", args=[root.pk]), {"post": "yes"})
    assert User.objects.filter(pk=root.pk).exists()


def test_a_superuser_may_do_all_of_it(client, editor):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    url = reverse("admin:auth_user_password_change", args=[editor.pk])
    client.post(url, {"password1": "Another-pass-2026", "password2": "Another-pass-2026", "usable_password": "true"})
    assert User.objects.get(pk=editor.pk).check_password("Another-pass-2026")
