"""A believable city for demonstrations and trying things out. Safe to run again: it adds only
what is missing, so a second run leaves the data as the first left it."""

import datetime
import random

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from awards.models import AppraisalYear, Award
from awards.selectors import correspondent_tallies, unit_tallies, work_candidates
from awards.services import appraisal_year_get_or_create, award_create
from awards.years import resolve_year
from awards.years import this_year as current_appraisal_year
from contributions.models import Contribution, Genre, Placement, PlacementClaim, Prominence, State, Transition
from contributions.services import contribution_create, contribution_transition, placement_create
from correspondents import roles
from correspondents.models import Correspondent, Office, Team, Unit
from correspondents.network import root_office
from messaging.models import Message
from operations.demo_counting import seed_counting
from operations.demo_figures import seed_figures
from operations.demo_liaison import seed_liaison
from operations.demo_offices import (
    COUNTY_OFFICE,
    join_office,
    reviewer_of,
    seed_county_network,
    seed_county_office,
)
from operations.demo_planning import seed_planning
from operations.demo_rewards import seed_rewards
from operations.demo_sign_off import seed_sign_off
from operations.demo_training import seed_training
from operations.roles import sync_roles
from outlets.models import Column, Level, Outlet

DEMO_LOGINS = [
    # username, password, role, display name
    ("admin", "demo-admin-2026", roles.ADMINISTRATOR, "管理员（研究室主任）"),
    ("editor", "demo-editor-2026", roles.EDITOR, "编辑（宣传处）"),
    ("tongxunyuan", "demo-tongxun-2026", roles.CORRESPONDENT, "通讯员 张晓明（枝江市人大常委会）"),
    ("zhijiang", "demo-zhijiang-2026", roles.EDITOR, "编辑（枝江市人大常委会办公室）"),
    ("lingdao", "demo-lingdao-2026", roles.CORRESPONDENT, "审签人 周主任（市人大常委会法制工作委员会）"),
]
# The office each member of staff works at (the city's when not named here).
DEMO_OFFICES = {"zhijiang": COUNTY_OFFICE}

COUNTIES = ["枝江市", "宜都市", "当阳市", "远安县", "秭归县", "长阳土家族自治县", "五峰土家族自治县", "夷陵区"]
TOWNSHIPS = {
    "枝江市": ["安福寺镇", "马家店街道"],
    "宜都市": ["红花套镇", "陆城街道"],
    "当阳市": ["玉阳街道", "河溶镇"],
    "远安县": ["鸣凤镇"],
    "秭归县": ["茅坪镇"],
    "长阳土家族自治县": ["龙舟坪镇"],
    "五峰土家族自治县": ["渔洋关镇"],
    "夷陵区": ["小溪塔街道", "龙泉镇"],
}
OFFICES = ["市人大常委会研究室", "市人大常委会办公室", "市人大常委会法制工作委员会", "市人大常委会代表工作委员会"]
NEWS_ORGANISATIONS = ["三峡日报社", "宜昌广播电视台"]

