"""The ANPR rules on their own: what a registration mark looks like, which reads are acted on, which reads are one
event, and which letter a keeper gets. No database."""
from datetime import date, datetime, timedelta, timezone

import pytest

from shared.errors import Problem
from services.cctv.anpr import anpr_rules

AT = datetime(2026, 11, 20, 23, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("read, mark", [("ab12 cde", "AB12CDE"), ("A123 BCD", "A123BCD"), ("ABC 123D", "ABC123D"),
                                        ("1234 AB", "1234AB"), ("AB 1234", "AB1234"), ("k-7", "K7"),
                                        (" ab12cde ", "AB12CDE")])
def test_gb_registration_marks_are_recognised_however_they_are_written(read, mark):
    assert anpr_rules.check_mark(read) == mark


@pytest.mark.parametrize("read", ["", "AB12CDEF", "12345AB", "ABCD123", "AB12CD", "ÄB12CDE!", "1234"])
def test_anything_else_is_refused_saying_what_a_mark_looks_like(read):
    with pytest.raises(Problem) as refused:
        anpr_rules.check_mark(read)
    assert (refused.value.title, refused.value.kind, refused.value.status) == (
        "Registration mark not recognised", "invalid-registration-mark", 422)
    assert refused.value.detail == f"'{read}' is not a GB registration mark. Send it as read, for example AB12 CDE."
    assert refused.value.extra["errors"] == [{"field": "registration_mark",
                                              "message": "Enter a GB registration mark, like AB12 CDE"}]


def test_only_a_read_the_camera_is_sure_of_is_acted_on():
    assert anpr_rules.reliable(0.9) is True
    assert anpr_rules.reliable(0.8999) is False
    assert anpr_rules.reliable(0.7, min_confidence=0.7) is True


def test_reads_within_the_hour_either_way_are_one_event():
    assert anpr_rules.same_event(AT + timedelta(minutes=60), AT) is True
    assert anpr_rules.same_event(AT - timedelta(minutes=60), AT) is True
    assert anpr_rules.same_event(AT + timedelta(minutes=61), AT) is False
    assert anpr_rules.same_event(AT + timedelta(minutes=90), AT, gap=timedelta(hours=2)) is True


def test_a_zone_covers_reads_from_its_first_day_to_its_last():
    assert anpr_rules.zone_active(AT, date(2026, 11, 20), None, date(2026, 11, 20)) is True
    assert anpr_rules.zone_active(AT, date(2026, 11, 21), None, date(2026, 11, 20)) is False
    assert anpr_rules.zone_active(AT, date(2026, 1, 1), date(2026, 11, 20), date(2026, 11, 20)) is True
    assert anpr_rules.zone_active(AT, date(2026, 1, 1), date(2026, 11, 19), date(2026, 11, 20)) is False


def test_the_keeper_is_warned_while_the_zone_is_warning_only_and_asked_to_name_the_driver_after():
    assert anpr_rules.letter_kind(date(2023, 12, 31), date(2023, 12, 31)) == "warning"
    assert anpr_rules.letter_kind(date(2024, 1, 1), date(2023, 12, 31)) == "name_the_driver"
    assert anpr_rules.letter_kind(date(2024, 1, 1), None) == "name_the_driver"
    assert anpr_rules.reply_due(date(2026, 11, 20)) == date(2026, 12, 18)
