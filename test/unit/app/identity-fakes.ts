import type { UserItem } from '../../../functions/adapters/registry-store.js';
import type { TokenState } from '../../../functions/domain/identity.js';

/**
 * In-memory stand-ins for the registry's users, refresh tokens, request counters, the password hash and the
 * token key, shared by the identity, onboarding, admin and application unit tests.
 */

/** A password "hash" that is plainly not the password, and the check that goes with it. */
export const fakeHash = async (password: string) => `hash:${password}`;
export const fakeCheck = async (password: string, stored: string | undefined) =>
  stored !== undefined && stored === `hash:${password}`;

/** The token key: a token is the base64url of its claims behind a marker; only tokens it signed verify. */
export function fakeTokenKey() {
  const signed = new Set<string>();
  return {
    signed,
    sign: async (claims: object) => {
      const t = `signed.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      signed.add(t);
      return t;
    },
    verify: async <T>(token: string): Promise<T | undefined> =>
      signed.has(token)
        ? (JSON.parse(Buffer.from(token.slice('signed.'.length), 'base64url').toString()) as T)
        : undefined,
    /** The claims of a token, signed or not (for assertions). */
    claims: (token: string) =>
      JSON.parse(Buffer.from(token.slice('signed.'.length), 'base64url').toString()) as Record<
        string,
        unknown
      >,
  };
}

/** The registry's users with the registry's semantics: a taken username is refused, updates need the user. */
export function fakeUsers(initial: UserItem[] = []) {
  const users = new Map(initial.map((u) => [u.username, { ...u }]));
  return {
    users,
    user: async (username: string) => {
      const u = users.get(username);
      return u ? { ...u } : undefined;
    },
    putUser: async (u: UserItem) => {
      if (users.has(u.username)) return false;
      users.set(u.username, { ...u });
      return true;
    },
    updateUser: async (username: string, change: Partial<UserItem> & { owner?: boolean }) => {
      const u = users.get(username);
      if (!u) return false;
      for (const [k, v] of Object.entries(change)) if (v !== undefined) (u as Record<string, unknown>)[k] = v;
      return true;
    },
    /** The token state the authorizer would read. */
    state: (username: string): TokenState | undefined => {
      const u = users.get(username);
      return u ? { disabled: u.disabled === true, version: u.tokenVersion ?? 0 } : undefined;
    },
  };
}

/** Fixed-window request counters (countRequest). */
export function fakeCounters() {
  const counts = new Map<string, number>();
  return {
    counts,
    countRequest: async (name: string, _expiresAtSeconds: number) => {
      const n = (counts.get(name) ?? 0) + 1;
      counts.set(name, n);
      return n;
    },
  };
}

/** A clock the test moves. */
export function fakeClock(iso: string) {
  let ms = Date.parse(iso);
  return {
    now: () => new Date(ms),
    advance: (by: number) => {
      ms += by;
    },
  };
}
