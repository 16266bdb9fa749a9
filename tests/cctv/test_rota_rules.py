"""The rota's rules, checked independently of the solver: real hours across midnight and both clock changes, the
Working Time Regulations' rests, hours and night limits, the regulation 21 exemption's compensatory rest, and why
a shift stays uncovered."""
from datetime import date, time, timedelta, timezone

from services.cctv.rota.rota_rules import (Duty, Person, Preference, Problem, Rules, check, explain, figures,
                                           shortfalls, spread, why_not)
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
    assert times_problems(ShiftTimes(time(16), time(8))) == ["The shift ends before it starts: if it ends the next "
                                                            "day, say so"]
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


def test_a_re_solve_is_not_blamed_for_hours_worked_before_an_absence_lowered_the_contract():
    part_time = Person("ann", "Ann Okoye", "officer", 16, ALL)
    worked = tuple(Duty("ann", MONDAY + timedelta(days=i), "early") for i in range(3))  # 24 h by Wednesday
    sick = tuple(("ann", MONDAY + timedelta(days=i)) for i in (3, 4))  # recorded on Thursday: cap now 11 h 26 min
    p = problem(people=(part_time,), fixed=worked, open_from=MONDAY + timedelta(days=3), away=sick)
    assert rules_broken([], p) == []  # the days it may change cannot undo Monday to Wednesday
    more = check([Duty("ann", MONDAY + timedelta(days=6), "early")], p)[0]
    assert [b.rule for b in more] == ["contracted_hours"] and "32 h in 1 weeks" in more[0].message
    planned = problem(people=(part_time,), away=sick)  # the same shifts planned ahead, not yet worked: a breach
    assert rules_broken([(d.person, d.day, d.shift) for d in worked], planned) == ["contracted_hours"]


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


# Exactly what each rule reports: who, which shift, and the words a manager reads -----------------------------------

def custom(*shifts) -> tuple:
    """Shifts with these (code, start, end, ends_next_day) times every day, to put a rest exactly on a boundary."""
    from services.cctv.rota.shift_rules import ShiftDefinition
    return tuple(ShiftDefinition(code, code.title(), ShiftTimes(start, end, nxt), ShiftTimes(start, end, nxt))
                 for code, start, end, nxt in shifts)


def test_every_breach_names_the_person_day_and_shift_with_its_reason():
    ben = Person("ben", "Ben Shah", "officer", 37.5, frozenset({"early", "cover"}))
    p = problem(people=(ANN, ben), away=(("ann", date(2026, 10, 7)),))
    breaches, _ = check([Duty("ben", date(2026, 10, 5), "cover"), Duty("ben", date(2026, 10, 5), "early"),
                         Duty("ben", date(2026, 10, 6), "night"), Duty("ann", date(2026, 10, 7), "early")], p)
    from services.cctv.rota.rota_rules import Breach
    assert breaches == [
        Breach("daily_rest", "ben", date(2026, 10, 5), "cover",
               "Ben Shah would have no rest between the Early on Mon 5 Oct (ends Mon 5 Oct 16:00) and the Cover on "
               "Mon 5 Oct (starts Mon 5 Oct 10:00): at least 11 h are needed."),
        Breach("one_a_day", "ben", date(2026, 10, 5), "cover",
               "Ben Shah would work both the Early and the Cover on Mon 5 Oct."),
        Breach("may_work", "ben", date(2026, 10, 6), "night", "Ben Shah may not work Night shifts."),
        Breach("away", "ann", date(2026, 10, 7), "early",
               "Ann Okoye is away on Wed 7 Oct, so cannot work the Early on Wed 7 Oct."),
    ]
    stranger = check([Duty("zed", MONDAY, "early")], p)[0]
    assert stranger == [Breach("may_work", "zed", MONDAY, "early", "zed is not on the rota's staff.")]


def test_eleven_hours_rest_exactly_is_enough_and_a_minute_less_is_not():
    shifts = custom(("day", time(8), time(16), False), ("dawn", time(3), time(11), False),
                    ("dawnish", time(2, 59), time(10), False))
    p = problem(shifts=shifts, people=(Person("ann", "Ann Okoye", "officer", 48, frozenset({"day", "dawn", "dawnish"})),))
    assert rules_broken([("ann", MONDAY, "day"), ("ann", MONDAY + timedelta(days=1), "dawn")], p) == []
    broken = check([Duty("ann", MONDAY, "day"), Duty("ann", MONDAY + timedelta(days=1), "dawnish"),
                    Duty("ann", MONDAY + timedelta(days=3), "day"), Duty("ann", MONDAY + timedelta(days=4), "dawnish")],
                   p)[0]
    assert [(b.rule, b.day, b.shift) for b in broken] == [("daily_rest", MONDAY + timedelta(days=1), "dawnish"),
                                                         ("daily_rest", MONDAY + timedelta(days=4), "dawnish")]
    assert "only 10 h 59 min between" in broken[0].message


