// Calls to the fpn JSON API (signing in, and renewing it, is shared: signin.js). Each returns {ok, status, data};
// a network failure (no signal) throws.
import {authorised, authorisedFetch} from "./signin.js";

export {keepSignInIn, signIn, signOut} from "./signin.js";

export function ordersInForce(on) {
  return authorised("GET", `/api/v1/orders?on=${encodeURIComponent(on)}&issued_through=officers`);
}

export function issueNotice(body, idempotencyKey) {
  return authorised("POST", "/api/v1/notices", {body, headers: {"Idempotency-Key": idempotencyKey}});
}

// The officer's own notices issued on a day (Brent's), newest first.
export function noticesIssuedOn(day) {
  const on = encodeURIComponent(day);
  return authorised("GET", `/api/v1/notices?from=${on}&to=${on}&page_size=100`);
}

// The printed notice: a Response (its body is the PDF), fetched with the sign-in.
export function noticePdf(number) {
  return authorisedFetch(`/api/v1/notices/${encodeURIComponent(number.replaceAll(" ", ""))}/pdf`);
}

// How the signed-in officer's notices name them (404: no profile recorded yet).
export function myProfile() {
  return authorised("GET", "/api/v1/officers/me");
}

export function askForNumbers(device) {
  return authorised("POST", "/api/v1/number-blocks", {body: {device}});
}

export function myNumberBlocks() {
  return authorised("GET", "/api/v1/number-blocks");
}

export function returnNumbers(blockId) {
  return authorised("POST", `/api/v1/number-blocks/${encodeURIComponent(blockId)}/return`);
}

// The person's earlier notices under the prohibition's order, and what the order's policy expects (a POST, so the
// person's details stay out of addresses and logs).
export function earlierNotices(prohibitionId, offender) {
  return authorised("POST", "/api/v1/earlier-notices", {body: {prohibition_id: prohibitionId, offender}});
}

// Worth sending again later with the same key: the server failed, timed out or asked us to slow down.
export function isRetryable(status) {
  return status >= 500 || status === 408 || status === 429;
}
