"""A county's correspondent on the portal: every page shows their office's numbers and notices (and
the notices of the offices above, whose network holds them), nothing of a sibling county; a
sibling's piece, attachment or notice is a 404."""

from django.test import Client
from django.urls import reverse

from contributions.models import State
from portal import urls as portal_urls

from .conftest import YEAR, all_rows, text_of

OWN = {
    "contribution-detail": lambda s: [s.pieces[State.PUBLISHED].pk],
    "contribution-edit": lambda s: [s.pieces[State.SUBMITTED].pk],
    "contribution-submit": lambda s: [s.pieces[State.SUBMITTED].pk],
    "claim-new": lambda s: [s.pieces[State.ACCEPTED].pk],
    "attachment-download": lambda s: [s.objects["attachment"].pk],
    "notice-detail": lambda s: [s.objects["notice"].pk],
    "notice-attachment": lambda s: [s.objects["notice_attachment"].pk],
    "sign-off-detail": lambda s: [s.pieces[State.SUBMITTED].pk],
    "training-signup": lambda s: [s.objects["training"].pk],
}


def portal_pages(side) -> list[str]:
    pages = []
    for pattern in portal_urls.urlpatterns:
        args = OWN[pattern.name](side) if pattern.name in OWN else []
        pages.append(reverse(f"portal:{pattern.name}", args=args))
    return pages + [reverse("portal:home") + f"?year={YEAR}", reverse("portal:people-search") + "?q=通讯员"]


def test_a_county_correspondent_sees_nothing_of_a_sibling_county(network):
    a, b = network["a"], network["b"]
    client = Client()
    client.force_login(a.writer.user)
    for url in portal_pages(a):
        response = client.get(url)
        # The writer signs nothing off: their own piece is not theirs to sign (404), the list redirects.
        assert response.status_code in ((404,) if "/sign-off/" in url and url.rstrip("/")[-1].isdigit() else (200, 302)), url
        assert b.marker not in text_of(response), url
    notices = text_of(client.get(reverse("portal:notices")))
    assert "甲县通知" in notices and "市本级通知" in notices  # its office's and the city's, whose network holds it
    home = text_of(client.get(reverse("portal:home") + f"?year={YEAR}"))
    assert "甲县稿件（published）" in home or "3.00" in home


def test_a_sibling_countys_pieces_attachments_and_notices_are_404_to_a_correspondent(network):
    a, b = network["a"], network["b"]
    client = Client()
    client.force_login(a.writer.user)
    before = all_rows()
    for name, args in OWN.items():
        url = reverse(f"portal:{name}", args=args(b))
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"title": "改", "body": "改"}).status_code == 404, url
    assert all_rows() == before
