// GOV.UK's date input (https://design-system.service.gov.uk/components/date-input/), for every date a person types on
// these pages (a date of birth, the day a letter was sent, a report's dates): day, month and year in three boxes,
// never the browser's own calendar (which on a phone means scrolling back decades for a date of birth), read back as
// an ISO date or as what is wrong with it, in GOV.UK's words. A date and time (a visit's) is the date input followed
// by the time in a text box of its own, GOV.UK's usual way (it has no date-and-time component), read as Brent's time.
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

// Every date input in `form` (and date and time, made by dateTimeInput), read: {body: {field: date}, errors: [...]}
// (a date not typed is left out).
export function readDates(form) {
  const body = {}, errors = [];
  for (const input of form.querySelectorAll(".govuk-date-input")) {
    const {field, date, errors: problems} = input.dataset.of ? readDateTime(input.id) : readDate(input.id);
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

// ---- a date and a time

const LONDON = new Intl.DateTimeFormat("en-GB", {timeZone: "Europe/London", hourCycle: "h23", year: "numeric",
  month: "numeric", day: "numeric", hour: "numeric", minute: "numeric"});

// How many minutes Brent's clocks are ahead of UTC at the instant `ms`: 0 (GMT) or 60 (BST).
function londonOffset(ms) {
  const at = Object.fromEntries(LONDON.formatToParts(new Date(ms)).map(({type, value}) => [type, Number(value)]));
  return (Date.UTC(at.year, at.month - 1, at.day, at.hour, at.minute) - ms) / 60000;
}

// The time on Brent's clocks at `time` ("21:30") on `date` ("2026-07-14") in ISO 8601 with the offset they were at
// then ("2026-07-14T21:30:00+01:00"), whatever zone the browser is in; null for a time the clocks skipped when they
// went forward (1:30am on the last Sunday in March). The hour that comes twice in October is taken as the first.
export function londonDateTime(date, time) {
  const wall = Date.parse(`${date}T${time}:00Z`);
  const offset = [60, 0].find((minutes) => londonOffset(wall - minutes * 60000) === minutes);
  return offset === undefined ? null : `${date}T${time}:00${offset ? "+01:00" : "+00:00"}`;
}

const NAMED_TIMES = {midday: "12:00", noon: "12:00", "12noon": "12:00", midnight: "00:00", "12midnight": "00:00"};

// A time of day as people write it ("9:30pm", "9.30 p.m.", "9pm", "21:30", "midnight") as {time: "21:30"}; {} when
// nothing is typed, {problem: true} when it is not a time (an hour alone, "9", could be morning or evening).
export function typedTime(text) {
  const typed = text.toLowerCase().replace(/\s+/g, "").replace(/([ap])\.?m\.?$/, "$1m");
  if (!typed) return {};
  if (NAMED_TIMES[typed]) return {time: NAMED_TIMES[typed]};
  const match = /^(\d{1,2})(?:[:.]?(\d{2}))?([ap]m)?$/.exec(typed);
  if (!match || (match[2] === undefined && !match[3])) return {problem: true};
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0), half = match[3];
  if (half) {
    if (hour < 1 || hour > 12) return {problem: true};
    hour = (hour % 12) + (half === "pm" ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return {problem: true};
  return {time: `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`};
}

// A date and a time (`of`: what they are of, "the visit"): a date input `id` with the legend "Date", then a text
// box `${id}-time` labelled "Time" (`dateLegend` and `timeLabel` for others: two on one form need names of their
// own). Its problems are shown by the box at fault: the time's under the field `${field}_time`, the API's own (for
// `field`) by the date.
export function dateTimeInput(id, of, {field, hint = `For example, ${example()}`, dateLegend = "Date",
  timeLabel = "Time"} = {}) {
  const date = dateInput(id, dateLegend, {field, hint, named: `Date of ${of}`});
  date.querySelector(".govuk-date-input").dataset.of = of;
  return el("div", {}, date, el("div", {class: "govuk-form-group"},
    el("label", {class: "govuk-label", for: `${id}-time`}, timeLabel),
    el("div", {class: "govuk-hint", id: `${id}-time-hint`}, "For example, 9:30pm or 21:30"),
    el("input", {class: "govuk-input govuk-input--width-5", id: `${id}-time`, name: `${id}-time`, type: "text",
      autocomplete: "off", spellcheck: "false", "aria-describedby": `${id}-time-hint`, "data-field": `${field}_time`})));
}

// The date and time in the dateTimeInput `id` as the API takes it ("2026-07-14T21:30:00+01:00", or null when
// neither is typed), and every problem with them as readDate gives them: the date's, then the time's.
export function readDateTime(id) {
  const {field, date, errors} = readDate(id);
  const of = document.getElementById(id).dataset.of;
  const box = document.getElementById(`${id}-time`);
  const {time, problem} = typedTime(box.value);
  if (!date && !errors.length && !time && !problem) return {field, date: null, errors: []};
  if (!date && !errors.length) errors.push({field, message: `Enter the date of ${of}`});
  if (problem) errors.push({field: box.dataset.field, message: "Time must be a real time, like 9:30pm"});
  else if (!time) errors.push({field: box.dataset.field, message: `Enter the time of ${of}`});
  if (errors.length) return {field, date: null, errors};
  const at = londonDateTime(date, time);
  return at ? {field, date: at, errors: []} : {field, date: null, errors: [{field: box.dataset.field,
    message: "Time must be a real time: the clocks went forward from 1am to 2am that night"}]};
}
