import { createHmac } from 'node:crypto';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FrameNonce, FrameSession, Widget } from '../domain/via/frame.js';
import { documents } from './aws.js';
import { containerState } from './container.js';
import { env } from './env.js';
import { newWrappedSecret, unwrapSecret } from './provider-keys.js';

/**
 * ViA Frame storage in the Registry table (docs/via-frame.md, docs/data-model.md):
 * - widget `VIAWIDGET#{uuid}` / `#` (looked up by the public operations) and its copy in the provider's list
 *   `SP#{iysCode}` / `VIAWIDGET#{uuid}`, written together; widgets are immutable;
 * - nonce `FRAMENONCE#{digest}` / `#`: the keyed digest of the nonce publicKey issued (the nonce itself is
 *   only in the browser), its widget, origin and expiry; `loadedAt` once load-widget used it;
 * - session `FRAMESESSION#{digest}` / `#`: keyed by the digest of the session's cookie key; the current
 *   nonce's digest and a version that every process request moves on conditionally.
 * Every item expires by the table's TTL (`expiresAt`, seconds) an hour after its own end.
 * Digests are HMAC-SHA-256 under the registry's ViA Frame secret (wrapped by the registry key).
 */
const db = () => documents();
const table = () => env.registryTable();
const ttl = (ms: number) => Math.ceil(ms / 1000) + 3600;

const keys = {
  widget: (uuid: string) => ({ pk: `VIAWIDGET#${uuid}`, sk: '#' }),
  listed: (iysCode: number, uuid: string) => ({ pk: `SP#${iysCode}`, sk: `VIAWIDGET#${uuid}` }),
  nonce: (digest: string) => ({ pk: `FRAMENONCE#${digest}`, sk: '#' }),
  session: (digest: string) => ({ pk: `FRAMESESSION#${digest}`, sk: '#' }),
};

function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, kind: _kind, expiresAt: _ttl, expiresAtMs, ...rest } = item;
  return (expiresAtMs === undefined ? rest : { ...rest, expiresAt: expiresAtMs }) as T;
}

const failedCondition = (e: unknown) =>
  (e as Error).name === 'ConditionalCheckFailedException' ||
  ((e as Error).name === 'TransactionCanceledException' &&
    /ConditionalCheckFailed/.test((e as Error).message));

export async function putWidget(w: Widget): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table(),
            Item: { ...keys.widget(w.widgetUUID), kind: 'VIAWIDGET', ...w },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: table(),
            Item: { ...keys.listed(w.iysCode, w.widgetUUID), kind: 'VIAWIDGET', ...w },
          },
        },
      ],
    }),
  );
}

/** Widgets never change once defined: a container keeps those it has read (never an absent one). */
const widgets = containerState(() => new Map<string, Widget>());

export async function getWidget(uuid: string): Promise<Widget | undefined> {
  const held = widgets().get(uuid);
  if (held) return held;
  const r = await db().send(new GetCommand({ TableName: table(), Key: keys.widget(uuid) }));
  const w = strip<Widget>(r.Item);
  if (w) {
    if (widgets().size >= 1000) widgets().clear();
    widgets().set(uuid, w);
  }
  return w;
}

export async function listWidgets(iysCode: number): Promise<Widget[]> {
  const out: Widget[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :w)',
        ExpressionAttributeValues: { ':pk': `SP#${iysCode}`, ':w': 'VIAWIDGET#' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of r.Items ?? []) out.push(strip<Widget>(i)!);
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

export async function putNonce(digest: string, n: FrameNonce): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...keys.nonce(digest),
        kind: 'FRAMENONCE',
        ...n,
        expiresAtMs: n.expiresAt,
        expiresAt: ttl(n.expiresAt),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getNonce(digest: string): Promise<FrameNonce | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: table(), Key: keys.nonce(digest), ConsistentRead: true }),
  );
  return strip<FrameNonce>(r.Item);
}

/**
 * Spends a nonce on loading a widget and opens its session in one transaction: false when the nonce was used
 * already (a replayed load-widget), so two loads with one nonce cannot both open a session.
 */
export async function loadWithNonce(
  nonceDigest: string,
  at: number,
  sessionDigest: string,
  s: FrameSession,
): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: keys.nonce(nonceDigest),
              UpdateExpression: 'SET loadedAt = :at',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(loadedAt)',
              ExpressionAttributeValues: { ':at': at },
            },
          },
          {
            Put: {
              TableName: table(),
              Item: {
                ...keys.session(sessionDigest),
                kind: 'FRAMESESSION',
                ...s,
                expiresAtMs: s.expiresAt,
                expiresAt: ttl(s.expiresAt),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return true;
  } catch (e) {
    if (failedCondition(e)) return false;
    throw e;
  }
}

export async function getSession(digest: string): Promise<FrameSession | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: table(), Key: keys.session(digest), ConsistentRead: true }),
  );
  return strip<FrameSession>(r.Item);
}

/**
 * Stores a session's next state on the condition that it still is the version read with the nonce presented:
 * false when another request spent that nonce first (a replay that raced the original).
 */
export async function advanceSession(
  digest: string,
  read: FrameSession,
  next: FrameSession,
): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...keys.session(digest),
          kind: 'FRAMESESSION',
          ...next,
          expiresAtMs: next.expiresAt,
          expiresAt: ttl(next.expiresAt),
        },
        ConditionExpression: 'version = :v AND nonceDigest = :n',
        ExpressionAttributeValues: { ':v': read.version, ':n': read.nonceDigest },
      }),
    );
    return true;
  } catch (e) {
    if (failedCondition(e)) return false;
    throw e;
  }
}

/** Adds a started process to its session (after the start's own nonce-spending write). */
export async function addSessionRequest(digest: string, requestId: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: keys.session(digest),
      UpdateExpression: 'SET requestIds = list_append(requestIds, :r)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':r': [requestId] },
    }),
  );
}

const configKey = { pk: 'CONFIG#via-frame', sk: '#' };
const secretContext = { purpose: 'via-frame' };
const held = containerState(() => ({ secret: undefined as Promise<Buffer> | undefined }));

async function loadSecret(): Promise<Buffer> {
  let item = (await db().send(new GetCommand({ TableName: table(), Key: configKey, ConsistentRead: true })))
    .Item;
  if (!item) {
    const wrapped = await newWrappedSecret(env.registryKey(), secretContext);
    try {
      await db().send(
        new PutCommand({
          TableName: table(),
          Item: { ...configKey, kind: 'CONFIG', wrapped },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (e) {
      if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    }
    item = (await db().send(new GetCommand({ TableName: table(), Key: configKey, ConsistentRead: true })))
      .Item!;
  }
  return Buffer.from(await unwrapSecret(item.wrapped as Uint8Array, secretContext));
}

function frameSecret(): Promise<Buffer> {
  const h = held();
  h.secret ??= loadSecret().catch((e) => {
    h.secret = undefined;
    throw e;
  });
  return h.secret;
}

/**
 * The keyed digest of a nonce, cookie key, captcha answer or CSRF material, by purpose (one secret, separate
 * domains): what is stored or compared instead of the value itself.
 */
export async function frameDigest(
  purpose: 'nonce' | 'cookie' | 'captcha' | 'csrf' | 'address',
  value: string,
): Promise<string> {
  return createHmac('sha256', await frameSecret())
    .update(`${purpose}\n${value}`)
    .digest('hex');
}