def test_the_exemption_records_each_compensation_and_never_allows_shifts_back_to_back():
    shifts = custom(("day", time(8), time(16), False), ("eve", time(16), time(23), False),
                    ("late", time(16, 1), time(23), False))
    person = Person("ann", "Ann Okoye", "officer", 48, frozenset({"day", "eve", "late"}))
    p = problem(shifts=shifts, people=(person,), rules=Rules(exempt_daily_rest=True))
    tue = MONDAY + timedelta(days=1)
    touching = check([Duty("ann", MONDAY, "day"), Duty("ann", tue, "day")] +
                     [Duty("ann", MONDAY + timedelta(days=3), "day"), Duty("ann", MONDAY + timedelta(days=3), "eve")], p)
    assert [(b.rule, b.day, b.shift) for b in touching[0]] == [
        ("daily_rest", MONDAY + timedelta(days=3), "eve"), ("one_a_day", MONDAY + timedelta(days=3), "eve")]
    from services.cctv.rota.rota_rules import Breach, Compensation
    three = [Duty("ann", date(2026, 10, 5), "night"), Duty("ann", date(2026, 10, 6), "early"),
             Duty("ann", date(2026, 10, 7), "early"), Duty("ann", date(2026, 10, 8), "night"),
             Duty("ann", date(2026, 10, 9), "early"), Duty("ann", date(2026, 10, 10), "late")]
    q = problem(people=(Person("ann", "Ann Okoye", "officer", 48, ALL),), rules=Rules(exempt_daily_rest=True))
    breaches, made_up = check(three, q)
    assert breaches == [Breach("compensatory_rest", "ann", date(2026, 10, 7), "early",
                               "Ann Okoye's rest was shortened to 4 h between the Night on Mon 5 Oct (ends Tue 6 Oct "
                               "04:00) and the Early on Tue 6 Oct (starts Tue 6 Oct 08:00), so the next rest must be at "
                               "least 18 h; the Early on Wed 7 Oct leaves only 16 h.")]
    assert made_up == [Compensation("daily_rest", "ann", date(2026, 10, 9), 11 * 60 - 6 * 60,
                                    "a rest of at least 16 h after the Early on Fri 9 Oct (from Fri 9 Oct 18:00)")]


def test_weekly_rest_reports_the_block_and_the_longest_rest_and_compensations_say_where():
    from services.cctv.rota.rota_rules import Breach, Compensation
    full = Person("ann", "Ann Okoye", "officer", 48, ALL)
    p = problem(weeks=2, people=(full,), rules=Rules(max_consecutive_shifts=14))
    week = [Duty("ann", MONDAY + timedelta(days=i), "night") for i in range(7)]
    breaches = [b for b in check(week, p)[0] if b.rule == "weekly_rest"]
    assert breaches == [Breach("weekly_rest", "ann", MONDAY, None, "Ann Okoye would not have an uninterrupted rest of "
                               "24 hours in 5 Oct to 11 Oct: the longest is 20 h.")]
    exempt = problem(weeks=2, people=(full,), rules=Rules(exempt_weekly_rest=True, max_consecutive_shifts=14,
                                                          max_consecutive_nights=14))
    later = [Duty("ann", MONDAY + timedelta(days=7 + i), "early") for i in (0, 1, 2, 4, 6)]  # Wed 16:00 to Fri 10:00
    breaches, made_up = check(week + later, exempt)
    assert [b for b in breaches if b.rule == "weekly_rest"] == [Breach(
        "weekly_rest", "ann", MONDAY + timedelta(days=7), None, "Ann Okoye would not have a rest of 48 h (to make up "
        "the week before) in 12 Oct to 18 Oct: the longest is 42 h.")]
    fine = [Duty("ann", MONDAY + timedelta(days=7 + i), "early") for i in (0, 1, 2, 3)]  # Thursday 16:00 on: free
    assert check(week + fine, exempt)[1] == [Compensation("weekly_rest", "ann", MONDAY, 24 * 60,
                                                          "a rest of 80 h from Thu 15 Oct 16:00, in 12 Oct to 18 Oct")]
    last_week_lacking = [Duty("ann", MONDAY + timedelta(days=i), "early") for i in (0, 1, 2, 3, 4)] + \
        [Duty("ann", MONDAY + timedelta(days=7 + i), "night") for i in range(7)]
    assert [b.day for b in check(last_week_lacking, exempt)[0] if b.rule == "weekly_rest"] == [MONDAY + timedelta(days=7)]


