"""Warning first, then a fine: each order's issuing policy, and who has been warned before. Plain values in, a
decision or a Problem out.

An order's policy is register data with dates, like its penalties: "fpn_at_once", or "warning_first" (a first breach
within the look-back period gets a warning; a further one a fixed penalty). Whether the person was warned before is
found by matching the offender against earlier notices under the same order: on the registration mark for vehicle
orders; otherwise on name and date of birth, saying how sure the match is.
"""
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher

from shared.brent import day
from shared.errors import Problem

RULES = ("fpn_at_once", "warning_first")
CERTAIN, LIKELY, POSSIBLE = "certain", "likely", "possible"
COUNTED = (CERTAIN, LIKELY)  # matches a policy relies on; a possible one is shown for the officer to judge
LIKELY_NAME = 0.85  # how alike two names with the same date of birth must be to be the same person, probably


@dataclass(frozen=True)
class Policy:
    """An order's issuing policy from a date."""

    effective_from: date
    rule: str
    lookback_days: int | None = None  # warning_first: how far back an earlier notice counts

    def words(self) -> str:
        """The policy as an officer reads it."""
        if self.rule == "warning_first":
            return (f"a first breach within {self.lookback_days} days gets a warning; a further breach gets a fixed "
                    "penalty notice")
        return "a fixed penalty notice at the first breach"


@dataclass(frozen=True)
class Earlier:
    """An earlier notice that may have been given to the same person (nothing about who they are)."""

    number: str
    issued_on: date
    outcome: str  # fpn | warning, as issued
    state: str
    notice_type: str
    match: str  # certain | likely | possible


def applicable(policies: list[Policy], on: date) -> Policy | None:
    """The policy in effect on `on`: the latest to start on or before it (None: no policy, an FPN at once)."""
    started = [p for p in policies if p.effective_from <= on]
    return max(started, key=lambda p: p.effective_from) if started else None


def _name(text: str | None) -> str:
    """A name for comparing: accents, case, punctuation and extra spaces removed."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z ]", " ", plain).split())


def plain_mark(text: str | None) -> str:
    """A registration mark for comparing: letters and digits only, upper case."""
    return re.sub(r"[^A-Z0-9]", "", (text or "").upper())


def match(offender: dict, earlier: dict, *, vehicle: bool) -> str | None:
    """How sure it is that `earlier` (an earlier notice's offender) is `offender`: certain, likely, possible, or
    None. A vehicle: the same mark is certain. A person: the same name and date of birth is certain; the same date
    of birth and a very similar name (a slip, a middle name) likely; the same name where either has no date of birth
    only possible."""
    if vehicle:
        mark = plain_mark(offender.get("registration_mark"))
        return CERTAIN if mark and mark == plain_mark(earlier.get("registration_mark")) else None
    name, other = _name(offender.get("name")), _name(earlier.get("name"))
    if not name or not other:
        return None
    born, other_born = str(offender.get("date_of_birth") or ""), str(earlier.get("date_of_birth") or "")
    if born and other_born:
        if born != other_born:
            return None
        if name == other:
            return CERTAIN
        return LIKELY if SequenceMatcher(None, name, other).ratio() >= LIKELY_NAME else None
    return POSSIBLE if name == other else None


def breaches_before(earlier: list[Earlier], policy: Policy, on: date) -> list[Earlier]:
    """The earlier notices that count under the policy: matched well enough, given (not cancelled or awaiting
    approval), and within the look-back period before `on`."""
    since = on - timedelta(days=policy.lookback_days or 0)
    return [e for e in earlier if e.match in COUNTED and e.state not in ("cancelled", "pending_approval")
            and since <= e.issued_on <= on]


def expected_outcome(policy: Policy | None, earlier: list[Earlier], on: date) -> tuple[str, str]:
    """The outcome the policy expects for a breach on `on`, and why, in a sentence for the officer."""
    if policy is None or policy.rule == "fpn_at_once":
        return "fpn", "The order's policy is a fixed penalty notice at the first breach."
    counted = breaches_before(earlier, policy, on)
    if counted:
        last = max(counted, key=lambda e: e.issued_on)
        given = "warned" if last.outcome == "warning" or last.state == "warning" else "given a fixed penalty notice"
        return "fpn", (f"This person was {given} under this order on {day(last.issued_on)} ({last.number}): a further "
                       "breach gets a fixed penalty notice.")
    return "warning", (f"No earlier warning under this order in the last {policy.lookback_days} days: the order's "
                       "policy is a warning for a first breach.")


def check_outcome(policy: Policy | None, earlier: list[Earlier], on: date, outcome: str,
                  override: str | None) -> None:
    """Refuse an FPN where the policy expects a warning, unless the officer records why (a supervisor sees every
    such override). A warning where an FPN is expected is always allowed: it is the lighter outcome."""
    expected, why = expected_outcome(policy, earlier, on)
    if outcome == "fpn" and expected == "warning" and not override:
        raise Problem("Warning first", f"{why} Give a warning, or record why a fixed penalty notice is needed "
                      "(for example aggravating behaviour).", kind="warning-first",
                      errors=[{"field": "outcome", "message": "Give a warning for a first breach, or record why a "
                                                              "fixed penalty notice is needed"}])
