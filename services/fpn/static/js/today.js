// "My notices today": the notices the officer issued today, as the API has them (with signal), and the ones still on
// this phone, waiting for signal or refused. Each as a GOV.UK summary card; the printed notice of each sent one.

import {noticesIssuedOn} from "./api.js";
import {$, clock, el, localDate, money, summaryRow} from "./ui.js";

const STATES = {
  pending_approval: ["Waiting for approval", "yellow"], issued: ["Issued", null], warning: ["Warning", "grey"],
  paid: ["Paid", "green"], cancelled: ["Cancelled", "red"], representation_received: ["Representation", "purple"],
  referred_to_legal: ["Referred to legal", "orange"], prosecution_concluded: ["Prosecution concluded", "grey"],
};

const tag = ([text, colour]) => el("strong", {class: `govuk-tag${colour ? ` govuk-tag--${colour}` : ""}`}, text);
const who = (offender) => offender?.name ?? offender?.registration_mark ?? "Not given";

function card(title, rows, action) {
  return el("div", {class: "govuk-summary-card"},
    el("div", {class: "govuk-summary-card__title-wrapper"},
      el("h3", {class: "govuk-summary-card__title"}, title),
      action ? el("ul", {class: "govuk-summary-card__actions"}, el("li", {class: "govuk-summary-card__action"}, action))
        : null),
    el("div", {class: "govuk-summary-card__content"},
      el("dl", {class: "govuk-summary-list"}, rows.map(([key, value]) => summaryRow(key, value)))));
}

function sentCard(notice, pdfLink) {
  const rows = [["Status", tag(STATES[notice.state] ?? [notice.state, "grey"])],
    ["Issued at", clock(new Date(notice.issued_at))], ["Prohibition", notice.notice_type],
    [notice.offender?.registration_mark ? "Vehicle" : "Person", who(notice.offender)]];
  if (notice.amount) rows.push(["Amount", money(notice.amount)]);
  return card(notice.number, rows, pdfLink(notice.number, "Download PDF", ` of ${notice.number}`));
}

function savedCard(item, refused, prohibitionLabel) {
  return card(item.body.number ?? "Number given when sent", [
    ["Status", tag(refused ? ["Not accepted: needs your attention", "red"] : ["Waiting for signal", "grey"])],
    ["Saved at", clock(new Date(item.savedAt))],
    ["Prohibition", prohibitionLabel(item.body.prohibition_id)],
    [item.body.offender?.registration_mark ? "Vehicle" : "Person", who(item.body.offender)]]);
}

function section(title, cards) {
  return cards.length ? [el("h2", {class: "govuk-heading-m"}, title), ...cards] : [];
}

let shown = 0; // the latest drawing: an older answer arriving late draws nothing

// Draw the list: the phone's notices at once, then the API's when it answers. `pdfLink(number, text, hiddenText)`
// makes the link to a printed notice. Returns false when the sign-in has ended.
export async function showToday({waiting, attention, prohibitionLabel, pdfLink}) {
  const drawing = ++shown;
  const saved = [...attention.map((item) => savedCard(item, true, prohibitionLabel)),
    ...waiting.map((item) => savedCard(item, false, prohibitionLabel))];
  $("today-saved").replaceChildren(...section("Still on this phone", saved));
  const status = (text) => { $("today-status").textContent = text; };
  if (!navigator.onLine) {
    $("today-sent").replaceChildren();
    status("You need signal to see the notices you sent today. Notices still on this phone are listed.");
    return true;
  }
  status("Loading the notices you sent today.");
  let answer;
  try {
    answer = await noticesIssuedOn(localDate(new Date()));
  } catch {
    answer = null;
  }
  if (drawing !== shown) return true;
  if (answer?.status === 401) return false;
  if (!answer?.ok) {
    status("Your notices could not be loaded. Try again when you have signal.");
    return true;
  }
  const count = answer.data.length;
  status(count ? `You have sent ${count === 1 ? "1 notice" : `${count} notices`} today, newest first.`
    : "You have not sent any notices today.");
  $("today-sent").replaceChildren(...section("Sent", answer.data.map((notice) => sentCard(notice, pdfLink))));
  return true;
}
