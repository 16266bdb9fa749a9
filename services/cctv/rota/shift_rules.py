"""The control room's shifts as data, and when each one really starts and ends: plain values, no solver, no session.

A shift has a start and an end time for Sunday to Thursday and another for Friday and Saturday (the day it
starts decides which). An end earlier than its start is only allowed when the shift is marked as ending the next
day: a Late from 17:45 to 01:45 crosses midnight; a shift "from 16:00 to 08:00" on one day is a mistake.

Times are wall-clock times in Europe/London, turned into real moments the way RFC 5545 (iCalendar, section 3.3.5)
does, so the rota, its hours and the staff's calendar feeds always agree:
- a time in the hour that does not exist when the clocks go forward (01:00-02:00 on the last Sunday of March) is
  read with the offset before the change: a Late "ending 01:45" that night ends at 01:45 GMT, which the clocks
  show as 02:45 BST, after a full 8 hours;
- a time in the hour that happens twice when the clocks go back (01:00-02:00 on the last Sunday of October) is
  its first occurrence (BST): a Late ending 01:45 that night ends the first time the clocks show 01:45.
Hours are then real elapsed hours: the Night of 28-29 March 2026 (22:00-06:00) lasts 7 hours, and that of
24-25 October 2026 lasts 9.
"""
from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime, time, timedelta, timezone

from shared.brent import LONDON

WEEKEND_DAYS = (4, 5)  # Friday and Saturday (Monday is 0): their shifts start and end later
NIGHT_TIME = (time(23, 0), time(6, 0))  # the Working Time Regulations' night time, as the domain sets it
NIGHT_SHIFT_MINUTES = 3 * 60  # a shift with at least 3 hours of night time is night work (reg. 2)
SHIFT_ORDER_FORWARD = ("early", "cover", "late", "night")  # forward rotation runs this way
MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class ShiftTimes:
    start: time
    end: time
    ends_next_day: bool = False


@dataclass(frozen=True)
class ShiftDefinition:
    """One of the control room's shifts: its code ("early"), its name, and its times on each kind of day."""

    code: str
    name: str
    sunday_to_thursday: ShiftTimes
    friday_saturday: ShiftTimes
    unpopular: bool = False  # shared out fairly, like nights and weekends

    def times_on(self, day: date) -> ShiftTimes:
        return self.friday_saturday if day.weekday() in WEEKEND_DAYS else self.sunday_to_thursday


# The four shifts as the domain facts give them: the defaults the manager starts from, and may change.
DEFAULT_SHIFTS = (
    ShiftDefinition("early", "Early", ShiftTimes(time(8), time(16)), ShiftTimes(time(10), time(18))),
    ShiftDefinition("cover", "Cover", ShiftTimes(time(10), time(18)), ShiftTimes(time(12), time(20))),
    ShiftDefinition("late", "Late", ShiftTimes(time(15, 45), time(23, 45)),
                    ShiftTimes(time(17, 45), time(1, 45), ends_next_day=True), unpopular=True),
    ShiftDefinition("night", "Night", ShiftTimes(time(20), time(4), ends_next_day=True),
                    ShiftTimes(time(22), time(6), ends_next_day=True)),
)


def times_problems(times: ShiftTimes) -> list[str]:
    """What is wrong with one day-kind's times, in words a manager can act on (empty when they are fine)."""
    if times.ends_next_day:
        return ["A shift that ends the next day must end earlier in the day than it starts (at most 24 hours)."] \
            if times.end > times.start else []
    if times.end <= times.start:
        return ["The shift ends before it starts: if it ends the next day, say so"]
    return []


def minutes(span: timedelta) -> int:
    """Whole minutes in a span of time."""
    return span // MINUTE


def moment(day: date, wall: time) -> datetime:
    """The real moment (UTC) a London wall-clock time on `day` stands for (RFC 5545's reading: see the module)."""
    local = datetime.combine(day, wall).replace(tzinfo=LONDON, fold=0)
    return local.astimezone(timezone.utc)


@dataclass(frozen=True)
class Occurrence:
    """A shift on a day: when it really starts and ends (UTC)."""

    day: date  # the day it starts, which decides its times
    shift: str
    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        return minutes(self.end - self.start)

    @cached_property
    def night_minutes(self) -> int:
        """Minutes of night time (23:00-06:00 London) in the shift."""
        total = 0
        for night_day in (self.day - timedelta(days=1), self.day, self.day + timedelta(days=1)):
            begins = moment(night_day, NIGHT_TIME[0])
            ends = moment(night_day + timedelta(days=1), NIGHT_TIME[1])
            total += max(0, minutes(min(self.end, ends) - max(self.start, begins)))
        return total

    @property
    def is_night(self) -> bool:
        return self.night_minutes >= NIGHT_SHIFT_MINUTES

    @property
    def is_weekend(self) -> bool:
        """Any part of it falls on a Saturday or Sunday (London)."""
        return any(d.weekday() >= 5 for d in (self.start.astimezone(LONDON).date(),
                                               (self.end - timedelta(minutes=1)).astimezone(LONDON).date()))

    def minutes_on(self, day: date) -> int:
        """Minutes of the shift that fall on a London calendar day."""
        begins, ends = moment(day, time(0)), moment(day + timedelta(days=1), time(0))
        return max(0, minutes(min(self.end, ends) - max(self.start, begins)))


def occurrence(shift: ShiftDefinition, day: date) -> Occurrence:
    """The shift as worked on `day`, in real time."""
    times = shift.times_on(day)
    start = moment(day, times.start)
    end = moment(day + timedelta(days=1) if times.ends_next_day else day, times.end)
    return Occurrence(day, shift.code, start, end)


def rank(code: str) -> int:
    """A shift's place in forward rotation (Early, Cover, Late, Night); other shifts come after them."""
    return SHIFT_ORDER_FORWARD.index(code) if code in SHIFT_ORDER_FORWARD else len(SHIFT_ORDER_FORWARD)
