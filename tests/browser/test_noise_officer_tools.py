"""The nuisance officers' reporter-side tools in real headless Chromium: sorting the queue by the oldest recording
nobody has assessed, merging one case into another (every error at once, then the merged case with all its
occasions), a reporter's record with restricting and lifting (every error at once, by its field), the letters to
post (downloaded with the sign-in, marked as posted), and the team's wards. A screenshot of each state at 1280 and
390 px, no axe-core violations, and no sideways scrolling on a phone.

Everything is committed for real (the browser's requests cannot share a test transaction): each test reports from
addresses and as reporters of its own, and removes exactly its own rows afterwards (cases, incidents, reporters and
their restrictions, messages, e-mails, alerts, queue entries, outbox rows, officers), so that other tests see
nothing of it. The audit log is append-only: its rows stay."""
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, text
from sqlalchemy.orm import Session

from shared.accounts.models import User
from shared.accounts.service import create_or_update_user
from tests.browser.conftest import check, choose, delete_noise_cases, served, sign_ins
from tests.conftest import bearer
from tests.noise.conftest import days_ago, report

pytestmark = pytest.mark.browser
NCO, PASSWORD = "browser.nuisance-tools", "brent-demo-browser"
CALLER = "browser.tools-intake"  # the nuisance officer whose API calls file the reports


@pytest.fixture(scope="module")
def tools_app(settings, migrated):
    from services.noise.app import create_app

    return create_app(settings, {"TESTING": True})


@pytest.fixture(scope="module")
def tools_server(tools_app, migrated):
    """The noise app on a real HTTP server and a nuisance officer who signs in; afterwards both accounts go (each
    test removed its own data)."""
    with Session(migrated) as session:
        create_or_update_user(session=session, username=NCO, password=PASSWORD, roles=["nuisance_officer"],
                              display_name="Rui Mendes")
        session.commit()
    with served(tools_app) as url:
        yield url
    with Session(migrated) as session:
        session.execute(delete(User).where(User.username.in_([NCO, CALLER])))
        session.commit()


