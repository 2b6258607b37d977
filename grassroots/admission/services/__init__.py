"""Every change to an admission case: permission-checked, guarded by the transition table
(``admission/workflow.py``), one transaction, one audit entry ``admission.case.<verb>``.

The package is split by stage: ``application`` (stages 1–2), ``candidates`` (stage 3 and
the three reviews), ``admission`` (stage 4), ``probation`` (stage 5), ``files``
(documents, notices, ballots, 留党察看 records). Import from here.
"""

from .admission import (
    case_approve,
    case_branch_meeting,
    case_committee_review,
    case_committee_talk,
    case_extend_approval,
    case_fill_form,
    case_pre_review,
)
from .application import (
    case_apply,
    case_assign_mentors,
    case_close,
    case_file,
    case_make_activist,
    case_record_assessment,
    case_record_opinion,
    case_record_recommendation,
    case_record_talk,
)
from .candidates import (
    case_assign_sponsors,
    case_make_candidate,
    case_record_political_review,
    case_record_review,
    case_record_training,
)
from .files import (
    case_ballot_create,
    case_document_upload,
    case_notice_publish,
    discipline_record,
    discipline_restore,
)
from .probation import (
    case_apply_full,
    case_archive,
    case_decide_full,
    case_full_meeting,
    case_oath,
    case_place,
)

__all__ = [
    "case_apply",
    "case_apply_full",
    "case_approve",
    "case_archive",
    "case_assign_mentors",
    "case_assign_sponsors",
    "case_ballot_create",
    "case_branch_meeting",
    "case_close",
    "case_committee_review",
    "case_committee_talk",
    "case_decide_full",
    "case_document_upload",
    "case_extend_approval",
    "case_file",
    "case_fill_form",
    "case_full_meeting",
    "case_make_activist",
    "case_make_candidate",
    "case_notice_publish",
    "case_oath",
    "case_place",
    "case_pre_review",
    "case_record_assessment",
    "case_record_opinion",
    "case_record_political_review",
    "case_record_recommendation",
    "case_record_review",
    "case_record_talk",
    "case_record_training",
    "discipline_record",
    "discipline_restore",
]
