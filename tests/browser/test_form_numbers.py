"""Notice numbers on the phone, in a real headless Chromium: each sign-in gets a block, each notice takes the next
number (FPN or WN) when the officer presses Issue and shows it at once, with or without signal; a number is used
once; the phone asks for more when few are left, and returns its blocks on signing out. And "My notices today"."""
import re
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.fpn.models import NumberBlock
from services.fpn.notice_numbers import display
from shared.accounts.models import User
from shared.auth import issue_token
from tests.browser.conftest import OFFICER, officer_notices
from tests.browser.test_mobile_form import (NOTICE_NUMBER, another, fill_notice, issue, numbers_kept,
                                            save_notice_with_no_signal, sign_in)
from tests.conftest import SECRET

pytestmark = pytest.mark.browser


def blocks_of_this_phone(page, migrated) -> list[NumberBlock]:
    device = page.evaluate("localStorage.getItem('fpn.device')")
    with Session(migrated) as session:
        return session.scalars(select(NumberBlock).where(NumberBlock.device == device)
                               .order_by(NumberBlock.id)).all()


def test_each_sign_in_gets_a_block_and_a_warning_takes_its_number_as_a_warning(page, migrated):
    sign_in(page)
    kept = numbers_kept(page)
    [block] = blocks_of_this_phone(page, migrated)
    assert len(kept) == 20 and block.username == OFFICER and block.returned_at is None
    assert re.fullmatch(r"phone-[0-9a-f-]{32,36}", block.device)

    fill_notice(page)
    page.get_by_label("Warning", exact=True).check()
    issue(page, button="Issue warning")

    expect(page.get_by_role("heading", name="Warning issued")).to_be_visible()
    expect(page.locator(".govuk-panel")).to_contain_text(f"Warning number {kept[0]['warning']}")
    expect(page.locator("#result-amounts")).not_to_contain_text("Amount")  # nothing to pay
    assert [display(n.number) for n in officer_notices(migrated)] == [kept[0]["warning"]]

    another(page)
    fill_notice(page)
    issue(page)
    expect(page.locator(".govuk-panel")).to_be_visible()
    expect(page.locator(".govuk-panel")).to_contain_text(kept[1]["fpn"])  # the next digits: each used once
    assert numbers_kept(page) == kept[2:]


def test_with_no_numbers_left_and_no_signal_the_notice_is_numbered_when_it_is_sent(page, context, migrated,
                                                                                   screenshots):
    sign_in(page)
    page.evaluate("localStorage.setItem('fpn.numbers', '{}')")  # every number on the phone used
    context.set_offline(True)
    fill_notice(page)
    issue(page)

    expect(page.get_by_role("heading", name="Saved on this phone")).to_be_visible()
    expect(page.locator(".govuk-panel")).to_contain_text("The notice is given its number when it is sent")
    expect(page.locator("#result-saved")).to_contain_text("This phone has no numbers left to give it.")
    page.screenshot(path=screenshots / "saved-without-a-number.png", full_page=True)
    assert officer_notices(migrated) == []

    context.set_offline(False)

    expect(page.locator("#sent-banner")).to_contain_text(NOTICE_NUMBER)
    assert len(officer_notices(migrated)) == 1
    page.wait_for_function(f"(JSON.parse(localStorage.getItem('fpn.numbers')) || {{}})['{OFFICER}']?.length > 0")
    assert len(blocks_of_this_phone(page, migrated)) == 2  # and, with signal, the phone asked for more


