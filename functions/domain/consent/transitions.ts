/**
 * State transitions of one consent key (İYS reference §6.3), applied to a movement that already passed
 * validateConsent:
 *
 * | current | incoming                      | result                                   |
 * |---------|-------------------------------|------------------------------------------|
 * | none    | ONAY                          | CREATED                                  |
 * | none    | RET (incl. HS_KARAR)          | H175                                     |
 * | any     | TACIR without consentDate     | H462                                     |
 * | any     | TACIR without source          | H463                                     |
 * | any     | consentDate < stored date     | H178 (an equal date is allowed)          |
 * | RET     | RET                           | H174 ("… İzin durumu: RET")              |
 * | ONAY    | ONAY                          | RERECORDED (new source/date replace old) |
 * | ONAY    | RET / RET → ONAY              | UPDATED                                  |
 *
 * When several refusals apply, all are returned, in the order H462, H463, H178, H174.
 */
import { errorItem, type IysErrorItem } from '../errors.js';
import type { ConsentRecord, ConsentState } from './types.js';

export type TransitionKind = 'CREATED' | 'UPDATED' | 'RERECORDED';

export type TransitionResult =
  | { ok: true; kind: TransitionKind; state: ConsentState }
  | { ok: false; errors: IysErrorItem[] };

/** The message of H174 names the status already on file, as İYS's example does. */
export function sameStatusMessage(current: ConsentState['status']): string {
  return `İzin durumu (status) güncellemesi için farklı bir durum girilmelidir. İzin durumu: ${current}`;
}

/**
 * Decides whether `incoming` may be recorded on top of `current` (undefined: no consent on file for the
 * key) and returns the resulting state. Throws if the two belong to different keys (a caller bug).
 */
export function applyMovement(current: ConsentState | undefined, incoming: ConsentRecord): TransitionResult {
  if (current === undefined) {
    if (incoming.status === 'RET')
      return { ok: false, errors: [errorItem('H175', { location: ['status'], value: 'RET' })] };
    // validateConsent already requires source and consentDate for BIREYSEL; keep the guard for callers
    // that build records by hand.
    if (incoming.recipientType !== 'TACIR') {
      const missing: IysErrorItem[] = [];
      if (incoming.source === undefined) missing.push(errorItem('H113', { location: ['source'] }));
      if (incoming.consentDate === undefined) missing.push(errorItem('H112', { location: ['consentDate'] }));
      if (missing.length) return { ok: false, errors: missing };
    }
    return { ok: true, kind: 'CREATED', state: copy(incoming) };
  }

  if (
    current.recipient !== incoming.recipient ||
    current.type !== incoming.type ||
    current.recipientType !== incoming.recipientType
  ) {
    throw new Error('applyMovement: current state and incoming movement belong to different consent keys');
  }

  const errors: IysErrorItem[] = [];
  if (incoming.consentDate === undefined) {
    errors.push(
      errorItem(incoming.recipientType === 'TACIR' ? 'H462' : 'H112', { location: ['consentDate'] }),
    );
  }
  if (incoming.source === undefined) {
    errors.push(errorItem(incoming.recipientType === 'TACIR' ? 'H463' : 'H113', { location: ['source'] }));
  }
  if (
    incoming.consentDate &&
    current.consentDate &&
    incoming.consentDate.epochMs < current.consentDate.epochMs
  ) {
    errors.push(errorItem('H178', { location: ['consentDate'], value: incoming.consentDate.text }));
  }
  if (current.status === 'RET' && incoming.status === 'RET') {
    errors.push(errorItem('H174', { location: ['status'], value: 'RET', message: sameStatusMessage('RET') }));
  }
  if (errors.length) return { ok: false, errors };

  const state = copy(incoming);
  // Retailer data left out of an update stays as it was.
  if (state.retailerCode === undefined && current.retailerCode !== undefined)
    state.retailerCode = current.retailerCode;
  if (state.retailerAccess === undefined && current.retailerAccess !== undefined)
    state.retailerAccess = [...current.retailerAccess];
  const kind: TransitionKind = current.status === incoming.status ? 'RERECORDED' : 'UPDATED';
  return { ok: true, kind, state };
}

function copy(r: ConsentRecord): ConsentState {
  const s: ConsentState = { ...r };
  if (r.consentDate) s.consentDate = { ...r.consentDate };
  if (r.retailerAccess) s.retailerAccess = [...r.retailerAccess];
  return s;
}
