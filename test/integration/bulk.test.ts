import { Readable } from 'node:stream';
import { GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqs } from '../../functions/adapters/aws.js';
import { env } from '../../functions/adapters/env.js';
import { sendMessages } from '../../functions/adapters/queues.js';
import { createUpload, getUpload } from '../../functions/adapters/upload-store.js';
import {
  applyChunk,
  type ChunkMessage,
  maybeFinalize,
  newUpload,
  parseChunk,
  splitUpload,
} from '../../functions/app/bulk.js';
import { type ConsentPorts, consentWriter } from '../../functions/app/consents-batch.js';
import { handler as splitterHandler } from '../../functions/handlers/bulk-splitter.js';
import { handler as workerHandler } from '../../functions/handlers/bulk-worker.js';
import { dlqName } from '../../functions/specs/resources.js';
import { awsBulkDeps, awsSplitDeps } from '../../functions/wiring/bulk.js';
import { awsConsentPorts } from '../../functions/wiring/consents.js';
import { startTestSystem, type TestSystem } from './harness.js';

let sys: TestSystem;
let hs: string;
const base = '/sps/700001/brands/700001';

beforeAll(async () => {
  // Small chunks and many partitions, so a short file exercises routing, FIFO groups and ordering.
  process.env.IYS_BULK_CHUNK_ROWS = '4';
  process.env.IYS_BULK_PARTITIONS = '3';
  process.env.IYS_BULK_PARTITION_BYTES = '100';
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' }); // a Wednesday
  hs = (await sys.login('ornek-api', 'change-me-1')).access_token;
});
afterAll(async () => sys?.stop());

const H = 'recipient,type,status,consentDate,source,recipientType,retailerCode';
const D = '2026-11-24 09:00:00';
/** Every row rule a file can break, one row each, plus good rows and an ordered sequence of one consent. */
const mixed = [
  H,
  `+905321000001,MESAJ,ONAY,${D},HS_WEB,BIREYSEL,`, // 2 ok
  `ali@example.com,EPOSTA,ONAY,${D},HS_WEB,,`, // 3 ok
  `,MESAJ,ONAY,${D},HS_WEB,,`, // 4 H114
  `+905321000004,,ONAY,${D},HS_WEB,,`, // 5 H111
  `+905321000005,MESAJ,,${D},HS_WEB,,`, // 6 H110
  `+905321000006,MESAJ,ONAY,,HS_WEB,,`, // 7 H112
  `+905321000007,MESAJ,ONAY,${D},,,`, // 8 H113
  `+905321000008,MESAJ,EVET,${D},HS_WEB,,`, // 9 H115
  `+905321000009,MESAJ,ONAY,${D},HS_WEB,KISI,`, // 10 H116
  `+905321000010,FAX,ONAY,${D},HS_WEB,,`, // 11 H117
  `+905321000011,MESAJ,ONAY,${D},HS_BASKA,,`, // 12 H119
  `ali@@example.com,EPOSTA,ONAY,${D},HS_WEB,,`, // 13 H120
  `905321000013,MESAJ,ONAY,${D},HS_WEB,,`, // 14 H121
  `+905321000014,MESAJ,ONAY,2015-05-02 00:00:00,HS_2015,,`, // 15 H155 (the 3-day rule does not apply to HS_2015)
  `+905321000015,MESAJ,ONAY,2014-01-01 00:00:00,HS_WEB,,`, // 16 H156
  `+905321000016,MESAJ,ONAY,2026-02-30 10:00:00,HS_WEB,,`, // 17 H157
  `+905321000017,MESAJ,ONAY,24.11.2026 09:00,HS_WEB,,`, // 18 H158
  `+9053210000181234,MESAJ,ONAY,${D},HS_WEB,,`, // 19 H160 + H121
  `+905321000019,MESAJ,ONAY,2026-12-24 09:00:00,HS_WEB,,`, // 20 H162
  `+905321000020,MESAJ,ONAY,${D},HS_KARAR,,`, // 21 H408
  `ali@example.com,MESAJ,ONAY,${D},HS_WEB,,`, // 22 H464
  `+905321000022,MESAJ,ONAY,2026-11-10 09:00:00,HS_WEB,,`, // 23 H467
  `+905321000023,MESAJ,RET,${D},HS_WEB,,`, // 24 H175
  `+905321000024,MESAJ,ONAY,${D},HS_WEB,,12`, // 25 X008
  `+905321000025,MESAJ,ONAY`, // 26 X066
  // One consent, in file order across chunks: ONAY, RET, RET again (H174), an older date (H178).
  `+905321000030,ARAMA,ONAY,2026-11-24 08:00:00,HS_WEB,,`, // 27 ok
  `+905321000031,MESAJ,ONAY,${D},HS_WEB,,`, // 28 ok
  `+905321000030,ARAMA,RET,2026-11-24 10:00:00,HS_WEB,,`, // 29 ok
  `+905321000032,MESAJ,ONAY,${D},HS_WEB,,`, // 30 ok
  `+905321000030,ARAMA,RET,2026-11-24 11:00:00,HS_WEB,,`, // 31 H174
  `+905321000030,ARAMA,ONAY,2026-11-24 07:00:00,HS_WEB,,`, // 32 H178
  // TACIR: a first record may leave out source and date; an update may not.
  `firma@example.com,EPOSTA,ONAY,,,TACIR,`, // 33 ok
  `firma@example.com,EPOSTA,RET,,HS_WEB,TACIR,`, // 34 H462
  `firma@example.com,EPOSTA,RET,${D},,TACIR,`, // 35 H463
  `"+905321000033",MESAJ,ONAY,${D},HS_WEB,BIREYSEL,`, // 36 ok (quoted)
].join('\r\n');

