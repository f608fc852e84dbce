import type { ComplaintItem } from '../adapters/complaint-store.js';
import type { BrandItem, ProviderItem } from '../adapters/registry-store.js';
import { checkChannel, parseAddress } from '../domain/citizen.js';
import { receivedAtAcceptable } from '../domain/complaints.js';
import type { ConsentType } from '../domain/consent/types.js';
import { IysError } from '../domain/errors.js';
import { normaliseKeyword } from '../domain/sms.js';
import type { Citizen } from './citizens.js';
import type { ConsentUseCases } from './consents.js';

/**
 * Complaints filed by a recipient about a message. The complaint records which consent it is about (the
 * state's key, computed now from the verified address, so the authority can read the consent's history
 * later without the address in the clear) and the sealed address itself.
 */

/** What filing and listing complaints reach: the registry, the complaint store, the address seal. */
export interface ComplaintPorts {
  /** The provider a brand code belongs to. */
  brandOwner(brandCode: number): Promise<number | undefined>;
  /** The brands whose short name is this (normalised) sender name. */
  brandsByShortName(normalised: string): Promise<{ iysCode: number; brandCode: number }[]>;
  /** Cached look-ups (the directory). */
  provider(iysCode: number): Promise<ProviderItem | undefined>;
  brand(iysCode: number, brandCode: number): Promise<BrandItem | undefined>;
  /** The consent use cases: a consent's storage keys from the verified address. */
  consents: Pick<ConsentUseCases, 'consentKeys'>;
  newComplaintId(): string;
  /** Stores the complaint and the complainant's reference to it. */
  putComplaint(c: ComplaintItem): Promise<void>;
  /** The complainant's complaints, newest first. */
  citizenComplaints(ridx: string): Promise<ComplaintItem[]>;
  /** Seals a text for storage, bound to `purpose` (the authority opens it with the same). */
  sealText(text: string, purpose: string): Promise<string>;
}

export function complaintUseCases(ports: ComplaintPorts) {
  async function fileComplaint(
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
      const owner = await ports.brandOwner(b.brandCode);
      if (owner === undefined) throw IysError.of('H018', { vars: { brandCode: b.brandCode } });
      brand = { iysCode: owner, brandCode: b.brandCode };
    } else if (b.sender) {
      // A sender name that is a brand's short name identifies the brand; otherwise the authority sees the name.
      const found = await ports.brandsByShortName(normaliseKeyword(b.sender));
      if (found.length === 1) brand = found[0];
    }
    let stateKey: { pk: string; sk: string } | undefined;
    if (brand) {
      const provider = await ports.provider(brand.iysCode);
      if (provider)
        stateKey = (
          await ports.consents.consentKeys(provider, brand.brandCode, c.recipient, 'BIREYSEL', b.type)
        ).key;
    }
    const complaintId = ports.newComplaintId();
    const createdAt = now.toISOString();
    await ports.putComplaint({
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
      adr: await ports.sealText(c.recipient, 'complaint'),
      ridx: c.ridx,
      ...(stateKey ? { statePk: stateKey.pk, stateSk: stateKey.sk } : {}),
      history: [{ status: 'RECEIVED', by: 'citizen', at: createdAt }],
    });
    return { complaintId };
  }

  async function myComplaints(c: Citizen) {
    const items = await ports.citizenComplaints(c.ridx);
    const out = [];
    for (const i of items) {
      const brand =
        i.iysCode !== undefined && i.brandCode !== undefined
          ? await ports.brand(i.iysCode, i.brandCode)
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

  return { fileComplaint, myComplaints };
}

export type ComplaintUseCases = ReturnType<typeof complaintUseCases>;
