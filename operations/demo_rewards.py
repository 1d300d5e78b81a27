"""The demo's 奖励 and 新闻奖参评 of last year: 每分 10 元 for people and 5 元 for units, capped at 3,000
元 a person, fixed amounts per award; last year's first 好新闻奖 entered for the provincial award
(二等奖) and another piece shortlisted for the national one."""

from decimal import Decimal

from awards.models import AppraisalYear, Award, AwardReward, NewsAwardEntry, RewardRules
from correspondents.network import root_office

AMOUNTS = [(Award.Category.ADVANCED_UNIT, "", "2000"), (Award.Category.EXCELLENT_CORRESPONDENT, "", "500"),
           (Award.Category.EXCELLENT_INFORMATION_OFFICER, "", "300"),
           (Award.Category.GOOD_NEWS, "first", "800"), (Award.Category.GOOD_NEWS, "second", "500"),
           (Award.Category.GOOD_NEWS, "third", "300"), (Award.Category.EXCELLENT_PAPER, "first", "600"),
           (Award.Category.EXCELLENT_PAPER, "second", "400"), (Award.Category.EXCELLENT_PAPER, "third", "200")]


def seed_rewards(*, year: int) -> None:
    appraisal_year = AppraisalYear.objects.get(year=year, office=root_office())
    rules, created = RewardRules.objects.get_or_create(appraisal_year=appraisal_year, defaults={
        "per_point_person": Decimal("10.00"), "per_point_unit": Decimal("5.00"), "person_cap": Decimal("3000.00"),
        "entry_first": Decimal("1000.00"), "entry_second": Decimal("600.00"), "entry_third": Decimal("300.00"),
        "entry_merit": Decimal("100.00")})
    if created:
        AwardReward.objects.bulk_create([AwardReward(rules=rules, category=category, grade=grade, amount=Decimal(amount))
                                         for category, grade, amount in AMOUNTS])
    works = list(Award.objects.filter(appraisal_year=appraisal_year, category=Award.Category.GOOD_NEWS)
                 .order_by("grade", "pk").values_list("contribution_id", flat=True))
    for contribution, competition, result in zip(works, ["provincial", "national"], ["second", "shortlisted"]):
        NewsAwardEntry.objects.get_or_create(
            contribution_id=contribution, competition=competition, year=year,
            defaults={"office": root_office(), "category": "消息", "result": result,
                      "competition_name": "湖北省人大新闻奖" if competition == "provincial" else ""})
