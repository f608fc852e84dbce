/**
 * Consent benchmarks (issue 3), printed as counts and ratios:
 *  1. AWS requests per 1,000 single adds, by service and operation, against moto (warm: after 200 adds);
 *     KMS ≤ 2 per 1,000; DynamoDB write units per new consent (request path + stream path, all tables)
 *     ≤ 2.5, and per update (the same 1,000 rejected) ≤ 1.5.
 *  2. batchConsentStatus of 1,000 addresses: DynamoDB requests (≤ 10).
 *  3. CPU cost of the add use case with in-process adapters (SDK clients answered in memory): consents/s/core.
 */
import { pathToFileURL } from 'node:url';
import { startSystem } from '../bin/local/system.js';
import { clock, setClock } from '../functions/adapters/clock.js';
import { formatTurkeyTime } from '../functions/domain/consent/dates.js';
import { awsConsents } from '../functions/wiring/consents.js';
import { startCounting } from './aws-counter.js';

process.env.IYS_LOG_LEVEL ??= 'SILENT';
process.env.IYS_SCRYPT_N ??= '1024';

const target = { iysCode: 700001, brandCode: 700001 };
const phone = (i: number) => `+90532${String(1_000_000 + i).slice(-7)}`;
const body = (i: number, consentDate: string) => ({
  recipient: phone(i),
  type: 'MESAJ',
  source: 'HS_WEB',
  status: 'ONAY',
  consentDate,
  recipientType: 'BIREYSEL',
});

function per1000(requests: Record<string, number>, n: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(requests).map(([k, v]) => [k, Math.round((v * 1000 * 100) / n) / 100]),
  );
}

async function againstMoto() {
  const counter = startCounting();
  const sys = await startSystem({ port: 0, now: '2026-11-25T10:00:00+03:00', stage: 'bench' });
  try {
    const consentDate = formatTurkeyTime(clock.now().getTime() - 3600_000);
    const warm = 200;
    for (let i = 0; i < warm; i++)
      await awsConsents().recordConsent(target, body(i, consentDate), {
        actor: 'HS',
        now: clock.now(),
        repeat: { kind: 'v2' },
      });
    await sys.drain();
    counter.reset();
    const n = 1000;
    for (let i = warm; i < warm + n; i++)
      await awsConsents().recordConsent(target, body(i, consentDate), {
        actor: 'HS',
        now: clock.now(),
        repeat: { kind: 'v2' },
      });
    const requestPath = { ...counter.counts.requests };
    const requestWriteUnits = counter.counts.writeUnits;
    await sys.drain();
    const all = { ...counter.counts.requests };
    const kmsOf = (r: Record<string, number>) =>
      Object.entries(r)
        .filter(([k]) => k.startsWith('KMS.'))
        .reduce((s, [, v]) => s + v, 0);
    // The add path's own (data keys) apart from the background's (the sealer signs a checkpoint each minute).
    const kms = kmsOf(requestPath);
    const kmsWithBackground = kmsOf(all);
    const writeUnitsPerConsent = counter.counts.writeUnits / n;
    // By table: the consent data itself (Consents) and what other features add per movement (Evidence log,
    // Registry statistics and counters).
    const byTable = Object.fromEntries(
      Object.entries(counter.counts.writeUnitsByTable).map(([t, u]) => [
        t.replace(/^iys-bench-/, ''),
        Math.round((u / n) * 1000) / 1000,
      ]),
    );

    // Updates: the same 1,000 consents rejected, one by one (state rewritten, no new recipient index).
    counter.reset();
    for (let i = warm; i < warm + n; i++)
      await awsConsents().recordConsent(
        target,
        { ...body(i, consentDate), status: 'RET' },
        { actor: 'HS', now: clock.now(), repeat: { kind: 'v2' } },
      );
    await sys.drain();
    const updateWriteUnits = counter.counts.writeUnits / n;
    const updateByTable = Object.fromEntries(
      Object.entries(counter.counts.writeUnitsByTable).map(([t, u]) => [
        t.replace(/^iys-bench-/, ''),
        Math.round((u / n) * 1000) / 1000,
      ]),
    );

    counter.reset();
    const addresses = Array.from({ length: 1000 }, (_, i) => phone(i));
    const approved = await awsConsents().approvedRecipients(target, 'BIREYSEL', 'MESAJ', addresses);
    const statusRequests = Object.entries(counter.counts.requests)
      .filter(([k]) => k.startsWith('DynamoDB.'))
      .reduce((s, [, v]) => s + v, 0);
    return {
      singleAdds: {
        consents: n,
        requestsPer1000_requestPath: per1000(requestPath, n),
        requestsPer1000_includingStream: per1000(all, n),
        kmsRequestsPer1000: kms,
        kmsBudgetPer1000: 2,
        kmsRequestsPer1000_withSealerAndTokens: kmsWithBackground,
        dynamoWriteUnitsPerNewConsent_requestPath: Math.round((requestWriteUnits / n) * 1000) / 1000,
        dynamoWriteUnitsPerNewConsent_total: Math.round(writeUnitsPerConsent * 1000) / 1000,
        dynamoWriteUnitsPerNewConsent_byTable: byTable,
        dynamoWriteUnitsBudget: 2.5,
        dynamoWriteUnitsPerUpdate_total: Math.round(updateWriteUnits * 1000) / 1000,
        dynamoWriteUnitsPerUpdate_byTable: updateByTable,
        dynamoWriteUnitsPerUpdateBudget: 1.5,
      },
      batchConsentStatus: {
        addresses: 1000,
        approved: approved.length,
        dynamoRequests: statusRequests,
        budget: 10,
      },
    };
  } finally {
    await sys.stop();
  }
}

