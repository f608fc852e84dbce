import { createHash } from 'node:crypto';
import type { BrandItem } from '../adapters/registry-store.js';
import { parseAddress } from '../domain/citizen.js';
import type { ConsentType } from '../domain/consent/types.js';
import { IysError } from '../domain/errors.js';
import { parseSms, smsReplies } from '../domain/sms.js';

/**
 * The short number's inbound SMS (reference §7.15, §9): `RET <SHORTNAME|brandCode> …` rejects, with source
 * IYS_KISAMESAJ, every phone channel (MESAJ, ARAMA) the named brands hold as ONAY for the sender. The sender
 * always gets an answer through the outbox; an unknown keyword changes nothing and explains the format.
 * The same delivery twice (same raw body) records nothing twice: the body's hash is the repeat key.
 */
export interface SmsOutcome {
  outcome: 'REJECTED' | 'NOTHING_TO_REJECT' | 'UNKNOWN_KEYWORD' | 'HELP' | 'IGNORED';
  changes: number;
}

/** What the inbound SMS reaches: the brands a keyword names, the recipient-side change, the outbox. */
export interface SmsPorts {
  /** The provider owning a brand code, if any. */
  brandOwner(brandCode: number): Promise<number | undefined>;
  /** The brands whose short name is this (normalised) keyword. */
  brandsByShortName(keyword: string): Promise<{ iysCode: number; brandCode: number }[]>;
  /** Cached look-up (the directory): the brand's name in the answer. */
  brand(iysCode: number, brandCode: number): Promise<BrandItem | undefined>;
  /**
   * A change İYS records on the recipient's behalf (functions/app/citizens.ts): refused with X044 when the
   * consent does not exist and H174 when it is RET already; `created` false for a repeat of `repeatKey`.
   */
  changeConsent(
    recipient: string,
    t: { iysCode: number; brandCode: number; type: ConsentType; status: 'RET' },
    source: 'IYS_KISAMESAJ',
    now: Date,
    repeatKey: string,
  ): Promise<{ created: boolean }>;
  /** The answer to the sender, through the outbox. */
  sendSms(to: string, text: string, now: Date): Promise<unknown>;
  now(): Date;
  log: { info(message: string, fields: Record<string, unknown>): void };
}

export function smsUseCases(ports: SmsPorts) {
  async function inboundSms(m: { from: string; text: string }, rawBody: string): Promise<SmsOutcome> {
    const now = ports.now();
    let phone: string;
    try {
      const a = parseAddress(m.from, ['from']);
      if (a.kind !== 'PHONE') return { outcome: 'IGNORED', changes: 0 };
      phone = a.value;
    } catch {
      return { outcome: 'IGNORED', changes: 0 }; // no valid number to answer
    }
    const reply = (text: string) => ports.sendSms(phone, text, now);
    const cmd = parseSms(m.text);
    if (cmd.command !== 'RET') {
      await reply(smsReplies.help);
      return { outcome: 'HELP', changes: 0 };
    }
    const brands = new Map<string, { iysCode: number; brandCode: number }>();
    const unknown: string[] = [];
    for (const k of cmd.keywords) {
      const found = /^\d{1,12}$/.test(k)
        ? await ports
            .brandOwner(Number(k))
            .then((o) => (o === undefined ? [] : [{ iysCode: o, brandCode: Number(k) }]))
        : await ports.brandsByShortName(k);
      if (!found.length) unknown.push(k);
      for (const b of found) brands.set(`${b.iysCode}#${b.brandCode}`, b);
    }
    if (!brands.size) {
      await reply(smsReplies.unknownKeyword(unknown));
      return { outcome: 'UNKNOWN_KEYWORD', changes: 0 };
    }
    const bodyHash = createHash('sha256').update(rawBody).digest('hex');
    const rejected: string[] = [];
    const untouched: string[] = [];
    let changes = 0;
    for (const b of brands.values()) {
      const name = (await ports.brand(b.iysCode, b.brandCode))?.name ?? String(b.brandCode);
      let any = false;
      for (const type of ['MESAJ', 'ARAMA'] as ConsentType[]) {
        try {
          const r = await ports.changeConsent(
            phone,
            { iysCode: b.iysCode, brandCode: b.brandCode, type, status: 'RET' },
            'IYS_KISAMESAJ',
            now,
            `sms|${bodyHash}|${type}`,
          );
          any = true;
          if (r.created) changes++;
        } catch (e) {
          // No consent on this channel, or already RET: nothing to change there.
          if (!(e instanceof IysError) || !['X044', 'H174'].includes(e.errors[0]!.code)) throw e;
        }
      }
      (any ? rejected : untouched).push(name);
    }
    const parts = [
      ...(rejected.length ? [smsReplies.rejected(rejected)] : []),
      ...(untouched.length ? [smsReplies.nothingToReject(untouched)] : []),
      ...(unknown.length ? [smsReplies.unknownKeyword(unknown)] : []),
    ];
    await reply(parts.join(' '));
    ports.log.info('sms inbound', { brands: brands.size, changes, unknown: unknown.length });
    return { outcome: rejected.length ? 'REJECTED' : 'NOTHING_TO_REJECT', changes };
  }

  return { inboundSms };
}

export type SmsUseCases = ReturnType<typeof smsUseCases>;
