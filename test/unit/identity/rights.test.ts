import { describe, expect, it } from 'vitest';
import { IysError } from '../../../functions/domain/errors.js';
import type { Identity } from '../../../functions/domain/identity.js';
import {
  authorise,
  type Grant,
  parseCode,
  type Requirement,
  type TargetFacts,
} from '../../../functions/domain/rights.js';

const hs: Identity = { username: 'hs', kind: 'HS', iysCode: 700001 };
const integrator: Identity = { username: 'int', kind: 'INTEGRATOR', integratorCode: 900001 };
const operator: Identity = { username: 'ops', kind: 'OPERATOR' };
const grants: Grant[] = [{ iysCode: 700001, brandCode: 700001, channels: { MESAJ: 'write', ARAMA: 'read' } }];

const read: Requirement = { actors: ['HS', 'INTEGRATOR'], mode: 'read' };
const write: Requirement = { actors: ['HS', 'INTEGRATOR'], mode: 'write' };
const facts = (f: Partial<TargetFacts> = {}): TargetFacts => ({
  iysCode: 700001,
  providerExists: true,
  brandCode: 700001,
  brandOwner: 700001,
  grants,
  ...f,
});

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(IysError);
    return (e as IysError).errors[0]!.code;
  }
}

describe('authorise: one rights check for every endpoint', () => {
  it.each<[string | undefined, string, Identity, Requirement, Partial<TargetFacts>]>([
    [undefined, 'HS on its own provider and brand', hs, write, {}],
    ['H353', 'HS on another provider', hs, read, { iysCode: 700100, brandOwner: 700100 }],
    ['H001', 'unknown provider', hs, read, { iysCode: 799999, providerExists: false }],
    ['H018', 'unknown brand of its own provider', hs, read, { brandCode: 799999, brandOwner: undefined }],
    [
      'H018',
      'a brand of another provider under its own iysCode',
      hs,
      read,
      { brandCode: 700100, brandOwner: 700100 },
    ],
    ['H363', 'operator on a provider endpoint', operator, read, {}],
    [undefined, 'integrator reads a granted channel', integrator, { ...read, channels: ['ARAMA'] }, {}],
    [
      undefined,
      'integrator writes a write-granted channel',
      integrator,
      { ...write, channels: ['MESAJ'] },
      {},
    ],
    ['H353', 'integrator writes a read-only channel', integrator, { ...write, channels: ['ARAMA'] }, {}],
    ['H353', 'integrator on an ungranted channel', integrator, { ...read, channels: ['EPOSTA'] }, {}],
    ['H353', 'integrator on an ungranted brand', integrator, read, { brandCode: 700002, brandOwner: 700001 }],
    [
      'H353',
      'integrator on an ungranted provider',
      integrator,
      read,
      { iysCode: 700100, brandCode: 700100, brandOwner: 700100 },
    ],
    [
      'H353',
      'integrator without agreementControl on reconciliation',
      integrator,
      { ...read, agreementControl: true },
      {},
    ],
    ['H363', 'HS on an integrator-only endpoint', hs, { actors: ['INTEGRATOR'] }, {}],
  ])('%s: %s', (code, _name, identity, need, f) => {
    expect(codeOf(() => authorise(identity, need, facts(f)))).toBe(code);
  });

  it('reports where and what in the error', () => {
    try {
      authorise(hs, read, facts({ iysCode: 700100, brandOwner: 700100 }));
      expect.unreachable();
    } catch (e) {
      expect((e as IysError).status).toBe(403);
      expect((e as IysError).errors[0]).toMatchObject({ code: 'H353', location: ['iysCode'], value: 700100 });
    }
  });
});

describe('parseCode', () => {
  it.each([
    ['700001', 700001],
    ['1', 1],
  ])('accepts %s', (raw, n) => expect(parseCode(raw, 'H190', 'iysCode')).toBe(n));
  it.each([['abc'], ['12.5'], ['-1'], [''], ['1e5'], [undefined]])('refuses %s with H190 (422)', (raw) => {
    try {
      parseCode(raw, 'H190', 'iysCode');
      expect.unreachable();
    } catch (e) {
      expect((e as IysError).status).toBe(422);
      expect((e as IysError).errors[0]).toMatchObject({ code: 'H190', location: ['iysCode'] });
    }
  });
});

describe('authorise: a provider-level write (no brand in the path: ViA, ViA PASS)', () => {
  const noBrand = (f: Partial<TargetFacts> = {}) => {
    const { brandCode: _b, brandOwner: _o, ...rest } = facts(f);
    return rest;
  };
  const readOnly: Grant[] = [
    { iysCode: 700001, brandCode: 700001, channels: { MESAJ: 'read', ARAMA: 'read' } },
  ];
  it.each<[string | undefined, string, Requirement, Partial<TargetFacts>]>([
    [undefined, 'an integrator with write on some channel, none named', write, {}],
    [undefined, 'an integrator with write on the channel named', { ...write, channels: ['MESAJ'] }, {}],
    ['H353', 'an integrator with only read on the channel named', { ...write, channels: ['ARAMA'] }, {}],
    [
      'H353',
      'one channel named without write among others with it',
      { ...write, channels: ['MESAJ', 'ARAMA'] },
      {},
    ],
    ['H353', 'an integrator with read grants only', write, { grants: readOnly }],
    [undefined, 'a read by an integrator with read grants only', read, { grants: readOnly }],
    [
      'H353',
      'write on another provider does not count',
      write,
      { grants: [{ iysCode: 700100, brandCode: 700100, channels: { MESAJ: 'write' } }, ...readOnly] },
    ],
  ])('%s: %s', (code, _label, need, f) => {
    expect(codeOf(() => authorise(integrator, need, noBrand(f)))).toBe(code);
  });

  it('does not concern providers themselves', () => {
    expect(codeOf(() => authorise(hs, { ...write, channels: ['ARAMA'] }, noBrand()))).toBeUndefined();
  });
});