OUTLETS = [
    # name, level, medium, owned by the city's office (its 内部刊物), columns
    ("《中国人大》杂志", Level.NATIONAL, Outlet.Medium.MAGAZINE, False, ["地方人大", "代表风采"]),
    ("中国人大网", Level.NATIONAL, Outlet.Medium.WEBSITE, False, ["地方人大动态"]),
    ("《人民代表报》", Level.NATIONAL, Outlet.Medium.NEWSPAPER, False, []),
    ("《湖北日报》", Level.PROVINCIAL, Outlet.Medium.NEWSPAPER, False, ["民主法治"]),
    ("《楚天主人》杂志", Level.PROVINCIAL, Outlet.Medium.MAGAZINE, False, ["基层之窗", "代表风采"]),
    ("湖北人大网", Level.PROVINCIAL, Outlet.Medium.WEBSITE, False, ["市州动态"]),
    ("湖北日报客户端", Level.PROVINCIAL, Outlet.Medium.NEW_MEDIA, False, []),
    ("《三峡日报》", Level.MUNICIPAL, Outlet.Medium.NEWSPAPER, False, ["人大论坛", "代表风采", "民主与法制"]),
    ("《三峡晚报》", Level.MUNICIPAL, Outlet.Medium.NEWSPAPER, False, []),
    # The committee's own website: 内部刊物, as the statistics page explains (本会自办刊物、信息、网站).
    ("宜昌人大网", Level.MUNICIPAL, Outlet.Medium.WEBSITE, True, ["工作动态", "县市区人大"]),
    ("宜昌广播电视台", Level.MUNICIPAL, Outlet.Medium.TV, False, ["宜昌新闻"]),
    ("《宜昌人大》", Level.MUNICIPAL, Outlet.Medium.MAGAZINE, True, ["工作研究", "代表之声", "基层人大"]),
    ("枝江融媒", Level.COUNTY, Outlet.Medium.NEW_MEDIA, False, []),
    ("宜都新闻网", Level.COUNTY, Outlet.Medium.WEBSITE, False, []),
    ("当阳广播电视台", Level.COUNTY, Outlet.Medium.TV, False, []),
    ("夷陵发布", Level.COUNTY, Outlet.Medium.NEW_MEDIA, False, []),
]

SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范"
GIVEN = ["晓明", "建国", "丽华", "志强", "海燕", "文静", "国庆", "红梅", "家豪", "思远", "雪梅", "立新",
         "春兰", "德胜", "玉兰", "子涵", "明辉", "秀英", "俊杰", "晓燕", "永红", "桂芳", "卫东", "静怡"]

TOPICS = [
    ("开展优化营商环境专题调研", Genre.NEWS),
    ("听取和审议“八五”普法规划实施情况报告", Genre.NEWS),
    ("组织代表视察乡村振兴重点项目", Genre.NEWS),
    ("代表联络站里的民生账", Genre.FEATURE),
    ("一位基层人大代表的履职日记", Genre.FEATURE),
    ("让代表建议“落地有声”", Genre.COMMENTARY),
    ("关于提升基层人大监督实效的思考", Genre.THEORY),
    ("新时代县级人大预算审查监督的实践与探索", Genre.THEORY),
    ("关于农村饮水安全工作情况的调研报告", Genre.RESEARCH),
    ("关于长江大保护执法检查的调研报告", Genre.RESEARCH),
    ("开展全过程人民民主基层实践", Genre.NEWS),
    ("镜头里的人大代表", Genre.PHOTO),
    ("人大代表进社区微视频", Genre.VIDEO),
    ("召开常委会会议审议多项议题", Genre.BRIEF),
    ("推动民生实事项目票决制落地", Genre.NEWS),
    ("代表小组活动走深走实", Genre.FEATURE),
]

# How placements spread over levels and prominences, roughly as the field reports them.
LEVEL_WEIGHTS = {Level.NATIONAL: 4, Level.PROVINCIAL: 20, Level.MUNICIPAL: 50, Level.COUNTY: 26}
PROMINENCE_WEIGHTS = {
    Prominence.HEADLINE: 4, Prominence.FRONT: 8, Prominence.SPECIAL: 6, Prominence.REGULAR: 70, Prominence.BRIEF: 12,
}
# The states pieces that did not (yet) run are left in.
UNPUBLISHED_STATES = [State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.RETURNED, State.ACCEPTED, State.REJECTED]
PATH_TO = {
    State.DRAFT: [],
    State.SUBMITTED: [(State.SUBMITTED, "")],
    State.IN_REVIEW: [(State.SUBMITTED, ""), (State.IN_REVIEW, "")],
    State.RETURNED: [(State.SUBMITTED, ""), (State.IN_REVIEW, ""), (State.RETURNED, "请补充具体数据和代表的原话，压缩到一千字以内。")],
    State.ACCEPTED: [(State.SUBMITTED, ""), (State.IN_REVIEW, ""), (State.ACCEPTED, "")],
    State.REJECTED: [(State.SUBMITTED, ""), (State.IN_REVIEW, ""), (State.REJECTED, "与已录用稿件内容重复。")],
}


def citation(row) -> str:
    """What an award's citation says of the year: pieces and placements, each by its own word."""
    return f"全年稿件 {row.pieces} 篇（用稿 {row.total} 次），积分 {row.points}"


