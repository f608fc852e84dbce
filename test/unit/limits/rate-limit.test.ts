import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeCode, IysError } from '../../../functions/domain/errors.js';
import { fixedWindow, type RateLimits, rateRules } from '../../../functions/domain/rate-limits.js';
import { errorResponse } from '../../../functions/http/api-handler.js';
import { gatewayResponses } from '../../../functions/http/gateway-responses.js';
import { pipelineCodes } from '../../../functions/http/operation.js';
import { type Counter, enforceRateLimits } from '../../../functions/http/rate-limit.js';
import { specRoutes } from '../../../functions/specs/index.js';

const root = join(import.meta.dirname, '../../..');

/** An in-memory counter (the registry table's ADD in production), recording what it was asked. */
function memoryCounter() {
  const counts = new Map<string, number>();
  const calls: { name: string; expiresAt: number }[] = [];
  const count: Counter = async (name, expiresAt) => {
    calls.push({ name, expiresAt });
    const n = (counts.get(name) ?? 0) + 1;
    counts.set(name, n);
    return n;
  };
  return { count, calls };
}

const limits: RateLimits = {
  ipPerSecond: 10,
  userPerSecond: 0,
  consentStatusPerIpHour: 1000,
  historyPerIpHour: 100,
};
const brands = { operationId: 'getBrandsDetails', auth: 'bearer' };
const status = { operationId: 'consentDetail', auth: 'bearer' };
const history = { operationId: 'consentsHistory', auth: 'bearer' };
const t0 = Date.parse('2026-03-02T10:15:30.250Z');

async function refusal(p: Promise<void>): Promise<IysError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof IysError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('fixed windows', () => {
  it('numbers the window, keeps its counter a window (at least a minute) past its end, and says when the next opens', () => {
    expect(fixedWindow(t0, 1)).toEqual({
      index: Math.floor(t0 / 1000),
      expiresAt: Math.floor(t0 / 1000) + 1 + 60,
      retryAfterSeconds: 1,
    });
    const hour = fixedWindow(t0, 3600);
    expect(hour.index).toBe(Math.floor(t0 / 3_600_000));
    // 10:15:30.25 → 11:00:00 is 44 min 29.75 s: 2670 whole seconds, rounded up.
    expect(hour.retryAfterSeconds).toBe(2670);
    expect(hour.expiresAt).toBe((hour.index + 2) * 3600);
    // On the boundary a whole window is left; never less than one second.
    expect(fixedWindow(Date.parse('2026-03-02T11:00:00Z'), 3600).retryAfterSeconds).toBe(3600);
    expect(fixedWindow(Date.parse('2026-03-02T10:59:59.999Z'), 3600).retryAfterSeconds).toBe(1);
  });
});

describe('which operations are limited', () => {
  it('the provider API per IP and per user; consentDetail and consentsHistory per hour too; the token endpoint per IP', () => {
    expect(rateRules(brands).map((r) => `${r.scope}/${r.windowSeconds}/${r.code}`)).toEqual([
      'ip/1/H124',
      'user/1/H124',
    ]);
    expect(rateRules(status).map((r) => r.code)).toEqual(['H124', 'H124', 'H086']);
    expect(rateRules(history).map((r) => r.code)).toEqual(['H124', 'H124', 'H089']);
    expect(rateRules({ operationId: 'createToken2', auth: 'none' }).map((r) => r.scope)).toEqual(['ip']);
    expect(rateRules({ operationId: 'citizenVerifications', auth: 'none' })).toEqual([]);
    expect(rateRules({ operationId: 'citizenConsentsList', auth: 'citizen' })).toEqual([]);
  });

  it("every limit's code is a 429 of İYS's catalogue and documented on each limited operation", () => {
    for (const { spec } of specRoutes()) {
      for (const rule of rateRules(spec)) {
        expect(describeCode(rule.code).status).toBe(429);
        expect(pipelineCodes(spec)).toContain(rule.code);
        expect(spec.responses[429]?.description, spec.operationId).toContain(rule.code);
      }
    }
    const limited = specRoutes().filter(({ spec }) => rateRules(spec).length > 0);
    expect(limited.map(({ spec }) => spec.operationId)).toEqual(
      expect.arrayContaining([
        'createToken2',
        'consentDetail',
        'consentsHistory',
        'addConsent',
        'getBrandsDetails',
      ]),
    );
  });
});

