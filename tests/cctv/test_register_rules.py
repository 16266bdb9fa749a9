"""The register's rules on their own: what a camera record may say, when a camera may move, and when a request
may be decided. No database."""
from datetime import date

import pytest

from shared.errors import Conflict, Problem
from services.cctv.cameras import camera_rules
from services.cctv.sites import request_rules

TODAY = date(2026, 11, 28)


def fields(raised) -> list[str]:
    return [e["field"] for e in raised.value.extra["errors"]]


@pytest.mark.parametrize("kind, status, at_site, deployed_on, wrong", [
    ("deployable", "deployed", True, date(2026, 1, 1), []),
    ("fixed", "faulty", True, None, []),
    ("deployable", "in_store", False, None, []),
    ("deployable", "awaiting_install", False, None, []),
    ("deployable", "deployed", True, TODAY, []),
    ("deployable", "deployed", False, None, ["site", "deployed_on"]),
    ("deployable", "in_store", True, None, ["site"]),
    ("deployable", "deployed", True, date(2026, 11, 29), ["deployed_on"]),
    ("drone", "lost", False, None, ["kind", "status"]),
])
def test_a_camera_record_must_be_possible(kind, status, at_site, deployed_on, wrong):
    if not wrong:
        camera_rules.check_camera(kind=kind, status=status, at_site=at_site, deployed_on=deployed_on, today=TODAY)
        return
    with pytest.raises(Problem) as refused:
        camera_rules.check_camera(kind=kind, status=status, at_site=at_site, deployed_on=deployed_on, today=TODAY)
    assert fields(refused) == wrong
    assert refused.value.kind == "invalid-camera"


def test_only_anpr_cameras_have_anpr_and_fixed_cameras_are_not_deployable():
    assert [camera_rules.has_anpr(k) for k in camera_rules.KINDS] == [False, False, True]
    assert [camera_rules.is_deployable(k) for k in camera_rules.KINDS] == [False, True, True]


@pytest.mark.parametrize("since, on, months", [
    (date(2026, 5, 31), date(2026, 11, 30), 6), (date(2026, 5, 31), date(2026, 11, 29), 5),
    (date(2026, 1, 15), date(2026, 1, 14), 0), (date(2025, 12, 1), date(2026, 12, 1), 12),
])
def test_whole_months_count_only_months_completed(since, on, months):
    assert camera_rules.whole_months(since, on) == months


def may_move(on, override=None, **changes):
    facts = {"asset_id": "DC-001", "kind": "deployable", "status": "deployed", "deployed_on": date(2026, 5, 31),
             "on": on, "min_stay_months": 6, "override": override, **changes}
    return camera_rules.check_may_move(**facts)


def test_a_camera_may_leave_on_the_day_its_minimum_stay_ends_and_not_the_day_before():
    assert camera_rules.stay_ends(date(2026, 5, 31), 6) == date(2026, 11, 30)
    assert may_move(date(2026, 11, 30)) is False
    with pytest.raises(Problem) as refused:
        may_move(date(2026, 11, 29))
    assert refused.value.kind == "minimum-stay"
    assert "may not move before 30 November 2026 (6 months)" in refused.value.detail
    assert fields(refused) == ["override"]


def test_the_groups_override_lets_a_camera_leave_early_and_marks_the_move_early():
    assert may_move(date(2026, 8, 1), override="Dealing moved to the next street") is True
    with pytest.raises(Problem):
        may_move(date(2026, 8, 1), override="   ")


def test_fixed_and_faulty_cameras_do_not_move_and_cameras_in_store_may_go_at_once():
    with pytest.raises(Problem) as fixed:
        may_move(date(2027, 1, 1), kind="fixed")
    assert fixed.value.kind == "camera-not-deployable"
    with pytest.raises(Problem) as faulty:
        may_move(date(2027, 1, 1), status="faulty")
    assert faulty.value.kind == "camera-faulty"
    assert may_move(date(2026, 6, 1), status="in_store", deployed_on=None) is False


def decide(decision, status="submitted", reason=None, dpia_reference="DPIA-1", dpia_completed_on=date(2026, 11, 1),
           signage_plan="Two signs at the junction"):
    return request_rules.check_decision(reference="DR-0001", status=status, decision=decision, reason=reason,
                                        dpia_reference=dpia_reference, dpia_completed_on=dpia_completed_on,
                                        signage_plan=signage_plan, today=TODAY)


