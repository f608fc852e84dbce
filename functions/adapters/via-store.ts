import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ConsentSource, ConsentType, RecipientType } from '../domain/consent/types.js';
import type { ViaPackage } from '../domain/subscription.js';
import type { Challenge } from '../domain/via/challenge.js';
import type { FormKind, KvkType, VerificationType, ViaState, ViaTitle } from '../domain/via/request.js';
import { documents } from './aws.js';
import { env } from './env.js';
import type { Sealed } from './envelope.js';
import { creditSpend } from './subscription-store.js';

/**
 * ViA storage in the Registry table (docs/data-model.md, docs/via.md):
 * - form `SP#{iysCode}` / `VIAFORM#{formId:10}`, ids from the counter `SP#{iysCode}` / `#VIAFORMSEQ`;
 * - request `VIA#{requestId}` / `#`: the kind, what was asked, the challenges (digests only), the state, a
 *   version for conditional writes, the recipient and KVK person data sealed under the provider's key;
 * - its evidence `VIA#{requestId}` / `EVIDENCE`: the summary sealed under the provider's key, its CMS
 *   signature and RFC 3161 token (neither reveals the summary);
 * - KVK search index `VIAKVK#{iysCode}#{providerIndex}#{type}` / `{requestId}` (the blind index of the
 *   address under the provider's secret: nothing readable).
 * The ViA credit is the provider's `subscription.via.credit` on its profile item, spent in the same
 * transaction that settles the request (conditional: never below zero; −1 is unlimited and not written).
 */
const db = () => documents();
const table = () => env.registryTable();

export interface ViaForm {
  iysCode: number;
  formId: number;
  name: string;
  kind: FormKind;
  titles: ViaTitle[];
  /** The clarification (aydınlatma) / consent text shown to the recipient. */
  text: string;
  /** SHA-256 (hex) of the text's UTF-8 bytes. */
  textSha256: string;
  published: boolean;
  createdAt: string;
  createdBy: string;
}

export interface ViaConsentResult {
  title: ViaTitle;
  type: ConsentType | KvkType;
  brandCode?: number;
  transactionId?: string;
  creationDate?: string;
  consentDate?: string;
  /** Approved and recorded, not chosen by the recipient, or refused by the consent rules (its code). */
  outcome: 'RECORDED' | 'NOT_APPROVED' | 'REFUSED';
  code?: string;
}

export interface ViaRequestItem {
  requestId: string;
  iysCode: number;
  formId: number;
  verificationType: VerificationType;
  formKind: FormKind;
  source: ConsentSource;
  etk?: { brandCodes: number[]; types: ConsentType[]; recipientType: RecipientType };
  kvk?: { types: KvkType[] };
  /** Sealed JSON {recipient, personData?} (provider's key, aad `via|{requestId}`). */
  pd: Sealed;
  /** The address's blind index under the provider's secret (KVK search). */
  pidx: string;
  /** OTP: one per title; links: one `LINK`. */
  challenges: Partial<Record<ViaTitle | 'LINK', Challenge>>;
  state: ViaState;
  version: number;
  /** Epoch ms. */
  createdAt: number;
  expiresAt: number;
  sentAt?: number;
  openedAt?: number;
  answeredAt?: number;
  completedAt?: number;
  /** The message sent, with the code or token left out. */
  message?: string;
  /** Who started it (the caller's username) and from where the recipient answered a link. */
  actor: string;
  answerIp?: string;
  results?: ViaConsentResult[];
  creditsSpent?: number;
}

export interface ViaEvidenceItem {
  requestId: string;
  iysCode: number;
  doc: Sealed;
  sha256: string;
  sig: Uint8Array;
  tst: Uint8Array;
  createdAt: string;
}

const formKey = (iysCode: number, formId: number) => ({
  pk: `SP#${iysCode}`,
  sk: `VIAFORM#${String(formId).padStart(10, '0')}`,
});
const requestKey = (requestId: string) => ({ pk: `VIA#${requestId}`, sk: '#' });
const evidenceKey = (requestId: string) => ({ pk: `VIA#${requestId}`, sk: 'EVIDENCE' });
const kvkPk = (iysCode: number, pidx: string, type: KvkType) => `VIAKVK#${iysCode}#${pidx}#${type}`;

const conditionFailed = (e: unknown) => (e as Error).name === 'ConditionalCheckFailedException';

/** The next form id of a provider (one UpdateItem: ADD on its counter). */
export async function nextFormId(iysCode: number): Promise<number> {
  const r = await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: `SP#${iysCode}`, sk: '#VIAFORMSEQ' },
      UpdateExpression: 'ADD #n :one SET kind = :kind',
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: { ':one': 1, ':kind': 'VIA_FORM_SEQ' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(r.Attributes?.n);
}

