import { createHash, randomBytes } from 'node:crypto';
import { openText, sealText } from '../adapters/citizen-session.js';
import * as consentStore from '../adapters/consent-store.js';
import { directory } from '../adapters/directory.js';
import * as links from '../adapters/link-store.js';
import { normaliseRecipient } from '../domain/consent/address.js';
import type { Target } from '../domain/consent/request.js';
import type { RecipientType } from '../domain/consent/types.js';
import { errorItem, IysError, type IysErrorItem } from '../domain/errors.js';
import { awsCitizens } from '../wiring/citizens.js';
import { awsConsents } from '../wiring/consents.js';

/** Not yet given its ports (docs/architecture.md): the consent and recipient use cases over AWS. */
const consents = awsConsents();
const { changeConsent } = awsCitizens();

/**
 * E-mail reject links (reference §7.15): for each ONAY e-mail consent a one-off link valid 90 days;
 * others get H568. Opening the link shows a confirmation page; confirming records RET with source
 * IYS_EPOSTA (the link's hash is the repeat key, so a double submit records one movement).
 */
export const linkDays = 90;

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function createLinks(
  t: Target,
  recipients: { recipient: string; recipientType: RecipientType }[],
  baseUrl: string,
  now: Date,
) {
  const provider = await directory.provider(t.iysCode);
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
    const { key } = await consents.consentKeys(provider, t.brandCode, n.value, r.recipientType, 'EPOSTA');
    wanted.push({ raw: r.recipient, value: n.value, recipientType: r.recipientType, key });
  }
  if (errors.length) throw new IysError(errors);
  const states = await consentStore.getStates(wanted.map((w) => w.key));
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
      ...links.linkKey(hashOf(token)),
      iysCode: t.iysCode,
      brandCode: t.brandCode,
      recipientType: w.recipientType,
      adr: await sealText(w.value, 'link'),
      expiresAt,
    });
    out.push({ recipient: w.raw, url: `${baseUrl}/r/${token}` });
  }
  await links.putLinks(items);
  return out;
}

export type LinkView = { state: 'OPEN'; brandName: string; maskedRecipient: string } | { state: 'INVALID' };

function mask(email: string): string {
  const [local, domain] = email.split('@') as [string, string];
  return `${local.slice(0, 2)}***@${domain}`;
}

async function live(token: string, now: Date) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const item = await links.getLink(hashOf(token));
  if (!item || item.usedAt || item.expiresAt <= Math.floor(now.getTime() / 1000)) return undefined;
  const recipient = await openText(item.adr, 'link');
  return recipient ? { item, recipient } : undefined;
}

export async function viewLink(token: string, now: Date): Promise<LinkView> {
  const l = await live(token, now);
  if (!l) return { state: 'INVALID' };
  const brand = await directory.brand(l.item.iysCode, l.item.brandCode);
  return {
    state: 'OPEN',
    brandName: brand?.name ?? String(l.item.brandCode),
    maskedRecipient: mask(l.recipient),
  };
}

export async function confirmLink(
  token: string,
  now: Date,
): Promise<{ state: 'DONE'; brandName: string } | { state: 'INVALID' }> {
  const l = await live(token, now);
  if (!l) return { state: 'INVALID' };
  const h = hashOf(token);
  try {
    await changeConsent(
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
  await links.markUsed(h, now.toISOString());
  const brand = await directory.brand(l.item.iysCode, l.item.brandCode);
  return { state: 'DONE', brandName: brand?.name ?? String(l.item.brandCode) };
}
