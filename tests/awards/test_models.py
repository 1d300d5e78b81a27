import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards.models import AppraisalYear, Award, ScoringRules
from awards.services import appraisal_year_get_or_create
from contributions.models import Genre
from tests.factories import AppraisalYearFactory, ContributionFactory, CorrespondentFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_a_new_year_gets_the_default_period_and_rules():
    year = appraisal_year_get_or_create(year=2026)
    assert (str(year.period_start), str(year.period_end)) == ("2026-01-01", "2026-12-31")
    rules = ScoringRules.objects.get(appraisal_year=year)
    assert [str(v) for v in rules.level_points().values()] == ["10.00", "5.00", "2.00", "1.00"]
    assert rules.prominence_factors() == {
        "headline": 2, "front": 1.5, "special": 1.5, "regular": 1, "brief": 0.5,
    }
    factors = rules.genre_factors()
    assert factors["theory"] == factors["research"] == 1.5
    assert {factors[g] for g in Genre.values if g not in ("theory", "research")} == {1}
    assert appraisal_year_get_or_create(year=2026) == year
    assert AppraisalYear.objects.count() == 1


def test_an_award_whose_recipient_does_not_match_its_category_is_refused_by_the_database():
    year = AppraisalYearFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(appraisal_year=year, category=Award.Category.ADVANCED_UNIT,
                             correspondent=CorrespondentFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(appraisal_year=year, category=Award.Category.GOOD_NEWS,
                             contribution=ContributionFactory())  # no grade


def test_award_validation_explains_the_recipient_rules():
    year = AppraisalYearFactory()
    award = Award(appraisal_year=year, category=Award.Category.EXCELLENT_PAPER,
                  contribution=ContributionFactory(genre=Genre.NEWS), grade=Award.Grade.FIRST)
    with pytest.raises(ValidationError) as refused:
        award.full_clean()
    assert "理论文章或调研报告" in str(refused.value)
    award.contribution = ContributionFactory(genre=Genre.THEORY)
    award.full_clean()
    award.save()
    unit_award = Award(appraisal_year=year, category=Award.Category.ADVANCED_UNIT, unit=UnitFactory(),
                       grade=Award.Grade.FIRST)
    with pytest.raises(ValidationError, match="只有好新闻奖和优秀论文设等次"):
        unit_award.full_clean()
