import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from './aws.js';

/**
 * Counters raised exactly once per id (a stream batch redelivered must not count twice): one
 * TransactWriteItems holds the counter's ADD and the put of a marker item that exists only if the id was
 * applied; the marker's `attribute_not_exists` condition makes a repeat fail whole. Two items, so two
 * transactional writes of each item's size, and nothing more.
 */
export interface OnceMarker {
  key: { pk: string; sk: string };
  kind: string;
  /** How long the marker is kept (TTL `expiresAt`): longer than a batch can be redelivered. */
  ttlSeconds: number;
}

export interface Counter {
  key: { pk: string; sk: string };
  /** Numbers to add, by attribute name; zero or absent ones are left out. */
  deltas: Record<string, number | undefined>;
  /** The map attribute that holds the numbers (a brand's `stats`); top-level attributes when absent. */
  within?: string;
  /** Attributes set in the same update (the counter item's `kind`). */
  set?: Record<string, unknown>;
  /** The counter item must exist already: when it does not, the transaction fails and addOnce throws. */
  mustExist?: boolean;
}

/**
 * Adds the deltas to the counter unless this marker was written before. True when this call added them;
 * false on a repeat, or when there is nothing to add (then nothing is written, not even the marker).
 */
export async function addOnce(table: string, marker: OnceMarker, counter: Counter): Promise<boolean> {
  const deltas = Object.entries(counter.deltas).filter((e): e is [string, number] => Boolean(e[1]));
  if (!deltas.length) return false;
  const sets = Object.entries(counter.set ?? {});
  // Every attribute name goes through a placeholder: `total` and `count` are reserved words.
  const path = (i: number) => (counter.within ? `#in.#d${i}` : `#d${i}`);
  const names: Record<string, string> = {
    ...(counter.within ? { '#in': counter.within } : {}),
    ...Object.fromEntries(deltas.map(([name], i) => [`#d${i}`, name])),
    ...Object.fromEntries(sets.map(([name], i) => [`#s${i}`, name])),
  };
  const values: Record<string, unknown> = {
    ...Object.fromEntries(deltas.map(([, v], i) => [`:d${i}`, v])),
    ...Object.fromEntries(sets.map(([, v], i) => [`:s${i}`, v])),
  };
  const update =
    `ADD ${deltas.map((_, i) => `${path(i)} :d${i}`).join(', ')}` +
    (sets.length ? ` SET ${sets.map((_, i) => `#s${i} = :s${i}`).join(', ')}` : '');
  try {
    await documents().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: counter.key,
              UpdateExpression: update,
              ...(counter.mustExist ? { ConditionExpression: 'attribute_exists(pk)' } : {}),
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
          {
            Put: {
              TableName: table,
              Item: {
                ...marker.key,
                kind: marker.kind,
                expiresAt: Math.floor(Date.now() / 1000) + marker.ttlSeconds,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return true;
  } catch (e) {
    const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    // Applied before: the marker's condition failed, not the counter's own (a counter that must exist).
    if (
      (e as Error).name === 'TransactionCanceledException' &&
      reasons?.[1]?.Code === 'ConditionalCheckFailed' &&
      reasons?.[0]?.Code !== 'ConditionalCheckFailed'
    )
      return false;
    throw e;
  }
}
