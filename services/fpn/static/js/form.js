// The officers' form: sign in; fill in the notice (checked on the phone, every problem at once); check the answers;
// issue it with the next number from the phone's block, or save it on the phone until there is signal; and see the
// notices issued today.
//
// One page, several views, each named by the address's #fragment so that the phone's Back button moves between
// them: #form (the form; a field's id also shows the form, at that field), #check, #result and #today.

import {initAll} from "../vendor/govuk-frontend/govuk-frontend.min.js";
import {isRetryable, issueNotice, keepSignInIn, myProfile, noticePdf, ordersInForce, signIn, signOut as endSignIn}
  from "./api.js";
import {clearErrors, problemSentence, showProblem} from "./errors.js";
import * as numbers from "./numbers.js";
import * as queue from "./queue.js";
import {$, addDays, el, hidden, localDate, localDateTime, longDate, longDateTime, money, newKey, summaryRow,
  withOffset} from "./ui.js";
import {approvalReason, dateOfBirth, problems} from "./validation.js";

const SESSION = "fpn.session";
const ORDERS = "fpn.orders";
const SEND_SAVED_EVERY_MS = 30000;
// A weak signal can leave a request unanswered for long: the officer is not kept waiting in the street. The notice
// is saved on the phone and shown with its number; its Idempotency-Key makes the later resend safe.
const ANSWER_WAIT_MS = 8000;
const SIGN_OUT_WAIT_MS = 8000; // for sending what is saved and returning the numbers, before signing out anyway
const ISSUER = "enforcement_officer";
const BACK_OFFICE = ["enforcement_supervisor", "admin"];
const SECTIONS = ["signin", "cannot-issue", "no-profile", "notice", "check", "result", "today"];
const PAGE_TITLE = document.title;

const wait = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const settle = (promise, ms) => Promise.race([promise.catch(() => null), wait(ms)]);

let draft = null; // {values, body}: the notice being checked, from the form
let lastResult = null; // what the result view shows
let current = null; // the view shown

// ---- Signing in and out

const session = keepSignInIn(localStorage, SESSION);

function saveSession(changes) {
  const signedIn = session();
  if (signedIn) localStorage.setItem(SESSION, JSON.stringify({...signedIn, ...changes}));
}