def test_approving_needs_the_completed_dpia_and_the_signage_plan():
    assert decide("approve") == "approved"
    assert decide("approve", dpia_completed_on=TODAY) == "approved"
    for missing, field in (({"dpia_reference": " "}, "dpia_completed_on"),
                           ({"dpia_completed_on": None}, "dpia_completed_on"),
                           ({"dpia_completed_on": date(2026, 11, 29)}, "dpia_completed_on"),
                           ({"signage_plan": ""}, "signage_plan"), ({"signage_plan": None}, "signage_plan")):
        with pytest.raises(Problem) as refused:
            decide("approve", **missing)
        assert fields(refused) == [field], missing
        assert refused.value.kind == "request-not-ready"


def test_refusing_or_withdrawing_needs_a_reason():
    assert decide("refuse", reason="Covered by a fixed camera") == "refused"
    assert decide("withdraw", status="approved", reason="The problem has moved") == "withdrawn"
    with pytest.raises(Problem) as refused:
        decide("refuse", reason=" ")
    assert refused.value.extra["errors"] == [{"field": "reason", "message": "Enter the reason the request is "
                                                                            "refused"}]
    with pytest.raises(Problem) as withdrawn:
        decide("withdraw", status="approved")
    assert withdrawn.value.extra["errors"][0]["message"] == "Enter the reason the request is withdrawn"


def test_a_decided_request_is_not_decided_again_except_an_approved_one_withdrawn():
    for status, decision in (("approved", "approve"), ("refused", "approve"), ("withdrawn", "withdraw"),
                             ("approved", "refuse"), ("submitted", "withdraw")):
        if status == "submitted":
            assert decide(decision, reason="No longer needed") == "withdrawn"
            continue
        with pytest.raises(Conflict):
            decide(decision, status=status, reason="x")
    with pytest.raises(Problem) as unknown:
        decide("maybe")
    assert unknown.value.kind == "invalid-decision"


def test_deployable_means_approved_with_both_safeguards_and_nuisance_vehicles_need_anpr():
    assert request_rules.deployable(status="approved", dpia_completed_on=TODAY, signage_plan="Signs") is True
    assert request_rules.deployable(status="submitted", dpia_completed_on=TODAY, signage_plan="Signs") is False
    assert request_rules.deployable(status="approved", dpia_completed_on=None, signage_plan="Signs") is False
    assert request_rules.deployable(status="approved", dpia_completed_on=TODAY, signage_plan=" ") is False
    assert request_rules.deployable(status="approved", dpia_completed_on=TODAY, signage_plan=None) is False
    assert [p for p in request_rules.PROBLEMS if request_rules.needs_anpr(p)] == ["nuisance_vehicles"]


def whole(raised) -> dict:
    """A refusal as the person reads it: its title, its sentence, its kind and each field's message."""
    problem = raised.value
    return {"title": problem.title, "detail": problem.detail, "kind": problem.kind, "status": problem.status,
            "errors": problem.extra.get("errors")}


def test_a_camera_record_refusal_reads_in_full():
    with pytest.raises(Problem) as refused:
        camera_rules.check_camera(kind="drone", status="deployed", at_site=False, deployed_on=date(2027, 1, 1),
                                  today=TODAY)
    assert whole(refused) == {
        "title": "Camera details are not right", "detail": "Choose the kind of camera: fixed, deployable, "
        "deployable_anpr.", "kind": "invalid-camera", "status": 422, "errors": [
            {"field": "kind", "message": "Choose the kind of camera: fixed, deployable, deployable_anpr"},
            {"field": "site", "message": "Enter the site where the camera is deployed"},
            {"field": "deployed_on", "message": "The date the camera was deployed must be today or in the past"}]}
    with pytest.raises(Problem) as status:
        camera_rules.check_camera(kind="fixed", status="gone", at_site=False, deployed_on=None, today=TODAY)
    assert whole(status)["errors"] == [{"field": "status", "message": "Choose the camera's status: deployed, "
                                                                      "in_store, faulty, awaiting_install"}]
    with pytest.raises(Problem) as stored:
        camera_rules.check_camera(kind="fixed", status="in_store", at_site=True, deployed_on=None, today=TODAY)
    assert whole(stored)["errors"] == [{"field": "site", "message": "A camera in store is not at a site: leave the "
                                                                    "site empty"}]
    with pytest.raises(Problem) as undated:
        camera_rules.check_camera(kind="fixed", status="deployed", at_site=True, deployed_on=None, today=TODAY)
    assert whole(undated)["errors"] == [{"field": "deployed_on", "message": "Enter the date the camera was deployed "
                                                                            "at its site"}]


