import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from contributions.models import Authorship, Placement, State
from contributions.services import (
    authorships_set,
    contribution_create,
    placement_create,
    placement_update,
    split_shares,
)
from tests.factories import ColumnFactory, ContributionFactory, CorrespondentFactory, OutletFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def test_the_same_contribution_outlet_and_date_is_refused_by_the_service(editor):
    placement = PlacementFactory()
    with pytest.raises(ValidationError, match="已经登记过了"):
        placement_create(contribution=placement.contribution, outlet=placement.outlet,
                         published_on=placement.published_on, actor=editor)
    assert Placement.objects.count() == 1


def test_the_same_contribution_outlet_and_date_is_refused_by_the_database():
    placement = PlacementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(contribution=placement.contribution, outlet=placement.outlet,
                                 published_on=placement.published_on)


def test_a_column_of_another_outlet_is_refused(editor):
    piece = ContributionFactory(state=State.ACCEPTED)
    foreign_column = ColumnFactory(name="代表风采")
    with pytest.raises(ValidationError) as refused:
        placement_create(contribution=piece, outlet=OutletFactory(), column=foreign_column,
                         published_on=datetime.date(2025, 4, 1), actor=editor)
    assert "不属于所选媒体" in str(refused.value.message_dict["column"])
    assert not piece.placements.exists()
    assert piece.state == State.ACCEPTED


def test_a_column_of_the_outlet_is_accepted(editor):
    column = ColumnFactory()
    piece = ContributionFactory(state=State.ACCEPTED)
    placement = placement_create(contribution=piece, outlet=column.outlet, column=column,
                                 published_on=datetime.date(2025, 4, 1), actor=editor)
    assert placement.column == column


def test_a_future_publication_date_is_refused(editor):
    piece = ContributionFactory(state=State.ACCEPTED)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        placement_create(contribution=piece, outlet=OutletFactory(), published_on=tomorrow, actor=editor)
    assert "不能晚于今天" in str(refused.value.message_dict["published_on"])
    assert not piece.placements.exists()


def test_today_is_a_valid_publication_date(editor):
    piece = ContributionFactory(state=State.ACCEPTED)
    placement_create(contribution=piece, outlet=OutletFactory(), published_on=timezone.localdate(), actor=editor)
    assert piece.placements.count() == 1


def test_moving_a_placement_into_the_future_is_refused(editor):
    placement = PlacementFactory()
    with pytest.raises(ValidationError):
        placement_update(placement=placement, actor=editor,
                         published_on=timezone.localdate() + datetime.timedelta(days=3))
    assert Placement.objects.get(pk=placement.pk).published_on == datetime.date(2025, 5, 1)


def test_deleting_an_outlet_with_placements_is_refused():
    placement = PlacementFactory()
    with pytest.raises(ProtectedError):
        placement.outlet.delete()


def test_deleting_a_correspondent_with_contributions_is_refused():
    author = CorrespondentFactory()
    ContributionFactory(authors=[author])
    with pytest.raises(ProtectedError):
        author.delete()


def test_deleting_a_unit_with_contributions_is_refused():
    piece = ContributionFactory()
    with pytest.raises(ProtectedError):
        piece.credited_unit.delete()


def test_a_correspondent_account_links_to_one_correspondent_only(correspondent):
    with pytest.raises(IntegrityError), transaction.atomic():
        CorrespondentFactory(user=correspondent.user)


def test_default_shares_split_equally_with_the_remainder_to_the_first_author():
    assert [str(s) for s in split_shares(1)] == ["1.00"]
    assert [str(s) for s in split_shares(2)] == ["0.50", "0.50"]
    assert [str(s) for s in split_shares(3)] == ["0.34", "0.33", "0.33"]
    assert [str(s) for s in split_shares(7)] == ["0.16"] + ["0.14"] * 6


def test_a_new_contribution_is_credited_to_its_first_authors_unit(editor):
    first, second = CorrespondentFactory(), CorrespondentFactory()
    piece = contribution_create(title="代表小组活动", authors=[first, second], actor=editor)
    assert piece.credited_unit == first.unit
    assert piece.state == State.DRAFT
    shares = list(Authorship.objects.filter(contribution=piece).order_by("position").values_list("share", flat=True))
    assert [str(s) for s in shares] == ["0.50", "0.50"]


def test_shares_that_do_not_sum_to_one_are_refused():
    piece = ContributionFactory()
    from decimal import Decimal
    with pytest.raises(ValidationError, match="之和应为 1.00"):
        authorships_set(contribution=piece, authors=[CorrespondentFactory(), CorrespondentFactory()],
                        shares=[Decimal("0.50"), Decimal("0.40")])
    assert piece.authorships.count() == 1


def test_the_state_field_is_not_editable_in_forms():
    from contributions.models import Contribution
    assert Contribution._meta.get_field("state").editable is False


def test_a_user_can_be_removed_without_losing_the_history(editor):
    placement = PlacementFactory(logged_by=editor)
    User.objects.filter(pk=editor.pk).delete()
    placement.refresh_from_db()
    assert placement.logged_by is None
