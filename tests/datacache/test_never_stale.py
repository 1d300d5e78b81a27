"""Never stale: random sequences of writes through every path that can change a number, each
followed by a comparison of every cached number and cached page part with a fresh computation.

Transactional: the cache is only used outside transactions, as on a real server."""

import datetime
import io
import json
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from awards import cached as cached_numbers
from awards.models import AppraisalYear, Award, CountingMode, ScoringRules
from awards.services import (
    appraisal_year_close,
    appraisal_year_get_or_create,
    appraisal_year_reopen,
    award_create,
    award_delete,
    nomination_save,
)
from contributions.models import Contribution, Instruction, Placement, Prominence
from contributions.placement_sheets import HEADERS, import_placements
from contributions.services import contribution_update, placement_create, placement_delete, placement_update
from correspondents.models import Correspondent, Office, Unit
from correspondents.network import root_office
from datacache.cache import bypass
from desk import numbers
from outlets.models import Level, Outlet
from tests.awards import counting_example
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

DAYS = st.dates(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
MESSAGES = re.compile(r'<ul class="messages">.*?</ul>', re.S)


def page(client, url) -> str:
    """The page without what differs from one request to the next (the CSRF token, one-time messages)."""
    return re.sub(r"\s+", " ", MESSAGES.sub("", CSRF.sub("", client.get(url).content.decode())))


class Writes(RuleBasedStateMachine):
    @initialize()
    def city(self):
        call_command("flush", interactive=False, verbosity=0)
        self.data = counting_example.build()
        self.admin = UserFactory(username="stale-admin", role="管理员", is_superuser=True)
        self.client = Client()
        self.client.force_login(self.admin)
        writer = self.data["people"]["a1"]
        writer.user = UserFactory(username="stale-writer", role="通讯员")
        writer.save(update_fields=["user"])
        self.portal = Client()
        self.portal.force_login(writer.user)
        self.today = timezone.localdate()
        # 枝江 (A) runs its own office, with its own rules: its numbers are cached apart from the city's.
        self.root = root_office().pk
        self.county = Office.objects.create(name="枝江市人大常委会办公室", head_unit=self.data["units"]["A"]).pk
        county_year = appraisal_year_get_or_create(year=2025, office=self.county)
        ScoringRules.objects.filter(appraisal_year=county_year).update(county_points=3, municipal_points=4)

    # --- the paths ---------------------------------------------------------------------------
    @rule(piece=st.sampled_from(["Y1", "Y2", "Y3"]), outlet=st.sampled_from(["N", "M", "J", "B", "K"]), day=DAYS,
          prominence=st.sampled_from(Prominence.values), instruction=st.sampled_from(Instruction.values))
    def service_logs_a_placement(self, piece, outlet, day, prominence, instruction):
        try:
            placement_create(contribution=self.data["pieces"][piece], outlet=self.data["outlets"][outlet],
                             published_on=day, prominence=prominence, instruction=instruction, actor=self.admin)
        except Exception:  # a duplicate or a closed year: refused, nothing written
            pass

    @rule(choice=st.integers(0, 50), prominence=st.sampled_from(Prominence.values), day=DAYS)
    def service_corrects_a_placement(self, choice, prominence, day):
        placements = list(Placement.objects.order_by("pk"))
        if placements:
            try:
                placement_update(placement=placements[choice % len(placements)], prominence=prominence,
                                 published_on=day, actor=self.admin)
            except Exception:
                pass

    @rule(choice=st.integers(0, 50))
    def service_deletes_a_placement(self, choice):
        placements = list(Placement.objects.select_related("contribution").order_by("pk"))
        if placements:
            try:
                placement_delete(placement=placements[choice % len(placements)], actor=self.admin)
            except Exception:
                pass

    @rule(outlet=st.sampled_from(["N", "M", "J", "B", "K"]), level=st.sampled_from(Level.values),
          owner=st.sampled_from(["root", "county", None]))
    def admin_changes_an_outlets_level_and_owner(self, outlet, level, owner):
        target = Outlet.objects.get(pk=self.data["outlets"][outlet].pk)
        self.client.post(reverse("admin:outlets_outlet_change", args=[target.pk]), {
            "name": target.name, "level": level, "medium": target.medium,
            "owner": {"root": self.root, "county": self.county, None: ""}[owner],
            "active": "on", "columns-TOTAL_FORMS": "0", "columns-INITIAL_FORMS": "0", "columns-MIN_NUM_FORMS": "0",
            "columns-MAX_NUM_FORMS": "1000"})

    @rule(mode=st.sampled_from(CountingMode.values), website=st.sampled_from(["1.00", "1.20", "2.00"]),
          county=st.booleans())
    def admin_changes_the_scoring_rules(self, mode, website, county):
        rules = ScoringRules.objects.get(appraisal_year__year=2025, appraisal_year__office_id=self.county if county
                                         else self.root)
        form = self.client.get(reverse("admin:awards_scoringrules_change", args=[rules.pk])).context["adminform"].form
        data = {name: ("" if value is None else value) for name, value in form.initial.items()}
        data.update({"counting_mode": mode, "website_factor": website})
        self.client.post(reverse("admin:awards_scoringrules_change", args=[rules.pk]), data)

    @rule(piece=st.sampled_from(["Y1", "Y2", "Y3"]), genre=st.sampled_from(["news", "theory", "photo"]),
          bulk=st.booleans())
    def genre_changes_by_save_or_bulk_update(self, piece, genre, bulk):
        contribution = Contribution.objects.get(pk=self.data["pieces"][piece].pk)
        if bulk:
            Contribution.objects.filter(pk=contribution.pk).update(genre=genre)
        else:
            contribution.genre = genre
            contribution.save()

    @rule(first=st.sampled_from(["0.50", "0.70", "0.90"]))
    def staff_reshares_a_byline(self, first):
        piece = Contribution.objects.get(pk=self.data["pieces"]["Y2"].pk)
        authors = [self.data["people"]["t1"], self.data["people"]["a1"]]
        contribution_update(contribution=piece, actor=self.admin, title=piece.title, body=piece.body, genre=piece.genre,
                            credited_unit=piece.credited_unit, authors=authors,
                            shares=[Decimal(first), Decimal("1.00") - Decimal(first)])

    @rule(first=st.sampled_from(["0.50", "0.60", "0.80"]))
    def shares_are_edited_in_place(self, first):
        """As the admin's byline inline saves them: the rows stay, their shares change."""
        rows = list(Contribution.objects.get(pk=self.data["pieces"]["Y2"].pk).authorships.order_by("position"))
        for row, share in zip(rows, [Decimal(first), Decimal("1.00") - Decimal(first)]):
            row.share = share
            row.save()

    @rule(day=DAYS, outlet=st.sampled_from(["M", "K"]))
    def desk_logs_a_placement(self, day, outlet):
        piece = self.data["pieces"]["Y3"]
        self.client.post(f"{reverse('desk:placement-log')}?contribution={piece.pk}", {
            "contribution": piece.pk, "outlet": self.data["outlets"][outlet].pk, "published_on": day.isoformat(),
            "prominence": "regular", "instruction": ""})

    @rule(day=DAYS, title=st.sampled_from(["导入稿甲", "导入稿乙", "稿件Y1"]))
    def an_import_adds_a_row(self, day, title):
        book = openpyxl.Workbook()
        book.active.append(HEADERS)
        book.active.append([title, "王丽华", "枝江市人大常委会", "消息", "《三峡日报》", day, "", "", "一般", ""])
        buffer = io.BytesIO()
        book.save(buffer)
        import_placements(name="x.xlsx", data=buffer.getvalue(), actor=self.admin)

    @rule(day=DAYS)
    def bulk_create_writes_placements(self, day):
        piece = self.data["pieces"]["Y1"]
        if not Placement.objects.filter(contribution=piece, outlet=self.data["outlets"]["K"], published_on=day).exists():
            Placement.objects.bulk_create([Placement(contribution=piece, outlet=self.data["outlets"]["K"],
                                                     published_on=day)])

    @rule(medium=st.sampled_from(Outlet.Medium.values))
    def queryset_update_changes_media(self, medium):
        Outlet.objects.filter(pk=self.data["outlets"]["N"].pk).update(medium=medium)

    @rule(level=st.sampled_from(Level.values))
    def loaddata_replaces_an_outlet(self, level):
        outlet = Outlet.objects.get(pk=self.data["outlets"]["M"].pk)
        fixture = [{"model": "outlets.outlet", "pk": outlet.pk,
                    "fields": {"name": outlet.name, "level": level, "medium": outlet.medium,
                               "owner": outlet.owner_id, "active": True}}]
        path = f"/tmp/stale-{connection.vendor}-{outlet.pk}.json"
        with open(path, "w") as handle:
            json.dump(fixture, handle)
        call_command("loaddata", path, verbosity=0)

    @rule(head=st.sampled_from(["A", "B", "T"]))
    def the_county_office_moves_to_another_unit(self, head):
        """An office set up over another county (or a township): networks and home offices change."""
        office = Office.objects.get(pk=self.county)
        office.head_unit = self.data["units"][head]
        office.save()

    @rule(points=st.sampled_from(["1.00", "3.00", "6.00"]), internal=st.sampled_from(["0.00", "1.00", "2.50"]))
    def the_county_changes_its_own_rules(self, points, internal):
        ScoringRules.objects.filter(appraisal_year__office_id=self.county).update(
            county_points=Decimal(points), internal_points=Decimal(internal))

    @rule(close=st.booleans(), county=st.booleans())
    def the_year_closes_or_reopens(self, close, county):
        year = AppraisalYear.objects.get(year=2025, office_id=self.county if county else self.root)
        try:
            if close:
                appraisal_year_close(appraisal_year=year, actor=self.admin)
            else:
                appraisal_year_reopen(appraisal_year=year, actor=self.admin)
        except Exception:  # already so
            pass

    @rule(prominence=st.sampled_from(Prominence.values))
    def raw_sql_changes_a_prominence(self, prominence):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE contributions_placement SET prominence = %s WHERE id = "
                           "(SELECT MIN(id) FROM contributions_placement)", [prominence])

    @rule(township_under_b=st.booleans(), kind=st.sampled_from(Correspondent.Kind.values))
    def units_and_people_move(self, township_under_b, kind):
        township = Unit.objects.get(pk=self.data["units"]["T"].pk)
        township.parent = self.data["units"]["B" if township_under_b else "A"]
        township.save()
        Correspondent.objects.filter(pk=self.data["people"]["b1"].pk).update(kind=kind)

    @rule(piece=st.sampled_from(["Y1", "Y2", "Y3"]), quality=st.sampled_from(["one", "two", ""]), award=st.booleans(),
          county=st.booleans())
    def nominations_and_awards(self, piece, quality, award, county):
        year = AppraisalYear.objects.get(year=2025, office_id=self.county if county else self.root)
        contribution = self.data["pieces"][piece]
        try:
            nomination_save(appraisal_year=year, category="good_news", contribution=contribution, quality=quality,
                            actor=self.admin)
            existing = Award.objects.filter(appraisal_year=year, contribution=contribution).first()
            if award and existing is None:
                award_create(appraisal_year=year, category="good_news", contribution=contribution, grade="first",
                             actor=self.admin)
            elif existing is not None:
                award_delete(award=existing, actor=self.admin)
        except Exception:  # a closed year or a piece not placed this year
            pass

    # --- what must hold after every step ------------------------------------------------------
    @invariant()
    def cached_numbers_equal_a_fresh_computation(self):
        if not hasattr(self, "data"):
            return
        for office in (None, self.root, self.county):
            computations = [
                lambda: cached_numbers.tallies(2025, office=office), lambda: cached_numbers.candidates(2025, office=office),
                lambda: cached_numbers.candidates(2025, office=office, papers_only=True, order="quality"),
                lambda: cached_numbers.awards(2025, office=office), lambda: cached_numbers.year_page(2025, office=office),
                lambda: numbers.statistics(2025, self.today, office=office),
            ]
            for compute in computations:
                cached = compute()
                with bypass():
                    fresh = compute()
                assert cached == fresh, office

    @invariant()
    def cached_page_parts_equal_a_fresh_render(self):
        if not hasattr(self, "data"):
            return
        pages = [(self.portal, reverse("portal:home") + "?year=2025")]
        for office in (self.root, self.county):  # the superuser's desk, at each office in turn
            pages += [
                (self.client, reverse("desk:statistics") + f"?year=2025&office={office}"),
                (self.client, reverse("desk:statistics") + f"?year=2025&townships=1&office={office}"),
                (self.client, reverse("desk:year-detail", args=[2025]) + f"?office={office}"),
            ]
        for client, url in pages:
            cached = page(client, url)
            with bypass():
                fresh = page(client, url)
            assert cached == fresh, url


Writes.TestCase.settings = settings(max_examples=6, stateful_step_count=10, deadline=None,
                                    suppress_health_check=list(HealthCheck))


def test_cached_numbers_and_pages_are_never_stale(transactional_db):
    Writes.TestCase("runTest").runTest()
