import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkChannel, parseAddress } from '../../../functions/domain/citizen.js';
import { receivedAtAcceptable, stateAt } from '../../../functions/domain/complaints.js';
import { IysError } from '../../../functions/domain/errors.js';
import { backoffSeconds, isPushed, signatureHeader, urlAcceptable } from '../../../functions/domain/push.js';
import { normaliseKeyword, parseSms } from '../../../functions/domain/sms.js';

const ms = (iso: string) => Date.parse(iso);

describe('SMS keywords', () => {
  it('folds case and Turkish letters', () => {
    expect(normaliseKeyword('örnek')).toBe('ORNEK');
    expect(normaliseKeyword('Örnek Çocuk')).toBe('ORNEKCOCUK');
    expect(normaliseKeyword('başka')).toBe('BASKA');
    expect(normaliseKeyword('ığüşiöç')).toBe('IGUSIOC');
    expect(normaliseKeyword('İSTANBUL')).toBe('ISTANBUL');
  });
  it('parses RET with one or more keywords, ignores the sandbox suffix', () => {
    expect(parseSms('ret örnek')).toEqual({ command: 'RET', keywords: ['ORNEK'] });
    expect(parseSms('  RET  ORNEK, 700002  SDXIYS')).toEqual({
      command: 'RET',
      keywords: ['ORNEK', '700002'],
    });
    expect(parseSms('Ret')).toEqual({ command: 'UNKNOWN' });
    expect(parseSms('STOP ORNEK')).toEqual({ command: 'UNKNOWN' });
    expect(parseSms('')).toEqual({ command: 'UNKNOWN' });
  });
});

describe('addresses', () => {
  it('normalises phones and e-mails and refuses a channel that does not fit', () => {
    expect(parseAddress(' Ali@Example.com ')).toMatchObject({
      value: 'ali@example.com',
      kind: 'EMAIL',
      types: ['EPOSTA'],
    });
    expect(parseAddress('+905321234567')).toMatchObject({ kind: 'PHONE', types: ['MESAJ', 'ARAMA'] });
    expect(() => parseAddress('05321234567')).toThrow(IysError);
    expect(() => parseAddress(undefined)).toThrow(IysError);
    expect(() => checkChannel(parseAddress('+905321234567'), 'EPOSTA')).toThrow(IysError);
    expect(() => checkChannel(parseAddress('+905321234567'), 'ARAMA')).not.toThrow();
  });
});

describe('consent state at a message time', () => {
  const onay = {
    status: 'ONAY' as const,
    source: 'HS_WEB',
    cd: ms('2026-11-20T09:00:00+03:00'),
    cr: ms('2026-11-20T10:00:00+03:00') / 1000,
    transactionId: 'a',
  };
  const ret = {
    status: 'RET' as const,
    source: 'IYS_WEB',
    cd: ms('2026-11-23T11:00:00+03:00'),
    cr: ms('2026-11-23T11:00:00+03:00') / 1000,
    transactionId: 'b',
  };
  it('nothing before the first consentDate', () => {
    expect(stateAt([onay, ret], ms('2026-11-19T00:00:00+03:00'))).toMatchObject({
      status: 'NONE',
      verdict: 'NO_CONSENT',
    });
  });
  it('ONAY before the RET, RET within 3 business days, then outside', () => {
    expect(stateAt([onay, ret], ms('2026-11-23T10:59:59+03:00'))).toMatchObject({
      status: 'ONAY',
      verdict: 'CONSENT',
    });
    expect(stateAt([onay, ret], ms('2026-11-26T23:59:59+03:00'))).toMatchObject({
      status: 'RET',
      verdict: 'REJECTION_GRACE',
      withinRejectionGrace: true,
    });
    expect(stateAt([onay, ret], ms('2026-11-27T00:00:00+03:00'))).toMatchObject({
      status: 'RET',
      verdict: 'NO_CONSENT',
      withinRejectionGrace: false,
    });
  });
  it('judges by consentDate: a late-recorded ONAY counts from its consentDate, flagged', () => {
    const late = { ...onay, cr: ms('2026-11-22T09:00:00+03:00') / 1000 };
    expect(stateAt([late], ms('2026-11-21T12:00:00+03:00'))).toMatchObject({
      status: 'ONAY',
      recordedAfterMessage: true,
    });
  });
  it('equal consentDates: the later recorded wins', () => {
    const same = { ...ret, cd: onay.cd };
    expect(stateAt([onay, same], onay.cd!)).toMatchObject({ status: 'RET' });
  });
  it('receivedAt window', () => {
    const now = ms('2026-11-25T10:00:00Z');
    expect(receivedAtAcceptable(now - 1000, now)).toBe(true);
    expect(receivedAtAcceptable(now + 120_000, now)).toBe(false);
    expect(receivedAtAcceptable(now - 400 * 86_400_000, now)).toBe(false);
  });
});

describe('push rules', () => {
  it('pushes IYS_* sources only', () => {
    expect(isPushed('IYS_WEB')).toBe(true);
    expect(isPushed('HS_WEB')).toBe(false);
    expect(isPushed(undefined)).toBe(false);
  });
  it('https only; loopback http only when allowed; no credentials in the URL', () => {
    expect(urlAcceptable('https://example.com/x', false)).toBe(true);
    expect(urlAcceptable('http://example.com/x', true)).toBe(false);
    expect(urlAcceptable('http://127.0.0.1:9/x', false)).toBe(false);
    expect(urlAcceptable('http://127.0.0.1:9/x', true)).toBe(true);
    expect(urlAcceptable('https://u:p@example.com/', false)).toBe(false);
    expect(urlAcceptable('not a url', true)).toBe(false);
  });
  it('signs t.body with the password and backs off exponentially with a cap', () => {
    const h = signatureHeader('pw', 1700000000, '{"list":[]}');
    expect(h).toBe(
      `t=1700000000,v1=${createHmac('sha256', 'pw').update('1700000000.{"list":[]}').digest('hex')}`,
    );
    expect([1, 2, 3, 4].map((n) => backoffSeconds(n, 10))).toEqual([10, 20, 40, 80]);
    expect(backoffSeconds(20, 10)).toBe(900);
  });
});