def test_a_saved_notice_whose_number_is_already_used_is_kept_for_attention_and_reissued_with_the_next(
        page, context, migrated, live_app):
    number = save_notice_with_no_signal(page, context)
    saved = page.evaluate("JSON.parse(localStorage.getItem('fpn.queue'))[0].body")
    with Session(migrated) as session:
        version = session.scalar(select(User.token_version).where(User.username == OFFICER))
    token = issue_token(SECRET, OFFICER, ["enforcement_officer"], version=version)
    meanwhile = live_app.test_client().post("/api/v1/notices", json=saved, headers={
        "Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())})  # the same number, elsewhere
    assert meanwhile.status_code == 201 and meanwhile.json["number"] == number
    following = numbers_kept(page)[0]["fpn"]
    another(page)

    context.set_offline(False)

    attention = page.locator("#attention")
    expect(attention).to_contain_text(f"{number}: Sam Example")
    expect(attention).to_contain_text(f"{number} is already on another notice. Issue this one again")
    expect(page.locator("#queue-banner")).to_be_hidden()
    attention.get_by_role("button", name="Put back in the form").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(f"{number} is already on another notice")
    issue(page)

    expect(page.locator(".govuk-panel")).to_be_visible()
    expect(page.locator(".govuk-panel")).to_contain_text(following)
    assert sorted(display(n.number) for n in officer_notices(migrated)) == sorted([number, following])


def test_the_phone_asks_for_another_block_when_fewer_than_five_numbers_are_left(page, migrated):
    sign_in(page)
    page.evaluate(f"""() => {{ const all = JSON.parse(localStorage.getItem('fpn.numbers'));
                               all['{OFFICER}'][0].numbers.splice(4);
                               localStorage.setItem('fpn.numbers', JSON.stringify(all)); }}""")

    page.evaluate("fpnForm.refreshNumbers()")

    assert len(numbers_kept(page)) == 24
    assert len(blocks_of_this_phone(page, migrated)) == 2
    page.evaluate("fpnForm.refreshNumbers()")  # enough now: no third block
    assert len(numbers_kept(page)) == 24 and len(blocks_of_this_phone(page, migrated)) == 2


def test_signing_out_sends_what_is_saved_then_returns_the_phones_blocks(page, context, migrated):
    number = save_notice_with_no_signal(page, context)
    page.route("**/api/v1/notices", lambda route: route.abort())  # signal, but the sends fail for now...
    context.set_offline(False)
    page.wait_for_timeout(500)
    assert page.evaluate("JSON.parse(localStorage.getItem('fpn.queue')).length") == 1
    page.unroute("**/api/v1/notices")  # ...until the officer signs out

    page.get_by_role("link", name="Sign out").click()  # no warning: the notice is sent first

    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert [display(n.number) for n in officer_notices(migrated)] == [number]
    blocks = blocks_of_this_phone(page, migrated)
    assert blocks and all(b.returned_at is not None and b.returned_by == OFFICER for b in blocks)
    assert page.evaluate(f"(JSON.parse(localStorage.getItem('fpn.numbers')) || {{}})['{OFFICER}']") is None


def test_my_notices_today_lists_those_sent_and_those_still_on_the_phone(page, context, migrated, screenshots):
    sign_in(page)
    fill_notice(page)
    issue(page)
    expect(page.get_by_role("heading", name="Notice issued")).to_be_visible()
    sent = page.locator("#result-number").inner_text()
    another(page)
    context.set_offline(True)
    fill_notice(page)
    page.get_by_label("Full name").fill("Jo Waiting")
    issue(page)
    expect(page.get_by_role("heading", name="Notice issued")).to_be_visible()
    waiting = page.locator("#result-number").inner_text()

    page.get_by_role("link", name="My notices today").click()

    expect(page.get_by_role("heading", name="My notices today")).to_be_focused()
    expect(page.locator("#today-status")).to_have_text(
        "You need signal to see the notices you sent today. Notices still on this phone are listed.")
    card = page.locator(".govuk-summary-card", has_text=waiting)
    expect(card).to_contain_text("Waiting for signal")
    expect(card).to_contain_text("Jo Waiting")
    expect(card).to_contain_text("Borough Wide PSPO - Alcohol consumption")

    context.set_offline(False)  # sent now, and the list is drawn again

    expect(page.locator("#today-status")).to_have_text("You have sent 2 notices today, newest first.")
    titles = page.locator("#today-sent .govuk-summary-card__title")
    expect(titles).to_have_text([waiting, sent])
    expect(page.locator("#today-saved")).to_be_empty()
    first = page.locator("#today-sent .govuk-summary-card").first
    expect(first).to_contain_text("Jo Waiting")
    expect(first).to_contain_text("£100.00")
    page.screenshot(path=screenshots / "my-notices-today.png", full_page=True)
    with page.expect_download() as download:
        first.get_by_role("link", name=f"Download PDF of {waiting}").click()
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"


def test_a_notice_whose_answer_is_slow_is_shown_at_once_and_not_sent_twice(page, migrated):
    sign_in(page)
    number = numbers_kept(page)[0]["fpn"]
    held, released = [], []
    # One bar of signal: no answer for now. (The sign-in's token lasts 3 seconds here, so the first send is
    # answered 401 and sent again, renewed: that one is let through.)
    page.route("**/api/v1/notices", lambda route: route.continue_() if released else held.append(route))
    fill_notice(page)
    issue(page)

    expect(page.locator("#result-saved")).to_be_visible(timeout=12_000)  # the officer is not kept waiting
    expect(page.locator(".govuk-panel")).to_contain_text(number)
    assert officer_notices(migrated) == []
    released.append(True)
    held.pop().continue_()  # the first send gets through after all

    expect(page.locator("#sent-banner")).to_contain_text(number)
    assert page.evaluate("JSON.parse(localStorage.getItem('fpn.queue'))") == []
    assert [display(n.number) for n in officer_notices(migrated)] == [number]