def test_a_rest_of_exactly_24_hours_is_a_weekly_rest():
    shifts = custom(("day", time(8), time(16), False), ("next", time(16), time(23), False))
    person = Person("ann", "Ann Okoye", "officer", 60, frozenset({"day", "next"}))
    p = problem(shifts=shifts, people=(person,), rules=Rules(max_consecutive_shifts=7, max_average_weekly_hours=60))
    week = [Duty("ann", MONDAY + timedelta(days=i), "day") for i in range(6)]
    assert rules_broken(week + [Duty("ann", MONDAY + timedelta(days=6), "next")], p) == []  # Sat 16:00 to Sun 16:00
    p14 = problem(weeks=3, shifts=shifts, people=(person,), rules=Rules(weekly_rest="48_in_14"))
    assert p14.blocks() == [(MONDAY, 14, 48), (MONDAY + timedelta(days=14), 7, 24)]
    assert problem(weeks=1).blocks() == [(MONDAY, 7, 24)]


def test_hours_at_the_limit_are_allowed_and_night_workers_average_eight_in_twenty_four():
    from services.cctv.rota.rota_rules import Breach
    eight = Person("ann", "Ann Okoye", "officer", 8, ALL)
    p = problem(people=(eight,))
    assert rules_broken([("ann", MONDAY, "early")], p) == []  # 8 hours of 8
    assert p.cap_minutes(eight) == 480
    assert problem(people=(eight,), rules=Rules(overtime_hours_per_week=4)).cap_minutes(eight) == 720
    assert problem(people=(eight,), rules=Rules(max_average_weekly_hours=6)).cap_minutes(eight) == 360
    long_nights = custom(("long", time(19), time(8), True))  # 13 hours, then 11 hours' rest
    worker = Person("ann", "Ann Okoye", "officer", 100, frozenset({"long"}))
    q = problem(shifts=long_nights, people=(worker,), rules=Rules(max_average_weekly_hours=100,
                                                                 max_consecutive_shifts=7, max_consecutive_nights=7))
    four = [Duty("ann", MONDAY + timedelta(days=i), "long") for i in range(4)]  # 52 hours in 7 days: under 8 in 24
    assert rules_broken(four, q) == []
    breaches = check(four + [Duty("ann", MONDAY + timedelta(days=4), "long")], q)[0]
    assert breaches == [Breach("night_average", "ann", MONDAY, None, "Ann Okoye works nights, so may average at most "
                               "8 hours in 24: 65 h in 7 days is more.")]
    over = check([Duty("ann", MONDAY + timedelta(days=i), "long") for i in range(4)],
                 problem(shifts=long_nights, people=(worker,), rules=Rules(max_average_weekly_hours=48,
                                                                           max_consecutive_nights=7)))[0]
    assert over[0] == Breach("average_hours", "ann", MONDAY, None, "Ann Okoye would work 52 h in 1 weeks: more than 48 "
                             "hours a week on average.")


def test_runs_report_the_shift_that_goes_one_too_far():
    from services.cctv.rota.rota_rules import Breach
    p = problem(weeks=2, rules=Rules(max_consecutive_shifts=3, max_consecutive_nights=2))
    days = [Duty("ann", MONDAY + timedelta(days=i), "early") for i in (0, 1, 2, 3, 5, 6, 7)]
    assert [b for b in check(days, p)[0] if b.rule.startswith("consecutive")] == [
        Breach("consecutive_shifts", "ann", MONDAY + timedelta(days=3), "early",
               "Ann Okoye would work 4 shifts in a row up to the Early on Thu 8 Oct: at most 3 are allowed.")]
    nights = [Duty("ann", MONDAY + timedelta(days=i), "night") for i in (0, 1, 2)]
    assert [b for b in check(nights, p)[0] if b.rule.startswith("consecutive")] == [
        Breach("consecutive_nights", "ann", MONDAY + timedelta(days=2), "night",
               "Ann Okoye would work 3 nights in a row up to the Night on Wed 7 Oct: at most 2 are allowed.")]


