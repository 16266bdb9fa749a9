"""The reporter's side as plain rules: who a reporter is, restrictions, recurrences, merges, privacy, and what a
reporter is told."""
from datetime import date, datetime, timedelta, timezone

import pytest

from shared.brent import LONDON
from services.noise import reporter_messages, reporter_rules
from services.noise.reporter_rules import CaseFacts, Person, Restriction

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 28)


@pytest.mark.parametrize("details, key", [
    ({"email": " Jo@Example.ORG ", "phone": "020 8937 0000"}, "email:jo@example.org"),
    ({"phone": "+44 (20) 8937-0000"}, "phone:02089370000"),
    ({"phone": "020 8937 0000"}, "phone:02089370000"),
    ({"phone": "12345"}, None),
    ({"name": "Jo"}, None),
    (None, None),
])
def test_a_reporter_is_found_again_by_email_else_by_phone(details, key):
    assert reporter_rules.contact_key(details) == key


def test_a_reporter_is_written_to_by_email_else_by_letter_else_not_at_all():
    assert reporter_rules.how_to_reach("jo@example.org", "1 High Road") == "email"
    assert reporter_rules.how_to_reach(" ", "1 High Road") == "letter"
    assert reporter_rules.how_to_reach(None, " ") is None


def test_a_restriction_stops_counting_until_its_review_date_unless_lifted():
    restriction = Restriction(review_on=TODAY + timedelta(days=1))
    assert reporter_rules.in_force(restriction, TODAY)
    assert not reporter_rules.in_force(restriction, TODAY + timedelta(days=1))  # on the review date they count
    assert not reporter_rules.in_force(Restriction(TODAY + timedelta(days=9), lifted=True), TODAY)
    assert reporter_rules.counts([], TODAY)
    assert not reporter_rules.counts([Restriction(TODAY + timedelta(days=1), True), restriction], TODAY)


def test_a_restriction_needs_a_reason_and_a_review_date_within_a_year():
    assert reporter_rules.restriction_problems(reason="  ", review_on=None, today=TODAY) == [
        {"field": "reason", "message": "Enter why the reporter is restricted, in a sentence or two (it is kept in "
                                       "the audit log and shown at the review)"},
        {"field": "review_on", "message": "Enter the date the restriction will be reviewed"}]
    assert [e["field"] for e in reporter_rules.restriction_problems(reason="short", review_on=TODAY,
                                                                    today=TODAY)] == ["reason", "review_on"]
    reason = "Forty reports in a week, none witnessed."
    assert reporter_rules.restriction_problems(reason=reason, review_on=TODAY + timedelta(days=366),
                                               today=TODAY) == []
    assert reporter_rules.restriction_problems(reason=reason, review_on=TODAY + timedelta(days=1), today=TODAY) == []
    late = reporter_rules.restriction_problems(reason=reason, review_on=TODAY + timedelta(days=367), today=TODAY)
    assert late[0]["message"].startswith("The review date must be within a year")


def test_lifting_needs_a_restriction_in_force_and_a_reason():
    assert [e["field"] for e in reporter_rules.lift_problems(reason="", in_force_now=False)] == ["reporter", "reason"]
    assert reporter_rules.lift_problems(reason="Reviewed", in_force_now=True) == []


