import { randomUUID } from 'node:crypto';
import {
  PutCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ComplaintStatus } from '../domain/complaints.js';
import { documents } from './aws.js';
import { getAll } from './dynamo-batch.js';
import { env } from './env.js';

/**
 * Complaints in the Registry table:
 * - complaint  pk COMPLAINT#{id}   sk T#{createdAt ISO}   kind COMPLAINT (listed by the byKind index in filing order)
 * - citizen    pk CR#{registryIndex} sk T#{createdAt}#{id} → the complaint's key (the citizen's own list)
 * - audit      pk AUDIT#{yyyy-MM-dd} sk {ISO}#{uuid}      kind AUDIT (every authority read or change)
 * The complainant's address is sealed (`adr`); the text and sender are stored exactly as given.
 */
export interface ComplaintItem {
  pk: string;
  sk: string;
  complaintId: string;
  status: ComplaintStatus;
  type: string;
  iysCode?: number;
  brandCode?: number;
  sender?: string;
  receivedAt: string;
  receivedAtMs: number;
  createdAt: string;
  text: string;
  adr: string;
  ridx: string;
  statePk?: string;
  stateSk?: string;
  history: { status: ComplaintStatus; note?: string; by: string; at: string }[];
}

const table = () => env.registryTable();

export function newComplaintId(): string {
  return randomUUID();
}

export async function putComplaint(c: ComplaintItem): Promise<void> {
  await documents().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table(),
            Item: { ...c, kind: 'COMPLAINT' },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: table(),
            Item: {
              pk: `CR#${c.ridx}`,
              sk: `${c.sk}#${c.complaintId}`,
              kind: 'COMPLAINT_REF',
              complaintPk: c.pk,
              complaintSk: c.sk,
            },
          },
        },
      ],
    }),
  );
}

export async function getComplaint(id: string): Promise<ComplaintItem | undefined> {
  const r = await documents().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `COMPLAINT#${id}` },
      ConsistentRead: true,
    }),
  );
  return r.Items?.[0] as ComplaintItem | undefined;
}

export async function citizenComplaints(ridx: string): Promise<ComplaintItem[]> {
  const refs = await documents().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CR#${ridx}` },
      ScanIndexForward: false,
      Limit: 100,
    }),
  );
  const keys = (refs.Items ?? []).map((i) => ({ pk: i.complaintPk as string, sk: i.complaintSk as string }));
  if (!keys.length) return [];
  const items = await getAll<ComplaintItem>(table(), keys);
  return items.sort((a, b) => (a.sk < b.sk ? 1 : -1));
}

/** Complaints filed between two instants (ISO, inclusive), newest first, with optional filters. */
export async function listComplaints(q: {
  from?: string;
  to?: string;
  status?: ComplaintStatus;
  iysCode?: number;
  limit: number;
}): Promise<ComplaintItem[]> {
  const out: ComplaintItem[] = [];
  const filters: string[] = [];
  const values: Record<string, unknown> = {
    ':k': 'COMPLAINT',
    ':from': `T#${q.from ?? '0000'}`,
    ':to': `T#${q.to ?? '9999'}`,
  };
  const names: Record<string, string> = {};
  if (q.status) {
    filters.push('#st = :st');
    values[':st'] = q.status;
    names['#st'] = 'status';
  }
  if (q.iysCode !== undefined) {
    filters.push('iysCode = :iys');
    values[':iys'] = q.iysCode;
  }
  for await (const r of paginateQuery(
    { client: documents() },
    {
      TableName: table(),
      IndexName: 'byKind',
      KeyConditionExpression: 'kind = :k AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: values,
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ScanIndexForward: false,
    },
  )) {
    out.push(...((r.Items ?? []) as ComplaintItem[]));
    // Enough read: the next page is never requested.
    if (out.length >= q.limit) break;
  }
  return out.slice(0, q.limit);
}

export async function updateComplaintStatus(
  c: Pick<ComplaintItem, 'pk' | 'sk'>,
  entry: { status: ComplaintStatus; note: string; by: string; at: string },
): Promise<void> {
  await documents().send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: c.pk, sk: c.sk },
      UpdateExpression: 'SET #st = :st, history = list_append(history, :h)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#st': 'status' },
      ExpressionAttributeValues: { ':st': entry.status, ':h': [entry] },
    }),
  );
}

/** One audit line per authority read or change: who, what, which complaints (ids only). */
export async function audit(e: {
  at: Date;
  username: string;
  action: string;
  requestId: string;
  complaintIds: string[];
  filter?: Record<string, unknown>;
}): Promise<void> {
  const iso = e.at.toISOString();
  await documents().send(
    new PutCommand({
      TableName: table(),
      Item: {
        pk: `AUDIT#${iso.slice(0, 10)}`,
        sk: `${iso}#${randomUUID()}`,
        kind: 'AUDIT',
        username: e.username,
        action: e.action,
        requestId: e.requestId,
        complaintIds: e.complaintIds.slice(0, 500),
        ...(e.filter ? { filter: e.filter } : {}),
        expiresAt: Math.floor(e.at.getTime() / 1000) + 2 * 365 * 86400,
      },
    }),
  );
}

export async function listAudit(day: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const r of paginateQuery(
    { client: documents() },
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `AUDIT#${day}` },
    },
  ))
    out.push(...(r.Items ?? []));
  return out;
}