async function upload(text: string | Buffer, format: 'csv' | 'jsonl' = 'csv', declared?: number) {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const c = await sys.call('POST', `${base}/consents/uploads`, {
    token: hs,
    body: { format, sizeBytes: declared ?? bytes.length },
  });
  expect(c.status).toBe(201);
  const put = await fetch(c.body.url, { method: 'PUT', headers: c.body.headers, body: bytes });
  expect(put.status).toBe(200);
  await sys.drain();
  return c.body.uploadId as string;
}

const status = async (id: string) =>
  (await sys.call('GET', `${base}/consents/uploads/${id}`, { token: hs })).body;
const history = async (recipient: string, type: string, recipientType = 'BIREYSEL') =>
  (
    await sys.call('POST', `${base}/consents/history`, {
      token: hs,
      body: { recipient, recipientType, type },
    })
  ).body;

let mixedId = '';
let mixedStatus: any;

describe('a mixed CSV file', () => {
  it('comes out counted to the row, by code, with an exact report', async () => {
    mixedId = await upload(mixed);
    mixedStatus = await status(mixedId);
    expect(mixedStatus).toMatchObject({
      uploadId: mixedId,
      status: 'COMPLETED',
      format: 'csv',
      rows: { seen: 35, done: 35, success: 8, failure: 27 },
    });
    expect(mixedStatus.errorsByCode).toEqual({
      H110: 1,
      H111: 1,
      H112: 1,
      H113: 1,
      H114: 1,
      H115: 1,
      H116: 1,
      H117: 1,
      H119: 1,
      H120: 1,
      H121: 2,
      H155: 1,
      H156: 1,
      H157: 1,
      H158: 1,
      H160: 1,
      H162: 1,
      H174: 1,
      H175: 1,
      H178: 1,
      H408: 1,
      H462: 1,
      H463: 1,
      H464: 1,
      H467: 1,
      X008: 1,
      X066: 1,
    });
    const report = await (await fetch(mixedStatus.reportUrl)).text();
    const lines = report.trimEnd().split('\n');
    expect(lines[0]).toBe('line,code,field,message,recipient');
    const rows = lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','));
    expect(rows).toEqual([
      '4,H114,recipient',
      '5,H111,type',
      '6,H110,status',
      '7,H112,consentDate',
      '8,H113,source',
      '9,H115,status',
      '10,H116,recipientType',
      '11,H117,type',
      '12,H119,source',
      '13,H120,recipient',
      '14,H121,recipient',
      '15,H155,consentDate',
      '16,H156,consentDate',
      '17,H157,consentDate',
      '18,H158,consentDate',
      '19,H160,recipient',
      '19,H121,recipient',
      '20,H162,consentDate',
      '21,H408,status',
      '22,H464,recipient',
      '23,H467,consentDate',
      '24,H175,status',
      '25,X008,retailerCode',
      '26,X066,',
      '31,H174,status',
      '32,H178,consentDate',
      '34,H462,consentDate',
      '35,H463,source',
    ]);
    // The provider's own data is in its own report.
    expect(lines.find((l) => l.startsWith('14,'))).toMatch(/,905321000013$/);
  });

  it('applied one consent’s rows in file order', async () => {
    const h = await history('+905321000030', 'ARAMA');
    expect(h.pagination.totalCount).toBe(2);
    expect(h.list.map((m: { status: string }) => m.status)).toEqual(['RET', 'ONAY']); // newest first
  });

  it('a replay of every event and every chunk changes nothing', async () => {
    const u = (await getUpload(mixedId))!;
    // The S3 event again (key quote_plus-encoded as moto sends it) and S3's test event.
    const key = u.key.replace(/\//g, '%2F');
    const s3Event = {
      Records: [
        { eventName: 'ObjectCreated:Put', s3: { bucket: { name: env.uploadsBucket() }, object: { key } } },
      ],
    };
    const sqsRecord = (body: string, id: string, receives = 1) => ({
      messageId: id,
      receiptHandle: id,
      body,
      attributes: { ApproximateReceiveCount: String(receives) } as never,
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn',
      awsRegion: 'eu-central-1',
    });
    const r1 = await splitterHandler({
      Records: [
        sqsRecord(JSON.stringify(s3Event), 'a'),
        sqsRecord(JSON.stringify({ Event: 's3:TestEvent' }), 'b'),
      ],
    });
    expect(r1.batchItemFailures).toEqual([]);
    // Every chunk again, as a redelivery: the same split of the same file.
    const captured: ChunkMessage[] = [];
    const deps = awsSplitDeps(env.uploadsBucket(), u.key);
    await splitUpload(mixedId, {
      ...deps,
      uploads: {
        ...deps.uploads,
        get: async () => ({ ...u, status: 'WAITING', splitDone: undefined }),
        claimSplit: async () => true,
        setSeen: async () => true,
        finishSplit: async () => true,
      },
      send: async (m) => {
        captured.push(...m);
      },
      afterSplit: async () => undefined,
    });
    expect(captured.length).toBe(u.chunks);
    const r2 = await workerHandler({ Records: captured.map((m, i) => sqsRecord(m.body, `c${i}`, 2)) });
    expect(r2.batchItemFailures).toEqual([]);
    await sys.drain();
    const again = await status(mixedId);
    expect({ ...again, reportUrl: undefined, reportExpiresAt: undefined }).toEqual({
      ...mixedStatus,
      reportUrl: undefined,
      reportExpiresAt: undefined,
    });
    expect((await history('+905321000030', 'ARAMA')).pagination.totalCount).toBe(2);
    expect((await history('+905321000001', 'MESAJ')).pagination.totalCount).toBe(1);
    // The same object uploaded again to the same key: the upload has ended, nothing happens.
    expect((await getUpload(mixedId))!.status).toBe('COMPLETED');
  });
});