@dataclass
class Scene:
    """One test's data: reports from addresses of its own, as reporters of its own, and officers it saved."""

    app: object
    engine: object
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    references: set = field(default_factory=set)
    officers: set = field(default_factory=set)

    def address(self, place: int) -> str:
        return f"{place + 1} Tools Test Road {self.tag.upper()}, London NW10 4AB"

    def email(self, name: str) -> str:
        return f"{name.split()[0].lower()}.{self.tag}@example.org"

    def report(self, place: int | None, name: str | None, days: int, hour: int = 22, **changes) -> dict:
        """File a report about `place` (None: the reporter could not say where from) from `name` (None: anonymous)
        through the API; returns the receipt."""
        changes.setdefault("reporter", {"name": name, "email": self.email(name)} if name else None)
        body = report(started=days_ago(days, hour=hour), address=self.address(place or 0), **changes)
        if place is None:
            body["source"] = {"ward": body["source"]["ward"]}
        answer = self.app.test_client().post("/api/v1/incidents", json=body, headers={
            **bearer(CALLER, "nuisance_officer"), "Idempotency-Key": str(uuid.uuid4())})
        assert answer.status_code == 201, answer.json
        self.references.add(answer.json["case_reference"])
        return answer.json

    def reporter_id(self, name: str) -> int:
        with Session(self.engine) as session:
            return session.execute(text("SELECT id FROM noise.reporters WHERE email = :e"),
                                   {"e": self.email(name)}).scalar_one()

    def transaction(self):
        return self.app.extensions["sbo_db"].transaction()

    def flag(self, reference: str) -> None:
        """Put the qualified case in the team's queue, as the worker does."""
        from services.noise import flagging
        from services.noise.models import Case

        with self.transaction() as session:
            case = session.query(Case).filter_by(reference=reference).one()
            flagging.flag(session=session, case_reference=reference,
                          decision_id=next(d.id for d in reversed(case.decisions) if d.qualifies),
                          team_email="team@x.test")

    def tell(self, reference: str, kind: str = "received") -> None:
        """Write message `kind` to the case's reporters, as the worker would."""
        from services.noise import reporters

        with self.transaction() as session:
            assert reporters.tell(session, case_reference=reference, kind=kind, reporter_ids=None,
                                  reach=reporters.Reach.from_settings(self.app.config["SETTINGS"]),
                                  now=datetime.now(timezone.utc)) >= 1

    def received(self, incident_id: int, days: float) -> None:
        """Move a report's arrival `days` back (a recording that has waited that long)."""
        with self.transaction() as session:
            session.execute(text("UPDATE noise.incidents SET received_at = now() - make_interval(secs => :s) "
                                 "WHERE id = :i"), {"s": days * 86400, "i": incident_id})

    def alert(self, reference: str, incident_id: int) -> None:
        """The alerts the hourly check raises for a recording nobody assessed: its officer's, then the team leader's."""
        from services.noise.models import Case, EvidenceAlert

        now = datetime.now(timezone.utc)
        with self.transaction() as session:
            case = session.query(Case).filter_by(reference=reference).one()
            session.add_all([EvidenceAlert(incident_id=incident_id, case_id=case.id, level="officer",
                                           sent_to="team@x.test", raised_at=now - timedelta(days=3)),
                             EvidenceAlert(incident_id=incident_id, case_id=case.id, level="team_leader",
                                           sent_to="leader@x.test", raised_at=now)])

    def remove(self) -> None:
        """Delete this test's rows, whoever made them (the API, the page or the test)."""
        with self.engine.begin() as conn:
            cases = conn.execute(text("SELECT id, reference FROM noise.cases WHERE reference = ANY(:r) OR "
                                      "address LIKE :a"), {"r": sorted(self.references),
                                                           "a": f"% Tools Test Road {self.tag.upper()},%"}).all()
            case_ids = [c.id for c in cases]
            reporter_ids = list(conn.execute(text(
                "SELECT DISTINCT reporter_id FROM noise.incidents WHERE case_id = ANY(:c) AND reporter_id IS NOT NULL "
                "UNION SELECT id FROM noise.reporters WHERE email LIKE :e"),
                {"c": case_ids, "e": f"%.{self.tag}@example.org"}).scalars())
            delete_noise_cases(conn, case_ids, reporter_ids, tuple(sorted(self.officers)))


@pytest.fixture
def scene(tools_app, migrated):
    """This test's data, removed afterwards (even when the test fails)."""
    scene = Scene(tools_app, migrated)
    yield scene
    scene.remove()


@pytest.fixture
def open_page(browser, tools_server):
    """Sign in at a width (1280 unless told): the page, ready at the queue; fails the test on a script error."""
    with sign_ins(browser, tools_server, NCO, PASSWORD, "Flagged cases") as sign_in:
        yield sign_in


def in_page_order(page) -> list[str]:
    """The error summary's messages, after checking that each links to its field and the fields are in page order."""
    summary = page.locator(".govuk-error-summary")
    links = summary.locator("a").all()
    fields = [page.locator(f"#{link.get_attribute('href')[1:]}") for link in links]
    tops = [f.bounding_box()["y"] for f in fields]
    assert tops == sorted(tops)
    return summary.locator("li").all_inner_texts()


