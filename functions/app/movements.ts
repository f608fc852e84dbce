import type * as store from '../adapters/consent-store.js';
import { formatTurkeyTime } from '../domain/consent/dates.js';
import { feedGroup } from '../domain/movement.js';

/**
 * Turns committed consent states (the table's stream: every state write, in order per consent) into
 * movements (packed in pages, functions/adapters/consent-store.ts) for history, the change feed and the
 * daily files, hands them to the further consumers it was built with (evidence log, push), and keeps brand
 * statistics current. Everything here is idempotent (same keys, same content; statistics only count a state
 * change once per stream batch), so a redelivered stream batch changes nothing.
 */
export interface StateChange {
  oldState?: store.StateItem;
  newState?: store.StateItem;
}

export interface MovementSink {
  /** Further consumers of new movements (evidence log, push); optional. */
  (movements: store.MovementItem[]): Promise<void>;
}

function turkeyDay(seconds: number): string {
  return formatTurkeyTime(seconds * 1000)
    .slice(0, 10)
    .replace(/-/g, '');
}

/** What recording needs: the stores it writes and the consumers of new movements. */
export interface MovementPorts {
  putMovements(movements: store.MovementItem[]): Promise<unknown>;
  putMarkers(markers: Record<string, unknown>[]): Promise<void>;
  /** The provider holds n more addresses (usedConsentLimit), once per id. */
  countAddresses(applyId: string, iysCode: number, n: number): Promise<unknown>;
  addBrandStats(
    applyId: string,
    iysCode: number,
    brandCode: number,
    delta: { approval: number; rejection: number; total: number },
  ): Promise<unknown>;
  /** Further consumers of new movements, in order (evidence log, push). */
  sinks: MovementSink[];
  /** The storage layout: movement keys, the feed's activity and day markers. */
  layout: Pick<typeof store, 'movementKey' | 'activityItem' | 'dayItem'>;
}

export interface MovementRecorder {
  /** `batchId` names the delivered batch (its first record's id): statistics apply once per batch id. */
  record(changes: StateChange[], batchId: string): Promise<{ movements: number }>;
}

/**
 * A recorder for one container: it remembers the hour and day markers it has written (a marker is written
 * once, not once per batch), so a new system (or test) simply builds a new recorder.
 */
export function movementRecorder(ports: MovementPorts): MovementRecorder {
  const markersWritten = new Set<string>();
  const rememberMarker = (k: string) => {
    if (markersWritten.size > 10_000) markersWritten.clear();
    markersWritten.add(k);
  };
  return {
    record: (changes, batchId) => recordMovements(ports, markersWritten, rememberMarker, changes, batchId),
  };
}

async function recordMovements(
  ports: MovementPorts,
  markersWritten: Set<string>,
  rememberMarker: (k: string) => void,
  changes: StateChange[],
  batchId: string,
): Promise<{ movements: number }> {
  const store = ports.layout;
  const movements: store.MovementItem[] = [];
  const markers = new Map<string, Record<string, unknown>>();
  const stats = new Map<
    string,
    { iysCode: number; brandCode: number; approval: number; rejection: number; total: number }
  >();

  const newAddresses = new Map<number, number>();
  for (const { oldState, newState } of changes) {
    // A new recipient-index item: the provider holds one more address (usedConsentLimit).
    if (!oldState && (newState?.kind as string) === 'RINDEX') {
      newAddresses.set(newState!.iysCode, (newAddresses.get(newState!.iysCode) ?? 0) + 1);
      continue;
    }
    if (newState?.kind !== 'STATE') continue;
    if (oldState && oldState.txn === newState.txn) continue; // not a new movement
    const { refs: _refs, pend: _pend, pk: _pk, sk: _sk, kind: _kind, ridx: _ridx, ...rest } = newState;
    const group = feedGroup(newState.source);
    const key = store.movementKey(newState.iysCode, newState.brandCode, group, newState.cr, newState.txn);
    movements.push({ ...rest, ...key, kind: 'MOVE', seq: newState.seq });
    const a = store.activityItem(newState.iysCode, newState.brandCode, group, newState.cr);
    const d = store.dayItem(turkeyDay(newState.cr), newState.iysCode, newState.brandCode);
    for (const m of [a, d]) if (!markersWritten.has(`${m.pk}|${m.sk}`)) markers.set(`${m.pk}|${m.sk}`, m);

    const sKey = `${newState.iysCode}#${newState.brandCode}`;
    const s = stats.get(sKey) ?? {
      iysCode: newState.iysCode,
      brandCode: newState.brandCode,
      approval: 0,
      rejection: 0,
      total: 0,
    };
    const before = oldState?.status;
    if (before !== newState.status) {
      if (before === 'ONAY') s.approval--;
      if (before === 'RET') s.rejection--;
      if (newState.status === 'ONAY') s.approval++;
      if (newState.status === 'RET') s.rejection++;
      if (!before) s.total++;
    }
    stats.set(sKey, s);
  }
  for (const [iysCode, n] of newAddresses) await ports.countAddresses(`${batchId}#${iysCode}`, iysCode, n);
  if (!movements.length) return { movements: 0 };

  // Movements first, into their pages: a retried batch rewrites the same entries.
  await ports.putMovements(movements);
  if (markers.size) await ports.putMarkers([...markers.values()]);
  for (const k of markers.keys()) rememberMarker(k);
  for (const sink of ports.sinks) await sink(movements);
  // Statistics last, in a transaction with a marker for this batch: a redelivered batch counts nothing twice.
  for (const s of stats.values()) {
    await ports.addBrandStats(`${batchId}#${s.brandCode}`, s.iysCode, s.brandCode, {
      approval: s.approval,
      rejection: s.rejection,
      total: s.total,
    });
  }
  return { movements: movements.length };
}
