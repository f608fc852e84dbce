import { createHash } from 'node:crypto';
import { directory } from '../adapters/directory.js';
import { logger } from '../adapters/logger.js';
import { send } from '../adapters/outbox.js';
import { brandOwner } from '../adapters/registry-store.js';
import { brandsByShortName } from '../adapters/short-names.js';
import { parseAddress } from '../domain/citizen.js';
import type { ConsentType } from '../domain/consent/types.js';
import { IysError } from '../domain/errors.js';
import { parseSms, smsReplies } from '../domain/sms.js';
import { awsCitizens } from '../wiring/citizens.js';

/** Not yet given its ports (docs/architecture.md): the recipient use cases over AWS. */
const { changeConsent } = awsCitizens();

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

export async function inboundSms(
  m: { from: string; text: string },
  rawBody: string,
  now: Date,
): Promise<SmsOutcome> {
  let phone: string;
  try {
    const a = parseAddress(m.from, ['from']);
    if (a.kind !== 'PHONE') return { outcome: 'IGNORED', changes: 0 };
    phone = a.value;
  } catch {
    return { outcome: 'IGNORED', changes: 0 }; // no valid number to answer
  }
  const reply = (text: string) => send({ channel: 'SMS', to: phone, text }, now);
  const cmd = parseSms(m.text);
  if (cmd.command !== 'RET') {
    await reply(smsReplies.help);
    return { outcome: 'HELP', changes: 0 };
  }
  const brands = new Map<string, { iysCode: number; brandCode: number }>();
  const unknown: string[] = [];
  for (const k of cmd.keywords) {
    const found = /^\d{1,12}$/.test(k)
      ? await brandOwner(Number(k)).then((o) =>
          o === undefined ? [] : [{ iysCode: o, brandCode: Number(k) }],
        )
      : await brandsByShortName(k);
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
    const name = (await directory.brand(b.iysCode, b.brandCode))?.name ?? String(b.brandCode);
    let any = false;
    for (const type of ['MESAJ', 'ARAMA'] as ConsentType[]) {
      try {
        const r = await changeConsent(
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
  logger.info('sms inbound', { brands: brands.size, changes, unknown: unknown.length });
  return { outcome: rejected.length ? 'REJECTED' : 'NOTHING_TO_REJECT', changes };
}
