// The officers' form: sign in, choose the prohibition, describe the offence and offender, issue the notice,
// or save it on the phone until there is signal.

import {ErrorSummary, initAll} from "../vendor/govuk-frontend/govuk-frontend.min.js";
import {isRetryable, issueNotice, keepSignInIn, ordersInForce, signIn, signOut as endSignIn} from "./api.js";
import * as queue from "./queue.js";

const $ = (id) => document.getElementById(id);
const SESSION = "fpn.session";
const ORDERS = "fpn.orders";
const SEND_SAVED_EVERY_MS = 30000;

// ---- Dates, times and money, as the phone (in London) and the API write them

const pad2 = (n) => String(n).padStart(2, "0");
const localDate = (d) => `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
const localDateTime = (d) => `${localDate(d)}T${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
const money = (amount) => `£${Number(amount).toFixed(2)}`;

// ISO 8601 with the phone's own UTC offset (+00:00 in winter, +01:00 in summer), which the API requires.
function withOffset(d) {
  const minutes = -d.getTimezoneOffset();
  const sign = minutes < 0 ? "-" : "+";
  const offset = `${pad2(Math.floor(Math.abs(minutes) / 60))}:${pad2(Math.abs(minutes) % 60)}`;
  return `${localDateTime(d)}:${pad2(d.getSeconds())}${sign}${offset}`;
}

function longDate(isoDate) {
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString("en-GB",
    {day: "numeric", month: "long", year: "numeric", timeZone: "UTC"});
}

// crypto.randomUUID exists only on https and localhost; a phone trying the form over plain http still needs a key.
function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

// ---- Signing in and out

const session = keepSignInIn(localStorage, SESSION);

async function onSignIn(event) {
  event.preventDefault();
  clearErrors();
  let answer;
  try {
    answer = await signIn($("username").value.trim(), $("password").value);
  } catch {
    return showProblem({detail: "You need signal to sign in. Try again when you have it."});
  }
  if (!answer.ok) return showProblem(answer.data);
  const {access_token: token, username, display_name: displayName} = answer.data;
  localStorage.setItem(SESSION, JSON.stringify({token, username, displayName}));
  $("password").value = "";
  start();
}

// Notices saved on the phone are never thrown away by signing out (that would lose the officer's work), but
// they hold offenders' details, so the officer is told they stay on the phone until they sign in and send them.
function signOut(event) {
  event.preventDefault();
  const username = session()?.username;
  const unsent = queue.waiting(username).length + queue.needingAttention(username).length;
  if (unsent && !window.confirm(
    `${unsent === 1 ? "1 notice has" : `${unsent} notices have`} not been sent yet. ` +
    "It stays on this phone, with the offender's details, until you sign in again and send it. Sign out anyway?")) {
    return;
  }
  localStorage.removeItem(SESSION);
  endSignIn().catch(() => {}); // with no signal the sign-in simply lapses on the server within days
  resetForm();
  clearErrors();
  $("sent-list").replaceChildren();
  renderSent([]);
  start();
}

// The sign-in has ended (renewal refused): sign in again. Notices saved on the phone stay and are sent after.
function signInAgain() {
  const username = session()?.username;
  if (!username) return; // already asked (two requests can find the expiry at once)
  localStorage.removeItem(SESSION);
  start();
  $("username").value = username;
  showProblem({detail: "Your sign-in has ended. Sign in again. Notices saved on this phone are kept and sent after you sign in."});
}

function show(section) {
  for (const name of ["signin", "notice", "result"]) $(`${name}-section`).hidden = name !== section;
  const signedIn = session();
  $("account").hidden = !signedIn;
  $("signed-in-as").textContent = signedIn?.displayName ?? "";
}

// ---- The orders in force, kept on the phone so the form works without signal

function savedOrders() {
  try {
    return JSON.parse(localStorage.getItem(ORDERS));
  } catch {
    return null;
  }
}

// All wards' scopes are loaded at once (not per ward) so that the officer can change ward with no signal.
async function refreshOrders() {
  const signedIn = session();
  if (signedIn && navigator.onLine) {
    const on = localDate(new Date());
    try {
      const answer = await ordersInForce(on);
      if (answer.status === 401) return signInAgain();
      if (answer.ok) {
        localStorage.setItem(ORDERS, JSON.stringify({on, orders: answer.data}));
      }
    } catch {
      // no signal: the saved list will do
    }
  }
  renderOrders();
}

function option(value, text) {
  const element = document.createElement("option");
  element.value = value;
  element.textContent = text;
  return element;
}

const chosenOrder = () => document.querySelector("input[name=order]:checked")?.value ?? "";

function chooseOrder(code) {
  document.querySelectorAll("input[name=order]").forEach((radio) => { radio.checked = radio.value === code; });
}

function orderRadio(order, index) {
  const item = document.createElement("div");
  item.className = "govuk-radios__item";
  item.innerHTML = '<input class="govuk-radios__input" type="radio" name="order">'
    + '<label class="govuk-label govuk-radios__label"></label>';
  const [input, label] = item.children;
  input.id = index ? `order-${index}` : "order";
  input.value = order.code;
  if (!index) input.dataset.field = "order_code";
  label.htmlFor = input.id;
  label.textContent = order.title;
  return item;
}

function renderOrders() {
  const saved = savedOrders();
  const orders = saved?.orders ?? [];
  const chosen = chosenOrder();
  $("orders").replaceChildren(...orders.map(orderRadio));
  // Usually exactly one order is in force: choose it for the officer.
  chooseOrder(orders.some((o) => o.code === chosen) ? chosen : (orders.length === 1 ? orders[0].code : ""));
  const stale = saved && saved.on !== localDate(new Date()) ? " This is the last list loaded on this phone." : "";
  $("orders-status").textContent = saved ? `Orders in force on ${longDate(saved.on)}.${stale}`
    : "The orders load when you have signal.";
  renderProhibitions();
}

function renderProhibitions() {
  const order = (savedOrders()?.orders ?? []).find((o) => o.code === chosenOrder());
  const ward = $("ward").value;
  const select = $("prohibition");
  const chosen = select.value;
  select.replaceChildren(option("", ward ? "Choose the prohibition" : "Choose the ward first"));
  // The API's own ward rule: a scope that lists no wards applies in every ward.
  for (const scope of (order && ward ? order.scopes : []).filter((s) => !s.wards.length || s.wards.includes(ward))) {
    const group = document.createElement("optgroup");
    group.label = scope.name;
    for (const prohibition of scope.prohibitions) {
      const element = option(String(prohibition.id), prohibition.report_label);
      element.dataset.vehicle = String(prohibition.vehicle);
      element.dataset.wording = prohibition.wording;
      group.append(element);
    }
    select.append(group);
  }
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : "";
  showProhibition();
}

// A vehicle prohibition identifies the offender by registration mark and keeper, not by name.
function isVehicle() {
  return $("prohibition").selectedOptions[0]?.dataset.vehicle === "true";
}

// The full name and the order's wording, which the select (one line on a phone) cuts short.
function showProhibition() {
  const chosen = $("prohibition").selectedOptions[0];
  $("prohibition-wording").hidden = !chosen?.value;
  $("prohibition-label").textContent = chosen?.value ? chosen.textContent : "";
  $("prohibition-text").textContent = chosen?.value ? chosen.dataset.wording : "";
  $("vehicle-fields").hidden = !isVehicle();
  $("person-fields").hidden = isVehicle();
}

// ---- Location

function useMyLocation() {
  const status = (text) => { $("location-status").textContent = text; };
  if (!navigator.geolocation) return status("This phone cannot share its location: type the street address.");
  status("Finding your location...");
  navigator.geolocation.getCurrentPosition(
    ({coords}) => {
      $("latitude").value = coords.latitude.toFixed(6);
      $("longitude").value = coords.longitude.toFixed(6);
      status(`Location found, accurate to about ${Math.round(coords.accuracy)} metres.`);
    },
    (error) => status(`Could not find your location (${error.message}). Type the street address instead.`),
    {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000});
}

// ---- The notice

// Leave out what the officer left empty, so that the API says what is missing rather than what is too short.
const compact = (object) => Object.fromEntries(Object.entries(object).filter(([, v]) => v));

function dateOfBirth() {
  const [day, month, year] = ["dob-day", "dob-month", "dob-year"].map((id) => $(id).value.trim());
  return day || month || year ? `${year}-${month && pad2(month)}-${day && pad2(day)}` : "";
}

function noticeBody() {
  const value = (id) => $(id).value.trim();
  const coordinate = (id) => (value(id) === "" ? null : Number(value(id)));
  const location = {ward: value("ward")};
  if (value("latitude") || value("longitude")) {
    Object.assign(location, {latitude: coordinate("latitude"), longitude: coordinate("longitude")});
  }
  if (value("street-address")) location.street_address = value("street-address");
  const offender = isVehicle()
    ? compact({registration_mark: value("registration-mark").toUpperCase(), keeper_name: value("keeper-name"),
      keeper_address: value("keeper-address")})
    : compact({name: value("offender-name"), date_of_birth: dateOfBirth(), address: value("offender-address")});
  const evidence = [["body_worn_video", value("evidence-bwv")], ["photo", value("evidence-photo")]]
    .filter(([, reference]) => reference).map(([kind, reference]) => ({kind, reference}));
  return {
    order_code: chosenOrder() || null,
    prohibition_id: value("prohibition") ? Number(value("prohibition")) : null,
    occurred_at: value("occurred-at") ? withOffset(new Date(value("occurred-at"))) : null,
    location,
    observed: value("observed"),
    offender,
    evidence,
    outcome: document.querySelector("input[name=outcome]:checked")?.value ?? null,
  };
}

// Put a saved notice back in the form, so that the officer can correct what the API refused.
function fillForm(body) {
  const set = (id, value) => { $(id).value = value ?? ""; };
  set("ward", body.location.ward);
  chooseOrder(body.order_code);
  renderProhibitions();
  set("prohibition", String(body.prohibition_id ?? ""));
  showProhibition();
  set("latitude", body.location.latitude);
  set("longitude", body.location.longitude);
  set("street-address", body.location.street_address);
  set("occurred-at", body.occurred_at && localDateTime(new Date(body.occurred_at)));
  const [year, month, day] = (body.offender.date_of_birth ?? "").split("-");
  [["offender-name", body.offender.name], ["offender-address", body.offender.address], ["dob-day", day],
    ["dob-month", month], ["dob-year", year], ["registration-mark", body.offender.registration_mark],
    ["keeper-name", body.offender.keeper_name], ["keeper-address", body.offender.keeper_address],
    ["observed", body.observed]].forEach(([id, value]) => set(id, value));
  const reference = (kind) => body.evidence.find((e) => e.kind === kind)?.reference;
  set("evidence-bwv", reference("body_worn_video"));
  set("evidence-photo", reference("photo"));
  document.querySelectorAll("input[name=outcome]").forEach((radio) => {
    radio.checked = radio.value === body.outcome;
  });
}

// Ready for the next notice: the ward and order usually stay the same; the rest is about the last offender.
function resetForm() {
  const {ward, order} = {ward: $("ward").value, order: chosenOrder()};
  $("notice-form").reset();
  $("ward").value = ward;
  chooseOrder(order);
  renderProhibitions();
  $("location-status").textContent = "";
  $("occurred-at").value = localDateTime(new Date());
}

async function onIssue(event) {
  event.preventDefault();
  clearErrors();
  const signedIn = session();
  // The key is made once, here. Every later attempt to send this notice (from the queue, from another tab) reuses
  // it, so the server creates the notice once however often it is sent.
  const item = {key: newKey(), username: signedIn.username, body: noticeBody(), savedAt: new Date().toISOString()};
  $("issue").disabled = true; // one press, one notice
  try {
    await issue(item);
  } finally {
    $("issue").disabled = false;
  }
}

async function issue(item) {
  if (!navigator.onLine) return saveForLater(item);
  let answer;
  try {
    answer = await issueNotice(item.body, item.key);
  } catch {
    return saveForLater(item); // no signal, or it dropped mid-request: the reused key makes the resend safe
  }
  if (answer.ok) return showIssued(answer.data);
  if (answer.status === 401) {
    saveForLater(item);
    return signInAgain();
  }
  if (isRetryable(answer.status)) return saveForLater(item);
  showProblem(answer.data, item.body);
}

function saveForLater(item) {
  queue.enqueue(item);
  resetForm();
  renderQueue();
  window.scrollTo(0, 0);
  $("queue-banner").focus();
}

function showIssued(notice) {
  const pending = notice.state === "pending_approval";
  $("result-title").textContent = pending ? "Waiting for approval"
    : (notice.outcome === "warning" ? "Warning issued" : "Notice issued");
  $("result-number").textContent = notice.number;
  $("result-approval").hidden = !pending;
  const rows = [["Prohibition", notice.notice_type]];
  if (notice.amount) rows.push(["Amount", money(notice.amount)]);
  if (notice.discount_amount) {
    rows.push(["Reduced amount", `${money(notice.discount_amount)} if paid by ${longDate(notice.discount_until)}`]);
  }
  if (notice.pay_by) rows.push(["Pay by", longDate(notice.pay_by)]);
  $("result-amounts").replaceChildren(...rows.map(([key, value]) => summaryRow(key, value)));
  resetForm();
  show("result");
  window.scrollTo(0, 0);
}

function summaryRow(key, value) {
  const row = document.createElement("div");
  row.className = "govuk-summary-list__row";
  row.innerHTML = '<dt class="govuk-summary-list__key"></dt><dd class="govuk-summary-list__value"></dd>';
  row.querySelector("dt").textContent = key;
  row.querySelector("dd").textContent = value;
  return row;
}

// ---- Problems from the API: a GOV.UK error summary, and each field's message next to the field

function fieldInput(field, body) {
  // The API names evidence by position (evidence.0.reference); the form has one input per kind of evidence.
  const evidence = /^evidence\.(\d+)\./.exec(field);
  const name = evidence && body?.evidence?.[evidence[1]] ? `evidence.${body.evidence[evidence[1]].kind}` : field;
  return document.querySelector(`[data-field="${CSS.escape(name)}"]`);
}

function fieldLabel(input) {
  const grouped = input.closest(".govuk-date-input, .govuk-radios");
  if (grouped) return grouped.closest("fieldset").querySelector("legend").textContent.trim();
  return document.querySelector(`label[for="${input.id}"]`).textContent.trim();
}

// What the officer reads: the API names fields by their JSON path ("observed"); the form by their labels.
function problemSentence(problem, body) {
  const fields = (problem.errors ?? []).map(({field}) => {
    const input = fieldInput(field, body);
    return input ? fieldLabel(input) : field;
  });
  if (fields.length) {
    const names = [...new Set(fields)].map((label) => label.charAt(0).toLowerCase() + label.slice(1));
    const listed = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
    return `Check ${listed}, then send the notice again.`;
  }
  return problem.detail ?? problem.title ?? "Something went wrong. Try again.";
}

function markField(input, message) {
  const anchor = input.closest(".govuk-date-input, .govuk-radios, .govuk-input__wrapper") ?? input;
  anchor.parentElement.closest(".govuk-form-group").classList.add("govuk-form-group--error");
  const error = document.createElement("p");
  error.className = "govuk-error-message app-field-error";
  error.id = `${input.id}-error`;
  error.innerHTML = '<span class="govuk-visually-hidden">Error:</span> ';
  error.append(message);
  anchor.before(error);
  const kind = ["govuk-select", "govuk-textarea", "govuk-input"].find((c) => input.classList.contains(c));
  if (kind) input.classList.add(`${kind}--error`);
  input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby") ?? ""} ${error.id}`.trim());
}

function clearErrors() {
  $("error-summary-slot").replaceChildren();
  document.querySelectorAll(".app-field-error").forEach((error) => {
    const input = $(error.id.replace(/-error$/, ""));
    const rest = (input.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => id !== error.id);
    if (rest.length) input.setAttribute("aria-describedby", rest.join(" "));
    else input.removeAttribute("aria-describedby");
    error.remove();
  });
  document.querySelectorAll(".govuk-form-group--error").forEach((g) => g.classList.remove("govuk-form-group--error"));
  for (const kind of ["govuk-select--error", "govuk-textarea--error", "govuk-input--error"]) {
    document.querySelectorAll(`.${kind}`).forEach((input) => input.classList.remove(kind));
  }
}

function showProblem(problem, body) {
  const summary = document.createElement("div");
  summary.className = "govuk-error-summary";
  summary.dataset.module = "govuk-error-summary";
  summary.innerHTML = '<div role="alert"><h2 class="govuk-error-summary__title">There is a problem</h2>'
    + '<div class="govuk-error-summary__body"><p></p>'
    + '<ul class="govuk-list govuk-error-summary__list"></ul></div></div>';
  summary.querySelector("p").textContent = problemSentence(problem, body);
  for (const {field, message} of problem.errors ?? []) {
    const input = fieldInput(field, body);
    const item = document.createElement("li");
    if (input && !input.closest("[hidden]")) {
      markField(input, message);
      const link = document.createElement("a");
      link.href = `#${input.id}`;
      link.textContent = `${fieldLabel(input)}: ${message}`;
      item.append(link);
    } else {
      item.textContent = `${field}: ${message}`;
    }
    summary.querySelector("ul").append(item);
  }
  $("error-summary-slot").replaceChildren(summary);
  try {
    new ErrorSummary(summary); // focuses the summary, and makes its links move to the field's label
  } catch {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
}

// ---- Notices saved on this phone

function renderQueue() {
  const count = session() ? queue.waiting(session().username).length : 0;
  $("queue-banner").hidden = count === 0;
  $("queue-count").textContent = count === 1 ? "1 notice is waiting to be sent."
    : `${count} notices are waiting to be sent.`;
}

function renderSent(notices) {
  for (const notice of notices) {
    if ([...$("sent-list").children].some((li) => li.dataset.number === notice.number)) continue;
    const item = document.createElement("li");
    item.dataset.number = notice.number;
    const what = notice.state === "pending_approval" ? "waiting for a supervisor's approval"
      : (notice.amount ? money(notice.amount) : "warning");
    item.textContent = `${notice.number}: ${notice.notice_type}, ${what}`;
    $("sent-list").append(item);
  }
  $("sent-banner").hidden = $("sent-list").children.length === 0;
}

function renderAttention() {
  const items = session() ? queue.needingAttention(session().username) : [];
  $("attention").hidden = items.length === 0;
  $("attention-list").replaceChildren(...items.map((item) => {
    const box = document.createElement("div");
    box.className = "govuk-inset-text";
    box.innerHTML = '<p class="govuk-body govuk-!-font-weight-bold"></p><p class="govuk-body"></p>'
      + '<button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">'
      + "Put back in the form</button>";
    const who = item.body.offender.name ?? item.body.offender.registration_mark ?? "Offender not given";
    box.querySelector("p").textContent = `${who}, saved ${new Date(item.savedAt).toLocaleString("en-GB")}`;
    box.querySelectorAll("p")[1].textContent = problemSentence(item.problem, item.body);
    box.querySelector("button").addEventListener("click", () => {
      queue.dismiss(item.key);
      renderAttention();
      show("notice");
      clearErrors();
      fillForm(item.body);
      showProblem(item.problem, item.body);
    });
    return box;
  }));
}

// Runs on page load, when the phone comes back online and every 30 seconds. Runs may overlap (or run in two tabs
// at once); that is safe because each notice is always sent with its own Idempotency-Key.
async function sendSaved() {
  const signedIn = session();
  if (!signedIn || !navigator.onLine) return null;
  const outcome = await queue.flush(signedIn.username);
  renderSent(outcome.sent);
  if (outcome.refused.length) renderAttention();
  renderQueue();
  if (outcome.signInNeeded) signInAgain();
  return outcome;
}

// ---- Start

function start() {
  const signedIn = session();
  show(signedIn ? "notice" : "signin");
  renderQueue();
  renderAttention();
  if (!signedIn) return;
  if (!$("occurred-at").value) $("occurred-at").value = localDateTime(new Date());
  renderOrders();
  refreshOrders();
  sendSaved();
}

try {
  initAll();
} catch (error) {
  console.error(error); // the form works without GOV.UK's enhancements
}
$("signin-form").addEventListener("submit", onSignIn);
$("sign-out").addEventListener("click", signOut);
$("ward").addEventListener("change", renderProhibitions);
$("orders").addEventListener("change", renderProhibitions);
$("prohibition").addEventListener("change", showProhibition);
$("use-location").addEventListener("click", useMyLocation);
$("notice-form").addEventListener("submit", onIssue);
$("another").addEventListener("click", () => {
  show("notice");
  window.scrollTo(0, 0);
});
window.addEventListener("online", () => {
  refreshOrders();
  sendSaved();
});
window.addEventListener("storage", () => { // another tab saved or sent a notice
  renderQueue();
  renderAttention();
});
setInterval(sendSaved, SEND_SAVED_EVERY_MS);
window.fpnForm = {sendSaved}; // for the console and the browser tests
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js")
    // Look for a new release now, not some time later: it is then kept for the next time there is no signal.
    .then((registration) => registration.update().catch(() => {})) // no signal: the copy kept is used
    .catch((error) => console.warn("No offline copy of the form:", error));
}
start();
