"""The demo's 审签: the city's 法制工作委员会 asks for its leader's sign-off; 周主任 signs (demo login
`lingdao`); one piece of the committee was signed off and went on to the office, one waits for him."""

from django.contrib.auth.models import User

from contributions.models import Contribution, State
from contributions.services import contribution_create, contribution_transition
from correspondents.models import Correspondent, Unit

SIGNING_UNIT = "市人大常委会法制工作委员会"
SIGNED = "市人大常委会法工委开展地方性法规立法后评估"
WAITING = "市人大常委会法工委就物业管理条例草案征求基层意见"


def seed_sign_off(*, signer_account: User, editor: User) -> None:
    unit = Unit.objects.get(name=SIGNING_UNIT)
    Unit.objects.filter(pk=unit.pk).update(sign_off=True)
    signer, _ = Correspondent.objects.get_or_create(
        name="周主任", unit=unit, defaults={"signs_off": True, "user": signer_account, "phone": "13907170099",
                                          "email": "zhouzhuren@example.org"})
    author = Correspondent.objects.filter(unit=unit).exclude(pk=signer.pk).order_by("pk").first()
    for title, signed in ((SIGNED, True), (WAITING, False)):
        if Contribution.objects.filter(title=title).exists():
            continue
        piece = contribution_create(title=title, genre="news", authors=[author], actor=editor, credited_unit=unit,
                                    body=f"{title}。\n\n法工委组织座谈，听取基层立法联系点和人大代表的意见建议。\n\n（{author.name}）")
        contribution_transition(contribution=piece, to_state=State.AWAITING_SIGN_OFF, actor=editor)
        if signed:
            contribution_transition(contribution=piece, to_state=State.SUBMITTED, actor=signer_account)