def test_breaches_and_compensations_from_everyone_are_kept_in_day_order():
    q = problem(people=(Person("ann", "Ann Okoye", "officer", 48, ALL), Person("ben", "Ben Shah", "officer", 48, ALL)),
                rules=Rules(exempt_daily_rest=True))
    duties = [Duty("ben", date(2026, 10, 6), "late"), Duty("ben", date(2026, 10, 7), "early"),
              Duty("ann", date(2026, 10, 5), "late"), Duty("ann", date(2026, 10, 6), "early")]
    breaches, made_up = check(duties, q)
    assert [(c.person, c.day) for c in made_up] == [("ann", date(2026, 10, 6)), ("ben", date(2026, 10, 7))]
    many = problem(people=(ANN, BEN))
    breaches = check([Duty("ben", MONDAY, "night"), Duty("ann", MONDAY, "late"), Duty("ann", MONDAY + timedelta(days=1),
                                                                                      "early")], many)[0]
    assert [(b.person, b.rule) for b in breaches] == [("ben", "may_work"), ("ann", "daily_rest")]


def test_shortfalls_count_officers_and_senior_cover_in_day_order():
    from services.cctv.rota.rota_rules import Shortfall
    senior = Person("sam", "Sam Ade", "senior", 37.5, ALL)
    boss = Person("max", "Max Lee", "manager", 37.5, frozenset({"early", "cover"}))
    tue = MONDAY + timedelta(days=1)
    p = Problem(MONDAY, 1, (ANN, senior, boss), ((MONDAY, "early", 1), (MONDAY, "late", 2), (tue, "night", 1)),
                rules=Rules(senior_hours_per_day=6), fixed=(Duty("ann", MONDAY, "late"),))
    duties = [Duty("max", MONDAY, "early"), Duty("sam", MONDAY, "night")]  # the manager fills no officer's place
    assert shortfalls(duties, p)[:4] == [
        Shortfall(MONDAY, "early", 1, 0), Shortfall(MONDAY, "late", 2, 1),
        Shortfall(tue, "night", 1, 0), Shortfall(tue, None, 360, 240)]  # Monday's night gives Tuesday 4 hours
    assert [s.day for s in shortfalls(duties, p)[4:]] == [MONDAY + timedelta(days=i) for i in range(2, 7)]


def test_an_uncovered_shift_and_a_day_short_of_senior_cover_explain_each_person():
    senior = Person("sam", "Sam Ade", "senior", 37.5, frozenset({"early", "cover"}))
    boss = Person("max", "Max Lee", "manager", 37.5, frozenset({"night"}))
    tue = MONDAY + timedelta(days=1)
    p = problem(people=(ANN, BEN, senior, boss), away=(("ben", tue),), rules=Rules(senior_hours_per_day=13))
    duties = {Duty("ann", MONDAY, "late"), Duty("sam", tue, "cover"), Duty("max", MONDAY, "night")}
    gap = next(s for s in shortfalls(duties, p) if s.day == tue and s.shift == "early")
    assert explain(gap, duties, p).reasons == (
        "0 of 1 officers on the Early on Tue 6 Oct.",
        "Ann Okoye would have only 8 h 15 min between the Late on Mon 5 Oct (ends Mon 5 Oct 23:45) and the Early on "
        "Tue 6 Oct (starts Tue 6 Oct 08:00): at least 11 h are needed.",
        "Ben Shah is away on Tue 6 Oct, so cannot work the Early on Tue 6 Oct.",
        "Sam Ade would work both the Early and the Cover on Tue 6 Oct.")
    free = next(s for s in shortfalls(duties, p) if s.day == MONDAY + timedelta(days=2) and s.shift == "early")
    assert explain(free, duties, p).reasons[1:3] == ("Ann Okoye could work it without breaking a rule.",
                                                     "Ben Shah could work it without breaking a rule.")
    cover = next(s for s in shortfalls(duties, p) if s.day == MONDAY and s.shift is None)
    assert explain(cover, duties, p).reasons == (
        "A senior or the manager is on duty for 4 h of the 13 h needed.",
        "Sam Ade could also work the Early on Mon 5 Oct or the Cover on Mon 5 Oct.",
        "Max Lee already works the Night on Mon 5 Oct.")
    on_tuesday = next(s for s in shortfalls(duties, p) if s.day == tue and s.shift is None)
    assert explain(on_tuesday, duties, p).reasons[1] == "Sam Ade already works the Cover on Tue 6 Oct."
    nobody = Person("kim", "Kim Roe", "senior", 37.5, frozenset({"late"}))
    wednesday = next(s for s in shortfalls(duties, p) if s.day == MONDAY + timedelta(days=2) and s.shift is None)
    assert explain(wednesday, duties, problem(people=(nobody,), away=(("kim", wednesday.day),))).reasons[1] == \
        "Kim Roe is away on Wed 7 Oct, so cannot work the Late on Wed 7 Oct."
    assert explain(wednesday, duties, Problem(MONDAY, 1, (nobody,), (), shifts=custom(
        ("day", time(8), time(16), False)))).reasons[1] == "Kim Roe may not work any of the day's shifts."


