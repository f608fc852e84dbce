import { createHash, type Hash } from 'node:crypto';
import type * as store from '../adapters/consent-store.js';
import type * as ev from '../adapters/evidence-store.js';
import type { ProviderItem } from '../adapters/registry-store.js';
import { IysError } from '../domain/errors.js';
import { signDetachedDigest } from '../domain/evidence/cms.js';
import {
  type Artefact,
  compactDate,
  csvRow,
  DAILY_FILES,
  DAILY_HEADER,
  type DailyFile,
  daysBack,
  filesOf,
  parseReportDate,
  turkeyDate,
  turkeyDayBounds,
} from '../domain/evidence/daily.js';
import { type FeedGroup, hourBucket, type Movement } from '../domain/movement.js';
import type { ConsentReadPorts, ConsentUseCases } from './consents.js';
import type { ConsentLayout } from './consents-batch.js';
import type { EvidencePki } from './evidence-log.js';

/**
 * The end-of-day files (iys-reference §7.11): for every brand with movements on a Turkey day, the day's
 * movement CSV and the approvals / rejections lists, each with its SHA-384, an RFC 3161 token (.tsr, over
 * the SHA-384) and a detached CMS signature (.p7s, provider key). Movements are read hour by hour from the
 * change feed, merged across groups and shards in (creationDate, transactionId) order, and streamed to S3
 * in parts: memory holds one page per feed partition, never the day. The same movements give the same
 * bytes, so a rebuild reproduces the CSVs exactly (the manifest keeps the earlier tokens and signatures when
 * nothing changed). The job builds them (`dayBuilder`); the reconciliation operations answer from them
 * (`reconciliation`), without the PKI or decryption.
 */
const PAGE = 500;
const GROUPS: FeedGroup[] = ['HS', 'IYS'];

export type { Artefact };

export const dailyKey = (iysCode: number, brandCode: number, date: string, file: DailyFile, ext: string) =>
  `daily/${iysCode}/${brandCode}/${date}/${file}.${ext}`;

/** Files above this size are handed out as a presigned link (API Gateway answers at most 10 MB). */
export const INLINE_LIMIT = 5 * 1024 * 1024;

export interface FileSink {
  write(chunk: string): Promise<void>;
  close(): Promise<void>;
  abort?(): Promise<void>;
}

export interface WrittenFile {
  rows: number;
  bytes: number;
  sha256: Uint8Array;
  sha384: Uint8Array;
}

type Summary = ev.DailyManifest['summary'];

export interface BrandDayResult {
  iysCode: number;
  brandCode: number;
  date: string;
  rows: number;
  sha384: string;
  signed: boolean;
}

/** The evidence objects of the Reports bucket (functions/adapters/objects-evidence.ts). */
export interface DailyObjects {
  /** A file written as it is produced (in parts for a big one). */
  writer(key: string, contentType: string): FileSink;
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  /** A short-lived download link (a file too big to answer inline). */
  presignedUrl(key: string): Promise<string>;
}

/**
 * What the daily files reach: the change feed and its movements (the consent use cases decrypt them), the
 * day manifests and day markers, the evidence objects, the directory, the PKI and the clock. The builder
 * and the reconciliation answers each take only the ports they use.
 */
export interface DailyPorts {
  readMovement: ConsentUseCases['readMovement'];
  activeHours: ConsentReadPorts['activeHours'];
  feedPartition: ConsentReadPorts['feedPartition'];
  /** The feed's partition keys and shard count (functions/adapters/consent-store.ts). */
  layout: Pick<ConsentLayout, 'feedPartitionKey' | 'feedShards'>;
  /** Day manifests (Evidence table) and the brands with movements on a day (day markers). */
  manifests: Pick<typeof ev, 'getDaily' | 'putDaily' | 'setAgreement' | 'dayBrands'>;
  objects: DailyObjects;
  /** Cached look-up (the directory). */
  provider(iysCode: number): Promise<ProviderItem | undefined>;
  pki: Pick<EvidencePki, 'providerSigner' | 'providerCertificate' | 'rootCertificate' | 'timeStampAuthority'>;
  now(): Date;
  /** One brand's day was built (signed, or found unchanged): what the operator sees of a run. */
  dayBuilt(r: BrandDayResult): void;
}

