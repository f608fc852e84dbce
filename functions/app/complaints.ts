import { sealText } from '../adapters/citizen-session.js';
import * as store from '../adapters/complaint-store.js';
import { directory } from '../adapters/directory.js';
import { brandOwner } from '../adapters/registry-store.js';
import { brandsByShortName } from '../adapters/short-names.js';
import { checkChannel, parseAddress } from '../domain/citizen.js';
import { receivedAtAcceptable } from '../domain/complaints.js';
import type { ConsentType } from '../domain/consent/types.js';
import { IysError } from '../domain/errors.js';
import { normaliseKeyword } from '../domain/sms.js';
import { awsConsents } from '../wiring/consents.js';
import type { Citizen } from './citizens.js';

/** Not yet given its ports (docs/architecture.md): the consent use cases over AWS. */
const consents = awsConsents();

/**
 * Complaints filed by a recipient about a message. The complaint records which consent it is about (the
 * state's key, computed now from the verified address, so the authority can read the consent's history
 * later without the address in the clear) and the sealed address itself.
 */
export async function fileComplaint(
  c: Citizen,
  b: { brandCode?: number; sender?: string; type: ConsentType; receivedAt: string; text: string },
  now: Date,
): Promise<{ complaintId: string }> {
  if (b.brandCode === undefined && b.sender === undefined)
    throw IysError.of('X051', { location: ['brandCode'] });
  checkChannel(parseAddress(c.recipient), b.type);
  const receivedAtMs = Date.parse(b.receivedAt);
  if (!receivedAtAcceptable(receivedAtMs, now.getTime()))
    throw IysError.of('X050', { location: ['receivedAt'], value: b.receivedAt });

  let brand: { iysCode: number; brandCode: number } | undefined;
  if (b.brandCode !== undefined) {
    const owner = await brandOwner(b.brandCode);
    if (owner === undefined) throw IysError.of('H018', { vars: { brandCode: b.brandCode } });
    brand = { iysCode: owner, brandCode: b.brandCode };
  } else if (b.sender) {
    // A sender name that is a brand's short name identifies the brand; otherwise the authority sees the name.
    const found = await brandsByShortName(normaliseKeyword(b.sender));
    if (found.length === 1) brand = found[0];
  }
  let stateKey: { pk: string; sk: string } | undefined;
  if (brand) {
    const provider = await directory.provider(brand.iysCode);
    if (provider)
      stateKey = (await consents.consentKeys(provider, brand.brandCode, c.recipient, 'BIREYSEL', b.type)).key;
  }
  const complaintId = store.newComplaintId();
  const createdAt = now.toISOString();
  await store.putComplaint({
    pk: `COMPLAINT#${complaintId}`,
    sk: `T#${createdAt}`,
    complaintId,
    status: 'RECEIVED',
    type: b.type,
    ...(brand ? { iysCode: brand.iysCode, brandCode: brand.brandCode } : {}),
    ...(b.sender !== undefined ? { sender: b.sender } : {}),
    receivedAt: new Date(receivedAtMs).toISOString(),
    receivedAtMs,
    createdAt,
    text: b.text,
    adr: await sealText(c.recipient, 'complaint'),
    ridx: c.ridx,
    ...(stateKey ? { statePk: stateKey.pk, stateSk: stateKey.sk } : {}),
    history: [{ status: 'RECEIVED', by: 'citizen', at: createdAt }],
  });
  return { complaintId };
}

export async function myComplaints(c: Citizen) {
  const items = await store.citizenComplaints(c.ridx);
  const out = [];
  for (const i of items) {
    const brand =
      i.iysCode !== undefined && i.brandCode !== undefined
        ? await directory.brand(i.iysCode, i.brandCode)
        : undefined;
    out.push({
      complaintId: i.complaintId,
      status: i.status,
      type: i.type,
      ...(i.brandCode !== undefined ? { brandCode: i.brandCode } : {}),
      ...(brand ? { brandName: brand.name } : {}),
      ...(i.sender !== undefined ? { sender: i.sender } : {}),
      receivedAt: i.receivedAt,
      createdAt: i.createdAt,
      text: i.text,
    });
  }
  return { list: out };
}