describe('a worker killed mid-chunk', () => {
  it('completes exactly after redelivery', async () => {
    const lines = [H];
    for (let i = 0; i < 10; i++) lines.push(`+90532110${String(1000 + i)},MESAJ,ONAY,${D},HS_WEB,,`);
    lines.push(`+905321101000,MESAJ,RET,2026-11-24 10:00:00,HS_WEB,,`); // same consent as line 2, later
    lines.push(`+905321101001,MESAJ,RET,2026-11-24 10:00:00,HS_WEB,,`);
    lines.push(`+905321102000,MESAJ,RET,${D},HS_WEB,,`); // H175
    const text = lines.join('\n');
    const bytes = Buffer.from(text);
    // The upload exists; the file is read from memory and the chunks are handed over by hand.
    const u = newUpload(
      { iysCode: 700001, brandCode: 700001 },
      { format: 'csv', sizeBytes: bytes.length },
      new Date(),
    );
    await createUpload(u);
    const captured: ChunkMessage[] = [];
    const deps = awsSplitDeps(env.uploadsBucket(), u.key);
    const split = await splitUpload(u.uploadId, {
      ...deps,
      open: async () => Readable.from([bytes]),
      size: async () => bytes.length,
      chunkRows: 100,
      maxPartitions: 1,
      send: async (m) => {
        captured.push(...m);
      },
    });
    expect(split).toEqual({ outcome: 'split', rows: 13, chunks: 1 });
    const chunk = parseChunk(captured[0]!.body);
    // The worker dies after 6 conditional writes: some rows are recorded, the chunk is not counted.
    let writes = 0;
    const aws = awsConsentPorts();
    const dying: ConsentPorts = {
      ...aws,
      putStates: async (batch) => {
        const allowed = batch.slice(0, Math.max(0, 6 - writes));
        writes += batch.length;
        const done = await aws.putStates(allowed);
        if (allowed.length < batch.length) throw new Error('killed');
        return done;
      },
    };
    await expect(applyChunk(chunk, { ...awsBulkDeps(), consents: consentWriter(dying) })).rejects.toThrow(
      'killed',
    );
    expect((await getUpload(u.uploadId))!.done ?? 0).toBe(0);
    // Redelivery.
    const r = await applyChunk(chunk, awsBulkDeps());
    expect(r).toEqual({ counted: true, rows: 13, success: 12, failure: 1 });
    await maybeFinalize(u.uploadId, awsBulkDeps());
    await sys.drain();
    const s = await status(u.uploadId);
    expect(s).toMatchObject({
      status: 'COMPLETED',
      rows: { seen: 13, done: 13, success: 12, failure: 1 },
      errorsByCode: { H175: 1 },
    });
    expect((await history('+905321101000', 'MESAJ')).list.map((m: { status: string }) => m.status)).toEqual([
      'RET',
      'ONAY',
    ]);
    expect((await history('+905321101005', 'MESAJ')).pagination.totalCount).toBe(1);
    // Once more: nothing changes.
    expect(await applyChunk(chunk, awsBulkDeps())).toMatchObject({ counted: false });
    expect((await status(u.uploadId)).rows).toEqual(s.rows);
  });
});