/** k-way merge of sorted streams by sort key (`{seconds}#{transactionId}`). */
async function* merge(streams: AsyncGenerator<store.MovementItem>[]): AsyncGenerator<store.MovementItem> {
  const heads = await Promise.all(streams.map((s) => s.next()));
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i]!;
      if (h.done) continue;
      if (best < 0 || h.value.sk < (heads[best]!.value as store.MovementItem).sk) best = i;
    }
    if (best < 0) return;
    yield heads[best]!.value as store.MovementItem;
    heads[best] = await streams[best]!.next();
  }
}

/** The count cell of (recipientType, type, group), created empty on first use. */
function counter(summary: Summary, recipientType: string, type: string, group: string) {
  const byType = summary[recipientType] ?? {};
  summary[recipientType] = byType;
  const byGroup = byType[type] ?? {};
  byType[type] = byGroup;
  const cell = byGroup[group] ?? { approval: 0, rejection: 0, total: 0 };
  byGroup[group] = cell;
  return cell;
}

/**
 * Writes the three files from movements in file order, hashing as it goes. Exported for the benchmark and
 * for tests: the same function the job runs, with any sink.
 */
export async function writeDailyFiles(
  movements: AsyncIterable<Movement>,
  open: (file: DailyFile) => FileSink,
): Promise<{ files: Record<DailyFile, WrittenFile>; summary: Summary }> {
  const out = {} as Record<
    DailyFile,
    { sink: FileSink; h256: Hash; h384: Hash; rows: number; bytes: number; buf: string[] }
  >;
  for (const f of DAILY_FILES) {
    out[f] = {
      sink: open(f),
      h256: createHash('sha256'),
      h384: createHash('sha384'),
      rows: 0,
      bytes: 0,
      buf: [],
    };
  }
  const emit = async (f: DailyFile, text: string, force = false) => {
    const o = out[f];
    if (text) o.buf.push(text);
    if (!force && o.buf.length < 1000) return;
    const chunk = o.buf.join('');
    o.buf = [];
    if (!chunk) return;
    o.h256.update(chunk, 'utf8');
    o.h384.update(chunk, 'utf8');
    o.bytes += Buffer.byteLength(chunk, 'utf8');
    await o.sink.write(chunk);
  };
  const summary: Summary = {};
  try {
    for (const f of DAILY_FILES) await emit(f, DAILY_HEADER);
    for await (const m of movements) {
      const row = csvRow(m);
      for (const f of filesOf(m)) {
        out[f].rows++;
        await emit(f, row);
      }
      const group = m.source?.startsWith('IYS_') ? 'IYS' : 'HS';
      const c = counter(summary, m.recipientType, m.type, group);
      c.total++;
      if (m.status === 'ONAY') c.approval++;
      else c.rejection++;
    }
    for (const f of DAILY_FILES) {
      await emit(f, '', true);
      await out[f].sink.close();
    }
  } catch (e) {
    for (const f of DAILY_FILES) await out[f].sink.abort?.();
    throw e;
  }
  const files = {} as Record<DailyFile, WrittenFile>;
  for (const f of DAILY_FILES) {
    const o = out[f];
    files[f] = { rows: o.rows, bytes: o.bytes, sha256: o.h256.digest(), sha384: o.h384.digest() };
  }
  return { files, summary };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/**
 * The scheduled run builds a day only once every movement of it is written: the change feed's watermark
 * (functions/app/watermark.ts) has passed the day's last second. Waits for it up to `timeoutMs`, then
 * throws, so that the schedule's retry runs the job again rather than sign a day that is still arriving.
 */
export async function untilDayWritten(
  date: string,
  deps: {
    watermark(): Promise<number>;
    sleep(ms: number): Promise<void>;
    timeoutMs: number;
    everyMs?: number;
  },
): Promise<number> {
  const last = turkeyDayBounds(date).end - 1;
  const every = deps.everyMs ?? 5000;
  for (let waited = 0; ; waited += every) {
    const w = await deps.watermark();
    if (w >= last) return w;
    if (waited >= deps.timeoutMs)
      throw new Error(`movements of ${date} are still being written (watermark ${w}, day ends ${last + 1})`);
    await deps.sleep(every);
  }
}

type FeedPorts = Pick<DailyPorts, 'activeHours' | 'feedPartition' | 'layout'>;
export type DayBuilderPorts = FeedPorts &
  Pick<DailyPorts, 'readMovement' | 'manifests' | 'objects' | 'provider' | 'pki' | 'now' | 'dayBuilt'>;
export type ReconciliationPorts = FeedPorts & Pick<DailyPorts, 'manifests' | 'objects' | 'now'>;

/** One feed partition's movements in (after, upTo], page by page. */
async function* partition(ports: FeedPorts, pk: string): AsyncGenerator<store.MovementItem> {
  let after = '0';
  for (;;) {
    const page = await ports.feedPartition(pk, after, '9999999999#g', PAGE);
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.sk;
  }
}

/** The daily job: builds, signs and time-stamps the day's files of every brand with movements. */
export function dayBuilder(ports: DayBuilderPorts) {
  const { layout, manifests, objects, pki } = ports;

  /** A brand's movements of a Turkey day, in the file's order, decrypted. */
  async function* dayMovements(iysCode: number, brandCode: number, date: string): AsyncGenerator<Movement> {
    const { start, end } = turkeyDayBounds(date);
    const from = hourBucket(start);
    const to = hourBucket(end - 1);
    const byGroup = await Promise.all(GROUPS.map((g) => ports.activeHours(iysCode, brandCode, g, from, to)));
    const hours = [...new Set(byGroup.flat())].sort();
    for (const hour of hours) {
      const streams: AsyncGenerator<store.MovementItem>[] = [];
      GROUPS.forEach((g, gi) => {
        if (!byGroup[gi]!.includes(hour)) return;
        for (let shard = 0; shard < layout.feedShards(); shard++)
          streams.push(partition(ports, layout.feedPartitionKey(iysCode, brandCode, g, hour, shard)));
      });
      for await (const item of merge(streams)) {
        if (item.cr < start || item.cr >= end) continue;
        yield await ports.readMovement(item);
      }
    }
  }

  /** Builds (or rebuilds) one brand's files of one day. `force` re-signs even when the bytes are unchanged. */
  async function buildBrandDay(
    iysCode: number,
    brandCode: number,
    date: string,
    opts: { force?: boolean } = {},
  ): Promise<BrandDayResult> {
    const provider = await ports.provider(iysCode);
    if (!provider) throw new Error(`provider ${iysCode} not found`);
    const { files, summary } = await writeDailyFiles(dayMovements(iysCode, brandCode, date), (f) =>
      objects.writer(dailyKey(iysCode, brandCode, date, f, 'csv'), 'text/csv; charset=utf-8'),
    );
    const before = await manifests.getDaily(iysCode, brandCode, date);
    const unchanged =
      before !== undefined && DAILY_FILES.every((f) => before.files[f]?.sha384 === hex(files[f].sha384));
    if (unchanged && !opts.force) {
      return {
        iysCode,
        brandCode,
        date,
        rows: files.changes.rows,
        sha384: hex(files.changes.sha384),
        signed: false,
      };
    }
    const now = ports.now();
    const [certificate, root, tsa] = await Promise.all([
      pki.providerCertificate(provider),
      pki.rootCertificate(),
      pki.timeStampAuthority(),
    ]);
    const entries = {} as ev.DailyManifest['files'];
    for (const f of DAILY_FILES) {
      const w = files[f];
      const [stamp, sig] = await Promise.all([
        tsa.timestampDigest(w.sha384, 'SHA-384'),
        signDetachedDigest(w.sha256, {
          signer: pki.providerSigner(provider),
          certificate,
          chain: [root],
          signingTime: now,
        }),
      ]);
      const tsrKey = dailyKey(iysCode, brandCode, date, f, 'tsr');
      const p7sKey = dailyKey(iysCode, brandCode, date, f, 'p7s');
      await objects.put(tsrKey, stamp.response, 'application/timestamp-reply');
      await objects.put(p7sKey, sig, 'application/pkcs7-signature');
      entries[f] = {
        key: dailyKey(iysCode, brandCode, date, f, 'csv'),
        bytes: w.bytes,
        rows: w.rows,
        sha256: hex(w.sha256),
        sha384: hex(w.sha384),
        tsrKey,
        p7sKey,
      };
    }
    await manifests.putDaily({
      iysCode,
      brandCode,
      date,
      builtAt: now.toISOString(),
      files: entries,
      summary,
    });
    return {
      iysCode,
      brandCode,
      date,
      rows: files.changes.rows,
      sha384: entries.changes.sha384,
      signed: true,
    };
  }

  /** The daily job: every brand with movements on `date` (default: yesterday, Turkey time). */
  async function buildDay(date?: string, opts: { force?: boolean } = {}): Promise<BrandDayResult[]> {
    const day = date ?? turkeyDate(new Date(ports.now().getTime() - 86_400_000));
    if (!parseReportDate(day)) throw new RangeError(`not a date: ${day}`);
    const out: BrandDayResult[] = [];
    for (const b of await manifests.dayBrands(compactDate(day))) {
      const r = await buildBrandDay(b.iysCode, b.brandCode, day, opts);
      ports.dayBuilt(r);
      out.push(r);
    }
    return out;
  }

  return { dayMovements, buildBrandDay, buildDay };
}

export type DayBuilder = ReturnType<typeof dayBuilder>;

/**
 * The reconciliation operations (iys-reference §7.11): a day's hash and agreement, its files and lists, and
 * its change summary, answered from the manifest the job wrote (or, for the summary, counted live).
 */
export function reconciliation(ports: ReconciliationPorts) {
  const { layout, manifests, objects } = ports;

  /** reportDate of the reconciliation operations: H501 when not a date, H502 when more than 7 days back. */
  function checkReportDate(reportDate: string | undefined): string {
    const value = reportDate ?? '';
    if (!parseReportDate(value)) throw IysError.of('H501', { location: ['reportDate'], value });
    if (daysBack(value, ports.now()) > 7) throw IysError.of('H502', { location: ['reportDate'], value });
    return value;
  }

  function manifest(iysCode: number, brandCode: number, date: string) {
    return manifests.getDaily(iysCode, brandCode, date);
  }

  /** agreementDatePut: records the provider's agreement with a day's file; false when the day has none. */
  function recordAgreement(iysCode: number, brandCode: number, date: string): Promise<boolean> {
    return manifests.setAgreement(iysCode, brandCode, date);
  }

  /** What a download operation answers: the bytes, a link for a big file, or nothing (204). */
  async function download(
    iysCode: number,
    brandCode: number,
    date: string,
    file: DailyFile,
    kind: Artefact,
  ): Promise<{ bytes: Uint8Array } | { url: string } | undefined> {
    const m = await manifests.getDaily(iysCode, brandCode, date);
    const e = m?.files[file];
    if (!e) return undefined;
    const key = kind === 'csv' ? e.key : kind === 'tsr' ? e.tsrKey : e.p7sKey;
    if (kind === 'csv' && e.bytes > INLINE_LIMIT) return { url: await objects.presignedUrl(key) };
    const bytes = await objects.get(key);
    return bytes ? { bytes } : undefined;
  }

  /** changeSummary: counts from the manifest, or counted live (no decryption) for a day not built yet. */
  async function changeSummary(iysCode: number, brandCode: number, date: string, recipientType: string) {
    let summary = (await manifests.getDaily(iysCode, brandCode, date))?.summary;
    if (!summary) summary = await liveSummary(iysCode, brandCode, date);
    const byType = summary[recipientType] ?? {};
    return {
      changeStats: (['ARAMA', 'MESAJ', 'EPOSTA'] as const)
        .filter((t) => byType[t])
        .map((type) => ({
          type,
          consents: (['HS', 'IYS'] as const)
            .filter((g) => byType[type]![g])
            .map((source) => {
              const c = byType[type]![source]!;
              return { source, approval: c.approval, rejection: c.rejection, pending: 0, total: c.total };
            }),
        })),
    };
  }

  async function liveSummary(iysCode: number, brandCode: number, date: string): Promise<Summary> {
    const { start, end } = turkeyDayBounds(date);
    const summary: Summary = {};
    for (const group of GROUPS) {
      const hours = await ports.activeHours(
        iysCode,
        brandCode,
        group,
        hourBucket(start),
        hourBucket(end - 1),
      );
      for (const hour of hours) {
        for (let shard = 0; shard < layout.feedShards(); shard++) {
          for await (const m of partition(
            ports,
            layout.feedPartitionKey(iysCode, brandCode, group, hour, shard),
          )) {
            if (m.cr < start || m.cr >= end) continue;
            const c = counter(summary, m.recipientType, m.type, group);
            c.total++;
            if (m.status === 'ONAY') c.approval++;
            else c.rejection++;
          }
        }
      }
    }
    return summary;
  }

  return { checkReportDate, manifest, recordAgreement, download, changeSummary };
}

export type Reconciliation = ReturnType<typeof reconciliation>;
