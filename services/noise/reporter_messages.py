"""What a reporter is told at each step of their case, in plain English with the reason: plain functions from a
case's facts to a message's subject and paragraphs (services.noise.reporters sends them by e-mail or letter).

A message names the reporter (it goes to them) and their case, never another reporter, and never the person the
noise comes from.
"""
from dataclasses import dataclass
from datetime import date

from shared.brent import day

KINDS = ("received", "qualified", "notice_served", "merged", "closed")
WITH_LETTER = ("closed",)  # the written outcome: a PDF letter, attached to the e-mail as well
TEAM = "Nuisance Control Team, Brent Council"
THRESHOLD_WORDS = ("Brent's Nuisance Control Team starts an investigation when there have been {needed} separate "
                   "occasions of noise within four weeks that an officer judges a nuisance, or sooner if one is "
                   "serious enough on its own.")
OUTCOMES = {
    "abated": "The noise has stopped: the person responsible has dealt with it, so there is nothing more for us "
              "to do.",
    "no statutory nuisance witnessed": "Our officers did not witness noise at a level the law treats as a "
                                       "statutory nuisance, so we cannot take formal action against it.",
    "logged, no further action": "There were not enough separate occasions of noise judged a nuisance within four "
                                 "weeks to start an investigation, and nothing new has been reported for more than "
                                 "four weeks. Your reports stay on our records.",
    "prosecuted": "The person responsible kept breaking the abatement notice, and the case has been taken to court.",
    "withdrawn by the reporter": "The case was withdrawn at the reporter's request.",
    "referred to the housing provider": "The noise comes from a housing association home, so the housing provider "
                                        "is dealing with it through the tenancy, as we agreed with them.",
}
COMPLAINTS = ("If you are unhappy with how we handled your case, you can complain to Brent Council at "
              "brent.gov.uk/complaints. If you are still unhappy after that, you can ask the Local Government and "
              "Social Care Ombudsman to look at it.")


@dataclass(frozen=True)
class Facts:
    """What a message about a case says: taken from the case when it is written."""

    reference: str
    reporter_name: str | None
    link: str  # the reporter's private link
    needed: int = 3
    explanation: str | None = None  # the threshold decision's, when the case qualified
    significant: bool = False
    outcome: str | None = None
    compliance_date: date | None = None
    merged_into: str | None = None


@dataclass(frozen=True)
class Message:
    subject: str
    paragraphs: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def _follow(facts: Facts) -> str:
    return (f"You can follow your case, and tell us if the noise happens again, at your private link (keep it to "
            f"yourself: anyone with it can see your reports): {facts.link} If you lose it, you can have it sent to "
            f"you again at {facts.link.rsplit('/follow/', 1)[0]}/follow/")


def compose(kind: str, facts: Facts) -> Message:
    """The message of `kind` (one of KINDS) about the case in `facts`."""
    greeting = f"Dear {facts.reporter_name}," if facts.reporter_name else "Dear resident,"
    if kind == "received":
        subject = f"We have logged your noise report: case {facts.reference}"
        middle = [f"Thank you for reporting noise to us. Your report is logged under case {facts.reference}, with "
                  "any other reports about the same place.",
                  THRESHOLD_WORDS.format(needed=facts.needed) + " Until then we keep a record and watch for "
                  "further reports. We will write to you when an officer takes the case on, and when it is closed.",
                  "If the noise happens again, please tell us each time: every separate occasion counts."]
    elif kind == "qualified":
        subject = f"Your noise case {facts.reference} has been passed to an officer"
        why = ("An officer judged it serious enough to investigate straight away." if facts.significant else
               f"The reason: {facts.explanation}" if facts.explanation else "It has reached the threshold.")
        middle = [f"Case {facts.reference} now qualifies for investigation, and a Nuisance Control officer will "
                  f"look into it. {why}",
                  "The officer may contact you to arrange a visit, or ask you to keep a diary of the noise. We never "
                  "tell the person responsible who reported it."]
    elif kind == "notice_served":
        subject = f"An abatement notice has been served: case {facts.reference}"
        by = f" by {day(facts.compliance_date)}" if facts.compliance_date else ""
        middle = ["Our officer was satisfied that the noise is a statutory nuisance, so we have served an abatement "
                  "notice (Environmental Protection Act 1990, section 80) on the person responsible. It requires "
                  f"them to stop the nuisance{by}.",
                  "If the noise happens again after that date, please tell us straight away: breaking the notice can "
                  "lead to a fixed penalty notice or prosecution. We have not told them who reported it."]
    elif kind == "merged":
        subject = f"Your noise reports are now part of case {facts.merged_into}"
        middle = [f"An officer found that case {facts.reference} and case {facts.merged_into} are about the same "
                  f"place, so we have joined them: your reports are now part of case {facts.merged_into}. Nothing "
                  "you reported is lost, and every report counts towards the threshold together."]
    elif kind == "closed":
        subject = f"The outcome of your noise case {facts.reference}"
        reason = OUTCOMES.get(facts.outcome or "", f"The outcome: {facts.outcome}.")
        middle = [f"We have closed case {facts.reference}. {reason}",
                  "If the noise starts again, please report it: a new report opens a new case, and you can use your "
                  "private link to do it.", COMPLAINTS]
    else:
        raise ValueError(f"unknown kind of message to a reporter: {kind}")
    return Message(subject, (greeting, *middle, _follow(facts), f"Yours sincerely,\n{TEAM}"))


def link_again(reporter_name: str | None, link: str) -> Message:
    """The e-mail a reporter asked for on the page for finding their reports: their private link, again."""
    greeting = f"Dear {reporter_name}," if reporter_name else "Dear resident,"
    return Message("Your link to your noise reports", (
        greeting,
        "You asked for the link to the noise you reported to Brent Council. Here it is: you can see what has "
        "happened to your reports, and tell us if the noise happens again, at your private link (keep it to "
        f"yourself: anyone with it can see your reports): {link}",
        "If you did not ask for this, you can ignore this e-mail: nobody else has been sent your link.",
        f"Yours sincerely,\n{TEAM}"))
