import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetCommand as DocGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advanceClock, clock as realClock } from '../../../functions/adapters/clock.js';
import { newContainer } from '../../../functions/adapters/container.js';
import { config, settings } from '../../../functions/adapters/env.js';
import { verifyJwt } from '../../../functions/adapters/jwt.js';
import {
  cacheTokenStates,
  type TokenStates,
  tokenStates,
} from '../../../functions/adapters/token-versions.js';
import { authenticator } from '../../../functions/app/identity.js';
import {
  accessClaims,
  authorizerResultTtlSeconds,
  honoured,
  refreshClaims,
  revocationBoundSeconds,
  type TokenState,
  tokenStateMaxTtlMs,
} from '../../../functions/domain/identity.js';
import { handler as authorizer } from '../../../functions/handlers/authorizer.js';

/** A token-state port that counts its reads and answers from a map the test changes. */
function fakeStates(initial: Record<string, TokenState>) {
  const states = new Map(Object.entries(initial));
  const reads: string[] = [];
  let fail = false;
  const port: TokenStates = {
    async read(username) {
      reads.push(username);
      if (fail) throw new Error('table unavailable');
      return states.get(username);
    },
  };
  return {
    port,
    reads,
    set: (u: string, s: TokenState | undefined) => (s ? states.set(u, s) : states.delete(u)),
    failing: (f: boolean) => {
      fail = f;
    },
  };
}

describe('which tokens are honoured', () => {
  const live = { disabled: false, version: 0 };
  it('a token of an existing, enabled user with the same version', () => {
    expect(honoured({ tv: 0 }, live)).toBe(true);
    expect(honoured({}, live)).toBe(true); // issued before token versions: version 0
    expect(honoured({ tv: 7 }, { disabled: false, version: 7 })).toBe(true);
  });
  it('not one of a disabled, deleted or re-versioned user', () => {
    expect(honoured({ tv: 0 }, { disabled: true, version: 0 })).toBe(false);
    expect(honoured({ tv: 0 }, undefined)).toBe(false);
    expect(honoured({ tv: 0 }, { disabled: false, version: 1 })).toBe(false);
    expect(honoured({}, { disabled: false, version: 1 })).toBe(false);
  });
  it('tokens carry the version they are issued under', () => {
    const i = { username: 'u', kind: 'HS' as const, iysCode: 1 };
    expect(accessClaims(i, 1, 'j', 42).tv).toBe(42);
    expect(accessClaims(i, 1, 'j').tv).toBe(0);
    expect(refreshClaims('u', 1, 'k', 5, 42)).toMatchObject({ pwv: 5, tv: 42 });
  });
});

describe('the token-state cache (fake port, fake time)', () => {
  const ttl = 25_000;
  it('reads a user once per TTL however many requests, then again', async () => {
    const f = fakeStates({ a: { disabled: false, version: 0 }, b: { disabled: false, version: 3 } });
    const cache = cacheTokenStates(f.port, () => ttl);
    const t0 = 1_000_000;
    for (let i = 0; i < 500; i++) {
      expect(await cache.get('a', t0 + i * 40)).toEqual({ disabled: false, version: 0 }); // 0 … 19.96 s
      await cache.get('b', t0 + i * 40);
    }
    expect(f.reads).toEqual(['a', 'b']);
    f.set('a', { disabled: true, version: 9 });
    expect(await cache.get('a', t0 + ttl - 1)).toEqual({ disabled: false, version: 0 }); // still cached
    expect(await cache.get('a', t0 + ttl)).toEqual({ disabled: true, version: 9 }); // at the TTL: read again
    expect(f.reads).toEqual(['a', 'b', 'a']);
  });
  it('keeps an absent user (its tokens stay refused) but not a failed read', async () => {
    const f = fakeStates({});
    const cache = cacheTokenStates(f.port, () => ttl);
    expect(await cache.get('gone', 0)).toBeUndefined();
    expect(await cache.get('gone', 1000)).toBeUndefined();
    expect(f.reads).toEqual(['gone']);
    f.failing(true);
    await expect(cache.get('x', 0)).rejects.toThrow('table unavailable');
    f.failing(false);
    f.set('x', { disabled: false, version: 0 });
    expect(await cache.get('x', 1)).toEqual({ disabled: false, version: 0 });
    expect(f.reads).toEqual(['gone', 'x', 'x']);
  });
  it('a clock set back and a TTL of 0 both read again', async () => {
    const f = fakeStates({ a: { disabled: false, version: 0 } });
    let t = ttl;
    const cache = cacheTokenStates(f.port, () => t);
    await cache.get('a', 10_000);
    await cache.get('a', 5_000); // before the entry was made
    expect(f.reads).toHaveLength(2);
    t = 0;
    await cache.get('a', 5_000);
    await cache.get('a', 5_000);
    expect(f.reads).toHaveLength(4);
  });
});

