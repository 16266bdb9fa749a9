// Calls to a Safer Brent service's JSON API, signed in: shared by every service's pages (shared/static/js).
// Each returns {ok, status, data, headers}; a network failure (no signal) throws.

// A phone with one bar of signal can leave a request hanging for minutes; give up and treat it as no signal.
const TIMEOUT_MS = 20000;

export async function call(method, path, {token, body, headers = {}, timeout = TIMEOUT_MS} = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);  // longer for a large upload
  try {
    const response = await fetch(path, {
      method,
      headers: {
        "Accept": "application/json, application/problem+json",
        ...(body === undefined ? {} : {"Content-Type": body instanceof Blob ? body.type : "application/json"}),
        ...(token ? {"Authorization": `Bearer ${token}`} : {}),
        ...headers,
      },
      body: body === undefined || body instanceof Blob ? body : JSON.stringify(body),  // a Blob: a file, as it is
      signal: controller.signal,
      cache: "no-store",
    });
    const data = await response.json().catch(() => ({}));
    return {ok: response.ok, status: response.status, data, headers: response.headers};
  } finally {
    clearTimeout(timer);
  }
}

// The page's sign-in: {get(), setToken(token)}. Access tokens last minutes; when one has expired (401) it is renewed
// once with the refresh token the server keeps in an HttpOnly cookie, and the request is sent again. So a notice
// saved on the phone through a whole shift without signal is still sent when the signal returns.
let signedIn = {get: () => null, setToken: () => {}};

export function keepSignIn(store) {
  signedIn = store;
}

// Keep the page's sign-in in `storage` under `key` (localStorage on officers' phones, so that it survives a reload
// with no signal; sessionStorage on shared office computers), renewing its token there; returns its reader.
export function keepSignInIn(storage, key) {
  const read = () => {
    try {
      return JSON.parse(storage.getItem(key));
    } catch {
      return null;
    }
  };
  keepSignIn({
    get: read,
    setToken(token) {
      const current = read();
      if (current) storage.setItem(key, JSON.stringify({...current, token}));
    },
  });
  return read;
}

export async function authorised(method, path, options = {}) {
  const answer = await call(method, path, {...options, token: signedIn.get()?.token});
  if (answer.status !== 401 || !signedIn.get()) return answer;
  const renewed = await call("POST", "/api/v1/auth/refresh", {body: {}});
  if (!renewed.ok) return answer; // the sign-in itself has ended: the page asks the officer to sign in again
  signedIn.setToken(renewed.data.access_token);
  return call(method, path, {...options, token: renewed.data.access_token});
}

// A document (a PDF, a CSV) fetched with the sign-in, renewed once if it has expired; the Response, as fetched.
export async function authorisedFetch(path) {
  const get = (token) => fetch(path, {headers: {Authorization: `Bearer ${token}`}, cache: "no-store"});
  const answer = await get(signedIn.get()?.token);
  if (answer.status !== 401 || !signedIn.get()) return answer;
  const renewed = await call("POST", "/api/v1/auth/refresh", {body: {}});
  if (!renewed.ok) return answer;
  signedIn.setToken(renewed.data.access_token);
  return get(renewed.data.access_token);
}

export function signIn(username, password) {
  // The refresh token stays in an HttpOnly cookie, where no script on the page can read it.
  return call("POST", "/api/v1/auth/token", {body: {username, password, use_cookie: true}});
}

export function signOut() {
  return call("POST", "/api/v1/auth/sign-out", {body: {}});
}