async function inProcess() {
  // The same use case with the SDK answered in memory: our CPU only (validation, HMAC, AES-GCM, marshalling).
  const { mockClient } = await import('aws-sdk-client-mock');
  const { DynamoDBDocumentClient, GetCommand, PutCommand, BatchGetCommand, UpdateCommand } = await import(
    '@aws-sdk/lib-dynamodb'
  );
  const { KMSClient, GenerateDataKeyCommand, DecryptCommand } = await import('@aws-sdk/client-kms');
  const { randomBytes } = await import('node:crypto');
  (await import('../functions/adapters/container.js')).newContainer();
  process.env.IYS_TABLE_CONSENTS = 'mem-consents';
  process.env.IYS_TABLE_REGISTRY = 'mem-registry';
  process.env.IYS_KEY_REGISTRY = 'alias/mem';
  const mem = new Map<string, Record<string, unknown>>();
  const dataKey = randomBytes(32);
  const doc = mockClient(DynamoDBDocumentClient);
  const kms = mockClient(KMSClient);
  const provider = {
    iysCode: 700001,
    title: 't',
    dataKeyId: 'k',
    signingKeyId: 's',
    blindIndexKey: new Uint8Array(8),
    createdAt: '',
  };
  doc.on(GetCommand).callsFake(async (input: { Key: { pk: string; sk: string } }) => {
    if (input.Key.pk === 'SP#700001') return { Item: { ...provider, pk: 'SP#700001', sk: '#PROFILE' } };
    if (input.Key.pk === 'CONFIG#recipient-index') return { Item: { wrapped: new Uint8Array(8) } };
    return { Item: mem.get(`${input.Key.pk}|${input.Key.sk}`) };
  });
  doc.on(PutCommand).callsFake(async (input: { Item: Record<string, unknown> }) => {
    mem.set(`${input.Item.pk}|${input.Item.sk}`, input.Item);
    return {};
  });
  doc
    .on(BatchGetCommand)
    .callsFake(async (input: { RequestItems: Record<string, { Keys: { pk: string; sk: string }[] }> }) => ({
      Responses: Object.fromEntries(
        Object.entries(input.RequestItems).map(([t, r]) => [
          t,
          r.Keys.map((k) => mem.get(`${k.pk}|${k.sk}`)).filter((i): i is Record<string, unknown> =>
            Boolean(i),
          ),
        ]),
      ),
    }));
  doc.on(UpdateCommand).resolves({});
  kms
    .on(GenerateDataKeyCommand)
    .callsFake(async () => ({ Plaintext: dataKey, CiphertextBlob: randomBytes(184) }));
  kms.on(DecryptCommand).resolves({ Plaintext: randomBytes(32) });
  setClock('2026-11-25T10:00:00+03:00');
  const consentDate = formatTurkeyTime(clock.now().getTime() - 3600_000);
  for (let i = 0; i < 2000; i++)
    await awsConsents().recordConsent(target, body(i, consentDate), {
      actor: 'HS',
      now: clock.now(),
      repeat: { kind: 'v2' },
    });
  const n = 20_000;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 2000; i < 2000 + n; i++)
    await awsConsents().recordConsent(target, body(i, consentDate), {
      actor: 'HS',
      now: clock.now(),
      repeat: { kind: 'v2' },
    });
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - t0) / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  doc.restore();
  kms.restore();
  return {
    consents: n,
    cpuSeconds: Math.round(cpuSeconds * 1000) / 1000,
    consentsPerSecondPerCore: Math.round(n / cpuSeconds),
    wallSeconds: Math.round(wall * 1000) / 1000,
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const moto = await againstMoto();
  const cpu = await inProcess();
  return { ...moto, addUseCaseInProcess: cpu };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  process.stdout.write(`${JSON.stringify({ consents: r }, null, 2)}\n`);
  process.exit(0);
}
