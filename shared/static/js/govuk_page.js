// What every Safer Brent office page is built from (shared/static/js): building elements safely, tables and
// dates as people read them, GOV.UK error summaries and confirmation banners, the office sign-in (kept in this tab
// only: office computers are shared), and calls to the service's API that notice when the sign-in has ended.
// A page using it has the elements #error-summary-slot, #done-banner, #done-text, and for signing in
// #signin-form (#username, #password), #sign-out and #signed-in-as.
import {ErrorSummary, ServiceNavigation, createAll} from "./../vendor/govuk-frontend/govuk-frontend.min.js";
import {el} from "./elements.js";
import {authorised, authorisedFetch, keepSignInIn, signIn, signOut} from "./signin.js";

const $ = (id) => document.getElementById(id);
const PAGE_TITLE = document.title;
createAll(ServiceNavigation);  // on a phone the menu folds behind its button (shared/templates/header.html)

// ---- building the page safely: text is always text, never markup

export {el};

export const when = (iso) => (iso ? new Date(iso).toLocaleString("en-GB", {
  day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/London"}) : "");
export const words = (name) => name.replaceAll("_", " ");
export const sentence = (text) => (text ? text.charAt(0).toUpperCase() + text.slice(1) : text);
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
  "November", "December"];
// '2026-11-20' as '20 November 2026', '2026-11' as 'November 2026'; anything else as it is
export function readable(value) {
  if (typeof value !== "string") return value;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) return `${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return when(value);
  return value;
}
export const detail = ([key, value]) => `${sentence(words(key))}: ${value === true ? "yes" : value === false ? "no" : readable(value)}`;
export const tag = (text, colour) => el("strong", {class: `govuk-tag${colour ? ` govuk-tag--${colour}` : ""}`}, text);

export function table(columns, rows, caption, label, {stacked = false} = {}) {
  const role = (name) => stacked && name;  // kept for screen readers when a stacked table is not shown as a table
  const head = el("thead", {class: "govuk-table__head", role: role("rowgroup")}, el("tr",
    {class: "govuk-table__row", role: role("row")}, columns.map((c) => el("th",
      {scope: "col", class: "govuk-table__header", role: role("columnheader")}, c))));
  const cell = (value, i) => (i === 0
    ? el("th", {scope: "row", class: "govuk-table__header", role: role("rowheader")}, readable(value))
    : el("td", {class: "govuk-table__cell", "data-label": stacked && columns[i], role: role("cell")},
      readable(value) ?? ""));
  const body = el("tbody", {class: "govuk-table__body", role: role("rowgroup")},
    rows.map((row) => el("tr", {class: "govuk-table__row", role: role("row")}, row.map(cell))));
  const captioned = caption ? el("caption", {class: "govuk-table__caption govuk-table__caption--m"}, caption) : null;
  // A wide table scrolls on its own, so it can be reached (and scrolled) from the keyboard.
  const region = el("div", {class: "app-table-wrap", tabindex: "0", role: "region",
    "aria-label": label ?? caption ?? columns.join(", ")},
    el("table", {class: stacked ? "govuk-table app-table--stacked" : "govuk-table", role: role("table")}, captioned,
      head, body));
  return el("div", {}, scrollHint(region), region);
}

// "Scroll sideways to see the whole table", above a table only while it is wider than the space it has (which
// changes as the phone turns or its section is shown), and said with the table to a screen reader then too.
let hints = 0;
function scrollHint(region) {
  const hint = el("p", {class: "govuk-body-s app-table-hint", id: `table-hint-${++hints}`, hidden: true},
    "Scroll sideways to see the whole table");
  new ResizeObserver(() => {
    const wider = region.scrollWidth > region.clientWidth + 1;
    hint.hidden = !wider;
    if (wider) region.setAttribute("aria-describedby", hint.id);
    else region.removeAttribute("aria-describedby");
  }).observe(region);
  return hint;
}

// A table of things, a row each (a queue, a history): on a phone each row is shown as a block, each cell under its
// column's name (shared/static/css/office.css), instead of a table wider than the screen. Figures people compare
// across rows stay in a plain table().
export const stackedTable = (columns, rows, caption, label) => table(columns, rows, caption, label, {stacked: true});

// ---- errors, GOV.UK style: every problem at once, in the order of the fields on the page

export function clearMessages() {
  $("error-summary-slot").replaceChildren();
  $("done-banner").hidden = true;
  document.querySelectorAll(".govuk-error-message").forEach((m) => m.remove());
  document.querySelectorAll(".govuk-form-group--error").forEach((g) => g.classList.remove("govuk-form-group--error"));
  document.querySelectorAll("[aria-describedby$='-error']").forEach((i) => {  // the hint stays described
    if (i.dataset.hint) i.setAttribute("aria-describedby", i.dataset.hint);
    else i.removeAttribute("aria-describedby");
  });
  for (const kind of ["govuk-input--error", "govuk-textarea--error", "govuk-select--error"]) {
    document.querySelectorAll(`.${kind}`).forEach((i) => i.classList.remove(kind));
  }
  document.title = document.title.replace(/^Error: /, "");
}

export function showProblem(problem, form) {
  const inputs = form ? [...form.querySelectorAll("[data-field]")] : [];
  const placed = (problem.errors ?? []).map(({field, message, parts}) => {
    const input = inputs.find((i) => i.dataset.field === field || field.startsWith(`${i.dataset.field}.`));
    return {field, message, parts, input, at: input ? inputs.indexOf(input) : inputs.length};
  }).sort((a, b) => a.at - b.at);
  const list = el("ul", {class: "govuk-list govuk-error-summary__list"});
  for (const {message, parts, input} of placed) {
    if (input) {
      const date = input.closest(".govuk-date-input");  // a date's boxes: its group is the fieldset's
      const group = (date ?? input).parentElement.closest(".govuk-form-group");
      group.classList.add("govuk-form-group--error");
      // a date's boxes: those the problem is about (dates.js says which), or all of them (the API's problem)
      const boxes = date ? [...date.querySelectorAll("input")].filter((box) => !parts || parts.includes(box.id)) : [];
      const label = group.querySelector(".govuk-hint") ?? group.querySelector(".govuk-label, .govuk-fieldset__legend");
      if (!group.querySelector(".govuk-error-message")) {  // one message a field: the first is the one to act on
        label.after(el("p", {class: "govuk-error-message", id: `${input.id}-error`},
          el("span", {class: "govuk-visually-hidden"}, "Error: "), message));
        for (const described of new Set([input, ...boxes])) {  // what a screen reader hears on reaching the box
          const hint = described.getAttribute("aria-describedby")?.split(" ").filter((id) => !id.endsWith("-error")) ?? [];
          if (hint.length) described.dataset.hint = hint.join(" ");
          described.setAttribute("aria-describedby", [...hint, `${input.id}-error`].join(" "));
        }
      }
      const kind = {INPUT: "govuk-input--error", TEXTAREA: "govuk-textarea--error", SELECT: "govuk-select--error"};
      boxes.forEach((box) => box.classList.add("govuk-input--error"));
      if (!date && kind[input.tagName] && !["radio", "checkbox"].includes(input.type)) input.classList.add(kind[input.tagName]);
      list.append(el("li", {}, el("a", {href: `#${boxes[0]?.id ?? input.id}`}, message)));  // to the first box to mend
    } else {
      list.append(el("li", {}, message));
    }
  }
  const summary = el("div", {class: "govuk-error-summary", "data-module": "govuk-error-summary"},
    el("div", {role: "alert"}, el("h2", {class: "govuk-error-summary__title"}, "There is a problem"),
      el("div", {class: "govuk-error-summary__body"},
        placed.length ? null : el("p", {class: "govuk-body"}, problem.detail ?? ""), list)));
  $("error-summary-slot").replaceChildren(summary);
  if (!document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
  new ErrorSummary(summary);
}

