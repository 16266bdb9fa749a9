"""When a noise case is handed to the Nuisance Control Team: the qualifying threshold, as plain rules.

- **Occasions.** Incidents about one source that overlap, or fall within `gap` of each other (3 hours unless
  configured), are one occasion: three neighbours reporting the same party make one occasion, not three.
- **Nuisance level.** An occasion counts towards the threshold when an officer assessed at least one of its
  incidents as a nuisance; incidents not yet assessed, or assessed as not a nuisance, are kept but do not count.
- **The threshold.** A case qualifies when it has `needed` separate nuisance-level occasions (3 unless configured;
  the team uses 3 or 4) whose first and last start no more than 28 days apart. Days are Brent's calendar days,
  counted inclusively: occasions starting on 1 and 29 March are 28 days apart and count together; 1 and 30 March
  (29 days) do not.
- **Significant at once.** A case also qualifies as soon as an officer marks one of its incidents significant: a
  matter serious enough to investigate without waiting for the threshold.
- **Monitoring ends.** Below the threshold a case is monitored. It is closed as "logged, no further action" once
  more than 28 days have passed since its last occasion began: until then a new occasion could still count
  together with it.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.brent import london_date

NEEDED_CHOICES = (3, 4)
DEFAULT_NEEDED = 3
WINDOW_DAYS = 28
DEFAULT_GAP = timedelta(hours=3)
QUIET_DAYS = 28


@dataclass(frozen=True)
class Occasion:
    """One occasion of noise from a source: when it began and ended, and whether it was assessed a nuisance."""

    started_at: datetime
    ended_at: datetime
    nuisance: bool
    id: int | None = None


@dataclass(frozen=True)
class Decision:
    """Whether a case qualifies, why, and the occasions that made it (or that it has so far)."""

    qualifies: bool
    reason: str  # "threshold", "significant" or "below-threshold"
    occasions: tuple[Occasion, ...]
    explanation: str


def same_occasion(started_at: datetime, ended_at: datetime, occasion: Occasion, gap: timedelta = DEFAULT_GAP) -> bool:
    """True when an incident from `started_at` to `ended_at` overlaps `occasion` or falls within `gap` of it."""
    return started_at <= occasion.ended_at + gap and ended_at >= occasion.started_at - gap


def merge(occasions: list[Occasion], started_at: datetime, ended_at: datetime, nuisance: bool) -> Occasion:
    """The one occasion an incident makes together with the occasions it joins (possibly several, which it
    bridges): from the earliest start to the latest end, a nuisance if any part was assessed one."""
    return Occasion(started_at=min([started_at, *(o.started_at for o in occasions)]),
                    ended_at=max([ended_at, *(o.ended_at for o in occasions)]),
                    nuisance=nuisance or any(o.nuisance for o in occasions))


def group_occasions(incidents: list[tuple[datetime, datetime, bool]],
                    gap: timedelta = DEFAULT_GAP) -> list[Occasion]:
    """Group incidents (start, end, assessed a nuisance) into occasions, in order of start."""
    occasions: list[Occasion] = []
    for started_at, ended_at, nuisance in sorted(incidents):  # by start (then end): the tuples' own order
        if occasions and same_occasion(started_at, ended_at, occasions[-1], gap):
            occasions[-1] = merge([occasions[-1]], started_at, ended_at, nuisance)
        else:
            occasions.append(Occasion(started_at, ended_at, nuisance))
    return occasions


def days_apart(first: Occasion, last: Occasion) -> int:
    """Calendar days in Brent between two occasions' starts."""
    return (london_date(last.started_at) - london_date(first.started_at)).days


def decide(occasions: list[Occasion], *, needed: int = DEFAULT_NEEDED, significant: bool = False) -> Decision:
    """Whether a case with these occasions qualifies for investigation (see the module's rules)."""
    if needed not in NEEDED_CHOICES:
        raise ValueError(f"the qualifying number of occasions is 3 or 4, not {needed}")
    counted = sorted((o for o in occasions if o.nuisance), key=lambda o: o.started_at)
    if significant:
        return Decision(True, "significant", tuple(counted),
                        "An officer marked an incident significant, so the case qualifies at once.")
    for first in range(len(counted) - needed + 1):
        run = counted[first:first + needed]
        if days_apart(run[0], run[-1]) <= WINDOW_DAYS:
            return Decision(True, "threshold", tuple(run),
                            f"{needed} separate nuisance-level occasions began within {WINDOW_DAYS} days "
                            f"({days_apart(run[0], run[-1])} days from the first to the last).")
    best = _closest(counted, needed)
    return Decision(False, "below-threshold", tuple(best),
                    f"{len(best)} of the {needed} nuisance-level occasions needed within {WINDOW_DAYS} days.")


def _closest(counted: list[Occasion], needed: int) -> list[Occasion]:
    """The most nuisance-level occasions that began within the window of each other (fewer than `needed`), the
    latest such run where several are as long: the one an officer would watch."""
    best: list[Occasion] = []
    for first, start in enumerate(counted):
        run = [o for o in counted[first:first + needed] if days_apart(start, o) <= WINDOW_DAYS]
        if len(run) >= len(best):
            best = run
    return best


def monitoring_ends(last_occasion_started_at: datetime, now: datetime) -> bool:
    """True when a monitored case has had no new occasion for long enough to close it."""
    return (london_date(now) - london_date(last_occasion_started_at)).days > QUIET_DAYS
