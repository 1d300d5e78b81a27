"""What a county office's staff reach on the desk: every desk page, export and PDF, opened by 甲县's
editor, shows nothing of 乙县 (a sibling) or of the city's own units (a parent); every page and
action given 乙县's or the city's ids is a 404 and changes nothing. The desk's URL list is walked
whole, so a page added later is checked too."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contributions.models import State
from desk import urls as desk_urls
from planning.services import assign

from .conftest import YEAR, all_rows, text_of

# Pages whose URL takes an object of one side, and how to name it.
ARGS = {
    "contribution-detail": lambda s: [s.pieces[State.PUBLISHED].pk],
    "contribution-move": lambda s: [s.pieces[State.SUBMITTED].pk],
    "contribution-send-up": lambda s: [s.pieces[State.ACCEPTED].pk],
    "contribution-tag": lambda s: [s.pieces[State.PUBLISHED].pk],
    "contribution-untag": lambda s: [s.pieces[State.PUBLISHED].pk, s.objects["tag"].pk],
    "attachment-download": lambda s: [s.objects["attachment"].pk],
    "placement-edit": lambda s: [s.objects["placement"].pk],
    "placement-delete": lambda s: [s.objects["placement"].pk],
    "claim-decide": lambda s: [s.objects["claim"].pk],
    "claim-evidence": lambda s: [s.objects["claim"].pk],
    "unit-detail": lambda s: [s.township.pk],
    "issue-detail": lambda s: [s.objects["issue"].pk],
    "issue-change": lambda s: [s.objects["issue"].pk],
    "issue-item-add": lambda s: [s.objects["issue"].pk],
    "issue-item-change": lambda s: [s.objects["issue"].pk, s.objects["item"].pk],
    "issue-publish": lambda s: [s.objects["issue"].pk],
    "issue-toc-xlsx": lambda s: [s.objects["issue"].pk],
    "issue-toc-pdf": lambda s: [s.objects["issue"].pk],
    "topic-detail": lambda s: [s.objects["topic"].pk],
    "topic-edit": lambda s: [s.objects["topic"].pk],
    "assignment-detail": lambda s: [s.objects["assignment"].pk],
    "assignment-delete": lambda s: [s.objects["assignment"].pk],
    "assignment-answer": lambda s: [s.objects["assignment"].pk],
    "assignment-unanswer": lambda s: [s.objects["assignment"].pk, s.objects["answer"].pk],
    "notice-detail": lambda s: [s.objects["notice"].pk],
    "notice-attachment": lambda s: [s.objects["notice_attachment"].pk],
    "award-delete": lambda s: [YEAR, s.objects["award"].pk],
    "nomination-delete": lambda s: [YEAR, s.objects["nomination"].pk],
    "training-detail": lambda s: [s.objects["training"].pk],
    "training-material": lambda s: [s.objects["material"].pk],
    "person-trainings": lambda s: [s.objects["writer"].pk],
}
YEAR_PAGES = {"year-detail", "year-export", "year-summary-pdf", "award-add", "nomination-add", "year-close",
              "year-reopen", "year-rewards", "year-rewards-pdf"}
NOT_WALKED = {"placement-import-errors"}  # a one-time token of the uploader's own import, kept in their session
# What a POST to each object page would change if it reached the object.
POSTS = {
    "contribution-move": lambda s: {"to_state": State.IN_REVIEW, "seen_state": State.SUBMITTED},
    "contribution-send-up": lambda s: {"note": "报送"},
    "contribution-tag": lambda s: {"topic": s.objects["topic"].pk},
    "placement-edit": lambda s: {"page": "改过的版面"},
    "claim-decide": lambda s: {"decision": "verify"},
    "issue-change": lambda s: {"number": "改过的期号", "issue_date": "2026-03-10", "theme": "改"},
    "issue-item-add": lambda s: {"contribution": s.pieces[State.ACCEPTED].pk},
    "issue-item-change": lambda s: {"action": "remove"},
    "topic-edit": lambda s: {"title": "改过的选题", "kind": "other", "starts_on": "2026-03-10", "ends_on": "2026-11-30"},
    "assignment-answer": lambda s: {"contribution": s.pieces[State.PUBLISHED].pk},
    "forward-decide": lambda s: {"decision": "take"},
    "training-detail": lambda s: {"came": [s.objects["writer"].pk]},
}


def desk_pages(side) -> list[tuple[str, str]]:
    """(name, url) of every desk page, objects taken from `side`, with the query strings that name
    other objects too (a unit filter, a piece to log, a search)."""
    pages = []
    for pattern in desk_urls.urlpatterns:
        name = pattern.name
        if name in NOT_WALKED:
            continue
        if name in ARGS:
            pages.append((name, reverse(f"desk:{name}", args=ARGS[name](side))))
        elif name in YEAR_PAGES:
            pages.append((name, reverse(f"desk:{name}", args=[YEAR])))
        elif name == "outlet-detail":  # outlets are everyone's catalogue: the page of the side's outlet
            pages.append((name, reverse("desk:outlet-detail", args=[side.objects["placement"].outlet_id])
                          + f"?year={YEAR}"))
        elif name == "forward-decide":
            forward = side.objects.get("forward")
            if forward is not None:
                pages.append((name, reverse("desk:forward-decide", args=[forward.pk])))
        else:
            pages.append((name, reverse(f"desk:{name}")))
    return pages


def queried_pages(side) -> list[tuple[str, str]]:
    """Lists and forms asked, by query string, for another side's unit, piece or topic, and searches
    for words every side's titles share (稿件)."""
    unit, piece, topic = side.township.pk, side.pieces[State.PUBLISHED].pk, side.objects["topic"].pk
    return [
        ("placement-log", reverse("desk:placement-log") + f"?contribution={piece}"),
        ("placement-log", reverse("desk:placement-log") + "?q=稿件"),
        ("contribution-search", reverse("desk:contribution-search") + "?q=稿件"),
        ("contribution-list", reverse("desk:contribution-list") + f"?q=稿件&unit={unit}"),
        ("placement-list", reverse("desk:placement-list") + f"?q=稿件&unit={unit}"),
        ("placement-export", reverse("desk:placement-export") + f"?unit={unit}"),
        ("statistics", reverse("desk:statistics") + f"?year={YEAR}&unit={unit}&townships=1"),
        ("assignment-list", reverse("desk:assignment-list") + f"?unit={unit}&topic={topic}"),
        ("assignment-new", reverse("desk:assignment-new") + f"?topic={topic}&unit={unit}"),
        ("plan", reverse("desk:plan") + f"?year={YEAR}"),
        ("year-detail", reverse("desk:year-detail", args=[YEAR]) + f"?nominate={piece}"),
        ("issue-detail-search", reverse("desk:issue-list") + "?q=稿件"),
        ("placement-found", reverse("desk:placement-found") + "?q=稿件"),
        ("assignment-detail-search", reverse("desk:assignment-detail", args=[piece]) + "?q=稿件"),
    ]


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_desk_page_of_a_county_shows_nothing_of_a_sibling_or_of_the_city(network):
    a, b, city = network["a"], network["b"], network["city"]
    client = as_user(a.editor)
    opened = 0
    for name, url in desk_pages(a) + queried_pages(b) + queried_pages(city):
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404, 405), (name, url, response.status_code)
        if response.status_code != 200:
            continue
        opened += 1
        text = text_of(response)
        for marker in (b.marker, city.marker):
            assert marker not in text, (name, url, marker)
    # Its own pages do show its own things (the walk is not vacuous).
    assert a.marker in text_of(client.get(reverse("desk:review-queue")))
    assert a.marker in text_of(client.get(reverse("desk:year-export", args=[YEAR])))
    assert opened >= 60