// The roles the sign-in gave; a sign-in kept from before the page kept them has them in its token.
function roles() {
  const signedIn = session();
  if (!signedIn) return [];
  if (Array.isArray(signedIn.roles)) return signedIn.roles;
  try {
    return JSON.parse(atob(signedIn.token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).roles ?? [];
  } catch {
    return [];
  }
}

const canIssue = () => roles().includes(ISSUER);
const offersForm = () => canIssue() && session().profile !== null;

async function onSignIn(event) {
  event.preventDefault();
  clearErrors();
  const username = $("username").value.trim();
  const missing = [...(username ? [] : [{field: "username", message: "Enter your username"}]),
    ...($("password").value ? [] : [{field: "password", message: "Enter your password"}])];
  if (missing.length) return showProblem({errors: missing});
  let answer;
  try {
    answer = await signIn(username, $("password").value);
  } catch {
    return showProblem({detail: "You need signal to sign in. Try again when you have it."});
  }
  if (!answer.ok) return showProblem(answer.data);
  const {access_token: token, display_name: displayName} = answer.data;
  localStorage.setItem(SESSION, JSON.stringify({token, username: answer.data.username, displayName,
    roles: answer.data.roles}));
  $("password").value = "";
  if (canIssue()) await refreshProfile(); // so that an officer with no profile is never offered the form
  start({profileChecked: true});
}

// How notices will name the officer, kept with the sign-in for use with no signal: their profile, null when the API
// says there is none (then the form is not offered), or absent while not yet known.
async function refreshProfile() {
  if (!navigator.onLine) return;
  let answer;
  try {
    answer = await myProfile();
  } catch {
    return; // no signal: the profile kept will do
  }
  if (answer.status === 401) return signInAgain();
  if (answer.ok) {
    saveSession({profile: {fullName: answer.data.full_name, authorisationNumber: answer.data.authorisation_number}});
  } else if (answer.status === 404) {
    saveSession({profile: null});
  }
}

// Before signing out, with signal: send the notices saved on the phone, then return the phone's numbers (their
// unused ones become void; the notices still waiting keep theirs, valid because they were completed before).
// Notices saved on the phone are never thrown away by signing out (that would lose the officer's work), but they
// hold offenders' details, so the officer is told they stay on the phone until they sign in and send them.
let signingOut = false;

async function signOut(event) {
  event.preventDefault();
  if (signingOut) return;
  const username = session()?.username;
  signingOut = true;
  try {
    if (canIssue()) await settle(sendSaved(), SIGN_OUT_WAIT_MS);
    const unsent = queue.waiting(username).length + queue.needingAttention(username).length;
    if (unsent && !window.confirm(
      `${unsent === 1 ? "1 notice has" : `${unsent} notices have`} not been sent yet. ` +
      "It stays on this phone, with the offender's details, until you sign in again and send it. Sign out anyway?")) {
      return;
    }
    if (canIssue() && navigator.onLine) await settle(numbers.giveBack(username), SIGN_OUT_WAIT_MS);
  } finally {
    signingOut = false;
  }
  localStorage.removeItem(SESSION);
  endSignIn().catch(() => {}); // with no signal the sign-in simply lapses on the server within days
  resetForm();
  clearErrors();
  draft = null;
  lastResult = null;
  $("sent-list").replaceChildren();
  $("today-saved").replaceChildren();
  $("today-sent").replaceChildren();
  renderSent([]);
  history.replaceState(null, "", location.pathname);
  start();
}

// The sign-in has ended (renewal refused): sign in again. Notices saved on the phone stay and are sent after.
function signInAgain() {
  const username = session()?.username;
  if (!username) return; // already asked (two requests can find the expiry at once)
  localStorage.removeItem(SESSION);
  start();
  $("username").value = username;
  showProblem({detail: "Your sign-in has ended. Sign in again. Notices saved on this phone are kept and sent after "
    + "you sign in."});
}

// ---- Views

// The view the address names, if it can be shown; a field's id names the form, at that field.
function viewFromAddress() {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash === "check" && draft) return ["check"];
  if (hash === "result" && lastResult) return ["result"];
  if (hash === "today") return ["today"];
  const field = hash ? document.getElementById(hash) : null;
  return ["notice", field && $("notice-form").contains(field) ? field : null];
}

// What the person may see: the sign-in, a message for an account that cannot issue, or for an officer whose
// profile is not recorded, or else the view the address names.
function wanted() {
  if (!session()) return ["signin"];
  if (!canIssue()) return ["cannot-issue"];
  if (session().profile === null) return ["no-profile"];
  return viewFromAddress();
}

function route({focus = true} = {}) {
  const [view, field] = wanted();
  render(view, {focus: focus && !field});
  if (field) {
    showProhibition(); // a vehicle's fields or a person's, as chosen
    field.focus(); // and the browser scrolls to it
  }
}

// Move to a view, as a new page the Back button returns from (or, with `replace`, in place of this one). The page
// marks the views it opened, so that their "Back" links can go back as the Back button does.
function go(view, {replace = false} = {}) {
  const hash = view === "notice" ? "#form" : `#${view}`;
  if (location.hash !== hash) history[replace ? "replaceState" : "pushState"]({opened: true}, "", hash);
  route();
}

function onBackLink(event) {
  if (!history.state?.opened) return; // opened from elsewhere (a reload, a link): the link's own address
  event.preventDefault();
  history.back();
}

function render(view, {focus}) {
  renderHeader();
  const changed = view !== current;
  current = view;
  for (const name of SECTIONS) $(`${name}-section`).hidden = name !== view;
  renderQueue();
  if (!changed) return;
  clearErrors();
  const heading = $(`${view}-section`).querySelector("h1");
  if (view === "check") renderCheck(draft);
  if (view === "result") renderResult(lastResult);
  if (view === "today") drawToday();
  if (view === "cannot-issue") $("office-link").hidden = !roles().some((role) => BACK_OFFICE.includes(role));
  document.title = view === "notice" ? PAGE_TITLE : `${heading.textContent.trim()} - ${PAGE_TITLE}`;
  if (focus) {
    window.scrollTo(0, 0);
    heading.focus({preventScroll: true}); // a screen reader hears where it now is
  }
}

