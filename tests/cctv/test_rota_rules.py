"""The rota's rules, checked independently of the solver: real hours across midnight and both clock changes, the
Working Time Regulations' rests, hours and night limits, the regulation 21 exemption's compensatory rest, and why
a shift stays uncovered."""
from datetime import date, time, timedelta, timezone

from services.cctv.rota.rota_rules import (Duty, Person, Preference, Problem, Rules, check, explain, figures,
                                           shortfalls, why_not)
from services.cctv.rota.shift_rules import DEFAULT_SHIFTS, ShiftTimes, occurrence, times_problems

SHIFT = {s.code: s for s in DEFAULT_SHIFTS}
ALL = frozenset(SHIFT)
ANN = Person("ann", "Ann Okoye", "officer", 37.5, ALL)
BEN = Person("ben", "Ben Shah", "officer", 37.5, frozenset({"early", "cover"}))
MONDAY = date(2026, 10, 5)  # a 4-week rota with the October clock change in its third week


def problem(weeks=1, first=MONDAY, people=(ANN, BEN), **more) -> Problem:
    days = [first + timedelta(days=i) for i in range(7 * weeks)]
    demand = tuple((d, s, 1) for d in days for s in SHIFT)
    return Problem(first, weeks, tuple(people), demand, **more)


def rules_broken(duties, p) -> list[str]:
    return [b.rule for b in check([Duty(*d) for d in duties], p)[0]]


def utc(day, hour, minute=0):
    from datetime import datetime
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.utc)


# Real hours ------------------------------------------------------------------------------------------------------

def test_weekday_and_weekend_times_come_from_the_day_the_shift_starts():
    friday_late = occurrence(SHIFT["late"], date(2026, 10, 9))
    assert (friday_late.start, friday_late.end) == (utc(date(2026, 10, 9), 16, 45), utc(date(2026, 10, 10), 0, 45))
    thursday_early = occurrence(SHIFT["early"], date(2026, 10, 8))
    assert thursday_early.start == utc(date(2026, 10, 8), 7)  # 08:00 BST
    assert occurrence(SHIFT["early"], date(2026, 10, 10)).start == utc(date(2026, 10, 10), 9)  # Saturday: 10:00


def test_nights_are_an_hour_longer_when_the_clocks_go_back_and_shorter_when_they_go_forward():
    assert occurrence(SHIFT["night"], date(2026, 10, 24)).minutes == 9 * 60  # Sat 22:00 BST to Sun 06:00 GMT
    assert occurrence(SHIFT["night"], date(2026, 3, 28)).minutes == 7 * 60  # Sat 22:00 GMT to Sun 06:00 BST
    assert occurrence(SHIFT["night"], date(2026, 10, 17)).minutes == 8 * 60


def test_a_time_in_the_missing_or_repeated_hour_is_read_as_rfc_5545_reads_it():
    march = occurrence(SHIFT["late"], date(2026, 3, 28))  # "ends 01:45" on the night 01:00-02:00 does not exist
    assert march.end == utc(date(2026, 3, 29), 1, 45) and march.minutes == 8 * 60  # the offset before: GMT
    october = occurrence(SHIFT["late"], date(2026, 10, 24))  # 01:45 happens twice: the first (BST)
    assert october.end == utc(date(2026, 10, 25), 0, 45) and october.minutes == 8 * 60


def test_night_time_is_2300_to_0600_and_three_hours_of_it_make_a_night_shift():
    assert occurrence(SHIFT["night"], date(2026, 10, 5)).night_minutes == 5 * 60  # 20:00-04:00
    assert occurrence(SHIFT["night"], date(2026, 10, 24)).night_minutes == 8 * 60  # 23:00 BST-06:00 GMT
    late = occurrence(SHIFT["late"], date(2026, 10, 9))  # Friday 17:45-01:45: 2 h 45 min of night
    assert late.night_minutes == 165 and not late.is_night
    assert occurrence(SHIFT["night"], date(2026, 10, 5)).is_night


def test_a_shift_ending_before_it_starts_must_say_it_ends_the_next_day():
    assert times_problems(ShiftTimes(time(16), time(8))) == ["The shift ends before it starts. If it ends the next "
                                                            "day, say so."]
    assert times_problems(ShiftTimes(time(22), time(6), ends_next_day=True)) == []
    assert times_problems(ShiftTimes(time(8), time(16), ends_next_day=True))  # 32 hours is not a shift
    assert times_problems(ShiftTimes(time(8), time(16))) == []


