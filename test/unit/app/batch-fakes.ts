import type { BatchItem, ItemResult } from '../../../functions/adapters/batch-store.js';
import type { OutMessage } from '../../../functions/adapters/queues.js';
import type { BatchIntakePorts, BatchReportPorts, BatchWorkerPorts } from '../../../functions/app/batches.js';

/**
 * In-memory fakes of the batch ports: the batch store as the Registry table keeps it (the batch, one result
 * per item index, the first recorder of a transactionId, first writer wins) and the batch queue (the
 * messages sent, in order). Counters say what each port was asked.
 */
export function memoryBatches() {
  const batches = new Map<string, BatchItem>();
  const results = new Map<string, Map<number, ItemResult & { expiresAt: number }>>();
  const recorders = new Map<string, { requestId: string; subRequestId: string; expiresAt: number }>();
  const queue: OutMessage[] = [];
  const calls = { sends: 0, putResults: 0, firstRecorder: 0 };
  const pk = (iysCode: number, brandCode: number, requestId: string) =>
    `${iysCode}#${brandCode}#${requestId}`;

  const store = {
    putBatch: async (b: BatchItem) => {
      const k = pk(b.iysCode, b.brandCode, b.requestId);
      if (batches.has(k))
        throw Object.assign(new Error('exists'), { name: 'ConditionalCheckFailedException' });
      batches.set(k, structuredClone(b));
    },
    readBatch: async (iysCode: number, brandCode: number, requestId: string) => {
      const k = pk(iysCode, brandCode, requestId);
      const batch = batches.get(k);
      const found = [...(results.get(k)?.values() ?? [])]
        .sort((a, b) => a.index - b.index)
        .map(({ expiresAt: _e, ...r }) => structuredClone(r) as ItemResult);
      return { ...(batch ? { batch: structuredClone(batch) } : {}), results: found };
    },
    putResults: async (
      iysCode: number,
      brandCode: number,
      requestId: string,
      list: ItemResult[],
      expiresAt: number,
    ) => {
      calls.putResults++;
      const k = pk(iysCode, brandCode, requestId);
      const held = results.get(k) ?? new Map();
      for (const r of list) held.set(r.index, { ...structuredClone(r), expiresAt });
      results.set(k, held);
    },
    firstRecorder: async (iysCode: number, brandCode: number, transactionId: string) => {
      calls.firstRecorder++;
      const r = recorders.get(`${iysCode}#${brandCode}#${transactionId}`);
      return r && { requestId: r.requestId, subRequestId: r.subRequestId };
    },
    rememberRecorder: async (
      iysCode: number,
      brandCode: number,
      transactionId: string,
      mine: { requestId: string; subRequestId: string },
      expiresAt: number,
    ) => {
      const k = `${iysCode}#${brandCode}#${transactionId}`;
      if (!recorders.has(k)) recorders.set(k, { ...mine, expiresAt });
    },
  };

  return {
    store,
    batches,
    results,
    recorders,
    queue,
    calls,
    intakePorts: (now: () => Date): BatchIntakePorts => ({
      putBatch: store.putBatch,
      enqueue: async (messages) => {
        calls.sends++;
        queue.push(...messages);
      },
      now,
    }),
    reportPorts: (): BatchReportPorts => ({ readBatch: store.readBatch }),
    workerPorts: (consents: BatchWorkerPorts['consents'], now: () => Date): BatchWorkerPorts => ({
      readBatch: store.readBatch,
      putResults: store.putResults,
      firstRecorder: store.firstRecorder,
      rememberRecorder: store.rememberRecorder,
      consents,
      now,
    }),
  };
}
