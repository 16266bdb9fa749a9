"""Control rooms to solve rotas for, in the tests and `make bench`: the seed's (five officers, a senior and the
manager, one officer on each shift each day) and bigger generated ones, with leave and requests drawn from a
seed so that a run can be repeated."""
import random
from datetime import date, timedelta

from services.cctv.rota.rota_rules import Person, Preference, Problem
from services.cctv.rota.shift_rules import DEFAULT_SHIFTS

ALL = frozenset(s.code for s in DEFAULT_SHIFTS)
DAYS_ONLY = frozenset({"early", "cover"})


def control_room(first: date, weeks: int, *, officers=5, **more) -> Problem:
    """The seed's control room: `officers` officers, a senior and the manager; one officer on each shift each day."""
    people = tuple(Person(f"o{i}", f"Officer {i}", "officer", 37.5, ALL) for i in range(officers)) + (
        Person("senior", "Senior", "senior", 37.5, frozenset({"early", "cover", "late"})),
        Person("manager", "Manager", "manager", 37.5, DAYS_ONLY))
    days = [first + timedelta(days=i) for i in range(7 * weeks)]
    return Problem(first, weeks, people, tuple((d, s.code, 1) for d in days for s in DEFAULT_SHIFTS), **more)


def generated(seed: int, *, staff: int, weeks: int, first: date = date(2026, 10, 5)) -> Problem:
    """A control room of `staff` people (one in twelve a senior, one in twelve a manager; some part-time, some on
    days only), demand sized to what they can work, and a few days' leave and requests for about one in three."""
    rng = random.Random(seed)
    people = []
    for i in range(staff):
        role = "manager" if i % 12 == 11 else "senior" if i % 12 == 10 else "officer"
        hours = rng.choice([37.5, 37.5, 37.5, 30.0, 22.5]) if role == "officer" else 37.5
        shifts = DAYS_ONLY if role == "manager" or rng.random() < 0.1 else ALL
        people.append(Person(f"p{i}", f"Person {i}", role, hours, shifts))
    days = [first + timedelta(days=i) for i in range(7 * weeks)]
    staffing = sum(p.contracted_hours for p in people if p.staffs_shifts) / 8 / 28  # officers a shift, on average
    base = max(1, int(staffing * 0.95))
    demand = tuple((d, s.code, base + (1 if s.code in ("late", "night") and d.weekday() in (4, 5) else 0))
                   for d in days for s in DEFAULT_SHIFTS)
    away, preferences = [], []
    for person in people:
        if rng.random() < 0.33:
            start = rng.randrange(len(days))
            away += [(person.id, days[j]) for j in range(start, min(len(days), start + rng.randint(1, 7)))]
        if rng.random() < 0.33:
            preferences.append(Preference(person.id, wants=rng.random() < 0.5, weekday=rng.randrange(7),
                                          shift=rng.choice([None, *sorted(person.shifts)])))
    return Problem(first, weeks, tuple(people), demand, away=tuple(away), preferences=tuple(preferences))
