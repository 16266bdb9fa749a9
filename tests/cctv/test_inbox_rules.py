"""The inbox's rules on their own: due dates (a subject access request in one calendar month), when footage is
overwritten, the warning while there is still time to keep it, and holds. No database."""
from datetime import date, datetime, timezone

import pytest

from shared.errors import Problem
from services.cctv.inbox import inbox_rules

UTC = timezone.utc


@pytest.mark.parametrize("received, due", [(date(2027, 1, 31), date(2027, 2, 28)), (date(2028, 1, 31), date(2028, 2, 29)),
                                           (date(2026, 11, 28), date(2026, 12, 28)),
                                           (date(2026, 3, 31), date(2026, 4, 30))])
def test_a_subject_access_request_is_due_one_calendar_month_after_it_arrives(received, due):
    assert inbox_rules.due_on("subject_access", received) == due
    assert inbox_rules.due_on("subject_access", received, asked_by=date(2030, 1, 1)) == due  # the law decides


def test_other_requests_are_due_when_asked_or_after_the_default_days():
    assert inbox_rules.due_on("footage", date(2026, 11, 1)) == date(2026, 11, 15)
    assert inbox_rules.due_on("information", date(2026, 11, 1), default_days=5) == date(2026, 11, 6)
    assert inbox_rules.due_on("footage", date(2026, 11, 1), asked_by=date(2026, 11, 3)) == date(2026, 11, 3)


def test_footage_is_overwritten_31_days_after_it_was_recorded_counted_in_brent():
    assert inbox_rules.overwritten_on(datetime(2026, 11, 1, 22, 30, tzinfo=UTC)) == date(2026, 12, 2)
    assert inbox_rules.overwritten_on(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 8, 1)  # 00:30 BST


@pytest.mark.parametrize("today, warning", [(date(2026, 11, 28), None), (date(2026, 11, 29), "soon"),
                                            (date(2026, 12, 1), "soon"), (date(2026, 12, 2), "overwritten")])
def test_footage_due_to_be_overwritten_within_3_days_is_flagged(today, warning):
    recorded = datetime(2026, 11, 1, 22, 30, tzinfo=UTC)  # overwritten on 2 December
    assert inbox_rules.overwrite_warning(footage_from=recorded, held=False, today=today) == warning
    assert inbox_rules.overwrite_warning(footage_from=recorded, held=True, today=today) is None
    assert inbox_rules.overwrite_warning(footage_from=None, held=False, today=today) is None


def test_footage_can_be_held_only_while_it_exists():
    recorded = datetime(2026, 11, 1, 22, 30, tzinfo=UTC)
    inbox_rules.check_hold(reference="IR-0001", footage_from=recorded, today=date(2026, 12, 1))
    with pytest.raises(Problem) as gone:
        inbox_rules.check_hold(reference="IR-0001", footage_from=recorded, today=date(2026, 12, 2))
    assert (gone.value.title, gone.value.kind, gone.value.status) == ("Footage already overwritten",
                                                                      "footage-overwritten", 422)
    assert gone.value.detail == ("The footage IR-0001 asks for was overwritten on 2 December 2026, 31 days after it "
                                 "was recorded, so it cannot be held. Tell the requester it no longer exists.")
    assert gone.value.extra["errors"] == [{"field": "legal_hold", "message": "The footage was overwritten on "
                                                                            "2 December 2026"}]
    with pytest.raises(Problem) as none:
        inbox_rules.check_hold(reference="IR-0002", footage_from=None, today=date(2026, 12, 1))
    assert (none.value.kind, none.value.extra["errors"][0]["field"]) == ("no-footage", "footage_from")


def test_the_footage_times_must_make_sense():
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    start, end = datetime(2026, 11, 27, 22, tzinfo=UTC), datetime(2026, 11, 27, 23, tzinfo=UTC)
    assert inbox_rules.check_times(start, end, now) == []
    assert inbox_rules.check_times(None, None, now) == []
    assert inbox_rules.check_times(start, None, now) == [{"field": "footage_to", "message": "Enter both when the "
                                                          "footage starts and when it ends, or neither"}]
    assert inbox_rules.check_times(None, end, now)[0]["field"] == "footage_from"
    assert inbox_rules.check_times(end, start, now) == [{"field": "footage_to", "message": "The footage must end "
                                                                                            "after it starts"}]
    assert inbox_rules.check_times(datetime(2026, 11, 29, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC), now) == [
        {"field": "footage_from", "message": "The footage must start in the past"},
        {"field": "footage_to", "message": "The footage must end in the past"}]
    assert inbox_rules.check_times(start, datetime(2026, 11, 28, 13, tzinfo=UTC), now) == [
        {"field": "footage_to", "message": "The footage must end in the past"}]


def test_the_retention_period_is_the_one_given():
    recorded = datetime(2026, 11, 1, 22, 30, tzinfo=UTC)
    assert inbox_rules.overwrite_warning(footage_from=recorded, held=False, today=date(2026, 11, 9),
                                         retention_days=10) == "soon"
    assert inbox_rules.overwrite_warning(footage_from=recorded, held=False, today=date(2026, 11, 11),
                                         retention_days=10) == "overwritten"
    with pytest.raises(Problem) as gone:
        inbox_rules.check_hold(reference="IR-0003", footage_from=recorded, today=date(2026, 11, 11), retention_days=10)
    assert "overwritten on 11 November 2026, 10 days after" in gone.value.detail
    inbox_rules.check_hold(reference="IR-0003", footage_from=recorded, today=date(2026, 11, 10), retention_days=10)


def test_a_hold_on_a_request_for_no_footage_reads_in_full():
    with pytest.raises(Problem) as none:
        inbox_rules.check_hold(reference="IR-0002", footage_from=None, today=date(2026, 12, 1))
    assert (none.value.title, none.value.detail, none.value.extra["errors"]) == (
        "No footage to hold", "IR-0002 asks for no footage, so there is nothing to hold.",
        [{"field": "footage_from", "message": "Enter the times of the footage asked for first"}])


def test_footage_may_start_now_and_last_an_instant():
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    assert inbox_rules.check_times(now, now, now) == []


def test_a_request_may_be_needed_by_the_day_it_came_in_but_not_before_it():
    received = date(2026, 11, 27)
    assert inbox_rules.check_due(received, None) == []
    assert inbox_rules.check_due(received, received) == []
    assert inbox_rules.check_due(received, date(2026, 11, 26)) == [{"field": "due_on", "message": "The date it is "
                                                                    "needed by must be the same as or after the date "
                                                                    "received"}]