// The header names the officer as their notices will: full name and authorisation number.
function renderHeader() {
  const signedIn = session();
  $("account").hidden = !signedIn;
  const profile = signedIn?.profile;
  $("signed-in-as").textContent = profile ? `${profile.fullName}, authorisation ${profile.authorisationNumber}`
    : signedIn?.displayName ?? "";
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

// The prohibition with this id, with its order, from the orders kept on the phone.
function prohibitionFacts(id) {
  for (const order of savedOrders()?.orders ?? []) {
    for (const scope of order.scopes) {
      const prohibition = scope.prohibitions.find((p) => p.id === Number(id));
      if (prohibition) return {order, scope, prohibition};
    }
  }
  return null;
}

const prohibitionLabel = (id) => prohibitionFacts(id)?.prohibition.report_label ?? "Not known on this phone";

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
  const id = index ? `order-${index}` : "order";
  return el("div", {class: "govuk-radios__item"},
    el("input", {class: "govuk-radios__input", type: "radio", name: "order", id, value: order.code,
      "data-field": index ? null : "order_code"}),
    el("label", {class: "govuk-label govuk-radios__label", for: id}, order.title));
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

// Why the date of birth or address is missing: asked only once the officer says they could not get them.
function showWithheld() {
  $("withheld-reveal").hidden = !$("withheld").checked;
}

// Why a fixed penalty and not a first warning: asked only with a fixed penalty.
function showOverride() {
  $("override-reveal").hidden = checked("outcome") !== "fpn";
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

const checked = (name) => document.querySelector(`input[name=${name}]:checked`)?.value ?? "";

// What the officer entered, as typed (trimmed): what validation.js checks and the check page shows.
function formValues() {
  const value = (id) => $(id).value.trim();
  return {
    ward: value("ward"), order: chosenOrder(), prohibition: value("prohibition"), vehicle: isVehicle(),
    latitude: value("latitude"), longitude: value("longitude"), streetAddress: value("street-address"),
    occurredAt: value("occurred-at"), name: value("offender-name"), dobDay: value("dob-day"),
    dobMonth: value("dob-month"), dobYear: value("dob-year"), address: value("offender-address"),
    withheld: $("withheld").checked, withheldReason: checked("withheld-reason"),
    registrationMark: value("registration-mark").toUpperCase(), keeperName: value("keeper-name"),
    keeperAddress: value("keeper-address"), observed: value("observed"), bodyWornVideo: value("evidence-bwv"),
    photo: value("evidence-photo"), outcome: checked("outcome"), override: value("policy-override"),
    identificationShown: $("identification-shown").checked, expected: earlier?.expectedFor(earlierKey()) ?? null,
  };
}

// ---- Warning first: the person's earlier notices under the order, and what its policy expects

function earlierOffender() {
  const value = (id) => $(id).value.trim();
  if (isVehicle()) return compact({registration_mark: value("registration-mark").toUpperCase()});
  return compact({name: value("offender-name"), date_of_birth: dateOfBirth({dobDay: value("dob-day"),
    dobMonth: value("dob-month"), dobYear: value("dob-year")}).date});
}

const earlierKey = () => JSON.stringify([$("prohibition").value, earlierOffender()]);

// earlier.js and today.js are fetched when first needed, not before the form can be used: one round trip fewer on a
// slow signal (the service worker keeps them for use offline).
let earlier = null;

async function refreshEarlier() {
  earlier ??= await import("./earlier.js").catch(() => null);
  return earlier?.checkEarlier(Number($("prohibition").value) || null, earlierOffender(), earlierKey());
}

// Leave out what the officer left empty: the API takes an absent detail as not given.
const compact = (object) => Object.fromEntries(Object.entries(object).filter(([, v]) => v));

// The API's request for checked values.
function noticeBody(v) {
  const location = {ward: v.ward};
  if (v.latitude || v.longitude) {
    Object.assign(location, {latitude: Number(v.latitude), longitude: Number(v.longitude)});
  }
  if (v.streetAddress) location.street_address = v.streetAddress;
  const offender = v.vehicle
    ? compact({registration_mark: v.registrationMark, keeper_name: v.keeperName, keeper_address: v.keeperAddress})
    : compact({name: v.name, date_of_birth: dateOfBirth(v).date, address: v.address});
  const evidence = [["body_worn_video", v.bodyWornVideo], ["photo", v.photo]]
    .filter(([, reference]) => reference).map(([kind, reference]) => ({kind, reference}));
  return {
    order_code: v.order, prohibition_id: Number(v.prohibition), occurred_at: withOffset(new Date(v.occurredAt)),
    location, observed: v.observed, offender, evidence, outcome: v.outcome,
    details_withheld: !v.vehicle && v.withheld ? v.withheldReason : null,
    policy_override: v.outcome === "fpn" && v.override ? v.override : null,
    identification_shown: v.identificationShown,
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
  $("withheld").checked = Boolean(body.details_withheld);
  $("identification-shown").checked = Boolean(body.identification_shown);
  set("policy-override", body.policy_override);
  for (const [name, value] of [["outcome", body.outcome], ["withheld-reason", body.details_withheld]]) {
    document.querySelectorAll(`input[name=${name}]`).forEach((radio) => { radio.checked = radio.value === value; });
  }
  showWithheld();
  showOverride();
}

// Ready for the next notice: the ward and order usually stay the same; the rest is about the last offender.
function resetForm() {
  const {ward, order} = {ward: $("ward").value, order: chosenOrder()};
  $("notice-form").reset();
  $("ward").value = ward;
  chooseOrder(order);
  renderProhibitions();
  showWithheld();
  $("location-status").textContent = "";
  $("occurred-at").value = localDateTime(new Date());
  $("earlier").hidden = true;
  showOverride();
}

// Continue: every problem at once, or the answers to check. Nothing is sent yet.
async function onContinue(event) {
  event.preventDefault();
  clearErrors();
  await refreshEarlier();  // what the order's policy expects for this person, if there is signal to ask
  const values = formValues();
  const found = problems(values);
  if (found.length) return showProblem({errors: found});
  draft = {values, body: noticeBody(values)};
  go("check");
}

// ---- Check your answers

const what = (outcome) => (outcome === "warning" ? "warning" : "notice");

function place(values) {
  const gps = values.latitude ? `GPS ${values.latitude}, ${values.longitude}` : "";
  return [values.streetAddress, gps].filter(Boolean).join("\n");
}

const WITHHELD = {refused: "The person refused to give their details",
  believed_false: "The details given are believed to be false"};

function offenderRows(values, body) {
  if (values.vehicle) {
    return [["Vehicle registration mark", values.registrationMark, ["registration-mark", "registration mark"]],
      ["Registered keeper's name", values.keeperName || "Not given", ["keeper-name", "keeper's name"]],
      ["Registered keeper's address", values.keeperAddress || "Not given", ["keeper-address", "keeper's address"]]];
  }
  const rows = [["Full name", values.name, ["offender-name", "full name"]],
    ["Date of birth", body.offender.date_of_birth ? longDate(body.offender.date_of_birth) : "Not given",
      ["dob-day", "date of birth"]],
    ["Address", values.address || "Not given", ["offender-address", "address"]]];
  if (body.details_withheld) {
    rows.push(["Details not given because", WITHHELD[body.details_withheld], ["withheld-reason", "why"]]);
  }
  return rows;
}

function renderCheck({values, body}) {
  const kind = what(body.outcome);
  $("check-title").textContent = `Check your answers before issuing the ${kind}`;
  $("check-issue-title").textContent = `Now issue the ${kind}`;
  $("issue").textContent = `Issue ${kind}`;
  const facts = prohibitionFacts(body.prohibition_id);
  const rows = (list) => list.map(([key, value, change]) => summaryRow(key, value, change));
  $("check-where").replaceChildren(...rows([
    ["Ward", values.ward, ["ward", "ward"]],
    ["Order", facts?.order.title ?? values.order, ["order", "order"]],
    ["Prohibition", prohibitionLabel(body.prohibition_id), ["prohibition", "prohibition"]],
    ["Location", place(values), ["street-address", "location"]],
    ["When it happened", longDateTime(body.occurred_at), ["occurred-at", "when it happened"]]]));
  $("check-offender").replaceChildren(...rows(offenderRows(values, body)));
  $("check-what").replaceChildren(...rows([
    ["What you saw", values.observed, ["observed", "what you saw"]],
    ["Body-worn video reference", values.bodyWornVideo || "None", ["evidence-bwv", "body-worn video reference"]],
    ["Photo reference", values.photo || "None", ["evidence-photo", "photo reference"]],
    ["Earlier notices under this order", earlierSummary(), ["offender-name", "the person"]],
    ["Outcome", body.outcome === "warning" ? "Warning" : "Fixed penalty notice", ["outcome", "outcome"]],
    ...(body.policy_override ? [["Why a fixed penalty notice, not a first warning", body.policy_override,
      ["policy-override", "why a fixed penalty notice"]]] : []),
    ["Identification shown", "Yes", ["identification-shown", "identification shown"]]]));
  const reason = approvalReason(values);
  $("check-approval").hidden = !reason;
  $("check-approval-text").textContent = reason
    ? `This ${kind} waits for a supervisor's approval before it stands, because ${reason}.` : "";
}

function earlierSummary() {
  const check = earlier?.lastCheck(earlierKey());
  if (!check) return "Not checked (no signal)";
  const found = check.earlier.length;
  return `${found ? `${found} found` : "None found"}. ${check.explanation}`;
}

// ---- Issuing

async function onIssue() {
  if (!draft || $("issue").disabled) return;
  const signedIn = session();
  const {values} = draft;
  const body = {...draft.body};
  // The number is taken off the phone's list now, whatever happens next: it is never used for another notice.
  const number = numbers.take(signedIn.username, body.outcome);
  if (number) body.number = number;
  // Given now: a notice sent later is dated today, and its payment dates count from today, as shown here.
  body.completed_at = withOffset(new Date());
  // The key is made once, here. Every later attempt to send this notice (from the queue, from another tab) reuses
  // it, so the server creates the notice once however often it is sent.
  const item = {key: newKey(), username: signedIn.username, body, savedAt: new Date().toISOString()};
  $("issue").disabled = true; // one press, one notice
  try {
    await issue(item, values);
  } finally {
    $("issue").disabled = false;
  }
  numbers.refresh(signedIn.username); // a new block while there is signal, if few numbers are left
}

async function issue(item, values) {
  if (!navigator.onLine) return saveForLater(item, values);
  const sending = issueNotice(item.body, item.key);
  let answer;
  try {
    answer = await Promise.race([sending, wait(ANSWER_WAIT_MS).then(() => null)]);
  } catch {
    return saveForLater(item, values); // no signal, or it dropped mid-request: the reused key makes the resend safe
  }
  if (answer === null) {
    sending.then((late) => { if (late.ok) sentAfterAll(item, late.data); }).catch(() => {});
    return saveForLater(item, values);
  }
  if (answer.ok) return showIssued({notice: answer.data, values});
  if (answer.status === 401) {
    saveForLater(item, values);
    return signInAgain();
  }
  if (isRetryable(answer.status)) return saveForLater(item, values);
  if (answer.data.type?.endsWith("/no-officer-profile")) saveSession({profile: null});
  go("notice", {replace: true});
  showProblem(answer.data, item.body);
}

// A notice saved because its answer was slow, answered after all: it need not be sent again.
function sentAfterAll(item, notice) {
  queue.forget(item.key);
  renderQueue();
  renderSent([notice]);
}

function saveForLater(item, values) {
  queue.enqueue(item);
  showIssued({saved: item, values});
}

// What an FPN saved on the phone will ask for, from the penalty terms kept with the orders, as the API works it out
// (the dates count from today, the day it is issued).
function expectedMoney(body) {
  const on = localDate(new Date(body.occurred_at));
  const terms = (prohibitionFacts(body.prohibition_id)?.prohibition.terms ?? [])
    .filter((t) => t.effective_from <= on).sort((a, b) => a.effective_from.localeCompare(b.effective_from));
  const term = terms.at(-1);
  if (body.outcome !== "fpn" || !term) return {};
  const today = localDate(new Date());
  return {amount: term.amount, discount_amount: term.discount_amount,
    discount_until: term.discount_days ? addDays(today, term.discount_days) : null,
    pay_by: addDays(today, term.payment_days)};
}

// The result: the notice as the API issued it, or as saved on the phone (its number is final all the same).
function showIssued({notice, saved, values}) {
  const body = saved?.body;
  lastResult = {
    number: notice?.number ?? body.number ?? null,
    outcome: notice?.outcome ?? body.outcome,
    label: notice?.notice_type ?? prohibitionLabel(body.prohibition_id),
    pending: notice ? notice.state === "pending_approval" : Boolean(approvalReason(values)),
    reason: approvalReason(values),
    money: notice ?? expectedMoney(body),
    saved: Boolean(saved),
  };
  resetForm();
  draft = null;
  go("result", {replace: true});
}

function renderResult(result) {
  const kind = what(result.outcome);
  const title = !result.number ? "Saved on this phone"
    : (result.pending ? "Waiting for approval" : (kind === "warning" ? "Warning issued" : "Notice issued"));
  $("result-title").textContent = title;
  $("result-number-label").textContent = result.number ? `${kind === "warning" ? "Warning" : "Notice"} number`
    : `The ${kind} is given its number when it is sent`;
  $("result-number").textContent = result.number ?? "";
  $("result-saved").hidden = !result.saved;
  $("result-saved-text").textContent = result.number
    ? "It is sent when you have signal. Its number is final: you can give it to the person now."
    : "It is sent when you have signal. This phone has no numbers left to give it.";
  $("result-approval").hidden = !result.pending;
  $("result-approval-text").textContent = `A supervisor must approve this ${kind} before it stands` +
    (result.reason ? `, because ${result.reason}.` : ".");
  const {amount, discount_amount: reduced, discount_until: reducedUntil, pay_by: payBy} = result.money;
  const rows = [["Prohibition", result.label]];
  if (amount) rows.push(["Amount", money(amount)]);
  if (reduced) rows.push(["Reduced amount", `${money(reduced)} if paid by ${longDate(reducedUntil)}`]);
  if (payBy) rows.push(["Pay by", longDate(payBy)]);
  $("result-amounts").replaceChildren(...rows.map(([key, value]) => summaryRow(key, value)));
  const printed = result.number && !result.saved
    ? pdfLink(result.number, `Download the ${kind} to print (PDF)`, "")
    : `You can download the ${kind} to print once it has been sent.`;
  $("result-links").replaceChildren(el("li", {}, printed),
    el("li", {}, el("a", {class: "govuk-link", href: "#today"}, "My notices today")));
}

// ---- Printed notices: the PDF needs the sign-in, so it is fetched with it and handed to the phone as a file

function pdfLink(number, text, hiddenText) {
  const path = `/api/v1/notices/${number.replaceAll(" ", "")}/pdf`;
  return el("a", {class: "govuk-link", href: path, onclick: (event) => {
    event.preventDefault();
    downloadPdf(number);
  }}, text, hiddenText ? hidden(hiddenText) : null);
}

async function downloadPdf(number) {
  clearErrors();
  let answer = null;
  try {
    answer = await noticePdf(number);
  } catch {
    // no signal
  }
  if (!answer?.ok) {
    const problem = await answer?.json().catch(() => null);
    return showProblem(problem ?? {detail: "The notice could not be downloaded. Try again when you have signal."});
  }
  const url = URL.createObjectURL(await answer.blob());
  el("a", {href: url, download: `${number.replaceAll(" ", "")}.pdf`}).click();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// ---- Notices saved on this phone, and today's

function renderQueue() {
  const count = session() ? queue.waiting(session().username).length : 0;
  $("queue-banner").hidden = count === 0 || current === "result"; // the result says so itself
  $("queue-count").textContent = count === 1 ? "1 notice is waiting to be sent."
    : `${count} notices are waiting to be sent.`;
}

function renderSent(notices) {
  for (const notice of notices) {
    if ([...$("sent-list").children].some((li) => li.dataset.number === notice.number)) continue;
    const state = notice.state === "pending_approval" ? "waiting for a supervisor's approval"
      : (notice.amount ? money(notice.amount) : "warning");
    $("sent-list").append(el("li", {"data-number": notice.number},
      `${notice.number}: ${notice.notice_type}, ${state}`));
  }
  $("sent-banner").hidden = $("sent-list").children.length === 0;
}

function renderAttention() {
  const items = session() ? queue.needingAttention(session().username) : [];
  $("attention").hidden = items.length === 0;
  $("attention-list").replaceChildren(...items.map((item) => {
    const who = item.body.offender.name ?? item.body.offender.registration_mark ?? "Offender not given";
    const number = item.body.number ? `${item.body.number}: ` : "";
    return el("div", {class: "govuk-inset-text"},
      el("p", {class: "govuk-body govuk-!-font-weight-bold"},
        `${number}${who}, saved ${new Date(item.savedAt).toLocaleString("en-GB")}`),
      el("p", {class: "govuk-body"}, problemSentence(item.problem, item.body)),
      el("button", {type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-0",
        onclick: () => putBack(item)}, "Put back in the form"));
  }));
}

// A refused notice back in the form to correct; issued again, it takes the next number (its old one stays used).
function putBack(item) {
  queue.dismiss(item.key);
  renderAttention();
  fillForm(item.body);
  go("notice");
  showProblem(item.problem, item.body);
}

async function drawToday() {
  const username = session()?.username;
  const {showToday} = await import("./today.js");
  showToday({waiting: queue.waiting(username), attention: queue.needingAttention(username), prohibitionLabel,
    pdfLink}).then((signedIn) => { if (!signedIn) signInAgain(); });
}

// Runs on page load, when the phone comes back online and every 30 seconds. Runs may overlap (or run in two tabs
// at once); that is safe because each notice is always sent with its own Idempotency-Key.
async function sendSaved() {
  const signedIn = session();
  if (!signedIn || !canIssue() || !navigator.onLine) return null;
  const outcome = await queue.flush(signedIn.username);
  renderSent(outcome.sent);
  if (outcome.refused.length) renderAttention();
  renderQueue();
  if (outcome.signInNeeded) signInAgain();
  else if (current === "today" && (outcome.sent.length || outcome.refused.length)) drawToday();
  return outcome;
}

// Signal: send what is saved, then make sure the phone holds numbers for the next notices.
async function whenOnline() {
  await sendSaved();
  if (offersForm()) await numbers.refresh(session().username);
}

// ---- Start

function start({profileChecked = false} = {}) {
  if (["#check", "#result"].includes(location.hash) && !(draft || lastResult)) {
    history.replaceState(null, "", "#form"); // a reload forgets the answers being checked
  }
  route({focus: false});
  renderAttention();
  if (!session() || !canIssue()) return;
  if (!$("occurred-at").value) $("occurred-at").value = localDateTime(new Date());
  renderOrders();
  refreshOrders();
  if (!profileChecked) refreshProfile().then(() => route({focus: false}));
  whenOnline();
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
$("withheld").addEventListener("change", showWithheld);
document.querySelectorAll("input[name=outcome]").forEach((radio) => radio.addEventListener("change", showOverride));
for (const id of ["prohibition", "offender-name", "dob-day", "dob-month", "dob-year", "registration-mark"]) {
  $(id).addEventListener("change", refreshEarlier);
}
$("use-location").addEventListener("click", useMyLocation);
$("notice-form").addEventListener("submit", onContinue);
$("issue").addEventListener("click", onIssue);
$("another").addEventListener("click", () => go("notice"));
document.querySelectorAll(".govuk-back-link").forEach((link) => link.addEventListener("click", onBackLink));
// The Back button, and links to a view or to a field ("Change"): the same view twice is drawn once.
window.addEventListener("hashchange", () => route());
window.addEventListener("popstate", () => route());
window.addEventListener("online", () => {
  refreshOrders();
  whenOnline().then(() => { if (current === "today") drawToday(); }); // the notices sent today can be loaded now
});
window.addEventListener("storage", () => { // another tab saved or sent a notice
  renderQueue();
  renderAttention();
});
setInterval(sendSaved, SEND_SAVED_EVERY_MS);
window.fpnForm = {sendSaved, refreshNumbers: () => numbers.refresh(session()?.username)}; // for tests and the console
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js")
    // Look for a new release now, not some time later: it is then kept for the next time there is no signal.
    .then((registration) => registration.update().catch(() => {})) // no signal: the copy kept is used
    .catch((error) => console.warn("No offline copy of the form:", error));
}
start();
