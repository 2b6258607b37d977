"""The case's documents, its public notices and ballots (through the notices and ballots
apps), and probation within the party (留党察看) records that bar sponsoring."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from grassroots.core import scoping
from grassroots.core.audit import log_action
from grassroots.core.errors import RuleViolation
from grassroots.members.models import Member

from ..guards import NOTICE_BEFORE_STEP, POINTS, point_required, resolution_lapsed, used_ids
from ..models import AdmissionCase, CaseDocument, DisciplinaryProbation, DocumentKind
from ..rulebook import cn, policy_1443
from ..workflow import APPROVE, COUNTY, DISCIPLINE, MANAGE
from .base import lock, required_text, today

ALLOWED_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".ofd"}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@transaction.atomic
def case_document_upload(
    *, actor: Any, case: AdmissionCase, kind: str, file: UploadedFile, note: str = ""
) -> CaseDocument:
    """Add a document to the case's file (stored through Django storage). Anyone who
    acts on the case (branch, committee, county department) may add one."""
    case = lock(case)
    if not any(scoping.covers(actor, p, case.organization) for p in (MANAGE, APPROVE, COUNTY)):
        scoping.require(actor, MANAGE, case.organization)
    if case.archived_on:
        raise RuleViolation(
            _("档案已于%(date)s归档，不能再添加材料。") % {"date": cn(case.archived_on)},
            rule="admission.archived",
        )
    if kind not in DocumentKind.values:
        raise RuleViolation(_("请选择材料类别。"), rule="admission.choice", field="kind")
    name = PurePath(file.name or "").name
    if PurePath(name).suffix.lower() not in ALLOWED_EXTENSIONS:
        raise RuleViolation(
            _("只能上传 PDF、图片（JPG/PNG）、Word 或 OFD 文件。"),
            rule="admission.document_type",
            field="file",
        )
    if (file.size or 0) > MAX_DOCUMENT_BYTES:
        raise RuleViolation(_("文件不能超过20MB。"), rule="admission.document_size", field="file")
    doc = CaseDocument(
        case=case,
        kind=kind,
        filename=name[:200],
        size=file.size or 0,
        note=note.strip(),
        uploaded_by=actor,
    )
    doc.file.save(name, file, save=False)
    doc.save()
    log_action(
        actor=actor,
        action="admission.case.document_upload",
        obj=case,
        data={"kind": DocumentKind(kind).label, "filename": doc.filename},
    )
    return doc


def _point_open(case: AdmissionCase, point_key: str, after: int) -> None:
    point = POINTS[point_key]
    if not point_required(point):
        raise RuleViolation(
            _("本县未实行“1443”工作法，%(point)s不需要公示或票决。") % {"point": point.label},
            rule="admission.policy_off",
        )
    if case.state != point.state or not case.is_done(after) or case.archived_on:
        raise RuleViolation(
            _("现在还不能为“%(point)s”发布公示或组织表决。") % {"point": point.label},
            rule="admission.point_not_open",
        )


def notice_text(case: AdmissionCase, point_key: str) -> tuple[str, str]:
    point = POINTS[point_key]
    county = settings.GRASSROOTS.get("COUNTY_NAME", "")
    title = _("关于%(name)s%(point)s的公示") % {"name": case.name, "point": point.label}
    body = _(
        "经%(org)s研究，拟对%(name)s（%(sex)s，%(birth)s出生，%(unit)s）办理“%(point)s”，现予公示。"
        "公示期间，党员和群众可通过本页面或来信来访反映情况和意见。反映问题应实事求是，"
        "以个人名义反映的请写明真实姓名和联系方式。%(county)s"
    ) % {
        "org": case.organization.name,
        "name": case.name,
        "sex": case.get_sex_display(),
        "birth": f"{case.birth_date.year}年{case.birth_date.month}月",
        "unit": case.work_unit or case.organization.short_name or case.organization.name,
        "point": point.label,
        "county": county,
    }
    return str(title), str(body)


@transaction.atomic
def case_notice_publish(
    *,
    actor: Any,
    case: AdmissionCase,
    point: str,
    starts_on: dt.date | None = None,
    title: str = "",
    body: str = "",
) -> Any:
    """Publish the case's public notice (公示) for a key point through the notices app.
    A notice a finished step already relied on (before an extension of probation) is
    withdrawn first, so the new round gets its own notice. The notices app writes the
    audit entries."""
    from grassroots.notices.models import NoticeStatus
    from grassroots.notices.selectors import latest_notice
    from grassroots.notices.services import notice_publish, notice_withdraw

    case = lock(case)
    scoping.require(actor, MANAGE, case.organization)
    p = POINTS[point]
    _point_open(case, point, p.notice_after)
    if case.is_done(NOTICE_BEFORE_STEP[point]):
        raise RuleViolation(
            _("“%(point)s”的公示已经办结。") % {"point": p.label}, rule="admission.point_not_open"
        )
    stale = latest_notice(case, purpose=p.purpose)
    if (
        stale is not None
        and stale.status == NoticeStatus.PUBLISHED
        and stale.pk in used_ids(case, "notices")
    ):
        notice_withdraw(actor=actor, notice=stale, reason=_("上一轮公示已办结，本轮重新公示。"))
    default_title, default_body = notice_text(case, point)
    return notice_publish(
        actor=actor,
        organization=case.organization,
        subject=case,
        purpose=p.purpose,
        title=title.strip() or default_title,
        body=body.strip() or default_body,
        starts_on=starts_on,
    )


@transaction.atomic
def case_ballot_create(
    *,
    actor: Any,
    case: AdmissionCase,
    point: str,
    meeting_date: dt.date | None = None,
    method: str | None = None,
) -> Any:
    """Prepare the anonymous ballot of a key point in the ballots app. At the branch
    general meeting (steps 15 and 23) the statutory rule applies; the 1443 ballots at the
    activist and candidate points use the county's majority rule. Under 1443 mass
    representatives vote too (published beside the members' votes)."""
    from grassroots.ballots.models import VotingMethod
    from grassroots.ballots.rules import POLICY_MAJORITY, STATUTORY_BRANCH_MEETING
    from grassroots.ballots.services import ballot_create

    case = lock(case)
    scoping.require(actor, MANAGE, case.organization)
    p = POINTS[point]
    _point_open(case, point, p.ballot_after)
    if case.is_done(p.step) and not (point == "probationary" and _lapsed(case)):
        raise RuleViolation(
            _("“%(point)s”已经表决通过。") % {"point": p.label}, rule="admission.point_not_open"
        )
    if meeting_date and meeting_date < today():
        raise RuleViolation(
            _("表决日期不能早于今天。"), rule="admission.date_order", field="meeting_date"
        )
    title = _("%(org)s关于%(name)s%(point)s的表决") % {
        "org": case.organization.short_name or case.organization.name,
        "name": case.name,
        "point": p.label,
    }
    question = _("同意%(point)s：%(name)s") % {"point": p.label, "name": case.name}
    return ballot_create(
        actor=actor,
        organization=case.organization,
        subject=case,
        purpose=p.purpose,
        title=str(title),
        questions=[str(question)],
        rule=STATUTORY_BRANCH_MEETING if p.statutory else POLICY_MAJORITY,
        include_masses=policy_1443(),
        threshold=None if p.statutory else settings.GRASSROOTS.get("ADMISSION_BALLOT_THRESHOLD"),
        meeting_date=meeting_date,
        method=method or VotingMethod.MIXED,
    )


def _lapsed(case: AdmissionCase) -> bool:
    return resolution_lapsed(case, today())


# --- probation within the party (留党察看) ----------------------------------------------------


@transaction.atomic
def discipline_record(
    *, actor: Any, member: Member, started_on: dt.date, months: int, decision: str
) -> DisciplinaryProbation:
    """Record that a member is on probation within the party (留党察看, one or two
    years); until their rights are restored they cannot sponsor an applicant."""
    scoping.require(actor, DISCIPLINE, member.organization)
    decision = required_text(decision, field="decision", label=_("处分决定"))
    if months not in (12, 24):
        raise RuleViolation(
            _("留党察看期为一年或二年。"), rule="admission.discipline_months", field="months"
        )
    if started_on > today():
        raise RuleViolation(
            _("处分日期不能晚于今天。"), rule="admission.date_future", field="started_on"
        )
    if DisciplinaryProbation.objects.filter(member=member, restored_on__isnull=True).exists():
        raise RuleViolation(
            _("%(name)s已有一项尚未恢复党员权利的留党察看记录。") % {"name": member.name},
            rule="admission.discipline_open",
        )
    row = DisciplinaryProbation.objects.create(
        member=member, started_on=started_on, months=months, decision=decision, recorded_by=actor
    )
    log_action(
        actor=actor,
        action="admission.discipline.record",
        obj=row,
        organization=member.organization,
        object_repr=member.name,
        data={"name": member.name, "started_on": started_on, "months": months},
    )
    return row


@transaction.atomic
def discipline_restore(
    *, actor: Any, probation: DisciplinaryProbation, restored_on: dt.date
) -> DisciplinaryProbation:
    """The member's rights are restored (恢复党员权利) on ``restored_on``."""
    probation = (
        DisciplinaryProbation.objects.select_for_update()
        .select_related("member__organization")
        .get(pk=probation.pk)
    )
    scoping.require(actor, DISCIPLINE, probation.member.organization)
    if probation.restored_on:
        raise RuleViolation(
            _("已于%(date)s恢复党员权利。") % {"date": cn(probation.restored_on)},
            rule="admission.discipline_restored",
        )
    if restored_on < probation.started_on or restored_on > today():
        raise RuleViolation(
            _("恢复日期应在处分日期之后、不晚于今天。"),
            rule="admission.date_order",
            field="restored_on",
        )
    probation.restored_on = restored_on
    probation.save(update_fields=["restored_on"])
    log_action(
        actor=actor,
        action="admission.discipline.restore",
        obj=probation,
        organization=probation.member.organization,
        object_repr=probation.member.name,
        data={"name": probation.member.name, "restored_on": restored_on},
    )
    return probation
