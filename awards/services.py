from django.db import transaction

from .models import AppraisalYear, ScoringRules


def appraisal_year_get_or_create(*, year: int) -> AppraisalYear:
    """The appraisal year, created with the default period and scoring rules if it is new."""
    with transaction.atomic():
        appraisal_year, _ = AppraisalYear.objects.get_or_create(year=year)
        ScoringRules.objects.get_or_create(appraisal_year=appraisal_year)
    return appraisal_year