# Daily rest ----------------------------------------------------------------------------------------------------

def test_late_then_early_night_then_early_and_a_saturday_late_then_sunday_early_break_the_daily_rest():
    p = problem()
    assert rules_broken([("ann", date(2026, 10, 5), "late"), ("ann", date(2026, 10, 6), "early")], p) == ["daily_rest"]
    assert rules_broken([("ann", date(2026, 10, 5), "night"), ("ann", date(2026, 10, 6), "early")], p) == \
        ["daily_rest"]
    breaches, _ = check([Duty("ann", date(2026, 10, 10), "late"), Duty("ann", date(2026, 10, 11), "early")], p)
    assert [b.rule for b in breaches] == ["daily_rest"]
    assert "only 6 h 15 min" in breaches[0].message and "at least 11 h" in breaches[0].message
    assert rules_broken([("ann", date(2026, 10, 5), "early"), ("ann", date(2026, 10, 6), "late")], p) == []
    assert rules_broken([("ann", date(2026, 10, 5), "late"), ("ann", date(2026, 10, 6), "cover")], p) == \
        ["daily_rest"]  # 23:45 to 10:00 is 10 h 15 min


def test_under_the_regulation_21_exemption_a_short_rest_needs_the_next_rest_to_make_it_up():
    p = problem(rules=Rules(exempt_daily_rest=True))
    short = [("ann", date(2026, 10, 5), "late"), ("ann", date(2026, 10, 6), "early")]  # 8 h 15 min: 2 h 45 short
    breaches, made_up = check([Duty(*d) for d in short + [("ann", date(2026, 10, 7), "late")]], p)
    assert breaches == [] and len(made_up) == 1  # Early ends 16:00; Late next day at 15:45: 23 h 45 min of rest
    assert made_up[0].short_by_minutes == 165 and "13 h 45 min" in made_up[0].made_up_by
    night_then_early = [("ann", date(2026, 10, 5), "night"), ("ann", date(2026, 10, 6), "early")]  # 4 h: owes 18 h
    assert rules_broken(night_then_early + [("ann", date(2026, 10, 7), "early")], p) == ["compensatory_rest"]
    assert rules_broken(night_then_early + [("ann", date(2026, 10, 7), "cover")], p) == []  # 16:00 to 10:00


# Weekly rest, hours, runs --------------------------------------------------------------------------------------

def seven_days(start=MONDAY, shift="early"):
    return [("ann", start + timedelta(days=i), shift) for i in range(7)]


def test_a_week_without_24_hours_off_breaks_the_weekly_rest_unless_14_days_hold_48():
    p = problem(weeks=2, rules=Rules(max_consecutive_shifts=14))
    assert "weekly_rest" in rules_broken(seven_days(), p)
    two_days_off = seven_days()[:5] + [("ann", MONDAY + timedelta(days=7 + i), "early") for i in range(5)]
    assert "weekly_rest" not in rules_broken(two_days_off, p)
    p14 = problem(weeks=2, rules=Rules(weekly_rest="48_in_14", max_consecutive_shifts=14))
    run = seven_days() + [("ann", MONDAY + timedelta(days=7 + i), "early") for i in range(4)]
    assert "weekly_rest" not in rules_broken(run, p14)  # 48+ hours at the end of the fortnight
    assert "weekly_rest" in rules_broken(run + [("ann", MONDAY + timedelta(days=12), "early")], p14)


def test_a_missed_weekly_rest_under_the_exemption_is_made_up_by_a_double_rest_the_next_week():
    p = problem(weeks=2, people=(Person("ann", "Ann Okoye", "officer", 48, ALL),),
                rules=Rules(exempt_weekly_rest=True, max_consecutive_shifts=14))
    next_week = [("ann", MONDAY + timedelta(days=7 + i), "early") for i in range(4)]  # Fri-Sun off: 48 h and more
    breaches, made_up = check([Duty(*d) for d in seven_days() + next_week], p)
    assert [b.rule for b in breaches] == [] and [c.rule for c in made_up] == ["weekly_rest"]
    longer_week = [("ann", MONDAY + timedelta(days=7 + i), "early") for i in (0, 1, 2, 3, 5)]
    assert "weekly_rest" in rules_broken(seven_days() + longer_week, p)  # no 48 hours in the second week