@pytest.mark.parametrize("other", ["b", "city"])
def test_every_desk_page_given_a_sibling_or_the_citys_ids_is_a_404_and_changes_nothing(network, other):
    a, them = network["a"], network[other]
    client = as_user(a.editor)
    before = all_rows()
    refused = 0
    for name, url in desk_pages(them):
        if name not in ARGS and name != "forward-decide":
            continue
        got = client.get(url)
        posted = client.post(url, POSTS.get(name, lambda s: {})(a))
        assert got.status_code in (404, 405), (name, url, got.status_code)
        assert posted.status_code == 404, (name, url, posted.status_code)
        refused += 1
    assert all_rows() == before
    assert refused >= len(ARGS) - 1


def test_the_city_reads_a_countys_pieces_but_acts_only_on_its_own_queue(network):
    a, city = network["a"], network["city"]
    client = as_user(city.editor)
    piece = a.pieces[State.SUBMITTED]
    page = client.get(reverse("desk:contribution-detail", args=[piece.pk]))
    assert page.status_code == 200
    assert "由甲县人大常委会办公室审核" in text_of(page)
    queue = text_of(client.get(reverse("desk:review-queue")))
    assert "甲县稿件（submitted）" not in queue and "市本级稿件（submitted）" in queue  # each in its own queue
    before = all_rows()
    response = client.post(reverse("desk:contribution-move", args=[piece.pk]),
                           {"to_state": State.IN_REVIEW, "seen_state": State.SUBMITTED}, follow=True)
    assert "甲县人大常委会办公室审核" in text_of(response)
    assert all_rows() == before
    # The county sees its own queue.
    assert "甲县稿件（submitted）" in text_of(as_user(a.editor).get(reverse("desk:review-queue")))


