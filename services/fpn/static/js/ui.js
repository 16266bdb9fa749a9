// What the form's modules share: building elements (text always as text, never as markup), and dates, times and
// money as the phone (in London) and the API write them.

export const $ = (id) => document.getElementById(id);

import {el} from "./elements.js";

export {el};

export const hidden = (text) => el("span", {class: "govuk-visually-hidden"}, text);

// A GOV.UK summary list row; `change` is [the field's id, what is changed] for a "Change" link back to the field.
export function summaryRow(key, value, change) {
  const row = el("div", {class: "govuk-summary-list__row"},
    el("dt", {class: "govuk-summary-list__key"}, key),
    el("dd", {class: "govuk-summary-list__value"}, multiline(value)));
  if (change) {
    row.append(el("dd", {class: "govuk-summary-list__actions"},
      el("a", {class: "govuk-link", href: `#${change[0]}`}, "Change", hidden(` ${change[1]}`))));
  } else {
    row.classList.add("govuk-summary-list__row--no-actions");
  }
  return row;
}

// An address typed over several lines is shown over several lines.
function multiline(value) {
  if (value instanceof Node || typeof value !== "string" || !value.includes("\n")) return value;
  return value.split("\n").flatMap((line, i) => (i ? [el("br"), line] : [line]));
}

export const pad2 = (n) => String(n).padStart(2, "0");
export const localDate = (d) => `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
export const localDateTime = (d) => `${localDate(d)}T${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
export const money = (amount) => `£${Number(amount).toFixed(2)}`;

// ISO 8601 with the phone's own UTC offset (+00:00 in winter, +01:00 in summer), which the API requires.
export function withOffset(d) {
  const minutes = -d.getTimezoneOffset();
  const sign = minutes < 0 ? "-" : "+";
  const offset = `${pad2(Math.floor(Math.abs(minutes) / 60))}:${pad2(Math.abs(minutes) % 60)}`;
  return `${localDateTime(d)}:${pad2(d.getSeconds())}${sign}${offset}`;
}

// '2026-11-28' as '28 November 2026'
export function longDate(isoDate) {
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString("en-GB",
    {day: "numeric", month: "long", year: "numeric", timeZone: "UTC"});
}

// A moment as '28 November 2026 at 8:05am', as GOV.UK writes times
export function longDateTime(moment) {
  const d = new Date(moment);
  return `${longDate(localDate(d))} at ${clock(d)}`;
}

export function clock(d) {
  const hours = d.getHours() % 12 || 12;
  return `${hours}:${pad2(d.getMinutes())}${d.getHours() < 12 ? "am" : "pm"}`;
}

export function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// crypto.randomUUID exists only on https and localhost; a phone trying the form over plain http still needs a key.
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