describe('JSON Lines', () => {
  it('reads one consent object a line; a broken line is a row error', async () => {
    const text = [
      JSON.stringify({
        recipient: '+905321200001',
        type: 'MESAJ',
        status: 'ONAY',
        consentDate: D,
        source: 'HS_WEB',
      }),
      '',
      '{"recipient": "+905321200002", "type": "MESAJ"',
      JSON.stringify({
        recipient: 'veli@example.com',
        type: 'EPOSTA',
        status: 'ONAY',
        consentDate: D,
        source: 'HS_WEB',
        x: 1,
      }),
    ].join('\n');
    const id = await upload(text, 'jsonl');
    const s = await status(id);
    expect(s).toMatchObject({ status: 'COMPLETED', rows: { seen: 3, done: 3, success: 1, failure: 2 } });
    expect(s.errorsByCode).toEqual({ H118: 1, X067: 1 });
  });
});

describe('file-level failures', () => {
  it.each([
    ['a binary file', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe]), 'csv', 'X063'],
    ['a wrong header', 'alici,tur,durum\n+905321300001,MESAJ,ONAY\n', 'csv', 'X064'],
    ['a header only', `${H}\n`, 'csv', 'X062'],
    ['CSV sent as JSON Lines', `${H}\n+905321300001,MESAJ,ONAY,${D},HS_WEB,,\n`, 'jsonl', 'X069'],
  ] as const)('%s ends FAILED with its reason', async (_name, body, format, code) => {
    const id = await upload(body, format);
    const s = await status(id);
    expect(s.status).toBe('FAILED');
    expect(s.reasonCode).toBe(code);
    expect(s.reason.length).toBeGreaterThan(10);
    expect(s.rows.done).toBe(0);
  });

  it('a file larger than declared ends FAILED (X065): S3 signs the length, the splitter checks it again', async () => {
    const c = await sys.call('POST', `${base}/consents/uploads`, {
      token: hs,
      body: { format: 'csv', sizeBytes: 10 },
    });
    const body = Buffer.from(`${H}\n+905321300001,MESAJ,ONAY,${D},HS_WEB,,\n`);
    // moto does not check the signature; write the object as a client ignoring the signed length would.
    await fetch(c.body.url, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body });
    await sys.drain();
    const s = await status(c.body.uploadId);
    expect(s).toMatchObject({ status: 'FAILED', reasonCode: 'X065' });
  });

  it('refuses a size over 5 GB and an unknown upload', async () => {
    const r = await sys.call('POST', `${base}/consents/uploads`, {
      token: hs,
      body: { format: 'csv', sizeBytes: 5 * 1024 ** 3 + 1 },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].code).toBe('X061');
    const g = await sys.call('GET', `${base}/consents/uploads/00000000-0000-4000-8000-000000000000`, {
      token: hs,
    });
    expect(g.status).toBe(404);
    expect(g.body.errors[0].code).toBe('X060');
    // Another provider's token sees nothing of it.
    const other = (await sys.login('baska-api', 'change-me-5')).access_token;
    const o = await sys.call('GET', `${base}/consents/uploads/${mixedId}`, { token: other });
    expect(o.status).toBe(403);
  });

  it("lists the brand's latest uploads, newest first, with their state; the limit is checked", async () => {
    const l = await sys.call('GET', `${base}/consents/uploads?limit=50`, { token: hs });
    expect(l.status).toBe(200);
    const ids = l.body.list.map((u: { uploadId: string }) => u.uploadId);
    expect(ids).toContain(mixedId);
    const created = l.body.list.map((u: { createdAt: string }) => u.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    // The same view as the upload's own status, but for the report's short-lived link.
    const { reportUrl: _u, reportExpiresAt: _e, ...view } = await status(mixedId);
    expect(l.body.list.find((u: { uploadId: string }) => u.uploadId === mixedId)).toEqual(view);
    const one = await sys.call('GET', `${base}/consents/uploads?limit=1`, { token: hs });
    expect(one.body.list).toHaveLength(1);
    expect(one.body.list[0].uploadId).toBe(ids[0]);
    const bad = await sys.call('GET', `${base}/consents/uploads?limit=500`, { token: hs });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].code).toBe('X008');
    // Another provider's token sees nothing of this brand's list.
    const other = (await sys.login('baska-api', 'change-me-5')).access_token;
    expect((await sys.call('GET', `${base}/consents/uploads`, { token: other })).status).toBe(403);
  });

  it('a poison chunk goes to the DLQ after its retries and the upload says so (X068)', async () => {
    const u = newUpload(
      { iysCode: 700001, brandCode: 700001 },
      { format: 'csv', sizeBytes: 1000 },
      new Date(),
    );
    await createUpload(u);
    const deps = awsSplitDeps(env.uploadsBucket(), u.key);
    const text = Buffer.from(`${H}\n+905321400001,MESAJ,ONAY,${D},HS_WEB,,\n`);
    await splitUpload(u.uploadId, {
      ...deps,
      open: async () => Readable.from([text]),
      size: async () => text.length,
      maxPartitions: 1,
      // A chunk no worker can read: its rows are not a list.
      send: (m) =>
        sendMessages(
          env.chunksQueue(),
          m.map((x) => ({ ...x, body: x.body.replace(/"rows":\[.*\]\}$/, '"rows":{"broken":true}}') })),
        ),
    });
    await sys.drain();
    const s = await status(u.uploadId);
    expect(s).toMatchObject({ status: 'FAILED', reasonCode: 'X068' });
    const dlq = (await sqs().send(new GetQueueUrlCommand({ QueueName: dlqName('local', 'BulkChunks') })))
      .QueueUrl!;
    const inDlq = await sqs().send(
      new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    expect(inDlq.Messages?.some((m) => m.Body?.includes(u.uploadId))).toBe(true);
  }, 60_000);
});