def test_a_recurrence_is_only_on_the_reporters_own_case_with_sensible_times():
    own = {"NC-000001"}
    ok = dict(own_cases=own, started_at=NOW - timedelta(hours=5), ended_at=NOW - timedelta(hours=3),
              pattern="weekends", now=NOW)
    assert reporter_rules.recurrence_problems(case_reference="NC-000001", **ok) == []
    other = reporter_rules.recurrence_problems(case_reference="NC-000002", **ok)
    assert other == [{"field": "case_reference", "message": "You have not reported on case NC-000002. You can only "
                      "add to your own cases: report new noise as a new report"}]
    everything = reporter_rules.recurrence_problems(case_reference=None, own_cases=own, started_at=None,
                                                    ended_at=None, pattern="sometimes", now=NOW)
    assert [e["field"] for e in everything] == ["case_reference", "started_at", "pattern"]
    backwards = reporter_rules.recurrence_problems(case_reference="NC-000001", own_cases=own,
                                                   started_at=NOW - timedelta(hours=1),
                                                   ended_at=NOW - timedelta(hours=2), pattern="once", now=NOW)
    assert backwards == [{"field": "ended_at", "message": "The end must be after the start"}]
    future = reporter_rules.recurrence_problems(case_reference="NC-000001", own_cases=own,
                                                started_at=NOW + timedelta(minutes=6),
                                                ended_at=NOW + timedelta(hours=2), pattern="once", now=NOW)
    assert [e["field"] for e in future] == ["started_at", "ended_at"]
    old = reporter_rules.recurrence_problems(case_reference="NC-000001", own_cases=own,
                                             started_at=NOW - timedelta(days=366, minutes=1), ended_at=None,
                                             pattern="once", now=NOW)
    assert [e["message"] for e in old] == ["The start must be within the last year. For noise longer ago, contact "
                                           "the Nuisance Control Team"]
    assert reporter_rules.recurrence_problems(case_reference="NC-000001", own_cases=own,
                                              started_at=NOW - timedelta(days=366), ended_at=None, pattern="once",
                                              now=NOW) == []
    within_skew = reporter_rules.recurrence_problems(case_reference="NC-000001", own_cases=own,
                                                     started_at=NOW + timedelta(minutes=4), ended_at=None,
                                                     pattern="once", now=NOW)
    assert within_skew == []


def test_a_forms_times_cross_midnight_in_brent():
    started, ended, errors = reporter_rules.times_from_form(date(2026, 7, 4), "23:30", "01:30", LONDON)
    assert errors == []
    assert started == datetime(2026, 7, 4, 22, 30, tzinfo=timezone.utc)  # BST
    assert ended == datetime(2026, 7, 5, 0, 30, tzinfo=timezone.utc)
    same_day = reporter_rules.times_from_form(date(2026, 1, 4), "20:00", "22:00", LONDON)
    assert same_day[1] == datetime(2026, 1, 4, 22, 0, tzinfo=timezone.utc)
    assert reporter_rules.times_from_form(date(2026, 1, 4), "20:00", "", LONDON)[1] is None
    _, _, errors = reporter_rules.times_from_form(None, "8 o'clock", "late", LONDON)
    assert [e["field"] for e in errors] == ["started_at", "ended_at"]
    assert reporter_rules.times_from_form(date(2026, 1, 4), "", None, LONDON)[2] == [
        {"field": "started_at", "message": "Enter the time the noise started, like 23:30"}]


def _case(reference="NC-000001", status="monitoring", notices=False):
    return CaseFacts(reference, status, notices)


def test_a_case_merges_into_another_open_case_as_far_on_without_a_notice():
    assert reporter_rules.merge_problems(_case(), _case("NC-000002"), "NC-000002") == []
    assert reporter_rules.merge_reason_problems("Same flat, two spellings") == []
    assert reporter_rules.merge_reason_problems("  ") == reporter_rules.merge_reason_problems(None) == [
        {"field": "reason", "message": "Enter why the cases are about the same source"}]
    assert reporter_rules.merge_problems(_case(), _case("NC-000002", "investigating"), "NC-000002") == []
    assert reporter_rules.merge_problems(_case(), None, None)[0]["field"] == "into"
    assert reporter_rules.merge_problems(_case(), _case(), "NC-000001") == [
        {"field": "into", "message": "A case cannot be merged into itself. Enter the other case's reference"}]
    assert reporter_rules.merge_problems(_case(), None, "NC-000009") == [
        {"field": "into", "message": "There is no case NC-000009"}]
    closed = reporter_rules.merge_problems(_case(), _case("NC-000002", "closed"), "NC-000002")
    assert closed == [{"field": "into", "message": "Case NC-000002 is closed. Merge into an open case"}]
    further = reporter_rules.merge_problems(_case(status="qualified"), _case("NC-000002"), "NC-000002")
    assert further[0]["message"].endswith("Merge NC-000002 into NC-000001 instead")
    assert reporter_rules.merge_problems(_case(status="qualified"), _case("NC-000002", "qualified"),
                                         "NC-000002") == []
    noticed = reporter_rules.merge_problems(_case(status="notice_served", notices=True),
                                            _case("NC-000002", "notice_served"), "NC-000002")
    assert [e["field"] for e in noticed] == ["case"]
    assert reporter_rules.merge_problems(_case(status="closed"), _case("NC-000002"), "NC-000002")[0]["field"] == \
        "case"