def test_contracted_hours_and_the_48_hour_average_cap_the_period():
    part_time = Person("ann", "Ann Okoye", "officer", 16, ALL)
    p = problem(people=(part_time,))
    assert rules_broken(seven_days()[:2], p) == []
    broken = check([Duty(*d) for d in seven_days()[:3]], p)[0]
    assert [b.rule for b in broken] == ["contracted_hours"] and "24 h in 1 weeks: more than their 16 h" in \
        broken[0].message
    full = Person("ann", "Ann Okoye", "officer", 48, ALL)
    p = problem(people=(full,), rules=Rules(overtime_hours_per_week=10, max_consecutive_shifts=7))
    assert "average_hours" in rules_broken(seven_days(), p)  # 56 hours


def test_runs_of_shifts_and_of_nights_are_limited():
    p = problem(weeks=2, rules=Rules(max_consecutive_shifts=6, max_consecutive_nights=4))
    assert "consecutive_shifts" in rules_broken(seven_days(), p)
    nights = [("ann", MONDAY + timedelta(days=i), "night") for i in range(5)]
    assert rules_broken(nights, p) == ["consecutive_nights"]
    assert rules_broken(nights[:4], p) == []


def test_nobody_works_while_away_a_shift_they_may_not_work_or_two_shifts_a_day():
    p = problem(away=(("ann", date(2026, 10, 6)),))
    assert rules_broken([("ann", date(2026, 10, 5), "night")], p) == ["away"]  # ends on the morning away
    assert rules_broken([("ben", date(2026, 10, 5), "night")], p) == ["may_work"]
    assert "one_a_day" in rules_broken([("ben", date(2026, 10, 5), "early"), ("ben", date(2026, 10, 5), "cover")], p)


def test_shifts_just_before_the_period_count_for_rest():
    p = problem(fixed=(Duty("ann", MONDAY - timedelta(days=1), "late"),))
    assert rules_broken([("ann", MONDAY, "early")], p) == ["daily_rest"]


# Uncovered shifts and figures ----------------------------------------------------------------------------------

def test_an_uncovered_shift_says_why_each_person_could_not_work_it():
    p = problem(away=(("ben", date(2026, 10, 6)),))
    duties = [Duty("ann", date(2026, 10, 5), "late")]
    gaps = shortfalls(duties, p)
    early = next(g for g in gaps if g.day == date(2026, 10, 6) and g.shift == "early")
    reasons = explain(early, duties, p).reasons
    assert reasons[0] == "0 of 1 officers on the Early on Tue 6 Oct."
    assert "Ann Okoye would have only 8 h 15 min between the Late on Mon 5 Oct" in reasons[1]
    assert reasons[2] == "Ben Shah is away on Tue 6 Oct, so cannot work the Early on Tue 6 Oct."
    assert why_not(BEN, date(2026, 10, 7), "early", duties, p) == []


def test_a_day_without_enough_senior_cover_is_a_shortfall():
    senior = Person("sam", "Sam Ade", "senior", 37.5, ALL)
    p = problem(people=(ANN, senior), rules=Rules(senior_hours_per_day=8))
    duties = [Duty("sam", MONDAY + timedelta(days=i), "early") for i in range(5)]
    senior_gaps = [g for g in shortfalls(duties, p) if g.shift is None]
    assert [g.day for g in senior_gaps] == [MONDAY + timedelta(days=5), MONDAY + timedelta(days=6)]


def test_figures_show_each_persons_hours_nights_weekends_rest_and_requests():
    p = problem(preferences=(Preference("ann", wants=False, weekday=5),))
    duties = [Duty("ann", date(2026, 10, 8), "night"), Duty("ann", date(2026, 10, 9), "night"),
              Duty("ann", date(2026, 10, 10), "late")]  # Thursday and Friday nights, then the Saturday Late
    ann = next(f for f in figures(duties, p) if f.person == "ann")
    assert (ann.shifts, ann.minutes, ann.nights, ann.weekends) == (3, 24 * 60, 2, 2)
    assert ann.shortest_rest_minutes == 11 * 60 + 45 and ann.longest_run == 3
    assert (ann.backward_rotations, ann.requests_met, ann.requests_not_met) == (1, 0, 1)


def test_shifts_before_the_period_of_someone_who_has_left_do_not_stop_the_rota():
    p = problem(fixed=(Duty("gone", MONDAY - timedelta(days=1), "late"),))
    assert rules_broken([("ann", MONDAY, "late")], p) == []
    assert set(rules_broken([("gone", MONDAY, "late")], p)) == {"may_work"}
