// GOV.UK's date input (https://design-system.service.gov.uk/components/date-input/), for every date a person types on
// these pages (a date of birth, the day a letter was sent, a report's dates): day, month and year in three boxes,
// never the browser's own calendar (which on a phone means scrolling back decades for a date of birth), read back as
// an ISO date or as what is wrong with it, in GOV.UK's words.
import {el} from "./elements.js";

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
  "november", "december"];

// The month as a number: 3, 03, mar or March.
function monthNumber(text) {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const name = text.toLowerCase();
  return MONTHS.findIndex((month) => month === name || month.slice(0, 3) === name) + 1 || NaN;
}

// The date typed into the boxes `${id}-day`, `${id}-month` and `${id}-year`: {date: "1990-05-17"}, {} when none of
// it is given, or {problem, parts} saying what is wrong (`name`: "Date of birth") and which boxes. With no day box
// (`day` undefined: a month and year input) the date is a month, {date: "2026-10"}.
export function typedDate(name, id, {day, month, year}) {
  const given = {...(day === undefined ? {} : {[`${id}-day`]: day}), [`${id}-month`]: month, [`${id}-year`]: year};
  const missing = Object.keys(given).filter((part) => !given[part]);
  if (missing.length === Object.keys(given).length) return {};
  if (missing.length) {
    const names = missing.map((part) => part.slice(id.length + 1));
    return {problem: `${name} must include a ${names.join(" and ")}`, parts: missing};
  }
  if (!/^\d{4}$/.test(year)) return {problem: "Year must include 4 numbers", parts: [`${id}-year`]};
  const [d, m, y] = [day === undefined ? 1 : /^\d{1,2}$/.test(day) ? Number(day) : NaN, monthNumber(month), Number(year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (!(d >= 1 && m >= 1 && m <= 12) || date.getUTCDate() !== d || date.getUTCMonth() !== m - 1 || y < 1900) {
    return {problem: `${name} must be a real ${day === undefined ? "month" : "date"}`, parts: Object.keys(given)};
  }
  return {date: date.toISOString().slice(0, day === undefined ? 7 : 10)};
}

// A date `days` from today as someone types it in a date input's boxes ("27 3 2027"), for its hint's example.
export function example(days = 0) {
  const d = new Date(Date.now() + days * 24 * 3600 * 1000);
  return `${d.getDate()} ${d.getMonth() + 1} ${d.getFullYear()}`;
}

// Whether nothing is typed in the date input `id`.
export const blank = (id) => Object.values(boxes(id)).every((value) => !value);

// The boxes' values as typed (trimmed), for typedDate (no day: a month and year input).
export function boxes(id) {
  const value = (part) => document.getElementById(`${id}-${part}`)?.value.trim();
  return {day: value("day"), month: value("month"), year: value("year")};
}

// Fill the date input `id`'s boxes with an ISO date ("2026-11-01"), or a month ("2026-10") for a month and year input.
export function setDate(id, iso) {
  const [year, month, day] = iso.split("-").map(Number);
  for (const [part, value] of Object.entries({day, month, year})) {
    if (value !== undefined) document.getElementById(`${id}-${part}`).value = value;
  }
}

// The date in the date input `id` (made by dateInput) as the API takes it ("1990-05-17", or null when nothing is
// typed), and the problem with it as a problem document's errors ([] or [{field, message, parts}], `parts` the ids of
// the boxes to mend), the date named and the field given as dateInput was told.
export function readDate(id) {
  const input = document.getElementById(id);
  const field = input.querySelector("[data-field]").dataset.field;
  const typed = typedDate(input.dataset.name, id, boxes(id));
  return {field, date: typed.date ?? null, errors: typed.problem ? [{field, message: typed.problem, parts: typed.parts}] : []};
}

// Every date input in `form`, read: {body: {field: date}, errors: [...]} (a date not typed is left out).
export function readDates(form) {
  const body = {}, errors = [];
  for (const input of form.querySelectorAll(".govuk-date-input")) {
    const {field, date, errors: problems} = readDate(input.id);
    errors.push(...problems);
    if (date) body[field] = date;
  }
  return {body, errors};
}

// A date input: a fieldset with its legend and hint, and the day, month and year boxes. `field` is the API's name for
// the date, so a problem with it is shown here; `named`, what its messages call it (the legend, unless given);
// `hidden`, words added to the legend for screen readers only (which row of a table it is for); `month: true`, a
// month and year input (no day box), read as "2026-10".
export function dateInput(id, legend, {hint = "For example, 27 3 1990", field, value, named = legend, hidden,
  month: monthOnly = false} = {}) {
  const [year, month, day] = value ? value.split("-").map(Number) : [];
  const given = {day, month, year};
  const first = monthOnly ? "month" : "day";
  const box = (part, width) => el("div", {class: "govuk-date-input__item"},
    el("div", {class: "govuk-form-group"},
      el("label", {class: "govuk-label govuk-date-input__label", for: `${id}-${part}`}, part[0].toUpperCase() + part.slice(1)),
      el("input", {class: `govuk-input govuk-date-input__input govuk-input--width-${width}`, id: `${id}-${part}`,
        name: `${id}-${part}`, type: "text", inputmode: "numeric", value: given[part] ?? null,
        "aria-describedby": part === first ? `${id}-hint` : null, "data-field": part === first ? field : null})));
  return el("div", {class: "govuk-form-group"},
    el("fieldset", {class: "govuk-fieldset", role: "group", "aria-describedby": `${id}-hint`},
      el("legend", {class: "govuk-fieldset__legend"}, legend,
        hidden ? el("span", {class: "govuk-visually-hidden"}, hidden) : null),
      el("div", {class: "govuk-hint", id: `${id}-hint`}, hint),
      el("div", {class: "govuk-date-input", id, "data-name": named}, monthOnly ? null : box("day", 2), box("month", 2),
        box("year", 4))));
}