def test_the_queue_sorts_by_the_oldest_recording_nobody_has_assessed(open_page, scene, screenshots):
    waiting = {}
    for place, days_waited in ((0, 8), (1, 2)):  # the case flagged first has the older waiting recording
        for days in (20, 14, 8):
            reference = scene.report(place, "Ada Lovelace" if place == 0 else "Ben Marsh", days)["case_reference"]
        scene.flag(reference)
        recording = scene.report(place, None, 1, assessment="unassessed")
        scene.received(recording["id"], days_waited)
        waiting[reference] = days_waited
    first, second = waiting
    page = open_page()
    rows = page.locator("#queue-table tbody tr")

    def shown_in_order(references):  # among the rows (other cases may be in the queue too)
        page.wait_for_function("""(refs) => JSON.stringify([...document.querySelectorAll('#queue-table tbody th')]
            .map((th) => th.textContent).filter((r) => refs.includes(r))) === JSON.stringify(refs)""", arg=references)

    shown_in_order([second, first])  # newest first
    expect(rows.filter(has_text=first)).to_contain_text("Waiting too long")  # 8 days: over the 5 allowed
    expect(rows.filter(has_text=second)).to_contain_text("To assess")
    page.get_by_label("Sort by").select_option(label="Oldest unreviewed recording first")
    page.get_by_role("button", name="Sort").click()
    shown_in_order([first, second])
    expect(page.get_by_label("Sort by")).to_have_value("oldest_unreviewed_evidence")
    check(page, screenshots, "noise-tools-queue-sorted")


def test_merging_a_case_into_another_shows_every_error_then_the_merged_case(open_page, scene, screenshots):
    into = [scene.report(0, "Cy Twombly", days) for days in (20, 14)][-1]["case_reference"]
    away = [scene.report(1, "Di Fenwick", days) for days in (10, 4)][-1]["case_reference"]
    waiting = scene.report(0, None, 14, hour=23, assessment="unassessed")  # the same night: one occasion
    scene.alert(into, waiting["id"])
    page = open_page()
    page.goto(f"/#case/{away}")
    expect(page.get_by_role("heading", name=f"Case {away}")).to_be_visible()
    form = page.locator("#merge-form")
    form.get_by_role("button", name="Merge this case").click()  # nothing given: every problem at once
    summary = page.locator(".govuk-error-summary")
    expect(summary.locator("li")).to_have_count(2)
    assert in_page_order(page) == [
        "Enter the reference of the case to merge this one into, like NC-000123",
        "Enter why the cases are about the same source"]
    expect(page.locator("#merge-into-error")).to_contain_text("Enter the reference of the case")
    expect(page.locator("#merge-reason-error")).to_contain_text("Enter why the cases are about the same source")
    assert page.title().startswith("Error: ")
    check(page, screenshots, "noise-tools-merge-errors")

    form.get_by_label("Reference of the case to merge this one into").fill(away)  # itself: refused, by its field
    form.get_by_label("Why they are about the same source").fill("Same flat: one caller gave the block's name")
    form.get_by_role("button", name="Merge this case").click()
    expect(page.locator("#merge-into-error")).to_contain_text("A case cannot be merged into itself")
    expect(summary.locator("li")).to_have_count(1)

    form.get_by_label("Reference of the case to merge this one into").fill(into.lower())
    form.get_by_role("button", name="Merge this case").click()
    expect(page.get_by_role("heading", name=f"Case {into}")).to_be_visible()
    expect(page).to_have_url(re.compile(f"#case/{into}$"))
    banner = page.locator("#done-banner")
    expect(banner).to_contain_text(f"Case {away} is merged into case {into}.")
    expect(banner).to_contain_text("3 separate nuisance-level occasions began within 28 days")  # the decision's words
    expect(page.locator("#case-timeline .app-occasion")).to_have_count(4)  # two of each case's occasions...
    expect(page.locator("#case-timeline .app-occasion--nuisance")).to_have_count(4)  # ...all counted
    expect(page.locator("#case-summary")).to_contain_text("Qualified")
    expect(page.locator("#case-decisions li").first).to_contain_text("(after a merge)")
    alerts = page.locator("#case-alerts")
    expect(alerts.get_by_role("heading")).to_have_text("Alerts: recordings not assessed in time")
    expect(alerts.locator("tbody tr")).to_have_count(2)
    expect(alerts).to_contain_text("Team leader (escalated)")
    expect(alerts).to_contain_text("leader@x.test")
    expect(page.locator("#case-actions")).to_contain_text("Merged from")
    assert page.title() == f"Case {into} - Noise cases - Safer Brent"
    check(page, screenshots, "noise-tools-merged")

    page.go_back()  # the case merged away: closed, and where its reports went
    expect(page.get_by_role("heading", name=f"Case {away}")).to_be_visible()
    expect(page.locator("#case-summary")).to_contain_text(f"merged into {into}")
    page.locator("#case-summary").get_by_role("link", name=f"Case {into}").click()
    expect(page.get_by_role("heading", name=f"Case {into}")).to_be_visible()


