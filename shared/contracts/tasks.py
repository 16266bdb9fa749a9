"""Every task name one process sends another, with the contract of its payload (GOV.UK Notify's TaskNames).

A task is named `<receiving service>.<what happened or what to do>`; it runs on that service's queue.
"""
from shared.contracts import cctv, noise, notices
from shared.contracts.base import Contract, ScheduledRun


class TaskNames:
    """Each task's name, to follow a `send_task` from its sender to its receiver."""

    ISSUE_NOTICE = "fpn.issue_notice"
    REFER_OVERDUE_NOTICES = "fpn.refer_overdue_notices"  # from the scheduler, through fpn's outbox
    DRAW_REVIEW_SAMPLE = "fpn.draw_review_sample"  # from the scheduler, through fpn's outbox

    CCTV_NOTICE_ISSUED = "cctv.notice_issued"
    CCTV_NOTICE_STATE_CHANGED = "cctv.notice_state_changed"
    CCTV_NOTICE_ISSUED_FOR_REQUEST = "cctv.notice_issued_for_request"
    CCTV_NOTICE_REFUSED = "cctv.notice_refused"
    CCTV_NOISE_CASE_QUALIFIED = "cctv.noise_case_qualified"
    CCTV_SOLVE_PLAN = "cctv.solve_plan"  # cctv to itself, through its outbox
    CCTV_LOOKUP_KEEPER = "cctv.lookup_keeper"  # cctv to itself, through its outbox
    CCTV_SOLVE_ROTA = "cctv.solve_rota"  # cctv to itself, through its outbox
    CCTV_ROTA_PUBLISHED = "cctv.rota_published"  # cctv to itself: the staff are told

    NOISE_NOTICE_STATE_CHANGED = "noise.notice_state_changed"
    NOISE_NOTICE_ISSUED_FOR_REQUEST = "noise.notice_issued_for_request"
    NOISE_NOTICE_REFUSED = "noise.notice_refused"
    NOISE_CASE_QUALIFIED = "noise.case_qualified"  # noise to itself, through its outbox
    NOISE_SEND_EMAIL = "noise.send_email"
    NOISE_SWEEP_CASES = "noise.sweep_cases"  # from the scheduler, through noise's outbox
    NOISE_RUN_IMPORT = "noise.run_import"
    NOISE_TELL_REPORTERS = "noise.tell_reporters"  # noise to itself, through its outbox
    NOISE_CHECK_EVIDENCE = "noise.check_unreviewed_evidence"  # from the scheduler, through noise's outbox


CONTRACTS = {c.task: c for c in (
    Contract(TaskNames.ISSUE_NOTICE, notices.IssueNoticeRequest),
    Contract(TaskNames.REFER_OVERDUE_NOTICES, ScheduledRun),
    Contract(TaskNames.DRAW_REVIEW_SAMPLE, ScheduledRun),
    Contract(TaskNames.CCTV_NOTICE_ISSUED, notices.NoticeIssued),
    Contract(TaskNames.CCTV_NOTICE_STATE_CHANGED, notices.NoticeStateChanged),
    Contract(TaskNames.CCTV_NOTICE_ISSUED_FOR_REQUEST, notices.NoticeIssuedForRequest),
    Contract(TaskNames.CCTV_NOTICE_REFUSED, notices.NoticeRefused),
    Contract(TaskNames.CCTV_NOISE_CASE_QUALIFIED, noise.NoiseCaseQualified),
    Contract(TaskNames.CCTV_SOLVE_PLAN, cctv.SolvePlan),
    Contract(TaskNames.CCTV_LOOKUP_KEEPER, cctv.LookupKeeper),
    Contract(TaskNames.CCTV_SOLVE_ROTA, cctv.SolveRota),
    Contract(TaskNames.CCTV_ROTA_PUBLISHED, cctv.RotaPublished),
    Contract(TaskNames.NOISE_NOTICE_STATE_CHANGED, notices.NoticeStateChanged),
    Contract(TaskNames.NOISE_NOTICE_ISSUED_FOR_REQUEST, notices.NoticeIssuedForRequest),
    Contract(TaskNames.NOISE_NOTICE_REFUSED, notices.NoticeRefused),
    Contract(TaskNames.NOISE_CASE_QUALIFIED, noise.CaseQualified),
    Contract(TaskNames.NOISE_SEND_EMAIL, noise.SendEmail),
    Contract(TaskNames.NOISE_SWEEP_CASES, ScheduledRun),
    Contract(TaskNames.NOISE_RUN_IMPORT, noise.RunImport),
    Contract(TaskNames.NOISE_TELL_REPORTERS, noise.TellReporters),
    Contract(TaskNames.NOISE_CHECK_EVIDENCE, ScheduledRun),
)}


def contract_for(task: str) -> Contract:
    """The contract of `task`; KeyError (a bug in the sender) if it has none."""
    try:
        return CONTRACTS[task]
    except KeyError:
        raise KeyError(f"{task!r} has no contract in shared/contracts/tasks.py: declare it there before sending "
                       "it") from None


def answer_tasks(requester: str) -> dict:
    """The tasks by which fpn answers a notice request from `requester`: issued, refused, state_changed."""
    return {kind: contract_for(f"{requester}.notice_{kind}").task
            for kind in ("issued_for_request", "refused", "state_changed")}