JO = Person("Jo Neighbour", "jo@example.org", "020 8937 0000", "Flat 1, 16 Harlesden Road, London NW10 2BY")


@pytest.mark.parametrize("text", [
    "Complaint from JO NEIGHBOUR about music", "contact jo@example.org", "Tel +44 20 8937 0000",
    "Neighbour at Flat 1 16 Harlesden Rd London NW10 2BY heard it",
])
def test_text_that_names_a_reporter_is_caught(text):
    assert reporter_rules.mentions(text, JO)
    assert reporter_rules.privacy_problems({"requirements": text, "served_on_name": "Sam Source"}, [JO]) == [
        {"field": "requirements", "message": "This names or gives the contact details of someone who reported the "
         "noise. Take them out: a reporter is never identified to the source"}]


@pytest.mark.parametrize("text", [
    "Stop playing amplified music audible at the boundary of Flat 2, 14 Harlesden Road",
    "Jo Neighbourhood Watch", "Call 020 8937 0001", "", "Complaint ref 02089370000111",
])
def test_text_that_does_not_name_a_reporter_is_let_through(text):
    assert not reporter_rules.mentions(text, JO)


def _facts(**changes):
    base = dict(reference="NC-000123", reporter_name="Jo Neighbour", link="https://noise.example/follow/7-abc",
                needed=4, explanation="4 separate nuisance-level occasions began within 28 days (20 days from the "
                "first to the last).", outcome="no statutory nuisance witnessed",
                compliance_date=date(2026, 12, 24), merged_into="NC-000099")
    return reporter_messages.Facts(**{**base, **changes})


def test_each_message_says_what_happened_why_and_how_to_follow_the_case():
    received = reporter_messages.compose("received", _facts())
    assert received.subject == "We have logged your noise report: case NC-000123"
    assert received.paragraphs[0] == "Dear Jo Neighbour,"
    assert "4 separate occasions of noise within four weeks" in received.body
    assert "https://noise.example/follow/7-abc" in received.body
    qualified = reporter_messages.compose("qualified", _facts())
    assert "The reason: 4 separate nuisance-level occasions began within 28 days" in qualified.body
    assert "straight away" in reporter_messages.compose("qualified", _facts(significant=True)).body
    served = reporter_messages.compose("notice_served", _facts())
    assert "stop the nuisance by 24 December 2026" in served.body and "not told them who reported it" in served.body
    merged = reporter_messages.compose("merged", _facts())
    assert merged.subject == "Your noise reports are now part of case NC-000099"
    closed = reporter_messages.compose("closed", _facts(reporter_name=None))
    assert closed.paragraphs[0] == "Dear resident,"
    assert reporter_messages.OUTCOMES["no statutory nuisance witnessed"] in closed.body
    assert "Local Government and Social Care Ombudsman" in closed.body
    assert "The outcome: dealt with by magic." in reporter_messages.compose("closed", _facts(
        outcome="dealt with by magic")).body
    with pytest.raises(ValueError):
        reporter_messages.compose("gossip", _facts())


def test_every_closing_outcome_has_a_plain_english_reason():
    from services.noise.lifecycle import CLOSING_OUTCOMES

    assert set(CLOSING_OUTCOMES) <= set(reporter_messages.OUTCOMES)


# At the edges, with every message in full (what a person reads) -------------------------------------------------