describe('the bound in production', () => {
  it('API Gateway’s authorizer cache plus the default token-state TTL stay within 60 s, and config refuses more', () => {
    const defaultTtl = settings.IYS_TOKEN_STATE_TTL_MS.schema.parse(undefined);
    expect(defaultTtl).toBe(25_000);
    expect(revocationBoundSeconds).toBe(60);
    expect(authorizerResultTtlSeconds * 1000 + defaultTtl).toBeLessThanOrEqual(60_000);
    expect(tokenStateMaxTtlMs).toBe(30_000);
    expect(settings.IYS_TOKEN_STATE_TTL_MS.schema.safeParse('30000').success).toBe(true);
    expect(settings.IYS_TOKEN_STATE_TTL_MS.schema.safeParse('30001').success).toBe(false);
  });
});

describe('the authorizer over mocked AWS clients: no database read per request', () => {
  const kms = mockClient(KMSClient);
  const doc = mockClient(DynamoDBDocumentClient);
  let key: KeyObject;
  const nowS = Math.floor(Date.now() / 1000);
  let nowMs = nowS * 1000;
  const clock = { now: () => new Date(nowMs) };
  // The authorizer's ports (functions/wiring/authenticator.ts) on this test's clock.
  const { authenticate } = authenticator({ verify: verifyJwt, now: () => clock.now(), tokenStates });

  /** An ES256 token signed with the test key the mocked KMS hands out. */
  function token(claims: object): string {
    const h = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid: 'k' })).toString('base64url');
    const p = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const s = sign('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' });
    return `${h}.${p}.${s.toString('base64url')}`;
  }

  let state: Record<string, unknown> | undefined;
  beforeEach(() => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    key = pair.privateKey;
    kms.reset();
    doc.reset();
    kms
      .on(GetPublicKeyCommand)
      .resolves({ PublicKey: pair.publicKey.export({ format: 'der', type: 'spki' }) });
    doc.on(DocGetCommand).callsFake(async () => ({ Item: state }));
    process.env.IYS_TABLE_REGISTRY = 'registry-test';
    process.env.IYS_KEY_TOKEN_SIGNING = 'alias/test-token';
    process.env.AWS_REGION ??= 'eu-central-1';
    newContainer(); // fresh clients, verifying key and token states
    nowMs = nowS * 1000;
    state = { pk: 'USER#ornek-api', tokenVersion: 0 };
  });
  afterEach(() => {
    delete process.env.IYS_TABLE_REGISTRY;
    delete process.env.IYS_KEY_TOKEN_SIGNING;
  });
  afterAll(() => {
    kms.restore();
    doc.restore();
  });

  const event = (t: string) => ({
    type: 'TOKEN' as const,
    authorizationToken: `Bearer ${t}`,
    methodArn: 'arn:aws:execute-api:eu-central-1:1:api/prod/GET/sps/700001/brands',
  });

  it('1,000 requests within the TTL cost one strongly consistent read of two attributes', async () => {
    const t = token(accessClaims({ username: 'ornek-api', kind: 'HS', iysCode: 700001 }, nowS, 'j1'));
    for (let i = 0; i < 1000; i++) {
      nowMs = nowS * 1000 + i * 20; // 20 s in all, below the default 25 s
      expect(await authenticate(`Bearer ${t}`)).toEqual({
        username: 'ornek-api',
        kind: 'HS',
        iysCode: 700001,
      });
    }
    const gets = doc.commandCalls(DocGetCommand);
    expect(gets).toHaveLength(1);
    expect(gets[0]!.args[0].input).toMatchObject({
      TableName: 'registry-test',
      Key: { pk: 'USER#ornek-api', sk: '#PROFILE' },
      ConsistentRead: true,
    });
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
  });

  it('the handler refuses once the cached state runs out after a disable, and a token of the new version works', async () => {
    // The handler runs on the clock adapter: moved here as the integration tests move it.
    const issued = Math.floor(realClock.now().getTime() / 1000);
    const old = token(accessClaims({ username: 'ornek-api', kind: 'HS', iysCode: 700001 }, issued, 'j2'));
    const allowed = await authorizer(event(old));
    expect(allowed.principalId).toBe('ornek-api');
    expect(allowed.context).toEqual({ username: 'ornek-api', kind: 'HS', iysCode: '700001' });

    state = { pk: 'USER#ornek-api', disabled: true, tokenVersion: 1_800_000_000_000 };
    // Within the TTL the cached state still answers (this is the bounded delay) …
    advanceClock(config().IYS_TOKEN_STATE_TTL_MS - 1000);
    await expect(authorizer(event(old))).resolves.toMatchObject({ principalId: 'ornek-api' });
    // … and once it has run out the token is refused.
    advanceClock(1000);
    await expect(authorizer(event(old))).rejects.toThrow('Unauthorized');

    // Enabled again: the old token stays refused, one of the new version works.
    state = { pk: 'USER#ornek-api', tokenVersion: 1_800_000_000_000 };
    advanceClock(config().IYS_TOKEN_STATE_TTL_MS);
    await expect(authorizer(event(old))).rejects.toThrow('Unauthorized');
    const now = Math.floor(realClock.now().getTime() / 1000);
    const fresh = token(
      accessClaims({ username: 'ornek-api', kind: 'HS', iysCode: 700001 }, now, 'j3', 1_800_000_000_000),
    );
    await expect(authorizer(event(fresh))).resolves.toMatchObject({ principalId: 'ornek-api' });
    expect(doc.commandCalls(DocGetCommand)).toHaveLength(3);
  });

  it('a token issued after the cached state (a new password) is honoured at once: one more read, then none', async () => {
    const before = token(
      accessClaims({ username: 'ornek-api', kind: 'HS', iysCode: 700001 }, nowS - 60, 'j5'),
    );
    expect(await authenticate(`Bearer ${before}`)).toBeDefined(); // state cached: version 0
    state = { pk: 'USER#ornek-api', tokenVersion: 77 }; // the password changed
    nowMs += 3000;
    const after = token(accessClaims({ username: 'ornek-api', kind: 'HS', iysCode: 700001 }, nowS, 'j6', 77));
    for (let i = 0; i < 50; i++) expect(await authenticate(`Bearer ${after}`)).toBeDefined();
    expect(doc.commandCalls(DocGetCommand)).toHaveLength(2);
    // The old token, issued before the cached read, is refused without further reads.
    for (let i = 0; i < 50; i++) expect(await authenticate(`Bearer ${before}`)).toBeUndefined();
    expect(doc.commandCalls(DocGetCommand)).toHaveLength(2);
  });

  it('a deleted user’s token is refused; a bad signature costs no read', async () => {
    state = undefined;
    const t = token(accessClaims({ username: 'ornek-api', kind: 'HS', iysCode: 700001 }, nowS - 60, 'j4'));
    expect(await authenticate(`Bearer ${t}`)).toBeUndefined();
    expect(await authenticate(`Bearer ${t}`)).toBeUndefined(); // the absence is cached
    const [h, p] = t.split('.');
    expect(await authenticate(`Bearer ${h}.${p}.${Buffer.alloc(64).toString('base64url')}`)).toBe(undefined);
    expect(doc.commandCalls(DocGetCommand)).toHaveLength(1);
  });
});
