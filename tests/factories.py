import datetime

import factory
from django.contrib.auth.models import Group, User
from factory.django import DjangoModelFactory

from awards.models import AppraisalYear, Award, ScoringRules
from contributions.models import Authorship, Contribution, Placement, Transition
from contributions.services import split_shares
from correspondents.models import Correspondent, OfficeStaff, Team, Unit
from correspondents.network import root_office
from outlets.models import Column, Outlet


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("secret-pass-2026")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if extracted:
            # get_or_create: transactional tests flush the groups the migration made.
            user.groups.add(Group.objects.get_or_create(name=extracted)[0])
            if extracted != "通讯员":
                user.is_staff = True
                user.save(update_fields=["is_staff"])

    @factory.post_generation
    def office(user, create, extracted, **kwargs):
        """`office=…`: the office the member of staff works at (without: the only office, if one)."""
        if extracted is not None:
            OfficeStaff.objects.update_or_create(user=user, defaults={"office": extracted})


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试县{n}人大常委会")
    kind = Unit.Kind.COUNTY_CONGRESS


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"宣传小组{n}")
    weekly_target = 2


class CorrespondentFactory(DjangoModelFactory):
    class Meta:
        model = Correspondent

    name = factory.Sequence(lambda n: f"通讯员{n}")
    unit = factory.SubFactory(UnitFactory)
    email = factory.Sequence(lambda n: f"author{n}@example.org")


class OutletFactory(DjangoModelFactory):
    """`internal=True`: owned by the root office (the committee's own journal, bulletin, website)."""

    class Meta:
        model = Outlet

    class Params:
        internal = factory.Trait(owner=factory.LazyFunction(root_office))

    name = factory.Sequence(lambda n: f"《测试日报{n}》")
    level = Outlet.Level.MUNICIPAL
    medium = Outlet.Medium.NEWSPAPER


class ColumnFactory(DjangoModelFactory):
    class Meta:
        model = Column

    outlet = factory.SubFactory(OutletFactory)
    name = factory.Sequence(lambda n: f"栏目{n}")


class ContributionFactory(DjangoModelFactory):
    """A contribution with its byline. `state=` puts it straight into a state, as test data only:
    the code under test moves states through the workflow service."""

    class Meta:
        model = Contribution

    title = factory.Sequence(lambda n: f"人大代表视察民生项目{n}")
    body = "正文第一段。\n\n正文第二段。"
    genre = Contribution.Genre.NEWS
    credited_unit = factory.SubFactory(UnitFactory)

    @classmethod
    def _create(cls, model_class, *args, state=None, authors=None, **kwargs):
        contribution = super()._create(model_class, *args, **kwargs)
        if authors is None:
            authors = [CorrespondentFactory(unit=contribution.credited_unit)]
        for position, (author, share) in enumerate(zip(authors, split_shares(len(authors))), start=1):
            Authorship.objects.create(contribution=contribution, correspondent=author, position=position, share=share)
        if state:
            Contribution.objects.filter(pk=contribution.pk).update(state=state)
            contribution.state = state
        return contribution


class PlacementFactory(DjangoModelFactory):
    class Meta:
        model = Placement

    contribution = factory.SubFactory(ContributionFactory, state=Contribution.State.PUBLISHED)
    outlet = factory.SubFactory(OutletFactory)
    published_on = datetime.date(2025, 5, 1)
    prominence = Placement.Prominence.REGULAR
    page = "第3版"


class TransitionFactory(DjangoModelFactory):
    class Meta:
        model = Transition

    contribution = factory.SubFactory(ContributionFactory)
    from_state = Contribution.State.DRAFT
    to_state = Contribution.State.SUBMITTED


class AppraisalYearFactory(DjangoModelFactory):
    class Meta:
        model = AppraisalYear
        django_get_or_create = ("year", "office")
        skip_postgeneration_save = True

    year = 2025
    office = factory.LazyFunction(root_office)

    @factory.post_generation
    def rules(appraisal_year, create, extracted, **kwargs):
        ScoringRules.objects.get_or_create(appraisal_year=appraisal_year)


class AwardFactory(DjangoModelFactory):
    class Meta:
        model = Award

    appraisal_year = factory.SubFactory(AppraisalYearFactory)
    category = Award.Category.ADVANCED_UNIT
    unit = factory.SubFactory(UnitFactory)