def test_contact_and_reach_at_their_edges():
    assert reporter_rules.contact_key({"phone": "123456"}) == "phone:123456"
    assert reporter_rules.contact_key({"phone": "12345", "email": ""}) is None
    assert reporter_rules.contact_key({"phone": None, "email": None}) is None
    assert reporter_rules.how_to_reach(None, None) is None


def test_restriction_and_lifting_messages_at_their_edges():
    ten = "x" * 10
    assert reporter_rules.restriction_problems(reason=ten, review_on=TODAY + timedelta(days=1), today=TODAY) == []
    assert reporter_rules.restriction_problems(reason=ten[:-1], review_on=TODAY + timedelta(days=1),
                                               today=TODAY)[0]["field"] == "reason"
    assert reporter_rules.restriction_problems(reason=ten, review_on=TODAY, today=TODAY) == [
        {"field": "review_on", "message": "The review date must be in the future"}]
    assert reporter_rules.restriction_problems(reason=ten, review_on=TODAY + timedelta(days=367), today=TODAY) == [
        {"field": "review_on", "message": "The review date must be within a year: every restriction is reviewed at "
                                          "least once a year"}]
    assert reporter_rules.lift_problems(reason="abc", in_force_now=True) == []
    assert reporter_rules.lift_problems(reason="ab", in_force_now=False) == [
        {"field": "reporter", "message": "The reporter is not restricted: there is nothing to lift"},
        {"field": "reason", "message": "Enter why the restriction is lifted"}]


def test_recurrence_messages_and_times_at_their_edges():
    own = {"NC-000001"}

    def problems(**given):
        return reporter_rules.recurrence_problems(**{"case_reference": "NC-000001", "own_cases": own,
                                                     "started_at": NOW - timedelta(hours=2), "ended_at": None,
                                                     "pattern": "once", "now": NOW, **given})

    skew = timedelta(minutes=5)
    assert problems(started_at=NOW + skew, ended_at=NOW + skew) == []  # a phone's clock a little ahead
    assert problems(ended_at=NOW - timedelta(hours=2)) == []  # it stopped as soon as it started
    assert problems(ended_at=NOW) == []
    assert problems(case_reference=None, started_at=None, pattern=None) == [
        {"field": "case_reference", "message": "Select the case it happened again on"},
        {"field": "started_at", "message": "Enter the date and time the noise started"},
        {"field": "pattern", "message": "Select how often it happens"}]
    assert problems(started_at=NOW + timedelta(minutes=6)) == [
        {"field": "started_at", "message": "The start must be in the past"}]
    assert problems(ended_at=NOW + timedelta(minutes=6)) == [
        {"field": "ended_at", "message": "The end must be in the past. Leave it out if the noise has not stopped"}]


@pytest.mark.parametrize("typed, read", [
    ("23:30", (23, 30)), ("23.30", (23, 30)), ("2330", (23, 30)), ("11:30pm", (23, 30)), ("11:30 P.M.", (23, 30)),
    ("11pm", (23, 0)), ("12am", (0, 0)), ("12pm", (12, 0)), ("1am", (1, 0)), ("midnight", (0, 0)), ("Noon", (12, 0)),
    ("9", None), ("13pm", None), ("24:00", None), ("23:60", None), ("late", None), ("", None), (None, None),
])
def test_times_are_read_as_people_type_them_on_a_phone(typed, read):
    from datetime import time

    assert reporter_rules.read_time(typed) == (time(*read) if read else None)


def test_a_forms_unreadable_date_or_times_are_each_named():
    assert reporter_rules.times_from_form(None, "23:00", None, LONDON) == (None, None, [])  # the date says so itself
    assert reporter_rules.times_from_form(date(2026, 1, 4), "", "late", LONDON)[2] == [
        {"field": "started_at", "message": "Enter the time the noise started, like 23:30"},
        {"field": "ended_at", "message": "Enter a time like 23:30 or 11:30pm"}]
    started, ended, _ = reporter_rules.times_from_form(date(2026, 1, 4), "23:00", "23:00", LONDON)
    assert ended - started == timedelta(days=1)  # the same clock time again is the next day's


