import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3 } from './aws.js';
import { env } from './env.js';

/**
 * S3 objects of bulk files: presigned uploads (PUT with the declared length signed, so S3 refuses any
 * other size), streaming reads, report parts and the final report (private; read through a short
 * presigned GET).
 */
export async function presignUpload(
  key: string,
  sizeBytes: number,
  contentType: string,
  expiresInSeconds: number,
): Promise<{ url: string; headers: Record<string, string> }> {
  const url = await getSignedUrl(
    s3(),
    new PutObjectCommand({
      Bucket: env.uploadsBucket(),
      Key: key,
      ContentLength: sizeBytes,
      ContentType: contentType,
    }),
    { expiresIn: expiresInSeconds, signableHeaders: new Set(['content-length', 'content-type']) },
  );
  return { url, headers: { 'content-length': String(sizeBytes), 'content-type': contentType } };
}

export async function objectSize(bucket: string, key: string): Promise<number | undefined> {
  try {
    const r = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return r.ContentLength ?? 0;
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'NotFound' || name === 'NoSuchKey') return undefined;
    throw e;
  }
}

/** The object as a stream: never read whole into memory. */
export async function readStream(bucket: string, key: string): Promise<Readable> {
  const r = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return r.Body as Readable;
}

export async function putReport(
  key: string,
  body: string | Buffer | Readable,
  length?: number,
): Promise<void> {
  await s3().send(
    new PutObjectCommand({
      Bucket: env.reportsBucket(),
      Key: key,
      Body: body,
      ContentType: 'text/csv; charset=utf-8',
      ...(length !== undefined ? { ContentLength: length } : {}),
    }),
  );
}

export async function readReport(key: string): Promise<string | undefined> {
  try {
    const r = await s3().send(new GetObjectCommand({ Bucket: env.reportsBucket(), Key: key }));
    return await r.Body!.transformToString('utf8');
  } catch (e) {
    if ((e as Error).name === 'NoSuchKey') return undefined;
    throw e;
  }
}

export function presignReport(key: string, expiresInSeconds: number, fileName: string): Promise<string> {
  return getSignedUrl(
    s3(),
    new GetObjectCommand({
      Bucket: env.reportsBucket(),
      Key: key,
      ResponseContentDisposition: `attachment; filename="${fileName}"`,
    }),
    { expiresIn: expiresInSeconds },
  );
}

const partPrefix = (uploadId: string) => `upload-reports/${uploadId}/parts/`;

/** Report parts (one per chunk with refused rows) and the final report, in the reports bucket. */
export const awsReportStore = {
  async putPart(uploadId: string, index: number, text: string): Promise<void> {
    await putReport(`${partPrefix(uploadId)}${String(index).padStart(7, '0')}.csv`, text);
  },
  async listParts(uploadId: string): Promise<{ index: number; size: number }[]> {
    const out: { index: number; size: number }[] = [];
    let token: string | undefined;
    do {
      const r = await s3().send(
        new ListObjectsV2Command({
          Bucket: env.reportsBucket(),
          Prefix: partPrefix(uploadId),
          ContinuationToken: token,
        }),
      );
      for (const o of r.Contents ?? []) {
        const m = /(\d+)\.csv$/.exec(o.Key ?? '');
        if (m) out.push({ index: Number(m[1]), size: o.Size ?? 0 });
      }
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return out;
  },
  async readPart(uploadId: string, index: number): Promise<string> {
    return (await readReport(`${partPrefix(uploadId)}${String(index).padStart(7, '0')}.csv`)) ?? '';
  },
  async putReport(uploadId: string, body: AsyncIterable<string> | string, size: number): Promise<string> {
    const key = `upload-reports/${uploadId}/report.csv`;
    const data = typeof body === 'string' ? body : Readable.from(body);
    await putReport(key, data, size);
    return key;
  },
};