def test_a_countys_dropdowns_offer_only_its_networks_units_people_topics_and_outlets_it_owns(network):
    a, b, city = network["a"], network["b"], network["city"]
    client = as_user(a.editor)
    for url in [reverse("desk:assignment-new"), reverse("desk:notice-new"), reverse("desk:contribution-list"),
                reverse("desk:placement-list"), reverse("desk:assignment-list"), reverse("desk:statistics"),
                reverse("desk:issue-list"), reverse("desk:placement-import")]:
        text = text_of(client.get(url))
        assert b.marker not in text and city.marker not in text, url
    units = text_of(client.get(reverse("desk:assignment-new")))
    assert "甲县一镇人大" in units and "甲县人大常委会" in units
    journals = text_of(client.get(reverse("desk:issue-list")))
    assert "《a刊》" in journals and "《b刊》" not in journals and "《city刊》" not in journals


def test_the_navigation_counts_what_waits_for_the_office(network):
    """审 (its queue and what was sent up to it), 报 (claims on its pieces), 逾期 (its assignments)."""
    a, city = network["a"], network["city"]
    assign(brief="逾期的约稿", due_on=timezone.localdate() - datetime.timedelta(days=3), actor=a.editor,
           units=[a.township])
    county = text_of(as_user(a.editor).get(reverse("desk:statistics")))
    town = text_of(as_user(city.editor).get(reverse("desk:statistics")))
    assert 'title="待审核的稿件">审 1<' in county and 'title="待核实的刊发申报">报 1<' in county
    assert 'title="待审核的稿件">审 2<' in town and 'title="待核实的刊发申报">报 1<' in town  # its own and 乙县's sent up
    assert 'title="逾期未交的约稿">逾期 1<' in county and "逾期未交的约稿" not in town


def test_a_county_reads_what_the_city_commissioned_from_its_network_and_a_sibling_does_not(network):
    a, b, city = network["a"], network["b"], network["city"]
    due = timezone.localdate() + datetime.timedelta(days=5)
    (commissioned,) = assign(brief="请甲县报送联络站建设稿件", due_on=due, actor=city.editor, units=[a.township])
    county = as_user(a.editor).get(reverse("desk:assignment-list"))
    listed = county.context["from_above"]
    assert [item.pk for item in listed] == [commissioned.pk]
    text = text_of(county)
    assert "上级机构的约稿" in text and city.office.name in text and "请甲县报送联络站建设稿件" in text
    assert "还有 5 天" in text
    # Read only: the city follows it up; the county cannot open or change it.
    assert as_user(a.editor).get(reverse("desk:assignment-detail", args=[commissioned.pk])).status_code == 404
    sibling = as_user(b.editor).get(reverse("desk:assignment-list"))
    assert sibling.context["from_above"] == [] and "请甲县报送联络站建设稿件" not in text_of(sibling)
    # The city lists it among its own.
    assert commissioned in as_user(city.editor).get(reverse("desk:assignment-list")).context["page"].object_list