def test_merge_messages_in_full():
    assert reporter_rules.merge_problems(_case(), None, "") == [
        {"field": "into", "message": "Enter the reference of the case to merge this one into, like NC-000123"}]
    assert reporter_rules.merge_problems(_case(status="closed"), _case("NC-000002"), "NC-000002") == [
        {"field": "case", "message": "Case NC-000001 is closed: there is nothing to merge"}]
    assert reporter_rules.merge_problems(_case(status="notice_served"), _case("NC-000002", "investigating"),
                                         "NC-000002") == [
        {"field": "into", "message": "Case NC-000001 is further on (notice served) than NC-000002 (investigating). "
                                     "Merge NC-000002 into NC-000001 instead"}]
    assert reporter_rules.merge_problems(_case(status="investigating", notices=True),
                                         _case("NC-000002", "investigating"), "NC-000002") == [
        {"field": "case", "message": "Case NC-000001 has an abatement notice served on it. Merge NC-000002 into "
                                     "NC-000001 instead, so the notice stays with its case"}]


def test_what_counts_as_naming_someone_at_its_edges():
    assert reporter_rules.mentions("Seen by Amy at 10pm", Person(name="Amy"))  # a three-letter name
    assert not reporter_rules.mentions("Seen by Al at 10pm", Person(name="Al"))  # too short to tell
    assert reporter_rules.mentions("ring 123456", Person(phone="123 456"))
    assert not reporter_rules.mentions("ring 12345", Person(phone="12345"))
    assert reporter_rules.mentions("from 2 Elm Rd", Person(address="2 Elm Road"))  # '2 ELM RD': eight letters
    assert not reporter_rules.mentions("from 2 Elm", Person(address="2 Elm"))
    assert not reporter_rules.mentions("XXXX", Person())  # someone with no details is never "found"
    assert reporter_rules.privacy_problems({"requirements": None}, [Person(name="Xxxx")]) == []


@pytest.mark.parametrize("boxes, expected", [
    (("27", "11", "2026"), (date(2026, 11, 27), [], None)),
    ((" 7 ", "1 1", "2026"), (date(2026, 11, 7), [], None)),  # spaces typed inside the boxes do not matter
    (("", "", ""), (None, ["day", "month", "year"], "Enter the date the noise started")),
    ((None, None, None), (None, ["day", "month", "year"], "Enter the date the noise started")),
    (("27", "", "2026"), (None, ["month"], "The date the noise started must include a month")),
    (("", "11", ""), (None, ["day", "year"], "The date the noise started must include a day and a year")),
    (("31", "2", "2026"), (None, ["day", "month", "year"],
                           "The date the noise started must be a real date, like 27 11 2026")),
    (("27", "11", "26"), (None, ["day", "month", "year"],
                          "The date the noise started must be a real date, like 27 11 2026")),  # a 4-digit year
    (("27", "Nov", "2026"), (None, ["day", "month", "year"],
                             "The date the noise started must be a real date, like 27 11 2026")),
    (("-1", "11", "2026"), (None, ["day", "month", "year"],
                            "The date the noise started must be a real date, like 27 11 2026")),
])
def test_the_date_boxes_give_the_date_or_say_which_boxes_are_wrong_in_govuk_words(boxes, expected):
    assert reporter_rules.date_from_boxes(*boxes) == expected


@pytest.mark.parametrize("typed, problem", [
    ("jo@example.org", None),
    ("", "Enter your email address"),
    ("jo.example.org", "Enter an email address in the correct format, like name@example.com"),
    ("jo@", "Enter an email address in the correct format, like name@example.com"),
    ("j" * 188 + "@example.org", None),  # 200 characters
    ("j" * 189 + "@example.org", "Email address must be 200 characters or fewer"),
])
def test_an_email_address_typed_by_a_reporter_is_checked_in_govuk_words(typed, problem):
    assert reporter_rules.email_problem(typed) == problem
