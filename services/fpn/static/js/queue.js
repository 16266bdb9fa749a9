// Notices saved on this phone until there is signal, and the ones the API refused after they were saved.
//
// Each saved notice keeps the Idempotency-Key made when the officer pressed Issue, and every attempt sends that
// same key: if a request reached the server but its answer was lost, or two tabs send the same notice at once,
// the server returns the notice it already created instead of creating a second one.

import {isRetryable, issueNotice} from "./api.js";

const QUEUE = "fpn.queue";
const ATTENTION = "fpn.attention";

function load(name) {
  try {
    return JSON.parse(localStorage.getItem(name)) || [];
  } catch {
    return [];
  }
}

function save(name, items) {
  localStorage.setItem(name, JSON.stringify(items));
}

// A notice is sent only under the account that issued it, so another officer signing in on the same phone
// cannot send it as theirs.
export function waiting(username) {
  return load(QUEUE).filter((item) => item.username === username);
}

export function needingAttention(username) {
  return load(ATTENTION).filter((item) => item.username === username);
}

export function enqueue(item) {
  save(QUEUE, [...load(QUEUE), item]);
}

function remove(name, key) {
  // Re-read first: another tab may have changed the list since this one last looked.
  save(name, load(name).filter((item) => item.key !== key));
}

export function dismiss(key) {
  remove(ATTENTION, key);
}

// A saved notice the API has answered some other way (a slow first send that got through after all).
export function forget(key) {
  remove(QUEUE, key);
}

// Send this officer's saved notices, oldest first. A notice leaves the queue only once the API has answered
// it: created (2xx), or refused (4xx: kept in the attention list; so is a 409 for a number already on another
// notice, to be put back in the form and issued with the next number). No signal or a server error (5xx) stops the
// run and leaves the rest queued, in order, for the next try. Returns what happened for the page to show.
export async function flush(username) {
  const outcome = {sent: [], refused: [], signInNeeded: false};
  for (const item of waiting(username)) {
    let answer;
    try {
      answer = await issueNotice(item.body, item.key);
    } catch {
      break; // no signal
    }
    if (answer.ok) {
      remove(QUEUE, item.key);
      outcome.sent.push(answer.data);
    } else if (answer.status === 401) {
      outcome.signInNeeded = true; // the sign-in ended: the notice is fine, keep it until they sign in again
      break;
    } else if (isRetryable(answer.status)) {
      break;
    } else {
      remove(QUEUE, item.key);
      remove(ATTENTION, item.key); // another tab may have filed the same refusal
      save(ATTENTION, [...load(ATTENTION), {...item, problem: answer.data}]);
      outcome.refused.push(item);
    }
  }
  return outcome;
}