export function done(text, {focus = true} = {}) {
  $("done-text").textContent = text;
  $("done-banner").hidden = false;
  if (focus) $("done-banner").focus(); // where the person will see it: the banner is at the top of the page
}

// Turns for a view that asks the API and then draws: each call gives a check that is true only while no later call
// has begun, so an answer that arrives after a newer question (the page's first look, then the person's own) is
// not drawn over the newer one's answer or problem.
export function turns() {
  let latest = 0;
  return () => {
    const mine = ++latest;
    return () => mine === latest;
  };
}

// Run `send()` for a form with its buttons disabled until it has answered: a second click sends nothing twice.
export async function whileBusy(form, send) {
  const buttons = [...form.querySelectorAll("button")];
  if (buttons.some((b) => b.disabled)) return;
  buttons.forEach((b) => { b.disabled = true; });
  try {
    await send();
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

// Download a document from the API with the sign-in (renewed if it has expired), as `name`.
export async function download(path, name) {
  const answer = await authorisedFetch(path).catch(() => null);
  if (!answer?.ok) {
    return showProblem(await answer?.json().catch(() => null) ?? {detail: "The document could not be downloaded. Try again."});
  }
  el("a", {href: URL.createObjectURL(await answer.blob()), download: name}).click();
}

// ---- charts: a horizontal bar for each [label, value], described for screen readers (the table beside it
// holds the same figures)

// A label's width in the chart's words (office.css: 14px Arial), measured before the chart is on the page.
const measure = document.createElement("canvas").getContext("2d");
measure.font = "14px arial, sans-serif";
const textWidth = (text) => measure.measureText(text).width;

// A label in the lines it is drawn in, each at most `room` wide: one line if it fits, else two, broken between
// words or where the label has a "\n" (put what tells the bars apart first); what still does not fit is cut with '…'.
function labelLines(label, room) {
  const text = String(readable(label));  // '2026-10' as 'October 2026', as in the table beside it
  const cut = (line) => {
    let kept = line;
    while (kept.length > 1 && textWidth(kept === line ? line : `${kept}…`) > room) kept = kept.slice(0, -1).trimEnd();
    return kept === line ? line : `${kept}…`;
  };
  if (text.includes("\n")) return text.split("\n", 2).map(cut);
  if (textWidth(text) <= room) return [text];
  const words = text.split(" ");
  let n = 1;
  while (n < words.length - 1 && textWidth(words.slice(0, n + 1).join(" ")) <= room) n += 1;
  return [words.slice(0, n).join(" "), words.slice(n).join(" ")].filter(Boolean).map(cut);
}

export function barChart(description, bars) {
  const top = Math.max(1, ...bars.map(([, value]) => value));
  // drawn at the width it is shown at, up to 640, so that its words stay the body's size on a phone too
  const width = Math.max(300, Math.min(640, document.documentElement.clientWidth - 30));
  const bar = 24;
  const names = bars.map(([label]) => labelLines(label, width * 0.42 - 8));
  const labels = Math.min(width * 0.42, Math.max(90, 8 + Math.max(...names.flat().map(textWidth))));
  const twoLines = names.some((lines) => lines.length > 1);
  const step = bar + (twoLines ? 20 : 8);  // a row with room for a label's two lines
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${bars.length * step + 10}`);
  svg.setAttribute("class", "app-chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", description);
  const make = (tagName, attrs, text, parent = svg) => {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tagName);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    parent.append(node);
    return node;
  };
  bars.forEach(([, value, kind], n) => {
    const y = n * step + 5 + (twoLines ? 6 : 0);
    const length = Math.round((value / top) * (width - labels - 70));
    const [first, second] = names[n];
    if (second === undefined) make("text", {x: 0, y: y + bar * 0.7}, first);
    else {
      const text = make("text", {x: 0, y: y + bar * 0.7 - 8});
      make("tspan", {x: 0}, first, text);
      make("tspan", {x: 0, dy: 16}, second, text);
    }
    make("rect", {x: labels, y, width: Math.max(length, 1), height: bar, class: `app-bar${kind ? ` app-bar--${kind}` : ""}`});
    make("text", {x: labels + 6 + length, y: y + bar * 0.7},
      Number(value).toLocaleString("en-GB", {maximumFractionDigits: 1}));
  });
  return svg;
}

// ---- views: one section of the page at a time, chosen by the address's #fragment

// Show the section `<name>-section` for the view the address names (the first of `draws` if none), or the sign-in
// when no one is signed in; mark its menu item; then draw it with `draws[name](param)`, where an address such as
// `#notice/FPN100000423` names the view `notice` and its param `FPN100000423`.
export function showView(session, draws) {
  const names = Object.keys(draws);
  const [asked, ...rest] = location.hash.slice(1).split("/");
  const param = rest.length ? decodeURIComponent(rest.join("/")) : undefined;
  const view = session() ? (names.includes(asked) ? asked : names[0]) : "signin";
  for (const name of ["signin", ...names]) $(`${name}-section`).hidden = name !== view;
  $("menu").hidden = !session();
  document.querySelectorAll("[data-view]").forEach((item) => {
    item.classList.toggle("govuk-service-navigation__item--active", item.dataset.view === view);
    const link = item.querySelector("a");
    if (item.dataset.view === view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  });
  const folded = document.querySelector(".govuk-js-service-navigation-toggle");
  if (folded && !folded.hidden && folded.getAttribute("aria-expanded") === "true") folded.click();  // chosen: fold it
  const heading = view === "signin" ? "Sign in" : $(`${view}-section`).querySelector("h1")?.textContent;
  document.title = `${heading} - ${PAGE_TITLE}`;  // a screen reader hears where it now is
  if (session()) $("signed-in-as").textContent = `Signed in as ${session().displayName ?? session().username}`;
  draws[view]?.(param);
}

// ---- signing in and out, and the API

// The page's sign-in, kept in this tab under `key`; `show()` draws the page for whoever is (or is not) signed in.
export function officePage(key, show) {
  const session = keepSignInIn(sessionStorage, key);

  async function api(method, path, body, options = {}) {
    let answer;
    try {
      answer = await authorised(method, path, body === undefined ? options : {...options, body});
    } catch {
      answer = {ok: false, status: 0, data: {detail: "The service could not be reached. Check the connection and try again."}};
    }
    if (answer.status === 401) {
      sessionStorage.removeItem(key);
      show();
    }
    return answer;
  }

  async function onSignIn(event) {
    event.preventDefault();
    clearMessages();
    const username = $("username").value.trim();
    const missing = [...(username ? [] : [{field: "username", message: "Enter your username"}]),
      ...($("password").value ? [] : [{field: "password", message: "Enter your password"}])];
    if (missing.length) return showProblem({errors: missing}, $("signin-form"));
    const answer = await signIn(username, $("password").value).catch(() => ({ok: false, data: {
      detail: "The service could not be reached. Try again."}}));
    if (!answer.ok) return showProblem(answer.data);
    sessionStorage.setItem(key, JSON.stringify({token: answer.data.access_token, username,
      displayName: answer.data.display_name, roles: answer.data.roles}));
    $("password").value = "";
    show();
  }

  function onSignOut(event) {
    event.preventDefault();
    sessionStorage.removeItem(key);
    signOut().catch(() => {});
    history.replaceState(null, "", location.pathname);
    show();
    done("You have signed out.");
  }

  $("signin-form").addEventListener("submit", onSignIn);
  $("sign-out").addEventListener("click", onSignOut);
  window.addEventListener("hashchange", () => { clearMessages(); show(); });
  return {session, api};
}