class Command(BaseCommand):
    help = "填充演示数据（一个地级市的人大宣传网络）。可重复运行，只补充缺少的数据。"

    def handle(self, *args, **options):
        rng = random.Random(20261126)
        # Demo pieces move through the workflow too; their authors need no message about it: what the
        # seeding writes to the outbox is removed with the transaction's last step, never sent.
        quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
                                  MESSAGES_DELIVER_AT_ONCE=False)
        with quiet, transaction.atomic():
            last_message = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            sync_roles()
            units = self.seed_units()
            seed_county_office()  # before anything is reviewed: 枝江's pieces are reviewed by 枝江
            users = self.seed_users()
            teams = self.seed_teams()
            correspondents = self.seed_correspondents(rng, units, teams, users)
            outlets = self.seed_outlets()
            this_year = current_appraisal_year()
            for year in (this_year - 1, this_year):
                appraisal_year_get_or_create(year=year)
            self.seed_contributions(rng, correspondents, outlets, users["editor"], this_year)
            seed_counting(editor=users["editor"], this_year=this_year)
            seed_planning(editor=users["editor"], this_year=this_year)
            self.seed_awards(this_year - 1)
            seed_rewards(year=this_year - 1)
            self.seed_claim(outlets)
            seed_county_network(city_editor=users["editor"], county_editor=users["zhijiang"], this_year=this_year)
            seed_sign_off(signer_account=users["lingdao"], editor=users["editor"])
            seed_liaison(this_year=this_year)
            seed_training(editor=users["editor"], this_year=this_year)
            last_year = resolve_year(this_year - 1)
            seed_figures(first=last_year.start, last=last_year.end)
            Message.objects.filter(pk__gt=last_message).delete()
        self.print_logins()

    def seed_users(self) -> dict[str, User]:
        users = {}
        for username, password, role, display_name in DEMO_LOGINS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": display_name, "is_staff": role != roles.CORRESPONDENT,
                          "email": f"{username}@example.org"},
            )
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get(name=role))
            if role != roles.CORRESPONDENT:
                office = DEMO_OFFICES.get(username)
                join_office(user, Office.objects.get(name=office) if office else root_office())
            users[username] = user
        return users

    def seed_units(self) -> list[Unit]:
        units = []
        # Listed in the administrative order the office uses (sort_order), not by name.
        for order, county in enumerate(COUNTIES, start=1):
            parent, _ = Unit.objects.get_or_create(
                name=f"{county}人大常委会", defaults={"kind": Unit.Kind.COUNTY_CONGRESS, "sort_order": order}
            )
            units.append(parent)
            for township_order, township in enumerate(TOWNSHIPS[county], start=1):
                suffix = "人大工委" if township.endswith("街道") else "人大"
                unit, _ = Unit.objects.get_or_create(
                    name=f"{county}{township}{suffix}",
                    defaults={"kind": Unit.Kind.TOWNSHIP_CONGRESS, "parent": parent, "sort_order": township_order},
                )
                units.append(unit)
        for order, name in enumerate(OFFICES, start=1):
            units.append(Unit.objects.get_or_create(name=name, defaults={"kind": Unit.Kind.OFFICE_DEPARTMENT,
                                                                         "sort_order": order})[0])
        for name in NEWS_ORGANISATIONS:
            units.append(Unit.objects.get_or_create(name=name, defaults={"kind": Unit.Kind.NEWS_ORGANISATION})[0])
        return units

    def seed_teams(self) -> list[Team]:
        spec = [("第一宣传小组", 3), ("第二宣传小组", 2), ("理论研究小组", None)]
        return [Team.objects.get_or_create(name=name, defaults={"weekly_target": target})[0] for name, target in spec]

    def seed_correspondents(self, rng, units, teams, users) -> list[Correspondent]:
        correspondents = []
        demo_unit = Unit.objects.get(name="枝江市人大常委会")
        demo, _ = Correspondent.objects.get_or_create(
            name="张晓明", unit=demo_unit,
            defaults={"team": teams[0], "phone": "13907170001", "email": "zhangxiaoming@example.org",
                      "annual_quota": 12, "user": users["tongxunyuan"]},
        )
        correspondents.append(demo)
        names = [f"{surname}{given}" for surname in SURNAMES for given in GIVEN]
        rng.shuffle(names)
        used = {("张晓明", demo_unit.pk)}
        index = 0
        for unit in units:
            # County congresses and the research office have several correspondents, townships one or two.
            count = 4 if unit.kind in (Unit.Kind.COUNTY_CONGRESS,) or unit.name == "市人大常委会研究室" else rng.choice([1, 2])
            for _ in range(count):
                name = names[index]
                index += 1
                if (name, unit.pk) in used:
                    continue
                used.add((name, unit.pk))
                kind = Correspondent.Kind.RESEARCHER if unit.kind == Unit.Kind.OFFICE_DEPARTMENT and rng.random() < 0.5 \
                    else rng.choice([Correspondent.Kind.CORRESPONDENT, Correspondent.Kind.INFORMATION_OFFICER])
                correspondent, _ = Correspondent.objects.get_or_create(
                    name=name, unit=unit,
                    defaults={
                        "kind": kind,
                        "team": rng.choice([*teams, None, None]),
                        "phone": f"139{rng.randrange(10_000_000, 99_999_999)}",
                        "annual_quota": rng.choice([0, 5, 8, 10, 15]),
                    },
                )
                correspondents.append(correspondent)
        return correspondents

    def seed_outlets(self) -> list[Outlet]:
        outlets = []
        city = root_office()
        for name, level, medium, owned, columns in OUTLETS:
            outlet, created = Outlet.objects.get_or_create(
                name=name, defaults={"level": level, "medium": medium, "owner": city if owned else None}
            )
            if owned and outlet.owner_id is None:  # a demo seeded before the website was the city's own
                Outlet.objects.filter(pk=outlet.pk).update(owner=city)
                outlet.owner = city
            for column in columns:
                Column.objects.get_or_create(outlet=outlet, name=column)
            outlets.append(outlet)
        return outlets

    def seed_contributions(self, rng, correspondents, outlets, editor, this_year) -> None:
        today = timezone.localdate()
        by_level = {level: [o for o in outlets if o.level == level] for level in Level.values}
        columns = {}
        for column in Column.objects.all():
            columns.setdefault(column.outlet_id, []).append(column)
        # A few busy correspondents write most of the pieces, as in the field.
        weights = [12 if i < 5 else 4 if i < 15 else 1 for i in range(len(correspondents))]
        for year in (this_year - 1, this_year):
            last_day = today if year == this_year else datetime.date(year, 12, 31)
            first_day = datetime.date(year, 1, 1)
            span = (last_day - first_day).days
            for number in range(90 if year < this_year else 75):
                # One generator per piece, so skipping a piece that exists leaves the others unchanged.
                rng = random.Random(f"{year}-{number}")
                first_author = rng.choices(correspondents, weights=weights)[0]
                topic, genre = rng.choice(TOPICS)
                place = first_author.unit.name.removesuffix("人大常委会").removesuffix("人大工委").removesuffix("人大")
                title = f"{place}{topic}（{year}-{number + 1:03d}）"
                authors = [first_author]
                if rng.random() < 0.2:
                    co_author = rng.choice(correspondents)
                    if co_author != first_author:
                        authors.append(co_author)
                written_on = first_day + datetime.timedelta(days=rng.randrange(span + 1))
                published = rng.random() < 0.75 and written_on < last_day
                target = State.PUBLISHED if published else rng.choice(UNPUBLISHED_STATES)
                if Contribution.objects.filter(title=title).exists():
                    continue
                contribution = contribution_create(
                    title=title,
                    body=f"{title}。\n\n近日，{first_author.unit.name}围绕中心工作，依法履职，取得了实效。\n\n（{first_author.name}）",
                    genre=genre,
                    authors=authors,
                    actor=first_author.user or editor,
                )
                written_at = timezone.make_aware(datetime.datetime.combine(written_on, datetime.time(9)))
                Contribution.objects.filter(pk=contribution.pk).update(created_at=min(written_at, timezone.now()))
                steps = PATH_TO[State.ACCEPTED] if target == State.PUBLISHED else PATH_TO[target]
                reviewer = reviewer_of(contribution, editor)  # the editor of the piece's home office
                for to_state, note in steps:
                    contribution_transition(contribution=contribution, to_state=to_state, actor=reviewer, note=note)
                # The review happened in the days after writing, not at the moment of seeding.
                Transition.objects.filter(contribution=contribution).update(
                    created_at=min(written_at + datetime.timedelta(days=1), timezone.now())
                )
                if target != State.PUBLISHED:
                    continue
                placements = 1 + (rng.random() < 0.35) + (rng.random() < 0.1)
                for _ in range(placements):
                    level = rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0]
                    outlet = rng.choice(by_level[level])
                    published_on = min(last_day, written_on + datetime.timedelta(days=rng.randrange(1, 20)))
                    if Placement.objects.filter(contribution=contribution, outlet=outlet, published_on=published_on).exists():
                        continue
                    column = rng.choice(columns[outlet.pk]) if outlet.pk in columns and rng.random() < 0.6 else None
                    placement_create(
                        contribution=contribution,
                        outlet=outlet,
                        column=column,
                        published_on=published_on,
                        edition=f"第{rng.randrange(1, 300)}期",
                        page=f"第{rng.randrange(1, 12)}版",
                        prominence=rng.choices(list(PROMINENCE_WEIGHTS), weights=list(PROMINENCE_WEIGHTS.values()))[0],
                        actor=reviewer,
                    )

    def seed_awards(self, year: int) -> None:
        """Winners as an office would pick them: the top of last year's rankings."""
        appraisal_year = AppraisalYear.objects.get(year=year, office=root_office())
        if appraisal_year.awards.exists():
            return
        resolved = resolve_year(year)
        for row in unit_tallies(resolved.rules, resolved.start, resolved.end)[:2]:
            award_create(appraisal_year=appraisal_year, category=Award.Category.ADVANCED_UNIT, actor=None,
                         unit=Unit.objects.get(pk=row.id), citation=citation(row))
        for row in correspondent_tallies(resolved.rules, resolved.start, resolved.end)[:3]:
            award_create(appraisal_year=appraisal_year, category=Award.Category.EXCELLENT_CORRESPONDENT, actor=None,
                         correspondent=Correspondent.objects.get(pk=row.id),
                         citation=citation(row))
        grades = [Award.Grade.FIRST, Award.Grade.SECOND, Award.Grade.THIRD]
        papers = work_candidates(resolved, papers_only=True)[:2]
        paper_ids = {paper.id for paper in papers}
        news = [work for work in work_candidates(resolved) if work.id not in paper_ids][:3]
        for category, works in [(Award.Category.GOOD_NEWS, news), (Award.Category.EXCELLENT_PAPER, papers)]:
            for grade, work in zip(grades, works):
                award_create(appraisal_year=appraisal_year, category=category, actor=None, grade=grade,
                             contribution=Contribution.objects.get(pk=work.id))

    def seed_claim(self, outlets) -> None:
        """One placement reported by the demo correspondent, waiting for the office to verify."""
        demo = Correspondent.objects.get(name="张晓明", unit__name="枝江市人大常委会")
        piece = Contribution.objects.authored_by(demo).filter(state__in=[State.ACCEPTED, State.PUBLISHED]).order_by("state", "pk").first()
        if piece is None or PlacementClaim.objects.filter(contribution=piece).exists():
            return
        PlacementClaim.objects.create(contribution=piece, claimed_by=demo, outlet=outlets[5],
                                      published_on=timezone.localdate(), page="网站首页",
                                      url="https://www.hppc.gov.cn/")

    def print_logins(self) -> None:
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。登录 http://127.0.0.1:8000/ （编辑进入工作台，通讯员进入门户；后台 /admin/）："))
        for username, password, role, display_name in DEMO_LOGINS:
            self.stdout.write(f"  {role:　<4} 用户名 {username:<12} 密码 {password:<18} {display_name}")