def test_capacity_compares_demand_with_what_the_officers_contracts_allow():
    from services.cctv.rota.rota_rules import capacity_note
    boss = Person("max", "Max Lee", "manager", 37.5, ALL)
    p = Problem(MONDAY, 1, (ANN, BEN, boss), ((MONDAY, "early", 2), (MONDAY, "night", 1)))
    assert capacity_note(p) == ("Demand is 3 officer-shifts (24 h); the officers' contracted hours allow at most 75 h, "
                                "before leave, rest and the shifts each may work.")


def test_each_persons_figures_count_only_the_period_and_requests_on_dates_and_weekdays():
    from services.cctv.rota.rota_rules import Figures
    p = problem(weeks=2, preferences=(Preference("ann", wants=True, day=date(2026, 10, 6), shift="early"),
                                      Preference("ann", wants=True, weekday=2),
                                      Preference("ben", wants=False, day=date(2026, 10, 5))),
                fixed=(Duty("ann", MONDAY - timedelta(days=1), "night"), Duty("ann", MONDAY, "late")))
    duties = [Duty("ann", date(2026, 10, 7), "cover"), Duty("ann", date(2026, 10, 6), "cover"),
              Duty("ann", date(2026, 10, 10), "early")]
    ann, ben = figures(duties, p)
    assert ann == Figures("ann", "Ann Okoye", 4, 32 * 60, 75 * 60, 0, 1, 1, 10 * 60 + 15, 3, 1, 1, 2)
    assert ben == Figures("ben", "Ben Shah", 0, 0, 75 * 60, 0, 0, 0, None, 0, 0, 1, 0)
    unpaid = Person("vol", "Val Oni", "officer", 0, ALL)
    assert figures([], problem(people=(unpaid,)))[0].contracted_minutes == 0


def test_the_small_helpers_read_as_people_do():
    from services.cctv.rota.rota_rules import hours
    assert (hours(0), hours(45), hours(60), hours(495)) == ("0 min", "45 min", "1 h", "8 h 15 min")
    assert (spread([3, 1, 2]), spread([]), spread([4])) == (2, 0, 0)
    on_date, weekly = Preference("ann", True, day=MONDAY), Preference("ann", True, weekday=0)
    assert on_date.covers(MONDAY) and not on_date.covers(MONDAY + timedelta(days=7))
    assert weekly.covers(MONDAY + timedelta(days=7)) and not weekly.covers(MONDAY + timedelta(days=1))
    friday_night = occurrence(SHIFT["night"], date(2026, 10, 9))
    assert (friday_night.minutes_on(date(2026, 10, 9)), friday_night.minutes_on(date(2026, 10, 10)),
            friday_night.minutes_on(date(2026, 10, 11))) == (120, 360, 0)
    assert times_problems(ShiftTimes(time(8), time(8), ends_next_day=True)) == []  # 24 hours exactly
    assert times_problems(ShiftTimes(time(8), time(8))) == ["The shift ends before it starts: if it ends the next "
                                                           "day, say so"]


def test_days_away_count_towards_the_contract():
    p = problem(weeks=1, away=(("ann", MONDAY), ("ann", MONDAY + timedelta(days=1)), ("ann", MONDAY + timedelta(days=9))))
    assert p.cap_minutes(ANN) == round(37.5 * 60 * 5 / 7)  # two of seven days away: five sevenths of a week's hours
    broken = check([Duty("ann", MONDAY + timedelta(days=i), "early") for i in (2, 3, 4, 6)], p)[0]
    assert [b.message for b in broken] == ["Ann Okoye would work 32 h in 1 weeks: more than their 26 h 47 min (37.5 "
                                           "hours a week, less the days away)."]
