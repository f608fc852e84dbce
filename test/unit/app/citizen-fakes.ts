import type { OtpItem } from '../../../functions/adapters/citizen-session.js';
import type { ComplaintItem } from '../../../functions/adapters/complaint-store.js';
import type { RecipientRef } from '../../../functions/adapters/consent-store.js';
import * as layout from '../../../functions/adapters/consent-store.js';
import type { OutboxMessage } from '../../../functions/adapters/outbox.js';
import type { BrandItem, ProviderItem } from '../../../functions/adapters/registry-store.js';
import type { AuthorityPorts } from '../../../functions/app/authority.js';
import type { CitizenPorts } from '../../../functions/app/citizens.js';
import type { ComplaintPorts } from '../../../functions/app/complaints.js';
import { consentUseCases } from '../../../functions/app/consents.js';
import { blindIndex } from '../../../functions/domain/movement.js';
import { memoryConsents, PROVIDER } from './consent-fakes.js';

/**
 * In-memory fakes of the recipient, complaint and authority ports, over the consent use cases and their
 * fakes (consent-fakes.ts): one registry (providers, brands, short names), one-time codes with tries and
 * expiry as the adapter keeps them, request counters, an outbox, a complaint store with its audit lines and
 * a reversible seal bound to its purpose. Everything a port was asked is kept for the tests to read.
 */
export const BRANDS: BrandItem[] = [
  { iysCode: PROVIDER.iysCode, brandCode: 700001, name: 'Zeytin Market' } as BrandItem,
  { iysCode: PROVIDER.iysCode, brandCode: 700011, name: 'Çiçek Evi' } as BrandItem,
  { iysCode: PROVIDER.iysCode, brandCode: 700012, name: 'İnci Kitap' } as BrandItem,
  { iysCode: PROVIDER.iysCode, brandCode: 700013, name: 'Işık Optik' } as BrandItem,
];

