"""Sign-in through a real OpenLDAP directory: the directory's groups give the roles, the first sign-in
links to the existing account by e-mail, mobile or employee number, unknown people are refused or
given an account when allowed, and local passwords keep working (for the superuser at least)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from correspondents import roles
from correspondents.models import Correspondent
from tests.conftest import page_text
from tests.factories import CorrespondentFactory, UnitFactory, UserFactory

from .conftest import apply_environment, free_port, ldap_environment

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(slapd, settings):
    apply_environment(settings, ldap_environment(slapd["uri"]))
    return slapd


def log_in(client, username, password):
    response = client.post(reverse("login"), {"username": username, "password": password}, follow=True)
    user_id = client.session.get("_auth_user_id")
    return (User.objects.get(pk=user_id) if user_id else None), page_text(response)


def test_a_correspondent_signs_in_with_the_directory_password_and_is_linked_by_email(client, directory):
    unit = UnitFactory(name="枝江市人大常委会")
    account = UserFactory(username="lh-local", role=roles.CORRESPONDENT)
    CorrespondentFactory(user=account, unit=unit, email="LiHua@example.org")
    user, text = log_in(client, "lihua", "lihua-pass")
    assert user == account
    assert set(user.groups.values_list("name", flat=True)) == {roles.CORRESPONDENT}
    assert client.get(reverse("portal:home")).status_code == 200


def test_an_editor_is_linked_by_employee_number_and_reaches_the_desk(client, directory):
    staff = UserFactory(username="E2001", role=roles.CORRESPONDENT)  # the directory says 编辑
    user, _ = log_in(client, "wangbian", "wang-pass")
    assert user == staff and roles.is_editor(User.objects.get(pk=staff.pk))
    assert client.get(reverse("desk:review-queue")).status_code == 200


def test_a_mobile_number_links_when_configured_first(client, slapd, settings):
    apply_environment(settings, ldap_environment(slapd["uri"], DJANGO_SIGNIN_MATCH_BY="mobile"))
    person = CorrespondentFactory(user=UserFactory(username="someone", role=roles.CORRESPONDENT),
                                  phone="139-0000-0001", email="other@example.org")
    user, _ = log_in(client, "lihua", "lihua-pass")
    assert user == person.user


def test_a_wrong_password_and_people_outside_the_roles_are_refused(client, directory):
    UserFactory(username="E3001", role=roles.CORRESPONDENT)
    CorrespondentFactory(email="lihua@example.org", user=UserFactory(username="lh2", role=roles.CORRESPONDENT))
    user, text = log_in(client, "lihua", "wrong")
    assert user is None and "用户名或密码不正确" in text
    user, text = log_in(client, "outsider", "out-pass")
    assert user is None and "不属于本系统的任何角色组" in text


def test_someone_without_an_account_is_refused_unless_accounts_may_be_created(client, slapd, settings):
    apply_environment(settings, ldap_environment(slapd["uri"]))
    user, text = log_in(client, "newbie", "new-pass")
    assert user is None and "本系统还没有您的账号" in text and not User.objects.filter(username="newbie").exists()
    apply_environment(settings, ldap_environment(slapd["uri"], DJANGO_SIGNIN_CREATE_ACCOUNTS="1"))
    user, text = log_in(client, "newbie", "new-pass")
    assert "在本系统中找不到" in text and not User.objects.filter(username="newbie").exists()  # no unit: nothing made
    UnitFactory(name="枝江市人大常委会")
    user, _ = log_in(client, "newbie", "new-pass")
    person = Correspondent.objects.get(user=user)
    assert (user.username, person.name, person.unit.name, person.phone) == ("newbie", "新通讯员", "枝江市人大常委会",
                                                                           "13900000004")
    assert not user.has_usable_password()


def test_the_superuser_keeps_its_local_password_and_is_never_reached_through_the_directory(client, slapd, settings):
    root = User.objects.create_superuser("root", "root@example.org", "local-root-pass")
    apply_environment(settings, ldap_environment(slapd["uri"]))
    user, text = log_in(client, "boss", "boss-pass")  # the directory's boss has the superuser's e-mail
    assert user is None and "超级管理员只能用本地密码登录" in text
    assert log_in(client, "root", "local-root-pass")[0] == root
    client.logout()
    # A directory that is down does not stop local passwords.
    apply_environment(settings, ldap_environment(f"ldap://127.0.0.1:{free_port()}"))
    assert log_in(client, "root", "local-root-pass")[0] == root


def test_local_passwords_can_be_kept_for_superusers_only(client, slapd, settings):
    apply_environment(settings, ldap_environment(slapd["uri"], DJANGO_LOCAL_PASSWORDS="superusers"))
    clerk = UserFactory(username="clerk", role=roles.EDITOR)
    clerk.set_password("clerk-pass")
    clerk.save()
    root = User.objects.create_superuser("root", "", "local-root-pass")
    assert log_in(client, "clerk", "clerk-pass")[0] is None
    assert log_in(client, "root", "local-root-pass")[0] == root


def test_two_accounts_with_the_directory_s_address_are_refused_not_guessed(client, directory):
    CorrespondentFactory(email="lihua@example.org", user=UserFactory(username="one", role=roles.CORRESPONDENT))
    UserFactory(username="two", email="LIHUA@example.org", role=roles.CORRESPONDENT)
    user, text = log_in(client, "lihua", "lihua-pass")
    assert user is None and "按邮箱找到了 2 个账号" in text
