import { instrumentClients } from '../functions/adapters/aws.js';

/**
 * Counts AWS requests by service and operation with an SDK middleware (the same clients the code uses),
 * and DynamoDB write units from the ConsumedCapacity the service reports (asked for on every write), otherwise from item sizes by
 * DynamoDB's rules (1 unit per started KB per item written; transactions count twice).
 */
export interface Counts {
  requests: Record<string, number>;
  writeUnits: number;
  /** Write units by table (physical name). */
  writeUnitsByTable: Record<string, number>;
}

const wrapperTypes = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'L', 'M', 'SS', 'NS', 'BS']);

/** Bytes of a string by UTF-8 (Buffer.byteLength is native: several times faster than a loop in JS). */
const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

function numberSize(n: number): number {
  let digits = String(n);
  if (digits.charCodeAt(0) === 45) digits = digits.slice(1); // '-'
  const dot = digits.indexOf('.');
  const len = dot < 0 ? digits.length : digits.length - 1;
  return Math.ceil(len / 2) + 1;
}

/** Loops, not Object.entries/reduce: the benchmark sizes every item it writes and must not weigh on the CPU it measures. */
function mapSize(o: Record<string, unknown>): number {
  let n = 3;
  for (const k in o) n += 1 + utf8Length(k) + attributeSize(o[k]);
  return n;
}

export function attributeSize(v: unknown): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'string') return utf8Length(v);
  if (typeof v === 'number') return numberSize(v);
  if (typeof v === 'boolean') return 1;
  if (v instanceof Uint8Array) return v.length;
  if (Array.isArray(v)) {
    let n = 3;
    for (const x of v) n += 1 + attributeSize(x);
    return n;
  }
  if (v instanceof Set) {
    let n = 3;
    for (const x of v) n += 1 + attributeSize(x);
    return n;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // AttributeValue maps ({S:..}, {N:..}) are unwrapped; plain maps are DynamoDB maps.
    let only: string | undefined;
    let count = 0;
    for (const k in o) {
      only = k;
      if (++count > 1) break;
    }
    if (count === 1 && wrapperTypes.has(only!)) {
      const inner = o[only!];
      if (only === 'N') return numberSize(Number(inner));
      if (only === 'M') return mapSize(inner as Record<string, unknown>);
      return attributeSize(inner);
    }
    return mapSize(o);
  }
  return 0;
}

/**
 * An upper bound of an item's size that costs no scan of its strings (a UTF-16 unit is at most 3 UTF-8
 * bytes, a number at most 21 bytes): when it is under 1 KB the item is exactly one write unit.
 */
function sizeBound(v: unknown): number {
  if (typeof v === 'string') return 3 * v.length;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return 21;
  if (v instanceof Uint8Array) return v.length;
  let n = 3;
  if (Array.isArray(v) || v instanceof Set) for (const x of v) n += 1 + sizeBound(x);
  else if (typeof v === 'object')
    for (const k in v) n += 1 + 3 * k.length + sizeBound((v as Record<string, unknown>)[k]);
  return n;
}

/** DynamoDB write units of a put: 1 per started KB of the item. */
export function writeUnits(item: Record<string, unknown>): number {
  if (sizeBound(item) <= 1024) return 1;
  return Math.max(1, Math.ceil(itemSize(item) / 1024));
}

export function itemSize(item: Record<string, unknown>): number {
  let n = 0;
  for (const k in item) n += utf8Length(k) + attributeSize(item[k]);
  return n;
}

const units = writeUnits;
const writeCommands = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

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
          const write = writeCommands.has(context.commandName ?? '');
          // Ask the service for what a write consumed (DynamoDB and DynamoDB Local report it; an update
          // costs the item's size after it, which the request alone does not tell); estimate only when absent.
          if (write && !input.ReturnConsumedCapacity) input.ReturnConsumedCapacity = 'TOTAL';
          const out = (await next(args)) as { output?: { ConsumedCapacity?: unknown } };
          const reported = out.output?.ConsumedCapacity as
            | { TableName?: string; CapacityUnits?: number }
            | { TableName?: string; CapacityUnits?: number }[]
            | undefined;
          if (write && reported) {
            for (const c of Array.isArray(reported) ? reported : [reported])
              add(c.TableName, c.CapacityUnits ?? 0);
            return out;
          }
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
          return out;
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