def test_move_refusals_read_in_full():
    with pytest.raises(Problem) as fixed:
        may_move(date(2027, 1, 1), kind="fixed")
    assert whole(fixed) == {"title": "Fixed cameras do not move", "detail": "DC-001 is a fixed camera. Only "
                            "deployable cameras are moved by the Working Group.", "kind": "camera-not-deployable",
                            "status": 422, "errors": None}
    with pytest.raises(Problem) as faulty:
        may_move(date(2027, 1, 1), status="faulty")
    assert whole(faulty) == {"title": "Camera is faulty", "detail": "DC-001 is faulty. Record it repaired before "
                             "moving it.", "kind": "camera-faulty", "status": 422, "errors": None}
    with pytest.raises(Problem) as early:
        may_move(date(2026, 8, 1))
    assert whole(early) == {
        "title": "Camera is within its minimum stay", "detail": "DC-001 went up on 31 May 2026 and may not move "
        "before 30 November 2026 (6 months). If the Working Group agrees it should move sooner, record its reason "
        "as an override.", "kind": "minimum-stay", "status": 422, "errors": [{"field": "override", "message": (
            "Enter the Working Group's reason for moving the camera before its minimum stay is over")}]}


def test_a_camera_not_deployed_has_no_stay_to_finish_whatever_its_date():
    assert may_move(date(2026, 6, 1), status="in_store") is False
    assert may_move(date(2026, 6, 1), deployed_on=None) is False


@pytest.mark.parametrize("since, on, months", [
    (date(2020, 1, 15), date(2026, 1, 15), 72), (date(2026, 1, 31), date(2026, 2, 27), 0),
    (date(2026, 1, 31), date(2026, 2, 28), 1), (date(2026, 3, 10), date(2026, 2, 1), 0),
])
def test_whole_months_over_years_and_short_months(since, on, months):
    assert camera_rules.whole_months(since, on) == months


def test_request_refusals_read_in_full():
    with pytest.raises(Problem) as unknown:
        decide("maybe")
    assert whole(unknown) == {"title": "Decision not recognised", "detail": "Choose approve, refuse or withdraw, "
                              "not 'maybe'.", "kind": "invalid-decision", "status": 422,
                              "errors": [{"field": "decision", "message": "Choose approve, refuse or withdraw"}]}
    with pytest.raises(Conflict) as decided:
        decide("approve", status="refused")
    assert whole(decided) == {"title": "Request already decided", "detail": "DR-0001 is refused. Only a submitted "
                              "request can be approved or refused, and only an approved one withdrawn.",
                              "kind": "request-decided", "status": 409, "errors": None}
    with pytest.raises(Problem) as not_ready:
        decide("approve", dpia_reference=None, signage_plan=None)
    assert whole(not_ready) == {
        "title": "The request cannot be decided yet", "detail": "Record the completed data protection impact "
        "assessment (its reference and the date it was completed) before approving.", "kind": "request-not-ready",
        "status": 422, "errors": [
            {"field": "dpia_completed_on", "message": "Record the completed data protection impact assessment (its "
                                                      "reference and the date it was completed) before approving"},
            {"field": "signage_plan", "message": "Record the signage plan before approving"}]}
    with pytest.raises(Problem) as future:
        decide("approve", dpia_completed_on=date(2026, 12, 1))
    assert whole(future)["errors"] == [{"field": "dpia_completed_on", "message": "The DPIA's completion date must "
                                                                                "be today or in the past"}]
    with pytest.raises(Problem) as reasonless:
        decide("refuse")
    assert (whole(reasonless)["title"], whole(reasonless)["detail"]) == ("Reason missing", "Enter the reason the "
                                                                         "request is refused.")
