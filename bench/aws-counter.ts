import { instrumentClients } from '../functions/adapters/aws.js';

/**
 * Counts AWS requests by service and operation with an SDK middleware (the same clients the code uses),
 * and DynamoDB write units from ConsumedCapacity when the service reports it, otherwise from item sizes by
 * DynamoDB's rules (1 unit per started KB per item written; transactions count twice).
 */
export interface Counts {
  requests: Record<string, number>;
  writeUnits: number;
  /** Write units by table (physical name). */
  writeUnitsByTable: Record<string, number>;
}

export function attributeSize(v: unknown): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (typeof v === 'number') return Math.ceil(String(v).replace(/^-/, '').replace('.', '').length / 2) + 1;
  if (typeof v === 'boolean') return 1;
  if (v instanceof Uint8Array) return v.length;
  if (Array.isArray(v)) return 3 + v.reduce((n, x) => n + 1 + attributeSize(x), 0);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // AttributeValue maps ({S:..}, {N:..}) are unwrapped; plain maps are DynamoDB maps.
    const keys = Object.keys(o);
    if (keys.length === 1 && ['S', 'N', 'B', 'BOOL', 'NULL', 'L', 'M', 'SS', 'NS', 'BS'].includes(keys[0]!)) {
      const t = keys[0]!;
      const inner = o[t];
      if (t === 'N') return attributeSize(Number(inner));
      if (t === 'M')
        return (
          3 +
          Object.entries(inner as Record<string, unknown>).reduce(
            (n, [k, x]) => n + 1 + Buffer.byteLength(k) + attributeSize(x),
            0,
          )
        );
      return attributeSize(inner);
    }
    return 3 + Object.entries(o).reduce((n, [k, x]) => n + 1 + Buffer.byteLength(k) + attributeSize(x), 0);
  }
  return 0;
}

export function itemSize(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + attributeSize(v), 0);
}

const units = (item: Record<string, unknown>) => Math.max(1, Math.ceil(itemSize(item) / 1024));

let shared: { counts: Counts; reset(): void } | undefined;

/** One counter per process (the middleware is installed once on every client); a second call resets it. */
export function startCounting(): { counts: Counts; reset(): void } {
  if (shared) {
    shared.reset();
    return shared;
  }
  const counts: Counts = { requests: {}, writeUnits: 0, writeUnitsByTable: {} };
  const add = (table: unknown, n: number) => {
    counts.writeUnits += n;
    const t = String(table ?? '?');
    counts.writeUnitsByTable[t] = (counts.writeUnitsByTable[t] ?? 0) + n;
  };
  instrumentClients((client) => {
    (client.middlewareStack as unknown as { add: (mw: unknown, opts: unknown) => void }).add(
      (next: (a: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
        async (args: { input: Record<string, unknown> }) => {
          const name = `${(context.clientName ?? 'client').replace(/Client$/, '')}.${(context.commandName ?? 'Command').replace(/Command$/, '')}`;
          counts.requests[name] = (counts.requests[name] ?? 0) + 1;
          const input = args.input;
          if (context.commandName === 'PutItemCommand')
            add(input.TableName, units(input.Item as Record<string, unknown>));
          if (context.commandName === 'BatchWriteItemCommand') {
            for (const [table, reqs] of Object.entries(
              input.RequestItems as Record<string, { PutRequest?: { Item: Record<string, unknown> } }[]>,
            ))
              for (const r of reqs) if (r.PutRequest) add(table, units(r.PutRequest.Item));
          }
          if (context.commandName === 'UpdateItemCommand') add(input.TableName, 1);
          if (context.commandName === 'TransactWriteItemsCommand') {
            for (const t of input.TransactItems as Record<
              string,
              { Item?: Record<string, unknown>; TableName?: string }
            >[]) {
              const op = Object.values(t)[0]!;
              add(op.TableName, 2 * (op.Item ? units(op.Item) : 1));
            }
          }
          return next(args);
        },
      { step: 'initialize', name: 'benchCounter' },
    );
  });
  shared = {
    counts,
    reset() {
      counts.requests = {};
      counts.writeUnits = 0;
      counts.writeUnitsByTable = {};
    },
  };
  return shared;
}
