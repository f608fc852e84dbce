import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LinkItem } from '../../../functions/adapters/link-store.js';
import * as layout from '../../../functions/adapters/link-store.js';
import type { BrandItem } from '../../../functions/adapters/registry-store.js';
import { consentUseCases } from '../../../functions/app/consents.js';
import { type LinkPorts, linkDays, linkUseCases } from '../../../functions/app/links.js';
import { formatTurkeyTime } from '../../../functions/domain/consent/dates.js';
import { memoryConsents } from './consent-fakes.js';
import { refusal } from './refusal.js';

/**
 * The reject links over in-memory fakes: the consent use cases over their fakes (keys, states and the RET
 * İYS records, as the recipient side does), links in a map, a reversible "seal" of the address.
 */
const NOW = new Date('2026-11-25T10:00:00+03:00');
const T = { iysCode: 700001, brandCode: 700001 };
const BASE = 'https://iys.example';

function setup() {
  const consents = memoryConsents({ now: NOW });
  const cuc = consentUseCases(consents.ports);
  const links = new Map<string, LinkItem>();
  const brands = new Map<string, BrandItem>([['700001#700001', { name: 'Örnek' } as BrandItem]]);
  let now = NOW;
  const calls = { getLink: 0, changes: [] as Parameters<LinkPorts['changeConsent']>[] };
  const control = { failChange: undefined as Error | undefined };
  const ports: LinkPorts = {
    provider: consents.ports.provider,
    brand: async (iysCode, brandCode) => brands.get(`${iysCode}#${brandCode}`),
    consentKeys: cuc.consentKeys,
    states: consents.ports.getStates,
    layout,
    putLinks: async (items) => {
      for (const i of items) links.set(i.pk, structuredClone(i));
    },
    getLink: async (tokenHash) => {
      calls.getLink++;
      const l = links.get(layout.linkKey(tokenHash).pk);
      return l && structuredClone(l);
    },
    markUsed: async (tokenHash, at) => {
      const l = links.get(layout.linkKey(tokenHash).pk);
      if (!l || l.usedAt) return false;
      l.usedAt = at;
      return true;
    },
    sealAddress: async (address) => `sealed:${Buffer.from(address).toString('base64url')}`,
    openAddress: async (sealed) =>
      sealed.startsWith('sealed:') ? Buffer.from(sealed.slice(7), 'base64url').toString() : undefined,
    // What the recipient side records (functions/app/citizens.ts): İYS's change with the link as repeat key.
    changeConsent: async (...args) => {
      calls.changes.push(args);
      if (control.failChange) throw control.failChange;
      const [recipient, t, source, at, repeatKey] = args;
      return cuc.recordConsent(
        { iysCode: t.iysCode, brandCode: t.brandCode },
        {
          recipient,
          type: t.type,
          status: t.status,
          source,
          consentDate: formatTurkeyTime(at),
          recipientType: t.recipientType,
        },
        { actor: 'IYS', now: at, repeat: { kind: 'key', key: repeatKey } },
      );
    },
    now: () => now,
  };
  const onay = (recipient: string, status = 'ONAY', recipientType = 'BIREYSEL') =>
    cuc.recordConsent(
      T,
      {
        recipient,
        type: 'EPOSTA',
        status,
        source: 'HS_WEB',
        consentDate: '2026-11-24 09:00:00',
        recipientType,
      },
      { actor: 'HS', now, repeat: { kind: 'v2' } },
    );
  const setNow = (d: Date) => {
    now = d;
    consents.setNow(d);
  };
  const tokenOf = (url: string) => url.slice(`${BASE}/r/`.length);
  return { uc: linkUseCases(ports), consents, cuc, links, brands, calls, control, onay, setNow, tokenOf };
}