def test_restricting_a_reporter_shows_every_error_then_the_restriction_and_lifting_it(open_page, scene, screenshots):
    for days in (20, 14):
        reference = scene.report(0, "Ed Kowalski", days)["case_reference"]
    scene.report(0, "Flo Hart", 8)
    scene.tell(reference)
    page = open_page()
    page.goto(f"/#case/{reference}")
    timeline = page.locator("#case-timeline")
    expect(timeline.locator("tr", has_text="Flo Hart")).to_have_count(1)
    timeline.locator("tr", has_text="Flo Hart").get_by_role("link", name="Reporter").click()
    expect(page.get_by_role("heading", name="Flo Hart")).to_be_visible()
    summary_list = page.locator("#reporter-summary")
    expect(summary_list).to_contain_text(scene.email("Flo Hart"))
    expect(summary_list).to_contain_text("Counted")
    expect(page.locator("main")).to_contain_text("While a reporter is restricted, their reports are kept but do not "
                                                 "count towards the threshold, until the review date")
    expect(page.locator("#reporter-reports")).to_contain_text(reference)
    expect(page.locator("#reporter-messages")).to_contain_text("We have logged your noise report")
    expect(page.locator("#reporter-messages")).to_contain_text("Email")
    expect(page.get_by_role("link", name=f"Back to case {reference}")).to_be_visible()

    form = page.locator("#restrict-form")
    form.get_by_role("button", name="Restrict this reporter").click()  # nothing given: both problems at once
    summary = page.locator(".govuk-error-summary")
    expect(summary.locator("li")).to_have_count(2)
    messages = in_page_order(page)
    assert messages[0].startswith("Enter why the reporter is restricted")
    assert messages[1] == "Enter the date the restriction will be reviewed"
    expect(page.locator("#restrict-reason-error")).to_be_visible()
    expect(page.locator("#restrict-review_on-day-error")).to_have_text(
        "Error: Enter the date the restriction will be reviewed")
    expect(page.locator("#restrict-review_on-day")).to_have_attribute(
        "aria-describedby", "restrict-review_on-hint restrict-review_on-day-error")
    check(page, screenshots, "noise-tools-restrict-errors")

    review = date.today() + timedelta(days=90)
    form.get_by_label("Why they are restricted").fill("Thirty reports in a week; nothing witnessed on six visits.")
    form.get_by_label("Day").fill(str(review.day))  # GOV.UK's date input: day, month, year; first a month left out
    form.get_by_label("Year").fill(str(review.year))
    form.get_by_role("button", name="Restrict this reporter").click()
    expect(summary.locator("li")).to_have_text(["Review date must include a month"])  # seen on the page, not sent
    expect(page.locator("#restrict-review_on-month")).to_have_class(re.compile("govuk-input--error"))
    page.set_viewport_size({"width": 390, "height": 844})  # on a phone
    check(page, screenshots, "noise-tools-review-date-error-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    form.get_by_label("Month").fill(str(review.month))
    form.get_by_role("button", name="Restrict this reporter").click()
    shown_review = f"{review.day} {review:%B %Y}"
    expect(page.locator("#done-text")).to_have_text(f"Flo Hart is restricted until {shown_review}: their reports are "
                                                    "kept but do not count towards the threshold")
    expect(summary).to_have_count(0)
    expect(summary_list).to_contain_text(f"Restricted Not counted until {shown_review}")
    history = page.locator("#reporter-restrictions tbody tr")
    expect(history).to_have_count(1)
    expect(history).to_contain_text("In force")
    expect(history).to_contain_text(NCO)
    check(page, screenshots, "noise-tools-restricted")

    lift = page.locator("#lift-form")
    lift.get_by_role("button", name="Lift the restriction").click()
    expect(page.locator("#lift-reason-error")).to_have_text("Error: Enter why the restriction is lifted")
    lift.get_by_label("Why the restriction is lifted").fill("Reviewed with the team leader")
    lift.get_by_role("button", name="Lift the restriction").click()
    expect(page.locator("#done-text")).to_have_text("Flo Hart's restriction is lifted: their reports count towards "
                                                    "the threshold again")
    expect(summary_list).to_contain_text("Counted")
    expect(history).to_contain_text(f"by {NCO}: Reviewed with the team leader")
    expect(page.locator("#lift-form")).to_have_count(0)

    page.get_by_role("link", name=f"Back to case {reference}").click()
    decisions = page.locator("#case-decisions")
    expect(decisions).to_contain_text("(after a reporter's restriction was lifted)")
    expect(decisions).to_contain_text("(after a reporter was restricted)")


def test_letters_to_post_are_downloaded_with_the_sign_in_and_marked_as_posted(open_page, scene, screenshots):
    body = scene.report(0, None, 3, reporter={"name": "Pat Post", "address": "3 Letter Lane, London NW10 1AA"})
    reference = body["case_reference"]
    scene.tell(reference)
    page = open_page()
    page.get_by_role("link", name="Letters to post").click()
    expect(page.get_by_role("heading", name="Letters to post")).to_be_visible()
    row = page.locator("#letters-body .govuk-summary-card", has_text=reference)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("We have logged your noise report")
    assert page.title() == "Letters to post - Noise cases - Safer Brent"
    check(page, screenshots, "noise-tools-letters")

    with page.expect_download() as downloading:
        row.get_by_role("link", name="Download (PDF)").click()
    download = downloading.value
    assert download.suggested_filename.startswith(f"{reference}-letter-")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    row.get_by_role("button", name="Mark as posted").click()
    expect(page.locator("#done-banner")).to_contain_text(f"The letter for case {reference}")
    expect(page.locator("#done-text")).to_have_text(re.compile(r"is marked as posted$"))
    expect(page.locator("#letters-body .govuk-summary-card", has_text=reference)).to_have_count(0)


def test_an_officer_and_the_wards_they_cover_are_saved_with_every_error_at_once(open_page, scene, screenshots):
    first, second = f"browser.ward-{scene.tag}-a", f"browser.ward-{scene.tag}-b"
    scene.officers |= {first, second}
    page = open_page()
    page.get_by_role("link", name="Team and wards").click()
    expect(page.get_by_role("heading", name="Team and wards")).to_be_visible()
    form = page.locator("#officer-form")
    boxes = form.locator("input[name=wards]")
    expect(boxes).to_have_count(22)  # Brent's wards

    form.get_by_role("button", name="Save officer").click()  # nothing given: every problem at once, in order
    expect(page.locator(".govuk-error-summary li")).to_have_count(3)
    assert in_page_order(page) == ["Enter the officer's username", "Enter the officer's name",
                                   "Enter the officer's email address"]
    check(page, screenshots, "noise-tools-team-errors")

    form.get_by_label("Username").fill(first)
    form.get_by_label("Full name").fill("Gus Ward")
    form.get_by_label("Email address").fill("not an address")
    form.get_by_label("Kilburn").check()
    form.get_by_label("Kenton").check()
    form.get_by_role("button", name="Save officer").click()
    expect(page.locator(".govuk-error-summary li")).to_have_text(
        ["Enter an email address in the correct format, like name@example.com"])
    expect(page.locator("#officer-email-error")).to_be_visible()
    form.get_by_label("Email address").fill("gus.ward@brent.test")
    form.get_by_role("button", name="Save officer").click()
    expect(page.locator("#done-text")).to_have_text("Gus Ward is saved, covering 2 wards: Kenton, Kilburn")
    row = page.locator("#team-body .govuk-summary-card", has_text=first)
    expect(row).to_contain_text("Kenton, Kilburn")
    form = page.locator("#officer-form")  # drawn again, with who covers each ward
    expect(form.locator(".govuk-checkboxes__hint", has_text="Covered by Gus Ward")).to_have_count(2)

    form.get_by_label("Username").fill(second)
    form.get_by_label("Full name").fill("Hana Cole")
    form.get_by_label("Email address").fill("hana.cole@brent.test")
    form.get_by_label("Kilburn").check()  # Gus's
    form.get_by_role("button", name="Save officer").click()
    expect(page.locator("#officer-wards-error")).to_contain_text("Kilburn is covered by Gus Ward.")
    check(page, screenshots, "noise-tools-team-ward-taken")

    row.get_by_role("link", name="Change").click()  # Gus gives Kilburn up
    expect(form.get_by_label("Username")).to_have_value(first)
    expect(form.get_by_label("Kilburn")).to_be_checked()
    form.get_by_label("Kilburn").uncheck()
    form.get_by_role("button", name="Save officer").click()
    expect(page.locator("#done-text")).to_have_text("Gus Ward is saved, covering 1 ward: Kenton")
    check(page, screenshots, "noise-tools-team")


def test_every_new_view_reads_well_and_is_accessible_on_a_phone(open_page, scene, screenshots):
    for days in (20, 14, 8):
        reference = scene.report(0, "Ida Wells", days)["case_reference"]
    scene.flag(reference)
    scene.received(scene.report(0, None, 1, assessment="unassessed")["id"], 7)
    unknown = scene.report(None, "Jon Snowden", 2)["case_reference"]
    letter = scene.report(1, None, 3, reporter={"name": "Kit Post", "address": "4 Letter Lane, London NW10 1AA"})
    scene.tell(letter["case_reference"])
    page = open_page(390)
    page.get_by_label("Sort by").select_option("oldest_unreviewed_evidence")
    page.get_by_role("button", name="Sort").click()
    expect(page.locator("#queue-table tr", has_text=reference)).to_contain_text("Waiting too long")
    why = page.locator("#queue-table tr", has_text=reference).locator("td", has_text="nuisance-level occasions")
    left, right = why.evaluate("cell => [cell.getBoundingClientRect().left, cell.getBoundingClientRect().right]")
    assert 0 <= left and right <= 390  # each row a block on a phone: why it qualified is read whole, not cut off
    expect(why).to_have_attribute("data-label", "Why")  # shown above it, as its column's heading
    check(page, screenshots, "noise-tools-390-queue")

    page.goto(f"/#case/{unknown}")
    expect(page.get_by_role("heading", name=f"Case {unknown}")).to_be_visible()
    expect(page.locator("#case-summary")).to_contain_text("Source not yet known")
    page.locator("#merge-form").get_by_role("button", name="Merge this case").click()
    expect(page.locator(".govuk-error-summary li")).to_have_count(2)
    check(page, screenshots, "noise-tools-390-merge-errors")

    page.locator("#case-timeline").get_by_role("link", name="Reporter").click()
    expect(page.get_by_role("heading", name="Jon Snowden")).to_be_visible()
    page.locator("#restrict-form").get_by_role("button", name="Restrict this reporter").click()
    expect(page.locator(".govuk-error-summary li")).to_have_count(2)
    check(page, screenshots, "noise-tools-390-reporter-errors")

    menu, letters = page.get_by_role("button", name="Menu"), page.get_by_role("link", name="Letters to post")
    expect(letters).to_be_hidden()  # on a phone the menu is folded behind its button
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    check(page, screenshots, "noise-tools-390-menu")
    letters.click()
    expect(page.locator("#letters-body .govuk-summary-card", has_text=letter["case_reference"])).to_have_count(1)
    expect(menu).to_have_attribute("aria-expanded", "false")  # folded again once a view is chosen
    expect(letters).to_be_hidden()
    check(page, screenshots, "noise-tools-390-letters")

    choose(page, "Team and wards")
    form = page.locator("#officer-form")
    form.get_by_role("button", name="Save officer").click()
    expect(page.locator(".govuk-error-summary li")).to_have_count(3)
    check(page, screenshots, "noise-tools-390-team-errors")
    officer = f"browser.ward-{scene.tag}"
    scene.officers.add(officer)
    form.get_by_label("Username").fill(officer)
    form.get_by_label("Full name").fill("Lou Reyes")
    form.get_by_label("Email address").fill("lou.reyes@brent.test")
    form.get_by_label("Wembley Central").check()
    form.get_by_role("button", name="Save officer").click()
    expect(page.locator("#team-body .govuk-summary-card", has_text=officer)).to_contain_text("Wembley Central")
    check(page, screenshots, "noise-tools-390-team")


def test_an_export_is_uploaded_and_followed_until_its_report_of_rows_not_imported(open_page, scene, screenshots,
                                                                                  tmp_path):
    from services.noise import imports
    from tests.noise.test_imports import export, row

    page = open_page()
    page.get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", name="Import a Noise App export")).to_be_visible()
    page.get_by_role("button", name="Import", exact=True).click()  # no file chosen
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Select the export to import"])
    expect(page.locator("#import-file-error")).to_have_text("Error: Select the export to import")
    check(page, screenshots, "noise-tools-import-error")
    page.set_viewport_size({"width": 390, "height": 844})
    check(page, screenshots, "noise-tools-390-import-error")
    page.set_viewport_size({"width": 1280, "height": 900})

    sam = {"Reporter name": "Sam Import", "Reporter email": scene.email("Sam Import")}
    export_file = tmp_path / "october.csv"
    export_file.write_bytes(export([row(f"{scene.tag}-1", 9, address=scene.address(5), **sam),
                                    row(f"{scene.tag}-2", 5, address=scene.address(5), Ward="Camden", **sam),
                                    row(f"{scene.tag}-3", 2, address=scene.address(6), **sam)]))
    page.get_by_label("Upload the export").set_input_files(str(export_file))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#import-stage")).to_have_text("Waiting to start: 0%")
    expect(page.locator("#import-status progress")).to_have_attribute("value", "0")
    check(page, screenshots, "noise-tools-import-waiting")
    import_id = int(page.evaluate("location.hash").split("/")[1])
    try:
        with scene.app.app_context():  # the worker's part, as the worker does it
            imports.run(transaction=scene.transaction, import_id=import_id, path=imports.upload_path(import_id),
                        mapping=None, now=lambda: datetime.now(timezone.utc), needed=3, gap=timedelta(hours=3))
        expect(page.locator("#import-stage")).to_have_text("Finished")  # the page follows it by itself
        summary = page.locator("#import-status .govuk-summary-list")
        expect(summary).to_contain_text("Rows read3")
        expect(summary).to_contain_text("Added2")
        expect(summary).to_contain_text("Rejected1")
        expect(page.locator("#import-status table tbody tr")).to_have_text(["3Choose one of Brent's 22 wards"])
        check(page, screenshots, "noise-tools-import-finished")
        page.set_viewport_size({"width": 390, "height": 844})
        check(page, screenshots, "noise-tools-390-import-finished")
    finally:
        imports.upload_path(import_id).unlink(missing_ok=True)
        with scene.engine.begin() as conn:
            conn.execute(text("DELETE FROM noise.import_rejections WHERE import_id = :i"), {"i": import_id})
            conn.execute(text("DELETE FROM noise.imports WHERE id = :i"), {"i": import_id})
            conn.execute(text("DELETE FROM noise.outbox WHERE task = 'noise.run_import' AND payload::text ~ :p"),
                         {"p": rf'"import_id": ?{import_id}\y'})