export function memoryCitizens(opts: { now: Date }) {
  const mem = memoryConsents({ now: opts.now });
  const consents = consentUseCases(mem.ports);
  const registry = {
    providers: new Map<number, ProviderItem>([[PROVIDER.iysCode, PROVIDER]]),
    brands: new Map<string, BrandItem>(BRANDS.map((b) => [`${b.iysCode}:${b.brandCode}`, b])),
    /** Brand codes whose owner the registry knows (a brand may be known here and missing from the directory). */
    owners: new Map<number, number>(BRANDS.map((b) => [b.brandCode, b.iysCode])),
    shortNames: new Map<string, { iysCode: number; brandCode: number }[]>(),
  };
  const otps = new Map<string, OtpItem & { code: string }>();
  const counters = new Map<string, { count: number; expiresAt: number }>();
  const outbox: { message: OutboxMessage; at: Date }[] = [];
  const sessions: { address: string; nowSeconds: number; lifetimeSeconds: number }[] = [];
  const complaints = new Map<string, ComplaintItem>();
  const audit: Parameters<AuthorityPorts['audit']>[0][] = [];
  const logs: { message: string; fields: Record<string, unknown> }[] = [];
  const listed: Parameters<AuthorityPorts['listComplaints']>[0][] = [];
  let nextCode = 0;
  let nextId = 0;

  // The same registry secret the consent fakes index recipients with, so the recipient index matches.
  const registryIndexOf = async (address: string) => blindIndex(await mem.ports.registrySecret(), address);
  const provider = async (iysCode: number) => registry.providers.get(iysCode);
  const brand = async (iysCode: number, brandCode: number) => registry.brands.get(`${iysCode}:${brandCode}`);
  const brandOwner = async (brandCode: number) => registry.owners.get(brandCode);
  const seal = (text: string, purpose: string) => `sealed(${purpose}):${Buffer.from(text).toString('hex')}`;

  const citizenPorts: CitizenPorts = {
    countRequest: async (name, expiresAt) => {
      const c = counters.get(name) ?? { count: 0, expiresAt };
      c.count++;
      counters.set(name, c);
      return c.count;
    },
    registryIndexOf,
    // Predictable codes: 000001, 000002, …
    newCode: (digits) => String(++nextCode).padStart(digits, '0'),
    getOtp: async (ridx) => {
      const o = otps.get(ridx);
      return o
        ? { codeMac: `mac:${o.code}`, createdAt: o.createdAt, expiresAt: o.expiresAt, tries: o.tries }
        : o;
    },
    putOtp: async (ridx, code, nowSeconds, ttlSeconds) => {
      otps.set(ridx, {
        code,
        codeMac: `mac:${code}`,
        createdAt: nowSeconds,
        expiresAt: nowSeconds + ttlSeconds,
        tries: 0,
      });
    },
    // As the adapter: the try is counted first (refused once used up or expired), a right code is consumed.
    checkOtp: async (ridx, code, nowSeconds, maxTries) => {
      const o = otps.get(ridx);
      if (!o || o.tries >= maxTries || o.expiresAt <= nowSeconds) return false;
      o.tries++;
      if (o.code !== code) return false;
      otps.delete(ridx);
      return true;
    },
    issueSession: async (address, nowSeconds, lifetimeSeconds) => {
      sessions.push({ address, nowSeconds, lifetimeSeconds });
      return { token: `session-${sessions.length}`, expiresAt: nowSeconds + lifetimeSeconds };
    },
    send: async (message, at) => {
      outbox.push({ message, at });
      return `m-${outbox.length}`;
    },
    provider,
    brand,
    brandOwner,
    recipientIndex: async (ridx) => {
      const refs = new Map<string, RecipientRef>();
      for (const s of mem.calls.indexed)
        if (s.ridx === ridx)
          refs.set(`${s.pk}|${s.sk}`, {
            iysCode: s.iysCode,
            brandCode: s.brandCode,
            recipientType: s.recipientType,
            type: s.type,
            statePk: s.pk,
            stateSk: s.sk,
          });
      return [...refs.values()];
    },
    getStates: mem.ports.getStates,
    getState: mem.ports.getState,
    consents,
  };

  const complaintPorts: ComplaintPorts = {
    brandOwner,
    brandsByShortName: async (normalised) => registry.shortNames.get(normalised) ?? [],
    provider,
    brand,
    consents,
    newComplaintId: () => `00000000-0000-4000-8000-${String(++nextId).padStart(12, '0')}`,
    putComplaint: async (c) => {
      if (complaints.has(c.complaintId)) throw new Error('complaint exists');
      complaints.set(c.complaintId, structuredClone(c));
    },
    // Newest first, as the store answers.
    citizenComplaints: async (ridx) =>
      [...complaints.values()].filter((c) => c.ridx === ridx).sort((a, b) => (a.sk < b.sk ? 1 : -1)),
    sealText: async (text, purpose) => seal(text, purpose),
  };

  const authorityPorts: AuthorityPorts = {
    listComplaints: async (q) => {
      listed.push(q);
      return [...complaints.values()]
        .filter((c) => (!q.from || c.createdAt >= q.from) && (!q.to || c.createdAt <= q.to))
        .filter(
          (c) => (!q.status || c.status === q.status) && (q.iysCode === undefined || c.iysCode === q.iysCode),
        )
        .sort((a, b) => (a.sk < b.sk ? 1 : -1))
        .slice(0, q.limit);
    },
    getComplaint: async (id) => structuredClone(complaints.get(id)),
    updateComplaintStatus: async (c, entry) => {
      const found = [...complaints.values()].find((x) => x.pk === c.pk && x.sk === c.sk);
      if (!found) throw new Error('ConditionalCheckFailedException');
      found.status = entry.status;
      found.history.push(entry);
    },
    audit: async (e) => {
      audit.push(e);
    },
    getState: mem.ports.getState,
    getMovements: mem.ports.getMovements,
    layout,
    provider,
    brand,
    openText: async (sealed, purpose) => {
      const prefix = `sealed(${purpose}):`;
      return sealed.startsWith(prefix)
        ? Buffer.from(sealed.slice(prefix.length), 'hex').toString()
        : undefined;
    },
    log: {
      info: (message, fields) => {
        logs.push({ message, fields });
      },
    },
  };

  return {
    mem,
    consents,
    registry,
    otps,
    counters,
    outbox,
    sessions,
    complaints,
    audit,
    logs,
    listed,
    citizenPorts,
    complaintPorts,
    authorityPorts,
    registryIndexOf,
  };
}