describe('enforceRateLimits', () => {
  it('lets 10 requests from an IP through in a second and refuses the 11th with H124 and Retry-After 1', async () => {
    const c = memoryCounter();
    for (let i = 0; i < 10; i++) await enforceRateLimits(brands, { ip: '203.0.113.7' }, limits, t0, c.count);
    const e = await refusal(enforceRateLimits(brands, { ip: '203.0.113.7' }, limits, t0 + 600, c.count));
    expect(e.status).toBe(429);
    expect(e.toBody()).toEqual({
      errors: [
        {
          code: 'H124',
          message: 'Saniyede kabul edilen istek limitine ulaşıldı. Lütfen daha sonra tekrar deneyiniz.',
        },
      ],
    });
    expect(e.retryAfterSeconds).toBe(1);
    // Another IP, and the same IP in the next second, are not refused.
    await enforceRateLimits(brands, { ip: '203.0.113.8' }, limits, t0, c.count);
    await enforceRateLimits(brands, { ip: '203.0.113.7' }, limits, t0 + 1000, c.count);
  });

  it('a limit of 0 is off and writes no counter; the user limit counts the token’s user across IPs', async () => {
    const off = memoryCounter();
    await enforceRateLimits(
      brands,
      { ip: '198.51.100.1', username: 'u' },
      { ...limits, ipPerSecond: 0 },
      t0,
      off.count,
    );
    expect(off.calls).toEqual([]);

    const c = memoryCounter();
    const perUser = { ...limits, ipPerSecond: 0, userPerSecond: 2 };
    await enforceRateLimits(brands, { ip: '198.51.100.1', username: 'ornek-api' }, perUser, t0, c.count);
    await enforceRateLimits(brands, { ip: '198.51.100.2', username: 'ornek-api' }, perUser, t0, c.count);
    const e = await refusal(
      enforceRateLimits(brands, { ip: '198.51.100.3', username: 'ornek-api' }, perUser, t0, c.count),
    );
    expect(e.errors[0]!.code).toBe('H124');
    await enforceRateLimits(brands, { ip: '198.51.100.3', username: 'baska-api' }, perUser, t0, c.count);
    expect(c.calls.every((k) => k.name.startsWith('user-s#'))).toBe(true);
  });

  it('consentsHistory: the 101st request of an hour is H089 with the seconds left in the hour', async () => {
    const c = memoryCounter();
    const hourly = { ...limits, ipPerSecond: 0 };
    for (let i = 0; i < 100; i++)
      await enforceRateLimits(history, { ip: '192.0.2.1' }, hourly, t0 + i * 1000, c.count);
    const e = await refusal(enforceRateLimits(history, { ip: '192.0.2.1' }, hourly, t0 + 100_000, c.count));
    expect(e.errors[0]!.code).toBe('H089');
    expect(e.retryAfterSeconds).toBe(2670 - 100);
    // consentDetail has its own counter: 1000 per hour.
    await enforceRateLimits(status, { ip: '192.0.2.1' }, hourly, t0 + 100_000, c.count);
    const s = memoryCounter();
    for (let i = 0; i < 1000; i++) await enforceRateLimits(status, { ip: '192.0.2.9' }, hourly, t0, s.count);
    expect(
      (await refusal(enforceRateLimits(status, { ip: '192.0.2.9' }, hourly, t0, s.count))).errors[0]!.code,
    ).toBe('H086');
  });

  it('the per-second refusal comes before the hourly one, and every request counts against both', async () => {
    const c = memoryCounter();
    const tight = { ...limits, ipPerSecond: 1, historyPerIpHour: 1 };
    await enforceRateLimits(history, { ip: '192.0.2.2' }, tight, t0, c.count);
    const e = await refusal(enforceRateLimits(history, { ip: '192.0.2.2' }, tight, t0, c.count));
    expect(e.errors[0]!.code).toBe('H124');
    expect(c.calls.filter((k) => k.name.startsWith('history-h#')).length).toBe(2);
  });
});

describe('Retry-After on every 429', () => {
  it('an IysError that says when to come back is answered with Retry-After', () => {
    expect(errorResponse(IysError.limited('H084', 12.2), 'createToken2', 'r')).toEqual({
      status: 429,
      body: { errors: [{ code: 'H084', message: describeCode('H084').message }] },
      headers: { 'retry-after': '13' },
    });
    expect(errorResponse(IysError.of('H014'), 'x', 'r').headers).toBeUndefined();
  });

  it('every 429 code raised under functions/ is raised with IysError.limited (so it carries Retry-After)', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
      });
    const bad: string[] = [];
    let limitedSites = 0;
    for (const f of sources(join(root, 'functions'))) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/IysError\.(of|limited)\('([HX]\d+)'/g)) {
        if (m[1] === 'limited') limitedSites++;
        else if (describeCode(m[2]!).status === 429) bad.push(`${relative(root, f)}: ${m[0]}`);
      }
      for (const m of text.matchAll(/errorItem\('([HX]\d+)'/g))
        if (describeCode(m[1]!).status === 429) bad.push(`${relative(root, f)}: ${m[0]}`);
    }
    expect(bad).toEqual([]);
    expect(limitedSites).toBeGreaterThanOrEqual(4); // H084, X026, X041 twice (hourly, resend); the limiter's codes are checked above
  });

  it("API Gateway's 429 answers (and the local runtime's copy of them) carry Retry-After", () => {
    const tooMany = Object.entries(gatewayResponses).filter(([, g]) => g.status === 429);
    expect(tooMany.map(([k]) => k)).toEqual(['THROTTLED']);
    for (const [, g] of tooMany) expect('headers' in g && g.headers['retry-after']).toBe('1');
  });
});
