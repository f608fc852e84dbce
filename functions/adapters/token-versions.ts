import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TokenState } from '../domain/identity.js';
import { documents } from './aws.js';
import { containerState } from './container.js';
import { config, env } from './env.js';

/**
 * The token-state port: what the authorizer needs to know about a user to honour its tokens (docs/identity.md,
 * revocation). Read only here; the state is written with the user's profile (app/admin.ts via updateUser).
 */
export interface TokenStates {
  /** The user's state, or undefined when there is no such user. */
  read(username: string): Promise<TokenState | undefined>;
}

/**
 * The user's profile item of the Registry table (the key of registry-store.ts), two attributes of it. A
 * strongly consistent read: a disable that has been answered is seen by the next read.
 */
export const dynamoTokenStates: TokenStates = {
  async read(username) {
    const r = await documents().send(
      new GetCommand({
        TableName: env.registryTable(),
        Key: { pk: `USER#${username}`, sk: '#PROFILE' },
        // pk too: a profile with neither attribute still comes back as an item.
        ProjectionExpression: 'pk, #d, #v',
        ExpressionAttributeNames: { '#d': 'disabled', '#v': 'tokenVersion' },
        ConsistentRead: true,
      }),
    );
    if (!r.Item) return undefined;
    return { disabled: r.Item.disabled === true, version: Number(r.Item.tokenVersion ?? 0) };
  },
};

/**
 * Users' token states, cached per warm Lambda for IYS_TOKEN_STATE_TTL_MS (≤ 30 s, docs/identity.md): the
 * authorizer refuses the tokens of a disabled user, or of one whose password changed, within that time plus
 * API Gateway's authorizer cache, and a warm container reads a user's state at most once per TTL however
 * many requests it serves. Absent users are kept too (their tokens stay refused); failed reads are not.
 */
export interface TokenStateCache {
  /** `loadedSinceMs`: an entry read before then is not used (read again). */
  get(username: string, nowMs: number, loadedSinceMs?: number): Promise<TokenState | undefined>;
}

/** Entries beyond which expired ones are swept (a container sees few users; this only bounds memory). */
const sweepAt = 10_000;

export function cacheTokenStates(port: TokenStates, ttlMs: () => number): TokenStateCache {
  const cache = new Map<string, { at: number; value: Promise<TokenState | undefined> }>();
  return {
    get(username, nowMs, loadedSinceMs = Number.NEGATIVE_INFINITY) {
      const ttl = ttlMs();
      const hit = cache.get(username);
      // A clock set back (tests) counts as expired.
      if (hit && nowMs >= hit.at && nowMs - hit.at < ttl && hit.at >= loadedSinceMs) return hit.value;
      if (cache.size >= sweepAt)
        for (const [k, e] of cache) if (!(nowMs >= e.at && nowMs - e.at < ttl)) cache.delete(k);
      const entry = { at: nowMs, value: port.read(username) };
      entry.value = entry.value.catch((e) => {
        if (cache.get(username) === entry) cache.delete(username);
        throw e;
      });
      cache.set(username, entry);
      return entry.value;
    },
  };
}

/** This container's cache over the Registry table (a new system starts with an empty one). */
const current = containerState(() =>
  cacheTokenStates(dynamoTokenStates, () => config().IYS_TOKEN_STATE_TTL_MS),
);
export const tokenStates: TokenStateCache = {
  get: (username, nowMs, loadedSinceMs) => current().get(username, nowMs, loadedSinceMs),
};
