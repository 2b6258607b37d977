"""Demo notices outside admission (the admission demo publishes its own): a past notice
with an answered objection, and one open today for the public page."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from grassroots.accounts.models import User
from grassroots.demo.registry import DemoContext, step
from grassroots.orgs.models import Organization

from . import services
from .models import Objection

BRANCH_CODE = "42122410000102"  # 隆鼎丽都小区党支部


@step("notices.examples", order=45)
def seed_notices(ctx: DemoContext) -> None:
    branch = Organization.objects.filter(code=BRANCH_CODE).first()
    secretary = User.objects.filter(username="longding").first()
    if branch is None or secretary is None:
        return
    past = services.notice_publish(
        actor=secretary,
        organization=branch,
        subject=branch,
        purpose="demo.honours",
        title="关于隆鼎丽都小区党支部2014年度拟表彰优秀共产党员人选的公示",
        body=(
            "经党员推荐、支部委员会研究，拟表彰以下同志为2014年度优秀共产党员：\n"
            "王建华、李秀英、陈志明。\n"
            "公示期内，党员群众如有意见，可向支部或通羊镇党委反映。"
        ),
        starts_on=dt.date(2014, 6, 23),
    )
    objection = Objection.objects.create(
        notice=past,
        reference="DEMO2014A1",
        content="陈志明同志今年参加组织生活次数较少，建议核实。",
        anonymous=True,
        submitted_at=timezone.make_aware(dt.datetime(2014, 6, 25, 9, 30)),
    )
    services.objection_answer(
        actor=secretary,
        objection=objection,
        investigation="查阅支部2014年“三会一课”记录，陈志明同志因外出务工请假两次，其余均按时参加。",
        answer="经核实，所反映情况属请假缺席，不影响表彰。感谢监督。",
    )
    services.notice_publish(
        actor=secretary,
        organization=branch,
        subject=branch,
        purpose="demo.recommendation",
        title="关于隆鼎丽都小区党支部推荐“两优一先”人选的公示",
        body=(
            "根据通羊镇党委通知，经支部党员大会推荐，拟推荐王建华同志为"
            "全县优秀共产党员人选。公示期内，党员群众可通过本页面提出意见，可以匿名。"
        ),
    )
