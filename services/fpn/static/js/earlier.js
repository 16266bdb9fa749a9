// Warning first: once the prohibition and the person (or vehicle) are entered, the form asks the service for their
// earlier notices under the order and what the order's policy expects, and shows them above the outcome. Only
// numbers, dates and outcomes come back, never another person's details. With no signal it says it could not check.
import {earlierNotices} from "./api.js";

const $ = (id) => document.getElementById(id);
let last = {key: null, answer: null};  // the latest check, and what it was for

const DAY = new Intl.DateTimeFormat("en-GB", {day: "numeric", month: "long", year: "numeric"});
const SURE = {certain: "the same name and date of birth, or the same vehicle", likely: "the same date of birth and a very similar name",
  possible: "the same name only: check it is the same person"};

// What the policy expects for these details ("warning" or "fpn"), if the service has said; null if not checked.
export function expectedFor(key) {
  return last.key === key && last.answer ? last.answer.expected_outcome : null;
}

export function lastCheck(key) {
  return last.key === key ? last.answer : null;
}

function paragraph(text, bold = false) {
  const p = document.createElement("p");
  p.className = "govuk-body";
  if (bold) {
    const strong = document.createElement("strong");
    strong.textContent = text;
    p.append(strong);
  } else {
    p.textContent = text;
  }
  return p;
}

// Check (at most once for the same details) and show the answer in #earlier.
export async function checkEarlier(prohibitionId, offender, key) {
  const box = $("earlier");
  if (!prohibitionId || !(offender.name || offender.registration_mark)) {
    box.hidden = true;
    return;
  }
  if (last.key === key) return;
  last = {key, answer: null};
  let answer;
  try {
    answer = navigator.onLine ? await earlierNotices(prohibitionId, offender) : null;
  } catch {
    answer = null;
  }
  if (last.key !== key) return;  // the officer has changed the details since
  box.hidden = false;
  if (!answer?.ok) {
    box.replaceChildren(paragraph("Earlier notices could not be checked" + (answer ? "." : " with no signal.")),
      paragraph("If the order gives a warning for a first breach, give a warning, or say why a fixed penalty notice "
        + "is needed."));
    return;
  }
  last.answer = answer.data;
  const found = answer.data.earlier;
  const list = document.createElement("ul");
  list.className = "govuk-list govuk-list--bullet";
  for (const e of found) {
    const item = document.createElement("li");
    item.textContent = `${e.outcome === "warning" || e.state === "warning" ? "Warning" : "Fixed penalty notice"} `
      + `${e.number} on ${DAY.format(new Date(e.issued_on))} (${e.notice_type}): ${SURE[e.match] ?? e.match}`;
    list.append(item);
  }
  box.replaceChildren(
    paragraph(answer.data.expected_outcome === "warning" ? "Suggested outcome: a warning" : "Suggested outcome: a fixed penalty notice", true),
    paragraph(answer.data.explanation),
    paragraph(found.length ? "Earlier notices under this order that may be this person's:" : "No earlier notices under this order."),
    ...(found.length ? [list] : []));
}
