import { recordingDeadline } from './consent/dates.js';
import type { ConsentStatus } from './consent/types.js';

/**
 * Complaints and how the authority judges them (reference §9): the state of the consent at the moment the
 * message arrived, from the consent's movements, point in time by consentDate (when the recipient gave or
 * withdrew consent), with creationDate (when it reached the registry) shown beside it; and whether the
 * message still fell inside the 3 business days a provider has to act on a rejection (Law 6563 art. 8(3)).
 */
export const COMPLAINT_STATUSES = ['RECEIVED', 'IN_REVIEW', 'UPHELD', 'DISMISSED'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export interface TrailEntry {
  status: ConsentStatus;
  source?: string;
  /** consentDate in epoch ms (absent for a dateless TACIR record: then the creation time counts). */
  cd?: number;
  /** creationDate in epoch seconds. */
  cr: number;
  transactionId: string;
}

export type Verdict = 'CONSENT' | 'NO_CONSENT' | 'REJECTION_GRACE';

export interface StateAtMessage {
  status: ConsentStatus | 'NONE';
  /** The movement in force at the message time. */
  movement?: TrailEntry;
  /** The movement in force was recorded in the registry after the message arrived. */
  recordedAfterMessage: boolean;
  /** For a RET in force: the end (exclusive, epoch ms) of the 3-business-day period after it. */
  graceUntil?: number;
  /** The message arrived inside that period. */
  withinRejectionGrace: boolean;
  verdict: Verdict;
}

const effective = (e: TrailEntry) => e.cd ?? e.cr * 1000;

/** The consent's state when a message arrived at `atMs`; `trail` in recording order (oldest first). */
export function stateAt(trail: readonly TrailEntry[], atMs: number): StateAtMessage {
  let inForce: TrailEntry | undefined;
  let inForceIndex = -1;
  trail.forEach((e, i) => {
    const t = effective(e);
    if (t > atMs) return;
    // Latest consentDate wins; equal dates: the one recorded later (İYS allows an equal date).
    if (!inForce || t > effective(inForce) || (t === effective(inForce) && i > inForceIndex)) {
      inForce = e;
      inForceIndex = i;
    }
  });
  if (!inForce)
    return {
      status: 'NONE',
      recordedAfterMessage: false,
      withinRejectionGrace: false,
      verdict: 'NO_CONSENT',
    };
  const m: TrailEntry = inForce;
  const recordedAfterMessage = m.cr * 1000 > atMs;
  if (m.status === 'ONAY') {
    return {
      status: 'ONAY',
      movement: m,
      recordedAfterMessage,
      withinRejectionGrace: false,
      verdict: 'CONSENT',
    };
  }
  const graceUntil = recordingDeadline(effective(m));
  const within = atMs < graceUntil;
  return {
    status: 'RET',
    movement: m,
    recordedAfterMessage,
    graceUntil,
    withinRejectionGrace: within,
    verdict: within ? 'REJECTION_GRACE' : 'NO_CONSENT',
  };
}

/** receivedAt must not be in the future (1 minute of clock skew) nor more than a year old. */
export function receivedAtAcceptable(atMs: number, nowMs: number): boolean {
  return atMs <= nowMs + 60_000 && atMs >= nowMs - 366 * 86_400_000;
}
