import type * as complaintStore from '../adapters/complaint-store.js';
import type { ComplaintItem } from '../adapters/complaint-store.js';
import type * as consentStore from '../adapters/consent-store.js';
import type { BrandItem, ProviderItem } from '../adapters/registry-store.js';
import { type ComplaintStatus, stateAt, type TrailEntry } from '../domain/complaints.js';
import { formatTurkeyTime, toTurkeyIso } from '../domain/consent/dates.js';
import { IysError } from '../domain/errors.js';
import type { Identity } from '../domain/identity.js';
import type { ConsentLayout } from './consents-batch.js';

/**
 * The public authority's view (reference §9): complaints with, for each, the consent's state when the
 * message arrived, judged point in time by consentDate with creationDate beside it, the 3-business-day
 * rejection period, and the whole movement trail. Every read and change leaves an audit line.
 */

/** What the authority use cases reach: the complaint store and its audit, the consent's movements, the seal. */
export type AuthorityPorts = Pick<
  typeof complaintStore,
  'listComplaints' | 'getComplaint' | 'updateComplaintStatus' | 'audit'
> &
  Pick<typeof consentStore, 'getState' | 'getMovements'> & {
    /** The storage layout of a consent's movements (functions/adapters/consent-store.ts). */
    layout: Pick<ConsentLayout, 'parseRef' | 'movementKey' | 'movementsOfRefs'>;
    /** Cached look-ups (the directory). */
    provider(iysCode: number): Promise<ProviderItem | undefined>;
    brand(iysCode: number, brandCode: number): Promise<BrandItem | undefined>;
    /** Opens a sealed text bound to `purpose`; undefined when it does not open. */
    openText(sealed: string, purpose: string): Promise<string | undefined>;
    /** The operator's log: counts and ids only, never an address. */
    log: { info(message: string, fields: Record<string, unknown>): void };
  };

export function authorityUseCases(ports: AuthorityPorts) {
  const layout = ports.layout;

  async function trailOf(c: ComplaintItem) {
    if (!c.statePk || !c.stateSk) return { trail: [] as (TrailEntry & { seq: number })[] };
    const state = await ports.getState({ pk: c.statePk, sk: c.stateSk });
    if (!state) return { trail: [] };
    // The trail comes from the clear fields of the state and movement items: no decryption needed.
    const refs = state.refs.map(layout.parseRef);
    const moves = await ports.getMovements(
      refs.map((r) => layout.movementKey(state.iysCode, state.brandCode, r.group, r.seconds, r.txn)),
    );
    const trail = layout.movementsOfRefs(state, refs, moves).map((m) => ({
      status: m.status,
      ...(m.source ? { source: m.source } : {}),
      ...(m.cd !== undefined ? { cd: m.cd } : {}),
      cr: m.cr,
      transactionId: m.txn,
      seq: m.seq,
    }));
    return { trail };
  }

  async function view(c: ComplaintItem) {
    const { trail } = await trailOf(c);
    const at = stateAt(trail, c.receivedAtMs);
    const brand =
      c.iysCode !== undefined && c.brandCode !== undefined
        ? await ports.brand(c.iysCode, c.brandCode)
        : undefined;
    const provider = c.iysCode !== undefined ? await ports.provider(c.iysCode) : undefined;
    const show = (e: TrailEntry) => ({
      status: e.status,
      ...(e.source ? { source: e.source } : {}),
      consentDate: e.cd !== undefined ? formatTurkeyTime(e.cd) : '',
      creationDate: formatTurkeyTime(e.cr * 1000),
      transactionId: e.transactionId,
    });
    return {
      complaintId: c.complaintId,
      status: c.status,
      type: c.type,
      recipient: (await ports.openText(c.adr, 'complaint')) ?? '',
      ...(c.iysCode !== undefined ? { iysCode: c.iysCode, providerTitle: provider?.title } : {}),
      ...(c.brandCode !== undefined ? { brandCode: c.brandCode, brandName: brand?.name } : {}),
      ...(c.sender !== undefined ? { sender: c.sender } : {}),
      receivedAt: toTurkeyIso(c.receivedAtMs),
      createdAt: c.createdAt,
      text: c.text,
      consentAtMessage: {
        status: at.status,
        verdict: at.verdict,
        ...(at.movement ? { movement: show(at.movement) } : {}),
        recordedAfterMessage: at.recordedAfterMessage,
        withinRejectionGrace: at.withinRejectionGrace,
        ...(at.graceUntil !== undefined ? { rejectionGraceUntil: toTurkeyIso(at.graceUntil) } : {}),
      },
      trail: trail.map(show),
      history: c.history,
    };
  }

  async function listForAuthority(
    who: Identity,
    q: { status?: ComplaintStatus; from?: string; to?: string; iysCode?: number },
    requestId: string,
    now: Date,
  ) {
    const items = await ports.listComplaints({
      ...(q.from ? { from: new Date(q.from).toISOString() } : {}),
      ...(q.to ? { to: new Date(q.to).toISOString() } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.iysCode !== undefined ? { iysCode: q.iysCode } : {}),
      limit: 200,
    });
    const list = [];
    for (const c of items) list.push(await view(c));
    await ports.audit({
      at: now,
      username: who.username,
      action: 'LIST_COMPLAINTS',
      requestId,
      complaintIds: items.map((c) => c.complaintId),
      filter: { ...q },
    });
    ports.log.info('authority read', { username: who.username, requestId, complaints: items.length });
    return { list };
  }

  async function updateForAuthority(
    who: Identity,
    id: string,
    patch: { status: 'IN_REVIEW' | 'UPHELD' | 'DISMISSED'; note: string },
    requestId: string,
    now: Date,
  ) {
    const c = /^[0-9a-f-]{36}$/.test(id) ? await ports.getComplaint(id) : undefined;
    if (!c) throw IysError.of('X045', { location: ['complaintId'], value: id });
    await ports.updateComplaintStatus(c, {
      status: patch.status,
      note: patch.note,
      by: who.username,
      at: now.toISOString(),
    });
    await ports.audit({
      at: now,
      username: who.username,
      action: `SET_STATUS_${patch.status}`,
      requestId,
      complaintIds: [id],
    });
    const updated = await ports.getComplaint(id);
    return view(updated!);
  }

  return { listForAuthority, updateForAuthority };
}

export type AuthorityUseCases = ReturnType<typeof authorityUseCases>;
