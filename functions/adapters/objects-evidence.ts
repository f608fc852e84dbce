import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { s3 } from './aws.js';
import { env } from './env.js';

/**
 * Evidence objects in the Reports bucket: daily files and lists (CSV), their time stamps (.tsr) and
 * signatures (.p7s). Big files are written as they are produced: parts of PART_BYTES go up with
 * UploadPart, so a day of a million movements never sits in memory; a file smaller than one part is a
 * single PutObject.
 */
const bucket = () => env.reportsBucket();
export const PART_BYTES = 8 * 1024 * 1024; // S3 parts must be ≥ 5 MiB except the last

export class ObjectWriter {
  private parts: Buffer[] = [];
  private buffered = 0;
  private uploadId?: string;
  private etags: { ETag: string; PartNumber: number }[] = [];
  bytes = 0;

  constructor(
    readonly key: string,
    private readonly contentType: string,
  ) {}

  async write(chunk: string | Buffer): Promise<void> {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.parts.push(b);
    this.buffered += b.length;
    this.bytes += b.length;
    if (this.buffered >= PART_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    const body = Buffer.concat(this.parts);
    this.parts = [];
    this.buffered = 0;
    if (!this.uploadId) {
      const r = await s3().send(
        new CreateMultipartUploadCommand({ Bucket: bucket(), Key: this.key, ContentType: this.contentType }),
      );
      this.uploadId = r.UploadId!;
    }
    const PartNumber = this.etags.length + 1;
    const r = await s3().send(
      new UploadPartCommand({
        Bucket: bucket(),
        Key: this.key,
        UploadId: this.uploadId,
        PartNumber,
        Body: body,
        ContentLength: body.length,
      }),
    );
    this.etags.push({ ETag: r.ETag!, PartNumber });
  }

  async close(): Promise<void> {
    if (!this.uploadId) {
      const body = Buffer.concat(this.parts);
      this.parts = [];
      await putObject(this.key, body, this.contentType);
      return;
    }
    if (this.buffered > 0) await this.flush();
    await s3().send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket(),
        Key: this.key,
        UploadId: this.uploadId,
        MultipartUpload: { Parts: this.etags },
      }),
    );
  }

  async abort(): Promise<void> {
    if (!this.uploadId) return;
    await s3()
      .send(new AbortMultipartUploadCommand({ Bucket: bucket(), Key: this.key, UploadId: this.uploadId }))
      .catch(() => undefined);
  }
}

export async function putObject(key: string, body: Uint8Array, contentType: string): Promise<void> {
  await s3().send(
    new PutObjectCommand({
      Bucket: bucket(),
      Key: key,
      Body: body,
      ContentType: contentType,
      ContentLength: body.length,
    }),
  );
}

export async function getObject(key: string): Promise<Uint8Array | undefined> {
  try {
    const r = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
    return await r.Body!.transformToByteArray();
  } catch (e) {
    const n = (e as Error).name;
    if (n === 'NoSuchKey' || n === 'NotFound') return undefined;
    throw e;
  }
}

/** A short-lived download link (files too big for an API Gateway response, ≥ 6 MB). */
export async function presignedGetUrl(key: string, seconds = 300): Promise<string> {
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
  return getSignedUrl(s3(), new GetObjectCommand({ Bucket: bucket(), Key: key }), { expiresIn: seconds });
}