export async function putForm(f: ViaForm): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: { ...formKey(f.iysCode, f.formId), ...f, kind: 'VIA_FORM', formKind: f.kind },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** The item's `kind` names the item type (as everywhere in the table); the form's own kind is `formKind`. */
const formOf = (i: Record<string, unknown>): ViaForm => {
  const { pk: _pk, sk: _sk, kind: _kind, formKind, ...f } = i;
  return { ...f, kind: formKind } as unknown as ViaForm;
};

export async function getForm(iysCode: number, formId: number): Promise<ViaForm | undefined> {
  const r = await db().send(new GetCommand({ TableName: table(), Key: formKey(iysCode, formId) }));
  return r.Item ? formOf(r.Item) : undefined;
}

/** A provider's forms, oldest first (one Query; a provider has a handful). */
export async function listForms(iysCode: number): Promise<ViaForm[]> {
  const out: ViaForm[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :f)',
        ExpressionAttributeValues: { ':pk': `SP#${iysCode}`, ':f': 'VIAFORM#' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    out.push(...(r.Items ?? []).map(formOf));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

export async function putRequest(item: ViaRequestItem): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: { ...requestKey(item.requestId), ...item, kind: 'VIA_REQUEST' },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getRequest(requestId: string): Promise<ViaRequestItem | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: table(), Key: requestKey(requestId), ConsistentRead: true }),
  );
  if (!r.Item) return undefined;
  const { pk: _pk, sk: _sk, kind: _kind, ...item } = r.Item;
  return item as ViaRequestItem;
}

/** The provider's ViA package, read consistently (the credit as it is now), or undefined. */
export async function viaPackage(iysCode: number): Promise<ViaPackage | undefined> {
  const r = await db().send(
    new GetCommand({
      TableName: table(),
      Key: { pk: `SP#${iysCode}`, sk: '#PROFILE' },
      ConsistentRead: true,
      ProjectionExpression: 'subscription.via',
    }),
  );
  return (r.Item?.subscription as { via?: ViaPackage } | undefined)?.via;
}

export type SaveOutcome = 'ok' | 'conflict' | 'no-credit';

/**
 * Writes the request's next version on the condition that it is still `expectedVersion`. With `credits`
 * (> 0), the same transaction takes them from the provider's ViA credit on the condition that enough are
 * left: either both happen or neither. Unlimited packages (−1) pass `credits` 0.
 */
export async function saveRequest(
  item: ViaRequestItem,
  expectedVersion: number,
  credits = 0,
): Promise<SaveOutcome> {
  const put = {
    TableName: table(),
    Item: { ...requestKey(item.requestId), ...item, kind: 'VIA_REQUEST' },
    ConditionExpression: 'version = :v',
    ExpressionAttributeValues: { ':v': expectedVersion },
  };
  if (credits <= 0) {
    try {
      await db().send(new PutCommand(put));
      return 'ok';
    } catch (e) {
      if (conditionFailed(e)) return 'conflict';
      throw e;
    }
  }
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [{ Put: put }, creditSpend(item.iysCode, 'via', credits)],
      }),
    );
    return 'ok';
  } catch (e) {
    if ((e as Error).name !== 'TransactionCanceledException') throw e;
    const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons[1]?.Code === 'ConditionalCheckFailed' && reasons[0]?.Code !== 'ConditionalCheckFailed'
      ? 'no-credit'
      : 'conflict';
  }
}

/** One KVK consent of a request in the provider's search index (recipient × type → requestIds). */
export async function putKvkIndex(
  iysCode: number,
  pidx: string,
  type: KvkType,
  requestId: string,
  at: string,
): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: { pk: kvkPk(iysCode, pidx, type), sk: requestId, kind: 'VIA_KVK', at },
    }),
  );
}

/** The requestIds of a recipient's KVK consents of one type at a provider (Query, ≤ 1 MB a page). */
export async function kvkRequestIds(iysCode: number, pidx: string, type: KvkType): Promise<string[]> {
  const out: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': kvkPk(iysCode, pidx, type) },
        ProjectionExpression: 'sk',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    out.push(...(r.Items ?? []).map((i) => String(i.sk)));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

export async function putEvidence(e: ViaEvidenceItem): Promise<void> {
  await db()
    .send(
      new PutCommand({
        TableName: table(),
        Item: { ...evidenceKey(e.requestId), ...e, kind: 'VIA_EVIDENCE' },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    .catch((err) => {
      // A retried completion finds the file made: the first one stands (it was signed and stamped).
      if (!conditionFailed(err)) throw err;
    });
}

export async function getEvidence(requestId: string): Promise<ViaEvidenceItem | undefined> {
  const r = await db().send(new GetCommand({ TableName: table(), Key: evidenceKey(requestId) }));
  if (!r.Item) return undefined;
  const { pk: _pk, sk: _sk, kind: _kind, ...item } = r.Item;
  return item as ViaEvidenceItem;
}
