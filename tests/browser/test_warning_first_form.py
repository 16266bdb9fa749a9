"""Warning first, on the officers' form in a real headless Chromium: a person warned under the order last month is
shown to the officer with that warning, and their fixed penalty is accepted; a first breach gets the policy's
error unless the officer says why a fixed penalty is needed."""
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from services.fpn import notices, register
from services.fpn.models import IssuingPolicy, Notice
from services.fpn.notice_numbers import display
from services.fpn.schemas import NoticeRequestSchema
from tests.browser.conftest import OFFICER, check, officer_notices
from tests.browser.test_mobile_form import fill_notice, issue, sign_in
from tests.fpn.conftest import prohibition_id

pytestmark = pytest.mark.browser


@pytest.fixture
def warned_last_month(migrated, demo_data):
    """The 2023 order gives a warning for a first breach (for this test only), and Sam Example was warned under it
    last month."""
    with Session(migrated) as session:
        order = register.get_order(session=session, code="BRENT-PSPO-2023")
        policy = register.add_policy(session=session, order=order, effective_from=date(2025, 1, 1),
                                     rule="warning_first", lookback_days=365, source="browser test", actor="tests")
        body = NoticeRequestSchema().load({
            "order_code": "BRENT-PSPO-2023",
            "prohibition_id": prohibition_id(session, "boroughwide", "alcohol-consumption"),
            "occurred_at": (datetime.now(timezone.utc) - timedelta(hours=2)).isoformat(),
            "location": {"ward": "Wembley Central", "street_address": "High Road, Wembley HA9"},
            "observed": "Drinking from a can.", "outcome": "warning", "identification_shown": True,
            "offender": {"name": "Sam Example", "date_of_birth": "1990-05-17", "address": "1 Example Road"}})
        warning, _ = notices.issue(session=session, issued_by=OFFICER, key=str(uuid.uuid4()), body=body,
                                   now=datetime.now(timezone.utc), max_age_days=183)
        warning.issued_at = warning.effective_at = datetime.now(timezone.utc) - timedelta(days=30)
        session.commit()
        policy_id, number = policy.id, warning.number
    yield display(number)
    with Session(migrated) as session:
        session.execute(delete(IssuingPolicy).where(IssuingPolicy.id == policy_id))
        register._changed(session)
        session.commit()


def test_the_officer_sees_the_earlier_warning_and_a_further_breach_gets_a_fixed_penalty(page, warned_last_month,
                                                                                         migrated, screenshots):
    sign_in(page)
    fill_notice(page)
    earlier = page.locator("#earlier")
    expect(earlier).to_contain_text("Suggested outcome: a fixed penalty notice")
    expect(earlier).to_contain_text(f"Warning {warned_last_month} on ")
    expect(earlier).to_contain_text("the same name and date of birth")
    check(page, screenshots, "form-earlier-warning")
    issue(page)
    expect(page.get_by_role("heading", name="Notice issued")).to_be_visible()
    fines = [n for n in officer_notices(migrated) if n.outcome == "fpn"]
    assert len(fines) == 1 and fines[0].policy_override is None


def test_a_first_breach_needs_a_reason_for_a_fixed_penalty_and_the_reason_is_recorded(page, warned_last_month,
                                                                                      migrated, screenshots):
    sign_in(page)
    fill_notice(page)
    page.get_by_label("Full name").fill("Robin Firsttime")
    page.get_by_label("Full name").blur()
    expect(page.locator("#earlier")).to_contain_text("Suggested outcome: a warning")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary li")).to_have_text(
        ["Give a warning for a first breach, or say why a fixed penalty notice is needed"])
    check(page, screenshots, "form-warning-first-error")
    page.get_by_label("why a fixed penalty notice instead").fill("Threatened me when asked to stop drinking")
    issue(page)
    expect(page.get_by_role("heading", name="Notice issued")).to_be_visible()
    with Session(migrated) as session:
        made = session.scalar(select(Notice).where(Notice.issued_by == OFFICER, Notice.outcome == "fpn"))
        assert made.policy_override == "Threatened me when asked to stop drinking"
        assert made.identification_shown is True
