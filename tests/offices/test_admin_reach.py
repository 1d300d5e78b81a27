"""What a county office's administrator reaches in the admin: every changelist shows its network's
or its office's rows only, another office's row cannot be opened or changed, the top office's
pages (accounts, teams, offices, roles) are closed to it, drop-downs and autocompletes offer its
network only; the city's administrator cannot touch a county's years and rules either."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from awards.models import ScoringRules
from config.admin_scope import SCOPES
from outlets.models import Outlet

from .conftest import all_rows, text_of


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change_page(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


SCOPED = [model for model in admin.site._registry if model._meta.label_lower in SCOPES]
TOP_ONLY = [model for model in admin.site._registry if model._meta.label_lower not in SCOPES]


@pytest.mark.parametrize("model", SCOPED, ids=lambda model: model._meta.label)
def test_each_changelist_of_a_county_shows_its_own_rows_only(network, model):
    a, b, city = network["a"], network["b"], network["city"]
    response = as_user(a.administrator).get(changelist(model))
    assert response.status_code in (200, 403)  # 403: a page the role has no permission for (the plan's)
    text = text_of(response)
    if model is Outlet:  # the shared catalogue: every office reads all of it
        assert "《b刊》" in text and "《共享日报》" in text
        return
    assert b.marker not in text and city.marker not in text


def test_the_top_offices_pages_are_closed_to_a_county(network):
    client = as_user(network["a"].administrator)
    for model in TOP_ONLY:
        assert client.get(changelist(model)).status_code == 403, model._meta.label
    index = text_of(client.get(reverse("admin:index")))
    assert reverse("admin:auth_user_changelist") not in index
    assert reverse("admin:correspondents_office_changelist") not in index
    assert reverse("admin:awards_scoringrules_changelist") in index
    city_client = as_user(network["city"].administrator)
    assert city_client.get(changelist(TOP_ONLY[0])).status_code == 200


def test_another_offices_rows_cannot_be_opened_or_changed(network):
    a, b = network["a"], network["b"]
    client = as_user(a.administrator)
    before = all_rows()
    rules = ScoringRules.objects.get(appraisal_year=b.objects["year"])
    for obj in [b.pieces["published"], b.objects["placement"], b.objects["claim"], b.township, b.writer,
                b.objects["year"], rules, b.objects["award"], b.objects["topic"], b.objects["assignment"],
                b.objects["notice"]]:
        response = client.get(change_page(obj), follow=True)
        assert b.marker not in text_of(response), obj._meta.label
        # Not found (the admin's way: back to the index, saying so), or no permission for the model at all.
        assert response.status_code == 403 or response.redirect_chain[-1][0] == reverse("admin:index"), obj._meta.label
        client.post(change_page(obj), {"county_points": "9", "name": "改", "title": "改"})
    assert all_rows() == before


def test_outlets_are_read_by_all_and_changed_by_their_owner(network):
    a, b = network["a"], network["b"]
    client = as_user(a.administrator)
    theirs = Outlet.objects.get(name="《b刊》")
    mine = Outlet.objects.get(name="《a刊》")
    shared = Outlet.objects.get(name="《共享日报》")
    form = {"level": "national", "medium": "magazine", "active": "on", "columns-TOTAL_FORMS": "0",
            "columns-INITIAL_FORMS": "0", "columns-MIN_NUM_FORMS": "0", "columns-MAX_NUM_FORMS": "1000"}
    assert client.post(change_page(theirs), {**form, "name": theirs.name}).status_code == 403
    assert client.post(change_page(shared), {**form, "name": shared.name}).status_code == 403  # the city's to keep
    response = client.post(change_page(mine), {**form, "name": mine.name, "owner": a.office.pk})
    assert response.status_code == 302
    assert Outlet.objects.get(pk=mine.pk).level == "national"
    assert Outlet.objects.get(pk=theirs.pk).level == "county" and Outlet.objects.get(pk=shared.pk).level == "municipal"
    # Owner choices: its own office (or none), never another office.
    page = text_of(client.get(reverse("admin:outlets_outlet_add")))
    assert a.office.name in page and b.office.name not in page and network["city"].office.name not in page


def test_autocompletes_and_dropdowns_offer_the_network_only(network):
    a = network["a"]
    client = as_user(a.administrator)
    found = client.get(reverse("admin:autocomplete"), {"app_label": "contributions", "model_name": "contribution",
                                                       "field_name": "credited_unit", "term": ""}).json()
    names = [row["text"] for row in found["results"]]
    assert names and all("甲县" in name for name in names)
    people = client.get(reverse("admin:autocomplete"), {"app_label": "awards", "model_name": "award",
                                                        "field_name": "correspondent", "term": "通讯员"}).json()
    assert [row["text"] for row in people["results"]] == ["甲县通讯员（甲县一镇人大）"]
    form = client.get(reverse("admin:awards_award_add")).context["adminform"].form
    assert list(form.fields["appraisal_year"].queryset) == [a.objects["year"]]  # not 乙县's or the city's 2026


def test_the_citys_administrator_cannot_change_a_countys_rules_or_close_its_year(network):
    a, city = network["a"], network["city"]
    client = as_user(city.administrator)
    rules = ScoringRules.objects.get(appraisal_year=a.objects["year"])
    before = all_rows()
    client.post(change_page(rules), {"county_points": "9"})
    client.post(changelist(type(a.objects["year"])), {"action": "close_years", "_selected_action": [a.objects["year"].pk]})
    assert all_rows() == before
    assert "甲县" not in text_of(client.get(changelist(ScoringRules)))
    # The county's own administrator can.
    county = as_user(a.administrator)
    county.post(changelist(type(a.objects["year"])), {"action": "close_years", "_selected_action": [a.objects["year"].pk]})
    assert type(a.objects["year"]).objects.get(pk=a.objects["year"].pk).is_closed


def test_only_a_superuser_moves_a_member_of_staff_to_another_office(network):
    from correspondents.models import OfficeStaff
    from tests.correspondents.test_accounts_admin import change_form
    from tests.factories import UserFactory

    a, city = network["a"], network["city"]
    target = city.editor
    url = reverse("admin:auth_user_change", args=[target.pk])
    administrator = as_user(city.administrator)
    data = change_form(administrator, target) | {"office_membership-0-office": a.office.pk, "is_active": "on"}
    administrator.post(url, data)
    assert OfficeStaff.objects.get(user=target).office == city.office
    superuser = as_user(UserFactory(username="root", is_superuser=True, is_staff=True))
    data = change_form(superuser, target) | {"office_membership-0-office": a.office.pk, "is_active": "on"}
    assert superuser.post(url, data).status_code == 302
    assert OfficeStaff.objects.get(user=target).office == a.office
