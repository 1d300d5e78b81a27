import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from contributions.models import Contribution, State
from correspondents.network import root_office
from operations.management.commands.seed_demo import DEMO_LOGINS

pytestmark = pytest.mark.django_db

OUR_APPS = ("correspondents", "outlets", "contributions", "awards", "journal")


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every model of ours, without volatile timestamps."""
    tables = {}
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            fields = [f.attname for f in model._meta.concrete_fields if f.name not in {"updated_at", "created_at", "logged_at", "uploaded_at"}]
            tables[model._meta.label] = list(model.objects.order_by("pk").values_list(*fields))
    return tables


def test_seed_demo_twice_leaves_the_same_data():
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first


def test_seed_demo_fills_a_believable_city_with_every_state():
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    states = set(Contribution.objects.values_list("state", flat=True))
    assert states == set(State.values)
    tables = snapshot()
    assert len(tables["correspondents.Unit"]) >= 20
    assert len(tables["contributions.Placement"]) >= 100
    assert len(tables["awards.Award"]) >= 5
    years = {row[4].year for row in tables["contributions.Placement"]}  # published_on
    assert len(years) == 2
    for username, password, role, _ in DEMO_LOGINS:
        assert username in output.getvalue() and password in output.getvalue()


@pytest.mark.parametrize(("username", "password", "role", "label"), DEMO_LOGINS)
def test_the_printed_demo_logins_work_and_lead_to_the_right_place(username, password, role, label):
    call_command("seed_demo", stdout=io.StringIO())
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password}, follow=True)
    assert response.wsgi_request.user.is_authenticated
    expected = "/portal/" if role == "通讯员" else "/desk/"
    assert response.redirect_chain[-1][0] == expected


def test_the_demo_city_has_a_journal_a_bulletin_with_instructions_targets_and_townships():
    from awards.models import Nomination
    from contributions.models import Placement
    from correspondents.models import Unit
    from journal.models import JournalIssue

    call_command("seed_demo", stdout=io.StringIO())
    # Both years' issues: last year has twelve of 《宜昌人大》 and thirteen of 《人大工作信息》 (test_demo_figures).
    assert JournalIssue.objects.filter(status="published").count() == 25
    assert JournalIssue.objects.filter(status="planning").exists()
    assert Placement.objects.filter(outlet__owner__isnull=False, outlet__name="《人大工作信息》").exclude(instruction="").count() == 3
    assert Unit.objects.filter(annual_target__isnull=False).count() >= 4
    assert Unit.objects.filter(kind="township_congress", parent__kind="county_congress").count() >= 10
    assert Nomination.objects.exclude(quality="").exists()


def test_the_committees_own_platforms_are_internal_as_the_statistics_page_says():
    """内部刊物 = 本会自办刊物、信息、网站: the journal, the bulletin and the committee's website."""
    from awards.models import Award
    from outlets.models import Outlet

    call_command("seed_demo", stdout=io.StringIO())
    own = {"《宜昌人大》", "《人大工作信息》", "宜昌人大网"}
    assert set(Outlet.objects.filter(owner=root_office()).values_list("name", flat=True)) == own
    assert set(Outlet.objects.filter(owner__name="枝江市人大常委会办公室").values_list("name", flat=True)) == {"枝江人大网"}
    # Award citations name pieces and placements each by its own word.
    citations = list(Award.objects.exclude(citation="").values_list("citation", flat=True))
    assert citations and all("稿件" in c and "用稿" in c and "次" in c for c in citations if "全年" in c)
