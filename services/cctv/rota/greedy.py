"""A rota made by hand's method: day by day, shift by shift, the officer with the fewest hours so far who can take
it without breaking a rule (rota_rules decides); then the manager where a day lacks senior cover. It is the
solver's first rota (its hint) and the baseline the benchmark compares the solver with."""
from collections import defaultdict

from services.cctv.rota.rota_rules import SENIOR_ROLES, Duty, Person, Problem, check_person


def rota(problem: Problem) -> list[Duty]:
    """The shifts the greedy method gives, for the open days of the problem (the fixed ones are not repeated)."""
    taken = set(problem.fixed)
    minutes = defaultdict(int)
    for duty in taken:
        if problem.in_period(duty.day) and duty.shift in problem.shift:
            minutes[duty.person] += problem.occurrence(duty.day, duty.shift).minutes
    staffed = defaultdict(int)
    for duty in taken:
        person = problem.person.get(duty.person)
        staffed[(duty.day, duty.shift)] += bool(person and person.staffs_shifts)
    made = []
    own = defaultdict(list)
    for duty in taken:
        own[duty.person].append(duty)

    def lawful(person: Person, day, shift: str) -> bool:  # the greedy rota breaks no rule before this shift
        return not check_person(person.id, own[person.id] + [Duty(person.id, day, shift)], problem)[0]

    def add(duty: Duty) -> None:
        taken.add(duty)
        own[duty.person].append(duty)
        made.append(duty)

    for day in problem.open_days:
        for shift in problem.shifts:
            for person in sorted((p for p in problem.people if p.staffs_shifts and shift.code in p.shifts),
                                 key=lambda p: (minutes[p.id] / max(p.contracted_hours, 1), p.id)):
                if staffed[(day, shift.code)] >= problem.needed.get((day, shift.code), 0):
                    break
                if lawful(person, day, shift.code):
                    add(Duty(person.id, day, shift.code))
                    staffed[(day, shift.code)] += 1
                    minutes[person.id] += problem.occurrence(day, shift.code).minutes
        for person in (p for p in problem.people if not p.staffs_shifts and p.role in SENIOR_ROLES):
            for shift in problem.shifts:
                if shift.code in person.shifts and lawful(person, day, shift.code):
                    add(Duty(person.id, day, shift.code))
                    break
    return made
