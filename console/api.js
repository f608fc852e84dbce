// The console's only way to the registry: the public HTTP API, with the user's own tokens. Tokens live in
// this module's memory (never in localStorage or cookies): a reload or sign-out forgets them.

let session = null; // { access, refresh, claims, username }

/** An error answer in İYS's shape: {errors:[{code, message, location, value}]}. */
export class ApiError extends Error {
  constructor(status, errors) {
    super(errors.map((e) => (e.code ? `${e.code}: ${e.message}` : e.message)).join(' ') || `HTTP ${status}`);
    this.status = status;
    this.errors = errors;
  }
}

function claimsOf(jwt) {
  return JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
}

async function tokenRequest(body) {
  const r = await fetch('/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) {
    const errors = data.errors ?? [
      { code: data.error, message: data.error_description ?? 'Giriş yapılamadı.' },
    ];
    throw new ApiError(r.status, errors);
  }
  return data;
}

export async function signIn(username, password) {
  const t = await tokenRequest({ grant_type: 'password', username, password });
  session = { access: t.access_token, refresh: t.refresh_token, claims: claimsOf(t.access_token), username };
  return session.claims;
}

export function signOut() {
  session = null;
}

export const signedIn = () => session !== null;
export const claims = () => session?.claims;
export const username = () => session?.username;

/** Trades the refresh token for new tokens once an access token has expired. */
async function refresh() {
  if (!session?.refresh) return false;
  try {
    const t = await tokenRequest({ grant_type: 'refresh_token', refresh_token: session.refresh });
    session = {
      ...session,
      access: t.access_token,
      refresh: t.refresh_token,
      claims: claimsOf(t.access_token),
    };
    return true;
  } catch {
    return false;
  }
}

/** A raw authorised request (downloads use it); refreshes the tokens once on a 401. */
export async function request(method, path, { body, headers = {} } = {}) {
  const go = () =>
    fetch(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(session ? { authorization: `Bearer ${session.access}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let r = await go();
  if (r.status === 401 && (await refresh())) r = await go();
  return r;
}

/** A JSON call: the parsed answer, or an ApiError carrying the API's errors. */
export async function call(method, path, body) {
  const r = await request(method, path, { body });
  const text = await r.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {}
  if (!r.ok)
    throw new ApiError(r.status, data?.errors ?? [{ message: `İşlem yapılamadı (HTTP ${r.status}).` }]);
  return { status: r.status, data, headers: r.headers };
}
