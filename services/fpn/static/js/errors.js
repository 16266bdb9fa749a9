// Problems, the GOV.UK way: a summary at the top listing every one in the order of the fields on the page, each
// linking to its field, and each field's message next to it. The phone's own checks (validation.js) and the API's
// refusals ({type, title, detail, errors: [{field, message}]}) are shown alike; a problem with a field the page does
// not have is listed in the summary only.

import {ErrorSummary} from "../vendor/govuk-frontend/govuk-frontend.min.js";
import {$, el, hidden} from "./ui.js";

const INPUT_ERROR = {INPUT: "govuk-input--error", TEXTAREA: "govuk-textarea--error", SELECT: "govuk-select--error"};

// The input an API field names. The API names evidence by position (evidence.0.reference); the form has one input
// per kind of evidence.
export function fieldInput(field, body) {
  const evidence = /^evidence\.(\d+)\./.exec(field);
  const name = evidence && body?.evidence?.[evidence[1]] ? `evidence.${body.evidence[evidence[1]].kind}` : field;
  return document.querySelector(`[data-field="${CSS.escape(name)}"]`);
}

function grouped(input) {
  return input.closest(".govuk-date-input, .govuk-radios");
}

function fieldLabel(input) {
  const group = grouped(input);
  if (group) return group.closest("fieldset").querySelector("legend").textContent.trim();
  return document.querySelector(`label[for="${input.id}"]`).textContent.trim();
}

// What the officer reads about a saved notice the API refused: the fields to check, by their labels, or else the
// API's own sentence (which says what to do about what is not on the form, such as the notice's number).
export function problemSentence(problem, body) {
  const inputs = (problem.errors ?? []).map(({field}) => fieldInput(field, body));
  if (inputs.length && inputs.every(Boolean)) {
    const names = [...new Set(inputs.map(fieldLabel))].map((label) => label.charAt(0).toLowerCase() + label.slice(1));
    const listed = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
    return `Check ${listed}, then send the notice again.`;
  }
  return problem.detail ?? problem.title ?? "Something went wrong. Try again.";
}

function describe(node, id) {
  const ids = (node.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
  node.setAttribute("aria-describedby", [...ids, id].join(" "));
}

// The message next to the field, and the field marked as wrong (for a date, only the parts that are).
function markField(input, message, parts) {
  const group = grouped(input);
  const anchor = group ?? input.closest(".govuk-input__wrapper") ?? input;
  anchor.parentElement.closest(".govuk-form-group").classList.add("govuk-form-group--error");
  const id = `${input.id}-error`;
  anchor.before(el("p", {class: "govuk-error-message app-field-error", id}, hidden("Error:"), " ", message));
  describe(group ? group.closest("fieldset") : input, id);
  const wrong = parts ? parts.map((part) => $(part)) : (group?.querySelectorAll(".govuk-input") ?? [input]);
  for (const node of wrong) {
    if (INPUT_ERROR[node.tagName] && !["radio", "checkbox"].includes(node.type)) {
      node.classList.add(INPUT_ERROR[node.tagName]);
    }
  }
}

export function clearErrors() {
  $("error-summary-slot").replaceChildren();
  document.querySelectorAll(".app-field-error").forEach((message) => message.remove());
  document.querySelectorAll("[aria-describedby]").forEach((node) => {
    const rest = node.getAttribute("aria-describedby").split(" ").filter((id) => id && !id.endsWith("-error"));
    if (rest.length) node.setAttribute("aria-describedby", rest.join(" "));
    else node.removeAttribute("aria-describedby");
  });
  document.querySelectorAll(".govuk-form-group--error").forEach((g) => g.classList.remove("govuk-form-group--error"));
  for (const kind of Object.values(INPUT_ERROR)) {
    document.querySelectorAll(`.${kind}`).forEach((input) => input.classList.remove(kind));
  }
  document.title = document.title.replace(/^Error: /, "");
}

const pageOrder = (a, b) => (a.input.compareDocumentPosition(b.input) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);

// Show `problem` (the API's, or the phone's own {errors}) on the page; `body` is the notice it was about.
export function showProblem(problem, body) {
  const errors = (problem.errors ?? []).map((error) => {
    const input = fieldInput(error.field, body);
    return {...error, input: input && !input.closest("[hidden]") ? input : null};
  });
  const placed = [];
  for (const error of errors.filter((e) => e.input).sort(pageOrder)) {
    if (placed.some((p) => p.input === error.input)) continue; // one message a field: the first to act on
    markField(error.input, error.message, error.parts);
    placed.push(error);
  }
  const unplaced = errors.filter((e) => !e.input);
  const items = [
    ...placed.map(({input, message, parts}) => el("li", {}, el("a", {href: `#${parts?.[0] ?? input.id}`}, message))),
    ...unplaced.map(({message}) => el("li", {}, message)),
  ];
  // The API's sentence, when it is the problem or when it explains what is not on the form.
  const sentence = !errors.length || unplaced.length ? problem.detail ?? problem.title : null;
  const summary = el("div", {class: "govuk-error-summary", "data-module": "govuk-error-summary"},
    el("div", {role: "alert"},
      el("h2", {class: "govuk-error-summary__title"}, "There is a problem"),
      el("div", {class: "govuk-error-summary__body"},
        sentence ? el("p", {class: "govuk-body"}, sentence) : null,
        items.length ? el("ul", {class: "govuk-list govuk-error-summary__list"}, items) : null)));
  $("error-summary-slot").replaceChildren(summary);
  if (!document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
  try {
    new ErrorSummary(summary); // focuses the summary, and makes its links move to the field's label
  } catch {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
}