describe('reject links', () => {
  it('makes a one-off link for each ONAY e-mail consent, H568 for the others', async () => {
    const { uc, links, onay } = setup();
    await onay('ali@example.com');
    await onay('veli@example.com', 'ONAY', 'TACIR');
    const out = await uc.createLinks(
      T,
      [
        { recipient: 'Ali@Example.com', recipientType: 'BIREYSEL' },
        { recipient: 'nobody@example.com', recipientType: 'BIREYSEL' },
        { recipient: 'veli@example.com', recipientType: 'TACIR' },
        { recipient: 'veli@example.com', recipientType: 'BIREYSEL' },
      ],
      BASE,
    );
    const h568 = {
      code: 'H568',
      message: 'Sadece ONAY durumunda olan izinler için link üretilmelidir.',
    };
    expect(out).toEqual([
      {
        recipient: 'Ali@Example.com',
        url: expect.stringMatching(/^https:\/\/iys\.example\/r\/[A-Za-z0-9_-]{32}$/),
      },
      { recipient: 'nobody@example.com', ...h568 },
      { recipient: 'veli@example.com', url: expect.stringMatching(/^https:\/\/iys\.example\/r\//) },
      { recipient: 'veli@example.com', ...h568 },
    ]);
    // Stored under the token's hash, never the token; the address sealed, normalised; valid 90 days.
    const tokens = out.flatMap((o) => ('url' in o ? [o.url!.split('/r/')[1]!] : []));
    expect([...links.keys()].sort()).toEqual(
      tokens.map((t) => `LINK#${createHash('sha256').update(t).digest('base64url')}`).sort(),
    );
    const ali = [...links.values()].find((l) => l.recipientType === 'BIREYSEL')!;
    expect(ali).toMatchObject({
      sk: '#',
      iysCode: 700001,
      brandCode: 700001,
      adr: `sealed:${Buffer.from('ali@example.com').toString('base64url')}`,
      expiresAt: Math.floor(NOW.getTime() / 1000) + linkDays * 86400,
    });
    expect(ali).not.toHaveProperty('usedAt');
    expect(JSON.stringify([...links.values()])).not.toContain(tokens[0]!);
  });

  it('refuses an unknown provider (H001) and addresses that are no e-mail, all at once, storing nothing', async () => {
    const { uc, consents, links } = setup();
    const bad = [
      { recipient: '+905321112233', recipientType: 'BIREYSEL' as const },
      { recipient: 'ok@example.com', recipientType: 'BIREYSEL' as const },
      { recipient: 'not-an-address', recipientType: 'BIREYSEL' as const },
    ];
    const e = await uc.createLinks(T, bad, BASE).catch((x) => x);
    expect(e.errors.map((x: { location: unknown[] }) => x.location)).toEqual([
      ['recipients', 0, 'recipient'],
      ['recipients', 2, 'recipient'],
    ]);
    expect(links.size).toBe(0);
    consents.control.provider = undefined;
    expect(await refusal(uc.createLinks(T, bad, BASE))).toEqual({ status: 404, codes: ['H001'] });
  });

  it('shows the brand and the masked address of a live link; anything else is invalid', async () => {
    const { uc, onay, brands, calls, links, setNow, tokenOf } = setup();
    await onay('ali@example.com');
    const [link] = await uc.createLinks(
      T,
      [{ recipient: 'ali@example.com', recipientType: 'BIREYSEL' }],
      BASE,
    );
    const token = tokenOf(link!.url!);
    expect(await uc.viewLink(token)).toEqual({
      state: 'OPEN',
      brandName: 'Örnek',
      maskedRecipient: 'al***@example.com',
    });
    brands.clear();
    expect(await uc.viewLink(token)).toMatchObject({ state: 'OPEN', brandName: '700001' });
    // A token of the wrong form is not even looked up.
    const lookups = calls.getLink;
    for (const t of ['', 'short', `${token}!`, 'a'.repeat(65)])
      expect(await uc.viewLink(t)).toEqual({ state: 'INVALID' });
    expect(calls.getLink).toBe(lookups);
    expect(await uc.viewLink('a'.repeat(32))).toEqual({ state: 'INVALID' });
    // A link whose address cannot be opened is invalid.
    const item = [...links.values()][0]!;
    item.adr = 'tampered';
    expect(await uc.viewLink(token)).toEqual({ state: 'INVALID' });
    item.adr = `sealed:${Buffer.from('ali@example.com').toString('base64url')}`;
    // It expires after 90 days.
    setNow(new Date(NOW.getTime() + linkDays * 86400_000 - 1000));
    expect((await uc.viewLink(token)).state).toBe('OPEN');
    setNow(new Date(NOW.getTime() + linkDays * 86400_000));
    expect(await uc.viewLink(token)).toEqual({ state: 'INVALID' });
  });

  it('records RET with IYS_EPOSTA once on confirmation; the link is spent afterwards', async () => {
    const { uc, cuc, onay, links, calls, setNow, tokenOf } = setup();
    await onay('ali@example.com');
    const [link] = await uc.createLinks(
      T,
      [{ recipient: 'ali@example.com', recipientType: 'BIREYSEL' }],
      BASE,
    );
    const token = tokenOf(link!.url!);
    const later = new Date(NOW.getTime() + 3600_000);
    setNow(later);
    expect(await uc.confirmLink(token)).toEqual({ state: 'DONE', brandName: 'Örnek' });
    const hash = createHash('sha256').update(token).digest('base64url');
    expect(calls.changes).toEqual([
      [
        'ali@example.com',
        { iysCode: 700001, brandCode: 700001, type: 'EPOSTA', status: 'RET', recipientType: 'BIREYSEL' },
        'IYS_EPOSTA',
        later,
        `link|${hash}`,
      ],
    ]);
    expect(
      await cuc.consentStatus(T, { recipient: 'ali@example.com', recipientType: 'BIREYSEL', type: 'EPOSTA' }),
    ).toMatchObject({ status: 'RET', source: 'IYS_EPOSTA' });
    expect([...links.values()][0]!.usedAt).toBe(later.toISOString());
    expect(await uc.confirmLink(token)).toEqual({ state: 'INVALID' });
    expect(await uc.viewLink(token)).toEqual({ state: 'INVALID' });
    expect(calls.changes).toHaveLength(1);
  });

  it('spends a link whose consent was rejected meanwhile (H174): the recipient’s wish holds', async () => {
    const { uc, onay, links, tokenOf, setNow } = setup();
    await onay('ali@example.com');
    const [link] = await uc.createLinks(
      T,
      [{ recipient: 'ali@example.com', recipientType: 'BIREYSEL' }],
      BASE,
    );
    setNow(new Date(NOW.getTime() + 60_000));
    await onay('ali@example.com', 'RET');
    expect(await uc.confirmLink(tokenOf(link!.url!))).toEqual({ state: 'DONE', brandName: 'Örnek' });
    expect([...links.values()][0]!.usedAt).toBeDefined();
  });

  it('keeps the link when the change fails otherwise (the recipient can try again)', async () => {
    const { uc, onay, links, control, tokenOf } = setup();
    await onay('ali@example.com');
    const [link] = await uc.createLinks(
      T,
      [{ recipient: 'ali@example.com', recipientType: 'BIREYSEL' }],
      BASE,
    );
    control.failChange = new Error('store unavailable');
    await expect(uc.confirmLink(tokenOf(link!.url!))).rejects.toThrow('store unavailable');
    expect([...links.values()][0]!.usedAt).toBeUndefined();
    expect(await uc.confirmLink('short')).toEqual({ state: 'INVALID' });
  });
});
