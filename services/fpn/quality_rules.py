"""Quality assurance of enforcement: the monthly sample of each officer's notices for a supervisor to review, and
each officer's mix of notices against the team's. Plain values in, decisions out.

Where councils' enforcement went wrong, it showed in the mix: one contractor issued about 7,000 notices for
cigarette ends against 111 for dog fouling. So an officer whose notices are mostly of one type, far more than the
team's, is flagged, for a supervisor to look at (a flag is a question, not a finding).
"""
import math
import random
from dataclasses import dataclass

REVIEW_OUTCOMES = ("correct", "problem")
FLAG_SHARE = 0.6  # a notice type at least this share of an officer's notices...
FLAG_TIMES = 2.0  # ...and at least this many times the team's share of it...
FLAG_MINIMUM = 10  # ...among at least this many notices (fewer say little)


def sample_size(count: int, share: float) -> int:
    """How many of an officer's `count` notices in the month are reviewed: the share, rounded up, and at least
    one of any officer who issued one (so every officer is reviewed every month they issue)."""
    return min(count, max(1, math.ceil(count * share)))


def draw(notices_by_officer: dict[str, list[str]], share: float, rng: random.Random) -> dict[str, list[str]]:
    """A random sample of each officer's notices: `sample_size` of them, none twice."""
    return {officer: sorted(rng.sample(numbers, sample_size(len(numbers), share)))
            for officer, numbers in sorted(notices_by_officer.items()) if numbers}


@dataclass(frozen=True)
class Flag:
    """A notice type an officer gives far more than the team does."""

    notice_type: str
    share: float  # of the officer's notices
    team_share: float  # of the rest of the team's

    def words(self) -> str:
        """The flag as a supervisor reads it."""
        return (f"Mostly {self.notice_type}: {self.share:.0%} of their notices, against {self.team_share:.0%} "
                "for the rest of the team")


def flags(officer: dict[str, int], team: dict[str, int]) -> list[Flag]:
    """The notice types that dominate an officer's notices far beyond the mix of the rest of the team (`team`:
    the other officers' counts by notice type)."""
    total, team_total = sum(officer.values()), sum(team.values())
    if total < FLAG_MINIMUM or not team_total:
        return []
    found = []
    for notice_type, count in sorted(officer.items()):
        share, team_share = count / total, team.get(notice_type, 0) / team_total
        if share >= FLAG_SHARE and share >= FLAG_TIMES * team_share:
            found.append(Flag(notice_type, share, team_share))
    return found
