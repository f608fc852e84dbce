import { createHash, randomBytes } from 'node:crypto';
import type { StateItem } from '../adapters/consent-store.js';
import type * as links from '../adapters/link-store.js';
import type { BrandItem, ProviderItem } from '../adapters/registry-store.js';
import { normaliseRecipient } from '../domain/consent/address.js';
import type { Target } from '../domain/consent/request.js';
import type { RecipientType } from '../domain/consent/types.js';
import { errorItem, IysError, type IysErrorItem } from '../domain/errors.js';
import type { ConsentUseCases } from './consents.js';

/**
 * E-mail reject links (reference §7.15): for each ONAY e-mail consent a one-off link valid 90 days;
 * others get H568. Opening the link shows a confirmation page; confirming records RET with source
 * IYS_EPOSTA (the link's hash is the repeat key, so a double submit records one movement).
 */
export const linkDays = 90;

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/** What the reject links reach: the consents' keys and states, the links' storage, the sealed addresses. */
export interface LinkPorts {
  /** Cached look-ups (the directory). */
  provider(iysCode: number): Promise<ProviderItem | undefined>;
  brand(iysCode: number, brandCode: number): Promise<BrandItem | undefined>;
  /** The storage keys of one consent (the consent use cases). */
  consentKeys: ConsentUseCases['consentKeys'];
  /** The current states of these consents (those that exist). */
  states(keys: { pk: string; sk: string }[]): Promise<Pick<StateItem, 'pk' | 'sk' | 'status'>[]>;
  /** The link's storage key (a pure function of the token's hash). */
  layout: Pick<typeof links, 'linkKey'>;
  putLinks(items: links.LinkItem[]): Promise<void>;
  getLink(tokenHash: string): Promise<links.LinkItem | undefined>;
  markUsed(tokenHash: string, at: string): Promise<boolean>;
  /** Seals the address a link rejects for (İYS's own key); open answers undefined for anything else. */
  sealAddress(address: string): Promise<string>;
  openAddress(sealed: string): Promise<string | undefined>;
  /**
   * A change İYS records on the recipient's behalf (functions/app/citizens.ts): refused with H174 when the
   * consent is RET already; a repeat of `repeatKey` records nothing new.
   */
  changeConsent(
    recipient: string,
    t: { iysCode: number; brandCode: number; type: 'EPOSTA'; status: 'RET'; recipientType: RecipientType },
    source: 'IYS_EPOSTA',
    now: Date,
    repeatKey: string,
  ): Promise<unknown>;
  now(): Date;
}

export type LinkView = { state: 'OPEN'; brandName: string; maskedRecipient: string } | { state: 'INVALID' };

function mask(email: string): string {
  const [local, domain] = email.split('@') as [string, string];
  return `${local.slice(0, 2)}***@${domain}`;
}

export function linkUseCases(ports: LinkPorts) {
  async function createLinks(
    t: Target,
    recipients: { recipient: string; recipientType: RecipientType }[],
    baseUrl: string,
  ) {
    const now = ports.now();
    const provider = await ports.provider(t.iysCode);
    if (!provider) throw IysError.of('H001', { vars: { iysCode: t.iysCode } });
    const errors: IysErrorItem[] = [];
    const wanted: {
      raw: string;
      value: string;
      recipientType: RecipientType;
      key: { pk: string; sk: string };
    }[] = [];
    for (const [i, r] of recipients.entries()) {
      const n = normaliseRecipient(r.recipient, 'EPOSTA', { location: ['recipients', i, 'recipient'] });
      if (!n.ok) {
        errors.push(...n.errors);
        continue;
      }
      const { key } = await ports.consentKeys(provider, t.brandCode, n.value, r.recipientType, 'EPOSTA');
      wanted.push({ raw: r.recipient, value: n.value, recipientType: r.recipientType, key });
    }
    if (errors.length) throw new IysError(errors);
    const states = await ports.states(wanted.map((w) => w.key));
    const status = new Map(states.map((s) => [`${s.pk}|${s.sk}`, s.status]));
    const expiresAt = Math.floor(now.getTime() / 1000) + linkDays * 86400;
    const items: links.LinkItem[] = [];
    const out = [];
    for (const w of wanted) {
      if (status.get(`${w.key.pk}|${w.key.sk}`) !== 'ONAY') {
        const e = errorItem('H568');
        out.push({ recipient: w.raw, code: e.code, message: e.message });
        continue;
      }
      const token = randomBytes(24).toString('base64url');
      items.push({
        ...ports.layout.linkKey(hashOf(token)),
        iysCode: t.iysCode,
        brandCode: t.brandCode,
        recipientType: w.recipientType,
        adr: await ports.sealAddress(w.value),
        expiresAt,
      });
      out.push({ recipient: w.raw, url: `${baseUrl}/r/${token}` });
    }
    await ports.putLinks(items);
    return out;
  }

  async function live(token: string, now: Date) {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
    const item = await ports.getLink(hashOf(token));
    if (!item || item.usedAt || item.expiresAt <= Math.floor(now.getTime() / 1000)) return undefined;
    const recipient = await ports.openAddress(item.adr);
    return recipient ? { item, recipient } : undefined;
  }

  async function viewLink(token: string): Promise<LinkView> {
    const l = await live(token, ports.now());
    if (!l) return { state: 'INVALID' };
    const brand = await ports.brand(l.item.iysCode, l.item.brandCode);
    return {
      state: 'OPEN',
      brandName: brand?.name ?? String(l.item.brandCode),
      maskedRecipient: mask(l.recipient),
    };
  }

  async function confirmLink(
    token: string,
  ): Promise<{ state: 'DONE'; brandName: string } | { state: 'INVALID' }> {
    const now = ports.now();
    const l = await live(token, now);
    if (!l) return { state: 'INVALID' };
    const h = hashOf(token);
    try {
      await ports.changeConsent(
        l.recipient,
        {
          iysCode: l.item.iysCode,
          brandCode: l.item.brandCode,
          type: 'EPOSTA',
          status: 'RET',
          recipientType: l.item.recipientType,
        },
        'IYS_EPOSTA',
        now,
        `link|${h}`,
      );
    } catch (e) {
      // Already rejected in the meantime (another channel): the recipient's wish holds; the link is spent.
      if (!(e instanceof IysError) || e.errors[0]!.code !== 'H174') throw e;
    }
    await ports.markUsed(h, now.toISOString());
    const brand = await ports.brand(l.item.iysCode, l.item.brandCode);
    return { state: 'DONE', brandName: brand?.name ?? String(l.item.brandCode) };
  }

  return { createLinks, viewLink, confirmLink };
}

export type LinkUseCases = ReturnType<typeof linkUseCases>;
